package kafkabackend

import (
	"context"
	"errors"
	"fmt"
	"maps"
	"slices"
	"strings"
	"sync"
	"time"

	"github.com/twmb/franz-go/pkg/kadm"
	"github.com/twmb/franz-go/pkg/kerr"
	"github.com/twmb/franz-go/pkg/kfake"
	"github.com/twmb/franz-go/pkg/kgo"

	"github.com/kafkarestmock/kafkarestmock/backend"
)

// callTimeout bounds every round trip the backend makes.
const callTimeout = 15 * time.Second

// pingTimeout bounds New's first contact with the brokers.
const pingTimeout = 5 * time.Second

// Backend is a backend.Backend over a Kafka cluster. It is safe for
// concurrent use; every method but Changes makes round trips to the
// cluster and blocks until they are answered (at most 15 seconds each).
type Backend struct {
	cluster *kfake.Cluster // owned, closed by Close; nil for external brokers
	addrs   []string
	kgoOpts []kgo.Opt
	cl      *kgo.Client // producer, admin requests and group commits
	adm     *kadm.Client

	ctx    context.Context // canceled by Close
	cancel context.CancelFunc

	notify notifier
	stop   chan struct{}
	ticks  sync.WaitGroup

	faults faultState

	// mu guards the fields below.
	mu        sync.Mutex
	closed    bool
	clock     backend.Clock // times the mock's own decisions; see UseClock
	consumers map[*consumer]struct{}
	members   map[string]map[string]bool // group → member ids of open consumers
	rr        map[string]uint32          // topic → nil-key rotation
	topics    map[string]cachedTopic     // descriptions of existing topics
}

// Option configures a Backend.
type Option func(*config)

type config struct {
	kfakeOpts []kfake.Opt
	kgoOpts   []kgo.Opt
}

// WithKfakeOptions passes options to the kfake cluster NewKfake starts.
func WithKfakeOptions(opts ...kfake.Opt) Option {
	return func(c *config) { c.kfakeOpts = append(c.kfakeOpts, opts...) }
}

// WithKgoOptions adds options to every kgo client the backend creates
// (for TLS or SASL to real brokers, say).
func WithKgoOptions(opts ...kgo.Opt) Option {
	return func(c *config) { c.kgoOpts = append(c.kgoOpts, opts...) }
}

// NewKfake starts an in-process kfake cluster of one broker on a free
// loopback port and returns a Backend over it. The Backend owns the
// cluster: Close stops it. Addrs gives its address for native clients.
func NewKfake(opts ...Option) (*Backend, error) {
	var cfg config
	for _, o := range opts {
		o(&cfg)
	}
	kopts := append([]kfake.Opt{kfake.NumBrokers(1), kfake.ClusterID("kafkarestmock")}, cfg.kfakeOpts...)
	cluster, err := kfake.NewCluster(kopts...)
	if err != nil {
		return nil, fmt.Errorf("kafkabackend: kfake: %w", err)
	}
	b, err := newBackend(cluster.ListenAddrs(), cfg)
	if err != nil {
		cluster.Close()
		return nil, err
	}
	b.cluster = cluster
	return b, nil
}

// New returns a Backend over the Kafka cluster reachable at brokers
// (host:port seeds), after checking within 5 seconds that one answers.
// The cluster is not owned: Reset is refused and Close only closes the
// clients.
func New(brokers []string, opts ...Option) (*Backend, error) {
	if len(brokers) == 0 {
		return nil, errors.New("kafkabackend: no brokers")
	}
	var cfg config
	for _, o := range opts {
		o(&cfg)
	}
	b, err := newBackend(brokers, cfg)
	if err != nil {
		return nil, err
	}
	ctx, cancel := context.WithTimeout(b.ctx, pingTimeout)
	defer cancel()
	if err := b.cl.Ping(ctx); err != nil {
		_ = b.Close()
		return nil, fmt.Errorf("kafkabackend: brokers %s: %w", strings.Join(brokers, ","), err)
	}
	return b, nil
}

func newBackend(addrs []string, cfg config) (*Backend, error) {
	b := &Backend{
		addrs:     slices.Clone(addrs),
		kgoOpts:   cfg.kgoOpts,
		stop:      make(chan struct{}),
		consumers: map[*consumer]struct{}{},
		members:   map[string]map[string]bool{},
		rr:        map[string]uint32{},
		topics:    map[string]cachedTopic{},
		clock:     backend.RealClock(),
	}
	opts := append([]kgo.Opt{
		kgo.SeedBrokers(addrs...),
		kgo.ClientID("kafkarestmock"),
		kgo.RecordPartitioner(kgo.ManualPartitioner()),
		kgo.ProducerLinger(0),
		// Batches as large as a broker takes by default: the REST layer
		// refuses records over the Java producer's max.request.size, so
		// every record it lets through fits one (kgo's own default is
		// smaller and would refuse some with its own text).
		kgo.ProducerBatchMaxBytes(backend.DefaultMaxMessageBytes),
		// Uncompressed, as the proxy's Java producers send (compression.type
		// none): a broker measures max.message.bytes on the batch as sent,
		// and kgo's default (snappy) would let larger records through.
		kgo.ProducerBatchCompression(kgo.NoCompression()),
		// No delivery timeout: kgo measures it from each record's
		// timestamp, which seeds and clients may set in the past. The
		// context of each Produce bounds it instead.
		kgo.MetadataMinAge(10 * time.Millisecond),
	}, cfg.kgoOpts...)
	cl, err := kgo.NewClient(opts...)
	if err != nil {
		return nil, fmt.Errorf("kafkabackend: %w", err)
	}
	b.cl = cl
	b.adm = kadm.NewClient(cl)
	b.ctx, b.cancel = context.WithCancel(context.Background())
	b.ticks.Add(1)
	go func() {
		defer b.ticks.Done()
		b.notify.tick(b.stop)
	}()
	return b, nil
}

// Addrs returns the brokers' addresses (host:port), for native clients.
func (b *Backend) Addrs() []string { return slices.Clone(b.addrs) }

// Cluster returns the kfake cluster the Backend owns, or nil for external
// brokers. Its control functions reach below the REST layer.
func (b *Backend) Cluster() *kfake.Cluster { return b.cluster }

// UseClock makes the backend time its own decisions with c instead of
// the real clock: the auto-commit interval of the assigned consumers
// created from then on (kgo times that of subscribed ones, on the wall
// clock). mockproxy's server calls it with its clock, so that one clock
// drives the REST layer and the backend. A nil c means the real clock.
// It implements backend.ClockUser.
func (b *Backend) UseClock(c backend.Clock) {
	if c == nil {
		c = backend.RealClock()
	}
	b.mu.Lock()
	defer b.mu.Unlock()
	b.clock = c
}

func (b *Backend) call() (context.Context, context.CancelFunc) {
	return context.WithTimeout(b.ctx, callTimeout)
}

// Changes returns a channel closed at the next produce, commit or
// rebalance seen by the backend's clients, or within 5 ms otherwise.
func (b *Backend) Changes() <-chan struct{} { return b.notify.wait() }

// topicTTL is how long a topic's description is reused: produce asks for
// it several times per request. Only topics that exist are cached, so a
// topic is seen the moment it is created. The TTL runs on the wall clock,
// not the backend's: it bounds how stale the backend's view is of a
// cluster that other clients change in real time, which a manual clock
// standing still must not stretch.
const topicTTL = time.Second

// CreateTopic creates a topic with the broker's default replication
// factor, as a broker that creates topics on first use does.
func (b *Backend) CreateTopic(name string, partitions int32, configs map[string]string) error {
	if !backend.ValidTopicName(name) {
		return fmt.Errorf("%w: %q", backend.ErrInvalidTopic, name)
	}
	if partitions < 1 {
		return fmt.Errorf("%w: %d", backend.ErrInvalidPartitions, partitions)
	}
	var cfgs map[string]*string
	if len(configs) > 0 {
		cfgs = make(map[string]*string, len(configs))
		for k, v := range configs {
			cfgs[k] = &v
		}
	}
	ctx, cancel := b.call()
	defer cancel()
	resp, err := b.adm.CreateTopic(ctx, partitions, -1, cfgs, name) // the broker's default replication factor
	if err == nil {
		err = resp.Err
	}
	switch {
	case err == nil:
	case errors.Is(err, kerr.TopicAlreadyExists):
		return fmt.Errorf("%w: %q", backend.ErrTopicExists, name)
	case errors.Is(err, kerr.InvalidConfig):
		return fmt.Errorf("%w: %s", backend.ErrInvalidConfig, resp.ErrMessage)
	case errors.Is(err, kerr.InvalidTopicException):
		return fmt.Errorf("%w: %q", backend.ErrInvalidTopic, name)
	default:
		return kafkaErr(err)
	}
	b.forget(name)
	b.notify.broadcast()
	return nil
}

// CommitOffsets commits offsets for group as an admin client does (no
// generation), after checking them all.
func (b *Backend) CommitOffsets(group string, offsets map[backend.TopicPartition]backend.OffsetAndMetadata) error {
	if err := b.checkCommit(offsets); err != nil {
		return err
	}
	return b.commit(group, -1, "", offsets)
}

func (b *Backend) checkCommit(offsets map[backend.TopicPartition]backend.OffsetAndMetadata) error {
	counts := map[string]int32{}
	for tp, om := range offsets {
		if om.Offset < 0 {
			return &backend.InvalidArgumentError{Message: backend.MsgNegativeOffset}
		}
		n, ok := counts[tp.Topic]
		if !ok {
			info, err := b.Topic(tp.Topic)
			if err != nil {
				return err
			}
			n = info.Partitions
			counts[tp.Topic] = n
		}
		if tp.Partition < 0 || tp.Partition >= n {
			return fmt.Errorf("%w: %s", backend.ErrUnknownPartition, tp)
		}
	}
	return nil
}

// CommittedOffsets fetches a group's committed offsets.
func (b *Backend) CommittedOffsets(group string) map[backend.TopicPartition]backend.OffsetAndMetadata {
	out := map[backend.TopicPartition]backend.OffsetAndMetadata{}
	ctx, cancel := b.call()
	defer cancel()
	resps, err := b.adm.FetchOffsets(ctx, group)
	if err != nil {
		return out
	}
	for t, ps := range resps {
		for p, r := range ps {
			if r.Err == nil && r.At >= 0 {
				out[backend.TopicPartition{Topic: t, Partition: p}] = backend.OffsetAndMetadata{Offset: r.At, Metadata: r.Metadata}
			}
		}
	}
	return out
}

// Reset closes every consumer and deletes every topic and group. It is
// refused on brokers the Backend does not own.
func (b *Backend) Reset() error {
	if b.cluster == nil {
		return errors.New("kafkabackend: reset refused on external brokers")
	}
	b.closeConsumers()
	b.faults.clear()
	ctx, cancel := b.call()
	defer cancel()
	if listed, err := b.adm.ListGroups(ctx); err == nil && len(listed) > 0 {
		if _, err := b.adm.DeleteGroups(ctx, listed.Groups()...); err != nil {
			return kafkaErr(err)
		}
	}
	var names []string
	for _, t := range b.Topics() {
		names = append(names, t.Name)
	}
	if len(names) > 0 {
		if _, err := b.adm.DeleteTopics(ctx, names...); err != nil {
			return kafkaErr(err)
		}
	}
	b.mu.Lock()
	clear(b.rr)
	b.mu.Unlock()
	b.forget()
	b.cl.PurgeTopicsFromClient(names...)
	b.notify.broadcast()
	return nil
}

func (b *Backend) closeConsumers() {
	b.mu.Lock()
	cs := slices.Collect(maps.Keys(b.consumers))
	b.mu.Unlock()
	for _, c := range cs {
		c.Close()
	}
}

// Close closes every consumer and client and, for NewKfake, the cluster.
// It is idempotent; no goroutine of the Backend outlives it.
func (b *Backend) Close() error {
	b.mu.Lock()
	if b.closed {
		b.mu.Unlock()
		return nil
	}
	b.closed = true
	b.mu.Unlock()
	b.closeConsumers()
	b.faults.clear()
	close(b.stop)
	b.ticks.Wait()
	b.cancel()
	b.cl.Close()
	if b.cluster != nil {
		b.cluster.Close()
	}
	return nil
}

// kafkaErr turns a kgo or kerr error into the backend vocabulary.
func kafkaErr(err error) error {
	var ke *kerr.Error
	if errors.As(err, &ke) {
		if ke == kerr.UnknownTopicOrPartition {
			return fmt.Errorf("%w: %s", backend.ErrUnknownTopic, ke.Message)
		}
		return &backend.KafkaError{Code: ke.Code, Name: canonicalName(ke), Message: ke.Description}
	}
	return err
}

// canonicalName is Kafka's current name of an error (kerr keeps some
// older names).
func canonicalName(ke *kerr.Error) string {
	if ke.Code == 6 {
		return "NOT_LEADER_OR_FOLLOWER"
	}
	return ke.Message
}

func compareTP(a, b backend.TopicPartition) int {
	if c := strings.Compare(a.Topic, b.Topic); c != 0 {
		return c
	}
	return int(a.Partition) - int(b.Partition)
}

// Describe reports the backend's kind, "kfake" for a cluster NewKfake
// started and "kafka" for brokers given to New, and its bootstrap
// addresses.
func (b *Backend) Describe() backend.Description {
	kind := "kafka"
	if b.cluster != nil {
		kind = "kfake"
	}
	return backend.Description{Kind: kind, Bootstrap: b.Addrs()}
}
