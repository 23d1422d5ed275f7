package mockproxy

// Metadata for API v1 and v2: GET and POST /, GET /topics, GET /topics/{topic},
// GET /topics/{topic}/partitions[/{partition}[/offsets]] and GET /brokers,
// as Confluent's resources answer them. The mock is one broker (id 1)
// that leads every partition; topic configs are Kafka's defaults merged
// with the topic's overrides.

import "net/http"

// topicConfigs merges Kafka's defaults (topicConfigDefs, which the real
// proxy lists in GET /topics/{topic}: describeConfigs returns them) with
// a topic's overrides.
func topicConfigs(overrides map[string]string) map[string]string {
	out := make(map[string]string, len(topicConfigDefs)+len(overrides))
	for _, d := range topicConfigDefs {
		out[d.name] = d.value
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
