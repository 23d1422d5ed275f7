package mockproxy

import (
	"log/slog"
	"net/url"
	"time"

	"github.com/kafkarestmock/kafkarestmock/backend"
	"github.com/kafkarestmock/kafkarestmock/fakelog"
	"github.com/kafkarestmock/kafkarestmock/scenario"
	"github.com/kafkarestmock/kafkarestmock/schemareg"
)

// Option configures a Server at construction. Options are applied in order.
type Option interface{ apply(*config) }

type optionFunc func(*config)

func (f optionFunc) apply(c *config) { f(c) }

type topicSpec struct {
	name       string
	partitions int32
}

type config struct {
	topics            []topicSpec
	profile           Profile
	logger            *slog.Logger
	autoCreate        bool
	defaultPartitions int32
	noListener        bool
	maxBodyBytes      int64
	streamMaxDuration time.Duration // streaming.connection.max.duration.ms
	clock             fakelog.Clock
	backend           backend.Backend // nil: an in-memory fakelog.Log
	logOpts           []fakelog.Option
	brokerID          int32
	instanceTimeout   time.Duration
	requestTimeout    time.Duration
	faults            []scenario.Fault
	scenarioFiles     []string
	journalSize       int
	basicAuth         bool
	basicUser         string
	basicPassword     string
	adminToken        string
	noAdmin           bool
	maxInstances      int
	cors              *corsPolicy  // nil: CORS off
	seeds             []seedSource // applied in order at start and by Reset
	formats           formatTable  // embedded formats; the first is the default
	clusterID         string       // the v3 cluster id
	advertised        []*url.URL   // advertised.listeners: authorities of base URLs
	noAuthorizer      bool         // v3 ACL calls answer "No Authorizer is configured."
	idleTimeout       time.Duration
	schemaRegistry    string             // SchemaRegistryEmbedded, SchemaRegistryNone or a URL
	registryOpts      []schemareg.Option // options of the embedded registry
	registryURL       string             // advertised URL of the embedded registry; "": under URL()
}

// Consumer defaults of the real proxy.
const (
	// DefaultConsumerInstanceTimeout is consumer.instance.timeout.ms: an
	// instance idle this long is removed.
	DefaultConsumerInstanceTimeout = 5 * time.Minute
	// DefaultConsumerRequestTimeout is consumer.request.timeout.ms: the
	// longest a records read waits.
	DefaultConsumerRequestTimeout = time.Second
	// consumerRequestMaxBytes is consumer.request.max.bytes, the cap of a
	// records read.
	consumerRequestMaxBytes = 64 << 20
	// maxPollRecords is the max.poll.records the proxy gives its consumers.
	maxPollRecords = 30
)

// DefaultMaxBodyBytes is the default request body limit: 64 MiB, the real
// proxy's consumer.request.max.bytes.
const DefaultMaxBodyBytes = 64 << 20

func defaultConfig() config {
	return config{
		profile:           ProfileAll,
		logger:            slog.New(slog.DiscardHandler),
		autoCreate:        true,
		defaultPartitions: 1,
		maxBodyBytes:      DefaultMaxBodyBytes,
		streamMaxDuration: DefaultStreamingMaxDuration,
		idleTimeout:       DefaultIdleTimeout,
		brokerID:          1,
		instanceTimeout:   DefaultConsumerInstanceTimeout,
		requestTimeout:    DefaultConsumerRequestTimeout,
		journalSize:       DefaultJournalSize,
		maxInstances:      DefaultMaxConsumerInstances,
		formats:           builtinFormats(),
		clusterID:         DefaultClusterID,
		schemaRegistry:    SchemaRegistryEmbedded,
	}
}

// WithTopic creates topic name with the given number of partitions (at
// least 1) when the server is built. Repeatable.
func WithTopic(name string, partitions int) Option {
	return optionFunc(func(c *config) {
		c.topics = append(c.topics, topicSpec{name: name, partitions: int32(partitions)})
	})
}

// WithProfile chooses the emulated proxy version; the default is ProfileAll.
func WithProfile(p Profile) Option {
	return optionFunc(func(c *config) { c.profile = p })
}

// WithLogger sends the server's logs to l: one line per request at Info
// (admin requests under /_mock/ at Debug). The default discards them.
func WithLogger(l *slog.Logger) Option {
	return optionFunc(func(c *config) {
		if l != nil {
			c.logger = l
		}
	})
}

// WithAutoCreateTopics sets whether producing to an unknown topic creates
// it with the default partition count, as a Kafka broker with
// auto.create.topics.enable=true does (the default). With false the server
// gives the real proxy's missing-topic answers.
func WithAutoCreateTopics(on bool) Option {
	return optionFunc(func(c *config) { c.autoCreate = on })
}

// WithDefaultPartitions sets the partition count of auto-created topics
// (Kafka's num.partitions; default 1).
func WithDefaultPartitions(n int) Option {
	return optionFunc(func(c *config) {
		if n > 0 {
			c.defaultPartitions = int32(n)
		}
	})
}

// WithoutListener makes NewServer skip the TCP listener: requests reach the
// server only through Client (an in-memory transport) or Handler. Use it
// inside testing/synctest, where sockets are not durably blocking.
func WithoutListener() Option {
	return optionFunc(func(c *config) { c.noListener = true })
}

// WithMaxBodyBytes limits request bodies to n bytes (default
// DefaultMaxBodyBytes). A larger body is refused with 413 and nothing is
// stored.
func WithMaxBodyBytes(n int64) Option {
	return optionFunc(func(c *config) {
		if n > 0 {
			c.maxBodyBytes = n
		}
	})
}

// WithClock sets the clock for record timestamps, long-poll waits and
// instance expiry. The default is the real clock, which is virtual inside
// testing/synctest; pass a *fakelog.ManualClock to move time by hand.
func WithClock(c fakelog.Clock) Option {
	return optionFunc(func(cfg *config) { cfg.clock = c })
}

// WithBackend runs the server on b instead of an in-memory fakelog.Log:
// for example a Kafka cluster through package kafkabackend. The server
// owns b from then on and closes it at Close. WithLogOptions does not
// apply to it and Server.Log returns nil. The clock given to WithClock
// drives the REST layer (long-poll timeouts, instance expiry), stamps
// the records produced through REST and seeds, and is given to b if b is
// a backend.ClockUser (a Kafka backend's auto-commit interval, say).
func WithBackend(b backend.Backend) Option {
	return optionFunc(func(cfg *config) { cfg.backend = b })
}

// WithLogOptions passes options (such as fakelog.WithRetention) to the
// server's log.
func WithLogOptions(opts ...fakelog.Option) Option {
	return optionFunc(func(c *config) { c.logOpts = append(c.logOpts, opts...) })
}

// WithConsumerInstanceTimeout sets how long a consumer instance may stay
// idle before it is removed (consumer.instance.timeout.ms; default 5
// minutes). Every operation on an instance except delete refreshes it.
func WithConsumerInstanceTimeout(d time.Duration) Option {
	return optionFunc(func(c *config) {
		if d > 0 {
			c.instanceTimeout = d
		}
	})
}

// WithConsumerRequestTimeout sets the proxy-wide longest wait of a records
// read (consumer.request.timeout.ms; default 1 second). A read's timeout
// parameter can only shorten it.
func WithConsumerRequestTimeout(d time.Duration) Option {
	return optionFunc(func(c *config) {
		if d > 0 {
			c.requestTimeout = d
		}
	})
}

// WithFaults installs fault rules when the server is built (New fails on
// an invalid one). See Server.Inject for adding rules later.
func WithFaults(faults ...scenario.Fault) Option {
	return optionFunc(func(c *config) { c.faults = append(c.faults, faults...) })
}

// WithJournalSize bounds the request journal to n entries (default
// DefaultJournalSize); older entries are dropped first.
func WithJournalSize(n int) Option {
	return optionFunc(func(c *config) {
		if n > 0 {
			c.journalSize = n
		}
	})
}

// WithScenarioFile installs the fault rules of a scenario file (DESIGN §7)
// when the server is built; New fails with the loader's error, which names
// the file, the rule and the field.
func WithScenarioFile(path string) Option {
	return optionFunc(func(c *config) { c.scenarioFiles = append(c.scenarioFiles, path) })
}

// WithSeed applies a seed (see Seed and LoadSeed) when the server is
// built, after the WithTopic topics, and again at every Reset. New fails
// with the seed's error, which names the field. Repeatable; seeds apply in
// order.
func WithSeed(sd *Seed) Option {
	return optionFunc(func(c *config) { c.seeds = append(c.seeds, seedSource{seed: sd}) })
}

// WithSeedFile is WithSeed with a seed file (DESIGN §6; format in Seed),
// read once when the server is built; New fails with LoadSeedFile's
// error, which names the file and the field.
func WithSeedFile(path string) Option {
	return optionFunc(func(c *config) { c.seeds = append(c.seeds, seedSource{path: path}) })
}

// WithCORSOrigins turns CORS on for browsers, as the real proxy does when
// access.control.allow.origin is set: a request whose Origin matches gets
// Access-Control-Allow-Origin (the Origin echoed) and
// Access-Control-Allow-Credentials: true, and preflights are answered
// without reaching the API. Each origin is a full origin such as
// "http://localhost:3000", "*" for any, or a pattern where '*' stands for
// any run of characters ("http://*.example.com"); comma-separated lists
// are accepted. Without origins CORS stays off (the default).
func WithCORSOrigins(origins ...string) Option {
	return optionFunc(func(c *config) { c.cors = newCORSPolicy(origins) })
}

// DefaultStreamingMaxDuration is streaming.connection.max.duration.ms's
// default: how long a v3 produce stream stays open.
const DefaultStreamingMaxDuration = 24 * time.Hour

// streamGracePeriod is streaming.connection.grace.period.ms's default:
// how long an expired stream still answers before it ends.
const streamGracePeriod = 500 * time.Millisecond

// WithStreamingMaxDuration sets streaming.connection.max.duration.ms:
// a record that arrives on a v3 produce stream (POST .../records) open for
// longer than d, on the server's clock, is not produced but answered with a
// 408 report, and the stream ends 500 ms (the grace period) later, at the
// next record. Non-positive values keep the default,
// DefaultStreamingMaxDuration.
func WithStreamingMaxDuration(d time.Duration) Option {
	return optionFunc(func(c *config) {
		if d > 0 {
			c.streamMaxDuration = d
		}
	})
}

// WithAdvertisedListeners sets the proxy's advertised.listeners: the
// absolute URLs (scheme://host:port) clients reach it at. The base_uri of
// a consumer instance and the URLs of v3 bodies take their authority from
// the first one with the request's scheme, as the real proxy's UrlFactory
// does; a request whose scheme none has keeps its own Host. Use it behind
// a load balancer or a port mapping. Entries that are not absolute http or
// https URLs are ignored.
func WithAdvertisedListeners(urls ...string) Option {
	return optionFunc(func(c *config) {
		for _, s := range urls {
			if u, err := url.Parse(s); err == nil && (u.Scheme == "http" || u.Scheme == "https") && u.Host != "" {
				c.advertised = append(c.advertised, u)
			}
		}
	})
}

// WithClusterID sets the id of the one Kafka cluster API v3 serves
// (GET /v3/clusters lists exactly it); the default is DefaultClusterID.
func WithClusterID(id string) Option {
	return optionFunc(func(c *config) { c.clusterID = id })
}

// WithSchemaRegistry sets the Schema Registry the avro, jsonschema and
// protobuf formats use: SchemaRegistryEmbedded (the default: the mock's
// own registry, served under /schema-registry/ and by SchemaRegistry),
// SchemaRegistryNone (a proxy configured without one, answering the schema
// formats as the real proxy then does), or the http or https URL of an
// external Confluent-compatible registry.
func WithSchemaRegistry(target string) Option {
	return optionFunc(func(c *config) { c.schemaRegistry = target })
}

// WithSchemaRegistryOptions passes options to the embedded registry
// (its compatibility level, the server version it emulates).
func WithSchemaRegistryOptions(opts ...schemareg.Option) Option {
	return optionFunc(func(c *config) { c.registryOpts = append(c.registryOpts, opts...) })
}

// WithSchemaRegistryAdvertisedURL sets the URL that SchemaRegistryURL and
// GET /_mock/info report for the embedded registry, for a program that
// also serves SchemaRegistry().Handler() on a listener of its own (as the
// binary's --schema-registry-addr does). The registry stays served under
// /schema-registry/ on the server's listener. It has no effect without
// the embedded registry.
func WithSchemaRegistryAdvertisedURL(u string) Option {
	return optionFunc(func(c *config) { c.registryURL = u })
}
