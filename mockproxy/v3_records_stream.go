package mockproxy

// The streaming side of v3 produce: the request body is read object by
// object as it arrives, and each delivery report is written as soon as its
// record is stored, in input order, each followed by "\r\n" (Jersey's
// ChunkedOutput); what is written is flushed before the stream reads
// more of the body. Full duplex is enabled so a client may
// wait for a report before sending the next record, over TCP and over
// the in-memory transport alike (memStream). The reports' bodies are
// here too, as the batch answer reuses them.

import (
	"errors"
	"fmt"
	"io"
	"mime"
	"net/http"
	"strings"
	"time"

	"github.com/kafkarestmock/kafkarestmock/fakelog"
	"github.com/kafkarestmock/kafkarestmock/internal/jsonv"
	"github.com/kafkarestmock/kafkarestmock/internal/media"
)

// produceV3Stream serves POST .../records. Records that arrive once the
// stream has been open for streamMaxDuration get a 408 report each, and
// the first record after the grace period that follows ends the stream
// (the real proxy closes it on a timer; the mock, which waits for the
// client's next bytes, notices at the next record).
func (s *Server) produceV3Stream(c *call) error {
	if _, params, err := mime.ParseMediaType(c.r.Header.Get("Content-Type")); err == nil {
		if cs, ok := params["charset"]; ok && !strings.EqualFold(cs, "UTF-8") && !strings.EqualFold(cs, "ISO-8859-1") {
			return errV3Charset
		}
	}
	// The stream works in the request's scratch: its buffer, parser and
	// arena, and the report, record and place slices below.
	sc := c.getScratch()
	in := &jsonStream{r: c.r.Body, limit: int(min(c.s.cfg.maxBodyBytes, 1<<30)), buf: sc.body[:0], parser: &sc.parser}
	defer func() { sc.body = in.buf[:0] }()
	if !in.hasBytes() {
		return errV3EmptyBody // Jersey hands the method a null entity
	}
	rc := http.NewResponseController(c.w)
	// Every report written is flushed before the stream reads more of the
	// body, so a client that waits for a report before it sends the next
	// record gets it, and records the client sent ahead are answered
	// without a write to the connection each.
	// Reports are gathered in pending and written before each read of the
	// body (or once 32 KiB are waiting): a client that sent many records
	// ahead gets their reports in a few writes, not one each.
	pending := sc.answer[:0]
	writeFailed := false
	writePending := func() {
		if len(pending) > 0 && !writeFailed {
			if _, err := c.w.Write(pending); err != nil {
				writeFailed = true
			}
		}
		pending = pending[:0]
	}
	// Records whose bytes came in one read are prepared one by one (each
	// answered at once if it fails) and stored together, in one call of
	// the backend, before their reports are written: queue holds the
	// reports not written yet, batch the records to store and at their
	// reports' places in queue.
	var tc v3TopicCache
	tc.style.arena = &sc.arena
	queue, batch, at := sc.queue[:0], sc.batch[:0], sc.index[:0]
	settle := func() {
		if len(batch) > 0 {
			s.storeV3(c, &tc, batch, queue, at)
			clear(batch) // the stream keeps no payload
			batch, at = batch[:0], at[:0]
		}
		tc.stored()
		for i := range queue {
			pending = append(queue[i].appendJSON(pending, ""), '\r', '\n')
		}
		clear(queue)
		queue = queue[:0]
		if len(pending) >= 32<<10 {
			writePending()
		}
	}
	defer func() {
		settle()
		writePending()
		sc.answer, sc.queue, sc.batch, sc.index = pending, queue, batch, at
	}()
	in.beforeRead = func() {
		settle()
		writePending()
		_ = rc.Flush()
	}
	start := s.cfg.clock.Now()
	var closeAt time.Time     // set by the first expired record
	_ = rc.EnableFullDuplex() // not every writer supports it; memStream needs none
	h := c.w.Header()
	h.Set("Content-Type", media.JSON)
	c.w.WriteHeader(http.StatusOK)
	_ = rc.Flush()
	var now time.Time
	var rec v3Record // the record being read, reused
	reads := -1
	for {
		v, done, err := in.next()
		if done {
			return nil
		}
		var rep v3Report
		if in.reads != reads {
			// Records that arrived in one read arrived together: the
			// clock is read once for them (expiry and timestamps).
			now, reads = s.cfg.clock.Now(), in.reads
		}
		if err == nil && now.Sub(start) > s.cfg.streamMaxDuration {
			if closeAt.IsZero() {
				closeAt = now.Add(streamGracePeriod)
			} else if now.After(closeAt) {
				return nil // closed at the end of the grace period
			}
			rep = v3ReportError(c.dialect, errV3StreamExpired)
		} else if err != nil {
			var se *jsonv.SyntaxError
			if !errors.As(err, &se) {
				return nil // the client went away
			}
			rep = v3ReportError(c.dialect, errStreamBroken(se.Msg))
		} else if derr := decodeV3Record(v, false, &rec); derr != nil {
			rep = v3ReportError(c.dialect, derr) // this object alone fails
		} else {
			tc.now = now // one clock reading for the expiry and the timestamp
			batch = append(batch, fakelog.Record{})
			if s.prepareV3(c, &rec, &tc, &rep, &batch[len(batch)-1]) {
				at = append(at, len(queue))
			} else {
				batch = batch[:len(batch)-1]
			}
		}
		queue = append(queue, rep)
		if len(queue) >= maxStreamBatch {
			settle()
		}
		if writeFailed {
			return nil
		}
		if err != nil {
			return nil // a syntax error ends the stream
		}
	}
}

// maxStreamBatch bounds the records a v3 stream stores in one call.
const maxStreamBatch = 500

// v3Report is a delivery report: the record's place and sizes, or an
// error ({"error_code","message"} only).
type v3Report struct {
	code       int // 200 for a stored record
	message    string
	clusterID  string
	topic      string
	partition  int32
	offset     int64
	timestamp  time.Time
	key, value v3ReportData // format "" when absent
}

// v3ReportData is a report's key or value: its type, the schema it was
// serialized with (nil for a schema-less type) and its serialized size,
// framing included (-1 for null).
type v3ReportData struct {
	format string
	schema *registeredSchema
	size   int
}

// appendJSON writes the report as ProduceResponse does; id, when not
// empty, makes it a batch success entry (no error_code) or failure entry.
func (r *v3Report) appendJSON(b []byte, id string) []byte {
	b = append(b, '{')
	if id != "" {
		b = append(b, `"id":`...)
		b = appendJSONString(b, id)
		b = append(b, ',')
	}
	if r.code != http.StatusOK {
		b = append(b, `"error_code":`...)
		b = appendInt(b, int64(r.code))
		b = append(b, `,"message":`...)
		b = appendJSONString(b, r.message)
		return append(b, '}')
	}
	if id == "" {
		b = append(b, `"error_code":200,`...)
	}
	b = append(b, `"cluster_id":`...)
	b = appendJSONString(b, r.clusterID)
	b = append(b, `,"topic_name":`...)
	b = appendJSONString(b, r.topic)
	b = append(b, `,"partition_id":`...)
	b = appendInt(b, int64(r.partition))
	b = append(b, `,"offset":`...)
	b = appendInt(b, r.offset)
	b = append(b, `,"timestamp":`...)
	b = appendInstant(b, r.timestamp)
	for _, side := range []struct {
		name string
		d    v3ReportData
	}{{"key", r.key}, {"value", r.value}} {
		if side.d.format == "" {
			continue
		}
		b = append(b, `,"`...)
		b = append(b, side.name...)
		b = append(b, `":{"type":"`...)
		b = append(b, side.d.format...)
		b = append(b, '"')
		if rs := side.d.schema; rs != nil {
			b = append(b, `,"subject":`...)
			b = appendJSONString(b, rs.subject)
			b = append(b, `,"schema_id":`...)
			b = appendInt(b, int64(rs.id))
			b = append(b, `,"schema_version":`...)
			b = appendInt(b, int64(rs.version))
		}
		b = append(b, `,"size":`...)
		b = appendInt(b, int64(side.d.size))
		b = append(b, '}')
	}
	return append(b, '}')
}

// appendInstant writes t as Jackson writes a java.time.Instant in
// ISO-8601: UTC, with milliseconds only when they are not zero.
func appendInstant(b []byte, t time.Time) []byte {
	t = t.UTC()
	b = append(b, '"')
	if y := t.Year(); y >= 0 && y <= 9999 {
		// What AppendFormat writes for these years, without its layout.
		_, mo, d := t.Date()
		h, mi, sec := t.Clock()
		b = append(b, byte('0'+y/1000), byte('0'+y/100%10), byte('0'+y/10%10), byte('0'+y%10), '-',
			byte('0'+int(mo)/10), byte('0'+int(mo)%10), '-', byte('0'+d/10), byte('0'+d%10), 'T',
			byte('0'+h/10), byte('0'+h%10), ':', byte('0'+mi/10), byte('0'+mi%10), ':', byte('0'+sec/10), byte('0'+sec%10))
	} else {
		b = t.AppendFormat(b, "2006-01-02T15:04:05")
	}
	if ms := t.Nanosecond() / 1e6; ms != 0 {
		b = append(b, '.', byte('0'+ms/100), byte('0'+ms/10%10), byte('0'+ms%10))
	}
	return append(b, 'Z', '"')
}

// payloadSize is Kafka's serialized size of a key or value: -1 for null.
func payloadSize(b []byte) int {
	if b == nil {
		return -1
	}
	return len(b)
}

// jsonStream reads concatenated JSON values from r as they arrive,
// reading only as much as the next value needs.
type jsonStream struct {
	r     io.Reader
	buf   []byte
	start int // first unconsumed byte of buf
	eof   bool
	err   error // a read error other than EOF
	limit int   // the most bytes one value may take
	// beforeRead, if set, runs before each read of r, which may wait for
	// the client.
	beforeRead func()
	// parser parses the values; what next returns is valid until the
	// next call.
	parser *jsonv.Parser
	reads  int // the reads of r so far
}

// fill reads more of the body into buf; it returns false at the end.
// The unconsumed bytes move to a new buffer, never over old ones: the
// values next returned still point into them.
func (s *jsonStream) fill() bool {
	if s.eof {
		return false
	}
	// beforeRead first, so that nothing prepared from buf's bytes is
	// left when they move.
	if s.beforeRead != nil {
		s.beforeRead()
	}
	if s.start > 0 || cap(s.buf)-len(s.buf) < 512 {
		rest := s.buf[s.start:]
		if cap(s.buf)-len(rest) >= 512 && cap(s.buf) >= 4096 {
			s.buf = s.buf[:copy(s.buf, rest)] // what was read is done with
		} else {
			// Each new buffer doubles, from 4 KiB to 64 KiB: a one-record
			// stream stays small, a long one reads in few calls.
			nb := make([]byte, len(rest), max(min(2*cap(s.buf), 64<<10), 4096, 2*len(rest)))
			copy(nb, rest)
			s.buf = nb
		}
		s.start = 0
	}
	s.reads++
	n, err := s.r.Read(s.buf[len(s.buf):cap(s.buf)])
	s.buf = s.buf[:len(s.buf)+n]
	if err != nil {
		s.eof = true
		if err != io.EOF {
			s.err = err
		}
	}
	return n > 0 || !s.eof
}

// hasBytes waits for the first byte of the body and reports whether
// there is one.
func (s *jsonStream) hasBytes() bool {
	for len(s.buf) == 0 {
		if !s.fill() {
			return false
		}
	}
	return true
}

// next returns the next value, valid until the next call (its members
// are the parser's memory). done is set at the end of the body (or
// when it could not be read); err is a *jsonv.SyntaxError when the JSON
// breaks off or is malformed, after which the stream is over.
func (s *jsonStream) next() (v jsonv.Value, done bool, err error) {
	for {
		for s.start < len(s.buf) && isJSONSpace(s.buf[s.start]) {
			s.start++
		}
		rest := s.buf[s.start:]
		if len(rest) == 0 {
			if !s.fill() {
				return jsonv.Value{}, true, s.err
			}
			continue
		}
		v, _, err := s.parser.Parse(rest)
		if err == nil {
			if len(v.Raw) < len(rest) || s.eof || v.Kind != jsonv.Number && v.Kind != jsonv.Bool && v.Kind != jsonv.Null {
				s.start += len(v.Raw)
				return v, false, nil
			}
		} else if se, ok := errors.AsType[*jsonv.SyntaxError](err); !ok {
			return jsonv.Value{}, true, err
		} else if s.eof || !incomplete(rest, se.Offset) {
			s.start = len(s.buf)
			s.eof = true
			return jsonv.Value{}, false, se
		}
		if len(rest) >= s.limit {
			s.eof = true
			return jsonv.Value{}, false, &jsonv.SyntaxError{Msg: "Produce request size is larger than allowed threshold"}
		}
		if !s.fill() && s.err != nil {
			return jsonv.Value{}, true, s.err
		}
	}
}

// incomplete reports whether a syntax error at off may only mean that
// the value has not fully arrived: it is at the end of the data, or in a
// token (a literal or number) that runs to the end.
func incomplete(data []byte, off int) bool {
	if off >= len(data) {
		return true
	}
	return strings.IndexFunc(string(data[off:]), func(r rune) bool {
		return !(r >= 'a' && r <= 'z' || r >= 'A' && r <= 'Z' || r >= '0' && r <= '9' || strings.ContainsRune("_$+-.", r))
	}) < 0
}

func isJSONSpace(c byte) bool { return c == ' ' || c == '\t' || c == '\n' || c == '\r' }

// streamsInMemory reports whether the in-memory transport must stream a
// request's response instead of buffering it: v3 produce, whose client
// may wait for a report before it sends the next record.
func streamsInMemory(r *http.Request) bool {
	p := r.URL.Path
	return r.Method == http.MethodPost && strings.HasPrefix(p, "/v3/") && strings.HasSuffix(strings.TrimSuffix(p, "/"), "/records")
}

// memStream serves r to h in a new goroutine and returns the response as
// soon as its header is written, with a body that delivers each write as
// the handler makes it. A handler that drops the connection ends the
// body with io.ErrUnexpectedEOF.
func memStream(h http.Handler, req, r *http.Request) (*http.Response, error) {
	pr, pw := io.Pipe()
	w := &memStreamWriter{header: http.Header{}, pw: pw, ready: make(chan struct{})}
	go func() {
		dropped := serveRecovering(h, w, r)
		if req.Body != nil {
			_ = req.Body.Close()
		}
		w.WriteHeader(http.StatusOK)
		if dropped {
			_ = pw.CloseWithError(io.ErrUnexpectedEOF)
			return
		}
		_ = pw.Close()
	}()
	select {
	case <-w.ready:
	case <-req.Context().Done():
		_ = pr.CloseWithError(req.Context().Err())
		return nil, req.Context().Err()
	}
	resp := &http.Response{
		Status:        fmt.Sprintf("%d %s", w.status, http.StatusText(w.status)),
		StatusCode:    w.status,
		Proto:         "HTTP/1.1",
		ProtoMajor:    1,
		ProtoMinor:    1,
		Header:        w.sent,
		Body:          pr,
		ContentLength: -1,
		Request:       req,
	}
	if w.status == http.StatusOK {
		resp.TransferEncoding = []string{"chunked"}
	}
	return resp, nil
}

// memStreamWriter is the response writer of memStream.
type memStreamWriter struct {
	header http.Header
	sent   http.Header // the header as of WriteHeader
	pw     *io.PipeWriter
	status int
	ready  chan struct{} // closed by the first WriteHeader
}

func (w *memStreamWriter) Header() http.Header { return w.header }

func (w *memStreamWriter) WriteHeader(code int) {
	if w.status != 0 {
		return
	}
	w.status, w.sent = code, w.header.Clone()
	close(w.ready)
}

func (w *memStreamWriter) Write(b []byte) (int, error) {
	w.WriteHeader(http.StatusOK)
	return w.pw.Write(b)
}

// Flush does nothing: every Write is delivered as it is made.
func (w *memStreamWriter) Flush() {}

// EnableFullDuplex does nothing: the request body stays readable while
// the response is written.
func (w *memStreamWriter) EnableFullDuplex() error { return nil }
