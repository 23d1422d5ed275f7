package fakelog

import (
	"fmt"
	"slices"
)

// CommitOffsets stores offsets as the committed offsets of group, as a
// Kafka consumer's commitSync(offsets) or the admin API's alterOffsets
// would, creating the group if needed. It checks every entry first and
// stores nothing if one is bad: a negative offset gives an
// [InvalidArgumentError] "Invalid negative offset", a topic that does not
// exist an error wrapping ErrUnknownTopic, a partition that does not
// exist one wrapping ErrUnknownPartition. An empty group id gives
// ErrInvalidGroup; a closed log ErrClosed. An empty map commits nothing.
//
// It takes the group's lock and the log's read lock, and wakes
// [Log.Changes] waiters if the committed offsets changed.
func (l *Log) CommitOffsets(group string, offsets map[TopicPartition]OffsetAndMetadata) error {
	if group == "" {
		return fmt.Errorf("%w: empty group id", ErrInvalidGroup)
	}
	if err := checkNegative(offsets); err != nil {
		return err
	}
	if len(offsets) == 0 {
		return nil
	}
	// Check before creating the group; commitLocked checks again.
	if _, err := l.partitionIDs(sortedKeys(offsets)); err != nil {
		return err
	}
	g, err := l.groupFor(group)
	if err != nil {
		return err
	}
	defer g.mu.Unlock()
	return g.commitLocked(offsets, true)
}

// CommittedOffsets returns a copy of the committed offsets of group; an
// empty, non-nil map for a group that does not exist. It takes the
// group's lock and the log's read lock.
func (l *Log) CommittedOffsets(group string) map[TopicPartition]OffsetAndMetadata {
	g, _ := l.groups.get(l, group, false)
	if g == nil {
		return map[TopicPartition]OffsetAndMetadata{}
	}
	g.mu.Lock()
	defer g.mu.Unlock()
	metas := l.topicMetas()
	out := make(map[TopicPartition]OffsetAndMetadata, len(g.committed))
	for tp := range g.committed {
		if om, ok := g.committedLocked(tp, metas[tp.Topic].id); ok {
			out[tp] = om
		}
	}
	return out
}

// Groups describes every consumer group, sorted by group id. A group
// exists from its first consumer or commit until Reset or Close; its
// committed offsets outlive its consumers. It returns nil on a closed
// log. It takes each group's lock in turn and the log's read lock.
func (l *Log) Groups() []GroupInfo {
	gs, closed := l.groups.list()
	if closed {
		return nil
	}
	out := make([]GroupInfo, 0, len(gs))
	for _, g := range gs {
		if gi, ok := g.info(); ok {
			out = append(out, gi)
		}
	}
	return out
}

// Group describes one consumer group, or reports false if it does not
// exist. It takes the group's lock and the log's read lock.
func (l *Log) Group(name string) (GroupInfo, bool) {
	g, _ := l.groups.get(l, name, false)
	if g == nil {
		return GroupInfo{}, false
	}
	return g.info()
}

// info describes the group; false if it was dropped.
func (g *group) info() (GroupInfo, bool) {
	g.lock()
	defer g.mu.Unlock()
	if g.dead {
		return GroupInfo{}, false
	}
	metas := g.log.topicMetas()
	gi := GroupInfo{
		Group:      g.name,
		Generation: g.generation,
		State:      "EMPTY",
		Members:    []MemberInfo{},
		Committed:  make(map[TopicPartition]OffsetAndMetadata, len(g.committed)),
	}
	if g.generation > 0 {
		gi.ProtocolType = "consumer"
	}
	for tp := range g.committed {
		if om, ok := g.committedLocked(tp, metas[tp.Topic].id); ok {
			gi.Committed[tp] = om
		}
	}
	for _, c := range g.membersLocked() {
		// As Kafka's DescribeGroups: a group in a rebalance has no
		// protocol yet and shows no assignments.
		mi := MemberInfo{MemberID: c.id, ClientID: c.id, Subscription: slices.Clone(c.subs), Assignment: []TopicPartition{}}
		if g.rebalancing {
			gi.State = "PREPARING_REBALANCE"
		} else {
			gi.State, gi.Protocol = "STABLE", "range"
			mi.Assignment = slices.Clone(c.assigned)
		}
		gi.Members = append(gi.Members, mi)
	}
	return gi, true
}
