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
