package srclient

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"syscall"

	"github.com/kafkarestmock/kafkarestmock/schemareg"
)

// This file is the wire: the request and answer bodies (Confluent's
// RegisterSchemaRequest, RegisterSchemaResponse, Schema and SchemaString
// entities, with the members the four methods use) and one round trip with
// RestService.sendHttpRequest's reading of the answer.

// registerRequest is RegisterSchemaRequest: empty members are left out, as
// its Jackson inclusion rule (NON_EMPTY) leaves them out; schemaType is
// also left out for AVRO, which the registry assumes.
type registerRequest struct {
	Schema     string                `json:"schema,omitempty"`
	SchemaType string                `json:"schemaType,omitempty"`
	References []schemareg.Reference `json:"references,omitempty"`
}

func requestOf(s schemareg.Schema) registerRequest {
	r := registerRequest{Schema: s.Text, SchemaType: string(s.Type), References: s.References}
	if s.Type == schemareg.Avro {
		r.SchemaType = ""
	}
	return r
}

// registerAnswer is RegisterSchemaResponse: only the id before 8.0.
type registerAnswer struct {
	ID         int                   `json:"id"`
	Version    int                   `json:"version"`
	SchemaType string                `json:"schemaType"`
	References []schemareg.Reference `json:"references"`
	Schema     *string               `json:"schema"`
}

// schemaAnswer is the Schema entity of lookups and versions.
type schemaAnswer struct {
	Subject    string                `json:"subject"`
	Version    int                   `json:"version"`
	ID         int                   `json:"id"`
	SchemaType string                `json:"schemaType"`
	References []schemareg.Reference `json:"references"`
	Schema     string                `json:"schema"`
	Deleted    bool                  `json:"deleted"`
}

// subjectVersion is a as the embedded registry's methods answer it; the
// subject asked for stands in for one the answer leaves out.
func (a schemaAnswer) subjectVersion(subject string) schemareg.SubjectVersion {
	if a.Subject != "" {
		subject = a.Subject
	}
	return schemareg.SubjectVersion{Subject: subject, Version: a.Version, ID: a.ID,
		Schema: schemaOf(a.SchemaType, a.Schema, a.References), Deleted: a.Deleted}
}

// schemaStringAnswer is the SchemaString entity of GET /schemas/ids/{id}.
type schemaStringAnswer struct {
	SchemaType string                `json:"schemaType"`
	Schema     string                `json:"schema"`
	References []schemareg.Reference `json:"references"`
}

// schemaOf is a schema as answered; an absent schemaType is AVRO.
func schemaOf(typ, text string, refs []schemareg.Reference) schemareg.Schema {
	t := schemareg.SchemaType(typ)
	if t == "" {
		t = schemareg.Avro
	}
	return cloneSchema(schemareg.Schema{Type: t, Text: text, References: refs})
}

// errorMessage is Confluent's ErrorMessage entity.
type errorMessage struct {
	ErrorCode int    `json:"error_code"`
	Message   string `json:"message"`
}

// subjectPath is /subjects/{subject}rest with subject escaped as one path
// segment ("/" too), as the Java client's UriBuilder escapes it.
func subjectPath(subject, rest string) string {
	return "/subjects/" + url.PathEscape(subject) + rest
}

// do sends one request to base+path?query, with body as JSON when not
// nil, and decodes a 200 (or 207) answer into out. Other answers become a
// *schemareg.Error (errorAnswer); failures to reach the registry, to read
// its answer or to decode a successful one are ordinary errors.
func (c *Client) do(method, path, query string, body, out any) error {
	target := c.base + path
	if query != "" {
		target += "?" + query
	}
	var rd io.Reader
	if body != nil {
		var buf bytes.Buffer
		enc := json.NewEncoder(&buf)
		enc.SetEscapeHTML(false)
		if err := enc.Encode(body); err != nil {
			return fmt.Errorf("srclient: encoding the request to %s: %w", target, err)
		}
		rd = bytes.NewReader(bytes.TrimSuffix(buf.Bytes(), []byte("\n")))
	}
	req, err := http.NewRequestWithContext(context.Background(), method, target, rd)
	if err != nil {
		return fmt.Errorf("srclient: %w", err)
	}
	req.Header.Set("Accept", schemareg.MediaType)
	req.Header.Set("Content-Type", schemareg.MediaType)
	resp, err := c.hc.Do(req)
	if err != nil {
		return transportError(err)
	}
	defer resp.Body.Close()
	data, err := io.ReadAll(resp.Body)
	if err != nil {
		return transportError(err)
	}
	switch resp.StatusCode {
	case http.StatusOK, http.StatusMultiStatus:
		if err := json.Unmarshal(data, out); err != nil {
			return fmt.Errorf("srclient: %s %s: reading the answer: %w", method, target, err)
		}
		return nil
	case http.StatusNoContent:
		return fmt.Errorf("srclient: %s %s: answer without content (204)", method, target)
	}
	return errorAnswer(resp.StatusCode, data)
}

// errorAnswer reads an error answer as RestService does: a JSON object is
// an ErrorMessage (missing members are 0 and ""), anything else is
// CodeJSONParseError with the body quoted, and an empty body is
// CodeJSONParseError "Error".
func errorAnswer(status int, body []byte) *schemareg.Error {
	if len(body) == 0 {
		return &schemareg.Error{Status: status, Code: CodeJSONParseError, Message: "Error"}
	}
	var m errorMessage
	if err := json.NewDecoder(bytes.NewReader(body)).Decode(&m); err != nil {
		return &schemareg.Error{Status: status, Code: CodeJSONParseError,
			Message: fmt.Sprintf("Unable to parse error message from schema registry: '(%s)'", body)}
	}
	return &schemareg.Error{Status: status, Code: m.ErrorCode, Message: m.Message}
}

// connError is a failure to reach the registry that Java's client reports
// with an exception of its own wording: its Error is that wording, and it
// unwraps to Go's error.
type connError struct {
	msg string
	err error
}

func (e *connError) Error() string { return e.msg }
func (e *connError) Unwrap() error { return e.err }

// transportError words err as java.net words the same failure where they
// name the same one (ConnectException "Connection refused"), and returns
// Go's error otherwise.
func transportError(err error) error {
	if errors.Is(err, syscall.ECONNREFUSED) {
		return &connError{msg: "Connection refused", err: err}
	}
	return err
}
