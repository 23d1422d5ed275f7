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
		Addr:              "127.0.0.1:8082",
		Profile:           mockproxy.ProfileAll,
		AutoCreateTopics:  true,
		DefaultPartitions: 1,
		InstanceTimeout:   5 * time.Minute,
		LogLevel:          slog.LevelInfo,
		LogFormat:         "text",
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
		env: map[string]string{
			"KAFKARESTMOCK_ADDR":                      ":0",
			"KAFKARESTMOCK_TOPIC":                     "orders:3, audit",
			"KAFKARESTMOCK_PROFILE":                   "legacy",
			"KAFKARESTMOCK_AUTO_CREATE_TOPICS":        "false",
			"KAFKARESTMOCK_DEFAULT_PARTITIONS":        "4",
			"KAFKARESTMOCK_LOG_LEVEL":                 "debug",
			"KAFKARESTMOCK_LOG_FORMAT":                "json",
			"KAFKARESTMOCK_CONSUMER_INSTANCE_TIMEOUT": "90s",
		},
		want: config{
			Addr:              ":0",
			Topics:            []topicSpec{{"orders", 3}, {"audit", 1}},
			Profile:           mockproxy.ProfileLegacy,
			AutoCreateTopics:  false,
			DefaultPartitions: 4,
			InstanceTimeout:   90 * time.Second,
			LogLevel:          slog.LevelDebug,
			LogFormat:         "json",
		},
	}, {
		name: "flags beat env",
		args: []string{
			"--addr", "127.0.0.1:0", "-topic", "demo:2", "--profile=modern",
			"--auto-create-topics=true", "-default-partitions", "6", "--log-level", "error", "--log-format", "text",
			"--consumer-instance-timeout", "1m",
		},
		env: map[string]string{
			"KAFKARESTMOCK_ADDR":               ":9999",
			"KAFKARESTMOCK_TOPIC":              "other",
			"KAFKARESTMOCK_PROFILE":            "legacy",
			"KAFKARESTMOCK_AUTO_CREATE_TOPICS": "false",
			"KAFKARESTMOCK_DEFAULT_PARTITIONS": "4",
			"KAFKARESTMOCK_LOG_LEVEL":          "debug",
			"KAFKARESTMOCK_LOG_FORMAT":         "json",
		},
		want: config{
			Addr:              "127.0.0.1:0",
			Topics:            []topicSpec{{"demo", 2}},
			Profile:           mockproxy.ProfileModern,
			AutoCreateTopics:  true,
			DefaultPartitions: 6,
			InstanceTimeout:   time.Minute,
			LogLevel:          slog.LevelError,
			LogFormat:         "text",
		},
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
		"default-partitions":        "KAFKARESTMOCK_DEFAULT_PARTITIONS",
		"consumer-instance-timeout": "KAFKARESTMOCK_CONSUMER_INSTANCE_TIMEOUT",
		"scenario":                  "KAFKARESTMOCK_SCENARIO",
		"log-level":                 "KAFKARESTMOCK_LOG_LEVEL",
		"log-format":                "KAFKARESTMOCK_LOG_FORMAT",
	}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("env names mismatch (-want +got):\n%s", diff)
	}
}
