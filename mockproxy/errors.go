package mockproxy

// The error table: every answer the server gives for an error is a value
// or a constructor here (Kafka errors in errors_kafka.go), named once and
// written by writeError. Handlers return these and never spell an error
// body themselves. Messages are the real proxy's, byte for byte
// (reference §2); FIDELITY.md lists them and fidelity_test.go checks that
// both agree. Answers that differ between 5.x and current servers are
// versionedErrors, which the call's dialect resolves when the answer is
// written (profile.go).

import (
	"errors"
	"fmt"
	"net/http"
	"strconv"
	"strings"

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

// newAPIError builds an answer of the table; handlers use the named
// values and constructors instead.
func newAPIError(status, code int, format string, args ...any) *apiError {
	msg := format
	if len(args) > 0 {
		msg = fmt.Sprintf(format, args...)
	}
	return &apiError{status: status, code: code, message: msg}
}

// Fixed answers.
var (
	errNotFound             = &apiError{http.StatusNotFound, 404, "HTTP 404 Not Found"}
	errMethodNotAllowed     = &apiError{http.StatusMethodNotAllowed, 405, "HTTP 405 Method Not Allowed"}
	errNotAcceptable        = &apiError{http.StatusNotAcceptable, 406, "HTTP 406 Not Acceptable"}
	errUnsupportedMediaType = &apiError{http.StatusUnsupportedMediaType, 415, "HTTP 415 Unsupported Media Type"}
	errEntityTooLarge       = &apiError{http.StatusRequestEntityTooLarge, 413, "HTTP 413 Request Entity Too Large"}
	errInternal             = &apiError{http.StatusInternalServerError, 500, "Internal Server Error"}

	errTopicNotFound     = &apiError{http.StatusNotFound, 40401, "Topic not found."}
	errPartitionNotFound = &apiError{http.StatusNotFound, 40402, "Partition not found."}
	errConsumerNotFound  = &apiError{http.StatusNotFound, 40403, "Consumer instance not found."}
	errConsumerExists    = &apiError{http.StatusConflict, 40902, "Consumer with specified consumer ID already exists in the specified consumer group."}
	errFormatMismatch    = &apiError{http.StatusNotAcceptable, 40601, "The requested embedded data format does not match the deserializer for this consumer instance"}
	errRateLimited       = &apiError{http.StatusTooManyRequests, 429, "Request rate limit exceeded: The rate limit of requests per second has been exceeded."}
	errAlreadySubscribed = &apiError{http.StatusConflict, 40901, "Consumer cannot subscribe the the specified target because it has already subscribed to other topics."}

	// errOffsetOrTimestamp is the v1 simple consumer's answer to a read
	// with neither or both of offset and timestamp.
	errOffsetOrTimestamp = &apiError{http.StatusBadRequest, 400, "Either `offset` or `timestamp` query parameters must be set."}
	// errBodyUnreadable is a request body that could not be read.
	errBodyUnreadable = badRequest("Error reading the request body.")

	// Schema-format produce without a schema registry.
	errKeySchemaMissing   = &apiError{http.StatusUnprocessableEntity, 42201, "Request includes keys but does not include key schema"}
	errValueSchemaMissing = &apiError{http.StatusUnprocessableEntity, 42202, "Request includes values but does not include value schema"}
	// errSchemaRegistry is a produce that names a schema: 5.x cannot reach
	// the registry (40801), current servers have none configured (42206).
	errSchemaRegistry = &versionedError{
		legacy:  &apiError{http.StatusRequestTimeout, 40801, "Schema registration or lookup failed"},
		current: &apiError{http.StatusUnprocessableEntity, 42206, "Payload error. Schema Registry must be configured when using schemas."},
	}
	// errSerializerUndefined is a current server's schema serializer when
	// no registry is configured.
	errSerializerUndefined = errSerializing("Schema Registry not defined, no Schema Registry client available to serialize message.")
	// errSchemaLookupFailed is 5.x's answer to any registry failure while
	// producing.
	errSchemaLookupFailed = &apiError{http.StatusRequestTimeout, 40801, "Schema registration or lookup failed"}

	// errTopicMissing is the answer for an unknown topic: 40401 in 5.x,
	// Kafka's UNKNOWN_TOPIC_OR_PARTITION (40403) in current servers.
	errTopicMissing = &versionedError{legacy: errTopicNotFound, current: errUnknownTopicOrPartition}

	// errAdminUnauthorized is an admin request without the bearer token.
	errAdminUnauthorized = &apiError{http.StatusUnauthorized, 401, "the admin API needs its bearer token"}
)

// versionedError is an answer that differs between 5.x (API v1, and v2 in
// the legacy profile) and current servers. Handlers return it; the call's
// dialect picks the answer when it is written, so no handler asks which
// server it emulates.
type versionedError struct {
	legacy, current *apiError
}

func (e *versionedError) Error() string { return e.current.Error() }

// Answers that carry the request's details.

// errInvalidSchema is a raw schema that does not parse: current servers
// quote "Error when parsing raw schema. format = <F>, schema = <raw>",
// 5.x the raw schema alone.
func errInvalidSchema(detail string) *apiError {
	return newAPIError(http.StatusUnprocessableEntity, 42205, "Invalid schema: %s", detail)
}

// errSerializing is a registry failure of a current server's schema
// manager: the step that failed and, after a newline, the registry's
// "<message>; error code: <code>".
func errSerializing(detail string) *apiError {
	return newAPIError(http.StatusUnprocessableEntity, 42207, "Error serializing message. %s", detail)
}

// errSubjectStrategy is a v3 schema_version, or no schema at all, with a
// subject_name_strategy that names subjects after the schema
// (RECORD_NAME, TOPIC_RECORD_NAME): getSchemaSubjectUnsafe's
// IllegalArgumentException, which ProduceAction makes a 400.
func errSubjectStrategy(strategy string) *apiError {
	return badRequest("Cannot use schema_subject_strategy=%s without schema_id or schema.", strategy)
}

// errSchemaVersionMissing is a v3 schema_version its subject lacks (or any
// registry failure fetching it).
func errSchemaVersionMissing(subject string, version int) *apiError {
	return badRequest("Schema does not exist for subject: %s, version: %d", subject, version)
}

// errConversion is schema data that does not fit its schema on 5.x
// (current servers answer badRequest with the converter's message).
func errConversion(detail string) *apiError {
	return newAPIError(http.StatusUnprocessableEntity, 42203, "Conversion of JSON to Object failed: %s", detail)
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

// errJSONSyntax is a body that is not JSON: Jackson's parser message.
func errJSONSyntax(msg string) *apiError { return jacksonError("%s", msg) }

// errJSONLimit is a body over one of Jackson's StreamReadConstraints (the
// nesting depth): databind wraps the StreamConstraintsException into a
// JsonMappingException, whose mapper keeps only the last part of the
// first `quoted` name, so "(1000, from
// `StreamReadConstraints.getMaxNestingDepth()`)" reads "(1000, from
// `getMaxNestingDepth()`)".
func errJSONLimit(msg string) *apiError {
	if parts := strings.Split(msg, "`"); len(parts) > 2 {
		name := parts[1]
		if i := strings.LastIndexByte(name, '.'); i >= 0 && i < len(name)-1 {
			name = name[i+1:]
		}
		parts[1] = name
		msg = strings.Join(parts, "`")
	}
	return jacksonError("%s", msg)
}

// errCannotDeserialize is Jackson's MismatchedInputException: a value of
// the wrong JSON kind (kind and token name it) for javaType.
func errCannotDeserialize(javaType, kind, token string) *apiError {
	return jacksonError("Cannot deserialize value of type `%s` from %s value (token `JsonToken.%s`)", javaType, kind, token)
}

// errNumericRange is a number outside a Java int or long.
func errNumericRange(raw, javaPrim string, lo, hi int64) *apiError {
	return jacksonError("Numeric value (%s) out of range of %s (%d - %d)", raw, javaPrim, lo, hi)
}

// errNotANumber is a string that is not a Java Integer or Long; quoted is
// the string as Jackson quotes it.
func errNotANumber(javaType, quoted string) *apiError {
	return jacksonError("Cannot deserialize value of type `%s` from String %s: not a valid `%s` value", javaType, quoted, javaType)
}

// errNotAnInstant is a string that is not an ISO-8601 instant.
func errNotAnInstant(javaType, quoted, s string) *apiError {
	return jacksonError("Cannot deserialize value of type `%s` from String %s: Failed to deserialize java.time.Instant: (java.time.format.DateTimeParseException) Text '%s' could not be parsed at index 0", javaType, quoted, s)
}

// errNullEntity is a record that is JSON null.
func errNullEntity(javaType string) *apiError {
	return jacksonError("Cannot construct instance of `%s`, problem: null", javaType)
}

// errUnrecognizedField is Jackson's unknown-property check.
func errUnrecognizedField(name string) *apiError {
	return unprocessable(422, "Unrecognized field: %s", name)
}

// errNotNull is a missing body of a method whose argument arg is @NotNull.
func errNotNull(method string, arg int) *apiError {
	return unprocessable(422, "%s.arg%d must not be null (was null)", method, arg)
}

// errRecordsEmpty is a produce body without records; was is the value the
// validator saw: "null" (5.x, for a missing field) or "[]".
func errRecordsEmpty(argPath, was string) *apiError {
	return unprocessable(422, "%s.records must not be empty (was %s)", argPath, was)
}

// errNegativePartition is 5.x's @PositiveOrZero on a record's partition.
func errNegativePartition(argPath string, i int, n int64) *apiError {
	return unprocessable(422, "%s.records[%d].partition must be greater than or equal to 0 (was %d)", argPath, i, n)
}

// errBase64Lenient is 5.x's JAXB base64 decoding giving up on a binary
// record's key or value (which is "key" or "value").
func errBase64Lenient(which string) *apiError {
	return unprocessable(422, "Record %s contains invalid base64 encoding", which)
}

// errNotBase64String is a current binary record's key or value that is
// not a JSON string; raw is the JSON value as sent.
func errNotBase64String(raw []byte) *apiError {
	return badRequest("data=%s is not a base64 string.", raw)
}

// errInvalidBase64 is a current binary record's key or value that is a
// string but not standard base64.
func errInvalidBase64(raw []byte) *apiError {
	return badRequest("data=%s is not a valid base64 string.", raw)
}

// errInvalidFormatType is a consumer create body's format that the
// server's entity does not know.
var errInvalidFormatType = unprocessable(422, "Invalid format type.")

// errNoConsumerFormat is a known format for which the API version has no
// consumer; format is the name in upper case.
func errNoConsumerFormat(format string) *apiError {
	return newAPIError(http.StatusInternalServerError, 500, "Invalid embedded format %s for new consumer.", format)
}

// errFetchMinBytesTooSmall and errFetchMinBytesTooLarge are the create
// body's fetch.min.bytes outside -1 to 10000000.
func errFetchMinBytesTooSmall(n int64) *apiError {
	return unprocessable(40001, "Invalid consumer configuration. It does not abide by the constraints: Invalid value %d for configuration fetch.min.bytes: Value must be at least -1", n)
}

func errFetchMinBytesTooLarge(n int64) *apiError {
	return unprocessable(40001, "Invalid consumer configuration. It does not abide by the constraints: Invalid value %d for configuration fetch.min.bytes: Value must be no more than 10000000", n)
}

// errConsumerConfig is a Kafka ConfigException of a new consumer.
func errConsumerConfig(detail string) *apiError {
	return unprocessable(42204, "Invalid consumer configuration: %s", detail)
}

// errAutoCommitValue is an auto.commit.enable that is not a boolean.
func errAutoCommitValue(v string) *apiError {
	return errConsumerConfig("Invalid value " + v + " for configuration enable.auto.commit: Expected value to be either true or false")
}

// errV1OffsetReset is the old consumer's check of auto.offset.reset.
func errV1OffsetReset(v string) *apiError {
	return errConsumerConfig("Wrong value " + v + " of auto.offset.reset in ConsumerConfig; Valid values are smallest and largest")
}

// errIllegalState is kafka-rest's 40903 around a Kafka
// IllegalStateException.
func errIllegalState(msg string) *apiError {
	return newAPIError(http.StatusConflict, 40903, "%s", "Illegal state: "+msg)
}

// errTooManyInstances is the mock's own cap on consumer instances.
func errTooManyInstances(max int) *apiError {
	return newAPIError(http.StatusTooManyRequests, 429, "Too many consumer instances: at most %d may exist at once.", max)
}

// errRuleResponse is a fault rule's own error answer.
func errRuleResponse(status, code int, msg string) *apiError {
	return newAPIError(status, code, "%s", msg)
}

// errAdmin is an admin API error: {"error_code":<status>,"message":msg}.
func errAdmin(status int, msg string) *apiError {
	return newAPIError(status, status, "%s", msg)
}

// API v3 produce (v3_records.go). Inside a stream or a batch, an answer
// is a delivery report: v3ReportError turns a 422 with a specific code
// into {"error_code":422,"message":"Error: <code> : <message>"}.

// v3ReportError renders err as the stream's error mapper does: a
// constraint violation (HTTP 422 with a specific code) becomes
// {"error_code":422,"message":"Error: <code> : <message>"}, and only the
// message's first line is kept.
func v3ReportError(d *dialect, err error) v3Report {
	var ae *apiError
	if !errors.As(d.render(err), &ae) {
		ae = errInternal
	}
	code, msg := ae.code, ae.message
	if ae.status == http.StatusUnprocessableEntity && code != http.StatusUnprocessableEntity {
		code, msg = http.StatusUnprocessableEntity, fmt.Sprintf("Error: %d : %s", ae.code, msg)
	}
	if i := strings.IndexByte(msg, '\n'); i >= 0 {
		msg = strings.TrimSpace(msg[:i])
	}
	return v3Report{code: code, message: msg}
}

// errV3Charset is a v3 streamed produce whose Content-Type names a
// charset other than UTF-8 and ISO-8859-1 (JsonStreamMessageBodyReader).
var errV3Charset = jacksonError("%s", `Unsupported charset in Content-Type header. Supports "UTF-8" and "ISO-8859-1".`)

// errV3StreamExpired is the report of a record that arrives once a
// produce stream has been open for streaming.connection.max.duration.ms.
var errV3StreamExpired = newAPIError(http.StatusRequestTimeout, 408, "Streaming connection open for longer than allowed: Connection will be closed.")

// errV3EmptyBody is a v3 produce without a body.
var errV3EmptyBody = unprocessable(42206, "Payload error. Request body is empty. Data is required.")

// errProduceBatch is a records:batch body the batch checks refuse.
func errProduceBatch(msg string) *apiError { return unprocessable(42208, "%s", msg) }

// errStreamBroken ends a v3 produce stream whose JSON breaks off (or
// whose next object is over the size limit): its last report.
func errStreamBroken(msg string) *apiError {
	return badRequest("Error processing message: %s", msg)
}

// errV3UnknownField is Jackson's UnrecognizedPropertyException for a
// property of a streamed ProduceRequest (or of its parts): the builder
// class and its n known properties as Jackson lists them.
func errV3UnknownField(name, builder, known string, n int) *apiError {
	return jacksonError("Unrecognized field %s (class io.confluent.kafkarest.entities.v3.%s), not marked as ignorable (%d known properties: %s)", quoteJava(name), builder, n, known)
}

// errV3DataState is a ProduceRequestData whose builder refuses the
// combination of fields (msg is the builder's text).
func errV3DataState(msg string) *apiError {
	return jacksonError("Cannot construct instance of `io.confluent.kafkarest.entities.v3.ProduceRequest$ProduceRequestData`, problem: %s", msg)
}

// errNotEnum is a string that names no constant of the enum javaType.
func errNotEnum(javaType, quoted, values string) *apiError {
	return jacksonError("Cannot deserialize value of type `%s` from String %s: not one of the values accepted for Enum class: %s", javaType, quoted, values)
}

// errHeaderBase64 is a v3 header value that is not base64.
func errHeaderBase64(quoted string) *apiError {
	return jacksonError("Cannot deserialize value of type `byte[]` from String %s: Failed to decode VALUE_STRING as base64 (MIME-NO-LINEFEEDS)", quoted)
}

// errNotAString is a v3 STRING key or value that is not a JSON string.
func errNotAString(raw []byte) *apiError {
	return badRequest("data=%s is not a string.", raw)
}

// errV3TopicMissing and errV3PartitionMissing are the producer's
// metadata timeouts (Kafka texts; the real producer waits max.block.ms,
// 60 s), which the v3 mapper answers 40401.
func errV3TopicMissing(topic string) *apiError {
	return newAPIError(http.StatusNotFound, 40401, "Topic %s not present in metadata after 60000 ms.", topic)
}

func errV3PartitionMissing(topic string, partition int64, count int32) *apiError {
	return newAPIError(http.StatusNotFound, 40401, "Partition %d of topic %s with partition count %d is not present in metadata after 60000 ms.", partition, topic, count)
}

// writeError is the one error writer. A versionedError must be resolved
// by the call's dialect first (call.fail); non-API errors become a plain
// 500.
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

// fail answers the call with err in the call's dialect.
func (c *call) fail(err error) {
	writeError(c.w, c.respType, c.dialect.render(err))
}

// errorType is the Content-Type of errors raised before a resource method
// is chosen (404, 405, 406, 415): rest-utils walks the Accept header for an
// exact match of response.mediatype.preferred, else uses the default.
func (s *Server) errorType(r *http.Request) string {
	t := s.cfg.profile.traits()
	return media.ExactPreferred(r.Header.Get("Accept"), t.errorTypes, t.errorTypeDefault)
}

// API v3 answers (v3-and-schemas.md §1.2, §1.3).

// errClusterNotFound is a v3 sub-resource of a cluster id other than the
// server's (GET /v3/clusters/{cluster_id} itself answers errNotFound).
func errClusterNotFound(id string) *apiError {
	return newAPIError(http.StatusNotFound, 404, "Cluster %s cannot be found.", id)
}

// errV3PayloadEmpty is a v3 create or update without a body; what names
// the missing data ("Data", "Partitions_count").
func errV3PayloadEmpty(what string) *apiError {
	return unprocessable(42206, "Payload error. Request body is empty. %s is required.", what)
}

// errV3InvalidTopicName is a topic create whose name Kafka's
// Topic.validate refuses.
var errV3InvalidTopicName = unprocessable(42206, "Payload error. Invalid topic name.")

// errV3MissingTopicName is a topic create body without topic_name, which
// the request entity's constructor refuses.
var errV3MissingTopicName = jacksonError("Cannot construct instance of `io.confluent.kafkarest.entities.v3.CreateTopicRequest`, problem: Null topicName")

// errV3TopicExists is Kafka's TopicExistsException (400/40002).
func errV3TopicExists(topic string) *apiError {
	return newAPIError(http.StatusBadRequest, 40002, "Topic '%s' already exists.", topic)
}

// errV3ReplicationFactor is a topic create asking for more replicas than
// the one broker (KRaft's text, 400/40002).
func errV3ReplicationFactor(rf int64) *apiError {
	return newAPIError(http.StatusBadRequest, 40002, "Unable to replicate the partition %d time(s): The target replication factor of %d cannot be reached because only 1 broker(s) are registered.", rf, rf)
}

// errV3NonPositive is KRaft's answer to a topic create with a partition
// count or replication factor of 0 or below -1 (-1 is the broker
// default); what is "Number of partitions" or "Replication factor".
func errV3NonPositive(what string) *apiError {
	return newAPIError(http.StatusBadRequest, 40002, "%s was set to an invalid non-positive value.", what)
}

// errV3SamePartitions and errV3FewerPartitions are KRaft's answers to a
// partition count that is not an increase (400/40002).
func errV3SamePartitions(n int32) *apiError {
	return newAPIError(http.StatusBadRequest, 40002, "Topic already has %d partition(s).", n)
}

func errV3FewerPartitions(topic string, have, want int64) *apiError {
	return newAPIError(http.StatusBadRequest, 40002, "The topic %s currently has %d partition(s); %d would not be an increase.", topic, have, want)
}

// errV3PartitionTopicMissing is GET of one partition of a topic that does
// not exist: PartitionManagerImpl rewrites Kafka's text (404/40403).
func errV3PartitionTopicMissing(partition int32, topic string) *apiError {
	return newAPIError(http.StatusNotFound, 40403, "This server does not host topic-partition %d for topic %s", partition, topic)
}

// errV3OffsetType is an offset_type other than earliest_and_latest.
func errV3OffsetType(t string) *apiError {
	return badRequest("offset_type:%s is invalid", t)
}

// errV3InvalidConfig is a topic create with a config value the backend
// cannot use (Kafka INVALID_CONFIG, 400/40002); detail is the backend's.
func errV3InvalidConfig(detail string) *apiError {
	return newAPIError(http.StatusBadRequest, 40002, "%s", detail)
}

// API v3 consumer groups, consumers and assignments (v3_groups.go): each
// manager words its not-found answers its own way (404/404).

// errV3GroupClusterNotFound is a cluster id other than the server's under
// .../consumer-groups (the consumer group manager's wording).
func errV3GroupClusterNotFound(id string) *apiError {
	return newAPIError(http.StatusNotFound, 404, "Cluster %s could not be found.", id)
}

// errV3GroupNotExist is the consumers or assignments of an unknown group.
func errV3GroupNotExist(group string) *apiError {
	return newAPIError(http.StatusNotFound, 404, "Consumer Group %s does not exist.", group)
}

// errV3ConsumerNotExist is the assignments of a consumer the group lacks.
func errV3ConsumerNotExist(member string) *apiError {
	return newAPIError(http.StatusNotFound, 404, "Consumer %s does not exist.", member)
}

// API v3 lags and lag summary (v3_lags.go), 404/404.

// errV3GroupNotFound is the lags or lag summary of an unknown group.
func errV3GroupNotFound(group string) *apiError {
	return newAPIError(http.StatusNotFound, 404, "Consumer Group %s could not be found.", group)
}

// errV3NoGroupOffsets is the lags or lag summary of a group without
// committed offsets.
var errV3NoGroupOffsets = newAPIError(http.StatusNotFound, 404, "Consumer group offsets could not be found.")

// errV3LagsNotFound is a lag list with no row: committed offsets whose
// log end offsets could not be had.
var errV3LagsNotFound = newAPIError(http.StatusNotFound, 404, "Consumer lags not found.")

// API v3 brokers, replicas and reassignments (v3_brokers.go,
// v3_reassignments.go).

// errBrokerNotFound is a broker id other than the one broker's on
// GET .../brokers/{broker_id}/partition-replicas.
func errBrokerNotFound(id int32) *apiError {
	return newAPIError(http.StatusNotFound, 404, "Broker %d cannot be found.", id)
}

// errV3ReplicaPartitionMissing is a replicas path of a partition the
// topic lacks (ReplicaManagerImpl's text).
func errV3ReplicaPartitionMissing(partition int32, topic, cluster string) *apiError {
	return newAPIError(http.StatusNotFound, 404, "Partition %d of topic %s could not be found on cluster %s.", partition, topic, cluster)
}

// API v3 ACLs (v3_acls.go).

// errV3NullPayload is an ACL create or batch create without a body
// (Errors.NULL_PAYLOAD_ERROR_MESSAGE).
var errV3NullPayload = unprocessable(42206, "Payload error. Null input provided. Data is required.")

// errV3ConstructorProblem is a v3 request entity (class, under
// io.confluent.kafkarest.entities.v3) whose creator refused the body.
func errV3ConstructorProblem(class, problem string) *apiError {
	return jacksonError("Cannot construct instance of `io.confluent.kafkarest.entities.v3.%s`, problem: %s", class, problem)
}

// errACLEnumParam is an ACL query parameter that names no constant of
// its enum (EnumConverterProvider's WebApplicationException).
func errACLEnumParam(enum, value string) *apiError {
	return newAPIError(http.StatusNotFound, 404, "The valid values for %s do not include '%s'", enum, value)
}

// errACLFilterUnknown is an ACL search with an enum UNKNOWN;
// errACLFilterUnspecified an ACL delete with an enum absent or UNKNOWN.
func errACLFilterUnknown(field string) *apiError {
	return badRequest("%s cannot be UNKNOWN", field)
}

func errACLFilterUnspecified(field string) *apiError {
	return badRequest("%s cannot be unspecified or UNKNOWN", field)
}

// errACLCreateValue is an ACL create with a filter-only enum value (ANY,
// MATCH, UNKNOWN).
func errACLCreateValue(field, value string) *apiError {
	return badRequest("%s cannot be %s", field, value)
}

// errNoAuthorizer is every ACL call to a cluster without an authorizer
// (Kafka's SecurityDisabledException, 400/40002).
var errNoAuthorizer = newAPIError(http.StatusBadRequest, 40002, "No Authorizer is configured.")

// errACLClusterName, errACLEmptyName and errACLPrincipal are Kafka's
// refusals of an ACL to create (InvalidRequestException, 400/40002).
var (
	errACLClusterName = newAPIError(http.StatusBadRequest, 40002, "The only valid name for the CLUSTER resource is kafka-cluster")
	errACLEmptyName   = newAPIError(http.StatusBadRequest, 40002, "Invalid empty resource name")
)

func errACLPrincipal(principal string) *apiError {
	return newAPIError(http.StatusBadRequest, 40002, "Could not parse principal from `%s` (no colon is present separating the principal type from the principal name)", principal)
}

// API v3 configs (v3_configs.go, v3_broker_configs.go;
// v3-and-schemas.md §1.5).

// errV3ConfigNotFound is an update or reset of a config the resource does
// not list (what is TOPIC or BROKER, the ConfigResource type).
func errV3ConfigNotFound(name, what, resource, cluster string) *apiError {
	return newAPIError(http.StatusNotFound, 404, "Config %s cannot be found for %s %s in cluster %s.", name, what, resource, cluster)
}

// errV3NullProperty is a request entity whose AutoValue constructor
// refuses a missing property.
func errV3NullProperty(javaType, property string) *apiError {
	return jacksonError("Cannot construct instance of `%s`, problem: Null %s", javaType, property)
}

// errV3NodeTimeout is the admin client's timeout for a call to a broker
// the cluster does not have (a retriable Kafka error, 500/50003).
func errV3NodeTimeout(call string) *apiError {
	return newAPIError(http.StatusInternalServerError, 50003, "Timed out waiting for a node assignment. Call: %s", call)
}
