package mockproxy

// The consumer instance registry shared by API v1 and v2: instances keyed
// by (API version, group, name), so that, as in Confluent 5.x, an instance
// created through v1 is invisible to v2 and the other way round. Each
// instance owns a backend.Consumer (a fakelog.Consumer on the in-memory
// log), the counterpart of the Java KafkaConsumer the real proxy creates
// per instance. Instances idle for the
// consumer instance timeout expire; expiry is checked on the server's
// clock at every registry access, so no goroutine runs in the background.

import (
	"crypto/rand"
	"fmt"
	"slices"
	"sort"
	"sync"
	"time"

	"github.com/kafkarestmock/kafkarestmock/backend"
	"github.com/kafkarestmock/kafkarestmock/fakelog"
)

// instanceKey identifies a consumer instance.
type instanceKey struct {
	api         apiVersion
	group, name string
}

// instance is one consumer instance.
type instance struct {
	key      instanceKey
	format   string        // embedded format: binary, json, avro, jsonschema, protobuf
	minBytes int64         // fetch.min.bytes; < 0 is off
	wait     time.Duration // consumer.request.timeout.ms; 0 = the proxy default
	consumer backend.Consumer

	// mu serializes record reads of the instance and guards buffer, the
	// records polled from the consumer but not yet returned (the real
	// proxy's per-instance queue).
	mu            sync.Mutex
	buffer        []fakelog.Record
	bufferChecked bool // the buffer's payloads decode in the instance's format
	// readers counts the reads between the start of their collect and the
	// end of their answer; spares are polled batches that no read holds
	// any more, which the next polls fill again (when the consumer can:
	// pollLocked). Both guarded by mu.
	readers int
	spares  [][]fakelog.Record
	// v1 bookkeeping, guarded by mu: the topic of the first read, and the
	// last offset handed out per partition.
	v1Topic    string
	v1Consumed map[fakelog.TopicPartition]int64

	// expires is guarded by registry.mu.
	expires time.Time
}

// registry holds the consumer instances of a server.
type registry struct {
	// mu guards instances and every instance's expires.
	mu        sync.Mutex
	instances map[instanceKey]*instance
}

// sweepLocked removes expired instances and returns them; the caller closes
// their consumers after unlocking.
func (r *registry) sweepLocked(now time.Time) []*instance {
	var gone []*instance
	for k, in := range r.instances {
		if in != nil && !now.Before(in.expires) { // nil: a creation in progress
			gone = append(gone, in)
			delete(r.instances, k)
		}
	}
	return gone
}

func closeAll(gone []*instance) {
	for _, in := range gone {
		in.consumer.Close()
	}
}

// lookupInstance finds an instance and refreshes its expiry, or answers
// 40403. Expired instances are removed first.
func (s *Server) lookupInstance(api apiVersion, group, name string) (*instance, error) {
	now := s.cfg.clock.Now()
	s.consumers.mu.Lock()
	gone := s.consumers.sweepLocked(now)
	in := s.consumers.instances[instanceKey{api, group, name}]
	if in != nil {
		in.expires = now.Add(s.cfg.instanceTimeout)
	}
	s.consumers.mu.Unlock()
	closeAll(gone)
	if in == nil {
		return nil, errConsumerNotFound
	}
	return in, nil
}

// hasInstance reports whether an instance is registered, without
// refreshing it.
func (s *Server) hasInstance(api apiVersion, group, name string) bool {
	s.consumers.mu.Lock()
	defer s.consumers.mu.Unlock()
	return s.consumers.instances[instanceKey{api, group, name}] != nil
}

// removeInstance deletes an instance and closes its consumer, or answers
// 40403.
func (s *Server) removeInstance(api apiVersion, group, name string) error {
	now := s.cfg.clock.Now()
	s.consumers.mu.Lock()
	gone := s.consumers.sweepLocked(now)
	key := instanceKey{api, group, name}
	in := s.consumers.instances[key]
	delete(s.consumers.instances, key)
	s.consumers.mu.Unlock()
	closeAll(gone)
	if in == nil {
		return errConsumerNotFound
	}
	in.consumer.Close()
	return nil
}

// reserveInstance claims a name in a group, or answers 40902.
func (s *Server) reserveInstance(key instanceKey) error {
	now := s.cfg.clock.Now()
	s.consumers.mu.Lock()
	gone := s.consumers.sweepLocked(now)
	_, taken := s.consumers.instances[key]
	full := !taken && len(s.consumers.instances) >= s.cfg.maxInstances
	if !taken && !full {
		if s.consumers.instances == nil {
			s.consumers.instances = map[instanceKey]*instance{}
		}
		s.consumers.instances[key] = nil // placeholder until created
	}
	s.consumers.mu.Unlock()
	closeAll(gone)
	if taken {
		return errConsumerExists
	}
	if full {
		return errTooManyInstances(s.cfg.maxInstances)
	}
	return nil
}

// publishInstance replaces a reservation with the instance, or drops the
// reservation when in is nil.
func (s *Server) publishInstance(key instanceKey, in *instance) {
	s.consumers.mu.Lock()
	defer s.consumers.mu.Unlock()
	if in == nil {
		delete(s.consumers.instances, key)
		return
	}
	in.expires = s.cfg.clock.Now().Add(s.cfg.instanceTimeout)
	s.consumers.instances[key] = in
}

// closeInstances closes every instance (server Close).
func (s *Server) closeInstances() {
	s.consumers.mu.Lock()
	var all []*instance
	for _, in := range s.consumers.instances {
		if in != nil {
			all = append(all, in)
		}
	}
	s.consumers.instances = nil
	s.consumers.mu.Unlock()
	closeAll(all)
}

// ConsumerInstance describes one consumer instance for inspection.
type ConsumerInstance struct {
	API        string // "v1" or "v2"
	Group      string
	Name       string
	Format     string
	Expires    time.Time
	Assignment []fakelog.TopicPartition
}

// ConsumerInstances returns the live consumer instances sorted by API,
// group and name, after removing expired ones. It does not refresh their
// expiry. Safe for concurrent use.
func (s *Server) ConsumerInstances() []ConsumerInstance {
	now := s.cfg.clock.Now()
	s.consumers.mu.Lock()
	gone := s.consumers.sweepLocked(now)
	var out []ConsumerInstance
	var live []*instance
	for _, in := range s.consumers.instances {
		if in != nil {
			live = append(live, in)
			out = append(out, ConsumerInstance{API: in.key.api.String(), Group: in.key.group, Name: in.key.name,
				Format: in.format, Expires: in.expires})
		}
	}
	s.consumers.mu.Unlock()
	closeAll(gone)
	for i := range out {
		out[i].Assignment = live[i].consumer.Assignment()
	}
	sort.Slice(out, func(i, j int) bool {
		a, b := out[i], out[j]
		if a.API != b.API {
			return a.API < b.API
		}
		if a.Group != b.Group {
			return a.Group < b.Group
		}
		return a.Name < b.Name
	})
	return out
}

// newUUID returns a random (version 4) UUID string.
func newUUID() string {
	var b [16]byte
	_, _ = rand.Read(b[:])
	b[6] = b[6]&0x0f | 0x40
	b[8] = b[8]&0x3f | 0x80
	return fmt.Sprintf("%x-%x-%x-%x-%x", b[0:4], b[4:6], b[6:8], b[8:10], b[10:16])
}

// batchPoller is a consumer that can poll into a batch it was given
// (fakelog.Consumer.PollInto).
type batchPoller interface {
	PollInto(dst []fakelog.Record) ([]fakelog.Record, error)
}

// pollLocked polls the consumer, into the spare batch when it can, and
// adds the batch it returns to *polled. in.mu must be held.
func (in *instance) pollLocked(polled *[][]fakelog.Record) ([]fakelog.Record, error) {
	bp, ok := in.consumer.(batchPoller)
	if !ok {
		return in.consumer.Poll()
	}
	var spare []fakelog.Record
	if n := len(in.spares); n > 0 {
		spare, in.spares = in.spares[n-1], in.spares[:n-1]
	}
	recs, err := bp.PollInto(spare)
	if err == nil && cap(recs) > 0 {
		*polled = append(*polled, recs)
	}
	return recs, err
}

// startRead counts a read in; the returned function counts it out once
// its answer is written, and then, when no other read is under way, keeps
// the batches it polled (but the one the buffer still holds, and at most
// maxSpares) for the next polls. It takes in.mu.
func (in *instance) startRead(polled *[][]fakelog.Record) (done func()) {
	in.mu.Lock()
	in.readers++
	in.mu.Unlock()
	return func() {
		in.mu.Lock()
		defer in.mu.Unlock()
		in.readers--
		if in.readers > 0 {
			return // another read may hold records of these batches
		}
		for _, b := range *polled {
			if len(in.spares) < maxSpares && !sharesArray(b, in.buffer) {
				clear(b[:cap(b)]) // hold no payloads while spare
				in.spares = append(in.spares, b[:0])
			}
		}
	}
}

// maxSpares bounds the batches an instance keeps for reuse: enough for a
// read of a few thousand records at the consumer's max.poll.records.
const maxSpares = 128

// sharesArray reports whether the records of rest lie in batch's array.
func sharesArray(batch, rest []fakelog.Record) bool {
	if cap(batch) == 0 || cap(rest) == 0 {
		return false
	}
	full := batch[:cap(batch)]
	end := rest[:cap(rest)]
	return &full[len(full)-1] == &end[len(end)-1]
}

// dropBuffered forgets the polled records of the partitions tps (all when
// tps is nil): a seek moves the consumer past what it had fetched, as
// Kafka's consumer discards its fetched data for a partition it seeks.
// It takes in.mu.
func (in *instance) dropBuffered(tps []fakelog.TopicPartition) {
	in.mu.Lock()
	defer in.mu.Unlock()
	if len(in.buffer) == 0 {
		return
	}
	kept := in.buffer[:0:0]
	for _, r := range in.buffer {
		if tps != nil && !slices.Contains(tps, fakelog.TopicPartition{Topic: r.Topic, Partition: r.Partition}) {
			kept = append(kept, r)
		}
	}
	in.buffer, in.bufferChecked = kept, false
}
