package fakelog

import (
	"sync"
	"sync/atomic"
)

// notifier is a broadcast wake-up: wait returns a channel that the next
// broadcast closes. The channel is created only when someone waits, so a
// broadcast nobody listens to costs one atomic load.
type notifier struct {
	// armed is true while ch is non-nil and open. broadcast reads it
	// without the lock: a waiter stores true (under mu) before it
	// inspects the state it waits on, and a changer changes that state
	// before it loads armed, so a change the waiter did not see is
	// always followed by a load that sees true.
	armed atomic.Bool

	// mu guards ch and done. It is a leaf lock: nothing else is locked
	// while it is held.
	mu sync.Mutex
	// ch is closed and set to nil by broadcast; nil when nobody waits.
	// After shutdown it is a closed channel kept for later waiters.
	ch chan struct{}
	// done is set by shutdown; later waits get the closed ch.
	done bool
}

// wait returns a channel that is closed at the next broadcast, or an
// already closed channel after shutdown.
func (n *notifier) wait() <-chan struct{} {
	n.mu.Lock()
	defer n.mu.Unlock()
	if n.ch == nil {
		n.ch = make(chan struct{})
		if n.done {
			close(n.ch)
		} else {
			n.armed.Store(true)
		}
	}
	return n.ch
}

// broadcast closes the current wait channel, if any.
func (n *notifier) broadcast() {
	if !n.armed.Load() {
		return
	}
	n.mu.Lock()
	defer n.mu.Unlock()
	if n.ch != nil && !n.done {
		close(n.ch)
		n.ch = nil
		n.armed.Store(false)
	}
}

// shutdown closes the current wait channel and makes every later wait
// return a closed channel. It is idempotent.
func (n *notifier) shutdown() {
	n.mu.Lock()
	defer n.mu.Unlock()
	if n.done {
		return
	}
	n.done = true
	n.armed.Store(false)
	if n.ch != nil {
		close(n.ch)
	}
}
