package mockproxy_test

import (
	"bytes"
	"context"
	"encoding/json"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"reflect"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/kafkarestmock/kafkarestmock/fakelog"
	"github.com/kafkarestmock/kafkarestmock/mockproxy"
)

// fuzzMethods are the methods FuzzHandler picks from by index; a larger
// index sends the fuzzed method string instead.
var fuzzMethods = []string{"GET", "POST", "PUT", "DELETE", "HEAD", "OPTIONS", "PATCH"}

// stackInternals are fragments of Go stack traces, panics and source
// paths, which no answer may show.
var stackInternals = []string{"goroutine ", ".go:", "runtime error", "panic", "%!", "<nil>"}

// goInternals adds the texts of Go errors, which the emulated API never
// shows: its messages are the real proxy's. (The mock's own admin API
// under /_mock/ words its 400s with encoding/json's texts, such as
// "unexpected EOF", so only stackInternals apply there.)
var goInternals = append([]string{
	"fakelog:", "mockproxy:", "jsonv", "invalid character", "unexpected EOF", "unexpected end of JSON",
	"strconv.", "json: ", "context deadline exceeded", "context canceled",
}, stackInternals...)

// panicCatcher is a slog handler that keeps the server's error-level
// entries, which is where ServeHTTP reports a recovered panic.
type panicCatcher struct {
	mu     sync.Mutex
	errors []string
}

func (h *panicCatcher) Enabled(_ context.Context, l slog.Level) bool { return l >= slog.LevelError }
func (h *panicCatcher) WithAttrs([]slog.Attr) slog.Handler           { return h }
func (h *panicCatcher) WithGroup(string) slog.Handler                { return h }
func (h *panicCatcher) Handle(_ context.Context, r slog.Record) error {
	var b strings.Builder
	b.WriteString(r.Message)
	r.Attrs(func(a slog.Attr) bool {
		b.WriteString(" " + a.String())
		return true
	})
	h.mu.Lock()
	h.errors = append(h.errors, b.String())
	h.mu.Unlock()
	return nil
}

func (h *panicCatcher) logged() []string {
	h.mu.Lock()
	defer h.mu.Unlock()
	return append([]string(nil), h.errors...)
}

// serveOne sends one request to h in the calling goroutine.
func serveOne(ctx context.Context, h http.Handler, method, path, ct, accept string, body []byte) (*httptest.ResponseRecorder, *http.Request, error) {
	req, err := http.NewRequestWithContext(ctx, method, "http://kafkarestmock.invalid"+path, bytes.NewReader(body))
	if err != nil {
		return nil, nil, err
	}
	req.RequestURI = req.URL.RequestURI()
	req.RemoteAddr = "127.0.0.1:1"
	if ct != "" {
		req.Header.Set("Content-Type", ct)
	}
	if accept != "" {
		req.Header.Set("Accept", accept)
	}
	rec := httptest.NewRecorder()
	h.ServeHTTP(rec, req)
	return rec, req, nil
}

// newFuzzServer builds the server FuzzHandler sends its request to: topic
// "t" with two partitions and four records (one of them not JSON), and
// consumer instances whose reads never wait on the manual clock: in group
// g, "c" (binary, subscribed to t), "cj" (json, assigned t-0) and "cn"
// (neither subscribed nor assigned); in v1 group g1, "v1c".
func newFuzzServer(t *testing.T) (*mockproxy.Server, *panicCatcher) {
	t.Helper()
	catcher := &panicCatcher{}
	srv, err := mockproxy.New(
		mockproxy.WithTopic("t", 2),
		mockproxy.WithClock(fakelog.NewManualClock(epoch)),
		mockproxy.WithMaxBodyBytes(64<<10),
		mockproxy.WithLogger(slog.New(catcher)),
	)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { _ = srv.Close() })
	for _, r := range []struct {
		partition  int32
		key, value string
	}{{0, "k0", `{"a":1}`}, {0, "", `[1,2]`}, {1, "k1", "not json"}, {1, "k2", `"s"`}} {
		rec := fakelog.Record{Value: []byte(r.value)}
		if r.key != "" {
			rec.Key = []byte(r.key)
		}
		if _, err := srv.Log().Append("t", r.partition, rec); err != nil {
			t.Fatal(err)
		}
	}
	for _, step := range []struct{ path, ct, body string }{
		{"/consumers/g", ctV2, `{"name":"c","auto.offset.reset":"earliest","consumer.request.timeout.ms":0}`},
		{"/consumers/g/instances/c/subscription", ctV2, `{"topics":["t"]}`},
		{"/consumers/g", ctV2, `{"name":"cj","format":"json","auto.offset.reset":"earliest","consumer.request.timeout.ms":0}`},
		{"/consumers/g/instances/cj/assignments", ctV2, `{"partitions":[{"topic":"t","partition":0}]}`},
		{"/consumers/g", ctV2, `{"name":"cn","consumer.request.timeout.ms":0}`},
		{"/consumers/g1", ctV1, `{"name":"v1c","auto.offset.reset":"smallest","consumer.request.timeout.ms":0}`},
	} {
		rec, _, err := serveOne(t.Context(), srv.Handler(), "POST", step.path, step.ct, "", []byte(step.body))
		if err != nil || rec.Code >= 300 {
			t.Fatalf("setup POST %s: %v %d %s", step.path, err, rec.Code, rec.Body)
		}
	}
	return srv, catcher
}

// logContents returns every record of every topic, by topic and partition.
func logContents(t *testing.T, l *fakelog.Log) map[string][][]fakelog.Record {
	t.Helper()
	out := map[string][][]fakelog.Record{}
	for _, ti := range l.Topics() {
		parts, err := l.Partitions(ti.Name)
		if err != nil {
			t.Fatal(err)
		}
		recs := make([][]fakelog.Record, len(parts))
		for i, p := range parts {
			if recs[i], err = l.Read(ti.Name, p.Partition, p.StartOffset, 0); err != nil {
				t.Fatal(err)
			}
		}
		out[ti.Name] = recs
	}
	return out
}

// onlyAppended reports whether after holds every record of before
// unchanged, with at most records appended and topics added.
func onlyAppended(before, after map[string][][]fakelog.Record) bool {
	for topic, parts := range before {
		if len(after[topic]) != len(parts) {
			return false
		}
		for i, recs := range parts {
			if len(after[topic][i]) < len(recs) || !reflect.DeepEqual(after[topic][i][:len(recs)], recs) {
				return false
			}
		}
	}
	return true
}

// FuzzHandler sends one arbitrary request to a server holding data and
// consumer instances, and checks what every answer must satisfy: no
// panic and no wait; an error status comes with exactly
// {"error_code":<int>,"message":<string>}, with a code that fits the
// status; no body shows Go internals; and a request answered with an error
// leaves the stored records as they were.
func FuzzHandler(f *testing.F) {
	type seed struct {
		method           uint8
		extra, path      string
		ct, accept, body string
	}
	const get, post, put, del, head, options = 0, 1, 2, 3, 4, 5
	for _, s := range []seed{
		{get, "", "/topics", "", "", ""},
		{get, "", "/topics/t", "", ctV2, ""},
		{get, "", "/topics/t/partitions/1/offsets", ctV2, "", ""},
		{get, "", "/topics/t/partitions/99999999999", "", "", ""},
		{head, "", "/brokers", "", "text/plain", ""},
		{options, "", "/topics/t", "", "", ""},
		{put, "", "/topics/t", ctV2B, "", `{}`},
		{9, "BREW", "/", "", "", ""},
		{post, "", "/", ctV2, "", `{"a":"b"}`},
		{post, "", "/topics/t", ctV2B, "", `{"records":[{"key":"a2V5","value":"aGk="},{"value":"aGk=","partition":1}]}`},
		{post, "", "/topics/t", ctV2J, ctV2, `{"records":[{"value":{"a":[1,2]}}]}`},
		{post, "", "/topics/t", ctV2B, "", `{"records":[{"value":"aGk="},{"value":"aGk=","partition":-1}]}`},
		{post, "", "/topics/t/partitions/-1", ctV2B, "", `{"records":[{"value":"aGk="}]}`},
		{post, "", "/topics/t/partitions/1", ctV1, "", `{"records":[{"value":"QUJDQUJD=="}]}`},
		{post, "", "/topics/new", ctV2B, "", `{"records":[{"value":"%%%"}]}`},
		{post, "", "/topics/t", ctV2B, "", "{\"records\":[{\"value\":\"\xff\"}]}"},
		{post, "", "/topics/t", "text/plain", "", `{"records":[{"value":"aGk="}]}`},
		{post, "", "/topics/t", ctV2B, "", `{"records":[{"value":"aGk=","partition":2147483648}]}`},
		{post, "", "/consumers/g", ctV2, "", `{"name":"c"}`},
		{post, "", "/consumers/g", ctV2, "", `{"fetch.min.bytes":10000001}`},
		{post, "", "/consumers/g", ctJSON, "", `{"name":"x","format":"avro"}`},
		{get, "", "/consumers/g/instances/c/records", "", "", ""},
		{get, "", "/consumers/g/instances/c/records?timeout=abc&max_bytes=1", "", ctV2B, ""},
		{get, "", "/consumers/g/instances/cj/records", "", ctV2J, ""},
		{get, "", "/consumers/g/instances/cj/records", "", ctV2B, ""},
		{get, "", "/consumers/g/instances/cn/records", "", "", ""},
		{post, "", "/consumers/g/instances/c/offsets", ctV2, "", ""},
		{post, "", "/consumers/g/instances/c/offsets", ctV2, "", `{"offsets":[{"topic":"t","partition":0,"offset":-5}]}`},
		{get, "", "/consumers/g/instances/c/offsets", ctV2, "", `{"partitions":[{"topic":"t","partition":0}]}`},
		{get, "", "/consumers/g/instances/c/offsets", "", "", ""},
		{post, "", "/consumers/g/instances/cj/positions", ctV2, "", `{"offsets":[{"topic":"t","partition":0,"offset":9223372036854775807.0}],"timestamps":[{"topic":"t","partition":0,"timestamp":"2026-01-02T03:04:05Z"}]}`},
		{post, "", "/consumers/g/instances/cj/positions/end", ctV2, "", `{"partitions":[{"topic":"t","partition":0}]}`},
		{post, "", "/consumers/g/instances/c/subscription", ctV2, "", `{"topic_pattern":"(?=t)"}`},
		{post, "", "/consumers/g/instances/cn/assignments", ctV2, "", `{"partitions":[{"topic":"t","partition":-1}]}`},
		{del, "", "/consumers/g/instances/c", "", "", ""},
		{del, "", "/consumers/g/instances/c/subscription", "", "", ""},
		{get, "", "/consumers/g1/instances/v1c/topics/t", "", ctV1B, ""},
		{get, "", "/consumers/g1/instances/v1c/topics/t", "", ctV1J, ""},
		{post, "", "/consumers/g1/instances/v1c/offsets", ctV1, "", ""},
		{get, "", "/topics/t/partitions/0/messages?offset=0&count=2", "", "", ""},
		{get, "", "/topics/t/partitions/1/messages?offset=0", "", ctV1J, ""},
		{get, "", "/topics/t/partitions/0/messages?timestamp=2026-01-02T03:04:05Z&offset=1", "", "", ""},
		{get, "", "/topics/" + strings.Repeat("x", 300), "", "", ""},
		{post, "", "/topics/%ff", ctV2B, "", `{"records":[{"value":"aGk="}]}`},
		{post, "", "/_mock/topics", ctJSON, "", `{"name":`},
		{get, "", "/_mock/topics/t/records?partition=x", "", "", ""},
	} {
		f.Add(s.method, s.extra, s.path, s.ct, s.accept, []byte(s.body))
	}
	f.Fuzz(func(t *testing.T, m uint8, extraMethod, path, ct, accept string, body []byte) {
		method := extraMethod
		if int(m) < len(fuzzMethods) {
			method = fuzzMethods[m]
		}
		if !strings.HasPrefix(path, "/") {
			path = "/" + path
		}
		srv, catcher := newFuzzServer(t)
		before := logContents(t, srv.Log())

		// No read waits on this server; the deadline only turns a
		// request that would hang into a failure.
		ctx, cancel := context.WithTimeout(t.Context(), 5*time.Second)
		defer cancel()
		rec, req, err := serveOne(ctx, srv.Handler(), method, path, ct, accept, body)
		if err != nil {
			return // not a request a client can send
		}
		if ctx.Err() != nil {
			t.Fatalf("%s %s waited until its deadline", method, path)
		}
		if logged := catcher.logged(); len(logged) > 0 {
			t.Fatalf("%s %s: the server logged %q", method, path, logged)
		}
		status, respBody := rec.Code, rec.Body.Bytes()
		input := method + path + ct + accept + string(body)
		fragments := goInternals
		if p := req.URL.Path; p == "/_mock" || strings.HasPrefix(p, "/_mock/") {
			fragments = stackInternals
		}
		for _, frag := range fragments {
			if bytes.Contains(respBody, []byte(frag)) && !strings.Contains(input, frag) {
				t.Errorf("%s %s: %d body %q contains %q", method, path, status, respBody, frag)
			}
		}
		if status < 400 {
			return
		}

		code := 0
		if req.Method != http.MethodHead {
			if rec.Header().Get("Content-Type") == "" {
				t.Errorf("%s %s: %d without Content-Type", method, path, status)
			}
			var fields map[string]json.RawMessage
			if err := json.Unmarshal(respBody, &fields); err != nil || len(fields) != 2 || !bytes.HasPrefix(respBody, []byte(`{"error_code":`)) {
				t.Fatalf("%s %s: %d body %q is not {\"error_code\",\"message\"} (%v)", method, path, status, respBody, err)
			}
			var msg string
			if err := json.Unmarshal(fields["error_code"], &code); err != nil {
				t.Errorf("%s %s: error_code %s is not an int", method, path, fields["error_code"])
			}
			if err := json.Unmarshal(fields["message"], &msg); err != nil || fields["message"][0] != '"' {
				t.Errorf("%s %s: message %s is not a string", method, path, fields["message"])
			}
			if !mockproxy.ErrorCodeFits(status, code) {
				t.Errorf("%s %s: error_code %d does not fit status %d (%s)", method, path, code, status, respBody)
			}
		}

		after := logContents(t, srv.Log())
		if reflect.DeepEqual(before, after) {
			return
		}
		// A produce whose record has a negative partition fails with 500
		// after the records before it were sent, as the real proxy's
		// per-record send does; earlier records may be stored, nothing
		// stored may change.
		partialSend := status == 500 && code == 500 && req.Method == http.MethodPost && strings.HasPrefix(req.URL.Path, "/topics/")
		if !partialSend || !onlyAppended(before, after) {
			t.Errorf("%s %s answered %d %s but changed the log:\nbefore %v\nafter  %v", method, path, status, respBody, before, after)
		}
	})
}
