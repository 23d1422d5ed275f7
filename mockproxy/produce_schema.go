package mockproxy

// Produce of the schema formats: the request's key and value schemas are
// resolved in the registry (getSchema, kafka-rest's SchemaManagerImpl,
// which v1, v2 and v3 share: a raw schema registered under its subject, a
// schema id checked against it, a subject's version or latest schema),
// then each key and value converted to Confluent's wire format
// (SchemaRecordSerializerImpl). 5.x's v1 and v2 follow its
// SchemaRestProducer instead (serializeLegacy; v3-and-schemas.md §2.3).

import (
	"errors"
	"fmt"
	"strings"

	"github.com/kafkarestmock/kafkarestmock/internal/avrojson"
	"github.com/kafkarestmock/kafkarestmock/internal/jsonv"
	"github.com/kafkarestmock/kafkarestmock/schemareg"
)

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

// spec is the request as v2's AbstractProduceAction hands it to the
// schema manager: the format only with a raw schema, the subject by
// TopicNameStrategy.
func (sr schemaRequest) spec(f schemaFormat) schemaSpec {
	sp := schemaSpec{id: sr.id, hasID: sr.hasID, raw: sr.raw, hasRaw: sr.hasRaw}
	if sr.hasRaw {
		sp.typ = f.typ
	}
	return sp
}

// serializeSchemas converts the records of a schema-format produce in
// place and returns the key and value schema ids (0 for a side without a
// schema).
func (s *Server) serializeSchemas(f schemaFormat, topic string, v jsonv.Value, recs []produceRecord, legacy bool, a *byteArena) (keyID, valueID int, err error) {
	if s.schemas.src == nil {
		return 0, 0, s.schemaCheck(v, recs, legacy)
	}
	keyReq, valueReq := readSchemaRequest(v, "key"), readSchemaRequest(v, "value")
	if legacy {
		return s.serializeLegacy(f, topic, keyReq, valueReq, recs, a)
	}
	var key, value *registeredSchema
	if keyReq.present() {
		if key, err = s.v2Schema(f, topic, true, keyReq); err != nil {
			return 0, 0, err
		}
		keyID = key.id
	}
	if valueReq.present() {
		if value, err = s.v2Schema(f, topic, false, valueReq); err != nil {
			return 0, 0, err
		}
		valueID = value.id
	}
	arena := schemaArena{a}
	conv := func(sch *registeredSchema, data []byte, missing error) ([]byte, error) {
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

// v2Schema is a current server's schema for one side of a v2 produce in
// format f.
func (s *Server) v2Schema(f schemaFormat, topic string, isKey bool, sr schemaRequest) (*registeredSchema, error) {
	rs, err := s.getSchema(topic, isKey, sr.spec(f))
	if err != nil {
		return nil, err
	}
	if rs.codec.typ != f.typ {
		// The format's serializer cannot take another type's schema.
		return nil, errInternal
	}
	return rs, nil
}

// schemaSpec is what a produce request says of one side's schema: the
// arguments of kafka-rest's SchemaManager.getSchema. typ is the request's
// schema format ("" when it has none: v3 without type, v2 with a schema
// id); strategy is a v3 subject_name_strategy ("" for the default,
// TopicNameStrategy).
type schemaSpec struct {
	typ        schemareg.SchemaType
	subject    string
	hasSubject bool
	strategy   string
	id         int
	hasID      bool
	version    int
	hasVersion bool
	raw        string
	hasRaw     bool
}

// registeredSchema is a resolved schema (kafka-rest's RegisteredSchema):
// the subject it is registered under, its global id and version there,
// and its compiled form.
type registeredSchema struct {
	subject string
	id      int
	version int
	codec   *schemaCodec
}

// format is the EmbeddedFormat constant of the schema's type.
func (rs *registeredSchema) format() string { return formatOfType(rs.codec.typ) }

// formatOfType is the EmbeddedFormat constant of a registry schema type.
func formatOfType(t schemareg.SchemaType) string {
	if t == schemareg.JSON {
		return "JSONSCHEMA"
	}
	return string(t)
}

// getSchema is a current server's SchemaManagerImpl.getSchema: by schema
// id, by subject version, by raw schema (registered when the subject
// lacks it), or the subject's latest schema. It calls the registry and
// may block on an external one; the server must have a registry.
func (s *Server) getSchema(topic string, isKey bool, sp schemaSpec) (*registeredSchema, error) {
	// A failed checkArgument makes kafka-rest build its BadRequestException
	// with a null detail: the NullPointerException is a 500.
	switch {
	case sp.hasID:
		if sp.typ != "" || sp.hasVersion || sp.hasRaw {
			return nil, errInternal
		}
		return s.schemaByID(topic, isKey, sp)
	case sp.hasVersion:
		if sp.typ != "" || sp.hasRaw {
			return nil, errInternal
		}
		return s.schemaByVersion(topic, isKey, sp)
	case sp.hasRaw:
		if sp.typ == "" {
			return nil, errInternal
		}
		return s.schemaFromRaw(topic, isKey, sp)
	case sp.typ != "":
		return nil, errInternal
	}
	return s.latestSchema(topic, isKey, sp)
}

// schemaByID is getSchemaFromSchemaId: the schema must be registered under
// the subject its strategy names for it.
func (s *Server) schemaByID(topic string, isKey bool, sp schemaSpec) (*registeredSchema, error) {
	src := s.schemas.src
	fetchErr := func(err error) error {
		return errSerializing(fmt.Sprintf("Error when fetching schema by id. schemaId = %d\n%s", sp.id, registryMessage(err)))
	}
	sch, err := src.SchemaByID(sp.id)
	if err != nil {
		return nil, fetchErr(err)
	}
	var c *schemaCodec
	if recordStrategy(sp.strategy) {
		if c, err = s.schemas.codec(sp.id); err != nil {
			return nil, fetchErr(err)
		}
	}
	subject, err := subjectFor(topic, isKey, sp, c)
	if err != nil {
		return nil, err
	}
	sv, err := src.Lookup(subject, sch)
	if err != nil {
		return nil, errSerializing(fmt.Sprintf("Error when fetching schema version. subject = %s, schema = %s\n%s", subject, sch.Text, registryMessage(err)))
	}
	if c == nil {
		if c, err = s.schemas.codec(sp.id); err != nil {
			return nil, fetchErr(err)
		}
	}
	return &registeredSchema{subject: subject, id: sp.id, version: sv.Version, codec: c}, nil
}

// schemaByVersion is getSchemaFromSchemaVersion: any registry failure is
// a 400.
func (s *Server) schemaByVersion(topic string, isKey bool, sp schemaSpec) (*registeredSchema, error) {
	subject, err := subjectFor(topic, isKey, sp, nil)
	if err != nil {
		return nil, err
	}
	sv, err := s.schemas.src.Version(subject, sp.version)
	if err != nil {
		return nil, errSchemaVersionMissing(subject, sp.version)
	}
	c, err := s.schemas.codec(sv.ID)
	if err != nil {
		return nil, errSchemaVersionMissing(subject, sp.version)
	}
	return &registeredSchema{subject: sv.Subject, id: sv.ID, version: sp.version, codec: c}, nil
}

// schemaFromRaw is getSchemaFromRawSchema: parse, name the subject, look
// the schema up there and register it when that fails, then its version.
func (s *Server) schemaFromRaw(topic string, isKey bool, sp schemaSpec) (*registeredSchema, error) {
	src := s.schemas.src
	raw := schemareg.Schema{Type: sp.typ, Text: sp.raw}
	format := formatOfType(sp.typ)
	parsed, err := s.schemas.compileRaw(raw)
	if err != nil {
		return nil, errInvalidSchema(fmt.Sprintf("Error when parsing raw schema. format = %s, schema = %s", format, sp.raw))
	}
	subject, err := subjectFor(topic, isKey, sp, parsed)
	if err != nil {
		return nil, err
	}
	canonical := sp.raw
	if s.schemas.embedded != nil {
		if c, err := s.schemas.embedded.Canonical(raw); err == nil {
			canonical = c.Text
		}
	}
	id, version, err := src.Register(subject, raw)
	if err != nil {
		return nil, errSerializing(fmt.Sprintf("Error when registering schema. format = %s, subject = %s, schema = %s\n%s", format, subject, canonical, registryMessage(err)))
	}
	c, err := s.schemas.codec(id)
	if err != nil {
		return nil, errSerializing(fmt.Sprintf("Error when fetching schema version. subject = %s, schema = %s\n%s", subject, canonical, registryMessage(err)))
	}
	return &registeredSchema{subject: subject, id: id, version: version, codec: c}, nil
}

// latestSchema is findLatestSchema: the subject's latest version.
func (s *Server) latestSchema(topic string, isKey bool, sp schemaSpec) (*registeredSchema, error) {
	subject, err := subjectFor(topic, isKey, sp, nil)
	if err != nil {
		return nil, err
	}
	fetchErr := func(err error) error {
		return errSerializing(fmt.Sprintf("Error when fetching latest schema version. subject = %s\n%s", subject, registryMessage(err)))
	}
	sv, err := s.schemas.src.Version(subject, -1)
	if err != nil {
		return nil, fetchErr(err)
	}
	c, err := s.schemas.codec(sv.ID)
	if err != nil {
		return nil, fetchErr(err)
	}
	return &registeredSchema{subject: subject, id: sv.ID, version: sv.Version, codec: c}, nil
}

// recordStrategy reports whether a subject name strategy names subjects
// after the schema's record name.
func recordStrategy(strategy string) bool {
	return strategy == "RECORD_NAME" || strategy == "TOPIC_RECORD_NAME"
}

// subjectFor is the subject a request's key or value schema goes under:
// the request's subject, else its strategy's name for the schema c (nil
// when the schema is not known yet, as getSchemaSubjectUnsafe asks).
// RecordNameStrategy names a schema by its record name (schemaCodec.name),
// and refuses one without (an Avro schema that is no record, a JSON
// Schema without title) with a SerializationException, which ProduceAction
// makes a 42207.
func subjectFor(topic string, isKey bool, sp schemaSpec, c *schemaCodec) (string, error) {
	switch {
	case sp.hasSubject:
		return sp.subject, nil
	case !recordStrategy(sp.strategy):
		if isKey {
			return topic + "-key", nil
		}
		return topic + "-value", nil
	case c == nil:
		return "", errSubjectStrategy(sp.strategy)
	case c.name == "":
		side, class := "value", "RecordNameStrategy"
		if isKey {
			side = "key"
		}
		if sp.strategy == "TOPIC_RECORD_NAME" {
			class = "TopicRecordNameStrategy"
		}
		return "", errSerializing(fmt.Sprintf("In configuration %s.subject.name.strategy = io.confluent.kafka.serializers.subject.%s, the message %s must only be a record schema", side, class, side))
	}
	if sp.strategy == "TOPIC_RECORD_NAME" {
		return topic + "-" + c.name, nil
	}
	return c.name, nil
}

// serializeLegacy is 5.x's SchemaRestProducer: every key is checked for a
// key schema, then every value for a value schema; a schema id is taken
// as is, a raw schema registered under <topic>-key or <topic>-value; any
// registry failure is 40801; data that does not fit is 42203.
func (s *Server) serializeLegacy(f schemaFormat, topic string, keyReq, valueReq schemaRequest, recs []produceRecord, a *byteArena) (keyID, valueID int, err error) {
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
	resolve := func(subject string, sr schemaRequest) (*registeredSchema, error) {
		if !sr.present() {
			return nil, nil
		}
		if sr.hasID {
			c, err := s.schemas.codec(sr.id)
			if err != nil || c.typ != f.typ {
				return nil, errSchemaLookupFailed
			}
			return &registeredSchema{id: sr.id, codec: c}, nil
		}
		raw := schemareg.Schema{Type: f.typ, Text: sr.raw}
		if _, err := s.schemas.compileRaw(raw); err != nil {
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
		return &registeredSchema{id: id, codec: c}, nil
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
	arena := schemaArena{a}
	conv := func(sch *registeredSchema, data []byte) ([]byte, error) {
		if data == nil {
			return nil, nil
		}
		b, err := arena.encode(sch.codec, data)
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
	return strings.TrimSpace(err.Error())
}
