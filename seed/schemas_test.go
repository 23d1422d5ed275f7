package seed_test

import (
	"encoding/binary"
	"errors"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/kafkarestmock/kafkarestmock/fakelog"
	"github.com/kafkarestmock/kafkarestmock/internal/seedtest"
	"github.com/kafkarestmock/kafkarestmock/schemareg"
	"github.com/kafkarestmock/kafkarestmock/seed"
)

// registryLog is a SchemaTarget for the tests: an in-memory log, an
// embedded registry, and a stand-in serializer that frames the compact
// JSON it is given (mockproxy's tests check the real serializers) and
// refuses data that is the string "unfit".
type registryLog struct {
	*fakelog.Log
	reg *schemareg.Registry
}

func newRegistryLog(t *testing.T) registryLog {
	l := fakelog.New()
	t.Cleanup(func() { _ = l.Close() })
	return registryLog{l, schemareg.New()}
}

func (rl registryLog) RegisterSchema(subject string, s schemareg.Schema) (int, error) {
	id, _, err := rl.reg.Register(subject, s)
	return id, err
}

func (rl registryLog) SchemaVersion(subject string, n int) (schemareg.SubjectVersion, error) {
	return rl.reg.Version(subject, n)
}

func (rl registryLog) SchemaByID(id int) (schemareg.Schema, error) { return rl.reg.SchemaByID(id) }

func (rl registryLog) EncodeSchemaData(id int, data []byte) ([]byte, error) {
	if string(data) == `"unfit"` {
		return nil, errors.New("not the schema's type")
	}
	return append(binary.BigEndian.AppendUint32([]byte{0}, uint32(id)), data...), nil
}

// framed is what registryLog stores for data of schema id.
func framed(id int, data string) []byte {
	return append(binary.BigEndian.AppendUint32([]byte{0}, uint32(id)), data...)
}

const (
	avroUserV2  = `{"type":"record","name":"User","fields":[{"name":"name","type":"string"},{"name":"age","type":"int","default":0}]}`
	jsonUser    = `{"type":"object","properties":{"name":{"type":"string"}}}`
	schemasSeed = `{
	  "schemas": [
	    {"subject": "users-value", "schema": ` + "\"" + `{\"type\":\"record\",\"name\":\"User\",\"fields\":[{\"name\":\"name\",\"type\":\"string\"}]}` + "\"" + `},
	    {"subject": "users-value", "schemaType": "AVRO", "schema": ` + avroUserV2 + `},
	    {"subject": "docs-value", "schemaType": "JSON", "schema": ` + jsonUser + `},
	    {"subject": "protos-value", "schemaType": "PROTOBUF", "schema": "syntax = \"proto3\";\nmessage User { string name = 1; }\n"},
	    {"subject": "users-key", "schemaType": "JSON", "schema": "{\"type\": \"string\"}"}
	  ],
	  "topics": [{"name": "users", "records": [
	    {"key_schema_subject": "users-key", "key_jsonschema": "u1", "value_schema_subject": "users-value", "value_avro": {"name": "Ann",  "age": 7}},
	    {"key": "u2", "value_schema_id": 1, "value_avro": {"name": "Bob"}},
	    {"value_schema_subject": "docs-value", "value_jsonschema": {"name": "Cy"}},
	    {"value_schema_subject": "protos-value", "value_protobuf": {"name": "Di"}},
	    {"key_schema_id": 5, "key_jsonschema": null, "value_schema_id": 2, "value_avro": null}
	  ]}]
	}`
)

// TestApplySchemas: schemas are registered in file order (ids 1 to 5,
// version 2 of users-value), and data of a schema is stored as the
// target's serializer frames it, with the latest version of a subject or
// the id given; null stays Kafka's null.
func TestApplySchemas(t *testing.T) {
	t.Parallel()
	sd, err := seed.Load(strings.NewReader(schemasSeed))
	if err != nil {
		t.Fatal(err)
	}
	rl := newRegistryLog(t)
	if err := sd.Apply(rl); err != nil {
		t.Fatal(err)
	}
	type reg struct {
		Subject string
		Version int
		ID      int
		Type    schemareg.SchemaType
	}
	var gotReg []reg
	for _, s := range rl.reg.Subjects(false) {
		vs, _ := rl.reg.Versions(s, false)
		for _, v := range vs {
			sv, err := rl.reg.Version(s, v)
			if err != nil {
				t.Fatal(err)
			}
			gotReg = append(gotReg, reg{sv.Subject, sv.Version, sv.ID, sv.Schema.Type})
		}
	}
	wantReg := []reg{
		{"docs-value", 1, 3, schemareg.JSON},
		{"protos-value", 1, 4, schemareg.Protobuf},
		{"users-key", 1, 5, schemareg.JSON},
		{"users-value", 1, 1, schemareg.Avro},
		{"users-value", 2, 2, schemareg.Avro},
	}
	if diff := cmp.Diff(wantReg, gotReg); diff != "" {
		t.Errorf("registered schemas mismatch (-want +got):\n%s", diff)
	}

	recs, err := rl.Read("users", 0, 0, 0)
	if err != nil {
		t.Fatal(err)
	}
	type kv struct{ Key, Value []byte }
	var got []kv
	for _, r := range recs {
		got = append(got, kv{r.Key, r.Value})
	}
	want := []kv{
		{framed(5, `"u1"`), framed(2, `{"name":"Ann","age":7}`)},
		{[]byte("u2"), framed(1, `{"name":"Bob"}`)},
		{nil, framed(3, `{"name":"Cy"}`)},
		{nil, framed(4, `{"name":"Di"}`)},
		{nil, nil},
	}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("records mismatch (-want +got):\n%s", diff)
	}
}

// TestLoadSchemaErrors: problems with schemas and data of a schema that
// Load finds, named by their field.
func TestLoadSchemaErrors(t *testing.T) {
	t.Parallel()
	rec := func(r string) string { return `{"topics":[{"name":"t","records":[{},` + r + `]}]}` }
	sch := func(s string) string { return `{"schemas":[{"subject":"s","schema":"\"int\""},` + s + `]}` }
	tests := []struct {
		name, doc, want string
	}{
		{"schemas not array", `{"schemas": {}}`, "schemas: want an array"},
		{"schema not object", sch(`"x"`), `schemas[1]: want an object like {"subject": "orders-value", "schema": "..."}`},
		{"subject missing", sch(`{"schema": "\"int\""}`), "schemas[1].subject: required"},
		{"subject empty", sch(`{"subject": "", "schema": "\"int\""}`), "schemas[1].subject: must not be empty"},
		{"subject type", sch(`{"subject": 1}`), "schemas[1].subject: want a string"},
		{"schema missing", sch(`{"subject": "a"}`), "schemas[1].schema: required"},
		{"schema empty", sch(`{"subject": "a", "schema": ""}`), "schemas[1].schema: must not be empty"},
		{"schema number", sch(`{"subject": "a", "schema": 1}`), "schemas[1].schema: want the schema's text as a string (an Avro or JSON Schema document may also be given as JSON)"},
		{"protobuf as JSON", sch(`{"subject": "a", "schemaType": "PROTOBUF", "schema": {}}`), "schemas[1].schema: want the schema's text as a string (an Avro or JSON Schema document may also be given as JSON)"},
		{"schema type", sch(`{"subject": "a", "schemaType": "JSONSCHEMA", "schema": "{}"}`), `schemas[1].schemaType: "JSONSCHEMA" is not a schema type: want AVRO, JSON or PROTOBUF`},
		{"schema field", sch(`{"subject": "a", "schemaTyp": "AVRO"}`), `schemas[1]: unknown field "schemaTyp" (did you mean "schemaType"?)`},
		{"references type", sch(`{"subject": "a", "schema": "x", "references": {}}`), "schemas[1].references: want an array"},
		{"reference not object", sch(`{"subject": "a", "schema": "x", "references": [1]}`), `schemas[1].references[0]: want an object like {"name": "customer.avsc", "subject": "customer", "version": 1}`},
		{"reference version missing", sch(`{"subject": "a", "schema": "x", "references": [{"name": "n", "subject": "s"}]}`), "schemas[1].references[0].version: required"},
		{"reference version zero", sch(`{"subject": "a", "schema": "x", "references": [{"name": "n", "subject": "s", "version": 0}]}`), "schemas[1].references[0].version: want a version number from 1"},
		{"reference field", sch(`{"subject": "a", "schema": "x", "references": [{"nam": "n"}]}`), `schemas[1].references[0]: unknown field "nam" (did you mean "name"?)`},
		{"data without schema", rec(`{"value_avro": 1}`), "topics[0].records[1].value_avro: needs value_schema_subject or value_schema_id: the schema the data is of"},
		{"schema without data", rec(`{"key_schema_id": 1}`), "topics[0].records[1].key_schema_id: needs key_avro, key_jsonschema or key_protobuf: the data of the schema"},
		{"subject and id", rec(`{"value_schema_id": 1, "value_schema_subject": "s", "value_avro": 1}`), "topics[0].records[1].value_schema_subject: only one of value_schema_subject and value_schema_id may be given (value_schema_id is given too)"},
		{"data and another form", rec(`{"value": "x", "value_protobuf": {}}`), "topics[0].records[1].value_protobuf: only one of value, value_json, value_base64, value_avro, value_jsonschema and value_protobuf may be given (value is given too)"},
		{"two data forms", rec(`{"key_avro": 1, "key_jsonschema": 1}`), "topics[0].records[1].key_jsonschema: only one of key, key_json, key_base64, key_avro, key_jsonschema and key_protobuf may be given (key_avro is given too)"},
		{"schema id zero", rec(`{"value_schema_id": 0, "value_avro": 1}`), "topics[0].records[1].value_schema_id: want a schema id from 1"},
		{"schema id type", rec(`{"value_schema_id": "1", "value_avro": 1}`), "topics[0].records[1].value_schema_id: want an integer"},
		{"subject empty in record", rec(`{"key_schema_subject": "", "key_avro": 1}`), "topics[0].records[1].key_schema_subject: must not be empty"},
		{"record field misspelled", rec(`{"value_arvo": 1}`), `topics[0].records[1]: unknown field "value_arvo" (did you mean "value_avro"?)`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			wantLoadError(t, tt.doc, tt.want)
		})
	}
}

// TestApplySchemaErrors: problems that depend on the registry are named by
// the seed's field, and a seed with schemas needs a SchemaTarget.
func TestApplySchemaErrors(t *testing.T) {
	t.Parallel()
	const schemas = `"schemas": [{"subject": "a", "schema": "\"string\""}, {"subject": "p", "schemaType": "PROTOBUF", "schema": "syntax = \"proto3\"; message M {}"}]`
	rec := func(r string) string {
		return `{` + schemas + `, "topics": [{"name": "t", "records": [{}, ` + r + `]}]}`
	}
	tests := []struct{ name, doc, want string }{
		{"schema does not parse", `{"schemas": [{"subject": "a", "schema": "{\"type\": \"recrod\"}"}]}`, `schemas[0]: subject "a": Invalid schema of type AVRO, details: avro: unknown type: recrod`},
		{"incompatible version", `{"schemas": [{"subject": "a", "schema": "\"string\""}, {"subject": "a", "schema": "\"int\""}]}`, `schemas[1]: subject "a": Schema being registered is incompatible with an earlier schema for subject "a", details: [{errorType:'TYPE_MISMATCH', description:'The type (path '/') of a field in the new schema does not match with the old schema', additionalInfo:'reader type: INT not compatible with writer type: STRING'}, {oldSchemaVersion: 1}, {oldSchema: '"string"'}, {validateFields: 'false', compatibility: 'BACKWARD'}]`},
		{"missing reference", `{"schemas": [{"subject": "a", "schema": "\"string\"", "references": [{"name": "x", "subject": "nope", "version": 1}]}]}`, `schemas[0]: subject "a": Invalid schema of type AVRO, details: No schema reference found for subject "nope" and version 1`},
		{"unknown subject", rec(`{"value_schema_subject": "b", "value_avro": "x"}`), `topics[0].records[1].value_schema_subject: no schema is registered under subject "b"`},
		{"unknown id", rec(`{"key_schema_id": 9, "key_avro": "x"}`), "topics[0].records[1].key_schema_id: no schema has id 9"},
		{"wrong form", rec(`{"value_schema_subject": "p", "value_avro": {}}`), `topics[0].records[1].value_avro: schema 2 (subject "p" version 1) is PROTOBUF: give the data as value_protobuf`},
		{"wrong form by id", rec(`{"key_schema_id": 1, "key_jsonschema": "x"}`), "topics[0].records[1].key_jsonschema: schema 1 is AVRO: give the data as key_avro"},
		{"data does not fit", rec(`{"value_schema_id": 1, "value_avro": "unfit"}`), "topics[0].records[1].value_avro: does not fit schema 1: not the schema's type"},
	}
	cases := make([]seedtest.ApplyError, len(tests))
	for i, tt := range tests {
		cases[i] = seedtest.ApplyError{Name: tt.name, Doc: tt.doc, Want: tt.want}
	}
	seedtest.CheckApplyErrorCases(t, "", cases, func(t *testing.T, sd *seed.Seed) error { return sd.Apply(newRegistryLog(t)) })

	noRegistry := []struct{ doc, want string }{
		{`{` + schemas + `}`, "schemas: needs a schema registry, and the log has none"},
		{`{"topics": [{"name": "t", "records": [{"value_schema_id": 1, "value_avro": 1}]}]}`, "topics[0].records[0].value_schema_id: needs a schema registry, and the log has none"},
	}
	for _, tt := range noRegistry {
		sd, err := seed.Load(strings.NewReader(tt.doc))
		if err != nil {
			t.Fatal(err)
		}
		l := fakelog.New()
		err = sd.Apply(l)
		_ = l.Close()
		if err == nil || err.Error() != tt.want {
			t.Errorf("Apply(%s) on a log without registry = %v, want %q", tt.doc, err, tt.want)
		}
	}
}
