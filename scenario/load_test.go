package scenario_test

import (
	"encoding/json"
	"errors"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"testing/iotest"

	"github.com/google/go-cmp/cmp"

	"github.com/kafkarestmock/kafkarestmock/scenario"
)

func TestLoad(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name string
		in   string
		want []scenario.Fault
	}{
		{name: "empty object", in: `{}`, want: []scenario.Fault{}},
		{name: "null", in: `null`, want: []scenario.Fault{}},
		{name: "no faults", in: `{"faults": []}`, want: []scenario.Fault{}},
		{
			name: "every field",
			in: `{"faults": [{
				"name": "leader moves twice",
				"match": {"method": "POST", "route": "/topics/{topic}", "api": "v2", "topic": "orders", "partition": 1, "group": "g1", "instance": "c1"},
				"kafka_error": "NOT_LEADER_FOR_PARTITION",
				"delay_ms": 0, "drop_connection": false, "empty_polls": 0,
				"after": 0, "times": 2, "probability": 1.0, "seed": 1
			}, {
				"response": {"status": 500, "error_code": 50003, "message": "m", "headers": {"Retry-After": "1"}, "body": {"x": [1, 2]}}
			}, {
				"match": {}, "delay_ms": 250, "probability": 0.25, "seed": -3, "after": 4
			}]}`,
			want: []scenario.Fault{
				{
					Name:       "leader moves twice",
					Match:      scenario.Match{Method: "POST", Route: "/topics/{topic}", API: "v2", Topic: "orders", Partition: ptr[int32](1), Group: "g1", Instance: "c1"},
					KafkaError: "NOT_LEADER_FOR_PARTITION",
					Times:      2, Probability: ptr(1.0), Seed: 1,
				},
				{Response: &scenario.Response{Status: 500, ErrorCode: 50003, Message: "m", Headers: map[string]string{"Retry-After": "1"}, Body: json.RawMessage(`{"x": [1, 2]}`)}},
				{DelayMS: 250, Probability: ptr(0.25), Seed: -3, After: 4},
			},
		},
		{
			name: "response body null",
			in:   `{"faults": [{"response": {"status": 503, "body": null}}]}`,
			want: []scenario.Fault{{Response: &scenario.Response{Status: 503, Body: json.RawMessage("null")}}},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			got, err := scenario.Load(strings.NewReader(tt.in))
			if err != nil {
				t.Fatalf("Load: %v", err)
			}
			if diff := cmp.Diff(tt.want, got); diff != "" {
				t.Errorf("Load mismatch (-want +got):\n%s", diff)
			}
		})
	}
}

func TestLoadErrors(t *testing.T) {
	t.Parallel()
	const ok = `{"kafka_error": "REQUEST_TIMED_OUT"}`
	tests := []struct {
		name    string
		in      string
		wantErr string
	}{
		{name: "empty input", in: ``,
			wantErr: `1:1: unexpected end of JSON input`},
		{name: "syntax error", in: "{\n  \"faults\": [}\n",
			wantErr: `2:14: invalid character '}' looking for beginning of value`},
		{name: "syntax error inside a rule", in: "{\"faults\": [\n" + ok + ",\n{\"after\": 1,,}]}",
			wantErr: `3:13: invalid character ',' looking for beginning of object key string`},
		{name: "truncated", in: `{"faults": [`,
			wantErr: `1:13: unexpected end of JSON input`},
		{name: "trailing data", in: `{"faults": []} x`,
			wantErr: `1:16: invalid character 'x' after top-level value`},
		{name: "second document", in: "{}\n{}",
			wantErr: `2:1: invalid character '{' after top-level value`},
		{name: "top level is an array", in: `[]`,
			wantErr: `want an object like {"faults": [...]}`},
		{name: "faults is an object", in: `{"faults": {}}`,
			wantErr: `faults: want an array`},
		{name: "unknown top-level field", in: `{"faults": [], "fault": []}`,
			wantErr: `unknown field "fault" (did you mean "faults"?)`},
		{name: "field names are case-sensitive", in: `{"Faults": []}`,
			wantErr: `unknown field "Faults" (did you mean "faults"?)`},
		{name: "unknown rule field", in: `{"faults": [` + ok + `, {"kafka_error": "REQUEST_TIMED_OUT", "tims": 2}]}`,
			wantErr: `faults[1]: unknown field "tims" (did you mean "times"?)`},
		{name: "unknown match field", in: `{"faults": [{"match": {"topic": "t", "prtition": 1}, "delay_ms": 1}]}`,
			wantErr: `faults[0].match: unknown field "prtition" (did you mean "partition"?)`},
		{name: "unknown response field", in: `{"faults": [{"response": {"status": 500, "code": 1}}]}`,
			wantErr: `faults[0].response: unknown field "code" (did you mean "body"?)`},
		{name: "wrong case in match", in: `{"faults": [{"match": {"Topic": "t"}, "delay_ms": 1}]}`,
			wantErr: `faults[0].match: unknown field "Topic" (did you mean "topic"?)`},
		{name: "the first unknown field in document order", in: `{"faults": [{"zz": 1, "aa": 2}]}`,
			wantErr: `faults[0]: unknown field "zz" (known fields: name, match, kafka_error, response, delay_ms, drop_connection, empty_polls, after, times, probability, layer, seed)`},
		{name: "partition is a string", in: `{"faults": [{"match": {"partition": "1"}, "delay_ms": 1}]}`,
			wantErr: `faults[0].match.partition: want an integer`},
		{name: "partition out of range", in: `{"faults": [{"match": {"partition": 3000000000}, "delay_ms": 1}]}`,
			wantErr: `faults[0].match.partition: integer 3000000000 out of range`},
		{name: "times is a fraction", in: `{"faults": [` + ok + `, ` + ok + `, {"kafka_error": "REQUEST_TIMED_OUT", "times": 1.5}]}`,
			wantErr: `faults[2].times: want an integer`},
		{name: "drop_connection is a string", in: `{"faults": [{"drop_connection": "yes"}]}`,
			wantErr: `faults[0].drop_connection: want true or false`},
		{name: "probability is a string", in: `{"faults": [{"delay_ms": 1, "probability": "0.5"}]}`,
			wantErr: `faults[0].probability: want a number`},
		{name: "kafka_error is a number", in: `{"faults": [{"kafka_error": 6}]}`,
			wantErr: `faults[0].kafka_error: want a string`},
		{name: "match is an array", in: `{"faults": [{"match": [], "delay_ms": 1}]}`,
			wantErr: `faults[0].match: want an object`},
		{name: "header value is a number", in: `{"faults": [{"response": {"status": 500, "headers": {"Retry-After": 1}}}]}`,
			wantErr: `faults[0].response.headers: want a string`},
		{name: "rule is a string", in: `{"faults": ["x"]}`,
			wantErr: `faults[0]: want an object`},
		{name: "unknown kafka_error", in: `{"faults": [` + ok + `, ` + ok + `, {"kafka_error": "FOO"}]}`,
			wantErr: `faults[2].kafka_error: unknown Kafka error "FOO"`},
		{name: "negative times", in: `{"faults": [` + ok + `, {"kafka_error": "REQUEST_TIMED_OUT", "times": -1}]}`,
			wantErr: `faults[1].times: must be >= 0`},
		{name: "bad status", in: `{"faults": [{"response": {"status": 42}}]}`,
			wantErr: `faults[0].response.status: must be between 100 and 599, got 42`},
		{name: "two effects", in: `{"faults": [{"kafka_error": "REQUEST_TIMED_OUT", "delay_ms": 100}]}`,
			wantErr: `faults[0]: more than one effect: kafka_error and delay_ms`},
		{name: "no effect", in: `{"faults": [{"match": {"topic": "t"}, "times": 1}]}`,
			wantErr: `faults[0]: no effect: want one of kafka_error, response, delay_ms, drop_connection or empty_polls`},
		{name: "null rule", in: `{"faults": [null]}`,
			wantErr: `faults[0]: no effect: want one of kafka_error, response, delay_ms, drop_connection or empty_polls`},
		{name: "probability out of range", in: `{"faults": [{"delay_ms": 1, "probability": 0}]}`,
			wantErr: `faults[0].probability: must be > 0 and <= 1, got 0`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			got, err := scenario.Load(strings.NewReader(tt.in))
			if err == nil {
				t.Fatalf("Load = %+v, want error %q", got, tt.wantErr)
			}
			if err.Error() != tt.wantErr {
				t.Errorf("Load error = %q, want %q", err.Error(), tt.wantErr)
			}
		})
	}
}

func TestLoadErrorsUnwrap(t *testing.T) {
	t.Parallel()
	_, err := scenario.Load(strings.NewReader(`{"faults": [}`))
	var se *json.SyntaxError
	if !errors.As(err, &se) {
		t.Errorf("Load error %v does not unwrap to *json.SyntaxError", err)
	}
	_, err = scenario.Load(strings.NewReader(`{"faults": [{"times": "1"}]}`))
	var te *json.UnmarshalTypeError
	if !errors.As(err, &te) {
		t.Errorf("Load error %v does not unwrap to *json.UnmarshalTypeError", err)
	}
	readErr := errors.New("disk on fire")
	if _, err := scenario.Load(iotest.ErrReader(readErr)); !errors.Is(err, readErr) {
		t.Errorf("Load(failing reader) = %v, want %v", err, readErr)
	}
}

func TestLoadFile(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	write := func(name, content string) string {
		t.Helper()
		path := filepath.Join(dir, name)
		if err := os.WriteFile(path, []byte(content), 0o644); err != nil {
			t.Fatal(err)
		}
		return path
	}
	good := write("good.json", `{"faults": [{"kafka_error": "REQUEST_TIMED_OUT", "times": 1}]}`)
	badTimes := write("times.json", `{"faults": [{"delay_ms": 1}, {"delay_ms": 1, "times": -1}]}`)
	badSyntax := write("syntax.json", "{\n  \"faults\": [}\n")
	missing := filepath.Join(dir, "missing.json")

	got, err := scenario.LoadFile(good)
	if err != nil {
		t.Fatalf("LoadFile(%s): %v", good, err)
	}
	if diff := cmp.Diff([]scenario.Fault{{KafkaError: "REQUEST_TIMED_OUT", Times: 1}}, got); diff != "" {
		t.Errorf("LoadFile mismatch (-want +got):\n%s", diff)
	}

	for _, tt := range []struct {
		path, wantErr string
	}{
		{badTimes, badTimes + ": faults[1].times: must be >= 0"},
		{badSyntax, badSyntax + ":2:14: invalid character '}' looking for beginning of value"},
		{missing, missing + ": no such file or directory"},
	} {
		_, err := scenario.LoadFile(tt.path)
		if err == nil || err.Error() != tt.wantErr {
			t.Errorf("LoadFile(%s) error = %v, want %q", tt.path, err, tt.wantErr)
		}
	}
	if _, err := scenario.LoadFile(missing); !errors.Is(err, fs.ErrNotExist) {
		t.Errorf("LoadFile(missing) error %v is not fs.ErrNotExist", err)
	}
}

// TestLoadFileEverySecondProduceFails runs the shared fixture: produce to
// orders fails on requests 2, 4, 6, 8 and 10.
func TestLoadFileEverySecondProduceFails(t *testing.T) {
	t.Parallel()
	faults, err := scenario.LoadFile(filepath.Join("..", "testdata", "scenario", "every-second-produce-fails.json"))
	if err != nil {
		t.Fatal(err)
	}
	s := scenario.NewSet()
	for _, f := range faults {
		mustAdd(t, s, f)
	}
	var got []int
	for i := 1; i <= 20; i++ {
		if _, ok := s.Decide(produceOther); ok {
			t.Fatalf("a produce to another topic failed")
		}
		f, ok := s.Decide(produceOrders)
		if !ok {
			continue
		}
		got = append(got, i)
		e, ok := scenario.LookupKafkaError(f.Fault.KafkaError)
		if !ok || e.Name != "NOT_LEADER_OR_FOLLOWER" || !e.Retriable {
			t.Errorf("request %d: kafka_error %q gives %+v, want retriable NOT_LEADER_OR_FOLLOWER", i, f.Fault.KafkaError, e)
		}
	}
	if diff := cmp.Diff([]int{2, 4, 6, 8, 10}, got); diff != "" {
		t.Errorf("failing requests mismatch (-want +got):\n%s", diff)
	}
	if left := s.List(); len(left) != 0 {
		t.Errorf("rules left after the scenario: %+v", left)
	}
}

func FuzzLoad(f *testing.F) {
	f.Add(`{"faults": [{"match": {"topic": "t", "partition": 1}, "kafka_error": "REQUEST_TIMED_OUT", "after": 1, "times": 2}]}`)
	f.Add(`{"faults": [{"response": {"status": 500, "headers": {"a": "b"}, "body": {"x": 1}}, "probability": 0.5, "seed": 3}]}`)
	f.Add(`{"faults": [{"empty_polls": 2}, {"drop_connection": true}, {"delay_ms": 5}]}`)
	f.Add(`{"faults": [}`)
	f.Add(`{"faults": [{"Match": {}}]}`)
	f.Fuzz(func(t *testing.T, in string) {
		faults, err := scenario.Load(strings.NewReader(in))
		if err != nil {
			if faults != nil {
				t.Errorf("Load returned rules and error %v", err)
			}
			return
		}
		s := scenario.NewSet()
		for i, f := range faults {
			if _, err := s.Add(f); err != nil {
				t.Errorf("rule %d was loaded but does not install: %v", i, err)
			}
		}
		s.Decide(scenario.Request{Method: "POST", Topic: "t", Partition: 1, HasPartition: true})
	})
}
