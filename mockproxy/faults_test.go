package mockproxy_test

import (
	"context"
	"encoding/json"
	"fmt"
	"strings"
	"testing"
	"testing/synctest"
	"time"

	"github.com/google/go-cmp/cmp"
	"github.com/kafkarestmock/kafkarestmock/internal/resttest"
	"github.com/kafkarestmock/kafkarestmock/mockproxy"
	"github.com/kafkarestmock/kafkarestmock/scenario"
)

func ptr[T any](v T) *T { return &v }

// kafkaAnswers is the reference's rendering of each Kafka error: as a
// per-record produce entry (the code inside a 200, or 401/403 for
// authentication/authorization), and as a request-level error through
// rest-utils' KafkaExceptionMapper (status, error_code).
var kafkaAnswers = []struct {
	name                    string
	recordCode, httpStatus  int // produce
	reqStatus, reqCode      int // consumer reads, commits, metadata
	simpleConsumerErrorCode int
}{
	{"OFFSET_OUT_OF_RANGE", 50002, 200, 500, 50002, 1},
	{"UNKNOWN_TOPIC_OR_PARTITION", 50003, 200, 404, 40403, 3},
	{"LEADER_NOT_AVAILABLE", 50003, 200, 500, 50003, 5},
	{"NOT_LEADER_FOR_PARTITION", 50003, 200, 500, 50003, 6},
	{"NOT_LEADER_OR_FOLLOWER", 50003, 200, 500, 50003, 6},
	{"REQUEST_TIMED_OUT", 50003, 200, 500, 50003, 7},
	{"REPLICA_NOT_AVAILABLE", 50003, 200, 500, 50003, 9},
	{"MESSAGE_TOO_LARGE", 50002, 200, 413, 413, 10},
	{"NETWORK_EXCEPTION", 50003, 200, 500, 50003, 13},
	{"TOPIC_AUTHORIZATION_FAILED", 40301, 403, 403, 40301, 29},
	{"GROUP_AUTHORIZATION_FAILED", 40301, 403, 403, 40301, 30},
	{"SASL_AUTHENTICATION_FAILED", 40101, 401, 401, 40101, 58},
	{"UNKNOWN_SERVER_ERROR", 50002, 200, 400, 40002, -1}, // rest-utils maps UnknownServerException to 40002
	{"BROKER_NOT_AVAILABLE", 50002, 200, 503, 50302, 8},
}

func TestInjectedKafkaErrorsPerEndpoint(t *testing.T) {
	t.Parallel()
	resttest.EachBackend(t, testInjectedKafkaErrorsPerEndpoint)
}

func testInjectedKafkaErrorsPerEndpoint(t *testing.T, bc resttest.Backend) {
	for _, ka := range kafkaAnswers {
		ke, ok := scenario.LookupKafkaError(ka.name)
		if !ok {
			t.Fatalf("no Kafka error %s", ka.name)
		}
		t.Run(ka.name, func(t *testing.T) {
			t.Parallel()
			srv, _ := newConsumerServerOn(t, bc, mockproxy.WithProfile(mockproxy.ProfileAll))
			c := create(t, srv, "g", `{"name":"c","auto.offset.reset":"earliest","consumer.request.timeout.ms":0}`)
			resttest.Must(t, srv, 204, "POST", c+"/assignments", `{"partitions":[{"topic":"t","partition":0}]}`)
			for _, route := range []string{"/topics/{topic}", "/consumers/{group}/instances/{instance}/records",
				"/consumers/{group}/instances/{instance}/offsets", "/topics/{topic}/partitions", "/topics/{topic}/partitions/{partition}/messages"} {
				srv.Inject(scenario.Fault{Match: scenario.Match{Route: route}, KafkaError: ka.name, Times: 1})
			}

			// v2 produce: the record gets the per-record code; the others are stored.
			srv.Inject(scenario.Fault{Match: scenario.Match{Route: "/topics/{topic}/partitions/{partition}"}, KafkaError: ka.name, After: 1, Times: 1})
			got := resttest.Do(t, srv, "POST", "/topics/t/partitions/2", `{"records":[{"value":"YQ=="},{"value":"Yg=="},{"value":"Yw=="}]}`, "Content-Type: "+ctV2B)
			want := fmt.Sprintf(`{"offsets":[{"partition":2,"offset":2,"error_code":null,"error":null},{"partition":null,"offset":null,"error_code":%d,"error":%q},{"partition":2,"offset":3,"error_code":null,"error":null}],"key_schema_id":null,"value_schema_id":null}`,
				ka.recordCode, ke.Message)
			if got.Status != ka.httpStatus || got.ContentType != ctV2 || string(got.Body) != want {
				t.Errorf("produce = %d %q %s\nwant %d %s", got.Status, got.ContentType, got.Body, ka.httpStatus, want)
			}

			// Topic produce: one record, answered per record.
			got = resttest.Do(t, srv, "POST", "/topics/t", `{"records":[{"value":"YQ==","partition":1}]}`, "Content-Type: "+ctV2B)
			if !strings.Contains(string(got.Body), fmt.Sprintf(`"error_code":%d`, ka.recordCode)) {
				t.Errorf("topic produce = %d %s", got.Status, got.Body)
			}

			msg := ke.Message
			if ka.name == "UNKNOWN_TOPIC_OR_PARTITION" {
				msg = "This server does not host this topic-partition."
			}
			resttest.WantError(t, resttest.Do(t, srv, "GET", c+"/records", ""), ka.reqStatus, ctV2B, ka.reqCode, msg)
			resttest.WantError(t, resttest.Do(t, srv, "POST", c+"/offsets", "", "Content-Type: "+ctV2), ka.reqStatus, ctV2, ka.reqCode, msg)
			resttest.WantError(t, resttest.Do(t, srv, "GET", "/topics/t/partitions", ""), ka.reqStatus, ctV2, ka.reqCode, msg)
			resttest.WantError(t, resttest.Do(t, srv, "GET", "/topics/t/partitions/0/messages?offset=0", ""), 500, ctV1B, 50002,
				fmt.Sprintf("Kafka error: Fetch response contains an error code: %d", ka.simpleConsumerErrorCode))

			// Every rule fired once; the server is healthy afterwards.
			if n := len(srv.Faults()); n != 0 {
				t.Errorf("%d rules left, want all retired", n)
			}
			if got := readAtLeast(t, srv, c, 2); len(got) != 2 {
				t.Errorf("read after the faults: %d records, want 2", len(got))
			}
		})
	}
}

func TestInjectedErrorsMatchNaturalOnes(t *testing.T) {
	t.Parallel()
	resttest.EachBackend(t, testInjectedErrorsMatchNaturalOnes)
}

func testInjectedErrorsMatchNaturalOnes(t *testing.T, bc resttest.Backend) {
	srv, _ := newConsumerServerOn(t, bc)
	natural := resttest.Do(t, srv, "GET", "/consumers/g/instances/nope/subscription", "")
	c := create(t, srv, "g", `{"name":"c"}`)
	srv.Inject(scenario.Fault{Match: scenario.Match{Instance: "c"}, KafkaError: "CONSUMER_INSTANCE_NOT_FOUND", Times: 1})
	injected := resttest.Do(t, srv, "GET", c+"/subscription", "")
	if diff := cmp.Diff(natural, injected, cmp.FilterPath(func(p cmp.Path) bool { return p.Last().String() == ".Header" }, cmp.Ignore())); diff != "" {
		t.Errorf("injected 40403 differs from the natural one (-natural +injected):\n%s", diff)
	}

	natural = resttest.Do(t, srv, "GET", "/topics/t/partitions/0/messages?offset=99", "")
	srv.Inject(scenario.Fault{Match: scenario.Match{API: "v1", Topic: "t"}, KafkaError: "OFFSET_OUT_OF_RANGE", Times: 1})
	injected = resttest.Do(t, srv, "GET", "/topics/t/partitions/0/messages?offset=0", "")
	if natural.Status != injected.Status || string(natural.Body) != string(injected.Body) {
		t.Errorf("injected OFFSET_OUT_OF_RANGE = %d %s, natural %d %s", injected.Status, injected.Body, natural.Status, natural.Body)
	}
}

// TestPartialBatchProduce: records 2 and 4 of 5 fail (two rules counting
// records), 1, 3 and 5 are stored at consecutive offsets.
func TestPartialBatchProduce(t *testing.T) {
	t.Parallel()
	resttest.EachBackend(t, testPartialBatchProduce)
}

func testPartialBatchProduce(t *testing.T, bc resttest.Backend) {
	srv := bc.Start(t, mockproxy.WithTopic("orders", 1))
	srv.Inject(scenario.Fault{Match: scenario.Match{Topic: "orders"}, KafkaError: "NOT_LEADER_FOR_PARTITION", After: 1, Times: 1})
	srv.Inject(scenario.Fault{Match: scenario.Match{Topic: "orders"}, KafkaError: "NOT_LEADER_FOR_PARTITION", After: 3, Times: 1})
	got := resttest.Do(t, srv, "POST", "/topics/orders", `{"records":[{"value":"MQ=="},{"value":"Mg=="},{"value":"Mw=="},{"value":"NA=="},{"value":"NQ=="}]}`, "Content-Type: "+ctV2B)
	ke, _ := scenario.LookupKafkaError("NOT_LEADER_OR_FOLLOWER")
	failed := fmt.Sprintf(`{"partition":null,"offset":null,"error_code":50003,"error":%q}`, ke.Message)
	want := `{"offsets":[{"partition":0,"offset":0,"error_code":null,"error":null},` + failed +
		`,{"partition":0,"offset":1,"error_code":null,"error":null},` + failed +
		`,{"partition":0,"offset":2,"error_code":null,"error":null}],"key_schema_id":null,"value_schema_id":null}`
	if got.Status != 200 || string(got.Body) != want {
		t.Errorf("got %d %s\nwant 200 %s", got.Status, got.Body, want)
	}
	var vals []string
	for _, r := range stored(t, srv, "orders") {
		vals = append(vals, string(r.Value))
	}
	if diff := cmp.Diff([]string{"1", "3", "5"}, vals); diff != "" {
		t.Errorf("stored (-want +got):\n%s", diff)
	}
}

func TestFaultCountingOverHTTP(t *testing.T) {
	t.Parallel()
	resttest.EachBackend(t, testFaultCountingOverHTTP)
}

func testFaultCountingOverHTTP(t *testing.T, bc resttest.Backend) {
	srv := bc.Start(t, mockproxy.WithTopic("t", 1))
	h := srv.Inject(scenario.Fault{Match: scenario.Match{Method: "GET", Route: "/topics"}, KafkaError: "REQUEST_TIMED_OUT", After: 1, Times: 2})
	var statuses []int
	for range 5 {
		statuses = append(statuses, resttest.Do(t, srv, "GET", "/topics", "").Status)
	}
	if diff := cmp.Diff([]int{200, 500, 500, 200, 200}, statuses); diff != "" {
		t.Errorf("statuses (-want +got):\n%s", diff)
	}
	if h.Hits() != 2 {
		t.Errorf("Hits = %d, want 2", h.Hits())
	}
	// The same seed gives the same firing sequence on two servers.
	seq := func() string {
		s := bc.Start(t, mockproxy.WithTopic("t", 1))
		s.Inject(scenario.Fault{Match: scenario.Match{Route: "/topics"}, KafkaError: "REQUEST_TIMED_OUT", Probability: ptr(0.5), Seed: 42})
		var b strings.Builder
		for range 40 {
			fmt.Fprint(&b, resttest.Do(t, s, "GET", "/topics", "").Status/100)
		}
		return b.String()
	}
	a, b := seq(), seq()
	if a != b || !strings.Contains(a, "5") || !strings.Contains(a, "2") {
		t.Errorf("seeded sequences %s and %s: want equal and mixed", a, b)
	}
}

func TestFaultEffects(t *testing.T) {
	t.Parallel()
	t.Run("response", func(t *testing.T) {
		t.Parallel()
		srv := mockproxy.NewServer(t, mockproxy.WithTopic("t", 1))
		srv.Inject(scenario.Fault{Match: scenario.Match{Route: "/topics/{topic}"}, Response: &scenario.Response{Status: 429, ErrorCode: 42901, Message: "slow down", Headers: map[string]string{"Retry-After": "3"}}, Times: 1})
		got := resttest.Do(t, srv, "GET", "/topics/t", "")
		resttest.WantError(t, got, 429, ctV2, 42901, "slow down")
		if got.Header.Get("Retry-After") != "3" {
			t.Errorf("Retry-After = %q", got.Header.Get("Retry-After"))
		}
		srv.Inject(scenario.Fault{Match: scenario.Match{Route: "/topics/{topic}"}, Response: &scenario.Response{Status: 502, Headers: map[string]string{"Content-Type": "text/html"}, Body: json.RawMessage(`"<html>bad gateway</html>"`)}, Times: 1})
		got = resttest.Do(t, srv, "GET", "/topics/t", "")
		if got.Status != 502 || got.ContentType != "text/html" || string(got.Body) != `"<html>bad gateway</html>"` {
			t.Errorf("raw response = %d %q %s", got.Status, got.ContentType, got.Body)
		}
	})
	t.Run("rate limited", func(t *testing.T) {
		t.Parallel()
		srv := mockproxy.NewServer(t, mockproxy.WithTopic("t", 1))
		srv.Inject(scenario.Fault{Match: scenario.Match{Route: "/topics"}, KafkaError: "RATE_LIMITED", Times: 1})
		got := resttest.Do(t, srv, "GET", "/topics", "")
		resttest.WantError(t, got, 429, ctV2, 429, "Request rate limit exceeded: The rate limit of requests per second has been exceeded.")
		if got.Header.Get("Retry-After") == "" {
			t.Error("no Retry-After")
		}
	})
	t.Run("drop connection", func(t *testing.T) {
		t.Parallel()
		srv := mockproxy.NewServer(t, mockproxy.WithTopic("t", 1))
		srv.Inject(scenario.Fault{Match: scenario.Match{Route: "/topics/{topic}"}, DropConnection: true, Times: 1})
		resp, err := srv.Client().Post(srv.URL()+"/topics/t", ctV2B, strings.NewReader(`{"records":[{"value":"YQ=="}]}`))
		if err == nil {
			resp.Body.Close()
			t.Fatalf("request answered %d, want a dropped connection", resp.StatusCode)
		}
		if n := len(stored(t, srv, "t")); n != 0 {
			t.Errorf("%d records stored by a dropped request", n)
		}
		resttest.Must(t, srv, 200, "POST", "/topics/t", `{"records":[{"value":"YQ=="}]}`, "Content-Type: "+ctV2B)
	})
	t.Run("drop connection in memory", func(t *testing.T) {
		t.Parallel()
		srv := mockproxy.NewServer(t, mockproxy.WithTopic("t", 1), mockproxy.WithoutListener())
		srv.Inject(scenario.Fault{Match: scenario.Match{Route: "/topics"}, DropConnection: true, Times: 1})
		if resp, err := srv.Client().Get(srv.URL() + "/topics"); err == nil {
			resp.Body.Close()
			t.Fatalf("answered %d, want an error", resp.StatusCode)
		}
	})
	t.Run("delay", func(t *testing.T) {
		t.Parallel()
		synctest.Test(t, func(t *testing.T) {
			srv := mockproxy.NewServer(t, mockproxy.WithTopic("t", 1), mockproxy.WithoutListener())
			srv.Inject(scenario.Fault{Match: scenario.Match{Route: "/topics"}, DelayMS: 750, Times: 1})
			start := time.Now()
			resp, err := srv.Client().Get(srv.URL() + "/topics")
			if err != nil {
				t.Fatal(err)
			}
			resp.Body.Close()
			if d := time.Since(start); resp.StatusCode != 200 || d != 750*time.Millisecond {
				t.Errorf("delayed request = %d after %v, want 200 after 750ms", resp.StatusCode, d)
			}
		})
	})
	t.Run("empty polls", func(t *testing.T) {
		t.Parallel()
		srv, _ := newConsumerServer(t)
		c := create(t, srv, "g", `{"name":"c","auto.offset.reset":"earliest","consumer.request.timeout.ms":0}`)
		resttest.Must(t, srv, 204, "POST", c+"/subscription", `{"topics":["t"]}`)
		srv.Inject(scenario.Fault{Match: scenario.Match{Instance: "c", Route: "/consumers/{group}/instances/{instance}/records"}, EmptyPolls: 2})
		for i := range 2 {
			if got := read(t, srv, c); len(got) != 0 {
				t.Errorf("poll %d: %d records, want an empty poll", i, len(got))
			}
		}
		if got := read(t, srv, c); len(got) != 6 {
			t.Errorf("after the empty polls: %d records, want 6", len(got))
		}
	})
}

func TestJournal(t *testing.T) {
	t.Parallel()
	srv := mockproxy.NewServer(t, mockproxy.WithTopic("t", 2), mockproxy.WithJournalSize(3))
	h := srv.Inject(scenario.Fault{Name: "x", Match: scenario.Match{Route: "/topics/{topic}/partitions/{partition}"}, KafkaError: "LEADER_NOT_AVAILABLE", Times: 1})
	resttest.Do(t, srv, "GET", "/topics", "")
	resttest.Do(t, srv, "GET", "/topics/t/partitions/1", "")
	resttest.Do(t, srv, "GET", "/nope", "")
	resttest.Do(t, srv, "GET", "/topics/t/partitions/1?x=1", "")
	got := srv.Requests()
	for i := range got {
		got[i].Time, got[i].Duration = time.Time{}, 0
	}
	want := []mockproxy.JournalEntry{
		{Method: "GET", Path: "/topics/t/partitions/1", Route: "/topics/{topic}/partitions/{partition}", API: "v2",
			Params: map[string]string{"topic": "t", "partition": "1"}, Status: 500, ErrorCode: 50003, Fault: h.ID()},
		{Method: "GET", Path: "/nope", Status: 404, ErrorCode: 404},
		{Method: "GET", Path: "/topics/t/partitions/1", Query: "x=1", Route: "/topics/{topic}/partitions/{partition}", API: "v2",
			Params: map[string]string{"topic": "t", "partition": "1"}, Status: 200},
	}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("journal (-want +got):\n%s", diff)
	}
	srv.ClearRequests()
	if n := len(srv.Requests()); n != 0 {
		t.Errorf("%d entries after ClearRequests", n)
	}
}

func TestScenarioFileAndInjectValidation(t *testing.T) {
	t.Parallel()
	if _, err := mockproxy.New(mockproxy.WithScenarioFile("testdata/does-not-exist.json")); err == nil {
		t.Error("New accepted a missing scenario file")
	}
	defer func() {
		if recover() == nil {
			t.Error("Inject accepted a fault with two effects")
		}
	}()
	srv := mockproxy.NewServer(t)
	srv.Inject(scenario.Fault{KafkaError: "REQUEST_TIMED_OUT", DelayMS: 5})
}

func TestHandleWaitSeesHTTPHits(t *testing.T) {
	t.Parallel()
	srv := mockproxy.NewServer(t, mockproxy.WithTopic("t", 1))
	h := srv.Inject(scenario.Fault{Match: scenario.Match{Route: "/topics"}, KafkaError: "REQUEST_TIMED_OUT", Times: 2})
	done := make(chan struct{})
	go func() {
		defer close(done)
		for range 2 {
			resttest.Do(t, srv, "GET", "/topics", "")
		}
	}()
	ctx, cancel := context.WithTimeout(t.Context(), 10*time.Second)
	defer cancel()
	if err := h.Wait(ctx, 2); err != nil {
		t.Fatal(err)
	}
	<-done
}

func TestLegacyNotLeaderMessage(t *testing.T) {
	t.Parallel()
	srv := mockproxy.NewServer(t, mockproxy.WithTopic("t", 1), mockproxy.WithProfile(mockproxy.ProfileLegacy))
	srv.Inject(scenario.Fault{Match: scenario.Match{Topic: "t"}, KafkaError: "NOT_LEADER_OR_FOLLOWER", Times: 2})
	for _, ct := range []string{ctV2B, ctV1} {
		got := resttest.Do(t, srv, "POST", "/topics/t", `{"records":[{"value":"YQ=="}]}`, "Content-Type: "+ct)
		if want := `"error_code":50003,"error":"This server is not the leader for that topic-partition."`; !strings.Contains(string(got.Body), want) {
			t.Errorf("%s: %s, want %s", ct, got.Body, want)
		}
	}
}
