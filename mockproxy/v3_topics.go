package mockproxy

// API v3 topics: list, create, get, partition count update and delete
// under /v3/clusters/{cluster_id}/topics, as TopicsResource answers them.
// The mock is one broker, so every topic has replication factor 1.

import (
	"errors"
	"net/http"
	"strings"

	"github.com/kafkarestmock/kafkarestmock/backend"
	"github.com/kafkarestmock/kafkarestmock/internal/jsonv"
)

// registerV3Topics adds the TopicsResource methods.
func (rb routeBuilder) registerV3Topics(add func(method, path string, eps ...*endpoint)) {
	const topics = "/v3/clusters/{cluster_id}/topics"
	add(http.MethodGet, topics, v3Endpoint("listTopics", false, (*Server).listTopicsV3))
	add(http.MethodPost, topics, v3Endpoint("createTopic", true, (*Server).createTopicV3))
	add(http.MethodGet, topics+"/{topic_name}", v3Endpoint("getTopic", false, (*Server).getTopicV3))
	add(http.MethodPatch, topics+"/{topic_name}", v3Endpoint("updatePartitionsCount", true, (*Server).updatePartitionsCountV3))
	add(http.MethodDelete, topics+"/{topic_name}", v3Endpoint("deleteTopic", false, (*Server).deleteTopicV3))
}

// topicV3Body is a KafkaTopic (TopicData).
type topicV3Body struct {
	Meta                   resourceMeta
	ClusterID              string
	TopicName              string
	IsInternal             bool
	ReplicationFactor      int32
	PartitionsCount        int32
	Partitions             related
	Configs                related
	PartitionReassignments related
}

func (t topicV3Body) appendJSON(b []byte) []byte {
	b = appendV3Head(b, "KafkaTopic", t.Meta)
	b = append(b, `,"cluster_id":`...)
	b = appendJSONString(b, t.ClusterID)
	b = append(b, `,"topic_name":`...)
	b = appendJSONString(b, t.TopicName)
	b = append(b, `,"is_internal":`...)
	b = appendBool(b, t.IsInternal)
	b = append(b, `,"replication_factor":`...)
	b = appendInt(b, int64(t.ReplicationFactor))
	b = append(b, `,"partitions_count":`...)
	b = appendInt(b, int64(t.PartitionsCount))
	b = appendField(b, "partitions", t.Partitions)
	b = appendField(b, "configs", t.Configs)
	b = appendField(b, "partition_reassignments", t.PartitionReassignments)
	// Authorized operations are only filled when asked for, and the mock
	// has no authorizer.
	return append(b, `,"authorized_operations":[]}`...)
}

// isInternalTopic reports whether Kafka marks the topic internal.
func isInternalTopic(name string) bool {
	return name == "__consumer_offsets" || name == "__transaction_state"
}

// topicV3Body describes a topic of partitions partitions.
func (c *call) topicV3Body(name string, partitions int32) topicV3Body {
	return topicV3Body{
		Meta:                   resourceMeta{Self: c.clusterURL("topics", name), ResourceName: c.clusterCRN("topic", name)},
		ClusterID:              c.s.cfg.clusterID,
		TopicName:              name,
		IsInternal:             isInternalTopic(name),
		ReplicationFactor:      1,
		PartitionsCount:        partitions,
		Partitions:             related(c.clusterURL("topics", name, "partitions")),
		Configs:                related(c.clusterURL("topics", name, "configs")),
		PartitionReassignments: related(c.clusterURL("topics", name, "partitions", "-", "reassignment")),
	}
}

// listTopicsV3 answers GET .../topics: the topics but Kafka's internal
// ones, sorted by name.
func (s *Server) listTopicsV3(c *call) error {
	if err := c.checkCluster(); err != nil {
		return err
	}
	topics := s.be.Topics()
	data := make(jsonArray[topicV3Body], len(topics))
	for i, t := range topics {
		data[i] = c.topicV3Body(t.Name, t.Partitions)
	}
	c.writeJSON(http.StatusOK, v3List[topicV3Body]{
		Kind: "KafkaTopicList",
		Meta: collectionMeta{Self: c.clusterURL("topics")},
		Data: data,
	})
	return nil
}

// getTopicV3 answers GET .../topics/{topic_name}.
func (s *Server) getTopicV3(c *call) error {
	if err := c.checkCluster(); err != nil {
		return err
	}
	t, err := s.be.Topic(c.vars["topic_name"])
	if err != nil {
		return backendError(err)
	}
	c.writeJSON(http.StatusOK, c.topicV3Body(t.Name, t.Partitions))
	return nil
}

// deleteTopicV3 answers DELETE .../topics/{topic_name}: 204, no body.
func (s *Server) deleteTopicV3(c *call) error {
	if err := c.checkCluster(); err != nil {
		return err
	}
	if err := s.be.DeleteTopic(c.vars["topic_name"]); err != nil {
		return backendError(err)
	}
	c.w.WriteHeader(http.StatusNoContent)
	return nil
}

// createTopicRequest is a CreateTopicRequest; -1 is "not given" for the
// counts, which the broker's defaults then decide.
type createTopicRequest struct {
	name              string
	partitions        int64
	replicationFactor int64
	configs           map[string]string
	validateOnly      bool
}

// decodeCreateTopic maps a create body onto CreateTopicRequest.
func decodeCreateTopic(v jsonv.Value) (createTopicRequest, error) {
	req := createTopicRequest{partitions: -1, replicationFactor: -1}
	if err := expectObject(v, "io.confluent.kafkarest.entities.v3.CreateTopicRequest"); err != nil {
		return req, err
	}
	if err := checkFields(v, "topic_name", "partitions_count", "replication_factor", "replicas_assignments", "configs", "validate_only"); err != nil {
		return req, err
	}
	hasName := false
	var assignments jsonv.Value
	for _, f := range v.Fields {
		var err error
		var null bool
		switch f.Name {
		case "topic_name":
			req.name, null, err = decodeString(f.Value)
			hasName = !null
		case "partitions_count":
			var n int64
			if n, null, err = decodeInt(f.Value, 32); !null {
				req.partitions = n
			}
		case "replication_factor":
			var n int64
			if n, null, err = decodeInt(f.Value, 32); !null {
				req.replicationFactor = n
			}
		case "replicas_assignments":
			assignments = f.Value
		case "configs":
			req.configs, err = decodeConfigEntries(f.Value)
		case "validate_only":
			req.validateOnly, err = decodeBool(f.Value)
		}
		if err != nil {
			return req, err
		}
	}
	if !hasName {
		return req, errV3MissingTopicName
	}
	// replicas_assignments, when given, decides both counts: the number
	// of partitions it lists and the size of the first's replica list.
	if assignments.Kind == jsonv.Object && len(assignments.Fields) > 0 {
		req.partitions = int64(len(assignments.Fields))
		if first := assignments.Fields[0].Value; first.Kind == jsonv.Array {
			req.replicationFactor = int64(len(first.Items))
		}
	} else if assignments.Kind != jsonv.Null && assignments.Kind != jsonv.Object {
		return req, mismatch("java.util.Map<java.lang.Integer,java.util.List<java.lang.Integer>>", assignments)
	}
	return req, nil
}

// decodeConfigEntries decodes a list of {"name":…,"value":…}; a null
// value leaves the config at its default.
func decodeConfigEntries(v jsonv.Value) (map[string]string, error) {
	if v.Kind == jsonv.Null {
		return nil, nil
	}
	if v.Kind != jsonv.Array {
		return nil, mismatch("java.util.List<io.confluent.kafkarest.entities.v3.CreateTopicRequest$ConfigEntry>", v)
	}
	out := map[string]string{}
	for _, item := range v.Items {
		if err := expectObject(item, "io.confluent.kafkarest.entities.v3.CreateTopicRequest$ConfigEntry"); err != nil {
			return nil, err
		}
		if err := checkFields(item, "name", "value"); err != nil {
			return nil, err
		}
		var name, value string
		var hasValue bool
		for _, f := range item.Fields {
			s, null, err := decodeString(f.Value)
			if err != nil {
				return nil, err
			}
			switch f.Name {
			case "name":
				name = s
			case "value":
				value, hasValue = s, !null
			}
		}
		if hasValue {
			out[name] = value
		}
	}
	return out, nil
}

// decodeBool decodes a Java Boolean; null is false, and the strings
// "true" and "false" are coerced.
func decodeBool(v jsonv.Value) (bool, error) {
	switch v.Kind {
	case jsonv.Null:
		return false, nil
	case jsonv.Bool:
		return string(v.Raw) == "true", nil
	case jsonv.String:
		switch v.Str() {
		case "true":
			return true, nil
		case "false", "":
			return false, nil
		}
		return false, jacksonError("Cannot deserialize value of type `java.lang.Boolean` from String %s: only \"true\" or \"false\" recognized", quoteJava(v.Str()))
	}
	return false, mismatch("java.lang.Boolean", v)
}

// createTopicV3 answers POST .../topics: 201 with the topic and its URL
// in Location, or 200 without creating it for validate_only.
func (s *Server) createTopicV3(c *call) error {
	v, ok, err := c.parseBody()
	if err != nil {
		return err
	}
	if !ok {
		return errV3PayloadEmpty("Data")
	}
	req, err := decodeCreateTopic(v)
	if err != nil {
		return err
	}
	if !backend.ValidTopicName(req.name) {
		return errV3InvalidTopicName
	}
	if err := c.checkCluster(); err != nil {
		return err
	}
	switch {
	case req.partitions == -1:
		req.partitions = int64(s.cfg.defaultPartitions)
	case req.partitions < 1:
		return errV3NonPositive("Number of partitions")
	}
	switch {
	case req.replicationFactor == -1:
		req.replicationFactor = 1
	case req.replicationFactor < 1:
		return errV3NonPositive("Replication factor")
	case req.replicationFactor > 1:
		return errV3ReplicationFactor(req.replicationFactor)
	}
	if req.validateOnly {
		if _, err := s.be.Topic(req.name); err == nil {
			return errV3TopicExists(req.name)
		}
	} else if err := s.be.CreateTopic(req.name, int32(req.partitions), req.configs); err != nil {
		return createTopicError(req.name, err)
	}
	body := c.topicV3Body(req.name, int32(req.partitions))
	c.w.Header().Set("Location", body.Meta.Self)
	status := http.StatusCreated
	if req.validateOnly {
		status = http.StatusOK
	}
	c.writeJSON(status, body)
	return nil
}

// createTopicError is the answer to a backend's refusal to create a topic.
func createTopicError(name string, err error) error {
	switch {
	case errors.Is(err, backend.ErrTopicExists):
		return errV3TopicExists(name)
	case errors.Is(err, backend.ErrInvalidTopic):
		return errV3InvalidTopicName
	case errors.Is(err, backend.ErrInvalidPartitions):
		return errV3NonPositive("Number of partitions")
	case errors.Is(err, backend.ErrInvalidConfig):
		_, detail, _ := strings.Cut(err.Error(), ": ")
		return errV3InvalidConfig(detail)
	}
	return backendError(err)
}

// updatePartitionsCountV3 answers PATCH .../topics/{topic_name}: the
// topic grown to partitions_count. As in kafka-rest the partitions are
// added before the cluster id is checked.
func (s *Server) updatePartitionsCountV3(c *call) error {
	v, ok, err := c.parseBody()
	if err != nil {
		return err
	}
	if !ok {
		return errV3PayloadEmpty("Partitions_count")
	}
	if err := expectObject(v, "io.confluent.kafkarest.entities.v3.PartitionsCountRequest"); err != nil {
		return err
	}
	if err := checkFields(v, "partitions_count"); err != nil {
		return err
	}
	var want int64 // a missing count is Java's int 0
	if f, ok := v.Field("partitions_count"); ok {
		if want, _, err = decodeInt(f, 32); err != nil {
			return err
		}
	}
	name := c.vars["topic_name"]
	t, err := s.be.Topic(name)
	if err != nil {
		return backendError(err)
	}
	switch have := int64(t.Partitions); {
	case want == have:
		return errV3SamePartitions(t.Partitions)
	case want < have:
		return errV3FewerPartitions(name, have, want)
	}
	if err := s.be.AddPartitions(name, int32(want)); err != nil {
		if errors.Is(err, backend.ErrInvalidPartitions) {
			return errV3NonPositive("Number of partitions")
		}
		return backendError(err)
	}
	if err := c.checkCluster(); err != nil {
		return err
	}
	if t, err = s.be.Topic(name); err != nil {
		return backendError(err)
	}
	c.writeJSON(http.StatusOK, c.topicV3Body(t.Name, t.Partitions))
	return nil
}
