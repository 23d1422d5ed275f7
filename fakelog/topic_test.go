package fakelog_test

import (
	"context"
	"errors"
	"strings"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"

	"github.com/kafkarestmock/kafkarestmock/fakelog"
)

func TestCreateTopic(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name       string
		topic      string
		partitions int32
		configs    map[string]string
		want       error
	}{
		{name: "simple", topic: "orders", partitions: 3},
		{name: "one char", topic: "a", partitions: 1},
		{name: "all legal chars", topic: "aZ09._-", partitions: 1},
		{name: "three dots", topic: "...", partitions: 1},
		{name: "249 chars", topic: strings.Repeat("t", 249), partitions: 1},
		{name: "max partitions", topic: "big", partitions: fakelog.MaxPartitions},
		{name: "configs", topic: "c", partitions: 1, configs: map[string]string{"cleanup.policy": "compact", "retention.bytes": "-1", "retention.records": " 10 "}},
		{name: "empty name", topic: "", partitions: 1, want: fakelog.ErrInvalidTopic},
		{name: "dot", topic: ".", partitions: 1, want: fakelog.ErrInvalidTopic},
		{name: "dot dot", topic: "..", partitions: 1, want: fakelog.ErrInvalidTopic},
		{name: "250 chars", topic: strings.Repeat("t", 250), partitions: 1, want: fakelog.ErrInvalidTopic},
		{name: "space", topic: "a b", partitions: 1, want: fakelog.ErrInvalidTopic},
		{name: "slash", topic: "a/b", partitions: 1, want: fakelog.ErrInvalidTopic},
		{name: "colon", topic: "a:b", partitions: 1, want: fakelog.ErrInvalidTopic},
		{name: "non-ascii", topic: "zoë", partitions: 1, want: fakelog.ErrInvalidTopic},
		{name: "zero partitions", topic: "z", partitions: 0, want: fakelog.ErrInvalidPartitions},
		{name: "negative partitions", topic: "z", partitions: -1, want: fakelog.ErrInvalidPartitions},
		{name: "too many partitions", topic: "z", partitions: fakelog.MaxPartitions + 1, want: fakelog.ErrInvalidPartitions},
		{name: "bad retention.bytes", topic: "z", partitions: 1, configs: map[string]string{"retention.bytes": "lots"}, want: fakelog.ErrInvalidConfig},
		{name: "bad retention.records", topic: "z", partitions: 1, configs: map[string]string{"retention.records": "1.5"}, want: fakelog.ErrInvalidConfig},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			l, _ := newLog(t)
			err := l.CreateTopic(tc.topic, tc.partitions, tc.configs)
			checkErr(t, "CreateTopic", err, tc.want)
			_, gotErr := l.Topic(tc.topic)
			if tc.want != nil {
				if !errors.Is(gotErr, fakelog.ErrUnknownTopic) {
					t.Errorf("Topic after failed create: %v, want ErrUnknownTopic", gotErr)
				}
				if got := l.Topics(); len(got) != 0 {
					t.Errorf("Topics after failed create = %v, want none", got)
				}
				return
			}
			got, err := l.Topic(tc.topic)
			if err != nil {
				t.Fatal(err)
			}
			want := fakelog.TopicInfo{Name: tc.topic, Partitions: tc.partitions, Configs: tc.configs}
			if want.Configs == nil {
				want.Configs = map[string]string{}
			}
			if diff := cmp.Diff(want, got); diff != "" {
				t.Errorf("Topic (-want +got):\n%s", diff)
			}
		})
	}
}

func TestCreateTopicExists(t *testing.T) {
	t.Parallel()
	l, _ := newLogWithTopic(t, "orders", 2)
	err := l.CreateTopic("orders", 5, nil)
	checkErr(t, "second CreateTopic", err, fakelog.ErrTopicExists)
	if err != nil && !strings.Contains(err.Error(), "orders") {
		t.Errorf("error %q does not name the topic", err)
	}
	if got := mustTopic(t, l, "orders").Partitions; got != 2 {
		t.Errorf("partitions = %d after failed re-create, want 2", got)
	}
}

func mustTopic(t *testing.T, l *fakelog.Log, name string) fakelog.TopicInfo {
	t.Helper()
	ti, err := l.Topic(name)
	if err != nil {
		t.Fatalf("Topic(%q): %v", name, err)
	}
	return ti
}

func TestTopicsSortedAndCopied(t *testing.T) {
	t.Parallel()
	l, _ := newLog(t)
	cfg := map[string]string{"retention.ms": "1000"}
	mustCreate(t, l, "b", 2, cfg)
	mustCreate(t, l, "a", 1, nil)
	mustCreate(t, l, "c", 3, nil)
	cfg["retention.ms"] = "changed by caller"

	want := []fakelog.TopicInfo{
		{Name: "a", Partitions: 1, Configs: map[string]string{}},
		{Name: "b", Partitions: 2, Configs: map[string]string{"retention.ms": "1000"}},
		{Name: "c", Partitions: 3, Configs: map[string]string{}},
	}
	got := l.Topics()
	if diff := cmp.Diff(want, got); diff != "" {
		t.Fatalf("Topics (-want +got):\n%s", diff)
	}
	got[1].Configs["retention.ms"] = "changed by reader"
	if diff := cmp.Diff(want, l.Topics()); diff != "" {
		t.Errorf("Topics after mutating a returned map (-want +got):\n%s", diff)
	}
}

func TestDeleteTopic(t *testing.T) {
	t.Parallel()
	l, _ := newLogWithTopic(t, "orders", 2)
	mustAppend(t, l, "orders", 1, val("a"), val("b"))
	if err := l.DeleteTopic("orders"); err != nil {
		t.Fatal(err)
	}
	_, err := l.Topic("orders")
	checkErr(t, "Topic after delete", err, fakelog.ErrUnknownTopic)
	checkErr(t, "second DeleteTopic", l.DeleteTopic("orders"), fakelog.ErrUnknownTopic)
	if got := l.Topics(); len(got) != 0 {
		t.Errorf("Topics = %v, want none", got)
	}

	// A re-created topic starts empty.
	mustCreate(t, l, "orders", 2, nil)
	want := fakelog.PartitionInfo{Topic: "orders", Partition: 1}
	if diff := cmp.Diff(want, mustPartition(t, l, "orders", 1)); diff != "" {
		t.Errorf("re-created partition (-want +got):\n%s", diff)
	}
	if got := mustAppend(t, l, "orders", 1, val("c")); got[0] != 0 {
		t.Errorf("first offset after re-create = %d, want 0", got[0])
	}
}

func TestAddPartitions(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name  string
		topic string
		total int32
		want  error
	}{
		{name: "grow", topic: "t", total: 5},
		{name: "grow by one", topic: "t", total: 3},
		{name: "same count", topic: "t", total: 2, want: fakelog.ErrInvalidPartitions},
		{name: "shrink", topic: "t", total: 1, want: fakelog.ErrInvalidPartitions},
		{name: "too many", topic: "t", total: fakelog.MaxPartitions + 1, want: fakelog.ErrInvalidPartitions},
		{name: "unknown topic", topic: "nope", total: 5, want: fakelog.ErrUnknownTopic},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			l, _ := newLogWithTopic(t, "t", 2)
			mustAppend(t, l, "t", 1, val("x"))
			err := l.AddPartitions(tc.topic, tc.total)
			checkErr(t, "AddPartitions", err, tc.want)
			wantN := tc.total
			if tc.want != nil {
				wantN = 2
			}
			got, err := l.Partitions("t")
			if err != nil {
				t.Fatal(err)
			}
			var want []fakelog.PartitionInfo
			for p := range wantN {
				pi := fakelog.PartitionInfo{Topic: "t", Partition: p}
				if p == 1 {
					pi.EndOffset, pi.Records, pi.Bytes = 1, 1, 1
				}
				want = append(want, pi)
			}
			if diff := cmp.Diff(want, got); diff != "" {
				t.Errorf("Partitions (-want +got):\n%s", diff)
			}
		})
	}
}

// TestUnknownTopicAndPartition checks that every method taking a topic
// and partition reports the right sentinel, naming what was missing.
func TestUnknownTopicAndPartition(t *testing.T) {
	t.Parallel()
	l, _ := newLogWithTopic(t, "known", 2)
	ctx := context.Background()
	calls := map[string]func(topic string, p int32) error{
		"Append": func(tp string, p int32) error { _, err := l.Append(tp, p, val("v")); return err },
		"Read":   func(tp string, p int32) error { _, err := l.Read(tp, p, 0, 0); return err },
		"ReadN":  func(tp string, p int32) error { _, err := l.ReadN(tp, p, 0, 1, 0); return err },
		"OffsetForTime": func(tp string, p int32) error {
			_, err := l.OffsetForTime(tp, p, time.Time{})
			return err
		},
		"DeleteRecords": func(tp string, p int32) error { _, err := l.DeleteRecords(tp, p, 0); return err },
		"Partition":     func(tp string, p int32) error { _, err := l.Partition(tp, p); return err },
		"Changed":       func(tp string, p int32) error { _, err := l.Changed(tp, p); return err },
		"WaitForData":   func(tp string, p int32) error { return l.WaitForData(ctx, tp, p, 0, 0) },
	}
	for name, call := range calls {
		t.Run(name, func(t *testing.T) {
			t.Parallel()
			err := call("missing", 0)
			checkErr(t, "unknown topic", err, fakelog.ErrUnknownTopic)
			if err != nil && !strings.Contains(err.Error(), `"missing"`) {
				t.Errorf("error %q does not name the topic", err)
			}
			for _, p := range []int32{-1, 2, 99} {
				err := call("known", p)
				checkErr(t, "unknown partition", err, fakelog.ErrUnknownPartition)
				if errors.Is(err, fakelog.ErrUnknownTopic) {
					t.Errorf("partition %d: error %v also wraps ErrUnknownTopic", p, err)
				}
			}
		})
	}
	_, err := l.Partitions("missing")
	checkErr(t, "Partitions", err, fakelog.ErrUnknownTopic)
	_, err = l.Produce("missing", []fakelog.Record{val("v")})
	checkErr(t, "Produce", err, fakelog.ErrUnknownTopic)
	_, err = l.Topic("missing")
	checkErr(t, "Topic", err, fakelog.ErrUnknownTopic)
	checkErr(t, "DeleteTopic", l.DeleteTopic("missing"), fakelog.ErrUnknownTopic)
}

func TestClose(t *testing.T) {
	t.Parallel()
	l, _ := newLogWithTopic(t, "t", 1)
	mustAppend(t, l, "t", 0, val("v"))
	changed, err := l.Changed("t", 0)
	if err != nil {
		t.Fatal(err)
	}
	changes := l.Changes()

	if err := l.Close(); err != nil {
		t.Fatalf("Close: %v", err)
	}
	if err := l.Close(); err != nil {
		t.Fatalf("second Close: %v", err)
	}
	if !isClosed(changed) || !isClosed(changes) {
		t.Errorf("Close left a wake channel open: Changed closed=%v, Changes closed=%v", isClosed(changed), isClosed(changes))
	}
	if !isClosed(l.Changes()) {
		t.Error("Changes after Close returned an open channel")
	}
	ctx := context.Background()
	calls := map[string]error{
		"CreateTopic":   l.CreateTopic("u", 1, nil),
		"DeleteTopic":   l.DeleteTopic("t"),
		"AddPartitions": l.AddPartitions("t", 3),
		"WaitForData":   l.WaitForData(ctx, "t", 0, 5, 0),
	}
	_, calls["Topic"] = l.Topic("t")
	_, calls["Partitions"] = l.Partitions("t")
	_, calls["Partition"] = l.Partition("t", 0)
	_, calls["Produce"] = l.Produce("t", []fakelog.Record{val("v")})
	_, calls["Append"] = l.Append("t", 0, val("v"))
	_, calls["Read"] = l.Read("t", 0, 0, 0)
	_, calls["ReadN"] = l.ReadN("t", 0, 0, 1, 0)
	_, calls["OffsetForTime"] = l.OffsetForTime("t", 0, epoch())
	_, calls["DeleteRecords"] = l.DeleteRecords("t", 0, 1)
	_, calls["Changed"] = l.Changed("t", 0)
	for name, err := range calls {
		checkErr(t, name, err, fakelog.ErrClosed)
	}
	if got := l.Topics(); got != nil {
		t.Errorf("Topics after Close = %v, want nil", got)
	}
	l.Reset() // must not panic or reopen
	checkErr(t, "CreateTopic after Reset", l.CreateTopic("u", 1, nil), fakelog.ErrClosed)
}

func TestReset(t *testing.T) {
	t.Parallel()
	l, _ := newLogWithTopic(t, "a", 1)
	mustCreate(t, l, "b", 2, nil)
	mustAppend(t, l, "b", 1, val("v"))
	changed, err := l.Changed("b", 1)
	if err != nil {
		t.Fatal(err)
	}
	changes := l.Changes()
	l.Reset()
	if got := l.Topics(); len(got) != 0 {
		t.Errorf("Topics after Reset = %v, want none", got)
	}
	if !isClosed(changed) || !isClosed(changes) {
		t.Errorf("Reset left a wake channel open: Changed closed=%v, Changes closed=%v", isClosed(changed), isClosed(changes))
	}
	// The log stays usable.
	mustCreate(t, l, "b", 1, nil)
	if got := mustAppend(t, l, "b", 0, val("w")); got[0] != 0 {
		t.Errorf("first offset after Reset = %d, want 0", got[0])
	}
}
