package mockproxy_test

import (
	"context"
	"encoding/json"
	"fmt"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
	"github.com/kafkarestmock/kafkarestmock/fakelog"
	"github.com/kafkarestmock/kafkarestmock/internal/resttest"
	"github.com/kafkarestmock/kafkarestmock/mockproxy"
)

var epoch = time.Date(2026, 1, 2, 3, 4, 5, 0, time.UTC)

// newConsumerServer is a server on a manual clock with topic "t" (3
// partitions) holding records v0..v5 (two per partition, keyless).
func newConsumerServer(t *testing.T, opts ...mockproxy.Option) (*mockproxy.Server, *fakelog.ManualClock) {
	t.Helper()
	return newConsumerServerOn(t, resttest.Backends()[0], opts...)
}

// newConsumerServerOn is newConsumerServer on the backend bc.
func newConsumerServerOn(t *testing.T, bc resttest.Backend, opts ...mockproxy.Option) (*mockproxy.Server, *fakelog.ManualClock) {
	t.Helper()
	clock := fakelog.NewManualClock(epoch)
	opts = append([]mockproxy.Option{mockproxy.WithClock(clock), mockproxy.WithTopic("t", 3)}, opts...)
	srv := bc.Start(t, opts...)
	for i := range 6 {
		produceTo(t, srv, "t", int32(i%3), fakelog.Record{Value: []byte(fmt.Sprintf("v%d", i)), Timestamp: clock.Now()})
	}
	return srv, clock
}

// readAtLeast reads an instance that does not wait (a zero request
// timeout) until it has n records: on Kafka, records reach the consumer
// asynchronously. Between reads it waits for the backend's next change.
func readAtLeast(t *testing.T, srv *mockproxy.Server, inst string, n int) []record {
	t.Helper()
	timeout := time.NewTimer(20 * time.Second)
	defer timeout.Stop()
	var out []record
	for {
		changed := srv.Backend().Changes()
		if out = append(out, read(t, srv, inst)...); len(out) >= n {
			return out
		}
		select {
		case <-changed:
		case <-timeout.C:
			t.Fatalf("read %d records of %d in 20s", len(out), n)
		}
	}
}

// create makes a v2 consumer instance and returns its path.
func create(t *testing.T, srv *mockproxy.Server, group, body string) string {
	t.Helper()
	got := resttest.Do(t, srv, "POST", "/consumers/"+group, body, "Content-Type: "+ctV2)
	if got.Status != 200 {
		t.Fatalf("create consumer: %d %s", got.Status, got.Body)
	}
	var r struct {
		InstanceID string `json:"instance_id"`
		BaseURI    string `json:"base_uri"`
	}
	if err := json.Unmarshal(got.Body, &r); err != nil {
		t.Fatal(err)
	}
	return "/consumers/" + group + "/instances/" + r.InstanceID
}

type record struct {
	Topic     string          `json:"topic"`
	Key       json.RawMessage `json:"key"`
	Value     json.RawMessage `json:"value"`
	Partition int32           `json:"partition"`
	Offset    int64           `json:"offset"`
}

// read does a records read that returns without waiting on the clock
// (the instance must have fetch.min.bytes or a zero request timeout).
// path is the instance path, optionally followed by a query.
func read(t *testing.T, srv *mockproxy.Server, path string, headers ...string) []record {
	t.Helper()
	inst, query, _ := strings.Cut(path, "?")
	if query != "" {
		query = "?" + query
	}
	got := resttest.Must(t, srv, 200, "GET", inst+"/records"+query, "", headers...)
	var recs []record
	if err := json.Unmarshal(got.Body, &recs); err != nil {
		t.Fatalf("records %s: %v", got.Body, err)
	}
	return recs
}

// readAdvancing does a records read on a manual clock: it waits until the
// read is parked on its timer, advances the clock by d and returns what
// the read answered.
func readAdvancing(t *testing.T, srv *mockproxy.Server, clock *fakelog.ManualClock, path string, d time.Duration, headers ...string) resttest.Response {
	t.Helper()
	ctx, cancel := context.WithTimeout(t.Context(), 10*time.Second)
	defer cancel()
	before := clock.Waiters()
	done := make(chan resttest.Response, 1)
	go func() { done <- resttest.Do(t, srv, "GET", path, "", headers...) }()
	if err := clock.BlockUntil(ctx, before+1); err != nil {
		select {
		case r := <-done: // answered without waiting
			return r
		default:
			t.Fatalf("read never waited: %v", err)
		}
	}
	clock.Advance(d)
	select {
	case r := <-done:
		return r
	case <-ctx.Done():
		t.Fatal("read did not return after the clock moved")
	}
	return resttest.Response{}
}

func values(recs []record) []string {
	var out []string
	for _, r := range recs {
		out = append(out, string(r.Value))
	}
	return out
}

func TestV2CreateConsumer(t *testing.T) {
	t.Parallel()
	resttest.EachBackend(t, testV2CreateConsumer)
}

func testV2CreateConsumer(t *testing.T, bc resttest.Backend) {
	srv, _ := newConsumerServerOn(t, bc)
	t.Run("defaults", func(t *testing.T) {
		got := resttest.Do(t, srv, "POST", "/consumers/g1", "", "Content-Type: "+ctV2)
		if got.Status != 200 || got.ContentType != ctV2 {
			t.Fatalf("got %d %q %s", got.Status, got.ContentType, got.Body)
		}
		re := regexp.MustCompile(`^\{"instance_id":"(rest-consumer-[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12})","base_uri":"(.*)"\}$`)
		m := re.FindStringSubmatch(string(got.Body))
		if m == nil {
			t.Fatalf("body %s does not match %s", got.Body, re)
		}
		if want := srv.URL() + "/consumers/g1/instances/" + m[1]; m[2] != want {
			t.Errorf("base_uri = %q, want %q", m[2], want)
		}
	})
	t.Run("name", func(t *testing.T) {
		got := resttest.Must(t, srv, 200, "POST", "/consumers/g1", `{"name":"c1","format":"BINARY","auto.offset.reset":"earliest","auto.commit.enable":"false","fetch.min.bytes":5,"consumer.request.timeout.ms":500}`)
		want := `{"instance_id":"c1","base_uri":"` + srv.URL() + `/consumers/g1/instances/c1"}`
		if diff := cmp.Diff(want, string(got.Body)); diff != "" {
			t.Errorf("body mismatch (-want +got):\n%s", diff)
		}
	})
	t.Run("id overrides name", func(t *testing.T) {
		got := resttest.Must(t, srv, 200, "POST", "/consumers/g1", `{"id":"c2","name":"other","auto.commit.enable":true,"responseMinBytes":"7","requestWaitMs":100}`)
		if !strings.HasPrefix(string(got.Body), `{"instance_id":"c2",`) {
			t.Errorf("body %s", got.Body)
		}
	})
	t.Run("embedded accept echoed", func(t *testing.T) {
		got := resttest.Do(t, srv, "POST", "/consumers/g1", `{"name":"c3","format":"json"}`, "Content-Type: "+ctV2, "Accept: "+ctV2J)
		if got.Status != 200 || got.ContentType != ctV2J {
			t.Errorf("got %d %q", got.Status, got.ContentType)
		}
	})
	errs := []struct {
		name, body, ct string
		status, code   int
		msg            string
	}{
		{"duplicate", `{"name":"c1"}`, ctV2, 409, 40902, "Consumer with specified consumer ID already exists in the specified consumer group."},
		{"bad format", `{"name":"x","format":"xml"}`, ctV2, 422, 422, "Invalid format type."},
		{"string format", `{"name":"x1","format":"string"}`, ctV2, 500, 500, "Invalid embedded format STRING for new consumer."},
		{"min bytes too big", `{"fetch.min.bytes":10000001}`, ctV2, 422, 40001, "Invalid consumer configuration. It does not abide by the constraints: Invalid value 10000001 for configuration fetch.min.bytes: Value must be no more than 10000000"},
		{"min bytes too small", `{"fetch.min.bytes":-2}`, ctV2, 422, 40001, "Invalid consumer configuration. It does not abide by the constraints: Invalid value -2 for configuration fetch.min.bytes: Value must be at least -1"},
		{"bad reset", `{"name":"x2","auto.offset.reset":"smallest"}`, ctV2, 422, 42204, "Invalid consumer configuration: Invalid value smallest for configuration auto.offset.reset: String must be one of: latest, earliest, none"},
		{"bad auto commit", `{"name":"x3","auto.commit.enable":"yes"}`, ctV2, 422, 42204, "Invalid consumer configuration: Invalid value yes for configuration enable.auto.commit: Expected value to be either true or false"},
		{"unknown field", `{"enable.auto.commit":"false"}`, ctV2, 422, 422, "Unrecognized field: enable.auto.commit"},
		{"min bytes not a number", `{"fetch.min.bytes":"abc"}`, ctV2, 400, 400, "Cannot deserialize value of type `java.lang.Integer` from String \"abc\": not a valid `java.lang.Integer` value"},
		{"body an array", `[]`, ctV2, 400, 400, "Cannot deserialize value of type `io.confluent.kafkarest.entities.v2.CreateConsumerInstanceRequest` from Array value (token `JsonToken.START_ARRAY`)"},
	}
	for _, tc := range errs {
		t.Run(tc.name, func(t *testing.T) {
			got := resttest.Do(t, srv, "POST", "/consumers/g1", tc.body, "Content-Type: "+tc.ct)
			wantCT := ctV2
			if tc.status == 415 {
				wantCT = ctJSON
			}
			resttest.WantError(t, got, tc.status, wantCT, tc.code, tc.msg)
		})
	}
}

// TestCreateConsumerPlainJSON: modern servers refuse application/json on
// v2 consumers; 5.x (and the "all" profile) creates a v1 instance, which
// v2 calls cannot see.
func TestCreateConsumerPlainJSON(t *testing.T) {
	t.Parallel()
	resttest.EachBackend(t, testCreateConsumerPlainJSON)
}

func testCreateConsumerPlainJSON(t *testing.T, bc resttest.Backend) {
	modern, _ := newConsumerServerOn(t, bc, mockproxy.WithProfile(mockproxy.ProfileModern))
	resttest.WantError(t, resttest.Do(t, modern, "POST", "/consumers/g", `{"name":"c"}`, "Content-Type: "+ctJSON), 415, ctJSON, 415, "HTTP 415 Unsupported Media Type")
	for _, p := range []mockproxy.Profile{mockproxy.ProfileAll, mockproxy.ProfileLegacy} {
		srv, _ := newConsumerServerOn(t, bc, mockproxy.WithProfile(p))
		got := resttest.Do(t, srv, "POST", "/consumers/g", `{"name":"c"}`, "Content-Type: "+ctJSON, "Accept: "+ctJSON)
		if got.Status != 200 || got.ContentType != ctJSON {
			t.Fatalf("%s: create with application/json = %d %q %s", p, got.Status, got.ContentType, got.Body)
		}
		resttest.WantError(t, resttest.Do(t, srv, "GET", "/consumers/g/instances/c/subscription", ""), 404, ctV2, 40403, "Consumer instance not found.")
		if ci := srv.ConsumerInstances(); len(ci) != 1 || ci[0].API != "v1" {
			t.Errorf("%s: instances = %+v, want one v1 instance", p, ci)
		}
	}
}

func TestV2ConsumerLifecycleErrors(t *testing.T) {
	t.Parallel()
	resttest.EachBackend(t, testV2ConsumerLifecycleErrors)
}

func testV2ConsumerLifecycleErrors(t *testing.T, bc resttest.Backend) {
	srv, _ := newConsumerServerOn(t, bc, mockproxy.WithProfile(mockproxy.ProfileModern))
	c := create(t, srv, "g", `{"name":"c"}`)
	notFound := func(t *testing.T, got resttest.Response) {
		t.Helper()
		resttest.WantError(t, got, 404, ctV2, 40403, "Consumer instance not found.")
	}
	const missing = "/consumers/g/instances/nope"
	for _, rq := range []struct{ method, path, body string }{
		{"DELETE", missing, ""},
		{"POST", missing + "/subscription", `{"topics":["t"]}`},
		{"GET", missing + "/subscription", ""},
		{"DELETE", missing + "/subscription", ""},
		{"POST", missing + "/assignments", `{"partitions":[]}`},
		{"GET", missing + "/assignments", ""},
		{"POST", missing + "/positions", `{"offsets":[]}`},
		{"POST", missing + "/positions/beginning", `{"partitions":[]}`},
		{"POST", missing + "/positions/end", `{"partitions":[]}`},
		{"POST", missing + "/offsets", ``},
		{"GET", missing + "/offsets", `{"partitions":[]}`},
	} {
		t.Run(rq.method+" "+rq.path, func(t *testing.T) {
			var hdr []string
			if rq.body != "" {
				hdr = append(hdr, "Content-Type: "+ctV2)
			}
			notFound(t, resttest.Do(t, srv, rq.method, rq.path, rq.body, hdr...))
		})
	}
	// A records read negotiates the embedded type first: its errors are
	// typed application/vnd.kafka.binary.v2+json with no Accept header.
	for _, path := range []string{missing + "/records", "/consumers/other/instances/c/records"} {
		resttest.WantError(t, resttest.Do(t, srv, "GET", path, ""), 404, ctV2B, 40403, "Consumer instance not found.")
	}
	t.Run("committed offsets without a body", func(t *testing.T) {
		resttest.WantError(t, resttest.Do(t, srv, "GET", c+"/offsets", ""), 404, ctV2, 40402, "Partition not found.")
		resttest.WantError(t, resttest.Do(t, srv, "GET", missing+"/offsets", ""), 404, ctV2, 40402, "Partition not found.")
	})
	t.Run("read before subscribe", func(t *testing.T) {
		resttest.WantError(t, resttest.Do(t, srv, "GET", c+"/records", ""), 500, ctV2B, 500, "Internal Server Error")
	})
	t.Run("format mismatch", func(t *testing.T) {
		resttest.WantError(t, resttest.Do(t, srv, "GET", c+"/records", "", "Accept: "+ctV2J), 406, ctV2J, 40601,
			"The requested embedded data format does not match the deserializer for this consumer instance")
	})
	t.Run("timeout not a number", func(t *testing.T) {
		resttest.WantError(t, resttest.Do(t, srv, "GET", c+"/records?timeout=abc", ""), 404, ctV2B, 404, "HTTP 404 Not Found")
	})
	t.Run("null bodies", func(t *testing.T) {
		for path, method := range map[string]string{"/subscription": "subscribe", "/assignments": "assign",
			"/positions": "seekToOffset", "/positions/beginning": "seekToBeginning", "/positions/end": "seekToEnd"} {
			got := resttest.Do(t, srv, "POST", c+path, "", "Content-Type: "+ctV2)
			resttest.WantError(t, got, 422, ctV2, 422, method+".arg3 must not be null (was null)")
		}
	})
	t.Run("missing lists", func(t *testing.T) {
		for _, path := range []string{"/assignments", "/positions/beginning", "/positions/end", "/offsets"} {
			resttest.WantError(t, resttest.Do(t, srv, "POST", c+path, `{}`, "Content-Type: "+ctV2), 500, ctV2, 500, "Internal Server Error")
		}
	})
	t.Run("unknown field", func(t *testing.T) {
		resttest.WantError(t, resttest.Do(t, srv, "POST", c+"/subscription", `{"topic":"t"}`, "Content-Type: "+ctV2), 422, ctV2, 422, "Unrecognized field: topic")
	})
	t.Run("delete", func(t *testing.T) {
		got := resttest.Must(t, srv, 204, "DELETE", c, "")
		if len(got.Body) != 0 {
			t.Errorf("204 with body %q", got.Body)
		}
		notFound(t, resttest.Do(t, srv, "DELETE", c, ""))
		notFound(t, resttest.Do(t, srv, "GET", c+"/subscription", ""))
	})
}

func TestV2SubscriptionAndAssignment(t *testing.T) {
	t.Parallel()
	resttest.EachBackend(t, testV2SubscriptionAndAssignment)
}

func testV2SubscriptionAndAssignment(t *testing.T, bc resttest.Backend) {
	srv, _ := newConsumerServerOn(t, bc, mockproxy.WithTopic("u", 1), mockproxy.WithTopic("orders-eu", 1), mockproxy.WithTopic("orders-us", 1))
	c := create(t, srv, "g", `{"name":"c","consumer.request.timeout.ms":0}`)
	const mutex = "Illegal state: Subscription to topics, partitions and pattern are mutually exclusive"

	resttest.Must(t, srv, 204, "POST", c+"/subscription", `{"topics":["t","u"]}`)
	got := resttest.Must(t, srv, 200, "GET", c+"/subscription", "")
	if diff := cmp.Diff(`{"topics":["t","u"]}`, string(got.Body)); diff != "" {
		t.Errorf("subscription (-want +got):\n%s", diff)
	}
	// Assignment appears only after the first poll joins the group.
	if got := resttest.Must(t, srv, 200, "GET", c+"/assignments", ""); string(got.Body) != `{"partitions":[]}` {
		t.Errorf("assignments before poll = %s", got.Body)
	}
	resttest.WantError(t, resttest.Do(t, srv, "POST", c+"/positions", `{"offsets":[{"topic":"t","partition":0,"offset":1}]}`, "Content-Type: "+ctV2),
		409, ctV2, 40903, "Illegal state: No current assignment for partition t-0")
	read(t, srv, c)
	got = resttest.Must(t, srv, 200, "GET", c+"/assignments", "")
	want := `{"partitions":[{"topic":"t","partition":0},{"topic":"t","partition":1},{"topic":"t","partition":2},{"topic":"u","partition":0}]}`
	if diff := cmp.Diff(want, string(got.Body)); diff != "" {
		t.Errorf("assignments (-want +got):\n%s", diff)
	}
	resttest.WantError(t, resttest.Do(t, srv, "POST", c+"/assignments", `{"partitions":[{"topic":"t","partition":0}]}`, "Content-Type: "+ctV2), 409, ctV2, 40903, mutex)
	resttest.WantError(t, resttest.Do(t, srv, "POST", c+"/subscription", `{"topic_pattern":"orders-.*"}`, "Content-Type: "+ctV2), 409, ctV2, 40903, mutex)

	resttest.Must(t, srv, 204, "DELETE", c+"/subscription", "")
	if got := resttest.Must(t, srv, 200, "GET", c+"/subscription", ""); string(got.Body) != `{"topics":[]}` {
		t.Errorf("subscription after delete = %s", got.Body)
	}
	resttest.Must(t, srv, 204, "POST", c+"/subscription", `{"topic_pattern":"orders-.*"}`)
	read(t, srv, c)
	if got := resttest.Must(t, srv, 200, "GET", c+"/subscription", ""); string(got.Body) != `{"topics":["orders-eu","orders-us"]}` {
		t.Errorf("pattern subscription = %s", got.Body)
	}
	resttest.Must(t, srv, 204, "DELETE", c+"/subscription", "")

	resttest.Must(t, srv, 204, "POST", c+"/assignments", `{"partitions":[{"topic":"t","partition":2},{"topic":"t","partition":0}]}`)
	got = resttest.Must(t, srv, 200, "GET", c+"/assignments", "")
	if diff := cmp.Diff(`{"partitions":[{"topic":"t","partition":0},{"topic":"t","partition":2}]}`, string(got.Body)); diff != "" {
		t.Errorf("manual assignments (-want +got):\n%s", diff)
	}
	resttest.WantError(t, resttest.Do(t, srv, "POST", c+"/subscription", `{"topics":["t"]}`, "Content-Type: "+ctV2), 409, ctV2, 40903, mutex)
	resttest.Must(t, srv, 204, "POST", c+"/assignments", `{"partitions":[]}`)
	resttest.Must(t, srv, 204, "POST", c+"/subscription", `{"topics":["t"]}`)
}

func TestV2ReadPositionsAndCommits(t *testing.T) {
	t.Parallel()
	resttest.EachBackend(t, testV2ReadPositionsAndCommits)
}

func testV2ReadPositionsAndCommits(t *testing.T, bc resttest.Backend) {
	srv, _ := newConsumerServerOn(t, bc)
	c := create(t, srv, "g", `{"name":"c","auto.offset.reset":"earliest","auto.commit.enable":"false","consumer.request.timeout.ms":0}`)
	resttest.Must(t, srv, 204, "POST", c+"/assignments", `{"partitions":[{"topic":"t","partition":0},{"topic":"t","partition":1}]}`)

	recs := readAtLeast(t, srv, c, 4)
	want := []record{
		{Topic: "t", Key: json.RawMessage("null"), Value: json.RawMessage(`"djA="`), Partition: 0, Offset: 0},
		{Topic: "t", Key: json.RawMessage("null"), Value: json.RawMessage(`"djM="`), Partition: 0, Offset: 1},
		{Topic: "t", Key: json.RawMessage("null"), Value: json.RawMessage(`"djE="`), Partition: 1, Offset: 0},
		{Topic: "t", Key: json.RawMessage("null"), Value: json.RawMessage(`"djQ="`), Partition: 1, Offset: 1},
	}
	sortRecords(recs)
	if diff := cmp.Diff(want, recs); diff != "" {
		t.Errorf("records (-want +got):\n%s", diff)
	}
	if got := read(t, srv, c); len(got) != 0 {
		t.Errorf("second read = %v, want none", got)
	}

	// Commit with a body stores offset+1; GET reads it back.
	resttest.Must(t, srv, 200, "POST", c+"/offsets", `{"offsets":[{"topic":"t","partition":0,"offset":0},{"topic":"t","partition":1,"offset":1,"metadata":"m"}]}`)
	got := resttest.Must(t, srv, 200, "GET", c+"/offsets", `{"partitions":[{"topic":"t","partition":1},{"topic":"t","partition":0},{"topic":"t","partition":2}]}`)
	wantBody := `{"offsets":[{"topic":"t","partition":1,"offset":2,"metadata":"m"},{"topic":"t","partition":0,"offset":1,"metadata":""}]}`
	if diff := cmp.Diff(wantBody, string(got.Body)); diff != "" {
		t.Errorf("committed (-want +got):\n%s", diff)
	}
	if got.ContentType != ctV2 {
		t.Errorf("Content-Type = %q", got.ContentType)
	}

	// Seek back and to the beginning/end.
	resttest.Must(t, srv, 204, "POST", c+"/positions", `{"offsets":[{"topic":"t","partition":0,"offset":1}]}`)
	if got := values(readAtLeast(t, srv, c, 1)); !cmp.Equal(got, []string{`"djM="`}) {
		t.Errorf("after seek: %v", got)
	}
	resttest.Must(t, srv, 204, "POST", c+"/positions/beginning", `{"partitions":[{"topic":"t","partition":1}]}`)
	if got := values(readAtLeast(t, srv, c, 2)); !cmp.Equal(got, []string{`"djE="`, `"djQ="`}) {
		t.Errorf("after seek to beginning: %v", got)
	}
	resttest.Must(t, srv, 204, "POST", c+"/positions/end", `{"partitions":[{"topic":"t","partition":0},{"topic":"t","partition":1}]}`)
	if got := read(t, srv, c); len(got) != 0 {
		t.Errorf("after seek to end: %v", got)
	}
	resttest.WantError(t, resttest.Do(t, srv, "POST", c+"/positions/end", `{"partitions":[{"topic":"t","partition":2}]}`, "Content-Type: "+ctV2),
		409, ctV2, 40903, "Illegal state: No current assignment for partition t-2")

	// Commit with no body commits everything read: positions 2 and 2.
	resttest.Must(t, srv, 200, "POST", c+"/offsets", ``)
	got = resttest.Must(t, srv, 200, "GET", c+"/offsets", `{"partitions":[{"topic":"t","partition":0},{"topic":"t","partition":1}]}`)
	wantBody = `{"offsets":[{"topic":"t","partition":0,"offset":2,"metadata":""},{"topic":"t","partition":1,"offset":2,"metadata":""}]}`
	if diff := cmp.Diff(wantBody, string(got.Body)); diff != "" {
		t.Errorf("committed after commit-all (-want +got):\n%s", diff)
	}
	if got := resttest.Must(t, srv, 200, "POST", c+"/offsets", ``); string(got.Body) != "[]" || got.ContentType != ctV2 {
		t.Errorf("commit answer = %q %s, want v2 []", got.ContentType, got.Body)
	}
}

func TestV2SeekByTimestamp(t *testing.T) {
	t.Parallel()
	resttest.EachBackend(t, testV2SeekByTimestamp)
}

func testV2SeekByTimestamp(t *testing.T, bc resttest.Backend) {
	srv, clock := newConsumerServerOn(t, bc)
	clock.Advance(time.Minute)
	resttest.Must(t, srv, 200, "POST", "/topics/t/partitions/0", `{"records":[{"value":"bGF0ZQ=="}]}`, "Content-Type: "+ctV2B) // stamped on the clock
	c := create(t, srv, "g", `{"name":"c","consumer.request.timeout.ms":0}`)
	resttest.Must(t, srv, 204, "POST", c+"/assignments", `{"partitions":[{"topic":"t","partition":0},{"topic":"t","partition":1}]}`)
	ts := epoch.Add(30 * time.Second).Format(time.RFC3339)
	resttest.Must(t, srv, 204, "POST", c+"/positions", `{"timestamps":[{"topic":"t","partition":0,"timestamp":"`+ts+`"},{"topic":"t","partition":1,"timestamp":"`+ts+`"}]}`)
	if got := values(readAtLeast(t, srv, c, 1)); !cmp.Equal(got, []string{`"bGF0ZQ=="`}) {
		t.Errorf("after seek to %s: %v", ts, got)
	}
	resttest.WantErrorPrefix(t, resttest.Do(t, srv, "POST", c+"/positions", `{"timestamps":[{"topic":"t","partition":0,"timestamp":"yesterday"}]}`, "Content-Type: "+ctV2),
		400, ctV2, 400, "Cannot deserialize value of type `java.time.Instant` from String \"yesterday\"")
}

func TestV2ReadTiming(t *testing.T) {
	t.Parallel()
	resttest.EachBackend(t, testV2ReadTiming)
}

func testV2ReadTiming(t *testing.T, bc resttest.Backend) {
	srv, clock := newConsumerServerOn(t, bc)
	c := create(t, srv, "g", `{"name":"c","auto.offset.reset":"earliest"}`)
	resttest.Must(t, srv, 204, "POST", c+"/subscription", `{"topics":["t"]}`)

	// Default fetch.min.bytes (-1): a read that finds data still waits the
	// whole consumer.request.timeout.ms (1 s) and returns all of it.
	start := clock.Now()
	got := readAdvancing(t, srv, clock, c+"/records", time.Second)
	if got.Status != 200 || got.ContentType != ctV2B {
		t.Fatalf("read = %d %q %s", got.Status, got.ContentType, got.Body)
	}
	var recs []record
	_ = json.Unmarshal(got.Body, &recs)
	if len(recs) != 6 {
		t.Errorf("read %d records, want 6: %s", len(recs), got.Body)
	}
	if d := clock.Now().Sub(start); d != time.Second {
		t.Errorf("clock moved %v", d)
	}
	// The timeout parameter shortens the wait, never extends it.
	got = readAdvancing(t, srv, clock, c+"/records?timeout=200", 200*time.Millisecond)
	if got.Status != 200 || string(got.Body) != "[]" {
		t.Errorf("empty read = %d %s", got.Status, got.Body)
	}
	got = readAdvancing(t, srv, clock, c+"/records?timeout=60000", time.Second)
	if got.Status != 200 || string(got.Body) != "[]" {
		t.Errorf("read with a long timeout = %d %s", got.Status, got.Body)
	}
}

func TestV2ReadWakesOnProduce(t *testing.T) {
	t.Parallel()
	resttest.EachBackend(t, testV2ReadWakesOnProduce)
}

func testV2ReadWakesOnProduce(t *testing.T, bc resttest.Backend) {
	srv, clock := newConsumerServerOn(t, bc)
	c := create(t, srv, "g", `{"name":"c","fetch.min.bytes":1,"auto.offset.reset":"latest"}`)
	resttest.Must(t, srv, 204, "POST", c+"/subscription", `{"topics":["t"]}`)
	readAdvancing(t, srv, clock, c+"/records?timeout=1", time.Millisecond) // join; nothing new yet
	waiters := clock.Waiters()
	done := make(chan resttest.Response, 1)
	go func() { done <- resttest.Do(t, srv, "GET", c+"/records", "") }()
	ctx, cancel := context.WithTimeout(t.Context(), 10*time.Second)
	defer cancel()
	if err := clock.BlockUntil(ctx, waiters+1); err != nil {
		t.Fatal(err)
	}
	resttest.Must(t, srv, 200, "POST", "/topics/t/partitions/2", `{"records":[{"value":"aGk="}]}`, "Content-Type: "+ctV2B)
	select {
	case got := <-done:
		want := `[{"topic":"t","key":null,"value":"aGk=","partition":2,"offset":2}]`
		if got.Status != 200 || string(got.Body) != want {
			t.Errorf("woken read = %d %s, want %s", got.Status, got.Body, want)
		}
	case <-ctx.Done():
		t.Fatal("read not woken by produce")
	}
}

func TestV2ReadMaxBytes(t *testing.T) {
	t.Parallel()
	resttest.EachBackend(t, testV2ReadMaxBytes)
}

func testV2ReadMaxBytes(t *testing.T, bc resttest.Backend) {
	srv, _ := newConsumerServerOn(t, bc)
	c := create(t, srv, "g", `{"name":"c","auto.offset.reset":"earliest","consumer.request.timeout.ms":0}`)
	resttest.Must(t, srv, 204, "POST", c+"/assignments", `{"partitions":[{"topic":"t","partition":0}]}`)
	// Each record is 2 bytes; a cap of 4 takes one (2+2 >= 4 stops), the
	// other stays for the next read.
	if got := values(readAtLeast(t, srv, c+"?max_bytes=4", 1)); !cmp.Equal(got, []string{`"djA="`}) {
		t.Errorf("first read: %v", got)
	}
	if got := values(read(t, srv, c+"?max_bytes=2")); len(got) != 0 {
		t.Errorf("read with a cap the record reaches: %v", got)
	}
	if got := values(readAtLeast(t, srv, c, 1)); !cmp.Equal(got, []string{`"djM="`}) {
		t.Errorf("third read: %v", got)
	}
}

func TestV2JSONConsumer(t *testing.T) {
	t.Parallel()
	resttest.EachBackend(t, testV2JSONConsumer)
}

func testV2JSONConsumer(t *testing.T, bc resttest.Backend) {
	for _, tc := range []struct {
		profile mockproxy.Profile
		status  int
		code    int
	}{{mockproxy.ProfileModern, 408, 40801}, {mockproxy.ProfileLegacy, 500, 50002}} {
		t.Run(tc.profile.String(), func(t *testing.T) {
			t.Parallel()
			srv, _ := newConsumerServerOn(t, bc, mockproxy.WithTopic("j", 1), mockproxy.WithProfile(tc.profile))
			resttest.Must(t, srv, 200, "POST", "/topics/j", `{"records":[{"key":"k","value":{"a":[1,2]}},{"value":null}]}`, "Content-Type: "+ctV2J)
			c := create(t, srv, "g", `{"name":"c","format":"json","auto.offset.reset":"earliest","consumer.request.timeout.ms":0}`)
			resttest.Must(t, srv, 204, "POST", c+"/subscription", `{"topics":["j"]}`)
			got := resttest.Must(t, srv, 200, "GET", c+"/records", "", "Accept: "+ctV2J)
			want := `[{"topic":"j","key":"k","value":{"a":[1,2]},"partition":0,"offset":0},{"topic":"j","key":null,"value":null,"partition":0,"offset":1}]`
			if diff := cmp.Diff(want, string(got.Body)); diff != "" || got.ContentType != ctV2J {
				t.Errorf("json records %q (-want +got):\n%s", got.ContentType, diff)
			}
			produceTo(t, srv, "j", 0, fakelog.Record{Value: []byte("not json")})
			// The bad record stays at the head: every read fails until the
			// position moves past it.
			for range 2 {
				got = resttest.Do(t, srv, "GET", c+"/records", "", "Accept: "+ctV2J)
				resttest.WantErrorPrefix(t, got, tc.status, ctV2J, tc.code, "com.fasterxml.jackson.core.JsonParseException: Unrecognized token 'not'")
			}
		})
	}
}

func TestV2InstanceExpiry(t *testing.T) {
	t.Parallel()
	resttest.EachBackend(t, testV2InstanceExpiry)
}

func testV2InstanceExpiry(t *testing.T, bc resttest.Backend) {
	srv, clock := newConsumerServerOn(t, bc, mockproxy.WithConsumerInstanceTimeout(5*time.Minute))
	c := create(t, srv, "g", `{"name":"c"}`)
	clock.Advance(4 * time.Minute)
	resttest.Must(t, srv, 200, "GET", c+"/subscription", "") // refreshes
	clock.Advance(4 * time.Minute)
	resttest.Must(t, srv, 200, "GET", c+"/assignments", "")
	clock.Advance(5 * time.Minute)
	resttest.WantError(t, resttest.Do(t, srv, "GET", c+"/subscription", ""), 404, ctV2, 40403, "Consumer instance not found.")
	// The name is free again.
	create(t, srv, "g", `{"name":"c"}`)
	if n := len(srv.ConsumerInstances()); n != 1 {
		t.Errorf("%d instances, want 1", n)
	}
}

func sortRecords(recs []record) {
	for i := 1; i < len(recs); i++ {
		for j := i; j > 0 && (recs[j].Partition < recs[j-1].Partition ||
			recs[j].Partition == recs[j-1].Partition && recs[j].Offset < recs[j-1].Offset); j-- {
			recs[j], recs[j-1] = recs[j-1], recs[j]
		}
	}
}

func TestV2ResetPolicies(t *testing.T) {
	t.Parallel()
	resttest.EachBackend(t, testV2ResetPolicies)
}

func testV2ResetPolicies(t *testing.T, bc resttest.Backend) {
	srv, _ := newConsumerServerOn(t, bc)
	none := create(t, srv, "g-none", `{"name":"c","auto.offset.reset":"none","consumer.request.timeout.ms":0}`)
	resttest.Must(t, srv, 204, "POST", none+"/assignments", `{"partitions":[{"topic":"t","partition":1},{"topic":"t","partition":0}]}`)
	resttest.WantError(t, resttest.Do(t, srv, "GET", none+"/records", ""), 500, ctV2B, 50002, "Undefined offset with no reset policy for partitions: [t-0, t-1]")

	// A committed offset decides where a newcomer starts, whatever its policy.
	resttest.Must(t, srv, 200, "POST", none+"/offsets", `{"offsets":[{"topic":"t","partition":0,"offset":0},{"topic":"t","partition":1,"offset":1}]}`)
	if got := values(read(t, srv, none)); !cmp.Equal(got, []string{`"djM="`}) {
		t.Errorf("after commit: %v", got)
	}

	latest := create(t, srv, "g-latest", `{"name":"c","consumer.request.timeout.ms":0}`)
	resttest.Must(t, srv, 204, "POST", latest+"/subscription", `{"topics":["t"]}`)
	if got := read(t, srv, latest); len(got) != 0 {
		t.Errorf("latest read %v, want nothing", got)
	}
	resttest.Must(t, srv, 200, "POST", "/topics/t/partitions/0", `{"records":[{"value":"bmV3"}]}`, "Content-Type: "+ctV2B)
	if got := values(read(t, srv, latest)); !cmp.Equal(got, []string{`"bmV3"`}) {
		t.Errorf("latest read after produce: %v", got)
	}
}

func TestV2AutoCommitOnByDefault(t *testing.T) {
	t.Parallel()
	resttest.EachBackend(t, testV2AutoCommitOnByDefault)
}

func testV2AutoCommitOnByDefault(t *testing.T, bc resttest.Backend) {
	srv, clock := newConsumerServerOn(t, bc)
	c := create(t, srv, "g", `{"name":"a","auto.offset.reset":"earliest","consumer.request.timeout.ms":0}`)
	resttest.Must(t, srv, 204, "POST", c+"/assignments", `{"partitions":[{"topic":"t","partition":0}]}`)
	if n := len(read(t, srv, c)); n != 2 {
		t.Fatalf("read %d records, want 2", n)
	}
	clock.Advance(5 * time.Second) // auto.commit.interval.ms
	read(t, srv, c)                // the next poll commits what was consumed
	got := resttest.Must(t, srv, 200, "GET", c+"/offsets", `{"partitions":[{"topic":"t","partition":0}]}`)
	if want := `{"offsets":[{"topic":"t","partition":0,"offset":2,"metadata":""}]}`; string(got.Body) != want {
		t.Errorf("committed = %s, want %s", got.Body, want)
	}
}

func TestV2OffsetOutOfRangeWithoutResetPolicy(t *testing.T) {
	t.Parallel()
	resttest.EachBackend(t, testV2OffsetOutOfRangeWithoutResetPolicy)
}

func testV2OffsetOutOfRangeWithoutResetPolicy(t *testing.T, bc resttest.Backend) {
	srv, _ := newConsumerServerOn(t, bc)
	c := create(t, srv, "g", `{"name":"c","auto.offset.reset":"none","consumer.request.timeout.ms":0}`)
	resttest.Must(t, srv, 204, "POST", c+"/assignments", `{"partitions":[{"topic":"t","partition":0}]}`)
	resttest.Must(t, srv, 204, "POST", c+"/positions", `{"offsets":[{"topic":"t","partition":0,"offset":0}]}`)
	if _, err := srv.Log().DeleteRecords("t", 0, 1); err != nil {
		t.Fatal(err)
	}
	resttest.WantError(t, resttest.Do(t, srv, "GET", c+"/records", ""), 500, ctV2B, 50002, "Offsets out of range with no configured reset policy for partitions: {t-0=0}")
}
