package mockproxy

import (
	"errors"
	"fmt"

	"github.com/kafkarestmock/kafkarestmock/fakelog"
	"github.com/kafkarestmock/kafkarestmock/internal/jsonv"
	"github.com/kafkarestmock/kafkarestmock/schemareg"
)

// schemaFormat is a format whose payloads are schema data (avro,
// jsonschema, protobuf), stored in Confluent's wire format with a schema
// of the server's registry (schemas.go). Produce converts them in
// produce_schema.go; without a registry the proxy answers as the real
// one configured without one.
type schemaFormat struct {
	formatSpec
	kind  string               // the schema kind in deserializer errors: Avro, JSON, Protobuf
	enum  string               // Confluent's EmbeddedFormat constant: AVRO, JSONSCHEMA, PROTOBUF
	typ   schemareg.SchemaType // the registry's schemaType
	javaN string               // the format's name in 5.x conversion errors: Avro, JSON Schema, Protobuf
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

// decode keeps the JSON text: it is converted once the request's schemas
// are known (produce_schema.go).
func (schemaFormat) decode(v jsonv.Value, _ *produceStyle, _ string) ([]byte, error) {
	return v.Raw, nil
}

// check fails on the first key or value the consumer's deserializer
// refuses: bytes without Confluent's framing, whose schema id the
// registry does not know or is of another type, or whose payload the
// schema cannot read. The failure is Kafka's
// RecordDeserializationException, which names the record. Every payload
// is read here (Avro without writing its JSON), so that appendPayload
// cannot fail once writeRecords has started the answer; the schema of an
// id is looked up once per run of records with that id.
func (f schemaFormat) check(st *schemaStore, recs []fakelog.Record) error {
	var (
		last    [2]*schemaCodec // the last codecs found, for keys and values
		scratch []byte
	)
	for _, r := range recs {
		for side, b := range [2][]byte{r.Key, r.Value} {
			if b == nil {
				continue
			}
			if st.src == nil {
				return f.schemaDecodeError(b)
			}
			c := last[side]
			if id, ok := frameID(b); !ok || c == nil || id != c.id {
				var err error
				if c, err = f.codecFor(st, b); err != nil {
					return errDeserializing(r)
				}
				last[side] = c
			}
			var err error
			if scratch, err = c.readable(scratch, b); err != nil {
				return errDeserializing(r)
			}
		}
	}
	return nil
}

// errDeserializing is the consumer's RecordDeserializationException for
// the record r.
func errDeserializing(r fakelog.Record) error {
	return &jsonDecodeError{fmt.Sprintf("Error deserializing key/value for partition %s-%d at offset %d. If needed, please seek past the record to continue consumption.", r.Topic, r.Partition, r.Offset)}
}

// codecFor returns the schema framed bytes b were written with, if it is
// of the format's type.
func (f schemaFormat) codecFor(st *schemaStore, b []byte) (*schemaCodec, error) {
	id, ok := frameID(b)
	if !ok {
		return nil, errors.New("Unknown magic byte!")
	}
	c, err := st.codec(id)
	if err != nil {
		return nil, err
	}
	if c.typ != f.typ {
		return nil, fmt.Errorf("schema %d is %s, not %s", id, c.typ, f.typ)
	}
	return c, nil
}

// appendPayload appends the JSON of a stored key or value that check
// passed.
func (f schemaFormat) appendPayload(st *schemaStore, b, data []byte) ([]byte, error) {
	c, err := f.codecFor(st, data)
	if err != nil {
		return nil, err
	}
	return c.decode(b, data)
}

// schemaDecodeError is the SerializationException of a schema-format
// consumer of a proxy without a registry: bytes without Confluent's wire
// format (magic byte 0 and a 4-byte schema id) are refused by the
// deserializer; bytes with it need the registry.
func (f schemaFormat) schemaDecodeError(b []byte) error {
	id, ok := frameID(b)
	if !ok {
		return &jsonDecodeError{"Unknown magic byte!"}
	}
	return &jsonDecodeError{fmt.Sprintf("Error retrieving %s schema for id %d", f.kind, id)}
}
