package mockproxy

// Produce for API v1 and v2:
// POST /topics/{topic} and POST /topics/{topic}/partitions/{partition} in
// every embedded format of the server (formats.go). Every record is
// decoded before any is stored, so a bad record fails the request with
// nothing written; per-record Kafka errors (unknown topic without
// auto-create, a partition the topic lacks, a record over the producer's
// max.request.size, which is not stored) come back inside a 200 as the
// real proxy reports them. The schema formats convert their records with
// the registry's schemas (produce_schema.go).

import (
	"errors"
	"fmt"
	"net/http"
	"time"

	"github.com/kafkarestmock/kafkarestmock/backend"
	"github.com/kafkarestmock/kafkarestmock/fakelog"
	"github.com/kafkarestmock/kafkarestmock/internal/jsonv"
	"github.com/kafkarestmock/kafkarestmock/scenario"
)

// produceStyle says which entity classes and rules a produce method
// follows.
type produceStyle struct {
	legacy       bool // 5.x entities: lenient base64, @PositiveOrZero partition, String key/value
	toPartition  bool // POST /topics/{topic}/partitions/{partition}
	ep           *endpoint
	argIndex     int
	recordFields []string
	arena        *byteArena // where decoded keys and values go; nil: allocated each
}

// The record members each entity class knows, in the order Jackson
// reports them.
var (
	currentRecordFields         = []string{"partition", "key", "value"}
	legacyTopicRecordFields     = []string{"key", "value", "partition"}
	legacyPartitionRecordFields = []string{"key", "value"}
)

func (s *Server) produceStyleFor(ep *endpoint, toPartition bool, arena *byteArena) produceStyle {
	legacy := s.dialect[ep.api].legacy
	st := produceStyle{legacy: legacy, toPartition: toPartition, ep: ep, argIndex: 2, arena: arena}
	if toPartition {
		st.argIndex = 3
	}
	switch {
	case !legacy:
		st.recordFields = currentRecordFields
	case toPartition:
		st.recordFields = legacyPartitionRecordFields
	default:
		st.recordFields = legacyTopicRecordFields
	}
	return st
}

// requestType is the Java class of the request entity, for error texts.
func (st *produceStyle) requestType() string {
	pkg := "io.confluent.kafkarest.entities." + st.ep.api.String() + "."
	if !st.legacy {
		return pkg + "ProduceRequest"
	}
	return pkg + st.ep.format.entity(st.ep.api) + st.kind() + "ProduceRequest"
}

// recordType is the Java class of a record entity, for error texts.
func (st *produceStyle) recordType() string {
	if !st.legacy {
		return st.requestType() + "$ProduceRecord"
	}
	return st.requestType() + "$" + st.ep.format.entity(st.ep.api) + st.kind() + "ProduceRecord"
}

func (st *produceStyle) kind() string {
	if st.toPartition {
		return "Partition"
	}
	return "Topic"
}

// produceRecord is one decoded record: explicit partition (or -1 for
// none, with hasPartition false), key and value bytes (nil = null).
type produceRecord struct {
	hasPartition bool
	partition    int64
	key, value   []byte
}

// decodeProduce maps a produce body onto records, with the real proxy's
// validation and error texts. The records are appended to recs[:0].
func decodeProduce(v jsonv.Value, f format, st *produceStyle, method string, recs []produceRecord) ([]produceRecord, error) {
	argPath := func() string { return fmt.Sprintf("%s.arg%d", method, st.argIndex) } // for errors only
	if v.Kind != jsonv.Object {
		return nil, mismatch(st.requestType(), v)
	}
	if err := checkFields(v, "records", "key_schema", "key_schema_id", "value_schema", "value_schema_id"); err != nil {
		return nil, err
	}
	for _, name := range []string{"key_schema", "value_schema"} {
		if f, ok := v.Field(name); ok {
			if _, _, err := decodeString(f); err != nil {
				return nil, err
			}
		}
	}
	for _, name := range []string{"key_schema_id", "value_schema_id"} {
		if f, ok := v.Field(name); ok {
			if _, _, err := decodeInt(f, 32); err != nil {
				return nil, err
			}
		}
	}
	rv, present := v.Field("records")
	if !present || rv.Kind == jsonv.Null {
		if st.legacy {
			return nil, errRecordsEmpty(argPath(), "null")
		}
		return nil, errRecordsEmpty(argPath(), "[]")
	}
	if rv.Kind != jsonv.Array {
		return nil, mismatch("java.util.ArrayList<"+st.recordType()+">", rv)
	}
	if len(rv.Items) == 0 {
		return nil, errRecordsEmpty(argPath(), "[]")
	}
	recs = resized(recs, len(rv.Items))
	for i, item := range rv.Items {
		if item.Kind == jsonv.Null {
			return nil, errNullEntity(st.requestType())
		}
		if item.Kind != jsonv.Object {
			return nil, mismatch(st.recordType(), item)
		}
		if err := checkFields(item, st.recordFields...); err != nil {
			return nil, err
		}
		r := &recs[i]
		if pv, ok := item.Field("partition"); ok {
			n, isNull, err := decodeInt(pv, 32)
			if err != nil {
				return nil, err
			}
			if !isNull {
				if st.legacy && n < 0 {
					return nil, errNegativePartition(argPath(), i, n)
				}
				r.hasPartition, r.partition = true, n
			}
		}
		var err error
		if kv, ok := item.Field("key"); ok {
			if r.key, err = decodePayload(kv, f, st, "key"); err != nil {
				return nil, err
			}
		}
		if vv, ok := item.Field("value"); ok {
			if r.value, err = decodePayload(vv, f, st, "value"); err != nil {
				return nil, err
			}
		}
	}
	return recs, nil
}

// decodePayload turns a record key or value into the bytes Kafka stores.
func decodePayload(v jsonv.Value, f format, st *produceStyle, which string) ([]byte, error) {
	if v.Kind == jsonv.Null {
		return nil, nil
	}
	return f.decode(v, st, which)
}

// schemaCheck answers a schema-format produce the way the real proxy does
// when it has no schema registry. A request that names a schema needs the
// registry, which current servers report as 42206 (no registry configured)
// and 5.x as 40801 (registry lookup failed). Otherwise current servers hand
// every key to a serializer that throws 42207, while 5.x refuses a non-null
// key or value without its schema (42201/42202, every key, then every
// value) and produces records whose keys and values are all null.
func (s *Server) schemaCheck(v jsonv.Value, recs []produceRecord, legacy bool) error {
	hasSchema := func(names ...string) bool {
		for _, n := range names {
			if f, ok := v.Field(n); ok && f.Kind != jsonv.Null {
				return true
			}
		}
		return false
	}
	keySchema, valueSchema := hasSchema("key_schema", "key_schema_id"), hasSchema("value_schema", "value_schema_id")
	if legacy {
		for _, r := range recs {
			if r.key != nil && !keySchema {
				return errKeySchemaMissing
			}
		}
		for _, r := range recs {
			if r.value != nil && !valueSchema {
				return errValueSchemaMissing
			}
		}
		if keySchema || valueSchema {
			return errSchemaRegistry
		}
		return nil
	}
	if keySchema || valueSchema {
		return errSchemaRegistry
	}
	if len(recs) > 0 {
		return errSerializerUndefined // the throwing serializer takes every key, null or not
	}
	return nil
}

// produce serves every produce method of v1 and v2.
func (s *Server) produce(c *call, toPartition bool) error {
	topic := c.vars["topic"]
	pathPartition := int64(-1)
	if toPartition {
		p, err := c.pathPartition()
		if err != nil {
			return err
		}
		pathPartition = int64(p)
	}
	sc := c.getScratch()
	sc.style = s.produceStyleFor(c.ep, toPartition, &sc.arena)
	st := &sc.style
	// The embedded keys and values (inside the body, its records and a
	// record) are read as text by every format: their members are not
	// built.
	v, ok, err := c.parseBodyIn(sc, 2)
	if err != nil {
		return err
	}
	if !ok {
		return errNotNull(c.ep.name, st.argIndex)
	}
	recs, err := decodeProduce(v, c.ep.format, st, c.ep.name, sc.recs)
	sc.recs = recs
	if err != nil {
		return err
	}
	var keySchemaID, valueSchemaID int
	if sf, ok := c.ep.format.(schemaFormat); ok {
		if keySchemaID, valueSchemaID, err = s.serializeSchemas(sf, topic, v, recs, st.legacy, &sc.arena); err != nil {
			return err
		}
	}

	info, err := s.be.Topic(topic)
	exists := err == nil
	invalidTopic := false
	if !exists && s.cfg.autoCreate {
		if err := s.be.CreateTopic(topic, s.cfg.defaultPartitions, nil); errors.Is(err, fakelog.ErrInvalidTopic) {
			invalidTopic = true // the broker refuses the name; the producer fails each record
		} else if err != nil && !errors.Is(err, fakelog.ErrTopicExists) {
			return err
		}
	}
	if !exists && s.cfg.autoCreate && !invalidTopic {
		if info, err = s.be.Topic(topic); err != nil {
			return err
		}
		exists = true
	}
	// 5.x v2 checks the path partition first when the topic exists (v1
	// does not).
	if toPartition && exists && c.dialect.partitionPrecheck && (pathPartition < 0 || pathPartition >= int64(info.Partitions)) {
		return errPartitionNotFound
	}

	results := resized(sc.results, len(recs))
	batch := sc.batch[:0]
	index := sc.index[:0]
	defer func() { sc.results, sc.batch, sc.index = results, batch, index }()
	var now time.Time
	var fatal error
	// Without fault rules, the log picks the partitions of records sent to
	// none as it stores them, as ChoosePartition would have one by one.
	faulty := !s.faults.Empty()
	var faultReq scenario.Request
	if faulty {
		faultReq = c.faultRequest() // each record's, but for its partition
	}
	for i, r := range recs {
		part := int64(fakelog.AnyPartition)
		switch {
		case r.hasPartition:
			part = r.partition
		case toPartition:
			part = pathPartition
		}
		if part < -1 || (part == -1 && (r.hasPartition || toPartition)) {
			// The Kafka ProducerRecord constructor refuses a negative
			// partition with a non-Kafka exception: the records before
			// this one were already sent, the request fails with 500.
			fatal = errInternal
			break
		}
		if invalidTopic {
			results[i] = recordInvalidTopic(topic)
			continue
		}
		if !exists {
			results[i] = recordTopicMissing(topic)
			continue
		}
		if part >= int64(info.Partitions) {
			results[i] = recordPartitionMissing(topic, part, info.Partitions)
			continue
		}
		// The producer measures the record once it has its metadata,
		// before it sends anything.
		if size := backend.ProducerRecordSize(r.key, r.value, nil); size > backend.MaxRequestSize {
			results[i] = recordTooLarge(size)
			continue
		}
		if faulty {
			if part == -1 {
				p, err := s.be.ChoosePartition(topic, r.key)
				if err != nil {
					return backendError(err)
				}
				part = int64(p)
			}
			// Fault rules are decided per record, at the partition it goes to.
			req := faultReq
			req.Partition, req.HasPartition = int32(part), true
			switch out, err := c.injectFault(req, &results[i]); out {
			case faultRecordFailed:
				continue
			case faultAnswered:
				return err // the whole request is answered; nothing is stored
			}
		}
		if now.IsZero() {
			now = s.cfg.clock.Now() // the producer's timestamp, on the server's clock
		}
		batch = append(batch, fakelog.Record{Partition: int32(part), Key: r.key, Value: r.value, Timestamp: now})
		index = append(index, i)
	}
	if len(batch) > 0 {
		res, err := s.be.Produce(topic, batch)
		if err != nil {
			return backendError(err)
		}
		for j, r := range res {
			i := index[j]
			if r.Err != nil {
				results[i] = produceError(c.dialect, r.Err)
				continue
			}
			results[i] = produceResult{ok: true, partition: r.Partition, offset: r.Offset}
		}
	}
	if fatal != nil {
		return fatal
	}
	status := http.StatusOK
	for _, r := range results {
		if r.code == codeKafkaAuthentication {
			status = http.StatusUnauthorized
			break
		}
		if r.code == codeKafkaAuthorization {
			status = http.StatusForbidden
			break
		}
	}
	sc.answer = appendProduceResponse(sc.answer[:0], results, keySchemaID, valueSchemaID)
	c.write(status, sc.answer)
	return nil
}

// produceResult is one entry of a produce response's offsets.
type produceResult struct {
	ok        bool
	partition int32
	offset    int64
	code      int
	msg       string
}

// appendProduceResponse writes {"offsets":[...],"key_schema_id":...,
// "value_schema_id":...} with the real field order and null fields present
// (a schema id of 0 is null).
// It appends by hand, not through a typed body (bodies.go): this is the
// produce hot path, measured by BenchmarkProduceHTTP.
func appendProduceResponse(b []byte, results []produceResult, keySchemaID, valueSchemaID int) []byte {
	b = append(b, `{"offsets":[`...)
	for i, r := range results {
		if i > 0 {
			b = append(b, ',')
		}
		if r.ok {
			b = append(b, `{"partition":`...)
			b = appendInt(b, int64(r.partition))
			b = append(b, `,"offset":`...)
			b = appendInt(b, r.offset)
			b = append(b, `,"error_code":null,"error":null}`...)
			continue
		}
		b = append(b, `{"partition":null,"offset":null,"error_code":`...)
		b = appendInt(b, int64(r.code))
		b = append(b, `,"error":`...)
		b = appendJSONString(b, r.msg)
		b = append(b, '}')
	}
	b = append(b, `],"key_schema_id":`...)
	b = appendSchemaID(b, keySchemaID)
	b = append(b, `,"value_schema_id":`...)
	b = appendSchemaID(b, valueSchemaID)
	return append(b, '}')
}

// appendSchemaID appends a schema id, or null for 0.
func appendSchemaID(b []byte, id int) []byte {
	if id == 0 {
		return append(b, "null"...)
	}
	return appendInt(b, int64(id))
}
