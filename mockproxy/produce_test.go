package mockproxy_test

import (
	"fmt"
	"net/http"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/google/go-cmp/cmp/cmpopts"
	"github.com/kafkarestmock/kafkarestmock/fakelog"
	"github.com/kafkarestmock/kafkarestmock/internal/resttest"
	"github.com/kafkarestmock/kafkarestmock/mockproxy"
)

// stored returns every record of a topic, partition by partition.
func stored(t testing.TB, srv *mockproxy.Server, topic string) []fakelog.Record {
	t.Helper()
	out, err := srv.Records(topic)
	if err != nil {
		t.Fatal(err)
	}
	return out
}

var ignoreTimestamps = cmpopts.IgnoreFields(fakelog.Record{}, "Timestamp")

func TestV2ProduceBinaryToTopic(t *testing.T) {
	t.Parallel()
	resttest.EachBackend(t, testV2ProduceBinaryToTopic)
}

func testV2ProduceBinaryToTopic(t *testing.T, bc resttest.Backend) {
	for _, profile := range []mockproxy.Profile{mockproxy.ProfileAll, mockproxy.ProfileLegacy, mockproxy.ProfileModern} {
		t.Run(profile.String(), func(t *testing.T) {
			t.Parallel()
			srv := bc.Start(t, mockproxy.WithTopic("orders", 3), mockproxy.WithProfile(profile))
			// "key" hashes to partition PartitionForKey("key", 3); unkeyed records go round-robin.
			body := `{"records":[{"key":"a2V5","value":"Y29uZmx1ZW50"},{"value":"a2Fma2E=","partition":1},{"value":"bG9ncw=="},{"key":null,"value":null}]}`
			got := resttest.Do(t, srv, "POST", "/topics/orders", body, "Content-Type: "+ctV2B)
			wantGolden(t, got, http.StatusOK, ctV2, "v2/produce_binary_topic")

			kp := fakelog.PartitionForKey([]byte("key"), 3)
			explicitOffset := int64(0)
			if kp == 1 { // the keyed record came first into partition 1
				explicitOffset = 1
			}
			want := []fakelog.Record{
				{Topic: "orders", Partition: kp, Offset: 0, Key: []byte("key"), Value: []byte("confluent")},
				{Topic: "orders", Partition: 1, Offset: explicitOffset, Value: []byte("kafka")},
			}
			recs := stored(t, srv, "orders")
			if len(recs) != 4 {
				t.Fatalf("stored %d records, want 4: %+v", len(recs), recs)
			}
			var keyed, explicit []fakelog.Record
			for _, r := range recs {
				switch {
				case r.Key != nil:
					keyed = append(keyed, r)
				case string(r.Value) == "kafka":
					explicit = append(explicit, r)
				}
			}
			if diff := cmp.Diff(want, append(keyed, explicit...), ignoreTimestamps); diff != "" {
				t.Errorf("stored records mismatch (-want +got):\n%s", diff)
			}
		})
	}
}

func TestV2ProduceJSONToTopic(t *testing.T) {
	t.Parallel()
	resttest.EachBackend(t, testV2ProduceJSONToTopic)
}

func testV2ProduceJSONToTopic(t *testing.T, bc resttest.Backend) {
	srv := bc.Start(t, mockproxy.WithTopic("j", 1))
	body := `{"records":[{"key":"somekey","value":{"foo": "bar", "n": [1, 2.5]}},{"value":null},{"value":42}]}`
	got := resttest.Do(t, srv, "POST", "/topics/j", body, "Content-Type: "+ctV2J)
	wantGolden(t, got, http.StatusOK, ctV2, "v2/produce_json_topic")
	want := []fakelog.Record{
		{Topic: "j", Offset: 0, Key: []byte(`"somekey"`), Value: []byte(`{"foo":"bar","n":[1,2.5]}`)},
		{Topic: "j", Offset: 1},
		{Topic: "j", Offset: 2, Value: []byte(`42`)},
	}
	if diff := cmp.Diff(want, stored(t, srv, "j"), ignoreTimestamps); diff != "" {
		t.Errorf("stored records mismatch (-want +got):\n%s", diff)
	}
}

func TestV2ProduceToPartition(t *testing.T) {
	t.Parallel()
	resttest.EachBackend(t, testV2ProduceToPartition)
}

func testV2ProduceToPartition(t *testing.T, bc resttest.Backend) {
	srv := bc.Start(t, mockproxy.WithTopic("orders", 3), mockproxy.WithProfile(mockproxy.ProfileModern))
	got := resttest.Do(t, srv, "POST", "/topics/orders/partitions/2", `{"records":[{"key":"a2V5","value":"aGk="},{"value":"aGk="}]}`, "Content-Type: "+ctV2B)
	wantGolden(t, got, http.StatusOK, ctV2, "v2/produce_binary_partition")
	// Modern servers send a record's own partition there, not to the path's.
	got = resttest.Do(t, srv, "POST", "/topics/orders/partitions/2", `{"records":[{"value":"aGk=","partition":0}]}`, "Content-Type: "+ctV2B)
	wantGolden(t, got, http.StatusOK, ctV2, "v2/produce_binary_partition_own")
}

func TestV2ProduceContentTypes(t *testing.T) {
	t.Parallel()
	resttest.EachBackend(t, testV2ProduceContentTypes)
}

func testV2ProduceContentTypes(t *testing.T, bc resttest.Backend) {
	tests := []struct {
		name        string
		profile     mockproxy.Profile
		contentType string
		status      int
	}{
		{"modern missing content type is binary", mockproxy.ProfileModern, "", 200},
		{"all missing content type is binary", mockproxy.ProfileAll, "", 200},
		{"modern refuses plain v2", mockproxy.ProfileModern, ctV2, 415},
		{"legacy takes plain v2 as binary", mockproxy.ProfileLegacy, ctV2, 200},
		{"modern refuses application/json", mockproxy.ProfileModern, ctJSON, 415},
		{"content type with charset", mockproxy.ProfileModern, ctV2B + "; charset=utf-8", 200},
		{"content type in upper case", mockproxy.ProfileModern, strings.ToUpper(ctV2B), 200},
		{"form content type (curl -d default)", mockproxy.ProfileModern, "application/x-www-form-urlencoded", 415},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			srv := bc.Start(t, mockproxy.WithTopic("t", 1), mockproxy.WithProfile(tc.profile))
			var hdr []string
			if tc.contentType != "" {
				hdr = append(hdr, "Content-Type: "+tc.contentType)
			}
			got := resttest.Do(t, srv, "POST", "/topics/t", `{"records":[{"value":"aGk="}]}`, hdr...)
			if tc.status == 200 {
				wantGolden(t, got, 200, ctV2, "v2/produce_one")
				return
			}
			resttest.WantError(t, got, 415, ctJSON, 415, "HTTP 415 Unsupported Media Type")
			if n := len(stored(t, srv, "t")); n != 0 {
				t.Errorf("stored %d records after a refused request", n)
			}
		})
	}
}

// TestV2ProduceErrors sends bad requests to a topic holding one record and
// checks the answer and that the record is intact and nothing was added.
func TestV2ProduceErrors(t *testing.T) {
	t.Parallel()
	resttest.EachBackend(t, testV2ProduceErrors)
}

func testV2ProduceErrors(t *testing.T, bc resttest.Backend) {
	type want struct {
		status int
		code   int
		msg    string
		prefix bool
	}
	tests := []struct {
		name, path, body, ct string
		modern, legacy       want
	}{
		{name: "malformed json", path: "/topics/t", body: `{"records":[}`, ct: ctV2B,
			modern: want{400, 400, "Unexpected close marker '}': expected ']'", true}, legacy: want{400, 400, "Unexpected close marker '}': expected ']'", true}},
		{name: "bare word", path: "/topics/t", body: `foobar`, ct: ctV2B,
			modern: want{400, 400, "Unrecognized token 'foobar': was expecting", true}, legacy: want{400, 400, "Unrecognized token 'foobar': was expecting", true}},
		{name: "truncated", path: "/topics/t", body: `{"records":[{"value":"aGk="}`, ct: ctV2B,
			modern: want{400, 400, "Unexpected end-of-input", true}, legacy: want{400, 400, "Unexpected end-of-input", true}},
		{name: "empty body", path: "/topics/t", body: ``, ct: ctV2B,
			modern: want{422, 422, "produceBinary.arg2 must not be null (was null)", false}, legacy: want{422, 422, "produceBinary.arg2 must not be null (was null)", false}},
		{name: "null body", path: "/topics/t", body: `null`, ct: ctV2B,
			modern: want{422, 422, "produceBinary.arg2 must not be null (was null)", false}, legacy: want{422, 422, "produceBinary.arg2 must not be null (was null)", false}},
		{name: "empty body to partition", path: "/topics/t/partitions/0", body: ` `, ct: ctV2J,
			modern: want{422, 422, "produceJson.arg3 must not be null (was null)", false}, legacy: want{422, 422, "produceJson.arg3 must not be null (was null)", false}},
		{name: "missing records", path: "/topics/t", body: `{}`, ct: ctV2B,
			modern: want{422, 422, "produceBinary.arg2.records must not be empty (was [])", false}, legacy: want{422, 422, "produceBinary.arg2.records must not be empty (was null)", false}},
		{name: "empty records", path: "/topics/t", body: `{"records":[]}`, ct: ctV2B,
			modern: want{422, 422, "produceBinary.arg2.records must not be empty (was [])", false}, legacy: want{422, 422, "produceBinary.arg2.records must not be empty (was [])", false}},
		{name: "unknown field", path: "/topics/t", body: `{"records":[{"value":"aGk="}],"receiver":1}`, ct: ctV2B,
			modern: want{422, 422, "Unrecognized field: receiver", false}, legacy: want{422, 422, "Unrecognized field: receiver", false}},
		{name: "unknown record field", path: "/topics/t", body: `{"records":[{"value":"aGk=","headers":[]}]}`, ct: ctV2B,
			modern: want{422, 422, "Unrecognized field: headers", false}, legacy: want{422, 422, "Unrecognized field: headers", false}},
		{name: "field names are case sensitive", path: "/topics/t", body: `{"Records":[{"value":"aGk="}]}`, ct: ctV2B,
			modern: want{422, 422, "Unrecognized field: Records", false}, legacy: want{422, 422, "Unrecognized field: Records", false}},
		{name: "record partition on partition produce", path: "/topics/t/partitions/0", body: `{"records":[{"value":"aGk=","partition":0}]}`, ct: ctV2B,
			modern: want{200, 0, "", false}, legacy: want{422, 422, "Unrecognized field: partition", false}},
		{name: "records not an array", path: "/topics/t", body: `{"records":{"value":"aGk="}}`, ct: ctV2B,
			modern: want{400, 400, "Cannot deserialize value of type `java.util.ArrayList<io.confluent.kafkarest.entities.v2.ProduceRequest$ProduceRecord>` from Object value (token `JsonToken.START_OBJECT`)", false},
			legacy: want{400, 400, "Cannot deserialize value of type `java.util.ArrayList<io.confluent.kafkarest.entities.v2.BinaryTopicProduceRequest$BinaryTopicProduceRecord>` from Object value (token `JsonToken.START_OBJECT`)", false}},
		{name: "body not an object", path: "/topics/t", body: `[1]`, ct: ctV2B,
			modern: want{400, 400, "Cannot deserialize value of type `io.confluent.kafkarest.entities.v2.ProduceRequest` from Array value (token `JsonToken.START_ARRAY`)", false},
			legacy: want{400, 400, "Cannot deserialize value of type `io.confluent.kafkarest.entities.v2.BinaryTopicProduceRequest` from Array value (token `JsonToken.START_ARRAY`)", false}},
		{name: "record not an object", path: "/topics/t", body: `{"records":["aGk="]}`, ct: ctV2B,
			modern: want{400, 400, "Cannot deserialize value of type `io.confluent.kafkarest.entities.v2.ProduceRequest$ProduceRecord` from String value (token `JsonToken.VALUE_STRING`)", false},
			legacy: want{400, 400, "Cannot deserialize value of type `io.confluent.kafkarest.entities.v2.BinaryTopicProduceRequest$BinaryTopicProduceRecord` from String value (token `JsonToken.VALUE_STRING`)", false}},
		{name: "bad base64", path: "/topics/t", body: `{"records":[{"value":"aGk="},{"value":"%%%"}]}`, ct: ctV2B,
			modern: want{400, 400, `Bad Request: data="%%%" is not a valid base64 string.`, false}, legacy: want{200, 0, "", false}},
		{name: "base64 with a newline", path: "/topics/t", body: `{"records":[{"value":"aG\nk="}]}`, ct: ctV2B,
			modern: want{400, 400, `Bad Request: data="aG\nk=" is not a valid base64 string.`, false}, legacy: want{200, 0, "", false}},
		{name: "non-ascii base64", path: "/topics/t", body: `{"records":[{"key":"aGk=","value":"é"}]}`, ct: ctV2B,
			modern: want{400, 400, `Bad Request: data="é" is not a valid base64 string.`, false}, legacy: want{422, 422, "Record value contains invalid base64 encoding", false}},
		{name: "binary value not a string", path: "/topics/t", body: `{"records":[{"value":123}]}`, ct: ctV2B,
			modern: want{400, 400, `Bad Request: data=123 is not a base64 string.`, false}, legacy: want{200, 0, "", false}},
		{name: "binary key an object", path: "/topics/t", body: `{"records":[{"key":{"a":1},"value":"aGk="}]}`, ct: ctV2B,
			modern: want{400, 400, `Bad Request: data={"a":1} is not a base64 string.`, false},
			legacy: want{400, 400, "Cannot deserialize value of type `java.lang.String` from Object value (token `JsonToken.START_OBJECT`)", false}},
		{name: "partition not a number", path: "/topics/t", body: `{"records":[{"value":"aGk=","partition":"abc"}]}`, ct: ctV2B,
			modern: want{400, 400, "Cannot deserialize value of type `java.lang.Integer` from String \"abc\": not a valid `java.lang.Integer` value", false},
			legacy: want{400, 400, "Cannot deserialize value of type `java.lang.Integer` from String \"abc\": not a valid `java.lang.Integer` value", false}},
		{name: "partition overflows int", path: "/topics/t", body: `{"records":[{"value":"aGk=","partition":4294967296}]}`, ct: ctV2B,
			modern: want{400, 400, "Numeric value (4294967296) out of range of int (-2147483648 - 2147483647)", false},
			legacy: want{400, 400, "Numeric value (4294967296) out of range of int (-2147483648 - 2147483647)", false}},
		{name: "negative record partition", path: "/topics/t", body: `{"records":[{"value":"aGk=","partition":-1}]}`, ct: ctV2B,
			modern: want{500, 500, "Internal Server Error", false},
			legacy: want{422, 422, "produceBinary.arg2.records[0].partition must be greater than or equal to 0 (was -1)", false}},
		{name: "negative path partition", path: "/topics/t/partitions/-1", body: `{"records":[{"value":"aGk="}]}`, ct: ctV2B,
			modern: want{500, 500, "Internal Server Error", false}, legacy: want{404, 40402, "Partition not found.", false}},
		{name: "path partition past the end", path: "/topics/t/partitions/9", body: `{"records":[{"value":"aGk="}]}`, ct: ctV2B,
			modern: want{200, 0, "", false}, legacy: want{404, 40402, "Partition not found.", false}},
		{name: "path partition not a number", path: "/topics/t/partitions/x", body: `{"records":[{"value":"aGk="}]}`, ct: ctV2B,
			modern: want{404, 404, "HTTP 404 Not Found", false}, legacy: want{404, 404, "HTTP 404 Not Found", false}},
		{name: "schema id not a number", path: "/topics/t", body: `{"records":[{"value":"aGk="}],"value_schema_id":"x"}`, ct: ctV2B,
			modern: want{400, 400, "Cannot deserialize value of type `java.lang.Integer` from String \"x\": not a valid `java.lang.Integer` value", false},
			legacy: want{400, 400, "Cannot deserialize value of type `java.lang.Integer` from String \"x\": not a valid `java.lang.Integer` value", false}},
	}
	for _, profile := range []mockproxy.Profile{mockproxy.ProfileModern, mockproxy.ProfileLegacy} {
		for _, tc := range tests {
			t.Run(profile.String()+"/"+tc.name, func(t *testing.T) {
				t.Parallel()
				srv := bc.Start(t, mockproxy.WithTopic("t", 1), mockproxy.WithProfile(profile))
				produceTo(t, srv, "t", 0, fakelog.Record{Key: []byte("k"), Value: []byte("kept")})
				before := stored(t, srv, "t")
				w := tc.modern
				if profile == mockproxy.ProfileLegacy {
					w = tc.legacy
				}
				got := resttest.Do(t, srv, "POST", tc.path, tc.body, "Content-Type: "+tc.ct)
				if w.status == 200 {
					if got.Status != 200 {
						t.Fatalf("status = %d, want 200 (body %s)", got.Status, got.Body)
					}
					return
				}
				if w.prefix {
					resttest.WantErrorPrefix(t, got, w.status, ctV2, w.code, w.msg)
				} else {
					resttest.WantError(t, got, w.status, ctV2, w.code, w.msg)
				}
				if diff := cmp.Diff(before, stored(t, srv, "t")); diff != "" {
					t.Errorf("log changed by a refused request (-want +got):\n%s", diff)
				}
			})
		}
	}
}

func TestV2ProducePerRecordErrors(t *testing.T) {
	t.Parallel()
	resttest.EachBackend(t, testV2ProducePerRecordErrors)
}

func testV2ProducePerRecordErrors(t *testing.T, bc resttest.Backend) {
	t.Run("unknown topic without auto-create", func(t *testing.T) {
		t.Parallel()
		srv := bc.Start(t, mockproxy.WithAutoCreateTopics(false))
		got := resttest.Do(t, srv, "POST", "/topics/nope", `{"records":[{"value":"aGk="},{"value":"aGk="}]}`, "Content-Type: "+ctV2B)
		wantGolden(t, got, 200, ctV2, "v2/produce_unknown_topic")
		if ts := srv.Backend().Topics(); len(ts) != 0 {
			t.Errorf("topics = %v, want none", ts)
		}
	})
	t.Run("unknown topic without auto-create to partition", func(t *testing.T) {
		t.Parallel()
		srv := bc.Start(t, mockproxy.WithAutoCreateTopics(false), mockproxy.WithProfile(mockproxy.ProfileLegacy))
		got := resttest.Do(t, srv, "POST", "/topics/nope/partitions/0", `{"records":[{"value":"aGk="}]}`, "Content-Type: "+ctV2B)
		if got.Status != 200 || !strings.Contains(string(got.Body), `"error_code":50003,"error":"Topic nope not present in metadata after 60000 ms."`) {
			t.Errorf("got %d %s", got.Status, got.Body)
		}
	})
	t.Run("auto-create uses the default partitions", func(t *testing.T) {
		t.Parallel()
		srv := bc.Start(t, mockproxy.WithDefaultPartitions(4))
		got := resttest.Do(t, srv, "POST", "/topics/fresh", `{"records":[{"value":"aGk=","partition":3}]}`, "Content-Type: "+ctV2B)
		wantGolden(t, got, 200, ctV2, "v2/produce_auto_create")
		info, err := srv.Backend().Topic("fresh")
		if err != nil || info.Partitions != 4 {
			t.Errorf("Topic(fresh) = %+v, %v; want 4 partitions", info, err)
		}
	})
	t.Run("modern partition past the end", func(t *testing.T) {
		t.Parallel()
		srv := bc.Start(t, mockproxy.WithTopic("t", 3), mockproxy.WithProfile(mockproxy.ProfileModern))
		got := resttest.Do(t, srv, "POST", "/topics/t/partitions/99", `{"records":[{"value":"aGk="},{"value":"aGk=","partition":1}]}`, "Content-Type: "+ctV2B)
		wantGolden(t, got, 200, ctV2, "v2/produce_partition_past_end")
	})
	t.Run("record partition past the end", func(t *testing.T) {
		t.Parallel()
		srv := bc.Start(t, mockproxy.WithTopic("t", 3))
		got := resttest.Do(t, srv, "POST", "/topics/t", `{"records":[{"value":"aGk=","partition":3},{"value":"aGk=","partition":0}]}`, "Content-Type: "+ctV2B)
		want := `{"offsets":[{"partition":null,"offset":null,"error_code":50003,"error":"Partition 3 of topic t with partition count 3 is not present in metadata after 60000 ms."},{"partition":0,"offset":0,"error_code":null,"error":null}],"key_schema_id":null,"value_schema_id":null}`
		if got.Status != 200 || string(got.Body) != want {
			t.Errorf("got %d %s\nwant 200 %s", got.Status, got.Body, want)
		}
	})
}

func TestV2ProduceKeyedPartitioning(t *testing.T) {
	t.Parallel()
	resttest.EachBackend(t, testV2ProduceKeyedPartitioning)
}

func testV2ProduceKeyedPartitioning(t *testing.T, bc resttest.Backend) {
	srv := bc.Start(t, mockproxy.WithTopic("k", 6))
	for i := range 50 {
		key := fmt.Sprintf("user-%d", i)
		body := fmt.Sprintf(`{"records":[{"key":%q,"value":"aGk="}]}`, b64(key))
		got := resttest.Do(t, srv, "POST", "/topics/k", body, "Content-Type: "+ctV2B)
		want := fmt.Sprintf(`"partition":%d,`, fakelog.PartitionForKey([]byte(key), 6))
		if got.Status != 200 || !strings.Contains(string(got.Body), want) {
			t.Fatalf("key %s: got %d %s, want %s", key, got.Status, got.Body, want)
		}
	}
}

func TestV2ProduceBodyLimit(t *testing.T) {
	t.Parallel()
	resttest.EachBackend(t, testV2ProduceBodyLimit)
}

func testV2ProduceBodyLimit(t *testing.T, bc resttest.Backend) {
	srv := bc.Start(t, mockproxy.WithTopic("t", 1), mockproxy.WithMaxBodyBytes(1024))
	big := `{"records":[{"value":"` + strings.Repeat("QUFB", 400) + `"}]}`
	got := resttest.Do(t, srv, "POST", "/topics/t", big, "Content-Type: "+ctV2B)
	resttest.WantError(t, got, http.StatusRequestEntityTooLarge, ctV2, 413, "HTTP 413 Request Entity Too Large")
	if n := len(stored(t, srv, "t")); n != 0 {
		t.Errorf("stored %d records from an oversized body", n)
	}
	got = resttest.Do(t, srv, "POST", "/topics/t", `{"records":[{"value":"QUFB"}]}`, "Content-Type: "+ctV2B)
	if got.Status != 200 {
		t.Errorf("small body after a refused one: %d %s", got.Status, got.Body)
	}
}

func TestV2ProduceAcceptNotAcceptable(t *testing.T) {
	t.Parallel()
	resttest.EachBackend(t, testV2ProduceAcceptNotAcceptable)
}

func testV2ProduceAcceptNotAcceptable(t *testing.T, bc resttest.Backend) {
	srv := bc.Start(t, mockproxy.WithTopic("t", 1))
	got := resttest.Do(t, srv, "POST", "/topics/t", `{"records":[{"value":"aGk="}]}`, "Content-Type: "+ctV2B, "Accept: text/html")
	resttest.WantError(t, got, 406, ctJSON, 406, "HTTP 406 Not Acceptable")
	if n := len(stored(t, srv, "t")); n != 0 {
		t.Errorf("stored %d records from a refused request", n)
	}
}

// TestSchemaFormatsWithoutRegistry: the mock has no schema registry, so
// avro, jsonschema and protobuf produce answer as the real proxy does
// without one; reads of schema consumers fail to deserialize.
func TestSchemaFormatsWithoutRegistry(t *testing.T) {
	t.Parallel()
	resttest.EachBackend(t, testSchemaFormatsWithoutRegistry)
}

func testSchemaFormatsWithoutRegistry(t *testing.T, bc resttest.Backend) {
	const (
		avro   = "application/vnd.kafka.avro.v2+json"
		jsch   = "application/vnd.kafka.jsonschema.v2+json"
		proto  = "application/vnd.kafka.protobuf.v2+json"
		avroV1 = "application/vnd.kafka.avro.v1+json"
		// A current server's schema serializer without a registry throws
		// for every key, null or not.
		noSerializer = "Error serializing message. Schema Registry not defined, no Schema Registry client available to serialize message."
	)
	tests := []struct {
		name, ct, body string
		profile        mockproxy.Profile
		status, code   int
		msg            string
	}{
		{"value without schema", avro, `{"records":[{"value":{"a":1}}]}`, mockproxy.ProfileModern, 422, 42207, noSerializer},
		{"key without schema", jsch, `{"records":[{"key":"k","value":null}]}`, mockproxy.ProfileModern, 422, 42207, noSerializer},
		{"null records (modern)", proto, `{"records":[{"key":null,"value":null}]}`, mockproxy.ProfileModern, 422, 42207, noSerializer},
		{"value without schema (5.x)", avro, `{"records":[{"value":{"a":1}}]}`, mockproxy.ProfileLegacy, 422, 42202, "Request includes values but does not include value schema"},
		{"schema given (modern)", proto, `{"value_schema":"syntax = \"proto3\"; message M { int32 a = 1; }","records":[{"value":{"a":1}}]}`, mockproxy.ProfileModern, 422, 42206, "Payload error. Schema Registry must be configured when using schemas."},
		{"schema id given (modern)", avro, `{"value_schema_id":1,"records":[{"value":1}]}`, mockproxy.ProfileModern, 422, 42206, "Payload error. Schema Registry must be configured when using schemas."},
		{"schema given (5.x)", avro, `{"value_schema":"{\"type\":\"int\"}","records":[{"value":1}]}`, mockproxy.ProfileLegacy, 408, 40801, "Schema registration or lookup failed"},
		{"5.x checks keys first", avro, `{"records":[{"value":1},{"key":"k"}]}`, mockproxy.ProfileLegacy, 422, 42201, "Request includes keys but does not include key schema"},
		{"v1 avro value without schema", avroV1, `{"records":[{"value":1}]}`, mockproxy.ProfileAll, 422, 42202, "Request includes values but does not include value schema"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			srv := bc.Start(t, mockproxy.WithTopic("t", 1), mockproxy.WithProfile(tc.profile), mockproxy.WithSchemaRegistry(mockproxy.SchemaRegistryNone))
			wantCT := ctV2
			if tc.ct == avroV1 {
				wantCT = "application/vnd.kafka.v1+json"
			}
			resttest.WantError(t, resttest.Do(t, srv, "POST", "/topics/t", tc.body, "Content-Type: "+tc.ct), tc.status, wantCT, tc.code, tc.msg)
			if n := len(stored(t, srv, "t")); n != 0 {
				t.Errorf("stored %d records", n)
			}
		})
	}
	t.Run("null records need no schema (5.x)", func(t *testing.T) {
		t.Parallel()
		srv := bc.Start(t, mockproxy.WithTopic("t", 1), mockproxy.WithProfile(mockproxy.ProfileLegacy), mockproxy.WithSchemaRegistry(mockproxy.SchemaRegistryNone))
		got := resttest.Do(t, srv, "POST", "/topics/t", `{"records":[{"key":null,"value":null}]}`, "Content-Type: "+avro)
		if got.Status != 200 || !strings.Contains(string(got.Body), `"offset":0`) {
			t.Errorf("got %d %s", got.Status, got.Body)
		}
	})
	t.Run("avro consumer reads", func(t *testing.T) {
		t.Parallel()
		srv := bc.Start(t, mockproxy.WithTopic("t", 1), mockproxy.WithProfile(mockproxy.ProfileModern), mockproxy.WithSchemaRegistry(mockproxy.SchemaRegistryNone))
		produceTo(t, srv, "t", 0, fakelog.Record{Value: []byte("plain")})
		must := func(status int, method, path, body string) {
			t.Helper()
			if got := resttest.Do(t, srv, method, path, body, "Content-Type: "+ctV2); got.Status != status {
				t.Fatalf("%s %s = %d %s", method, path, got.Status, got.Body)
			}
		}
		// The read fails as soon as the record is polled (on Kafka, once
		// the consumer's fetch brings it).
		must(200, "POST", "/consumers/g", `{"name":"c","format":"avro","auto.offset.reset":"earliest","consumer.request.timeout.ms":10000}`)
		must(204, "POST", "/consumers/g/instances/c/subscription", `{"topics":["t"]}`)
		resttest.WantError(t, resttest.Do(t, srv, "GET", "/consumers/g/instances/c/records", "", "Accept: "+avro), 408, avro, 40801, "Unknown magic byte!")
		// Any schema Accept reaches the schema handler; binary does not.
		resttest.WantError(t, resttest.Do(t, srv, "GET", "/consumers/g/instances/c/records", "", "Accept: "+jsch), 408, jsch, 40801, "Unknown magic byte!")
		resttest.WantError(t, resttest.Do(t, srv, "GET", "/consumers/g/instances/c/records", ""), 406, ctV2B, 40601,
			"The requested embedded data format does not match the deserializer for this consumer instance")
	})
}
