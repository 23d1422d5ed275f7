package mockproxy_test

import (
	"context"
	"io"
	"net/http"
	"testing"
	"time"

	"github.com/kafkarestmock/kafkarestmock/fakelog"
	"github.com/kafkarestmock/kafkarestmock/internal/resttest"
	"github.com/kafkarestmock/kafkarestmock/mockproxy"
)

// TestCloseAnswersLongPoll: Close answers a records read that is waiting
// (on a manual clock that never moves, so it would wait forever) with an
// empty 200, and returns once it has been sent.
func TestCloseAnswersLongPoll(t *testing.T) {
	t.Parallel()
	clock := fakelog.NewManualClock(time.Date(2026, 1, 2, 3, 4, 5, 0, time.UTC))
	srv, err := mockproxy.New(mockproxy.WithClock(clock), mockproxy.WithTopic("t", 1))
	if err != nil {
		t.Fatal(err)
	}
	if err := srv.Start("127.0.0.1:0"); err != nil {
		t.Fatal(err)
	}
	defer srv.Close()
	inst := create(t, srv, "g", `{"name":"c1","format":"binary"}`)
	resttest.Must(t, srv, 204, "POST", inst+"/subscription", `{"topics":["t"]}`)

	ctx, cancel := context.WithTimeout(t.Context(), 10*time.Second)
	defer cancel()
	type answer struct {
		status int
		body   string
		err    error
	}
	done := make(chan answer, 1)
	tr := &http.Transport{}
	defer tr.CloseIdleConnections()
	go func() {
		req, _ := http.NewRequestWithContext(ctx, "GET", srv.URL()+inst+"/records", nil)
		req.Header.Set("Accept", ctV2B)
		resp, err := tr.RoundTrip(req)
		if err != nil {
			done <- answer{err: err}
			return
		}
		defer resp.Body.Close()
		b, err := io.ReadAll(resp.Body)
		done <- answer{resp.StatusCode, string(b), err}
	}()
	if err := clock.BlockUntil(ctx, 1); err != nil { // the read is parked on its timer
		t.Fatalf("the read never waited: %v", err)
	}
	if err := srv.Close(); err != nil {
		t.Errorf("Close: %v", err)
	}
	select {
	case a := <-done:
		if a.err != nil || a.status != 200 || a.body != "[]" {
			t.Errorf("long-poll answered %d %q, %v; want 200 []", a.status, a.body, a.err)
		}
	case <-ctx.Done():
		t.Fatal("the long-poll got no answer after Close")
	}
}
