package mockproxy_test

import (
	"io"
	"net"
	"net/http"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/kafkarestmock/kafkarestmock/fakelog"
	"github.com/kafkarestmock/kafkarestmock/internal/resttest"
	"github.com/kafkarestmock/kafkarestmock/mockproxy"
)

// timerSignal is the real clock that reports every timer it creates: a
// records read creates exactly one when it parks.
type timerSignal struct {
	fakelog.Clock
	created chan time.Duration
}

func (c timerSignal) NewTimer(d time.Duration) fakelog.Timer {
	t := c.Clock.NewTimer(d)
	c.created <- d
	return t
}

// TestCloseWakesParkedReads parks three records reads that could wait 30
// seconds and closes the server: Close returns at once and every read
// gets its (empty) answer.
func TestCloseWakesParkedReads(t *testing.T) {
	t.Parallel()
	clock := timerSignal{Clock: fakelog.RealClock(), created: make(chan time.Duration, 16)}
	srv := mockproxy.NewServer(t, mockproxy.WithClock(clock), mockproxy.WithTopic("t", 1),
		mockproxy.WithConsumerRequestTimeout(30*time.Second))
	client := srv.Client()
	const parked = 3
	for i := range parked {
		name := "c" + itoa(i)
		resttest.Must(t, srv, 200, "POST", "/consumers/g", `{"name":"`+name+`","consumer.request.timeout.ms":30000,"fetch.min.bytes":1}`)
		resttest.Must(t, srv, 204, "POST", "/consumers/g/instances/"+name+"/assignments", `{"partitions":[{"topic":"t","partition":0}]}`)
	}

	type answer struct {
		status int
		body   string
		err    error
	}
	answers := make(chan answer, parked)
	var wg sync.WaitGroup
	for i := range parked {
		wg.Go(func() {
			req, err := http.NewRequestWithContext(t.Context(), "GET", srv.URL()+"/consumers/g/instances/c"+itoa(i)+"/records", nil)
			if err != nil {
				answers <- answer{err: err}
				return
			}
			req.Header.Set("Accept", ctV2B)
			resp, err := client.Do(req)
			if err != nil {
				answers <- answer{err: err}
				return
			}
			b, err := io.ReadAll(resp.Body)
			resp.Body.Close()
			answers <- answer{resp.StatusCode, string(b), err}
		})
	}
	for range parked {
		select {
		case d := <-clock.created:
			if d <= 29*time.Second || d > 30*time.Second {
				t.Errorf("a read parked for %v, want up to 30s", d)
			}
		case a := <-answers:
			t.Fatalf("a read answered before Close: %+v", a)
		case <-t.Context().Done():
			t.Fatal("the reads never parked")
		}
	}

	start := time.Now()
	if err := srv.Close(); err != nil {
		t.Errorf("Close: %v", err)
	}
	took := time.Since(start)
	t.Logf("Close returned after %v", took)
	if took > 500*time.Millisecond {
		t.Errorf("Close took %v with %d parked reads, want well under a second", took, parked)
	}
	wg.Wait()
	close(answers)
	for a := range answers {
		if a.err != nil || a.status != 200 || a.body != "[]" {
			t.Errorf("parked read answered %d %q, %v; want 200 []", a.status, a.body, a.err)
		}
	}
}

// TestCloseWithUnusedConnection closes a server while a client holds a
// connection on which it has not sent a request yet, as an HTTP client's
// pool does with a connection it dialed but did not need. No request is
// in flight, so Close has nothing to wait for.
func TestCloseWithUnusedConnection(t *testing.T) {
	t.Parallel()
	srv := mockproxy.NewServer(t, mockproxy.WithTopic("t", 1))
	conn, err := net.Dial("tcp", strings.TrimPrefix(srv.URL(), "http://"))
	if err != nil {
		t.Fatal(err)
	}
	defer conn.Close()
	if got := resttest.Do(t, srv, "GET", "/topics", ""); got.Status != 200 {
		t.Fatalf("GET /topics: %d %s", got.Status, got.Body)
	}
	start := time.Now()
	if err := srv.Close(); err != nil {
		t.Errorf("Close: %v", err)
	}
	if took := time.Since(start); took > 500*time.Millisecond {
		t.Errorf("Close took %v with an unused connection open", took)
	}
}
