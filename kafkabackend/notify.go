package kafkabackend

import (
	"sync"
	"time"
)

// notifier hands out wake-up channels and closes them at the next
// broadcast. mu guards ch.
type notifier struct {
	mu sync.Mutex
	ch chan struct{} // nil until a waiter asks
}

func (n *notifier) wait() <-chan struct{} {
	n.mu.Lock()
	defer n.mu.Unlock()
	if n.ch == nil {
		n.ch = make(chan struct{})
	}
	return n.ch
}

func (n *notifier) broadcast() {
	n.mu.Lock()
	defer n.mu.Unlock()
	if n.ch != nil {
		close(n.ch)
		n.ch = nil
	}
}

// tickInterval is how often waiters are woken when nothing else wakes
// them: records produced by other clients of the cluster are only seen
// by polling.
const tickInterval = 5 * time.Millisecond

// tick broadcasts every tickInterval until stop is closed.
func (n *notifier) tick(stop <-chan struct{}) {
	t := time.NewTicker(tickInterval)
	defer t.Stop()
	for {
		select {
		case <-stop:
			n.broadcast()
			return
		case <-t.C:
			n.broadcast()
		}
	}
}
