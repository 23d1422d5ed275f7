package mockproxy_test

import (
	"io"
	"net/http"
	"strings"
	"sync"
	"testing"
	"testing/synctest"

	"github.com/kafkarestmock/kafkarestmock/mockproxy"
)

func TestNewServerListensAndCloses(t *testing.T) {
	t.Parallel()
	srv := mockproxy.NewServer(t, mockproxy.WithTopic("t", 2))
	if !strings.HasPrefix(srv.URL(), "http://127.0.0.1:") {
		t.Fatalf("URL = %q, want http://127.0.0.1:<port>", srv.URL())
	}
	got := do(t, srv, "GET", "/topics", "")
	if got.status != 200 || string(got.body) != `["t"]` {
		t.Fatalf("GET /topics = %d %s", got.status, got.body)
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
