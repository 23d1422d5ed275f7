package kafkabackend_test

import (
	"bytes"
	"context"
	"encoding/base64"
	"io"
	"net/http"
	"slices"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/twmb/franz-go/pkg/kgo"

	"github.com/kafkarestmock/kafkarestmock/backend"
	"github.com/kafkarestmock/kafkarestmock/kafkabackend"
	"github.com/kafkarestmock/kafkarestmock/mockproxy"
)

// Produce and consume in batches of 1000 records of 100 B, through REST
// on the in-memory log, through REST on kfake, and with kgo straight to
// kfake (the native baseline, DESIGN §8). Run:
//
//	go test -run '^$' -bench Backends -benchtime 2s -count 3 ./kafkabackend

const benchBatch = 1000

var benchValue = bytes.Repeat([]byte("x"), 100)

func benchProduceBody() string {
	v := base64.StdEncoding.EncodeToString(benchValue)
	var sb strings.Builder
	sb.WriteString(`{"records":[`)
	for i := range benchBatch {
		if i > 0 {
			sb.WriteByte(',')
		}
		sb.WriteString(`{"value":"` + v + `"}`)
	}
	sb.WriteString(`]}`)
	return sb.String()
}

func post(b *testing.B, c *http.Client, url, ct, body string) {
	req, _ := http.NewRequest("POST", url, strings.NewReader(body))
	req.Header.Set("Content-Type", ct)
	resp, err := c.Do(req)
	if err != nil {
		b.Fatal(err)
	}
	out, _ := io.ReadAll(resp.Body)
	resp.Body.Close()
	if resp.StatusCode >= 300 || bytes.Contains(out, []byte(`"error_code":5`)) {
		b.Fatalf("POST %s: %d %.200s", url, resp.StatusCode, out)
	}
}

// benchServer starts a server with topic bench (one partition) on the
// named backend.
func benchServer(b *testing.B, name string) *mockproxy.Server {
	if name == "memory" {
		return mockproxy.NewServer(b, mockproxy.WithTopic("bench", 1))
	}
	return mockproxy.NewServer(b, mockproxy.WithBackend(kafkabackend.NewKfakeBackend(b)), mockproxy.WithTopic("bench", 1))
}

func reportRecords(b *testing.B) {
	b.ReportMetric(float64(b.N*benchBatch)/b.Elapsed().Seconds(), "records/s")
}

func BenchmarkBackendsProduce(b *testing.B) {
	body := benchProduceBody()
	for _, name := range []string{"memory", "kfake"} {
		b.Run("rest-"+name, func(b *testing.B) {
			srv := benchServer(b, name)
			c, url := srv.Client(), srv.URL()+"/topics/bench/partitions/0"
			b.SetBytes(benchBatch * 100)
			b.ResetTimer()
			for b.Loop() {
				post(b, c, url, "application/vnd.kafka.binary.v2+json", body)
			}
			reportRecords(b)
		})
	}
	b.Run("kgo-native-kfake", func(b *testing.B) {
		kb := kafkabackend.NewKfakeBackend(b)
		if err := kb.CreateTopic("bench", 1, nil); err != nil {
			b.Fatal(err)
		}
		cl := benchClient(b, kb, kgo.RecordPartitioner(kgo.ManualPartitioner()), kgo.ProducerLinger(0))
		recs := make([]*kgo.Record, benchBatch)
		b.SetBytes(benchBatch * 100)
		b.ResetTimer()
		for b.Loop() {
			for i := range recs {
				recs[i] = &kgo.Record{Topic: "bench", Value: benchValue}
			}
			if err := cl.ProduceSync(context.Background(), recs...).FirstErr(); err != nil {
				b.Fatal(err)
			}
		}
		reportRecords(b)
	})
}

func benchClient(b *testing.B, kb *kafkabackend.Backend, opts ...kgo.Opt) *kgo.Client {
	cl, err := kgo.NewClient(append([]kgo.Opt{kgo.SeedBrokers(kb.Addrs()...)}, opts...)...)
	if err != nil {
		b.Fatal(err)
	}
	b.Cleanup(cl.Close)
	return cl
}

// fillKfake stores n records in bench-0 with a native producer.
func fillKfake(b *testing.B, kb *kafkabackend.Backend, n int) {
	cl := benchClient(b, kb, kgo.RecordPartitioner(kgo.ManualPartitioner()), kgo.ProducerBatchMaxBytes(1<<20))
	for n > 0 {
		m := min(n, 10000)
		recs := make([]*kgo.Record, m)
		for i := range recs {
			recs[i] = &kgo.Record{Topic: "bench", Value: benchValue}
		}
		if err := cl.ProduceSync(context.Background(), recs...).FirstErr(); err != nil {
			b.Fatal(err)
		}
		n -= m
	}
}

func BenchmarkBackendsConsume(b *testing.B) {
	for _, name := range []string{"memory", "kfake"} {
		b.Run("rest-"+name, func(b *testing.B) {
			var kb *kafkabackend.Backend
			var srv *mockproxy.Server
			if name == "memory" {
				srv = mockproxy.NewServer(b, mockproxy.WithTopic("bench", 1))
			} else {
				kb = kafkabackend.NewKfakeBackend(b)
				srv = mockproxy.NewServer(b, mockproxy.WithBackend(kb), mockproxy.WithTopic("bench", 1))
			}
			n := b.N * benchBatch
			if name == "memory" {
				recs := make([]backend.Record, n)
				for i := range recs {
					recs[i] = backend.Record{Value: benchValue}
				}
				if _, err := srv.Log().Append("bench", 0, recs...); err != nil {
					b.Fatal(err)
				}
			} else {
				fillKfake(b, kb, n)
			}
			c := srv.Client()
			// A read answers once more than 99,999 bytes are in, and stops
			// at 100,001: exactly 1000 records of 100 B.
			post(b, c, srv.URL()+"/consumers/g", "application/vnd.kafka.v2+json",
				`{"name":"c","format":"binary","auto.offset.reset":"earliest","fetch.min.bytes":`+strconv.Itoa(benchBatch*100-1)+`}`)
			inst := srv.URL() + "/consumers/g/instances/c"
			post(b, c, inst+"/assignments", "application/vnd.kafka.v2+json", `{"partitions":[{"topic":"bench","partition":0}]}`)
			url := inst + "/records?timeout=10000&max_bytes=" + strconv.Itoa(benchBatch*100+1)
			var buf bytes.Buffer
			b.SetBytes(benchBatch * 100)
			b.ResetTimer()
			for range b.N { // b.N, not b.Loop: the records are stored before the clock starts
				req, _ := http.NewRequest("GET", url, nil)
				req.Header.Set("Accept", "application/vnd.kafka.binary.v2+json")
				resp, err := c.Do(req)
				if err != nil {
					b.Fatal(err)
				}
				buf.Reset()
				_, _ = buf.ReadFrom(resp.Body)
				resp.Body.Close()
				if n := bytes.Count(buf.Bytes(), []byte(`"offset":`)); n != benchBatch {
					b.Fatalf("read %d records: %.200s", n, buf.Bytes())
				}
			}
			reportRecords(b)
		})
	}
	b.Run("kgo-native-kfake", func(b *testing.B) {
		kb := kafkabackend.NewKfakeBackend(b)
		if err := kb.CreateTopic("bench", 1, nil); err != nil {
			b.Fatal(err)
		}
		fillKfake(b, kb, b.N*benchBatch)
		cl := benchClient(b, kb, kgo.ConsumePartitions(map[string]map[int32]kgo.Offset{"bench": {0: kgo.NewOffset().AtStart()}}))
		ctx, cancel := context.WithTimeout(context.Background(), time.Minute)
		defer cancel()
		b.SetBytes(benchBatch * 100)
		b.ResetTimer()
		for range b.N { // b.N, not b.Loop: the records are stored before the clock starts
			got := 0
			for got < benchBatch {
				fs := cl.PollRecords(ctx, benchBatch-got)
				if err := fs.Err0(); err != nil {
					b.Fatal(err)
				}
				got += fs.NumRecords()
			}
		}
		reportRecords(b)
	})
}

// BenchmarkBackendsWakeup parks a read (fetch.min.bytes 1, a manual clock
// that never reaches its timeout) and measures from the start of a
// one-record produce request to the read's answer, on each backend.
func BenchmarkBackendsWakeup(b *testing.B) {
	for _, name := range []string{"memory", "kfake"} {
		b.Run("rest-"+name, func(b *testing.B) {
			clock := backend.NewManualClock(time.Unix(0, 0))
			opts := []mockproxy.Option{mockproxy.WithTopic("bench", 1), mockproxy.WithClock(clock)}
			if name == "kfake" {
				opts = append(opts, mockproxy.WithBackend(kafkabackend.NewKfakeBackend(b)))
			}
			srv := mockproxy.NewServer(b, opts...)
			c := srv.Client()
			post(b, c, srv.URL()+"/consumers/g", "application/vnd.kafka.v2+json",
				`{"name":"c","format":"binary","fetch.min.bytes":1,"consumer.request.timeout.ms":60000,"auto.offset.reset":"earliest"}`)
			inst := srv.URL() + "/consumers/g/instances/c"
			post(b, c, inst+"/assignments", "application/vnd.kafka.v2+json", `{"partitions":[{"topic":"bench","partition":0}]}`)
			produce := `{"records":[{"value":"` + base64.StdEncoding.EncodeToString(benchValue) + `"}]}`
			read := func() {
				req, _ := http.NewRequest("GET", inst+"/records", nil)
				req.Header.Set("Accept", "application/vnd.kafka.binary.v2+json")
				resp, err := c.Do(req)
				if err != nil {
					b.Error(err)
					return
				}
				body, _ := io.ReadAll(resp.Body)
				resp.Body.Close()
				if resp.StatusCode != 200 || !bytes.Contains(body, []byte(`"offset"`)) {
					b.Errorf("read = %d %s", resp.StatusCode, body)
				}
			}
			ctx := context.Background()
			var wake []time.Duration
			b.ResetTimer()
			for range b.N {
				waiters := clock.Waiters()
				done := make(chan time.Time, 1)
				go func() { read(); done <- time.Now() }()
				if err := clock.BlockUntil(ctx, waiters+1); err != nil {
					b.Fatal(err)
				}
				t0 := time.Now()
				post(b, c, srv.URL()+"/topics/bench/partitions/0", "application/vnd.kafka.binary.v2+json", produce)
				wake = append(wake, (<-done).Sub(t0))
			}
			b.StopTimer()
			slices.Sort(wake)
			b.ReportMetric(float64(wake[len(wake)/2].Microseconds()), "wake-p50-µs")
			b.ReportMetric(float64(wake[(len(wake)-1)*99/100].Microseconds()), "wake-p99-µs")
		})
	}
}
