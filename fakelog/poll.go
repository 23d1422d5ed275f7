package fakelog

import "slices"

// Poll returns the next records of the consumer's partitions, as
// KafkaConsumer.poll does, but never waits: with nothing to return it
// returns an empty slice at once (wait on [Log.Changes] and poll again).
//
// In order, Poll: with AutoCommit on, commits the positions if the
// interval has passed on the log's clock; joins the group if subscribed
// and not yet a member (or removed after its MaxPollInterval), starts a
// rebalance if its subscription changed or a member's subscription no
// longer fits the log's topics; rejoins if the group is rebalancing
// (committing first with AutoCommit, then dropping its assignment: it
// gets no records until every member has rejoined); gives every assigned partition without a
// position one, from the group's committed offset or else the reset
// policy (earliest: the log start offset, latest: the log end offset);
// resets, by the same policy, positions below the log start offset or
// past the end; then returns up to MaxPollRecords records, starting with
// a different partition at each call and sharing the cap among the
// partitions so none starves, and advances the positions. The records of
// a partition are contiguous and in offset order. Partitions that do not
// exist are skipped.
//
// It returns ErrConsumerClosed; the [IllegalStateError] "Consumer is not
// subscribed to any topics or assigned any partitions"; with
// [ResetNone], a [NoOffsetError] listing the partitions without a
// position or committed offset, else an [OffsetOutOfRangeError] listing
// those whose position is outside the log (both with no records; the
// positions stay until a Seek); or ErrClosed. The records are copies,
// unless the consumer was made with SharedBytes: then their keys, values
// and header values are the log's own (never written again once stored)
// and must not be modified.
//
// It reads the clock, then takes the group's lock (removing the members
// that have not polled within their MaxPollInterval), the log's read lock
// and each partition's read lock in turn.
func (c *Consumer) Poll() ([]Record, error) {
	return c.PollInto(nil)
}

// PollInto is Poll appending the records to dst[:0], whose array it
// reuses when it is large enough (the records it held before are
// overwritten): a caller that is done with a batch can poll the next one
// without allocating.
func (c *Consumer) PollInto(dst []Record) ([]Record, error) {
	g := c.g
	now := g.lock()
	defer g.mu.Unlock()
	if c.closed {
		return nil, ErrConsumerClosed
	}
	if !c.subscribedLocked() && c.manual == nil {
		return nil, &IllegalStateError{Message: MsgNotSubscribed}
	}
	c.maybeAutoCommitLocked(now)
	if c.subscribedLocked() {
		c.lastPoll = now
		if !c.member {
			c.member = true
			g.beginRebalanceLocked()
		} else if c.rejoin || (!g.rebalancing && g.staleLocked()) {
			g.beginRebalanceLocked()
		}
		if g.rebalancing {
			g.rejoinLocked(c)
		}
	}
	return c.fetchLocked(dst[:0])
}

// fetchable is an assigned partition that exists.
type fetchable struct {
	tp TopicPartition
	p  *partition
}

// fetchLocked resolves the positions and reads the records for Poll.
// g.mu must be held; it takes the log's read lock.
func (c *Consumer) fetchLocked(dst []Record) ([]Record, error) {
	l := c.g.log
	l.mu.RLock()
	defer l.mu.RUnlock()
	if l.closed {
		return nil, ErrClosed
	}
	var ready []fetchable
	var noOffset []TopicPartition
	var outOfRange map[TopicPartition]int64
	for _, tp := range c.assignmentLocked() {
		t := l.topics[tp.Topic]
		if t == nil || tp.Partition < 0 || int(tp.Partition) >= len(t.parts) {
			continue
		}
		p := t.parts[tp.Partition]
		off, st := c.resolveLocked(tp, t.id, p, true)
		switch st {
		case resolvedNoOffset:
			noOffset = append(noOffset, tp)
		case resolvedOutOfRange:
			if outOfRange == nil {
				outOfRange = make(map[TopicPartition]int64)
			}
			outOfRange[tp] = off
		default:
			ready = append(ready, fetchable{tp: tp, p: p})
		}
	}
	if noOffset != nil {
		return nil, &NoOffsetError{Partitions: noOffset}
	}
	if outOfRange != nil {
		return nil, &OffsetOutOfRangeError{Offsets: outOfRange}
	}
	if len(ready) == 0 {
		if dst == nil {
			return []Record{}, nil
		}
		return dst, nil
	}
	if len(ready) == 1 {
		// One partition: its records go straight into dst, contiguous.
		budget := c.maxPoll
		for pass := 0; pass < 2 && budget > 0; pass++ {
			before := len(dst)
			dst = c.readAppendLocked(ready[0], budget, dst)
			budget -= len(dst) - before
		}
		if dst == nil {
			dst = []Record{}
		}
		return dst, nil
	}
	// Rotate the starting partition, then give each partition a fair
	// share of the cap in a first pass and the rest in a second.
	k := c.rr % len(ready)
	c.rr = k + 1
	ready = slices.Concat(ready[k:], ready[:k])
	got := make([][]Record, len(ready))
	budget, total := c.maxPoll, 0
	quota := max(1, budget/len(ready))
	for pass := 0; pass < 2 && budget > 0; pass++ {
		for i, f := range ready {
			if budget == 0 {
				break
			}
			recs := c.readLocked(f, min(quota, budget))
			if got[i] == nil {
				got[i] = recs // readLocked's copy is the caller's already
			} else {
				got[i] = append(got[i], recs...)
			}
			budget -= len(recs)
			total += len(recs)
		}
		quota = budget
	}
	out := slices.Grow(dst, total)
	for _, recs := range got {
		out = append(out, recs...)
	}
	return out, nil
}

// readLocked reads up to n records of f from the consumer's position and
// advances it. A position that fell outside the log since it was
// resolved reads nothing; the next Poll resets it. g.mu and Log.mu must
// be held; it takes the partition's read lock.
func (c *Consumer) readLocked(f fetchable, n int) []Record {
	return c.readAppendLocked(f, n, nil)
}

// readAppendLocked is readLocked appending the records to dst.
func (c *Consumer) readAppendLocked(f fetchable, n int, dst []Record) []Record {
	f.p.mu.RLock()
	defer f.p.mu.RUnlock()
	off := c.pos[f.tp].offset
	if off < f.p.start || off >= f.p.end {
		return dst
	}
	before := len(dst)
	dst = f.p.readAppendLocked(dst, f.tp.Topic, f.tp.Partition, off, n, 0, c.shared)
	pos := c.pos[f.tp]
	pos.offset += int64(len(dst) - before)
	c.pos[f.tp] = pos
	return dst
}

// resolved is the outcome of resolving a position.
type resolved int8

const (
	resolvedOK resolved = iota
	resolvedNoOffset
	resolvedOutOfRange
)

// resolveLocked gives tp, a partition of the topic with id topicID, a
// position if it has none or has a pending seek: the committed offset,
// else by the reset policy. With checkRange, a position outside the log
// is reset by the policy too. It returns the position, or why there is
// none (the out-of-range position is kept and returned). g.mu and Log.mu
// must be held; it takes the partition's read lock.
func (c *Consumer) resolveLocked(tp TopicPartition, topicID uint64, p *partition, checkRange bool) (int64, resolved) {
	p.mu.RLock()
	start, end := p.start, p.end
	p.mu.RUnlock()
	byPolicy := func() (int64, bool) {
		switch c.reset {
		case ResetEarliest:
			return start, true
		case ResetLatest:
			return end, true
		}
		return 0, false
	}
	pos, ok := c.pos[tp]
	if ok && pos.topicID != 0 && pos.topicID != topicID {
		ok = false
	}
	var off int64
	switch {
	case ok && pos.seek == seekBeginning:
		off = start
	case ok && pos.seek == seekEnd:
		off = end
	case ok:
		off = pos.offset
	default:
		if om, committed := c.g.committedLocked(tp, topicID); committed {
			off = om.Offset
		} else if off, ok = byPolicy(); !ok {
			return 0, resolvedNoOffset
		}
	}
	if checkRange && (off < start || off > end) {
		reset, ok := byPolicy()
		if !ok {
			c.pos[tp] = position{offset: off, topicID: topicID}
			return off, resolvedOutOfRange
		}
		off = reset
	}
	c.pos[tp] = position{offset: off, topicID: topicID}
	return off, resolvedOK
}
