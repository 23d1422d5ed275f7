package fakelog_test

import (
	"errors"
	"fmt"
	"regexp"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"

	"github.com/kafkarestmock/kafkarestmock/fakelog"
)

func TestTopicPartitionString(t *testing.T) {
	t.Parallel()
	for _, tc := range []struct {
		tp   fakelog.TopicPartition
		want string
	}{
		{tp("orders", 3), "orders-3"},
		{tp("a-b", 0), "a-b-0"},
		{tp("t", 100000), "t-100000"},
		{tp("t", -1), "t--1"},
	} {
		if got := tc.tp.String(); got != tc.want {
			t.Errorf("%#v.String() = %q, want %q", tc.tp, got, tc.want)
		}
	}
}

func TestErrorTypes(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name string
		err  error
		is   error
		want string
	}{
		{"illegal state", &fakelog.IllegalStateError{Message: "boom"}, fakelog.ErrIllegalState, "boom"},
		{"invalid argument", &fakelog.InvalidArgumentError{Message: "bad"}, fakelog.ErrInvalidArgument, "bad"},
		{"invalid config", &fakelog.InvalidConfigError{Message: "cfg"}, fakelog.ErrInvalidConfig, "cfg"},
		{"no offset sorted", &fakelog.NoOffsetError{Partitions: []fakelog.TopicPartition{tp("t", 1), tp("s", 2), tp("t", 0)}}, fakelog.ErrNoOffset,
			"Undefined offset with no reset policy for partitions: [s-2, t-0, t-1]"},
		{"no offset one", &fakelog.NoOffsetError{Partitions: tps("t", 0)}, fakelog.ErrNoOffset,
			"Undefined offset with no reset policy for partitions: [t-0]"},
		{"out of range", &fakelog.OffsetOutOfRangeError{Offsets: map[fakelog.TopicPartition]int64{tp("t", 1): 7, tp("t", 0): 5}}, fakelog.ErrOffsetOutOfRange,
			"Offsets out of range with no configured reset policy for partitions: {t-0=5, t-1=7}"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			checkKafkaErr(t, tc.name, tc.err, tc.is, tc.want)
			if wrapped := errors.Join(errors.New("x"), tc.err); !errors.Is(wrapped, tc.is) {
				t.Errorf("wrapped %v does not match %v", wrapped, tc.is)
			}
			if errors.Is(tc.err, fakelog.ErrClosed) {
				t.Errorf("%v matches ErrClosed", tc.err)
			}
		})
	}
	var ise *fakelog.IllegalStateError
	if !errors.As(fmt.Errorf("wrapped: %w", &fakelog.IllegalStateError{Message: "m"}), &ise) || ise.Message != "m" {
		t.Errorf("errors.As IllegalStateError = %+v", ise)
	}
}

func TestNewConsumerErrors(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name string
		cfg  fakelog.ConsumerConfig
		is   error
		msg  string
	}{
		{name: "empty group", cfg: fakelog.ConsumerConfig{MemberID: "m"}, is: fakelog.ErrInvalidGroup},
		{name: "empty member", cfg: fakelog.ConsumerConfig{Group: "g"}, is: fakelog.ErrInvalidArgument},
		{name: "bad reset", cfg: fakelog.ConsumerConfig{Group: "g", MemberID: "m", AutoOffsetReset: "smallest"}, is: fakelog.ErrInvalidConfig,
			msg: "Invalid value smallest for configuration auto.offset.reset: String must be one of: latest, earliest, none"},
		{name: "upper-case reset", cfg: fakelog.ConsumerConfig{Group: "g", MemberID: "m", AutoOffsetReset: "EARLIEST"}, is: fakelog.ErrInvalidConfig,
			msg: "Invalid value EARLIEST for configuration auto.offset.reset: String must be one of: latest, earliest, none"},
		{name: "negative interval", cfg: fakelog.ConsumerConfig{Group: "g", MemberID: "m", AutoCommitInterval: -time.Second}, is: fakelog.ErrInvalidConfig,
			msg: "Invalid value -1000 for configuration auto.commit.interval.ms: Value must be at least 0"},
		{name: "negative max poll", cfg: fakelog.ConsumerConfig{Group: "g", MemberID: "m", MaxPollRecords: -1}, is: fakelog.ErrInvalidConfig,
			msg: "Invalid value -1 for configuration max.poll.records: Value must be at least 1"},
		{name: "member exists", cfg: fakelog.ConsumerConfig{Group: "g", MemberID: "taken"}, is: fakelog.ErrMemberExists},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			l, _ := newLog(t)
			mustConsumer(t, l, fakelog.ConsumerConfig{Group: "g", MemberID: "taken"})
			c, err := l.NewConsumer(tc.cfg)
			checkKafkaErr(t, "NewConsumer", err, tc.is, tc.msg)
			if c != nil {
				t.Errorf("NewConsumer returned a consumer with error %v", err)
			}
		})
	}
}

func TestNewConsumer(t *testing.T) {
	t.Parallel()
	l, _ := newLog(t)
	a := mustConsumer(t, l, fakelog.ConsumerConfig{Group: "g", MemberID: "a"})
	if a.Group() != "g" || a.MemberID() != "a" {
		t.Errorf("Group, MemberID = %q, %q", a.Group(), a.MemberID())
	}
	// The same member id in another group is fine.
	mustConsumer(t, l, fakelog.ConsumerConfig{Group: "h", MemberID: "a"})
	// After Close the member id is free again.
	a.Close()
	a.Close()
	mustConsumer(t, l, fakelog.ConsumerConfig{Group: "g", MemberID: "a"})

	_ = l.Close()
	_, err := l.NewConsumer(fakelog.ConsumerConfig{Group: "g", MemberID: "b"})
	checkErr(t, "NewConsumer on closed log", err, fakelog.ErrClosed)
}

// TestConsumerErrors checks every consumer error with Kafka's text.
func TestConsumerErrors(t *testing.T) {
	t.Parallel()
	const mutex = "Subscription to topics, partitions and pattern are mutually exclusive"
	type step func(*fakelog.Consumer) error
	subscribe := func(topics ...string) step {
		return func(c *fakelog.Consumer) error { return c.Subscribe(topics) }
	}
	pattern := func(re string) step {
		return func(c *fakelog.Consumer) error { return c.SubscribePattern(regexp.MustCompile(re)) }
	}
	assign := func(ps ...fakelog.TopicPartition) step {
		return func(c *fakelog.Consumer) error { return c.Assign(ps) }
	}
	poll := func(c *fakelog.Consumer) error { _, err := c.Poll(); return err }
	closeIt := func(c *fakelog.Consumer) error { c.Close(); return nil }
	tests := []struct {
		name  string
		setup []step
		call  step
		is    error
		msg   string
	}{
		{name: "subscribe after assign", setup: []step{assign(tp("t", 0))}, call: subscribe("t"), is: fakelog.ErrIllegalState, msg: mutex},
		{name: "subscribe after pattern", setup: []step{pattern("t.*")}, call: subscribe("t"), is: fakelog.ErrIllegalState, msg: mutex},
		{name: "pattern after subscribe", setup: []step{subscribe("t")}, call: pattern("t.*"), is: fakelog.ErrIllegalState, msg: mutex},
		{name: "pattern after assign", setup: []step{assign(tp("t", 0))}, call: pattern("t.*"), is: fakelog.ErrIllegalState, msg: mutex},
		{name: "assign after subscribe", setup: []step{subscribe("t")}, call: assign(tp("t", 0)), is: fakelog.ErrIllegalState, msg: mutex},
		{name: "assign after joined subscribe", setup: []step{subscribe("t"), poll}, call: assign(tp("t", 0)), is: fakelog.ErrIllegalState, msg: mutex},
		{name: "assign after pattern", setup: []step{pattern("t")}, call: assign(tp("t", 0)), is: fakelog.ErrIllegalState, msg: mutex},
		{name: "empty topic", call: subscribe("t", ""), is: fakelog.ErrInvalidArgument, msg: "Topic collection to subscribe to cannot contain null or empty topic"},
		{name: "blank topic", call: subscribe(" \t"), is: fakelog.ErrInvalidArgument, msg: "Topic collection to subscribe to cannot contain null or empty topic"},
		{name: "blank topic before mutex", setup: []step{assign(tp("t", 0))}, call: subscribe(""), is: fakelog.ErrInvalidArgument, msg: "Topic collection to subscribe to cannot contain null or empty topic"},
		{name: "assign empty topic", call: assign(tp("", 0)), is: fakelog.ErrInvalidArgument, msg: "Topic partitions to assign to cannot have null or empty topic"},
		{name: "nil pattern", call: func(c *fakelog.Consumer) error { return c.SubscribePattern(nil) }, is: fakelog.ErrInvalidArgument, msg: "Topic pattern to subscribe to cannot be null"},
		{name: "empty pattern", call: pattern(""), is: fakelog.ErrInvalidArgument, msg: "Topic pattern to subscribe to cannot be empty"},
		{name: "poll unsubscribed", call: poll, is: fakelog.ErrIllegalState, msg: "Consumer is not subscribed to any topics or assigned any partitions"},
		{name: "poll after unsubscribe", setup: []step{subscribe("t"), poll, func(c *fakelog.Consumer) error { c.Unsubscribe(); return nil }}, call: poll,
			is: fakelog.ErrIllegalState, msg: "Consumer is not subscribed to any topics or assigned any partitions"},
		{name: "poll after empty assign", setup: []step{assign(tp("t", 0)), assign()}, call: poll,
			is: fakelog.ErrIllegalState, msg: "Consumer is not subscribed to any topics or assigned any partitions"},
		{name: "seek unassigned", setup: []step{assign(tp("t", 0))}, call: func(c *fakelog.Consumer) error { return c.Seek(tp("t", 1), 0) },
			is: fakelog.ErrIllegalState, msg: "No current assignment for partition t-1"},
		{name: "seek before join", setup: []step{subscribe("t")}, call: func(c *fakelog.Consumer) error { return c.Seek(tp("t", 0), 0) },
			is: fakelog.ErrIllegalState, msg: "No current assignment for partition t-0"},
		{name: "seek negative", setup: []step{assign(tp("t", 0))}, call: func(c *fakelog.Consumer) error { return c.Seek(tp("t", 0), -1) },
			is: fakelog.ErrInvalidArgument, msg: "seek offset must not be a negative number"},
		{name: "seek to beginning unassigned", setup: []step{assign(tp("t", 0))},
			call: func(c *fakelog.Consumer) error {
				return c.SeekToBeginning([]fakelog.TopicPartition{tp("t", 0), tp("u", 2), tp("t", 1)})
			},
			is: fakelog.ErrIllegalState, msg: "No current assignment for partition u-2"},
		{name: "seek to end unassigned", call: func(c *fakelog.Consumer) error { return c.SeekToEnd(tps("t", 0)) },
			is: fakelog.ErrIllegalState, msg: "No current assignment for partition t-0"},
		{name: "position unassigned", setup: []step{assign(tp("t", 0))}, call: func(c *fakelog.Consumer) error { _, err := c.Position(tp("t", 1)); return err },
			is: fakelog.ErrIllegalState, msg: "You can only check the position for partitions assigned to this consumer."},
		{name: "position unknown topic", setup: []step{assign(tp("nope", 0))}, call: func(c *fakelog.Consumer) error { _, err := c.Position(tp("nope", 0)); return err },
			is: fakelog.ErrUnknownTopic},
		{name: "position unknown partition", setup: []step{assign(tp("t", 9))}, call: func(c *fakelog.Consumer) error { _, err := c.Position(tp("t", 9)); return err },
			is: fakelog.ErrUnknownPartition},
		{name: "commit negative", call: func(c *fakelog.Consumer) error {
			return c.Commit(map[fakelog.TopicPartition]fakelog.OffsetAndMetadata{tp("t", 0): oam(1), tp("t", 1): oam(-1)})
		}, is: fakelog.ErrInvalidArgument, msg: "Invalid negative offset"},
		{name: "commit unknown topic", call: func(c *fakelog.Consumer) error {
			return c.Commit(map[fakelog.TopicPartition]fakelog.OffsetAndMetadata{tp("t", 0): oam(1), tp("nope", 0): oam(1)})
		}, is: fakelog.ErrUnknownTopic},
		{name: "commit unknown partition", call: func(c *fakelog.Consumer) error {
			return c.Commit(map[fakelog.TopicPartition]fakelog.OffsetAndMetadata{tp("t", 0): oam(1), tp("t", 3): oam(1)})
		}, is: fakelog.ErrUnknownPartition},
		{name: "commit negative partition", call: func(c *fakelog.Consumer) error {
			return c.Commit(map[fakelog.TopicPartition]fakelog.OffsetAndMetadata{tp("t", -1): oam(1)})
		}, is: fakelog.ErrUnknownPartition},
		{name: "closed poll", setup: []step{assign(tp("t", 0)), closeIt}, call: poll, is: fakelog.ErrConsumerClosed},
		{name: "closed subscribe", setup: []step{closeIt}, call: subscribe("t"), is: fakelog.ErrConsumerClosed},
		{name: "closed subscribe empty", setup: []step{closeIt}, call: subscribe(), is: fakelog.ErrConsumerClosed},
		{name: "closed pattern", setup: []step{closeIt}, call: pattern("t"), is: fakelog.ErrConsumerClosed},
		{name: "closed assign", setup: []step{closeIt}, call: assign(tp("t", 0)), is: fakelog.ErrConsumerClosed},
		{name: "closed seek", setup: []step{assign(tp("t", 0)), closeIt}, call: func(c *fakelog.Consumer) error { return c.Seek(tp("t", 0), 1) }, is: fakelog.ErrConsumerClosed},
		{name: "closed seek to beginning", setup: []step{closeIt}, call: func(c *fakelog.Consumer) error { return c.SeekToBeginning(nil) }, is: fakelog.ErrConsumerClosed},
		{name: "closed seek to end", setup: []step{closeIt}, call: func(c *fakelog.Consumer) error { return c.SeekToEnd(nil) }, is: fakelog.ErrConsumerClosed},
		{name: "closed position", setup: []step{assign(tp("t", 0)), closeIt}, call: func(c *fakelog.Consumer) error { _, err := c.Position(tp("t", 0)); return err }, is: fakelog.ErrConsumerClosed},
		{name: "closed commit", setup: []step{closeIt}, call: func(c *fakelog.Consumer) error {
			return c.Commit(map[fakelog.TopicPartition]fakelog.OffsetAndMetadata{tp("t", 0): oam(1)})
		}, is: fakelog.ErrConsumerClosed},
		{name: "closed commit consumed", setup: []step{closeIt}, call: func(c *fakelog.Consumer) error { _, err := c.CommitConsumed(); return err }, is: fakelog.ErrConsumerClosed},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			l, _ := newLogWithTopic(t, "t", 3)
			c := mustConsumer(t, l, fakelog.ConsumerConfig{Group: "g", MemberID: "m", AutoOffsetReset: fakelog.ResetEarliest})
			for i, s := range tc.setup {
				if err := s(c); err != nil {
					t.Fatalf("setup step %d: %v", i, err)
				}
			}
			beforeSub, beforeAssign := c.Subscription(), c.Assignment()
			checkKafkaErr(t, tc.name, tc.call(c), tc.is, tc.msg)
			// A failed call changes nothing.
			if diff := cmp.Diff(beforeSub, c.Subscription()); diff != "" {
				t.Errorf("Subscription changed (-want +got):\n%s", diff)
			}
			if diff := cmp.Diff(beforeAssign, c.Assignment()); diff != "" {
				t.Errorf("Assignment changed (-want +got):\n%s", diff)
			}
			if got := l.CommittedOffsets("g"); len(got) != 0 {
				t.Errorf("CommittedOffsets after failed call = %v, want none", got)
			}
		})
	}
}

func TestSubscriptionAndAssignment(t *testing.T) {
	t.Parallel()
	type step struct {
		do             func(*fakelog.Consumer) error
		wantSub        []string
		wantAssignment []fakelog.TopicPartition
	}
	tests := []struct {
		name  string
		steps []step
	}{
		{name: "fresh", steps: []step{{do: func(*fakelog.Consumer) error { return nil }, wantSub: []string{}, wantAssignment: tps("a")}}},
		{name: "subscribe sorts and dedupes, joins at poll", steps: []step{
			{do: func(c *fakelog.Consumer) error { return c.Subscribe([]string{"b", "a", "b"}) }, wantSub: []string{"a", "b"}, wantAssignment: tps("a")},
			{do: pollStep, wantSub: []string{"a", "b"}, wantAssignment: []fakelog.TopicPartition{tp("a", 0), tp("a", 1), tp("b", 0)}},
		}},
		{name: "subscribe replaces", steps: []step{
			{do: func(c *fakelog.Consumer) error { return c.Subscribe([]string{"a"}) }, wantSub: []string{"a"}, wantAssignment: tps("a")},
			{do: pollStep, wantSub: []string{"a"}, wantAssignment: tps("a", 0, 1)},
			// The member keeps its partitions until it rejoins at its
			// next poll.
			{do: func(c *fakelog.Consumer) error { return c.Subscribe([]string{"b"}) }, wantSub: []string{"b"}, wantAssignment: tps("a", 0, 1)},
			{do: pollStep, wantSub: []string{"b"}, wantAssignment: tps("b", 0)},
		}},
		{name: "subscribe missing topic", steps: []step{
			{do: func(c *fakelog.Consumer) error { return c.Subscribe([]string{"missing", "b"}) }, wantSub: []string{"b", "missing"}, wantAssignment: tps("a")},
			{do: pollStep, wantSub: []string{"b", "missing"}, wantAssignment: tps("b", 0)},
		}},
		{name: "empty subscribe unsubscribes", steps: []step{
			{do: func(c *fakelog.Consumer) error { return c.Subscribe([]string{"a"}) }, wantSub: []string{"a"}, wantAssignment: tps("a")},
			{do: pollStep, wantSub: []string{"a"}, wantAssignment: tps("a", 0, 1)},
			{do: func(c *fakelog.Consumer) error { return c.Subscribe(nil) }, wantSub: []string{}, wantAssignment: tps("a")},
		}},
		{name: "pattern matches at poll", steps: []step{
			{do: func(c *fakelog.Consumer) error { return c.SubscribePattern(regexp.MustCompile(`a|b`)) }, wantSub: []string{}, wantAssignment: tps("a")},
			{do: pollStep, wantSub: []string{"a", "b"}, wantAssignment: []fakelog.TopicPartition{tp("a", 0), tp("a", 1), tp("b", 0)}},
			{do: func(c *fakelog.Consumer) error { return c.SubscribePattern(regexp.MustCompile(`b`)) }, wantSub: []string{"b"},
				wantAssignment: []fakelog.TopicPartition{tp("a", 0), tp("a", 1), tp("b", 0)}},
			{do: pollStep, wantSub: []string{"b"}, wantAssignment: tps("b", 0)},
		}},
		{name: "pattern matches whole names", steps: []step{
			{do: func(c *fakelog.Consumer) error { return c.SubscribePattern(regexp.MustCompile(`a.`)) }, wantSub: []string{}, wantAssignment: tps("a")},
			{do: pollStep, wantSub: []string{"ab"}, wantAssignment: tps("ab", 0)},
		}},
		{name: "assign sorts", steps: []step{
			{do: func(c *fakelog.Consumer) error {
				return c.Assign([]fakelog.TopicPartition{tp("b", 0), tp("a", 1), tp("a", 0), tp("a", 1)})
			},
				wantSub: []string{}, wantAssignment: []fakelog.TopicPartition{tp("a", 0), tp("a", 1), tp("b", 0)}},
			{do: func(c *fakelog.Consumer) error { return c.Assign([]fakelog.TopicPartition{tp("zz", 4)}) }, wantSub: []string{}, wantAssignment: tps("zz", 4)},
			{do: func(c *fakelog.Consumer) error { c.Unsubscribe(); return nil }, wantSub: []string{}, wantAssignment: tps("a")},
			{do: func(c *fakelog.Consumer) error { return c.Subscribe([]string{"a"}) }, wantSub: []string{"a"}, wantAssignment: tps("a")},
		}},
		{name: "closed", steps: []step{
			{do: func(c *fakelog.Consumer) error { return c.Subscribe([]string{"a"}) }, wantSub: []string{"a"}, wantAssignment: tps("a")},
			{do: pollStep, wantSub: []string{"a"}, wantAssignment: tps("a", 0, 1)},
			{do: func(c *fakelog.Consumer) error { c.Close(); return nil }, wantSub: []string{}, wantAssignment: tps("a")},
		}},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			l, _ := newLogWithTopic(t, "a", 2)
			mustCreate(t, l, "b", 1, nil)
			mustCreate(t, l, "ab", 1, nil)
			c := mustConsumer(t, l, fakelog.ConsumerConfig{Group: "g", MemberID: "m"})
			for i, s := range tc.steps {
				if err := s.do(c); err != nil {
					t.Fatalf("step %d: %v", i, err)
				}
				if diff := cmp.Diff(s.wantSub, c.Subscription()); diff != "" {
					t.Errorf("step %d: Subscription (-want +got):\n%s", i, diff)
				}
				if diff := cmp.Diff(s.wantAssignment, c.Assignment()); diff != "" {
					t.Errorf("step %d: Assignment (-want +got):\n%s", i, diff)
				}
			}
		})
	}
}

func pollStep(c *fakelog.Consumer) error { _, err := c.Poll(); return err }

// TestAssignKeepsPositions checks that re-assigning keeps the positions
// of partitions that stay and drops the others.
func TestAssignKeepsPositions(t *testing.T) {
	t.Parallel()
	l, _ := newLogWithTopic(t, "t", 3)
	for p := range int32(3) {
		fill(t, l, "t", p, "v", 5)
	}
	c := mustConsumer(t, l, fakelog.ConsumerConfig{Group: "g", MemberID: "m", AutoOffsetReset: fakelog.ResetEarliest})
	if err := c.Assign(tps("t", 0, 1)); err != nil {
		t.Fatal(err)
	}
	if err := c.Seek(tp("t", 0), 3); err != nil {
		t.Fatal(err)
	}
	if err := c.Seek(tp("t", 1), 4); err != nil {
		t.Fatal(err)
	}
	if err := c.Assign(tps("t", 0, 2)); err != nil {
		t.Fatal(err)
	}
	wantPosition(t, c, tp("t", 0), 3, "(kept)")
	wantPosition(t, c, tp("t", 2), 0, "(earliest)")
	if err := c.Assign(tps("t", 1)); err != nil {
		t.Fatal(err)
	}
	wantPosition(t, c, tp("t", 1), 0, "(dropped when unassigned)")
}

func TestConsumerConfigCheckFillsDefaults(t *testing.T) {
	t.Parallel()
	got, err := fakelog.ConsumerConfig{Group: "g", MemberID: "m"}.Check()
	if err != nil {
		t.Fatal(err)
	}
	want := fakelog.ConsumerConfig{Group: "g", MemberID: "m", AutoOffsetReset: fakelog.ResetLatest,
		AutoCommitInterval: fakelog.DefaultAutoCommitInterval, MaxPollRecords: fakelog.DefaultMaxPollRecords,
		MaxPollInterval: fakelog.DefaultMaxPollInterval}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("Check (-want +got):\n%s", diff)
	}
	kept := fakelog.ConsumerConfig{Group: "g", MemberID: "m", AutoOffsetReset: fakelog.ResetNone, AutoCommitInterval: time.Second, MaxPollRecords: 7, MaxPollInterval: time.Minute}
	if got, err := kept.Check(); err != nil || got != kept {
		t.Errorf("Check(%+v) = %+v, %v; want it unchanged", kept, got, err)
	}
}
