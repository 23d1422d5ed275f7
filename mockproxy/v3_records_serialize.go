package mockproxy

// The keys and values of v3 produce: how ProduceAction turns a
// ProduceRequestData into the bytes Kafka stores and the report's part
// for it.

import (
	"github.com/kafkarestmock/kafkarestmock/internal/jsonv"
	"github.com/kafkarestmock/kafkarestmock/schemareg"
)

// schemaTypeOf is the registry schema type of a schema format's
// EmbeddedFormat constant.
func schemaTypeOf(format string) schemareg.SchemaType {
	switch format {
	case "AVRO":
		return schemareg.Avro
	case "JSONSCHEMA":
		return schemareg.JSON
	}
	return schemareg.Protobuf
}

// serializeV3 turns a key or value into the bytes Kafka stores and the
// report's part for it, as ProduceAction does: a schema-less type by
// NoSchemaRecordSerializer, anything else with the schema getSchema
// resolves, converted by SchemaRecordSerializerImpl (null data stays a
// Kafka null). It may call the registry.
//
// The bytes go into st's arena.
func (s *Server) serializeV3(topic string, isKey bool, d *v3Data, st *produceStyle) ([]byte, v3ReportData, error) {
	switch d.format {
	case "BINARY", "JSON", "STRING":
		b, err := d.serializeNoSchema(st)
		return b, v3ReportData{format: d.format, size: payloadSize(b)}, err
	}
	if s.schemas.src == nil {
		return nil, v3ReportData{}, errSchemaRegistry.current // SchemaManagerThrowing
	}
	rs, err := s.getSchema(topic, isKey, d.schema)
	if err != nil {
		return nil, v3ReportData{}, err
	}
	var b []byte
	if d.data.Kind != jsonv.Null {
		if b, err = (schemaArena{st.arena}).encode(rs.codec, d.data.Raw); err != nil {
			return nil, v3ReportData{}, badRequest("%s", conversionMessage(err))
		}
	}
	return b, v3ReportData{format: rs.format(), schema: rs, size: payloadSize(b)}, nil
}

// serializeNoSchema serializes a BINARY, JSON or STRING key or value as
// NoSchemaRecordSerializer does.
func (d *v3Data) serializeNoSchema(st *produceStyle) ([]byte, error) {
	if d.data.Kind == jsonv.Null {
		return nil, nil
	}
	switch d.format {
	case "BINARY":
		return binaryFormat{}.decode(d.data, st, "")
	case "JSON":
		return jsonFormat{}.decode(d.data, st, "")
	}
	if d.data.Kind != jsonv.String {
		return nil, errNotAString(d.data.Raw)
	}
	b := d.data.StrBytes()
	out := st.arena.alloc(len(b)) // "" stays an empty value, not null
	copy(out, b)
	return out, nil
}
