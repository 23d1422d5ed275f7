package mockproxy

// Positions of a consumer instance (API v2): POST .../positions (offsets,
// then timestamps), .../positions/beginning and .../positions/end.

import (
	"strconv"
	"time"

	"github.com/kafkarestmock/kafkarestmock/fakelog"
	"github.com/kafkarestmock/kafkarestmock/internal/jsonv"
)

// seekTo serves POST .../positions/beginning and .../positions/end.
func (s *Server) seekTo(c *call, end bool) error {
	method := "seekToBeginning"
	if end {
		method = "seekToEnd"
	}
	v, err := c.requireBody(method, 3)
	if err != nil {
		return err
	}
	tps, err := decodePartitions(v, "io.confluent.kafkarest.entities.v2.ConsumerSeekToRequest")
	in, err := c.instanceAfter(err)
	if err != nil {
		return err
	}
	if tps == nil {
		return errInternal
	}
	if end {
		err = in.consumer.SeekToEnd(tps)
	} else {
		err = in.consumer.SeekToBeginning(tps)
	}
	if err != nil {
		return consumerError(err)
	}
	in.dropBuffered(tps)
	writeNoContent(c.w)
	return nil
}

// seek serves POST .../positions: offsets first, then timestamps.
func (s *Server) seek(c *call) error {
	v, err := c.requireBody("seekToOffset", 3)
	if err != nil {
		return err
	}
	const pkg = "io.confluent.kafkarest.entities.v2."
	if err := expectObject(v, pkg+"ConsumerSeekRequest"); err != nil {
		return err
	}
	if err := checkFields(v, "offsets", "timestamps"); err != nil {
		return err
	}
	type seekOffset struct {
		tp     fakelog.TopicPartition
		offset int64
	}
	var offsets []seekOffset
	var npe error // errInternal for a null entry, which fails in the method
	if f, ok := v.Field("offsets"); ok && f.Kind != jsonv.Null {
		if f.Kind != jsonv.Array {
			return mismatch("java.util.ArrayList<"+pkg+"ConsumerSeekRequest$PartitionOffset>", f)
		}
		for _, item := range f.Items {
			tp, err := decodeTopicPartition(item, pkg+"ConsumerSeekRequest$PartitionOffset", "topic", "partition", "offset", "metadata")
			if err == errInternal {
				npe = err
				continue
			}
			if err != nil {
				return err
			}
			var off int64
			if of, ok := item.Field("offset"); ok {
				if off, _, err = decodeInt(of, 64); err != nil {
					return err
				}
			}
			if mf, ok := item.Field("metadata"); ok {
				if _, _, err := decodeString(mf); err != nil {
					return err
				}
			}
			offsets = append(offsets, seekOffset{tp, off})
		}
	}
	type seekTime struct {
		tp fakelog.TopicPartition
		ts time.Time
	}
	var times []seekTime
	if f, ok := v.Field("timestamps"); ok && f.Kind != jsonv.Null {
		if f.Kind != jsonv.Array {
			return mismatch("java.util.ArrayList<"+pkg+"ConsumerSeekRequest$PartitionTimestamp>", f)
		}
		for _, item := range f.Items {
			tp, err := decodeTopicPartition(item, pkg+"ConsumerSeekRequest$PartitionTimestamp", "topic", "partition", "timestamp", "metadata")
			if err == errInternal {
				npe = err
				continue
			}
			if err != nil {
				return err
			}
			tf, _ := item.Field("timestamp")
			ts, err := decodeInstant(tf)
			if err != nil {
				return err
			}
			times = append(times, seekTime{tp, ts})
		}
	}
	in, err := c.instanceAfter(npe)
	if err != nil {
		return err
	}
	for _, o := range offsets {
		if err := in.consumer.Seek(o.tp, o.offset); err != nil {
			return consumerError(err)
		}
		in.dropBuffered([]fakelog.TopicPartition{o.tp})
	}
	for _, t := range times {
		off, err := s.be.OffsetForTime(t.tp.Topic, t.tp.Partition, t.ts)
		if err != nil {
			return backendError(err)
		}
		if info, err := s.be.Partition(t.tp.Topic, t.tp.Partition); err == nil && off >= info.EndOffset {
			continue // no record at or after the instant: Kafka returns null and the proxy skips it
		}
		if err := in.consumer.Seek(t.tp, off); err != nil {
			return consumerError(err)
		}
		in.dropBuffered([]fakelog.TopicPartition{t.tp})
	}
	writeNoContent(c.w)
	return nil
}

// decodeInstant decodes a java.time.Instant: an ISO-8601 instant string, or
// a number of epoch seconds.
func decodeInstant(v jsonv.Value) (time.Time, error) {
	const javaType = "java.time.Instant"
	switch v.Kind {
	case jsonv.String:
		s := v.Str()
		t, err := time.Parse(time.RFC3339Nano, s)
		if err != nil {
			return time.Time{}, errNotAnInstant(javaType, quoteJava(s), s)
		}
		return t, nil
	case jsonv.Number:
		f, err := strconv.ParseFloat(string(v.Raw), 64)
		if err != nil {
			return time.Time{}, mismatch(javaType, v)
		}
		sec := int64(f)
		return time.Unix(sec, int64((f-float64(sec))*1e9)).UTC(), nil
	case jsonv.Null:
		return time.Time{}, errInternal
	}
	return time.Time{}, mismatch(javaType, v)
}
