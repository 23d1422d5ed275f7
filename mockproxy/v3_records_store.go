package mockproxy

// Storing v3 records: one record at a time (produceV3, for records:batch)
// or prepared one by one and stored together (prepareV3 and storeV3, for
// a stream), with the topic looked up once per request.

import (
	"errors"
	"net/http"
	"time"

	"github.com/kafkarestmock/kafkarestmock/backend"
	"github.com/kafkarestmock/kafkarestmock/fakelog"
	"github.com/kafkarestmock/kafkarestmock/scenario"
)

// produceV3 serializes and stores one record and returns its report, in
// ProduceAction's order: the partition check, the key, the value, then
// the producer (topic and partition metadata, fault rules, the log).
func (s *Server) produceV3(c *call, rec *v3Record, tc *v3TopicCache) v3Report {
	var rep v3Report
	if !s.prepareV3(c, rec, tc, &rep, &tc.one[0]) {
		return rep
	}
	reps := [1]v3Report{rep}
	s.storeV3(c, tc, tc.one[:], reps[:], []int{0})
	tc.one[0] = fakelog.Record{} // the stream keeps no payload
	tc.stored()
	return reps[0]
}

// prepareV3 is produceV3 up to storing the record: it sets *rep to the
// record's final report and returns false (it failed), or sets *r to the
// record to store and *rep to its report without its place and returns
// true, for storeV3.
func (s *Server) prepareV3(c *call, rec *v3Record, tc *v3TopicCache, rep *v3Report, r *fakelog.Record) (store bool) {
	clusterID, topic := c.vars["cluster_id"], c.vars["topic_name"]
	fail := func(err error) bool {
		*rep = v3ReportError(c.dialect, err)
		return false
	}
	if rec.hasPartition && rec.partition < 0 {
		return fail(errPartitionNotFound)
	}
	if tc.style.arena == nil {
		tc.style.arena = new(byteArena) // a caller without a scratch
	}
	var (
		key, value   []byte
		rKey, rValue v3ReportData
		err          error
	)
	if rec.hasKey {
		if key, rKey, err = s.serializeV3(topic, true, &rec.key, &tc.style); err != nil {
			return fail(err)
		}
	}
	if rec.hasValue {
		if value, rValue, err = s.serializeV3(topic, false, &rec.value, &tc.style); err != nil {
			return fail(err)
		}
	}
	if !tc.ok || rec.hasPartition && rec.partition >= int64(tc.info.Partitions) {
		info, err := s.be.Topic(topic)
		if err != nil && s.cfg.autoCreate {
			if err := s.be.CreateTopic(topic, s.cfg.defaultPartitions, nil); errors.Is(err, fakelog.ErrInvalidTopic) {
				ae, _ := kafkaAnswer(scenario.KafkaError{Message: recordInvalidTopic(topic).msg, Class: scenario.ClassBadRequest})
				return fail(ae)
			}
			info, err = s.be.Topic(topic)
		}
		if err != nil {
			tc.ok = false
			return fail(errV3TopicMissing(topic))
		}
		tc.info, tc.ok = info, true
	}
	info := tc.info
	part := int64(-1)
	if rec.hasPartition {
		part = rec.partition
		if part >= int64(info.Partitions) {
			return fail(errV3PartitionMissing(topic, part, info.Partitions))
		}
	}
	if size := backend.ProducerRecordSize(key, value, rec.headers); size > backend.MaxRequestSize {
		return fail(errV3RecordTooLarge(size))
	}
	// Fault rules are decided at the record's partition; without rules
	// the log picks it as it stores the record (storeV3 reports it).
	if !s.faults.Empty() {
		if !rec.hasPartition {
			p, err := s.be.ChoosePartition(topic, key)
			if err != nil {
				return fail(backendError(err))
			}
			part = int64(p)
		}
		if !tc.hasRequest {
			tc.faultReq, tc.hasRequest = c.faultRequest(), true
		}
		req := tc.faultReq
		req.Partition, req.HasPartition = int32(part), true
		if frep, failed := c.v3Fault(req); failed {
			*rep = frep
			return false
		}
	}
	ts := rec.timestamp
	switch {
	case rec.hasTimestamp:
	case !tc.now.IsZero():
		ts = tc.now
	default:
		ts = s.cfg.clock.Now()
	}
	r.Partition, r.Key, r.Value, r.Headers, r.Timestamp = int32(part), key, value, rec.headers, ts
	*rep = v3Report{code: http.StatusOK, clusterID: clusterID, topic: topic, timestamp: ts, key: rKey, value: rValue}
	return true
}

// v3TopicCache is the topic a v3 produce request writes to, as last
// looked up: a stream looks its topic up again only when a record names a
// partition beyond the known count or a record fails, as the producer's
// metadata cache is refreshed.
type v3TopicCache struct {
	info backend.TopicInfo
	ok   bool
	one  [1]fakelog.Record // the batch of one each record is produced in

	faultReq   scenario.Request // the request as the fault rules see it, less the partition
	hasRequest bool
	now        time.Time // when a stream read the record, its timestamp; zero: read the clock

	// style.arena holds the serialized keys and values of the records
	// prepared and not stored yet (the request's scratch arena); reset
	// once they are.
	style produceStyle
}

// stored resets tc's arena once the records prepared so far are stored
// (the backend copied them) or failed.
func (tc *v3TopicCache) stored() {
	if tc.style.arena != nil {
		tc.style.arena.reset()
	}
}

// storeV3 stores the records prepareV3 prepared, in one call of the
// backend, and completes their reports: reps[at[i]] is recs[i]'s. A
// failure fails the records it concerns with the backend's error, and
// has the topic looked up again for the next record.
func (s *Server) storeV3(c *call, tc *v3TopicCache, recs []fakelog.Record, reps []v3Report, at []int) {
	res, err := s.be.Produce(c.vars["topic_name"], recs)
	for i := range recs {
		rep := &reps[at[i]]
		rerr := err
		if rerr == nil && (i >= len(res) || res[i].Err != nil) {
			if rerr = backend.ErrUnknownTopic; i < len(res) {
				rerr = res[i].Err
			}
		}
		if rerr != nil {
			tc.ok = false // the topic may have changed: look it up again
			var be *backend.KafkaError
			if !errors.As(rerr, &be) {
				be = &backend.KafkaError{Name: "UNKNOWN_TOPIC_OR_PARTITION"}
			}
			*rep = v3ReportError(c.dialect, backendKafkaError(be))
			continue
		}
		rep.partition, rep.offset = res[i].Partition, res[i].Offset
		if !res[i].Timestamp.IsZero() {
			rep.timestamp = res[i].Timestamp
		}
	}
}

// v3Fault asks the fault rules about one record. A fired Kafka error (or
// any rule answering with an error) fails the record alone, as its
// delivery report; failed is false when the record is to be stored.
func (c *call) v3Fault(req scenario.Request) (rep v3Report, failed bool) {
	f, ok := c.decideFault(req)
	if !ok {
		return v3Report{}, false
	}
	if r, isResponse := f.Fault.Effect().(scenario.ResponseEffect); isResponse {
		// The stream is open: the rule's error is the record's report.
		return v3ReportError(c.dialect, errRuleResponse(r.Response.Status, r.Response.ErrorCode, r.Response.Message)), true
	}
	var res produceResult
	switch out, err := c.applyFault(f, &res); out {
	case faultRecordFailed:
		return v3Report{code: res.code, message: res.msg}, true
	case faultAnswered:
		return v3ReportError(c.dialect, err), true
	}
	return v3Report{}, false
}
