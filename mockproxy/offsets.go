package mockproxy

// Commits and committed offsets of a consumer instance: POST .../offsets
// (v2: the offsets given, or everything read; v1: what the instance
// returned, answered as [{"topic","partition","consumed","committed"}]) and
// GET .../offsets (v2, a GET with a JSON body).

import (
	"errors"
	"net/http"
	"sort"

	"github.com/kafkarestmock/kafkarestmock/backend"
	"github.com/kafkarestmock/kafkarestmock/fakelog"
	"github.com/kafkarestmock/kafkarestmock/internal/jsonv"
)

// commitOffsets serves POST .../offsets: with no body, commit everything
// read; with offsets, commit offset+1 for each. Answers 200 [].
func (s *Server) commitOffsets(c *call) error {
	v, ok, err := c.parseBody()
	if err != nil {
		return err
	}
	if !ok {
		in, err := c.instanceOf()
		if err != nil {
			return err
		}
		if _, err := in.consumer.CommitConsumed(); err != nil {
			return commitError(err)
		}
		c.write(http.StatusOK, []byte("[]"))
		return nil
	}
	offsets, err := decodeCommit(v)
	in, err := c.instanceAfter(err)
	if err != nil {
		return err
	}
	if err := in.consumer.Commit(offsets); err != nil {
		return commitError(err)
	}
	c.write(http.StatusOK, []byte("[]"))
	return nil
}

// decodeCommit maps a ConsumerOffsetCommitRequest onto the offsets to
// commit (offset+1 each). errInternal stands for the NullPointerException
// the real method meets on a missing list, offset or entry.
func decodeCommit(v jsonv.Value) (map[fakelog.TopicPartition]fakelog.OffsetAndMetadata, error) {
	const pkg = "io.confluent.kafkarest.entities.v2."
	if err := expectObject(v, pkg+"ConsumerOffsetCommitRequest"); err != nil {
		return nil, err
	}
	if err := checkFields(v, "offsets"); err != nil {
		return nil, err
	}
	f, ok := v.Field("offsets")
	if !ok || f.Kind == jsonv.Null {
		return nil, errInternal // the real code dereferences the missing list
	}
	if f.Kind != jsonv.Array {
		return nil, mismatch("java.util.ArrayList<"+pkg+"TopicPartitionOffsetMetadata>", f)
	}
	offsets := make(map[fakelog.TopicPartition]fakelog.OffsetAndMetadata, len(f.Items))
	for _, item := range f.Items {
		tp, err := decodeTopicPartition(item, pkg+"TopicPartitionOffsetMetadata", "topic", "partition", "offset", "metadata")
		if err != nil {
			return nil, err
		}
		var om fakelog.OffsetAndMetadata
		of, ok := item.Field("offset")
		if !ok {
			return nil, errInternal
		}
		n, isNull, err := decodeInt(of, 64)
		if err != nil {
			return nil, err
		}
		if isNull {
			return nil, errInternal
		}
		om.Offset = n + 1
		if mf, ok := item.Field("metadata"); ok {
			m, _, err := decodeString(mf)
			if err != nil {
				return nil, err
			}
			om.Metadata = m
		}
		offsets[tp] = om
	}
	return offsets, nil
}

// instanceAfter looks the path's instance up once its request body has
// been mapped, with decodeErr the mapping's outcome. Jersey reads and
// validates the entity before the resource method runs, so a body Jackson
// cannot map (or a missing @NotNull one) is answered before an unknown
// instance; errInternal, the method's own NullPointerException on what
// the body left out, comes after the lookup.
func (c *call) instanceAfter(decodeErr error) (*instance, error) {
	if decodeErr != nil && decodeErr != errInternal {
		return nil, decodeErr
	}
	in, err := c.instanceOf()
	if err != nil {
		return nil, err
	}
	return in, decodeErr
}

// commitError maps a failed commit: Kafka exceptions through rest-utils'
// mapper, anything else 500.
func commitError(err error) error {
	var cfe *backend.CommitFailedError
	switch {
	case errors.As(err, &cfe):
		return errCommitFailed(cfe.Message)
	case errors.Is(err, fakelog.ErrUnknownTopic), errors.Is(err, fakelog.ErrUnknownPartition):
		return errUnknownTopicOrPartition
	case errors.Is(err, fakelog.ErrConsumerClosed):
		return errConsumerNotFound
	}
	return errInternal
}

// committedOffsets serves GET .../offsets, a GET with a JSON body. With no
// body the real server answers 40402, and with a body Jackson cannot map
// its 400, before it looks the instance up.
func (s *Server) committedOffsets(c *call) error {
	v, ok, err := c.parseBody()
	if err != nil {
		return err
	}
	if !ok {
		return errPartitionNotFound
	}
	tps, err := decodePartitions(v, "io.confluent.kafkarest.entities.v2.ConsumerCommittedRequest")
	in, err := c.instanceAfter(err)
	if err != nil {
		return err
	}
	if tps == nil {
		return errInternal
	}
	committed := in.consumer.Committed(tps)
	var body committedOffsetsBody
	for _, tp := range tps {
		if om, ok := committed[tp]; ok {
			body.Offsets = append(body.Offsets, committedOffsetBody{Topic: tp.Topic, Partition: tp.Partition, Offset: om.Offset, Metadata: om.Metadata})
		}
	}
	c.writeJSON(http.StatusOK, body)
	return nil
}

// v1Commit serves POST .../instances/{instance}/offsets for v1: it commits
// what the instance returned and lists every partition it has consumed.
func (s *Server) v1Commit(c *call) error {
	in, err := c.instanceOf()
	if err != nil {
		return err
	}
	in.mu.Lock()
	defer in.mu.Unlock()
	tps := make([]fakelog.TopicPartition, 0, len(in.v1Consumed))
	offsets := make(map[fakelog.TopicPartition]fakelog.OffsetAndMetadata, len(in.v1Consumed))
	for tp, off := range in.v1Consumed {
		tps = append(tps, tp)
		offsets[tp] = fakelog.OffsetAndMetadata{Offset: off + 1}
	}
	sort.Slice(tps, func(i, j int) bool {
		if tps[i].Topic != tps[j].Topic {
			return tps[i].Topic < tps[j].Topic
		}
		return tps[i].Partition < tps[j].Partition
	})
	if len(offsets) > 0 {
		if err := in.consumer.Commit(offsets); err != nil {
			switch {
			case errors.Is(err, fakelog.ErrConsumerClosed):
				return errConsumerNotFound
			case errors.Is(err, fakelog.ErrUnknownTopic), errors.Is(err, fakelog.ErrUnknownPartition):
				return errV1CommitUnknownPartition
			}
			return errInternal
		}
	}
	body := make(jsonArray[v1CommitBody], len(tps))
	for i, tp := range tps {
		off := in.v1Consumed[tp]
		body[i] = v1CommitBody{Topic: tp.Topic, Partition: tp.Partition, Consumed: off, Committed: off}
	}
	c.writeJSON(http.StatusOK, body)
	return nil
}
