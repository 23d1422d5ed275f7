package fakelog

import (
	"cmp"
	"slices"

	"github.com/kafkarestmock/kafkarestmock/backend"
)

// Produce appends recs to topic and returns one [Result] per record, in
// input order.
//
// Each record goes to rec.Partition or, when that is [AnyPartition], to the
// partition Kafka's Java producer would pick for its key: for a non-nil key
// [PartitionForKey] (toPositive(murmur2(key)) % numPartitions); for a nil
// key the next partition of a per-topic round-robin counter, as Kafka's
// RoundRobinPartitioner does (Kafka's default partitioner since 3.3 is
// sticky instead: it fills a batch for one partition before moving on).
//
// A record whose partition is invalid (below -1, or not less than the
// partition count) is not stored; its Result has Offset -1 and an Err
// wrapping ErrUnknownPartition. So is a record whose batch, as a broker
// measures it ([backend.RecordBatchSize], this record alone), is over the
// topic's max.message.bytes ([backend.DefaultMaxMessageBytes] unless the
// topic's configs say otherwise): its Err is a [*backend.KafkaError]
// MESSAGE_TOO_LARGE. The others are stored. The error return is
// non-nil only when the whole batch fails (ErrUnknownTopic, ErrClosed), and
// then nothing is stored.
//
// Records going to the same partition are stored contiguously, in input
// order, and atomically with respect to readers of that partition; there
// is no atomicity across partitions. A zero Timestamp is replaced by the
// log clock's current time, read once per call; timestamps are kept with
// nanosecond precision and reported in UTC. Keys, values and headers are copied, so the caller
// may reuse its buffers at once.
//
// Produce takes the log's read lock and each target partition's write
// lock in turn, applies retention, and wakes the waiters of every partition
// it appended to and [Log.Changes] waiters.
func (l *Log) Produce(topic string, recs []Record) ([]Result, error) {
	now := l.stampTime(recs)

	l.mu.RLock()
	defer l.mu.RUnlock()
	t, err := l.topicLocked(topic)
	if err != nil {
		return nil, err
	}
	n := int32(len(t.parts))
	maxBytes := t.maxMessageBytes()
	res := make([]Result, len(recs))
	idx := make([]int, 0, len(recs))
	sorted := true
	for i := range recs {
		p := recs[i].Partition
		if p == AnyPartition {
			if recs[i].Key != nil {
				p = PartitionForKey(recs[i].Key, n)
			} else {
				p = int32((t.rr.Add(1) - 1) % uint64(n))
			}
		}
		res[i].Partition = p
		if p < 0 || p >= n {
			res[i].Offset = -1
			res[i].Err = errUnknownPartition(topic, p)
			continue
		}
		if size := backend.RecordBatchSize(recs[i].Key, recs[i].Value, recs[i].Headers); size > maxBytes {
			res[i].Offset = -1
			res[i].Err = errMessageTooLarge(size, maxBytes)
			continue
		}
		if len(idx) > 0 && p < res[idx[len(idx)-1]].Partition {
			sorted = false
		}
		idx = append(idx, i)
	}
	if !sorted {
		slices.SortStableFunc(idx, func(a, b int) int { return cmp.Compare(res[a].Partition, res[b].Partition) })
	}
	for len(idx) > 0 {
		p := res[idx[0]].Partition
		k := 1
		for k < len(idx) && res[idx[k]].Partition == p {
			k++
		}
		part := t.parts[p]
		part.mu.Lock()
		for _, i := range idx[:k] {
			ts := stamp(&recs[i], now)
			res[i].Offset = part.appendLocked(&recs[i], ts)
			res[i].Timestamp = fromNanos(ts)
		}
		part.enforceLocked(t.retention)
		part.wakeLocked()
		part.mu.Unlock()
		idx = idx[k:]
	}
	if len(recs) > 0 {
		l.changes.broadcast()
	}
	return res, nil
}

// Append stores recs, in order and atomically with respect to readers, in
// one partition of topic, ignoring their Partition fields, and returns
// their offsets (which are consecutive). Timestamps and copying are as for
// [Log.Produce]. It returns an error wrapping ErrUnknownTopic or
// ErrUnknownPartition, or ErrClosed, and then stores nothing.
//
// Append takes the log's read lock and the partition's write lock, applies
// retention, and wakes the partition's and [Log.Changes] waiters.
func (l *Log) Append(topic string, partition int32, recs ...Record) ([]int64, error) {
	now := l.stampTime(recs)

	l.mu.RLock()
	defer l.mu.RUnlock()
	t, err := l.topicLocked(topic)
	if err != nil {
		return nil, err
	}
	if partition < 0 || int(partition) >= len(t.parts) {
		return nil, errUnknownPartition(topic, partition)
	}
	offsets := make([]int64, len(recs))
	if len(recs) == 0 {
		return offsets, nil
	}
	p := t.parts[partition]
	p.mu.Lock()
	for i := range recs {
		offsets[i] = p.appendLocked(&recs[i], stamp(&recs[i], now))
	}
	p.enforceLocked(t.retention)
	p.wakeLocked()
	p.mu.Unlock()
	l.changes.broadcast()
	return offsets, nil
}

// stampTime reads the clock, before any lock is taken, if some record
// needs the current time.
func (l *Log) stampTime(recs []Record) int64 {
	for i := range recs {
		if recs[i].Timestamp.IsZero() {
			return toNanos(l.clock.Now())
		}
	}
	return 0
}

func stamp(r *Record, now int64) int64 {
	if r.Timestamp.IsZero() {
		return now
	}
	return toNanos(r.Timestamp)
}

// ChoosePartition returns the partition Produce would pick for a record
// with this key sent to AnyPartition: Kafka's murmur2 partition for a
// non-nil key, the next partition of the topic's round-robin counter (which
// it advances) for a nil key. Callers that must know a record's partition
// before producing it (to decide per-record outcomes) call it and then
// produce to that partition. ErrUnknownTopic if the topic does not exist.
// It does not block.
func (l *Log) ChoosePartition(topic string, key []byte) (int32, error) {
	l.mu.RLock()
	defer l.mu.RUnlock()
	t, err := l.topicLocked(topic)
	if err != nil {
		return 0, err
	}
	n := int32(len(t.parts))
	if key != nil {
		return PartitionForKey(key, n), nil
	}
	return int32((t.rr.Add(1) - 1) % uint64(n)), nil
}
