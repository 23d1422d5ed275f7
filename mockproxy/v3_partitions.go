package mockproxy

// API v3 partitions: list, get and the earliest and latest offsets of one
// partition under /v3/clusters/{cluster_id}/topics/{topic_name}/partitions,
// as PartitionsResource and ListPartitionOffsetsAction answer them. The
// one broker leads every partition.

import (
	"errors"
	"net/http"
	"strconv"

	"github.com/kafkarestmock/kafkarestmock/backend"
)

// registerV3Partitions adds the PartitionsResource methods and the
// partition offsets action.
func (rb routeBuilder) registerV3Partitions(add func(method, path string, eps ...*endpoint)) {
	const partitions = "/v3/clusters/{cluster_id}/topics/{topic_name}/partitions"
	add(http.MethodGet, partitions, v3Endpoint("listPartitions", false, (*Server).listPartitionsV3))
	add(http.MethodGet, partitions+"/{partition_id}", v3Endpoint("getPartition", false, (*Server).getPartitionV3))
	add(http.MethodGet, partitions+"/{partition_id}/offset", v3Endpoint("listPartitionOffsets", false, (*Server).partitionOffsetsV3))
}

// partitionV3Body is a KafkaPartition (PartitionData).
type partitionV3Body struct {
	Meta         resourceMeta
	ClusterID    string
	TopicName    string
	PartitionID  int32
	Leader       related
	Replicas     related
	Reassignment related
}

func (p partitionV3Body) appendJSON(b []byte) []byte {
	b = appendPartitionHead(b, "KafkaPartition", p.Meta, p.ClusterID, p.TopicName, p.PartitionID)
	b = appendField(b, "leader", p.Leader)
	b = appendField(b, "replicas", p.Replicas)
	b = appendField(b, "reassignment", p.Reassignment)
	return append(b, '}')
}

// appendPartitionHead opens the body of a partition resource of kind:
// its kind and metadata, then cluster_id, topic_name and partition_id.
func appendPartitionHead(b []byte, kind string, m resourceMeta, cluster, topic string, p int32) []byte {
	b = appendV3Head(b, kind, m)
	b = append(b, `,"cluster_id":`...)
	b = appendJSONString(b, cluster)
	b = append(b, `,"topic_name":`...)
	b = appendJSONString(b, topic)
	b = append(b, `,"partition_id":`...)
	return appendInt(b, int64(p))
}

// partitionV3Body describes one partition of topic.
func (c *call) partitionV3Body(topic string, p int32) partitionV3Body {
	id := strconv.Itoa(int(p))
	return partitionV3Body{
		Meta:         resourceMeta{Self: c.clusterURL("topics", topic, "partitions", id), ResourceName: c.clusterCRN("topic", topic, "partition", id)},
		ClusterID:    c.s.cfg.clusterID,
		TopicName:    topic,
		PartitionID:  p,
		Leader:       related(c.clusterURL("topics", topic, "partitions", id, "replicas", strconv.Itoa(int(c.s.cfg.brokerID)))),
		Replicas:     related(c.clusterURL("topics", topic, "partitions", id, "replicas")),
		Reassignment: related(c.clusterURL("topics", topic, "partitions", id, "reassignment")),
	}
}

// partitionOffsetsV3Body is a KafkaPartitionWithOffsets.
type partitionOffsetsV3Body struct {
	Meta           resourceMeta
	ClusterID      string
	TopicName      string
	PartitionID    int32
	EarliestOffset int64
	LatestOffset   int64
}

func (p partitionOffsetsV3Body) appendJSON(b []byte) []byte {
	b = appendPartitionHead(b, "KafkaPartitionWithOffsets", p.Meta, p.ClusterID, p.TopicName, p.PartitionID)
	b = append(b, `,"earliest_offset":`...)
	b = appendInt(b, p.EarliestOffset)
	b = append(b, `,"latest_offset":`...)
	b = appendInt(b, p.LatestOffset)
	return append(b, '}')
}

// pathPartitionID parses {partition_id}; a value that is not a Java int
// is JAX-RS's 404.
func (c *call) pathPartitionID() (int32, error) {
	p, err := strconv.ParseInt(c.vars["partition_id"], 10, 32)
	if err != nil {
		return 0, errNotFound
	}
	return int32(p), nil
}

// listPartitionsV3 answers GET .../partitions: every partition, in order.
func (s *Server) listPartitionsV3(c *call) error {
	if err := c.checkCluster(); err != nil {
		return err
	}
	topic := c.vars["topic_name"]
	t, err := s.be.Topic(topic)
	if err != nil {
		return backendError(err)
	}
	data := make(jsonArray[partitionV3Body], t.Partitions)
	for p := range t.Partitions {
		data[p] = c.partitionV3Body(topic, p)
	}
	c.writeJSON(http.StatusOK, v3List[partitionV3Body]{
		Kind: "KafkaPartitionList",
		Meta: collectionMeta{Self: c.clusterURL("topics", topic, "partitions")},
		Data: data,
	})
	return nil
}

// v3Partition looks one partition up as PartitionManagerImpl.getPartition
// does: an unknown cluster is a plain 404 (its not-found exception is
// rewrapped without its message), an unknown topic Kafka's error with the
// partition and topic in the text; missing is the answer for a partition
// the topic lacks.
func (c *call) v3Partition(missing error) (backend.PartitionInfo, error) {
	p, err := c.pathPartitionID()
	if err != nil {
		return backend.PartitionInfo{}, err
	}
	if c.checkCluster() != nil {
		return backend.PartitionInfo{}, errNotFound
	}
	topic := c.vars["topic_name"]
	info, err := c.s.be.Partition(topic, p)
	switch {
	case errors.Is(err, backend.ErrUnknownTopic):
		return info, errV3PartitionTopicMissing(p, topic)
	case errors.Is(err, backend.ErrUnknownPartition):
		return info, missing
	case err != nil:
		return info, backendError(err)
	}
	return info, nil
}

// getPartitionV3 answers GET .../partitions/{partition_id}.
func (s *Server) getPartitionV3(c *call) error {
	info, err := c.v3Partition(errNotFound)
	if err != nil {
		return err
	}
	c.writeJSON(http.StatusOK, c.partitionV3Body(info.Topic, info.Partition))
	return nil
}

// partitionOffsetsV3 answers GET .../partitions/{partition_id}/offset:
// the log start and end offsets. offset_type defaults to, and must be,
// earliest_and_latest.
func (s *Server) partitionOffsetsV3(c *call) error {
	const earliestAndLatest = "earliest_and_latest"
	offsetType := earliestAndLatest
	if q := c.r.URL.Query(); q.Has("offset_type") {
		offsetType = q.Get("offset_type")
	}
	if offsetType != earliestAndLatest {
		return errV3OffsetType(offsetType)
	}
	info, err := c.v3Partition(errPartitionNotFound)
	if err != nil {
		return err
	}
	id := strconv.Itoa(int(info.Partition))
	c.writeJSON(http.StatusOK, partitionOffsetsV3Body{
		Meta: resourceMeta{
			Self:         c.clusterURL("topics", info.Topic, "partitions", id, "offset"),
			ResourceName: c.clusterCRN("topic", info.Topic, "partition", id, "offset_type", offsetType),
		},
		ClusterID:      s.cfg.clusterID,
		TopicName:      info.Topic,
		PartitionID:    info.Partition,
		EarliestOffset: info.StartOffset,
		LatestOffset:   info.EndOffset,
	})
	return nil
}
