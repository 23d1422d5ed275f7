package fakelog_test

import (
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"

	"github.com/kafkarestmock/kafkarestmock/fakelog"
)

type offsetMap = map[fakelog.TopicPartition]fakelog.OffsetAndMetadata

func TestLogCommitOffsets(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name      string
		group     string
		offsets   offsetMap
		is        error
		msg       string
		wantGroup bool
	}{
		{name: "valid", group: "g", offsets: offsetMap{tp("t", 0): {Offset: 3, Metadata: "meta"}, tp("t", 1): oam(0)}, wantGroup: true},
		{name: "past end is allowed", group: "g", offsets: offsetMap{tp("t", 0): oam(1000)}, wantGroup: true},
		{name: "empty map", group: "g", offsets: offsetMap{}},
		{name: "nil map", group: "g"},
		{name: "empty group", group: "", offsets: offsetMap{tp("t", 0): oam(1)}, is: fakelog.ErrInvalidGroup},
		{name: "negative", group: "g", offsets: offsetMap{tp("t", 0): oam(1), tp("t", 1): oam(-1)}, is: fakelog.ErrInvalidArgument, msg: "Invalid negative offset"},
		{name: "unknown topic", group: "g", offsets: offsetMap{tp("t", 0): oam(1), tp("u", 0): oam(1)}, is: fakelog.ErrUnknownTopic},
		{name: "unknown partition", group: "g", offsets: offsetMap{tp("t", 0): oam(1), tp("t", 2): oam(1)}, is: fakelog.ErrUnknownPartition},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			l, _ := newLogWithTopic(t, "t", 2)
			err := l.CommitOffsets(tc.group, tc.offsets)
			want := tc.offsets
			if tc.is != nil {
				checkKafkaErr(t, "CommitOffsets", err, tc.is, tc.msg)
				want = offsetMap{}
			} else if err != nil {
				t.Fatal(err)
			}
			if want == nil {
				want = offsetMap{}
			}
			if diff := cmp.Diff(want, l.CommittedOffsets(tc.group)); diff != "" {
				t.Errorf("CommittedOffsets (-want +got):\n%s", diff)
			}
			gi, ok := l.Group(tc.group)
			if ok != tc.wantGroup {
				t.Fatalf("Group exists = %v, want %v", ok, tc.wantGroup)
			}
			if ok {
				wantGI := fakelog.GroupInfo{Group: "g", State: "EMPTY", Members: []fakelog.MemberInfo{}, Committed: want}
				if diff := cmp.Diff(wantGI, gi); diff != "" {
					t.Errorf("Group (-want +got):\n%s", diff)
				}
			}
		})
	}
	l, _ := newLogWithTopic(t, "t", 1)
	_ = l.Close()
	checkErr(t, "CommitOffsets on closed log", l.CommitOffsets("g", offsetMap{tp("t", 0): oam(1)}), fakelog.ErrClosed)
}

func TestConsumerCommit(t *testing.T) {
	t.Parallel()
	l, _ := newLogWithTopic(t, "t", 3)
	for p := range int32(3) {
		fill(t, l, "t", p, "v", 10)
	}
	c := mustConsumer(t, l, fakelog.ConsumerConfig{Group: "g", MemberID: "m", AutoOffsetReset: fakelog.ResetEarliest, MaxPollRecords: 4})
	other := mustConsumer(t, l, fakelog.ConsumerConfig{Group: "g", MemberID: "other"})

	// Nothing assigned: CommitConsumed commits nothing.
	got, err := c.CommitConsumed()
	if err != nil || len(got) != 0 || got == nil {
		t.Fatalf("CommitConsumed with no assignment = %v, %v; want empty map", got, err)
	}

	if err := c.Assign(tps("t", 0, 1, 2)); err != nil {
		t.Fatal(err)
	}
	if err := c.Seek(tp("t", 2), 8); err != nil {
		t.Fatal(err)
	}
	if n := len(mustPoll(t, c)); n != 4 {
		t.Fatalf("Poll returned %d records, want 4", n)
	}
	// Positions: the records polled were shared out, t-2 starts at 8.
	want := offsetMap{}
	for p := range int32(3) {
		want[tp("t", p)] = oam(mustPosition(t, c, tp("t", p)))
	}
	got, err = c.CommitConsumed()
	if err != nil {
		t.Fatal(err)
	}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("CommitConsumed (-want +got):\n%s", diff)
	}
	// The returned map is a copy.
	got[tp("t", 0)] = oam(99)
	if diff := cmp.Diff(want, l.CommittedOffsets("g")); diff != "" {
		t.Errorf("CommittedOffsets (-want +got):\n%s", diff)
	}
	// Any consumer of the group sees the group's offsets.
	if diff := cmp.Diff(offsetMap{tp("t", 2): want[tp("t", 2)]}, other.Committed([]fakelog.TopicPartition{tp("t", 2), tp("t", 7), tp("u", 0)})); diff != "" {
		t.Errorf("Committed (-want +got):\n%s", diff)
	}

	// Commit overrides some entries; the partitions need not be assigned.
	if err := other.Commit(offsetMap{tp("t", 1): {Offset: 2, Metadata: "md"}}); err != nil {
		t.Fatal(err)
	}
	want[tp("t", 1)] = fakelog.OffsetAndMetadata{Offset: 2, Metadata: "md"}
	if diff := cmp.Diff(want, c.Committed(tps("t", 0, 1, 2))); diff != "" {
		t.Errorf("Committed after Commit (-want +got):\n%s", diff)
	}
	// A bad entry stores nothing.
	err = other.Commit(offsetMap{tp("t", 0): oam(0), tp("gone", 0): oam(0)})
	checkErr(t, "Commit with unknown topic", err, fakelog.ErrUnknownTopic)
	if diff := cmp.Diff(want, l.CommittedOffsets("g")); diff != "" {
		t.Errorf("CommittedOffsets after failed Commit (-want +got):\n%s", diff)
	}

	// A pending lazy seek is not a position and is not committed.
	if err := c.SeekToEnd(tps("t", 0)); err != nil {
		t.Fatal(err)
	}
	got, err = c.CommitConsumed()
	if err != nil {
		t.Fatal(err)
	}
	if _, ok := got[tp("t", 0)]; ok {
		t.Errorf("CommitConsumed committed a pending seek: %v", got)
	}

	other.Close()
	if got := other.Committed(tps("t", 0)); got == nil || len(got) != 0 {
		t.Errorf("Committed on closed consumer = %v, want empty map", got)
	}
}

// TestCommittedOffsetsOfDeletedTopic checks that, as in Kafka, the
// offsets of a deleted topic are dropped, also when a topic of the same
// name is created again.
func TestCommittedOffsetsOfDeletedTopic(t *testing.T) {
	t.Parallel()
	l, _ := newLogWithTopic(t, "t", 1)
	mustCreate(t, l, "keep", 1, nil)
	fill(t, l, "t", 0, "old", 5)
	if err := l.CommitOffsets("g", offsetMap{tp("t", 0): oam(4), tp("keep", 0): oam(0)}); err != nil {
		t.Fatal(err)
	}
	c := mustConsumer(t, l, fakelog.ConsumerConfig{Group: "g", MemberID: "m", AutoOffsetReset: fakelog.ResetEarliest})
	if err := c.Assign(tps("t", 0)); err != nil {
		t.Fatal(err)
	}
	if got := values(mustPoll(t, c)); !cmp.Equal(got, []string{"old-4"}) {
		t.Fatalf("Poll = %q", got)
	}
	if err := l.DeleteTopic("t"); err != nil {
		t.Fatal(err)
	}
	_, err := c.CommitConsumed()
	checkErr(t, "CommitConsumed after DeleteTopic", err, fakelog.ErrUnknownTopic)
	mustCreate(t, l, "t", 1, nil)
	fill(t, l, "t", 0, "new", 8)
	if diff := cmp.Diff(offsetMap{tp("keep", 0): oam(0)}, l.CommittedOffsets("g")); diff != "" {
		t.Errorf("CommittedOffsets after re-creation (-want +got):\n%s", diff)
	}
	c2 := mustConsumer(t, l, fakelog.ConsumerConfig{Group: "g", MemberID: "m2", AutoOffsetReset: fakelog.ResetEarliest})
	if err := c2.Assign(tps("t", 0)); err != nil {
		t.Fatal(err)
	}
	wantNew := []string{"new-0", "new-1", "new-2", "new-3", "new-4", "new-5", "new-6", "new-7"}
	if got := values(mustPoll(t, c2)); !cmp.Equal(got, wantNew) {
		t.Errorf("Poll of re-created topic = %q", got)
	}
	// A position in the deleted topic does not carry over either.
	if got := values(mustPoll(t, c)); !cmp.Equal(got, wantNew) {
		t.Errorf("Poll of re-created topic by the old consumer = %q", got)
	}
}

// TestAutoCommit covers enable.auto.commit: on the interval (checked at
// Poll and Assign, on the log's clock), at Close, at Unsubscribe and
// before a rebalance; and nothing without it.
func TestAutoCommit(t *testing.T) {
	t.Parallel()
	setup := func(t *testing.T, autoCommit bool, interval time.Duration) (*fakelog.Log, *fakelog.ManualClock, *fakelog.Consumer) {
		l, clk := newFilledLog(t)
		c := mustConsumer(t, l, fakelog.ConsumerConfig{
			Group: "g", MemberID: "m", AutoOffsetReset: fakelog.ResetEarliest,
			AutoCommit: autoCommit, AutoCommitInterval: interval, MaxPollRecords: 4,
		})
		return l, clk, c
	}
	t.Run("interval", func(t *testing.T) {
		t.Parallel()
		l, clk, c := setup(t, true, 3*time.Second)
		if err := c.Assign(tps("t", 0, 1)); err != nil {
			t.Fatal(err)
		}
		mustPoll(t, c) // t-0: 2, t-1: 2
		clk.Advance(2999 * time.Millisecond)
		mustPoll(t, c) // not due: t-0: 4, t-1: 4
		if got := l.CommittedOffsets("g"); len(got) != 0 {
			t.Errorf("committed before the interval: %v", got)
		}
		clk.Advance(time.Millisecond)
		mustPoll(t, c) // due: commits 4, 4 first, then reads on
		if diff := cmp.Diff(offsetMap{tp("t", 0): oam(4), tp("t", 1): oam(4)}, l.CommittedOffsets("g")); diff != "" {
			t.Errorf("committed at the interval (-want +got):\n%s", diff)
		}
		clk.Advance(2 * time.Second)
		mustPoll(t, c) // the interval restarted: not due
		if diff := cmp.Diff(offsetMap{tp("t", 0): oam(4), tp("t", 1): oam(4)}, l.CommittedOffsets("g")); diff != "" {
			t.Errorf("committed again before the next interval (-want +got):\n%s", diff)
		}
		clk.Advance(time.Second)
		if err := c.Assign(tps("t", 0)); err != nil { // Assign commits when due too
			t.Fatal(err)
		}
		if diff := cmp.Diff(offsetMap{tp("t", 0): oam(8), tp("t", 1): oam(8)}, l.CommittedOffsets("g")); diff != "" {
			t.Errorf("committed at Assign (-want +got):\n%s", diff)
		}
	})
	t.Run("default interval", func(t *testing.T) {
		t.Parallel()
		l, clk, c := setup(t, true, 0)
		if err := c.Assign(tps("t", 0)); err != nil {
			t.Fatal(err)
		}
		mustPoll(t, c)
		clk.Advance(fakelog.DefaultAutoCommitInterval - time.Nanosecond)
		mustPoll(t, c)
		if got := l.CommittedOffsets("g"); len(got) != 0 {
			t.Errorf("committed before 5s: %v", got)
		}
		clk.Advance(time.Nanosecond)
		mustPoll(t, c)
		if diff := cmp.Diff(offsetMap{tp("t", 0): oam(8)}, l.CommittedOffsets("g")); diff != "" {
			t.Errorf("committed at 5s (-want +got):\n%s", diff)
		}
	})
	t.Run("close", func(t *testing.T) {
		t.Parallel()
		l, _, c := setup(t, true, time.Hour)
		if err := c.Subscribe([]string{"t"}); err != nil {
			t.Fatal(err)
		}
		mustPoll(t, c)
		c.Close()
		if diff := cmp.Diff(offsetMap{tp("t", 0): oam(2), tp("t", 1): oam(2)}, l.CommittedOffsets("g")); diff != "" {
			t.Errorf("committed at Close (-want +got):\n%s", diff)
		}
	})
	t.Run("unsubscribe", func(t *testing.T) {
		t.Parallel()
		l, _, c := setup(t, true, time.Hour)
		if err := c.Assign(tps("t", 1)); err != nil {
			t.Fatal(err)
		}
		mustPoll(t, c)
		c.Unsubscribe()
		if diff := cmp.Diff(offsetMap{tp("t", 1): oam(4)}, l.CommittedOffsets("g")); diff != "" {
			t.Errorf("committed at Unsubscribe (-want +got):\n%s", diff)
		}
	})
	t.Run("off", func(t *testing.T) {
		t.Parallel()
		l, clk, c := setup(t, false, time.Second)
		if err := c.Subscribe([]string{"t"}); err != nil {
			t.Fatal(err)
		}
		mustPoll(t, c)
		clk.Advance(time.Hour)
		mustPoll(t, c)
		other := mustConsumer(t, l, fakelog.ConsumerConfig{Group: "g", MemberID: "n"})
		if err := other.Subscribe([]string{"t"}); err != nil {
			t.Fatal(err)
		}
		mustPoll(t, other)
		c.Close()
		if got := l.CommittedOffsets("g"); len(got) != 0 {
			t.Errorf("committed without AutoCommit: %v", got)
		}
	})
	t.Run("before rebalance", func(t *testing.T) {
		t.Parallel()
		l, _, a := setup(t, true, time.Hour)
		if err := a.Subscribe([]string{"t"}); err != nil {
			t.Fatal(err)
		}
		mustPoll(t, a) // a owns t-0 and t-1, reads 2 of each
		b := mustConsumer(t, l, fakelog.ConsumerConfig{Group: "g", MemberID: "z"})
		if err := b.Subscribe([]string{"t"}); err != nil {
			t.Fatal(err)
		}
		// b's join starts the rebalance; b waits for a to rejoin.
		if recs := mustPoll(t, b); len(recs) != 0 {
			t.Errorf("b polled %d records while the group rebalances, want none", len(recs))
		}
		// a learns of it at its next poll, where it commits first.
		ra := mustPoll(t, a)
		if diff := cmp.Diff(offsetMap{tp("t", 0): oam(2), tp("t", 1): oam(2)}, l.CommittedOffsets("g")); diff != "" {
			t.Errorf("committed before the rebalance (-want +got):\n%s", diff)
		}
		// a kept t-0 but dropped its position: it resumes from the commit.
		if len(ra) == 0 || ra[0].Partition != 0 || ra[0].Offset != 2 {
			t.Errorf("a polled %v, want t-0 from 2", offsets(ra))
		}
		// b ("z" sorts after "m") got t-1 and resumes from the commit.
		recs := mustPoll(t, b)
		if got := offsets(recs); !cmp.Equal(got, []int64{2, 3, 4, 5, 6, 7, 8, 9}) || recs[0].Partition != 1 {
			t.Errorf("b polled %v of partition %d, want [2 ... 9] of t-1", got, recs[0].Partition)
		}
	})
}

// TestChangesOnGroupEvents checks that rebalances and commits that change
// something wake Log.Changes waiters.
func TestChangesOnGroupEvents(t *testing.T) {
	t.Parallel()
	l, _ := newLogWithTopic(t, "t", 1)
	c := mustConsumer(t, l, fakelog.ConsumerConfig{Group: "g", MemberID: "m"})
	if err := c.Subscribe([]string{"t"}); err != nil {
		t.Fatal(err)
	}
	steps := []struct {
		name string
		do   func() error
		want bool
	}{
		{"join", func() error { _, err := c.Poll(); return err }, true},
		{"poll without change", func() error { _, err := c.Poll(); return err }, false},
		{"commit", func() error { return c.Commit(offsetMap{tp("t", 0): oam(0)}) }, true},
		{"same commit", func() error { return c.Commit(offsetMap{tp("t", 0): oam(0)}) }, false},
		{"log commit", func() error { return l.CommitOffsets("g", offsetMap{tp("t", 0): oam(0)}) }, false},
		{"log commit with metadata", func() error {
			return l.CommitOffsets("g", offsetMap{tp("t", 0): {Metadata: "x"}})
		}, true},
		{"leave", func() error { c.Unsubscribe(); return nil }, true},
	}
	for _, s := range steps {
		ch := l.Changes()
		if err := s.do(); err != nil {
			t.Fatalf("%s: %v", s.name, err)
		}
		if got := isClosed(ch); got != s.want {
			t.Errorf("%s: Changes fired = %v, want %v", s.name, got, s.want)
		}
	}
}
