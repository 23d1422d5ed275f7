package main

import (
	"errors"
	"flag"
	"fmt"
	"io"
	"log/slog"
	"net"
	"net/url"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/kafkarestmock/kafkarestmock/fakelog"
	"github.com/kafkarestmock/kafkarestmock/internal/hostport"
	"github.com/kafkarestmock/kafkarestmock/mockproxy"
)

// envPrefix starts the name of every flag's environment twin:
// --default-partitions reads KAFKARESTMOCK_DEFAULT_PARTITIONS.
const envPrefix = "KAFKARESTMOCK_"

// config is the binary's configuration after flags and environment are
// resolved and checked.
type config struct {
	Addr              string
	Topics            []topicSpec
	Profile           mockproxy.Profile
	AutoCreateTopics  bool
	DefaultPartitions int
	InstanceTimeout   time.Duration
	IdleTimeout       time.Duration // 0: none
	Scenario          string
	Seed              string
	CORSOrigins       []string // nil: CORS off; "*" for any origin
	Clock             string   // "real" or "manual"
	RetentionRecords  int64    // per partition; 0 = unlimited
	RetentionBytes    int64    // per partition; 0 = unlimited
	MaxInstances      int
	BasicAuth         string // "user:password"; "" = off
	Admin             bool
	AdminToken        string
	LogLevel          slog.Level
	LogFormat         string // "text" or "json"
	ShowVersion       bool
	Backend           string   // "memory", "kfake" or "kafka"
	Brokers           []string // --backend kafka: seed brokers
	KafkaPort         int      // --backend kfake: the broker's port; 0 picks a free one
	ClusterID         string   // the v3 cluster id
	Advertised        []string // advertised listeners: http(s)://host:port
	Authorizer        bool     // v3 ACLs kept in memory; false: no authorizer
	// SchemaRegistry is "embedded", "none" or an external registry's
	// http(s) URL (without a trailing slash).
	SchemaRegistry string
	// SchemaRegistryAddr is the embedded registry's own listener; "" when
	// the registry is not the embedded one.
	SchemaRegistryAddr string
}

// topicSpec is one topic created at start.
type topicSpec struct {
	Name       string
	Partitions int
}

// option describes one configurable flag. Each has an environment twin
// (see envName); a flag given on the command line wins over its twin.
type option struct {
	name   string
	arg    string // placeholder for the value in the usage text
	def    string
	usage  string
	isBool bool
}

// options lists the flags in the order the usage text shows them.
var options = []option{
	{name: "addr", arg: "HOST:PORT", def: "127.0.0.1:8082",
		usage: "listen address; :0 picks a free port"},
	{name: "topic", arg: "NAME[:PARTITIONS]",
		usage: "create a topic at start (partitions default to 1); repeatable, and a comma-separated list is accepted"},
	{name: "seed", arg: "FILE",
		usage: "seed file to load at start and at every POST /_mock/reset: topics, records and committed offsets (JSON; see the README)"},
	{name: "profile", arg: "all|legacy|modern", def: "all",
		usage: "which REST Proxy to emulate: all (v1 as Confluent 5.5 beside current v2), legacy (Confluent 5.5) or modern (current Confluent)"},
	{name: "auto-create-topics", isBool: true, def: "true",
		usage: "producing to an unknown topic creates it with --default-partitions; turn off with --auto-create-topics=false"},
	{name: "default-partitions", arg: "N", def: "1",
		usage: "partition count of auto-created topics"},
	{name: "scenario", arg: "FILE",
		usage: "fault rules to install at start (a JSON scenario file: {\"faults\":[...]})"},
	{name: "cors-origins", arg: "ORIGINS",
		usage: "turn CORS on for browser apps served from these origins: a comma-separated list such as http://localhost:3000,http://127.0.0.1:5173, a '*' inside an origin matching anything, or * for any origin; empty: CORS off"},
	{name: "clock", arg: "real|manual", def: "real",
		usage: "manual: time (long-poll timeouts, instance expiry, timestamps) moves only through POST /_mock/clock/advance"},
	{name: "consumer-instance-timeout", arg: "DURATION", def: "5m",
		usage: "idle time after which a consumer instance is removed (consumer.instance.timeout.ms), e.g. 30s or 5m"},
	{name: "idle-timeout", arg: "DURATION", def: "30s",
		usage: "close a connection silent this long: idle between requests, or a request head or body that stops arriving (Jetty's idle.timeout.ms); 0 never closes one"},
	{name: "retention-records", arg: "N", def: "1000000",
		usage: "records kept per partition; older ones are dropped (the log start moves), so a long-running mock stays bounded; 0 keeps all"},
	{name: "retention-bytes", arg: "N", def: "268435456",
		usage: "key and value bytes kept per partition (default 256 MiB); 0 keeps all"},
	{name: "max-consumer-instances", arg: "N", def: "10000",
		usage: "consumer instances that may exist at once; one more is refused with 429"},
	{name: "basic-auth", arg: "USER:PASSWORD|@FILE",
		usage: "require HTTP Basic credentials on every request (a file holds USER:PASSWORD on its first line)"},
	{name: "admin", isBool: true, def: "true",
		usage: "serve the /_mock/ admin API and web page; --admin=false removes them"},
	{name: "admin-token", arg: "TOKEN",
		usage: "require \"Authorization: Bearer TOKEN\" on the /_mock/ admin API"},
	{name: "backend", arg: "memory|kfake|kafka", def: "memory",
		usage: "what holds the topics: memory (an in-memory log), kfake (an in-process Kafka cluster that native Kafka clients can use too; its address is the second line printed) or kafka (real brokers given by --brokers)"},
	{name: "brokers", arg: "HOST:PORT,...",
		usage: "with --backend kafka: the Kafka (or Redpanda) brokers to serve in front of"},
	{name: "kafka-port", arg: "N", def: "0",
		usage: "with --backend kfake: the port of its Kafka listener on 127.0.0.1; 0 picks a free one"},
	{name: "cluster-id", arg: "ID", def: mockproxy.DefaultClusterID,
		usage: "the id of the Kafka cluster API v3 serves (GET /v3/clusters lists exactly this one)"},
	{name: "advertised-listeners", arg: "URL,...",
		usage: "the URLs clients reach the mock at (http://host:port), as the proxy's advertised.listeners: consumer base_uri and v3 URLs take their host from the first one with the request's scheme instead of the request's Host header"},
	{name: "authorizer", isBool: true, def: "true",
		usage: "keep the ACLs of API v3 in memory, as a broker with an authorizer; --authorizer=false answers every ACL call \"No Authorizer is configured.\""},
	{name: "schema-registry", arg: "embedded|none|URL", def: mockproxy.SchemaRegistryEmbedded,
		usage: "the Schema Registry of the avro, jsonschema and protobuf formats: embedded (the mock's own, served on --schema-registry-addr and under /schema-registry/ on --addr), none (a proxy without one) or the http:// or https:// URL of an external registry"},
	{name: "schema-registry-addr", arg: "HOST:PORT", def: defaultRegistryAddr,
		usage: "listen address of the embedded schema registry, whose URL is the last line printed; :0 picks a free port, and so does an --addr asking for one when this flag is not given"},
	{name: "log-level", arg: "debug|info|warn|error", def: "info",
		usage: "least severe log level written to stderr"},
	{name: "log-format", arg: "text|json", def: "text",
		usage: "log format on stderr"},
}

// defaultRegistryAddr is where the embedded registry listens by default:
// Schema Registry's usual port.
const defaultRegistryAddr = "127.0.0.1:8081"

// envName returns the environment twin of a flag:
// "auto-create-topics" → "KAFKARESTMOCK_AUTO_CREATE_TOPICS".
func envName(flagName string) string {
	return envPrefix + strings.ToUpper(strings.ReplaceAll(flagName, "-", "_"))
}

// usageError is a problem with the command line or the environment. The
// binary reports it in one line and exits with status 2.
type usageError struct{ msg string }

func (e *usageError) Error() string { return e.msg }

func usagef(format string, args ...any) error {
	return &usageError{msg: fmt.Sprintf(format, args...)}
}

// rawValue collects what the command line gave for one flag, unchecked;
// loadConfig checks it afterwards so that flag and environment values get
// the same messages.
type rawValue struct {
	vals   []string
	isBool bool
}

func (v *rawValue) String() string {
	if v == nil || len(v.vals) == 0 {
		return ""
	}
	return v.vals[len(v.vals)-1]
}

func (v *rawValue) Set(s string) error {
	v.vals = append(v.vals, s)
	return nil
}

func (v *rawValue) IsBoolFlag() bool { return v.isBool }

// loadConfig resolves the configuration from command-line arguments (without
// the program name) and the environment, read through getenv. It has no
// side effects. It returns flag.ErrHelp for -h/--help and a *usageError for
// anything wrong.
func loadConfig(args []string, getenv func(string) string) (config, error) {
	fs := flag.NewFlagSet("kafkarestmock", flag.ContinueOnError)
	fs.SetOutput(io.Discard) // errors are returned; run prints help on request
	fs.Usage = func() {}
	raw := make(map[string]*rawValue, len(options))
	for _, o := range options {
		v := &rawValue{isBool: o.isBool}
		raw[o.name] = v
		fs.Var(v, o.name, o.usage)
	}
	showVersion := fs.Bool("version", false, "print the version and exit")
	if err := fs.Parse(args); err != nil {
		if errors.Is(err, flag.ErrHelp) {
			return config{}, err
		}
		return config{}, usagef("%v (run kafkarestmock -h for help)", err)
	}
	if fs.NArg() > 0 {
		return config{}, usagef("unexpected argument %q (flags take --name value, booleans --name=false)", fs.Arg(0))
	}

	// lookup returns where a setting comes from ("--flag", an environment
	// variable name, or "" for the default) and its values.
	lookup := func(name string) (source string, vals []string) {
		if v := raw[name]; len(v.vals) > 0 {
			return "--" + name, v.vals
		}
		if s := getenv(envName(name)); s != "" {
			return envName(name), []string{s}
		}
		for _, o := range options {
			if o.name == name && o.def != "" {
				return "", []string{o.def}
			}
		}
		return "", nil
	}
	last := func(name string) (string, string) {
		src, vals := lookup(name)
		if len(vals) == 0 {
			return src, ""
		}
		return src, vals[len(vals)-1]
	}

	cfg := config{ShowVersion: *showVersion}
	var err error

	src, s := last("addr")
	if _, _, err := net.SplitHostPort(s); err != nil {
		return config{}, usagef("%s %q: want HOST:PORT, such as 127.0.0.1:8082 or :0", src, s)
	}
	cfg.Addr = s

	if cfg.SchemaRegistry, cfg.SchemaRegistryAddr, err = parseRegistry(last, cfg.Addr); err != nil {
		return config{}, err
	}

	src, topicVals := lookup("topic")
	if cfg.Topics, err = parseTopics(src, topicVals); err != nil {
		return config{}, err
	}

	src, s = last("profile")
	if cfg.Profile, err = mockproxy.ParseProfile(s); err != nil {
		return config{}, usagef("%s %q: want all, legacy or modern", src, s)
	}

	src, s = last("auto-create-topics")
	if cfg.AutoCreateTopics, err = strconv.ParseBool(s); err != nil {
		return config{}, usagef("%s %q: want true or false", src, s)
	}

	src, s = last("default-partitions")
	if cfg.DefaultPartitions, err = parsePartitions(s); err != nil {
		return config{}, usagef("%s %q: %v", src, s, err)
	}

	src, s = last("cluster-id")
	if s == "" || strings.ContainsAny(s, "/?#% \t") {
		return config{}, usagef("%s %q: want a non-empty id without '/', '?', '#', '%%' or spaces", src, s)
	}
	cfg.ClusterID = s

	src, s = last("advertised-listeners")
	for item := range strings.SplitSeq(s, ",") {
		if item = strings.TrimSpace(item); item == "" {
			continue
		}
		u, err := url.Parse(item)
		if err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" || (u.Path != "" && u.Path != "/") || u.RawQuery != "" {
			return config{}, usagef("%s %q: want http://HOST:PORT or https://HOST:PORT entries (%q is not one)", src, s, item)
		}
		cfg.Advertised = append(cfg.Advertised, item)
	}

	src, s = last("authorizer")
	if cfg.Authorizer, err = strconv.ParseBool(s); err != nil {
		return config{}, usagef("%s %q: want true or false", src, s)
	}

	_, cfg.Scenario = last("scenario")
	_, cfg.Seed = last("seed")

	src, s = last("cors-origins")
	if cfg.CORSOrigins, err = parseOrigins(src, s); err != nil {
		return config{}, err
	}

	src, s = last("backend")
	switch b := strings.ToLower(s); b {
	case "memory", "kfake", "kafka":
		cfg.Backend = b
	default:
		return config{}, usagef("%s %q: want memory, kfake or kafka", src, s)
	}
	src, s = last("brokers")
	for _, b := range strings.Split(s, ",") {
		if b = strings.TrimSpace(b); b == "" {
			continue
		}
		if _, port, err := net.SplitHostPort(b); err != nil || port == "" {
			return config{}, usagef("%s %q: want HOST:PORT,... (%q is not HOST:PORT)", src, s, b)
		}
		cfg.Brokers = append(cfg.Brokers, b)
	}
	switch {
	case cfg.Backend == "kafka" && len(cfg.Brokers) == 0:
		return config{}, usagef("--backend kafka needs --brokers HOST:PORT,...")
	case cfg.Backend != "kafka" && len(cfg.Brokers) > 0:
		return config{}, usagef("%s is for --backend kafka (the backend is %s)", src, cfg.Backend)
	}
	src, s = last("kafka-port")
	if cfg.KafkaPort, err = strconv.Atoi(s); err != nil || cfg.KafkaPort < 0 || cfg.KafkaPort > 65535 {
		return config{}, usagef("%s %q: want a port number, 0 to 65535", src, s)
	}

	if cfg.Clock, err = oneOf(last, "clock", "real", "manual"); err != nil {
		return config{}, err
	}

	for _, n := range []struct {
		name string
		dst  *int64
	}{{"retention-records", &cfg.RetentionRecords}, {"retention-bytes", &cfg.RetentionBytes}} {
		src, s = last(n.name)
		if *n.dst, err = strconv.ParseInt(s, 10, 64); err != nil || *n.dst < 0 {
			return config{}, usagef("%s %q: want a whole number, 0 or more", src, s)
		}
	}
	src, s = last("max-consumer-instances")
	if cfg.MaxInstances, err = strconv.Atoi(s); err != nil || cfg.MaxInstances < 1 {
		return config{}, usagef("%s %q: want a positive whole number", src, s)
	}
	src, cfg.BasicAuth = last("basic-auth")
	if cfg.BasicAuth != "" && !strings.HasPrefix(cfg.BasicAuth, "@") && !strings.Contains(cfg.BasicAuth, ":") {
		return config{}, usagef("%s: want USER:PASSWORD or @FILE", src)
	}
	src, s = last("admin")
	if cfg.Admin, err = strconv.ParseBool(s); err != nil {
		return config{}, usagef("%s %q: want true or false", src, s)
	}
	_, cfg.AdminToken = last("admin-token")

	src, s = last("consumer-instance-timeout")
	if cfg.InstanceTimeout, err = time.ParseDuration(s); err != nil || cfg.InstanceTimeout <= 0 {
		return config{}, usagef("%s %q: want a positive duration such as 30s or 5m", src, s)
	}

	src, s = last("idle-timeout")
	if cfg.IdleTimeout, err = time.ParseDuration(s); err != nil || cfg.IdleTimeout < 0 {
		return config{}, usagef("%s %q: want a duration such as 30s, or 0 for none", src, s)
	}

	src, s = last("log-level")
	switch strings.ToLower(s) {
	case "debug":
		cfg.LogLevel = slog.LevelDebug
	case "info":
		cfg.LogLevel = slog.LevelInfo
	case "warn":
		cfg.LogLevel = slog.LevelWarn
	case "error":
		cfg.LogLevel = slog.LevelError
	default:
		return config{}, usagef("%s %q: want debug, info, warn or error", src, s)
	}

	if cfg.LogFormat, err = oneOf(last, "log-format", "text", "json"); err != nil {
		return config{}, err
	}
	return cfg, nil
}

// parseRegistry reads --schema-registry and --schema-registry-addr
// through last; addr is the checked --addr. The registry's own listener
// takes a free port when addr does and --schema-registry-addr is not set.
func parseRegistry(last func(string) (string, string), addr string) (target, regAddr string, err error) {
	src, s := last("schema-registry")
	switch v := strings.ToLower(s); v {
	case mockproxy.SchemaRegistryEmbedded, mockproxy.SchemaRegistryNone:
		target = v
	default:
		u, err := url.Parse(s)
		if err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" || u.RawQuery != "" || u.Fragment != "" {
			return "", "", usagef("%s %q: want embedded, none or the http:// or https:// URL of a Schema Registry", src, s)
		}
		target = strings.TrimSuffix(s, "/")
	}
	src, s = last("schema-registry-addr")
	if target != mockproxy.SchemaRegistryEmbedded {
		if src != "" {
			return "", "", usagef("%s is for the embedded registry (--schema-registry is %s)", src, target)
		}
		return target, "", nil
	}
	host, port, err := net.SplitHostPort(s)
	if n, perr := strconv.Atoi(port); err != nil || (port != "" && (perr != nil || n < 0 || n > 65535)) {
		return "", "", usagef("%s %q: want HOST:PORT, such as %s or :0", src, s, defaultRegistryAddr)
	}
	addrHost, addrPort, _ := net.SplitHostPort(addr)
	freePort := func(p string) bool { return p == "" || p == "0" }
	switch {
	case src == "" && freePort(addrPort):
		host, _, _ = net.SplitHostPort(defaultRegistryAddr)
		return target, net.JoinHostPort(host, "0"), nil
	case !freePort(port) && port == addrPort && (host == addrHost || hostport.Wildcard(host) || hostport.Wildcard(addrHost)):
		if src == "" {
			return "", "", usagef("--addr %q: the embedded schema registry listens on %s by default; give --schema-registry-addr another port (:0 picks a free one) or --schema-registry none", addr, s)
		}
		return "", "", usagef("%s %q: --addr %q listens there; give the registry another port (:0 picks a free one)", src, s, addr)
	}
	return target, s, nil
}

// parseTopics parses NAME[:PARTITIONS] items; each value may be a
// comma-separated list. src names where the values come from, for errors.
func parseTopics(src string, vals []string) ([]topicSpec, error) {
	var topics []topicSpec
	seen := make(map[string]bool)
	for _, v := range vals {
		for item := range strings.SplitSeq(v, ",") {
			item = strings.TrimSpace(item)
			name, parts, hasParts := strings.Cut(item, ":")
			t := topicSpec{Name: name, Partitions: 1}
			if !fakelog.ValidTopicName(name) {
				return nil, usagef("%s %q: topic names are 1 to 249 characters of a-z, A-Z, 0-9, '.', '_' and '-' (not \".\" or \"..\")", src, item)
			}
			if hasParts {
				n, err := parsePartitions(parts)
				if err != nil {
					return nil, usagef("%s %q: %v", src, item, err)
				}
				t.Partitions = n
			}
			if seen[name] {
				return nil, usagef("%s %q: topic %s is given twice", src, item, name)
			}
			seen[name] = true
			topics = append(topics, t)
		}
	}
	return topics, nil
}

// parsePartitions parses a partition count between 1 and
// fakelog.MaxPartitions.
func parsePartitions(s string) (int, error) {
	n, err := strconv.Atoi(s)
	if err != nil || n < 1 {
		return 0, errors.New("partitions must be a positive integer")
	}
	if n > fakelog.MaxPartitions {
		return 0, fmt.Errorf("partitions must be at most %d", fakelog.MaxPartitions)
	}
	return n, nil
}

// parseOrigins parses the --cors-origins list: "*", or origins such as
// http://localhost:3000 in which '*' matches any run of characters. An
// empty list is nil (CORS off). An entry with a path, such as a trailing
// slash, never matches a browser's Origin header, so it is refused.
func parseOrigins(src, s string) ([]string, error) {
	var out []string
	for item := range strings.SplitSeq(s, ",") {
		o := strings.TrimSpace(item)
		if o == "" {
			continue
		}
		if o != "*" {
			scheme, rest, ok := strings.Cut(o, "://")
			switch {
			case !ok || scheme == "" || rest == "":
				return nil, usagef("%s %q: want an origin such as http://localhost:3000 (scheme://host[:port]), or * for any", src, o)
			case strings.Contains(rest, "/"):
				return nil, usagef("%s %q: an origin has no path (drop the trailing part, as in %s://%s)", src, o, scheme, strings.SplitN(rest, "/", 2)[0])
			case strings.ContainsAny(o, " \t"):
				return nil, usagef("%s %q: an origin has no spaces", src, o)
			}
		}
		out = append(out, o)
	}
	return out, nil
}

// oneOf reads the flag name through last and returns its value in lower
// case when it is one of choices, else a usage error listing them.
func oneOf(last func(string) (string, string), name string, choices ...string) (string, error) {
	src, s := last(name)
	if v := strings.ToLower(s); slices.Contains(choices, v) {
		return v, nil
	}
	return "", usagef("%s %q: want %s", src, s, strings.Join(choices, " or "))
}
