package backend

import (
	"errors"
	"fmt"
	"slices"
	"strings"
)

// Sentinel errors. Errors returned by backends wrap them; compare with
// errors.Is. Their texts are those package fakelog has always given.
var (
	// ErrUnknownTopic: the topic does not exist (Kafka UNKNOWN_TOPIC_OR_PARTITION).
	ErrUnknownTopic = errors.New("fakelog: unknown topic")
	// ErrUnknownPartition: the topic exists but not the partition.
	ErrUnknownPartition = errors.New("fakelog: unknown partition")
	// ErrOffsetOutOfRange: a read below the log start offset, or a read
	// or delete past the log end offset (Kafka OFFSET_OUT_OF_RANGE).
	ErrOffsetOutOfRange = errors.New("fakelog: offset out of range")
	// ErrTopicExists: CreateTopic of a name already taken (Kafka TOPIC_ALREADY_EXISTS).
	ErrTopicExists = errors.New("fakelog: topic already exists")
	// ErrInvalidPartitions: a partition count below 1, or AddPartitions
	// that does not increase the count (Kafka INVALID_PARTITIONS).
	ErrInvalidPartitions = errors.New("fakelog: invalid partitions")
	// ErrInvalidTopic: an empty or otherwise invalid topic name (Kafka INVALID_TOPIC_EXCEPTION).
	ErrInvalidTopic = errors.New("fakelog: invalid topic name")
	// ErrClosed: the log was closed.
	ErrClosed = errors.New("fakelog: closed")
	// ErrInvalidConfig: a topic config the log interprets has a value it
	// cannot use (Kafka INVALID_CONFIG).
	ErrInvalidConfig = errors.New("fakelog: invalid config")
)

// Sentinel errors of consumers and consumer groups. Errors returned by
// backends wrap them; compare with errors.Is.
var (
	// ErrIllegalState: the call is not allowed in the consumer's current
	// state (Kafka IllegalStateException). The errors matching it are
	// of type *[IllegalStateError].
	ErrIllegalState = errors.New("fakelog: illegal state")
	// ErrNoOffset: a partition has no position, nothing is committed for
	// it and the reset policy is [ResetNone] (Kafka
	// NoOffsetForPartitionException). The errors matching it are
	// of type *[NoOffsetError].
	ErrNoOffset = errors.New("fakelog: no offset for partition")
	// ErrMemberExists: an open consumer of the group already has the
	// member id.
	ErrMemberExists = errors.New("fakelog: member already exists")
	// ErrInvalidGroup: an empty consumer group id (Kafka INVALID_GROUP_ID).
	ErrInvalidGroup = errors.New("fakelog: invalid group id")
	// ErrConsumerClosed: the consumer was closed, by its Close or by the
	// backend's Reset or Close.
	ErrConsumerClosed = errors.New("fakelog: consumer closed")
	// ErrInvalidArgument: an argument Kafka rejects (Kafka
	// IllegalArgumentException). Errors a Kafka consumer would throw are
	// of type *[InvalidArgumentError].
	ErrInvalidArgument = errors.New("fakelog: invalid argument")
	// ErrCommitFailed: a group's coordinator fenced a consumer's commit
	// (Kafka CommitFailedException or RebalanceInProgressException).
	// The errors matching it are of type *[CommitFailedError].
	ErrCommitFailed = errors.New("fakelog: commit failed")
)

// CommitFailedError is a commit the consumer group refused because the
// consumer does not hold the group's current generation: Kafka's
// CommitFailedException, or its RebalanceInProgressException when the
// consumer is rejoining. Message is the Java consumer's text (one of the
// MsgCommit constants), Error returns it with no prefix. It matches
// [ErrCommitFailed] with errors.Is. Backends return a *CommitFailedError,
// so that every backend's refusal is rendered alike.
type CommitFailedError struct{ Message string }

// Error returns Kafka's message, verbatim.
func (e *CommitFailedError) Error() string { return e.Message }

// Is reports whether target is [ErrCommitFailed].
func (e *CommitFailedError) Is(target error) bool { return target == ErrCommitFailed }

// The Java consumer's texts for a fenced commit (ConsumerCoordinator).
const (
	// MsgCommitFailed is CommitFailedException's default text: the
	// coordinator answered ILLEGAL_GENERATION or UNKNOWN_MEMBER_ID (a
	// stale generation, or a consumer without one committing to a group
	// that has members).
	MsgCommitFailed = "Commit cannot be completed since the group has already rebalanced and assigned the partitions to another member. " +
		"This means that the time between subsequent calls to poll() was longer than the configured max.poll.interval.ms, " +
		"which typically implies that the poll loop is spending too much time message processing. " +
		"You can address this either by increasing max.poll.interval.ms or by reducing the maximum size of batches returned in poll() with max.poll.records."
	// MsgCommitNotMember is the client's own CommitFailedException for a
	// subscribed consumer that is not a member of its group (it has not
	// joined yet, or it was removed).
	MsgCommitNotMember = "Offset commit cannot be completed since the consumer is not part of an active group for auto partition assignment; " +
		"it is likely that the consumer was kicked out of the group."
	// MsgCommitRebalancing is the client's RebalanceInProgressException
	// for a subscribed consumer that has rejoined and waits for the
	// rebalance to complete.
	MsgCommitRebalancing = "Offset commit cannot be completed since the consumer is undergoing a rebalance for auto partition assignment. " +
		"You can try completing the rebalance by calling poll() and then retry the operation."
	// MsgCommitGroupRebalancing is the RebalanceInProgressException for
	// a coordinator's REBALANCE_IN_PROGRESS answer.
	MsgCommitGroupRebalancing = "Offset commit cannot be completed since the consumer group is executing a rebalance at the moment. " +
		"You can try completing the rebalance by calling poll() and then retry commit again"
)

// IllegalStateError is Kafka's IllegalStateException. Error returns
// Message, Kafka's text, with no prefix, so it can be shown verbatim.
// It matches [ErrIllegalState] with errors.Is. Backends return a
// *IllegalStateError; use errors.As with a *IllegalStateError target.
type IllegalStateError struct{ Message string }

// Error returns Kafka's message, verbatim.
func (e *IllegalStateError) Error() string { return e.Message }

// Is reports whether target is [ErrIllegalState].
func (e *IllegalStateError) Is(target error) bool { return target == ErrIllegalState }

// InvalidArgumentError is Kafka's IllegalArgumentException. Error returns
// Message, Kafka's text, with no prefix. It matches [ErrInvalidArgument]
// with errors.Is. Backends return a *InvalidArgumentError.
type InvalidArgumentError struct{ Message string }

// Error returns Kafka's message, verbatim.
func (e *InvalidArgumentError) Error() string { return e.Message }

// Is reports whether target is [ErrInvalidArgument].
func (e *InvalidArgumentError) Is(target error) bool { return target == ErrInvalidArgument }

// InvalidConfigError is Kafka's ConfigException for a consumer config.
// Error returns Message, Kafka's text, with no prefix. It matches
// [ErrInvalidConfig] with errors.Is. Backends return a
// *InvalidConfigError.
type InvalidConfigError struct{ Message string }

// Error returns Kafka's message, verbatim.
func (e *InvalidConfigError) Error() string { return e.Message }

// Is reports whether target is [ErrInvalidConfig].
func (e *InvalidConfigError) Is(target error) bool { return target == ErrInvalidConfig }

// NoOffsetError is Kafka's NoOffsetForPartitionException: Partitions, sorted,
// have no position, nothing committed and the reset policy [ResetNone].
// Error returns Kafka's text, e.g. "Undefined offset with no reset policy
// for partitions: [t-0, t-1]". It matches [ErrNoOffset] with errors.Is.
// Backends return a *NoOffsetError.
type NoOffsetError struct{ Partitions []TopicPartition }

// Error returns Kafka's message, verbatim.
func (e *NoOffsetError) Error() string {
	tps := slices.Clone(e.Partitions)
	slices.SortFunc(tps, compareTP)
	names := make([]string, len(tps))
	for i, tp := range tps {
		names[i] = tp.String()
	}
	return "Undefined offset with no reset policy for partitions: [" + strings.Join(names, ", ") + "]"
}

// Is reports whether target is [ErrNoOffset].
func (e *NoOffsetError) Is(target error) bool { return target == ErrNoOffset }

// OffsetOutOfRangeError is Kafka's OffsetOutOfRangeException: the
// positions in Offsets lie outside their partitions' logs and the reset
// policy is [ResetNone]. Error returns Kafka's text, e.g. "Offsets out of
// range with no configured reset policy for partitions: {t-0=5}", with the
// partitions sorted. It matches [ErrOffsetOutOfRange] with errors.Is.
// Backends return a *OffsetOutOfRangeError.
type OffsetOutOfRangeError struct{ Offsets map[TopicPartition]int64 }

// Error returns Kafka's message, verbatim.
func (e *OffsetOutOfRangeError) Error() string {
	tps := make([]TopicPartition, 0, len(e.Offsets))
	for tp := range e.Offsets {
		tps = append(tps, tp)
	}
	slices.SortFunc(tps, compareTP)
	parts := make([]string, len(tps))
	for i, tp := range tps {
		parts[i] = fmt.Sprintf("%s=%d", tp, e.Offsets[tp])
	}
	return "Offsets out of range with no configured reset policy for partitions: {" + strings.Join(parts, ", ") + "}"
}

// Is reports whether target is [ErrOffsetOutOfRange].
func (e *OffsetOutOfRangeError) Is(target error) bool { return target == ErrOffsetOutOfRange }

// Kafka's exception texts for consumer misuse, as KafkaConsumer throws
// them, so that every backend refuses the same calls with the same
// words.
const (
	MsgMutuallyExclusive = "Subscription to topics, partitions and pattern are mutually exclusive"
	MsgNotSubscribed     = "Consumer is not subscribed to any topics or assigned any partitions"
	MsgNoAssignment      = "No current assignment for partition "
	MsgPositionNotOwned  = "You can only check the position for partitions assigned to this consumer."
	MsgBlankTopic        = "Topic collection to subscribe to cannot contain null or empty topic"
	MsgBlankAssignTopic  = "Topic partitions to assign to cannot have null or empty topic"
	MsgNullPattern       = "Topic pattern to subscribe to cannot be null"
	MsgEmptyPattern      = "Topic pattern to subscribe to cannot be empty"
	MsgNegativeSeek      = "seek offset must not be a negative number"
	MsgNegativeOffset    = "Invalid negative offset"
)
