package mockproxy

// Kafka errors as the proxy surfaces them: through rest-utils'
// KafkaExceptionMapper for a request as a whole, as per-record entries of
// a produce response, and in the few wrappings of kafka-rest's own (the v1
// simple consumer, v1 commits). Kafka's texts are scenario's Kafka error
// table (scenario.KafkaErrors), looked up by name, so each is written
// once in the tree.

import (
	"cmp"
	"errors"
	"fmt"
	"net/http"

	"github.com/kafkarestmock/kafkarestmock/backend"
	"github.com/kafkarestmock/kafkarestmock/fakelog"
	"github.com/kafkarestmock/kafkarestmock/scenario"
)

// kafkaText is the message of a row of scenario's Kafka error table.
func kafkaText(name string) string {
	ke, ok := scenario.LookupKafkaError(name)
	if !ok {
		panic("mockproxy: no Kafka error " + name)
	}
	return ke.Message
}

var (
	// errUnknownTopicOrPartition is Kafka's UnknownTopicOrPartitionException
	// as the exception mapper renders it (40403, Kafka's text).
	errUnknownTopicOrPartition = &apiError{http.StatusNotFound, 40403, kafkaText("UNKNOWN_TOPIC_OR_PARTITION")}
	// errV1CommitUnknownPartition is a v1 commit of a partition the log no
	// longer has.
	errV1CommitUnknownPartition = errKafkaWrapped(kafkaText("UNKNOWN_TOPIC_OR_PARTITION"))
)

// notLeaderForPartition25 is code 6 as Kafka 2.5, the client of
// Confluent 5.5, names it; Kafka 2.7 renamed it NOT_LEADER_OR_FOLLOWER.
const (
	notLeaderForPartition25     = "NOT_LEADER_FOR_PARTITION"
	notLeaderForPartition25Text = "This server is not the leader for that topic-partition."
)

// Per-record produce error codes (reference §2.1).
const (
	codeKafkaError          = 50002
	codeKafkaRetriableError = 50003
	codeKafkaAuthentication = 40101
	codeKafkaAuthorization  = 40301
)

// errKafka is rest-utils' answer to a non-retriable Kafka exception,
// with the exception's text.
func errKafka(msg string) *apiError {
	return newAPIError(http.StatusInternalServerError, codeKafkaError, "%s", msg)
}

// errCommitFailed is a commit the consumer group fenced: the Java
// consumer's CommitFailedException or RebalanceInProgressException, which
// rest-utils' KafkaExceptionMapper answers as any Kafka exception that is
// neither retriable nor in its table (500, 50002, the exception's text).
func errCommitFailed(msg string) *apiError { return errKafka(msg) }

// errKafkaWrapped is kafka-rest's own wrapping of a Kafka error (5.x).
func errKafkaWrapped(msg string) *apiError { return errKafka("Kafka error: " + msg) }

// simpleConsumerError is the v1 simple consumer's answer to a fetch
// error of Kafka code code.
func simpleConsumerError(code int16) *apiError {
	return errKafkaWrapped(fmt.Sprintf("Fetch response contains an error code: %d", code))
}

// errReadDecode is a records read whose deserializer failed: 5.x (and
// current servers up to 6.1) answer 500/50002, later ones 408/40801, both
// with the SerializationException's text.
func errReadDecode(msg string) *versionedError {
	return &versionedError{
		legacy:  errKafka(msg),
		current: newAPIError(http.StatusRequestTimeout, 40801, "%s", msg),
	}
}

// kafkaErrorAnswer is how the proxy's exception mappers answer a Kafka (or
// proxy-level) error raised by a request as a whole (rest-utils'
// KafkaExceptionMapper and kafka-rest's own errors), with the headers
// that go with it. An error 5.x's Kafka client names differently is a
// versionedError.
func kafkaErrorAnswer(ke scenario.KafkaError) (error, map[string]string) {
	if ke.Name == "UNKNOWN_TOPIC_OR_PARTITION" {
		return errTopicMissing, nil // the same answer as a natural one
	}
	current, headers := kafkaAnswer(ke)
	if old, renamed := kafka25(ke); renamed {
		legacy, _ := kafkaAnswer(old)
		return &versionedError{legacy: legacy, current: current}, headers
	}
	return current, headers
}

// kafkaAnswer renders a Kafka error by its class.
func kafkaAnswer(ke scenario.KafkaError) (*apiError, map[string]string) {
	switch ke.Class {
	case scenario.ClassConsumerInstanceNotFound:
		return errConsumerNotFound, nil
	case scenario.ClassRateLimited:
		return errRateLimited, map[string]string{"Retry-After": "1"}
	case scenario.ClassUnknownTopic:
		return newAPIError(http.StatusNotFound, 40403, "%s", ke.Message), nil
	case scenario.ClassBrokerNotAvailable:
		return newAPIError(http.StatusServiceUnavailable, 50302, "%s", ke.Message), nil
	case scenario.ClassBadRequest:
		return newAPIError(http.StatusBadRequest, 40002, "%s", ke.Message), nil
	case scenario.ClassThrottled:
		return newAPIError(http.StatusTooManyRequests, 42901, "%s", ke.Message), nil
	case scenario.ClassRecordTooLarge:
		return newAPIError(http.StatusRequestEntityTooLarge, 413, "%s", ke.Message), nil
	case scenario.ClassAuthentication:
		return newAPIError(http.StatusUnauthorized, codeKafkaAuthentication, "%s", ke.Message), nil
	case scenario.ClassAuthorization:
		return newAPIError(http.StatusForbidden, codeKafkaAuthorization, "%s", ke.Message), nil
	}
	if ke.Retriable {
		return newAPIError(http.StatusInternalServerError, codeKafkaRetriableError, "%s", ke.Message), nil
	}
	return errKafka(ke.Message), nil
}

// kafka25 is a Kafka error as Kafka 2.5's client names it, and whether
// that differs from the table's (current) name.
func kafka25(ke scenario.KafkaError) (scenario.KafkaError, bool) {
	if ke.Name != "NOT_LEADER_OR_FOLLOWER" {
		return ke, false
	}
	ke.Name, ke.Message = notLeaderForPartition25, notLeaderForPartition25Text
	return ke, true
}

// backendKafkaError is the request-level answer to a Kafka error a backend
// reports (a broker's answer the proxy's clients did not retry), rendered
// as the real proxy's exception mappers render that error.
func backendKafkaError(be *backend.KafkaError) error {
	ae, _ := kafkaErrorAnswer(errorRow(be))
	return ae
}

// backendError maps a backend error on a metadata or simple-consumer
// endpoint to the answer.
func backendError(err error) error {
	var be *backend.KafkaError
	switch {
	case errors.As(err, &be):
		return backendKafkaError(be)
	case errors.Is(err, fakelog.ErrUnknownTopic):
		return errTopicMissing
	case errors.Is(err, fakelog.ErrUnknownPartition):
		return errPartitionNotFound
	}
	return err
}

// errorRow is the error table's row for a Kafka error a backend reports;
// an error the table lacks is rendered as non-retriable with the
// backend's description.
func errorRow(be *backend.KafkaError) scenario.KafkaError {
	if ke, ok := scenario.LookupKafkaError(be.Name); ok {
		return ke
	}
	return scenario.KafkaError{Name: be.Name, Code: be.Code, Message: cmp.Or(be.Message, be.Name), Class: scenario.ClassNonRetriable}
}

// produceError is the per-record produce entry for a backend's failure to
// store a record: a Kafka error the backend names is rendered as the
// producer of dialect d would surface it; anything else (a partition gone
// from the in-memory log) as UNKNOWN_TOPIC_OR_PARTITION.
func produceError(d *dialect, err error) produceResult {
	be := &backend.KafkaError{Name: "UNKNOWN_TOPIC_OR_PARTITION"}
	errors.As(err, &be)
	return produceRecordError(d.kafka(errorRow(be)))
}

// produceRecordError is a per-record produce entry for a Kafka error
// (reference §2.1): 40101/40301 for authentication/authorization (which
// turn the response into 401/403), 50003 retriable, 50002 otherwise.
func produceRecordError(ke scenario.KafkaError) produceResult {
	code := codeKafkaError
	switch {
	case ke.Class == scenario.ClassAuthentication:
		code = codeKafkaAuthentication
	case ke.Class == scenario.ClassAuthorization:
		code = codeKafkaAuthorization
	case ke.Retriable:
		code = codeKafkaRetriableError
	}
	return produceResult{code: code, msg: ke.Message}
}

// The producer's own per-record errors (Kafka texts; the real producer
// blocks max.block.ms, 60 s, before the two "not present" ones).

// recordInvalidTopic is a record for a topic name the broker refuses.
func recordInvalidTopic(topic string) produceResult {
	return produceResult{code: codeKafkaError, msg: fmt.Sprintf("Invalid topics: [%s]", topic)}
}

// recordTopicMissing is a record for a topic that does not exist.
func recordTopicMissing(topic string) produceResult {
	return produceResult{code: codeKafkaRetriableError, msg: fmt.Sprintf("Topic %s not present in metadata after 60000 ms.", topic)}
}

// recordPartitionMissing is a record for a partition the topic lacks.
func recordPartitionMissing(topic string, partition int64, count int32) produceResult {
	return produceResult{code: codeKafkaRetriableError,
		msg: fmt.Sprintf("Partition %d of topic %s with partition count %d is not present in metadata after 60000 ms.", partition, topic, count)}
}

// recordTooLargeText is the Java producer's refusal of a record whose
// serialized size (backend.ProducerRecordSize) is over max.request.size,
// before it is sent.
func recordTooLargeText(size int) string {
	return fmt.Sprintf("The message is %d bytes when serialized which is larger than %d, which is the value of the max.request.size configuration.", size, backend.MaxRequestSize)
}

// recordTooLarge is the per-record produce entry (v1, v2) for a record
// over max.request.size: a RecordTooLargeException, not retriable.
func recordTooLarge(size int) produceResult {
	return produceResult{code: codeKafkaError, msg: recordTooLargeText(size)}
}

// errV3RecordTooLarge is the v3 delivery report for a record over
// max.request.size: rest-utils maps RecordTooLargeException to 413/413.
func errV3RecordTooLarge(size int) *apiError {
	return newAPIError(http.StatusRequestEntityTooLarge, http.StatusRequestEntityTooLarge, "%s", recordTooLargeText(size))
}
