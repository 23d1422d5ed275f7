package kafkabackend

import (
	"errors"
	"fmt"

	"github.com/twmb/franz-go/pkg/kadm"
	"github.com/twmb/franz-go/pkg/kerr"

	"github.com/kafkarestmock/kafkarestmock/backend"
)

// AlterTopicConfigs applies ops to a topic's configs (Kafka
// IncrementalAlterConfigs, validate-only when asked).
func (b *Backend) AlterTopicConfigs(topic string, ops []backend.ConfigOp, validateOnly bool) error {
	cfgs := make([]kadm.AlterConfig, len(ops))
	for i, op := range ops {
		cfgs[i] = kadm.AlterConfig{Op: kadm.SetConfig, Name: op.Name, Value: &op.Value}
		if op.Delete {
			cfgs[i] = kadm.AlterConfig{Op: kadm.DeleteConfig, Name: op.Name}
		}
	}
	alter := b.adm.AlterTopicConfigs
	if validateOnly {
		alter = b.adm.ValidateAlterTopicConfigs
	}
	ctx, cancel := b.call()
	defer cancel()
	rs, err := alter(ctx, cfgs, topic)
	var msg string
	if err == nil {
		for _, r := range rs {
			if r.Name == topic {
				err, msg = r.Err, r.ErrMessage
			}
		}
	}
	switch {
	case err == nil:
	case errors.Is(err, kerr.UnknownTopicOrPartition):
		return fmt.Errorf("%w: %q", backend.ErrUnknownTopic, topic)
	case errors.Is(err, kerr.InvalidConfig), errors.Is(err, kerr.InvalidRequest):
		if msg == "" {
			msg = err.Error()
		}
		return fmt.Errorf("%w: %s", backend.ErrInvalidConfig, msg)
	default:
		return kafkaErr(err)
	}
	if !validateOnly {
		b.forget(topic)
		b.notify.broadcast()
	}
	return nil
}
