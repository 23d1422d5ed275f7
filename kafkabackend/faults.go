package kafkabackend

import (
	"errors"
	"sync"

	"github.com/twmb/franz-go/pkg/kerr"
	"github.com/twmb/franz-go/pkg/kfake"
	"github.com/twmb/franz-go/pkg/kmsg"

	"github.com/kafkarestmock/kafkarestmock/backend"
)

// faultState holds the remove functions of the Kafka-level faults
// installed through InjectFault. mu guards remove.
type faultState struct {
	mu     sync.Mutex
	remove []func()
}

func (f *faultState) add(remove func()) {
	f.mu.Lock()
	defer f.mu.Unlock()
	f.remove = append(f.remove, remove)
}

func (f *faultState) clear() {
	f.mu.Lock()
	rs := f.remove
	f.remove = nil
	f.mu.Unlock()
	for _, r := range rs {
		r()
	}
}

// errNoCluster is InjectFault's answer on brokers the Backend does not own.
var errNoCluster = errors.New(`layer: "kafka" needs the kfake backend; real brokers cannot be told to fail requests`)

// InjectFault installs f in the kfake cluster (kfake's Fault API): every
// Kafka request f selects asks f.Fire, once per request, whether to fail;
// a failing request gets f.Code for its matching entities (partitions,
// groups), as a broker would answer, and the client sending it reacts as
// it would to a real broker. The fault stays until Reset or Close. It
// fails on external brokers.
func (b *Backend) InjectFault(f backend.Fault) error {
	if b.cluster == nil {
		return errNoCluster
	}
	ke := kerr.ErrorForCode(f.Code)
	var kerrErr *kerr.Error
	if !errors.As(ke, &kerrErr) {
		kerrErr = kerr.UnknownServerError
	}
	kf := kfake.Fault{
		Topic: f.Topic,
		Group: f.Group,
		Err:   kerrErr,
		Count: -1,
	}
	if f.Key >= 0 {
		kf.Keys = []kmsg.Key{kmsg.Key(f.Key)}
	}
	if f.Partition != nil {
		kf.Partitions = []int32{*f.Partition}
	}
	// When runs on the cluster's goroutine, once per matching entity of a
	// request: the decision is made at the first and kept for the rest.
	var (
		last     kmsg.Request
		decision bool
	)
	kf.When = func(req kmsg.Request) bool {
		if req != last {
			last, decision = req, f.Fire()
		}
		return decision
	}
	h := b.cluster.Fault(kf)
	b.faults.add(h.Remove)
	return nil
}
