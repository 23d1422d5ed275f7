package fakelog_test

import (
	"errors"
	"fmt"
	"testing"

	"github.com/kafkarestmock/kafkarestmock/fakelog"
)

// tp returns a TopicPartition.
func tp(topic string, partition int32) fakelog.TopicPartition {
	return fakelog.TopicPartition{Topic: topic, Partition: partition}
}

// tps returns the given partitions of one topic.
func tps(topic string, partitions ...int32) []fakelog.TopicPartition {
	out := []fakelog.TopicPartition{}
	for _, p := range partitions {
		out = append(out, tp(topic, p))
	}
	return out
}

// oam returns an OffsetAndMetadata with empty metadata.
func oam(offset int64) fakelog.OffsetAndMetadata { return fakelog.OffsetAndMetadata{Offset: offset} }

// mustConsumer creates a consumer that is closed when the test ends.
func mustConsumer(t testing.TB, l *fakelog.Log, cfg fakelog.ConsumerConfig) *fakelog.Consumer {
	t.Helper()
	c, err := l.NewConsumer(cfg)
	if err != nil {
		t.Fatalf("NewConsumer(%+v): %v", cfg, err)
	}
	t.Cleanup(c.Close)
	return c
}

func mustPoll(t testing.TB, c *fakelog.Consumer) []fakelog.Record {
	t.Helper()
	recs, err := c.Poll()
	if err != nil {
		t.Fatalf("%s Poll: %v", c.MemberID(), err)
	}
	return recs
}

func mustPosition(t testing.TB, c *fakelog.Consumer, tp fakelog.TopicPartition) int64 {
	t.Helper()
	off, err := c.Position(tp)
	if err != nil {
		t.Fatalf("%s Position(%v): %v", c.MemberID(), tp, err)
	}
	return off
}

// wantPosition fails the test unless c's position on tp is want; when
// says at which step, or why.
func wantPosition(t testing.TB, c *fakelog.Consumer, tp fakelog.TopicPartition, want int64, when string) {
	t.Helper()
	if got := mustPosition(t, c, tp); got != want {
		t.Errorf("Position(%v) %s = %d, want %d", tp, when, got, want)
	}
}

// fill appends n records with values prefix-0 ... to one partition.
func fill(t testing.TB, l *fakelog.Log, topic string, partition int32, prefix string, n int) {
	t.Helper()
	recs := make([]fakelog.Record, n)
	for i := range recs {
		recs[i] = val(fmt.Sprintf("%s-%d", prefix, i))
	}
	mustAppend(t, l, topic, partition, recs...)
}

// newFilledLog returns a log (see newLog) with a topic "t" of two
// partitions holding ten records each: a-0 ... a-9 in partition 0, b-0
// ... b-9 in partition 1.
func newFilledLog(t testing.TB) (*fakelog.Log, *fakelog.ManualClock) {
	t.Helper()
	l, clk := newLogWithTopic(t, "t", 2)
	fill(t, l, "t", 0, "a", 10)
	fill(t, l, "t", 1, "b", 10)
	return l, clk
}

// produceRR produces n records with values prefix-0 ... spread
// round-robin over the topic's partitions and returns the values.
func produceRR(t testing.TB, l *fakelog.Log, topic, prefix string, n int) []string {
	t.Helper()
	recs := make([]fakelog.Record, n)
	vals := make([]string, n)
	for i := range recs {
		vals[i] = fmt.Sprintf("%s-%d", prefix, i)
		recs[i] = fakelog.Record{Partition: fakelog.AnyPartition, Value: []byte(vals[i])}
	}
	if _, err := l.Produce(topic, recs); err != nil {
		t.Fatalf("Produce(%q): %v", topic, err)
	}
	return vals
}

// checkKafkaErr fails the test unless err wraps is and, if msg is not
// empty, its text is exactly msg.
func checkKafkaErr(t testing.TB, what string, err, is error, msg string) {
	t.Helper()
	if !errors.Is(err, is) {
		t.Errorf("%s: error %v, want one wrapping %v", what, err, is)
		return
	}
	if msg != "" && err.Error() != msg {
		t.Errorf("%s: error text\n got %q\nwant %q", what, err.Error(), msg)
	}
	// Errors with Kafka's text have the type the REST layer looks for.
	var ok bool
	switch is {
	case fakelog.ErrIllegalState:
		var target *fakelog.IllegalStateError
		ok = errors.As(err, &target)
	case fakelog.ErrNoOffset:
		var target *fakelog.NoOffsetError
		ok = errors.As(err, &target)
	case fakelog.ErrInvalidArgument:
		var target *fakelog.InvalidArgumentError
		ok = msg == "" || errors.As(err, &target)
	case fakelog.ErrInvalidConfig:
		var target *fakelog.InvalidConfigError
		ok = msg == "" || errors.As(err, &target)
	case fakelog.ErrOffsetOutOfRange:
		var target *fakelog.OffsetOutOfRangeError
		ok = msg == "" || errors.As(err, &target)
	default:
		ok = true
	}
	if !ok {
		t.Errorf("%s: error %v (%T) is not of the error type for %v", what, err, err, is)
	}
}
