package fakelog

import (
	"errors"
	"time"
)

// AnyPartition is the [Record.Partition] value that asks [Log.Produce] to
// choose the partition: by Kafka's murmur2 hash of the key when the key is
// non-nil, round-robin otherwise.
const AnyPartition int32 = -1

// Header is one Kafka record header. Value may be nil.
type Header struct {
	Key   string
	Value []byte
}

// Record is one Kafka record. On input (Produce, Append) Topic, Offset are
// ignored and a zero Timestamp means "now" on the log's clock. On output
// (Read) every field is filled.
//
// A nil Key or Value is Kafka's null; an empty non-nil slice is an empty
// payload.
type Record struct {
	Topic     string
	Partition int32
	Offset    int64
	Key       []byte
	Value     []byte
	Headers   []Header
	Timestamp time.Time
}

// Result is the outcome of producing one record: where it was stored, or
// why it was not.
type Result struct {
	Partition int32
	Offset    int64
	Timestamp time.Time
	Err       error
}

// TopicInfo describes a topic. Configs holds only the configs set when the
// topic was created (overrides), not broker defaults.
type TopicInfo struct {
	Name       string
	Partitions int32
	Configs    map[string]string
}

// PartitionInfo describes one partition's offsets.
type PartitionInfo struct {
	Topic     string
	Partition int32
	// StartOffset is the log start offset: the first readable offset.
	StartOffset int64
	// EndOffset is the log end offset (high watermark): the offset the
	// next appended record gets.
	EndOffset int64
	// Records is EndOffset - StartOffset.
	Records int64
	// Bytes is the payload (key, value and header) bytes retained.
	Bytes int64
}

// Sentinel errors. Errors returned by this package wrap them; compare with
// errors.Is.
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
