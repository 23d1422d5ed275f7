// Package seedtest is what the tests of package seed and of mockproxy's
// seeding share: a seed topic whose records use every form of key, value,
// header and timestamp, the records it becomes in a log, and seed files
// that fail to load with the errors they give.
package seedtest

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
	"github.com/google/go-cmp/cmp/cmpopts"

	"github.com/kafkarestmock/kafkarestmock/fakelog"
	"github.com/kafkarestmock/kafkarestmock/seed"
)

// Clock returns the clock [FormsTopic] is applied on: a manual clock at
// 2026-01-02 03:04:05 UTC, later than every timestamp the seed gives.
func Clock() *fakelog.ManualClock {
	return fakelog.NewManualClock(time.Date(2026, 1, 2, 3, 4, 5, 0, time.UTC))
}

// FormsTopic returns the JSON of a seed topic "t" of two partitions with
// the configs [FormsConfigs] lists, whose records use every form of key,
// value, header and timestamp, followed by the extra records (JSON
// objects) given.
func FormsTopic(extra ...string) string {
	recs := append([]string{
		`{"partition": 0, "key": "k1", "value": "plain text", "timestamp": 1714557600000}`,
		`{"partition": 0, "key": 42, "value": {"a": [1, 2.50, "x"]}, "timestamp": "2024-05-01T10:00:00.123+02:00"}`,
		`{"partition": 1, "key_json": "k2", "value_json": "quoted", "headers": {"h1": "v1", "h0": null, "h1b": ""}}`,
		`{"partition": 1, "key_base64": "AAH/", "value_base64": "aGk"}`,
		`{"partition": 1, "key": null, "value": null}`,
	}, extra...)
	return `{"name": "t", "partitions": 2, "configs": {"retention.records": 100, "cleanup.policy": "delete", "x.flag": true},
	  "records": [
	    ` + strings.Join(recs, ",\n\t    ") + `
	  ]}`
}

// FormsConfigs returns the configs [FormsTopic] sets, as the topic lists
// them.
func FormsConfigs() map[string]string {
	return map[string]string{"retention.records": "100", "cleanup.policy": "delete", "x.flag": "true"}
}

// FormsRecords returns the records [FormsTopic]'s own records become in a
// log whose clock reads now, partition 0's then partition 1's.
func FormsRecords(now time.Time) []fakelog.Record {
	return []fakelog.Record{
		{Topic: "t", Partition: 0, Offset: 0, Key: []byte("k1"), Value: []byte("plain text"), Timestamp: time.UnixMilli(1714557600000).UTC()},
		{Topic: "t", Partition: 0, Offset: 1, Key: []byte("42"), Value: []byte(`{"a":[1,2.50,"x"]}`), Timestamp: time.Date(2024, 5, 1, 8, 0, 0, 123e6, time.UTC)},
		{Topic: "t", Partition: 1, Offset: 0, Key: []byte(`"k2"`), Value: []byte(`"quoted"`), Timestamp: now,
			Headers: []fakelog.Header{{Key: "h1", Value: []byte("v1")}, {Key: "h0"}, {Key: "h1b", Value: []byte{}}}},
		{Topic: "t", Partition: 1, Offset: 1, Key: []byte{0, 1, 0xff}, Value: []byte("hi"), Timestamp: now},
		{Topic: "t", Partition: 1, Offset: 2, Timestamp: now},
	}
}

// CheckRecords fails t unless got, the records of [FormsTopic] read back
// partition by partition, equal want, an empty slice equal to a nil one,
// and unless Kafka's null and an empty payload are told apart in them.
func CheckRecords(t testing.TB, want, got []fakelog.Record) {
	t.Helper()
	if diff := cmp.Diff(want, got, cmpopts.EquateEmpty()); diff != "" {
		t.Errorf("records mismatch (-want +got):\n%s", diff)
	}
	if len(got) < 5 {
		return
	}
	if got[2].Headers[1].Value != nil || got[2].Headers[2].Value == nil || got[4].Key != nil || got[4].Value != nil {
		t.Errorf("null and empty mixed up: headers %+v, record %+v", got[2].Headers, got[4])
	}
}

// BadFile is a seed file that fails to load, and the error loading it
// gives.
type BadFile struct{ Path, Want string }

// BadFiles writes, in a temporary directory of t, a seed file with a JSON
// syntax error and one with a field that is not base64, and names a file
// that does not exist, last; each with the error loading it gives.
func BadFiles(t testing.TB) []BadFile {
	t.Helper()
	dir := t.TempDir()
	write := func(name, body string) string {
		p := filepath.Join(dir, name)
		if err := os.WriteFile(p, []byte(body), 0o644); err != nil {
			t.Fatal(err)
		}
		return p
	}
	syntax := write("syntax.json", "{\n \"topics\": [,]\n}")
	field := write("field.json", `{"topics": [{"name": "t", "records": [{"value_base64": "%%%"}]}]}`)
	missing := filepath.Join(dir, "missing.json")
	return []BadFile{
		{syntax, syntax + ":2:13: invalid character ',' looking for beginning of value"},
		{field, field + `: topics[0].records[0].value_base64: not base64 (standard alphabet A-Z, a-z, 0-9, + and /, such as "aGk=")`},
		{missing, missing + ": no such file or directory"},
	}
}

// ApplyError is a seed that loads but fails to apply, and the error's
// text after the applier's prefix.
type ApplyError struct{ Name, Doc, Want string }

// CheckApplyErrors runs a subtest for each seed that loads but fails to
// apply to a log that already has a topic "w" of two partitions: apply
// applies it so, and the error must read prefix and then the seed's
// field and problem.
func CheckApplyErrors(t *testing.T, prefix string, apply func(t *testing.T, sd *seed.Seed) error) {
	t.Helper()
	CheckApplyErrorCases(t, prefix, []ApplyError{
		{"topic exists", `{"topics": [{"name": "w"}]}`, `topics[0].name: topic "w" already exists`},
		{"offset for a topic nobody creates", `{"groups": [{"name": "g", "offsets": [{"topic": "nope", "partition": 0, "offset": 1}]}]}`, `groups[0].offsets[0].topic: topic "nope" does not exist`},
		{"offset past the log's partitions", `{"groups": [{"name": "g", "offsets": [{"topic": "w", "partition": 2, "offset": 1}]}]}`, `groups[0].offsets[0].partition: topic "w" has 2 partitions (0 to 1)`},
		{"bad retention config", `{"topics": [{"name": "r", "configs": {"retention.records": "lots"}}]}`, `topics[0].configs: retention.records="lots" is not an integer`},
	}, apply)
}

// CheckApplyErrorCases runs a subtest for each case: its seed must load,
// and apply must fail with prefix followed by the case's Want.
func CheckApplyErrorCases(t *testing.T, prefix string, cases []ApplyError, apply func(t *testing.T, sd *seed.Seed) error) {
	t.Helper()
	for _, tt := range cases {
		t.Run(tt.Name, func(t *testing.T) {
			t.Parallel()
			sd, err := seed.Load(strings.NewReader(tt.Doc))
			if err != nil {
				t.Fatal(err)
			}
			err = apply(t, sd)
			if err == nil {
				t.Fatalf("applying %s succeeded, want %q", tt.Doc, prefix+tt.Want)
			}
			if diff := cmp.Diff(prefix+tt.Want, err.Error()); diff != "" {
				t.Errorf("error mismatch (-want +got):\n%s", diff)
			}
		})
	}
}
