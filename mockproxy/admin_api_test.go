package mockproxy_test

import (
	"context"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"testing/synctest"
	"time"

	"github.com/google/go-cmp/cmp"
	"github.com/kafkarestmock/kafkarestmock/fakelog"
	"github.com/kafkarestmock/kafkarestmock/internal/resttest"
	"github.com/kafkarestmock/kafkarestmock/mockproxy"
	"github.com/kafkarestmock/kafkarestmock/scenario"
)

// adminSeed is a small seed for the admin API tests.
const adminSeed = `{
  "topics": [
    {"name": "orders", "partitions": 2, "configs": {"cleanup.policy": "delete"}, "records": [
      {"partition": 0, "key": "k1", "value": {"id": 1}, "headers": {"source": "web", "gone": null}, "timestamp": "2024-05-01T10:00:00Z"},
      {"partition": 0, "key_base64": "AP8=", "value": "plain", "timestamp": 1714557601000},
      {"partition": 1, "value_json": "quoted"}
    ]},
    {"name": "empty"}
  ],
  "groups": [{"name": "billing", "offsets": [{"topic": "orders", "partition": 0, "offset": 1, "metadata": "m"}]}]
}`

var adminEpoch = time.Date(2026, 1, 2, 3, 4, 5, 0, time.UTC)

func newAdminServer(t *testing.T, opts ...mockproxy.Option) (*mockproxy.Server, *fakelog.ManualClock) {
	t.Helper()
	return newAdminServerOn(t, resttest.Backends()[0], opts...)
}

// newAdminServerOn is newAdminServer on the backend bc.
func newAdminServerOn(t *testing.T, bc resttest.Backend, opts ...mockproxy.Option) (*mockproxy.Server, *fakelog.ManualClock) {
	t.Helper()
	sd, err := mockproxy.LoadSeed(strings.NewReader(adminSeed))
	if err != nil {
		t.Fatal(err)
	}
	clock := fakelog.NewManualClock(adminEpoch)
	opts = append([]mockproxy.Option{mockproxy.WithSeed(sd), mockproxy.WithClock(clock), mockproxy.WithoutListener()}, opts...)
	return bc.Start(t, opts...), clock
}

// wantJSON checks a JSON response: status, Content-Type and the body,
// compared as JSON values.
func wantJSON(t *testing.T, got resttest.Response, status int, want string) {
	t.Helper()
	if got.Status != status {
		t.Errorf("status = %d, want %d (body %s)", got.Status, status, got.Body)
	}
	if got.ContentType != ctJSON {
		t.Errorf("Content-Type = %q, want %q", got.ContentType, ctJSON)
	}
	var w, g any
	if err := json.Unmarshal([]byte(want), &w); err != nil {
		t.Fatalf("want: %v", err)
	}
	if err := json.Unmarshal(got.Body, &g); err != nil {
		t.Fatalf("body %s: %v", got.Body, err)
	}
	if diff := cmp.Diff(w, g); diff != "" {
		t.Errorf("body mismatch (-want +got):\n%s", diff)
	}
}

func TestAdminTopics(t *testing.T) {
	t.Parallel()
	resttest.EachBackend(t, testAdminTopics)
}

func testAdminTopics(t *testing.T, bc resttest.Backend) {
	srv, _ := newAdminServerOn(t, bc)
	wantJSON(t, resttest.Do(t, srv, "GET", "/_mock/topics", ""), 200, `[
	  {"name": "empty", "configs": {}, "records": 0, "partitions": [
	    {"partition": 0, "log_start_offset": 0, "log_end_offset": 0, "records": 0, "bytes": 0}]},
	  {"name": "orders", "configs": {"cleanup.policy": "delete"}, "records": 3, "partitions": [
	    {"partition": 0, "log_start_offset": 0, "log_end_offset": 2, "records": 2, "bytes": 30},
	    {"partition": 1, "log_start_offset": 0, "log_end_offset": 1, "records": 1, "bytes": 8}]}
	]`)
	// HEAD is GET without a body.
	if got := resttest.Do(t, srv, "HEAD", "/_mock/topics", ""); got.Status != 200 || len(got.Body) != 0 || got.ContentType != ctJSON {
		t.Errorf("HEAD = %d %q %q", got.Status, got.ContentType, got.Body)
	}
}

func TestAdminCreateTopic(t *testing.T) {
	t.Parallel()
	resttest.EachBackend(t, testAdminCreateTopic)
}

func testAdminCreateTopic(t *testing.T, bc resttest.Backend) {
	srv, _ := newAdminServerOn(t, bc, mockproxy.WithDefaultPartitions(4))
	wantJSON(t, resttest.Do(t, srv, "POST", "/_mock/topics", `{"name":"new","partitions":3,"configs":{"retention.records":"10"}}`), 201, `
	  {"name": "new", "configs": {"retention.records": "10"}, "records": 0, "partitions": [
	    {"partition": 0, "log_start_offset": 0, "log_end_offset": 0, "records": 0, "bytes": 0},
	    {"partition": 1, "log_start_offset": 0, "log_end_offset": 0, "records": 0, "bytes": 0},
	    {"partition": 2, "log_start_offset": 0, "log_end_offset": 0, "records": 0, "bytes": 0}]}`)
	if info, err := srv.Backend().Topic("new"); err != nil || info.Partitions != 3 {
		t.Errorf("log topic = %+v, %v", info, err)
	}
	got := resttest.Do(t, srv, "POST", "/_mock/topics", `{"name":"dflt"}`)
	if got.Status != 201 || !strings.Contains(string(got.Body), `{"partition":3,`) {
		t.Errorf("default partitions: %d %s, want 4 partitions", got.Status, got.Body)
	}

	tests := []struct {
		name, body string
		status     int
		message    string
	}{
		{"exists", `{"name":"orders","partitions":1}`, 409, `topic "orders" already exists`},
		{"no name", `{"partitions":1}`, 400, `name: required, such as {"name":"orders","partitions":3}`},
		{"bad name", `{"name":"a b"}`, 400, `name: "a b" is not a valid topic name: 1 to 249 characters of a-z, A-Z, 0-9, '.', '_' and '-' (not "." or "..")`},
		{"zero partitions", `{"name":"z","partitions":0}`, 400, "partitions: must be between 1 and 100000"},
		{"partitions type", `{"name":"z","partitions":"3"}`, 400, `partitions: want an integer, got string`},
		{"unknown field", `{"name":"z","partition":3}`, 400, `unknown field "partition"`},
		{"not JSON", `{"name":`, 400, "Unexpected end-of-input: expected a value at line 1, column 9"},
		{"empty", ``, 400, "the body is empty; want a JSON object"},
		{"array", `[1]`, 400, "want a JSON object, got array"},
		{"trailing", `{"name":"z"} {}`, 400, "Unexpected content after the JSON value at line 1, column 14: the body must be one JSON value"},
		{"bad config", `{"name":"z","configs":{"retention.bytes":"big"}}`, 400, `configs: retention.bytes="big" is not an integer`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			bc.SkipIf(t)
			resttest.WantError(t, resttest.Do(t, srv, "POST", "/_mock/topics", tt.body), tt.status, ctJSON, tt.status, tt.message)
		})
	}
}

func TestAdminRecords(t *testing.T) {
	t.Parallel()
	resttest.EachBackend(t, testAdminRecords)
}

func testAdminRecords(t *testing.T, bc resttest.Backend) {
	srv, _ := newAdminServerOn(t, bc)
	now := adminEpoch.Format(time.RFC3339)
	nowMS := adminEpoch.UnixMilli()
	k1 := `{"partition": 0, "offset": 0, "timestamp": "2024-05-01T10:00:00Z", "timestamp_ms": 1714557600000,
	  "key": {"size": 2, "text": "k1", "base64": "azE="},
	  "value": {"size": 8, "text": "{\"id\":1}", "json": {"id": 1}, "base64": "eyJpZCI6MX0="},
	  "headers": [{"key": "source", "value": {"size": 3, "text": "web", "base64": "d2Vi"}}, {"key": "gone", "value": null}]}`
	bin := `{"partition": 0, "offset": 1, "timestamp": "2024-05-01T10:00:01Z", "timestamp_ms": 1714557601000,
	  "key": {"size": 2, "base64": "AP8="},
	  "value": {"size": 5, "text": "plain", "base64": "cGxhaW4="},
	  "headers": []}`
	quoted := `{"partition": 1, "offset": 0, "timestamp": "` + now + `", "timestamp_ms": ` + itoa(int(nowMS)) + `,
	  "key": null,
	  "value": {"size": 8, "text": "\"quoted\"", "json": "quoted", "base64": "InF1b3RlZCI="},
	  "headers": []}`
	tests := []struct{ query, want string }{
		{"", "[" + k1 + "," + bin + "," + quoted + "]"},
		{"?partition=0", "[" + k1 + "," + bin + "]"},
		{"?partition=0&offset=1", "[" + bin + "]"},
		{"?offset=-1", "[" + bin + "," + quoted + "]"},
		{"?offset=-100", "[" + k1 + "," + bin + "," + quoted + "]"},
		{"?partition=0&limit=1", "[" + k1 + "]"},
		{"?offset=99", "[]"},
	}
	for _, tt := range tests {
		t.Run(tt.query, func(t *testing.T) {
			wantJSON(t, resttest.Do(t, srv, "GET", "/_mock/topics/orders/records"+tt.query, ""), 200, tt.want)
		})
	}
	wantJSON(t, resttest.Do(t, srv, "GET", "/_mock/topics/empty/records", ""), 200, `[]`)

	errs := []struct {
		path    string
		status  int
		message string
	}{
		{"/_mock/topics/nope/records", 404, `topic "nope" does not exist`},
		{"/_mock/topics/orders/records?partition=2", 404, `topic "orders" has 2 partitions (0 to 1)`},
		{"/_mock/topics/orders/records?partition=x", 400, `partition "x": want an integer`},
		{"/_mock/topics/orders/records?offset=1.5", 400, `offset "1.5": want an integer`},
		{"/_mock/topics/orders/records?limit=0", 400, `limit "0": want an integer between 1 and 10000`},
	}
	for _, e := range errs {
		resttest.WantError(t, resttest.Do(t, srv, "GET", e.path, ""), e.status, ctJSON, e.status, e.message)
	}
}

func TestAdminClock(t *testing.T) {
	t.Parallel()
	resttest.EachBackend(t, testAdminClock)
}

func testAdminClock(t *testing.T, bc resttest.Backend) {
	srv, clock := newAdminServerOn(t, bc, mockproxy.WithConsumerInstanceTimeout(time.Minute))
	wantJSON(t, resttest.Do(t, srv, "GET", "/_mock/clock", ""), 200, `{"mode": "manual", "now": "2026-01-02T03:04:05Z", "now_ms": 1767323045000}`)

	inst := create(t, srv, "g", `{"name":"c1","format":"binary"}`)
	wantJSON(t, resttest.Do(t, srv, "POST", "/_mock/clock/advance", `{"ms":59999}`), 200, `{"mode": "manual", "now": "2026-01-02T03:05:04.999Z", "now_ms": 1767323104999}`)
	if n := len(srv.ConsumerInstances()); n != 1 {
		t.Fatalf("instances after 59.999s = %d, want 1", n)
	}
	wantJSON(t, resttest.Do(t, srv, "POST", "/_mock/clock/advance", `{"ms":1}`), 200, `{"mode": "manual", "now": "2026-01-02T03:05:05Z", "now_ms": 1767323105000}`)
	if n := len(srv.ConsumerInstances()); n != 0 {
		t.Errorf("instances after the timeout = %d, want 0", n)
	}
	resttest.WantError(t, resttest.Do(t, srv, "GET", inst+"/subscription", "", "Accept: "+ctV2), 404, ctV2, 40403, "Consumer instance not found.")
	if got := clock.Now(); !got.Equal(adminEpoch.Add(time.Minute)) {
		t.Errorf("clock = %v", got)
	}

	for _, tt := range []struct{ body, message string }{
		{`{}`, `ms: required, such as {"ms":60000}`},
		{`{"ms":-1}`, "ms: must be between 0 and 3153600000000 (100 years)"},
		{`{"ms":"5"}`, "ms: want an integer, got string"},
		{`{"seconds":5}`, `unknown field "seconds"`},
	} {
		resttest.WantError(t, resttest.Do(t, srv, "POST", "/_mock/clock/advance", tt.body), 400, ctJSON, 400, tt.message)
	}

	real := bc.Start(t, mockproxy.WithoutListener())
	resttest.WantError(t, resttest.Do(t, real, "POST", "/_mock/clock/advance", `{"ms":1}`), 409, ctJSON, 409,
		"the clock is real; start the server with --clock manual (in Go: WithClock(fakelog.NewManualClock(start))) to move time by hand")
	got := resttest.Do(t, real, "GET", "/_mock/clock", "")
	if got.Status != 200 || !strings.HasPrefix(string(got.Body), `{"mode":"real","now":"`) {
		t.Errorf("real clock = %d %s", got.Status, got.Body)
	}
}

func TestAdminClockWaiters(t *testing.T) {
	t.Parallel()
	resttest.EachBackend(t, testAdminClockWaiters)
}

// testAdminClockWaiters parks a read on the manual clock and waits for it
// with GET /_mock/clock?waiters=1 before advancing the clock: the wait is a
// signal, not a poll.
func testAdminClockWaiters(t *testing.T, bc resttest.Backend) {
	srv, clock := newAdminServerOn(t, bc)
	state := `{"mode": "manual", "now": "2026-01-02T03:04:05Z", "now_ms": 1767323045000}`
	wantJSON(t, resttest.Do(t, srv, "GET", "/_mock/clock?waiters=0", ""), 200, state)

	inst := create(t, srv, "g", `{"name":"c1","format":"binary"}`)
	resttest.Must(t, srv, 204, "POST", inst+"/subscription", `{"topics":["empty"]}`)
	read := make(chan resttest.Response, 1)
	go func() { read <- doQuietly(srv, "GET", inst+"/records", "Accept: "+ctV2B) }()
	wantJSON(t, resttest.Do(t, srv, "GET", "/_mock/clock?waiters=1", ""), 200, state)
	if n := clock.Waiters(); n != 1 {
		t.Errorf("waiters after GET /_mock/clock?waiters=1 = %d, want 1", n)
	}
	select {
	case got := <-read:
		t.Fatalf("the read answered before the clock moved: %d %s", got.Status, got.Body)
	default:
	}
	resttest.Must(t, srv, 200, "POST", "/_mock/clock/advance", `{"ms":60000}`)
	resttest.Want(t, <-read, 200, ctV2B, `[]`)

	for _, v := range []string{"", "x", "-1", "1.5", "1048577"} {
		resttest.WantError(t, resttest.Do(t, srv, "GET", "/_mock/clock?waiters="+v, ""), 400, ctJSON, 400,
			fmt.Sprintf("waiters %q: want an integer between 0 and 1048576", v))
	}
	real := bc.Start(t, mockproxy.WithoutListener())
	resttest.WantError(t, resttest.Do(t, real, "GET", "/_mock/clock?waiters=1", ""), 409, ctJSON, 409,
		"the clock is real and its timers are not counted; start the server with --clock manual (in Go: WithClock(fakelog.NewManualClock(start))) to wait for them")

	// The wait ends with its request.
	ctx, cancel := context.WithCancel(t.Context())
	cancel()
	rec := httptest.NewRecorder()
	srv.Handler().ServeHTTP(rec, httptest.NewRequestWithContext(ctx, "GET", "/_mock/clock?waiters=1", nil))
	wantJSON(t, resttest.Response{Status: rec.Code, ContentType: rec.Header().Get("Content-Type"), Body: rec.Body.Bytes()}, 503,
		`{"error_code": 503, "message": "stopped waiting for 1 clock waiters: the request ended"}`)
}

// TestAdminClockWaitersEndAtClose checks that a wait for clock waiters
// ends when the server closes.
func TestAdminClockWaitersEndAtClose(t *testing.T) {
	t.Parallel()
	synctest.Test(t, func(t *testing.T) {
		srv, _ := newAdminServer(t)
		got := make(chan resttest.Response, 1)
		go func() { got <- doQuietly(srv, "GET", "/_mock/clock?waiters=1") }()
		synctest.Wait() // the request is waiting on the clock
		if err := srv.Close(); err != nil {
			t.Fatal(err)
		}
		wantJSON(t, <-got, 503, `{"error_code": 503, "message": "stopped waiting for 1 clock waiters: the server is closing"}`)
	})
}

// doQuietly is resttest.Do for another goroutine than the test's: a
// failure to send or read comes back as status 0 with the error as body.
func doQuietly(srv *mockproxy.Server, method, path string, headers ...string) resttest.Response {
	req, err := http.NewRequest(method, srv.URL()+path, nil)
	if err != nil {
		return resttest.Response{Body: []byte(err.Error())}
	}
	for _, h := range headers {
		k, v, _ := strings.Cut(h, ":")
		req.Header.Set(strings.TrimSpace(k), strings.TrimSpace(v))
	}
	resp, err := srv.Client().Do(req)
	if err != nil {
		return resttest.Response{Body: []byte(err.Error())}
	}
	defer resp.Body.Close()
	b, err := io.ReadAll(resp.Body)
	if err != nil {
		return resttest.Response{Body: []byte(err.Error())}
	}
	return resttest.Response{Status: resp.StatusCode, ContentType: resp.Header.Get("Content-Type"), Body: b, Header: resp.Header}
}

func TestAdminConsumersAndGroups(t *testing.T) {
	t.Parallel()
	resttest.EachBackend(t, testAdminConsumersAndGroups)
}

func testAdminConsumersAndGroups(t *testing.T, bc resttest.Backend) {
	srv, _ := newAdminServerOn(t, bc)
	wantJSON(t, resttest.Do(t, srv, "GET", "/_mock/consumers", ""), 200, `[]`)
	inst := create(t, srv, "billing", `{"name":"c1","format":"binary","fetch.min.bytes":"1"}`)
	resttest.Must(t, srv, 204, "POST", inst+"/subscription", `{"topics":["orders"]}`)
	read(t, srv, inst) // joins the group
	wantJSON(t, resttest.Do(t, srv, "GET", "/_mock/consumers", ""), 200, `[
	  {"api": "v2", "group": "billing", "name": "c1", "format": "binary", "expires": "2026-01-02T03:09:05Z",
	   "assignment": [{"topic": "orders", "partition": 0}, {"topic": "orders", "partition": 1}]}]`)
	wantJSON(t, resttest.Do(t, srv, "GET", "/_mock/groups", ""), 200, `[
	  {"group": "billing", "generation": 1,
	   "members": [{"member_id": "c1", "subscription": ["orders"],
	     "assignment": [{"topic": "orders", "partition": 0}, {"topic": "orders", "partition": 1}]}],
	   "committed": [{"topic": "orders", "partition": 0, "offset": 1, "metadata": "m", "log_end_offset": 2, "lag": 1}]}]`)
}

func TestAdminReset(t *testing.T) {
	t.Parallel()
	resttest.EachBackend(t, testAdminReset)
}

func testAdminReset(t *testing.T, bc resttest.Backend) {
	srv, _ := newAdminServerOn(t, bc, mockproxy.WithTopic("extra", 2),
		mockproxy.WithFaults(scenario.Fault{Match: scenario.Match{Route: "/brokers"}, KafkaError: "BROKER_NOT_AVAILABLE"}))
	before := resttest.Do(t, srv, "GET", "/_mock/topics", "")

	resttest.Must(t, srv, 200, "POST", "/topics/orders", `{"records":[{"value":"aGk="}]}`, "Content-Type: "+ctV2B)
	resttest.Must(t, srv, 201, "POST", "/_mock/topics", `{"name":"made"}`)
	inst := create(t, srv, "g", `{"name":"c1","format":"binary"}`)
	if err := srv.Backend().CommitOffsets("billing", map[fakelog.TopicPartition]fakelog.OffsetAndMetadata{{Topic: "orders", Partition: 1}: {Offset: 1}}); err != nil {
		t.Fatal(err)
	}
	resttest.Do(t, srv, "POST", "/_mock/faults", `{"match":{"route":"/topics"},"delay_ms":1}`)
	if len(srv.Requests()) == 0 || len(srv.Faults()) != 2 {
		t.Fatalf("setup: %d requests, %d faults", len(srv.Requests()), len(srv.Faults()))
	}

	wantJSON(t, resttest.Do(t, srv, "POST", "/_mock/reset", ""), 200, `{"status": "ok"}`)

	after := resttest.Do(t, srv, "GET", "/_mock/topics", "")
	if diff := cmp.Diff(string(before.Body), string(after.Body)); diff != "" {
		t.Errorf("topics after reset differ from the start (-want +got):\n%s", diff)
	}
	if diff := cmp.Diff(map[fakelog.TopicPartition]fakelog.OffsetAndMetadata{{Topic: "orders", Partition: 0}: {Offset: 1, Metadata: "m"}},
		srv.Backend().CommittedOffsets("billing")); diff != "" {
		t.Errorf("committed offsets after reset (-want +got):\n%s", diff)
	}
	if n := len(srv.ConsumerInstances()); n != 0 {
		t.Errorf("%d consumer instances after reset", n)
	}
	resttest.WantError(t, resttest.Do(t, srv, "DELETE", inst, "", "Accept: "+ctV2), 404, ctV2, 40403, "Consumer instance not found.")
	if n := len(srv.Faults()); n != 0 {
		t.Errorf("%d fault rules after reset", n)
	}
	if n := len(srv.Requests()); n != 1 { // the DELETE just above
		t.Errorf("%d requests in the journal after reset, want 1", n)
	}
	// The server keeps working: the name can be taken again.
	create(t, srv, "g", `{"name":"c1","format":"binary"}`)

	if err := srv.Close(); err != nil {
		t.Fatal(err)
	}
	if err := srv.Reset(); err == nil {
		t.Error("Reset after Close succeeded")
	}
}

func TestAdminPage(t *testing.T) {
	t.Parallel()
	resttest.EachBackend(t, testAdminPage)
}

func testAdminPage(t *testing.T, bc resttest.Backend) {
	srv, _ := newAdminServerOn(t, bc)
	for _, tt := range []struct{ path, contentType, contains string }{
		{"/_mock/", "text/html; charset=utf-8", `<script src="/_mock/app.js">`},
		{"/_mock", "text/html; charset=utf-8", "<title>kafkarestmock</title>"},
		{"/_mock/", "text/html; charset=utf-8", `<select id="produce-format">`},
		{"/_mock/app.js", "text/javascript; charset=utf-8", "application/vnd.kafka.${format}.v2+json"},
		{"/_mock/style.css", "text/css; charset=utf-8", ":root"},
	} {
		got := resttest.Do(t, srv, "GET", tt.path, "")
		if got.Status != 200 || got.ContentType != tt.contentType || !strings.Contains(string(got.Body), tt.contains) {
			t.Errorf("GET %s = %d %q, body has %q: %v", tt.path, got.Status, got.ContentType, tt.contains, strings.Contains(string(got.Body), tt.contains))
		}
		if got.Header.Get("Cache-Control") != "no-cache" {
			t.Errorf("GET %s Cache-Control = %q", tt.path, got.Header.Get("Cache-Control"))
		}
	}
	// Nothing is loaded from elsewhere.
	for _, p := range []string{"/_mock/", "/_mock/app.js", "/_mock/style.css"} {
		body := string(resttest.Do(t, srv, "GET", p, "").Body)
		for _, bad := range []string{"http://", "https://", "//cdn", "@import"} {
			if strings.Contains(body, bad) {
				t.Errorf("%s contains %q", p, bad)
			}
		}
	}
}

func TestAdminUnknownAndMethods(t *testing.T) {
	t.Parallel()
	resttest.EachBackend(t, testAdminUnknownAndMethods)
}

func testAdminUnknownAndMethods(t *testing.T, bc resttest.Backend) {
	srv, _ := newAdminServerOn(t, bc)
	resttest.WantError(t, resttest.Do(t, srv, "GET", "/_mock/nope", ""), 404, ctJSON, 404,
		"no admin endpoint GET /_mock/nope (the web page is GET /_mock/; the README lists the admin API)")
	for _, tt := range []struct{ method, path, allow string }{
		{"DELETE", "/_mock/topics", "GET,HEAD,POST"},
		{"GET", "/_mock/reset", "POST"},
		{"GET", "/_mock/clock/advance", "POST"},
		{"POST", "/_mock/consumers", "GET,HEAD"},
		{"PUT", "/_mock/groups", "GET,HEAD"},
		{"POST", "/_mock/topics/orders/records", "GET,HEAD"},
	} {
		got := resttest.Do(t, srv, tt.method, tt.path, "")
		resttest.WantError(t, got, 405, ctJSON, 405, "HTTP 405 Method Not Allowed")
		if got.Header.Get("Allow") != tt.allow {
			t.Errorf("%s %s Allow = %q, want %q", tt.method, tt.path, got.Header.Get("Allow"), tt.allow)
		}
	}
	if n := len(srv.Requests()); n != 0 {
		t.Errorf("admin requests were journaled: %+v", srv.Requests())
	}
}
