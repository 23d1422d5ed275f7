package fakelog

import (
	"time"

	"github.com/kafkarestmock/kafkarestmock/backend"
)

// The log's vocabulary is package backend's, shared with the REST layer
// and every other backend. These names keep it reachable from here: the
// types are aliases, the errors the same values, so errors.Is and
// errors.As match either name.

// AnyPartition is the [Record.Partition] value that asks [Log.Produce] to
// choose the partition: by Kafka's murmur2 hash of the key when the key is
// non-nil, round-robin otherwise. It is [backend.AnyPartition].
const AnyPartition = backend.AnyPartition

// Types shared with package backend; see there.
type (
	// Header is [backend.Header], one Kafka record header.
	Header = backend.Header
	// Record is [backend.Record], one Kafka record. On input (Produce,
	// Append) Topic, Offset are ignored and a zero Timestamp means "now"
	// on the log's clock. On output (Read) every field is filled.
	Record = backend.Record
	// Result is [backend.Result], the outcome of producing one record.
	Result = backend.Result
	// TopicInfo is [backend.TopicInfo], a topic's description.
	TopicInfo = backend.TopicInfo
	// ConfigOp is [backend.ConfigOp], one operation of a topic config
	// alter.
	ConfigOp = backend.ConfigOp
	// PartitionInfo is [backend.PartitionInfo], a partition's offsets.
	PartitionInfo = backend.PartitionInfo
	// TopicPartition is [backend.TopicPartition], one partition of a topic.
	TopicPartition = backend.TopicPartition
	// OffsetAndMetadata is [backend.OffsetAndMetadata], a committed offset.
	OffsetAndMetadata = backend.OffsetAndMetadata
	// GroupInfo is [backend.GroupInfo], a consumer group's description.
	GroupInfo = backend.GroupInfo
	// MemberInfo is [backend.MemberInfo], one joined member of a group.
	MemberInfo = backend.MemberInfo
	// ConsumerConfig is [backend.ConsumerConfig], which configures a
	// [Consumer]; [Log.NewConsumer] checks it with its Check method.
	ConsumerConfig = backend.ConsumerConfig
)

// Auto offset reset policies, the values of Kafka's auto.offset.reset;
// see [backend.ResetLatest].
const (
	// ResetLatest starts at the log end offset (Kafka's default).
	ResetLatest = backend.ResetLatest
	// ResetEarliest starts at the log start offset.
	ResetEarliest = backend.ResetEarliest
	// ResetNone makes Poll fail with a [NoOffsetError] or an
	// [OffsetOutOfRangeError].
	ResetNone = backend.ResetNone
)

// Consumer config defaults, those of Kafka's Java consumer.
const (
	DefaultAutoCommitInterval = backend.DefaultAutoCommitInterval
	DefaultMaxPollRecords     = backend.DefaultMaxPollRecords
	DefaultMaxPollInterval    = backend.DefaultMaxPollInterval
)

// Sentinel errors, the values of package backend. Errors returned by this
// package wrap them; compare with errors.Is.
var (
	// ErrUnknownTopic: the topic does not exist (Kafka UNKNOWN_TOPIC_OR_PARTITION).
	ErrUnknownTopic = backend.ErrUnknownTopic
	// ErrUnknownPartition: the topic exists but not the partition.
	ErrUnknownPartition = backend.ErrUnknownPartition
	// ErrOffsetOutOfRange: a read below the log start offset, or a read
	// or delete past the log end offset (Kafka OFFSET_OUT_OF_RANGE).
	ErrOffsetOutOfRange = backend.ErrOffsetOutOfRange
	// ErrTopicExists: CreateTopic of a name already taken (Kafka TOPIC_ALREADY_EXISTS).
	ErrTopicExists = backend.ErrTopicExists
	// ErrInvalidPartitions: a partition count below 1, or AddPartitions
	// that does not increase the count (Kafka INVALID_PARTITIONS).
	ErrInvalidPartitions = backend.ErrInvalidPartitions
	// ErrInvalidTopic: an empty or otherwise invalid topic name (Kafka INVALID_TOPIC_EXCEPTION).
	ErrInvalidTopic = backend.ErrInvalidTopic
	// ErrClosed: the log was closed.
	ErrClosed = backend.ErrClosed
	// ErrInvalidConfig: a topic config the log interprets has a value it
	// cannot use (Kafka INVALID_CONFIG).
	ErrInvalidConfig = backend.ErrInvalidConfig

	// ErrIllegalState: the call is not allowed in the consumer's current
	// state (Kafka IllegalStateException). The errors matching it are
	// of type *[IllegalStateError].
	ErrIllegalState = backend.ErrIllegalState
	// ErrNoOffset: a partition has no position, nothing is committed for
	// it and the reset policy is [ResetNone] (Kafka
	// NoOffsetForPartitionException). The errors matching it are
	// of type *[NoOffsetError].
	ErrNoOffset = backend.ErrNoOffset
	// ErrMemberExists: an open consumer of the group already has the
	// member id.
	ErrMemberExists = backend.ErrMemberExists
	// ErrInvalidGroup: an empty consumer group id (Kafka INVALID_GROUP_ID).
	ErrInvalidGroup = backend.ErrInvalidGroup
	// ErrConsumerClosed: the consumer was closed, by [Consumer.Close],
	// [Log.Reset] or [Log.Close].
	ErrConsumerClosed = backend.ErrConsumerClosed
	// ErrInvalidArgument: an argument Kafka rejects (Kafka
	// IllegalArgumentException). Errors a Kafka consumer would throw are
	// of type *[InvalidArgumentError].
	ErrInvalidArgument = backend.ErrInvalidArgument
	// ErrCommitFailed: the group fenced a consumer's commit (Kafka
	// CommitFailedException or RebalanceInProgressException). Errors
	// matching it are of type *[CommitFailedError].
	ErrCommitFailed = backend.ErrCommitFailed
)

// Consumer error types, those of package backend; see there.
type (
	// IllegalStateError is [backend.IllegalStateError], Kafka's
	// IllegalStateException.
	IllegalStateError = backend.IllegalStateError
	// InvalidArgumentError is [backend.InvalidArgumentError], Kafka's
	// IllegalArgumentException.
	InvalidArgumentError = backend.InvalidArgumentError
	// InvalidConfigError is [backend.InvalidConfigError], Kafka's
	// ConfigException for a consumer config.
	InvalidConfigError = backend.InvalidConfigError
	// NoOffsetError is [backend.NoOffsetError], Kafka's
	// NoOffsetForPartitionException.
	NoOffsetError = backend.NoOffsetError
	// OffsetOutOfRangeError is [backend.OffsetOutOfRangeError], Kafka's
	// OffsetOutOfRangeException.
	OffsetOutOfRangeError = backend.OffsetOutOfRangeError
	// CommitFailedError is [backend.CommitFailedError], Kafka's
	// CommitFailedException or RebalanceInProgressException for a
	// commit its group fenced.
	CommitFailedError = backend.CommitFailedError
)

// Kafka's exception texts for consumer misuse, as KafkaConsumer throws
// them; see [backend.MsgMutuallyExclusive].
const (
	MsgMutuallyExclusive = backend.MsgMutuallyExclusive
	MsgNotSubscribed     = backend.MsgNotSubscribed
	MsgNoAssignment      = backend.MsgNoAssignment
	MsgPositionNotOwned  = backend.MsgPositionNotOwned
	MsgBlankTopic        = backend.MsgBlankTopic
	MsgBlankAssignTopic  = backend.MsgBlankAssignTopic
	MsgNullPattern       = backend.MsgNullPattern
	MsgEmptyPattern      = backend.MsgEmptyPattern
	MsgNegativeSeek      = backend.MsgNegativeSeek
	MsgNegativeOffset    = backend.MsgNegativeOffset

	MsgCommitFailed           = backend.MsgCommitFailed
	MsgCommitNotMember        = backend.MsgCommitNotMember
	MsgCommitRebalancing      = backend.MsgCommitRebalancing
	MsgCommitGroupRebalancing = backend.MsgCommitGroupRebalancing
)

// ValidTopicName reports whether Kafka accepts name as a topic name: 1 to
// 249 characters of a-z, A-Z, 0-9, '.', '_' and '-', not "." or "..". It
// is [backend.ValidTopicName].
func ValidTopicName(name string) bool { return backend.ValidTopicName(name) }

// Murmur2 returns the 32-bit murmur2 hash of data exactly as Kafka's Java
// client computes it. It is [backend.Murmur2].
func Murmur2(data []byte) int32 { return backend.Murmur2(data) }

// PartitionForKey returns the partition Kafka's Java producer picks for a
// non-null key, or [AnyPartition] when numPartitions is not positive. It
// is [backend.PartitionForKey].
func PartitionForKey(key []byte, numPartitions int32) int32 {
	return backend.PartitionForKey(key, numPartitions)
}

// Clocks, those of package backend; see there.
type (
	// Clock is [backend.Clock], the source of time for timestamps and
	// waits. A [Log] reads it to stamp records produced without a
	// timestamp, to time out [Log.WaitForData] and to time auto-commits.
	// The log never calls a Clock while holding one of its own locks.
	Clock = backend.Clock
	// Timer is [backend.Timer], a one-shot timer like *time.Timer.
	Timer = backend.Timer
	// ManualClock is [backend.ManualClock], a [Clock] whose time moves
	// only when it is advanced or set.
	ManualClock = backend.ManualClock
)

// RealClock returns a [Clock] backed by package time, the default clock of
// a [Log]. It is [backend.RealClock].
func RealClock() Clock { return backend.RealClock() }

// NewManualClock returns a [ManualClock] whose current time is start and
// that has no timers. It is [backend.NewManualClock].
func NewManualClock(start time.Time) *ManualClock { return backend.NewManualClock(start) }
