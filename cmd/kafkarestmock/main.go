// Command kafkarestmock serves a mock Confluent Kafka REST Proxy backed by
// an in-memory log, for tests and local development.
//
// It prints its base URL as the first line on stdout (then the Kafka
// address of a Kafka backend and the schema registry's URL) and runs until
// SIGINT or SIGTERM. Run it with -h for the flags.
package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"log/slog"
	"net"
	"os"
	"os/signal"
	"strings"
	"syscall"
	"time"

	"github.com/twmb/franz-go/pkg/kfake"

	"github.com/kafkarestmock/kafkarestmock/fakelog"
	"github.com/kafkarestmock/kafkarestmock/internal/buildinfo"
	"github.com/kafkarestmock/kafkarestmock/internal/fileerr"
	"github.com/kafkarestmock/kafkarestmock/kafkabackend"
	"github.com/kafkarestmock/kafkarestmock/mockproxy"
	"github.com/kafkarestmock/kafkarestmock/scenario"
)

func main() {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	context.AfterFunc(ctx, stop) // after the first signal, a second one kills at once
	err := run(ctx, os.Args[1:], os.Getenv, os.Stdout, os.Stderr)
	stop()
	if err != nil {
		fmt.Fprintln(os.Stderr, "kafkarestmock:", err)
		os.Exit(exitCode(err))
	}
}

// exitCode is 2 for a bad command line or environment and 1 for any other
// failure.
func exitCode(err error) int {
	if _, ok := errors.AsType[*usageError](err); ok {
		return 2
	}
	return 1
}

// run is the whole program: it reads the configuration, starts the server
// (and the embedded schema registry's own listener), prints their URLs on
// stdout and serves until ctx is done, then closes both and returns once
// every goroutine it started has ended. Logs go to stderr.
func run(ctx context.Context, args []string, getenv func(string) string, stdout, stderr io.Writer) error {
	cfg, err := loadConfig(args, getenv)
	if errors.Is(err, flag.ErrHelp) {
		writeUsage(stdout)
		return nil
	}
	if err != nil {
		return err
	}
	if cfg.ShowVersion {
		_, err := fmt.Fprintln(stdout, "kafkarestmock", buildinfo.Version())
		return err
	}

	hopts := &slog.HandlerOptions{Level: cfg.LogLevel}
	var handler slog.Handler = slog.NewTextHandler(stderr, hopts)
	if cfg.LogFormat == "json" {
		handler = slog.NewJSONHandler(stderr, hopts)
	}
	logger := slog.New(handler)

	opts := []mockproxy.Option{
		mockproxy.WithProfile(cfg.Profile),
		mockproxy.WithAutoCreateTopics(cfg.AutoCreateTopics),
		mockproxy.WithDefaultPartitions(cfg.DefaultPartitions),
		mockproxy.WithClusterID(cfg.ClusterID),
		mockproxy.WithAdvertisedListeners(cfg.Advertised...),
		mockproxy.WithConsumerInstanceTimeout(cfg.InstanceTimeout),
		mockproxy.WithIdleTimeout(cfg.IdleTimeout),
		mockproxy.WithLogger(logger),
	}
	for _, t := range cfg.Topics {
		opts = append(opts, mockproxy.WithTopic(t.Name, t.Partitions))
	}
	if cfg.Seed != "" {
		seed, err := checkSeed(cfg)
		if err != nil {
			return err
		}
		opts = append(opts, mockproxy.WithSeed(seed))
	}
	if len(cfg.CORSOrigins) > 0 {
		opts = append(opts, mockproxy.WithCORSOrigins(cfg.CORSOrigins...))
	}
	if cfg.Clock == "manual" {
		// Starts at the real time, so timestamps look current; it then
		// moves only through POST /_mock/clock/advance.
		opts = append(opts, mockproxy.WithClock(fakelog.NewManualClock(time.Now().UTC().Truncate(time.Millisecond))))
	}
	if cfg.Scenario != "" {
		// Checked here so that a bad file is a usage error (exit 2) naming
		// the file, the rule and the field.
		faults, err := scenario.LoadFile(cfg.Scenario)
		if err != nil {
			return usagef("--scenario %v", err)
		}
		for i, f := range faults {
			if f.Layer == scenario.LayerKafka && cfg.Backend != "kfake" {
				return usagef("--scenario %s: faults[%d].layer: \"kafka\" needs --backend kfake (the backend is %s)", cfg.Scenario, i, cfg.Backend)
			}
		}
		opts = append(opts, mockproxy.WithScenarioFile(cfg.Scenario))
	}
	opts = append(opts,
		mockproxy.WithLogOptions(fakelog.WithRetention(cfg.RetentionRecords, cfg.RetentionBytes)),
		mockproxy.WithMaxConsumerInstances(cfg.MaxInstances))
	var user, pass string // --basic-auth; the registry's own listener asks for them too
	if cfg.BasicAuth != "" {
		if user, pass, err = basicCredentials(cfg.BasicAuth); err != nil {
			return err
		}
		opts = append(opts, mockproxy.WithBasicAuth(user, pass))
	}
	if !cfg.Admin {
		opts = append(opts, mockproxy.WithoutAdminAPI())
	}
	if !cfg.Authorizer {
		opts = append(opts, mockproxy.WithoutAuthorizer())
	}
	if cfg.AdminToken != "" {
		opts = append(opts, mockproxy.WithAdminToken(cfg.AdminToken))
	}
	var kb *kafkabackend.Backend
	switch cfg.Backend {
	case "kfake":
		if kb, err = kafkabackend.NewKfake(kafkabackend.WithKfakeOptions(kfake.Ports(cfg.KafkaPort))); err != nil {
			return err
		}
	case "kafka":
		if kb, err = kafkabackend.New(cfg.Brokers); err != nil {
			return err
		}
	}
	if kb != nil {
		opts = append(opts, mockproxy.WithBackend(kb))
	}
	opts = append(opts, mockproxy.WithSchemaRegistry(cfg.SchemaRegistry))
	var reg *registryServer // the embedded registry's own listener
	if cfg.SchemaRegistryAddr != "" {
		if reg, err = listenRegistry(cfg.SchemaRegistryAddr); err != nil {
			if kb != nil {
				_ = kb.Close()
			}
			return err
		}
		opts = append(opts, mockproxy.WithSchemaRegistryAdvertisedURL(reg.url))
	}
	srv, err := mockproxy.New(opts...)
	if err != nil {
		if kb != nil {
			_ = kb.Close()
		}
		_ = reg.close()
		return err
	}
	// fail closes what was started and returns err.
	fail := func(err error) error {
		_ = reg.close()
		_ = srv.Close()
		return err
	}
	if !loopback(cfg.Addr) {
		logger.Warn("listening beyond this machine: anyone who can reach it can read and write its topics; use --basic-auth, or --addr 127.0.0.1:PORT", "addr", cfg.Addr)
	}
	if reg != nil && !loopback(cfg.SchemaRegistryAddr) {
		logger.Warn("the schema registry listens beyond this machine: anyone who can reach it can register and delete schemas; use --basic-auth, or --schema-registry-addr 127.0.0.1:PORT", "addr", cfg.SchemaRegistryAddr)
	}
	if err := srv.Start(cfg.Addr); err != nil {
		return fail(err)
	}
	if reg != nil {
		reg.serve(srv.SchemaRegistry().Handler(), logger, cfg.IdleTimeout, user, pass)
	}
	if _, err := fmt.Fprintln(stdout, srv.URL()); err != nil {
		return fail(err)
	}
	attrs := []any{"url", srv.URL(), "page", srv.URL() + "/_mock/", "profile", cfg.Profile.String(), "clock", cfg.Clock, "backend", cfg.Backend}
	if kb != nil {
		// The second line is the Kafka bootstrap address, for native
		// clients sharing the topics.
		kafka := strings.Join(kb.Addrs(), ",")
		if _, err := fmt.Fprintln(stdout, kafka); err != nil {
			return fail(err)
		}
		attrs = append(attrs, "kafka", kafka)
	}
	if u := srv.SchemaRegistryURL(); u != "" {
		// The last line is the schema registry's URL: the embedded one's
		// own listener, or the external one.
		if _, err := fmt.Fprintln(stdout, u); err != nil {
			return fail(err)
		}
		attrs = append(attrs, "schema_registry", u)
	}
	if cfg.Seed != "" {
		attrs = append(attrs, "seed", cfg.Seed)
	}
	if len(cfg.CORSOrigins) > 0 {
		attrs = append(attrs, "cors_origins", strings.Join(cfg.CORSOrigins, ","))
	}
	logger.Info("serving", attrs...)

	<-ctx.Done()
	logger.Info("shutting down")
	return errors.Join(reg.close(), srv.Close())
}

// checkSeed loads the seed file and applies it to a scratch log holding
// the --topic topics, so that every problem with the file (syntax, a bad
// field, a topic that --topic creates too, an offset for a missing topic)
// is a usage error (exit 2) naming the file and the field.
func checkSeed(cfg config) (*mockproxy.Seed, error) {
	seed, err := mockproxy.LoadSeedFile(cfg.Seed)
	if err != nil {
		return nil, usagef("--seed %v", err)
	}
	scratch := fakelog.New()
	defer scratch.Close()
	for _, t := range cfg.Topics {
		_ = scratch.CreateTopic(t.Name, int32(t.Partitions), nil)
	}
	if err := seed.Apply(mockproxy.SeedCheckTarget(scratch)); err != nil {
		msg := fmt.Sprintf("--seed %s: %v", cfg.Seed, err)
		if strings.Contains(err.Error(), "already exists") {
			msg += " (--topic creates it too)" // the seed itself was checked for duplicates
		}
		return nil, usagef("%s", msg)
	}
	return seed, nil
}

// writeUsage writes the -h text.
func writeUsage(w io.Writer) {
	var b strings.Builder
	b.WriteString(`kafkarestmock serves a mock Confluent Kafka REST Proxy (API v1 and v2) backed by an
in-memory log, an in-process Kafka cluster (kfake) or real brokers, for tests
and local development. The first line it prints is its base URL; with
--backend kfake or kafka the second is the Kafka bootstrap address; the last
is the schema registry's URL (none with --schema-registry none). It runs
until interrupted (Ctrl-C or SIGTERM).

Examples:
  kafkarestmock --topic demo:3
  curl -s -H 'Content-Type: application/vnd.kafka.binary.v2+json' \
    -d '{"records":[{"key":"a2V5","value":"aGk="}]}' localhost:8082/topics/demo

  kafkarestmock --seed testdata/seed/shop.json --cors-origins '*'
  then open http://127.0.0.1:8082/_mock/ in a browser: topics, messages,
  a produce form, consumers, fault rules and the requests, live.

  kafkarestmock --backend kfake --topic orders:3
  then produce through REST and consume with any Kafka client at the
  address on the second line (and the other way round).

  kafkarestmock --topic orders:1
  curl -s -H 'Content-Type: application/vnd.kafka.avro.v2+json' \
    -d '{"value_schema":"\"string\"","records":[{"value":"hi"}]}' localhost:8082/topics/orders
  curl -s localhost:8081/subjects/orders-value/versions/latest
  (the embedded schema registry, at the URL on the last line printed)

Flags (-flag and --flag both work; each can also be set by the environment
variable shown, and a flag given on the command line wins):
`)
	for _, o := range options {
		head := "--" + o.name
		if o.arg != "" {
			head += " " + o.arg
		}
		fmt.Fprintf(&b, "  %s\n      %s\n      env %s", head, o.usage, envName(o.name))
		if o.def != "" {
			fmt.Fprintf(&b, ", default %s", o.def)
		}
		b.WriteString("\n")
	}
	b.WriteString("  --version\n      print the version and exit\n")
	b.WriteString("  -h, --help\n      print this help and exit\n")
	io.WriteString(w, b.String())
}

// basicCredentials reads USER:PASSWORD, or the first line of the file
// named after "@".
func basicCredentials(v string) (user, pass string, err error) {
	if name, ok := strings.CutPrefix(v, "@"); ok {
		b, err := fileerr.ReadFile(name)
		if err != nil {
			return "", "", usagef("--basic-auth: %v", err)
		}
		v, _, _ = strings.Cut(string(b), "\n")
		v = strings.TrimSpace(v)
	}
	user, pass, ok := strings.Cut(v, ":")
	if !ok || user == "" {
		return "", "", usagef("--basic-auth: want USER:PASSWORD")
	}
	return user, pass, nil
}

// loopback reports whether addr only listens on this machine.
func loopback(addr string) bool {
	host, _, err := net.SplitHostPort(addr)
	if err != nil {
		return false
	}
	if host == "localhost" {
		return true
	}
	ip := net.ParseIP(host)
	return ip != nil && ip.IsLoopback()
}
