package mockproxy

// Admin request bodies: read within a limit and checked as one JSON
// document of their own before anything is decoded, so that errors
// point at what the caller sent and never carry the Go decoder's texts.

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net/http"
	"strings"

	"github.com/kafkarestmock/kafkarestmock/internal/jsonv"
)

// adminBodyLimit caps admin request bodies; a longer body is refused with
// 413.
const adminBodyLimit = 1 << 20

// adminBodyError is a refused admin body: the status (400 or 413) and
// the message of the answer.
type adminBodyError struct {
	status int
	msg    string
}

func (e *adminBodyError) Error() string { return e.msg }

func badAdminBody(format string, args ...any) *adminBodyError {
	return &adminBodyError{status: http.StatusBadRequest, msg: fmt.Sprintf(format, args...)}
}

// writeAdminBodyError answers err, an error of readAdminJSON or
// decodeAdminBody, with its status.
func writeAdminBodyError(w http.ResponseWriter, err error) {
	if be, ok := errors.AsType[*adminBodyError](err); ok {
		adminError(w, be.status, be.msg)
		return
	}
	adminError(w, http.StatusBadRequest, err.Error())
}

// readAdminJSON reads the request body and checks that it is exactly one
// JSON value, with nothing but whitespace after it. Syntax errors are
// worded as Jackson words them, with the line and column in the body.
// It returns the body and the value.
func readAdminJSON(r *http.Request) ([]byte, jsonv.Value, error) {
	tooLarge := &adminBodyError{status: http.StatusRequestEntityTooLarge,
		msg: fmt.Sprintf("the body is over %d bytes (1 MiB), the most the admin API takes", adminBodyLimit)}
	if r.ContentLength > adminBodyLimit {
		return nil, jsonv.Value{}, tooLarge
	}
	body, err := io.ReadAll(io.LimitReader(r.Body, adminBodyLimit+1))
	if err != nil {
		return nil, jsonv.Value{}, badAdminBody("cannot read the body")
	}
	if len(body) > adminBodyLimit {
		return nil, jsonv.Value{}, tooLarge
	}
	v, ok, err := jsonv.Parse(body)
	if se, isSyntax := errors.AsType[*jsonv.SyntaxError](err); isSyntax {
		return nil, jsonv.Value{}, badAdminBody("%s at %s", se.Msg, position(body, se.Offset))
	}
	if err != nil || !ok {
		return nil, jsonv.Value{}, badAdminBody("the body is empty; want a JSON object")
	}
	lead := len(body) - len(bytes.TrimLeft(body, " \t\r\n"))
	end := lead + len(v.Raw)
	if rest := bytes.TrimLeft(body[end:], " \t\r\n"); len(rest) > 0 {
		return nil, jsonv.Value{}, badAdminBody("Unexpected content after the JSON value at %s: the body must be one JSON value", position(body, len(body)-len(rest)))
	}
	return body, v, nil
}

// position is "line L, column C" of the byte at off in body, both
// 1-based, the column counted in bytes.
func position(body []byte, off int) string {
	off = min(max(off, 0), len(body))
	line := 1 + bytes.Count(body[:off], []byte("\n"))
	col := off - bytes.LastIndexByte(body[:off], '\n')
	return fmt.Sprintf("line %d, column %d", line, col)
}

// decodeAdminBody decodes a JSON request body into v strictly: one JSON
// object, nothing after it, no unknown fields. Its error is answered by
// writeAdminBodyError.
func decodeAdminBody(r *http.Request, v any) error {
	body, val, err := readAdminJSON(r)
	if err != nil {
		return err
	}
	if val.Kind != jsonv.Object {
		return badAdminBody("want a JSON object, got %s", kindName(val.Kind))
	}
	dec := json.NewDecoder(bytes.NewReader(body))
	dec.DisallowUnknownFields()
	if err := dec.Decode(v); err != nil {
		if te, ok := errors.AsType[*json.UnmarshalTypeError](err); ok && te.Field != "" {
			return badAdminBody("%s: want %s, got %s", te.Field, jsonKind(te.Type.Kind().String()), te.Value)
		}
		if name, ok := strings.CutPrefix(err.Error(), "json: unknown field "); ok {
			return badAdminBody("unknown field %s", name)
		}
		return badAdminBody("the body does not fit the request's fields")
	}
	return nil
}

// kindName names a JSON kind as encoding/json's type errors do.
func kindName(k jsonv.Kind) string {
	switch k {
	case jsonv.Array:
		return "array"
	case jsonv.String:
		return "string"
	case jsonv.Number:
		return "number"
	case jsonv.Bool:
		return "bool"
	case jsonv.Null:
		return "null"
	}
	return "object"
}

// jsonKind names a Go kind the way the JSON it wants is called.
func jsonKind(kind string) string {
	switch {
	case strings.HasPrefix(kind, "int"), strings.HasPrefix(kind, "uint"):
		return "an integer"
	case strings.HasPrefix(kind, "float"):
		return "a number"
	case kind == "string":
		return "a string"
	case kind == "bool":
		return "true or false"
	case kind == "map", kind == "struct":
		return "an object"
	case kind == "slice", kind == "array":
		return "an array"
	}
	return kind
}
