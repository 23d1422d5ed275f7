package mockproxy

// Produce of the schema formats in API v1 and v2: the request's key and
// value schemas are resolved in the registry (a raw schema registered
// under the topic's subject, a schema id checked against it), then each
// record's key and value converted to Confluent's wire format. Current
// servers follow kafka-rest's SchemaManagerImpl and
// SchemaRecordSerializerImpl, 5.x its SchemaRestProducer
// (v3-and-schemas.md §2.3).

import (
	"errors"
	"fmt"
	"strings"

	"github.com/kafkarestmock/kafkarestmock/internal/avrojson"
	"github.com/kafkarestmock/kafkarestmock/internal/jsonv"
	"github.com/kafkarestmock/kafkarestmock/schemareg"
)

// resolvedSchema is a schema a produce request uses for its keys or
// values.
type resolvedSchema struct {
	id    int
	codec *schemaCodec
}

// schemaRequest is what a v1 or v2 produce body says of one side's schema.
type schemaRequest struct {
	raw    string
	hasRaw bool
	id     int
	hasID  bool
}

func readSchemaRequest(v jsonv.Value, side string) schemaRequest {
	var sr schemaRequest
	if f, ok := v.Field(side + "_schema"); ok && f.Kind != jsonv.Null {
		sr.raw, _, _ = decodeString(f) // checked by decodeProduce
		sr.hasRaw = true
	}
	if f, ok := v.Field(side + "_schema_id"); ok && f.Kind != jsonv.Null {
		n, _, _ := decodeInt(f, 32)
		sr.id, sr.hasID = int(n), true
	}
	return sr
}

func (sr schemaRequest) present() bool { return sr.hasRaw || sr.hasID }

// serializeSchemas converts the records of a schema-format produce in
// place and returns the key and value schema ids (0 for a side without a
// schema).
func (s *Server) serializeSchemas(f schemaFormat, topic string, v jsonv.Value, recs []produceRecord, legacy bool) (keyID, valueID int, err error) {
	if s.schemas.src == nil {
		return 0, 0, s.schemaCheck(v, recs, legacy)
	}
	keyReq, valueReq := readSchemaRequest(v, "key"), readSchemaRequest(v, "value")
	if legacy {
		return s.serializeLegacy(f, topic, keyReq, valueReq, recs)
	}
	var key, value *resolvedSchema
	if keyReq.present() {
		if key, err = s.resolveCached(f, topic+"-key", keyReq); err != nil {
			return 0, 0, err
		}
		keyID = key.id
	}
	if valueReq.present() {
		if value, err = s.resolveCached(f, topic+"-value", valueReq); err != nil {
			return 0, 0, err
		}
		valueID = value.id
	}
	var arena schemaArena
	conv := func(sch *resolvedSchema, data []byte, missing error) ([]byte, error) {
		if data == nil {
			return nil, nil
		}
		if sch == nil {
			return nil, missing
		}
		b, err := arena.encode(sch.codec, data)
		if err != nil {
			return nil, badRequest("%s", conversionMessage(err))
		}
		return b, nil
	}
	for i := range recs {
		r := &recs[i]
		if r.key, err = conv(key, r.key, errKeySchemaMissing); err != nil {
			return 0, 0, err
		}
		if r.value, err = conv(value, r.value, errValueSchemaMissing); err != nil {
			return 0, 0, err
		}
	}
	return keyID, valueID, nil
}

// resolveSchema is a current server's SchemaManagerImpl.getSchema for a
// v2 produce under TopicNameStrategy.
func (s *Server) resolveSchema(f schemaFormat, subject string, sr schemaRequest) (*resolvedSchema, error) {
	src := s.schemas.src
	if sr.hasRaw && sr.hasID {
		// checkArgument fails, and kafka-rest builds its BadRequestException
		// with a null detail: the NullPointerException is a 500.
		return nil, errInternal
	}
	if sr.hasID {
		sch, err := src.SchemaByID(sr.id)
		if err != nil {
			return nil, errSerializing(fmt.Sprintf("Error when fetching schema by id. schemaId = %d\n%s", sr.id, registryMessage(err)))
		}
		if _, err := src.Lookup(subject, sch); err != nil {
			return nil, errSerializing(fmt.Sprintf("Error when fetching schema version. subject = %s, schema = %s\n%s", subject, sch.Text, registryMessage(err)))
		}
		c, err := s.schemas.codec(sr.id)
		if err != nil {
			return nil, errSerializing(fmt.Sprintf("Error when fetching schema by id. schemaId = %d\n%s", sr.id, registryMessage(err)))
		}
		if c.typ != f.typ {
			// The format's serializer cannot take another type's schema.
			return nil, errInternal
		}
		return &resolvedSchema{id: sr.id, codec: c}, nil
	}
	raw := schemareg.Schema{Type: f.typ, Text: sr.raw}
	if _, err := compileSchema(src, raw); err != nil {
		return nil, errInvalidSchema(fmt.Sprintf("Error when parsing raw schema. format = %s, schema = %s", f.enum, sr.raw))
	}
	canonical := sr.raw
	if s.schemas.embedded != nil {
		if c, err := s.schemas.embedded.Canonical(raw); err == nil {
			canonical = c.Text
		}
	}
	id, _, err := src.Register(subject, raw)
	if err != nil {
		return nil, errSerializing(fmt.Sprintf("Error when registering schema. format = %s, subject = %s, schema = %s\n%s", f.enum, subject, canonical, registryMessage(err)))
	}
	c, err := s.schemas.codec(id)
	if err != nil {
		return nil, errSerializing(fmt.Sprintf("Error when fetching schema version. subject = %s, schema = %s\n%s", subject, canonical, registryMessage(err)))
	}
	return &resolvedSchema{id: id, codec: c}, nil
}

// serializeLegacy is 5.x's SchemaRestProducer: every key is checked for a
// key schema, then every value for a value schema; a schema id is taken
// as is, a raw schema registered under <topic>-key or <topic>-value; any
// registry failure is 40801; data that does not fit is 42203.
func (s *Server) serializeLegacy(f schemaFormat, topic string, keyReq, valueReq schemaRequest, recs []produceRecord) (keyID, valueID int, err error) {
	for _, r := range recs {
		if r.key != nil && !keyReq.present() {
			return 0, 0, errKeySchemaMissing
		}
	}
	for _, r := range recs {
		if r.value != nil && !valueReq.present() {
			return 0, 0, errValueSchemaMissing
		}
	}
	resolve := func(subject string, sr schemaRequest) (*resolvedSchema, error) {
		if !sr.present() {
			return nil, nil
		}
		if sr.hasID {
			c, err := s.schemas.codec(sr.id)
			if err != nil || c.typ != f.typ {
				return nil, errSchemaLookupFailed
			}
			return &resolvedSchema{id: sr.id, codec: c}, nil
		}
		raw := schemareg.Schema{Type: f.typ, Text: sr.raw}
		if _, err := compileSchema(s.schemas.src, raw); err != nil {
			return nil, errInvalidSchema(sr.raw)
		}
		id, _, err := s.schemas.src.Register(subject, raw)
		if err != nil {
			return nil, errSchemaLookupFailed
		}
		c, err := s.schemas.codec(id)
		if err != nil {
			return nil, errSchemaLookupFailed
		}
		return &resolvedSchema{id: id, codec: c}, nil
	}
	key, err := resolve(topic+"-key", keyReq)
	if err != nil {
		return 0, 0, err
	}
	value, err := resolve(topic+"-value", valueReq)
	if err != nil {
		return 0, 0, err
	}
	if key != nil {
		keyID = key.id
	}
	if value != nil {
		valueID = value.id
	}
	conv := func(sch *resolvedSchema, data []byte) ([]byte, error) {
		if data == nil {
			return nil, nil
		}
		b, err := sch.codec.encode(data)
		if err != nil {
			return nil, errConversion(fmt.Sprintf("Failed to convert JSON %s: %s", legacyConversionVerb(f), conversionMessage(err)))
		}
		return b, nil
	}
	for i := range recs {
		r := &recs[i]
		if r.key, err = conv(key, r.key); err != nil {
			return 0, 0, err
		}
		if r.value, err = conv(value, r.value); err != nil {
			return 0, 0, err
		}
	}
	return keyID, valueID, nil
}

// legacyConversionVerb completes 5.x's "Failed to convert JSON ..." for
// the format: "to Avro", "using JSON Schema", "to Protobuf".
func legacyConversionVerb(f schemaFormat) string {
	if f.typ == schemareg.JSON {
		return "using " + f.javaN
	}
	return "to " + f.javaN
}

// conversionMessage is the converter's exception message for err.
func conversionMessage(err error) string {
	var ae *avrojson.Error
	if errors.As(err, &ae) {
		return ae.Msg
	}
	return err.Error()
}

// registryMessage is a registry failure as Confluent's Java client words
// it: "<message>; error code: <code>" for a registry answer.
func registryMessage(err error) string {
	msg := err.Error()
	if errors.Is(err, errNoRegistry) {
		return "Schema Registry not defined"
	}
	return strings.TrimSpace(msg)
}
