package fakelog_test

import (
	"errors"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"

	"github.com/kafkarestmock/kafkarestmock/fakelog"
)

// TestStaleCommitFenced is the probe of a member that lost its partitions:
// a reads and commits up to 99, b joins, a stops polling and is removed
// after max.poll.interval (while b keeps polling, waiting in the join),
// b gets every partition; a's commit of an old offset then fails with
// Kafka's CommitFailedException and the committed offset stays.
func TestStaleCommitFenced(t *testing.T) {
	t.Parallel()
	l, clk := newLogWithTopic(t, "t", 1)
	fill(t, l, "t", 0, "r", 120)
	newMember := func(id string) *fakelog.Consumer {
		c := mustConsumer(t, l, fakelog.ConsumerConfig{Group: "g", MemberID: id, AutoOffsetReset: fakelog.ResetEarliest, MaxPollRecords: 99})
		if err := c.Subscribe([]string{"t"}); err != nil {
			t.Fatal(err)
		}
		return c
	}
	a := newMember("a")
	if got := len(mustPoll(t, a)); got != 99 {
		t.Fatalf("a polled %d records, want 99", got)
	}
	if _, err := a.CommitConsumed(); err != nil {
		t.Fatal(err)
	}
	gen := mustGroup(t, l, "g").Generation
	b := newMember("b")
	// b's join starts a rebalance; b waits for a, a keeps its partition
	// and generation until its next poll, and may still commit.
	if got := mustPoll(t, b); len(got) != 0 {
		t.Fatalf("b polled %d records during the rebalance, want none", len(got))
	}
	gi := mustGroup(t, l, "g")
	if gi.State != "PREPARING_REBALANCE" || gi.Generation != gen {
		t.Errorf("during the rebalance: state %s generation %d, want PREPARING_REBALANCE %d", gi.State, gi.Generation, gen)
	}
	if diff := cmp.Diff(tps("t", 0), a.Assignment()); diff != "" {
		t.Errorf("a's assignment during the rebalance (-want +got):\n%s", diff)
	}
	// b keeps polling; a does not and is removed after 5 minutes.
	clk.Advance(4 * time.Minute)
	mustPoll(t, b)
	clk.Advance(time.Minute)
	recs := mustPoll(t, b)
	if len(recs) != 21 || recs[0].Offset != 99 {
		t.Fatalf("b polled %v, want 99..119", offsets(recs))
	}
	gi = mustGroup(t, l, "g")
	if gi.State != "STABLE" || gi.Generation != gen+1 || len(gi.Members) != 1 {
		t.Errorf("after the rebalance: %+v, want STABLE generation %d with b alone", gi, gen+1)
	}
	if _, err := b.CommitConsumed(); err != nil {
		t.Fatal(err)
	}
	err := a.Commit(offsetMap{tp("t", 0): oam(10)})
	checkKafkaErr(t, "a's stale Commit", err, fakelog.ErrCommitFailed, fakelog.MsgCommitNotMember)
	if diff := cmp.Diff(offsetMap{tp("t", 0): oam(120)}, l.CommittedOffsets("g")); diff != "" {
		t.Errorf("committed after the fenced commit (-want +got):\n%s", diff)
	}
	if diff := cmp.Diff([]fakelog.TopicPartition{}, a.Assignment()); diff != "" {
		t.Errorf("a's assignment after its removal (-want +got):\n%s", diff)
	}
	// a rejoins as a new member at its next poll.
	mustPoll(t, a)
	mustPoll(t, b)
	if diff := cmp.Diff(map[string][]fakelog.TopicPartition{"a": tps("t", 0), "b": tps("t")}, assignments(t, l, "g")); diff != "" {
		t.Errorf("after a rejoined (-want +got):\n%s", diff)
	}
}

// TestCommitFences checks each fence of a commit: who may commit while
// the group rebalances, and with what error the others fail.
func TestCommitFences(t *testing.T) {
	t.Parallel()
	l, _ := newLogWithTopic(t, "t", 2)
	newMember := func(id string) *fakelog.Consumer {
		c := mustConsumer(t, l, fakelog.ConsumerConfig{Group: "g", MemberID: id, AutoOffsetReset: fakelog.ResetEarliest})
		if err := c.Subscribe([]string{"t"}); err != nil {
			t.Fatal(err)
		}
		return c
	}
	commit := func(c *fakelog.Consumer, off int64) error {
		return c.Commit(offsetMap{tp("t", 0): oam(off)})
	}
	a, b, c := newMember("a"), newMember("b"), newMember("c")
	// Subscribed but not joined yet: the client's own CommitFailedException.
	checkKafkaErr(t, "commit before joining", commit(a, 1), fakelog.ErrCommitFailed, fakelog.MsgCommitNotMember)
	// An empty commit is no request at all.
	if err := a.Commit(offsetMap{}); err != nil {
		t.Errorf("empty commit: %v", err)
	}
	mustPoll(t, a)
	mustPoll(t, b) // starts a rebalance
	mustPoll(t, c)
	// a has not rejoined: it holds the current generation.
	if err := commit(a, 2); err != nil {
		t.Errorf("commit of a member that has not rejoined: %v", err)
	}
	// b has rejoined and waits: RebalanceInProgressException.
	checkKafkaErr(t, "commit while rejoined", commit(b, 3), fakelog.ErrCommitFailed, fakelog.MsgCommitRebalancing)
	if got, err := b.CommitConsumed(); err != nil || len(got) != 0 {
		t.Errorf("CommitConsumed with nothing consumed = %v, %v; want nothing, no error", got, err)
	}
	// A consumer assigned by hand has no generation: a group with
	// members refuses it (UNKNOWN_MEMBER_ID).
	m := mustConsumer(t, l, fakelog.ConsumerConfig{Group: "g", MemberID: "manual"})
	if err := m.Assign(tps("t", 1)); err != nil {
		t.Fatal(err)
	}
	checkKafkaErr(t, "commit by hand", m.Commit(offsetMap{tp("t", 1): oam(1)}), fakelog.ErrCommitFailed, fakelog.MsgCommitFailed)
	mustPoll(t, a) // a rejoins: the rebalance completes
	for _, x := range []*fakelog.Consumer{a, b, c} {
		if err := commit(x, 4); err != nil {
			t.Errorf("%s: commit after the rebalance: %v", x.MemberID(), err)
		}
	}
	if diff := cmp.Diff(offsetMap{tp("t", 0): oam(4)}, l.CommittedOffsets("g")); diff != "" {
		t.Errorf("committed (-want +got):\n%s", diff)
	}
	// Once the group is empty, the consumer without a generation may
	// commit.
	a.Close()
	b.Close()
	c.Close()
	if err := m.Commit(offsetMap{tp("t", 1): oam(1)}); err != nil {
		t.Errorf("commit by hand to an empty group: %v", err)
	}
	var cfe *fakelog.CommitFailedError
	if errors.As(commit(a, 1), &cfe) {
		t.Errorf("a closed consumer's commit is %v, want ErrConsumerClosed", cfe)
	}
}

// TestMemberRemovedAfterMaxPollInterval checks, on the manual clock,
// that a member that stops polling leaves its group after
// MaxPollInterval, and that the generation moves on.
func TestMemberRemovedAfterMaxPollInterval(t *testing.T) {
	t.Parallel()
	l, clk := newLogWithTopic(t, "t", 2)
	var cs []*fakelog.Consumer
	for _, id := range []string{"a", "b"} {
		c := mustConsumer(t, l, fakelog.ConsumerConfig{Group: "g", MemberID: id, MaxPollInterval: time.Minute})
		if err := c.Subscribe([]string{"t"}); err != nil {
			t.Fatal(err)
		}
		cs = append(cs, c)
	}
	mustPoll(t, cs[0])
	mustPoll(t, cs[1])
	mustPoll(t, cs[0])
	gen := mustGroup(t, l, "g").Generation
	clk.Advance(59 * time.Second)
	mustPoll(t, cs[0])
	if gi := mustGroup(t, l, "g"); len(gi.Members) != 2 || gi.Generation != gen {
		t.Fatalf("before the interval: %d members, generation %d; want 2, %d", len(gi.Members), gi.Generation, gen)
	}
	clk.Advance(time.Second) // b last polled a minute ago
	gi := mustGroup(t, l, "g")
	if len(gi.Members) != 1 || gi.Members[0].MemberID != "a" || gi.State != "PREPARING_REBALANCE" {
		t.Fatalf("after b's interval: %+v, want a alone, rebalancing", gi)
	}
	mustPoll(t, cs[0])
	gi = mustGroup(t, l, "g")
	if gi.Generation != gen+1 || gi.State != "STABLE" {
		t.Errorf("after a rejoined: state %s generation %d, want STABLE %d", gi.State, gi.Generation, gen+1)
	}
	if diff := cmp.Diff(tps("t", 0, 1), cs[0].Assignment()); diff != "" {
		t.Errorf("a's assignment (-want +got):\n%s", diff)
	}
}
