package scenario_test

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"sync"
	"testing"
	"testing/synctest"
	"time"

	"github.com/google/go-cmp/cmp"

	"github.com/kafkarestmock/kafkarestmock/scenario"
)

// Requests used throughout: a v2 produce to orders and to another topic.
var (
	produceOrders = scenario.Request{Method: "POST", Route: "/topics/{topic}", API: "v2", Topic: "orders"}
	produceOther  = scenario.Request{Method: "POST", Route: "/topics/{topic}", API: "v2", Topic: "other"}
)

// mustAdd adds f to s and fails the test on error.
func mustAdd(tb testing.TB, s *scenario.Set, f scenario.Fault) *scenario.Handle {
	tb.Helper()
	h, err := s.Add(f)
	if err != nil {
		tb.Fatalf("Add(%+v): %v", f, err)
	}
	return h
}

// decideAll calls s.Decide for each request and returns the ID that fired
// for each, "" where none did.
func decideAll(s *scenario.Set, reqs []scenario.Request) []string {
	got := make([]string, len(reqs))
	for i, r := range reqs {
		if f, ok := s.Decide(r); ok {
			got[i] = f.ID
		}
	}
	return got
}

func repeat(r scenario.Request, n int) []scenario.Request {
	out := make([]scenario.Request, n)
	for i := range out {
		out[i] = r
	}
	return out
}

// counts is the part of a RuleInfo the counting tests look at.
type counts struct {
	ID            string
	Matched, Hits int
}

func TestSetDecideCounting(t *testing.T) {
	t.Parallel()
	orders := scenario.Match{Topic: "orders"}
	tests := []struct {
		name   string
		reason string
		faults []scenario.Fault
		reqs   []scenario.Request
		want   []string // ID fired per request, "" for none
		left   []counts // rules still installed afterwards
	}{
		{
			name:   "always",
			faults: []scenario.Fault{{Match: orders, KafkaError: "REQUEST_TIMED_OUT"}},
			reqs:   repeat(produceOrders, 3),
			want:   []string{"1", "1", "1"},
			left:   []counts{{"1", 3, 3}},
		},
		{
			name:   "after skips the first matching requests",
			faults: []scenario.Fault{{Match: orders, KafkaError: "REQUEST_TIMED_OUT", After: 2}},
			reqs:   repeat(produceOrders, 5),
			want:   []string{"", "", "1", "1", "1"},
			left:   []counts{{"1", 5, 3}},
		},
		{
			name:   "times retires the rule",
			faults: []scenario.Fault{{Match: orders, KafkaError: "REQUEST_TIMED_OUT", Times: 2}},
			reqs:   repeat(produceOrders, 4),
			want:   []string{"1", "1", "", ""},
			left:   []counts{},
		},
		{
			name:   "after then times",
			faults: []scenario.Fault{{Match: orders, KafkaError: "REQUEST_TIMED_OUT", After: 1, Times: 2}},
			reqs:   repeat(produceOrders, 5),
			want:   []string{"", "1", "1", "", ""},
			left:   []counts{},
		},
		{
			name:   "empty_polls sets times",
			faults: []scenario.Fault{{Match: orders, EmptyPolls: 2}},
			reqs:   repeat(produceOrders, 3),
			want:   []string{"1", "1", ""},
			left:   []counts{},
		},
		{
			name:   "explicit times beats empty_polls",
			faults: []scenario.Fault{{Match: orders, EmptyPolls: 2, Times: 3}},
			reqs:   repeat(produceOrders, 4),
			want:   []string{"1", "1", "1", ""},
			left:   []counts{},
		},
		{
			name:   "other requests do not count",
			faults: []scenario.Fault{{Match: orders, KafkaError: "REQUEST_TIMED_OUT", After: 1}},
			reqs:   []scenario.Request{produceOther, produceOrders, produceOther, produceOrders},
			want:   []string{"", "", "", "1"},
			left:   []counts{{"1", 2, 1}},
		},
		{
			name:   "first rule wins",
			faults: []scenario.Fault{{Match: orders, KafkaError: "REQUEST_TIMED_OUT", Times: 1}, {Match: orders, DelayMS: 10}},
			reqs:   repeat(produceOrders, 3),
			want:   []string{"1", "2", "2"},
			left:   []counts{{"2", 3, 2}},
		},
		{
			name:   "later rules count the request the winner took",
			reason: "rule 2 matched the three requests rule 1 won, so its after is used up",
			faults: []scenario.Fault{{Match: orders, KafkaError: "REQUEST_TIMED_OUT", Times: 3}, {Match: orders, DelayMS: 10, After: 3}},
			reqs:   repeat(produceOrders, 5),
			want:   []string{"1", "1", "1", "2", "2"},
			left:   []counts{{"2", 5, 2}},
		},
		{
			name:   "rule skipping by after lets a later rule fire",
			faults: []scenario.Fault{{Match: orders, KafkaError: "REQUEST_TIMED_OUT", After: 2}, {Match: scenario.Match{}, DelayMS: 10}},
			reqs:   repeat(produceOrders, 3),
			want:   []string{"2", "2", "1"},
			left:   []counts{{"1", 3, 1}, {"2", 3, 2}},
		},
		{
			name:   "retired rules are removed and stop counting",
			faults: []scenario.Fault{{Match: orders, KafkaError: "REQUEST_TIMED_OUT", Times: 1}, {Match: orders, DelayMS: 10, After: 1, Times: 1}, {Match: orders, DropConnection: true, After: 2}},
			reqs:   repeat(produceOrders, 4),
			want:   []string{"1", "2", "3", "3"},
			left:   []counts{{"3", 4, 2}},
		},
		{
			name:   "partition",
			faults: []scenario.Fault{{Match: scenario.Match{Topic: "orders", Partition: ptr[int32](1)}, KafkaError: "NOT_LEADER_OR_FOLLOWER"}},
			reqs: []scenario.Request{
				{Method: "POST", Topic: "orders", Partition: 0, HasPartition: true},
				{Method: "POST", Topic: "orders", Partition: 1, HasPartition: true},
				{Method: "POST", Topic: "orders", Partition: 1},
			},
			want: []string{"", "1", ""},
			left: []counts{{"1", 1, 1}},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			s := scenario.NewSet()
			for _, f := range tt.faults {
				mustAdd(t, s, f)
			}
			got := decideAll(s, tt.reqs)
			if diff := cmp.Diff(tt.want, got); diff != "" {
				t.Errorf("rule fired per request mismatch (-want +got):\n%s\n%s", diff, tt.reason)
			}
			left := []counts{}
			for _, ri := range s.List() {
				left = append(left, counts{ri.ID, ri.Matched, ri.Hits})
			}
			if diff := cmp.Diff(tt.left, left); diff != "" {
				t.Errorf("rules left mismatch (-want +got):\n%s\n%s", diff, tt.reason)
			}
		})
	}
}

func TestSetDecideFiring(t *testing.T) {
	t.Parallel()
	s := scenario.NewSet()
	f := scenario.Fault{
		Name:       "timeouts",
		Match:      scenario.Match{Topic: "orders", Partition: ptr[int32](2)},
		KafkaError: "REQUEST_TIMED_OUT",
		Times:      2,
	}
	h := mustAdd(t, s, f)
	req := produceOrders
	req.Partition, req.HasPartition = 2, true

	got, ok := s.Decide(req)
	if !ok {
		t.Fatal("Decide: no rule fired")
	}
	if diff := cmp.Diff(f, got.Fault); diff != "" {
		t.Errorf("Firing.Fault mismatch (-want +got):\n%s", diff)
	}
	if got.ID != "1" || got.Handle != h {
		t.Errorf("Firing = {ID: %q, Handle: %p}, want {ID: %q, Handle: %p}", got.ID, got.Handle, "1", h)
	}
	if got, want := h.Hits(), 1; got != want {
		t.Errorf("Hits() = %d, want %d", got, want)
	}

	// The firing's fault is a copy.
	*got.Fault.Match.Partition = 7
	if _, ok := s.Decide(req); !ok {
		t.Error("Decide after changing a Firing's fault: no rule fired")
	}
	if got, want := h.Hits(), 2; got != want {
		t.Errorf("Hits() after retiring = %d, want %d", got, want)
	}
	h.Remove() // already retired: nothing to do
	if got, want := h.Hits(), 2; got != want {
		t.Errorf("Hits() after Remove = %d, want %d", got, want)
	}
}

func TestSetAddCopiesAndNormalizes(t *testing.T) {
	t.Parallel()
	s := scenario.NewSet()
	f := scenario.Fault{
		Match:       scenario.Match{Partition: ptr[int32](1)},
		Response:    &scenario.Response{Status: 503, Headers: map[string]string{"Retry-After": "1"}, Body: []byte(`{"a":1}`)},
		Probability: ptr(0.5),
	}
	mustAdd(t, s, f)
	want := []scenario.RuleInfo{{ID: "1", Fault: scenario.Fault{
		Match:       scenario.Match{Partition: ptr[int32](1)},
		Response:    &scenario.Response{Status: 503, Headers: map[string]string{"Retry-After": "1"}, Body: []byte(`{"a":1}`)},
		Probability: ptr(0.5),
	}}}

	// Changing what was added, or what List returned, changes nothing.
	*f.Match.Partition = 9
	f.Response.Headers["Retry-After"] = "9"
	f.Response.Body[2] = 'b'
	*f.Probability = 0.9
	got := s.List()
	got[0].Fault.Response.Headers["X"] = "y"
	*got[0].Fault.Probability = 0.1
	if diff := cmp.Diff(want, s.List()); diff != "" {
		t.Errorf("List() mismatch (-want +got):\n%s", diff)
	}

	h := mustAdd(t, s, scenario.Fault{EmptyPolls: 4})
	if got := s.List()[1]; got.ID != h.ID() || got.Fault.Times != 4 {
		t.Errorf("List()[1] = {ID: %q, Times: %d}, want {ID: %q, Times: 4}", got.ID, got.Fault.Times, h.ID())
	}

	if _, err := s.Add(scenario.Fault{KafkaError: "FOO"}); err == nil || err.Error() != `kafka_error: unknown Kafka error "FOO"` {
		t.Errorf("Add(invalid) error = %v, want the Validate error", err)
	}
	if got, want := len(s.List()), 2; got != want {
		t.Errorf("after a failed Add: %d rules, want %d", got, want)
	}
}

func TestSetRemoveClearIDs(t *testing.T) {
	t.Parallel()
	s := scenario.NewSet()
	f := scenario.Fault{KafkaError: "REQUEST_TIMED_OUT"}
	h1, h2, h3 := mustAdd(t, s, f), mustAdd(t, s, f), mustAdd(t, s, f)
	if got := []string{h1.ID(), h2.ID(), h3.ID()}; !cmp.Equal(got, []string{"1", "2", "3"}) {
		t.Fatalf("IDs = %q, want 1, 2, 3", got)
	}
	ids := func() []string {
		var out []string
		for _, ri := range s.List() {
			out = append(out, ri.ID)
		}
		return out
	}

	if !s.Remove("2") {
		t.Error(`Remove("2") = false, want true`)
	}
	if s.Remove("2") {
		t.Error(`second Remove("2") = true, want false`)
	}
	if s.Remove("nope") {
		t.Error(`Remove("nope") = true, want false`)
	}
	h2.Remove() // idempotent
	if diff := cmp.Diff([]string{"1", "3"}, ids()); diff != "" {
		t.Errorf("IDs after Remove mismatch (-want +got):\n%s", diff)
	}

	if _, ok := s.Decide(produceOrders); !ok {
		t.Fatal("Decide: no rule fired")
	}
	h1.Remove()
	h1.Remove()
	if got, want := h1.Hits(), 1; got != want {
		t.Errorf("removed handle Hits() = %d, want %d", got, want)
	}
	if diff := cmp.Diff([]string{"3"}, ids()); diff != "" {
		t.Errorf("IDs after Handle.Remove mismatch (-want +got):\n%s", diff)
	}

	s.Clear()
	if got := s.List(); len(got) != 0 {
		t.Errorf("List() after Clear = %v, want none", got)
	}
	if _, ok := s.Decide(produceOrders); ok {
		t.Error("Decide after Clear fired")
	}
	h3.Remove() // after Clear: nothing to do
	if got, want := mustAdd(t, s, f).ID(), "4"; got != want {
		t.Errorf("ID after Clear = %q, want %q (IDs are never reused)", got, want)
	}
}

// firings returns, for n requests to orders, whether the only rule of a
// new Set holding f fired.
func firings(tb testing.TB, f scenario.Fault, n int) string {
	tb.Helper()
	s := scenario.NewSet()
	mustAdd(tb, s, f)
	var b strings.Builder
	for range n {
		if _, ok := s.Decide(produceOrders); ok {
			b.WriteByte('x')
		} else {
			b.WriteByte('.')
		}
	}
	return b.String()
}

func TestSetDecideProbability(t *testing.T) {
	t.Parallel()
	const n = 1000
	half := func(seed int64) scenario.Fault {
		return scenario.Fault{KafkaError: "REQUEST_TIMED_OUT", Probability: ptr(0.5), Seed: seed}
	}

	for _, seed := range []int64{0, 1, 42, -7} {
		a, b := firings(t, half(seed), n), firings(t, half(seed), n)
		if a != b {
			t.Errorf("seed %d: two Sets fired differently:\n%s\n%s", seed, a, b)
		}
		if hits := strings.Count(a, "x"); hits < 400 || hits > 600 {
			t.Errorf("seed %d: %d firings in %d requests at probability 0.5, want about %d", seed, hits, n, n/2)
		}
	}
	if a, b := firings(t, half(1), n), firings(t, half(2), n); a == b {
		t.Errorf("seeds 1 and 2 fired identically: %s", a)
	}

	// After and Times apply around the draws: the first two requests are
	// skipped without drawing, then the rule fires as the same seed does
	// from the start, until it retires at its tenth firing.
	f := half(3)
	f.After, f.Times = 2, 10
	var want strings.Builder
	want.WriteString("..")
	fired := 0
	for _, c := range firings(t, half(3), n-2) {
		if c == 'x' && fired < 10 {
			fired++
			want.WriteByte('x')
		} else {
			want.WriteByte('.')
		}
	}
	if got := firings(t, f, n); got != want.String() {
		t.Errorf("after 2, times 10: fired\n%s\nwant\n%s", got, want.String())
	}
}

func TestSetDecideProbabilityIndependentOfEarlierRules(t *testing.T) {
	t.Parallel()
	const n = 200
	late := scenario.Fault{Match: scenario.Match{Topic: "orders"}, DelayMS: 5, Probability: ptr(0.3), Seed: 11}

	alone := scenario.NewSet()
	mustAdd(t, alone, late)
	withEarly := scenario.NewSet()
	mustAdd(t, withEarly, scenario.Fault{Match: scenario.Match{Topic: "orders"}, KafkaError: "REQUEST_TIMED_OUT", Probability: ptr(0.5), Seed: 5, Times: 20})
	mustAdd(t, withEarly, late)

	a, b := decideAll(alone, repeat(produceOrders, n)), decideAll(withEarly, repeat(produceOrders, n))
	for i := range n {
		// Where the early rule did not fire, the late rule (ID 1 alone, 2
		// behind the early one) fires exactly when it fires alone.
		if b[i] == "1" {
			continue
		}
		if (a[i] == "1") != (b[i] == "2") {
			t.Fatalf("request %d: late rule alone fired=%v, behind another rule fired=%v", i+1, a[i] == "1", b[i] == "2")
		}
	}
}

func TestHandleWait(t *testing.T) {
	t.Parallel()
	t.Run("returns when hits arrive", func(t *testing.T) {
		t.Parallel()
		synctest.Test(t, func(t *testing.T) {
			s := scenario.NewSet()
			h := mustAdd(t, s, scenario.Fault{KafkaError: "REQUEST_TIMED_OUT"})
			done := make(chan error, 1)
			go func() { done <- h.Wait(t.Context(), 2) }()

			synctest.Wait()
			select {
			case err := <-done:
				t.Fatalf("Wait returned %v before any hit", err)
			default:
			}
			go s.Decide(produceOrders)
			synctest.Wait()
			select {
			case err := <-done:
				t.Fatalf("Wait(2) returned %v after one hit", err)
			default:
			}
			go s.Decide(produceOrders)
			if err := <-done; err != nil {
				t.Errorf("Wait = %v, want nil", err)
			}
		})
	})

	t.Run("many waiters", func(t *testing.T) {
		t.Parallel()
		synctest.Test(t, func(t *testing.T) {
			s := scenario.NewSet()
			h := mustAdd(t, s, scenario.Fault{KafkaError: "REQUEST_TIMED_OUT"})
			var wg sync.WaitGroup
			for n := 1; n <= 5; n++ {
				wg.Go(func() {
					if err := h.Wait(t.Context(), n); err != nil {
						t.Errorf("Wait(%d) = %v", n, err)
					}
					if got := h.Hits(); got < n {
						t.Errorf("Wait(%d) returned at %d hits", n, got)
					}
				})
			}
			synctest.Wait()
			for range 5 {
				s.Decide(produceOrders)
			}
			wg.Wait()
		})
	})

	t.Run("cancel", func(t *testing.T) {
		t.Parallel()
		synctest.Test(t, func(t *testing.T) {
			s := scenario.NewSet()
			h := mustAdd(t, s, scenario.Fault{KafkaError: "REQUEST_TIMED_OUT"})
			ctx, cancel := context.WithCancel(t.Context())
			done := make(chan error, 1)
			go func() { done <- h.Wait(ctx, 1) }()
			synctest.Wait()
			cancel()
			if err := <-done; !errors.Is(err, context.Canceled) {
				t.Errorf("Wait = %v, want %v", err, context.Canceled)
			}
		})
	})

	t.Run("deadline", func(t *testing.T) {
		t.Parallel()
		synctest.Test(t, func(t *testing.T) {
			s := scenario.NewSet()
			h := mustAdd(t, s, scenario.Fault{KafkaError: "REQUEST_TIMED_OUT", Times: 1})
			s.Decide(produceOrders) // retires the rule: it cannot reach 2
			ctx, cancel := context.WithTimeout(t.Context(), time.Minute)
			defer cancel()
			start := time.Now()
			if err := h.Wait(ctx, 2); !errors.Is(err, context.DeadlineExceeded) {
				t.Errorf("Wait = %v, want %v", err, context.DeadlineExceeded)
			}
			if got := time.Since(start); got != time.Minute {
				t.Errorf("Wait returned after %v, want %v", got, time.Minute)
			}
		})
	})

	t.Run("already reached", func(t *testing.T) {
		t.Parallel()
		s := scenario.NewSet()
		h := mustAdd(t, s, scenario.Fault{KafkaError: "REQUEST_TIMED_OUT"})
		s.Decide(produceOrders)
		ctx, cancel := context.WithCancel(t.Context())
		cancel()
		for _, n := range []int{-1, 0, 1} {
			if err := h.Wait(ctx, n); err != nil {
				t.Errorf("Wait(done ctx, %d) at 1 hit = %v, want nil", n, err)
			}
		}
		if err := h.Wait(ctx, 2); !errors.Is(err, context.Canceled) {
			t.Errorf("Wait(done ctx, 2) at 1 hit = %v, want %v", err, context.Canceled)
		}
	})
}

func TestSetConcurrent(t *testing.T) {
	t.Parallel()
	const (
		times     = 500
		deciders  = 16
		perDecide = 100 // deciders*perDecide > times
	)
	s := scenario.NewSet()
	h := mustAdd(t, s, scenario.Fault{Match: scenario.Match{Topic: "orders"}, KafkaError: "NOT_LEADER_OR_FOLLOWER", Times: times})

	var (
		wg       sync.WaitGroup
		mu       sync.Mutex // guards hitsByID
		hitsByID = map[string]int{}
		stop     = make(chan struct{})
	)
	// Rules come and go behind the counted one; some match orders too.
	wg.Go(func() {
		for i := 0; ; i++ {
			select {
			case <-stop:
				return
			default:
			}
			topic := "orders"
			if i%2 == 1 {
				topic = fmt.Sprintf("t%d", i)
			}
			h2, err := s.Add(scenario.Fault{Match: scenario.Match{Topic: topic}, DelayMS: 1, Probability: ptr(0.5), Seed: int64(i)})
			if err != nil {
				t.Error(err)
				return
			}
			if i%3 == 0 {
				s.Remove(h2.ID())
			} else {
				h2.Remove()
			}
			_ = s.List()
		}
	})
	// A waiter sees the counted rule through to the end.
	wg.Go(func() {
		if err := h.Wait(t.Context(), times); err != nil {
			t.Errorf("Wait(%d) = %v", times, err)
		}
	})
	var deciding sync.WaitGroup
	for g := range deciders {
		deciding.Go(func() {
			local := map[string]int{}
			for i := range perDecide {
				req := produceOrders
				req.Partition, req.HasPartition = int32(i%3), true
				if g%4 == 0 {
					req.Topic = "other"
				}
				if f, ok := s.Decide(req); ok {
					local[f.ID]++
				}
				_ = h.Hits()
			}
			mu.Lock()
			for id, n := range local {
				hitsByID[id] += n
			}
			mu.Unlock()
		})
	}
	deciding.Wait()
	close(stop)
	wg.Wait()

	if got := hitsByID[h.ID()]; got != times {
		t.Errorf("firings of rule %s = %d, want %d", h.ID(), got, times)
	}
	if got := h.Hits(); got != times {
		t.Errorf("Hits() = %d, want %d", got, times)
	}
	for _, ri := range s.List() {
		if ri.ID == h.ID() {
			t.Errorf("rule %s still installed after %d hits", h.ID(), times)
		}
	}
}
