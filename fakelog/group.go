package fakelog

import (
	"errors"
	"maps"
	"slices"
	"strings"
	"sync"
)

// groupSet is the log's map of consumer groups.
type groupSet struct {
	// mu guards m and closed. It is a leaf lock: nothing else is locked
	// while it is held.
	mu sync.Mutex
	// m maps group ids to groups; created at the first use.
	m map[string]*group
	// closed is set when the log is closed; no group is created after.
	closed bool
}

// get returns the named group, creating it if create is set. It returns
// (nil, nil) for a group that does not exist and ErrClosed once the log
// is closed.
func (s *groupSet) get(l *Log, name string, create bool) (*group, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.closed {
		return nil, ErrClosed
	}
	g := s.m[name]
	if g == nil && create {
		if s.m == nil {
			s.m = make(map[string]*group)
		}
		g = &group{log: l, name: name, consumers: make(map[string]*Consumer), committed: make(map[TopicPartition]committedOffset)}
		s.m[name] = g
	}
	return g, nil
}

// list returns the groups, sorted by id, and whether the log is closed.
func (s *groupSet) list() ([]*group, bool) {
	s.mu.Lock()
	defer s.mu.Unlock()
	gs := slices.Collect(maps.Values(s.m))
	slices.SortFunc(gs, func(a, b *group) int { return strings.Compare(a.name, b.name) })
	return gs, s.closed
}

// drop removes every group and closes its consumers; with closeSet, no
// group can be created afterwards. It takes each group's lock in turn,
// never together with s.mu.
func (s *groupSet) drop(closeSet bool) {
	s.mu.Lock()
	old := s.m
	s.m = nil
	if closeSet {
		s.closed = true
	}
	s.mu.Unlock()
	for _, g := range old {
		g.mu.Lock()
		g.dead = true
		for _, c := range g.consumers {
			c.clearLocked()
			c.closed = true
		}
		clear(g.consumers)
		clear(g.committed)
		g.meta = nil
		g.mu.Unlock()
	}
}

// group is one consumer group: its coordinator state, its committed
// offsets and its open consumers.
type group struct {
	log  *Log   // read-only
	name string // read-only

	// mu guards every field below and the mutable fields of every
	// Consumer of the group, so a rebalance changes all members under
	// one lock. Lock order: group.mu, then Log.mu, then partition.mu,
	// then notifier.mu. Two group locks are never held together.
	mu sync.Mutex
	// dead is set when Reset or Close dropped the group; a dead group
	// takes no new consumers.
	dead bool
	// consumers are the open consumers, by member id; members are those
	// with Consumer.member set.
	consumers map[string]*Consumer
	// generation counts completed rebalances.
	generation int
	// rebalancing is set while a rebalance waits for members to rejoin
	// (Kafka's PreparingRebalance).
	rebalancing bool
	// committed holds the committed offsets, with the id of the topic
	// they were committed for.
	committed map[TopicPartition]committedOffset
	// meta is the topic metadata the current assignment was computed
	// from: every topic some member subscribes to; topics that did not
	// exist are absent.
	meta map[string]topicMeta
}

// committedOffset is a committed offset of the topic with the given id;
// it is dropped once that topic is deleted, as Kafka drops the offsets of
// deleted partitions.
type committedOffset struct {
	OffsetAndMetadata
	topicID uint64
}

// groupFor returns the named group, ready to use with its lock held, and
// creates it if needed. It returns ErrClosed on a closed log.
func (l *Log) groupFor(name string) (*group, error) {
	for {
		g, err := l.groups.get(l, name, true)
		if err != nil {
			return nil, err
		}
		g.mu.Lock()
		if !g.dead {
			return g, nil
		}
		// Reset dropped it between the lookup and the lock.
		g.mu.Unlock()
	}
}

// membersLocked returns the joined members sorted by member id. g.mu must
// be held.
func (g *group) membersLocked() []*Consumer {
	var ms []*Consumer
	for _, c := range g.consumers {
		if c.member {
			ms = append(ms, c)
		}
	}
	slices.SortFunc(ms, func(a, b *Consumer) int { return strings.Compare(a.id, b.id) })
	return ms
}

// committedLocked returns the committed offset of tp if it was committed
// for the topic whose current id is topicID (0: the topic does not
// exist). An offset of a deleted topic is dropped. g.mu must be held.
func (g *group) committedLocked(tp TopicPartition, topicID uint64) (OffsetAndMetadata, bool) {
	co, ok := g.committed[tp]
	if !ok {
		return OffsetAndMetadata{}, false
	}
	if co.topicID != topicID {
		delete(g.committed, tp)
		return OffsetAndMetadata{}, false
	}
	return co.OffsetAndMetadata, true
}

// commitLocked stores offsets, whose offsets must not be negative. With
// strict, an entry for a topic or partition that does not exist fails the
// whole commit; otherwise such entries are skipped, as a failed
// auto-commit is only logged by Kafka. It wakes Changes waiters if
// anything changed. g.mu must be held; it takes the log's read lock.
func (g *group) commitLocked(offsets map[TopicPartition]OffsetAndMetadata, strict bool) error {
	if len(offsets) == 0 {
		return nil
	}
	ids, err := g.log.partitionIDs(sortedKeys(offsets))
	if err != nil && strict {
		return err
	}
	if errors.Is(err, ErrClosed) {
		return err
	}
	changed := false
	for tp, om := range offsets {
		id, ok := ids[tp]
		if !ok {
			continue
		}
		co := committedOffset{OffsetAndMetadata: om, topicID: id}
		if old, had := g.committed[tp]; !had || old != co {
			g.committed[tp] = co
			changed = true
		}
	}
	if changed {
		g.log.changes.broadcast()
	}
	return nil
}

// checkNegative rejects negative offsets, as Kafka's OffsetAndMetadata
// constructor does.
func checkNegative(offsets map[TopicPartition]OffsetAndMetadata) error {
	for _, om := range offsets {
		if om.Offset < 0 {
			return &InvalidArgumentError{Message: MsgNegativeOffset}
		}
	}
	return nil
}
