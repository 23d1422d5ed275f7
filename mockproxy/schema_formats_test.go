package mockproxy_test

import (
	"strconv"
	"strings"
	"testing"
	"testing/synctest"
	"time"

	"github.com/google/go-cmp/cmp"

	"github.com/kafkarestmock/kafkarestmock/fakelog"
	"github.com/kafkarestmock/kafkarestmock/internal/resttest"
	"github.com/kafkarestmock/kafkarestmock/mockproxy"
	"github.com/kafkarestmock/kafkarestmock/schemareg"
)

const (
	ctAvroV2  = "application/vnd.kafka.avro.v2+json"
	ctJSchV2  = "application/vnd.kafka.jsonschema.v2+json"
	ctProtoV2 = "application/vnd.kafka.protobuf.v2+json"

	// avroRec is an Avro record schema with a union and bytes, as JSON
	// string content.
	avroRec          = `{\"type\":\"record\",\"name\":\"R\",\"namespace\":\"com.ex\",\"fields\":[{\"name\":\"a\",\"type\":\"int\"},{\"name\":\"u\",\"type\":[\"null\",\"string\"]},{\"name\":\"b\",\"type\":\"bytes\"}]}`
	avroRecCanonical = `{"type":"record","name":"R","namespace":"com.ex","fields":[{"name":"a","type":"int"},{"name":"u","type":["null","string"]},{"name":"b","type":"bytes"}]}`
	jsonSch          = `{\"type\":\"object\",\"properties\":{\"f1\":{\"type\":\"string\"}},\"required\":[\"f1\"]}`
	protoSch         = `syntax = \"proto3\"; message M { int32 a = 1; int64 b = 2; string c = 3; }`
)

// TestSchemaProduce checks v2 produce of the schema formats against the
// embedded registry: the answer, and that a refused request stores
// nothing.
func TestSchemaProduce(t *testing.T) {
	t.Parallel()
	resttest.EachBackend(t, testSchemaProduce)
}

func testSchemaProduce(t *testing.T, bc resttest.Backend) {
	const (
		modern = mockproxy.ProfileModern
		legacy = mockproxy.ProfileLegacy
	)
	ok := func(offset, keyID, valueID string) string {
		return `{"offsets":[{"partition":0,"offset":` + offset + `,"error_code":null,"error":null}],"key_schema_id":` + keyID + `,"value_schema_id":` + valueID + `}`
	}
	tests := []struct {
		name    string
		profile mockproxy.Profile
		ct      string
		body    string
		status  int
		want    string // the whole body of a 200
		code    int
		msg     string
	}{
		{"avro raw schema", modern, ctAvroV2, `{"value_schema":"` + avroRec + `","records":[{"value":{"a":1,"u":{"string":"x"},"b":"\u00ff"}}]}`, 200, ok("0", "null", "2"), 0, ""},
		{"avro key and value schemas", modern, ctAvroV2, `{"key_schema":"\"string\"","value_schema":"\"int\"","records":[{"key":"k","value":1}]}`, 200, ok("0", "2", "3"), 0, ""},
		{"avro key schema, null keys", modern, ctAvroV2, `{"key_schema":"\"string\"","value_schema":"\"int\"","records":[{"value":1}]}`, 200, ok("0", "2", "3"), 0, ""},
		{"avro untagged union", modern, ctAvroV2, `{"value_schema":"` + avroRec + `","records":[{"value":{"a":1,"u":"x","b":""}}]}`, 400, "", 400, "Bad Request: Expected start-union. Got VALUE_STRING"},
		{"avro missing field", modern, ctAvroV2, `{"value_schema":"` + avroRec + `","records":[{"value":{"a":1,"b":""}}]}`, 400, "", 400, "Bad Request: Expected field name not found: u"},
		{"avro bad second record", modern, ctAvroV2, `{"value_schema":"\"int\"","records":[{"value":1},{"value":"x"}]}`, 400, "", 400, "Bad Request: Expected int. Got VALUE_STRING"},
		{"value without schema", modern, ctAvroV2, `{"key_schema":"\"int\"","records":[{"key":1,"value":2}]}`, 422, "", 42202, "Request includes values but does not include value schema"},
		{"unknown schema id", modern, ctAvroV2, `{"value_schema_id":99,"records":[{"value":5}]}`, 422, "", 42207, "Error serializing message. Error when fetching schema by id. schemaId = 99\nSchema 99 not found; error code: 40403"},
		{"schema id of another subject", modern, ctAvroV2, `{"value_schema_id":1,"records":[{"value":5}]}`, 422, "", 42207, "Error serializing message. Error when fetching schema version. subject = t-value, schema = \"long\"\nSubject 't-value' not found.; error code: 40401"},
		{"schema id and raw schema", modern, ctAvroV2, `{"value_schema_id":1,"value_schema":"\"long\"","records":[{"value":5}]}`, 500, "", 500, "Internal Server Error"},
		{"invalid raw schema", modern, ctAvroV2, `{"value_schema":"{\"type\":\"nope\"}","records":[{"value":5}]}`, 422, "", 42205, "Invalid schema: Error when parsing raw schema. format = AVRO, schema = {\"type\":\"nope\"}"},
		{"jsonschema", modern, ctJSchV2, `{"value_schema":"` + jsonSch + `","records":[{"value":{"f1":"x"}}]}`, 200, ok("0", "null", "2"), 0, ""},
		{"jsonschema invalid data", modern, ctJSchV2, `{"value_schema":"` + jsonSch + `","records":[{"value":{"f1":"x"}},{"value":{"f2":1}}]}`, 400, "", 400, "Bad Request: #: required key [f1] not found"},
		{"protobuf", modern, ctProtoV2, `{"value_schema":"` + protoSch + `","records":[{"value":{"a":1,"b":"5"}}]}`, 200, ok("0", "null", "2"), 0, ""},
		{"protobuf unknown field", modern, ctProtoV2, `{"value_schema":"` + protoSch + `","records":[{"value":{"zz":1}}]}`, 400, "", 400, "Bad Request: Cannot find field: zz in message M"},
		{"5.x avro", legacy, ctAvroV2, `{"value_schema":"` + avroRec + `","records":[{"value":{"a":1,"u":null,"b":""}}]}`, 200, ok("0", "null", "2"), 0, ""},
		{"5.x untagged union", legacy, ctAvroV2, `{"value_schema":"` + avroRec + `","records":[{"value":{"a":1,"u":"x","b":""}}]}`, 422, "", 42203, "Conversion of JSON to Object failed: Failed to convert JSON to Avro: Expected start-union. Got VALUE_STRING"},
		{"5.x schema id of another subject", legacy, ctAvroV2, `{"value_schema_id":1,"records":[{"value":5}]}`, 200, ok("0", "null", "1"), 0, ""},
		{"5.x unknown schema id", legacy, ctAvroV2, `{"value_schema_id":99,"records":[{"value":5}]}`, 408, "", 40801, "Schema registration or lookup failed"},
		{"5.x invalid raw schema", legacy, ctAvroV2, `{"value_schema":"{\"type\":\"nope\"}","records":[{"value":5}]}`, 422, "", 42205, "Invalid schema: {\"type\":\"nope\"}"},
		{"5.x jsonschema invalid data", legacy, ctJSchV2, `{"value_schema":"` + jsonSch + `","records":[{"value":{"f2":1}}]}`, 422, "", 42203, "Conversion of JSON to Object failed: Failed to convert JSON using JSON Schema: #: required key [f1] not found"},
		{"5.x protobuf unknown field", legacy, ctProtoV2, `{"value_schema":"` + protoSch + `","records":[{"value":{"zz":1}}]}`, 422, "", 42203, "Conversion of JSON to Object failed: Failed to convert JSON to Protobuf: Cannot find field: zz in message M"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			srv := bc.Start(t, mockproxy.WithTopic("t", 1), mockproxy.WithProfile(tc.profile))
			// Id 1 is a schema of another subject.
			if _, _, err := srv.SchemaRegistry().Register("other", schemareg.Schema{Text: `"long"`}); err != nil {
				t.Fatal(err)
			}
			got := resttest.Do(t, srv, "POST", "/topics/t", tc.body, "Content-Type: "+tc.ct)
			if tc.status != 200 {
				resttest.WantError(t, got, tc.status, ctV2, tc.code, tc.msg)
				if n := len(stored(t, srv, "t")); n != 0 {
					t.Errorf("stored %d records", n)
				}
				return
			}
			resttest.Want(t, got, 200, ctV2, tc.want)
		})
	}
}

// TestSchemaRoundTrip produces each schema format through v2 and reads
// it back with a consumer of the format: the stored bytes are
// Confluent's wire format with the registered id, and the read gives the
// format's JSON.
func TestSchemaRoundTrip(t *testing.T) {
	t.Parallel()
	resttest.EachBackend(t, testSchemaRoundTrip)
}

func testSchemaRoundTrip(t *testing.T, bc resttest.Backend) {
	tests := []struct {
		format, ct, body string
		wantStored       []byte // the stored value
		wantRead         string
		wantSchema       string // the registry's text for t-value
	}{
		{"avro", ctAvroV2, `{"value_schema":"` + avroRec + `","records":[{"key":null,"value":{"b":"\u00ff","a":1,"u":{"string":"x"}}}]}`,
			[]byte{0, 0, 0, 0, 1, 2, 2, 2, 'x', 2, 0xff},
			`[{"topic":"t","key":null,"value":{"a":1,"u":{"string":"x"},"b":"ÿ"},"partition":0,"offset":0}]`, avroRecCanonical},
		{"jsonschema", ctJSchV2, `{"value_schema":"` + jsonSch + `","records":[{"value":{"f1":"x", "n":1.50}}]}`,
			append([]byte{0, 0, 0, 0, 1}, `{"f1":"x","n":1.5}`...),
			`[{"topic":"t","key":null,"value":{"f1":"x","n":1.5},"partition":0,"offset":0}]`, `{"type":"object","properties":{"f1":{"type":"string"}},"required":["f1"]}`},
		{"protobuf", ctProtoV2, `{"value_schema":"` + protoSch + `","records":[{"value":{"a":1,"b":"5"}}]}`,
			[]byte{0, 0, 0, 0, 1, 0, 0x08, 1, 0x10, 5},
			`[{"topic":"t","key":null,"value":{"a":1,"b":"5","c":""},"partition":0,"offset":0}]`, "syntax = \"proto3\";\n\nmessage M {\n  int32 a = 1;\n  int64 b = 2;\n  string c = 3;\n}\n"},
	}
	for _, tc := range tests {
		t.Run(tc.format, func(t *testing.T) {
			t.Parallel()
			srv := bc.Start(t, mockproxy.WithTopic("t", 1))
			resttest.Want(t, resttest.Do(t, srv, "POST", "/topics/t", tc.body, "Content-Type: "+tc.ct), 200, ctV2,
				`{"offsets":[{"partition":0,"offset":0,"error_code":null,"error":null}],"key_schema_id":null,"value_schema_id":1}`)
			recs := stored(t, srv, "t")
			if len(recs) != 1 {
				t.Fatalf("stored %d records", len(recs))
			}
			if diff := cmp.Diff(tc.wantStored, recs[0].Value); diff != "" {
				t.Errorf("stored value (-want +got):\n%s", diff)
			}
			sv, err := srv.SchemaRegistry().Version("t-value", -1)
			if err != nil {
				t.Fatal(err)
			}
			if diff := cmp.Diff(tc.wantSchema, sv.Schema.Text); diff != "" {
				t.Errorf("registered schema (-want +got):\n%s", diff)
			}
			resttest.Must(t, srv, 200, "POST", "/consumers/g", `{"name":"c","format":"`+tc.format+`","auto.offset.reset":"earliest","consumer.request.timeout.ms":10000,"fetch.min.bytes":1}`, "Content-Type: "+ctV2)
			resttest.Must(t, srv, 204, "POST", "/consumers/g/instances/c/subscription", `{"topics":["t"]}`, "Content-Type: "+ctV2)
			accept := "application/vnd.kafka." + tc.format + ".v2+json"
			resttest.Want(t, resttest.Do(t, srv, "GET", "/consumers/g/instances/c/records", "", "Accept: "+accept), 200, accept, tc.wantRead)
		})
	}
}

// TestSchemaPoisonRecord checks that an avro consumer that meets a
// record it cannot deserialize fails every read until it seeks past it.
func TestSchemaPoisonRecord(t *testing.T) {
	t.Parallel()
	resttest.EachBackend(t, func(t *testing.T, bc resttest.Backend) {
		srv := bc.Start(t, mockproxy.WithTopic("t", 1))
		produceTo(t, srv, "t", 0, fakelog.Record{Value: []byte("plain")})
		resttest.Must(t, srv, 200, "POST", "/topics/t", `{"value_schema":"\"int\"","records":[{"value":7}]}`, "Content-Type: "+ctAvroV2)
		resttest.Must(t, srv, 200, "POST", "/consumers/g", `{"name":"c","format":"avro","auto.offset.reset":"earliest","consumer.request.timeout.ms":10000,"fetch.min.bytes":1}`, "Content-Type: "+ctV2)
		resttest.Must(t, srv, 204, "POST", "/consumers/g/instances/c/subscription", `{"topics":["t"]}`, "Content-Type: "+ctV2)
		const poison = "Error deserializing key/value for partition t-0 at offset 0. If needed, please seek past the record to continue consumption."
		for range 2 {
			resttest.WantError(t, resttest.Do(t, srv, "GET", "/consumers/g/instances/c/records", "", "Accept: "+ctAvroV2), 408, ctAvroV2, 40801, poison)
		}
		resttest.Must(t, srv, 204, "POST", "/consumers/g/instances/c/positions", `{"offsets":[{"topic":"t","partition":0,"offset":1}]}`, "Content-Type: "+ctV2)
		resttest.Want(t, resttest.Do(t, srv, "GET", "/consumers/g/instances/c/records", "", "Accept: "+ctAvroV2), 200, ctAvroV2,
			`[{"topic":"t","key":null,"value":7,"partition":0,"offset":1}]`)
	})
}

// TestSchemaRegistryMount checks the embedded registry under
// /schema-registry/ and SchemaRegistryURL.
func TestSchemaRegistryMount(t *testing.T) {
	t.Parallel()
	srv := mockproxy.NewServer(t, mockproxy.WithTopic("t", 1))
	if got, want := srv.SchemaRegistryURL(), srv.URL()+"/schema-registry"; got != want {
		t.Errorf("SchemaRegistryURL() = %q, want %q", got, want)
	}
	resttest.Must(t, srv, 200, "POST", "/topics/t", `{"value_schema":"\"int\"","records":[{"value":7}]}`, "Content-Type: "+ctAvroV2)
	const sr = "application/vnd.schemaregistry.v1+json"
	resttest.Want(t, resttest.Do(t, srv, "GET", "/schema-registry/subjects", ""), 200, sr, `["t-value"]`)
	resttest.Want(t, resttest.Do(t, srv, "GET", "/schema-registry/schemas/ids/1", ""), 200, sr, `{"schemaType":"AVRO","schema":"\"int\""}`)
	resttest.Want(t, resttest.Do(t, srv, "GET", "/schema-registry/subjects/t-value/versions/latest", ""), 200, sr, `{"subject":"t-value","version":1,"id":1,"schemaType":"AVRO","schema":"\"int\""}`)
	resttest.WantError(t, resttest.Do(t, srv, "GET", "/schema-registry/subjects/nope/versions", ""), 404, sr, 40401, "Subject 'nope' not found.")
	if err := srv.Reset(); err != nil {
		t.Fatal(err)
	}
	resttest.Want(t, resttest.Do(t, srv, "GET", "/schema-registry/subjects", ""), 200, sr, `[]`)

	none := mockproxy.NewServer(t, mockproxy.WithSchemaRegistry(mockproxy.SchemaRegistryNone))
	if got := none.SchemaRegistryURL(); got != "" || none.SchemaRegistry() != nil {
		t.Errorf("without a registry: SchemaRegistryURL() = %q, SchemaRegistry() = %v", got, none.SchemaRegistry())
	}
	resttest.WantError(t, resttest.Do(t, none, "GET", "/schema-registry/subjects", ""), 404, "application/json", 404, "HTTP 404 Not Found")
	if _, err := mockproxy.New(mockproxy.WithSchemaRegistry("ftp://x")); err == nil || !strings.Contains(err.Error(), "schema registry") {
		t.Errorf("New with a bad registry target: %v", err)
	}
}

// TestSchemaExternalRegistry runs a proxy against another server's
// registry given by URL: schemas it registers are there, and a schema id
// registered there directly is used.
func TestSchemaExternalRegistry(t *testing.T) {
	t.Parallel()
	reg := mockproxy.NewServer(t)
	srv := mockproxy.NewServer(t, mockproxy.WithTopic("t", 1), mockproxy.WithSchemaRegistry(reg.SchemaRegistryURL()))
	if got := srv.SchemaRegistryURL(); got != reg.SchemaRegistryURL() || srv.SchemaRegistry() != nil {
		t.Errorf("SchemaRegistryURL() = %q, SchemaRegistry() = %v", got, srv.SchemaRegistry())
	}
	resttest.Want(t, resttest.Do(t, srv, "POST", "/topics/t", `{"value_schema":"\"int\"","records":[{"value":7}]}`, "Content-Type: "+ctAvroV2), 200, ctV2,
		`{"offsets":[{"partition":0,"offset":0,"error_code":null,"error":null}],"key_schema_id":null,"value_schema_id":1}`)
	if got := reg.SchemaRegistry().Subjects(false); !cmp.Equal(got, []string{"t-value"}) {
		t.Errorf("subjects of the external registry = %v", got)
	}
	id, _, err := reg.SchemaRegistry().Register("t-key", schemareg.Schema{Text: `"string"`})
	if err != nil {
		t.Fatal(err)
	}
	resttest.Want(t, resttest.Do(t, srv, "POST", "/topics/t", `{"key_schema_id":`+strconv.Itoa(id)+`,"value_schema_id":1,"records":[{"key":"k","value":8}]}`, "Content-Type: "+ctAvroV2), 200, ctV2,
		`{"offsets":[{"partition":0,"offset":1,"error_code":null,"error":null}],"key_schema_id":2,"value_schema_id":1}`)
	resttest.Must(t, srv, 200, "POST", "/consumers/g", `{"name":"c","format":"avro","auto.offset.reset":"earliest","consumer.request.timeout.ms":10000,"fetch.min.bytes":1}`, "Content-Type: "+ctV2)
	resttest.Must(t, srv, 204, "POST", "/consumers/g/instances/c/subscription", `{"topics":["t"]}`, "Content-Type: "+ctV2)
	resttest.Want(t, resttest.Do(t, srv, "GET", "/consumers/g/instances/c/records", "", "Accept: "+ctAvroV2), 200, ctAvroV2,
		`[{"topic":"t","key":null,"value":7,"partition":0,"offset":0},{"topic":"t","key":"k","value":8,"partition":0,"offset":1}]`)
	// A registry that is down: the id lookup fails with the client's text.
	down := mockproxy.NewServer(t, mockproxy.WithTopic("t", 1), mockproxy.WithSchemaRegistry("http://127.0.0.1:1"))
	resttest.WantError(t, resttest.Do(t, down, "POST", "/topics/t", `{"value_schema_id":1,"records":[{"value":7}]}`, "Content-Type: "+ctAvroV2), 422, ctV2, 42207,
		"Error serializing message. Error when fetching schema by id. schemaId = 1\nConnection refused")
}

// TestSchemaV1Avro produces avro through API v1 (as Confluent 5.5 served
// it, in profiles all and legacy) and reads it back with a v1 avro
// consumer.
func TestSchemaV1Avro(t *testing.T) {
	t.Parallel()
	const (
		ctAvroV1 = "application/vnd.kafka.avro.v1+json"
		ctV1     = "application/vnd.kafka.v1+json"
	)
	for _, p := range []mockproxy.Profile{mockproxy.ProfileAll, mockproxy.ProfileLegacy} {
		t.Run(p.String(), func(t *testing.T) {
			t.Parallel()
			resttest.EachBackend(t, func(t *testing.T, bc resttest.Backend) {
				srv := bc.Start(t, mockproxy.WithTopic("t", 1), mockproxy.WithProfile(p))
				resttest.Want(t, resttest.Do(t, srv, "POST", "/topics/t", `{"key_schema":"\"string\"","value_schema":"`+avroRec+`","records":[{"key":"k","value":{"a":1,"u":null,"b":"x"}}]}`, "Content-Type: "+ctAvroV1), 200, ctV1,
					`{"offsets":[{"partition":0,"offset":0,"error_code":null,"error":null}],"key_schema_id":1,"value_schema_id":2}`)
				resttest.WantError(t, resttest.Do(t, srv, "POST", "/topics/t", `{"value_schema":"`+avroRec+`","records":[{"value":{"a":1,"u":"x","b":"x"}}]}`, "Content-Type: "+ctAvroV1), 422, ctV1, 42203,
					"Conversion of JSON to Object failed: Failed to convert JSON to Avro: Expected start-union. Got VALUE_STRING")
				resttest.WantError(t, resttest.Do(t, srv, "POST", "/topics/t", `{"value_schema_id":7,"records":[{"value":1}]}`, "Content-Type: "+ctAvroV1), 408, ctV1, 40801,
					"Schema registration or lookup failed")
				resttest.Must(t, srv, 200, "POST", "/consumers/g", `{"name":"c","format":"avro","auto.offset.reset":"smallest","consumer.request.timeout.ms":1000,"fetch.min.bytes":1}`, "Content-Type: "+ctV1)
				got := resttest.Do(t, srv, "GET", "/consumers/g/instances/c/topics/t", "", "Accept: "+ctAvroV1)
				resttest.Want(t, got, 200, ctAvroV1, `[{"topic":"t","key":"k","value":{"a":1,"u":null,"b":"x"},"partition":0,"offset":0}]`)
			})
		})
	}
}

// TestSchemaSynctest uses the embedded registry and an avro consumer
// inside a synctest bubble: the in-memory client reaches the registry
// under /schema-registry/, and the read's timeout runs on the bubble's
// clock.
func TestSchemaSynctest(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		srv := mockproxy.NewServer(t, mockproxy.WithoutListener(), mockproxy.WithTopic("t", 1))
		resttest.Must(t, srv, 200, "POST", "/schema-registry/subjects/t-value/versions", `{"schema":"\"string\""}`, "Content-Type: application/vnd.schemaregistry.v1+json")
		resttest.Want(t, resttest.Do(t, srv, "POST", "/topics/t", `{"value_schema_id":1,"records":[{"value":"hi"}]}`, "Content-Type: "+ctAvroV2), 200, ctV2,
			`{"offsets":[{"partition":0,"offset":0,"error_code":null,"error":null}],"key_schema_id":null,"value_schema_id":1}`)
		resttest.Must(t, srv, 200, "POST", "/consumers/g", `{"name":"c","format":"avro","auto.offset.reset":"earliest","consumer.request.timeout.ms":30000}`, "Content-Type: "+ctV2)
		resttest.Must(t, srv, 204, "POST", "/consumers/g/instances/c/subscription", `{"topics":["t"]}`, "Content-Type: "+ctV2)
		start := time.Now()
		resttest.Want(t, resttest.Do(t, srv, "GET", "/consumers/g/instances/c/records", "", "Accept: "+ctAvroV2), 200, ctAvroV2,
			`[{"topic":"t","key":null,"value":"hi","partition":0,"offset":0}]`)
		if waited := time.Since(start); waited != 30*time.Second {
			t.Errorf("the read waited %v of the bubble's time, want 30s", waited)
		}
	})
}
