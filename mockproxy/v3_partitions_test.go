package mockproxy_test

import (
	"strconv"
	"testing"

	"github.com/kafkarestmock/kafkarestmock/fakelog"
	"github.com/kafkarestmock/kafkarestmock/internal/resttest"
)

// v3Partition is the KafkaPartition body of partition p of topic.
func v3Partition(topic string, p int) string {
	id := strconv.Itoa(p)
	u := "{base}/v3/clusters/{c}/topics/" + topic + "/partitions/" + id
	return `{"kind":"KafkaPartition","metadata":{"self":"` + u + `","resource_name":"crn:///kafka={c}/topic=` + topic + `/partition=` + id + `"},` +
		`"cluster_id":"{c}","topic_name":"` + topic + `","partition_id":` + id + `,` +
		`"leader":{"related":"` + u + `/replicas/1"},"replicas":{"related":"` + u + `/replicas"},"reassignment":{"related":"` + u + `/reassignment"}}`
}

func TestV3Partitions(t *testing.T) {
	t.Parallel()
	const parts = "/v3/clusters/{c}/topics/orders/partitions"
	const noTopic = "This server does not host this topic-partition."
	offsets := `{"kind":"KafkaPartitionWithOffsets","metadata":{"self":"{base}/v3/clusters/{c}/topics/orders/partitions/1/offset",` +
		`"resource_name":"crn:///kafka={c}/topic=orders/partition=1/offset_type=earliest_and_latest"},` +
		`"cluster_id":"{c}","topic_name":"orders","partition_id":1,"earliest_offset":0,"latest_offset":2}`
	cases := []v3Case{
		{name: "list", method: "GET", path: parts, status: 200,
			want: `{"kind":"KafkaPartitionList","metadata":{"self":"{base}/v3/clusters/{c}/topics/orders/partitions","next":null},"data":[` +
				v3Partition("orders", 0) + `,` + v3Partition("orders", 1) + `,` + v3Partition("orders", 2) + `]}`},
		{name: "list unknown topic", method: "GET", path: "/v3/clusters/{c}/topics/nope/partitions", status: 404, code: 40403, msg: noTopic},
		{name: "list unknown cluster", method: "GET", path: "/v3/clusters/nope/topics/orders/partitions", status: 404, code: 404, msg: "Cluster nope cannot be found."},
		{name: "get", method: "GET", path: parts + "/2", status: 200, want: v3Partition("orders", 2)},
		{name: "get unknown partition", method: "GET", path: parts + "/3", status: 404, code: 404, msg: "HTTP 404 Not Found"},
		{name: "get partition not a number", method: "GET", path: parts + "/x", status: 404, code: 404, msg: "HTTP 404 Not Found"},
		{name: "get unknown topic", method: "GET", path: "/v3/clusters/{c}/topics/nope/partitions/0", status: 404, code: 40403,
			msg: "This server does not host topic-partition 0 for topic nope"},
		{name: "get unknown cluster", method: "GET", path: "/v3/clusters/nope/topics/orders/partitions/0", status: 404, code: 404, msg: "HTTP 404 Not Found"},
		{name: "offsets", method: "GET", path: parts + "/1/offset?offset_type=earliest_and_latest", status: 200, want: offsets},
		{name: "offsets default type", method: "GET", path: parts + "/1/offset", status: 200, want: offsets},
		{name: "offsets bad type", method: "GET", path: parts + "/1/offset?offset_type=latest", status: 400, code: 400, msg: "Bad Request: offset_type:latest is invalid"},
		{name: "offsets unknown partition", method: "GET", path: parts + "/7/offset", status: 404, code: 40402, msg: "Partition not found."},
		{name: "offsets unknown topic", method: "GET", path: "/v3/clusters/{c}/topics/nope/partitions/0/offset", status: 404, code: 40403,
			msg: "This server does not host topic-partition 0 for topic nope"},
	}
	resttest.EachBackend(t, func(t *testing.T, b resttest.Backend) {
		srv := newV3Server(t, b)
		produceTo(t, srv, "orders", 1, fakelog.Record{Value: []byte("x")}, fakelog.Record{Value: []byte("y")})
		for _, tc := range cases {
			t.Run(tc.name, func(t *testing.T) { tc.run(t, srv) })
		}
	})
}
