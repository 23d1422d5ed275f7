package fakelog

import (
	"regexp"
	"slices"
	"time"
)

// topicMeta is what a group coordinator knows of a topic: which topic it
// is (its id) and how many partitions it has.
type topicMeta struct {
	id    uint64
	parts int32
}

// topicMetas returns the metadata of every topic; an empty map on a
// closed log. It takes the log's read lock.
func (l *Log) topicMetas() map[string]topicMeta {
	l.mu.RLock()
	defer l.mu.RUnlock()
	out := make(map[string]topicMeta, len(l.topics))
	for name, t := range l.topics {
		out[name] = topicMeta{id: t.id, parts: int32(len(t.parts))}
	}
	return out
}

// partitionIDs returns the topic id of every partition of tps that
// exists, and an error wrapping ErrUnknownTopic or ErrUnknownPartition
// for the first (in sorted order) that does not, or ErrClosed. It takes
// the log's read lock.
func (l *Log) partitionIDs(tps []TopicPartition) (map[TopicPartition]uint64, error) {
	sortTPs(tps)
	l.mu.RLock()
	defer l.mu.RUnlock()
	out := make(map[TopicPartition]uint64, len(tps))
	var first error
	for _, tp := range tps {
		t, err := l.topicLocked(tp.Topic)
		if err == nil && (tp.Partition < 0 || int(tp.Partition) >= len(t.parts)) {
			err = errUnknownPartition(tp.Topic, tp.Partition)
		}
		if err != nil {
			if first == nil {
				first = err
			}
			continue
		}
		out[tp] = t.id
	}
	return out, first
}

// A group's rebalances follow Kafka's classic protocol with eager
// rebalancing, as a Java consumer sees it. A rebalance begins when a
// member joins (at its first Poll), leaves, rejoins with another
// subscription, or finds at its Poll that the log's topics no longer fit
// the assignment. The group then prepares: each member keeps its
// generation, assignment and positions until its own next Poll, at which
// it rejoins (auto-committing first, then dropping its assignment and
// positions) and waits. Once every member has rejoined, or the members
// that have not were removed after their max.poll.interval (Kafka's
// rebalance timeout), the partitions are assigned and the generation
// grows.

// beginRebalanceLocked puts the group into a rebalance, unless it is in
// one, and wakes [Log.Changes] waiters. g.mu must be held.
func (g *group) beginRebalanceLocked() {
	if !g.rebalancing {
		g.rebalancing = true
		g.log.changes.broadcast()
	}
}

// rejoinLocked makes member m rejoin the group's rebalance: with
// AutoCommit on it commits its positions (while it still holds its
// generation), then drops its assignment and positions. The rebalance
// completes if m was the last member to rejoin. g.mu must be held; it
// takes the log's read lock.
func (g *group) rejoinLocked(m *Consumer) {
	if m.gen != 0 {
		m.autoCommitLocked()
		m.gen = 0
	}
	clear(m.pos)
	m.assigned = nil
	m.rejoin = false
	g.maybeCompleteLocked()
}

// maybeCompleteLocked completes the rebalance if every member has
// rejoined: each member's subscription is resolved against the log's
// topics (a pattern is matched anew), the partitions are assigned, the
// generation grows and [Log.Changes] waiters are woken. A group left
// without members completes at once too (Kafka's group then becomes
// empty with a new generation). g.mu must be held; it takes the log's
// read lock.
func (g *group) maybeCompleteLocked() {
	if !g.rebalancing {
		return
	}
	members := g.membersLocked()
	for _, m := range members {
		if m.gen != 0 {
			return
		}
	}
	metas := g.log.topicMetas()
	g.meta = make(map[string]topicMeta)
	for _, m := range members {
		m.subs = m.resolveSubscription(metas)
		for _, name := range m.subs {
			if tm, ok := metas[name]; ok {
				g.meta[name] = tm
			}
		}
	}
	g.generation++
	g.rebalancing = false
	assignment := rangeAssign(members, g.meta)
	for _, m := range members {
		m.gen = g.generation
		m.assigned = assignment[m.id]
		if m.assigned == nil {
			m.assigned = []TopicPartition{}
		}
	}
	g.log.changes.broadcast()
}

// removeLocked takes member m out of the group, as a LeaveGroup or the
// coordinator's removal of a member that stopped polling does: m keeps
// its subscription but loses its generation, assignment and positions,
// and the group rebalances (or completes a rebalance that waited only
// for m). g.mu must be held; it takes the log's read lock.
func (g *group) removeLocked(m *Consumer) {
	m.member, m.gen, m.rejoin = false, 0, false
	m.subs, m.assigned = nil, nil
	clear(m.pos)
	g.beginRebalanceLocked()
	g.maybeCompleteLocked()
}

// expireLocked removes every member that has not polled within its
// max.poll.interval by now, as the Java consumer's heartbeat thread
// leaves the group then (and as the coordinator removes a member that
// does not rejoin within the rebalance timeout, which is the same
// interval counted from later). g.mu must be held; it takes the log's
// read lock.
func (g *group) expireLocked(now time.Time) {
	for _, m := range g.membersLocked() {
		if now.Sub(m.lastPoll) >= m.pollInterval {
			g.removeLocked(m)
		}
	}
}

// lock reads the log's clock, then takes g.mu and removes the members
// whose max.poll.interval has passed. It returns the time read.
func (g *group) lock() time.Time {
	now := g.log.clock.Now()
	g.mu.Lock()
	g.expireLocked(now)
	return now
}

// staleLocked reports whether the group's assignment no longer fits the
// log: a member's pattern matches other topics, or a subscribed topic was
// created, deleted (or re-created) or gained partitions. g.mu must be
// held; it takes the log's read lock.
func (g *group) staleLocked() bool {
	metas := g.log.topicMetas()
	for _, m := range g.membersLocked() {
		if m.rejoin {
			continue // its new subscription counts when it rejoins
		}
		subs := m.resolveSubscription(metas)
		if !slices.Equal(subs, m.subs) {
			return true
		}
		for _, name := range subs {
			now, exists := metas[name]
			was, existed := g.meta[name]
			if exists != existed || now != was {
				return true
			}
		}
	}
	return false
}

// rangeAssign assigns partitions as Kafka's RangeAssignor does. For each
// topic, the members subscribed to it are taken in order (members must be
// sorted by member id); with n partitions and m members each gets n/m
// contiguous partitions, and the first n%m one more. The real broker
// orders members by the member ids it generates (client id plus a UUID);
// the mock orders them by [ConsumerConfig.MemberID], which the REST layer
// sets to the consumer instance name, so assignments are predictable.
//
// The result maps member ids to sorted partitions; members with none are
// absent.
func rangeAssign(members []*Consumer, meta map[string]topicMeta) map[string][]TopicPartition {
	out := make(map[string][]TopicPartition)
	topics := make([]string, 0, len(meta))
	for name := range meta {
		topics = append(topics, name)
	}
	slices.Sort(topics)
	for _, name := range topics {
		var subs []*Consumer
		for _, m := range members {
			if _, ok := slices.BinarySearch(m.subs, name); ok {
				subs = append(subs, m)
			}
		}
		if len(subs) == 0 {
			continue
		}
		n := int(meta[name].parts)
		per, extra := n/len(subs), n%len(subs)
		next := 0
		for i, m := range subs {
			count := per
			if i < extra {
				count++
			}
			for p := next; p < next+count; p++ {
				out[m.id] = append(out[m.id], TopicPartition{Topic: name, Partition: int32(p)})
			}
			next += count
		}
	}
	return out
}

// matchTopics returns the sorted names in metas that re matches.
func matchTopics(re *regexp.Regexp, metas map[string]topicMeta) []string {
	out := []string{}
	for name := range metas {
		if re.MatchString(name) {
			out = append(out, name)
		}
	}
	slices.Sort(out)
	return out
}

// anchorPattern returns re made to match whole topic names only, as
// Java's Matcher.matches does for Kafka's pattern subscriptions.
func anchorPattern(re *regexp.Regexp) (*regexp.Regexp, error) {
	return regexp.Compile(`^(?:` + re.String() + `)$`)
}
