package scenario

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"reflect"
	"strconv"
	"strings"
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
// `faults[2].kafka_error: unknown Kafka error "FOO"` or
// `faults[0].match.partition: want an integer`; a JSON syntax error starts
// with its line and column (1-based, the column counted in bytes), as in
// `3:14: invalid character '}' looking for beginning of value`. Only the
// first problem is reported. Load reads r to the end and does not close
// it.
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
	data, err := os.ReadFile(path)
	if err != nil {
		var pe *fs.PathError
		if errors.As(err, &pe) {
			return nil, fmt.Errorf("%s: %w", path, pe.Err)
		}
		return nil, fmt.Errorf("%s: %w", path, err)
	}
	faults, err := parse(data)
	if err != nil {
		var se *syntaxError
		if errors.As(err, &se) {
			return nil, fmt.Errorf("%s:%w", path, err) // "path:3:14: ..."
		}
		return nil, fmt.Errorf("%s: %w", path, err)
	}
	return faults, nil
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
		path := "faults[" + strconv.Itoa(i) + "]"
		if err := checkFields(raw, reflect.TypeFor[Fault](), path); err != nil {
			return nil, err
		}
		var f Fault
		if err := json.Unmarshal(raw, &f); err != nil {
			return nil, decodeError(raw, path, err)
		}
		if err := f.Validate(); err != nil {
			var fe *fieldError
			if errors.As(err, &fe) {
				return nil, &fieldError{path: joinPath(path, fe.path), msg: fe.msg}
			}
			return nil, fmt.Errorf("%s: %w", path, err)
		}
		faults = append(faults, f)
	}
	return faults, nil
}

// fieldError is a problem with one field of a rule or of a scenario file.
type fieldError struct {
	path string // JSON path such as "faults[2].match.partition"; "" for the whole document
	msg  string
	err  error // the underlying decoding error, if any
}

func fieldErrorf(path, format string, args ...any) *fieldError {
	return &fieldError{path: path, msg: fmt.Sprintf(format, args...)}
}

func (e *fieldError) Error() string {
	if e.path == "" {
		return e.msg
	}
	return e.path + ": " + e.msg
}

func (e *fieldError) Unwrap() error { return e.err }

// syntaxError is a JSON syntax error with its position.
type syntaxError struct {
	line, col int
	err       *json.SyntaxError
}

func (e *syntaxError) Error() string {
	return strconv.Itoa(e.line) + ":" + strconv.Itoa(e.col) + ": " + e.err.Error()
}

func (e *syntaxError) Unwrap() error { return e.err }

// decodeError turns an error of json.Unmarshal(data, ...) into a
// *syntaxError or a *fieldError under path.
func decodeError(data []byte, path string, err error) error {
	var se *json.SyntaxError
	if errors.As(err, &se) {
		pos := int(se.Offset) - 1 // Offset is just past the offending byte
		if strings.HasPrefix(se.Error(), "unexpected end") || pos < 0 {
			pos = int(se.Offset)
		}
		pos = min(pos, len(data))
		line := 1 + bytes.Count(data[:pos], []byte("\n"))
		col := pos - bytes.LastIndexByte(data[:pos], '\n')
		return &syntaxError{line: line, col: col, err: se}
	}
	var te *json.UnmarshalTypeError
	if errors.As(err, &te) {
		p := joinPath(path, te.Field)
		if p == "" {
			return &fieldError{msg: `want an object like {"faults": [...]}`, err: err}
		}
		return &fieldError{path: p, msg: wantMessage(te), err: err}
	}
	return &fieldError{path: path, msg: err.Error(), err: err}
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
			msg := fmt.Sprintf("unknown field %q", key)
			if name, ok := jsonFieldFold(t, key); ok {
				msg += fmt.Sprintf(" (did you mean %q?)", name)
			}
			return &fieldError{path: path, msg: msg}
		}
		if err := checkFields(val, ft, joinPath(path, key)); err != nil {
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

// jsonFieldFold returns the JSON name of the field of struct type t that
// equals name case-insensitively.
func jsonFieldFold(t reflect.Type, name string) (string, bool) {
	for f := range t.Fields() {
		if n := jsonName(f); n != "" && strings.EqualFold(n, name) {
			return n, true
		}
	}
	return "", false
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

// joinPath joins JSON path elements with a dot, skipping empty ones.
func joinPath(a, b string) string {
	switch {
	case a == "":
		return b
	case b == "":
		return a
	}
	return a + "." + b
}
