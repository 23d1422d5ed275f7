package seed

// Schemas in seed files: the schemas registered before the topics are
// created, and record keys and values given as data of a schema, stored in
// Confluent's wire format.

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"

	"github.com/kafkarestmock/kafkarestmock/internal/fileerr"
	"github.com/kafkarestmock/kafkarestmock/schemareg"
)

// SchemaTarget is a Target with a schema registry. Apply registers a
// seed's schemas through it and converts the keys and values given as data
// of a schema (key_avro, value_protobuf, ...) with it; a seed that has
// either needs one. mockproxy's servers give Apply a SchemaTarget backed by
// their registry and the proxy's own serializers.
type SchemaTarget interface {
	Target
	// RegisterSchema registers s under subject, as POST
	// /subjects/{subject}/versions does, and returns its global id.
	RegisterSchema(subject string, s schemareg.Schema) (id int, err error)
	// SchemaVersion returns subject's version n; -1 is the latest.
	SchemaVersion(subject string, n int) (schemareg.SubjectVersion, error)
	// SchemaByID returns the schema with global id id.
	SchemaByID(id int) (schemareg.Schema, error)
	// EncodeSchemaData converts data, one JSON value, to Confluent's wire
	// format (magic byte, schema id, Protobuf message indexes, payload)
	// with the schema whose global id is id, as the REST Proxy's
	// serializers do for a produced key or value.
	EncodeSchemaData(id int, data []byte) ([]byte, error)
}

// schemaEntry is one entry of the seed's schemas.
type schemaEntry struct {
	subject string
	schema  schemareg.Schema
}

// schemaData is a record's key or value given as data of a schema.
type schemaData struct {
	name    string // "key" or "value"
	subject string // the subject whose latest version is the schema, or ""
	id      int    // the schema's global id when subject is ""
	refKey  string // the field naming the schema: "value_schema_subject", ...
	typ     schemareg.SchemaType
	dataKey string // the field holding the data: "value_avro", ...
	data    []byte // the data, compact JSON
}

// recordSchemas is what of a record is given as data of a schema.
type recordSchemas struct {
	key, value *schemaData
}

// dataForms are the fields that give a key's or value's data of a schema,
// by suffix, with the schema type each needs.
var dataForms = []struct {
	suffix string
	typ    schemareg.SchemaType
}{
	{"_avro", schemareg.Avro},
	{"_jsonschema", schemareg.JSON},
	{"_protobuf", schemareg.Protobuf},
}

// dataForm returns the schema type field key (name + "_avro", ...) gives
// data of, for name "key" or "value".
func dataForm(name, key string) (schemareg.SchemaType, bool) {
	for _, f := range dataForms {
		if key == name+f.suffix {
			return f.typ, true
		}
	}
	return "", false
}

// dataField returns the field that gives data of schema type typ.
func dataField(name string, typ schemareg.SchemaType) string {
	for _, f := range dataForms {
		if f.typ == typ {
			return name + f.suffix
		}
	}
	return name + "_avro"
}

// parseSchemas parses the seed's schemas.
func parseSchemas(raw json.RawMessage) ([]schemaEntry, error) {
	items, err := arrayItems(raw, "schemas")
	if err != nil {
		return nil, err
	}
	out := make([]schemaEntry, 0, len(items))
	for i, item := range items {
		e, err := parseSchema(item, fileerr.Index("schemas", i))
		if err != nil {
			return nil, err
		}
		out = append(out, e)
	}
	return out, nil
}

// parseSchema parses the schema entry at path.
func parseSchema(raw json.RawMessage, path string) (schemaEntry, error) {
	var e schemaEntry
	members, err := objectMembers(raw, path, `want an object like {"subject": "orders-value", "schema": "..."}`)
	if err != nil {
		return e, err
	}
	var text json.RawMessage
	textPath := path + ".schema"
	for _, m := range members {
		switch m.key {
		case "subject":
			if e.subject, err = stringValue(m.val, m.path); err != nil {
				return e, err
			}
			if e.subject == "" {
				return e, fileerr.New(m.path, "must not be empty")
			}
		case "schemaType":
			s, err := stringValue(m.val, m.path)
			if err != nil {
				return e, err
			}
			switch t := schemareg.SchemaType(s); t {
			case schemareg.Avro, schemareg.JSON, schemareg.Protobuf:
				e.schema.Type = t
			default:
				return e, fileerr.Errorf(m.path, "%q is not a schema type: want AVRO, JSON or PROTOBUF", s)
			}
		case "schema":
			text = bytes.TrimSpace(m.val)
		case "references":
			if e.schema.References, err = parseReferences(m.val, m.path); err != nil {
				return e, err
			}
		default:
			return e, fileerr.UnknownField(path, m.key, "subject", "schemaType", "schema", "references")
		}
	}
	if e.subject == "" {
		return e, fileerr.New(path+".subject", "required")
	}
	if e.schema.Type == "" {
		e.schema.Type = schemareg.Avro
	}
	switch {
	case text == nil:
		return e, fileerr.New(textPath, "required")
	case text[0] == '"':
		s, _ := stringValue(text, textPath)
		e.schema.Text = s
	case e.schema.Type != schemareg.Protobuf && (text[0] == '{' || text[0] == '['):
		// An Avro or JSON Schema document may be given as JSON itself.
		e.schema.Text = string(compactJSON(text))
	default:
		return e, fileerr.New(textPath, "want the schema's text as a string (an Avro or JSON Schema document may also be given as JSON)")
	}
	if e.schema.Text == "" {
		return e, fileerr.New(textPath, "must not be empty")
	}
	return e, nil
}

// parseReferences parses a schema's references.
func parseReferences(raw json.RawMessage, path string) ([]schemareg.Reference, error) {
	items, err := arrayItems(raw, path)
	if err != nil {
		return nil, err
	}
	out := make([]schemareg.Reference, 0, len(items))
	for i, item := range items {
		rpath := fileerr.Index(path, i)
		members, err := objectMembers(item, rpath, `want an object like {"name": "customer.avsc", "subject": "customer", "version": 1}`)
		if err != nil {
			return nil, err
		}
		var ref schemareg.Reference
		for _, m := range members {
			switch m.key {
			case "name", "subject":
				s, err := stringValue(m.val, m.path)
				if err != nil {
					return nil, err
				}
				if s == "" {
					return nil, fileerr.New(m.path, "must not be empty")
				}
				if m.key == "name" {
					ref.Name = s
				} else {
					ref.Subject = s
				}
			case "version":
				n, err := intValue(m.val, m.path)
				if err != nil {
					return nil, err
				}
				if n < 1 || n > 1<<31-1 {
					return nil, fileerr.New(m.path, "want a version number from 1")
				}
				ref.Version = int(n)
			default:
				return nil, fileerr.UnknownField(rpath, m.key, "name", "subject", "version")
			}
		}
		for _, f := range []struct {
			name string
			ok   bool
		}{{"name", ref.Name != ""}, {"subject", ref.Subject != ""}, {"version", ref.Version != 0}} {
			if !f.ok {
				return nil, fileerr.New(rpath+"."+f.name, "required")
			}
		}
		out = append(out, ref)
	}
	return out, nil
}

// parseSchemaRef parses a record's name_schema_subject or name_schema_id
// into d.
func parseSchemaRef(m member, name string, d *schemaData) error {
	if d.refKey != "" {
		return fileerr.Errorf(m.path, "only one of %s_schema_subject and %s_schema_id may be given (%s is given too)", name, name, d.refKey)
	}
	d.refKey = m.key
	if m.key == name+"_schema_id" {
		n, err := intValue(m.val, m.path)
		if err != nil {
			return err
		}
		if n < 1 || n > 1<<31-1 {
			return fileerr.New(m.path, "want a schema id from 1")
		}
		d.id = int(n)
		return nil
	}
	s, err := stringValue(m.val, m.path)
	if err != nil {
		return err
	}
	if s == "" {
		return fileerr.New(m.path, "must not be empty")
	}
	d.subject = s
	return nil
}

// checkSchemaData checks that a record's key or value (name) given as data
// of a schema names both the schema and the data, and returns it, or nil
// when neither is given.
func checkSchemaData(d *schemaData, path, name string) (*schemaData, error) {
	switch {
	case d.refKey == "" && d.dataKey == "":
		return nil, nil
	case d.refKey == "":
		return nil, fileerr.Errorf(fileerr.Join(path, d.dataKey), "needs %s_schema_subject or %s_schema_id: the schema the data is of", name, name)
	case d.dataKey == "":
		return nil, fileerr.Errorf(fileerr.Join(path, d.refKey), "needs %s_avro, %s_jsonschema or %s_protobuf: the data of the schema", name, name, name)
	}
	return d, nil
}

// hasSchemas reports whether applying the seed needs a SchemaTarget.
func (sd *Seed) hasSchemas() bool {
	if len(sd.schemas) > 0 {
		return true
	}
	for _, t := range sd.topics {
		if t.schemaData != nil {
			return true
		}
	}
	return false
}

// applySchemas registers the seed's schemas in st, in file order.
func (sd *Seed) applySchemas(st SchemaTarget) error {
	for i, e := range sd.schemas {
		if _, err := st.RegisterSchema(e.subject, e.schema); err != nil {
			return fileerr.Errorf(fileerr.Index("schemas", i), "subject %q: %s", e.subject, registryText(err))
		}
	}
	return nil
}

// encodeSchemaData converts a record's key or value given as data of a
// schema to the wire format; path is the record's.
func encodeSchemaData(st SchemaTarget, d *schemaData, path string) ([]byte, error) {
	refPath := fileerr.Join(path, d.refKey)
	id := d.id
	var sch schemareg.Schema
	var what string
	if d.subject != "" {
		sv, err := st.SchemaVersion(d.subject, -1)
		if err != nil {
			if re, ok := errors.AsType[*schemareg.Error](err); ok && re.Code == schemareg.CodeSubjectNotFound {
				return nil, fileerr.Errorf(refPath, "no schema is registered under subject %q", d.subject)
			}
			return nil, fileerr.Errorf(refPath, "subject %q: %s", d.subject, registryText(err))
		}
		id, sch = sv.ID, sv.Schema
		what = fmt.Sprintf("schema %d (subject %q version %d)", id, d.subject, sv.Version)
	} else {
		s, err := st.SchemaByID(id)
		if err != nil {
			if re, ok := errors.AsType[*schemareg.Error](err); ok && re.Code == schemareg.CodeSchemaNotFound {
				return nil, fileerr.Errorf(refPath, "no schema has id %d", id)
			}
			return nil, fileerr.Errorf(refPath, "schema %d: %s", id, registryText(err))
		}
		sch = s
		what = fmt.Sprintf("schema %d", id)
	}
	typ := sch.Type
	if typ == "" {
		typ = schemareg.Avro
	}
	dataPath := fileerr.Join(path, d.dataKey)
	if typ != d.typ {
		return nil, fileerr.Errorf(dataPath, "%s is %s: give the data as %s", what, typ, dataField(d.name, typ))
	}
	if string(d.data) == "null" {
		return nil, nil // Kafka's null, as the REST Proxy produces a null value
	}
	b, err := st.EncodeSchemaData(id, d.data)
	if err != nil {
		return nil, fileerr.Errorf(dataPath, "does not fit %s: %v", what, err)
	}
	return b, nil
}

// registryText is a registry's refusal without its error code.
func registryText(err error) string {
	if re, ok := errors.AsType[*schemareg.Error](err); ok {
		return re.Message
	}
	return err.Error()
}

// parseSchemaField parses m into d when it is one of the fields that give
// d.name ("key" or "value") as data of a schema, and reports whether it
// is. The data fields count as a form of d.name, of which given names the
// one given (see parsePayload).
func parseSchemaField(m member, d *schemaData, given *string) (bool, error) {
	switch m.key {
	case d.name + "_schema_subject", d.name + "_schema_id":
		return true, parseSchemaRef(m, d.name, d)
	}
	typ, ok := dataForm(d.name, m.key)
	if !ok {
		return false, nil
	}
	if *given != "" {
		return true, fileerr.Errorf(m.path, "only one of %s may be given (%s is given too)", payloadForms(d.name), *given)
	}
	*given = m.key
	d.typ, d.dataKey, d.data = typ, m.key, compactJSON(bytes.TrimSpace(m.val))
	return true, nil
}

// schemaPath names the first part of the seed that needs a registry.
func (sd *Seed) schemaPath() string {
	if len(sd.schemas) > 0 {
		return "schemas"
	}
	for i, t := range sd.topics {
		for j, rs := range t.schemaData {
			if d := rs.key; d != nil {
				return fileerr.Join(fileerr.Index(fileerr.Index("topics", i)+".records", j), d.refKey)
			}
			if d := rs.value; d != nil {
				return fileerr.Join(fileerr.Index(fileerr.Index("topics", i)+".records", j), d.refKey)
			}
		}
	}
	return ""
}
