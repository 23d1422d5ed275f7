package mockproxy_test

import (
	"encoding/json"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/kafkarestmock/kafkarestmock/fakelog"
	"github.com/kafkarestmock/kafkarestmock/internal/resttest"
	"github.com/kafkarestmock/kafkarestmock/mockproxy"
)

// v3Group is the KafkaConsumerGroup body of group.
func v3Group(group string, simple bool, assignor, state string) string {
	u := "{base}/v3/clusters/{c}/consumer-groups/" + group
	return `{"kind":"KafkaConsumerGroup","metadata":{"self":"` + u + `","resource_name":"crn:///kafka={c}/consumer-group=` + group + `"},` +
		`"cluster_id":"{c}","consumer_group_id":"` + group + `","is_simple":` + strconv.FormatBool(simple) + `,` +
		`"partition_assignor":"` + assignor + `","state":"` + state + `","type":"CLASSIC","is_mixed_consumer_group":false,` +
		`"coordinator":{"related":"{base}/v3/clusters/{c}/brokers/1"},"consumers":{"related":"` + u + `/consumers"},` +
		`"lag_summary":{"related":"` + u + `/lag-summary"}}`
}

// v3Consumer is the KafkaConsumer body of member of group.
func v3Consumer(group, member, client string) string {
	u := "{base}/v3/clusters/{c}/consumer-groups/" + group + "/consumers/" + member
	return `{"kind":"KafkaConsumer","metadata":{"self":"` + u + `","resource_name":"crn:///kafka={c}/consumer-group=` + group + `/consumer=` + member + `"},` +
		`"cluster_id":"{c}","consumer_group_id":"` + group + `","consumer_id":"` + member + `","instance_id":null,"client_id":"` + client + `",` +
		`"assignments":{"related":"` + u + `/assignments"}}`
}

// v3Assignment is the KafkaConsumerAssignment body of partition p of
// topic, assigned to member of group.
func v3Assignment(group, member, topic string, p int) string {
	id := strconv.Itoa(p)
	u := "{base}/v3/clusters/{c}/consumer-groups/" + group + "/consumers/" + member + "/assignments/" + topic + "/partitions/" + id
	return `{"kind":"KafkaConsumerAssignment","metadata":{"self":"` + u + `",` +
		`"resource_name":"crn:///kafka={c}/consumer-group=` + group + `/consumer=` + member + `/assignment=` + topic + `/partition=` + id + `"},` +
		`"cluster_id":"{c}","consumer_group_id":"` + group + `","consumer_id":"` + member + `","topic_name":"` + topic + `","partition_id":` + id + `,` +
		`"partition":{"related":"{base}/v3/clusters/{c}/topics/` + topic + `/partitions/` + id + `"},` +
		`"lag":{"related":"{base}/v3/clusters/{c}/consumer-groups/` + group + `/lags/` + topic + `/partitions/` + id + `"}}`
}

// v3List is a v3 collection body of kind at path (under the cluster).
func v3ListBody(kind, path string, items ...string) string {
	return `{"kind":"` + kind + `","metadata":{"self":"{base}/v3/clusters/{c}` + path + `","next":null},"data":[` + strings.Join(items, ",") + `]}`
}

// readRecords reads a binary v2 instance's records until it has n: on
// Kafka, records reach a consumer asynchronously. Each read long-polls up
// to 1 s and returns as soon as records arrive.
func readRecords(t *testing.T, srv *mockproxy.Server, inst string, n int) {
	t.Helper()
	deadline := time.Now().Add(20 * time.Second)
	for got := 0; got < n; {
		if time.Now().After(deadline) {
			t.Fatalf("read %d records of %d", got, n)
		}
		body := resttest.Must(t, srv, 200, "GET", inst+"/records?timeout=1000", "", "Accept: "+ctV2B).Body
		var recs []json.RawMessage
		if err := json.Unmarshal(body, &recs); err != nil {
			t.Fatalf("records %s: %v", body, err)
		}
		got += len(recs)
	}
}

// setUpGroups makes, through the v2 consumer API, group "g" with one
// member c1 subscribed to orders (3 partitions), which has read the 4
// records of partitions 0 and 1 and committed its positions (3, 1, 0)
// before 2 more records reach partition 0; and group "simple", whose
// only consumer assigned itself orders-0, committed offset 1 there and
// was deleted; group "fresh", whose member f1 has read topic a and
// committed nothing; and an instance of group "idle" that never
// subscribed. It returns c1's member id.
func setUpGroups(t *testing.T, srv *mockproxy.Server) string {
	t.Helper()
	x := fakelog.Record{Value: []byte("x")}
	produceTo(t, srv, "orders", 0, x, x, x)
	produceTo(t, srv, "orders", 1, x)
	cfg := `{"name":"%s","format":"binary","auto.offset.reset":"earliest","auto.commit.enable":"false"}`
	c1 := create(t, srv, "g", strings.Replace(cfg, "%s", "c1", 1))
	resttest.Must(t, srv, 204, "POST", c1+"/subscription", `{"topics":["orders"]}`, "Content-Type: "+ctV2)
	readRecords(t, srv, c1, 4)
	resttest.Must(t, srv, 200, "POST", c1+"/offsets", "", "Content-Type: "+ctV2)
	produceTo(t, srv, "orders", 0, x, x)

	s1 := create(t, srv, "simple", strings.Replace(cfg, "%s", "s1", 1))
	resttest.Must(t, srv, 204, "POST", s1+"/assignments", `{"partitions":[{"topic":"orders","partition":0}]}`, "Content-Type: "+ctV2)
	resttest.Must(t, srv, 200, "POST", s1+"/offsets", `{"offsets":[{"topic":"orders","partition":0,"offset":0}]}`, "Content-Type: "+ctV2)
	resttest.Must(t, srv, 204, "DELETE", s1, "", "Content-Type: "+ctV2)

	f1 := create(t, srv, "fresh", strings.Replace(cfg, "%s", "f1", 1))
	resttest.Must(t, srv, 204, "POST", f1+"/subscription", `{"topics":["a"]}`, "Content-Type: "+ctV2)
	produceTo(t, srv, "a", 0, x)
	readRecords(t, srv, f1, 1)

	create(t, srv, "idle", strings.Replace(cfg, "%s", "i1", 1))

	for _, g := range srv.Backend().Groups() {
		if g.Group == "g" && len(g.Members) == 1 {
			return g.Members[0].MemberID
		}
	}
	t.Fatalf("group g has no member: %+v", srv.Backend().Groups())
	return ""
}

func TestV3ConsumerGroups(t *testing.T) {
	t.Parallel()
	const groups = "/v3/clusters/{c}/consumer-groups"
	resttest.EachBackend(t, func(t *testing.T, b resttest.Backend) {
		srv := newV3Server(t, b)
		m := setUpGroups(t, srv)
		consumers := groups + "/g/consumers"
		assigned := consumers + "/" + m + "/assignments"
		cases := []v3Case{
			{name: "list", method: "GET", path: groups, status: 200,
				want: v3ListBody("KafkaConsumerGroupList", "/consumer-groups",
					v3Group("fresh", false, "range", "STABLE"), v3Group("g", false, "range", "STABLE"), v3Group("simple", true, "", "EMPTY"))},
			{name: "list unknown cluster", method: "GET", path: "/v3/clusters/nope/consumer-groups", status: 404, code: 404, msg: "Cluster nope could not be found."},
			{name: "get", method: "GET", path: groups + "/g", status: 200, want: v3Group("g", false, "range", "STABLE")},
			{name: "get simple", method: "GET", path: groups + "/simple", status: 200, want: v3Group("simple", true, "", "EMPTY")},
			{name: "get unknown", method: "GET", path: groups + "/nope", status: 404, code: 404, msg: "HTTP 404 Not Found"},
			{name: "get never joined", method: "GET", path: groups + "/idle", status: 404, code: 404, msg: "HTTP 404 Not Found"},
			{name: "get unknown cluster", method: "GET", path: "/v3/clusters/nope/consumer-groups/g", status: 404, code: 404, msg: "Cluster nope could not be found."},

			{name: "consumers", method: "GET", path: consumers, status: 200,
				want: v3ListBody("KafkaConsumerList", "/consumer-groups/g/consumers", v3Consumer("g", m, "c1"))},
			{name: "consumers of simple", method: "GET", path: groups + "/simple/consumers", status: 200,
				want: v3ListBody("KafkaConsumerList", "/consumer-groups/simple/consumers")},
			{name: "consumers unknown group", method: "GET", path: groups + "/nope/consumers", status: 404, code: 404, msg: "Consumer Group nope does not exist."},
			{name: "consumers unknown cluster", method: "GET", path: "/v3/clusters/nope/consumer-groups/g/consumers", status: 404, code: 404, msg: "Cluster nope could not be found."},
			{name: "consumer", method: "GET", path: consumers + "/" + m, status: 200, want: v3Consumer("g", m, "c1")},
			{name: "consumer unknown", method: "GET", path: consumers + "/nope", status: 404, code: 404, msg: "HTTP 404 Not Found"},
			{name: "consumer unknown group", method: "GET", path: groups + "/nope/consumers/" + m, status: 404, code: 404, msg: "Consumer Group nope does not exist."},

			{name: "assignments", method: "GET", path: assigned, status: 200,
				want: v3ListBody("KafkaConsumerAssignmentList", "/consumer-groups/g/consumers/"+m+"/assignments",
					v3Assignment("g", m, "orders", 0), v3Assignment("g", m, "orders", 1), v3Assignment("g", m, "orders", 2))},
			{name: "assignments unknown consumer", method: "GET", path: consumers + "/nope/assignments", status: 404, code: 404, msg: "Consumer nope does not exist."},
			{name: "assignments unknown group", method: "GET", path: groups + "/nope/consumers/" + m + "/assignments", status: 404, code: 404, msg: "Consumer Group nope does not exist."},
			{name: "assignment", method: "GET", path: assigned + "/orders/partitions/2", status: 200, want: v3Assignment("g", m, "orders", 2)},
			{name: "assignment not assigned", method: "GET", path: assigned + "/orders/partitions/3", status: 404, code: 404, msg: "HTTP 404 Not Found"},
			{name: "assignment other topic", method: "GET", path: assigned + "/a/partitions/0", status: 404, code: 404, msg: "HTTP 404 Not Found"},
			{name: "assignment partition not a number", method: "GET", path: assigned + "/orders/partitions/x", status: 404, code: 404, msg: "HTTP 404 Not Found"},
			{name: "assignment unknown consumer", method: "GET", path: consumers + "/nope/assignments/orders/partitions/0", status: 404, code: 404, msg: "Consumer nope does not exist."},
		}
		for _, tc := range cases {
			t.Run(tc.name, func(t *testing.T) { tc.run(t, srv) })
		}
	})
}

// v3Lag is the KafkaConsumerLag body of partition p of topic in group.
func v3Lag(group, topic string, p int, member, client string, current, end int64) string {
	id := strconv.Itoa(p)
	return `{"kind":"KafkaConsumerLag","metadata":{"self":"{base}/v3/clusters/{c}/consumer-groups/` + group + `/lags/` + topic + `/partitions/` + id + `",` +
		`"resource_name":"crn:///kafka={c}/consumer-group=` + group + `/lag=` + topic + `/partition=` + id + `"},` +
		`"cluster_id":"{c}","consumer_group_id":"` + group + `","topic_name":"` + topic + `","partition_id":` + id + `,` +
		`"consumer_id":"` + member + `","instance_id":null,"client_id":"` + client + `",` +
		`"current_offset":` + strconv.FormatInt(current, 10) + `,"log_end_offset":` + strconv.FormatInt(end, 10) + `,"lag":` + strconv.FormatInt(max(0, end-current), 10) + `}`
}

// v3LagSummary is the KafkaConsumerGroupLagSummary body of group.
func v3LagSummary(group string, maxLag, total int64, member, client, topic string, p int) string {
	id := strconv.Itoa(p)
	consumer := "{base}/v3/clusters/{c}/consumer-groups/" + group + "/consumers"
	if member != "" {
		consumer += "/" + member
	}
	return `{"kind":"KafkaConsumerGroupLagSummary","metadata":{"self":"{base}/v3/clusters/{c}/consumer-groups/` + group + `/lag-summary",` +
		`"resource_name":"crn:///kafka={c}/consumer-group=` + group + `/lag-summary"},` +
		`"cluster_id":"{c}","consumer_group_id":"` + group + `","max_lag":` + strconv.FormatInt(maxLag, 10) + `,"total_lag":` + strconv.FormatInt(total, 10) + `,` +
		`"max_lag_consumer_id":"` + member + `","max_lag_consumer":{"related":"` + consumer + `"},` +
		`"max_lag_client_id":"` + client + `","max_lag_instance_id":null,"max_lag_topic_name":"` + topic + `","max_lag_partition_id":` + id + `,` +
		`"max_lag_partition":{"related":"{base}/v3/clusters/{c}/topics/` + topic + `/partitions/` + id + `"}}`
}

func TestV3ConsumerLags(t *testing.T) {
	t.Parallel()
	const groups = "/v3/clusters/{c}/consumer-groups"
	resttest.EachBackend(t, func(t *testing.T, b resttest.Backend) {
		srv := newV3Server(t, b)
		m := setUpGroups(t, srv)
		cases := []v3Case{
			{name: "list", method: "GET", path: groups + "/g/lags", status: 200,
				want: v3ListBody("KafkaConsumerLagList", "/consumer-groups/g/lags",
					v3Lag("g", "orders", 0, m, "c1", 3, 5), v3Lag("g", "orders", 1, m, "c1", 1, 1), v3Lag("g", "orders", 2, m, "c1", 0, 0))},
			{name: "list simple", method: "GET", path: groups + "/simple/lags", status: 200,
				want: v3ListBody("KafkaConsumerLagList", "/consumer-groups/simple/lags", v3Lag("simple", "orders", 0, "", "", 1, 5))},
			{name: "list unknown group", method: "GET", path: groups + "/nope/lags", status: 404, code: 404, msg: "Consumer Group nope could not be found."},
			{name: "list no commits", method: "GET", path: groups + "/fresh/lags", status: 404, code: 404, msg: "Consumer group offsets could not be found."},
			{name: "list unknown cluster", method: "GET", path: "/v3/clusters/nope/consumer-groups/g/lags", status: 404, code: 404, msg: "Cluster nope could not be found."},
			{name: "get", method: "GET", path: groups + "/g/lags/orders/partitions/1", status: 200, want: v3Lag("g", "orders", 1, m, "c1", 1, 1)},
			{name: "get uncommitted", method: "GET", path: groups + "/simple/lags/orders/partitions/1", status: 404, code: 404, msg: "HTTP 404 Not Found"},
			{name: "get partition not a number", method: "GET", path: groups + "/g/lags/orders/partitions/x", status: 404, code: 404, msg: "HTTP 404 Not Found"},
			{name: "get no commits", method: "GET", path: groups + "/fresh/lags/a/partitions/0", status: 404, code: 404, msg: "Consumer group offsets could not be found."},
			{name: "get unknown group", method: "GET", path: groups + "/nope/lags/orders/partitions/0", status: 404, code: 404, msg: "Consumer Group nope could not be found."},
			{name: "summary", method: "GET", path: groups + "/g/lag-summary", status: 200, want: v3LagSummary("g", 2, 2, m, "c1", "orders", 0)},
			{name: "summary simple", method: "GET", path: groups + "/simple/lag-summary", status: 200, want: v3LagSummary("simple", 4, 4, "", "", "orders", 0)},
			{name: "summary unknown group", method: "GET", path: groups + "/nope/lag-summary", status: 404, code: 404, msg: "Consumer Group nope could not be found."},
			{name: "summary no commits", method: "GET", path: groups + "/fresh/lag-summary", status: 404, code: 404, msg: "Consumer group offsets could not be found."},
			{name: "summary unknown cluster", method: "GET", path: "/v3/clusters/nope/consumer-groups/g/lag-summary", status: 404, code: 404, msg: "Cluster nope could not be found."},
		}
		for _, tc := range cases {
			t.Run(tc.name, func(t *testing.T) { tc.run(t, srv) })
		}
	})
}
