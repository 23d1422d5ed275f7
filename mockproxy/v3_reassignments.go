package mockproxy

// API v3 partition reassignments, as ListAllReassignmentsAction,
// SearchReassignmentsByTopicAction and GetReassignmentAction answer them.
// A cluster of one broker never moves a replica, so no reassignment is
// ever in progress: the lists are empty (an unknown topic too: the topic
// is a filter, not a lookup) and one partition's is not found.

import "net/http"

// registerV3Reassignments adds the reassignment actions. The paths with
// "-" come first: they must win over the templates that also match them.
func (rb routeBuilder) registerV3Reassignments(add func(method, path string, eps ...*endpoint)) {
	const topics = "/v3/clusters/{cluster_id}/topics"
	add(http.MethodGet, topics+"/-/partitions/-/reassignment", v3Endpoint("listReassignments", false, (*Server).listReassignmentsV3))
	add(http.MethodGet, topics+"/{topic_name}/partitions/-/reassignment", v3Endpoint("listReassignmentsByTopic", false, (*Server).listTopicReassignmentsV3))
	add(http.MethodGet, topics+"/{topic_name}/partitions/{partition_id}/reassignment", v3Endpoint("getReassignment", false, (*Server).getReassignmentV3))
}

// reassignmentV3Body is a KafkaReassignment (ReassignmentData). The mock
// lists none; the type gives its lists their element.
type reassignmentV3Body struct {
	Meta             resourceMeta
	ClusterID        string
	TopicName        string
	PartitionID      int32
	AddingReplicas   []int32
	RemovingReplicas []int32
	Replicas         related
}

func (r reassignmentV3Body) appendJSON(b []byte) []byte {
	b = appendV3Head(b, "KafkaReassignment", r.Meta)
	b = append(b, `,"cluster_id":`...)
	b = appendJSONString(b, r.ClusterID)
	b = append(b, `,"topic_name":`...)
	b = appendJSONString(b, r.TopicName)
	b = append(b, `,"partition_id":`...)
	b = appendInt(b, int64(r.PartitionID))
	b = append(b, `,"adding_replicas":`...)
	b = appendBrokerIDs(b, r.AddingReplicas)
	b = append(b, `,"removing_replicas":`...)
	b = appendBrokerIDs(b, r.RemovingReplicas)
	b = appendField(b, "replicas", r.Replicas)
	return append(b, '}')
}

// appendBrokerIDs appends ids as a JSON array of numbers.
func appendBrokerIDs(b []byte, ids []int32) []byte {
	b = append(b, '[')
	for i, id := range ids {
		if i > 0 {
			b = append(b, ',')
		}
		b = appendInt(b, int64(id))
	}
	return append(b, ']')
}

// reassignmentsV3 answers a reassignment list whose metadata's self ends
// in topic/partitions/-/reassignments: kafka-rest builds the collection's
// URL with the plural, unlike the path it serves.
func (c *call) reassignmentsV3(topic string) error {
	if err := c.checkCluster(); err != nil {
		return err
	}
	c.writeJSON(http.StatusOK, v3List[reassignmentV3Body]{
		Kind: "KafkaReassignmentList",
		Meta: collectionMeta{Self: c.clusterURL("topics", topic, "partitions", "-", "reassignments")},
		Data: jsonArray[reassignmentV3Body]{},
	})
	return nil
}

// listReassignmentsV3 answers GET .../topics/-/partitions/-/reassignment.
func (s *Server) listReassignmentsV3(c *call) error { return c.reassignmentsV3("-") }

// listTopicReassignmentsV3 answers GET
// .../topics/{topic_name}/partitions/-/reassignment.
func (s *Server) listTopicReassignmentsV3(c *call) error {
	return c.reassignmentsV3(c.vars["topic_name"])
}

// getReassignmentV3 answers GET
// .../topics/{topic_name}/partitions/{partition_id}/reassignment: the
// plain 404, there being none.
func (s *Server) getReassignmentV3(c *call) error {
	if _, err := c.pathPartitionID(); err != nil {
		return err
	}
	if err := c.checkCluster(); err != nil {
		return err
	}
	return errNotFound
}
