package mockproxy

// API v3 clusters: GET /v3/clusters and GET /v3/clusters/{cluster_id}.
// The server is one cluster (WithClusterID) of one broker, the
// controller.

import (
	"net/http"
	"strconv"
)

// registerV3Clusters adds the ClustersResource methods.
func (rb routeBuilder) registerV3Clusters(add func(method, path string, eps ...*endpoint)) {
	add(http.MethodGet, "/v3/clusters", v3Endpoint("listClusters", false, (*Server).listClustersV3))
	add(http.MethodGet, "/v3/clusters/{cluster_id}", v3Endpoint("getCluster", false, (*Server).getClusterV3))
}

// clusterBody is a KafkaCluster (ClusterData).
type clusterBody struct {
	Meta                   resourceMeta
	ClusterID              string
	Controller             related
	ACLs                   related
	Brokers                related
	BrokerConfigs          related
	ConsumerGroups         related
	Topics                 related
	PartitionReassignments related
}

func (c clusterBody) appendJSON(b []byte) []byte {
	b = appendV3Head(b, "KafkaCluster", c.Meta)
	b = append(b, `,"cluster_id":`...)
	b = appendJSONString(b, c.ClusterID)
	b = appendField(b, "controller", c.Controller)
	b = appendField(b, "acls", c.ACLs)
	b = appendField(b, "brokers", c.Brokers)
	b = appendField(b, "broker_configs", c.BrokerConfigs)
	b = appendField(b, "consumer_groups", c.ConsumerGroups)
	b = appendField(b, "topics", c.Topics)
	b = appendField(b, "partition_reassignments", c.PartitionReassignments)
	return append(b, '}')
}

// clusterBody describes the server's cluster.
func (c *call) clusterBody() clusterBody {
	return clusterBody{
		Meta:                   resourceMeta{Self: c.clusterURL(), ResourceName: c.clusterCRN()},
		ClusterID:              c.s.cfg.clusterID,
		Controller:             related(c.clusterURL("brokers", strconv.Itoa(int(c.s.cfg.brokerID)))),
		ACLs:                   related(c.clusterURL("acls")),
		Brokers:                related(c.clusterURL("brokers")),
		BrokerConfigs:          related(c.clusterURL("broker-configs")),
		ConsumerGroups:         related(c.clusterURL("consumer-groups")),
		Topics:                 related(c.clusterURL("topics")),
		PartitionReassignments: related(c.clusterURL("topics", "-", "partitions", "-", "reassignment")),
	}
}

// listClustersV3 answers GET /v3/clusters: exactly the one cluster.
func (s *Server) listClustersV3(c *call) error {
	c.writeJSON(http.StatusOK, v3List[clusterBody]{
		Kind: "KafkaClusterList",
		Meta: collectionMeta{Self: c.v3URL("v3", "clusters")},
		Data: jsonArray[clusterBody]{c.clusterBody()},
	})
	return nil
}

// getClusterV3 answers GET /v3/clusters/{cluster_id}; another id is the
// plain 404 of JAX-RS, not the sub-resources' "Cluster … cannot be found.".
func (s *Server) getClusterV3(c *call) error {
	if c.vars["cluster_id"] != s.cfg.clusterID {
		return errNotFound
	}
	c.writeJSON(http.StatusOK, c.clusterBody())
	return nil
}
