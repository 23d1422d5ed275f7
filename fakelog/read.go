package fakelog

import "time"

// Read returns the records of one partition from offset on, in offset
// order, stopping before the record that would make the summed
// len(Key)+len(Value) exceed maxBytes, but always returning at least one
// record if one exists at offset, so a single oversized record can still
// be read. maxBytes <= 0 means no byte cap.
//
// Reading at the end offset returns an empty slice and a nil error. An
// offset below the log start offset or past the end offset gives an error
// wrapping ErrOffsetOutOfRange; an unknown topic or partition gives
// ErrUnknownTopic or ErrUnknownPartition; a closed log ErrClosed.
//
// The records are deep copies, with every field filled (timestamps in
// UTC, nanosecond precision); their key, value and header bytes share one
// allocation per call, each slice capped so appending to one never
// overwrites another. Read never waits for data (see [Log.WaitForData]);
// it takes the log's and the partition's read locks, so concurrent reads
// do not block each other.
func (l *Log) Read(topic string, partition int32, offset int64, maxBytes int) ([]Record, error) {
	return l.ReadN(topic, partition, offset, 0, maxBytes)
}

// ReadN is [Log.Read] that also returns at most n records (n <= 0 means no
// count cap).
func (l *Log) ReadN(topic string, partition int32, offset int64, n int, maxBytes int) ([]Record, error) {
	l.mu.RLock()
	defer l.mu.RUnlock()
	p, err := l.partitionLocked(topic, partition)
	if err != nil {
		return nil, err
	}
	p.mu.RLock()
	defer p.mu.RUnlock()
	if offset < p.start || offset > p.end {
		return nil, errOffsetOutOfRange(topic, partition, offset, p.start, p.end)
	}
	return p.readLocked(topic, partition, offset, n, maxBytes, false), nil
}

// OffsetForTime returns the earliest retained offset whose record
// timestamp is at or after t, or the end offset when there is none, as
// Kafka's ListOffsets by timestamp does. Kafka answers "none" with offset
// -1 (null in the REST API) rather than the end offset; the caller decides
// how to present it (compare the result with [PartitionInfo.EndOffset]).
// Timestamps are compared in nanoseconds and need not be monotonic.
//
// It returns an error wrapping ErrUnknownTopic or ErrUnknownPartition, or
// ErrClosed. It takes the log's and the partition's read locks.
func (l *Log) OffsetForTime(topic string, partition int32, t time.Time) (int64, error) {
	l.mu.RLock()
	defer l.mu.RUnlock()
	p, err := l.partitionLocked(topic, partition)
	if err != nil {
		return 0, err
	}
	p.mu.RLock()
	defer p.mu.RUnlock()
	return p.offsetForTimeLocked(toNanos(t)), nil
}

// DeleteRecords moves the partition's log start offset up to before, as
// Kafka's DeleteRecords does: records below it become unreadable and their
// memory is released segment by segment. A before below the current start
// changes nothing; a before past the end offset gives an error wrapping
// ErrOffsetOutOfRange. It returns the resulting log start offset, or an
// error wrapping ErrUnknownTopic or ErrUnknownPartition, or ErrClosed.
//
// It takes the log's read lock and the partition's write lock, and wakes
// the partition's and [Log.Changes] waiters when the start moves.
func (l *Log) DeleteRecords(topic string, partition int32, before int64) (int64, error) {
	l.mu.RLock()
	defer l.mu.RUnlock()
	p, err := l.partitionLocked(topic, partition)
	if err != nil {
		return 0, err
	}
	p.mu.Lock()
	if before > p.end {
		start, end := p.start, p.end
		p.mu.Unlock()
		return 0, errOffsetOutOfRange(topic, partition, before, start, end)
	}
	if before <= p.start {
		start := p.start
		p.mu.Unlock()
		return start, nil
	}
	p.moveStartLocked(before)
	p.wakeLocked()
	p.mu.Unlock()
	l.changes.broadcast()
	return before, nil
}
