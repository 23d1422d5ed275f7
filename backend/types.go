package backend

import (
	"cmp"
	"strconv"
	"strings"
	"time"
)

// AnyPartition is the [Record.Partition] value that asks a backend's
// Produce to choose the partition: by Kafka's murmur2 hash of the key
// when the key is non-nil, round-robin otherwise.
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

// TopicInfo describes a topic. Configs holds only the configs set on the
// topic (overrides, at creation or by AlterTopicConfigs), not broker
// defaults.
type TopicInfo struct {
	Name       string
	Partitions int32
	Configs    map[string]string
}

// ConfigOp is one operation of an incremental config alter: set Name to
// Value, or, with Delete, remove the override so that the default
// applies again.
type ConfigOp struct {
	Name   string
	Value  string
	Delete bool
}

// PartitionRange says which partitions a topic of n partitions has, as in
// `topic "t" has 3 partitions (0 to 2)`: the mock's wording for a
// partition a topic lacks, in seed files and in the admin API.
func PartitionRange(topic string, n int32) string {
	if n == 1 {
		return "topic " + strconv.Quote(topic) + " has 1 partition (0)"
	}
	return "topic " + strconv.Quote(topic) + " has " + strconv.Itoa(int(n)) + " partitions (0 to " + strconv.Itoa(int(n-1)) + ")"
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

// TopicPartition names one partition of a topic, like Kafka's
// TopicPartition. It is comparable and usable as a map key.
type TopicPartition struct {
	Topic     string
	Partition int32
}

// String returns Kafka's text form, the topic, a dash and the partition:
// "orders-3".
func (tp TopicPartition) String() string {
	return tp.Topic + "-" + strconv.FormatInt(int64(tp.Partition), 10)
}

// compareTP orders partitions by topic, then partition number.
func compareTP(a, b TopicPartition) int {
	if c := strings.Compare(a.Topic, b.Topic); c != 0 {
		return c
	}
	return cmp.Compare(a.Partition, b.Partition)
}

// OffsetAndMetadata is a committed offset, like Kafka's OffsetAndMetadata:
// Offset is the next offset the group will consume.
type OffsetAndMetadata struct {
	Offset   int64
	Metadata string
}

// GroupInfo describes a consumer group. The values are copies.
type GroupInfo struct {
	Group string
	// Generation counts the group's rebalances; 0 before the first.
	Generation int
	// State is Kafka's name of the group's state, upper case as Kafka's
	// GroupState constants: "STABLE" with members, "EMPTY" without,
	// "PREPARING_REBALANCE" or "COMPLETING_REBALANCE" while a Kafka
	// broker rebalances it.
	State string
	// ProtocolType is "consumer" once a member has joined the group and
	// empty for a group that only has commits (Kafka's simple consumer
	// group).
	ProtocolType string
	// Protocol is the partition assignor of a stable group ("range");
	// empty otherwise.
	Protocol string
	// Members are the joined members, sorted by MemberID.
	Members []MemberInfo
	// Committed holds the group's committed offsets; never nil.
	Committed map[TopicPartition]OffsetAndMetadata
}

// MemberInfo describes one joined member of a consumer group.
type MemberInfo struct {
	MemberID string
	// ClientID is the member's Kafka client.id.
	ClientID string
	// Subscription is the sorted list of topics the member's assignment
	// was computed from: its subscribed topics, or for a pattern the
	// topics the pattern matched.
	Subscription []string
	// Assignment is the member's partitions, sorted.
	Assignment []TopicPartition
}

// maxTopicNameLen is Kafka's limit on topic name length.
const maxTopicNameLen = 249

// ValidTopicName reports whether Kafka accepts name as a topic name: 1 to
// 249 characters of a-z, A-Z, 0-9, '.', '_' and '-', not "." or "..".
func ValidTopicName(name string) bool {
	if name == "" || len(name) > maxTopicNameLen || name == "." || name == ".." {
		return false
	}
	for i := 0; i < len(name); i++ {
		switch c := name[i]; {
		case 'a' <= c && c <= 'z', 'A' <= c && c <= 'Z', '0' <= c && c <= '9', c == '.', c == '_', c == '-':
		default:
			return false
		}
	}
	return true
}
