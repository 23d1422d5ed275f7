package mockproxy

import (
	"fmt"

	"github.com/kafkarestmock/kafkarestmock/fakelog"
	"github.com/kafkarestmock/kafkarestmock/internal/jsonv"
)

// schemaFormat is a format whose payloads need a schema registry (avro,
// jsonschema, protobuf). The mock has none: it answers as a proxy whose
// registry is missing, producing only null keys and values (see
// schemaCheck) and failing reads of anything else.
type schemaFormat struct {
	formatSpec
	kind string // the schema kind in deserializer errors: Avro, JSON, Protobuf
}

// entity is Schema in v2 (SchemaTopicProduceRequest), and the format's own
// name in v1 (AvroTopicProduceRequest).
func (f schemaFormat) entity(api apiVersion) string {
	if api == apiV1 {
		return f.java
	}
	return "Schema"
}

// stateClass is shared by every schema format, as the real proxy's
// SchemaKafkaConsumerState is.
func (schemaFormat) stateClass() string { return "schema" }

func (schemaFormat) schema() bool { return true }

func (schemaFormat) decode(v jsonv.Value, _ produceStyle, _ string) ([]byte, error) {
	return v.Raw, nil // data for a schema; never stored without one
}

// check fails on the first key or value: without a registry none can be
// deserialized.
func (f schemaFormat) check(recs []fakelog.Record) error {
	for _, r := range recs {
		for _, b := range [][]byte{r.Key, r.Value} {
			if b != nil {
				return f.schemaDecodeError(b)
			}
		}
	}
	return nil
}

// appendPayload is not reached: check refuses every non-nil payload.
func (schemaFormat) appendPayload(b, data []byte) ([]byte, error) {
	return appendBase64(b, data), nil
}

// schemaDecodeError is the SerializationException of a schema-format
// consumer: bytes without Confluent's wire format (magic byte 0 and a
// 4-byte schema id) are refused by the deserializer; bytes with it need a
// schema registry the mock does not have.
func (f schemaFormat) schemaDecodeError(b []byte) error {
	if len(b) < 5 || b[0] != 0 {
		return &jsonDecodeError{"Unknown magic byte!"}
	}
	id := int32(b[1])<<24 | int32(b[2])<<16 | int32(b[3])<<8 | int32(b[4])
	return &jsonDecodeError{fmt.Sprintf("Error retrieving %s schema for id %d", f.kind, id)}
}
