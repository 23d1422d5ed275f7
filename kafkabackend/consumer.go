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

	"github.com/kafkarestmock/kafkarestmock/backend"
)

// heartbeatInterval is short so that groups rebalance within a fraction
// of a second when a REST consumer joins or leaves.
const heartbeatInterval = 100 * time.Millisecond

// consumer is a consumer instance's consumer: no kgo client until its
// first Poll after subscribing (a group consumer with the range
// balancer) or until it is assigned partitions (a direct consumer).
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
		// No fetch sessions (KIP-227): an instance's client fetches a
		// handful of partitions, so a session saves nothing, and kgo's
		// Close kills a session while a fetch it has just started may
		// still be building its request (a data race in kgo itself).
		kgo.DisableFetchSessions(),
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

// dropClientLocked closes the client, if any: a group member leaves its
// group (committing its marks first when auto-committing). It clears the
// subscription, assignment and positions.
func (c *consumer) dropClientLocked() {
	if c.cl != nil {
		if c.cfg.AutoCommit && c.manual != nil {
			_, _ = c.commitConsumedLocked()
		}
		c.cl.Close()
		c.cl = nil
	}
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
	// The client, and with it the group membership, starts at the
	// next Poll, as a Java consumer joins at its first poll.
	c.dropClientLocked()
	c.topics = set
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
// MaxPollRecords, without waiting. A subscribed consumer's first Poll
// starts its group client, which joins the group in the background.
func (c *consumer) Poll() ([]backend.Record, error) {
	now := c.clock.Now()
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.closed {
		return nil, backend.ErrConsumerClosed
	}
	if c.cl == nil {
		if c.topics == nil && c.pattern == nil {
			return nil, &backend.IllegalStateError{Message: backend.MsgNotSubscribed}
		}
		// The first poll after subscribing joins the group; the
		// assignment and records come with later polls.
		if err := c.groupClient(); err != nil {
			return nil, err
		}
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
