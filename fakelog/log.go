package fakelog

import (
	"context"
	"fmt"
	"sync"
	"time"
)

// Log is an in-memory, partitioned, Kafka-like log: a set of topics, each
// with a fixed (growable) number of partitions. Create one with [New].
//
// A Log is safe for concurrent use by any number of goroutines. It starts
// no goroutines: every wait happens in the caller's goroutine, so a Log
// created inside a testing/synctest bubble works on the bubble's virtual
// time. Methods that wait say so; all others return without waiting for
// anything but short internal locks.
//
// Locking: Log.mu guards the topic map, the closed flag and every topic's
// partition slice; each partition's own mutex guards its records, offsets
// and wake channel; the notifier behind [Log.Changes] has a leaf mutex.
// Each consumer group has a mutex guarding the group and all its
// consumers (see [Consumer]). Locks are taken in the order group, Log,
// partition, notifier and never the other way: the log never calls into
// groups while holding its own locks. The map of groups has its own leaf
// mutex. The Clock is never called while any of them is held.
type Log struct {
	clock     Clock     // read-only after New
	retention retention // default retention of new topics; read-only after New

	// mu guards topics, closed, topicSeq, and topic.parts of every topic
	// in topics.
	mu     sync.RWMutex
	topics map[string]*topic
	closed bool
	// topicSeq numbers topic creations; a topic's id tells a re-created
	// topic from the one deleted before it, as Kafka's topic ids do.
	topicSeq uint64

	// groups holds the consumer groups; it has its own lock.
	groups groupSet

	// changes wakes Changes callers; it has its own lock.
	changes notifier
}

// New returns an empty, open Log configured by opts.
func New(opts ...Option) *Log {
	cfg := config{clock: RealClock()}
	for _, o := range opts {
		if o != nil {
			o.apply(&cfg)
		}
	}
	return &Log{
		clock:     cfg.clock,
		retention: cfg.retention,
		topics:    make(map[string]*topic),
	}
}

// Clock returns the clock the log stamps records and times waits with.
// It does not block.
func (l *Log) Clock() Clock { return l.clock }

// Changed returns a channel that is closed at the next change to the
// partition: an append (Produce, Append), DeleteRecords, deletion of its
// topic (DeleteTopic, Reset) or Close. It does not block.
//
// Use it to wait without polling: take the channel, check for data, and if
// there is none select on the channel, a timer and a context, then check
// again. [Log.WaitForData] does exactly that.
func (l *Log) Changed(topic string, partition int32) (<-chan struct{}, error) {
	l.mu.RLock()
	defer l.mu.RUnlock()
	p, err := l.partitionLocked(topic, partition)
	if err != nil {
		return nil, err
	}
	p.mu.Lock()
	defer p.mu.Unlock()
	return p.waitLocked(), nil
}

// Changes returns a channel that is closed at the next change anywhere in
// the log: an append to any partition, DeleteRecords, topic creation or
// deletion, AddPartitions, a consumer group rebalance, a commit that
// changes a group's committed offsets, Reset or Close. After Close it
// returns a closed channel. It does not block.
func (l *Log) Changes() <-chan struct{} { return l.changes.wait() }

// WaitForData blocks until the end offset of the partition is greater than
// offset, and returns nil at once if it already is. It also returns when
// ctx is done (with ctx.Err()), when timeout has passed on the log's clock
// (with nil; timeout <= 0 means no timeout), when the log is closed (with
// ErrClosed), or when the topic is deleted (with an error wrapping
// ErrUnknownTopic). Unknown topics and partitions are reported at once.
//
// It waits in the caller's goroutine on the partition's wake channel and,
// with a timeout, on one timer of the log's clock that exists only while it
// waits (see [ManualClock.Waiters]). It never polls.
func (l *Log) WaitForData(ctx context.Context, topic string, partition int32, offset int64, timeout time.Duration) error {
	var timer Timer
	var expired <-chan time.Time
	defer func() {
		if timer != nil {
			timer.Stop()
		}
	}()
	for {
		wake, ready, err := l.waitState(topic, partition, offset)
		if err != nil || ready {
			return err
		}
		if err := ctx.Err(); err != nil {
			return err
		}
		if timeout > 0 && timer == nil {
			timer = l.clock.NewTimer(timeout)
			expired = timer.C()
		}
		select {
		case <-wake:
		case <-expired:
			return nil
		case <-ctx.Done():
			return ctx.Err()
		}
	}
}

// waitState reports whether the partition's end offset is past offset and,
// if not, returns the channel closed at its next change.
func (l *Log) waitState(topic string, partition int32, offset int64) (<-chan struct{}, bool, error) {
	l.mu.RLock()
	defer l.mu.RUnlock()
	p, err := l.partitionLocked(topic, partition)
	if err != nil {
		return nil, false, err
	}
	p.mu.Lock()
	defer p.mu.Unlock()
	if p.end > offset {
		return nil, true, nil
	}
	return p.waitLocked(), false, nil
}

// Reset deletes every topic and every consumer group, as an
// administrative reset: open consumers are closed (their methods return
// ErrConsumerClosed) and committed offsets are dropped. It wakes every
// waiter on the log. It does nothing on a closed log. It takes the log's
// write lock and each group's lock in turn, so it waits for calls in
// progress to finish.
func (l *Log) Reset() {
	l.mu.Lock()
	if l.closed {
		l.mu.Unlock()
		return
	}
	for _, t := range l.topics {
		t.wakeAll()
	}
	l.topics = make(map[string]*topic)
	l.mu.Unlock()
	l.groups.drop(false)
	l.changes.broadcast()
}

// Close closes the log: it wakes every waiter (WaitForData returns
// ErrClosed, Changed and Changes channels are closed), drops all records
// and consumer groups, closes every consumer, and makes later calls return
// ErrClosed. It is idempotent and always returns nil. It takes the log's
// write lock and each group's lock in turn, so it waits for calls in
// progress to finish.
func (l *Log) Close() error {
	l.mu.Lock()
	if l.closed {
		l.mu.Unlock()
		return nil
	}
	l.closed = true
	for _, t := range l.topics {
		t.wakeAll()
	}
	l.topics = nil
	l.mu.Unlock()
	l.groups.drop(true)
	l.changes.shutdown()
	return nil
}

// topicLocked returns the named topic. l.mu must be held.
func (l *Log) topicLocked(name string) (*topic, error) {
	if l.closed {
		return nil, ErrClosed
	}
	t := l.topics[name]
	if t == nil {
		return nil, errUnknownTopic(name)
	}
	return t, nil
}

// partitionLocked returns one partition. l.mu must be held.
func (l *Log) partitionLocked(topic string, partition int32) (*partition, error) {
	t, err := l.topicLocked(topic)
	if err != nil {
		return nil, err
	}
	if partition < 0 || int(partition) >= len(t.parts) {
		return nil, errUnknownPartition(topic, partition)
	}
	return t.parts[partition], nil
}

func errUnknownTopic(name string) error {
	return fmt.Errorf("%w: %q", ErrUnknownTopic, name)
}

func errUnknownPartition(topic string, partition int32) error {
	return fmt.Errorf("%w: topic %q has no partition %d", ErrUnknownPartition, topic, partition)
}

func errOffsetOutOfRange(topic string, partition int32, offset, start, end int64) error {
	return fmt.Errorf("%w: offset %d of topic %q partition %d is outside [%d, %d]",
		ErrOffsetOutOfRange, offset, topic, partition, start, end)
}
