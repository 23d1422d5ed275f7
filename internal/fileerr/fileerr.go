// Package fileerr reports problems in the JSON files the mock reads (seed
// files, scenario files) in one form, so that every loader names a problem
// the same way:
//
//   - a problem with a field is its JSON path and a message, as in
//     `topics[1].records[3].value_base64: not base64 (...)` or
//     `faults[0].match.partition: want an integer` ([Error]);
//   - an unknown field suggests the known field it resembles, as in
//     `topics[0]: unknown field "partiton" (did you mean "partitions"?)`,
//     or lists the known fields when none is close ([UnknownField]);
//   - a JSON syntax error starts with its line and column, as in
//     `4:17: invalid character '}' looking for beginning of value`
//     ([SyntaxError]);
//   - a problem in a named file starts with the file's path:
//     `x.json: topics[0].partitions: want an integer`, `x.json:4:17: ...`
//     or `x.json: no such file or directory` ([ParseFile]).
package fileerr

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io/fs"
	"strconv"
	"strings"
)

// Error is a problem with one field of a JSON document.
type Error struct {
	// Path is the field's JSON path, such as
	// "topics[1].records[3].value_base64" or "faults[0].match"; "" for the
	// whole document.
	Path string
	// Msg says what is wrong.
	Msg string
	// Err is the underlying error, if any (a *json.UnmarshalTypeError, for
	// one); it is not part of the text.
	Err error
}

// New returns the error msg about the field at path.
func New(path, msg string) *Error {
	return &Error{Path: path, Msg: msg}
}

// Errorf returns the error about the field at path with the message
// fmt.Sprintf(format, args...).
func Errorf(path, format string, args ...any) *Error {
	return &Error{Path: path, Msg: fmt.Sprintf(format, args...)}
}

// Error returns "path: msg", or msg alone for the whole document.
func (e *Error) Error() string {
	if e.Path == "" {
		return e.Msg
	}
	return e.Path + ": " + e.Msg
}

// Unwrap returns the underlying error, if any.
func (e *Error) Unwrap() error { return e.Err }

// Under returns a copy of e whose path, relative to the value at path,
// is made absolute: Under("faults[2]") of `match.api: ...` is
// `faults[2].match.api: ...`, and of a problem with the whole value is
// `faults[2]: ...`.
func (e *Error) Under(path string) *Error {
	out := *e
	switch {
	case path == "":
	case e.Path == "":
		out.Path = path
	default:
		out.Path = path + "." + e.Path
	}
	return &out
}

// Join returns the path of the member key of the object at path: key for
// the document itself (path ""), path.key below it.
func Join(path, key string) string {
	if path == "" {
		return key
	}
	return path + "." + key
}

// Index returns the path of element i of the array at path, path[i].
func Index(path string, i int) string {
	return path + "[" + strconv.Itoa(i) + "]"
}

// SyntaxError is a JSON syntax error with its position: 1-based line and
// column, the column counted in bytes.
type SyntaxError struct {
	Line, Col int
	Err       *json.SyntaxError
}

// Syntax locates se, an error from decoding data, in data.
func Syntax(data []byte, se *json.SyntaxError) *SyntaxError {
	pos := int(se.Offset) - 1 // Offset is just past the offending byte
	if strings.HasPrefix(se.Error(), "unexpected end") || pos < 0 {
		pos = int(se.Offset)
	}
	pos = min(pos, len(data))
	line := 1 + bytes.Count(data[:pos], []byte("\n"))
	col := pos - bytes.LastIndexByte(data[:pos], '\n')
	return &SyntaxError{Line: line, Col: col, Err: se}
}

// Error returns "line:col: " and the decoder's message.
func (e *SyntaxError) Error() string {
	return strconv.Itoa(e.Line) + ":" + strconv.Itoa(e.Col) + ": " + e.Err.Error()
}

// Unwrap returns the decoder's error.
func (e *SyntaxError) Unwrap() error { return e.Err }

// UnknownField returns the error for the member key of the object at
// path, which names none of fields: `unknown field "vaule" (did you mean
// "value"?)` when a field equals key but for case or is within two edits
// of it, `unknown field "zz" (known fields: a, b, c)` otherwise.
func UnknownField(path, key string, fields ...string) *Error {
	msg := fmt.Sprintf("unknown field %q", key)
	best, bestDist := "", 3
	for _, f := range fields {
		if strings.EqualFold(f, key) {
			best = f
			break
		}
		if d := editDistance(strings.ToLower(key), f); d < bestDist {
			best, bestDist = f, d
		}
	}
	if best != "" {
		msg += fmt.Sprintf(" (did you mean %q?)", best)
	} else {
		msg += " (known fields: " + strings.Join(fields, ", ") + ")"
	}
	return New(path, msg)
}

// editDistance is the Levenshtein distance between a and b, in bytes.
func editDistance(a, b string) int {
	prev := make([]int, len(b)+1)
	cur := make([]int, len(b)+1)
	for j := range prev {
		prev[j] = j
	}
	for i := 1; i <= len(a); i++ {
		cur[0] = i
		for j := 1; j <= len(b); j++ {
			cost := 1
			if a[i-1] == b[j-1] {
				cost = 0
			}
			cur[j] = min(prev[j]+1, cur[j-1]+1, prev[j-1]+cost)
		}
		prev, cur = cur, prev
	}
	return prev[len(b)]
}

// ParseFile reads the named file with ReadFile (a regular file of at most
// MaxFileBytes) and parses its contents with parse. Its
// errors start with the path: "x.json: no such file or directory" when
// the file cannot be read, "x.json:4:17: ..." for a *SyntaxError from
// parse, "x.json: " and parse's error otherwise. They wrap the underlying
// error (fs.ErrNotExist, a *SyntaxError, an *Error).
func ParseFile[T any](path string, parse func([]byte) (T, error)) (T, error) {
	var zero T
	data, err := ReadFile(path)
	if err != nil {
		if pe, ok := errors.AsType[*fs.PathError](err); ok {
			return zero, fmt.Errorf("%s: %w", path, pe.Err)
		}
		return zero, fmt.Errorf("%s: %w", path, err)
	}
	v, err := parse(data)
	if err != nil {
		if _, ok := errors.AsType[*SyntaxError](err); ok {
			return zero, fmt.Errorf("%s:%w", path, err) // "x.json:4:17: ..."
		}
		return zero, fmt.Errorf("%s: %w", path, err)
	}
	return v, nil
}
