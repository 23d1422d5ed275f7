package mockproxy_test

import (
	"testing"

	"github.com/kafkarestmock/kafkarestmock/fakelog"
	"github.com/kafkarestmock/kafkarestmock/internal/resttest"
	"github.com/kafkarestmock/kafkarestmock/mockproxy"
	"github.com/kafkarestmock/kafkarestmock/schemareg"
)

// TestSchemaUnreadablePayload checks a record framed with a known schema
// of the consumer's format whose payload that schema cannot read: the read
// fails with the deserializer's error naming the record (not a 500, and
// not a cut answer), until the consumer seeks past it.
func TestSchemaUnreadablePayload(t *testing.T) {
	t.Parallel()
	resttest.EachBackend(t, testSchemaUnreadablePayload)
}

func testSchemaUnreadablePayload(t *testing.T, bc resttest.Backend) {
	tests := []struct {
		format, ct string
		schema     schemareg.Schema
		payload    string // after the frame
		good       string // a readable payload, and what a read gives for it
		goodJSON   string
	}{
		{"avro", ctAvroV2, schemareg.Schema{Text: `"string"`}, "\x06ab", "\x04ab", `"ab"`},
		{"jsonschema", ctJSchV2, schemareg.Schema{Type: schemareg.JSON, Text: `{"type":"object"}`}, `{"a":`, `{"a":1}`, `{"a":1}`},
		{"protobuf", ctProtoV2, schemareg.Schema{Type: schemareg.Protobuf, Text: `syntax = "proto3"; message M { string s = 1; }`}, "\x00\x0a\x05ab", "\x00\x0a\x02ab", `{"s":"ab"}`},
	}
	for _, tc := range tests {
		t.Run(tc.format, func(t *testing.T) {
			t.Parallel()
			srv := bc.Start(t, mockproxy.WithTopic("t", 1))
			if _, _, err := srv.SchemaRegistry().Register("t-value", tc.schema); err != nil {
				t.Fatal(err)
			}
			frame := "\x00\x00\x00\x00\x01"
			produceTo(t, srv, "t", 0, fakelog.Record{Value: []byte(frame + tc.good)}, fakelog.Record{Value: []byte(frame + tc.payload)},
				fakelog.Record{Value: []byte(frame + tc.good)})
			resttest.Must(t, srv, 200, "POST", "/consumers/g", `{"name":"c","format":"`+tc.format+`","auto.offset.reset":"earliest","consumer.request.timeout.ms":10000,"fetch.min.bytes":1}`, "Content-Type: "+ctV2)
			resttest.Must(t, srv, 204, "POST", "/consumers/g/instances/c/assignments", `{"partitions":[{"topic":"t","partition":0}]}`, "Content-Type: "+ctV2)
			const poison = "Error deserializing key/value for partition t-0 at offset 1. If needed, please seek past the record to continue consumption."
			resttest.WantError(t, resttest.Do(t, srv, "GET", "/consumers/g/instances/c/records", "", "Accept: "+tc.ct), 408, tc.ct, 40801, poison)
			resttest.Must(t, srv, 204, "POST", "/consumers/g/instances/c/positions", `{"offsets":[{"topic":"t","partition":0,"offset":2}]}`, "Content-Type: "+ctV2)
			resttest.Want(t, resttest.Do(t, srv, "GET", "/consumers/g/instances/c/records", "", "Accept: "+tc.ct), 200, tc.ct,
				`[{"topic":"t","key":null,"value":`+tc.goodJSON+`,"partition":0,"offset":2}]`)
		})
	}
}
