package mockproxy

// API v3 brokers and replicas: the brokers of the cluster, the replicas
// of one partition, and the replicas one broker holds, as BrokersResource,
// ReplicasResource and SearchReplicasByBrokerAction answer them. The
// cluster is one broker (id 1, as GET /brokers says), which holds the one
// replica of every partition, its leader and in sync.

import (
	"net"
	"net/http"
	"strconv"
	"strings"
)

// registerV3Brokers adds the BrokersResource and ReplicasResource methods
// and the replicas-by-broker search.
func (rb routeBuilder) registerV3Brokers(add func(method, path string, eps ...*endpoint)) {
	const brokers = "/v3/clusters/{cluster_id}/brokers"
	const replicas = "/v3/clusters/{cluster_id}/topics/{topic_name}/partitions/{partition_id}/replicas"
	add(http.MethodGet, brokers, v3Endpoint("listBrokers", false, (*Server).listBrokersV3))
	add(http.MethodGet, brokers+"/{broker_id}", v3Endpoint("getBroker", false, (*Server).getBrokerV3))
	add(http.MethodGet, brokers+"/{broker_id}/partition-replicas", v3Endpoint("searchReplicasByBroker", false, (*Server).brokerReplicasV3))
	add(http.MethodGet, replicas, v3Endpoint("listReplicas", false, (*Server).listReplicasV3))
	add(http.MethodGet, replicas+"/{broker_id}", v3Endpoint("getReplica", false, (*Server).getReplicaV3))
}

// brokerV3Body is a KafkaBroker (BrokerData). rack is always null.
type brokerV3Body struct {
	Meta              resourceMeta
	ClusterID         string
	BrokerID          int32
	Host              string
	Port              int
	Configs           related
	PartitionReplicas related
}

func (br brokerV3Body) appendJSON(b []byte) []byte {
	b = appendV3Head(b, "KafkaBroker", br.Meta)
	b = append(b, `,"cluster_id":`...)
	b = appendJSONString(b, br.ClusterID)
	b = append(b, `,"broker_id":`...)
	b = appendInt(b, int64(br.BrokerID))
	b = append(b, `,"host":`...)
	b = appendJSONString(b, br.Host)
	b = append(b, `,"port":`...)
	b = appendInt(b, int64(br.Port))
	b = append(b, `,"rack":null`...)
	b = appendField(b, "configs", br.Configs)
	b = appendField(b, "partition_replicas", br.PartitionReplicas)
	return append(b, '}')
}

// listenerHostPort is the host and port the request was sent to, from its
// Host header (or the advertised listener of its scheme): the address a
// client reaches the one broker's listener at. A Host without a port means
// the scheme's default.
func (c *call) listenerHostPort() (string, int) {
	_, authority := c.s.authority(c.r)
	host, portText, err := net.SplitHostPort(authority)
	if err != nil {
		host = strings.TrimSuffix(strings.TrimPrefix(authority, "["), "]")
		if c.r.TLS != nil {
			return host, 443
		}
		return host, 80
	}
	port, err := strconv.Atoi(portText)
	if err != nil {
		port = 0
	}
	return host, port
}

// brokerV3Body describes the one broker.
func (c *call) brokerV3Body() brokerV3Body {
	id := strconv.Itoa(int(c.s.cfg.brokerID))
	host, port := c.listenerHostPort()
	return brokerV3Body{
		Meta:              resourceMeta{Self: c.clusterURL("brokers", id), ResourceName: c.clusterCRN("broker", id)},
		ClusterID:         c.s.cfg.clusterID,
		BrokerID:          c.s.cfg.brokerID,
		Host:              host,
		Port:              port,
		Configs:           related(c.clusterURL("brokers", id, "configs")),
		PartitionReplicas: related(c.clusterURL("brokers", id, "partition-replicas")),
	}
}

// replicaV3Body is a KafkaReplica (ReplicaData).
type replicaV3Body struct {
	Meta        resourceMeta
	ClusterID   string
	TopicName   string
	PartitionID int32
	BrokerID    int32
	IsLeader    bool
	IsInSync    bool
	Broker      related
}

func (r replicaV3Body) appendJSON(b []byte) []byte {
	b = appendV3Head(b, "KafkaReplica", r.Meta)
	b = append(b, `,"cluster_id":`...)
	b = appendJSONString(b, r.ClusterID)
	b = append(b, `,"topic_name":`...)
	b = appendJSONString(b, r.TopicName)
	b = append(b, `,"partition_id":`...)
	b = appendInt(b, int64(r.PartitionID))
	b = append(b, `,"broker_id":`...)
	b = appendInt(b, int64(r.BrokerID))
	b = append(b, `,"is_leader":`...)
	b = appendBool(b, r.IsLeader)
	b = append(b, `,"is_in_sync":`...)
	b = appendBool(b, r.IsInSync)
	b = appendField(b, "broker", r.Broker)
	return append(b, '}')
}

// replicaV3Body describes the one broker's replica of partition p of
// topic: the leader, in sync.
func (c *call) replicaV3Body(topic string, p int32) replicaV3Body {
	id, broker := strconv.Itoa(int(p)), strconv.Itoa(int(c.s.cfg.brokerID))
	return replicaV3Body{
		Meta: resourceMeta{
			Self:         c.clusterURL("topics", topic, "partitions", id, "replicas", broker),
			ResourceName: c.clusterCRN("topic", topic, "partition", id, "replica", broker),
		},
		ClusterID:   c.s.cfg.clusterID,
		TopicName:   topic,
		PartitionID: p,
		BrokerID:    c.s.cfg.brokerID,
		IsLeader:    true,
		IsInSync:    true,
		Broker:      related(c.clusterURL("brokers", broker)),
	}
}

// pathBrokerID parses {broker_id}; a value that is not a Java int is
// JAX-RS's 404.
func (c *call) pathBrokerID() (int32, error) {
	b, err := strconv.ParseInt(c.vars["broker_id"], 10, 32)
	if err != nil {
		return 0, errNotFound
	}
	return int32(b), nil
}

// listBrokersV3 answers GET .../brokers: the one broker.
func (s *Server) listBrokersV3(c *call) error {
	if err := c.checkCluster(); err != nil {
		return err
	}
	c.writeJSON(http.StatusOK, v3List[brokerV3Body]{
		Kind: "KafkaBrokerList",
		Meta: collectionMeta{Self: c.clusterURL("brokers")},
		Data: jsonArray[brokerV3Body]{c.brokerV3Body()},
	})
	return nil
}

// getBrokerV3 answers GET .../brokers/{broker_id}; another broker id is
// the plain 404.
func (s *Server) getBrokerV3(c *call) error {
	id, err := c.pathBrokerID()
	if err != nil {
		return err
	}
	if err := c.checkCluster(); err != nil {
		return err
	}
	if id != s.cfg.brokerID {
		return errNotFound
	}
	c.writeJSON(http.StatusOK, c.brokerV3Body())
	return nil
}

// brokerReplicasV3 answers GET .../brokers/{broker_id}/partition-replicas:
// the broker's replica of every partition of every topic but Kafka's
// internal ones, by topic name and partition id.
func (s *Server) brokerReplicasV3(c *call) error {
	id, err := c.pathBrokerID()
	if err != nil {
		return err
	}
	if err := c.checkCluster(); err != nil {
		return err
	}
	if id != s.cfg.brokerID {
		return errBrokerNotFound(id)
	}
	var data jsonArray[replicaV3Body]
	for _, t := range s.be.Topics() {
		for p := range t.Partitions {
			data = append(data, c.replicaV3Body(t.Name, p))
		}
	}
	c.writeJSON(http.StatusOK, v3List[replicaV3Body]{
		Kind: "KafkaReplicaList",
		Meta: collectionMeta{Self: c.clusterURL("brokers", strconv.Itoa(int(id)), "partition-replicas")},
		Data: data,
	})
	return nil
}

// v3Replicas looks up the partition of a replicas path as
// ReplicaManagerImpl.listReplicas does: v3Partition's answers, and a
// partition the topic lacks named with the topic and the cluster.
func (c *call) v3Replicas() (topic string, p int32, err error) {
	p, err = c.pathPartitionID()
	if err != nil {
		return "", 0, err
	}
	topic = c.vars["topic_name"]
	if _, err := c.v3Partition(errV3ReplicaPartitionMissing(p, topic, c.s.cfg.clusterID)); err != nil {
		return "", 0, err
	}
	return topic, p, nil
}

// listReplicasV3 answers GET .../partitions/{partition_id}/replicas: the
// one broker's replica.
func (s *Server) listReplicasV3(c *call) error {
	topic, p, err := c.v3Replicas()
	if err != nil {
		return err
	}
	c.writeJSON(http.StatusOK, v3List[replicaV3Body]{
		Kind: "KafkaReplicaList",
		Meta: collectionMeta{Self: c.clusterURL("topics", topic, "partitions", strconv.Itoa(int(p)), "replicas")},
		Data: jsonArray[replicaV3Body]{c.replicaV3Body(topic, p)},
	})
	return nil
}

// getReplicaV3 answers GET .../replicas/{broker_id}; a broker without a
// replica of the partition is the plain 404.
func (s *Server) getReplicaV3(c *call) error {
	id, err := c.pathBrokerID()
	if err != nil {
		return err
	}
	topic, p, err := c.v3Replicas()
	if err != nil {
		return err
	}
	if id != s.cfg.brokerID {
		return errNotFound
	}
	c.writeJSON(http.StatusOK, c.replicaV3Body(topic, p))
	return nil
}
