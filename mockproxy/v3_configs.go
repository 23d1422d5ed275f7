package mockproxy

// API v3 topic configs under /v3/clusters/{cluster_id}/topics/{topic_name}/configs
// and .../topics/-/configs, as TopicConfigsResource, ListAllTopicsConfigsAction,
// AlterTopicConfigBatchAction and AlterMultipleTopicsConfigsBatchAction answer
// them over Kafka's describeConfigs (with synonyms) and
// incrementalAlterConfigs (v3-and-schemas.md §1.5). A config is Kafka's
// default unless the backend holds an override for the topic.

import (
	"errors"
	"net/http"
	"slices"
	"strconv"
	"strings"

	"github.com/kafkarestmock/kafkarestmock/backend"
)

// registerV3Configs adds the config methods of topics, brokers and the
// cluster.
func (rb routeBuilder) registerV3Configs(add func(method, path string, eps ...*endpoint)) {
	rb.registerV3TopicConfigs(add)
	rb.registerV3BrokerConfigs(add)
}

// registerV3TopicConfigs adds the topic config methods. The routes of
// all topics ("-") come first: the router takes the first that matches.
func (rb routeBuilder) registerV3TopicConfigs(add func(method, path string, eps ...*endpoint)) {
	const all = "/v3/clusters/{cluster_id}/topics/-/configs"
	add(http.MethodGet, all, v3Endpoint("listKafkaAllTopicConfigs", false, (*Server).listAllTopicConfigsV3))
	add(http.MethodPost, all+":alter", v3Endpoint("updateKafkaTopicsConfigBatch", true, (*Server).alterAllTopicConfigsV3))
	const configs = "/v3/clusters/{cluster_id}/topics/{topic_name}/configs"
	add(http.MethodGet, configs, v3Endpoint("listKafkaTopicConfigs", false, (*Server).listTopicConfigsV3))
	add(http.MethodPost, configs+":alter", v3Endpoint("updateKafkaTopicConfigBatch", true, (*Server).alterTopicConfigsV3))
	add(http.MethodGet, configs+"/{name}", v3Endpoint("getKafkaTopicConfig", false, (*Server).getTopicConfigV3))
	add(http.MethodPut, configs+"/{name}", v3Endpoint("updateKafkaTopicConfig", true, (*Server).updateTopicConfigV3))
	add(http.MethodDelete, configs+"/{name}", v3Endpoint("deleteKafkaTopicConfig", false, (*Server).resetTopicConfigV3))
}

// Config sources, as kafka-rest names Kafka's ConfigEntry.ConfigSource.
const (
	sourceDynamicTopic         = "DYNAMIC_TOPIC_CONFIG"
	sourceDynamicBroker        = "DYNAMIC_BROKER_CONFIG"
	sourceDynamicDefaultBroker = "DYNAMIC_DEFAULT_BROKER_CONFIG"
	sourceStaticBroker         = "STATIC_BROKER_CONFIG"
	sourceDefault              = "DEFAULT_CONFIG"
)

// configType is the ConfigDef.Type Kafka parses a config's values as.
type configType string

const (
	typeLong    configType = "LONG"
	typeInt     configType = "INT"
	typeDouble  configType = "DOUBLE"
	typeBoolean configType = "BOOLEAN"
	typeString  configType = "STRING"
	typeList    configType = "LIST"
	typePass    configType = "PASSWORD"
)

// check returns Kafka's ConfigException text for a value that does not
// parse as t, or "".
func (t configType) check(name, value string) string {
	v := strings.TrimSpace(value)
	var ok bool
	switch t {
	case typeLong:
		_, err := strconv.ParseInt(v, 10, 64)
		ok = err == nil
	case typeInt:
		_, err := strconv.ParseInt(v, 10, 32)
		ok = err == nil
	case typeDouble:
		_, err := strconv.ParseFloat(v, 64)
		ok = err == nil
	case typeBoolean:
		if !strings.EqualFold(v, "true") && !strings.EqualFold(v, "false") {
			return "Invalid value " + value + " for configuration " + name + ": Expected value to be either true or false"
		}
		return ""
	default:
		return ""
	}
	if ok {
		return ""
	}
	return "Invalid value " + value + " for configuration " + name + ": Not a number of type " + string(t)
}

// topicConfigDef is one topic config of a Kafka broker: its default, the
// type of its values, and the broker config (ServerTopicConfigSynonyms)
// whose built-in default describeConfigs lists as its synonym; synonym
// is empty when that broker config has no default (segment.ms's
// log.roll.ms) or there is none.
type topicConfigDef struct {
	name    string
	value   string
	typ     configType
	synonym string
}

// topicConfigDefs are a Kafka broker's topic configs, sorted by name;
// GET /topics/{topic} of v2 and the v3 config lists show them.
var topicConfigDefs = []topicConfigDef{
	{"cleanup.policy", "delete", typeList, "log.cleanup.policy"},
	{"compression.type", "producer", typeString, "compression.type"},
	{"delete.retention.ms", "86400000", typeLong, "log.cleaner.delete.retention.ms"},
	{"file.delete.delay.ms", "60000", typeLong, "log.segment.delete.delay.ms"},
	{"flush.messages", "9223372036854775807", typeLong, "log.flush.interval.messages"},
	{"flush.ms", "9223372036854775807", typeLong, ""},
	{"follower.replication.throttled.replicas", "", typeList, ""},
	{"index.interval.bytes", "4096", typeInt, "log.index.interval.bytes"},
	{"leader.replication.throttled.replicas", "", typeList, ""},
	{"local.retention.bytes", "-2", typeLong, "log.local.retention.bytes"},
	{"local.retention.ms", "-2", typeLong, "log.local.retention.ms"},
	{"max.compaction.lag.ms", "9223372036854775807", typeLong, "log.cleaner.max.compaction.lag.ms"},
	{"max.message.bytes", "1048588", typeInt, "message.max.bytes"},
	{"message.timestamp.after.max.ms", "9223372036854775807", typeLong, "log.message.timestamp.after.max.ms"},
	{"message.timestamp.before.max.ms", "9223372036854775807", typeLong, "log.message.timestamp.before.max.ms"},
	{"message.timestamp.type", "CreateTime", typeString, "log.message.timestamp.type"},
	{"min.cleanable.dirty.ratio", "0.5", typeDouble, "log.cleaner.min.cleanable.ratio"},
	{"min.compaction.lag.ms", "0", typeLong, "log.cleaner.min.compaction.lag.ms"},
	{"min.insync.replicas", "1", typeInt, "min.insync.replicas"},
	{"preallocate", "false", typeBoolean, "log.preallocate"},
	{"remote.storage.enable", "false", typeBoolean, ""},
	{"retention.bytes", "-1", typeLong, "log.retention.bytes"},
	{"retention.ms", "604800000", typeLong, ""},
	{"segment.bytes", "1073741824", typeInt, "log.segment.bytes"},
	{"segment.index.bytes", "10485760", typeInt, "log.index.size.max.bytes"},
	{"segment.jitter.ms", "0", typeLong, ""},
	{"segment.ms", "604800000", typeLong, ""},
	{"unclean.leader.election.enable", "false", typeBoolean, "unclean.leader.election.enable"},
}

// topicConfigDefFor returns the definition of a topic config.
func topicConfigDefFor(name string) (topicConfigDef, bool) {
	i, ok := slices.BinarySearchFunc(topicConfigDefs, name, func(d topicConfigDef, n string) int { return strings.Compare(d.name, n) })
	if !ok {
		return topicConfigDef{}, false
	}
	return topicConfigDefs[i], true
}

// configSynonymBody is a ConfigSynonymData.
type configSynonymBody struct {
	Name   string
	Value  *string
	Source string
}

func (s configSynonymBody) appendJSON(b []byte) []byte {
	b = append(b, `{"name":`...)
	b = appendJSONString(b, s.Name)
	b = append(b, `,"value":`...)
	b = appendNullableString(b, s.Value)
	b = append(b, `,"source":`...)
	b = appendJSONString(b, s.Source)
	return append(b, '}')
}

// appendNullableString appends a JSON string, or null for nil.
func appendNullableString(b []byte, s *string) []byte {
	if s == nil {
		return append(b, "null"...)
	}
	return appendJSONString(b, *s)
}

// configEntry is one config as describeConfigs reports it.
type configEntry struct {
	name      string
	value     *string
	isDefault bool
	readOnly  bool
	sensitive bool
	source    string
	synonyms  jsonArray[configSynonymBody]
}

// configV3Body is a KafkaTopicConfig, KafkaBrokerConfig or
// KafkaClusterConfig (the subclasses of AbstractConfigData): the field
// of its kind (topic_name, broker_id, config_type) follows cluster_id.
type configV3Body struct {
	Kind       string
	Meta       resourceMeta
	ClusterID  string
	TopicName  string // KafkaTopicConfig
	BrokerID   int32  // KafkaBrokerConfig
	ConfigType string // KafkaClusterConfig
	Entry      configEntry
}

func (c configV3Body) appendJSON(b []byte) []byte {
	b = appendV3Head(b, c.Kind, c.Meta)
	b = append(b, `,"cluster_id":`...)
	b = appendJSONString(b, c.ClusterID)
	switch c.Kind {
	case "KafkaTopicConfig":
		b = append(b, `,"topic_name":`...)
		b = appendJSONString(b, c.TopicName)
	case "KafkaBrokerConfig":
		b = append(b, `,"broker_id":`...)
		b = appendInt(b, int64(c.BrokerID))
	default:
		b = append(b, `,"config_type":`...)
		b = appendJSONString(b, c.ConfigType)
	}
	e := c.Entry
	b = append(b, `,"name":`...)
	b = appendJSONString(b, e.name)
	b = append(b, `,"value":`...)
	b = appendNullableString(b, e.value)
	b = append(b, `,"is_default":`...)
	b = appendBool(b, e.isDefault)
	b = append(b, `,"is_read_only":`...)
	b = appendBool(b, e.readOnly)
	b = append(b, `,"is_sensitive":`...)
	b = appendBool(b, e.sensitive)
	b = append(b, `,"source":`...)
	b = appendJSONString(b, e.source)
	b = append(b, `,"synonyms":`...)
	b = e.synonyms.appendJSON(b)
	return append(b, '}')
}

// topicConfigEntries are a topic's configs, sorted by name: each default
// with its broker synonym, each override with itself as the first
// synonym. An override that equals Kafka's default counts as the default
// (the Kafka backend reports the cluster's defaults among the topic's
// configs); an override of a config Kafka does not know is listed too.
func topicConfigEntries(overrides map[string]string) []configEntry {
	out := make([]configEntry, 0, len(topicConfigDefs)+len(overrides))
	for _, d := range topicConfigDefs {
		var syn jsonArray[configSynonymBody]
		if d.synonym != "" {
			syn = append(syn, configSynonymBody{Name: d.synonym, Value: &d.value, Source: sourceDefault})
		}
		e := configEntry{name: d.name, value: &d.value, isDefault: true, source: sourceDefault, synonyms: syn}
		if v, ok := overrides[d.name]; ok && v != d.value {
			e.value, e.isDefault, e.source = &v, false, sourceDynamicTopic
			e.synonyms = append(jsonArray[configSynonymBody]{{Name: d.name, Value: &v, Source: sourceDynamicTopic}}, syn...)
		}
		out = append(out, e)
	}
	for name, v := range overrides {
		if _, ok := topicConfigDefFor(name); !ok {
			out = append(out, configEntry{name: name, value: &v, source: sourceDynamicTopic,
				synonyms: jsonArray[configSynonymBody]{{Name: name, Value: &v, Source: sourceDynamicTopic}}})
		}
	}
	slices.SortFunc(out, func(a, b configEntry) int { return strings.Compare(a.name, b.name) })
	return out
}

// topicConfigBody is the KafkaTopicConfig of one entry of a topic.
func (c *call) topicConfigBody(topic string, e configEntry) configV3Body {
	return configV3Body{
		Kind:      "KafkaTopicConfig",
		Meta:      resourceMeta{Self: c.clusterURL("topics", topic, "configs", e.name), ResourceName: c.clusterCRN("topic", topic, "config", e.name)},
		ClusterID: c.s.cfg.clusterID,
		TopicName: topic,
		Entry:     e,
	}
}

// topicConfigList is a KafkaTopicConfigList of self URL self.
func topicConfigList(self string, data jsonArray[configV3Body]) v3List[configV3Body] {
	if data == nil {
		data = jsonArray[configV3Body]{}
	}
	return v3List[configV3Body]{Kind: "KafkaTopicConfigList", Meta: collectionMeta{Self: self}, Data: data}
}

// topicConfigsOf describes a topic's configs as the config manager's
// listConfigs does: another cluster is the rewrapped 404 without a
// message, an unknown topic 40403.
func (c *call) topicConfigsOf(topic string) ([]configEntry, error) {
	if c.checkCluster() != nil {
		return nil, errNotFound
	}
	t, err := c.s.be.Topic(topic)
	if err != nil {
		return nil, backendError(err)
	}
	return topicConfigEntries(t.Configs), nil
}

// listTopicConfigsV3 answers GET .../topics/{topic_name}/configs.
func (s *Server) listTopicConfigsV3(c *call) error {
	topic := c.vars["topic_name"]
	entries, err := c.topicConfigsOf(topic)
	if err != nil {
		return err
	}
	data := make(jsonArray[configV3Body], len(entries))
	for i, e := range entries {
		data[i] = c.topicConfigBody(topic, e)
	}
	c.writeJSON(http.StatusOK, topicConfigList(c.clusterURL("topics", topic, "configs"), data))
	return nil
}

// listAllTopicConfigsV3 answers GET .../topics/-/configs: every topic's
// configs, by topic name then config name.
func (s *Server) listAllTopicConfigsV3(c *call) error {
	if err := c.checkCluster(); err != nil {
		return err
	}
	var data jsonArray[configV3Body]
	for _, t := range s.be.Topics() {
		for _, e := range topicConfigEntries(t.Configs) {
			data = append(data, c.topicConfigBody(t.Name, e))
		}
	}
	c.writeJSON(http.StatusOK, topicConfigList(c.clusterURL("topics", "-", "configs"), data))
	return nil
}

// getTopicConfigV3 answers GET .../configs/{name}; an unknown name is
// the resource's bare 404.
func (s *Server) getTopicConfigV3(c *call) error {
	topic, name := c.vars["topic_name"], c.vars["name"]
	entries, err := c.topicConfigsOf(topic)
	if err != nil {
		return err
	}
	i := slices.IndexFunc(entries, func(e configEntry) bool { return e.name == name })
	if i < 0 {
		return errNotFound
	}
	c.writeJSON(http.StatusOK, c.topicConfigBody(topic, entries[i]))
	return nil
}

// updateTopicConfigV3 answers PUT .../configs/{name} {"value":…}: 204.
func (s *Server) updateTopicConfigV3(c *call) error {
	op, err := decodeUpdateBody(c, "io.confluent.kafkarest.entities.v3.UpdateTopicConfigRequest")
	if err != nil {
		return err
	}
	return s.alterOneTopicConfig(c, op)
}

// resetTopicConfigV3 answers DELETE .../configs/{name}: 204, the config
// back at its default.
func (s *Server) resetTopicConfigV3(c *call) error {
	return s.alterOneTopicConfig(c, backend.ConfigOp{Name: c.vars["name"], Delete: true})
}

// alterOneTopicConfig applies one operation as safeUpdateConfig and
// safeResetConfig do: the config must be listed, else 404 with its own
// message.
func (s *Server) alterOneTopicConfig(c *call, op backend.ConfigOp) error {
	topic := c.vars["topic_name"]
	entries, err := c.topicConfigsOf(topic)
	if err != nil {
		return err
	}
	if !slices.ContainsFunc(entries, func(e configEntry) bool { return e.name == op.Name }) {
		return errV3ConfigNotFound(op.Name, "TOPIC", topic, c.s.cfg.clusterID)
	}
	if err := s.alterTopicConfigs(topic, []backend.ConfigOp{op}, false); err != nil {
		return err
	}
	c.w.WriteHeader(http.StatusNoContent)
	return nil
}

// alterTopicConfigs checks the values Kafka parses and has the backend
// apply ops.
func (s *Server) alterTopicConfigs(topic string, ops []backend.ConfigOp, validateOnly bool) error {
	for _, op := range ops {
		if d, ok := topicConfigDefFor(op.Name); ok && !op.Delete {
			if msg := d.typ.check(op.Name, op.Value); msg != "" {
				return errV3InvalidConfig(msg)
			}
		}
	}
	err := s.be.AlterTopicConfigs(topic, ops, validateOnly)
	if errors.Is(err, backend.ErrInvalidConfig) {
		_, detail, _ := strings.Cut(err.Error(), ": ")
		return errV3InvalidConfig(detail)
	}
	if err != nil {
		return backendError(err)
	}
	return nil
}

// alterEntryType and alterOperationType are the Java types of an alter
// entry and its operation.
const (
	alterEntryType     = "io.confluent.kafkarest.entities.v3.AlterConfigBatchRequestData$AlterEntry"
	alterOperationType = "io.confluent.kafkarest.entities.v3.AlterConfigBatchRequestData$AlterOperation"
	alterOperations    = "[SET, DELETE]"
)

func (f alterFailureBody) appendJSON(b []byte) []byte {
	b = append(b, `{"topic_name":`...)
	b = appendJSONString(b, f.TopicName)
	b = append(b, `,"error_code":`...)
	b = appendInt(b, int64(f.Code))
	b = append(b, `,"message":`...)
	b = appendJSONString(b, f.Message)
	return append(b, '}')
}

func (r alterFailuresBody) appendJSON(b []byte) []byte {
	b = append(b, `{"failures":`...)
	b = r.Failures.appendJSON(b)
	return append(b, '}')
}
