package mockproxy

import (
	"io"
	"net/http"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/kafkarestmock/kafkarestmock/fakelog"
	"github.com/kafkarestmock/kafkarestmock/internal/jsonv"
)

// toyType is the media type of toyFormat.
const toyType = "application/vnd.kafka.toy.v2+json"

// toyFormat is a format defined outside the registration table: keys and
// values are JSON strings, stored upper case.
type toyFormat struct{ formatSpec }

func (toyFormat) decode(v jsonv.Value, _ *produceStyle, which string) ([]byte, error) {
	s, _, err := decodeString(v)
	if err != nil {
		return nil, err
	}
	if s == "" {
		return nil, unprocessable(422, "Record %s is empty", which)
	}
	return []byte(strings.ToUpper(s)), nil
}

func (toyFormat) check(*schemaStore, []fakelog.Record) error { return nil }

func (toyFormat) appendPayload(_ *schemaStore, b, data []byte) ([]byte, error) {
	return appendJSONString(b, string(data)), nil
}

// answer is what a test compares of a response.
type answer struct {
	Status      int
	ContentType string
	Body        string
}

func send(t *testing.T, s *Server, method, path, body string, headers ...string) answer {
	t.Helper()
	req, err := http.NewRequestWithContext(t.Context(), method, s.URL()+path, strings.NewReader(body))
	if err != nil {
		t.Fatal(err)
	}
	for _, h := range headers {
		k, v, _ := strings.Cut(h, ": ")
		req.Header.Set(k, v)
	}
	resp, err := s.Client().Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	b, err := io.ReadAll(resp.Body)
	if err != nil {
		t.Fatal(err)
	}
	return answer{resp.StatusCode, resp.Header.Get("Content-Type"), string(b)}
}

// TestFormatRegistration shows that a format is one type and one
// registration: withFormat gives it produce and read methods, routed by
// its media type, and consumers created with its name.
func TestFormatRegistration(t *testing.T) {
	toy := toyFormat{formatSpec{id: "toy", java: "Toy", v2: toyType}}
	srv := NewServer(t, WithTopic("t", 1), withFormat(toy))
	const v2 = "application/vnd.kafka.v2+json"
	steps := []struct {
		name         string
		method, path string
		body         string
		headers      []string
		want         answer
	}{
		{"produce", "POST", "/topics/t", `{"records":[{"key":"k","value":"hello"},{"value":"world"}]}`,
			[]string{"Content-Type: " + toyType},
			answer{200, v2, `{"offsets":[{"partition":0,"offset":0,"error_code":null,"error":null},{"partition":0,"offset":1,"error_code":null,"error":null}],"key_schema_id":null,"value_schema_id":null}`}},
		{"produce refused by the format", "POST", "/topics/t", `{"records":[{"value":""}]}`,
			[]string{"Content-Type: " + toyType},
			answer{422, v2, `{"error_code":422,"message":"Record value is empty"}`}},
		{"produce with the Java method name", "POST", "/topics/t", `null`,
			[]string{"Content-Type: " + toyType},
			answer{422, v2, `{"error_code":422,"message":"produceToy.arg2 must not be null (was null)"}`}},
		{"create", "POST", "/consumers/g", `{"name":"c","format":"TOY","auto.offset.reset":"earliest","consumer.request.timeout.ms":0}`,
			[]string{"Content-Type: " + v2},
			answer{200, v2, `{"instance_id":"c","base_uri":"` + srv.URL() + `/consumers/g/instances/c"}`}},
		{"no v1 consumer", "POST", "/consumers/g1", `{"format":"toy"}`,
			[]string{"Content-Type: application/vnd.kafka.v1+json"},
			answer{500, "application/vnd.kafka.v1+json", `{"error_code":500,"message":"Invalid embedded format TOY for new consumer."}`}},
		{"assign", "POST", "/consumers/g/instances/c/assignments", `{"partitions":[{"topic":"t","partition":0}]}`,
			[]string{"Content-Type: " + v2},
			answer{204, "", ""}},
		{"binary read refused", "GET", "/consumers/g/instances/c/records", "",
			[]string{"Accept: application/vnd.kafka.binary.v2+json"},
			answer{406, "application/vnd.kafka.binary.v2+json", `{"error_code":40601,"message":"The requested embedded data format does not match the deserializer for this consumer instance"}`}},
		{"read", "GET", "/consumers/g/instances/c/records", "",
			[]string{"Accept: " + toyType},
			answer{200, toyType, `[{"topic":"t","key":"K","value":"HELLO","partition":0,"offset":0},{"topic":"t","key":null,"value":"WORLD","partition":0,"offset":1}]`}},
	}
	for _, st := range steps {
		got := send(t, srv, st.method, st.path, st.body, st.headers...)
		if diff := cmp.Diff(st.want, got); diff != "" {
			t.Errorf("%s: %s %s (-want +got):\n%s", st.name, st.method, st.path, diff)
		}
	}
}

// TestFormatTableWith checks that a registered format goes last, or in
// place of the format of the same name.
func TestFormatTableWith(t *testing.T) {
	names := func(ft formatTable) []string {
		var out []string
		for _, f := range ft {
			out = append(out, f.name()+":"+f.methods(apiV2).read)
		}
		return out
	}
	toy := toyFormat{formatSpec{id: "toy", java: "Toy", v2: toyType}}
	got := names(builtinFormats().with(toy))
	want := []string{"binary:readRecordBinary", "json:readRecordJson", "avro:readRecordAvro",
		"jsonschema:readRecordJsonSchema", "protobuf:readRecordProtobuf", "toy:readRecordToy"}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("added (-want +got):\n%s", diff)
	}
	got = names(builtinFormats().with(toyFormat{formatSpec{id: "json", java: "Toy", v2: toyType}}))
	want = []string{"binary:readRecordBinary", "json:readRecordToy", "avro:readRecordAvro",
		"jsonschema:readRecordJsonSchema", "protobuf:readRecordProtobuf"}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("replaced (-want +got):\n%s", diff)
	}
}
