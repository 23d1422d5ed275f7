package fakelog_test

import (
	"regexp"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/kafkarestmock/kafkarestmock/fakelog"
)

// TestRebalanceTriggers checks what makes a group rebalance at a member's
// Poll, and that nothing else does.
func TestRebalanceTriggers(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name    string
		change  func(t *testing.T, l *fakelog.Log, a, b *fakelog.Consumer)
		rebal   bool
		want    map[string][]fakelog.TopicPartition
		pollerB bool // b polls after the change instead of a
	}{
		{name: "nothing", change: func(*testing.T, *fakelog.Log, *fakelog.Consumer, *fakelog.Consumer) {},
			want: map[string][]fakelog.TopicPartition{"a": tps("t", 0), "b": tps("t", 1)}},
		{name: "records appended", change: func(t *testing.T, l *fakelog.Log, _, _ *fakelog.Consumer) { mustAppend(t, l, "t", 0, val("x")) },
			want: map[string][]fakelog.TopicPartition{"a": tps("t", 0), "b": tps("t", 1)}},
		{name: "unrelated topic created", change: func(t *testing.T, l *fakelog.Log, _, _ *fakelog.Consumer) { mustCreate(t, l, "other", 3, nil) },
			want: map[string][]fakelog.TopicPartition{"a": tps("t", 0), "b": tps("t", 1)}},
		{name: "partitions added", rebal: true, change: func(t *testing.T, l *fakelog.Log, _, _ *fakelog.Consumer) {
			if err := l.AddPartitions("t", 4); err != nil {
				t.Fatal(err)
			}
		}, want: map[string][]fakelog.TopicPartition{"a": tps("t", 0, 1), "b": tps("t", 2, 3)}},
		{name: "partitions added, noticed by the other member", rebal: true, pollerB: true, change: func(t *testing.T, l *fakelog.Log, _, _ *fakelog.Consumer) {
			if err := l.AddPartitions("t", 3); err != nil {
				t.Fatal(err)
			}
		}, want: map[string][]fakelog.TopicPartition{"a": tps("t", 0, 1), "b": tps("t", 2)}},
		{name: "subscribed topic deleted", rebal: true, change: func(t *testing.T, l *fakelog.Log, _, _ *fakelog.Consumer) {
			if err := l.DeleteTopic("t"); err != nil {
				t.Fatal(err)
			}
		}, want: map[string][]fakelog.TopicPartition{"a": tps("t"), "b": tps("t")}},
		{name: "subscribed topic re-created", rebal: true, change: func(t *testing.T, l *fakelog.Log, _, _ *fakelog.Consumer) {
			if err := l.DeleteTopic("t"); err != nil {
				t.Fatal(err)
			}
			mustCreate(t, l, "t", 2, nil)
		}, want: map[string][]fakelog.TopicPartition{"a": tps("t", 0), "b": tps("t", 1)}},
		{name: "subscribed topic created", rebal: true, change: func(t *testing.T, l *fakelog.Log, _, _ *fakelog.Consumer) { mustCreate(t, l, "later", 2, nil) },
			want: map[string][]fakelog.TopicPartition{"a": {tp("later", 0), tp("t", 0)}, "b": {tp("later", 1), tp("t", 1)}}},
		{name: "subscription changed", rebal: true, change: func(t *testing.T, _ *fakelog.Log, _, b *fakelog.Consumer) {
			if err := b.Subscribe([]string{"u"}); err != nil {
				t.Fatal(err)
			}
		}, want: map[string][]fakelog.TopicPartition{"a": tps("t", 0, 1), "b": tps("u", 0)}},
		{name: "same subscription again", change: func(t *testing.T, _ *fakelog.Log, _, b *fakelog.Consumer) {
			if err := b.Subscribe([]string{"later", "t", "t"}); err != nil {
				t.Fatal(err)
			}
		}, want: map[string][]fakelog.TopicPartition{"a": tps("t", 0), "b": tps("t", 1)}},
		{name: "member closes", rebal: true, change: func(_ *testing.T, _ *fakelog.Log, _, b *fakelog.Consumer) { b.Close() },
			want: map[string][]fakelog.TopicPartition{"a": tps("t", 0, 1)}},
		{name: "member unsubscribes", rebal: true, change: func(_ *testing.T, _ *fakelog.Log, _, b *fakelog.Consumer) { b.Unsubscribe() },
			want: map[string][]fakelog.TopicPartition{"a": tps("t", 0, 1)}},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			l, _ := newLogWithTopic(t, "t", 2)
			mustCreate(t, l, "u", 1, nil)
			a := mustConsumer(t, l, fakelog.ConsumerConfig{Group: "g", MemberID: "a"})
			b := mustConsumer(t, l, fakelog.ConsumerConfig{Group: "g", MemberID: "b"})
			for _, c := range []*fakelog.Consumer{a, b} {
				if err := c.Subscribe([]string{"t", "later"}); err != nil {
					t.Fatal(err)
				}
				mustPoll(t, c)
			}
			mustPoll(t, a) // a rejoins: b's join completes
			tc.change(t, l, a, b)
			poller, other := a, b
			if tc.pollerB {
				poller, other = b, a
			}
			mustPoll(t, poller)
			// The other member rejoins at its next poll (an error for
			// one that closed or unsubscribed).
			_, _ = other.Poll()
			_, _ = poller.Poll() // a poller that rejoined before the other started it
			wantGen := 2
			if tc.rebal {
				wantGen = 3
			}
			gi := mustGroup(t, l, "g")
			if gi.Generation != wantGen {
				t.Errorf("Generation = %d, want %d", gi.Generation, wantGen)
			}
			if diff := cmp.Diff(tc.want, assignments(t, l, "g")); diff != "" {
				t.Errorf("assignment (-want +got):\n%s", diff)
			}
		})
	}
}

// TestPatternSubscription checks that a pattern picks up topics created
// later, drops deleted ones, and matches whole names.
func TestPatternSubscription(t *testing.T) {
	t.Parallel()
	l, _ := newLogWithTopic(t, "orders-eu", 2)
	mustCreate(t, l, "orders", 1, nil)
	mustCreate(t, l, "old-orders-x", 1, nil)
	c := mustConsumer(t, l, fakelog.ConsumerConfig{Group: "g", MemberID: "m", AutoOffsetReset: fakelog.ResetEarliest})
	if err := c.SubscribePattern(regexp.MustCompile(`orders-.*`)); err != nil {
		t.Fatal(err)
	}
	if got := c.Subscription(); len(got) != 0 {
		t.Errorf("Subscription before the first Poll = %v, want empty", got)
	}
	mustPoll(t, c)
	if diff := cmp.Diff([]string{"orders-eu"}, c.Subscription()); diff != "" {
		t.Errorf("Subscription (-want +got):\n%s", diff)
	}

	// A matching topic created later joins at the next Poll, and its
	// records are read from the start (earliest).
	mustCreate(t, l, "orders-us", 1, nil)
	mustAppend(t, l, "orders-us", 0, val("us-1"))
	mustCreate(t, l, "xorders-y", 1, nil)
	if got := values(mustPoll(t, c)); !cmp.Equal(got, []string{"us-1"}) {
		t.Errorf("Poll after creation = %q, want [us-1]", got)
	}
	if diff := cmp.Diff([]string{"orders-eu", "orders-us"}, c.Subscription()); diff != "" {
		t.Errorf("Subscription after creation (-want +got):\n%s", diff)
	}
	wantAssign := []fakelog.TopicPartition{tp("orders-eu", 0), tp("orders-eu", 1), tp("orders-us", 0)}
	if diff := cmp.Diff(wantAssign, c.Assignment()); diff != "" {
		t.Errorf("Assignment after creation (-want +got):\n%s", diff)
	}
	gen := mustGroup(t, l, "g").Generation

	// The same pattern again changes nothing.
	if err := c.SubscribePattern(regexp.MustCompile(`orders-.*`)); err != nil {
		t.Fatal(err)
	}
	if got := mustGroup(t, l, "g").Generation; got != gen {
		t.Errorf("Generation after the same pattern = %d, want %d", got, gen)
	}

	// A deleted topic leaves at the next Poll.
	if err := l.DeleteTopic("orders-eu"); err != nil {
		t.Fatal(err)
	}
	mustPoll(t, c)
	if diff := cmp.Diff([]string{"orders-us"}, c.Subscription()); diff != "" {
		t.Errorf("Subscription after deletion (-want +got):\n%s", diff)
	}

	// A different pattern replaces the old one at the next Poll, where
	// the member rejoins.
	if err := c.SubscribePattern(regexp.MustCompile(`(?i)ORDERS|old-.*`)); err != nil {
		t.Fatal(err)
	}
	mustPoll(t, c)
	if diff := cmp.Diff([]string{"old-orders-x", "orders"}, c.Subscription()); diff != "" {
		t.Errorf("Subscription after a new pattern (-want +got):\n%s", diff)
	}
	if diff := cmp.Diff([]fakelog.TopicPartition{tp("old-orders-x", 0), tp("orders", 0)}, c.Assignment()); diff != "" {
		t.Errorf("Assignment after a new pattern (-want +got):\n%s", diff)
	}
	// A pattern member and a list member share a topic.
	d := mustConsumer(t, l, fakelog.ConsumerConfig{Group: "g", MemberID: "d"})
	if err := d.Subscribe([]string{"orders-us"}); err != nil {
		t.Fatal(err)
	}
	mustPoll(t, d)
	mustPoll(t, c) // c rejoins: d's join completes
	mustCreate(t, l, "old-2", 1, nil)
	mustPoll(t, d) // d's Poll notices c's pattern matches a new topic
	mustPoll(t, c) // and c rejoins
	want := map[string][]fakelog.TopicPartition{
		"d": tps("orders-us", 0),
		"m": {tp("old-2", 0), tp("old-orders-x", 0), tp("orders", 0)},
	}
	if diff := cmp.Diff(want, assignments(t, l, "g")); diff != "" {
		t.Errorf("assignments (-want +got):\n%s", diff)
	}
}
