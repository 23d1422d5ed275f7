// Package backend defines what the REST layer needs from the log behind
// it: the shape of the Java clients the real proxy wraps (an admin client
// for metadata, a producer, and one consumer per consumer instance), and
// the vocabulary the REST layer and every backend share: records, topic,
// partition and group descriptions, consumer configs, errors, Kafka's
// key partitioner and the clock. The in-memory log of package fakelog,
// the default backend, implements [Backend] (fakelog.Log.Backend); a
// Kafka-backed implementation over franz-go lives in package
// kafkabackend, so that users of the in-memory mode never compile it.
//
// Errors: implementations wrap [ErrUnknownTopic], [ErrUnknownPartition],
// [ErrTopicExists], [ErrInvalidTopic], [ErrInvalidConfig] and
// [ErrOffsetOutOfRange] where those apply, return the consumer error
// types ([IllegalStateError], [NoOffsetError], [OffsetOutOfRangeError],
// [InvalidConfigError]), and report any other Kafka protocol error as a
// [*KafkaError].
package backend

import (
	"regexp"
	"time"
)

// Backend is a partitioned log with consumer groups. Every method is safe
// for concurrent use. Methods of a Kafka-backed implementation make
// network round trips and block until they are answered; none waits for
// new data: to wait, select on Changes.
type Backend interface {
	// Topics lists the topics, sorted by name.
	Topics() []TopicInfo
	// Topic describes one topic.
	Topic(name string) (TopicInfo, error)
	// CreateTopic creates a topic with the given partition count and
	// topic configs.
	CreateTopic(name string, partitions int32, configs map[string]string) error
	// DeleteTopic deletes a topic and its records (API v3's topic
	// delete).
	DeleteTopic(name string) error
	// AddPartitions grows a topic to total partitions (API v3's
	// partition count update); a total that is not an increase wraps
	// ErrInvalidPartitions.
	AddPartitions(name string, total int32) error
	// AlterTopicConfigs applies ops to a topic's config overrides, all
	// or none, as Kafka's IncrementalAlterConfigs does (API v3's topic
	// config updates); with validateOnly it only checks them. A value
	// the backend cannot use wraps ErrInvalidConfig.
	AlterTopicConfigs(topic string, ops []ConfigOp, validateOnly bool) error
	// Partitions describes a topic's partitions, in partition order.
	Partitions(topic string) ([]PartitionInfo, error)
	// Partition describes one partition.
	Partition(topic string, partition int32) (PartitionInfo, error)
	// ChoosePartition returns the partition Kafka's Java producer picks
	// for a record with this key and no partition (murmur2 of the key; a
	// rotation for a nil key).
	ChoosePartition(topic string, key []byte) (int32, error)
	// Produce appends records, each to its Partition (which must be set,
	// or AnyPartition for the backend to choose). Per-record
	// failures are reported in the results; the error is for failures
	// of the whole call.
	Produce(topic string, recs []Record) ([]Result, error)
	// ReadN reads up to n records (0: no limit) of one partition from
	// offset, stopping after maxBytes of payload (0: no limit).
	ReadN(topic string, partition int32, offset int64, n int, maxBytes int) ([]Record, error)
	// OffsetForTime returns the earliest offset whose timestamp is at or
	// after t, or the log end offset if there is none.
	OffsetForTime(topic string, partition int32, t time.Time) (int64, error)
	// NewConsumer creates a consumer with no subscription and no
	// assignment.
	NewConsumer(cfg ConsumerConfig) (Consumer, error)
	// CommitOffsets commits offsets for a group, as an admin client does.
	CommitOffsets(group string, offsets map[TopicPartition]OffsetAndMetadata) error
	// CommittedOffsets returns a group's committed offsets; never nil.
	CommittedOffsets(group string) map[TopicPartition]OffsetAndMetadata
	// Groups describes the consumer groups, sorted by name.
	Groups() []GroupInfo
	// Changes returns a channel that is closed at the next change that
	// may interest a waiting reader: records appended, offsets committed,
	// a rebalance, a topic created. Spurious wake-ups are allowed.
	Changes() <-chan struct{}
	// Reset removes every topic, group and consumer.
	Reset() error
	// Close releases the backend. It is idempotent.
	Close() error
}

// Consumer is one consumer instance's consumer, with the behaviour of
// Kafka's Java KafkaConsumer as package fakelog documents it for
// fakelog.Consumer. Poll does not wait for data.
type Consumer interface {
	Subscribe(topics []string) error
	SubscribePattern(re *regexp.Regexp) error
	Unsubscribe()
	Subscription() []string
	Assign(tps []TopicPartition) error
	Assignment() []TopicPartition
	Poll() ([]Record, error)
	Seek(tp TopicPartition, offset int64) error
	SeekToBeginning(tps []TopicPartition) error
	SeekToEnd(tps []TopicPartition) error
	Commit(offsets map[TopicPartition]OffsetAndMetadata) error
	CommitConsumed() (map[TopicPartition]OffsetAndMetadata, error)
	Committed(tps []TopicPartition) map[TopicPartition]OffsetAndMetadata
	Close()
}

// KafkaError is a Kafka protocol error reported by a backend, by Kafka's
// numeric code and name (e.g. 6, "NOT_LEADER_OR_FOLLOWER").
type KafkaError struct {
	Code int16
	Name string
	// Message is the error's description, used when the REST layer's
	// error table has no row for Name.
	Message string
}

// Error returns the name.
func (e *KafkaError) Error() string { return e.Name }

// FaultInjector is implemented by backends that can fail Kafka protocol
// requests below the REST layer (rules of layer "kafka").
type FaultInjector interface {
	// InjectFault installs f until the backend is reset or closed.
	InjectFault(f Fault) error
}

// Fault fails Kafka requests the backend's clients send. Selectors are
// ANDed; a request that does not carry a selector does not match it.
type Fault struct {
	// Key is the Kafka API key of the requests to fail; -1 for any.
	Key int16
	// Topic, if not empty, selects requests about this topic.
	Topic string
	// Partition, if not nil, selects requests about this partition.
	Partition *int32
	// Group, if not empty, selects requests about this consumer group.
	Group string
	// Code is the Kafka error code to answer with.
	Code int16
	// Fire decides, for each matching request, whether it fails; it
	// counts the request. It must not block.
	Fire func() bool
}

// Description is what a backend says of itself in the admin API's
// GET /_mock/info: its kind ("memory", "kfake" or "kafka") and, for a
// Kafka cluster, the bootstrap addresses native clients dial.
type Description struct {
	Kind      string
	Bootstrap []string // host:port; nil without a Kafka listener
}

// Describer is implemented by a Backend that describes itself; one that
// does not is taken for the in-memory log.
type Describer interface {
	Describe() Description
}
