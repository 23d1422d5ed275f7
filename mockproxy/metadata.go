package mockproxy

// Metadata for API v1 and v2: GET and POST /, GET /topics, GET /topics/{topic},
// GET /topics/{topic}/partitions[/{partition}[/offsets]] and GET /brokers,
// as Confluent's resources answer them. The mock is one broker (id 1)
// that leads every partition; topic configs are Kafka's defaults merged
// with the topic's overrides.

import "net/http"

// defaultTopicConfigs are a Kafka broker's topic-level defaults, which the
// real proxy lists in GET /topics/{topic} (describeConfigs returns them).
var defaultTopicConfigs = map[string]string{
	"cleanup.policy":                          "delete",
	"compression.type":                        "producer",
	"delete.retention.ms":                     "86400000",
	"file.delete.delay.ms":                    "60000",
	"flush.messages":                          "9223372036854775807",
	"flush.ms":                                "9223372036854775807",
	"follower.replication.throttled.replicas": "",
	"index.interval.bytes":                    "4096",
	"leader.replication.throttled.replicas":   "",
	"local.retention.bytes":                   "-2",
	"local.retention.ms":                      "-2",
	"max.compaction.lag.ms":                   "9223372036854775807",
	"max.message.bytes":                       "1048588",
	"message.timestamp.after.max.ms":          "9223372036854775807",
	"message.timestamp.before.max.ms":         "9223372036854775807",
	"message.timestamp.type":                  "CreateTime",
	"min.cleanable.dirty.ratio":               "0.5",
	"min.compaction.lag.ms":                   "0",
	"min.insync.replicas":                     "1",
	"preallocate":                             "false",
	"remote.storage.enable":                   "false",
	"retention.bytes":                         "-1",
	"retention.ms":                            "604800000",
	"segment.bytes":                           "1073741824",
	"segment.index.bytes":                     "10485760",
	"segment.jitter.ms":                       "0",
	"segment.ms":                              "604800000",
	"unclean.leader.election.enable":          "false",
}

// topicConfigs merges the defaults with a topic's overrides.
func topicConfigs(overrides map[string]string) map[string]string {
	out := make(map[string]string, len(defaultTopicConfigs)+len(overrides))
	for k, v := range defaultTopicConfigs {
		out[k] = v
	}
	for k, v := range overrides {
		out[k] = v
	}
	return out
}

// root answers GET / with {} (a liveness probe).
func (s *Server) root(c *call) error {
	c.write(http.StatusOK, []byte("{}"))
	return nil
}

// rootPost answers POST / with {} after checking the body is a map of
// strings.
func (s *Server) rootPost(c *call) error {
	v, ok, err := c.parseBody()
	if err != nil || !ok {
		if err == nil {
			c.write(http.StatusOK, []byte("{}"))
		}
		return err
	}
	if err := expectObject(v, "java.util.Map<java.lang.String,java.lang.String>"); err != nil {
		return err
	}
	for _, f := range v.Fields {
		if _, _, err := decodeString(f.Value); err != nil {
			return err
		}
	}
	c.write(http.StatusOK, []byte("{}"))
	return nil
}

// listTopics answers GET /topics: the topic names, sorted.
func (s *Server) listTopics(c *call) error {
	topics := s.be.Topics()
	names := make(jsonStrings, len(topics))
	for i, t := range topics {
		names[i] = t.Name
	}
	c.writeJSON(http.StatusOK, names)
	return nil
}

// getTopic answers GET /topics/{topic}.
func (s *Server) getTopic(c *call) error {
	t, err := s.be.Topic(c.vars["topic"])
	if err != nil {
		return backendError(err)
	}
	c.writeJSON(http.StatusOK, topicBody{
		Name:       t.Name,
		Configs:    topicConfigs(t.Configs),
		Partitions: s.partitionBodies(t.Partitions),
	})
	return nil
}

// listPartitions answers GET /topics/{topic}/partitions.
func (s *Server) listPartitions(c *call) error {
	t, err := s.be.Topic(c.vars["topic"])
	if err != nil {
		return backendError(err)
	}
	c.writeJSON(http.StatusOK, s.partitionBodies(t.Partitions))
	return nil
}

// getPartition answers GET /topics/{topic}/partitions/{partition}.
func (s *Server) getPartition(c *call) error {
	p, err := c.pathPartition()
	if err != nil {
		return err
	}
	if _, err := s.be.Partition(c.vars["topic"], p); err != nil {
		return backendError(err)
	}
	c.writeJSON(http.StatusOK, s.partitionBody(p))
	return nil
}

// partitionOffsets answers GET /topics/{topic}/partitions/{partition}/offsets.
func (s *Server) partitionOffsets(c *call) error {
	p, err := c.pathPartition()
	if err != nil {
		return err
	}
	info, err := s.be.Partition(c.vars["topic"], p)
	if err != nil {
		return backendError(err)
	}
	c.writeJSON(http.StatusOK, offsetsBody{BeginningOffset: info.StartOffset, EndOffset: info.EndOffset})
	return nil
}

// listBrokers answers GET /brokers.
func (s *Server) listBrokers(c *call) error {
	c.writeJSON(http.StatusOK, brokersBody{Brokers: []int32{s.cfg.brokerID}})
	return nil
}
