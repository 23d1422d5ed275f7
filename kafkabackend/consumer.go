package kafkabackend

import (
	"context"
	"errors"
	"fmt"
	"maps"
	"regexp"
	"slices"
	"strings"
	"sync"
	"time"

	"github.com/twmb/franz-go/pkg/kerr"
	"github.com/twmb/franz-go/pkg/kgo"
	"github.com/twmb/franz-go/pkg/kmsg"

	"github.com/kafkarestmock/kafkarestmock/backend"
)

// heartbeatInterval is short so that groups rebalance within a fraction
// of a second when a REST consumer joins or leaves.
const heartbeatInterval = 100 * time.Millisecond

// consumer is a consumer instance's consumer: no kgo client until it
// subscribes (a group consumer with the range balancer) or is assigned
// partitions (a direct consumer).
type consumer struct {
	b     *Backend               // read-only
	cfg   backend.ConsumerConfig // read-only; checked, with defaults filled in
	hooks *clientHooks           // read-only
	clock backend.Clock          // read-only; the backend's when it was created

	// mu serializes the consumer's methods and guards the fields below
	// up to pmu. It is held across calls to the kgo client, never inside
	// kgo's callbacks.
	mu       sync.Mutex
	closed   bool
	cl       *kgo.Client
	topics   []string       // list subscription, sorted
	pattern  *regexp.Regexp // pattern subscription
	manual   []backend.TopicPartition
	noOffset map[backend.TopicPartition]bool // assigned, reset none, no committed offset: waits for a seek
	lastAuto time.Time                       // creation or last interval commit, on clock

	// pmu guards assigned and pos; kgo's rebalance callbacks take it.
	pmu      sync.Mutex
	assigned map[backend.TopicPartition]bool  // group assignment
	pos      map[backend.TopicPartition]int64 // next offset after what Poll returned or Seek set
}

// NewConsumer creates a consumer with no subscription and no assignment.
// Its errors are those of the in-memory log's: backend.ConsumerConfig.Check's
// for the config, backend.ErrMemberExists, as member ids are unique among
// this backend's open consumers of a group, and backend.ErrClosed.
func (b *Backend) NewConsumer(cfg backend.ConsumerConfig) (backend.Consumer, error) {
	cfg, err := cfg.Check()
	if err != nil {
		return nil, err
	}
	b.mu.Lock()
	clock := b.clock
	b.mu.Unlock()
	c := &consumer{
		b:        b,
		cfg:      cfg,
		clock:    clock,
		lastAuto: clock.Now(),
		assigned: map[backend.TopicPartition]bool{},
		pos:      map[backend.TopicPartition]int64{},
	}
	c.hooks = &clientHooks{c: c}
	b.mu.Lock()
	defer b.mu.Unlock()
	if b.closed {
		return nil, backend.ErrClosed
	}
	if b.members[cfg.Group][cfg.MemberID] {
		return nil, fmt.Errorf("%w: member %q of group %q", backend.ErrMemberExists, cfg.MemberID, cfg.Group)
	}
	if b.members[cfg.Group] == nil {
		b.members[cfg.Group] = map[string]bool{}
	}
	b.members[cfg.Group][cfg.MemberID] = true
	b.consumers[c] = struct{}{}
	return c, nil
}

// clientHooks wakes the backend's waiters when a consumer's client reads
// a batch, and tracks the group assignment.
type clientHooks struct{ c *consumer }

func (h *clientHooks) OnFetchBatchRead(kgo.BrokerMetadata, string, int32, kgo.FetchBatchMetrics) {
	h.c.b.notify.broadcast()
}

func (c *consumer) onAssigned(_ context.Context, _ *kgo.Client, m map[string][]int32) {
	c.pmu.Lock()
	for t, ps := range m {
		for _, p := range ps {
			c.assigned[backend.TopicPartition{Topic: t, Partition: p}] = true
		}
	}
	c.pmu.Unlock()
	c.b.notify.broadcast()
}

func (c *consumer) onRevoked(ctx context.Context, cl *kgo.Client, m map[string][]int32) {
	if c.cfg.AutoCommit {
		// The Java consumer commits before it gives partitions up; with
		// a callback of its own, kgo leaves that to the callback.
		_ = cl.CommitMarkedOffsets(ctx)
	}
	c.onLost(ctx, cl, m)
}

func (c *consumer) onLost(_ context.Context, _ *kgo.Client, m map[string][]int32) {
	c.pmu.Lock()
	for t, ps := range m {
		for _, p := range ps {
			tp := backend.TopicPartition{Topic: t, Partition: p}
			delete(c.assigned, tp)
			delete(c.pos, tp)
		}
	}
	c.pmu.Unlock()
	c.b.notify.broadcast()
}

func resetOffset(policy string) (start, reset kgo.Offset) {
	switch policy {
	case backend.ResetEarliest:
		return kgo.NewOffset().AtStart(), kgo.NewOffset().AtStart()
	case backend.ResetNone:
		return kgo.NewOffset().AtCommitted(), kgo.NoResetOffset()
	}
	return kgo.NewOffset().AtEnd(), kgo.NewOffset().AtEnd()
}

func (c *consumer) baseOpts() []kgo.Opt {
	start, reset := resetOffset(c.cfg.AutoOffsetReset)
	return append([]kgo.Opt{
		kgo.SeedBrokers(c.b.addrs...),
		kgo.ClientID(c.cfg.MemberID),
		kgo.ConsumeStartOffset(start),
		kgo.ConsumeResetOffset(reset),
		kgo.FetchMaxWait(500 * time.Millisecond),
		kgo.MetadataMinAge(100 * time.Millisecond),
		kgo.MetadataMaxAge(time.Second),
		kgo.WithHooks(c.hooks),
	}, c.b.kgoOpts...)
}

// groupClient starts a group consumer for the subscription.
func (c *consumer) groupClient() error {
	opts := append(c.baseOpts(),
		kgo.ConsumerGroup(c.cfg.Group),
		kgo.Balancers(kgo.RangeBalancer()),
		kgo.HeartbeatInterval(heartbeatInterval),
		kgo.OnPartitionsAssigned(c.onAssigned),
		kgo.OnPartitionsRevoked(c.onRevoked),
		kgo.OnPartitionsLost(c.onLost),
	)
	if c.cfg.AutoCommit {
		opts = append(opts, kgo.AutoCommitMarks(), kgo.AutoCommitInterval(c.cfg.AutoCommitInterval))
	} else {
		opts = append(opts, kgo.DisableAutoCommit())
	}
	if c.pattern != nil {
		opts = append(opts, kgo.ConsumeRegex(), kgo.ConsumeTopics("^(?:"+c.pattern.String()+")$"))
	} else {
		opts = append(opts, kgo.ConsumeTopics(c.topics...))
	}
	cl, err := kgo.NewClient(opts...)
	if err != nil {
		return err
	}
	c.cl = cl
	return nil
}

// dropClientLocked closes the client: a group member leaves its group
// (committing its marks first when auto-committing).
func (c *consumer) dropClientLocked() {
	if c.cl == nil {
		return
	}
	if c.cfg.AutoCommit && c.manual != nil {
		_, _ = c.commitConsumedLocked()
	}
	c.cl.Close()
	c.cl = nil
	c.topics, c.pattern, c.manual = nil, nil, nil
	c.noOffset = nil
	c.pmu.Lock()
	clear(c.assigned)
	clear(c.pos)
	c.pmu.Unlock()
}

func (c *consumer) Subscribe(topics []string) error {
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.closed {
		return backend.ErrConsumerClosed
	}
	if len(topics) == 0 {
		c.dropClientLocked()
		return nil
	}
	for _, t := range topics {
		if strings.TrimSpace(t) == "" {
			return &backend.InvalidArgumentError{Message: backend.MsgBlankTopic}
		}
	}
	if c.manual != nil || c.pattern != nil {
		return &backend.IllegalStateError{Message: backend.MsgMutuallyExclusive}
	}
	set := slices.Compact(slices.Sorted(slices.Values(topics)))
	if slices.Equal(set, c.topics) {
		return nil
	}
	c.dropClientLocked()
	c.topics = set
	if err := c.groupClient(); err != nil {
		c.topics = nil
		return err
	}
	return nil
}

func (c *consumer) SubscribePattern(re *regexp.Regexp) error {
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.closed {
		return backend.ErrConsumerClosed
	}
	if re == nil {
		return &backend.InvalidArgumentError{Message: backend.MsgNullPattern}
	}
	if re.String() == "" {
		return &backend.InvalidArgumentError{Message: backend.MsgEmptyPattern}
	}
	if c.manual != nil || c.topics != nil {
		return &backend.IllegalStateError{Message: backend.MsgMutuallyExclusive}
	}
	if c.pattern != nil && c.pattern.String() == re.String() {
		return nil
	}
	c.dropClientLocked()
	c.pattern = re
	if err := c.groupClient(); err != nil {
		c.pattern = nil
		return err
	}
	return nil
}

func (c *consumer) Unsubscribe() {
	c.mu.Lock()
	defer c.mu.Unlock()
	if !c.closed {
		c.dropClientLocked()
	}
}

func (c *consumer) Subscription() []string {
	c.mu.Lock()
	defer c.mu.Unlock()
	switch {
	case c.closed:
	case c.topics != nil:
		return slices.Clone(c.topics)
	case c.pattern != nil: // the topics the group assigned from
		c.pmu.Lock()
		defer c.pmu.Unlock()
		topics := map[string]bool{}
		for tp := range c.assigned {
			topics[tp.Topic] = true
		}
		return slices.Sorted(maps.Keys(topics))
	}
	return []string{}
}

// Assign assigns partitions by hand: a direct kgo consumer, each new
// partition starting at the group's committed offset or the reset policy.
// Positions of partitions that stay are kept.
func (c *consumer) Assign(tps []backend.TopicPartition) error {
	now := c.clock.Now()
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.closed {
		return backend.ErrConsumerClosed
	}
	if len(tps) == 0 {
		c.dropClientLocked()
		return nil
	}
	for _, tp := range tps {
		if strings.TrimSpace(tp.Topic) == "" {
			return &backend.InvalidArgumentError{Message: backend.MsgBlankAssignTopic}
		}
	}
	if c.topics != nil || c.pattern != nil {
		return &backend.IllegalStateError{Message: backend.MsgMutuallyExclusive}
	}
	c.maybeAutoCommitLocked(now)
	set := slices.Compact(slices.SortedFunc(slices.Values(tps), compareTP))
	committed := c.b.CommittedOffsets(c.cfg.Group)
	add := map[string]map[int32]kgo.Offset{}
	if c.noOffset == nil {
		c.noOffset = map[backend.TopicPartition]bool{}
	}
	for _, tp := range set {
		if slices.Contains(c.manual, tp) {
			continue
		}
		var off kgo.Offset
		if om, ok := committed[tp]; ok {
			off = kgo.NewOffset().At(om.Offset)
		} else {
			switch c.cfg.AutoOffsetReset {
			case backend.ResetEarliest:
				off = kgo.NewOffset().AtStart()
			case backend.ResetNone:
				c.noOffset[tp] = true
				continue
			default:
				off = kgo.NewOffset().AtEnd()
			}
		}
		if add[tp.Topic] == nil {
			add[tp.Topic] = map[int32]kgo.Offset{}
		}
		add[tp.Topic][tp.Partition] = off
	}
	remove := map[string][]int32{}
	for _, tp := range c.manual {
		if !slices.Contains(set, tp) {
			remove[tp.Topic] = append(remove[tp.Topic], tp.Partition)
			delete(c.noOffset, tp)
			c.pmu.Lock()
			delete(c.pos, tp)
			c.pmu.Unlock()
		}
	}
	if c.cl == nil {
		cl, err := kgo.NewClient(append(c.baseOpts(), kgo.ConsumePartitions(add))...)
		if err != nil {
			return err
		}
		c.cl = cl
	} else {
		if len(remove) > 0 {
			c.cl.RemoveConsumePartitions(remove)
		}
		if len(add) > 0 {
			c.cl.AddConsumePartitions(add)
		}
	}
	c.manual = set
	return nil
}

func (c *consumer) Assignment() []backend.TopicPartition {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.assignmentLocked()
}

func (c *consumer) assignmentLocked() []backend.TopicPartition {
	if c.closed {
		return []backend.TopicPartition{}
	}
	if c.manual != nil {
		return slices.Clone(c.manual)
	}
	c.pmu.Lock()
	defer c.pmu.Unlock()
	return slices.SortedFunc(maps.Keys(c.assigned), compareTP)
}

func (c *consumer) ownsLocked(tp backend.TopicPartition) bool {
	if c.manual != nil {
		return slices.Contains(c.manual, tp)
	}
	c.pmu.Lock()
	defer c.pmu.Unlock()
	return c.assigned[tp]
}

// Poll returns the records the client has buffered, at most
// MaxPollRecords, without waiting.
func (c *consumer) Poll() ([]backend.Record, error) {
	now := c.clock.Now()
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.closed {
		return nil, backend.ErrConsumerClosed
	}
	if c.cl == nil {
		return nil, &backend.IllegalStateError{Message: backend.MsgNotSubscribed}
	}
	if len(c.noOffset) > 0 {
		return nil, &backend.NoOffsetError{Partitions: slices.SortedFunc(maps.Keys(c.noOffset), compareTP)}
	}
	c.maybeAutoCommitLocked(now)
	fs := c.cl.PollRecords(nil, c.cfg.MaxPollRecords) // a nil context takes only what is buffered
	var oor map[backend.TopicPartition]int64
	var other error
	fs.EachError(func(t string, p int32, err error) {
		var ke *kerr.Error
		switch {
		case errors.As(err, &ke) && ke == kerr.OffsetOutOfRange:
			if oor == nil {
				oor = map[backend.TopicPartition]int64{}
			}
			tp := backend.TopicPartition{Topic: t, Partition: p}
			c.pmu.Lock()
			oor[tp] = c.pos[tp]
			c.pmu.Unlock()
		case errors.Is(err, kgo.ErrClientClosed), errors.Is(err, context.Canceled):
		case errors.As(err, &ke) && (ke == kerr.UnknownTopicOrPartition || ke.Retriable):
			// kgo retries these; a Java consumer does not surface them.
		default:
			if other == nil {
				other = kafkaErr(err)
			}
		}
	})
	recs := fs.Records()
	out := make([]backend.Record, 0, len(recs))
	c.pmu.Lock()
	for _, r := range recs {
		tp := backend.TopicPartition{Topic: r.Topic, Partition: r.Partition}
		if c.manual == nil && !c.assigned[tp] {
			continue // revoked while buffered
		}
		c.pos[tp] = r.Offset + 1
		out = append(out, toRecord(r))
	}
	c.pmu.Unlock()
	if c.cfg.AutoCommit && c.manual == nil && len(recs) > 0 {
		c.cl.MarkCommitRecords(recs...)
	}
	if len(out) > 0 {
		return out, nil
	}
	if oor != nil {
		return nil, &backend.OffsetOutOfRangeError{Offsets: oor}
	}
	return nil, other
}

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

func (c *consumer) commitLocked(offsets map[backend.TopicPartition]backend.OffsetAndMetadata) error {
	member, gen := "", int32(-1)
	if c.cl != nil && c.manual == nil {
		member, gen = c.cl.GroupMetadata()
	}
	return c.b.commit(c.cfg.Group, gen, member, offsets)
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

// Close leaves the group (committing first with AutoCommit) and closes
// the client. It is idempotent.
func (c *consumer) Close() {
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.closed {
		return
	}
	c.dropClientLocked()
	c.closed = true
	b := c.b
	b.mu.Lock()
	delete(b.consumers, c)
	delete(b.members[c.cfg.Group], c.cfg.MemberID)
	if len(b.members[c.cfg.Group]) == 0 {
		delete(b.members, c.cfg.Group)
	}
	b.mu.Unlock()
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
