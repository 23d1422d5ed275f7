package fakelog

import (
	"strconv"

	"github.com/kafkarestmock/kafkarestmock/backend"
)

// maxMessageBytes is the largest record batch the topic's partitions
// take: its max.message.bytes config, or the broker default
// (backend.DefaultMaxMessageBytes) when it sets none or none that is a
// positive integer. The caller holds Log.mu.
func (t *topic) maxMessageBytes() int {
	if v, ok := t.configs[backend.ConfigMaxMessageBytes]; ok {
		if n, err := strconv.Atoi(v); err == nil && n >= 0 {
			return n
		}
	}
	return backend.DefaultMaxMessageBytes
}

// errMessageTooLarge is a broker's refusal of a record whose batch
// (backend.RecordBatchSize) is over the topic's max.message.bytes.
func errMessageTooLarge(size, limit int) error {
	return &backend.KafkaError{Code: 10, Name: "MESSAGE_TOO_LARGE",
		Message: "the record batch of " + strconv.Itoa(size) + " bytes is over max.message.bytes " + strconv.Itoa(limit)}
}
