package fakelog_test

import (
	"context"
	"errors"
	"testing"
	"testing/synctest"
	"time"

	"github.com/kafkarestmock/kafkarestmock/fakelog"
)

// waitAsync runs WaitForData in a goroutine and returns its result channel.
func waitAsync(l *fakelog.Log, ctx context.Context, topic string, p int32, offset int64, timeout time.Duration) <-chan error {
	done := make(chan error, 1)
	go func() { done <- l.WaitForData(ctx, topic, p, offset, timeout) }()
	return done
}

// newRealClockLog returns a log on the real clock, which a synctest
// bubble fakes, holding one empty topic "t" of one partition; it is
// closed when the test ends.
func newRealClockLog(t *testing.T) *fakelog.Log {
	t.Helper()
	l := fakelog.New()
	t.Cleanup(func() { _ = l.Close() })
	mustCreate(t, l, "t", 1, nil)
	return l
}

// waitParked starts waitAsync on partition p of topic "t" from offset 0
// and returns once the wait holds its timer on clk.
func waitParked(t *testing.T, l *fakelog.Log, clk *fakelog.ManualClock, ctx context.Context, p int32, timeout time.Duration) <-chan error {
	t.Helper()
	done := waitAsync(l, ctx, "t", p, 0, timeout)
	if err := clk.BlockUntil(t.Context(), 1); err != nil {
		t.Fatalf("BlockUntil(1): %v", err)
	}
	return done
}

func TestWaitForDataReturnsAtOnceWhenDataIsThere(t *testing.T) {
	t.Parallel()
	l, clk := newLogWithTopic(t, "t", 1)
	mustAppend(t, l, "t", 0, val("a"), val("b"))
	for _, off := range []int64{-5, 0, 1} {
		if err := l.WaitForData(t.Context(), "t", 0, off, time.Hour); err != nil {
			t.Errorf("WaitForData(offset %d) = %v", off, err)
		}
	}
	if n := clk.Waiters(); n != 0 {
		t.Errorf("Waiters = %d after immediate returns, want 0", n)
	}
}

func TestWaitForDataWakesOnAppend(t *testing.T) {
	t.Parallel()
	l, clk := newLogWithTopic(t, "t", 2)
	done := waitParked(t, l, clk, t.Context(), 1, time.Hour)
	// An append elsewhere does not end the wait.
	mustAppend(t, l, "t", 0, val("elsewhere"))
	mustAppend(t, l, "t", 1, val("here"))
	if err := <-done; err != nil {
		t.Fatalf("WaitForData = %v, want nil", err)
	}
	if n := clk.Waiters(); n != 0 {
		t.Errorf("Waiters = %d after the wait ended, want 0 (timer not stopped)", n)
	}
}

func TestWaitForDataWaitsPastOffset(t *testing.T) {
	t.Parallel()
	synctest.Test(t, func(t *testing.T) {
		l := newRealClockLog(t)
		mustAppend(t, l, "t", 0, val("a"))
		done := waitAsync(l, t.Context(), "t", 0, 2, 0)
		synctest.Wait()
		mustAppend(t, l, "t", 0, val("b")) // end 2: not past offset 2 yet
		synctest.Wait()
		select {
		case err := <-done:
			t.Fatalf("WaitForData returned %v before offset 2 existed", err)
		default:
		}
		mustAppend(t, l, "t", 0, val("c"))
		if err := <-done; err != nil {
			t.Fatalf("WaitForData = %v", err)
		}
	})
}

func TestWaitForDataTimeoutManualClock(t *testing.T) {
	t.Parallel()
	l, clk := newLogWithTopic(t, "t", 1)
	done := waitParked(t, l, clk, t.Context(), 0, 5*time.Second)
	clk.Advance(4 * time.Second)
	if n := clk.Waiters(); n != 1 {
		t.Fatalf("Waiters = %d after 4s of a 5s timeout, want 1", n)
	}
	clk.Advance(time.Second)
	if err := <-done; err != nil {
		t.Fatalf("WaitForData after timeout = %v, want nil", err)
	}
}

func TestWaitForDataContextCancel(t *testing.T) {
	t.Parallel()
	l, clk := newLogWithTopic(t, "t", 1)
	ctx, cancel := context.WithCancel(t.Context())
	done := waitParked(t, l, clk, ctx, 0, time.Hour)
	cancel()
	if err := <-done; !errors.Is(err, context.Canceled) {
		t.Fatalf("WaitForData after cancel = %v, want context.Canceled", err)
	}
	// A context that is already done returns at once, with no timer.
	if err := l.WaitForData(ctx, "t", 0, 0, time.Hour); !errors.Is(err, context.Canceled) {
		t.Errorf("WaitForData with a done context = %v", err)
	}
	if n := clk.Waiters(); n != 0 {
		t.Errorf("Waiters = %d, want 0", n)
	}
}

func TestWaitForDataEndsOnCloseAndDelete(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name   string
		action func(*fakelog.Log) error
		want   error
	}{
		{name: "close", action: (*fakelog.Log).Close, want: fakelog.ErrClosed},
		{name: "delete topic", action: func(l *fakelog.Log) error { return l.DeleteTopic("t") }, want: fakelog.ErrUnknownTopic},
		{name: "reset", action: func(l *fakelog.Log) error { l.Reset(); return nil }, want: fakelog.ErrUnknownTopic},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			l, clk := newLogWithTopic(t, "t", 1)
			done := waitParked(t, l, clk, t.Context(), 0, time.Hour)
			if err := tc.action(l); err != nil {
				t.Fatal(err)
			}
			checkErr(t, "WaitForData", <-done, tc.want)
		})
	}
}

func TestWaitForDataRealClockSynctest(t *testing.T) {
	t.Parallel()
	synctest.Test(t, func(t *testing.T) {
		l := newRealClockLog(t)

		start := time.Now()
		if err := l.WaitForData(t.Context(), "t", 0, 0, 10*time.Second); err != nil {
			t.Fatalf("WaitForData = %v", err)
		}
		if got := time.Since(start); got != 10*time.Second {
			t.Errorf("timed out after %v, want 10s", got)
		}

		start = time.Now()
		go func() {
			time.Sleep(3 * time.Second)
			if _, err := l.Append("t", 0, val("late")); err != nil {
				t.Error(err)
			}
		}()
		if err := l.WaitForData(t.Context(), "t", 0, 0, 10*time.Second); err != nil {
			t.Fatalf("WaitForData = %v", err)
		}
		if got := time.Since(start); got != 3*time.Second {
			t.Errorf("woke after %v, want 3s", got)
		}
		pi := mustPartition(t, l, "t", 0)
		if pi.EndOffset != 1 {
			t.Errorf("end offset %d, want 1", pi.EndOffset)
		}
		recs := mustRead(t, l, "t", 0, 0, 0)
		if !recs[0].Timestamp.Equal(start.Add(3 * time.Second)) {
			t.Errorf("timestamp %v, want %v", recs[0].Timestamp, start.Add(3*time.Second))
		}
	})
}

func TestChanged(t *testing.T) {
	t.Parallel()
	l, _ := newLogWithTopic(t, "t", 2)
	ch, err := l.Changed("t", 0)
	if err != nil {
		t.Fatal(err)
	}
	other, err := l.Changed("t", 1)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := l.Read("t", 0, 0, 0); err != nil {
		t.Fatal(err)
	}
	if isClosed(ch) {
		t.Fatal("Changed channel closed before any change")
	}
	mustAppend(t, l, "t", 0, val("a"))
	if !isClosed(ch) {
		t.Fatal("Changed channel still open after an append")
	}
	if isClosed(other) {
		t.Error("append to partition 0 closed partition 1's channel")
	}
	next, err := l.Changed("t", 0)
	if err != nil {
		t.Fatal(err)
	}
	if isClosed(next) {
		t.Fatal("new Changed channel already closed")
	}
	if _, err := l.DeleteRecords("t", 0, 1); err != nil {
		t.Fatal(err)
	}
	if !isClosed(next) {
		t.Error("Changed channel still open after DeleteRecords")
	}
	if err := l.DeleteTopic("t"); err != nil {
		t.Fatal(err)
	}
	if !isClosed(other) {
		t.Error("Changed channel still open after DeleteTopic")
	}
}

func TestChanges(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name   string
		action func(*testing.T, *fakelog.Log)
		want   bool
	}{
		{name: "append", want: true, action: func(t *testing.T, l *fakelog.Log) { mustAppend(t, l, "t", 1, val("v")) }},
		{name: "produce", want: true, action: func(t *testing.T, l *fakelog.Log) {
			if _, err := l.Produce("t", []fakelog.Record{val("v")}); err != nil {
				t.Fatal(err)
			}
		}},
		{name: "create topic", want: true, action: func(t *testing.T, l *fakelog.Log) { mustCreate(t, l, "u", 1, nil) }},
		{name: "delete topic", want: true, action: func(t *testing.T, l *fakelog.Log) {
			if err := l.DeleteTopic("t"); err != nil {
				t.Fatal(err)
			}
		}},
		{name: "add partitions", want: true, action: func(t *testing.T, l *fakelog.Log) {
			if err := l.AddPartitions("t", 3); err != nil {
				t.Fatal(err)
			}
		}},
		{name: "delete records", want: true, action: func(t *testing.T, l *fakelog.Log) {
			if _, err := l.DeleteRecords("t", 0, 1); err != nil {
				t.Fatal(err)
			}
		}},
		{name: "reset", want: true, action: func(t *testing.T, l *fakelog.Log) { l.Reset() }},
		{name: "close", want: true, action: func(t *testing.T, l *fakelog.Log) { _ = l.Close() }},
		{name: "read", want: false, action: func(t *testing.T, l *fakelog.Log) { mustRead(t, l, "t", 0, 0, 0) }},
		{name: "failed create", want: false, action: func(t *testing.T, l *fakelog.Log) { _ = l.CreateTopic("t", 1, nil) }},
		{name: "no-op delete records", want: false, action: func(t *testing.T, l *fakelog.Log) {
			if _, err := l.DeleteRecords("t", 0, 0); err != nil {
				t.Fatal(err)
			}
		}},
		{name: "empty append", want: false, action: func(t *testing.T, l *fakelog.Log) { mustAppend(t, l, "t", 0) }},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			l, _ := newLogWithTopic(t, "t", 2)
			mustAppend(t, l, "t", 0, val("a"))
			ch := l.Changes()
			if isClosed(ch) {
				t.Fatal("Changes channel closed before any change")
			}
			tc.action(t, l)
			if got := isClosed(ch); got != tc.want {
				t.Errorf("Changes channel closed = %v, want %v", got, tc.want)
			}
		})
	}
}
