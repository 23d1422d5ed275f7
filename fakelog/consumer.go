package fakelog

import (
	"fmt"
	"regexp"
	"slices"
	"time"
)

// Consumer is a Kafka consumer on a [Log], with the behaviour of Kafka's
// Java KafkaConsumer: it either subscribes to topics (a list or a
// pattern) and gets partitions from its consumer group, or is assigned
// partitions by hand. Create one with [Log.NewConsumer].
//
// The group coordinator lives in the log. A subscribed consumer joins its
// group at its next Poll. Whenever a member joins or leaves, rejoins
// with a changed subscription, or (noticed at any member's Poll) a
// subscribed topic is created, deleted or grows, or a pattern matches
// other topics, the group rebalances eagerly, as Kafka's classic
// protocol does: each member learns of the rebalance at its next Poll,
// where it auto-commits (if enabled), drops its assignment and positions
// and rejoins; until every member has rejoined (members that do not Poll
// within their MaxPollInterval are removed), members that rejoined get
// no records, and the others keep their partitions. Then the partitions
// are spread by Kafka's RangeAssignor over the members, taken in
// MemberID order (the real broker orders them by member ids it
// generates), the group's generation grows, and every member resumes
// from the group's committed offsets or its reset policy.
//
// All methods are safe for concurrent use. A consumer's state is guarded
// by its group's lock, which a rebalance holds while it updates every
// member; no method waits for anything but that lock and the log's short
// locks, and none waits for data: to wait, select on [Log.Changes], which
// also fires at rebalances and commits.
type Consumer struct {
	g          *group        // read-only
	id         string        // read-only
	reset      string        // read-only; a valid policy
	autoCommit bool          // read-only
	interval   time.Duration // read-only
	maxPoll    int           // read-only
	shared     bool          // read-only: Poll returns the log's bytes, not copies
	// pollInterval is max.poll.interval.ms: a member that does not
	// Poll within it is removed from its group. Read-only.
	pollInterval time.Duration

	// The fields below are guarded by g.mu.

	// closed is set by Close, Log.Reset and Log.Close.
	closed bool
	// topics is the topic-list subscription, sorted; nil if none.
	topics []string
	// pattern is the pattern subscription, anchored to whole names, and
	// patternSrc its text as given; nil and "" if none.
	pattern    *regexp.Regexp
	patternSrc string
	// manual is the manual assignment, sorted; nil if none.
	manual []TopicPartition
	// member is set while the consumer is a joined member of its group.
	member bool
	// gen is the generation whose assignment the member holds; 0 while
	// it has rejoined a rebalance and waits for it, or is not a member.
	gen int
	// rejoin is set when a member's subscription changed: it rejoins
	// (starting a rebalance) at its next Poll.
	rejoin bool
	// lastPoll is the time of the member's last Poll, on the log clock.
	lastPoll time.Time
	// subs are the topics the group assigned from: topics, or the
	// pattern's matches at the last rebalance or check; nil unless member.
	subs []string
	// assigned is the group assignment, sorted; nil unless member.
	assigned []TopicPartition
	// pos holds the positions of assigned partitions: the next offset to
	// read, or a pending seek to the beginning or end.
	pos map[TopicPartition]position
	// rr rotates the partition Poll starts with.
	rr int
	// lastAuto is when the consumer was created or last auto-committed
	// on the interval.
	lastAuto time.Time
}

// position is a consumer's position in one partition.
type position struct {
	offset int64
	seek   seekTo
	// topicID is the id of the topic the position was resolved in; 0
	// for a Seek, which applies to whatever topic has the name. A
	// position in a deleted topic does not carry over to a re-created one.
	topicID uint64
}

// seekTo is a lazy seek, resolved at the next Poll or Position.
type seekTo int8

const (
	seekNone seekTo = iota
	seekBeginning
	seekEnd
)

// NewConsumer creates a consumer in the group cfg.Group, creating the
// group if needed. The consumer has no subscription and no assignment.
//
// It returns an error wrapping ErrInvalidGroup for an empty group id,
// ErrInvalidArgument for an empty member id, ErrMemberExists if an open
// consumer of the group has cfg.MemberID, ErrClosed on a closed log, and
// an [InvalidConfigError] with Kafka's text for a bad AutoOffsetReset
// ("Invalid value x for configuration auto.offset.reset: String must be
// one of: latest, earliest, none") or a negative AutoCommitInterval or
// MaxPollRecords. It reads the clock, then takes the group's lock.
func (l *Log) NewConsumer(cfg ConsumerConfig) (*Consumer, error) {
	cfg, err := cfg.Check()
	if err != nil {
		return nil, err
	}
	c := &Consumer{
		id:           cfg.MemberID,
		reset:        cfg.AutoOffsetReset,
		autoCommit:   cfg.AutoCommit,
		interval:     cfg.AutoCommitInterval,
		maxPoll:      cfg.MaxPollRecords,
		shared:       cfg.SharedBytes,
		pollInterval: cfg.MaxPollInterval,
		pos:          make(map[TopicPartition]position),
		lastAuto:     l.clock.Now(),
	}
	g, err := l.groupFor(cfg.Group)
	if err != nil {
		return nil, err
	}
	defer g.mu.Unlock()
	if g.consumers[c.id] != nil {
		return nil, fmt.Errorf("%w: member %q of group %q", ErrMemberExists, c.id, g.name)
	}
	c.g = g
	g.consumers[c.id] = c
	return c, nil
}

// Group returns the consumer's group id. It does not block.
func (c *Consumer) Group() string { return c.g.name }

// MemberID returns the consumer's member id. It does not block.
func (c *Consumer) MemberID() string { return c.id }

// Close closes the consumer, as KafkaConsumer.close does: with AutoCommit
// on it commits its positions, and a member leaves its group, which
// rebalances. Later calls return ErrConsumerClosed, and the member id may
// be used again. It is idempotent. It takes the group's lock.
func (c *Consumer) Close() {
	g := c.g
	g.mu.Lock()
	defer g.mu.Unlock()
	if c.closed {
		return
	}
	c.leaveLocked()
	c.closed = true
	delete(g.consumers, c.id)
}

// assignmentLocked returns the current assignment, not a copy. g.mu must
// be held.
func (c *Consumer) assignmentLocked() []TopicPartition {
	if c.manual != nil {
		return c.manual
	}
	if c.member {
		return c.assigned
	}
	return nil
}

// assignedLocked reports whether tp is in the current assignment. g.mu
// must be held.
func (c *Consumer) assignedLocked(tp TopicPartition) bool {
	_, ok := slices.BinarySearchFunc(c.assignmentLocked(), tp, compareTP)
	return ok
}

// subscribedLocked reports whether the consumer has a topic-list or
// pattern subscription. g.mu must be held.
func (c *Consumer) subscribedLocked() bool { return c.topics != nil || c.pattern != nil }

// resolveSubscription returns the topics the consumer subscribes to given
// the log's topics: its topic list, or its pattern's matches. g.mu must
// be held.
func (c *Consumer) resolveSubscription(metas map[string]topicMeta) []string {
	if c.pattern != nil {
		return matchTopics(c.pattern, metas)
	}
	return slices.Clone(c.topics)
}

// leaveLocked commits (with AutoCommit on), leaves the group if a member
// (rebalancing it) and clears the subscription, assignment and positions.
// g.mu must be held.
func (c *Consumer) leaveLocked() {
	c.autoCommitLocked()
	if c.member {
		c.g.removeLocked(c)
	}
	c.clearLocked()
}

// clearLocked drops the consumer's subscription, membership, assignment
// and positions. g.mu must be held.
func (c *Consumer) clearLocked() {
	c.topics, c.pattern, c.patternSrc, c.manual = nil, nil, "", nil
	c.member, c.gen, c.rejoin, c.subs, c.assigned = false, 0, false, nil, nil
	clear(c.pos)
}
