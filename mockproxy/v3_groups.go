package mockproxy

// API v3 consumer groups, their consumers and the consumers' assignments
// under /v3/clusters/{cluster_id}/consumer-groups, as ConsumerGroupsResource,
// ConsumersResource and ConsumerAssignmentsResource answer them from the
// log's groups (v3-and-schemas.md §1.6). The one broker coordinates every
// group. Groups are listed by id, consumers by id, assignments by topic
// and partition.

import (
	"net/http"
	"strconv"

	"github.com/kafkarestmock/kafkarestmock/backend"
)

// registerV3Groups adds the ConsumerGroupsResource, ConsumersResource and
// ConsumerAssignmentsResource methods.
func (rb routeBuilder) registerV3Groups(add func(method, path string, eps ...*endpoint)) {
	const groups = "/v3/clusters/{cluster_id}/consumer-groups"
	const consumers = groups + "/{consumer_group_id}/consumers"
	const assignments = consumers + "/{consumer_id}/assignments"
	add(http.MethodGet, groups, v3Endpoint("listConsumerGroups", false, (*Server).listGroupsV3))
	add(http.MethodGet, groups+"/{consumer_group_id}", v3Endpoint("getConsumerGroup", false, (*Server).getGroupV3))
	add(http.MethodGet, consumers, v3Endpoint("listConsumers", false, (*Server).listConsumersV3))
	add(http.MethodGet, consumers+"/{consumer_id}", v3Endpoint("getConsumer", false, (*Server).getConsumerV3))
	add(http.MethodGet, assignments, v3Endpoint("listConsumerAssignments", false, (*Server).listAssignmentsV3))
	add(http.MethodGet, assignments+"/{topic_name}/partitions/{partition_id}", v3Endpoint("getConsumerAssignment", false, (*Server).getAssignmentV3))
}

// groupV3Body is a KafkaConsumerGroup (ConsumerGroupData).
type groupV3Body struct {
	Meta              resourceMeta
	ClusterID         string
	GroupID           string
	Simple            bool
	PartitionAssignor string
	State             string
	Coordinator       related
	Consumers         related
	LagSummary        related
}

func (g groupV3Body) appendJSON(b []byte) []byte {
	b = appendV3Head(b, "KafkaConsumerGroup", g.Meta)
	b = append(b, `,"cluster_id":`...)
	b = appendJSONString(b, g.ClusterID)
	b = append(b, `,"consumer_group_id":`...)
	b = appendJSONString(b, g.GroupID)
	b = append(b, `,"is_simple":`...)
	b = appendBool(b, g.Simple)
	b = append(b, `,"partition_assignor":`...)
	b = appendJSONString(b, g.PartitionAssignor)
	b = append(b, `,"state":`...)
	b = appendJSONString(b, g.State)
	// The log's groups are all of Kafka's classic protocol.
	b = append(b, `,"type":"CLASSIC","is_mixed_consumer_group":false`...)
	b = appendField(b, "coordinator", g.Coordinator)
	b = appendField(b, "consumers", g.Consumers)
	b = appendField(b, "lag_summary", g.LagSummary)
	return append(b, '}')
}

// groupV3Body describes group g.
func (c *call) groupV3Body(g backend.GroupInfo) groupV3Body {
	state := g.State
	if state == "" {
		state = "UNKNOWN"
	}
	return groupV3Body{
		Meta:              resourceMeta{Self: c.clusterURL("consumer-groups", g.Group), ResourceName: c.clusterCRN("consumer-group", g.Group)},
		ClusterID:         c.s.cfg.clusterID,
		GroupID:           g.Group,
		Simple:            g.ProtocolType == "",
		PartitionAssignor: g.Protocol,
		State:             state,
		Coordinator:       related(c.clusterURL("brokers", strconv.Itoa(int(c.s.cfg.brokerID)))),
		Consumers:         related(c.clusterURL("consumer-groups", g.Group, "consumers")),
		LagSummary:        related(c.clusterURL("consumer-groups", g.Group, "lag-summary")),
	}
}

// consumerV3Body is a KafkaConsumer (ConsumerData). The log's members
// have no group.instance.id: instance_id is null.
type consumerV3Body struct {
	Meta        resourceMeta
	ClusterID   string
	GroupID     string
	ConsumerID  string
	ClientID    string
	Assignments related
}

func (m consumerV3Body) appendJSON(b []byte) []byte {
	b = appendV3Head(b, "KafkaConsumer", m.Meta)
	b = append(b, `,"cluster_id":`...)
	b = appendJSONString(b, m.ClusterID)
	b = append(b, `,"consumer_group_id":`...)
	b = appendJSONString(b, m.GroupID)
	b = append(b, `,"consumer_id":`...)
	b = appendJSONString(b, m.ConsumerID)
	b = append(b, `,"instance_id":null,"client_id":`...)
	b = appendJSONString(b, m.ClientID)
	b = appendField(b, "assignments", m.Assignments)
	return append(b, '}')
}

// consumerV3Body describes member m of group.
func (c *call) consumerV3Body(group string, m backend.MemberInfo) consumerV3Body {
	return consumerV3Body{
		Meta: resourceMeta{
			Self:         c.clusterURL("consumer-groups", group, "consumers", m.MemberID),
			ResourceName: c.clusterCRN("consumer-group", group, "consumer", m.MemberID),
		},
		ClusterID:   c.s.cfg.clusterID,
		GroupID:     group,
		ConsumerID:  m.MemberID,
		ClientID:    m.ClientID,
		Assignments: related(c.clusterURL("consumer-groups", group, "consumers", m.MemberID, "assignments")),
	}
}

// assignmentV3Body is a KafkaConsumerAssignment (ConsumerAssignmentData).
type assignmentV3Body struct {
	Meta        resourceMeta
	ClusterID   string
	GroupID     string
	ConsumerID  string
	TopicName   string
	PartitionID int32
	Partition   related
	Lag         related
}

func (a assignmentV3Body) appendJSON(b []byte) []byte {
	b = appendV3Head(b, "KafkaConsumerAssignment", a.Meta)
	b = append(b, `,"cluster_id":`...)
	b = appendJSONString(b, a.ClusterID)
	b = append(b, `,"consumer_group_id":`...)
	b = appendJSONString(b, a.GroupID)
	b = append(b, `,"consumer_id":`...)
	b = appendJSONString(b, a.ConsumerID)
	b = append(b, `,"topic_name":`...)
	b = appendJSONString(b, a.TopicName)
	b = append(b, `,"partition_id":`...)
	b = appendInt(b, int64(a.PartitionID))
	b = appendField(b, "partition", a.Partition)
	b = appendField(b, "lag", a.Lag)
	return append(b, '}')
}

// assignmentV3Body describes partition tp assigned to member of group.
func (c *call) assignmentV3Body(group, member string, tp backend.TopicPartition) assignmentV3Body {
	id := strconv.Itoa(int(tp.Partition))
	return assignmentV3Body{
		Meta: resourceMeta{
			Self:         c.clusterURL("consumer-groups", group, "consumers", member, "assignments", tp.Topic, "partitions", id),
			ResourceName: c.clusterCRN("consumer-group", group, "consumer", member, "assignment", tp.Topic, "partition", id),
		},
		ClusterID:   c.s.cfg.clusterID,
		GroupID:     group,
		ConsumerID:  member,
		TopicName:   tp.Topic,
		PartitionID: tp.Partition,
		Partition:   related(c.clusterURL("topics", tp.Topic, "partitions", id)),
		Lag:         related(c.clusterURL("consumer-groups", group, "lags", tp.Topic, "partitions", id)),
	}
}

// v3GroupExists reports whether Kafka would describe g as a group: one
// that a member joined or that has commits. A group of the log with
// neither (only consumers that never subscribed) is Kafka's dead dummy,
// which ConsumerGroupManagerImpl leaves out.
func v3GroupExists(g backend.GroupInfo) bool {
	return g.ProtocolType != "" || len(g.Members) > 0 || len(g.Committed) > 0
}

// v3Groups returns the groups as the consumer group manager sees them,
// sorted by id, after its cluster check ("could not be found.").
func (c *call) v3Groups() ([]backend.GroupInfo, error) {
	if id := c.vars["cluster_id"]; id != c.s.cfg.clusterID {
		return nil, errV3GroupClusterNotFound(id)
	}
	var out []backend.GroupInfo
	for _, g := range c.s.be.Groups() {
		if v3GroupExists(g) {
			out = append(out, g)
		}
	}
	return out, nil
}

// v3Group looks up {consumer_group_id}; missing is the answer for a
// group that does not exist.
func (c *call) v3Group(missing error) (backend.GroupInfo, error) {
	groups, err := c.v3Groups()
	if err != nil {
		return backend.GroupInfo{}, err
	}
	for _, g := range groups {
		if g.Group == c.vars["consumer_group_id"] {
			return g, nil
		}
	}
	return backend.GroupInfo{}, missing
}

// v3Member looks up {consumer_id} of {consumer_group_id} as
// ConsumerManagerImpl does; missing is the answer for a member the group
// lacks.
func (c *call) v3Member(missing error) (backend.GroupInfo, backend.MemberInfo, error) {
	g, err := c.v3Group(errV3GroupNotExist(c.vars["consumer_group_id"]))
	if err != nil {
		return g, backend.MemberInfo{}, err
	}
	for _, m := range g.Members {
		if m.MemberID == c.vars["consumer_id"] {
			return g, m, nil
		}
	}
	return g, backend.MemberInfo{}, missing
}

// listGroupsV3 answers GET .../consumer-groups.
func (s *Server) listGroupsV3(c *call) error {
	groups, err := c.v3Groups()
	if err != nil {
		return err
	}
	data := make(jsonArray[groupV3Body], len(groups))
	for i, g := range groups {
		data[i] = c.groupV3Body(g)
	}
	c.writeJSON(http.StatusOK, v3List[groupV3Body]{
		Kind: "KafkaConsumerGroupList",
		Meta: collectionMeta{Self: c.clusterURL("consumer-groups")},
		Data: data,
	})
	return nil
}

// getGroupV3 answers GET .../consumer-groups/{consumer_group_id}.
func (s *Server) getGroupV3(c *call) error {
	g, err := c.v3Group(errNotFound)
	if err != nil {
		return err
	}
	c.writeJSON(http.StatusOK, c.groupV3Body(g))
	return nil
}

// listConsumersV3 answers GET .../consumers: the group's members by id.
func (s *Server) listConsumersV3(c *call) error {
	group := c.vars["consumer_group_id"]
	g, err := c.v3Group(errV3GroupNotExist(group))
	if err != nil {
		return err
	}
	data := make(jsonArray[consumerV3Body], len(g.Members))
	for i, m := range g.Members {
		data[i] = c.consumerV3Body(group, m)
	}
	c.writeJSON(http.StatusOK, v3List[consumerV3Body]{
		Kind: "KafkaConsumerList",
		Meta: collectionMeta{Self: c.clusterURL("consumer-groups", group, "consumers")},
		Data: data,
	})
	return nil
}

// getConsumerV3 answers GET .../consumers/{consumer_id}.
func (s *Server) getConsumerV3(c *call) error {
	g, m, err := c.v3Member(errNotFound)
	if err != nil {
		return err
	}
	c.writeJSON(http.StatusOK, c.consumerV3Body(g.Group, m))
	return nil
}

// listAssignmentsV3 answers GET .../assignments: the member's partitions
// by topic and partition.
func (s *Server) listAssignmentsV3(c *call) error {
	member := c.vars["consumer_id"]
	g, m, err := c.v3Member(errV3ConsumerNotExist(member))
	if err != nil {
		return err
	}
	data := make(jsonArray[assignmentV3Body], len(m.Assignment))
	for i, tp := range m.Assignment {
		data[i] = c.assignmentV3Body(g.Group, member, tp)
	}
	c.writeJSON(http.StatusOK, v3List[assignmentV3Body]{
		Kind: "KafkaConsumerAssignmentList",
		Meta: collectionMeta{Self: c.clusterURL("consumer-groups", g.Group, "consumers", member, "assignments")},
		Data: data,
	})
	return nil
}

// getAssignmentV3 answers GET .../assignments/{topic_name}/partitions/{partition_id}.
func (s *Server) getAssignmentV3(c *call) error {
	p, err := c.pathPartitionID()
	if err != nil {
		return err
	}
	member := c.vars["consumer_id"]
	g, m, err := c.v3Member(errV3ConsumerNotExist(member))
	if err != nil {
		return err
	}
	want := backend.TopicPartition{Topic: c.vars["topic_name"], Partition: p}
	for _, tp := range m.Assignment {
		if tp == want {
			c.writeJSON(http.StatusOK, c.assignmentV3Body(g.Group, member, tp))
			return nil
		}
	}
	return errNotFound
}
