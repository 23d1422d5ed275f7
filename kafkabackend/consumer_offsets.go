package kafkabackend

import (
	"errors"
	"maps"
	"slices"
	"time"

	"github.com/kafkarestmock/kafkarestmock/backend"
	"github.com/twmb/franz-go/pkg/kerr"
	"github.com/twmb/franz-go/pkg/kgo"
	"github.com/twmb/franz-go/pkg/kmsg"
)

// A consumer's positions and offsets: seeks (to an offset, the beginning
// or the end), commits (given offsets, everything consumed, auto-commit on
// the shared clock) and committed-offset fetches. The consumer itself,
// its client, subscriptions, assignments and polls are consumer.go.

// maybeAutoCommitLocked commits a direct consumer's positions every
// auto-commit interval on the backend's clock, now being the time on it;
// kgo does it for group consumers.
func (c *consumer) maybeAutoCommitLocked(now time.Time) {
	if !c.cfg.AutoCommit || c.manual == nil || now.Sub(c.lastAuto) < c.cfg.AutoCommitInterval {
		return
	}
	c.lastAuto = now
	_, _ = c.commitConsumedLocked()
}

func (c *consumer) Seek(tp backend.TopicPartition, offset int64) error {
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.closed {
		return backend.ErrConsumerClosed
	}
	if offset < 0 {
		return &backend.InvalidArgumentError{Message: backend.MsgNegativeSeek}
	}
	if !c.ownsLocked(tp) {
		return &backend.IllegalStateError{Message: backend.MsgNoAssignment + tp.String()}
	}
	c.seekLocked(tp, kgo.NewOffset().At(offset), offset)
	return nil
}

// seekLocked moves one owned partition to offset at: a direct consumer
// removes and re-adds it at off; a group consumer sets the offset.
func (c *consumer) seekLocked(tp backend.TopicPartition, off kgo.Offset, at int64) {
	if c.manual != nil {
		delete(c.noOffset, tp)
		c.cl.RemoveConsumePartitions(map[string][]int32{tp.Topic: {tp.Partition}})
		c.cl.AddConsumePartitions(map[string]map[int32]kgo.Offset{tp.Topic: {tp.Partition: off}})
	} else {
		c.cl.SetOffsets(map[string]map[int32]kgo.EpochOffset{tp.Topic: {tp.Partition: {Epoch: -1, Offset: at}}})
	}
	c.pmu.Lock()
	if at >= 0 {
		c.pos[tp] = at
	} else {
		delete(c.pos, tp)
	}
	c.pmu.Unlock()
	if c.cfg.AutoCommit && c.manual == nil && at >= 0 {
		c.cl.MarkCommitOffsets(map[string]map[int32]kgo.EpochOffset{tp.Topic: {tp.Partition: {Epoch: -1, Offset: at}}})
	}
}

func (c *consumer) SeekToBeginning(tps []backend.TopicPartition) error {
	return c.seekEdge(tps, false)
}

func (c *consumer) SeekToEnd(tps []backend.TopicPartition) error {
	return c.seekEdge(tps, true)
}

func (c *consumer) seekEdge(tps []backend.TopicPartition, end bool) error {
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.closed {
		return backend.ErrConsumerClosed
	}
	if len(tps) == 0 {
		tps = c.assignmentLocked()
	}
	for _, tp := range tps {
		if !c.ownsLocked(tp) {
			return &backend.IllegalStateError{Message: backend.MsgNoAssignment + tp.String()}
		}
	}
	for _, tp := range tps {
		p, err := c.b.Partition(tp.Topic, tp.Partition)
		if err != nil {
			continue // Kafka resolves lazily; a partition that does not exist yet has no edge
		}
		at := p.StartOffset
		if end {
			at = p.EndOffset
		}
		// The edge is resolved now, not at the next fetch, so records
		// produced after the seek are read.
		c.seekLocked(tp, kgo.NewOffset().At(at), at)
	}
	return nil
}

func (c *consumer) Commit(offsets map[backend.TopicPartition]backend.OffsetAndMetadata) error {
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.closed {
		return backend.ErrConsumerClosed
	}
	if err := c.b.checkCommit(offsets); err != nil {
		return err
	}
	return c.commitLocked(offsets)
}

// commitLocked commits offsets as the consumer's group member, or as a
// consumer without a generation when assigned by hand. The group's
// fences are answered as the Java consumer throws them, the same
// *backend.CommitFailedError as the in-memory log's: a subscribed
// consumer that has not joined (no client yet, or its join is pending)
// fails before anything is sent; the coordinator's ILLEGAL_GENERATION and
// UNKNOWN_MEMBER_ID are CommitFailedException, its REBALANCE_IN_PROGRESS
// a RebalanceInProgressException.
func (c *consumer) commitLocked(offsets map[backend.TopicPartition]backend.OffsetAndMetadata) error {
	if len(offsets) == 0 {
		return nil
	}
	member, gen := "", int32(-1)
	if c.manual == nil && (c.topics != nil || c.pattern != nil) {
		if c.cl != nil {
			member, gen = c.cl.GroupMetadata()
		}
		if gen < 0 {
			return &backend.CommitFailedError{Message: backend.MsgCommitNotMember}
		}
	}
	err := c.b.commit(c.cfg.Group, gen, member, offsets)
	var ke *backend.KafkaError
	if errors.As(err, &ke) {
		switch ke.Code {
		case 22, 25: // ILLEGAL_GENERATION, UNKNOWN_MEMBER_ID
			return &backend.CommitFailedError{Message: backend.MsgCommitFailed}
		case 27: // REBALANCE_IN_PROGRESS
			return &backend.CommitFailedError{Message: backend.MsgCommitGroupRebalancing}
		}
	}
	return err
}

// CommitConsumed commits the positions of the owned partitions.
func (c *consumer) CommitConsumed() (map[backend.TopicPartition]backend.OffsetAndMetadata, error) {
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.closed {
		return nil, backend.ErrConsumerClosed
	}
	return c.commitConsumedLocked()
}

func (c *consumer) commitConsumedLocked() (map[backend.TopicPartition]backend.OffsetAndMetadata, error) {
	offsets := map[backend.TopicPartition]backend.OffsetAndMetadata{}
	c.pmu.Lock()
	for tp, off := range c.pos {
		offsets[tp] = backend.OffsetAndMetadata{Offset: off}
	}
	c.pmu.Unlock()
	// The Java consumer commits the position of every owned partition,
	// also where nothing was read yet: the committed offset it started
	// from, or the log start with the earliest policy. (With latest, the
	// end it resolved is not known here, and nothing is committed.)
	var committed map[backend.TopicPartition]backend.OffsetAndMetadata
	for _, tp := range c.assignmentLocked() {
		if _, ok := offsets[tp]; ok || c.noOffset[tp] {
			continue
		}
		if committed == nil {
			committed = c.b.CommittedOffsets(c.cfg.Group)
		}
		if om, ok := committed[tp]; ok {
			offsets[tp] = backend.OffsetAndMetadata{Offset: om.Offset}
		} else if c.cfg.AutoOffsetReset == backend.ResetEarliest {
			if p, err := c.b.Partition(tp.Topic, tp.Partition); err == nil {
				offsets[tp] = backend.OffsetAndMetadata{Offset: p.StartOffset}
			}
		}
	}
	if len(offsets) == 0 {
		return offsets, nil
	}
	if err := c.commitLocked(offsets); err != nil {
		return nil, err
	}
	return offsets, nil
}

func (c *consumer) Committed(tps []backend.TopicPartition) map[backend.TopicPartition]backend.OffsetAndMetadata {
	c.mu.Lock()
	closed := c.closed
	c.mu.Unlock()
	out := map[backend.TopicPartition]backend.OffsetAndMetadata{}
	if closed {
		return out
	}
	all := c.b.CommittedOffsets(c.cfg.Group)
	for _, tp := range tps {
		if om, ok := all[tp]; ok {
			out[tp] = om
		}
	}
	return out
}

// commit sends an OffsetCommit for group, as a group member (gen >= 0)
// or as an admin (gen -1), through the backend's client, which routes it
// to the group's coordinator.
func (b *Backend) commit(group string, gen int32, member string, offsets map[backend.TopicPartition]backend.OffsetAndMetadata) error {
	if len(offsets) == 0 {
		return nil
	}
	req := kmsg.NewPtrOffsetCommitRequest()
	req.Group = group
	req.Generation = gen
	req.MemberID = member
	byTopic := map[string]int{}
	for _, tp := range slices.SortedFunc(maps.Keys(offsets), compareTP) {
		i, ok := byTopic[tp.Topic]
		if !ok {
			t := kmsg.NewOffsetCommitRequestTopic()
			t.Topic = tp.Topic
			t.TopicID = b.topicID(tp.Topic) // OffsetCommit v10+ names topics by id
			req.Topics = append(req.Topics, t)
			i = len(req.Topics) - 1
			byTopic[tp.Topic] = i
		}
		p := kmsg.NewOffsetCommitRequestTopicPartition()
		p.Partition = tp.Partition
		p.Offset = offsets[tp].Offset
		p.LeaderEpoch = -1
		md := offsets[tp].Metadata
		p.Metadata = &md
		req.Topics[i].Partitions = append(req.Topics[i].Partitions, p)
	}
	ctx, cancel := b.call()
	defer cancel()
	resp, err := req.RequestWith(ctx, b.cl)
	if err != nil {
		return kafkaErr(err)
	}
	for _, t := range resp.Topics {
		for _, p := range t.Partitions {
			if err := kerr.ErrorForCode(p.ErrorCode); err != nil {
				return kafkaErr(err)
			}
		}
	}
	b.notify.broadcast()
	return nil
}
