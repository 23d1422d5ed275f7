package mockproxy_test

import (
	"net/url"
	"strconv"
	"strings"
	"testing"

	"github.com/kafkarestmock/kafkarestmock/internal/resttest"
	"github.com/kafkarestmock/kafkarestmock/mockproxy"
)

// v3Broker is the KafkaBroker body of broker 1; {host} and {port} stand
// for the address of the server's URL.
const v3Broker = `{"kind":"KafkaBroker","metadata":{"self":"{base}/v3/clusters/{c}/brokers/1","resource_name":"crn:///kafka={c}/broker=1"},` +
	`"cluster_id":"{c}","broker_id":1,"host":"{host}","port":{port},"rack":null,` +
	`"configs":{"related":"{base}/v3/clusters/{c}/brokers/1/configs"},` +
	`"partition_replicas":{"related":"{base}/v3/clusters/{c}/brokers/1/partition-replicas"}}`

// v3Replica is the KafkaReplica body of broker 1's replica of partition p
// of topic.
func v3Replica(topic string, p int) string {
	id := strconv.Itoa(p)
	u := "{base}/v3/clusters/{c}/topics/" + topic + "/partitions/" + id + "/replicas/1"
	return `{"kind":"KafkaReplica","metadata":{"self":"` + u + `","resource_name":"crn:///kafka={c}/topic=` + topic + `/partition=` + id + `/replica=1"},` +
		`"cluster_id":"{c}","topic_name":"` + topic + `","partition_id":` + id + `,"broker_id":1,"is_leader":true,"is_in_sync":true,` +
		`"broker":{"related":"{base}/v3/clusters/{c}/brokers/1"}}`
}

// v3ReplicaList is a KafkaReplicaList at path (under the cluster's URL).
func v3ReplicaList(path string, replicas ...string) string {
	return `{"kind":"KafkaReplicaList","metadata":{"self":"{base}/v3/clusters/{c}` + path + `","next":null},"data":[` + strings.Join(replicas, ",") + `]}`
}

// withListener fills in {host} and {port} of want with the address of
// srv's URL.
func withListener(t *testing.T, srv *mockproxy.Server, want string) string {
	t.Helper()
	u, err := url.Parse(srv.URL())
	if err != nil {
		t.Fatal(err)
	}
	return strings.NewReplacer("{host}", u.Hostname(), "{port}", u.Port()).Replace(want)
}

func TestV3Brokers(t *testing.T) {
	t.Parallel()
	const brokers = "/v3/clusters/{c}/brokers"
	cases := []v3Case{
		{name: "list", method: "GET", path: brokers, status: 200,
			want: `{"kind":"KafkaBrokerList","metadata":{"self":"{base}/v3/clusters/{c}/brokers","next":null},"data":[` + v3Broker + `]}`},
		{name: "list unknown cluster", method: "GET", path: "/v3/clusters/nope/brokers", status: 404, code: 404, msg: "Cluster nope cannot be found."},
		{name: "get", method: "GET", path: brokers + "/1", status: 200, want: v3Broker},
		{name: "get unknown broker", method: "GET", path: brokers + "/2", status: 404, code: 404, msg: "HTTP 404 Not Found"},
		{name: "get broker not a number", method: "GET", path: brokers + "/x", status: 404, code: 404, msg: "HTTP 404 Not Found"},
		{name: "get unknown cluster", method: "GET", path: "/v3/clusters/nope/brokers/1", status: 404, code: 404, msg: "Cluster nope cannot be found."},
		{name: "partition replicas", method: "GET", path: brokers + "/1/partition-replicas", status: 200,
			want: v3ReplicaList("/brokers/1/partition-replicas", v3Replica("a", 0), v3Replica("orders", 0), v3Replica("orders", 1), v3Replica("orders", 2))},
		{name: "partition replicas unknown broker", method: "GET", path: brokers + "/2/partition-replicas", status: 404, code: 404, msg: "Broker 2 cannot be found."},
		{name: "partition replicas unknown cluster", method: "GET", path: "/v3/clusters/nope/brokers/1/partition-replicas", status: 404, code: 404,
			msg: "Cluster nope cannot be found."},
	}
	resttest.EachBackend(t, func(t *testing.T, b resttest.Backend) {
		srv := newV3Server(t, b)
		for _, tc := range cases {
			tc.want = withListener(t, srv, tc.want)
			t.Run(tc.name, func(t *testing.T) { tc.run(t, srv) })
		}
	})
}

// The port of a Host header without one is the scheme's.
func TestV3BrokerDefaultPort(t *testing.T) {
	t.Parallel()
	srv := mockproxy.NewServer(t, mockproxy.WithoutListener())
	want := strings.NewReplacer("{host}", "kafkarestmock.invalid", "{port}", "80").Replace(v3Broker)
	v3Case{method: "GET", path: "/v3/clusters/{c}/brokers/1", status: 200, want: want}.run(t, srv)
}

func TestV3Replicas(t *testing.T) {
	t.Parallel()
	const replicas = "/v3/clusters/{c}/topics/orders/partitions/1/replicas"
	cases := []v3Case{
		{name: "list", method: "GET", path: replicas, status: 200,
			want: v3ReplicaList("/topics/orders/partitions/1/replicas", v3Replica("orders", 1))},
		{name: "list unknown partition", method: "GET", path: "/v3/clusters/{c}/topics/orders/partitions/3/replicas", status: 404, code: 404,
			msg: "Partition 3 of topic orders could not be found on cluster {c}."},
		{name: "list unknown topic", method: "GET", path: "/v3/clusters/{c}/topics/nope/partitions/0/replicas", status: 404, code: 40403,
			msg: "This server does not host topic-partition 0 for topic nope"},
		{name: "list unknown cluster", method: "GET", path: "/v3/clusters/nope/topics/orders/partitions/1/replicas", status: 404, code: 404, msg: "HTTP 404 Not Found"},
		{name: "list partition not a number", method: "GET", path: "/v3/clusters/{c}/topics/orders/partitions/x/replicas", status: 404, code: 404, msg: "HTTP 404 Not Found"},
		{name: "get", method: "GET", path: replicas + "/1", status: 200, want: v3Replica("orders", 1)},
		{name: "get unknown broker", method: "GET", path: replicas + "/2", status: 404, code: 404, msg: "HTTP 404 Not Found"},
		{name: "get broker not a number", method: "GET", path: replicas + "/x", status: 404, code: 404, msg: "HTTP 404 Not Found"},
		{name: "get unknown partition", method: "GET", path: "/v3/clusters/{c}/topics/orders/partitions/3/replicas/1", status: 404, code: 404,
			msg: "Partition 3 of topic orders could not be found on cluster {c}."},
		{name: "get unknown topic", method: "GET", path: "/v3/clusters/{c}/topics/nope/partitions/0/replicas/1", status: 404, code: 40403,
			msg: "This server does not host topic-partition 0 for topic nope"},
		{name: "get unknown cluster", method: "GET", path: "/v3/clusters/nope/topics/orders/partitions/1/replicas/1", status: 404, code: 404, msg: "HTTP 404 Not Found"},
	}
	resttest.EachBackend(t, func(t *testing.T, b resttest.Backend) {
		srv := newV3Server(t, b)
		for _, tc := range cases {
			t.Run(tc.name, func(t *testing.T) { tc.run(t, srv) })
		}
	})
}

func TestV3Reassignments(t *testing.T) {
	t.Parallel()
	list := func(topic string) string {
		return `{"kind":"KafkaReassignmentList","metadata":{"self":"{base}/v3/clusters/{c}/topics/` + topic + `/partitions/-/reassignments","next":null},"data":[]}`
	}
	cases := []v3Case{
		{name: "all", method: "GET", path: "/v3/clusters/{c}/topics/-/partitions/-/reassignment", status: 200, want: list("-")},
		{name: "all unknown cluster", method: "GET", path: "/v3/clusters/nope/topics/-/partitions/-/reassignment", status: 404, code: 404,
			msg: "Cluster nope cannot be found."},
		{name: "by topic", method: "GET", path: "/v3/clusters/{c}/topics/orders/partitions/-/reassignment", status: 200, want: list("orders")},
		{name: "by unknown topic", method: "GET", path: "/v3/clusters/{c}/topics/nope/partitions/-/reassignment", status: 200, want: list("nope")},
		{name: "by topic unknown cluster", method: "GET", path: "/v3/clusters/nope/topics/orders/partitions/-/reassignment", status: 404, code: 404,
			msg: "Cluster nope cannot be found."},
		{name: "get", method: "GET", path: "/v3/clusters/{c}/topics/orders/partitions/0/reassignment", status: 404, code: 404, msg: "HTTP 404 Not Found"},
		{name: "get partition not a number", method: "GET", path: "/v3/clusters/{c}/topics/orders/partitions/x/reassignment", status: 404, code: 404,
			msg: "HTTP 404 Not Found"},
		{name: "get unknown cluster", method: "GET", path: "/v3/clusters/nope/topics/orders/partitions/0/reassignment", status: 404, code: 404,
			msg: "Cluster nope cannot be found."},
	}
	resttest.EachBackend(t, func(t *testing.T, b resttest.Backend) {
		srv := newV3Server(t, b)
		for _, tc := range cases {
			t.Run(tc.name, func(t *testing.T) { tc.run(t, srv) })
		}
	})
}
