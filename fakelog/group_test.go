package fakelog_test

import (
	"fmt"
	"maps"
	"slices"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/kafkarestmock/kafkarestmock/fakelog"
)

// checkOwnership fails the test unless every partition of the topics has
// exactly one owner among the group's members, and each member's
// Assignment agrees with the group's view.
func checkOwnership(t testing.TB, l *fakelog.Log, group string, members map[string]*fakelog.Consumer, topics map[string]int32) {
	t.Helper()
	gi, ok := l.Group(group)
	if !ok {
		t.Fatalf("group %q does not exist", group)
	}
	owners := map[fakelog.TopicPartition][]string{}
	for _, m := range gi.Members {
		for _, p := range m.Assignment {
			owners[p] = append(owners[p], m.MemberID)
		}
		if c := members[m.MemberID]; c != nil {
			if diff := cmp.Diff(m.Assignment, c.Assignment()); diff != "" {
				t.Errorf("%s: Assignment differs from the group's view (-group +consumer):\n%s", m.MemberID, diff)
			}
		}
	}
	for topic, n := range topics {
		for p := range n {
			if o := owners[tp(topic, p)]; len(o) != 1 {
				t.Errorf("partition %s-%d has owners %v, want exactly one", topic, p, o)
			}
		}
	}
	for p := range owners {
		if n, ok := topics[p.Topic]; !ok || p.Partition >= n {
			t.Errorf("unexpected partition %v assigned", p)
		}
	}
}

// assignments returns each member's assignment from the group's view.
func assignments(t testing.TB, l *fakelog.Log, group string) map[string][]fakelog.TopicPartition {
	t.Helper()
	gi, ok := l.Group(group)
	if !ok {
		t.Fatalf("group %q does not exist", group)
	}
	out := map[string][]fakelog.TopicPartition{}
	for _, m := range gi.Members {
		out[m.MemberID] = m.Assignment
	}
	return out
}

// TestRangeAssignment checks assignments against Java's RangeAssignor.
func TestRangeAssignment(t *testing.T) {
	t.Parallel()
	type member struct {
		id     string
		topics []string
	}
	tests := []struct {
		name    string
		topics  map[string]int32
		members []member // in join order
		want    map[string][]fakelog.TopicPartition
	}{
		{
			name:    "six over three",
			topics:  map[string]int32{"t": 6},
			members: []member{{"a", []string{"t"}}, {"b", []string{"t"}}, {"c", []string{"t"}}},
			want:    map[string][]fakelog.TopicPartition{"a": tps("t", 0, 1), "b": tps("t", 2, 3), "c": tps("t", 4, 5)},
		},
		{
			name:    "seven over three",
			topics:  map[string]int32{"t": 7},
			members: []member{{"a", []string{"t"}}, {"b", []string{"t"}}, {"c", []string{"t"}}},
			want:    map[string][]fakelog.TopicPartition{"a": tps("t", 0, 1, 2), "b": tps("t", 3, 4), "c": tps("t", 5, 6)},
		},
		{
			name:    "eight over three",
			topics:  map[string]int32{"t": 8},
			members: []member{{"a", []string{"t"}}, {"b", []string{"t"}}, {"c", []string{"t"}}},
			want:    map[string][]fakelog.TopicPartition{"a": tps("t", 0, 1, 2), "b": tps("t", 3, 4, 5), "c": tps("t", 6, 7)},
		},
		{
			name:    "fewer partitions than members",
			topics:  map[string]int32{"t": 2},
			members: []member{{"a", []string{"t"}}, {"b", []string{"t"}}, {"c", []string{"t"}}},
			want:    map[string][]fakelog.TopicPartition{"a": tps("t", 0), "b": tps("t", 1), "c": tps("t")},
		},
		{
			name:    "ordered by member id, not join order",
			topics:  map[string]int32{"t": 3},
			members: []member{{"c", []string{"t"}}, {"a", []string{"t"}}, {"b", []string{"t"}}},
			want:    map[string][]fakelog.TopicPartition{"a": tps("t", 0), "b": tps("t", 1), "c": tps("t", 2)},
		},
		{
			name:    "member ids compare as strings",
			topics:  map[string]int32{"t": 2},
			members: []member{{"consumer-2", []string{"t"}}, {"consumer-10", []string{"t"}}},
			want:    map[string][]fakelog.TopicPartition{"consumer-10": tps("t", 0), "consumer-2": tps("t", 1)},
		},
		{
			name:    "range per topic favours the first members",
			topics:  map[string]int32{"t1": 3, "t2": 3},
			members: []member{{"a", []string{"t1", "t2"}}, {"b", []string{"t1", "t2"}}},
			want: map[string][]fakelog.TopicPartition{
				"a": {tp("t1", 0), tp("t1", 1), tp("t2", 0), tp("t2", 1)},
				"b": {tp("t1", 2), tp("t2", 2)},
			},
		},
		{
			name:    "different subscriptions",
			topics:  map[string]int32{"t1": 4, "t2": 2},
			members: []member{{"a", []string{"t1"}}, {"b", []string{"t1", "t2"}}, {"c", []string{"t2"}}},
			want: map[string][]fakelog.TopicPartition{
				"a": tps("t1", 0, 1),
				"b": {tp("t1", 2), tp("t1", 3), tp("t2", 0)},
				"c": tps("t2", 1),
			},
		},
		{
			name:    "missing topic",
			topics:  map[string]int32{"t": 2},
			members: []member{{"a", []string{"t", "missing"}}, {"b", []string{"missing"}}},
			want:    map[string][]fakelog.TopicPartition{"a": tps("t", 0, 1), "b": tps("t")},
		},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			l, _ := newLog(t)
			for name, n := range tc.topics {
				mustCreate(t, l, name, n, nil)
			}
			consumers := map[string]*fakelog.Consumer{}
			for _, m := range tc.members {
				c := mustConsumer(t, l, fakelog.ConsumerConfig{Group: "g", MemberID: m.id})
				if err := c.Subscribe(m.topics); err != nil {
					t.Fatal(err)
				}
				mustPoll(t, c)
				consumers[m.id] = c
			}
			// The first member rejoins at its next poll, which
			// completes the rebalance the others' joins started.
			mustPoll(t, consumers[tc.members[0].id])
			if diff := cmp.Diff(tc.want, assignments(t, l, "g")); diff != "" {
				t.Errorf("assignment (-want +got):\n%s", diff)
			}
			checkOwnership(t, l, "g", consumers, tc.topics)
			gi, _ := l.Group("g")
			if want := min(len(tc.members), 2); gi.Generation != want {
				t.Errorf("Generation = %d, want %d", gi.Generation, want)
			}
			for _, m := range gi.Members {
				want := slices.Sorted(slices.Values(consumers[m.MemberID].Subscription()))
				if diff := cmp.Diff(want, m.Subscription); diff != "" {
					t.Errorf("%s: MemberInfo.Subscription (-want +got):\n%s", m.MemberID, diff)
				}
			}
		})
	}
}

// TestGroupScenario runs three consumers through joins, a leave and a
// close on a six-partition topic while records keep arriving. Each
// consumer commits what it read after every poll, so every record is
// consumed exactly once across the group.
func TestGroupScenario(t *testing.T) {
	t.Parallel()
	l, _ := newLog(t)
	topics := map[string]int32{"t": 6}
	mustCreate(t, l, "t", 6, nil)
	produced := produceRR(t, l, "t", "before", 600)
	consumed := map[string]int{}
	members := map[string]*fakelog.Consumer{}
	newMember := func(id string) *fakelog.Consumer {
		c := mustConsumer(t, l, fakelog.ConsumerConfig{Group: "g", MemberID: id, AutoOffsetReset: fakelog.ResetEarliest, MaxPollRecords: 37})
		if err := c.Subscribe([]string{"t"}); err != nil {
			t.Fatal(err)
		}
		return c
	}
	// pollCommit polls once and commits what was read.
	pollCommit := func(c *fakelog.Consumer) int {
		recs := mustPoll(t, c)
		for _, r := range recs {
			consumed[string(r.Value)]++
		}
		if _, err := c.CommitConsumed(); err != nil {
			t.Fatalf("%s CommitConsumed: %v", c.MemberID(), err)
		}
		return len(recs)
	}
	// rounds lets every member poll and commit a few times.
	rounds := func(n int) {
		for range n {
			for _, id := range slices.Sorted(maps.Keys(members)) {
				pollCommit(members[id])
			}
		}
	}
	steps := []struct {
		name string
		do   func()
		want map[string][]fakelog.TopicPartition
	}{
		{"a joins", func() { members["a"] = newMember("a"); pollCommit(members["a"]) },
			map[string][]fakelog.TopicPartition{"a": tps("t", 0, 1, 2, 3, 4, 5)}},
		{"b joins", func() { members["b"] = newMember("b"); pollCommit(members["b"]) },
			map[string][]fakelog.TopicPartition{"a": tps("t", 0, 1, 2), "b": tps("t", 3, 4, 5)}},
		{"c joins", func() { members["c"] = newMember("c"); pollCommit(members["c"]) },
			map[string][]fakelog.TopicPartition{"a": tps("t", 0, 1), "b": tps("t", 2, 3), "c": tps("t", 4, 5)}},
		{"b leaves", func() { members["b"].Unsubscribe(); delete(members, "b") },
			map[string][]fakelog.TopicPartition{"a": tps("t", 0, 1, 2), "c": tps("t", 3, 4, 5)}},
		{"a closes", func() { members["a"].Close(); delete(members, "a") },
			map[string][]fakelog.TopicPartition{"c": tps("t", 0, 1, 2, 3, 4, 5)}},
	}
	for i, s := range steps {
		s.do()
		// The other members learn of the rebalance at their next poll,
		// where they rejoin; the last one to rejoin completes it.
		rounds(1)
		if diff := cmp.Diff(s.want, assignments(t, l, "g")); diff != "" {
			t.Errorf("after %s: assignment (-want +got):\n%s", s.name, diff)
		}
		checkOwnership(t, l, "g", members, topics)
		if gi, _ := l.Group("g"); gi.Generation != i+1 {
			t.Errorf("after %s: Generation = %d, want %d", s.name, gi.Generation, i+1)
		}
		rounds(2)
		produced = append(produced, produceRR(t, l, "t", fmt.Sprintf("during-%d", i), 50)...)
		rounds(1)
		checkOwnership(t, l, "g", members, topics)
	}
	// The last member drains the rest.
	for pollCommit(members["c"]) > 0 {
	}
	for _, v := range produced {
		if consumed[v] != 1 {
			t.Errorf("record %q consumed %d times, want once", v, consumed[v])
		}
	}
	if len(consumed) != len(produced) {
		t.Errorf("consumed %d distinct records, produced %d", len(consumed), len(produced))
	}
	// The committed offsets are the log end offsets.
	want := offsetMap{}
	for p := range int32(6) {
		want[tp("t", p)] = oam(mustPartition(t, l, "t", p).EndOffset)
	}
	if diff := cmp.Diff(want, l.CommittedOffsets("g")); diff != "" {
		t.Errorf("CommittedOffsets (-want +got):\n%s", diff)
	}
}

// TestCommittedOffsetsOutliveConsumers checks that a group's committed
// offsets decide where a newcomer starts after its consumers are gone.
func TestCommittedOffsetsOutliveConsumers(t *testing.T) {
	t.Parallel()
	l, _ := newFilledLog(t)
	first := mustConsumer(t, l, fakelog.ConsumerConfig{Group: "g", MemberID: "first", AutoOffsetReset: fakelog.ResetEarliest, MaxPollRecords: 6})
	if err := first.Subscribe([]string{"t"}); err != nil {
		t.Fatal(err)
	}
	mustPoll(t, first) // three of each partition
	if _, err := first.CommitConsumed(); err != nil {
		t.Fatal(err)
	}
	first.Close()

	gi, ok := l.Group("g")
	want := fakelog.GroupInfo{Group: "g", Generation: 2, State: "EMPTY", ProtocolType: "consumer", Members: []fakelog.MemberInfo{}, Committed: offsetMap{tp("t", 0): oam(3), tp("t", 1): oam(3)}}
	if diff := cmp.Diff(want, gi); !ok || diff != "" {
		t.Errorf("Group after Close (-want +got):\n%s", diff)
	}

	// A newcomer with the latest policy still starts at the commits.
	next := mustConsumer(t, l, fakelog.ConsumerConfig{Group: "g", MemberID: "next", AutoOffsetReset: fakelog.ResetLatest})
	if err := next.Subscribe([]string{"t"}); err != nil {
		t.Fatal(err)
	}
	got := map[int32][]int64{}
	for _, r := range mustPoll(t, next) {
		got[r.Partition] = append(got[r.Partition], r.Offset)
	}
	wantOffsets := map[int32][]int64{0: {3, 4, 5, 6, 7, 8, 9}, 1: {3, 4, 5, 6, 7, 8, 9}}
	if diff := cmp.Diff(wantOffsets, got); diff != "" {
		t.Errorf("newcomer polled (-want +got):\n%s", diff)
	}
	// Another group has its own offsets.
	other := mustConsumer(t, l, fakelog.ConsumerConfig{Group: "other", MemberID: "x", AutoOffsetReset: fakelog.ResetLatest})
	if err := other.Subscribe([]string{"t"}); err != nil {
		t.Fatal(err)
	}
	if recs := mustPoll(t, other); len(recs) != 0 {
		t.Errorf("other group polled %d records, want 0 (latest)", len(recs))
	}
}

// TestGroups checks the Groups and Group listings.
func TestGroups(t *testing.T) {
	t.Parallel()
	l, _ := newLogWithTopic(t, "t", 2)
	if got := l.Groups(); len(got) != 0 {
		t.Errorf("Groups on a new log = %v", got)
	}
	if _, ok := l.Group("g"); ok {
		t.Error("Group(g) exists on a new log")
	}
	joined := mustConsumer(t, l, fakelog.ConsumerConfig{Group: "b-group", MemberID: "joined"})
	if err := joined.Subscribe([]string{"t", "missing"}); err != nil {
		t.Fatal(err)
	}
	mustPoll(t, joined)
	notYet := mustConsumer(t, l, fakelog.ConsumerConfig{Group: "b-group", MemberID: "not-yet"})
	if err := notYet.Subscribe([]string{"t"}); err != nil {
		t.Fatal(err)
	}
	manual := mustConsumer(t, l, fakelog.ConsumerConfig{Group: "b-group", MemberID: "manual"})
	if err := manual.Assign(tps("t", 0)); err != nil {
		t.Fatal(err)
	}
	mustPoll(t, manual)
	mustConsumer(t, l, fakelog.ConsumerConfig{Group: "c-group", MemberID: "idle"})
	if err := l.CommitOffsets("a-group", offsetMap{tp("t", 1): {Offset: 5, Metadata: "seeded"}}); err != nil {
		t.Fatal(err)
	}
	want := []fakelog.GroupInfo{
		{Group: "a-group", State: "EMPTY", Members: []fakelog.MemberInfo{}, Committed: offsetMap{tp("t", 1): {Offset: 5, Metadata: "seeded"}}},
		{Group: "b-group", Generation: 1, State: "STABLE", ProtocolType: "consumer", Protocol: "range", Members: []fakelog.MemberInfo{
			{MemberID: "joined", ClientID: "joined", Subscription: []string{"missing", "t"}, Assignment: tps("t", 0, 1)},
		}, Committed: offsetMap{}},
		{Group: "c-group", State: "EMPTY", Members: []fakelog.MemberInfo{}, Committed: offsetMap{}},
	}
	if diff := cmp.Diff(want, l.Groups()); diff != "" {
		t.Errorf("Groups (-want +got):\n%s", diff)
	}
	gi, ok := l.Group("b-group")
	if diff := cmp.Diff(want[1], gi); !ok || diff != "" {
		t.Errorf("Group(b-group) (-want +got):\n%s", diff)
	}
	// Returned values are copies.
	gi.Members[0].Assignment[0] = tp("x", 9)
	gi.Committed[tp("t", 0)] = oam(1)
	if diff := cmp.Diff(want[1], mustGroup(t, l, "b-group")); diff != "" {
		t.Errorf("Group changed through a copy (-want +got):\n%s", diff)
	}
}

func mustGroup(t testing.TB, l *fakelog.Log, name string) fakelog.GroupInfo {
	t.Helper()
	gi, ok := l.Group(name)
	if !ok {
		t.Fatalf("group %q does not exist", name)
	}
	return gi
}

// TestResetAndCloseDropGroups checks that Reset and Close drop every
// group and close every consumer.
func TestResetAndCloseDropGroups(t *testing.T) {
	t.Parallel()
	l, _ := newLogWithTopic(t, "t", 1)
	c := mustConsumer(t, l, fakelog.ConsumerConfig{Group: "g", MemberID: "m", AutoCommit: true})
	if err := c.Subscribe([]string{"t"}); err != nil {
		t.Fatal(err)
	}
	mustPoll(t, c)
	if err := l.CommitOffsets("g", offsetMap{tp("t", 0): oam(0)}); err != nil {
		t.Fatal(err)
	}
	ch := l.Changes()
	l.Reset()
	if !isClosed(ch) {
		t.Error("Reset did not wake Changes")
	}
	_, err := c.Poll()
	checkErr(t, "Poll after Reset", err, fakelog.ErrConsumerClosed)
	if got := c.Assignment(); len(got) != 0 {
		t.Errorf("Assignment after Reset = %v", got)
	}
	if got := l.Groups(); len(got) != 0 {
		t.Errorf("Groups after Reset = %v", got)
	}
	c.Close() // no effect, no panic
	if got := l.Groups(); len(got) != 0 {
		t.Errorf("Groups after Close of a reset consumer = %v", got)
	}
	// The member id is free, and the group starts afresh.
	mustCreate(t, l, "t", 1, nil)
	c2 := mustConsumer(t, l, fakelog.ConsumerConfig{Group: "g", MemberID: "m"})
	if err := c2.Assign(tps("t", 0)); err != nil {
		t.Fatal(err)
	}
	if got := c2.Committed(tps("t", 0)); len(got) != 0 {
		t.Errorf("Committed after Reset = %v", got)
	}

	_ = l.Close()
	_, err = c2.Poll()
	checkErr(t, "Poll after Close", err, fakelog.ErrConsumerClosed)
	if got := l.Groups(); got != nil {
		t.Errorf("Groups after Close = %v", got)
	}
	if got := l.CommittedOffsets("g"); len(got) != 0 {
		t.Errorf("CommittedOffsets after Close = %v", got)
	}
}
