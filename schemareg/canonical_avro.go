package schemareg

import (
	"fmt"
	"strings"

	"github.com/hamba/avro/v2"
	"github.com/kafkarestmock/kafkarestmock/internal/jsonv"
)

// This file turns Avro schema text into what the registry stores: Java's
// Schema.toString() (compact), which AvroSchema.canonicalString() returns.
// hamba/avro parses and validates (its String() is the Parsing Canonical
// Form, which drops doc, defaults and aliases, so it is not used for the
// text); a printer of our own walks the source JSON and writes it back in
// the order Java's Schema.toJson writes it:
//
//   - a primitive without properties is its bare name ("string"), with
//     properties {"type":"long","logicalType":...,...} (properties in source
//     order: logicalType, precision, scale and any custom one);
//   - record: type, name, namespace (only where it differs from the
//     enclosing one; "" for a null namespace inside a named one), doc,
//     fields, properties, aliases; each field: name, type, doc, default,
//     order (unless ascending), aliases, properties;
//   - enum: type, name, namespace, doc, symbols, default, properties, aliases;
//   - fixed: type, name, namespace, doc, size, properties, aliases;
//   - array/map: type, items/values, properties;
//   - a named type seen before, or one defined by a reference, is printed
//     by name: its short name inside its own namespace, else its full name.
//
// Floating-point defaults are printed as Java prints a double (1.50 → 1.5).

var avroPrimitives = map[string]bool{
	"null": true, "boolean": true, "int": true, "long": true,
	"float": true, "double": true, "bytes": true, "string": true,
}

var avroSchemaReserved = map[string]bool{
	"type": true, "name": true, "namespace": true, "fields": true, "items": true,
	"values": true, "size": true, "symbols": true, "doc": true, "aliases": true,
}

var avroFieldReserved = map[string]bool{
	"name": true, "type": true, "doc": true, "default": true, "order": true, "aliases": true,
}

// parseAvro validates text with hamba (references, already canonical,
// parsed first into the same cache) and returns its canonical text.
func parseAvro(text string, refs []resolvedRef) (parsed, error) {
	cache := &avro.SchemaCache{}
	known := map[string]bool{}
	for _, r := range refs {
		if r.typ != Avro {
			return parsed{}, fmt.Errorf("reference %s is of type %s", r.name, r.typ)
		}
		s, err := avro.ParseWithCache(r.canonical, "", cache)
		if err != nil {
			return parsed{}, fmt.Errorf("invalid reference %s: %w", r.name, err)
		}
		collectAvroNames(s, known, map[avro.Schema]bool{})
	}
	root, ok, err := jsonv.Parse([]byte(text))
	if err != nil {
		return parsed{}, err
	}
	if !ok {
		return parsed{}, fmt.Errorf("No content to map due to end-of-input")
	}
	if err := checkAvroKeys(root); err != nil {
		return parsed{}, err
	}
	s, err := avro.ParseWithCache(text, "", cache)
	if err != nil {
		return parsed{}, err
	}
	p := avroPrinter{known: known}
	if err := p.schema(root, ""); err != nil {
		return parsed{}, err
	}
	return parsed{canonical: string(p.b), avro: s}, nil
}

// collectAvroNames records the full names a referenced schema defines.
func collectAvroNames(s avro.Schema, into map[string]bool, seen map[avro.Schema]bool) {
	if seen[s] {
		return
	}
	seen[s] = true
	switch t := s.(type) {
	case *avro.RecordSchema:
		into[t.FullName()] = true
		for _, f := range t.Fields() {
			collectAvroNames(f.Type(), into, seen)
		}
	case *avro.EnumSchema:
		into[t.FullName()] = true
	case *avro.FixedSchema:
		into[t.FullName()] = true
	case *avro.ArraySchema:
		collectAvroNames(t.Items(), into, seen)
	case *avro.MapSchema:
		collectAvroNames(t.Values(), into, seen)
	case *avro.UnionSchema:
		for _, u := range t.Types() {
			collectAvroNames(u, into, seen)
		}
	}
}

type avroPrinter struct {
	b     []byte
	known map[string]bool // full names already defined
}

func qualified(full, space string) string {
	if i := strings.LastIndexByte(full, '.'); i >= 0 {
		if full[:i] == space {
			return full[i+1:]
		}
		return full
	}
	return full
}

func (p *avroPrinter) schema(v jsonv.Value, space string) error {
	switch v.Kind {
	case jsonv.String:
		name := v.Str()
		if avroPrimitives[name] {
			p.b = appendJSONString(p.b, name)
			return nil
		}
		full := name
		if !strings.Contains(name, ".") && space != "" {
			full = space + "." + name
		}
		p.b = appendJSONString(p.b, qualified(full, space))
		return nil
	case jsonv.Array:
		p.b = append(p.b, '[')
		for i, it := range v.Items {
			if i > 0 {
				p.b = append(p.b, ',')
			}
			if err := p.schema(it, space); err != nil {
				return err
			}
		}
		p.b = append(p.b, ']')
		return nil
	case jsonv.Object:
		return p.object(v, space)
	}
	return fmt.Errorf("not a schema: %s", v.Raw)
}

func (p *avroPrinter) object(v jsonv.Value, space string) error {
	tv, ok := v.Field("type")
	if !ok {
		return fmt.Errorf("No type: %s", v.Raw)
	}
	if tv.Kind != jsonv.String {
		return p.schema(tv, space)
	}
	t := tv.Str()
	switch t {
	case "record", "error":
		return p.record(v, t, space)
	case "enum":
		return p.enum(v, space)
	case "fixed":
		return p.fixed(v, space)
	case "array", "map":
		key := "items"
		if t == "map" {
			key = "values"
		}
		p.b = append(p.b, `{"type":`...)
		p.b = appendJSONString(p.b, t)
		p.b = append(p.b, ',')
		p.b = appendJSONString(p.b, key)
		p.b = append(p.b, ':')
		inner, ok := v.Field(key)
		if !ok {
			return fmt.Errorf("%s has no %s: %s", t, key, v.Raw)
		}
		if err := p.schema(inner, space); err != nil {
			return err
		}
		p.props(v, avroSchemaReserved)
		p.b = append(p.b, '}')
		return nil
	}
	if avroPrimitives[t] {
		if !hasProps(v, avroSchemaReserved) {
			p.b = appendJSONString(p.b, t)
			return nil
		}
		p.b = append(p.b, `{"type":`...)
		p.b = appendJSONString(p.b, t)
		p.props(v, avroSchemaReserved)
		p.b = append(p.b, '}')
		return nil
	}
	return p.schema(tv, space) // {"type":"com.ex.Named"}
}

func hasProps(v jsonv.Value, reserved map[string]bool) bool {
	for _, f := range v.Fields {
		if !reserved[f.Name] {
			return true
		}
	}
	return false
}

func (p *avroPrinter) props(v jsonv.Value, reserved map[string]bool) {
	for _, f := range dedupeFields(v.Fields) {
		if reserved[f.Name] {
			continue
		}
		p.b = append(p.b, ',')
		p.b = appendJSONString(p.b, f.Name)
		p.b = append(p.b, ':')
		p.b = appendCompact(p.b, f.Value, numbersAsDouble)
	}
}

// name writes "name" and, where needed, "namespace"; it returns the named
// type's own namespace.
func (p *avroPrinter) name(v jsonv.Value, space string) (string, error) {
	nv, ok := v.Field("name")
	if !ok || nv.Kind != jsonv.String {
		return "", fmt.Errorf("No name in schema: %s", v.Raw)
	}
	name := nv.Str()
	own := space
	if i := strings.LastIndexByte(name, '.'); i >= 0 {
		own, name = name[:i], name[i+1:]
	} else if ns, ok := v.Field("namespace"); ok && ns.Kind == jsonv.String {
		own = ns.Str()
	}
	full := name
	if own != "" {
		full = own + "." + name
	}
	p.known[full] = true
	p.b = append(p.b, `,"name":`...)
	p.b = appendJSONString(p.b, name)
	switch {
	case own != "" && own != space:
		p.b = append(p.b, `,"namespace":`...)
		p.b = appendJSONString(p.b, own)
	case own == "" && space != "":
		p.b = append(p.b, `,"namespace":""`...)
	}
	return own, nil
}

func (p *avroPrinter) doc(v jsonv.Value) {
	if d, ok := v.Field("doc"); ok && d.Kind == jsonv.String {
		p.b = append(p.b, `,"doc":`...)
		p.b = appendJSONString(p.b, d.Str())
	}
}

// aliases prints a named type's aliases relative to its namespace.
func (p *avroPrinter) aliases(v jsonv.Value, own string) {
	a, ok := v.Field("aliases")
	if !ok || a.Kind != jsonv.Array || len(a.Items) == 0 {
		return
	}
	p.b = append(p.b, `,"aliases":[`...)
	for i, it := range a.Items {
		if i > 0 {
			p.b = append(p.b, ',')
		}
		full := it.Str()
		if !strings.Contains(full, ".") && own != "" {
			full = own + "." + full
		}
		p.b = appendJSONString(p.b, qualified(full, own))
	}
	p.b = append(p.b, ']')
}

func (p *avroPrinter) record(v jsonv.Value, t, space string) error {
	p.b = append(p.b, `{"type":`...)
	p.b = appendJSONString(p.b, t)
	own, err := p.name(v, space)
	if err != nil {
		return err
	}
	p.doc(v)
	p.b = append(p.b, `,"fields":[`...)
	fields, ok := v.Field("fields")
	if !ok || fields.Kind != jsonv.Array {
		return fmt.Errorf("Record has no fields: %s", v.Raw)
	}
	for i, f := range fields.Items {
		if i > 0 {
			p.b = append(p.b, ',')
		}
		if err := p.field(f, own); err != nil {
			return err
		}
	}
	p.b = append(p.b, ']')
	p.props(v, avroSchemaReserved)
	p.aliases(v, own)
	p.b = append(p.b, '}')
	return nil
}

func (p *avroPrinter) field(f jsonv.Value, space string) error {
	name, _ := f.Field("name")
	p.b = append(p.b, `{"name":`...)
	p.b = appendJSONString(p.b, name.Str())
	p.b = append(p.b, `,"type":`...)
	t, _ := f.Field("type")
	if err := p.schema(t, space); err != nil {
		return err
	}
	p.doc(f)
	if d, ok := f.Field("default"); ok {
		p.b = append(p.b, `,"default":`...)
		p.b = appendCompact(p.b, d, numbersAsDouble)
	}
	if o, ok := f.Field("order"); ok && o.Kind == jsonv.String && strings.ToLower(o.Str()) != "ascending" {
		p.b = append(p.b, `,"order":`...)
		p.b = appendJSONString(p.b, strings.ToLower(o.Str()))
	}
	if a, ok := f.Field("aliases"); ok && a.Kind == jsonv.Array && len(a.Items) > 0 {
		p.b = append(p.b, `,"aliases":`...)
		p.b = appendCompact(p.b, a, numbersAsDouble)
	}
	p.props(f, avroFieldReserved)
	p.b = append(p.b, '}')
	return nil
}

func (p *avroPrinter) enum(v jsonv.Value, space string) error {
	p.b = append(p.b, `{"type":"enum"`...)
	own, err := p.name(v, space)
	if err != nil {
		return err
	}
	p.doc(v)
	syms, ok := v.Field("symbols")
	if !ok || syms.Kind != jsonv.Array {
		return fmt.Errorf("Enum has no symbols: %s", v.Raw)
	}
	p.b = append(p.b, `,"symbols":`...)
	p.b = appendCompact(p.b, syms, numbersAsDouble)
	if d, ok := v.Field("default"); ok && d.Kind == jsonv.String {
		p.b = append(p.b, `,"default":`...)
		p.b = appendJSONString(p.b, d.Str())
	}
	p.props(v, enumReserved)
	p.aliases(v, own)
	p.b = append(p.b, '}')
	return nil
}

var enumReserved = func() map[string]bool {
	m := map[string]bool{"default": true}
	for k := range avroSchemaReserved {
		m[k] = true
	}
	return m
}()

func (p *avroPrinter) fixed(v jsonv.Value, space string) error {
	p.b = append(p.b, `{"type":"fixed"`...)
	own, err := p.name(v, space)
	if err != nil {
		return err
	}
	p.doc(v)
	size, ok := v.Field("size")
	if !ok || size.Kind != jsonv.Number {
		return fmt.Errorf("Invalid or no size: %s", v.Raw)
	}
	p.b = append(p.b, `,"size":`...)
	p.b = appendCompact(p.b, size, numbersAsDouble)
	p.props(v, avroSchemaReserved)
	p.aliases(v, own)
	p.b = append(p.b, '}')
	return nil
}

// checkAvroKeys refuses keys that differ from an Avro keyword only by case:
// hamba matches keys case-insensitively, Java's parser does not (it would
// keep "Name" as a property and miss "name").
func checkAvroKeys(v jsonv.Value) error {
	for _, it := range v.Items {
		if err := checkAvroKeys(it); err != nil {
			return err
		}
	}
	for _, f := range v.Fields {
		low := strings.ToLower(f.Name)
		if low != f.Name && (avroSchemaReserved[low] || avroFieldReserved[low] || low == "default") {
			return fmt.Errorf("avro: key %q is not an Avro keyword (keywords are lower case)", f.Name)
		}
		if f.Name == "default" {
			continue // a value, not a schema
		}
		if err := checkAvroKeys(f.Value); err != nil {
			return err
		}
	}
	return nil
}
