package scenario

import (
	"context"
	"math/rand/v2"
	"strconv"
	"sync"
	"sync/atomic"
)

// pcgStream is the second PCG seed word of every rule's random numbers;
// the first is [Fault.Seed].
const pcgStream = 0x6b61666b61726573 // "kafkares"

// Set holds installed rules in install order and decides which one, if
// any, applies to a request. It is safe for concurrent use: every method
// takes one short internal lock, and only [Handle.Wait] blocks.
type Set struct {
	// mu guards rules and nextID, the counters and random numbers of
	// every rule in rules, and the hits, hit channel and removed flag of
	// every Handle the Set returned. Nothing else is locked while it is
	// held.
	mu sync.Mutex
	// rules are the live rules in install order.
	rules []*rule
	// nextID is the number of the last ID handed out; IDs are never
	// reused, not even after Clear.
	nextID uint64
	// live is len(rules), written under mu and read without it, so that
	// Decide answers a Set without rules (the common case, asked once per
	// produced record) without taking mu.
	live atomic.Int32
}

// rule is one installed Fault with its counters.
type rule struct {
	fault   Fault      // validated private copy; read-only after Add
	matched int        // matching requests seen
	rng     *rand.Rand // nil when the rule fires with certainty
	h       *Handle
}

// NewSet returns an empty Set.
func NewSet() *Set {
	return &Set{}
}

// Firing is the decision that a rule applies to a request.
type Firing struct {
	// ID is the rule's ID.
	ID string
	// Fault is a copy of the rule; Fault.Effect() is what to do.
	Fault Fault
	// Handle is the rule's handle, with the hit already counted.
	Handle *Handle
}

// RuleInfo is a snapshot of one installed rule.
type RuleInfo struct {
	// ID is the rule's ID.
	ID string
	// Fault is a copy of the rule as installed (with Times filled in from
	// EmptyPolls); Fault.Effect() is its effect.
	Fault Fault
	// Matched counts the requests its Match selected, including those it
	// skipped (After), lost to the draw, or left to an earlier rule.
	Matched int
	// Hits counts the requests it fired on.
	Hits int
}

// Add validates f (see [Fault.Validate]) and installs a copy of it after
// every rule already in s. When f.Times is 0 and its effect gives a
// default, the rule gets it: with EmptyPolls > 0, it retires after
// EmptyPolls firings. IDs are "1", "2", … in the order
// rules are added to s, and are never reused. Add does not block.
func (s *Set) Add(f Fault) (*Handle, error) {
	if err := f.Validate(); err != nil {
		return nil, err
	}
	f = f.clone()
	if d, ok := f.Effect().(timesDefaulter); ok && f.Times == 0 {
		f.Times = d.defaultTimes()
	}
	r := &rule{fault: f}
	if p := f.probability(); p < 1 {
		r.rng = rand.New(rand.NewPCG(uint64(f.Seed), pcgStream))
	}

	s.mu.Lock()
	defer s.mu.Unlock()
	s.nextID++
	r.h = &Handle{s: s, id: strconv.FormatUint(s.nextID, 10)}
	s.rules = append(s.rules, r)
	s.live.Store(int32(len(s.rules)))
	return r.h, nil
}

// Empty reports whether the Set has no rules, without locking: a caller
// asking about many requests at once (a produce's records) may skip
// Decide for all of them.
func (s *Set) Empty() bool { return s.live.Load() == 0 }

// Decide returns the rule that applies to req, if any, and counts it.
//
// It walks the rules in install order. Every rule whose Match matches req
// counts it as matched. Such a rule is eligible once it has matched more
// than After requests; an eligible rule with Probability < 1 then draws
// from its own random numbers, once per eligible request, whether or not
// an earlier rule has already fired, so its draws depend only on its seed
// and its own matches. The first rule that is eligible and wins its draw
// fires: its hit count grows, waiters on its [Handle] wake, and it retires
// (leaves the Set) when its hits reach Times. Later rules still count the
// request as matched.
//
// Decide does not block beyond the Set's internal lock.
func (s *Set) Decide(req Request) (Firing, bool) {
	if s.live.Load() == 0 {
		return Firing{}, false
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	win := -1
	for i, r := range s.rules {
		if r.fault.Layer == LayerKafka || !r.fault.Match.Matches(req) {
			continue // Kafka-layer rules fire through Handle.Fire
		}
		r.matched++
		if r.matched <= r.fault.After {
			continue
		}
		fires := r.rng == nil || r.rng.Float64() < *r.fault.Probability
		if fires && win < 0 {
			win = i
		}
	}
	if win < 0 {
		return Firing{}, false
	}
	r := s.rules[win]
	s.fireLocked(win)
	return Firing{ID: r.h.id, Fault: r.fault.clone(), Handle: r.h}, true
}

// fireLocked counts a firing of s.rules[i]: its hit count grows, waiters
// on its handle wake, and it retires when its hits reach Times. s.mu must
// be held.
func (s *Set) fireLocked(i int) {
	r := s.rules[i]
	h := r.h
	h.hits++
	if h.hit != nil {
		close(h.hit)
		h.hit = nil
	}
	if r.fault.Times > 0 && h.hits >= r.fault.Times {
		s.removeLocked(i)
	}
}

// List returns a snapshot of the installed rules in install order. The
// values are copies: changing them changes nothing in s.
func (s *Set) List() []RuleInfo {
	s.mu.Lock()
	defer s.mu.Unlock()
	out := make([]RuleInfo, len(s.rules))
	for i, r := range s.rules {
		out[i] = RuleInfo{ID: r.h.id, Fault: r.fault.clone(), Matched: r.matched, Hits: r.h.hits}
	}
	return out
}

// Remove removes the rule with the given ID and reports whether it was
// installed. Its handle keeps its final hit count.
func (s *Set) Remove(id string) bool {
	s.mu.Lock()
	defer s.mu.Unlock()
	for i, r := range s.rules {
		if r.h.id == id {
			s.removeLocked(i)
			return true
		}
	}
	return false
}

// Clear removes every rule. Handles keep their final hit counts, and the
// next rule added gets a new ID.
func (s *Set) Clear() {
	s.mu.Lock()
	defer s.mu.Unlock()
	for _, r := range s.rules {
		r.h.removed = true
	}
	s.rules = nil
	s.live.Store(0)
}

// removeLocked removes s.rules[i], keeping the order of the others.
// s.mu must be held.
func (s *Set) removeLocked(i int) {
	s.rules[i].h.removed = true
	s.rules[i] = nil
	s.rules = append(s.rules[:i], s.rules[i+1:]...)
	s.live.Store(int32(len(s.rules)))
}

// Handle refers to one installed rule. Its methods are safe for concurrent
// use; they share the lock of the Set that returned the handle.
type Handle struct {
	s  *Set   // read-only
	id string // read-only

	// The fields below are guarded by s.mu.

	// hits counts the rule's firings; it stays after the rule leaves s.
	hits int
	// hit is closed and set to nil at the next firing; nil while nobody
	// waits.
	hit chan struct{}
	// removed is set when the rule leaves s (removed or retired).
	removed bool
}

// ID returns the rule's ID in its Set.
func (h *Handle) ID() string { return h.id }

// Hits returns how many times the rule has fired. After the rule is
// removed or retired, it keeps returning the final count.
func (h *Handle) Hits() int {
	h.s.mu.Lock()
	defer h.s.mu.Unlock()
	return h.hits
}

// Wait blocks until the rule has fired at least n times, then returns nil,
// or until ctx is done, then returns ctx.Err(). It returns nil at once if
// Hits() >= n already. A rule that is removed or retires before reaching
// n hits never will, so Wait then returns only when ctx is done. Wait is
// woken by each firing; it never polls.
func (h *Handle) Wait(ctx context.Context, n int) error {
	for {
		h.s.mu.Lock()
		if h.hits >= n {
			h.s.mu.Unlock()
			return nil
		}
		if h.hit == nil {
			h.hit = make(chan struct{})
		}
		ch := h.hit
		h.s.mu.Unlock()

		select {
		case <-ch:
		case <-ctx.Done():
			return ctx.Err()
		}
	}
}

// Remove removes the rule from its Set. It is idempotent; the handle keeps
// its final hit count.
func (h *Handle) Remove() {
	h.s.mu.Lock()
	defer h.s.mu.Unlock()
	if h.removed {
		return
	}
	for i, r := range h.s.rules {
		if r.h == h {
			h.s.removeLocked(i)
			return
		}
	}
}
