package backend

// Record sizes as Kafka measures them, for the two limits a record meets
// on its way to the log: the Java producer's max.request.size, checked
// against an upper bound before anything is sent, and the broker's
// max.message.bytes (message.max.bytes for the broker), checked against
// the record batch it receives. Both follow Kafka's record format v2
// (magic 2, no compression): a 61-byte batch header, then per record its
// length, attributes, offset and timestamp deltas, key, value and headers,
// each length a zigzag varint (-1 for null).

// The limits' defaults.
const (
	// MaxRequestSize is the Java producer's default max.request.size,
	// which the REST Proxy's producers keep.
	MaxRequestSize = 1048576
	// DefaultMaxMessageBytes is the broker's default message.max.bytes,
	// every topic's max.message.bytes unless the topic overrides it.
	DefaultMaxMessageBytes = 1048588
	// ConfigMaxMessageBytes is the topic config that bounds the record
	// batches its partitions take.
	ConfigMaxMessageBytes = "max.message.bytes"
)

// recordBatchOverhead is a v2 record batch's header: base offset (8),
// length (4), partition leader epoch (4), magic (1), CRC (4), attributes
// (2), last offset delta (4), base and max timestamps (8 each), producer
// id (8) and epoch (2), base sequence (4), record count (4).
const recordBatchOverhead = 61

// maxRecordOverhead is a record's size without key, value and headers, at
// its largest: length (5), attributes (1), timestamp delta (10), offset
// delta (5).
const maxRecordOverhead = 21

// ProducerRecordSize is the size the Java producer checks against
// max.request.size before it sends a record:
// AbstractRecords.estimateSizeInBytesUpperBound for magic 2, a batch
// header and the record's upper bound. A record over the limit is refused
// with "The message is <size> bytes when serialized which is larger than
// 1048576, which is the value of the max.request.size configuration.".
func ProducerRecordSize(key, value []byte, headers []Header) int {
	return recordBatchOverhead + maxRecordOverhead + recordFieldsSize(key, value, headers)
}

// RecordBatchSize is the size of a record batch holding this one record,
// first of its batch (offset and timestamp deltas 0), as a broker
// measures it against max.message.bytes.
func RecordBatchSize(key, value []byte, headers []Header) int {
	body := 1 + 1 + 1 + recordFieldsSize(key, value, headers) // attributes, offset delta, timestamp delta
	return recordBatchOverhead + varintSize(int32(body)) + body
}

// recordFieldsSize is the encoded size of a record's key, value and
// headers (DefaultRecord.sizeOf).
func recordFieldsSize(key, value []byte, headers []Header) int {
	size := bytesSize(key) + bytesSize(value) + varintSize(int32(len(headers)))
	for _, h := range headers {
		size += varintSize(int32(len(h.Key))) + len(h.Key) + bytesSize(h.Value)
	}
	return size
}

// bytesSize is a nullable byte string: its varint length and its bytes.
func bytesSize(b []byte) int {
	if b == nil {
		return varintSize(-1)
	}
	return varintSize(int32(len(b))) + len(b)
}

// varintSize is the length of v as a zigzag varint (ByteUtils.sizeOfVarint).
func varintSize(v int32) int {
	u := uint32(v<<1) ^ uint32(v>>31)
	n := 1
	for u >= 0x80 {
		u >>= 7
		n++
	}
	return n
}
