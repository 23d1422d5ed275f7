package mockproxy

// Response bodies of the metadata, consumer, subscription and offsets
// resources: plain structs, one per Confluent entity, each writing itself
// as JSON field by field in the order Confluent's entity declares them.
// They encode through encode.go's appendJSONString and appendInt, which
// write strings as Jackson does: '<', '>', '&', U+2028 and U+2029 as they
// are and invalid UTF-8 as U+FFFD, where encoding/json would escape the
// first five. The produce response (produce.go) and the records of a read
// (records.go) are appended by hand for speed instead; their benchmarks
// say why.

import (
	"slices"

	"github.com/kafkarestmock/kafkarestmock/fakelog"
)

// jsonBody is a response body that appends its JSON encoding to b.
type jsonBody interface {
	appendJSON(b []byte) []byte
}

// writeJSON answers with status and body, encoded.
func (c *call) writeJSON(status int, body jsonBody) {
	c.write(status, body.appendJSON(nil))
}

// jsonArray is a list of bodies, encoded as a JSON array.
type jsonArray[T jsonBody] []T

func (a jsonArray[T]) appendJSON(b []byte) []byte {
	b = append(b, '[')
	for i, v := range a {
		if i > 0 {
			b = append(b, ',')
		}
		b = v.appendJSON(b)
	}
	return append(b, ']')
}

// jsonStrings is a list of strings, encoded as a JSON array.
type jsonStrings []string

func (l jsonStrings) appendJSON(b []byte) []byte {
	b = append(b, '[')
	for i, s := range l {
		if i > 0 {
			b = append(b, ',')
		}
		b = appendJSONString(b, s)
	}
	return append(b, ']')
}

// jsonStringMap is a map of strings, encoded as a JSON object with its
// keys sorted.
type jsonStringMap map[string]string

func (m jsonStringMap) appendJSON(b []byte) []byte {
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	slices.Sort(keys)
	b = append(b, '{')
	for i, k := range keys {
		if i > 0 {
			b = append(b, ',')
		}
		b = appendJSONString(b, k)
		b = append(b, ':')
		b = appendJSONString(b, m[k])
	}
	return append(b, '}')
}

func appendBool(b []byte, v bool) []byte {
	if v {
		return append(b, "true"...)
	}
	return append(b, "false"...)
}

// topicBody is GET /topics/{topic}: a v2 Topic.
type topicBody struct {
	Name       string
	Configs    jsonStringMap
	Partitions jsonArray[partitionBody]
}

func (t topicBody) appendJSON(b []byte) []byte {
	b = append(b, `{"name":`...)
	b = appendJSONString(b, t.Name)
	b = append(b, `,"configs":`...)
	b = t.Configs.appendJSON(b)
	b = append(b, `,"partitions":`...)
	b = t.Partitions.appendJSON(b)
	return append(b, '}')
}

// partitionBody is a v2 Partition: GET /topics/{topic}/partitions/{p}, and
// the items of GET /topics/{topic}/partitions.
type partitionBody struct {
	Partition int32
	Leader    int32
	Replicas  jsonArray[replicaBody]
}

func (p partitionBody) appendJSON(b []byte) []byte {
	b = append(b, `{"partition":`...)
	b = appendInt(b, int64(p.Partition))
	b = append(b, `,"leader":`...)
	b = appendInt(b, int64(p.Leader))
	b = append(b, `,"replicas":`...)
	b = p.Replicas.appendJSON(b)
	return append(b, '}')
}

// replicaBody is a v2 PartitionReplica.
type replicaBody struct {
	Broker int32
	Leader bool
	InSync bool
}

func (r replicaBody) appendJSON(b []byte) []byte {
	b = append(b, `{"broker":`...)
	b = appendInt(b, int64(r.Broker))
	b = append(b, `,"leader":`...)
	b = appendBool(b, r.Leader)
	b = append(b, `,"in_sync":`...)
	b = appendBool(b, r.InSync)
	return append(b, '}')
}

// partitionBodies describes partitions 0..n-1 of a topic, each led by the
// mock's one broker.
func (s *Server) partitionBodies(n int32) jsonArray[partitionBody] {
	out := make(jsonArray[partitionBody], n)
	for p := range out {
		out[p] = s.partitionBody(int32(p))
	}
	return out
}

// partitionBody describes partition p, led by the mock's one broker.
func (s *Server) partitionBody(p int32) partitionBody {
	id := s.cfg.brokerID
	return partitionBody{
		Partition: p,
		Leader:    id,
		Replicas:  jsonArray[replicaBody]{{Broker: id, Leader: true, InSync: true}},
	}
}

// offsetsBody is GET /topics/{topic}/partitions/{p}/offsets.
type offsetsBody struct {
	BeginningOffset int64
	EndOffset       int64
}

func (o offsetsBody) appendJSON(b []byte) []byte {
	b = append(b, `{"beginning_offset":`...)
	b = appendInt(b, o.BeginningOffset)
	b = append(b, `,"end_offset":`...)
	b = appendInt(b, o.EndOffset)
	return append(b, '}')
}

// brokersBody is GET /brokers.
type brokersBody struct {
	Brokers []int32
}

func (l brokersBody) appendJSON(b []byte) []byte {
	b = append(b, `{"brokers":[`...)
	for i, id := range l.Brokers {
		if i > 0 {
			b = append(b, ',')
		}
		b = appendInt(b, int64(id))
	}
	return append(b, "]}"...)
}

// createConsumerBody is POST /consumers/{group}: a CreateConsumerInstanceResponse.
type createConsumerBody struct {
	InstanceID string
	BaseURI    string
}

func (r createConsumerBody) appendJSON(b []byte) []byte {
	b = append(b, `{"instance_id":`...)
	b = appendJSONString(b, r.InstanceID)
	b = append(b, `,"base_uri":`...)
	b = appendJSONString(b, r.BaseURI)
	return append(b, '}')
}

// subscriptionBody is GET .../subscription: a v2 ConsumerSubscriptionResponse.
type subscriptionBody struct {
	Topics jsonStrings
}

func (r subscriptionBody) appendJSON(b []byte) []byte {
	b = append(b, `{"topics":`...)
	b = r.Topics.appendJSON(b)
	return append(b, '}')
}

// assignmentsBody is GET .../assignments: a v2 ConsumerAssignmentResponse.
type assignmentsBody struct {
	Partitions jsonArray[topicPartitionBody]
}

func (r assignmentsBody) appendJSON(b []byte) []byte {
	b = append(b, `{"partitions":`...)
	b = r.Partitions.appendJSON(b)
	return append(b, '}')
}

// topicPartitionBody is a v2 TopicPartition.
type topicPartitionBody struct {
	Topic     string
	Partition int32
}

func (tp topicPartitionBody) appendJSON(b []byte) []byte {
	b = append(b, `{"topic":`...)
	b = appendJSONString(b, tp.Topic)
	b = append(b, `,"partition":`...)
	b = appendInt(b, int64(tp.Partition))
	return append(b, '}')
}

// topicPartitionBodies converts the log's topic partitions.
func topicPartitionBodies(tps []fakelog.TopicPartition) jsonArray[topicPartitionBody] {
	out := make(jsonArray[topicPartitionBody], len(tps))
	for i, tp := range tps {
		out[i] = topicPartitionBody{Topic: tp.Topic, Partition: tp.Partition}
	}
	return out
}

// committedOffsetsBody is GET .../offsets: a v2 ConsumerCommittedResponse.
type committedOffsetsBody struct {
	Offsets jsonArray[committedOffsetBody]
}

func (r committedOffsetsBody) appendJSON(b []byte) []byte {
	b = append(b, `{"offsets":`...)
	b = r.Offsets.appendJSON(b)
	return append(b, '}')
}

// committedOffsetBody is a v2 TopicPartitionOffsetMetadata.
type committedOffsetBody struct {
	Topic     string
	Partition int32
	Offset    int64
	Metadata  string
}

func (o committedOffsetBody) appendJSON(b []byte) []byte {
	b = append(b, `{"topic":`...)
	b = appendJSONString(b, o.Topic)
	b = append(b, `,"partition":`...)
	b = appendInt(b, int64(o.Partition))
	b = append(b, `,"offset":`...)
	b = appendInt(b, o.Offset)
	b = append(b, `,"metadata":`...)
	b = appendJSONString(b, o.Metadata)
	return append(b, '}')
}

// v1CommitBody is an item of the v1 answer to POST .../offsets: a v1
// TopicPartitionOffset.
type v1CommitBody struct {
	Topic     string
	Partition int32
	Consumed  int64
	Committed int64
}

func (o v1CommitBody) appendJSON(b []byte) []byte {
	b = append(b, `{"topic":`...)
	b = appendJSONString(b, o.Topic)
	b = append(b, `,"partition":`...)
	b = appendInt(b, int64(o.Partition))
	b = append(b, `,"consumed":`...)
	b = appendInt(b, o.Consumed)
	b = append(b, `,"committed":`...)
	b = appendInt(b, o.Committed)
	return append(b, '}')
}
