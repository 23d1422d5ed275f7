package mockproxy_test

import (
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/kafkarestmock/kafkarestmock/internal/resttest"
	"github.com/kafkarestmock/kafkarestmock/mockproxy"
	"github.com/kafkarestmock/kafkarestmock/schemareg"
)

// protoTwo is a .proto file with two messages: produce uses the first.
const protoTwo = `syntax = "proto3"; message A { int32 a = 1; } message B { string b = 1; }`

// avroValue is data that fits avroRec: 11 bytes framed.
const avroValue = `{"a":1,"u":{"string":"x"},"b":"\u00ff"}`

// registerV3Schemas gives the embedded registry of srv the schemas the v3
// schema tests use: id 1 `"long"` under "other"; id 2 avroRec under
// t-value and under its record name com.ex.R; id 3 protoTwo under "p".
// The next schema registered gets id 4.
func registerV3Schemas(t *testing.T, srv *mockproxy.Server) {
	t.Helper()
	reg := srv.SchemaRegistry()
	for _, r := range []struct {
		subject string
		schema  schemareg.Schema
		id      int
	}{
		{"other", schemareg.Schema{Text: `"long"`}, 1},
		{"t-value", schemareg.Schema{Text: avroRecCanonical}, 2},
		{"com.ex.R", schemareg.Schema{Text: avroRecCanonical}, 2},
		{"p", schemareg.Schema{Type: schemareg.Protobuf, Text: protoTwo}, 3},
	} {
		id, _, err := reg.Register(r.subject, r.schema)
		if err != nil {
			t.Fatal(err)
		}
		if id != r.id {
			t.Fatalf("%s registered with id %d, want %d", r.subject, id, r.id)
		}
	}
}

// TestV3ProduceSchemas checks v3 produce of the schema formats against
// the embedded registry, path by path of SchemaManagerImpl: the delivery
// report (checked against the OpenAPI spec), and that a failed record is
// not stored.
func TestV3ProduceSchemas(t *testing.T) {
	t.Parallel()
	resttest.EachBackend(t, testV3ProduceSchemas)
}

func testV3ProduceSchemas(t *testing.T, bc resttest.Backend) {
	const (
		tValue    = `"type":"AVRO","subject":"t-value","schema_id":2,"schema_version":1,"size":11`
		ts        = `,` + v3TS + `}`
		errSerial = "Error: 42207 : Error serializing message. "
	)
	value := func(data string) string { return `{"value":` + data + ts }
	tests := []struct {
		name  string
		topic string
		body  string
		want  string // the one report
	}{
		// A raw schema: parsed, registered under its subject unless there.
		{"raw avro key and value", "t", `{"key":{"type":"AVRO","schema":"\"string\"","data":"x"},"value":{"type":"AVRO","schema":"` + avroRec + `","data":` + avroValue + `}` + ts,
			ok("t", 0, 0, `"key":{"type":"AVRO","subject":"t-key","schema_id":4,"schema_version":1,"size":7},"value":{`+tValue+`}`)},
		{"raw jsonschema", "j", value(`{"type":"JSONSCHEMA","schema":"` + jsonSch + `","data":{"f1":"x"}}`),
			ok("j", 0, 0, `"value":{"type":"JSONSCHEMA","subject":"j-value","schema_id":4,"schema_version":1,"size":15}`)},
		{"raw protobuf", "pr", value(`{"type":"PROTOBUF","schema":"` + protoSch + `","data":{"a":1,"b":"5"}}`),
			ok("pr", 0, 0, `"value":{"type":"PROTOBUF","subject":"pr-value","schema_id":4,"schema_version":1,"size":10}`)},
		{"raw with RECORD_NAME", "t", value(`{"type":"AVRO","subject_name_strategy":"RECORD_NAME","schema":"` + avroRec + `","data":` + avroValue + `}`),
			ok("t", 0, 0, `"value":{"type":"AVRO","subject":"com.ex.R","schema_id":2,"schema_version":1,"size":11}`)},
		{"raw with TOPIC_RECORD_NAME", "t", value(`{"type":"AVRO","subject_name_strategy":"TOPIC_RECORD_NAME","schema":"` + avroRec + `","data":` + avroValue + `}`),
			ok("t", 0, 0, `"value":{"type":"AVRO","subject":"t-com.ex.R","schema_id":2,"schema_version":1,"size":11}`)},
		{"raw with subject", "t", value(`{"type":"AVRO","subject":"s","schema":"\"int\"","data":3}`),
			ok("t", 0, 0, `"value":{"type":"AVRO","subject":"s","schema_id":4,"schema_version":1,"size":6}`)},
		{"invalid raw schema", "t", value(`{"type":"AVRO","schema":"{\"type\":\"nope\"}","data":1}`),
			fail(422, `Error: 42205 : Invalid schema: Error when parsing raw schema. format = AVRO, schema = {"type":"nope"}`)},
		{"incompatible raw schema", "t", value(`{"type":"AVRO","schema":"\"int\"","data":1}`),
			fail(422, errSerial+`Error when registering schema. format = AVRO, subject = t-value, schema = "int"`)},
		{"RECORD_NAME of no record", "t", value(`{"type":"AVRO","subject_name_strategy":"RECORD_NAME","schema":"\"int\"","data":1}`),
			fail(422, errSerial+"In configuration value.subject.name.strategy = io.confluent.kafka.serializers.subject.RecordNameStrategy, the message value must only be a record schema")},
		{"TOPIC_RECORD_NAME key of no record", "t", `{"key":{"type":"JSONSCHEMA","subject_name_strategy":"TOPIC_RECORD_NAME","schema":"` + jsonSch + `","data":{"f1":"x"}}` + ts,
			fail(422, errSerial+"In configuration key.subject.name.strategy = io.confluent.kafka.serializers.subject.TopicRecordNameStrategy, the message key must only be a record schema")},
		{"raw schema without type", "t", value(`{"schema":"\"int\"","data":1}`), fail(500, "Internal Server Error")},

		// A schema id: fetched, and it must be registered under its subject.
		{"schema id", "t", value(`{"schema_id":2,"data":` + avroValue + `}`), ok("t", 0, 0, `"value":{`+tValue+`}`)},
		{"schema id with subject", "x", value(`{"schema_id":3,"subject":"p","data":{"a":1}}`),
			ok("x", 0, 0, `"value":{"type":"PROTOBUF","subject":"p","schema_id":3,"schema_version":1,"size":8}`)},
		{"schema id uses the first message", "x", value(`{"schema_id":3,"subject":"p","data":{"b":"y"}}`),
			fail(400, "Bad Request: Cannot find field: b in message A")},
		{"schema id with RECORD_NAME", "t", value(`{"schema_id":2,"subject_name_strategy":"RECORD_NAME","data":` + avroValue + `}`),
			ok("t", 0, 0, `"value":{"type":"AVRO","subject":"com.ex.R","schema_id":2,"schema_version":1,"size":11}`)},
		{"schema id with TOPIC_RECORD_NAME", "t", value(`{"schema_id":2,"subject_name_strategy":"TOPIC_RECORD_NAME","data":` + avroValue + `}`),
			fail(422, errSerial+"Error when fetching schema version. subject = t-com.ex.R, schema = "+avroRecCanonical)},
		{"unknown schema id", "t", value(`{"schema_id":99,"data":1}`),
			fail(422, errSerial+"Error when fetching schema by id. schemaId = 99")},
		{"schema id of another subject", "t", value(`{"schema_id":1,"data":1}`),
			fail(422, errSerial+`Error when fetching schema version. subject = t-value, schema = "long"`)},

		// A subject's version.
		{"schema version", "t", value(`{"schema_version":1,"data":` + avroValue + `}`), ok("t", 0, 0, `"value":{`+tValue+`}`)},
		{"schema version with subject", "t", value(`{"schema_version":1,"subject":"other","data":5}`),
			ok("t", 0, 0, `"value":{"type":"AVRO","subject":"other","schema_id":1,"schema_version":1,"size":6}`)},
		{"null data", "t", value(`{"schema_version":1,"data":null}`),
			ok("t", 0, 0, `"value":{"type":"AVRO","subject":"t-value","schema_id":2,"schema_version":1,"size":-1}`)},
		{"missing schema version", "t", value(`{"schema_version":5,"data":1}`),
			fail(400, "Bad Request: Schema does not exist for subject: t-value, version: 5")},
		{"schema version with RECORD_NAME", "t", value(`{"schema_version":1,"subject_name_strategy":"TOPIC_RECORD_NAME","data":1}`),
			fail(400, "Bad Request: Cannot use schema_subject_strategy=TOPIC_RECORD_NAME without schema_id or schema.")},

		// No type: the subject's latest schema.
		{"latest", "t", `{"key":{"type":"STRING","data":"k"},"value":{"data":` + avroValue + `}` + ts,
			ok("t", 0, 0, `"key":{"type":"STRING","size":1},"value":{`+tValue+`}`)},
		{"latest with subject", "t", value(`{"subject":"other","data":5}`),
			ok("t", 0, 0, `"value":{"type":"AVRO","subject":"other","schema_id":1,"schema_version":1,"size":6}`)},
		{"latest of a missing subject", "t", `{"key":{"data":"k"}` + ts,
			fail(422, errSerial+"Error when fetching latest schema version. subject = t-key")},
		{"latest with RECORD_NAME", "t", value(`{"subject_name_strategy":"RECORD_NAME","data":1}`),
			fail(400, "Bad Request: Cannot use schema_subject_strategy=RECORD_NAME without schema_id or schema.")},
		{"data that does not fit", "t", value(`{"data":{"a":1,"u":"x","b":""}}`),
			fail(400, "Bad Request: Expected start-union. Got VALUE_STRING")},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			srv := bc.Start(t, mockproxy.WithoutListener(), mockproxy.WithTopic("t", 1))
			registerV3Schemas(t, srv)
			got := v3Produce(t, srv, v3Path(tc.topic), tc.body, v3CT)
			resttest.Want(t, got, 200, v3JSON, reports(tc.want))
			if !strings.HasPrefix(tc.want, `{"error_code":200,`) {
				if n := len(stored(t, srv, "t")); n != 0 {
					t.Errorf("stored %d records", n)
				}
			}
		})
	}
}

// A batch entry resolves its schemas as a streamed record does.
func TestV3ProduceBatchSchemas(t *testing.T) {
	t.Parallel()
	resttest.EachBackend(t, func(t *testing.T, bc resttest.Backend) {
		srv := bc.Start(t, mockproxy.WithoutListener(), mockproxy.WithTopic("t", 1))
		registerV3Schemas(t, srv)
		body := `{"entries":[` +
			`{"id":"a","value":{"schema_id":2,"data":` + avroValue + `},` + v3TS + `},` +
			`{"id":"b","value":{"schema_id":1,"data":1}}]}`
		got := v3Produce(t, srv, "/v3/clusters/c1/topics/t/records:batch", body, v3CT)
		resttest.Want(t, got, 207, v3JSON, `{"successes":[`+
			`{"id":"a","cluster_id":"c1","topic_name":"t","partition_id":0,"offset":0,`+v3TS+`,"value":{"type":"AVRO","subject":"t-value","schema_id":2,"schema_version":1,"size":11}}],"failures":[`+
			`{"id":"b","error_code":422,"message":"Error: 42207 : Error serializing message. Error when fetching schema version. subject = t-value, schema = \"long\""}]}`)
	})
}

// Without a registry, a schema type or no type answers as a proxy
// configured without one.
func TestV3ProduceSchemasWithoutRegistry(t *testing.T) {
	t.Parallel()
	resttest.EachBackend(t, func(t *testing.T, bc resttest.Backend) {
		srv := bc.Start(t, mockproxy.WithoutListener(), mockproxy.WithTopic("t", 1), mockproxy.WithSchemaRegistry(mockproxy.SchemaRegistryNone))
		const noRegistry = "Error: 42206 : Payload error. Schema Registry must be configured when using schemas."
		body := `{"value":{"data":{"a":1}}}{"key":{"type":"AVRO","schema":"\"string\"","data":"x"}}{"value":{"schema_id":1,"data":1}}`
		got := v3Produce(t, srv, v3Path("t"), body, v3CT)
		resttest.Want(t, got, 200, v3JSON, reports(fail(422, noRegistry), fail(422, noRegistry), fail(422, noRegistry)))
	})
}

// A record produced through v3 with an Avro schema reads back through a
// v2 avro consumer, and is stored in Confluent's wire format.
func TestV3ProduceSchemaReadBack(t *testing.T) {
	t.Parallel()
	resttest.EachBackend(t, func(t *testing.T, bc resttest.Backend) {
		srv := bc.Start(t, mockproxy.WithoutListener(), mockproxy.WithTopic("t", 1))
		body := `{"key":{"type":"AVRO","schema":"\"string\"","data":"k"},"value":{"type":"AVRO","schema":"` + avroRec + `","data":` + avroValue + `},` + v3TS + `}`
		got := v3Produce(t, srv, v3Path("t"), body, v3CT)
		resttest.Want(t, got, 200, v3JSON, reports(ok("t", 0, 0,
			`"key":{"type":"AVRO","subject":"t-key","schema_id":1,"schema_version":1,"size":7},"value":{"type":"AVRO","subject":"t-value","schema_id":2,"schema_version":1,"size":11}`)))
		recs := stored(t, srv, "t")
		if len(recs) != 1 {
			t.Fatalf("stored %d records", len(recs))
		}
		if diff := cmp.Diff([]byte{0, 0, 0, 0, 2, 2, 2, 2, 'x', 2, 0xff}, recs[0].Value); diff != "" {
			t.Errorf("stored value (-want +got):\n%s", diff)
		}
		resttest.Must(t, srv, 200, "POST", "/consumers/g", `{"name":"c","format":"avro","auto.offset.reset":"earliest","consumer.request.timeout.ms":10000,"fetch.min.bytes":1}`, "Content-Type: "+ctV2)
		resttest.Must(t, srv, 204, "POST", "/consumers/g/instances/c/subscription", `{"topics":["t"]}`, "Content-Type: "+ctV2)
		resttest.Want(t, resttest.Do(t, srv, "GET", "/consumers/g/instances/c/records", "", "Accept: "+ctAvroV2), 200, ctAvroV2,
			`[{"topic":"t","key":"k","value":{"a":1,"u":{"string":"x"},"b":"ÿ"},"partition":0,"offset":0}]`)
	})
}

// With an external registry given by URL, v3 produce registers and looks
// schemas up there; a registry that is down fails each path with its
// text.
func TestV3ProduceSchemasExternalRegistry(t *testing.T) {
	t.Parallel()
	reg := mockproxy.NewServer(t)
	registerV3Schemas(t, reg)
	srv := mockproxy.NewServer(t, mockproxy.WithTopic("t", 1), mockproxy.WithSchemaRegistry(reg.SchemaRegistryURL()))
	body := `{"key":{"type":"AVRO","schema":"\"string\"","data":"k"},"value":{"data":` + avroValue + `},` + v3TS + `}` +
		`{"value":{"schema_version":1,"subject":"other","data":5},` + v3TS + `}` +
		`{"value":{"schema_id":3,"subject":"p","data":{"a":1}},` + v3TS + `}`
	got := v3Produce(t, srv, v3Path("t"), body, v3CT)
	resttest.Want(t, got, 200, v3JSON, reports(
		ok("t", 0, 0, `"key":{"type":"AVRO","subject":"t-key","schema_id":4,"schema_version":1,"size":7},"value":{"type":"AVRO","subject":"t-value","schema_id":2,"schema_version":1,"size":11}`),
		ok("t", 0, 1, `"value":{"type":"AVRO","subject":"other","schema_id":1,"schema_version":1,"size":6}`),
		ok("t", 0, 2, `"value":{"type":"PROTOBUF","subject":"p","schema_id":3,"schema_version":1,"size":8}`)))
	if got := reg.SchemaRegistry().Subjects(false); !cmp.Equal(got, []string{"com.ex.R", "other", "p", "t-key", "t-value"}) {
		t.Errorf("subjects of the external registry = %v", got)
	}

	down := mockproxy.NewServer(t, mockproxy.WithTopic("t", 1), mockproxy.WithSchemaRegistry("http://127.0.0.1:1"))
	body = `{"value":{"data":1}}{"value":{"schema_version":1,"data":1}}{"value":{"schema_id":1,"data":1}}{"value":{"type":"AVRO","schema":"\"int\"","data":1}}`
	got = v3Produce(t, down, v3Path("t"), body, v3CT)
	resttest.Want(t, got, 200, v3JSON, reports(
		fail(422, "Error: 42207 : Error serializing message. Error when fetching latest schema version. subject = t-value"),
		fail(400, "Bad Request: Schema does not exist for subject: t-value, version: 1"),
		fail(422, "Error: 42207 : Error serializing message. Error when fetching schema by id. schemaId = 1"),
		fail(422, `Error: 42207 : Error serializing message. Error when registering schema. format = AVRO, subject = t-value, schema = "int"`)))
}
