package schemareg

import (
	"fmt"
	"net/http"
	"strings"
)

// Error is an answer the registry refuses with: the HTTP status, Confluent's
// error_code and the message, worded as Schema Registry words them
// (core/.../rest/exceptions/Errors.java and the Rest*Exception classes).
//
// Error() is "<message>; error code: <code>", the text Confluent's Java
// client puts in a RestClientException, so a caller that quotes a registry
// failure the way the REST Proxy does can use it as is.
type Error struct {
	Status  int
	Code    int
	Message string
}

func (e *Error) Error() string { return fmt.Sprintf("%s; error code: %d", e.Message, e.Code) }

// Error codes, as Errors.java numbers them.
const (
	CodeSubjectNotFound            = 40401
	CodeVersionNotFound            = 40402
	CodeSchemaNotFound             = 40403
	CodeSubjectSoftDeleted         = 40404
	CodeSubjectNotSoftDeleted      = 40405
	CodeVersionSoftDeleted         = 40406
	CodeVersionNotSoftDeleted      = 40407
	CodeSubjectCompatNotConfigured = 40408
	CodeSubjectModeNotConfigured   = 40409
	CodeIncompatibleSchema         = 40901
	CodeIncompatibleSchemaLegacy   = 409
	CodeInvalidSchema              = 42201
	CodeInvalidVersion             = 42202
	CodeInvalidCompatibilityLevel  = 42203
	CodeInvalidMode                = 42204
	CodeOperationNotPermitted      = 42205
	CodeReferenceExists            = 42206
	CodeStoreError                 = 50001
	CodeJacksonBadRequest          = 400
	CodeHTTPNotFound               = 404
	CodeHTTPMethodNotAllowed       = 405
	CodeHTTPUnsupportedMediaType   = 415
)

func newError(status, code int, format string, args ...any) *Error {
	return &Error{Status: status, Code: code, Message: fmt.Sprintf(format, args...)}
}

// errSubjectNotFound: 404/40401.
func errSubjectNotFound(subject string) *Error {
	return newError(http.StatusNotFound, CodeSubjectNotFound, "Subject '%s' not found.", subject)
}

// errVersionNotFound: 404/40402.
func errVersionNotFound(version int) *Error {
	return newError(http.StatusNotFound, CodeVersionNotFound, "Version %d not found.", version)
}

// errSchemaNotFound: 404/40403 of a lookup that found no matching schema.
func errSchemaNotFound() *Error {
	return newError(http.StatusNotFound, CodeSchemaNotFound, "Schema not found")
}

// errSchemaIDNotFound: 404/40403 for an unknown id.
func errSchemaIDNotFound(id int) *Error {
	return newError(http.StatusNotFound, CodeSchemaNotFound, "Schema %d not found", id)
}

// errSubjectSoftDeleted: 404/40404, a soft delete of a soft-deleted subject.
// The missing space before "Set" is Confluent's.
func errSubjectSoftDeleted(subject string) *Error {
	return newError(http.StatusNotFound, CodeSubjectSoftDeleted,
		"Subject '%s' was soft deleted.Set permanent=true to delete permanently", subject)
}

// errSubjectNotSoftDeleted: 404/40405, a permanent delete that was not
// preceded by a soft one.
func errSubjectNotSoftDeleted(subject string) *Error {
	return newError(http.StatusNotFound, CodeSubjectNotSoftDeleted,
		"Subject '%s' was not deleted first before being permanently deleted", subject)
}

// errVersionSoftDeleted: 404/40406, a soft delete of a soft-deleted version.
func errVersionSoftDeleted(subject string, version int) *Error {
	return newError(http.StatusNotFound, CodeVersionSoftDeleted,
		"Subject '%s' Version %d was soft deleted.Set permanent=true to delete permanently", subject, version)
}

// errVersionNotSoftDeleted: 404/40407.
func errVersionNotSoftDeleted(subject string, version int) *Error {
	return newError(http.StatusNotFound, CodeVersionNotSoftDeleted,
		"Subject '%s' Version %d was not deleted first before being permanently deleted", subject, version)
}

// errSubjectCompatNotConfigured: 404/40408, GET /config/{s}?defaultToGlobal=false
// for a subject without a level of its own.
func errSubjectCompatNotConfigured(subject string) *Error {
	return newError(http.StatusNotFound, CodeSubjectCompatNotConfigured,
		"Subject '%s' does not have subject-level compatibility configured", subject)
}

// errSubjectModeNotConfigured: 404/40409.
func errSubjectModeNotConfigured(subject string) *Error {
	return newError(http.StatusNotFound, CodeSubjectModeNotConfigured,
		"Subject '%s' does not have subject-level mode configured", subject)
}

// errIncompatible: 409 with 40901 (409 for servers before 8.2/8.0.7). The
// details are Java's List.toString of the checker's messages.
func errIncompatible(code int, subject string, messages []string) *Error {
	return newError(http.StatusConflict, code,
		"Schema being registered is incompatible with an earlier schema for subject \"%s\", details: [%s]",
		subject, strings.Join(messages, ", "))
}

// errInvalidSchema: 422/42201 with the parser's text.
func errInvalidSchema(format string, args ...any) *Error {
	return newError(http.StatusUnprocessableEntity, CodeInvalidSchema, format, args...)
}

// errInvalidSchemaOfType: 42201 as AbstractSchemaRegistry.loadSchema words a
// parse failure.
func errInvalidSchemaOfType(typ SchemaType, details string) *Error {
	return errInvalidSchema("Invalid schema of type %s, details: %s", typ, details)
}

// errInvalidSchemaType: 42201 for a schemaType no provider serves.
func errInvalidSchemaType(typ string) *Error {
	return errInvalidSchema("Invalid schema type %s", typ)
}

// errEmptySchema: 42201 for a register request without schema text in a
// subject that has no version to copy it from.
func errEmptySchema() *Error { return errInvalidSchema("Empty schema") }

// errInvalidVersion: 422/42202.
func errInvalidVersion(version string) *Error {
	return newError(http.StatusUnprocessableEntity, CodeInvalidVersion,
		"The specified version '%s' is not a valid version id. Allowed values are between [1, 2^31-1] and the string \"latest\"", version)
}

// errInvalidCompatibility: 422/42203.
func errInvalidCompatibility() *Error {
	return newError(http.StatusUnprocessableEntity, CodeInvalidCompatibilityLevel,
		"Invalid compatibility level. Valid values are none, backward, forward, full, backward_transitive, forward_transitive, and full_transitive")
}

// errInvalidMode: 422/42204.
func errInvalidMode() *Error {
	return newError(http.StatusUnprocessableEntity, CodeInvalidMode,
		"Invalid mode. Valid values are READWRITE, READONLY, IMPORT and FORWARD.")
}

// errReadOnly: 422/42205 when the mode forbids writes.
func errReadOnly(subject string) *Error {
	return newError(http.StatusUnprocessableEntity, CodeOperationNotPermitted,
		"Subject %s in context . is in read-only mode", subject)
}

// errNotReadWrite: 422/42205 when the mode is neither READWRITE nor READONLY.
func errNotReadWrite(subject string) *Error {
	return newError(http.StatusUnprocessableEntity, CodeOperationNotPermitted,
		"Subject %s in context . is not in read-write mode", subject)
}

// errReferenceExists: 422/42206, deleting a version another schema refers to.
func errReferenceExists(subject string, version int) *Error {
	return newError(http.StatusUnprocessableEntity, CodeReferenceExists,
		"One or more references exist to the schema {magic=1,keytype=SCHEMA,subject=%s,version=%d}.", subject, version)
}

// errBadJSON: rest-utils' JsonParseExceptionMapper, 400 with Jackson's text.
func errBadJSON(msg string) *Error {
	return newError(http.StatusBadRequest, CodeJacksonBadRequest, "%s", msg)
}

// errNoContent: an empty request body, which Jackson refuses before the
// resource sees it.
func errNoContent() *Error {
	return newError(http.StatusBadRequest, CodeJacksonBadRequest,
		"No content to map due to end-of-input")
}

// errHTTPNotFound: Jersey's 404 for a path no resource serves.
func errHTTPNotFound() *Error {
	return newError(http.StatusNotFound, CodeHTTPNotFound, "HTTP 404 Not Found")
}

// errMethodNotAllowed: Jersey's 405.
func errMethodNotAllowed() *Error {
	return newError(http.StatusMethodNotAllowed, CodeHTTPMethodNotAllowed, "HTTP 405 Method Not Allowed")
}

// errUnsupportedMediaType: Jersey's 415 for a Content-Type no resource consumes.
func errUnsupportedMediaType() *Error {
	return newError(http.StatusUnsupportedMediaType, CodeHTTPUnsupportedMediaType, "HTTP 415 Unsupported Media Type")
}
