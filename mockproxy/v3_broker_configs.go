package mockproxy

// API v3 broker configs (/v3/clusters/{cluster_id}/brokers/{broker_id}/configs,
// .../brokers/-/configs) and cluster configs (.../broker-configs), as
// BrokerConfigsResource, ListAllBrokersConfigsAction, ClusterConfigsResource
// and their alter actions answer them. The one broker's configs are a
// static table under the dynamic overrides the server holds
// (brokerConfigStore): per broker, then cluster-wide defaults, then the
// broker's server.properties, then Kafka's defaults.

import (
	"maps"
	"net/http"
	"slices"
	"strconv"
	"strings"
	"sync"

	"github.com/kafkarestmock/kafkarestmock/backend"
)

// registerV3BrokerConfigs adds the broker and cluster config methods; the
// routes of all brokers ("-") come first.
func (rb routeBuilder) registerV3BrokerConfigs(add func(method, path string, eps ...*endpoint)) {
	add(http.MethodGet, "/v3/clusters/{cluster_id}/brokers/-/configs", v3Endpoint("listKafkaAllBrokerConfigs", false, (*Server).listAllBrokerConfigsV3))
	const broker = "/v3/clusters/{cluster_id}/brokers/{broker_id}/configs"
	add(http.MethodGet, broker, v3Endpoint("listKafkaBrokerConfigs", false, (*Server).listBrokerConfigsV3))
	add(http.MethodPost, broker+":alter", v3Endpoint("updateKafkaBrokerConfigBatch", true, (*Server).alterBrokerConfigsV3))
	add(http.MethodGet, broker+"/{name}", v3Endpoint("getKafkaBrokerConfig", false, (*Server).getBrokerConfigV3))
	add(http.MethodPut, broker+"/{name}", v3Endpoint("updateKafkaBrokerConfig", true, (*Server).updateBrokerConfigV3))
	add(http.MethodDelete, broker+"/{name}", v3Endpoint("deleteKafkaBrokerConfig", false, (*Server).resetBrokerConfigV3))
	const cluster = "/v3/clusters/{cluster_id}/broker-configs"
	add(http.MethodGet, cluster, v3Endpoint("listKafkaClusterConfigs", false, (*Server).listClusterConfigsV3))
	add(http.MethodPost, cluster+":alter", v3Endpoint("updateKafkaClusterConfigs", true, (*Server).alterClusterConfigsV3))
	add(http.MethodGet, cluster+"/{name}", v3Endpoint("getKafkaClusterConfig", false, (*Server).getClusterConfigV3))
	add(http.MethodPut, cluster+"/{name}", v3Endpoint("updateKafkaClusterConfig", true, (*Server).updateClusterConfigV3))
	add(http.MethodDelete, cluster+"/{name}", v3Endpoint("deleteKafkaClusterConfig", false, (*Server).deleteClusterConfigV3))
}

// brokerConfigStore holds the dynamic broker configs set through API v3:
// the one broker's own and the cluster-wide defaults. The zero value is
// empty and ready.
type brokerConfigStore struct {
	mu      sync.Mutex        // guards broker and cluster
	broker  map[string]string // per-broker overrides (DYNAMIC_BROKER_CONFIG)
	cluster map[string]string // cluster-wide defaults (DYNAMIC_DEFAULT_BROKER_CONFIG)
}

// snapshot returns copies of the overrides.
func (st *brokerConfigStore) snapshot() (broker, cluster map[string]string) {
	st.mu.Lock()
	defer st.mu.Unlock()
	return maps.Clone(st.broker), maps.Clone(st.cluster)
}

// apply applies ops to the cluster-wide defaults or to the broker's
// overrides.
func (st *brokerConfigStore) apply(clusterWide bool, ops []backend.ConfigOp) {
	st.mu.Lock()
	defer st.mu.Unlock()
	m := &st.broker
	if clusterWide {
		m = &st.cluster
	}
	if *m == nil {
		*m = map[string]string{}
	}
	for _, op := range ops {
		if op.Delete {
			delete(*m, op.Name)
		} else {
			(*m)[op.Name] = op.Value
		}
	}
}

// clear drops every override.
func (st *brokerConfigStore) clear() {
	st.mu.Lock()
	defer st.mu.Unlock()
	st.broker, st.cluster = nil, nil
}

// brokerConfigDef is one config of the mock's broker: Kafka's default
// (nil for none), the value of its server.properties (static, nil for
// none), the type of its values, whether it can be changed dynamically,
// and whether it is sensitive (its values are never shown).
type brokerConfigDef struct {
	name      string
	def       *string
	static    *string
	typ       configType
	dynamic   bool
	sensitive bool
}

// strp returns a pointer to s.
func strp(s string) *string { return &s }

// brokerConfigDefs are the mock broker's configs, sorted by name: a
// single KRaft node (broker and controller) of Kafka 4.x. numPartitions
// is the server's default partition count.
func brokerConfigDefs(brokerID, numPartitions int32) []brokerConfigDef {
	id := strconv.Itoa(int(brokerID))
	return []brokerConfigDef{
		{"advertised.listeners", nil, strp("PLAINTEXT://localhost:9092"), typeList, true, false},
		{"auto.create.topics.enable", strp("true"), nil, typeBoolean, false, false},
		{"background.threads", strp("10"), nil, typeInt, true, false},
		{"compression.type", strp("producer"), nil, typeString, true, false},
		{"controller.listener.names", nil, strp("CONTROLLER"), typeString, false, false},
		{"default.replication.factor", strp("1"), nil, typeInt, false, false},
		{"delete.topic.enable", strp("true"), nil, typeBoolean, false, false},
		{"listeners", strp("PLAINTEXT://:9092"), strp("PLAINTEXT://:9092,CONTROLLER://:9093"), typeList, true, false},
		{"log.cleaner.threads", strp("1"), nil, typeInt, true, false},
		{"log.cleanup.policy", strp("delete"), nil, typeList, true, false},
		{"log.dirs", nil, strp("/tmp/kraft-combined-logs"), typeString, false, false},
		{"log.retention.bytes", strp("-1"), nil, typeLong, true, false},
		{"log.retention.hours", strp("168"), nil, typeInt, false, false},
		{"log.retention.ms", nil, nil, typeLong, true, false},
		{"log.roll.hours", strp("168"), nil, typeInt, false, false},
		{"log.segment.bytes", strp("1073741824"), nil, typeInt, true, false},
		{"max.connections", strp("2147483647"), nil, typeInt, true, false},
		{"message.max.bytes", strp("1048588"), nil, typeInt, true, false},
		{"min.insync.replicas", strp("1"), nil, typeInt, true, false},
		{"node.id", strp("-1"), strp(id), typeInt, false, false},
		{"num.io.threads", strp("8"), nil, typeInt, true, false},
		{"num.network.threads", strp("3"), nil, typeInt, true, false},
		{"num.partitions", strp("1"), strp(strconv.Itoa(int(numPartitions))), typeInt, false, false},
		{"num.replica.fetchers", strp("1"), nil, typeInt, true, false},
		{"offsets.topic.replication.factor", strp("3"), strp("1"), typeInt, false, false},
		{"process.roles", nil, strp("broker,controller"), typeList, false, false},
		{"ssl.keystore.password", nil, nil, typePass, true, true},
		{"transaction.state.log.replication.factor", strp("3"), strp("1"), typeInt, false, false},
		{"unclean.leader.election.enable", strp("false"), nil, typeBoolean, true, false},
	}
}

// brokerConfigEntries are the broker's configs, sorted by name, each
// from its highest level with a value, the levels with a value as its
// synonyms.
func (s *Server) brokerConfigEntries() []configEntry {
	broker, cluster := s.brokerConfigs.snapshot()
	defs := brokerConfigDefs(s.cfg.brokerID, s.cfg.defaultPartitions)
	out := make([]configEntry, 0, len(defs))
	for _, d := range defs {
		var syn jsonArray[configSynonymBody]
		level := func(v *string, source string) {
			if v != nil {
				if d.sensitive {
					v = nil
				}
				syn = append(syn, configSynonymBody{Name: d.name, Value: v, Source: source})
			}
		}
		if v, ok := broker[d.name]; ok {
			level(&v, sourceDynamicBroker)
		}
		if v, ok := cluster[d.name]; ok {
			level(&v, sourceDynamicDefaultBroker)
		}
		level(d.static, sourceStaticBroker)
		level(d.def, sourceDefault)
		e := configEntry{name: d.name, readOnly: !d.dynamic, sensitive: d.sensitive, source: sourceDefault, isDefault: true, synonyms: syn}
		if len(syn) > 0 {
			e.value, e.source, e.isDefault = syn[0].Value, syn[0].Source, syn[0].Source == sourceDefault
		}
		if syn == nil {
			e.synonyms = jsonArray[configSynonymBody]{}
		}
		out = append(out, e)
	}
	return out
}

// brokerConfigBody is the KafkaBrokerConfig of one entry.
func (c *call) brokerConfigBody(e configEntry) configV3Body {
	id := strconv.Itoa(int(c.s.cfg.brokerID))
	return configV3Body{
		Kind:      "KafkaBrokerConfig",
		Meta:      resourceMeta{Self: c.clusterURL("brokers", id, "configs", e.name), ResourceName: c.clusterCRN("broker", id, "config", e.name)},
		ClusterID: c.s.cfg.clusterID,
		BrokerID:  c.s.cfg.brokerID,
		Entry:     e,
	}
}

// brokerConfigList is a KafkaBrokerConfigList of the broker's configs.
func (c *call) brokerConfigList(self string) v3List[configV3Body] {
	entries := c.s.brokerConfigEntries()
	data := make(jsonArray[configV3Body], len(entries))
	for i, e := range entries {
		data[i] = c.brokerConfigBody(e)
	}
	return v3List[configV3Body]{Kind: "KafkaBrokerConfigList", Meta: collectionMeta{Self: self}, Data: data}
}

// brokerConfigsOf describes the path's broker's configs as listConfigs
// does: another cluster is the rewrapped 404 without a message; a broker
// id that is no number does not match the resource (404); another broker
// is the admin client's timeout, answered at once.
func (c *call) brokerConfigsOf() ([]configEntry, error) {
	id, err := strconv.ParseInt(c.vars["broker_id"], 10, 32)
	if err != nil {
		return nil, errNotFound
	}
	if c.checkCluster() != nil {
		return nil, errNotFound
	}
	if int32(id) != c.s.cfg.brokerID {
		return nil, errV3NodeTimeout("describeConfigs")
	}
	return c.s.brokerConfigEntries(), nil
}

// listBrokerConfigsV3 answers GET .../brokers/{broker_id}/configs.
func (s *Server) listBrokerConfigsV3(c *call) error {
	if _, err := c.brokerConfigsOf(); err != nil {
		return err
	}
	c.writeJSON(http.StatusOK, c.brokerConfigList(c.clusterURL("brokers", c.vars["broker_id"], "configs")))
	return nil
}

// listAllBrokerConfigsV3 answers GET .../brokers/-/configs.
func (s *Server) listAllBrokerConfigsV3(c *call) error {
	if err := c.checkCluster(); err != nil {
		return err
	}
	c.writeJSON(http.StatusOK, c.brokerConfigList(c.clusterURL("brokers", "-", "configs")))
	return nil
}

// getBrokerConfigV3 answers GET .../brokers/{broker_id}/configs/{name}.
func (s *Server) getBrokerConfigV3(c *call) error {
	entries, err := c.brokerConfigsOf()
	if err != nil {
		return err
	}
	i := slices.IndexFunc(entries, func(e configEntry) bool { return e.name == c.vars["name"] })
	if i < 0 {
		return errNotFound
	}
	c.writeJSON(http.StatusOK, c.brokerConfigBody(entries[i]))
	return nil
}

// updateBrokerConfigV3 answers PUT .../brokers/{broker_id}/configs/{name}.
func (s *Server) updateBrokerConfigV3(c *call) error {
	op, err := decodeUpdateBody(c, "io.confluent.kafkarest.entities.v3.UpdateBrokerConfigRequest")
	if err != nil {
		return err
	}
	return s.alterOneBrokerConfig(c, op)
}

// resetBrokerConfigV3 answers DELETE .../brokers/{broker_id}/configs/{name}.
func (s *Server) resetBrokerConfigV3(c *call) error {
	return s.alterOneBrokerConfig(c, backend.ConfigOp{Name: c.vars["name"], Delete: true})
}

// alterOneBrokerConfig applies one operation to a config the broker
// lists, else 404 with the config's own message.
func (s *Server) alterOneBrokerConfig(c *call, op backend.ConfigOp) error {
	entries, err := c.brokerConfigsOf()
	if err != nil {
		return err
	}
	if !allListed(entries, []backend.ConfigOp{op}) {
		return errV3ConfigNotFound(op.Name, "BROKER", c.vars["broker_id"], s.cfg.clusterID)
	}
	return s.applyBrokerConfigs(c, false, []backend.ConfigOp{op})
}

// alterBrokerConfigsV3 answers POST .../brokers/{broker_id}/configs:alter.
// validate_only is read but, as in kafka-rest, only the topic alter
// honours it.
func (s *Server) alterBrokerConfigsV3(c *call) error {
	ops, err := decodeAlterBody(c)
	if err != nil {
		return err
	}
	entries, err := c.brokerConfigsOf()
	if err != nil {
		return err
	}
	if !allListed(entries, ops) {
		return errNotFound
	}
	return s.applyBrokerConfigs(c, false, ops)
}

// applyBrokerConfigs checks ops as a broker does (the type of a value; a
// static config cannot be set) and stores them: 204.
func (s *Server) applyBrokerConfigs(c *call, clusterWide bool, ops []backend.ConfigOp) error {
	defs := brokerConfigDefs(s.cfg.brokerID, s.cfg.defaultPartitions)
	for _, op := range ops {
		i := slices.IndexFunc(defs, func(d brokerConfigDef) bool { return d.name == op.Name })
		if i < 0 || op.Delete {
			continue
		}
		if !defs[i].dynamic {
			return errV3InvalidConfig("Cannot update these configs dynamically: Set(" + op.Name + ")")
		}
		if msg := defs[i].typ.check(op.Name, op.Value); msg != "" {
			return errV3InvalidConfig(msg)
		}
	}
	s.brokerConfigs.apply(clusterWide, ops)
	c.w.WriteHeader(http.StatusNoContent)
	return nil
}

// clusterConfigEntries are the cluster-wide defaults set so far, sorted
// by name: describeConfigs of the default broker resource lists only
// those, each with itself as its one synonym.
func (s *Server) clusterConfigEntries() []configEntry {
	_, cluster := s.brokerConfigs.snapshot()
	defs := brokerConfigDefs(s.cfg.brokerID, s.cfg.defaultPartitions)
	out := make([]configEntry, 0, len(cluster))
	for name, v := range cluster {
		value := &v
		sensitive := slices.ContainsFunc(defs, func(d brokerConfigDef) bool { return d.name == name && d.sensitive })
		if sensitive {
			value = nil
		}
		out = append(out, configEntry{name: name, value: value, sensitive: sensitive, source: sourceDynamicDefaultBroker,
			synonyms: jsonArray[configSynonymBody]{{Name: name, Value: value, Source: sourceDynamicDefaultBroker}}})
	}
	slices.SortFunc(out, func(a, b configEntry) int { return strings.Compare(a.name, b.name) })
	return out
}

// clusterConfigBody is the KafkaClusterConfig of one entry.
func (c *call) clusterConfigBody(e configEntry) configV3Body {
	return configV3Body{
		Kind:       "KafkaClusterConfig",
		Meta:       resourceMeta{Self: c.clusterURL("broker-configs", e.name), ResourceName: c.clusterCRN("broker-config", e.name)},
		ClusterID:  c.s.cfg.clusterID,
		ConfigType: "BROKER",
		Entry:      e,
	}
}

// listClusterConfigsV3 answers GET .../broker-configs: empty until a
// cluster-wide default is set.
func (s *Server) listClusterConfigsV3(c *call) error {
	if c.checkCluster() != nil {
		return errNotFound
	}
	entries := s.clusterConfigEntries()
	data := make(jsonArray[configV3Body], len(entries))
	for i, e := range entries {
		data[i] = c.clusterConfigBody(e)
	}
	c.writeJSON(http.StatusOK, v3List[configV3Body]{Kind: "KafkaClusterConfigList", Meta: collectionMeta{Self: c.clusterURL("broker-configs")}, Data: data})
	return nil
}

// getClusterConfigV3 answers GET .../broker-configs/{name}.
func (s *Server) getClusterConfigV3(c *call) error {
	if c.checkCluster() != nil {
		return errNotFound
	}
	entries := s.clusterConfigEntries()
	i := slices.IndexFunc(entries, func(e configEntry) bool { return e.name == c.vars["name"] })
	if i < 0 {
		return errNotFound
	}
	c.writeJSON(http.StatusOK, c.clusterConfigBody(entries[i]))
	return nil
}

// updateClusterConfigV3 answers PUT .../broker-configs/{name}: any name
// is taken (kafka-rest does not check, since only set configs are
// listed).
func (s *Server) updateClusterConfigV3(c *call) error {
	op, err := decodeUpdateBody(c, "io.confluent.kafkarest.entities.v3.UpdateClusterConfigRequest")
	if err != nil {
		return err
	}
	if err := c.checkCluster(); err != nil {
		return err
	}
	return s.applyBrokerConfigs(c, true, []backend.ConfigOp{op})
}

// deleteClusterConfigV3 answers DELETE .../broker-configs/{name}: the
// name must be set, else 404 with the config's own message (for the
// default broker resource, whose name is empty).
func (s *Server) deleteClusterConfigV3(c *call) error {
	if c.checkCluster() != nil {
		return errNotFound
	}
	name := c.vars["name"]
	if !allListed(s.clusterConfigEntries(), []backend.ConfigOp{{Name: name}}) {
		return errV3ConfigNotFound(name, "BROKER", "", s.cfg.clusterID)
	}
	return s.applyBrokerConfigs(c, true, []backend.ConfigOp{{Name: name, Delete: true}})
}

// alterClusterConfigsV3 answers POST .../broker-configs:alter, without
// existence checks.
func (s *Server) alterClusterConfigsV3(c *call) error {
	ops, err := decodeAlterBody(c)
	if err != nil {
		return err
	}
	if err := c.checkCluster(); err != nil {
		return err
	}
	return s.applyBrokerConfigs(c, true, ops)
}
