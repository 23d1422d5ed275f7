package mockproxy_test

import (
	"bytes"
	"encoding/base64"
	"io"
	"net/http"
	"net/http/httptest"
	"strconv"
	"strings"
	"testing"
	"time"

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

// BenchmarkProduceHTTP produces batches of 1, 100 and 1000 records of
// 100 B through Client(), interleaved request by request with the same
// request to the floor server, and reports the mock's time per request
// as a ratio of the floor's (x_floor) besides records/s.
func BenchmarkProduceHTTP(b *testing.B) {
	for _, n := range []int{1, 100, 1000} {
		b.Run("records="+strconv.Itoa(n), func(b *testing.B) {
			srv := mockproxy.NewServer(b, mockproxy.WithTopic("bench", 1),
				mockproxy.WithLogOptions())
			floor := newFloor(b, n)
			body := produceBody(n)
			c := srv.Client()
			fc := floor.Client()
			// warm both connections
			post(b, c, srv.URL()+"/topics/bench", body)
			post(b, fc, floor.URL+"/topics/bench", body)
			var mockDur, floorDur time.Duration
			b.ReportAllocs()
			b.ResetTimer()
			for range b.N {
				t0 := time.Now()
				post(b, fc, floor.URL+"/topics/bench", body)
				t1 := time.Now()
				post(b, c, srv.URL()+"/topics/bench", body)
				t2 := time.Now()
				floorDur += t1.Sub(t0)
				mockDur += t2.Sub(t1)
			}
			b.StopTimer()
			b.ReportMetric(float64(mockDur.Nanoseconds())/float64(b.N), "mock-ns/req")
			b.ReportMetric(float64(floorDur.Nanoseconds())/float64(b.N), "floor-ns/req")
			b.ReportMetric(float64(mockDur)/float64(floorDur), "x_floor")
			b.ReportMetric(float64(n*b.N)/mockDur.Seconds(), "records/s")
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
			body := produceV3Body(n)
			c := srv.Client()
			url := srv.URL() + "/v3/clusters/c/topics/bench/records"
			send := func() {
				req, err := http.NewRequest("POST", url, bytes.NewReader(body))
				if err != nil {
					b.Fatal(err)
				}
				req.Header.Set("Content-Type", "application/json")
				resp, err := c.Do(req)
				if err != nil {
					b.Fatal(err)
				}
				got, _ := io.ReadAll(resp.Body)
				resp.Body.Close()
				if resp.StatusCode != 200 || bytes.Count(got, []byte("\r\n")) != n {
					b.Fatalf("status %d, body %.200s", resp.StatusCode, got)
				}
			}
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
