package seed_test

import (
	"errors"
	"io/fs"
	"path/filepath"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/kafkarestmock/kafkarestmock/fakelog"
	"github.com/kafkarestmock/kafkarestmock/internal/seedtest"
	"github.com/kafkarestmock/kafkarestmock/seed"
)

func TestKeyedPartitioning(t *testing.T) {
	t.Parallel()
	sd, err := seed.Load(strings.NewReader(`{"topics":[{"name":"k","partitions":5,"records":[{"key":"abc","value":"1"},{"key":"abc","value":"2"}]}]}`))
	if err != nil {
		t.Fatal(err)
	}
	l := fakelog.New()
	defer l.Close()
	if err := sd.Apply(l); err != nil {
		t.Fatal(err)
	}
	p := fakelog.PartitionForKey([]byte("abc"), 5)
	recs, err := l.Read("k", p, 0, 0)
	if err != nil {
		t.Fatal(err)
	}
	if len(recs) != 2 || string(recs[0].Value) != "1" || string(recs[1].Value) != "2" {
		t.Errorf("partition %d (murmur2 of the key) holds %+v, want both records in order", p, recs)
	}
}

func TestLoadErrors(t *testing.T) {
	t.Parallel()
	rec := func(r string) string { return `{"topics":[{"name":"t","partitions":2,"records":[{},` + r + `]}]}` }
	tests := []struct {
		name, doc, want string
	}{
		{"syntax", "{\n  \"topics\": [\n    {\"name\": }\n  ]\n}", "3:14: invalid character '}' looking for beginning of value"},
		{"truncated", `{"topics": [`, "1:13: unexpected end of JSON input"},
		{"trailing data", `{} {}`, "1:4: invalid character '{' after top-level value"},
		{"not an object", `[]`, `want an object like {"topics": [...], "groups": [...]}`},
		{"unknown top field", `{"topic": []}`, `unknown field "topic" (did you mean "topics"?)`},
		{"unknown field far from any", `{"zzzzzzzz": 1}`, `unknown field "zzzzzzzz" (known fields: description, schemas, topics, groups)`},
		{"topics not an array", `{"topics": {}}`, "topics: want an array"},
		{"topic not an object", `{"topics": [1]}`, "topics[0]: want an object"},
		{"topic name missing", `{"topics": [{"partitions": 1}]}`, "topics[0].name: required"},
		{"topic name type", `{"topics": [{"name": 7}]}`, "topics[0].name: want a string"},
		{"topic name invalid", `{"topics": [{"name": "a/b"}]}`, `topics[0].name: "a/b" is not a valid topic name: 1 to 249 characters of a-z, A-Z, 0-9, '.', '_' and '-' (not "." or "..")`},
		{"topic twice", `{"topics": [{"name": "a"}, {"name": "a"}]}`, `topics[1].name: topic "a" is given twice`},
		{"partitions zero", `{"topics": [{"name": "a", "partitions": 0}]}`, "topics[0].partitions: must be between 1 and 100000"},
		{"partitions not integer", `{"topics": [{"name": "a", "partitions": 1.5}]}`, "topics[0].partitions: want an integer"},
		{"partitions overflow", `{"topics": [{"name": "a", "partitions": 99999999999999999999}]}`, "topics[0].partitions: integer 99999999999999999999 out of range"},
		{"configs value", `{"topics": [{"name": "a", "configs": {"x": [1]}}]}`, "topics[0].configs.x: want a string, a number or a boolean"},
		{"topic field misspelled", `{"topics": [{"name": "a", "partiton": 1}]}`, `topics[0]: unknown field "partiton" (did you mean "partitions"?)`},
		{"field given twice", `{"topics": [{"name": "a", "name": "b"}]}`, "topics[0].name: given twice"},
		{"records not array", `{"topics": [{"name": "a", "records": {}}]}`, "topics[0].records: want an array"},
		{"record not object", rec(`"x"`), "topics[0].records[1]: want an object"},
		{"record field misspelled", rec(`{"vaule": 1}`), `topics[0].records[1]: unknown field "vaule" (did you mean "value"?)`},
		{"record field case", rec(`{"Key": "k"}`), `topics[0].records[1]: unknown field "Key" (did you mean "key"?)`},
		{"partition past the end", rec(`{"partition": 2}`), `topics[0].records[1].partition: topic "t" has 2 partitions (0 to 1)`},
		{"partition negative", rec(`{"partition": -1}`), `topics[0].records[1].partition: topic "t" has 2 partitions (0 to 1)`},
		{"not base64", rec(`{"value_base64": "no spaces!"}`), `topics[0].records[1].value_base64: not base64 (standard alphabet A-Z, a-z, 0-9, + and /, such as "aGk=")`},
		{"url-safe base64", rec(`{"key_base64": "_-8"}`), `topics[0].records[1].key_base64: not base64 (standard alphabet A-Z, a-z, 0-9, + and /, such as "aGk=")`},
		{"base64 not a string", rec(`{"value_base64": 12}`), "topics[0].records[1].value_base64: want a base64 string"},
		{"two key forms", rec(`{"key": "a", "key_base64": "YQ=="}`), "topics[0].records[1].key_base64: only one of key, key_json, key_base64, key_avro, key_jsonschema and key_protobuf may be given (key is given too)"},
		{"two value forms", rec(`{"value_json": 1, "value": 2}`), "topics[0].records[1].value: only one of value, value_json, value_base64, value_avro, value_jsonschema and value_protobuf may be given (value_json is given too)"},
		{"headers not object", rec(`{"headers": [["a", "b"]]}`), `topics[0].records[1].headers: want an object of header names and text values, such as {"source": "web"}`},
		{"header value type", rec(`{"headers": {"a": 1}}`), "topics[0].records[1].headers.a: want a string or null"},
		{"timestamp text", rec(`{"timestamp": "yesterday"}`), `topics[0].records[1].timestamp: want an RFC 3339 time such as "2024-05-01T10:00:00Z" or milliseconds since 1970`},
		{"timestamp negative", rec(`{"timestamp": -5}`), `topics[0].records[1].timestamp: want an RFC 3339 time such as "2024-05-01T10:00:00Z" or milliseconds since 1970`},
		{"groups not array", `{"groups": {}}`, "groups: want an array"},
		{"group name missing", `{"groups": [{"offsets": []}]}`, "groups[0].name: required"},
		{"group name empty", `{"groups": [{"name": ""}]}`, "groups[0].name: must not be empty"},
		{"group twice", `{"groups": [{"name": "g"}, {"name": "g"}]}`, `groups[1].name: group "g" is given twice`},
		{"group field", `{"groups": [{"name": "g", "offset": []}]}`, `groups[0]: unknown field "offset" (did you mean "offsets"?)`},
		{"offset not object", `{"groups": [{"name": "g", "offsets": [3]}]}`, `groups[0].offsets[0]: want an object like {"topic": "orders", "partition": 0, "offset": 2}`},
		{"offset missing", `{"groups": [{"name": "g", "offsets": [{"topic": "t", "partition": 0}]}]}`, "groups[0].offsets[0].offset: required"},
		{"offset negative", `{"groups": [{"name": "g", "offsets": [{"topic": "t", "partition": 0, "offset": -1}]}]}`, "groups[0].offsets[0].offset: must be >= 0"},
		{"offset partition negative", `{"groups": [{"name": "g", "offsets": [{"topic": "t", "partition": -1, "offset": 0}]}]}`, "groups[0].offsets[0].partition: must be >= 0"},
		{"offset partition of a seeded topic", `{"topics": [{"name": "t"}], "groups": [{"name": "g", "offsets": [{"topic": "t", "partition": 1, "offset": 0}]}]}`, `groups[0].offsets[0].partition: topic "t" has 1 partition (0)`},
		{"offset twice", `{"groups": [{"name": "g", "offsets": [{"topic": "t", "partition": 0, "offset": 0}, {"topic": "t", "partition": 0, "offset": 1}]}]}`, "groups[0].offsets[1]: t-0 is given twice"},
		{"offset field", `{"groups": [{"name": "g", "offsets": [{"topic": "t", "partition": 0, "ofset": 1}]}]}`, `groups[0].offsets[0]: unknown field "ofset" (did you mean "offset"?)`},
		{"description type", `{"description": 1}`, "description: want a string"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			wantLoadError(t, tt.doc, tt.want)
		})
	}
}

// wantLoadError checks that loading doc fails with the error text want.
func wantLoadError(t *testing.T, doc, want string) {
	t.Helper()
	_, err := seed.Load(strings.NewReader(doc))
	if err == nil {
		t.Fatalf("Load(%s) succeeded, want error %q", doc, want)
	}
	if diff := cmp.Diff(want, err.Error()); diff != "" {
		t.Errorf("error mismatch (-want +got):\n%s", diff)
	}
}

func TestLoadFileErrors(t *testing.T) {
	t.Parallel()
	files := seedtest.BadFiles(t)
	for _, tt := range files {
		sd, err := seed.LoadFile(tt.Path)
		if err == nil {
			t.Fatalf("LoadFile(%s) succeeded", tt.Path)
		}
		if sd != nil {
			t.Errorf("LoadFile(%s) returned a seed with its error", filepath.Base(tt.Path))
		}
		if diff := cmp.Diff(tt.Want, err.Error()); diff != "" {
			t.Errorf("LoadFile(%s) error mismatch (-want +got):\n%s", filepath.Base(tt.Path), diff)
		}
	}
	if _, err := seed.LoadFile(files[len(files)-1].Path); !errors.Is(err, fs.ErrNotExist) {
		t.Errorf("LoadFile(missing) error %v is not fs.ErrNotExist", err)
	}
}

// TestApply applies every form of key, value, header and timestamp to a
// log: records land as the format says, in file order, and a record
// without a timestamp takes the log's clock's time.
func TestApply(t *testing.T) {
	t.Parallel()
	doc := `{
	  "topics": [` + seedtest.FormsTopic() + `, {"name": "u"}],
	  "groups": [{"name": "g", "offsets": [{"topic": "t", "partition": 1, "offset": 2, "metadata": "m"}]}]
	}`
	sd, err := seed.Load(strings.NewReader(doc))
	if err != nil {
		t.Fatal(err)
	}
	if diff := cmp.Diff([]string{"t", "u"}, sd.Topics()); diff != "" {
		t.Errorf("Topics mismatch (-want +got):\n%s", diff)
	}
	clock := seedtest.Clock()
	l := fakelog.New(fakelog.WithClock(clock))
	defer l.Close()
	if err := sd.Apply(l); err != nil {
		t.Fatal(err)
	}
	info, err := l.Topic("t")
	if err != nil {
		t.Fatal(err)
	}
	if diff := cmp.Diff(seedtest.FormsConfigs(), info.Configs); diff != "" {
		t.Errorf("configs mismatch (-want +got):\n%s", diff)
	}
	var got []fakelog.Record
	for p := range int32(2) {
		recs, err := l.Read("t", p, 0, 0)
		if err != nil {
			t.Fatal(err)
		}
		got = append(got, recs...)
	}
	seedtest.CheckRecords(t, seedtest.FormsRecords(clock.Now()), got)
	wantCommitted := map[fakelog.TopicPartition]fakelog.OffsetAndMetadata{{Topic: "t", Partition: 1}: {Offset: 2, Metadata: "m"}}
	if diff := cmp.Diff(wantCommitted, l.CommittedOffsets("g")); diff != "" {
		t.Errorf("committed offsets mismatch (-want +got):\n%s", diff)
	}
}

// TestApplyErrors: problems that depend on the log are named by the
// seed's field.
func TestApplyErrors(t *testing.T) {
	t.Parallel()
	seedtest.CheckApplyErrors(t, "", func(t *testing.T, sd *seed.Seed) error {
		l := fakelog.New()
		t.Cleanup(func() { _ = l.Close() })
		if err := l.CreateTopic("w", 2, nil); err != nil {
			t.Fatal(err)
		}
		return sd.Apply(l)
	})
}
