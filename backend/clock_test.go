package backend_test

import (
	"context"
	"errors"
	"testing"
	"testing/synctest"
	"time"

	"github.com/google/go-cmp/cmp"

	"github.com/kafkarestmock/kafkarestmock/backend"
)

// epoch is the start time of every test's manual clock.
func epoch() time.Time { return time.Date(2024, 1, 2, 3, 4, 5, 0, time.UTC) }

// fired returns the value a timer delivered, if any, without waiting.
func fired(tm backend.Timer) (time.Time, bool) {
	select {
	case v := <-tm.C():
		return v, true
	default:
		return time.Time{}, false
	}
}

func TestManualClockAdvanceFiresDueTimers(t *testing.T) {
	t.Parallel()
	clk := backend.NewManualClock(epoch())
	names := []string{"3s", "1s", "2s", "1s again"}
	timers := []backend.Timer{
		clk.NewTimer(3 * time.Second),
		clk.NewTimer(time.Second),
		clk.NewTimer(2 * time.Second),
		clk.NewTimer(time.Second),
	}
	if n := clk.Waiters(); n != 4 {
		t.Fatalf("Waiters = %d, want 4", n)
	}
	steps := []struct {
		advance time.Duration
		want    []string
		waiters int
	}{
		{advance: 999 * time.Millisecond, want: nil, waiters: 4},
		{advance: time.Millisecond, want: []string{"1s", "1s again"}, waiters: 2},
		{advance: 0, want: nil, waiters: 2},
		{advance: -time.Hour, want: nil, waiters: 2},
		{advance: 5 * time.Second, want: []string{"3s", "2s"}, waiters: 0},
	}
	deadline := map[string]time.Time{
		"1s": epoch().Add(time.Second), "1s again": epoch().Add(time.Second),
		"2s": epoch().Add(2 * time.Second), "3s": epoch().Add(3 * time.Second),
	}
	now := epoch()
	for _, st := range steps {
		clk.Advance(st.advance)
		now = now.Add(max(st.advance, 0))
		if !clk.Now().Equal(now) {
			t.Errorf("Now = %v, want %v", clk.Now(), now)
		}
		var got []string
		for i, tm := range timers {
			if v, ok := fired(tm); ok {
				got = append(got, names[i])
				if !v.Equal(deadline[names[i]]) {
					t.Errorf("timer %s delivered %v, want its deadline %v", names[i], v, deadline[names[i]])
				}
			}
		}
		if diff := cmp.Diff(st.want, got); diff != "" {
			t.Errorf("after Advance(%v), fired (-want +got):\n%s", st.advance, diff)
		}
		if n := clk.Waiters(); n != st.waiters {
			t.Errorf("after Advance(%v), Waiters = %d, want %d", st.advance, n, st.waiters)
		}
	}
}

func TestManualClockStop(t *testing.T) {
	t.Parallel()
	clk := backend.NewManualClock(epoch())
	a := clk.NewTimer(time.Second)
	b := clk.NewTimer(time.Second)
	if !a.Stop() {
		t.Error("Stop of a pending timer = false")
	}
	if a.Stop() {
		t.Error("second Stop = true")
	}
	if n := clk.Waiters(); n != 1 {
		t.Errorf("Waiters = %d after Stop, want 1", n)
	}
	clk.Advance(time.Second)
	if _, ok := fired(a); ok {
		t.Error("stopped timer fired")
	}
	if _, ok := fired(b); !ok {
		t.Error("timer did not fire")
	}
	if b.Stop() {
		t.Error("Stop of a fired timer = true")
	}
}

func TestManualClockNonPositiveTimerFiresAtOnce(t *testing.T) {
	t.Parallel()
	clk := backend.NewManualClock(epoch())
	for _, d := range []time.Duration{0, -time.Second} {
		tm := clk.NewTimer(d)
		if v, ok := fired(tm); !ok || !v.Equal(epoch()) {
			t.Errorf("NewTimer(%v): fired=%v value=%v, want fired at %v", d, ok, v, epoch())
		}
		if tm.Stop() {
			t.Errorf("NewTimer(%v).Stop() = true", d)
		}
	}
	if n := clk.Waiters(); n != 0 {
		t.Errorf("Waiters = %d, want 0", n)
	}
}

func TestManualClockSet(t *testing.T) {
	t.Parallel()
	clk := backend.NewManualClock(epoch())
	tm := clk.NewTimer(time.Minute)
	clk.Set(epoch().Add(-time.Hour)) // earlier: ignored
	if !clk.Now().Equal(epoch()) {
		t.Errorf("Now = %v after Set to an earlier time", clk.Now())
	}
	clk.Set(epoch().Add(30 * time.Second))
	if _, ok := fired(tm); ok {
		t.Error("timer fired early")
	}
	clk.Set(epoch().Add(time.Hour))
	if _, ok := fired(tm); !ok {
		t.Error("timer did not fire after Set past its deadline")
	}
	if want := epoch().Add(time.Hour); !clk.Now().Equal(want) {
		t.Errorf("Now = %v, want %v", clk.Now(), want)
	}
}

func TestManualClockBlockUntil(t *testing.T) {
	t.Parallel()
	clk := backend.NewManualClock(epoch())
	if err := clk.BlockUntil(t.Context(), 0); err != nil {
		t.Fatalf("BlockUntil(0) = %v", err)
	}
	// A canceled context ends the wait.
	ctx, cancel := context.WithCancel(t.Context())
	cancel()
	if err := clk.BlockUntil(ctx, 1); !errors.Is(err, context.Canceled) {
		t.Fatalf("BlockUntil with canceled context = %v", err)
	}

	release := make(chan struct{})
	go func() {
		<-release
		clk.NewTimer(time.Second)
		clk.NewTimer(0) // fires at once: not a waiter
		clk.NewTimer(time.Second)
	}()
	done := make(chan error, 1)
	go func() { done <- clk.BlockUntil(t.Context(), 2) }()
	close(release)
	if err := <-done; err != nil {
		t.Fatalf("BlockUntil(2) = %v", err)
	}
	if n := clk.Waiters(); n != 2 {
		t.Errorf("Waiters = %d, want 2", n)
	}
}

func TestBlockUntilDoesNotPoll(t *testing.T) {
	t.Parallel()
	synctest.Test(t, func(t *testing.T) {
		clk := backend.NewManualClock(epoch())
		done := make(chan error, 1)
		go func() { done <- clk.BlockUntil(t.Context(), 1) }()
		synctest.Wait() // returns only if BlockUntil is durably blocked
		select {
		case err := <-done:
			t.Fatalf("BlockUntil returned %v with no timers", err)
		default:
		}
		tm := clk.NewTimer(time.Second)
		if err := <-done; err != nil {
			t.Fatal(err)
		}
		tm.Stop()
	})
}

func TestRealClock(t *testing.T) {
	t.Parallel()
	synctest.Test(t, func(t *testing.T) {
		clk := backend.RealClock()
		start := clk.Now()
		tm := clk.NewTimer(time.Minute)
		v := <-tm.C()
		if got := v.Sub(start); got != time.Minute {
			t.Errorf("timer fired after %v, want 1m", got)
		}
		stopped := clk.NewTimer(time.Minute)
		if !stopped.Stop() {
			t.Error("Stop of a pending real timer = false")
		}
	})
}
