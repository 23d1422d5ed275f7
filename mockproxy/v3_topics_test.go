package mockproxy_test

import (
	"strconv"
	"testing"

	"github.com/kafkarestmock/kafkarestmock/internal/resttest"
	"github.com/kafkarestmock/kafkarestmock/mockproxy"
)

// v3Topic is the KafkaTopic body of topic name with n partitions.
func v3Topic(name string, n int) string {
	u := "{base}/v3/clusters/{c}/topics/" + name
	return `{"kind":"KafkaTopic","metadata":{"self":"` + u + `","resource_name":"crn:///kafka={c}/topic=` + name + `"},` +
		`"cluster_id":"{c}","topic_name":"` + name + `","is_internal":false,"replication_factor":1,"partitions_count":` + strconv.Itoa(n) + `,` +
		`"partitions":{"related":"` + u + `/partitions"},"configs":{"related":"` + u + `/configs"},` +
		`"partition_reassignments":{"related":"` + u + `/partitions/-/reassignment"},"authorized_operations":[]}`
}

// newV3Server has topics "a" (1 partition) and "orders" (3).
func newV3Server(t *testing.T, b resttest.Backend, opts ...mockproxy.Option) *mockproxy.Server {
	t.Helper()
	return b.Start(t, append([]mockproxy.Option{mockproxy.WithTopic("orders", 3), mockproxy.WithTopic("a", 1)}, opts...)...)
}

func TestV3Topics(t *testing.T) {
	t.Parallel()
	const topics = "/v3/clusters/{c}/topics"
	cases := []struct {
		v3Case
		after *v3Case // a request whose answer shows the effect
	}{
		{v3Case: v3Case{name: "list", method: "GET", path: topics, status: 200,
			want: `{"kind":"KafkaTopicList","metadata":{"self":"{base}/v3/clusters/{c}/topics","next":null},"data":[` + v3Topic("a", 1) + `,` + v3Topic("orders", 3) + `]}`}},
		{v3Case: v3Case{name: "list unknown cluster", method: "GET", path: "/v3/clusters/nope/topics", status: 404, code: 404, msg: "Cluster nope cannot be found."}},
		{v3Case: v3Case{name: "get", method: "GET", path: topics + "/orders", status: 200, want: v3Topic("orders", 3)}},
		{v3Case: v3Case{name: "get unknown", method: "GET", path: topics + "/nope", status: 404, code: 40403, msg: "This server does not host this topic-partition."}},
		{v3Case: v3Case{name: "get unknown cluster", method: "GET", path: "/v3/clusters/nope/topics/orders", status: 404, code: 404, msg: "Cluster nope cannot be found."}},

		{v3Case: v3Case{name: "create", method: "POST", path: topics, body: `{"topic_name":"new","partitions_count":2,"configs":[{"name":"cleanup.policy","value":"compact"}]}`,
			status: 201, want: v3Topic("new", 2), header: map[string]string{"Location": "{base}/v3/clusters/{c}/topics/new"}},
			after: &v3Case{method: "GET", path: topics + "/new", status: 200, want: v3Topic("new", 2)}},
		{v3Case: v3Case{name: "create with defaults", method: "POST", path: topics, body: `{"topic_name":"new"}`, status: 201, want: v3Topic("new", 1)}},
		{v3Case: v3Case{name: "create with assignments", method: "POST", path: topics, body: `{"topic_name":"new","replicas_assignments":{"0":[1],"1":[1]}}`, status: 201, want: v3Topic("new", 2)}},
		{v3Case: v3Case{name: "validate only", method: "POST", path: topics, body: `{"topic_name":"new","partitions_count":4,"validate_only":true}`,
			status: 200, want: v3Topic("new", 4), header: map[string]string{"Location": "{base}/v3/clusters/{c}/topics/new"}},
			after: &v3Case{method: "GET", path: topics + "/new", status: 404, code: 40403, msg: "This server does not host this topic-partition."}},
		{v3Case: v3Case{name: "validate only existing", method: "POST", path: topics, body: `{"topic_name":"orders","validate_only":true}`, status: 400, code: 40002, msg: "Topic 'orders' already exists."}},
		{v3Case: v3Case{name: "create existing", method: "POST", path: topics, body: `{"topic_name":"orders"}`, status: 400, code: 40002, msg: "Topic 'orders' already exists."}},
		{v3Case: v3Case{name: "create replicated", method: "POST", path: topics, body: `{"topic_name":"new","replication_factor":3}`, status: 400, code: 40002,
			msg: "Unable to replicate the partition 3 time(s): The target replication factor of 3 cannot be reached because only 1 broker(s) are registered."}},
		{v3Case: v3Case{name: "create no partitions", method: "POST", path: topics, body: `{"topic_name":"new","partitions_count":0}`, status: 400, code: 40002,
			msg: "Number of partitions was set to an invalid non-positive value."}},
		{v3Case: v3Case{name: "create no body", method: "POST", path: topics, status: 422, code: 42206, msg: "Payload error. Request body is empty. Data is required."}},
		{v3Case: v3Case{name: "create bad name", method: "POST", path: topics, body: `{"topic_name":"a b"}`, status: 422, code: 42206, msg: "Payload error. Invalid topic name."}},
		{v3Case: v3Case{name: "create without name", method: "POST", path: topics, body: `{}`, status: 400, code: 400,
			msg: "Cannot construct instance of `io.confluent.kafkarest.entities.v3.CreateTopicRequest`, problem: Null topicName"}},
		{v3Case: v3Case{name: "create unknown field", method: "POST", path: topics, body: `{"topic_name":"new","x":1}`, status: 422, code: 422, msg: "Unrecognized field: x"}},
		{v3Case: v3Case{name: "create unknown cluster", method: "POST", path: "/v3/clusters/nope/topics", body: `{"topic_name":"new"}`, status: 404, code: 404, msg: "Cluster nope cannot be found."}},

		{v3Case: v3Case{name: "grow", method: "PATCH", path: topics + "/orders", body: `{"partitions_count":5}`, status: 200, want: v3Topic("orders", 5)},
			after: &v3Case{method: "GET", path: topics + "/orders", status: 200, want: v3Topic("orders", 5)}},
		{v3Case: v3Case{name: "grow to same", method: "PATCH", path: topics + "/orders", body: `{"partitions_count":3}`, status: 400, code: 40002, msg: "Topic already has 3 partition(s)."}},
		{v3Case: v3Case{name: "shrink", method: "PATCH", path: topics + "/orders", body: `{"partitions_count":2}`, status: 400, code: 40002,
			msg: "The topic orders currently has 3 partition(s); 2 would not be an increase."}},
		{v3Case: v3Case{name: "grow no body", method: "PATCH", path: topics + "/orders", status: 422, code: 42206, msg: "Payload error. Request body is empty. Partitions_count is required."}},
		{v3Case: v3Case{name: "grow unknown", method: "PATCH", path: topics + "/nope", body: `{"partitions_count":2}`, status: 404, code: 40403, msg: "This server does not host this topic-partition."}},

		{v3Case: v3Case{name: "delete", method: "DELETE", path: topics + "/orders", status: 204},
			after: &v3Case{method: "GET", path: topics + "/orders", status: 404, code: 40403, msg: "This server does not host this topic-partition."}},
		{v3Case: v3Case{name: "delete unknown", method: "DELETE", path: topics + "/nope", status: 404, code: 40403, msg: "This server does not host this topic-partition."}},
		{v3Case: v3Case{name: "delete unknown cluster", method: "DELETE", path: "/v3/clusters/nope/topics/orders", status: 404, code: 404, msg: "Cluster nope cannot be found."}},
	}
	resttest.EachBackend(t, func(t *testing.T, b resttest.Backend) {
		for _, tc := range cases {
			t.Run(tc.name, func(t *testing.T) {
				t.Parallel()
				srv := newV3Server(t, b)
				tc.run(t, srv)
				if tc.after != nil {
					tc.after.run(t, srv)
				}
			})
		}
	})
}
