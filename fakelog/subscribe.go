package fakelog

import (
	"fmt"
	"regexp"
	"slices"
	"strings"
)

// Subscribe subscribes to topics, replacing any earlier topic list, as
// KafkaConsumer.subscribe(Collection) does. The consumer joins its group
// at its next Poll; a consumer that is already a member keeps its
// assignment and, if the list changed, rejoins (rebalancing the group) at
// its next Poll. Topics need not exist yet. An empty
// list is [Consumer.Unsubscribe].
//
// It returns ErrConsumerClosed, an [InvalidArgumentError] "Topic
// collection to subscribe to cannot contain null or empty topic" for a
// blank name, or an [IllegalStateError] "Subscription to topics,
// partitions and pattern are mutually exclusive" if the consumer has a
// manual assignment or a pattern subscription. It takes the group's lock.
func (c *Consumer) Subscribe(topics []string) error {
	g := c.g
	g.mu.Lock()
	defer g.mu.Unlock()
	if c.closed {
		return ErrConsumerClosed
	}
	if len(topics) == 0 {
		c.leaveLocked()
		return nil
	}
	for _, t := range topics {
		if strings.TrimSpace(t) == "" {
			return &InvalidArgumentError{Message: MsgBlankTopic}
		}
	}
	if c.manual != nil || c.pattern != nil {
		return &IllegalStateError{Message: MsgMutuallyExclusive}
	}
	set := slices.Compact(slices.Sorted(slices.Values(topics)))
	if slices.Equal(set, c.topics) {
		return nil
	}
	c.topics = set
	c.rejoin = c.member
	return nil
}

// SubscribePattern subscribes to every topic whose whole name re matches
// (as Java's Matcher.matches does), replacing an earlier pattern, as
// KafkaConsumer.subscribe(Pattern) does. The matches are evaluated at
// each Poll of any member of the group; a change rebalances the group.
// The consumer joins its group at its next Poll; a consumer that is
// already a member keeps its assignment and, if the pattern changed,
// rejoins (rebalancing the group) at its next Poll.
//
// It returns ErrConsumerClosed, an [InvalidArgumentError] "Topic pattern
// to subscribe to cannot be null" (or "... empty"), or the mutually
// exclusive [IllegalStateError] if the consumer has a manual assignment
// or a topic-list subscription. It takes the group's lock.
func (c *Consumer) SubscribePattern(re *regexp.Regexp) error {
	if re == nil {
		return &InvalidArgumentError{Message: MsgNullPattern}
	}
	if re.String() == "" {
		return &InvalidArgumentError{Message: MsgEmptyPattern}
	}
	anchored, err := anchorPattern(re)
	if err != nil {
		return fmt.Errorf("%w: pattern %q: %v", ErrInvalidArgument, re.String(), err)
	}
	g := c.g
	g.mu.Lock()
	defer g.mu.Unlock()
	if c.closed {
		return ErrConsumerClosed
	}
	if c.manual != nil || c.topics != nil {
		return &IllegalStateError{Message: MsgMutuallyExclusive}
	}
	if c.pattern != nil && c.patternSrc == re.String() {
		return nil
	}
	c.pattern, c.patternSrc = anchored, re.String()
	if c.member {
		// The subscription reads as the new matches at once, as Java's
		// does; the assignment changes when the member rejoins.
		c.subs = matchTopics(anchored, g.log.topicMetas())
		c.rejoin = true
	}
	return nil
}

// Unsubscribe ends the subscription or manual assignment, as
// KafkaConsumer.unsubscribe does: with AutoCommit on, the consumer first
// commits its positions; a member leaves its group, which rebalances; the
// subscription, assignment and positions are cleared. It does nothing on
// a closed consumer. It takes the group's lock.
func (c *Consumer) Unsubscribe() {
	g := c.g
	g.mu.Lock()
	defer g.mu.Unlock()
	if !c.closed {
		c.leaveLocked()
	}
}

// Subscription returns the subscribed topics, sorted: the topic list, or
// for a pattern the topics it matched at the group's last rebalance or
// Poll (empty before the consumer's first Poll). It is empty for a
// manual assignment and for a closed consumer. It takes the group's lock.
func (c *Consumer) Subscription() []string {
	g := c.g
	g.mu.Lock()
	defer g.mu.Unlock()
	switch {
	case c.closed:
	case c.topics != nil:
		return slices.Clone(c.topics)
	case c.pattern != nil:
		return append([]string{}, c.subs...)
	}
	return []string{}
}

// Assign assigns tps to the consumer by hand, replacing an earlier manual
// assignment, as KafkaConsumer.assign does; positions of partitions that
// stay assigned are kept. Partitions that do not exist are allowed: Poll
// skips them until they do. With AutoCommit on and the interval passed,
// positions are committed first. An empty list is [Consumer.Unsubscribe].
//
// It returns ErrConsumerClosed, an [InvalidArgumentError] "Topic
// partitions to assign to cannot have null or empty topic", or the
// mutually exclusive [IllegalStateError] if the consumer is subscribed.
// It reads the clock, then takes the group's lock.
func (c *Consumer) Assign(tps []TopicPartition) error {
	now := c.g.log.clock.Now()
	g := c.g
	g.mu.Lock()
	defer g.mu.Unlock()
	if c.closed {
		return ErrConsumerClosed
	}
	if len(tps) == 0 {
		c.leaveLocked()
		return nil
	}
	for _, tp := range tps {
		if strings.TrimSpace(tp.Topic) == "" {
			return &InvalidArgumentError{Message: MsgBlankAssignTopic}
		}
	}
	if c.topics != nil || c.pattern != nil {
		return &IllegalStateError{Message: MsgMutuallyExclusive}
	}
	c.maybeAutoCommitLocked(now)
	set := sortedTPs(tps)
	for tp := range c.pos {
		if _, ok := slices.BinarySearchFunc(set, tp, compareTP); !ok {
			delete(c.pos, tp)
		}
	}
	c.manual = set
	return nil
}

// Assignment returns the consumer's partitions, sorted by topic and
// partition: its manual assignment, or the partitions its group assigned
// it (empty until it has joined at a Poll). It is empty for a closed
// consumer. It takes the group's lock.
func (c *Consumer) Assignment() []TopicPartition {
	g := c.g
	g.lock()
	defer g.mu.Unlock()
	if c.closed {
		return []TopicPartition{}
	}
	return append([]TopicPartition{}, c.assignmentLocked()...)
}
