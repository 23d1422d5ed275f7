package mockproxy

// The v1 simple consumer as Confluent 5.5 served it:
// GET /topics/{topic}/partitions/{partition}/messages?offset=&count=, a
// direct fetch of one partition with no consumer instance.

import (
	"errors"
	"time"

	"github.com/kafkarestmock/kafkarestmock/fakelog"
)

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
		return errOffsetOrTimestamp
	}
	topic := c.vars["topic"]
	info, err := s.be.Partition(topic, p)
	if err != nil {
		return backendError(err)
	}
	if hasTime {
		if offset, err = s.be.OffsetForTime(topic, p, ts); err != nil {
			return backendError(err)
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
		return backendError(err)
	}
	if err := c.ep.format.check(&s.schemas, recs); err != nil {
		return errKafkaWrapped(err.Error())
	}
	return s.writeRecords(c, c.ep.format, recs)
}
