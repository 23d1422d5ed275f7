package fakelog

import (
	"fmt"
	"maps"
	"slices"
	"strconv"
	"strings"
	"sync/atomic"
)

// MaxPartitions is the largest partition count a topic may have.
const MaxPartitions = 100000

// Topic config keys the log interprets. Other keys are stored and
// reported but have no effect.
const (
	// ConfigRetentionBytes is Kafka's per-partition byte retention
	// ("retention.bytes"); a value <= 0 (Kafka uses -1) means unlimited.
	ConfigRetentionBytes = "retention.bytes"
	// ConfigRetentionRecords is a per-partition record-count retention
	// ("retention.records"); Kafka has no such config. A value <= 0 means
	// unlimited.
	ConfigRetentionRecords = "retention.records"
)

// topic is one topic. name and id are read-only after creation; configs,
// retention and parts are guarded by Log.mu.
type topic struct {
	name string
	// id is unique among the topics a log ever created (from
	// Log.topicSeq), so a re-created topic is a different topic.
	id        uint64
	configs   map[string]string
	retention retention
	// rr is the round-robin counter for records produced with a nil key
	// and AnyPartition.
	rr    atomic.Uint64
	parts []*partition
}

func (t *topic) info() TopicInfo {
	return TopicInfo{Name: t.name, Partitions: int32(len(t.parts)), Configs: maps.Clone(t.configs)}
}

// wakeAll wakes the waiters of every partition. Log.mu must be held for
// writing.
func (t *topic) wakeAll() {
	for _, p := range t.parts {
		p.mu.Lock()
		p.wakeLocked()
		p.mu.Unlock()
	}
}

func newPartitions(n int) []*partition {
	ps := make([]*partition, n)
	for i := range ps {
		ps[i] = &partition{}
	}
	return ps
}

// CreateTopic creates a topic with the given number of empty partitions
// and a copy of configs. It returns an error wrapping ErrInvalidTopic for
// a name Kafka rejects (1 to 249 characters of [a-zA-Z0-9._-], not "." or
// ".."), ErrInvalidPartitions for a count below 1 or above
// [MaxPartitions], ErrInvalidConfig for a retention config that is not an
// integer, ErrTopicExists if the name is taken, or ErrClosed.
//
// The configs [ConfigRetentionBytes] and [ConfigRetentionRecords] override
// the log's default retention (see [WithRetention]) for this topic.
// CreateTopic takes the log's write lock; it wakes [Log.Changes] waiters.
func (l *Log) CreateTopic(name string, partitions int32, configs map[string]string) error {
	if !ValidTopicName(name) {
		return fmt.Errorf("%w: %q", ErrInvalidTopic, name)
	}
	if partitions < 1 || partitions > MaxPartitions {
		return fmt.Errorf("%w: %d partitions for topic %q", ErrInvalidPartitions, partitions, name)
	}
	ret, err := topicRetention(l.retention, configs)
	if err != nil {
		return fmt.Errorf("topic %q: %w", name, err)
	}
	cfg := maps.Clone(configs)
	if cfg == nil {
		cfg = map[string]string{}
	}
	t := &topic{name: name, configs: cfg, retention: ret, parts: newPartitions(int(partitions))}

	l.mu.Lock()
	if l.closed {
		l.mu.Unlock()
		return ErrClosed
	}
	if l.topics[name] != nil {
		l.mu.Unlock()
		return fmt.Errorf("%w: %q", ErrTopicExists, name)
	}
	l.topicSeq++
	t.id = l.topicSeq
	l.topics[name] = t
	l.mu.Unlock()
	l.changes.broadcast()
	return nil
}

// DeleteTopic deletes a topic and its records. It returns an error wrapping
// ErrUnknownTopic if there is no such topic, or ErrClosed. It wakes every
// waiter on the topic's partitions (their WaitForData returns an error
// wrapping ErrUnknownTopic) and [Log.Changes] waiters. It takes the log's
// write lock.
func (l *Log) DeleteTopic(name string) error {
	l.mu.Lock()
	t, err := l.topicLocked(name)
	if err != nil {
		l.mu.Unlock()
		return err
	}
	delete(l.topics, name)
	t.wakeAll()
	l.mu.Unlock()
	l.changes.broadcast()
	return nil
}

// Topics returns a description of every topic, sorted by name. The
// returned values are copies. It returns nil on a closed log. It takes the
// log's read lock.
func (l *Log) Topics() []TopicInfo {
	l.mu.RLock()
	defer l.mu.RUnlock()
	if l.closed {
		return nil
	}
	out := make([]TopicInfo, 0, len(l.topics))
	for _, t := range l.topics {
		out = append(out, t.info())
	}
	slices.SortFunc(out, func(a, b TopicInfo) int { return strings.Compare(a.Name, b.Name) })
	return out
}

// Topic returns a copy of the description of one topic, or an error
// wrapping ErrUnknownTopic, or ErrClosed. It takes the log's read lock.
func (l *Log) Topic(name string) (TopicInfo, error) {
	l.mu.RLock()
	defer l.mu.RUnlock()
	t, err := l.topicLocked(name)
	if err != nil {
		return TopicInfo{}, err
	}
	return t.info(), nil
}

// AddPartitions grows a topic to total partitions; the new partitions are
// empty. Existing records stay where they are, but keys hash to different
// partitions afterwards, as in Kafka. It returns an error wrapping
// ErrUnknownTopic, ErrInvalidPartitions unless total is greater than the
// current count and at most [MaxPartitions], or ErrClosed. It takes the
// log's write lock; it wakes [Log.Changes] waiters.
func (l *Log) AddPartitions(name string, total int32) error {
	l.mu.Lock()
	t, err := l.topicLocked(name)
	if err != nil {
		l.mu.Unlock()
		return err
	}
	cur := int32(len(t.parts))
	if total <= cur || total > MaxPartitions {
		l.mu.Unlock()
		return fmt.Errorf("%w: topic %q has %d partitions, cannot grow to %d", ErrInvalidPartitions, name, cur, total)
	}
	t.parts = append(slices.Clip(t.parts), newPartitions(int(total-cur))...)
	l.mu.Unlock()
	l.changes.broadcast()
	return nil
}

// AlterTopicConfigs applies ops, in order, to a topic's configs, all or
// none: a set op stores its value, a delete op removes the config. With
// validateOnly it checks them and changes nothing. It returns an error
// wrapping ErrUnknownTopic, ErrInvalidConfig for a retention config that
// is not an integer (see [Log.CreateTopic]), or ErrClosed. It takes the
// log's write lock; a change of retention applies from the next append.
func (l *Log) AlterTopicConfigs(name string, ops []ConfigOp, validateOnly bool) error {
	l.mu.Lock()
	defer l.mu.Unlock()
	t, err := l.topicLocked(name)
	if err != nil {
		return err
	}
	cfg := maps.Clone(t.configs)
	for _, op := range ops {
		if op.Delete {
			delete(cfg, op.Name)
		} else {
			cfg[op.Name] = op.Value
		}
	}
	ret, err := topicRetention(l.retention, cfg)
	if err != nil {
		return fmt.Errorf("topic %q: %w", name, err)
	}
	if !validateOnly {
		t.configs, t.retention = cfg, ret
	}
	return nil
}

// Partitions returns the offsets of every partition of a topic, sorted by
// partition, or an error wrapping ErrUnknownTopic, or ErrClosed. Each
// partition is read atomically; the set is not one snapshot across
// partitions. It takes the log's read lock and each partition's read lock
// in turn.
func (l *Log) Partitions(topic string) ([]PartitionInfo, error) {
	l.mu.RLock()
	defer l.mu.RUnlock()
	t, err := l.topicLocked(topic)
	if err != nil {
		return nil, err
	}
	out := make([]PartitionInfo, len(t.parts))
	for i, p := range t.parts {
		p.mu.RLock()
		out[i] = p.infoLocked(topic, int32(i))
		p.mu.RUnlock()
	}
	return out, nil
}

// Partition returns the offsets of one partition, or an error wrapping
// ErrUnknownTopic or ErrUnknownPartition, or ErrClosed. It takes the log's
// and the partition's read locks.
func (l *Log) Partition(topic string, partition int32) (PartitionInfo, error) {
	l.mu.RLock()
	defer l.mu.RUnlock()
	p, err := l.partitionLocked(topic, partition)
	if err != nil {
		return PartitionInfo{}, err
	}
	p.mu.RLock()
	defer p.mu.RUnlock()
	return p.infoLocked(topic, partition), nil
}

// topicRetention resolves a topic's retention from the log default and
// the topic's configs.
func topicRetention(def retention, configs map[string]string) (retention, error) {
	r := def
	for _, c := range []struct {
		key string
		dst *int64
	}{{ConfigRetentionBytes, &r.bytes}, {ConfigRetentionRecords, &r.records}} {
		v, ok := configs[c.key]
		if !ok {
			continue
		}
		n, err := strconv.ParseInt(strings.TrimSpace(v), 10, 64)
		if err != nil {
			return retention{}, fmt.Errorf("%w: %s=%q is not an integer", ErrInvalidConfig, c.key, v)
		}
		*c.dst = n
	}
	return r.normalized(), nil
}
