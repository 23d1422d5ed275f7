package mockproxy_test

import (
	"encoding/json"
	"reflect"
	"strings"
	"testing"

	"github.com/kafkarestmock/kafkarestmock/fakelog"
	"github.com/kafkarestmock/kafkarestmock/internal/resttest"
	"github.com/kafkarestmock/kafkarestmock/mockproxy"
)

// newMalformedServer is an in-memory server on a manual clock holding
// data: topic "t" (2 partitions: k0/"a" and a keyless "b" in partition 0,
// k1/"not json" in partition 1) and topic "u" (1 partition, one record).
// Consumer instances, none of which waits on a read: in v2 group g, "c"
// (binary, subscribed to t), "ca" (binary, assigned t-0), "cj" (json,
// assigned t-0) and "cn" (neither subscribed nor assigned); with API v1
// (unless the profile is modern), "v1c" in group g1.
func newMalformedServer(t *testing.T, bc resttest.Backend, profile mockproxy.Profile, opts ...mockproxy.Option) *mockproxy.Server {
	t.Helper()
	opts = append([]mockproxy.Option{
		mockproxy.WithoutListener(),
		mockproxy.WithClock(fakelog.NewManualClock(epoch)),
		mockproxy.WithProfile(profile),
		mockproxy.WithTopic("t", 2),
		mockproxy.WithTopic("u", 1),
	}, opts...)
	srv := bc.Start(t, opts...)
	for _, r := range []struct {
		topic      string
		partition  int32
		key, value string
	}{{"t", 0, "k0", "a"}, {"t", 0, "", "b"}, {"t", 1, "k1", "not json"}, {"u", 0, "", `{"u":1}`}} {
		rec := fakelog.Record{Value: []byte(r.value)}
		if r.key != "" {
			rec.Key = []byte(r.key)
		}
		rec.Partition = r.partition
		if res, err := srv.Backend().Produce(r.topic, []fakelog.Record{rec}); err != nil || res[0].Err != nil {
			t.Fatal(err, res)
		}
	}
	const noWait = `"auto.offset.reset":"earliest","consumer.request.timeout.ms":0`
	steps := []struct{ path, ct, body string }{
		{"/consumers/g", ctV2, `{"name":"c",` + noWait + `}`},
		{"/consumers/g/instances/c/subscription", ctV2, `{"topics":["t"]}`},
		{"/consumers/g", ctV2, `{"name":"ca",` + noWait + `}`},
		{"/consumers/g/instances/ca/assignments", ctV2, `{"partitions":[{"topic":"t","partition":0}]}`},
		{"/consumers/g", ctV2, `{"name":"cj","format":"json",` + noWait + `}`},
		{"/consumers/g/instances/cj/assignments", ctV2, `{"partitions":[{"topic":"t","partition":0}]}`},
		{"/consumers/g", ctV2, `{"name":"cn","consumer.request.timeout.ms":0}`},
	}
	if profile != mockproxy.ProfileModern {
		steps = append(steps, struct{ path, ct, body string }{"/consumers/g1", ctV1, `{"name":"v1c","auto.offset.reset":"smallest","consumer.request.timeout.ms":0}`})
	}
	for _, s := range steps {
		if got := resttest.Do(t, srv, "POST", s.path, s.body, "Content-Type: "+s.ct); got.Status >= 300 {
			t.Fatalf("setup POST %s: %d %s", s.path, got.Status, got.Body)
		}
	}
	return srv
}

// allRecords returns every record of every topic, by topic and partition.
func allRecords(t *testing.T, srv *mockproxy.Server) map[string][][]fakelog.Record {
	t.Helper()
	out := map[string][][]fakelog.Record{}
	for _, ti := range srv.Backend().Topics() {
		parts, err := srv.Backend().Partitions(ti.Name)
		if err != nil {
			t.Fatal(err)
		}
		for _, p := range parts {
			recs, err := srv.Backend().ReadN(ti.Name, p.Partition, p.StartOffset, 0, 0)
			if err != nil {
				t.Fatal(err)
			}
			out[ti.Name] = append(out[ti.Name], recs)
		}
	}
	return out
}

// malformedCase is one bad request and the exact answer expected.
type malformedCase struct {
	name    string
	profile mockproxy.Profile // default ProfileAll
	opts    []mockproxy.Option
	setup   func(t *testing.T, srv *mockproxy.Server)

	method, path, body string
	headers            []string

	status int
	ct     string
	code   int    // error_code; 0 for a success
	msg    string // the exact message
	prefix string // or a prefix of it, where parser details vary
	// contains is a fragment of a 200 body (per-record produce errors).
	contains string
}

func TestMalformedInput(t *testing.T) {
	t.Parallel()
	long := strings.Repeat("x", 300)
	deep := strings.Repeat("[", 1001) + strings.Repeat("]", 1001)
	const (
		bin   = "Content-Type: " + ctV2B
		jsonc = "Content-Type: " + ctV2J
		v2    = "Content-Type: " + ctV2
		v1    = "Content-Type: " + ctV1
		v1j   = "Content-Type: " + ctV1J
	)
	const (
		notFound      = "HTTP 404 Not Found"
		internal      = "Internal Server Error"
		unsupported   = "HTTP 415 Unsupported Media Type"
		notAcceptable = "HTTP 406 Not Acceptable"
		tooLarge      = "HTTP 413 Request Entity Too Large"
		noInstance    = "Consumer instance not found."
		noPartition   = "Partition not found."
		noTopic       = "Topic not found."
		noTopicPart   = "This server does not host this topic-partition."
		deserialize   = "Cannot deserialize value of type `"
		badConfig     = "Invalid consumer configuration. It does not abide by the constraints: "
		exclusive     = "Illegal state: Subscription to topics, partitions and pattern are mutually exclusive"
		fetchError    = "Kafka error: Fetch response contains an error code: 1"
		mismatch      = "The requested embedded data format does not match the deserializer for this consumer instance"
	)
	readT := func(t *testing.T, srv *mockproxy.Server) {
		t.Helper()
		if got := resttest.Do(t, srv, "GET", "/consumers/g1/instances/v1c/topics/t", "", "Accept: "+ctV1B); got.Status != 200 {
			t.Fatalf("v1 read of t: %d %s", got.Status, got.Body)
		}
	}
	cases := []malformedCase{
		// v2 produce: JSON syntax (reference §1.4).
		{name: "produce truncated JSON", method: "POST", path: "/topics/t", body: `{"records":[`, headers: []string{bin},
			status: 400, ct: ctV2, code: 400, prefix: "Unexpected end-of-input"},
		{name: "produce bare word", method: "POST", path: "/topics/t", body: `foobar`, headers: []string{bin},
			status: 400, ct: ctV2, code: 400, prefix: "Unrecognized token 'foobar': was expecting"},
		{name: "produce trailing comma", method: "POST", path: "/topics/t", body: `{"records":[{"value":"aGk="},]}`, headers: []string{bin},
			status: 400, ct: ctV2, code: 400, prefix: "Unexpected character ("},
		{name: "produce invalid UTF-8 in a string", method: "POST", path: "/topics/t", body: "{\"records\":[{\"value\":\"a\xffb\"}]}", headers: []string{bin},
			status: 400, ct: ctV2, code: 400, prefix: "Invalid UTF-8"},
		{name: "produce nesting too deep", method: "POST", path: "/topics/t", body: `{"records":[{"value":` + deep + `}]}`, headers: []string{jsonc},
			status: 400, ct: ctV2, code: 400, prefix: "Document nesting depth (1001) exceeds the maximum allowed (1000"},
		{name: "produce json value with a syntax error", method: "POST", path: "/topics/t", body: `{"records":[{"value":{"a":}}]}`, headers: []string{jsonc},
			status: 400, ct: ctV2, code: 400, prefix: "Unexpected character ('}'"},
		// v2 produce: shapes and types.
		{name: "produce records is an object", method: "POST", path: "/topics/t", body: `{"records":{}}`, headers: []string{bin},
			status: 400, ct: ctV2, code: 400, prefix: deserialize},
		{name: "produce body is an array", method: "POST", path: "/topics/t", body: `[{"value":"aGk="}]`, headers: []string{bin},
			status: 400, ct: ctV2, code: 400, prefix: deserialize},
		{name: "produce null record", method: "POST", path: "/topics/t", body: `{"records":[null]}`, headers: []string{bin},
			status: 400, ct: ctV2, code: 400, prefix: "Cannot construct instance of `"},
		{name: "produce empty records", method: "POST", path: "/topics/t", body: `{"records":[]}`, headers: []string{bin},
			status: 422, ct: ctV2, code: 422, msg: "produceBinary.arg2.records must not be empty (was [])"},
		{name: "produce no records field", method: "POST", path: "/topics/t", body: `{}`, headers: []string{bin},
			status: 422, ct: ctV2, code: 422, msg: "produceBinary.arg2.records must not be empty (was [])"},
		{name: "produce empty body", method: "POST", path: "/topics/t", body: ``, headers: []string{bin},
			status: 422, ct: ctV2, code: 422, msg: "produceBinary.arg2 must not be null (was null)"},
		{name: "produce null body", method: "POST", path: "/topics/t", body: `null`, headers: []string{jsonc},
			status: 422, ct: ctV2, code: 422, msg: "produceJson.arg2 must not be null (was null)"},
		{name: "produce unknown field", method: "POST", path: "/topics/t", body: `{"records":[{"value":"aGk="}],"foo":1}`, headers: []string{bin},
			status: 422, ct: ctV2, code: 422, msg: "Unrecognized field: foo"},
		{name: "produce unknown record field", method: "POST", path: "/topics/t", body: `{"records":[{"value":"aGk=","headers":[]}]}`, headers: []string{bin},
			status: 422, ct: ctV2, code: 422, msg: "Unrecognized field: headers"},
		{name: "produce value not a string", method: "POST", path: "/topics/t", body: `{"records":[{"value":123}]}`, headers: []string{bin},
			status: 400, ct: ctV2, code: 400, msg: "Bad Request: data=123 is not a base64 string."},
		{name: "produce bad base64", method: "POST", path: "/topics/t", body: `{"records":[{"value":"%%%"}]}`, headers: []string{bin},
			status: 400, ct: ctV2, code: 400, msg: `Bad Request: data="%%%" is not a valid base64 string.`},
		{name: "produce base64 of one character", method: "POST", path: "/topics/t", body: `{"records":[{"key":"a","value":"aGk="}]}`, headers: []string{bin},
			status: 400, ct: ctV2, code: 400, msg: `Bad Request: data="a" is not a valid base64 string.`},
		{name: "produce url-safe base64", method: "POST", path: "/topics/t", body: `{"records":[{"value":"-_8="}]}`, headers: []string{bin},
			status: 400, ct: ctV2, code: 400, msg: `Bad Request: data="-_8=" is not a valid base64 string.`},
		{name: "produce partition overflows int", method: "POST", path: "/topics/t", body: `{"records":[{"value":"aGk=","partition":99999999999}]}`, headers: []string{bin},
			status: 400, ct: ctV2, code: 400, prefix: "Numeric value (99999999999) out of range of int"},
		{name: "produce partition is a word", method: "POST", path: "/topics/t", body: `{"records":[{"value":"aGk=","partition":"abc"}]}`, headers: []string{bin},
			status: 400, ct: ctV2, code: 400, prefix: deserialize + "java.lang.Integer` from String \"abc\""},
		{name: "produce partition is an object", method: "POST", path: "/topics/t", body: `{"records":[{"value":"aGk=","partition":{}}]}`, headers: []string{bin},
			status: 400, ct: ctV2, code: 400, prefix: deserialize + "java.lang.Integer` from Object value"},
		{name: "produce schema id overflows", method: "POST", path: "/topics/t", body: `{"records":[{"value":"aGk="}],"key_schema_id":1e400}`, headers: []string{bin},
			status: 400, ct: ctV2, code: 400, prefix: "Numeric value (1e400) out of range of int"},
		{name: "produce negative record partition", method: "POST", path: "/topics/t", body: `{"records":[{"value":"aGk=","partition":-1}]}`, headers: []string{bin},
			status: 500, ct: ctV2, code: 500, msg: internal},
		{name: "produce record partition past the count", method: "POST", path: "/topics/t", body: `{"records":[{"value":"aGk=","partition":5}]}`, headers: []string{bin},
			status: 200, ct: ctV2, contains: `{"partition":null,"offset":null,"error_code":50003,"error":"Partition 5 of topic t with partition count 2 is not present in metadata after 60000 ms."}`},
		// v2 produce: media types (reference §1.3).
		{name: "produce text/plain", method: "POST", path: "/topics/t", body: `{"records":[{"value":"aGk="}]}`, headers: []string{"Content-Type: text/plain"},
			status: 415, ct: ctJSON, code: 415, msg: unsupported},
		{name: "produce form-urlencoded", method: "POST", path: "/topics/t", body: `{"records":[{"value":"aGk="}]}`, headers: []string{"Content-Type: application/x-www-form-urlencoded", "Accept: " + ctV2 + ", application/octet-stream"},
			status: 415, ct: ctV2, code: 415, msg: unsupported},
		{name: "produce malformed Content-Type", method: "POST", path: "/topics/t", body: `{"records":[{"value":"aGk="}]}`, headers: []string{"Content-Type: binary"},
			status: 415, ct: ctJSON, code: 415, msg: unsupported},
		{name: "produce plain v2 type (modern)", profile: mockproxy.ProfileModern, method: "POST", path: "/topics/t", body: `{"records":[{"value":"aGk="}]}`, headers: []string{v2},
			status: 415, ct: ctJSON, code: 415, msg: unsupported},
		{name: "produce Accept text/plain", method: "POST", path: "/topics/t", body: `{"records":[{"value":"aGk="}]}`, headers: []string{bin, "Accept: text/plain"},
			status: 406, ct: ctJSON, code: 406, msg: notAcceptable},
		{name: "produce body over the limit", opts: []mockproxy.Option{mockproxy.WithMaxBodyBytes(128)}, method: "POST", path: "/topics/t",
			body: `{"records":[{"value":"` + strings.Repeat("QUJD", 40) + `"}]}`, headers: []string{bin},
			status: 413, ct: ctV2, code: 413, msg: tooLarge},
		{name: "produce to a 300-character topic", method: "POST", path: "/topics/" + long, body: `{"records":[{"value":"aGk="}]}`, headers: []string{bin},
			status: 200, ct: ctV2, contains: `"error_code":50002`},
		// v2 produce to a partition (reference §3.1 row 9, §10).
		{name: "produce path partition is a word", method: "POST", path: "/topics/t/partitions/abc", body: `{"records":[{"value":"aGk="}]}`, headers: []string{bin},
			status: 404, ct: ctV2, code: 404, msg: notFound},
		{name: "produce path partition overflows int", method: "POST", path: "/topics/t/partitions/99999999999", body: `{"records":[{"value":"aGk="}]}`, headers: []string{bin},
			status: 404, ct: ctV2, code: 404, msg: notFound},
		{name: "produce path partition negative (modern)", method: "POST", path: "/topics/t/partitions/-1", body: `{"records":[{"value":"aGk="}]}`, headers: []string{bin},
			status: 500, ct: ctV2, code: 500, msg: internal},
		{name: "produce path partition negative (legacy)", profile: mockproxy.ProfileLegacy, method: "POST", path: "/topics/t/partitions/-1", body: `{"records":[{"value":"aGk="}]}`, headers: []string{bin},
			status: 404, ct: ctV2, code: 40402, msg: noPartition},
		{name: "produce path partition past the count (legacy)", profile: mockproxy.ProfileLegacy, method: "POST", path: "/topics/t/partitions/5", body: `{"records":[{"value":"aGk="}]}`, headers: []string{bin},
			status: 404, ct: ctV2, code: 40402, msg: noPartition},
		{name: "produce path partition past the count (modern)", profile: mockproxy.ProfileModern, method: "POST", path: "/topics/t/partitions/5", body: `{"records":[{"value":"aGk="}]}`, headers: []string{bin},
			status: 200, ct: ctV2, contains: `"error_code":50003,"error":"Partition 5 of topic t with partition count 2 is not present in metadata after 60000 ms."`},
		{name: "produce to a partition with no body", method: "POST", path: "/topics/t/partitions/0", body: ``, headers: []string{bin},
			status: 422, ct: ctV2, code: 422, msg: "produceBinary.arg3 must not be null (was null)"},
		{name: "produce legacy record partition on a partition path", profile: mockproxy.ProfileLegacy, method: "POST", path: "/topics/t/partitions/0", body: `{"records":[{"value":"aGk=","partition":0}]}`, headers: []string{bin},
			status: 422, ct: ctV2, code: 422, msg: "Unrecognized field: partition"},
		{name: "produce legacy base64 overrun", profile: mockproxy.ProfileLegacy, method: "POST", path: "/topics/t", body: `{"records":[{"value":"QUJDQUJD=="}]}`, headers: []string{bin},
			status: 422, ct: ctV2, code: 422, msg: "Record value contains invalid base64 encoding"},
		// v1 produce (reference §3.2 rows 5 and 8).
		{name: "v1 produce base64 overrun", method: "POST", path: "/topics/t", body: `{"records":[{"value":"QUJDQUJD=="}]}`, headers: []string{v1},
			status: 422, ct: ctV1, code: 422, msg: "Record value contains invalid base64 encoding"},
		{name: "v1 produce value of padding only", method: "POST", path: "/topics/t", body: `{"records":[{"value":"="}]}`, headers: []string{v1},
			status: 422, ct: ctV1, code: 422, msg: "Record value contains invalid base64 encoding"},
		{name: "v1 produce non-ASCII key", method: "POST", path: "/topics/t", body: `{"records":[{"key":"QUJD\u00e9","value":"aGk="}]}`, headers: []string{v1},
			status: 422, ct: ctV1, code: 422, msg: "Record key contains invalid base64 encoding"},
		{name: "v1 produce negative partition", method: "POST", path: "/topics/t", body: `{"records":[{"value":"aGk=","partition":-1}]}`, headers: []string{v1},
			status: 422, ct: ctV1, code: 422, msg: "produceBinary.arg2.records[0].partition must be greater than or equal to 0 (was -1)"},
		{name: "v1 produce record partition on a partition path", method: "POST", path: "/topics/t/partitions/1", body: `{"records":[{"value":"aGk=","partition":1}]}`, headers: []string{v1},
			status: 422, ct: ctV1, code: 422, msg: "Unrecognized field: partition"},
		{name: "v1 produce no records", method: "POST", path: "/topics/t", body: `{}`, headers: []string{v1},
			status: 422, ct: ctV1, code: 422, msg: "produceBinary.arg2.records must not be empty (was null)"},
		{name: "v1 produce json syntax error", method: "POST", path: "/topics/t", body: `{"records":[{"value":tru}]}`, headers: []string{v1j},
			status: 400, ct: ctV1, code: 400, prefix: "Unrecognized token 'tru'"},
		{name: "v1 produce octet-stream, broken JSON", method: "POST", path: "/topics/t", body: `{"records"`, headers: []string{"Content-Type: " + ctOct},
			status: 400, ct: ctV1, code: 400, prefix: "Unexpected end-of-input"},
		{name: "v1 produce path partition is a word", method: "POST", path: "/topics/t/partitions/one", body: `{"records":[{"value":"aGk="}]}`, headers: []string{v1},
			status: 404, ct: ctV1, code: 404, msg: notFound},
		// Consumer creation (reference §3.1 row 11, §6.1).
		{name: "create broken JSON", method: "POST", path: "/consumers/g", body: `{"name":`, headers: []string{v2},
			status: 400, ct: ctV2, code: 400, prefix: "Unexpected end-of-input"},
		{name: "create body is an array", method: "POST", path: "/consumers/g", body: `[]`, headers: []string{v2},
			status: 400, ct: ctV2, code: 400, prefix: deserialize + "io.confluent.kafkarest.entities.v2.CreateConsumerInstanceRequest` from Array value"},
		{name: "create unknown format", method: "POST", path: "/consumers/g", body: `{"format":"xml"}`, headers: []string{v2},
			status: 422, ct: ctV2, code: 422, msg: "Invalid format type."},
		{name: "create format string", method: "POST", path: "/consumers/g", body: `{"format":"string"}`, headers: []string{v2},
			status: 500, ct: ctV2, code: 500, msg: "Invalid embedded format STRING for new consumer."},
		{name: "create fetch.min.bytes is a word", method: "POST", path: "/consumers/g", body: `{"fetch.min.bytes":"abc"}`, headers: []string{v2},
			status: 400, ct: ctV2, code: 400, prefix: deserialize},
		{name: "create fetch.min.bytes too large", method: "POST", path: "/consumers/g", body: `{"fetch.min.bytes":10000001}`, headers: []string{v2},
			status: 422, ct: ctV2, code: 40001, msg: badConfig + "Invalid value 10000001 for configuration fetch.min.bytes: Value must be no more than 10000000"},
		{name: "create fetch.min.bytes below -1", method: "POST", path: "/consumers/g", body: `{"responseMinBytes":-2}`, headers: []string{v2},
			status: 422, ct: ctV2, code: 40001, msg: badConfig + "Invalid value -2 for configuration fetch.min.bytes: Value must be at least -1"},
		{name: "create fetch.min.bytes overflows int", method: "POST", path: "/consumers/g", body: `{"fetch.min.bytes":1e20}`, headers: []string{v2},
			status: 400, ct: ctV2, code: 400, prefix: "Numeric value (1e20) out of range of int"},
		{name: "create timeout overflows int", method: "POST", path: "/consumers/g", body: `{"consumer.request.timeout.ms":-2147483649}`, headers: []string{v2},
			status: 400, ct: ctV2, code: 400, prefix: "Numeric value (-2147483649) out of range of int"},
		{name: "create Kafka property name", method: "POST", path: "/consumers/g", body: `{"enable.auto.commit":"true"}`, headers: []string{v2},
			status: 422, ct: ctV2, code: 422, msg: "Unrecognized field: enable.auto.commit"},
		{name: "create bad auto.offset.reset", method: "POST", path: "/consumers/g", body: `{"auto.offset.reset":"bogus"}`, headers: []string{v2},
			status: 422, ct: ctV2, code: 42204, prefix: "Invalid consumer configuration: Invalid value bogus for configuration auto.offset.reset"},
		{name: "create bad auto.commit.enable", method: "POST", path: "/consumers/g", body: `{"auto.commit.enable":"maybe"}`, headers: []string{v2},
			status: 422, ct: ctV2, code: 42204, prefix: "Invalid consumer configuration: "},
		{name: "create duplicate name", method: "POST", path: "/consumers/g", body: `{"name":"c"}`, headers: []string{v2},
			status: 409, ct: ctV2, code: 40902, msg: "Consumer with specified consumer ID already exists in the specified consumer group."},
		{name: "create text/plain", method: "POST", path: "/consumers/g", body: `{}`, headers: []string{"Content-Type: text/plain"},
			status: 415, ct: ctJSON, code: 415, msg: unsupported},
		{name: "create application/json (modern)", profile: mockproxy.ProfileModern, method: "POST", path: "/consumers/g", body: `{}`, headers: []string{"Content-Type: " + ctJSON},
			status: 415, ct: ctJSON, code: 415, msg: unsupported},
		{name: "create body over the limit", opts: []mockproxy.Option{mockproxy.WithMaxBodyBytes(128)}, method: "POST", path: "/consumers/g", body: `{"name":"` + long + `"}`, headers: []string{v2},
			status: 413, ct: ctV2, code: 413, msg: tooLarge},
		{name: "v1 create protobuf", method: "POST", path: "/consumers/g1", body: `{"format":"protobuf"}`, headers: []string{v1},
			status: 500, ct: ctV1, code: 500, msg: "Invalid embedded format PROTOBUF for new consumer."},
		{name: "v1 create v2 reset policy", method: "POST", path: "/consumers/g1", body: `{"auto.offset.reset":"earliest"}`, headers: []string{v1},
			status: 422, ct: ctV1, code: 42204, prefix: "Invalid consumer configuration: "},
		// Subscription (row 13).
		{name: "subscribe with no body", method: "POST", path: "/consumers/g/instances/cn/subscription", body: ``, headers: []string{v2},
			status: 422, ct: ctV2, code: 422, prefix: "subscribe.arg"},
		{name: "subscribe topics is a string", method: "POST", path: "/consumers/g/instances/cn/subscription", body: `{"topics":"t"}`, headers: []string{v2},
			status: 400, ct: ctV2, code: 400, prefix: deserialize + "java.util.ArrayList<java.lang.String>` from String value"},
		{name: "subscribe unknown field", method: "POST", path: "/consumers/g/instances/cn/subscription", body: `{"topic":"t"}`, headers: []string{v2},
			status: 422, ct: ctV2, code: 422, msg: "Unrecognized field: topic"},
		{name: "subscribe invalid pattern", method: "POST", path: "/consumers/g/instances/cn/subscription", body: `{"topic_pattern":"("}`, headers: []string{v2},
			status: 500, ct: ctV2, code: 500, msg: internal},
		{name: "subscribe null topic", method: "POST", path: "/consumers/g/instances/cn/subscription", body: `{"topics":[null]}`, headers: []string{v2},
			status: 500, ct: ctV2, code: 500, msg: internal},
		{name: "subscribe empty topic name", method: "POST", path: "/consumers/g/instances/cn/subscription", body: `{"topics":[""]}`, headers: []string{v2},
			status: 500, ct: ctV2, code: 500, msg: internal},
		{name: "subscribe unknown instance", method: "POST", path: "/consumers/g/instances/nope/subscription", body: `{"topics":["t"]}`, headers: []string{v2},
			status: 404, ct: ctV2, code: 40403, msg: noInstance},
		{name: "subscribe an assigned instance", method: "POST", path: "/consumers/g/instances/ca/subscription", body: `{"topics":["t"]}`, headers: []string{v2},
			status: 409, ct: ctV2, code: 40903, msg: exclusive},
		{name: "subscription of a 300-character group", method: "GET", path: "/consumers/" + long + "/instances/c/subscription",
			status: 404, ct: ctV2, code: 40403, msg: noInstance},
		// Assignments (row 16).
		{name: "assign partition is a word", method: "POST", path: "/consumers/g/instances/cn/assignments", body: `{"partitions":[{"topic":"t","partition":"x"}]}`, headers: []string{v2},
			status: 400, ct: ctV2, code: 400, prefix: deserialize + "java.lang.Integer` from String \"x\""},
		{name: "assign partition overflows int", method: "POST", path: "/consumers/g/instances/cn/assignments", body: `{"partitions":[{"topic":"t","partition":99999999999}]}`, headers: []string{v2},
			status: 400, ct: ctV2, code: 400, prefix: "Numeric value (99999999999) out of range of int"},
		{name: "assign partitions is an object", method: "POST", path: "/consumers/g/instances/cn/assignments", body: `{"partitions":{}}`, headers: []string{v2},
			status: 400, ct: ctV2, code: 400, prefix: deserialize},
		{name: "assign with no partitions field", method: "POST", path: "/consumers/g/instances/cn/assignments", body: `{}`, headers: []string{v2},
			status: 500, ct: ctV2, code: 500, msg: internal},
		{name: "assign unknown partition field", method: "POST", path: "/consumers/g/instances/cn/assignments", body: `{"partitions":[{"topic":"t","partition":0,"offset":1}]}`, headers: []string{v2},
			status: 422, ct: ctV2, code: 422, msg: "Unrecognized field: offset"},
		{name: "assign a subscribed instance", method: "POST", path: "/consumers/g/instances/c/assignments", body: `{"partitions":[{"topic":"t","partition":0}]}`, headers: []string{v2},
			status: 409, ct: ctV2, code: 40903, msg: exclusive},
		// Positions (rows 18-20).
		{name: "seek offset is a word", method: "POST", path: "/consumers/g/instances/ca/positions", body: `{"offsets":[{"topic":"t","partition":0,"offset":"abc"}]}`, headers: []string{v2},
			status: 400, ct: ctV2, code: 400, prefix: deserialize + "java.lang.Long` from String \"abc\""},
		{name: "seek offset overflows long", method: "POST", path: "/consumers/g/instances/ca/positions", body: `{"offsets":[{"topic":"t","partition":0,"offset":1e30}]}`, headers: []string{v2},
			status: 400, ct: ctV2, code: 400, prefix: "Numeric value (1e30) out of range of long"},
		{name: "seek negative offset", method: "POST", path: "/consumers/g/instances/ca/positions", body: `{"offsets":[{"topic":"t","partition":0,"offset":-5}]}`, headers: []string{v2},
			status: 500, ct: ctV2, code: 500, msg: internal},
		{name: "seek unassigned partition", method: "POST", path: "/consumers/g/instances/ca/positions", body: `{"offsets":[{"topic":"t","partition":1,"offset":0}]}`, headers: []string{v2},
			status: 409, ct: ctV2, code: 40903, msg: "Illegal state: No current assignment for partition t-1"},
		{name: "seek bad timestamp", method: "POST", path: "/consumers/g/instances/ca/positions", body: `{"timestamps":[{"topic":"t","partition":0,"timestamp":"yesterday"}]}`, headers: []string{v2},
			status: 400, ct: ctV2, code: 400, prefix: deserialize + "java.time.Instant` from String \"yesterday\""},
		{name: "seek null timestamp", method: "POST", path: "/consumers/g/instances/ca/positions", body: `{"timestamps":[{"topic":"t","partition":0,"timestamp":null}]}`, headers: []string{v2},
			status: 500, ct: ctV2, code: 500, msg: internal},
		{name: "seek offset 2^63 as a float", method: "POST", path: "/consumers/g/instances/ca/positions", body: `{"offsets":[{"topic":"t","partition":0,"offset":9223372036854775807.0}]}`, headers: []string{v2},
			status: 204, ct: ""},
		{name: "seek with no body", method: "POST", path: "/consumers/g/instances/ca/positions", body: ``, headers: []string{v2},
			status: 422, ct: ctV2, code: 422, prefix: "seekToOffset.arg"},
		{name: "seek to beginning with no partitions field", method: "POST", path: "/consumers/g/instances/ca/positions/beginning", body: `{}`, headers: []string{v2},
			status: 500, ct: ctV2, code: 500, msg: internal},
		{name: "seek to end partitions is a string", method: "POST", path: "/consumers/g/instances/ca/positions/end", body: `{"partitions":"t-0"}`, headers: []string{v2},
			status: 400, ct: ctV2, code: 400, prefix: deserialize},
		// Commits (row 21).
		{name: "commit with no offsets field", method: "POST", path: "/consumers/g/instances/c/offsets", body: `{}`, headers: []string{v2},
			status: 500, ct: ctV2, code: 500, msg: internal},
		{name: "commit entry without offset", method: "POST", path: "/consumers/g/instances/c/offsets", body: `{"offsets":[{"topic":"t","partition":0}]}`, headers: []string{v2},
			status: 500, ct: ctV2, code: 500, msg: internal},
		{name: "commit offsets is a string", method: "POST", path: "/consumers/g/instances/c/offsets", body: `{"offsets":"x"}`, headers: []string{v2},
			status: 400, ct: ctV2, code: 400, prefix: deserialize},
		{name: "commit offset is a word", method: "POST", path: "/consumers/g/instances/c/offsets", body: `{"offsets":[{"topic":"t","partition":0,"offset":"abc"}]}`, headers: []string{v2},
			status: 400, ct: ctV2, code: 400, prefix: deserialize + "java.lang.Long` from String \"abc\""},
		{name: "commit negative offset", method: "POST", path: "/consumers/g/instances/c/offsets", body: `{"offsets":[{"topic":"t","partition":0,"offset":-5}]}`, headers: []string{v2},
			status: 500, ct: ctV2, code: 500, msg: internal},
		{name: "commit unknown topic", method: "POST", path: "/consumers/g/instances/c/offsets", body: `{"offsets":[{"topic":"nope","partition":0,"offset":1}]}`, headers: []string{v2},
			status: 404, ct: ctV2, code: 40403, msg: noTopicPart},
		{name: "commit broken JSON", method: "POST", path: "/consumers/g/instances/c/offsets", body: `{"offsets":[{]}`, headers: []string{v2},
			status: 400, ct: ctV2, code: 400, prefix: "Unexpected close marker ']'"},
		// Committed offsets, a GET with a body (row 22).
		{name: "committed offsets with no body", method: "GET", path: "/consumers/g/instances/c/offsets", headers: []string{v2},
			status: 404, ct: ctV2, code: 40402, msg: noPartition},
		{name: "committed offsets broken JSON", method: "GET", path: "/consumers/g/instances/c/offsets", body: `{"partitions":[`, headers: []string{v2},
			status: 400, ct: ctV2, code: 400, prefix: "Unexpected end-of-input"},
		{name: "committed offsets partition is a word", method: "GET", path: "/consumers/g/instances/c/offsets", body: `{"partitions":[{"topic":"t","partition":"zero"}]}`, headers: []string{v2},
			status: 400, ct: ctV2, code: 400, prefix: deserialize},
		{name: "committed offsets of an unknown instance", method: "GET", path: "/consumers/g/instances/nope/offsets", body: `{"partitions":[{"topic":"t","partition":0}]}`, headers: []string{v2},
			status: 404, ct: ctV2, code: 40403, msg: noInstance},
		// Records reads (row 23).
		{name: "read timeout is a word", method: "GET", path: "/consumers/g/instances/c/records?timeout=abc",
			status: 404, ct: ctV2B, code: 404, msg: notFound},
		{name: "read max_bytes overflows long", method: "GET", path: "/consumers/g/instances/c/records?max_bytes=99999999999999999999",
			status: 404, ct: ctV2B, code: 404, msg: notFound},
		{name: "read json instance as binary", method: "GET", path: "/consumers/g/instances/cj/records", headers: []string{"Accept: " + ctV2B},
			status: 406, ct: ctV2B, code: 40601, msg: mismatch},
		{name: "read json instance, bytes not JSON", method: "GET", path: "/consumers/g/instances/cj/records", headers: []string{"Accept: " + ctV2J},
			status: 408, ct: ctV2J, code: 40801, prefix: "com.fasterxml.jackson.core.JsonParseException: "},
		{name: "read json instance, bytes not JSON (legacy)", profile: mockproxy.ProfileLegacy, method: "GET", path: "/consumers/g/instances/cj/records", headers: []string{"Accept: " + ctV2J},
			status: 500, ct: ctV2J, code: 50002, prefix: "com.fasterxml.jackson.core.JsonParseException: "},
		{name: "read unknown instance", method: "GET", path: "/consumers/g/instances/nope/records",
			status: 404, ct: ctV2B, code: 40403, msg: noInstance},
		{name: "read before subscribe or assign", method: "GET", path: "/consumers/g/instances/cn/records",
			status: 500, ct: ctV2B, code: 500, msg: internal},
		{name: "read Accept text/plain", method: "GET", path: "/consumers/g/instances/c/records", headers: []string{"Accept: text/plain"},
			status: 406, ct: ctJSON, code: 406, msg: notAcceptable},
		// The v1 simple consumer (reference §3.2 row 9).
		{name: "messages with no offset", method: "GET", path: "/topics/t/partitions/0/messages",
			status: 400, ct: ctV1B, code: 400, msg: "Either `offset` or `timestamp` query parameters must be set."},
		{name: "messages with offset and timestamp", method: "GET", path: "/topics/t/partitions/0/messages?offset=0&timestamp=2026-01-02T03:04:05Z",
			status: 400, ct: ctV1B, code: 400, msg: "Either `offset` or `timestamp` query parameters must be set."},
		{name: "messages offset is a word", method: "GET", path: "/topics/t/partitions/0/messages?offset=abc",
			status: 404, ct: ctV1B, code: 404, msg: notFound},
		{name: "messages offset overflows long", method: "GET", path: "/topics/t/partitions/0/messages?offset=99999999999999999999",
			status: 404, ct: ctV1B, code: 404, msg: notFound},
		{name: "messages negative offset", method: "GET", path: "/topics/t/partitions/0/messages?offset=-1",
			status: 500, ct: ctV1B, code: 50002, msg: fetchError},
		{name: "messages offset past the end", method: "GET", path: "/topics/t/partitions/0/messages?offset=999",
			status: 500, ct: ctV1B, code: 50002, msg: fetchError},
		{name: "messages count is a word", method: "GET", path: "/topics/t/partitions/0/messages?offset=0&count=many",
			status: 404, ct: ctV1B, code: 404, msg: notFound},
		{name: "messages bad timestamp", method: "GET", path: "/topics/t/partitions/0/messages?timestamp=yesterday",
			status: 404, ct: ctV1B, code: 404, msg: notFound},
		{name: "messages partition is a word", method: "GET", path: "/topics/t/partitions/x/messages?offset=0",
			status: 404, ct: ctV1B, code: 404, msg: notFound},
		{name: "messages unknown partition", method: "GET", path: "/topics/t/partitions/7/messages?offset=0",
			status: 404, ct: ctV1B, code: 40402, msg: noPartition},
		{name: "messages unknown topic", method: "GET", path: "/topics/nope/partitions/0/messages?offset=0",
			status: 404, ct: ctV1B, code: 40401, msg: noTopic},
		{name: "messages of a 300-character topic", method: "GET", path: "/topics/" + long + "/partitions/0/messages?offset=0",
			status: 404, ct: ctV1B, code: 40401, msg: noTopic},
		{name: "messages json of bytes not JSON", method: "GET", path: "/topics/t/partitions/1/messages?offset=0", headers: []string{"Accept: " + ctV1J},
			status: 500, ct: ctV1J, code: 50002, prefix: "Kafka error: "},
		// The v1 high-level consumer (reference §3.2 rows 11-14).
		{name: "v1 read a second topic", setup: readT, method: "GET", path: "/consumers/g1/instances/v1c/topics/u", headers: []string{"Accept: " + ctV1B},
			status: 409, ct: ctV1B, code: 40901, msg: "Consumer cannot subscribe the the specified target because it has already subscribed to other topics."},
		{name: "v1 read an unknown topic", method: "GET", path: "/consumers/g1/instances/v1c/topics/nope", headers: []string{"Accept: " + ctV1B},
			status: 404, ct: ctV1B, code: 40401, msg: noTopic},
		{name: "v1 read binary instance as json", method: "GET", path: "/consumers/g1/instances/v1c/topics/t", headers: []string{"Accept: " + ctV1J},
			status: 406, ct: ctV1J, code: 40601, msg: mismatch},
		{name: "v1 read max_bytes is a word", method: "GET", path: "/consumers/g1/instances/v1c/topics/t?max_bytes=lots", headers: []string{"Accept: " + ctV1B},
			status: 404, ct: ctV1B, code: 404, msg: notFound},
		{name: "v1 commit of an unknown instance", method: "POST", path: "/consumers/g1/instances/nope/offsets", headers: []string{v1},
			status: 404, ct: ctV1, code: 40403, msg: noInstance},
		// Paths and methods.
		{name: "unknown path", method: "GET", path: "/nope",
			status: 404, ct: ctJSON, code: 404, msg: notFound},
		{name: "wrong method", method: "PUT", path: "/topics/t", body: `{}`, headers: []string{bin},
			status: 405, ct: ctJSON, code: 405, msg: "HTTP 405 Method Not Allowed"},
		{name: "metadata of a 300-character topic", method: "GET", path: "/topics/" + long, headers: []string{"Accept: " + ctV2},
			status: 404, ct: ctV2, code: 40403, msg: noTopicPart},
		{name: "metadata of a 300-character topic (legacy)", profile: mockproxy.ProfileLegacy, method: "GET", path: "/topics/" + long, headers: []string{"Accept: " + ctV2},
			status: 404, ct: ctV2, code: 40401, msg: noTopic},
		{name: "offsets of a partition that is not a number", method: "GET", path: "/topics/t/partitions/1.0/offsets", headers: []string{"Accept: " + ctV2},
			status: 404, ct: ctV2, code: 404, msg: notFound},
		{name: "offsets of a negative partition", method: "GET", path: "/topics/t/partitions/-1/offsets", headers: []string{"Accept: " + ctV2},
			status: 404, ct: ctV2, code: 40402, msg: noPartition},
	}

	names := map[string]bool{}
	for _, tc := range cases {
		if names[tc.name] {
			t.Fatalf("duplicate case %q", tc.name)
		}
		names[tc.name] = true
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			resttest.EachBackend(t, func(t *testing.T, bc resttest.Backend) {
				srv := newMalformedServer(t, bc, tc.profile, tc.opts...)
				if tc.setup != nil {
					tc.setup(t, srv)
				}
				before := allRecords(t, srv)
				got := resttest.Do(t, srv, tc.method, tc.path, tc.body, tc.headers...)
				checkMalformed(t, tc, got)
				if after := allRecords(t, srv); !reflect.DeepEqual(before, after) {
					t.Errorf("the stored records changed:\nbefore %v\nafter  %v", before, after)
				}
			})
		})
	}
}

func checkMalformed(t *testing.T, tc malformedCase, got resttest.Response) {
	t.Helper()
	if got.Status != tc.status || got.ContentType != tc.ct {
		t.Errorf("answer %d %q, want %d %q (body %s)", got.Status, got.ContentType, tc.status, tc.ct, got.Body)
	}
	if tc.contains != "" {
		if !strings.Contains(string(got.Body), tc.contains) {
			t.Errorf("body %s does not contain %s", got.Body, tc.contains)
		}
		return
	}
	if tc.code == 0 {
		return
	}
	switch {
	case tc.msg != "":
		resttest.WantError(t, got, tc.status, tc.ct, tc.code, tc.msg)
	default:
		resttest.WantErrorPrefix(t, got, tc.status, tc.ct, tc.code, tc.prefix)
		var e map[string]json.RawMessage
		if err := json.Unmarshal(got.Body, &e); err == nil && len(e) != 2 {
			t.Errorf("error body %s has other fields than error_code and message", got.Body)
		}
	}
}
