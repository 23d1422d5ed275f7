package fakelog

import (
	"maps"
	"time"
)

// Commit stores offsets as the group's committed offsets, as
// KafkaConsumer.commitSync(offsets) does; the partitions need not be
// assigned to the consumer (Kafka's coordinator checks the generation,
// not who owns a partition). It checks every entry first and stores
// nothing if one is bad: a negative offset gives an
// [InvalidArgumentError] "Invalid negative offset", a topic that does not
// exist an error wrapping ErrUnknownTopic, a partition that does not
// exist one wrapping ErrUnknownPartition. It returns ErrConsumerClosed on
// a closed consumer. An empty map commits nothing and succeeds.
//
// The group fences commits as Kafka's does, with a [CommitFailedError]:
// a subscribed consumer that is not a member (it has not joined at a
// Poll yet, or was removed after its MaxPollInterval) gets
// [MsgCommitNotMember]; a member that has rejoined a rebalance and waits
// for it [MsgCommitRebalancing]; a consumer assigned partitions by hand
// (it has no generation) committing to a group that has members
// [MsgCommitFailed]. A member that has not rejoined yet still holds the
// current generation, and its commits succeed.
//
// It takes the group's lock and the log's read lock, and wakes
// [Log.Changes] waiters if the committed offsets changed.
func (c *Consumer) Commit(offsets map[TopicPartition]OffsetAndMetadata) error {
	if err := checkNegative(offsets); err != nil {
		return err
	}
	g := c.g
	g.lock()
	defer g.mu.Unlock()
	if c.closed {
		return ErrConsumerClosed
	}
	if len(offsets) == 0 {
		return nil
	}
	if err := c.fenceLocked(); err != nil {
		// Partitions that do not exist are reported first, as the
		// Kafka backend checks them before it sends the commit.
		if _, perr := g.log.partitionIDs(sortedKeys(offsets)); perr != nil {
			return perr
		}
		return err
	}
	return g.commitLocked(offsets, true)
}

// fenceLocked returns the [CommitFailedError] the group answers a commit
// of c with, or nil if c may commit. g.mu must be held.
func (c *Consumer) fenceLocked() error {
	switch {
	case c.subscribedLocked() && c.member && c.gen != 0:
		return nil
	case c.subscribedLocked() && c.member:
		return &CommitFailedError{Message: MsgCommitRebalancing}
	case c.subscribedLocked():
		return &CommitFailedError{Message: MsgCommitNotMember}
	case len(c.g.membersLocked()) > 0:
		// Generation -1 to a group that is not empty: the coordinator
		// answers UNKNOWN_MEMBER_ID.
		return &CommitFailedError{Message: MsgCommitFailed}
	}
	return nil
}

// CommitConsumed commits the position of every assigned partition that
// has one (the offset after the last record Poll returned, or where a
// Seek put it), as KafkaConsumer.commitSync() does, and returns a copy of
// what it committed (empty, not nil, when nothing). Errors are those of
// [Consumer.Commit], fences included; a topic deleted since the positions
// were taken gives one wrapping ErrUnknownTopic. It takes the group's lock and the log's
// read lock, and wakes [Log.Changes] waiters if the committed offsets
// changed.
func (c *Consumer) CommitConsumed() (map[TopicPartition]OffsetAndMetadata, error) {
	g := c.g
	g.lock()
	defer g.mu.Unlock()
	if c.closed {
		return nil, ErrConsumerClosed
	}
	offsets := c.consumedLocked()
	if len(offsets) == 0 {
		return offsets, nil
	}
	if err := c.fenceLocked(); err != nil {
		return nil, err
	}
	if err := g.commitLocked(offsets, true); err != nil {
		return nil, err
	}
	return maps.Clone(offsets), nil
}

// Committed returns the group's committed offsets of tps, as
// KafkaConsumer.committed does; partitions with none are absent. The map
// is a copy, never nil; it is empty for a closed consumer. It takes the
// group's lock and the log's read lock.
func (c *Consumer) Committed(tps []TopicPartition) map[TopicPartition]OffsetAndMetadata {
	g := c.g
	g.lock()
	defer g.mu.Unlock()
	out := make(map[TopicPartition]OffsetAndMetadata)
	if c.closed || len(tps) == 0 {
		return out
	}
	metas := g.log.topicMetas()
	for _, tp := range tps {
		if om, ok := g.committedLocked(tp, metas[tp.Topic].id); ok {
			out[tp] = om
		}
	}
	return out
}

// consumedLocked returns the resolved positions, as offsets to commit
// with empty metadata. g.mu must be held.
func (c *Consumer) consumedLocked() map[TopicPartition]OffsetAndMetadata {
	out := make(map[TopicPartition]OffsetAndMetadata, len(c.pos))
	for tp, p := range c.pos {
		if p.seek == seekNone {
			out[tp] = OffsetAndMetadata{Offset: p.offset}
		}
	}
	return out
}

// autoCommitLocked commits the resolved positions if AutoCommit is on,
// skipping partitions that no longer exist; a fenced auto-commit does
// nothing, as Kafka's only logs it. g.mu must be held.
func (c *Consumer) autoCommitLocked() {
	if c.autoCommit && c.fenceLocked() == nil {
		_ = c.g.commitLocked(c.consumedLocked(), false)
	}
}

// maybeAutoCommitLocked auto-commits if AutoCommit is on and the interval
// has passed since the consumer was created or last auto-committed on
// the interval; now is the log clock's time. g.mu must be held.
func (c *Consumer) maybeAutoCommitLocked(now time.Time) {
	if c.autoCommit && now.Sub(c.lastAuto) >= c.interval {
		c.autoCommitLocked()
		c.lastAuto = now
	}
}
