package mockproxy

// API v1 consumers as Confluent 5.5 served them with its ZooKeeper-based
// high-level consumer: GET /consumers/{group}/instances/{instance}/topics/{topic}
// subscribes the instance to the topic at its first read (another topic
// later is 409/40901), reads follow the same timing and size rules as v2
// (without a timeout parameter), and POST .../offsets takes no body and
// answers [{"topic","partition","consumed","committed"}] where consumed is
// the offset of the last record returned. Creation and deletion share the
// v2 code with a registry of their own. Also the simple consumer,
// GET /topics/{topic}/partitions/{partition}/messages.

import (
	"errors"
	"net/http"
	"sort"
	"time"

	"github.com/kafkarestmock/kafkarestmock/fakelog"
)

// v1ReadTopic serves GET .../instances/{instance}/topics/{topic}.
func (s *Server) v1ReadTopic(c *call) error {
	in, err := c.instanceOf()
	if err != nil {
		return err
	}
	if stateClass(in.format) != stateClass(c.ep.format) {
		return errFormatMismatch
	}
	topic := c.vars["topic"]
	if _, err := s.be.Topic(topic); err != nil {
		return errTopicNotFound
	}
	maxBytes, err := c.queryInt64("max_bytes", -1)
	if err != nil {
		return err
	}
	in.mu.Lock()
	switch in.v1Topic {
	case "":
		if err := in.consumer.Subscribe([]string{topic}); err != nil {
			in.mu.Unlock()
			return consumerError(err)
		}
		in.v1Topic = topic
	case topic:
	default:
		in.mu.Unlock()
		return errAlreadySubscribed
	}
	in.mu.Unlock()

	if c.firing != nil { // empty_polls
		if err := s.waitEmpty(c, in, 0); err != nil {
			return err
		}
		return s.writeRecords(c, in.format, nil)
	}
	recs, err := s.collect(c, in, 0, maxBytes)
	if err != nil {
		return err
	}
	if len(recs) > 0 {
		in.mu.Lock()
		if in.v1Consumed == nil {
			in.v1Consumed = map[fakelog.TopicPartition]int64{}
		}
		for _, r := range recs {
			in.v1Consumed[fakelog.TopicPartition{Topic: r.Topic, Partition: r.Partition}] = r.Offset
		}
		in.mu.Unlock()
	}
	return s.writeRecords(c, in.format, recs)
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
				return kafkaError("Kafka error: This server does not host this topic-partition.")
			}
			return errInternal
		}
	}
	b := []byte{'['}
	for i, tp := range tps {
		if i > 0 {
			b = append(b, ',')
		}
		off := in.v1Consumed[tp]
		b = append(b, `{"topic":`...)
		b = appendJSONString(b, tp.Topic)
		b = append(b, `,"partition":`...)
		b = appendInt(b, int64(tp.Partition))
		b = append(b, `,"consumed":`...)
		b = appendInt(b, off)
		b = append(b, `,"committed":`...)
		b = appendInt(b, off)
		b = append(b, '}')
	}
	c.write(http.StatusOK, append(b, ']'))
	return nil
}

// v1Messages serves the simple consumer,
// GET /topics/{topic}/partitions/{partition}/messages?offset=&count= (or
// timestamp= instead of offset).
func (s *Server) v1Messages(c *call) error {
	p, err := c.pathPartition()
	if err != nil {
		return err
	}
	q := c.r.URL.Query()
	_, hasOffset := q["offset"]
	_, hasTime := q["timestamp"]
	offset, err := c.queryInt64("offset", 0)
	if err != nil {
		return err
	}
	var ts time.Time
	if hasTime {
		if ts, err = time.Parse(time.RFC3339Nano, q.Get("timestamp")); err != nil {
			return errNotFound // JAX-RS cannot convert the query parameter
		}
	}
	count, err := c.queryInt64("count", 1)
	if err != nil {
		return err
	}
	if hasOffset == hasTime {
		return newAPIError(http.StatusBadRequest, 400, "Either `offset` or `timestamp` query parameters must be set.")
	}
	topic := c.vars["topic"]
	info, err := s.be.Partition(topic, p)
	if err != nil {
		return s.backendError(apiV1, err)
	}
	if hasTime {
		if offset, err = s.be.OffsetForTime(topic, p, ts); err != nil {
			return s.backendError(apiV1, err)
		}
		if offset >= info.EndOffset {
			return s.writeRecords(c, c.ep.format, nil) // nothing at or after the instant
		}
	}
	if count <= 0 {
		return s.writeRecords(c, c.ep.format, nil)
	}
	if offset < info.StartOffset || offset > info.EndOffset {
		return simpleConsumerError(1) // OFFSET_OUT_OF_RANGE
	}
	n := int(min(count, int64(consumerRequestMaxBytes)))
	recs, err := s.be.ReadN(topic, p, offset, n, 0)
	if err != nil {
		if errors.Is(err, fakelog.ErrOffsetOutOfRange) {
			return simpleConsumerError(1)
		}
		return s.backendError(apiV1, err)
	}
	if c.ep.format == "json" {
		for _, r := range recs {
			for _, b := range [][]byte{r.Key, r.Value} {
				if b == nil {
					continue
				}
				if _, err := decodeJSONPayload(b); err != nil {
					return kafkaError("Kafka error: " + err.Error())
				}
			}
		}
	}
	return s.writeRecords(c, c.ep.format, recs)
}
