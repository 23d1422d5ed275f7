package scenario

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"reflect"
	"strings"

	"github.com/kafkarestmock/kafkarestmock/internal/fileerr"
)

// file is the top level of a scenario file.
type file struct {
	Faults []json.RawMessage `json:"faults"`
}

// Load reads a scenario file, {"faults": [rule, ...]}, and returns its
// rules in file order, each validated with [Fault.Validate]. Unknown
// fields are errors, at any depth (field names are case-sensitive).
//
// Errors name the rule and the field, as in
// `faults[2].kafka_error: unknown Kafka error "FOO"`,
// `faults[0].match.partition: want an integer` or
// `faults[1]: unknown field "tims" (did you mean "times"?)`; an unknown
// field that resembles no field is followed by the list of known fields.
// A JSON syntax error starts with its line and column (1-based, the
// column counted in bytes), as in `3:14: invalid character '}' looking
// for beginning of value`. Only the first problem is reported. Load reads
// r to the end and does not close it.
func Load(r io.Reader) ([]Fault, error) {
	data, err := io.ReadAll(r)
	if err != nil {
		return nil, err
	}
	return parse(data)
}

// LoadFile is [Load] on the named file. Its errors start with the path:
// "testdata/x.json: faults[1].times: must be >= 0", or, for syntax errors,
// "testdata/x.json:3:14: invalid character ...".
func LoadFile(path string) ([]Fault, error) {
	return fileerr.ParseFile(path, parse)
}

func parse(data []byte) ([]Fault, error) {
	var top file
	if err := json.Unmarshal(data, &top); err != nil {
		return nil, decodeError(data, "", err)
	}
	if err := checkFields(data, reflect.TypeFor[file](), ""); err != nil {
		return nil, err
	}
	faults := make([]Fault, 0, len(top.Faults))
	for i, raw := range top.Faults {
		path := fileerr.Index("faults", i)
		if err := checkFields(raw, reflect.TypeFor[Fault](), path); err != nil {
			return nil, err
		}
		var f Fault
		if err := json.Unmarshal(raw, &f); err != nil {
			return nil, decodeError(raw, path, err)
		}
		if err := f.Validate(); err != nil {
			if fe, ok := errors.AsType[*fileerr.Error](err); ok {
				return nil, fe.Under(path)
			}
			return nil, fmt.Errorf("%s: %w", path, err)
		}
		faults = append(faults, f)
	}
	return faults, nil
}

// fieldErrorf is a problem with the field at path of a rule or of a
// scenario file.
func fieldErrorf(path, format string, args ...any) *fileerr.Error {
	return fileerr.Errorf(path, format, args...)
}

// decodeError turns an error of json.Unmarshal(data, ...) into a
// *fileerr.SyntaxError or a *fileerr.Error under path.
func decodeError(data []byte, path string, err error) error {
	if se, ok := errors.AsType[*json.SyntaxError](err); ok {
		return fileerr.Syntax(data, se)
	}
	if te, ok := errors.AsType[*json.UnmarshalTypeError](err); ok {
		p := path
		if te.Field != "" {
			p = fileerr.Join(path, te.Field)
		}
		if p == "" {
			return &fileerr.Error{Msg: `want an object like {"faults": [...]}`, Err: err}
		}
		return &fileerr.Error{Path: p, Msg: wantMessage(te), Err: err}
	}
	return &fileerr.Error{Path: path, Msg: err.Error(), Err: err}
}

// wantMessage says what JSON the field of te wants.
func wantMessage(te *json.UnmarshalTypeError) string {
	t := te.Type
	for t.Kind() == reflect.Pointer {
		t = t.Elem()
	}
	switch t.Kind() {
	case reflect.Int, reflect.Int8, reflect.Int16, reflect.Int32, reflect.Int64,
		reflect.Uint, reflect.Uint8, reflect.Uint16, reflect.Uint32, reflect.Uint64:
		if n, ok := strings.CutPrefix(te.Value, "number "); ok && !strings.ContainsAny(n, ".eE") {
			return "integer " + n + " out of range"
		}
		return "want an integer"
	case reflect.Float32, reflect.Float64:
		return "want a number"
	case reflect.String:
		return "want a string"
	case reflect.Bool:
		return "want true or false"
	case reflect.Struct, reflect.Map:
		return "want an object"
	case reflect.Slice, reflect.Array:
		return "want an array"
	}
	return "want " + t.String()
}

// checkFields reports the first key of the JSON object data, in document
// order and at any depth, that names no field of the struct type t. It
// reports nothing when data is not an object: decoding reports that.
func checkFields(data []byte, t reflect.Type, path string) error {
	for t.Kind() == reflect.Pointer {
		t = t.Elem()
	}
	if t.Kind() != reflect.Struct {
		return nil
	}
	dec := json.NewDecoder(bytes.NewReader(data))
	if tok, err := dec.Token(); err != nil || tok != json.Delim('{') {
		return nil
	}
	for dec.More() {
		tok, err := dec.Token()
		if err != nil {
			return nil
		}
		key, _ := tok.(string)
		var val json.RawMessage
		if err := dec.Decode(&val); err != nil {
			return nil
		}
		ft, ok := jsonField(t, key)
		if !ok {
			return fileerr.UnknownField(path, key, jsonNames(t)...)
		}
		if err := checkFields(val, ft, fileerr.Join(path, key)); err != nil {
			return err
		}
	}
	return nil
}

// jsonField returns the type of the field of struct type t whose JSON name
// is exactly name.
func jsonField(t reflect.Type, name string) (reflect.Type, bool) {
	for f := range t.Fields() {
		if n := jsonName(f); n != "" && n == name {
			return f.Type, true
		}
	}
	return nil, false
}

// jsonNames returns the JSON names of the fields of struct type t, in
// declaration order.
func jsonNames(t reflect.Type) []string {
	var names []string
	for f := range t.Fields() {
		if n := jsonName(f); n != "" {
			names = append(names, n)
		}
	}
	return names
}

// jsonName returns the JSON name of an exported struct field, or "" if
// encoding/json ignores it.
func jsonName(f reflect.StructField) string {
	if !f.IsExported() {
		return ""
	}
	tag := f.Tag.Get("json")
	if tag == "-" {
		return ""
	}
	if name, _, _ := strings.Cut(tag, ","); name != "" {
		return name
	}
	return f.Name
}
