package mockproxy_test

import (
	"bytes"
	"context"
	"encoding/base64"
	"encoding/json"
	"io"
	"net/http"
	"net/http/httptest"
	"runtime"
	"slices"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/kafkarestmock/kafkarestmock/fakelog"
	"github.com/kafkarestmock/kafkarestmock/mockproxy"
)

// get reads a body into a reused buffer (the same for the mock and the
// floor, so client-side allocation does not skew the ratio).
func get(b *testing.B, c *http.Client, url string) []byte {
	return getInto(b, c, url, "application/vnd.kafka.binary.v2+json", new(bytes.Buffer))
}

// getInto is get with an Accept header, into buf.
func getInto(b *testing.B, c *http.Client, url, accept string, buf *bytes.Buffer) []byte {
	req, err := http.NewRequest("GET", url, nil)
	if err != nil {
		b.Fatal(err)
	}
	req.Header.Set("Accept", accept)
	resp, err := c.Do(req)
	if err != nil {
		b.Fatal(err)
	}
	buf.Reset()
	_, _ = buf.ReadFrom(resp.Body)
	resp.Body.Close()
	if resp.StatusCode != 200 {
		b.Fatalf("status %d: %s", resp.StatusCode, buf.Bytes())
	}
	return buf.Bytes()
}

func postV2(b *testing.B, c *http.Client, url, body string) {
	req, _ := http.NewRequest("POST", url, strings.NewReader(body))
	req.Header.Set("Content-Type", "application/vnd.kafka.v2+json")
	resp, err := c.Do(req)
	if err != nil {
		b.Fatal(err)
	}
	_, _ = io.Copy(io.Discard, resp.Body)
	resp.Body.Close()
	if resp.StatusCode >= 300 {
		b.Fatalf("POST %s: %d", url, resp.StatusCode)
	}
}

// consumeRecord is one record of a v2 binary read answer, for the
// encoding/json floor.
type consumeRecord struct {
	Topic     string `json:"topic"`
	Key       []byte `json:"key"`
	Value     []byte `json:"value"`
	Partition int32  `json:"partition"`
	Offset    int64  `json:"offset"`
}

// encodeRecords appends the v2 binary read answer of recs (topic "bench",
// partition 0) to b by hand, base64 and JSON in one pass:
// the least a read has to do with records it holds in memory.
func encodeRecords(b []byte, recs []consumeRecord) []byte {
	b = append(b, '[')
	for i, r := range recs {
		if i > 0 {
			b = append(b, ',')
		}
		b = append(b, `{"topic":"bench","key":null,"value":"`...)
		b = base64.StdEncoding.AppendEncode(b, r.Value)
		b = append(b, `","partition":0,"offset":`...)
		b = strconv.AppendInt(b, r.Offset, 10)
		b = append(b, '}')
	}
	return append(b, ']')
}

// consumeFloors are the baselines of BenchmarkConsumeHTTP: the bare floor
// answers a fixed body; the work floors encode the same records into it
// on every request, by hand (encodeRecords, into a reused buffer) and with
// encoding/json for reference.
func consumeFloors(recs []consumeRecord, fixed []byte) []struct {
	name string
	h    http.HandlerFunc
} {
	answer := func(w http.ResponseWriter, body []byte) {
		w.Header().Set("Content-Type", "application/vnd.kafka.binary.v2+json")
		w.Header().Set("Content-Length", strconv.Itoa(len(body)))
		_, _ = w.Write(body)
	}
	var buf []byte // the floors are served one request at a time
	return []struct {
		name string
		h    http.HandlerFunc
	}{
		{"", func(w http.ResponseWriter, r *http.Request) { answer(w, fixed) }},
		{"_encode", func(w http.ResponseWriter, r *http.Request) {
			buf = encodeRecords(buf[:0], recs)
			answer(w, buf)
		}},
		{"_encjson", func(w http.ResponseWriter, r *http.Request) {
			body, err := json.Marshal(recs)
			if err != nil {
				http.Error(w, err.Error(), http.StatusInternalServerError)
				return
			}
			answer(w, body)
		}},
	}
}

// newConsumeBench starts a server with the topic "bench" and a v2 binary
// consumer instance g/c assigned its partition from the earliest offset,
// and returns it with fill, which appends n records of 100 B.
func newConsumeBench(b *testing.B, opts ...mockproxy.Option) (*mockproxy.Server, func(n int)) {
	srv := mockproxy.NewServer(b, append([]mockproxy.Option{mockproxy.WithTopic("bench", 1)}, opts...)...)
	val := bytes.Repeat([]byte("x"), 100)
	fill := func(n int) {
		recs := make([]fakelog.Record, n)
		for i := range recs {
			recs[i] = fakelog.Record{Value: val}
		}
		if _, err := srv.Log().Append("bench", 0, recs...); err != nil {
			b.Fatal(err)
		}
	}
	c := srv.Client()
	postV2(b, c, srv.URL()+"/consumers/g", `{"name":"c","auto.offset.reset":"earliest"}`)
	postV2(b, c, srv.URL()+"/consumers/g/instances/c/assignments", `{"partitions":[{"topic":"bench","partition":0}]}`)
	return srv, fill
}

// consumeBenchPath is the read of newConsumeBench's instance whose
// max_bytes ends it at exactly batch records of 100 B.
func consumeBenchPath(batch int) string {
	return "/consumers/g/instances/c/records?max_bytes=" + strconv.Itoa(100*batch+1)
}

// BenchmarkConsumeHTTP reads batches of 1000 records of 100 B through a v2
// binary consumer (max_bytes stops each read at exactly 1000 records),
// interleaved with the floors of consumeFloors, and reports the mock's
// time as a ratio of each floor's (x_floor: the fixed body; x_floor_encode
// and x_floor_encjson: encoding the records on every request). The
// floors' answers are checked to be the mock's, byte for byte, and every
// read's answer to be what the encode floor makes of the same records.
func BenchmarkConsumeHTTP(b *testing.B) {
	const batch = 1000
	srv, fill := newConsumeBench(b)
	c := srv.Client()
	val := bytes.Repeat([]byte("x"), 100)
	url := srv.URL() + consumeBenchPath(batch)

	// One record more than a batch stays in the log, so that every read
	// stops at the byte cap instead of waiting out its timeout.
	fill(batch + 1)
	sample := get(b, c, url) // warm up; also the bare floor's body
	recs := make([]consumeRecord, batch)
	for i := range recs {
		recs[i] = consumeRecord{Topic: "bench", Value: bytes.Clone(val), Offset: int64(i)}
	}
	type floor struct {
		name string
		url  string
		c    *http.Client
		dur  time.Duration
	}
	var floors []floor
	for _, f := range consumeFloors(recs, bytes.Clone(sample)) {
		fs := httptest.NewServer(f.h)
		defer fs.Close()
		floors = append(floors, floor{name: f.name, url: fs.URL, c: fs.Client()})
		if got := get(b, fs.Client(), fs.URL); !bytes.Equal(got, sample) {
			b.Fatalf("floor%s answers %.200s, the mock %.200s", f.name, got, sample)
		}
	}

	var mockDur time.Duration
	var buf bytes.Buffer
	next := int64(batch) // the first offset the next read returns
	var want []byte
	b.ReportAllocs()
	b.ResetTimer()
	for range b.N {
		b.StopTimer()
		fill(batch)
		for i := range recs { // the work floors encode the offsets the mock will answer
			recs[i].Offset = next + int64(i)
		}
		next += batch
		b.StartTimer()
		for i := range floors {
			f := &floors[i]
			t0 := time.Now()
			getInto(b, f.c, f.url, "application/vnd.kafka.binary.v2+json", &buf)
			f.dur += time.Since(t0)
		}
		t0 := time.Now()
		body := getInto(b, c, url, "application/vnd.kafka.binary.v2+json", &buf)
		mockDur += time.Since(t0)
		b.StopTimer()
		if want = encodeRecords(want[:0], recs); !bytes.Equal(body, want) {
			b.Fatalf("the mock answers %.300s, the encode floor %.300s", body, want)
		}
		b.StartTimer()
	}
	b.StopTimer()
	b.ReportMetric(float64(batch*b.N)/mockDur.Seconds(), "records/s")
	b.ReportMetric(float64(mockDur.Nanoseconds())/float64(b.N), "mock-ns/req")
	for _, f := range floors {
		b.ReportMetric(float64(mockDur)/float64(f.dur), "x_floor"+f.name)
	}
}

// BenchmarkWakeupLatency parks a v2 read (fetch.min.bytes=1) and measures
// the time from the start of a one-record produce request to the read's
// answer, beside the round trip of a request to the floor server; it
// reports the p50 and p99 of both.
func BenchmarkWakeupLatency(b *testing.B) {
	clock := fakelog.NewManualClock(time.Unix(0, 0))
	srv := mockproxy.NewServer(b, mockproxy.WithTopic("bench", 1), mockproxy.WithClock(clock))
	c := srv.Client()
	postV2(b, c, srv.URL()+"/consumers/g", `{"name":"c","fetch.min.bytes":1,"consumer.request.timeout.ms":60000}`)
	inst := srv.URL() + "/consumers/g/instances/c"
	postV2(b, c, inst+"/assignments", `{"partitions":[{"topic":"bench","partition":0}]}`)
	produce := `{"records":[{"value":"` + base64.StdEncoding.EncodeToString(make([]byte, 100)) + `"}]}`
	floor := newFloor(b, 1)
	fc := floor.Client()
	ctx := context.Background()

	var wake, rtt []time.Duration
	b.ResetTimer()
	for range b.N {
		t0 := time.Now()
		post(b, fc, floor.URL+"/topics/bench", []byte(produce))
		rtt = append(rtt, time.Since(t0))

		waiters := clock.Waiters()
		done := make(chan time.Time, 1)
		go func() {
			get(b, c, inst+"/records")
			done <- time.Now()
		}()
		if err := clock.BlockUntil(ctx, waiters+1); err != nil {
			b.Fatal(err)
		}
		t1 := time.Now()
		post(b, c, srv.URL()+"/topics/bench", []byte(produce))
		wake = append(wake, (<-done).Sub(t1))
	}
	b.StopTimer()
	pct := func(d []time.Duration, p float64) float64 {
		slices.Sort(d)
		return float64(d[int(float64(len(d)-1)*p)].Microseconds())
	}
	b.ReportMetric(pct(wake, 0.5), "wake-p50-µs")
	b.ReportMetric(pct(wake, 0.99), "wake-p99-µs")
	b.ReportMetric(pct(rtt, 0.5), "floor-p50-µs")
	b.ReportMetric(pct(rtt, 0.99), "floor-p99-µs")
	b.ReportMetric(pct(wake, 0.99)/pct(rtt, 0.99), "p99_x_floor")
}

// captureWriter is an http.ResponseWriter that keeps the answer in a
// reused buffer: the in-process benchmarks' stand-in for the network.
type captureWriter struct {
	h      http.Header
	status int
	body   []byte
}

func (w *captureWriter) Header() http.Header { return w.h }
func (w *captureWriter) WriteHeader(status int) {
	if w.status == 0 {
		w.status = status
	}
}
func (w *captureWriter) Write(p []byte) (int, error) {
	w.WriteHeader(http.StatusOK)
	w.body = append(w.body, p...)
	return len(p), nil
}

// serveInto serves req with h into w, reset first.
func (w *captureWriter) serve(h http.Handler, req *http.Request) {
	clear(w.h)
	w.status, w.body = 0, w.body[:0]
	h.ServeHTTP(w, req)
}

// BenchmarkConsumeInProcess is BenchmarkConsumeHTTP without the network:
// each 1000-record read is served by calling the mock's ServeHTTP, and the
// encode floor's handler, directly, into a reused buffer, interleaved.
// Every read is served on the benchmark's own thread, so besides the wall
// time it reports the ratio of thread CPU time (x_floor_encode_cpu), which
// a busy machine disturbs much less than loopback round trips. Every
// answer is checked to be the floor's, byte for byte.
func BenchmarkConsumeInProcess(b *testing.B) {
	runtime.LockOSThread()
	defer runtime.UnlockOSThread()
	const batch = 1000
	srv, fill := newConsumeBench(b, mockproxy.WithoutListener())
	val := bytes.Repeat([]byte("x"), 100)
	req := httptest.NewRequest("GET", consumeBenchPath(batch), nil)
	req.Header.Set("Accept", "application/vnd.kafka.binary.v2+json")
	fill(batch + 1) // one more than a batch stays, so reads end at max_bytes
	mock := &captureWriter{h: http.Header{}}
	mock.serve(srv, req) // warm up: offsets 0 to 999

	recs := make([]consumeRecord, batch)
	for i := range recs {
		recs[i] = consumeRecord{Topic: "bench", Value: bytes.Clone(val)}
	}
	var buf []byte
	floor := http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		buf = encodeRecords(buf[:0], recs)
		w.Header().Set("Content-Type", "application/vnd.kafka.binary.v2+json")
		w.Header().Set("Content-Length", strconv.Itoa(len(buf)))
		_, _ = w.Write(buf)
	})
	fw := &captureWriter{h: http.Header{}}
	next := int64(batch)
	var mockDur, mockCPU, floorDur, floorCPU time.Duration
	b.ReportAllocs()
	b.ResetTimer()
	for range b.N {
		b.StopTimer()
		fill(batch)
		for i := range recs {
			recs[i].Offset = next + int64(i)
		}
		next += batch
		b.StartTimer()
		t0, c0 := time.Now(), threadCPU()
		fw.serve(floor, req)
		floorDur += time.Since(t0)
		floorCPU += threadCPU() - c0
		t0, c0 = time.Now(), threadCPU()
		mock.serve(srv, req)
		mockDur += time.Since(t0)
		mockCPU += threadCPU() - c0
		if mock.status != 200 || !bytes.Equal(mock.body, fw.body) {
			b.Fatalf("the mock answers %d %.300s, the floor %.300s", mock.status, mock.body, fw.body)
		}
	}
	b.StopTimer()
	b.ReportMetric(float64(batch*b.N)/mockDur.Seconds(), "records/s")
	b.ReportMetric(float64(mockDur)/float64(floorDur), "x_floor_encode")
	if mockCPU > 0 {
		b.ReportMetric(float64(mockCPU)/float64(floorCPU), "x_floor_encode_cpu")
	}
}
