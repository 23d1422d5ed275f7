package retry_test

import (
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/kafkarestmock/kafkarestmock/examples/retry"
	"github.com/kafkarestmock/kafkarestmock/mockproxy"
	"github.com/kafkarestmock/kafkarestmock/scenario"
)

// TestProducerRetriesRetriableErrors injects NOT_LEADER_FOR_PARTITION twice:
// the client retries, the third attempt is stored, and the journal shows
// the three attempts.
func TestProducerRetriesRetriableErrors(t *testing.T) {
	t.Parallel()
	srv := mockproxy.NewServer(t, mockproxy.WithTopic("orders", 1))
	h := srv.Inject(scenario.Fault{
		Match:      scenario.Match{Method: "POST", Route: "/topics/{topic}", Topic: "orders"},
		KafkaError: "NOT_LEADER_FOR_PARTITION", // retriable: error_code 50003 inside a 200
		Times:      2,
	})
	p := &retry.Producer{BaseURL: srv.URL(), Client: srv.Client()}
	part, off, err := p.Produce(t.Context(), "orders", []byte("order-1"))
	if err != nil {
		t.Fatalf("Produce: %v", err)
	}
	if part != 0 || off != 0 {
		t.Errorf("stored at %d/%d, want 0/0", part, off)
	}
	if h.Hits() != 2 {
		t.Errorf("fault fired %d times, want 2", h.Hits())
	}
	recs, err := srv.Log().Read("orders", 0, 0, 0)
	if err != nil || len(recs) != 1 || string(recs[0].Value) != "order-1" {
		t.Errorf("log = %v, %v; want exactly one record", recs, err)
	}
	var attempts []string
	for _, e := range srv.Requests() {
		attempts = append(attempts, e.Route+" fault="+e.Fault)
	}
	want := []string{"/topics/{topic} fault=" + h.ID(), "/topics/{topic} fault=" + h.ID(), "/topics/{topic} fault="}
	if diff := cmp.Diff(want, attempts); diff != "" {
		t.Errorf("journal (-want +got):\n%s", diff)
	}
}

// TestProducerGivesUpOnNonRetriable: a non-retriable error is not retried.
func TestProducerGivesUpOnNonRetriable(t *testing.T) {
	t.Parallel()
	srv := mockproxy.NewServer(t, mockproxy.WithTopic("orders", 1))
	srv.Inject(scenario.Fault{Match: scenario.Match{Topic: "orders"}, KafkaError: "MESSAGE_TOO_LARGE"})
	p := &retry.Producer{BaseURL: srv.URL(), Client: srv.Client()}
	if _, _, err := p.Produce(t.Context(), "orders", []byte("big")); err == nil {
		t.Fatal("Produce succeeded")
	}
	if n := len(srv.Requests()); n != 1 {
		t.Errorf("%d attempts, want 1", n)
	}
}
