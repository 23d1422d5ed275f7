package fakelog_test

import (
	"errors"
	"strings"
	"testing"
	"time"

	"github.com/kafkarestmock/kafkarestmock/fakelog"
)

// epoch is the start time of every test's manual clock.
func epoch() time.Time { return time.Date(2024, 1, 2, 3, 4, 5, 0, time.UTC) }

// newLog returns a log on a manual clock starting at epoch(), closed when
// the test ends.
func newLog(t testing.TB, opts ...fakelog.Option) (*fakelog.Log, *fakelog.ManualClock) {
	t.Helper()
	clk := fakelog.NewManualClock(epoch())
	l := fakelog.New(append([]fakelog.Option{fakelog.WithClock(clk)}, opts...)...)
	t.Cleanup(func() { _ = l.Close() })
	return l, clk
}

// newLogWithTopic returns a log (see newLog) holding one empty topic.
func newLogWithTopic(t testing.TB, name string, partitions int32) (*fakelog.Log, *fakelog.ManualClock) {
	t.Helper()
	l, clk := newLog(t)
	mustCreate(t, l, name, partitions, nil)
	return l, clk
}

func mustCreate(t testing.TB, l *fakelog.Log, name string, partitions int32, configs map[string]string) {
	t.Helper()
	if err := l.CreateTopic(name, partitions, configs); err != nil {
		t.Fatalf("CreateTopic(%q, %d): %v", name, partitions, err)
	}
}

func mustAppend(t testing.TB, l *fakelog.Log, topic string, partition int32, recs ...fakelog.Record) []int64 {
	t.Helper()
	offs, err := l.Append(topic, partition, recs...)
	if err != nil {
		t.Fatalf("Append(%q, %d): %v", topic, partition, err)
	}
	return offs
}

func mustRead(t testing.TB, l *fakelog.Log, topic string, partition int32, offset int64, maxBytes int) []fakelog.Record {
	t.Helper()
	recs, err := l.Read(topic, partition, offset, maxBytes)
	if err != nil {
		t.Fatalf("Read(%q, %d, %d, %d): %v", topic, partition, offset, maxBytes, err)
	}
	return recs
}

func mustPartition(t testing.TB, l *fakelog.Log, topic string, partition int32) fakelog.PartitionInfo {
	t.Helper()
	pi, err := l.Partition(topic, partition)
	if err != nil {
		t.Fatalf("Partition(%q, %d): %v", topic, partition, err)
	}
	return pi
}

// val returns a record with the given value and a nil key.
func val(v string) fakelog.Record { return fakelog.Record{Value: []byte(v)} }

// sized returns a record whose value has n bytes.
func sized(n int) fakelog.Record { return fakelog.Record{Value: []byte(strings.Repeat("x", n))} }

func offsets(recs []fakelog.Record) []int64 {
	out := make([]int64, len(recs))
	for i, r := range recs {
		out[i] = r.Offset
	}
	return out
}

func values(recs []fakelog.Record) []string {
	out := make([]string, len(recs))
	for i, r := range recs {
		out[i] = string(r.Value)
	}
	return out
}

// isClosed reports whether ch is closed, without waiting.
func isClosed(ch <-chan struct{}) bool {
	select {
	case <-ch:
		return true
	default:
		return false
	}
}

// checkErr fails the test unless err wraps want (or both are nil).
func checkErr(t testing.TB, what string, err, want error) {
	t.Helper()
	if want == nil {
		if err != nil {
			t.Errorf("%s: unexpected error %v", what, err)
		}
		return
	}
	if !errors.Is(err, want) {
		t.Errorf("%s: error %v, want one wrapping %v", what, err, want)
	}
}
