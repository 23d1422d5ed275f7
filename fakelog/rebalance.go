package fakelog

import (
	"regexp"
	"slices"
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

// rebalanceLocked runs an eager rebalance, as Kafka's classic protocol
// with the RangeAssignor does. First every member auto-commits its
// positions (if its AutoCommit is on) and drops its positions and
// assignment. Then change, unless nil, applies the membership or
// subscription change. Then each member's subscription is resolved
// against the log's topics (a pattern is matched anew), the partitions
// are assigned, the generation grows and [Log.Changes] waiters are woken.
//
// g.mu must be held; it takes the log's read lock.
func (g *group) rebalanceLocked(change func()) {
	for _, m := range g.membersLocked() {
		m.autoCommitLocked()
		clear(m.pos)
		m.assigned = nil
	}
	if change != nil {
		change()
	}
	metas := g.log.topicMetas()
	members := g.membersLocked()
	g.meta = make(map[string]topicMeta)
	for _, m := range members {
		m.subs = m.resolveSubscription(metas)
		for _, name := range m.subs {
			if tm, ok := metas[name]; ok {
				g.meta[name] = tm
			}
		}
	}
	assignment := rangeAssign(members, g.meta)
	for _, m := range members {
		m.assigned = assignment[m.id]
		if m.assigned == nil {
			m.assigned = []TopicPartition{}
		}
	}
	g.generation++
	g.log.changes.broadcast()
}

// staleLocked reports whether the group's assignment no longer fits the
// log: a member's pattern matches other topics, or a subscribed topic was
// created, deleted (or re-created) or gained partitions. g.mu must be
// held; it takes the log's read lock.
func (g *group) staleLocked() bool {
	metas := g.log.topicMetas()
	for _, m := range g.membersLocked() {
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
