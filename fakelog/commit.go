package fakelog

import (
	"maps"
	"time"
)

// Commit stores offsets as the group's committed offsets, as
// KafkaConsumer.commitSync(offsets) does; the partitions need not be
// assigned to the consumer. It checks every entry first and stores nothing
// if one is bad: a negative offset gives an [InvalidArgumentError]
// "Invalid negative offset", a topic that does not exist an error
// wrapping ErrUnknownTopic, a partition that does not exist one wrapping
// ErrUnknownPartition. It returns ErrConsumerClosed on a closed consumer.
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
	return g.commitLocked(offsets, true)
}

// CommitConsumed commits the position of every assigned partition that
// has one (the offset after the last record Poll returned, or where a
// Seek put it), as KafkaConsumer.commitSync() does, and returns a copy of
// what it committed (empty, not nil, when nothing). Errors are those of
// [Consumer.Commit]; a topic deleted since the positions were taken gives
// one wrapping ErrUnknownTopic. It takes the group's lock and the log's
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
// skipping partitions that no longer exist. g.mu must be held.
func (c *Consumer) autoCommitLocked() {
	if c.autoCommit {
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
