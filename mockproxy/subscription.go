package mockproxy

// Subscriptions and assignments of a consumer instance (API v2):
// POST/GET/DELETE .../instances/{instance}/subscription (topics or a Java
// regex pattern) and POST/GET .../assignments, as Confluent's
// ConsumersResource answers them. Group membership and range assignment
// live in the backend; this file translates.

import (
	"net/http"

	"github.com/kafkarestmock/kafkarestmock/fakelog"
	"github.com/kafkarestmock/kafkarestmock/internal/jsonv"
)

// subscribe serves POST .../subscription.
func (s *Server) subscribe(c *call) error {
	v, err := c.requireBody("subscribe", 3)
	if err != nil {
		return err
	}
	const javaType = "io.confluent.kafkarest.entities.v2.ConsumerSubscriptionRecord"
	if err := expectObject(v, javaType); err != nil {
		return err
	}
	if err := checkFields(v, "topics", "topic_pattern"); err != nil {
		return err
	}
	topics, hasTopics, listErr := decodeStringList(v, "topics")
	if listErr != nil && listErr != errInternal {
		return listErr
	}
	var pattern *string
	if f, ok := v.Field("topic_pattern"); ok {
		p, isNull, err := decodeString(f)
		if err != nil {
			return err
		}
		if !isNull {
			pattern = &p
		}
	}
	in, err := c.instanceAfter(listErr)
	if err != nil {
		return err
	}
	switch {
	case hasTopics:
		err = in.consumer.Subscribe(topics)
	case pattern != nil:
		re, cerr := compileJavaPattern(*pattern)
		if cerr != nil {
			return errInternal // Java's PatternSyntaxException is not mapped
		}
		err = in.consumer.SubscribePattern(re)
	}
	if err != nil {
		return consumerError(err)
	}
	writeNoContent(c.w)
	return nil
}

// decodeStringList decodes an optional List<String> property.
func decodeStringList(v jsonv.Value, name string) ([]string, bool, error) {
	f, ok := v.Field(name)
	if !ok || f.Kind == jsonv.Null {
		return nil, false, nil
	}
	if f.Kind != jsonv.Array {
		return nil, false, mismatch("java.util.ArrayList<java.lang.String>", f)
	}
	out := make([]string, 0, len(f.Items))
	for _, item := range f.Items {
		s, isNull, err := decodeString(item)
		if err != nil {
			return nil, false, err
		}
		if isNull {
			return nil, false, errInternal // Kafka rejects a null topic
		}
		out = append(out, s)
	}
	return out, true, nil
}

// getSubscription serves GET .../subscription.
func (s *Server) getSubscription(c *call) error {
	in, err := c.instanceOf()
	if err != nil {
		return err
	}
	c.writeJSON(http.StatusOK, subscriptionBody{Topics: in.consumer.Subscription()})
	return nil
}

// unsubscribe serves DELETE .../subscription.
func (s *Server) unsubscribe(c *call) error {
	in, err := c.instanceOf()
	if err != nil {
		return err
	}
	in.consumer.Unsubscribe()
	writeNoContent(c.w)
	return nil
}

// decodePartitions decodes {"partitions":[{"topic","partition"}]}. A
// missing list is nil (the real code then fails with a
// NullPointerException, which callers answer with 500).
func decodePartitions(v jsonv.Value, javaType string) ([]fakelog.TopicPartition, error) {
	if err := expectObject(v, javaType); err != nil {
		return nil, err
	}
	if err := checkFields(v, "partitions"); err != nil {
		return nil, err
	}
	f, ok := v.Field("partitions")
	if !ok || f.Kind == jsonv.Null {
		return nil, nil
	}
	if f.Kind != jsonv.Array {
		return nil, mismatch("java.util.ArrayList<io.confluent.kafkarest.entities.v2.TopicPartition>", f)
	}
	out := make([]fakelog.TopicPartition, 0, len(f.Items))
	for _, item := range f.Items {
		tp, err := decodeTopicPartition(item, "io.confluent.kafkarest.entities.v2.TopicPartition", "topic", "partition")
		if err != nil {
			return nil, err
		}
		out = append(out, tp)
	}
	return out, nil
}

// decodeTopicPartition decodes an object with a topic and a partition
// (and whatever other known fields).
func decodeTopicPartition(item jsonv.Value, javaType string, known ...string) (fakelog.TopicPartition, error) {
	if item.Kind == jsonv.Null {
		return fakelog.TopicPartition{}, errInternal
	}
	if err := expectObject(item, javaType); err != nil {
		return fakelog.TopicPartition{}, err
	}
	if err := checkFields(item, known...); err != nil {
		return fakelog.TopicPartition{}, err
	}
	var tp fakelog.TopicPartition
	if f, ok := item.Field("topic"); ok {
		t, _, err := decodeString(f)
		if err != nil {
			return tp, err
		}
		tp.Topic = t
	}
	if f, ok := item.Field("partition"); ok {
		p, _, err := decodeInt(f, 32)
		if err != nil {
			return tp, err
		}
		tp.Partition = int32(p)
	}
	return tp, nil
}

// assign serves POST .../assignments.
func (s *Server) assign(c *call) error {
	v, err := c.requireBody("assign", 3)
	if err != nil {
		return err
	}
	tps, err := decodePartitions(v, "io.confluent.kafkarest.entities.v2.ConsumerAssignmentRequest")
	in, err := c.instanceAfter(err)
	if err != nil {
		return err
	}
	if tps == nil {
		return errInternal
	}
	if err := in.consumer.Assign(tps); err != nil {
		return consumerError(err)
	}
	writeNoContent(c.w)
	return nil
}

// getAssignments serves GET .../assignments.
func (s *Server) getAssignments(c *call) error {
	in, err := c.instanceOf()
	if err != nil {
		return err
	}
	c.writeJSON(http.StatusOK, assignmentsBody{Partitions: topicPartitionBodies(in.consumer.Assignment())})
	return nil
}
