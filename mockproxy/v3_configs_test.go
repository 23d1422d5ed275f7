package mockproxy_test

import (
	"strings"
	"testing"

	"github.com/kafkarestmock/kafkarestmock/internal/resttest"
	"github.com/kafkarestmock/kafkarestmock/mockproxy"
)

// kafkaTopicConfigs are a Kafka broker's topic configs, by name: the
// default and the broker config listed as its synonym ("" for none).
var kafkaTopicConfigs = [][3]string{
	{"cleanup.policy", "delete", "log.cleanup.policy"},
	{"compression.type", "producer", "compression.type"},
	{"delete.retention.ms", "86400000", "log.cleaner.delete.retention.ms"},
	{"file.delete.delay.ms", "60000", "log.segment.delete.delay.ms"},
	{"flush.messages", "9223372036854775807", "log.flush.interval.messages"},
	{"flush.ms", "9223372036854775807", ""},
	{"follower.replication.throttled.replicas", "", ""},
	{"index.interval.bytes", "4096", "log.index.interval.bytes"},
	{"leader.replication.throttled.replicas", "", ""},
	{"local.retention.bytes", "-2", "log.local.retention.bytes"},
	{"local.retention.ms", "-2", "log.local.retention.ms"},
	{"max.compaction.lag.ms", "9223372036854775807", "log.cleaner.max.compaction.lag.ms"},
	{"max.message.bytes", "1048588", "message.max.bytes"},
	{"message.timestamp.after.max.ms", "9223372036854775807", "log.message.timestamp.after.max.ms"},
	{"message.timestamp.before.max.ms", "9223372036854775807", "log.message.timestamp.before.max.ms"},
	{"message.timestamp.type", "CreateTime", "log.message.timestamp.type"},
	{"min.cleanable.dirty.ratio", "0.5", "log.cleaner.min.cleanable.ratio"},
	{"min.compaction.lag.ms", "0", "log.cleaner.min.compaction.lag.ms"},
	{"min.insync.replicas", "1", "min.insync.replicas"},
	{"preallocate", "false", "log.preallocate"},
	{"remote.storage.enable", "false", ""},
	{"retention.bytes", "-1", "log.retention.bytes"},
	{"retention.ms", "604800000", ""},
	{"segment.bytes", "1073741824", "log.segment.bytes"},
	{"segment.index.bytes", "10485760", "log.index.size.max.bytes"},
	{"segment.jitter.ms", "0", ""},
	{"segment.ms", "604800000", ""},
	{"unclean.leader.election.enable", "false", "unclean.leader.election.enable"},
}

// v3TopicConfig is the KafkaTopicConfig of a topic's config name at
// value; overrides maps the topic's overridden configs to their values.
func v3TopicConfig(topic, name string, overrides map[string]string) string {
	def, syn := "", ""
	for _, c := range kafkaTopicConfigs {
		if c[0] == name {
			def, syn = c[1], c[2]
		}
	}
	value, isDefault, source := def, "true", "DEFAULT_CONFIG"
	var synonyms []string
	if v, ok := overrides[name]; ok {
		value, isDefault, source = v, "false", "DYNAMIC_TOPIC_CONFIG"
		synonyms = append(synonyms, `{"name":"`+name+`","value":"`+v+`","source":"DYNAMIC_TOPIC_CONFIG"}`)
	}
	if syn != "" {
		synonyms = append(synonyms, `{"name":"`+syn+`","value":"`+def+`","source":"DEFAULT_CONFIG"}`)
	}
	u := "{base}/v3/clusters/{c}/topics/" + topic + "/configs/" + name
	return `{"kind":"KafkaTopicConfig","metadata":{"self":"` + u + `","resource_name":"crn:///kafka={c}/topic=` + topic + `/config=` + name + `"},` +
		`"cluster_id":"{c}","topic_name":"` + topic + `","name":"` + name + `","value":"` + value + `",` +
		`"is_default":` + isDefault + `,"is_read_only":false,"is_sensitive":false,"source":"` + source + `",` +
		`"synonyms":[` + strings.Join(synonyms, ",") + `]}`
}

// v3TopicConfigs is every config of a topic, by name.
func v3TopicConfigs(topic string, overrides map[string]string) []string {
	out := make([]string, len(kafkaTopicConfigs))
	for i, c := range kafkaTopicConfigs {
		out[i] = v3TopicConfig(topic, c[0], overrides)
	}
	return out
}

// v3TopicConfigList is a KafkaTopicConfigList.
func v3TopicConfigList(self string, data []string) string {
	return `{"kind":"KafkaTopicConfigList","metadata":{"self":"{base}/v3/clusters/{c}/topics/` + self + `","next":null},"data":[` + strings.Join(data, ",") + `]}`
}

// newV3ConfigServer is newV3Server plus topic "c" (1 partition), created
// with cleanup.policy=compact.
func newV3ConfigServer(t *testing.T, b resttest.Backend) *mockproxy.Server {
	t.Helper()
	srv := newV3Server(t, b)
	create := v3Case{method: "POST", path: "/v3/clusters/{c}/topics", body: `{"topic_name":"c","configs":[{"name":"cleanup.policy","value":"compact"}]}`, status: 201, want: v3Topic("c", 1)}
	create.run(t, srv)
	return srv
}

// configsDiffer is why whole config lists hold only on the in-memory log.
const configsDiffer = "the Kafka backend's configs are the cluster's: kfake's segment.bytes is 104857600, which reads as an override of Kafka's default (FIDELITY.md, API v3)"

func TestV3TopicConfigs(t *testing.T) {
	t.Parallel()
	const configs = "/v3/clusters/{c}/topics/c/configs"
	compact := map[string]string{"cleanup.policy": "compact"}
	notHosted := "This server does not host this topic-partition."
	badLong := "Invalid value abc for configuration retention.ms: Not a number of type LONG"
	get := func(name string, overrides map[string]string) *v3Case {
		return &v3Case{method: "GET", path: configs + "/" + name, status: 200, want: v3TopicConfig("c", name, overrides)}
	}
	cases := []struct {
		v3Case
		after      *v3Case // a request whose answer shows the effect
		memoryOnly string  // why the case holds only on the in-memory log
	}{
		{v3Case: v3Case{name: "list", method: "GET", path: configs, status: 200, want: v3TopicConfigList("c/configs", v3TopicConfigs("c", compact))}, memoryOnly: configsDiffer},
		{v3Case: v3Case{name: "list unknown cluster", method: "GET", path: "/v3/clusters/nope/topics/c/configs", status: 404, code: 404, msg: "HTTP 404 Not Found"}},
		{v3Case: v3Case{name: "list unknown topic", method: "GET", path: "/v3/clusters/{c}/topics/nope/configs", status: 404, code: 40403, msg: notHosted}},
		{v3Case: *get("cleanup.policy", compact)},
		{v3Case: *get("retention.ms", nil)},
		{v3Case: *get("max.message.bytes", nil)},
		{v3Case: v3Case{name: "get unknown", method: "GET", path: configs + "/nope", status: 404, code: 404, msg: "HTTP 404 Not Found"}},
		{v3Case: v3Case{name: "get unknown cluster", method: "GET", path: "/v3/clusters/nope/topics/c/configs/retention.ms", status: 404, code: 404, msg: "HTTP 404 Not Found"}},

		{v3Case: v3Case{name: "put", method: "PUT", path: configs + "/retention.ms", body: `{"value":"1000"}`, status: 204},
			after: get("retention.ms", map[string]string{"retention.ms": "1000"})},
		{v3Case: v3Case{name: "put null", method: "PUT", path: configs + "/cleanup.policy", body: `{"value":null}`, status: 204},
			after: get("cleanup.policy", nil)},
		{v3Case: v3Case{name: "put unknown name", method: "PUT", path: configs + "/nope", body: `{"value":"1"}`, status: 404, code: 404, msg: "Config nope cannot be found for TOPIC c in cluster {c}."}},
		{v3Case: v3Case{name: "put bad value", method: "PUT", path: configs + "/retention.ms", body: `{"value":"abc"}`, status: 400, code: 40002, msg: badLong}},
		{v3Case: v3Case{name: "put unknown topic", method: "PUT", path: "/v3/clusters/{c}/topics/nope/configs/retention.ms", body: `{"value":"1"}`, status: 404, code: 40403, msg: notHosted}},
		{v3Case: v3Case{name: "put unknown cluster", method: "PUT", path: "/v3/clusters/nope/topics/c/configs/retention.ms", body: `{"value":"1"}`, status: 404, code: 404, msg: "HTTP 404 Not Found"}},
		{v3Case: v3Case{name: "put no body", method: "PUT", path: configs + "/retention.ms", status: 500, code: 500, msg: "Internal Server Error"}},
		{v3Case: v3Case{name: "put unknown field", method: "PUT", path: configs + "/retention.ms", body: `{"x":1}`, status: 422, code: 422, msg: "Unrecognized field: x"}},

		{v3Case: v3Case{name: "delete", method: "DELETE", path: configs + "/cleanup.policy", status: 204}, after: get("cleanup.policy", nil)},
		{v3Case: v3Case{name: "delete unknown name", method: "DELETE", path: configs + "/nope", status: 404, code: 404, msg: "Config nope cannot be found for TOPIC c in cluster {c}."}},

		{v3Case: v3Case{name: "alter", method: "POST", path: configs + ":alter", body: `{"data":[{"name":"retention.ms","value":"1000"},{"name":"cleanup.policy","operation":"DELETE"}]}`, status: 204},
			after: &v3Case{method: "GET", path: configs + "/retention.ms", status: 200, want: v3TopicConfig("c", "retention.ms", map[string]string{"retention.ms": "1000"})}},
		{v3Case: v3Case{name: "alter validate only", method: "POST", path: configs + ":alter", body: `{"data":[{"name":"retention.ms","value":"1000"}],"validate_only":true}`, status: 204},
			after: get("retention.ms", nil)},
		{v3Case: v3Case{name: "alter unknown name", method: "POST", path: configs + ":alter", body: `{"data":[{"name":"retention.ms","value":"1000"},{"name":"nope","value":"1"}]}`, status: 404, code: 404, msg: "HTTP 404 Not Found"},
			after: get("retention.ms", nil)},
		{v3Case: v3Case{name: "alter bad value", method: "POST", path: configs + ":alter", body: `{"data":[{"name":"retention.ms","value":"abc"}]}`, status: 400, code: 40002, msg: badLong}},
		{v3Case: v3Case{name: "alter unknown topic", method: "POST", path: "/v3/clusters/{c}/topics/nope/configs:alter", body: `{"data":[]}`, status: 404, code: 40403, msg: notHosted}},
		{v3Case: v3Case{name: "alter no body", method: "POST", path: configs + ":alter", status: 422, code: 42206, msg: "Payload error. Request body is empty. Data is required."}},
		{v3Case: v3Case{name: "alter without name", method: "POST", path: configs + ":alter", body: `{"data":[{"value":"1"}]}`, status: 400, code: 400,
			msg: "Cannot construct instance of `io.confluent.kafkarest.entities.v3.AlterConfigBatchRequestData$AlterEntry`, problem: Null name"}},
		{v3Case: v3Case{name: "alter bad operation", method: "POST", path: configs + ":alter", body: `{"data":[{"name":"retention.ms","operation":"ADD"}]}`, status: 400, code: 400,
			msg: "Cannot deserialize value of type `io.confluent.kafkarest.entities.v3.AlterConfigBatchRequestData$AlterOperation` from String \"ADD\": not one of the values accepted for Enum class: [SET, DELETE]"}},

		{v3Case: v3Case{name: "list all", method: "GET", path: "/v3/clusters/{c}/topics/-/configs", status: 200,
			want: v3TopicConfigList("-/configs", append(append(v3TopicConfigs("a", nil), v3TopicConfigs("c", compact)...), v3TopicConfigs("orders", nil)...))}, memoryOnly: configsDiffer},
		{v3Case: v3Case{name: "list all unknown cluster", method: "GET", path: "/v3/clusters/nope/topics/-/configs", status: 404, code: 404, msg: "Cluster nope cannot be found."}},
		{v3Case: v3Case{name: "alter all", method: "POST", path: "/v3/clusters/{c}/topics/-/configs:alter",
			body: `{"data":[{"topic_name":"a","configs":[{"name":"retention.ms","value":"1000"}]},{"topic_name":"c","configs":[{"name":"cleanup.policy","operation":"DELETE"}]}]}`, status: 204},
			after: &v3Case{method: "GET", path: "/v3/clusters/{c}/topics/a/configs/retention.ms", status: 200, want: v3TopicConfig("a", "retention.ms", map[string]string{"retention.ms": "1000"})}},
		{v3Case: v3Case{name: "alter all partly", method: "POST", path: "/v3/clusters/{c}/topics/-/configs:alter",
			body:   `{"data":[{"topic_name":"a","configs":[{"name":"retention.ms","value":"1000"}]},{"topic_name":"c","configs":[{"name":"retention.ms","value":"abc"}]}]}`,
			status: 207, want: `{"failures":[{"topic_name":"c","error_code":40002,"message":"` + badLong + `"}]}`},
			after: &v3Case{method: "GET", path: "/v3/clusters/{c}/topics/a/configs/retention.ms", status: 200, want: v3TopicConfig("a", "retention.ms", map[string]string{"retention.ms": "1000"})}},
		{v3Case: v3Case{name: "alter all validate only", method: "POST", path: "/v3/clusters/{c}/topics/-/configs:alter",
			body: `{"data":[{"topic_name":"a","configs":[{"name":"retention.ms","value":"1000"}]}],"validate_only":true}`, status: 204},
			after: &v3Case{method: "GET", path: "/v3/clusters/{c}/topics/a/configs/retention.ms", status: 200, want: v3TopicConfig("a", "retention.ms", nil)}},
		{v3Case: v3Case{name: "alter all unknown topic", method: "POST", path: "/v3/clusters/{c}/topics/-/configs:alter",
			body: `{"data":[{"topic_name":"a","configs":[{"name":"retention.ms","value":"1000"}]},{"topic_name":"nope","configs":[]}]}`, status: 404, code: 40403, msg: notHosted},
			after: &v3Case{method: "GET", path: "/v3/clusters/{c}/topics/a/configs/retention.ms", status: 200, want: v3TopicConfig("a", "retention.ms", nil)}},
		{v3Case: v3Case{name: "alter all unknown name", method: "POST", path: "/v3/clusters/{c}/topics/-/configs:alter",
			body: `{"data":[{"topic_name":"a","configs":[{"name":"nope","value":"1"}]}]}`, status: 404, code: 404, msg: "HTTP 404 Not Found"}},
		{v3Case: v3Case{name: "alter all without topic", method: "POST", path: "/v3/clusters/{c}/topics/-/configs:alter", body: `{"data":[{"configs":[]}]}`, status: 400, code: 400,
			msg: "Cannot construct instance of `io.confluent.kafkarest.entities.v3.AlterMultipleTopicsConfigsBatchRequestData$TopicAlterEntry`, problem: Null topicName"}},
		{v3Case: v3Case{name: "alter all unknown cluster", method: "POST", path: "/v3/clusters/nope/topics/-/configs:alter", body: `{"data":[]}`, status: 404, code: 404, msg: "HTTP 404 Not Found"}},
	}
	resttest.EachBackend(t, func(t *testing.T, b resttest.Backend) {
		for _, tc := range cases {
			name := tc.name
			if name == "" {
				name = "get " + strings.TrimPrefix(tc.path, configs+"/")
			}
			t.Run(name, func(t *testing.T) {
				t.Parallel()
				if tc.memoryOnly != "" && b.Name != "memory" {
					t.Skip(tc.memoryOnly)
				}
				srv := newV3ConfigServer(t, b)
				tc.run(t, srv)
				if tc.after != nil {
					tc.after.run(t, srv)
				}
			})
		}
	})
}

// TestV3TopicConfigsShared checks that v3 config changes reach the
// topic's configs in API v2 and the log's retention.
func TestV3TopicConfigsShared(t *testing.T) {
	t.Parallel()
	resttest.EachBackend(t, func(t *testing.T, b resttest.Backend) {
		srv := newV3ConfigServer(t, b)
		put := v3Case{method: "PUT", path: "/v3/clusters/{c}/topics/c/configs/retention.ms", body: `{"value":"1000"}`, status: 204}
		put.run(t, srv)
		got := resttest.Do(t, srv, "GET", "/topics/c", "")
		if got.Status != 200 || !strings.Contains(string(got.Body), `"retention.ms":"1000"`) {
			t.Errorf("v2 GET /topics/c = %d %s, want retention.ms 1000 among its configs", got.Status, got.Body)
		}
	})
}

// v3BrokerConfig is the KafkaBrokerConfig of broker 1's config name;
// synonyms are [source, value] pairs from the highest level ("" value
// for null), the first of which is the config's value and source.
func v3BrokerConfig(name string, readOnly bool, synonyms ...[2]string) string {
	u := "{base}/v3/clusters/{c}/brokers/1/configs/" + name
	value, source := "null", "DEFAULT_CONFIG"
	var syn []string
	for i, s := range synonyms {
		v := "null"
		if s[1] != "" {
			v = `"` + s[1] + `"`
		}
		if i == 0 {
			value, source = v, s[0]
		}
		syn = append(syn, `{"name":"`+name+`","value":`+v+`,"source":"`+s[0]+`"}`)
	}
	return `{"kind":"KafkaBrokerConfig","metadata":{"self":"` + u + `","resource_name":"crn:///kafka={c}/broker=1/config=` + name + `"},` +
		`"cluster_id":"{c}","broker_id":1,"name":"` + name + `","value":` + value + `,"is_default":` + boolText(source == "DEFAULT_CONFIG") +
		`,"is_read_only":` + boolText(readOnly) + `,"is_sensitive":false,"source":"` + source + `","synonyms":[` + strings.Join(syn, ",") + `]}`
}

func boolText(b bool) string {
	if b {
		return "true"
	}
	return "false"
}

// v3ClusterConfig is the KafkaClusterConfig of a cluster-wide default.
func v3ClusterConfig(name, value string) string {
	u := "{base}/v3/clusters/{c}/broker-configs/" + name
	return `{"kind":"KafkaClusterConfig","metadata":{"self":"` + u + `","resource_name":"crn:///kafka={c}/broker-config=` + name + `"},` +
		`"cluster_id":"{c}","config_type":"BROKER","name":"` + name + `","value":"` + value + `","is_default":false,"is_read_only":false,"is_sensitive":false,` +
		`"source":"DYNAMIC_DEFAULT_BROKER_CONFIG","synonyms":[{"name":"` + name + `","value":"` + value + `","source":"DYNAMIC_DEFAULT_BROKER_CONFIG"}]}`
}

func TestV3BrokerConfigs(t *testing.T) {
	t.Parallel()
	const (
		broker  = "/v3/clusters/{c}/brokers/1/configs"
		cluster = "/v3/clusters/{c}/broker-configs"
	)
	def := func(v string) [2]string { return [2]string{"DEFAULT_CONFIG", v} }
	static := func(v string) [2]string { return [2]string{"STATIC_BROKER_CONFIG", v} }
	dyn := func(v string) [2]string { return [2]string{"DYNAMIC_BROKER_CONFIG", v} }
	dynDef := func(v string) [2]string { return [2]string{"DYNAMIC_DEFAULT_BROKER_CONFIG", v} }
	emptyClusterList := `{"kind":"KafkaClusterConfigList","metadata":{"self":"{base}/v3/clusters/{c}/broker-configs","next":null},"data":[]}`
	cases := []struct {
		v3Case
		before []v3Case
		after  *v3Case
	}{
		{v3Case: v3Case{name: "get default", method: "GET", path: broker + "/message.max.bytes", status: 200, want: v3BrokerConfig("message.max.bytes", false, def("1048588"))}},
		{v3Case: v3Case{name: "get static", method: "GET", path: broker + "/num.partitions", status: 200, want: v3BrokerConfig("num.partitions", true, static("1"), def("1"))}},
		{v3Case: v3Case{name: "get without default", method: "GET", path: broker + "/log.retention.ms", status: 200, want: v3BrokerConfig("log.retention.ms", false)}},
		{v3Case: v3Case{name: "get unknown", method: "GET", path: broker + "/nope", status: 404, code: 404, msg: "HTTP 404 Not Found"}},
		{v3Case: v3Case{name: "get unknown broker", method: "GET", path: "/v3/clusters/{c}/brokers/7/configs/message.max.bytes", status: 500, code: 50003, msg: "Timed out waiting for a node assignment. Call: describeConfigs"}},
		{v3Case: v3Case{name: "get unknown cluster", method: "GET", path: "/v3/clusters/nope/brokers/1/configs/message.max.bytes", status: 404, code: 404, msg: "HTTP 404 Not Found"}},
		{v3Case: v3Case{name: "list unknown cluster all", method: "GET", path: "/v3/clusters/nope/brokers/-/configs", status: 404, code: 404, msg: "Cluster nope cannot be found."}},

		{v3Case: v3Case{name: "put", method: "PUT", path: broker + "/message.max.bytes", body: `{"value":"2000"}`, status: 204},
			after: &v3Case{method: "GET", path: broker + "/message.max.bytes", status: 200, want: v3BrokerConfig("message.max.bytes", false, dyn("2000"), def("1048588"))}},
		{v3Case: v3Case{name: "put static", method: "PUT", path: broker + "/num.partitions", body: `{"value":"2"}`, status: 400, code: 40002, msg: "Cannot update these configs dynamically: Set(num.partitions)"}},
		{v3Case: v3Case{name: "put bad value", method: "PUT", path: broker + "/message.max.bytes", body: `{"value":"x"}`, status: 400, code: 40002, msg: "Invalid value x for configuration message.max.bytes: Not a number of type INT"}},
		{v3Case: v3Case{name: "put unknown", method: "PUT", path: broker + "/nope", body: `{"value":"1"}`, status: 404, code: 404, msg: "Config nope cannot be found for BROKER 1 in cluster {c}."}},
		{v3Case: v3Case{name: "delete", method: "DELETE", path: broker + "/message.max.bytes", status: 204},
			before: []v3Case{{method: "PUT", path: broker + "/message.max.bytes", body: `{"value":"2000"}`, status: 204}},
			after:  &v3Case{method: "GET", path: broker + "/message.max.bytes", status: 200, want: v3BrokerConfig("message.max.bytes", false, def("1048588"))}},
		{v3Case: v3Case{name: "alter", method: "POST", path: broker + ":alter", body: `{"data":[{"name":"message.max.bytes","value":"2000"},{"name":"num.io.threads","value":"4"}]}`, status: 204},
			after: &v3Case{method: "GET", path: broker + "/num.io.threads", status: 200, want: v3BrokerConfig("num.io.threads", false, dyn("4"), def("8"))}},
		{v3Case: v3Case{name: "alter unknown", method: "POST", path: broker + ":alter", body: `{"data":[{"name":"nope","value":"1"}]}`, status: 404, code: 404, msg: "HTTP 404 Not Found"}},

		{v3Case: v3Case{name: "cluster list empty", method: "GET", path: cluster, status: 200, want: emptyClusterList}},
		{v3Case: v3Case{name: "cluster put", method: "PUT", path: cluster + "/message.max.bytes", body: `{"value":"3000"}`, status: 204},
			after: &v3Case{method: "GET", path: cluster, status: 200,
				want: `{"kind":"KafkaClusterConfigList","metadata":{"self":"{base}/v3/clusters/{c}/broker-configs","next":null},"data":[` + v3ClusterConfig("message.max.bytes", "3000") + `]}`}},
		{v3Case: v3Case{name: "cluster put shows on the broker", method: "PUT", path: cluster + "/message.max.bytes", body: `{"value":"3000"}`, status: 204},
			after: &v3Case{method: "GET", path: broker + "/message.max.bytes", status: 200, want: v3BrokerConfig("message.max.bytes", false, dynDef("3000"), def("1048588"))}},
		{v3Case: v3Case{name: "cluster put unknown cluster", method: "PUT", path: "/v3/clusters/nope/broker-configs/x", body: `{"value":"1"}`, status: 404, code: 404, msg: "Cluster nope cannot be found."}},
		{v3Case: v3Case{name: "cluster get", method: "GET", path: cluster + "/log.retention.ms", status: 200, want: v3ClusterConfig("log.retention.ms", "1000")},
			before: []v3Case{{method: "POST", path: cluster + ":alter", body: `{"data":[{"name":"log.retention.ms","value":"1000"}]}`, status: 204}}},
		{v3Case: v3Case{name: "cluster get unset", method: "GET", path: cluster + "/log.retention.ms", status: 404, code: 404, msg: "HTTP 404 Not Found"}},
		{v3Case: v3Case{name: "cluster delete", method: "DELETE", path: cluster + "/log.retention.ms", status: 204},
			before: []v3Case{{method: "PUT", path: cluster + "/log.retention.ms", body: `{"value":"1000"}`, status: 204}},
			after:  &v3Case{method: "GET", path: cluster, status: 200, want: emptyClusterList}},
		{v3Case: v3Case{name: "delete unknown", method: "DELETE", path: broker + "/nope", status: 404, code: 404, msg: "Config nope cannot be found for BROKER 1 in cluster {c}."}},
		{v3Case: v3Case{name: "cluster list unknown cluster", method: "GET", path: "/v3/clusters/nope/broker-configs", status: 404, code: 404, msg: "HTTP 404 Not Found"}},
		{v3Case: v3Case{name: "cluster alter static", method: "POST", path: cluster + ":alter", body: `{"data":[{"name":"num.partitions","value":"2"}]}`, status: 400, code: 40002, msg: "Cannot update these configs dynamically: Set(num.partitions)"}},
		{v3Case: v3Case{name: "cluster delete unset", method: "DELETE", path: cluster + "/log.retention.ms", status: 404, code: 404, msg: "Config log.retention.ms cannot be found for BROKER  in cluster {c}."}},
	}
	resttest.EachBackend(t, func(t *testing.T, b resttest.Backend) {
		for _, tc := range cases {
			t.Run(tc.name, func(t *testing.T) {
				t.Parallel()
				srv := newV3Server(t, b)
				for _, bc := range tc.before {
					bc.run(t, srv)
				}
				tc.run(t, srv)
				if tc.after != nil {
					tc.after.run(t, srv)
				}
			})
		}
	})
}

// The lists of one broker's and of every broker's configs, the latter
// with a dynamic value and a cluster-wide default.
func TestV3BrokerConfigLists(t *testing.T) {
	t.Parallel()
	resttest.EachBackend(t, func(t *testing.T, b resttest.Backend) {
		srv := newV3Server(t, b, mockproxy.WithoutListener(), mockproxy.WithClusterID("c1"))
		wantGolden(t, v3Do(t, srv, "GET", "/v3/clusters/c1/brokers/1/configs", ""), 200, ctJSON, "v3/broker-configs")
		for _, tc := range []v3Case{
			{method: "PUT", path: "/v3/clusters/c1/brokers/1/configs/num.io.threads", body: `{"value":"4"}`, status: 204},
			{method: "PUT", path: "/v3/clusters/c1/broker-configs/message.max.bytes", body: `{"value":"3000"}`, status: 204},
		} {
			tc.run(t, srv)
		}
		wantGolden(t, v3Do(t, srv, "GET", "/v3/clusters/c1/brokers/-/configs", ""), 200, ctJSON, "v3/broker-configs-all")
		resttest.WantError(t, v3Do(t, srv, "GET", "/v3/clusters/c1/brokers/7/configs", ""), 500, ctJSON, 50003,
			"Timed out waiting for a node assignment. Call: describeConfigs")
	})
}

// TestV3BrokerConfigsReset checks that Reset drops the dynamic broker and
// cluster configs.
func TestV3BrokerConfigsReset(t *testing.T) {
	t.Parallel()
	srv := mockproxy.NewServer(t)
	for _, tc := range []v3Case{
		{method: "PUT", path: "/v3/clusters/{c}/broker-configs/log.retention.ms", body: `{"value":"1000"}`, status: 204},
		{method: "PUT", path: "/v3/clusters/{c}/brokers/1/configs/message.max.bytes", body: `{"value":"2000"}`, status: 204},
	} {
		tc.run(t, srv)
	}
	if err := srv.Reset(); err != nil {
		t.Fatal(err)
	}
	for _, tc := range []v3Case{
		{method: "GET", path: "/v3/clusters/{c}/broker-configs", status: 200,
			want: `{"kind":"KafkaClusterConfigList","metadata":{"self":"{base}/v3/clusters/{c}/broker-configs","next":null},"data":[]}`},
		{method: "GET", path: "/v3/clusters/{c}/brokers/1/configs/message.max.bytes", status: 200,
			want: v3BrokerConfig("message.max.bytes", false, [2]string{"DEFAULT_CONFIG", "1048588"})},
	} {
		tc.run(t, srv)
	}
}
