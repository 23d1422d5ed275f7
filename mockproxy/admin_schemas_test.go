package mockproxy_test

import (
	"testing"
	"time"

	"github.com/kafkarestmock/kafkarestmock/fakelog"
	"github.com/kafkarestmock/kafkarestmock/internal/resttest"
	"github.com/kafkarestmock/kafkarestmock/mockproxy"
)

// TestAdminRecordsSchemas lists records in Confluent's wire format: keys
// and values whose schema id the registry knows are shown with the id,
// the schema's type and the data a consumer of the format reads; the
// other bytes are shown as they always are.
func TestAdminRecordsSchemas(t *testing.T) {
	t.Parallel()
	resttest.EachBackend(t, testAdminRecordsSchemas)
}

func testAdminRecordsSchemas(t *testing.T, bc resttest.Backend) {
	srv := bc.Start(t, mockproxy.WithClock(fakelog.NewManualClock(adminEpoch)), mockproxy.WithoutListener(),
		mockproxy.WithTopic("a", 1), mockproxy.WithTopic("j", 1), mockproxy.WithTopic("p", 1), mockproxy.WithTopic("raw", 1))
	// Ids: 1 a-key, 2 a-value, 3 j-value, 4 p-value.
	resttest.Must(t, srv, 200, "POST", "/topics/a", `{"key_schema":"\"string\"","value_schema":"`+avroRec+`","records":[{"key":"k","value":{"a":1,"u":{"string":"x"},"b":"\u00ff"}},{"key":null,"value":{"a":-2,"u":null,"b":""}}]}`, "Content-Type: "+ctAvroV2)
	resttest.Must(t, srv, 200, "POST", "/topics/j", `{"value_schema":"`+jsonSch+`","records":[{"value":{"f1":"x","n":1.50}}]}`, "Content-Type: "+ctJSchV2)
	resttest.Must(t, srv, 200, "POST", "/topics/p", `{"value_schema":"`+protoSch+`","records":[{"value":{"a":1,"b":"5"}}]}`, "Content-Type: "+ctProtoV2)
	// Unframed bytes, an unknown schema id (99), and a known id whose
	// payload its decoder refuses (avro id 2, the record, with no bytes).
	resttest.Must(t, srv, 200, "POST", "/topics/raw", `{"records":[{"key":"aGk=","value":"AAAAAGMB"},{"value":"AAAAAAI="}]}`, "Content-Type: "+ctV2B)

	now := `"timestamp": "` + adminEpoch.Format(time.RFC3339) + `", "timestamp_ms": ` + itoa(int(adminEpoch.UnixMilli()))
	tests := []struct{ topic, want string }{
		{"a", `[
		  {"partition": 0, "offset": 0, ` + now + `, "headers": [],
		   "key": {"size": 7, "text": "\u0000\u0000\u0000\u0000\u0001\u0002k", "base64": "AAAAAAECaw==", "schema_id": 1, "schema_type": "AVRO", "data": "k"},
		   "value": {"size": 11, "base64": "AAAAAAICAgJ4Av8=", "schema_id": 2, "schema_type": "AVRO", "data": {"a": 1, "u": {"string": "x"}, "b": "ÿ"}}},
		  {"partition": 0, "offset": 1, ` + now + `, "headers": [], "key": null,
		   "value": {"size": 8, "text": "\u0000\u0000\u0000\u0000\u0002\u0003\u0000\u0000", "base64": "AAAAAAIDAAA=", "schema_id": 2, "schema_type": "AVRO", "data": {"a": -2, "u": null, "b": ""}}}]`},
		{"j", `[{"partition": 0, "offset": 0, ` + now + `, "headers": [], "key": null,
		   "value": {"size": 23, "text": "\u0000\u0000\u0000\u0000\u0003{\"f1\":\"x\",\"n\":1.5}", "base64": "AAAAAAN7ImYxIjoieCIsIm4iOjEuNX0=", "schema_id": 3, "schema_type": "JSON", "data": {"f1": "x", "n": 1.5}}}]`},
		{"p", `[{"partition": 0, "offset": 0, ` + now + `, "headers": [], "key": null,
		   "value": {"size": 10, "text": "\u0000\u0000\u0000\u0000\u0004\u0000\b\u0001\u0010\u0005", "base64": "AAAAAAQACAEQBQ==", "schema_id": 4, "schema_type": "PROTOBUF", "data": {"a": 1, "b": "5", "c": ""}}}]`},
		{"raw", `[
		  {"partition": 0, "offset": 0, ` + now + `, "headers": [],
		   "key": {"size": 2, "text": "hi", "base64": "aGk="},
		   "value": {"size": 6, "text": "\u0000\u0000\u0000\u0000c\u0001", "base64": "AAAAAGMB"}},
		  {"partition": 0, "offset": 1, ` + now + `, "headers": [], "key": null,
		   "value": {"size": 5, "text": "\u0000\u0000\u0000\u0000\u0002", "base64": "AAAAAAI=", "schema_id": 2, "schema_type": "AVRO", "schema_error": "invalid Avro binary at byte 0: unexpected end of data"}}]`},
	}
	for _, tt := range tests {
		t.Run(tt.topic, func(t *testing.T) {
			wantJSON(t, resttest.Do(t, srv, "GET", "/_mock/topics/"+tt.topic+"/records", ""), 200, tt.want)
		})
	}
}

// TestAdminRecordsNoRegistry shows framed bytes as bytes on a server
// without a registry.
func TestAdminRecordsNoRegistry(t *testing.T) {
	t.Parallel()
	srv := mockproxy.NewServer(t, mockproxy.WithClock(fakelog.NewManualClock(adminEpoch)), mockproxy.WithoutListener(),
		mockproxy.WithSchemaRegistry(mockproxy.SchemaRegistryNone), mockproxy.WithTopic("raw", 1))
	resttest.Must(t, srv, 200, "POST", "/topics/raw", `{"records":[{"value":"AAAAAAECaw=="}]}`, "Content-Type: "+ctV2B)
	wantJSON(t, resttest.Do(t, srv, "GET", "/_mock/topics/raw/records", ""), 200, `[{"partition": 0, "offset": 0,
	  "timestamp": "`+adminEpoch.Format(time.RFC3339)+`", "timestamp_ms": `+itoa(int(adminEpoch.UnixMilli()))+`, "headers": [], "key": null,
	  "value": {"size": 7, "text": "\u0000\u0000\u0000\u0000\u0001\u0002k", "base64": "AAAAAAECaw=="}}]`)
}
