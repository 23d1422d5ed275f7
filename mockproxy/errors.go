package mockproxy

import (
	"errors"
	"fmt"
	"net/http"
	"strconv"

	"github.com/kafkarestmock/kafkarestmock/backend"
	"github.com/kafkarestmock/kafkarestmock/fakelog"
	"github.com/kafkarestmock/kafkarestmock/internal/media"
)

// apiError is an error the server answers with: HTTP status, Confluent
// error_code and message, written by writeError as
// {"error_code":<code>,"message":<message>}.
type apiError struct {
	status  int
	code    int
	message string
}

func (e *apiError) Error() string {
	return fmt.Sprintf("%d %d %s", e.status, e.code, e.message)
}

func newAPIError(status, code int, format string, args ...any) *apiError {
	msg := format
	if len(args) > 0 {
		msg = fmt.Sprintf(format, args...)
	}
	return &apiError{status: status, code: code, message: msg}
}

// The error table: every fixed Confluent error this server sends. Messages
// are the real proxy's, byte for byte (reference §2).
var (
	errNotFound             = &apiError{http.StatusNotFound, 404, "HTTP 404 Not Found"}
	errMethodNotAllowed     = &apiError{http.StatusMethodNotAllowed, 405, "HTTP 405 Method Not Allowed"}
	errNotAcceptable        = &apiError{http.StatusNotAcceptable, 406, "HTTP 406 Not Acceptable"}
	errUnsupportedMediaType = &apiError{http.StatusUnsupportedMediaType, 415, "HTTP 415 Unsupported Media Type"}
	errEntityTooLarge       = &apiError{http.StatusRequestEntityTooLarge, 413, "HTTP 413 Request Entity Too Large"}
	errInternal             = &apiError{http.StatusInternalServerError, 500, "Internal Server Error"}

	errTopicNotFound     = &apiError{http.StatusNotFound, 40401, "Topic not found."}
	errPartitionNotFound = &apiError{http.StatusNotFound, 40402, "Partition not found."}
	// errUnknownTopicOrPartition is Kafka's UnknownTopicOrPartitionException
	// as modern servers surface it (40403, Kafka's text).
	errUnknownTopicOrPartition = &apiError{http.StatusNotFound, 40403, "This server does not host this topic-partition."}
	errConsumerNotFound        = &apiError{http.StatusNotFound, 40403, "Consumer instance not found."}
	errConsumerExists          = &apiError{http.StatusConflict, 40902, "Consumer with specified consumer ID already exists in the specified consumer group."}
	errFormatMismatch          = &apiError{http.StatusNotAcceptable, 40601, "The requested embedded data format does not match the deserializer for this consumer instance"}
	errRateLimited             = &apiError{http.StatusTooManyRequests, 429, "Request rate limit exceeded: The rate limit of requests per second has been exceeded."}
	errAlreadySubscribed       = &apiError{http.StatusConflict, 40901, "Consumer cannot subscribe the the specified target because it has already subscribed to other topics."}
)

// Per-record produce error codes (reference §2.1).
const (
	codeKafkaError          = 50002
	codeKafkaRetriableError = 50003
	codeKafkaAuthentication = 40101
	codeKafkaAuthorization  = 40301
)

// illegalState is kafka-rest's 40903 around a Kafka IllegalStateException.
func illegalState(msg string) *apiError {
	return newAPIError(http.StatusConflict, 40903, "%s", "Illegal state: "+msg)
}

// kafkaError is rest-utils' answer to a non-retriable Kafka exception.
func kafkaError(msg string) *apiError {
	return newAPIError(http.StatusInternalServerError, 50002, "%s", msg)
}

// badRequest is kafka-rest's BadRequestException: 400 with "Bad Request: ".
func badRequest(format string, args ...any) *apiError {
	return newAPIError(http.StatusBadRequest, 400, "%s", "Bad Request: "+fmt.Sprintf(format, args...))
}

// jacksonError is a body that Jackson could not map: 400 with its text.
func jacksonError(format string, args ...any) *apiError {
	return newAPIError(http.StatusBadRequest, 400, format, args...)
}

// unprocessable is a 422 from bean validation or Jackson's unknown-field
// check.
func unprocessable(code int, format string, args ...any) *apiError {
	return newAPIError(http.StatusUnprocessableEntity, code, format, args...)
}

func unrecognizedField(name string) *apiError {
	return unprocessable(422, "Unrecognized field: %s", name)
}

// topicMissing is the metadata answer for an unknown topic, which differs
// between 5.x (40401) and modern servers (Kafka's 40403).
func (s *Server) topicMissing(api apiVersion) *apiError {
	if api == apiV1 || s.cfg.profile.legacyV2() {
		return errTopicNotFound
	}
	return errUnknownTopicOrPartition
}

// backendError maps a fakelog error on a metadata endpoint to the answer.
func (s *Server) backendError(api apiVersion, err error) error {
	var be *backend.KafkaError
	switch {
	case errors.As(err, &be):
		return s.backendKafkaError(api, be)
	case errors.Is(err, fakelog.ErrUnknownTopic):
		return s.topicMissing(api)
	case errors.Is(err, fakelog.ErrUnknownPartition):
		return errPartitionNotFound
	}
	return err
}

// writeError is the one error writer. Non-API errors become a plain 500.
func writeError(w http.ResponseWriter, contentType string, err error) {
	var ae *apiError
	if !errors.As(err, &ae) {
		ae = errInternal
	}
	buf := make([]byte, 0, 64+len(ae.message))
	buf = append(buf, `{"error_code":`...)
	buf = strconv.AppendInt(buf, int64(ae.code), 10)
	buf = append(buf, `,"message":`...)
	buf = appendJSONString(buf, ae.message)
	buf = append(buf, '}')
	if rw, ok := w.(*respWriter); ok {
		rw.errorCode = ae.code
	}
	h := w.Header()
	h.Set("Content-Type", contentType)
	h.Set("Content-Length", strconv.Itoa(len(buf)))
	w.WriteHeader(ae.status)
	_, _ = w.Write(buf)
}

// errorType is the Content-Type of errors raised before a resource method
// is chosen (404, 405, 406, 415): rest-utils walks the Accept header for an
// exact match of response.mediatype.preferred, else uses the default.
func (s *Server) errorType(r *http.Request) string {
	if s.cfg.profile == ProfileLegacy {
		return media.ExactPreferred(r.Header.Get("Accept"),
			[]string{media.V1, media.KafkaJSON, media.JSON}, media.V1)
	}
	return media.ExactPreferred(r.Header.Get("Accept"),
		[]string{media.JSON, media.V2}, media.JSON)
}
