package kafkabackend

import (
	"errors"
	"fmt"

	"github.com/twmb/franz-go/pkg/kerr"

	"github.com/kafkarestmock/kafkarestmock/backend"
)

// DeleteTopic deletes a topic (Kafka DeleteTopics).
func (b *Backend) DeleteTopic(name string) error {
	ctx, cancel := b.call()
	defer cancel()
	resp, err := b.adm.DeleteTopic(ctx, name)
	if err == nil {
		err = resp.Err
	}
	switch {
	case err == nil:
	case errors.Is(err, kerr.UnknownTopicOrPartition):
		return fmt.Errorf("%w: %q", backend.ErrUnknownTopic, name)
	default:
		return kafkaErr(err)
	}
	b.forget(name)
	b.cl.PurgeTopicsFromClient(name)
	b.notify.broadcast()
	return nil
}

// AddPartitions grows a topic to total partitions (Kafka
// CreatePartitions).
func (b *Backend) AddPartitions(name string, total int32) error {
	ctx, cancel := b.call()
	defer cancel()
	rs, err := b.adm.UpdatePartitions(ctx, int(total), name)
	if err == nil {
		err = rs[name].Err
	}
	switch {
	case err == nil:
	case errors.Is(err, kerr.UnknownTopicOrPartition):
		return fmt.Errorf("%w: %q", backend.ErrUnknownTopic, name)
	case errors.Is(err, kerr.InvalidPartitions):
		return fmt.Errorf("%w: %s", backend.ErrInvalidPartitions, rs[name].ErrMessage)
	default:
		return kafkaErr(err)
	}
	b.forget(name)
	b.notify.broadcast()
	return nil
}
