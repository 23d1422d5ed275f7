package backend

import (
	"cmp"
	"context"
	"slices"
	"sync"
	"time"
)

// Clock is the source of time for timestamps and waits. One clock drives
// the REST layer and its backend: the in-memory log (fakelog.Log) reads it
// to stamp records produced without a timestamp, to time out waits and to
// time consumers' auto-commits; a backend that implements [ClockUser]
// times its own decisions with it. Implementations must be safe for
// concurrent use. The backends of this module never call a Clock while
// holding one of their own locks.
type Clock interface {
	// Now returns the current time.
	Now() time.Time
	// NewTimer returns a one-shot timer that delivers the time on its
	// channel once d has passed.
	NewTimer(d time.Duration) Timer
}

// Timer is a one-shot timer like *time.Timer. Its methods are safe for
// concurrent use and do not block.
type Timer interface {
	// C returns the channel on which the timer delivers its time once.
	C() <-chan time.Time
	// Stop prevents the timer from firing. It reports whether the call
	// stopped the timer (false if it had already fired or been stopped).
	Stop() bool
}

// ClockUser is implemented by backends that keep time of their own (a
// Kafka backend's auto-commit interval, say), so that the REST layer's
// clock drives them too.
type ClockUser interface {
	// UseClock makes the backend time its decisions with c from then on.
	UseClock(c Clock)
}

// ShareClock gives c to b if b is a [ClockUser], and does nothing
// otherwise. The REST layer calls it with its own clock when it is given
// a backend.
func ShareClock(b Backend, c Clock) {
	if u, ok := b.(ClockUser); ok {
		u.UseClock(c)
	}
}

// RealClock returns a [Clock] backed by package time. It is the default
// clock of the REST layer and its backends. It starts no goroutines, so
// inside a testing/synctest bubble it runs on the bubble's virtual time.
// It is safe for concurrent use.
func RealClock() Clock { return realClock{} }

type realClock struct{}

func (realClock) Now() time.Time { return time.Now() }

func (realClock) NewTimer(d time.Duration) Timer { return realTimer{t: time.NewTimer(d)} }

type realTimer struct{ t *time.Timer }

func (r realTimer) C() <-chan time.Time { return r.t.C }

func (r realTimer) Stop() bool { return r.t.Stop() }

// ManualClock is a [Clock] whose time moves only when [ManualClock.Advance]
// or [ManualClock.Set] is called. It lets tests drive timeouts
// deterministically: park a waiter, wait for it with
// [ManualClock.BlockUntil], then advance past its deadline.
//
// All methods are safe for concurrent use; none of them blocks except
// BlockUntil. The zero value is not usable; call [NewManualClock].
type ManualClock struct {
	// mu guards every field below. It is a leaf lock: no other lock is
	// taken while it is held, and timer channels are buffered so sends
	// under it never block.
	mu sync.Mutex
	// now is the current time.
	now time.Time
	// pending holds the timers that have neither fired nor been stopped.
	pending []*manualTimer
	// seq numbers timers in creation order, to fire equal deadlines in
	// the order the timers were made.
	seq uint64
	// changed is closed and set to nil whenever pending changes. It is
	// created only when BlockUntil needs it.
	changed chan struct{}
}

type manualTimer struct {
	clock    *ManualClock
	ch       chan time.Time // buffered 1; receives exactly one value at most
	deadline time.Time
	seq      uint64
}

// NewManualClock returns a [ManualClock] whose current time is start and
// that has no timers.
func NewManualClock(start time.Time) *ManualClock {
	return &ManualClock{now: start}
}

// Now returns the clock's current time. It does not block.
func (c *ManualClock) Now() time.Time {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.now
}

// NewTimer returns a timer that fires when the clock reaches Now()+d. A
// timer with d <= 0 fires immediately and never counts as a waiter. The
// value delivered on the channel is the timer's deadline. It does not block.
func (c *ManualClock) NewTimer(d time.Duration) Timer {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.seq++
	t := &manualTimer{
		clock:    c,
		ch:       make(chan time.Time, 1),
		deadline: c.now.Add(d),
		seq:      c.seq,
	}
	if d <= 0 {
		t.ch <- c.now
		return t
	}
	c.pending = append(c.pending, t)
	c.signalLocked()
	return t
}

// Advance moves the clock forward by d (a negative d counts as zero) and
// fires every timer whose deadline is now due, in deadline order (timers
// with equal deadlines in creation order). It never blocks: each timer's
// channel has room for its single value.
func (c *ManualClock) Advance(d time.Duration) {
	if d < 0 {
		d = 0
	}
	c.mu.Lock()
	defer c.mu.Unlock()
	c.setLocked(c.now.Add(d))
}

// Set moves the clock to t if t is later than the current time, firing due
// timers as [ManualClock.Advance] does; otherwise it does nothing. It never
// blocks.
func (c *ManualClock) Set(t time.Time) {
	c.mu.Lock()
	defer c.mu.Unlock()
	if t.After(c.now) {
		c.setLocked(t)
	}
}

func (c *ManualClock) setLocked(t time.Time) {
	c.now = t
	var due []*manualTimer
	kept := c.pending[:0]
	for _, tm := range c.pending {
		if tm.deadline.After(t) {
			kept = append(kept, tm)
		} else {
			due = append(due, tm)
		}
	}
	clear(c.pending[len(kept):])
	c.pending = kept
	if len(due) == 0 {
		return
	}
	slices.SortFunc(due, func(a, b *manualTimer) int {
		if x := a.deadline.Compare(b.deadline); x != 0 {
			return x
		}
		return cmp.Compare(a.seq, b.seq)
	})
	for _, tm := range due {
		tm.ch <- tm.deadline
	}
	c.signalLocked()
}

// Waiters returns the number of pending timers: created with a positive
// duration and neither fired nor stopped. A parked wait with a timeout (such
// as fakelog's Log.WaitForData) holds exactly one. It does not block.
func (c *ManualClock) Waiters() int {
	c.mu.Lock()
	defer c.mu.Unlock()
	return len(c.pending)
}

// BlockUntil blocks until at least n timers are pending (see
// [ManualClock.Waiters]) or ctx is done, in which case it returns ctx.Err().
// It sleeps on a channel that every timer change closes; it never polls.
func (c *ManualClock) BlockUntil(ctx context.Context, n int) error {
	for {
		c.mu.Lock()
		if len(c.pending) >= n {
			c.mu.Unlock()
			return nil
		}
		if c.changed == nil {
			c.changed = make(chan struct{})
		}
		ch := c.changed
		c.mu.Unlock()
		select {
		case <-ch:
		case <-ctx.Done():
			return ctx.Err()
		}
	}
}

// signalLocked wakes BlockUntil callers. c.mu must be held.
func (c *ManualClock) signalLocked() {
	if c.changed != nil {
		close(c.changed)
		c.changed = nil
	}
}

func (t *manualTimer) C() <-chan time.Time { return t.ch }

func (t *manualTimer) Stop() bool {
	c := t.clock
	c.mu.Lock()
	defer c.mu.Unlock()
	i := slices.Index(c.pending, t)
	if i < 0 {
		return false
	}
	c.pending = slices.Delete(c.pending, i, i+1)
	c.signalLocked()
	return true
}
