package mockproxy_test

import (
	"io"
	"net/http"
	"strings"
	"sync"
	"testing"
	"testing/synctest"
	"time"

	"github.com/kafkarestmock/kafkarestmock/fakelog"
	"github.com/kafkarestmock/kafkarestmock/internal/resttest"
	"github.com/kafkarestmock/kafkarestmock/mockproxy"
)

func TestNewServerListensAndCloses(t *testing.T) {
	t.Parallel()
	srv := mockproxy.NewServer(t, mockproxy.WithTopic("t", 2))
	if !strings.HasPrefix(srv.URL(), "http://127.0.0.1:") {
		t.Fatalf("URL = %q, want http://127.0.0.1:<port>", srv.URL())
	}
	got := resttest.Do(t, srv, "GET", "/topics", "")
	if got.Status != 200 || string(got.Body) != `["t"]` {
		t.Fatalf("GET /topics = %d %s", got.Status, got.Body)
	}
	if err := srv.Start("127.0.0.1:0"); err == nil {
		t.Error("second Start succeeded")
	}
	var wg sync.WaitGroup
	for range 4 {
		wg.Go(func() {
			if err := srv.Close(); err != nil {
				t.Errorf("Close: %v", err)
			}
		})
	}
	wg.Wait()
	if _, err := http.Get(srv.URL() + "/topics"); err == nil {
		t.Error("server still answers after Close")
	}
}

func TestNewRejectsBadTopic(t *testing.T) {
	t.Parallel()
	if _, err := mockproxy.New(mockproxy.WithTopic("bad/name", 1)); err == nil {
		t.Error("New accepted an invalid topic name")
	}
	if _, err := mockproxy.New(mockproxy.WithTopic("t", 0)); err == nil {
		t.Error("New accepted a topic with 0 partitions")
	}
}

func TestWithoutListenerInsideSynctest(t *testing.T) {
	t.Parallel()
	synctest.Test(t, func(t *testing.T) {
		srv := mockproxy.NewServer(t, mockproxy.WithoutListener(), mockproxy.WithTopic("t", 1))
		resp, err := srv.Client().Post(srv.URL()+"/topics/t", "application/vnd.kafka.binary.v2+json",
			strings.NewReader(`{"records":[{"value":"aGk="}]}`))
		if err != nil {
			t.Fatal(err)
		}
		b, _ := io.ReadAll(resp.Body)
		resp.Body.Close()
		want := `{"offsets":[{"partition":0,"offset":0,"error_code":null,"error":null}],"key_schema_id":null,"value_schema_id":null}`
		if resp.StatusCode != 200 || string(b) != want {
			t.Fatalf("produce = %d %s, want 200 %s", resp.StatusCode, b, want)
		}
	})
}

func TestHandlerServesWithoutStart(t *testing.T) {
	t.Parallel()
	srv, err := mockproxy.New()
	if err != nil {
		t.Fatal(err)
	}
	defer srv.Close()
	rec := httptestRecorder(srv.Handler(), "GET", "/brokers")
	if rec.Code != 200 || rec.Body.String() != `{"brokers":[1]}` {
		t.Errorf("GET /brokers = %d %s", rec.Code, rec.Body.String())
	}
}

// TestLongPollInsideSynctest runs a default records read (1 s wait) and a
// woken read on the real clock inside a synctest bubble: virtual time
// moves exactly as the proxy's rules say, in no real time.
func TestLongPollInsideSynctest(t *testing.T) {
	t.Parallel()
	synctest.Test(t, func(t *testing.T) {
		srv := mockproxy.NewServer(t, mockproxy.WithoutListener(), mockproxy.WithTopic("t", 1))
		c := srv.Client()
		post := func(path, body string) {
			t.Helper()
			resp, err := c.Post(srv.URL()+path, "application/vnd.kafka.v2+json", strings.NewReader(body))
			if err != nil {
				t.Fatal(err)
			}
			resp.Body.Close()
			if resp.StatusCode >= 300 {
				t.Fatalf("POST %s: %d", path, resp.StatusCode)
			}
		}
		readRecords := func() string {
			t.Helper()
			resp, err := c.Get(srv.URL() + "/consumers/g/instances/c/records")
			if err != nil {
				t.Fatal(err)
			}
			defer resp.Body.Close()
			b, _ := io.ReadAll(resp.Body)
			return string(b)
		}
		post("/consumers/g", `{"name":"c","auto.offset.reset":"earliest"}`)
		post("/consumers/g/instances/c/subscription", `{"topics":["t"]}`)

		start := time.Now()
		if got := readRecords(); got != "[]" {
			t.Errorf("empty read = %s", got)
		}
		if d := time.Since(start); d != time.Second {
			t.Errorf("empty read took %v, want exactly 1s", d)
		}

		post("/consumers/g2", `{"name":"c","fetch.min.bytes":1,"consumer.request.timeout.ms":5000}`)
		post("/consumers/g2/instances/c/assignments", `{"partitions":[{"topic":"t","partition":0}]}`)
		go func() {
			time.Sleep(2 * time.Second) // virtual time
			if _, err := srv.Log().Append("t", 0, fakelog.Record{Value: []byte("hi")}); err != nil {
				t.Error(err)
			}
		}()
		start = time.Now()
		resp, err := c.Get(srv.URL() + "/consumers/g2/instances/c/records")
		if err != nil {
			t.Fatal(err)
		}
		b, _ := io.ReadAll(resp.Body)
		resp.Body.Close()
		if want := `[{"topic":"t","key":null,"value":"aGk=","partition":0,"offset":0}]`; string(b) != want {
			t.Errorf("woken read = %s, want %s", b, want)
		}
		if d := time.Since(start); d != 2*time.Second {
			t.Errorf("woken read took %v, want exactly 2s", d)
		}
	})
}
