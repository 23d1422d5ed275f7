package mockproxy

// Records reads of consumer instances: v2's GET .../instances/{instance}/records
// and v1's GET .../instances/{instance}/topics/{topic} (whose first read
// subscribes the instance to the topic; another topic later is 409/40901).
// Both are the long-poll read,
// with the real proxy's rules (KafkaConsumerReadTask): the wait is
// min(timeout, the instance's or proxy's consumer.request.timeout.ms); the
// read returns when that time has passed, when the byte cap
// min(max_bytes, consumer.request.max.bytes) is reached (a record that
// would reach it stays for the next read), or once the collected key and
// value bytes exceed the instance's fetch.min.bytes. Waiting is on the
// log's change channel and the server's clock: no polling, no sleeps.

import (
	"bytes"
	"encoding/json"
	"errors"
	"math"
	"net/http"
	"strconv"
	"time"

	"github.com/kafkarestmock/kafkarestmock/backend"
	"github.com/kafkarestmock/kafkarestmock/fakelog"
	"github.com/kafkarestmock/kafkarestmock/internal/jsonv"
)

// queryInt64 parses a long query parameter with a default. A value Java
// cannot convert is a 404, as JAX-RS answers @QueryParam failures.
func (c *call) queryInt64(name string, def int64) (int64, error) {
	raw, ok := c.r.URL.Query()[name]
	if !ok || len(raw) == 0 || raw[0] == "" {
		return def, nil
	}
	n, err := strconv.ParseInt(raw[0], 10, 64)
	if err != nil {
		return 0, errNotFound
	}
	return n, nil
}

// readingInstance is the call's consumer instance and its format, which
// must read with the endpoint's format (else 406/40601).
func (c *call) readingInstance() (*instance, format, error) {
	in, err := c.instanceOf()
	if err != nil {
		return nil, nil, err
	}
	f := c.s.cfg.formats.lookup(in.format)
	if f.stateClass() != c.ep.format.stateClass() {
		return nil, nil, errFormatMismatch
	}
	return in, f, nil
}

// readRecords serves the records read for the endpoint's format.
func (s *Server) readRecords(c *call) error {
	in, f, err := c.readingInstance()
	if err != nil {
		return err
	}
	timeoutMs, err := c.queryInt64("timeout", -1)
	if err != nil {
		return err
	}
	maxBytes, err := c.queryInt64("max_bytes", -1)
	if err != nil {
		return err
	}
	if c.firing != nil { // empty_polls: a read that finds nothing, as while a group rebalances
		if err := s.waitEmpty(c, in, time.Duration(timeoutMs)*time.Millisecond); err != nil {
			return err
		}
		return s.writeRecords(c, f, nil)
	}
	var polled [][]fakelog.Record
	defer in.startRead(&polled)() // after the answer is written
	recs, err := s.collect(c, in, time.Duration(timeoutMs)*time.Millisecond, maxBytes, &polled)
	if err != nil {
		return err
	}
	return s.writeRecords(c, f, recs...)
}

// writeRecords streams the JSON array of consumer records, the parts one
// after the other, through a pooled buffer. Payloads were checked while
// collecting, so encoding cannot fail once the status is written.
//
// The records are appended by hand, not through a typed body (bodies.go):
// this is the read's hot path, measured by BenchmarkConsumeHTTP.
func (s *Server) writeRecords(c *call, f format, parts ...[]fakelog.Record) error {
	bp := s.bufPool.Get().(*[]byte)
	defer s.bufPool.Put(bp)
	b := (*bp)[:0]
	h := c.w.Header()
	h.Set("Content-Type", c.respType)
	started := false
	flush := func() {
		if !started {
			c.w.WriteHeader(http.StatusOK)
			started = true
		}
		_, _ = c.w.Write(b)
		b = b[:0]
	}
	b = append(b, '[')
	var run recordRun
records:
	for _, recs := range parts {
		for i := range recs {
			r := &recs[i]
			if len(b) > 1 || started {
				b = append(b, ',')
			}
			var err error
			if b, err = appendRecord(b, &s.schemas, f, &run, r); err != nil {
				if !started {
					return readError(errDeserializing(*r))
				}
				break records
			}
			if len(b) >= writeChunk {
				flush()
			}
		}
	}
	b = append(b, ']')
	if !started && len(b) <= jettyOutputBuffer {
		h.Set("Content-Length", strconv.Itoa(len(b)))
	}
	flush()
	if cap(b) <= maxPooledBuffer {
		*bp = b
	}
	return nil
}

// writeChunk is the size at which writeRecords hands bytes to the
// connection: large, so that a read of a few thousand records is one
// write, not one system call per few kilobytes.
const writeChunk = 1 << 20

// jettyOutputBuffer is the real server's response buffer (Jetty's
// outputBufferSize, 32 KiB): an answer that fits is sent with its
// Content-Length, a longer one chunked, as writeRecords does too.
const jettyOutputBuffer = 32 << 10

// maxPooledBuffer bounds the buffers writeRecords returns to the pool.
const maxPooledBuffer = 2 * writeChunk

// readLimits are the effective limits of one read.
type readLimits struct {
	wait     time.Duration
	maxBytes int64
	minBytes int64
}

func (s *Server) limitsFor(in *instance, timeout time.Duration, maxBytes int64) readLimits {
	wait := s.cfg.requestTimeout
	if in.wait != 0 {
		wait = max(in.wait, 0)
	}
	if timeout > 0 {
		wait = min(timeout, wait)
	}
	if maxBytes <= 0 {
		maxBytes = math.MaxInt64
	}
	minBytes := in.minBytes
	if minBytes < 0 {
		minBytes = math.MaxInt64
	}
	return readLimits{wait: wait, maxBytes: min(maxBytes, consumerRequestMaxBytes), minBytes: minBytes}
}

// collect gathers records for one read, in parts: slices of the polled
// batches, not copied.
//
// The batches it polls are added to *polled, for the instance to reuse
// once the read's answer is written (instance.startRead).
func (s *Server) collect(c *call, in *instance, timeout time.Duration, maxBytes int64, polled *[][]fakelog.Record) ([][]fakelog.Record, error) {
	lim := s.limitsFor(in, timeout, maxBytes)
	clock := s.cfg.clock
	start := clock.Now()
	var (
		parts       [][]fakelog.Record // the records taken, as slices of polled batches
		size        int64
		exceededMax bool
		exceededMin bool
		timer       fakelog.Timer
		timerC      <-chan time.Time
		ctx         = c.r.Context()
		recordSize  = func(r *fakelog.Record) int64 { return int64(len(r.Key) + len(r.Value)) }
		// takeFromBuffer takes the records that fit from the buffer into
		// parts, without copying them.
		takeFromBuffer = func() {
			k := 0
			for ; k < len(in.buffer) && !exceededMax; k++ {
				sz := recordSize(&in.buffer[k])
				if size+sz >= lim.maxBytes {
					exceededMax = true
					break
				}
				size += sz
				if size > lim.minBytes {
					exceededMin = true
				}
			}
			if k > 0 {
				parts = append(parts, in.buffer[:k:k])
				in.buffer = in.buffer[k:]
			}
		}
	)
	defer func() {
		if timer != nil {
			timer.Stop()
		}
	}()
	for {
		changed := s.be.Changes()
		in.mu.Lock()
		var pollErr error
		for !exceededMin && !exceededMax {
			if len(in.buffer) == 0 {
				recs, err := in.pollLocked(polled)
				if err != nil {
					pollErr = err
					break
				}
				if len(recs) == 0 {
					break
				}
				in.buffer, in.bufferChecked = recs, false
			}
			// Each polled batch is checked once; a batch that fails stays
			// unchecked, so every read fails until the position moves.
			if !in.bufferChecked {
				if err := s.checkDecodable(in); err != nil {
					pollErr = err
					break
				}
				in.bufferChecked = true
			}
			takeFromBuffer()
		}
		if pollErr == nil && !exceededMax {
			takeFromBuffer() // drain what was polled, as the real task does
		}
		in.mu.Unlock()
		if pollErr != nil {
			return nil, readError(pollErr)
		}
		elapsed := clock.Now().Sub(start)
		if exceededMax || exceededMin || elapsed >= lim.wait {
			return parts, nil
		}
		if timer == nil {
			timer = clock.NewTimer(lim.wait - elapsed)
			timerC = timer.C()
		}
		select {
		case <-changed:
		case <-timerC:
			timerC = nil // fired: the next pass returns
		case <-ctx.Done():
			return nil, ctx.Err()
		case <-s.done:
			return parts, nil
		}
		if timerC == nil {
			// The timer fired; one last pass collects what is there.
			timer = nil
			start = clock.Now().Add(-lim.wait)
		}
	}
}

// waitEmpty waits out a read's effective timeout without reading.
func (s *Server) waitEmpty(c *call, in *instance, timeout time.Duration) error {
	lim := s.limitsFor(in, timeout, -1)
	if lim.wait <= 0 {
		return nil
	}
	t := s.cfg.clock.NewTimer(lim.wait)
	defer t.Stop()
	select {
	case <-t.C():
	case <-c.r.Context().Done():
		return c.r.Context().Err()
	case <-s.done:
	}
	return nil
}

// checkDecodable fails the read when the consumer's next records cannot
// be read in its format; the record stays at the head of the buffer, so
// every read fails until the position is moved, as with the real proxy.
func (s *Server) checkDecodable(in *instance) error {
	return s.cfg.formats.lookup(in.format).check(&s.schemas, in.buffer)
}

// jsonDecodeError is the SerializationException of a json consumer.
type jsonDecodeError struct{ msg string }

func (e *jsonDecodeError) Error() string { return e.msg }

// decodeJSONPayload parses stored bytes as one JSON value, as Jackson's
// ObjectMapper.readValue(bytes, Object.class) does.
func decodeJSONPayload(b []byte) ([]byte, error) {
	v, ok, err := jsonv.Parse(b)
	if err != nil {
		var se *jsonv.SyntaxError
		if errors.As(err, &se) {
			return nil, &jsonDecodeError{"com.fasterxml.jackson.core.JsonParseException: " + se.Msg}
		}
		return nil, err
	}
	if !ok {
		return nil, &jsonDecodeError{"com.fasterxml.jackson.databind.exc.MismatchedInputException: No content to map due to end-of-input"}
	}
	var buf bytes.Buffer
	if err := json.Compact(&buf, v.Raw); err != nil {
		return nil, &jsonDecodeError{"com.fasterxml.jackson.core.JsonParseException: " + err.Error()}
	}
	return buf.Bytes(), nil
}

// readError maps an error of a records read.
func readError(err error) error {
	var (
		jde *jsonDecodeError
		ise *fakelog.IllegalStateError
		noe *fakelog.NoOffsetError
		oor *fakelog.OffsetOutOfRangeError
		bke *backend.KafkaError
	)
	switch {
	case errors.As(err, &bke):
		return backendKafkaError(bke)
	case errors.As(err, &jde):
		return errReadDecode(jde.msg)
	case errors.As(err, &ise):
		return errInternal // Kafka's IllegalStateException reaches the generic mapper
	case errors.As(err, &noe):
		return errKafka(noe.Error())
	case errors.As(err, &oor):
		return errKafka(oor.Error())
	case errors.Is(err, fakelog.ErrConsumerClosed):
		return errConsumerNotFound
	}
	return errInternal
}

// appendRecord appends one consumer record object, the text of its topic,
// partition and offset from run, which it updates.
func appendRecord(b []byte, st *schemaStore, f format, run *recordRun, r *fakelog.Record) ([]byte, error) {
	run.see(r)
	b = append(b, `{"topic":`...)
	b = append(b, run.topicJSON...)
	b = append(b, `,"key":`...)
	var err error
	if b, err = appendPayload(b, st, f, r.Key); err != nil {
		return nil, err
	}
	b = append(b, `,"value":`...)
	if b, err = appendPayload(b, st, f, r.Value); err != nil {
		return nil, err
	}
	b = append(b, `,"partition":`...)
	b = append(b, run.partition...)
	b = append(b, `,"offset":`...)
	b = append(b, run.offset...)
	return append(b, '}'), nil
}

// recordRun is the text of the topic, partition and offset of the record
// appendRecord writes, kept from one record to the next: a read's records
// come in runs of one topic and partition with consecutive offsets, so the
// text is reused, and the next offset's digits are the last one's plus
// one. The zero value is ready.
type recordRun struct {
	topic     string
	part      int32
	last      int64  // the offset whose digits offset holds
	topicJSON []byte // nil until the first record, as partition and offset
	partition []byte
	offset    []byte
}

// see makes run's text r's.
func (run *recordRun) see(r *fakelog.Record) {
	if r.Topic != run.topic || run.topicJSON == nil {
		run.topic, run.topicJSON = r.Topic, appendJSONString(run.topicJSON[:0], r.Topic)
	}
	if r.Partition != run.part || run.partition == nil {
		run.part, run.partition = r.Partition, appendInt(run.partition[:0], int64(r.Partition))
	}
	switch {
	case r.Offset == run.last+1 && run.offset != nil && r.Offset > 0:
		run.offset = incDecimal(run.offset)
	case r.Offset != run.last || run.offset == nil:
		run.offset = appendInt(run.offset[:0], r.Offset)
	}
	run.last = r.Offset
}

// incDecimal adds one to the non-negative decimal number d in place.
func incDecimal(d []byte) []byte {
	for i := len(d) - 1; i >= 0; i-- {
		if d[i] != '9' {
			d[i]++
			return d
		}
		d[i] = '0'
	}
	return append([]byte{'1'}, d...)
}

// appendPayload appends a record key or value: null, or the format's JSON.
func appendPayload(b []byte, st *schemaStore, f format, data []byte) ([]byte, error) {
	if data == nil {
		return append(b, "null"...), nil
	}
	return f.appendPayload(st, b, data)
}

// v1ReadTopic serves GET .../instances/{instance}/topics/{topic}.
func (s *Server) v1ReadTopic(c *call) error {
	in, f, err := c.readingInstance()
	if err != nil {
		return err
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
		return s.writeRecords(c, f, nil)
	}
	var polled [][]fakelog.Record
	defer in.startRead(&polled)() // after the answer is written
	recs, err := s.collect(c, in, 0, maxBytes, &polled)
	if err != nil {
		return err
	}
	if len(recs) > 0 {
		in.mu.Lock()
		if in.v1Consumed == nil {
			in.v1Consumed = map[fakelog.TopicPartition]int64{}
		}
		for _, part := range recs {
			for _, r := range part {
				in.v1Consumed[fakelog.TopicPartition{Topic: r.Topic, Partition: r.Partition}] = r.Offset
			}
		}
		in.mu.Unlock()
	}
	return s.writeRecords(c, f, recs...)
}
