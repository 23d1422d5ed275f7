package scenario

import (
	"slices"
	"strconv"
	"strings"
)

// Kind says where an error in the table comes from.
type Kind int

const (
	// KindKafka is an error Kafka itself defines: it has a numeric code in
	// Kafka's protocol and a Java exception class in the Kafka clients.
	KindKafka Kind = iota
	// KindProxy is an error the REST Proxy raises on its own, without
	// asking Kafka; its [KafkaError.Code] is 0.
	KindProxy
)

// String returns "kafka" or "proxy".
func (k Kind) String() string {
	switch k {
	case KindKafka:
		return "kafka"
	case KindProxy:
		return "proxy"
	}
	return "Kind(" + strconv.Itoa(int(k)) + ")"
}

// Class groups the errors that the REST layer renders alike. The rendering
// named on each constant is the one of Confluent's top-level Kafka
// exception mapper (io.confluent.rest.exceptions.KafkaExceptionMapper in
// confluentinc/rest-utils, read at commit 5269b872dd, 2026-08-19), which
// answers every endpoint that lets a Kafka exception escape. Endpoints that
// report errors per record instead (v1 and v2 produce) look only at
// [KafkaError.Retriable] and at the two authentication and authorization
// classes: 50003 for retriable, 50002 for others, 40101 and 40301 (which
// also turn the whole response into a 401 or 403). Package mockproxy owns
// every per-endpoint and per-profile difference; a class it has no special
// case for renders by [KafkaError.Retriable] as 50003 or 50002.
type Class int

const (
	// ClassRetriable is a retriable Kafka exception with no mapping of its
	// own: HTTP 500, error_code 50003.
	ClassRetriable Class = iota
	// ClassNonRetriable is any other Kafka exception: HTTP 500,
	// error_code 50002.
	ClassNonRetriable
	// ClassAuthentication is a subclass of Kafka's AuthenticationException:
	// HTTP 401, error_code 40101.
	ClassAuthentication
	// ClassAuthorization is a subclass of Kafka's AuthorizationException:
	// HTTP 403, error_code 40301.
	ClassAuthorization
	// ClassUnknownTopic is UnknownTopicOrPartitionException or
	// UnknownTopicIdException: HTTP 404, error_code 40403. Per record it
	// is retriable (50003).
	ClassUnknownTopic
	// ClassOffsetOutOfRange is a read outside the partition's log. The v1
	// simple consumer answers HTTP 500, error_code 50002, message
	// "Kafka error: Fetch response contains an error code: 1"; other
	// endpoints render it as [ClassNonRetriable].
	ClassOffsetOutOfRange
	// ClassRecordTooLarge is RecordTooLargeException: HTTP 413,
	// error_code 413 (rest-utils 0e6e1bfdaa, 2023-10-03; older servers
	// render it as [ClassNonRetriable]).
	ClassRecordTooLarge
	// ClassBrokerNotAvailable is BrokerNotAvailableException: HTTP 503,
	// error_code 50302.
	ClassBrokerNotAvailable
	// ClassBadRequest is an exception the mapper treats as the caller's
	// fault: HTTP 400, error_code 40002. Kafka's UnknownServerException is
	// one of them, so UNKNOWN_SERVER_ERROR is 400/40002 wherever the
	// exception reaches the mapper, and 50002 per record.
	ClassBadRequest
	// ClassThrottled is ThrottlingQuotaExceededException: HTTP 429,
	// error_code 42901 (rest-utils a49bb0b07e, 2023-07-07; older servers
	// render it as [ClassRetriable]).
	ClassThrottled
	// ClassConsumerInstanceNotFound is the proxy's unknown, expired or
	// deleted consumer instance: HTTP 404, error_code 40403.
	ClassConsumerInstanceNotFound
	// ClassRateLimited is the proxy's own request rate limiter: HTTP 429,
	// error_code 429.
	ClassRateLimited
)

var classNames = [...]string{
	ClassRetriable:                "retriable",
	ClassNonRetriable:             "non-retriable",
	ClassAuthentication:           "authentication",
	ClassAuthorization:            "authorization",
	ClassUnknownTopic:             "unknown-topic",
	ClassOffsetOutOfRange:         "offset-out-of-range",
	ClassRecordTooLarge:           "record-too-large",
	ClassBrokerNotAvailable:       "broker-not-available",
	ClassBadRequest:               "bad-request",
	ClassThrottled:                "throttled",
	ClassConsumerInstanceNotFound: "consumer-instance-not-found",
	ClassRateLimited:              "rate-limited",
}

// String returns the class as a lower-case, hyphenated word such as
// "unknown-topic".
func (c Class) String() string {
	if c >= 0 && int(c) < len(classNames) {
		return classNames[c]
	}
	return "Class(" + strconv.Itoa(int(c)) + ")"
}

// KafkaError is one row of the error table: an error a rule can name in
// [Fault.KafkaError], with the facts the REST layer needs to render it.
type KafkaError struct {
	// Name is the canonical upper-case name, e.g. "NOT_LEADER_OR_FOLLOWER".
	Name string
	// Code is Kafka's numeric error code (e.g. 6); 0 for proxy errors.
	Code int16
	// Message is the default message, verbatim: for Kafka errors the one
	// Kafka's Errors enum gives the exception, for proxy errors the text
	// the proxy sends.
	Message string
	// Retriable says whether the Java exception class extends Kafka's
	// RetriableException; for proxy errors, whether the same request can
	// succeed later.
	Retriable bool
	// Class says how the REST layer renders the error.
	Class Class
	// Kind says whether Kafka or the proxy defines the error.
	Kind Kind
}

// kafkaErrors is the error table, sorted by name. It is never modified.
//
// Codes, messages and retriability of the Kafka rows are those of Apache
// Kafka 3.9.0 (tag 3.9.0-rc3, commit dd5272687e, "Bump version to 3.9.0"),
// clients/src/main/java/org/apache/kafka/common/protocol/Errors.java and
// the exception classes in clients/src/main/java/org/apache/kafka/common/
// errors/; trunk at 1eb7644349 (2024-10-25, 4.0.0-SNAPSHOT) has the same
// rows. Retriable is true exactly when the exception class extends
// RetriableException, directly or through InvalidMetadataException.
//
// The proxy rows are confluentinc/kafka-rest at 985d0e056f:
// Errors.CONSUMER_INSTANCE_NOT_FOUND_MESSAGE, and RateLimitExceededException
// as V2ExceptionMapper and V3ExceptionMapper render it ("title: detail").
var kafkaErrors = [...]KafkaError{
	{Name: "BROKER_NOT_AVAILABLE", Code: 8, Message: "The broker is not available.", Class: ClassBrokerNotAvailable},
	{Name: "CLUSTER_AUTHORIZATION_FAILED", Code: 31, Message: "Cluster authorization failed.", Class: ClassAuthorization},
	{Name: "CONSUMER_INSTANCE_NOT_FOUND", Message: "Consumer instance not found.", Class: ClassConsumerInstanceNotFound, Kind: KindProxy},
	{Name: "COORDINATOR_LOAD_IN_PROGRESS", Code: 14, Message: "The coordinator is loading and hence can't process requests.", Retriable: true, Class: ClassRetriable},
	{Name: "COORDINATOR_NOT_AVAILABLE", Code: 15, Message: "The coordinator is not available.", Retriable: true, Class: ClassRetriable},
	{Name: "CORRUPT_MESSAGE", Code: 2, Message: "This message has failed its CRC checksum, exceeds the valid size, has a null key for a compacted topic, or is otherwise corrupt.", Retriable: true, Class: ClassRetriable},
	{Name: "FENCED_LEADER_EPOCH", Code: 74, Message: "The leader epoch in the request is older than the epoch on the broker.", Retriable: true, Class: ClassRetriable},
	{Name: "GROUP_AUTHORIZATION_FAILED", Code: 30, Message: "Group authorization failed.", Class: ClassAuthorization},
	{Name: "ILLEGAL_GENERATION", Code: 22, Message: "Specified group generation id is not valid.", Class: ClassNonRetriable},
	{Name: "INVALID_PARTITIONS", Code: 37, Message: "Number of partitions is below 1.", Class: ClassBadRequest},
	{Name: "INVALID_REPLICATION_FACTOR", Code: 38, Message: "Replication factor is below 1 or larger than the number of available brokers.", Class: ClassBadRequest},
	{Name: "INVALID_REQUEST", Code: 42, Message: "This most likely occurs because of a request being malformed by the client library or the message was sent to an incompatible broker. See the broker logs for more details.", Class: ClassBadRequest},
	{Name: "INVALID_TOPIC_EXCEPTION", Code: 17, Message: "The request attempted to perform an operation on an invalid topic.", Class: ClassBadRequest},
	{Name: "KAFKA_STORAGE_ERROR", Code: 56, Message: "Disk error when trying to access log file on the disk.", Retriable: true, Class: ClassRetriable},
	{Name: "LEADER_NOT_AVAILABLE", Code: 5, Message: "There is no leader for this topic-partition as we are in the middle of a leadership election.", Retriable: true, Class: ClassRetriable},
	{Name: "MESSAGE_TOO_LARGE", Code: 10, Message: "The request included a message larger than the max message size the server will accept.", Class: ClassRecordTooLarge},
	{Name: "NETWORK_EXCEPTION", Code: 13, Message: "The server disconnected before a response was received.", Retriable: true, Class: ClassRetriable},
	{Name: "NOT_COORDINATOR", Code: 16, Message: "This is not the correct coordinator.", Retriable: true, Class: ClassRetriable},
	{Name: "NOT_ENOUGH_REPLICAS", Code: 19, Message: "Messages are rejected since there are fewer in-sync replicas than required.", Retriable: true, Class: ClassRetriable},
	{Name: "NOT_ENOUGH_REPLICAS_AFTER_APPEND", Code: 20, Message: "Messages are written to the log, but to fewer in-sync replicas than required.", Retriable: true, Class: ClassRetriable},
	{Name: "NOT_LEADER_OR_FOLLOWER", Code: 6, Message: "For requests intended only for the leader, this error indicates that the broker is not the current leader. For requests intended for any replica, this error indicates that the broker is not a replica of the topic partition.", Retriable: true, Class: ClassRetriable},
	{Name: "OFFSET_OUT_OF_RANGE", Code: 1, Message: "The requested offset is not within the range of offsets maintained by the server.", Class: ClassOffsetOutOfRange},
	{Name: "POLICY_VIOLATION", Code: 44, Message: "Request parameters do not satisfy the configured policy.", Class: ClassBadRequest},
	{Name: "RATE_LIMITED", Message: "Request rate limit exceeded: The rate limit of requests per second has been exceeded.", Retriable: true, Class: ClassRateLimited, Kind: KindProxy},
	{Name: "REBALANCE_IN_PROGRESS", Code: 27, Message: "The group is rebalancing, so a rejoin is needed.", Class: ClassNonRetriable},
	{Name: "RECORD_LIST_TOO_LARGE", Code: 18, Message: "The request included message batch larger than the configured segment size on the server.", Class: ClassNonRetriable},
	{Name: "REPLICA_NOT_AVAILABLE", Code: 9, Message: "The replica is not available for the requested topic-partition. Produce/Fetch requests and other requests intended only for the leader or follower return NOT_LEADER_OR_FOLLOWER if the broker is not a replica of the topic-partition.", Retriable: true, Class: ClassRetriable},
	{Name: "REQUEST_TIMED_OUT", Code: 7, Message: "The request timed out.", Retriable: true, Class: ClassRetriable},
	{Name: "SASL_AUTHENTICATION_FAILED", Code: 58, Message: "SASL Authentication failed.", Class: ClassAuthentication},
	{Name: "THROTTLING_QUOTA_EXCEEDED", Code: 89, Message: "The throttling quota has been exceeded.", Retriable: true, Class: ClassThrottled},
	{Name: "TOPIC_ALREADY_EXISTS", Code: 36, Message: "Topic with this name already exists.", Class: ClassBadRequest},
	{Name: "TOPIC_AUTHORIZATION_FAILED", Code: 29, Message: "Topic authorization failed.", Class: ClassAuthorization},
	{Name: "UNKNOWN_LEADER_EPOCH", Code: 75, Message: "The leader epoch in the request is newer than the epoch on the broker.", Retriable: true, Class: ClassRetriable},
	{Name: "UNKNOWN_MEMBER_ID", Code: 25, Message: "The coordinator is not aware of this member.", Class: ClassNonRetriable},
	{Name: "UNKNOWN_SERVER_ERROR", Code: -1, Message: "The server experienced an unexpected error when processing the request.", Class: ClassBadRequest},
	{Name: "UNKNOWN_TOPIC_ID", Code: 100, Message: "This server does not host this topic ID.", Retriable: true, Class: ClassUnknownTopic},
	{Name: "UNKNOWN_TOPIC_OR_PARTITION", Code: 3, Message: "This server does not host this topic-partition.", Retriable: true, Class: ClassUnknownTopic},
}

// kafkaErrorAliases maps older names to canonical ones. Kafka 2.7.0
// renamed NOT_LEADER_FOR_PARTITION (code 6, then with the message "This
// server is not the leader for that topic-partition.") to
// NOT_LEADER_OR_FOLLOWER (KAFKA-10223, commit 9c8f75c4b6).
var kafkaErrorAliases = [...]struct{ alias, name string }{
	{"NOT_LEADER_FOR_PARTITION", "NOT_LEADER_OR_FOLLOWER"},
}

// LookupKafkaError returns the row of the error table with the given name.
// The name is matched case-insensitively, and older names are accepted as
// aliases of the current ones (NOT_LEADER_FOR_PARTITION gives
// NOT_LEADER_OR_FOLLOWER); the row returned always has the canonical name.
// It is safe for concurrent use.
func LookupKafkaError(name string) (KafkaError, bool) {
	for _, a := range kafkaErrorAliases {
		if strings.EqualFold(name, a.alias) {
			name = a.name
			break
		}
	}
	for _, e := range kafkaErrors {
		if strings.EqualFold(name, e.Name) {
			return e, true
		}
	}
	return KafkaError{}, false
}

// KafkaErrors returns the whole error table, sorted by name, as a new
// slice the caller may modify. It is safe for concurrent use.
func KafkaErrors() []KafkaError {
	return slices.Clone(kafkaErrors[:])
}
