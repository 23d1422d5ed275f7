package mockproxy_test

import (
	"bytes"
	"encoding/base64"
	"encoding/json"
	"errors"
	"io"
	"net/http"
	"net/http/httptest"
	"runtime"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/kafkarestmock/kafkarestmock/internal/jsonv"
	"github.com/kafkarestmock/kafkarestmock/mockproxy"
)

// produceBody builds a v2 binary produce request of n records with
// 100-byte values.
func produceBody(n int) []byte {
	val := base64.StdEncoding.EncodeToString(bytes.Repeat([]byte("x"), 100))
	var b strings.Builder
	b.WriteString(`{"records":[`)
	for i := range n {
		if i > 0 {
			b.WriteByte(',')
		}
		b.WriteString(`{"value":"` + val + `"}`)
	}
	b.WriteString(`]}`)
	return []byte(b.String())
}

// floorResponse is a fixed produce response for n records.
func floorResponse(n int) []byte {
	var b strings.Builder
	b.WriteString(`{"offsets":[`)
	for i := range n {
		if i > 0 {
			b.WriteByte(',')
		}
		b.WriteString(`{"partition":0,"offset":` + strconv.Itoa(i) + `,"error_code":null,"error":null}`)
	}
	b.WriteString(`],"key_schema_id":null,"value_schema_id":null}`)
	return []byte(b.String())
}

// newFloor is the baseline of DESIGN §8: a bare httptest.Server that reads
// the body and returns a fixed produce response.
func newFloor(b *testing.B, n int) *httptest.Server {
	resp := floorResponse(n)
	floor := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		_, _ = io.Copy(io.Discard, r.Body)
		w.Header().Set("Content-Type", "application/vnd.kafka.v2+json")
		w.Header().Set("Content-Length", strconv.Itoa(len(resp)))
		_, _ = w.Write(resp)
	}))
	b.Cleanup(floor.Close)
	return floor
}

func post(b *testing.B, c *http.Client, url string, body []byte) {
	req, err := http.NewRequest("POST", url, bytes.NewReader(body))
	if err != nil {
		b.Fatal(err)
	}
	req.Header.Set("Content-Type", "application/vnd.kafka.binary.v2+json")
	resp, err := c.Do(req)
	if err != nil {
		b.Fatal(err)
	}
	_, _ = io.Copy(io.Discard, resp.Body)
	resp.Body.Close()
	if resp.StatusCode != 200 {
		b.Fatalf("status %d", resp.StatusCode)
	}
}

// newWorkFloor is a floor that does the work every produce must do on
// the body: parse it with parse (which also decodes each value's base64)
// before it returns the fixed produce response.
func newWorkFloor(b *testing.B, n int, parse func([]byte) error) *httptest.Server {
	resp := floorResponse(n)
	floor := httptest.NewServer(floorHandler(resp, parse))
	b.Cleanup(floor.Close)
	return floor
}

// floorHandler reads the body, runs parse on it (nil: nothing) and answers
// resp.
func floorHandler(resp []byte, parse func([]byte) error) http.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) {
		body, err := io.ReadAll(r.Body)
		if err == nil && parse != nil {
			err = parse(body)
		}
		if err != nil {
			http.Error(w, err.Error(), http.StatusBadRequest)
			return
		}
		w.Header().Set("Content-Type", "application/vnd.kafka.v2+json")
		w.Header().Set("Content-Length", strconv.Itoa(len(resp)))
		_, _ = w.Write(resp)
	}
}

// parseJSONV parses a v2 produce body with the mock's own JSON parser
// (internal/jsonv) and decodes each record's value with the mock's base64
// decoder: the least a produce has to do with its body.
func parseJSONV(body []byte) error {
	v, ok, err := jsonv.Parse(body)
	if err != nil || !ok {
		return errors.New("bad body")
	}
	recs, _ := v.Field("records")
	for _, r := range recs.Items {
		val, _ := r.Field("value")
		if _, ok := mockproxy.DecodeBase64Strict(val.StrBytes()); !ok {
			return errors.New("bad base64")
		}
	}
	return nil
}

// parseEncodingJSON does the same with encoding/json, for reference.
func parseEncodingJSON(body []byte) error {
	var req struct {
		Records []struct {
			Key   []byte `json:"key"`
			Value []byte `json:"value"`
		} `json:"records"`
	}
	return json.Unmarshal(body, &req)
}

// produceFloors are the baselines of a produce benchmark: the bare floor
// of DESIGN §8, and the work floors that parse the body and decode its
// base64 with the mock's parser and with encoding/json.
var produceFloors = []struct {
	name  string // metric suffix
	parse func([]byte) error
}{
	{"", nil},
	{"_jsonv", parseJSONV},
	{"_encjson", parseEncodingJSON},
}

// BenchmarkProduceHTTP produces batches of 1, 100 and 1000 records of
// 100 B through Client(), interleaved request by request with the same
// request to each floor server, and reports the mock's time per request
// as a ratio of each floor's (x_floor: the bare floor; x_floor_jsonv and
// x_floor_encjson: the work floors) besides records/s.
func BenchmarkProduceHTTP(b *testing.B) {
	for _, n := range []int{1, 100, 1000} {
		b.Run("records="+strconv.Itoa(n), func(b *testing.B) {
			srv := mockproxy.NewServer(b, mockproxy.WithTopic("bench", 1),
				mockproxy.WithLogOptions())
			body := produceBody(n)
			c := srv.Client()
			post(b, c, srv.URL()+"/topics/bench", body) // warm the connection
			type floor struct {
				url string
				c   *http.Client
				dur time.Duration
			}
			floors := make([]floor, len(produceFloors))
			for i, f := range produceFloors {
				srv := newWorkFloor(b, n, f.parse)
				floors[i] = floor{url: srv.URL + "/topics/bench", c: srv.Client()}
				post(b, floors[i].c, floors[i].url, body)
			}
			var mockDur time.Duration
			b.ReportAllocs()
			b.ResetTimer()
			for range b.N {
				for i := range floors {
					f := &floors[i]
					t0 := time.Now()
					post(b, f.c, f.url, body)
					f.dur += time.Since(t0)
				}
				t0 := time.Now()
				post(b, c, srv.URL()+"/topics/bench", body)
				mockDur += time.Since(t0)
			}
			b.StopTimer()
			b.ReportMetric(float64(mockDur.Nanoseconds())/float64(b.N), "mock-ns/req")
			b.ReportMetric(float64(floors[0].dur.Nanoseconds())/float64(b.N), "floor-ns/req")
			for i, f := range produceFloors {
				b.ReportMetric(float64(mockDur)/float64(floors[i].dur), "x_floor"+f.name)
			}
			b.ReportMetric(float64(n*b.N)/mockDur.Seconds(), "records/s")
		})
	}
}

// BenchmarkProduceInProcess is BenchmarkProduceHTTP without the network:
// each request is served by calling the mock's ServeHTTP, and each floor's
// handler, directly with an httptest.ResponseRecorder, interleaved. Every
// request is served on the benchmark's own thread, so besides the wall
// time it reports the ratios of thread CPU time (x_floor*_cpu), which a
// busy machine disturbs much less.
func BenchmarkProduceInProcess(b *testing.B) {
	for _, n := range []int{1, 1000} {
		b.Run("records="+strconv.Itoa(n), func(b *testing.B) {
			runtime.LockOSThread()
			defer runtime.UnlockOSThread()
			srv := mockproxy.NewServer(b, mockproxy.WithTopic("bench", 1),
				mockproxy.WithLogOptions(), mockproxy.WithoutListener())
			body := produceBody(n)
			resp := floorResponse(n)
			serve := func(h http.Handler) {
				req := httptest.NewRequest("POST", "/topics/bench", bytes.NewReader(body))
				req.Header.Set("Content-Type", "application/vnd.kafka.binary.v2+json")
				w := httptest.NewRecorder()
				h.ServeHTTP(w, req)
				if w.Code != 200 {
					b.Fatalf("status %d: %s", w.Code, w.Body)
				}
			}
			handlers := make([]http.Handler, len(produceFloors))
			durs := make([]time.Duration, len(produceFloors))
			cpus := make([]time.Duration, len(produceFloors))
			for i, f := range produceFloors {
				handlers[i] = floorHandler(resp, f.parse)
				serve(handlers[i])
			}
			serve(srv)
			var mockDur, mockCPU time.Duration
			b.ReportAllocs()
			b.ResetTimer()
			for range b.N {
				for i, h := range handlers {
					t0, c0 := time.Now(), threadCPU()
					serve(h)
					durs[i] += time.Since(t0)
					cpus[i] += threadCPU() - c0
				}
				t0, c0 := time.Now(), threadCPU()
				serve(srv)
				mockDur += time.Since(t0)
				mockCPU += threadCPU() - c0
			}
			b.StopTimer()
			b.ReportMetric(float64(mockDur.Nanoseconds())/float64(b.N), "mock-ns/req")
			for i, f := range produceFloors {
				b.ReportMetric(float64(mockDur)/float64(durs[i]), "x_floor"+f.name)
			}
			if mockCPU > 0 {
				b.ReportMetric(float64(mockCPU.Nanoseconds())/float64(b.N), "mock-cpu-ns/req")
				for i, f := range produceFloors {
					b.ReportMetric(float64(mockCPU)/float64(cpus[i]), "x_floor"+f.name+"_cpu")
				}
			}
		})
	}
}

// produceV3Body builds a v3 produce stream of n concatenated records with
// 100-byte binary values.
func produceV3Body(n int) []byte {
	val := base64.StdEncoding.EncodeToString(bytes.Repeat([]byte("x"), 100))
	var b strings.Builder
	for range n {
		b.WriteString(`{"value":{"type":"BINARY","data":"` + val + `"}}`)
	}
	return []byte(b.String())
}

// BenchmarkProduceV3 produces streams of 1, 100 and 1000 records of
// 100 B through Client() to POST /v3/clusters/{cluster_id}/topics/{topic_name}/records,
// one delivery report per record, and reports records/s.
func BenchmarkProduceV3(b *testing.B) {
	for _, n := range []int{1, 100, 1000} {
		b.Run("records="+strconv.Itoa(n), func(b *testing.B) {
			srv := mockproxy.NewServer(b, mockproxy.WithTopic("bench", 1), mockproxy.WithLogOptions())
			c := srv.Client()
			send := v3Sender(b, c, srv.URL(), n)
			send()
			b.ReportAllocs()
			b.ResetTimer()
			for range b.N {
				send()
			}
			b.ReportMetric(float64(n*b.N)/b.Elapsed().Seconds(), "records/s")
		})
	}
}

// BenchmarkProduceV3VsV2 streams 1000 records through one v3 produce
// request and, interleaved request by request on the same server, produces
// the same 1000 records (100 B values) as one v2 batch; x_v2 is the v3
// stream's time as a ratio of the v2 batch's.
func BenchmarkProduceV3VsV2(b *testing.B) {
	const n = 1000
	srv := mockproxy.NewServer(b, mockproxy.WithTopic("bench", 1), mockproxy.WithLogOptions())
	c := srv.Client()
	v3 := v3Sender(b, c, srv.URL(), n)
	v2Body, v2URL := produceBody(n), srv.URL()+"/topics/bench"
	v3()
	post(b, c, v2URL, v2Body)
	v2Dur, v3Dur := interleave(b, nil, func() { post(b, c, v2URL, v2Body) }, v3)
	b.ReportMetric(float64(v3Dur.Nanoseconds())/float64(b.N), "v3-ns/req")
	b.ReportMetric(float64(v2Dur.Nanoseconds())/float64(b.N), "v2-ns/req")
	b.ReportMetric(float64(v3Dur)/float64(v2Dur), "x_v2")
}

// v3Sender returns a function that streams n records of 100 B through one
// v3 produce request and checks that n reports come back.
func v3Sender(b *testing.B, c *http.Client, base string, n int) func() {
	body := produceV3Body(n)
	url := base + "/v3/clusters/c/topics/bench/records"
	return func() {
		req, err := http.NewRequest("POST", url, bytes.NewReader(body))
		if err != nil {
			b.Fatal(err)
		}
		req.Header.Set("Content-Type", "application/json")
		resp, err := c.Do(req)
		if err != nil {
			b.Fatal(err)
		}
		var lines lineCounter
		_, _ = io.Copy(&lines, resp.Body)
		resp.Body.Close()
		if resp.StatusCode != 200 || int(lines) != n {
			b.Fatalf("status %d, %d reports", resp.StatusCode, lines)
		}
	}
}

// lineCounter counts the lines written to it: a v3 stream's reports,
// without keeping them.
type lineCounter int

func (l *lineCounter) Write(p []byte) (int, error) {
	*l += lineCounter(bytes.Count(p, []byte{'\n'}))
	return len(p), nil
}

// BenchmarkProduceHTTPParallel is the batched produce of 1000 records from
// GOMAXPROCS concurrent clients: the mock's throughput on the machine.
func BenchmarkProduceHTTPParallel(b *testing.B) {
	const n = 1000
	srv := mockproxy.NewServer(b, mockproxy.WithTopic("bench", 4))
	body := produceBody(n)
	c := srv.Client()
	post(b, c, srv.URL()+"/topics/bench", body)
	b.ResetTimer()
	b.RunParallel(func(pb *testing.PB) {
		for pb.Next() {
			post(b, c, srv.URL()+"/topics/bench", body)
		}
	})
	b.ReportMetric(float64(n*b.N)/b.Elapsed().Seconds(), "records/s")
}

// interleave runs first and then second once per iteration of b (after
// prepare, untimed, when it is not nil) and returns the time each took in
// all; the timer is stopped when it returns.
func interleave(b *testing.B, prepare, first, second func()) (firstDur, secondDur time.Duration) {
	b.ResetTimer()
	for range b.N {
		if prepare != nil {
			b.StopTimer()
			prepare()
			b.StartTimer()
		}
		t0 := time.Now()
		first()
		t1 := time.Now()
		second()
		firstDur += t1.Sub(t0)
		secondDur += time.Since(t1)
	}
	b.StopTimer()
	return firstDur, secondDur
}
