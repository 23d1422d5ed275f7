package mockproxy_test

import (
	"fmt"
	"io"
	"net/http"
	"strings"

	"github.com/kafkarestmock/kafkarestmock/fakelog"
	"github.com/kafkarestmock/kafkarestmock/mockproxy"
	"github.com/kafkarestmock/kafkarestmock/scenario"
)

// exampleTB stands in for the *testing.T a test would pass to NewServer.
type exampleTB struct{ cleanups []func() }

func (t *exampleTB) Helper()                        {}
func (t *exampleTB) Fatalf(format string, a ...any) { panic(fmt.Sprintf(format, a...)) }
func (t *exampleTB) Cleanup(f func())               { t.cleanups = append(t.cleanups, f) }
func (t *exampleTB) finish() {
	for i := len(t.cleanups) - 1; i >= 0; i-- {
		t.cleanups[i]()
	}
}

// call sends a request and prints the status and body.
func call(c *http.Client, method, url, contentType, body string) {
	req, _ := http.NewRequest(method, url, strings.NewReader(body))
	if contentType != "" {
		req.Header.Set("Content-Type", contentType)
	}
	resp, err := c.Do(req)
	if err != nil {
		fmt.Println(err)
		return
	}
	b, _ := io.ReadAll(resp.Body)
	resp.Body.Close()
	if len(b) == 0 {
		fmt.Println(resp.StatusCode)
		return
	}
	fmt.Println(resp.StatusCode, string(b))
}

// ExampleNewServer is the usual start of a test: a server on a free port,
// closed by t.Cleanup, seeded from Go, produced to over HTTP, and checked
// through the log.
func ExampleNewServer() {
	t := &exampleTB{} // in a test: the test's *testing.T
	defer t.finish()
	srv := mockproxy.NewServer(t, mockproxy.WithTopic("orders", 3))

	call(srv.Client(), "POST", srv.URL()+"/topics/orders/partitions/2", "application/vnd.kafka.binary.v2+json",
		`{"records":[{"key":"b3JkZXItMQ==","value":"eyJpZCI6MX0="}]}`)
	recs, _ := srv.Records("orders")
	fmt.Printf("%s => %s in partition %d\n", recs[0].Key, recs[0].Value, recs[0].Partition)
	// Output:
	// 200 {"offsets":[{"partition":2,"offset":0,"error_code":null,"error":null}],"key_schema_id":null,"value_schema_id":null}
	// order-1 => {"id":1} in partition 2
}

// ExampleNewServer_consumerGroup consumes with a v2 consumer instance,
// commits, and reads the group's committed offsets from Go.
func ExampleNewServer_consumerGroup() {
	t := &exampleTB{}
	defer t.finish()
	srv := mockproxy.NewServer(t, mockproxy.WithTopic("orders", 1), mockproxy.WithoutListener())
	_, _ = srv.Log().Append("orders", 0, fakelog.Record{Value: []byte("a")}, fakelog.Record{Value: []byte("b")})

	c, base := srv.Client(), srv.URL()+"/consumers/billing"
	const v2 = "application/vnd.kafka.v2+json"
	// consumer.request.timeout.ms 0: reads answer at once instead of
	// waiting the default second.
	call(c, "POST", base, v2, `{"name":"worker","auto.offset.reset":"earliest","consumer.request.timeout.ms":0}`)
	call(c, "POST", base+"/instances/worker/subscription", v2, `{"topics":["orders"]}`)
	call(c, "GET", base+"/instances/worker/records", "", "")
	call(c, "POST", base+"/instances/worker/offsets", v2, "")
	fmt.Printf("%+v\n", srv.Committed("billing"))
	// Output:
	// 200 {"instance_id":"worker","base_uri":"http://kafkarestmock.invalid/consumers/billing/instances/worker"}
	// 204
	// 200 [{"topic":"orders","key":null,"value":"YQ==","partition":0,"offset":0},{"topic":"orders","key":null,"value":"Yg==","partition":0,"offset":1}]
	// 200 []
	// [{Topic:orders Partition:0 Offset:2 Metadata:}]
}

// ExampleServer_Inject makes the next two produces to orders fail with a
// retriable Kafka error, as when a partition leader moves: the records get
// error_code 50003 inside a 200, and a client retries.
func ExampleServer_Inject() {
	t := &exampleTB{}
	defer t.finish()
	srv := mockproxy.NewServer(t, mockproxy.WithTopic("orders", 1))
	h := srv.Inject(scenario.Fault{
		Match:      scenario.Match{Method: "POST", Route: "/topics/{topic}", Topic: "orders"},
		KafkaError: "NOT_LEADER_FOR_PARTITION",
		Times:      2,
	})
	for range 3 {
		call(srv.Client(), "POST", srv.URL()+"/topics/orders", "application/vnd.kafka.binary.v2+json", `{"records":[{"value":"aGk="}]}`)
	}
	fmt.Println("fault fired", h.Hits(), "times")
	for _, e := range srv.Requests() {
		fmt.Println(e.Summary())
	}
	// Output:
	// 200 {"offsets":[{"partition":null,"offset":null,"error_code":50003,"error":"For requests intended only for the leader, this error indicates that the broker is not the current leader. For requests intended for any replica, this error indicates that the broker is not a replica of the topic partition."}],"key_schema_id":null,"value_schema_id":null}
	// 200 {"offsets":[{"partition":null,"offset":null,"error_code":50003,"error":"For requests intended only for the leader, this error indicates that the broker is not the current leader. For requests intended for any replica, this error indicates that the broker is not a replica of the topic partition."}],"key_schema_id":null,"value_schema_id":null}
	// 200 {"offsets":[{"partition":0,"offset":0,"error_code":null,"error":null}],"key_schema_id":null,"value_schema_id":null}
	// fault fired 2 times
	// POST /topics/orders 200 fault=1
	// POST /topics/orders 200 fault=1
	// POST /topics/orders 200
}

// ExampleWithoutListener serves requests in memory, with no socket: the
// mode for testing/synctest, where a long-poll's wait takes no real time
// (see TestLongPollInsideSynctest).
func ExampleWithoutListener() {
	t := &exampleTB{}
	defer t.finish()
	srv := mockproxy.NewServer(t, mockproxy.WithoutListener(), mockproxy.WithTopic("orders", 1))
	call(srv.Client(), "GET", srv.URL()+"/topics", "", "")
	// Output:
	// 200 ["orders"]
}
