package mockproxy

import (
	"context"
	"errors"
	"fmt"
	"slices"

	"github.com/kafkarestmock/kafkarestmock/fakelog"
)

// Records returns every readable record of topic, partition by partition
// in partition order and offset order within each, as copies. Safe for
// concurrent use; it does not wait.
func (s *Server) Records(topic string) ([]fakelog.Record, error) {
	parts, err := s.be.Partitions(topic)
	if err != nil {
		return nil, err
	}
	var out []fakelog.Record
	for _, p := range parts {
		recs, err := s.be.ReadN(topic, p.Partition, p.StartOffset, 0, 0)
		if err != nil {
			return nil, err
		}
		out = append(out, recs...)
	}
	return out, nil
}

// Committed returns the committed offsets of a v2 consumer group (the
// next offset to read, as Kafka stores them), sorted by topic and
// partition. v1 groups are listed under "<group> (v1)".
func (s *Server) Committed(group string) []CommittedOffset {
	m := s.be.CommittedOffsets(group)
	out := make([]CommittedOffset, 0, len(m))
	for tp, om := range m {
		out = append(out, CommittedOffset{Topic: tp.Topic, Partition: tp.Partition, Offset: om.Offset, Metadata: om.Metadata})
	}
	slices.SortFunc(out, func(a, b CommittedOffset) int {
		if a.Topic != b.Topic {
			if a.Topic < b.Topic {
				return -1
			}
			return 1
		}
		return int(a.Partition - b.Partition)
	})
	return out
}

// CommittedOffset is one committed offset of a group.
type CommittedOffset struct {
	Topic     string
	Partition int32
	Offset    int64
	Metadata  string
}

// WaitRecords blocks until topic holds at least n readable records (in all
// its partitions together), then returns them as Records does. It waits on
// the log's change notifications, never polls, and returns ctx's error when
// ctx ends first. A topic that does not exist yet is waited for.
func (s *Server) WaitRecords(ctx context.Context, topic string, n int) ([]fakelog.Record, error) {
	for {
		changed := s.be.Changes()
		recs, err := s.Records(topic)
		if err != nil && !errors.Is(err, fakelog.ErrUnknownTopic) {
			return nil, err
		}
		if err == nil && len(recs) >= n {
			return recs, nil
		}
		select {
		case <-changed:
		case <-ctx.Done():
			return nil, fmt.Errorf("mockproxy: waiting for %d records in %s (have %d): %w", n, topic, len(recs), ctx.Err())
		case <-s.done:
			return nil, errors.New("mockproxy: server closed")
		}
	}
}

// WaitCommitted blocks until group has committed at least offset for the
// partition (the committed value, i.e. the next offset to read), or ctx
// ends. It waits on the log's change notifications, never polls.
func (s *Server) WaitCommitted(ctx context.Context, group, topic string, partition int32, offset int64) error {
	tp := fakelog.TopicPartition{Topic: topic, Partition: partition}
	for {
		changed := s.be.Changes()
		if om, ok := s.be.CommittedOffsets(group)[tp]; ok && om.Offset >= offset {
			return nil
		}
		select {
		case <-changed:
		case <-ctx.Done():
			return fmt.Errorf("mockproxy: waiting for group %s to commit %s-%d at %d: %w", group, topic, partition, offset, ctx.Err())
		case <-s.done:
			return errors.New("mockproxy: server closed")
		}
	}
}
