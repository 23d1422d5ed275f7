package fakelog

// Seek sets the position of tp, an assigned partition, to offset: the
// next Poll reads from there (a position outside the log is reset by the
// reset policy at that Poll). It returns an [InvalidArgumentError] "seek
// offset must not be a negative number", ErrConsumerClosed, or an
// [IllegalStateError] "No current assignment for partition t-0". It takes
// the group's lock.
func (c *Consumer) Seek(tp TopicPartition, offset int64) error {
	if offset < 0 {
		return &InvalidArgumentError{Message: MsgNegativeSeek}
	}
	g := c.g
	g.lock()
	defer g.mu.Unlock()
	if c.closed {
		return ErrConsumerClosed
	}
	if !c.assignedLocked(tp) {
		return &IllegalStateError{Message: MsgNoAssignment + tp.String()}
	}
	c.pos[tp] = position{offset: offset}
	return nil
}

// SeekToBeginning moves the positions of tps to the log start offsets,
// lazily as Kafka does: each is resolved at the next Poll or Position.
// An empty tps means every assigned partition, as in Kafka. It returns
// ErrConsumerClosed or, changing nothing, an [IllegalStateError] "No
// current assignment for partition t-0" for the first partition of tps
// that is not assigned. It takes the group's lock.
func (c *Consumer) SeekToBeginning(tps []TopicPartition) error {
	return c.seekLazy(tps, seekBeginning)
}

// SeekToEnd is [Consumer.SeekToBeginning] to the log end offsets.
func (c *Consumer) SeekToEnd(tps []TopicPartition) error {
	return c.seekLazy(tps, seekEnd)
}

func (c *Consumer) seekLazy(tps []TopicPartition, to seekTo) error {
	g := c.g
	g.lock()
	defer g.mu.Unlock()
	if c.closed {
		return ErrConsumerClosed
	}
	if len(tps) == 0 {
		tps = c.assignmentLocked()
	}
	for _, tp := range tps {
		if !c.assignedLocked(tp) {
			return &IllegalStateError{Message: MsgNoAssignment + tp.String()}
		}
	}
	for _, tp := range tps {
		c.pos[tp] = position{seek: to}
	}
	return nil
}

// Position returns the offset of the next record Poll would return for
// tp, an assigned partition, as KafkaConsumer.position does: a partition
// without a position, or with a pending SeekToBeginning or SeekToEnd,
// gets one now, from the committed offset or the reset policy. Like
// Kafka, it does not check that a position set by Seek lies inside the
// log (Poll does).
//
// It returns ErrConsumerClosed; an [IllegalStateError] "You can only
// check the position for partitions assigned to this consumer."; an
// error wrapping ErrUnknownTopic or ErrUnknownPartition for a partition
// that does not exist; a [NoOffsetError] with [ResetNone]; or ErrClosed.
// It takes the group's lock, the log's read lock and the partition's.
func (c *Consumer) Position(tp TopicPartition) (int64, error) {
	g := c.g
	g.lock()
	defer g.mu.Unlock()
	if c.closed {
		return 0, ErrConsumerClosed
	}
	if !c.assignedLocked(tp) {
		return 0, &IllegalStateError{Message: MsgPositionNotOwned}
	}
	l := g.log
	l.mu.RLock()
	defer l.mu.RUnlock()
	t, err := l.topicLocked(tp.Topic)
	if err != nil {
		return 0, err
	}
	p, err := l.partitionLocked(tp.Topic, tp.Partition)
	if err != nil {
		return 0, err
	}
	off, st := c.resolveLocked(tp, t.id, p, false)
	if st == resolvedNoOffset {
		return 0, &NoOffsetError{Partitions: []TopicPartition{tp}}
	}
	return off, nil
}
