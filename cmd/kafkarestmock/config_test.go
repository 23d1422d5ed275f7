package main

import (
	"errors"
	"flag"
	"log/slog"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
	"github.com/kafkarestmock/kafkarestmock/mockproxy"
)

func TestLoadConfig(t *testing.T) {
	t.Parallel()
	defaults := config{
		Addr:               "127.0.0.1:8082",
		Profile:            mockproxy.ProfileAll,
		AutoCreateTopics:   true,
		DefaultPartitions:  1,
		InstanceTimeout:    5 * time.Minute,
		IdleTimeout:        30 * time.Second,
		Clock:              "real",
		RetentionRecords:   1000000,
		RetentionBytes:     256 << 20,
		MaxInstances:       10000,
		Admin:              true,
		LogLevel:           slog.LevelInfo,
		LogFormat:          "text",
		Backend:            "memory",
		ClusterID:          mockproxy.DefaultClusterID,
		Authorizer:         true,
		SchemaRegistry:     "embedded",
		SchemaRegistryAddr: "127.0.0.1:8081",
	}
	// everyEnv gives most settings a value other than the default
	// through the environment.
	everyEnv := map[string]string{
		"KAFKARESTMOCK_ADDR":                      ":0",
		"KAFKARESTMOCK_TOPIC":                     "orders:3, audit",
		"KAFKARESTMOCK_PROFILE":                   "legacy",
		"KAFKARESTMOCK_AUTO_CREATE_TOPICS":        "false",
		"KAFKARESTMOCK_DEFAULT_PARTITIONS":        "4",
		"KAFKARESTMOCK_LOG_LEVEL":                 "debug",
		"KAFKARESTMOCK_LOG_FORMAT":                "json",
		"KAFKARESTMOCK_CONSUMER_INSTANCE_TIMEOUT": "90s",
		"KAFKARESTMOCK_SEED":                      "testdata/seed/shop.json",
		"KAFKARESTMOCK_SCENARIO":                  "faults.json",
		"KAFKARESTMOCK_CORS_ORIGINS":              "http://localhost:3000, http://*.example.com",
		"KAFKARESTMOCK_CLOCK":                     "manual",
	}
	with := func(f func(*config)) config {
		c := defaults
		f(&c)
		return c
	}
	tests := []struct {
		name    string
		args    []string
		env     map[string]string
		want    config
		wantErr string // empty: no error
	}{{
		name: "defaults",
		want: defaults,
	}, {
		name: "env values",
		env:  everyEnv,
		want: with(func(c *config) {
			c.Addr = ":0"
			c.SchemaRegistryAddr = "127.0.0.1:0" // --addr asks for a free port
			c.Topics = []topicSpec{{"orders", 3}, {"audit", 1}}
			c.Profile = mockproxy.ProfileLegacy
			c.AutoCreateTopics = false
			c.DefaultPartitions = 4
			c.InstanceTimeout = 90 * time.Second
			c.Seed = "testdata/seed/shop.json"
			c.Scenario = "faults.json"
			c.CORSOrigins = []string{"http://localhost:3000", "http://*.example.com"}
			c.Clock = "manual"
			c.LogLevel = slog.LevelDebug
			c.LogFormat = "json"
		}),
	}, {
		name: "flags beat env",
		args: []string{
			"--addr", "127.0.0.1:0", "-topic", "demo:2", "--profile=modern",
			"--auto-create-topics=true", "-default-partitions", "6", "--log-level", "error", "--log-format", "text",
			"--consumer-instance-timeout", "1m",
			"--seed", "mine.json", "--cors-origins", "*", "--clock", "real",
		},
		env: everyEnv,
		want: with(func(c *config) {
			c.Addr = "127.0.0.1:0"
			c.SchemaRegistryAddr = "127.0.0.1:0"
			c.Topics = []topicSpec{{"demo", 2}}
			c.Profile = mockproxy.ProfileModern
			c.DefaultPartitions = 6
			c.InstanceTimeout = time.Minute
			c.Seed = "mine.json"
			c.CORSOrigins = []string{"*"}
			c.Scenario = "faults.json" // no flag: the environment's
			c.LogLevel = slog.LevelError
		}),
	}, {
		name: "bare bool flag",
		args: []string{"--auto-create-topics"},
		env:  map[string]string{"KAFKARESTMOCK_AUTO_CREATE_TOPICS": "false"},
		want: defaults,
	}, {
		name: "repeated topic",
		args: []string{"--topic", "a", "--topic", "b:5", "--topic", "c.d_e-f:1"},
		want: with(func(c *config) { c.Topics = []topicSpec{{"a", 1}, {"b", 5}, {"c.d_e-f", 1}} }),
	}, {
		name: "topic list in one flag",
		args: []string{"--topic", "a:2,b"},
		want: with(func(c *config) { c.Topics = []topicSpec{{"a", 2}, {"b", 1}} }),
	}, {
		name: "version",
		args: []string{"--version"},
		want: with(func(c *config) { c.ShowVersion = true }),
	}, {
		name: "clock manual, upper case",
		args: []string{"--clock", "MANUAL"},
		want: with(func(c *config) { c.Clock = "manual" }),
	}, {
		name: "cors origins: empty entries skipped, wildcard port",
		args: []string{"--cors-origins", " http://localhost:*, ,https://app.test:8443,"},
		want: with(func(c *config) { c.CORSOrigins = []string{"http://localhost:*", "https://app.test:8443"} }),
	}, {
		name: "cors origins empty: off",
		args: []string{"--cors-origins", ""},
		env:  map[string]string{"KAFKARESTMOCK_CORS_ORIGINS": ""},
		want: defaults,
	}, {
		name: "kfake backend",
		args: []string{"--backend", "kfake", "--kafka-port", "9092"},
		want: with(func(c *config) { c.Backend, c.KafkaPort = "kfake", 9092 }),
	}, {
		name: "kafka backend",
		env:  map[string]string{"KAFKARESTMOCK_BACKEND": "Kafka", "KAFKARESTMOCK_BROKERS": "k1:9092, [::1]:9093"},
		want: with(func(c *config) { c.Backend, c.Brokers = "kafka", []string{"k1:9092", "[::1]:9093"} }),
	}, {
		name:    "bad backend",
		args:    []string{"--backend", "redis"},
		wantErr: `--backend "redis": want memory, kfake or kafka`,
	}, {
		name:    "kafka backend without brokers",
		args:    []string{"--backend", "kafka"},
		wantErr: `--backend kafka needs --brokers HOST:PORT,...`,
	}, {
		name:    "brokers without the kafka backend",
		args:    []string{"--brokers", "k1:9092"},
		wantErr: `--brokers is for --backend kafka (the backend is memory)`,
	}, {
		name:    "bad broker",
		args:    []string{"--backend", "kafka", "--brokers", "k1:9092,k2"},
		wantErr: `--brokers "k1:9092,k2": want HOST:PORT,... ("k2" is not HOST:PORT)`,
	}, {
		name:    "bad kafka port",
		args:    []string{"--backend", "kfake", "--kafka-port", "70000"},
		wantErr: `--kafka-port "70000": want a port number, 0 to 65535`,
	}, {
		name:    "bad clock",
		args:    []string{"--clock", "fake"},
		wantErr: `--clock "fake": want real or manual`,
	}, {
		name:    "cors origin with a trailing slash",
		args:    []string{"--cors-origins", "http://localhost:3000/"},
		wantErr: `--cors-origins "http://localhost:3000/": an origin has no path (drop the trailing part, as in http://localhost:3000)`,
	}, {
		name:    "cors origin without a scheme",
		env:     map[string]string{"KAFKARESTMOCK_CORS_ORIGINS": "http://ok.test,localhost:3000"},
		wantErr: `KAFKARESTMOCK_CORS_ORIGINS "localhost:3000": want an origin such as http://localhost:3000 (scheme://host[:port]), or * for any`,
	}, {
		name:    "cors origin with a space",
		args:    []string{"--cors-origins", "http://a b.test"},
		wantErr: `--cors-origins "http://a b.test": an origin has no spaces`,
	}, {
		name: "security and retention flags",
		args: []string{"--retention-records", "0", "--retention-bytes=1024", "--max-consumer-instances", "5",
			"--basic-auth", "alice:pw", "--admin=false", "--admin-token", "t0k"},
		want: with(func(c *config) {
			c.RetentionRecords, c.RetentionBytes, c.MaxInstances = 0, 1024, 5
			c.BasicAuth, c.Admin, c.AdminToken = "alice:pw", false, "t0k"
		}),
	}, {
		name:    "bad basic auth",
		args:    []string{"--basic-auth", "alice"},
		wantErr: `--basic-auth: want USER:PASSWORD or @FILE`,
	}, {
		name:    "bad retention",
		args:    []string{"--retention-records", "-1"},
		wantErr: `--retention-records "-1": want a whole number, 0 or more`,
	}, {
		name:    "bad idle timeout",
		args:    []string{"--idle-timeout", "-1s"},
		wantErr: `--idle-timeout "-1s": want a duration such as 30s, or 0 for none`,
	}, {
		name:    "bad instance timeout",
		args:    []string{"--consumer-instance-timeout", "5"},
		wantErr: `--consumer-instance-timeout "5": want a positive duration such as 30s or 5m`,
	}, {
		name:    "bad profile",
		args:    []string{"--profile", "newest"},
		wantErr: `--profile "newest": want all, legacy or modern`,
	}, {
		name:    "bad profile from env",
		env:     map[string]string{"KAFKARESTMOCK_PROFILE": "newest"},
		wantErr: `KAFKARESTMOCK_PROFILE "newest": want all, legacy or modern`,
	}, {
		name:    "topic partitions not a number",
		args:    []string{"--topic", "x:abc"},
		wantErr: `--topic "x:abc": partitions must be a positive integer`,
	}, {
		name:    "topic partitions zero",
		args:    []string{"--topic", "x:0"},
		wantErr: `--topic "x:0": partitions must be a positive integer`,
	}, {
		name:    "topic partitions too many",
		args:    []string{"--topic", "x:100001"},
		wantErr: `--topic "x:100001": partitions must be at most 100000`,
	}, {
		name:    "bad topic in env list",
		env:     map[string]string{"KAFKARESTMOCK_TOPIC": "a,b:-1"},
		wantErr: `KAFKARESTMOCK_TOPIC "b:-1": partitions must be a positive integer`,
	}, {
		name:    "bad topic name",
		args:    []string{"--topic", "no/slash"},
		wantErr: `--topic "no/slash": topic names are 1 to 249 characters of a-z, A-Z, 0-9, '.', '_' and '-' (not "." or "..")`,
	}, {
		name:    "empty topic name",
		args:    []string{"--topic", ":3"},
		wantErr: `--topic ":3": topic names are 1 to 249 characters of a-z, A-Z, 0-9, '.', '_' and '-' (not "." or "..")`,
	}, {
		name:    "topic twice",
		args:    []string{"--topic", "a:1", "--topic", "a:2"},
		wantErr: `--topic "a:2": topic a is given twice`,
	}, {
		name:    "bad log level",
		args:    []string{"--log-level", "verbose"},
		wantErr: `--log-level "verbose": want debug, info, warn or error`,
	}, {
		name:    "bad log format",
		env:     map[string]string{"KAFKARESTMOCK_LOG_FORMAT": "xml"},
		wantErr: `KAFKARESTMOCK_LOG_FORMAT "xml": want text or json`,
	}, {
		name:    "bad bool",
		env:     map[string]string{"KAFKARESTMOCK_AUTO_CREATE_TOPICS": "maybe"},
		wantErr: `KAFKARESTMOCK_AUTO_CREATE_TOPICS "maybe": want true or false`,
	}, {
		name:    "bad default partitions",
		args:    []string{"--default-partitions", "-2"},
		wantErr: `--default-partitions "-2": partitions must be a positive integer`,
	}, {
		name:    "bad cluster id",
		args:    []string{"--cluster-id", "a/b"},
		wantErr: `--cluster-id "a/b": want a non-empty id without '/', '?', '#', '%' or spaces`,
	}, {
		name: "cluster id",
		args: []string{"--cluster-id", "lkc-abc123"},
		want: with(func(c *config) { c.ClusterID = "lkc-abc123" }),
	}, {
		name: "advertised listeners",
		args: []string{"--advertised-listeners", "http://proxy.example:80, https://proxy.example:443"},
		want: with(func(c *config) { c.Advertised = []string{"http://proxy.example:80", "https://proxy.example:443"} }),
	}, {
		name:    "bad advertised listener",
		args:    []string{"--advertised-listeners", "proxy.example:80"},
		wantErr: `--advertised-listeners "proxy.example:80": want http://HOST:PORT or https://HOST:PORT entries ("proxy.example:80" is not one)`,
	}, {
		name: "no authorizer",
		args: []string{"--authorizer=false"},
		want: with(func(c *config) { c.Authorizer = false }),
	}, {
		name:    "bad authorizer",
		env:     map[string]string{"KAFKARESTMOCK_AUTHORIZER": "maybe"},
		wantErr: `KAFKARESTMOCK_AUTHORIZER "maybe": want true or false`,
	}, {
		name: "schema registry: own address",
		args: []string{"--schema-registry", "Embedded", "--schema-registry-addr", "0.0.0.0:18081"},
		want: with(func(c *config) { c.SchemaRegistryAddr = "0.0.0.0:18081" }),
	}, {
		name: "schema registry: a given address stays when --addr asks for a free port",
		args: []string{"--addr", "127.0.0.1:0", "--schema-registry-addr", "127.0.0.1:18081"},
		want: with(func(c *config) { c.Addr, c.SchemaRegistryAddr = "127.0.0.1:0", "127.0.0.1:18081" }),
	}, {
		name: "schema registry: free port for both",
		args: []string{"--addr", ":0", "--schema-registry-addr", ":0"},
		want: with(func(c *config) { c.Addr, c.SchemaRegistryAddr = ":0", ":0" }),
	}, {
		name: "schema registry: address from env",
		env:  map[string]string{"KAFKARESTMOCK_ADDR": "127.0.0.1:0", "KAFKARESTMOCK_SCHEMA_REGISTRY_ADDR": "127.0.0.1:9081"},
		want: with(func(c *config) { c.Addr, c.SchemaRegistryAddr = "127.0.0.1:0", "127.0.0.1:9081" }),
	}, {
		name: "schema registry: none",
		args: []string{"--schema-registry", "none"},
		want: with(func(c *config) { c.SchemaRegistry, c.SchemaRegistryAddr = "none", "" }),
	}, {
		name: "schema registry: external URL, trailing slash dropped",
		env:  map[string]string{"KAFKARESTMOCK_SCHEMA_REGISTRY": "https://sr.example:8081/"},
		want: with(func(c *config) { c.SchemaRegistry, c.SchemaRegistryAddr = "https://sr.example:8081", "" }),
	}, {
		name: "schema registry: external URL with a path",
		args: []string{"--schema-registry", "http://127.0.0.1:8082/schema-registry"},
		want: with(func(c *config) { c.SchemaRegistry, c.SchemaRegistryAddr = "http://127.0.0.1:8082/schema-registry", "" }),
	}, {
		name: "schema registry: on the kfake backend",
		args: []string{"--backend", "kfake", "--schema-registry-addr", "127.0.0.1:18081"},
		want: with(func(c *config) { c.Backend, c.SchemaRegistryAddr = "kfake", "127.0.0.1:18081" }),
	}, {
		name:    "bad schema registry",
		args:    []string{"--schema-registry", "confluent"},
		wantErr: `--schema-registry "confluent": want embedded, none or the http:// or https:// URL of a Schema Registry`,
	}, {
		name:    "schema registry URL without a scheme",
		env:     map[string]string{"KAFKARESTMOCK_SCHEMA_REGISTRY": "localhost:8081"},
		wantErr: `KAFKARESTMOCK_SCHEMA_REGISTRY "localhost:8081": want embedded, none or the http:// or https:// URL of a Schema Registry`,
	}, {
		name:    "schema registry URL with a query",
		args:    []string{"--schema-registry", "http://sr.example/?x=1"},
		wantErr: `--schema-registry "http://sr.example/?x=1": want embedded, none or the http:// or https:// URL of a Schema Registry`,
	}, {
		name:    "bad schema registry address",
		args:    []string{"--schema-registry-addr", "8081"},
		wantErr: `--schema-registry-addr "8081": want HOST:PORT, such as 127.0.0.1:8081 or :0`,
	}, {
		name:    "schema registry port not a number",
		args:    []string{"--schema-registry-addr", "127.0.0.1:8081x"},
		wantErr: `--schema-registry-addr "127.0.0.1:8081x": want HOST:PORT, such as 127.0.0.1:8081 or :0`,
	}, {
		name:    "schema registry address without the embedded registry",
		args:    []string{"--schema-registry", "none", "--schema-registry-addr", ":0"},
		wantErr: `--schema-registry-addr is for the embedded registry (--schema-registry is none)`,
	}, {
		name:    "schema registry address from env without the embedded registry",
		args:    []string{"--schema-registry", "http://sr.example:8081"},
		env:     map[string]string{"KAFKARESTMOCK_SCHEMA_REGISTRY_ADDR": ":0"},
		wantErr: `KAFKARESTMOCK_SCHEMA_REGISTRY_ADDR is for the embedded registry (--schema-registry is http://sr.example:8081)`,
	}, {
		name:    "schema registry on the REST port",
		args:    []string{"--addr", "127.0.0.1:9000", "--schema-registry-addr", "0.0.0.0:9000"},
		wantErr: `--schema-registry-addr "0.0.0.0:9000": --addr "127.0.0.1:9000" listens there; give the registry another port (:0 picks a free one)`,
	}, {
		name:    "REST on the registry's default port",
		args:    []string{"--addr", "127.0.0.1:8081"},
		wantErr: `--addr "127.0.0.1:8081": the embedded schema registry listens on 127.0.0.1:8081 by default; give --schema-registry-addr another port (:0 picks a free one) or --schema-registry none`,
	}, {
		name: "REST on the registry's default port without a registry",
		args: []string{"--addr", "127.0.0.1:8081", "--schema-registry", "none"},
		want: with(func(c *config) { c.Addr, c.SchemaRegistry, c.SchemaRegistryAddr = "127.0.0.1:8081", "none", "" }),
	}, {
		name:    "bad addr",
		args:    []string{"--addr", "8082"},
		wantErr: `--addr "8082": want HOST:PORT, such as 127.0.0.1:8082 or :0`,
	}, {
		name:    "unknown flag",
		args:    []string{"--bogus"},
		wantErr: `flag provided but not defined: -bogus (run kafkarestmock -h for help)`,
	}, {
		name:    "missing value",
		args:    []string{"--addr"},
		wantErr: `flag needs an argument: -addr (run kafkarestmock -h for help)`,
	}, {
		name:    "positional argument",
		args:    []string{"--auto-create-topics", "false"},
		wantErr: `unexpected argument "false" (flags take --name value, booleans --name=false)`,
	}}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			getenv := func(k string) string { return tt.env[k] }
			got, err := loadConfig(tt.args, getenv)
			if tt.wantErr != "" {
				if err == nil {
					t.Fatalf("loadConfig(%q) = %+v, want error %q", tt.args, got, tt.wantErr)
				}
				if diff := cmp.Diff(tt.wantErr, err.Error()); diff != "" {
					t.Errorf("error mismatch (-want +got):\n%s", diff)
				}
				if code := exitCode(err); code != 2 {
					t.Errorf("exitCode(%v) = %d, want 2", err, code)
				}
				return
			}
			if err != nil {
				t.Fatalf("loadConfig(%q): %v", tt.args, err)
			}
			if diff := cmp.Diff(tt.want, got); diff != "" {
				t.Errorf("config mismatch (-want +got):\n%s", diff)
			}
		})
	}
}

func TestLoadConfigHelp(t *testing.T) {
	t.Parallel()
	for _, arg := range []string{"-h", "--help", "-help"} {
		if _, err := loadConfig([]string{arg}, func(string) string { return "" }); !errors.Is(err, flag.ErrHelp) {
			t.Errorf("loadConfig(%q) error = %v, want flag.ErrHelp", arg, err)
		}
	}
}

func TestEnvName(t *testing.T) {
	t.Parallel()
	got := make(map[string]string)
	for _, o := range options {
		got[o.name] = envName(o.name)
	}
	want := map[string]string{
		"addr":                      "KAFKARESTMOCK_ADDR",
		"topic":                     "KAFKARESTMOCK_TOPIC",
		"profile":                   "KAFKARESTMOCK_PROFILE",
		"auto-create-topics":        "KAFKARESTMOCK_AUTO_CREATE_TOPICS",
		"backend":                   "KAFKARESTMOCK_BACKEND",
		"brokers":                   "KAFKARESTMOCK_BROKERS",
		"kafka-port":                "KAFKARESTMOCK_KAFKA_PORT",
		"default-partitions":        "KAFKARESTMOCK_DEFAULT_PARTITIONS",
		"consumer-instance-timeout": "KAFKARESTMOCK_CONSUMER_INSTANCE_TIMEOUT",
		"idle-timeout":              "KAFKARESTMOCK_IDLE_TIMEOUT",
		"scenario":                  "KAFKARESTMOCK_SCENARIO",
		"retention-records":         "KAFKARESTMOCK_RETENTION_RECORDS",
		"retention-bytes":           "KAFKARESTMOCK_RETENTION_BYTES",
		"max-consumer-instances":    "KAFKARESTMOCK_MAX_CONSUMER_INSTANCES",
		"basic-auth":                "KAFKARESTMOCK_BASIC_AUTH",
		"admin":                     "KAFKARESTMOCK_ADMIN",
		"admin-token":               "KAFKARESTMOCK_ADMIN_TOKEN",
		"seed":                      "KAFKARESTMOCK_SEED",
		"cors-origins":              "KAFKARESTMOCK_CORS_ORIGINS",
		"clock":                     "KAFKARESTMOCK_CLOCK",
		"log-level":                 "KAFKARESTMOCK_LOG_LEVEL",
		"cluster-id":                "KAFKARESTMOCK_CLUSTER_ID",
		"authorizer":                "KAFKARESTMOCK_AUTHORIZER",
		"advertised-listeners":      "KAFKARESTMOCK_ADVERTISED_LISTENERS",
		"log-format":                "KAFKARESTMOCK_LOG_FORMAT",
		"schema-registry":           "KAFKARESTMOCK_SCHEMA_REGISTRY",
		"schema-registry-addr":      "KAFKARESTMOCK_SCHEMA_REGISTRY_ADDR",
	}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("env names mismatch (-want +got):\n%s", diff)
	}
}
