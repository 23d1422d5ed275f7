package gotest_test

import (
	"fmt"
	"sort"
	"sync"
	"testing"
	"testing/synctest"
	"time"

	"github.com/google/go-cmp/cmp"
	"github.com/kafkarestmock/kafkarestmock/examples/gotest"
	"github.com/kafkarestmock/kafkarestmock/fakelog"
	"github.com/kafkarestmock/kafkarestmock/mockproxy"
	"github.com/kafkarestmock/kafkarestmock/scenario"
)

// handled collects the orders a worker handled.
type handled struct {
	mu  sync.Mutex
	ids []string
}

func (h *handled) add(o gotest.Order) error {
	h.mu.Lock()
	defer h.mu.Unlock()
	h.ids = append(h.ids, o.ID)
	return nil
}

func (h *handled) sorted() []string {
	h.mu.Lock()
	defer h.mu.Unlock()
	out := append([]string(nil), h.ids...)
	sort.Strings(out)
	return out
}

func publish(t *testing.T, srv *mockproxy.Server, ids ...string) {
	t.Helper()
	p := &gotest.Publisher{BaseURL: srv.URL(), Client: srv.Client(), Topic: "orders"}
	for _, id := range ids {
		if err := p.Publish(t.Context(), gotest.Order{ID: id, Amount: 10}); err != nil {
			t.Fatal(err)
		}
	}
}

func TestPublishAndConsume(t *testing.T) {
	t.Parallel()
	srv := mockproxy.NewServer(t, mockproxy.WithTopic("orders", 3))
	publish(t, srv, "o1", "o2", "o3")

	// The records are keyed by order id, stored as JSON.
	recs, err := srv.Records("orders")
	if err != nil {
		t.Fatal(err)
	}
	for _, r := range recs {
		if want := fakelog.PartitionForKey(r.Key, 3); r.Partition != want {
			t.Errorf("key %s in partition %d, want %d", r.Key, r.Partition, want)
		}
	}

	var h handled
	w := &gotest.Worker{BaseURL: srv.URL(), Client: srv.Client(), Group: "billing", Name: "w1", Topic: "orders", Handle: h.add}
	if err := w.Start(t.Context()); err != nil {
		t.Fatal(err)
	}
	if n, err := w.Poll(t.Context()); err != nil || n != 3 {
		t.Fatalf("Poll = %d, %v", n, err)
	}
	if diff := cmp.Diff([]string{"o1", "o2", "o3"}, h.sorted()); diff != "" {
		t.Errorf("handled (-want +got):\n%s", diff)
	}
	var committed int64
	for _, c := range srv.Committed("billing") {
		committed += c.Offset
	}
	if committed != 3 {
		t.Errorf("committed offsets sum to %d, want 3 (one past each handled record)", committed)
	}
	if err := w.Close(t.Context()); err != nil {
		t.Fatal(err)
	}
}

func TestPublishRetriesRetriableErrors(t *testing.T) {
	t.Parallel()
	srv := mockproxy.NewServer(t, mockproxy.WithTopic("orders", 1))
	srv.Inject(scenario.Fault{Match: scenario.Match{Topic: "orders"}, KafkaError: "LEADER_NOT_AVAILABLE", Times: 2})
	publish(t, srv, "o1")
	mockproxy.CheckRequests(t, srv,
		"POST /topics/orders 200 fault=1", "POST /topics/orders 200 fault=1", "POST /topics/orders 200")
	mockproxy.CheckRecords(t, srv, "orders", []fakelog.Record{{Key: []byte(`"o1"`), Value: []byte(`{"id":"o1","amount":10}`)}},
		mockproxy.IgnoreTimestamps())
}

// TestWorkerRecreatesExpiredInstance: after five idle minutes the proxy
// drops the instance; the worker creates it again and resumes after what
// the group committed, handling nothing twice.
func TestWorkerRecreatesExpiredInstance(t *testing.T) {
	t.Parallel()
	clock := fakelog.NewManualClock(time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC))
	srv := mockproxy.NewServer(t, mockproxy.WithTopic("orders", 1), mockproxy.WithClock(clock))
	publish(t, srv, "o1", "o2")
	var h handled
	w := &gotest.Worker{BaseURL: srv.URL(), Client: srv.Client(), Group: "billing", Name: "w1", Topic: "orders", Handle: h.add}
	if err := w.Start(t.Context()); err != nil {
		t.Fatal(err)
	}
	if _, err := w.Poll(t.Context()); err != nil {
		t.Fatal(err)
	}
	clock.Advance(6 * time.Minute) // past consumer.instance.timeout.ms
	publish(t, srv, "o3")
	if n, err := w.Poll(t.Context()); err != nil || n != 1 {
		t.Fatalf("Poll after expiry = %d, %v; want the one new order", n, err)
	}
	if diff := cmp.Diff([]string{"o1", "o2", "o3"}, h.sorted()); diff != "" {
		t.Errorf("handled (-want +got):\n%s", diff)
	}
}

// TestTwoWorkersShareTheTopic: two workers of one group split four
// partitions (range assignment) and every order is handled once.
func TestTwoWorkersShareTheTopic(t *testing.T) {
	t.Parallel()
	srv := mockproxy.NewServer(t, mockproxy.WithTopic("orders", 4))
	var ids []string
	for i := range 20 {
		ids = append(ids, fmt.Sprintf("o%02d", i))
	}
	publish(t, srv, ids[:10]...)
	var h handled
	newWorker := func(name string) *gotest.Worker {
		w := &gotest.Worker{BaseURL: srv.URL(), Client: srv.Client(), Group: "billing", Name: name, Topic: "orders", Handle: h.add}
		if err := w.Start(t.Context()); err != nil {
			t.Fatal(err)
		}
		return w
	}
	a := newWorker("a")
	if _, err := a.Poll(t.Context()); err != nil { // a alone: all four partitions
		t.Fatal(err)
	}
	b := newWorker("b")
	publish(t, srv, ids[10:]...)
	for range 2 { // b joins at its first poll; then both drain
		for _, w := range []*gotest.Worker{b, a} {
			if _, err := w.Poll(t.Context()); err != nil {
				t.Fatal(err)
			}
		}
	}
	var members []string
	for _, ci := range srv.ConsumerInstances() {
		members = append(members, fmt.Sprintf("%s:%d", ci.Name, len(ci.Assignment)))
	}
	if diff := cmp.Diff([]string{"a:2", "b:2"}, members); diff != "" {
		t.Errorf("assignment sizes (-want +got):\n%s", diff)
	}
	if diff := cmp.Diff(ids, h.sorted()); diff != "" {
		t.Errorf("handled (-want +got):\n%s", diff)
	}
}

// TestWorkerWaitsOutTheProxyTimeout runs under testing/synctest with the
// real clock: a poll with nothing to read waits the proxy's full
// consumer.request.timeout.ms (1 s) of virtual time, and a poll woken by
// a publish returns as soon as the request timeout allows.
func TestWorkerWaitsOutTheProxyTimeout(t *testing.T) {
	t.Parallel()
	synctest.Test(t, func(t *testing.T) {
		srv := mockproxy.NewServer(t, mockproxy.WithTopic("orders", 1), mockproxy.WithoutListener())
		var h handled
		w := &gotest.Worker{BaseURL: srv.URL(), Client: srv.Client(), Group: "billing", Name: "w1", Topic: "orders", WaitMS: 1000, Handle: h.add}
		if err := w.Start(t.Context()); err != nil {
			t.Fatal(err)
		}
		start := time.Now()
		if n, err := w.Poll(t.Context()); err != nil || n != 0 {
			t.Fatalf("empty Poll = %d, %v", n, err)
		}
		if d := time.Since(start); d != time.Second {
			t.Errorf("empty poll took %v, want 1s", d)
		}
		publish(t, srv, "o1")
		if n, err := w.Poll(t.Context()); err != nil || n != 1 {
			t.Fatalf("Poll = %d, %v", n, err)
		}
	})
}
