// Package resttest is what the REST tests of mockproxy and kafkabackend
// share: the backends a test runs on (the in-memory log and a kfake
// cluster), the loop that runs a test once per backend and skips, with
// the reason, what does not hold on one, and the request and assertion
// helpers.
//
// It imports kafkabackend, so only test files import it: the mockproxy
// package itself knows nothing of Kafka's clients.
package resttest

import (
	"encoding/json"
	"io"
	"net/http"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/kafkarestmock/kafkarestmock/kafkabackend"
	"github.com/kafkarestmock/kafkarestmock/mockproxy"
)

// Backend is one backend the REST tests run on.
type Backend struct {
	// Name names the backend's subtests: "memory" or "kfake".
	Name string
	// SegmentBytes is the segment.bytes the backend's topics report:
	// Kafka's default on the in-memory log, kfake's own on kfake.
	SegmentBytes string
	// start builds a server on the backend, closed with the test.
	start func(t *testing.T, opts ...mockproxy.Option) *mockproxy.Server
	// skip maps the tests that do not hold on this backend, named as
	// SkipIf reads them, to the reason, which FIDELITY.md ("The Kafka
	// backend") explains.
	skip map[string]string
}

// Start builds a server with opts on the backend; it is closed when the
// test ends.
func (b Backend) Start(t *testing.T, opts ...mockproxy.Option) *mockproxy.Server {
	t.Helper()
	return b.start(t, opts...)
}

// SkipIf skips t, with the reason, when the backend's skip list names it:
// by its whole name, or by its name without the backend's part (so
// "TestX/kfake/case" is listed as "TestX/case", and "TestX/kfake" as
// "TestX").
func (b Backend) SkipIf(t *testing.T) {
	t.Helper()
	name := t.Name()
	for _, n := range []string{name, strings.Replace(name, "/"+b.Name, "", 1)} {
		if why, ok := b.skip[n]; ok {
			t.Skip(why)
		}
	}
}

// topicConfigsDiffer is why golden GET /topics/{topic} bodies hold only
// on the in-memory log.
const topicConfigsDiffer = "the configs are the cluster's: kfake's segment.bytes is 104857600, Kafka's default 1073741824 (FIDELITY.md, The Kafka backend)"

// deletesRecords is why tests that move a log start by hand hold only on
// the in-memory log.
const deletesRecords = "deleting records below an offset is fakelog's (Log.DeleteRecords); the Kafka backend has no such call"

// Backends returns the backends every REST test runs on, in order: the
// in-memory log, then a kfake cluster with what does not hold on it.
func Backends() []Backend {
	return []Backend{
		{
			Name:         "memory",
			SegmentBytes: "1073741824",
			start: func(t *testing.T, opts ...mockproxy.Option) *mockproxy.Server {
				return mockproxy.NewServer(t, opts...)
			},
		},
		{
			Name:         "kfake",
			SegmentBytes: "104857600",
			start: func(t *testing.T, opts ...mockproxy.Option) *mockproxy.Server {
				srv, _ := kafkabackend.NewServer(t, opts...)
				return srv
			},
			skip: map[string]string{
				// kafkabackend's REST suite.
				"TestSuiteV2PartitionOffsetsBytes": "FIDELITY.md, Kafka backend: partition sizes in bytes are not known over the Kafka protocol",
				// mockproxy's handler tests.
				"TestV2MetadataSuccess/all/topic":          topicConfigsDiffer,
				"TestV2MetadataSuccess/legacy/topic":       topicConfigsDiffer,
				"TestV2MetadataSuccess/modern/topic":       topicConfigsDiffer,
				"TestV1Metadata/all/topic":                 topicConfigsDiffer,
				"TestV1Metadata/legacy/topic":              topicConfigsDiffer,
				"TestV1SimpleConsumer/below_the_log_start": deletesRecords,
				"TestAdminTopics":                          "partition sizes in bytes are not known over the Kafka protocol, and a topic's configs in GET /_mock/topics are the in-memory log's overrides (FIDELITY.md, The Kafka backend)",
				"TestAdminConsumersAndGroups":              "member ids are the broker's (<name>-<uuid>) and DescribeGroups reports no generation (FIDELITY.md, The Kafka backend); TestSuiteAdminGroups checks the rest on both backends",
				"TestAdminCreateTopic/bad_config":          "kfake accepts any config value where a Kafka broker answers INVALID_CONFIG",
				"TestV2SubscriptionAndAssignment":          "on Kafka the assignment comes a heartbeat round after the first read, not with it (FIDELITY.md, The Kafka backend); TestSuiteJoinAtFirstRead checks the join at the first read and TestSuiteV2SubscribeReadCommit and TestSuiteV2PatternSubscription cover subscriptions on both backends",
				"TestV2ReadTiming":                         "times reads on the manual clock with records already in the consumer; on Kafka records reach the consumer when its fetch returns (FIDELITY.md, The Kafka backend)",
				"TestV2ReadWakesOnProduce":                 "with auto.offset.reset latest the record is produced while the group join (asynchronous on Kafka) may still be resolving the end offset, so it can be skipped, as with the real proxy; BenchmarkBackendsWakeup measures the wake-up on both backends",
				"TestV2JSONConsumer":                       "expects both records from one read right after subscribing; on Kafka they can arrive over several reads (FIDELITY.md, The Kafka backend); TestSuiteV2JSONConsumer covers json reads on both backends",
				"TestV2ResetPolicies":                      "the latest-policy part produces while the asynchronous group join may still be resolving the end offset (FIDELITY.md, The Kafka backend); TestSuiteV2NoResetPolicy covers the none policy on both backends",
				"TestV2AutoCommitOnByDefault":              "expects both records from the first read right after assigning; on Kafka they reach the consumer when its fetch returns (FIDELITY.md, The Kafka backend); TestSuiteV2AutoCommitInterval checks the interval on the manual clock on both backends",
				"TestV2OffsetOutOfRangeWithoutResetPolicy": deletesRecords,
			},
		},
	}
}

// EachBackend runs fn as a parallel subtest per backend, named after the
// backend, unless SkipIf skips it. It leaves t itself as it is: a test
// that runs in parallel with others calls t.Parallel first.
func EachBackend(t *testing.T, fn func(t *testing.T, b Backend)) {
	t.Helper()
	for _, b := range Backends() {
		t.Run(b.Name, func(t *testing.T) {
			t.Parallel()
			b.SkipIf(t)
			fn(t, b)
		})
	}
}

// Server is what Do needs of a mockproxy.Server.
type Server interface {
	URL() string
	Client() *http.Client
}

// Response is what a request got back.
type Response struct {
	Status      int
	ContentType string
	Body        []byte
	Header      http.Header
}

// Do sends one request through srv.Client, with the test's context, and
// reads the whole answer. headers are "Name: value"; an empty body sends
// none. It fails the test if the request cannot be made or read.
func Do(t testing.TB, srv Server, method, path, body string, headers ...string) Response {
	t.Helper()
	var rd io.Reader
	if body != "" {
		rd = strings.NewReader(body)
	}
	req, err := http.NewRequestWithContext(t.Context(), method, srv.URL()+path, rd)
	if err != nil {
		t.Fatal(err)
	}
	for _, h := range headers {
		k, v, _ := strings.Cut(h, ":")
		req.Header.Set(strings.TrimSpace(k), strings.TrimSpace(v))
	}
	resp, err := srv.Client().Do(req)
	if err != nil {
		t.Fatalf("%s %s: %v", method, path, err)
	}
	defer resp.Body.Close()
	b, err := io.ReadAll(resp.Body)
	if err != nil {
		t.Fatal(err)
	}
	return Response{Status: resp.StatusCode, ContentType: resp.Header.Get("Content-Type"), Body: b, Header: resp.Header}
}

// v2 is the v2 API's media type, Must's default Content-Type.
const v2 = "application/vnd.kafka.v2+json"

// Must sends a request as Do does and fails the test at once unless the
// answer has the given status. A body sent without a Content-Type header
// goes as application/vnd.kafka.v2+json.
func Must(t testing.TB, srv Server, status int, method, path, body string, headers ...string) Response {
	t.Helper()
	hasCT := false
	for _, h := range headers {
		hasCT = hasCT || strings.HasPrefix(strings.ToLower(h), "content-type:")
	}
	if body != "" && !hasCT {
		headers = append(headers, "Content-Type: "+v2)
	}
	got := Do(t, srv, method, path, body, headers...)
	if got.Status != status {
		t.Fatalf("%s %s = %d %s, want %d", method, path, got.Status, got.Body, status)
	}
	return got
}

// Want checks a response: its status, Content-Type and exact body.
func Want(t testing.TB, got Response, status int, contentType, body string) {
	t.Helper()
	type answer struct {
		Status      int
		ContentType string
		Body        string
	}
	if diff := cmp.Diff(answer{status, contentType, body}, answer{got.Status, got.ContentType, string(got.Body)}); diff != "" {
		t.Errorf("response mismatch (-want +got):\n%s", diff)
	}
}

// errorBody is the Confluent error envelope.
type errorBody struct {
	ErrorCode int    `json:"error_code"`
	Message   string `json:"message"`
}

// WantError checks an error response: its status, Content-Type, and the
// exact envelope (field names and order included).
func WantError(t testing.TB, got Response, status int, contentType string, code int, message string) {
	t.Helper()
	wantHead(t, got, status, contentType)
	var want strings.Builder
	enc := json.NewEncoder(&want)
	enc.SetEscapeHTML(false)
	if err := enc.Encode(errorBody{ErrorCode: code, Message: message}); err != nil {
		t.Fatal(err)
	}
	if diff := cmp.Diff(strings.TrimSuffix(want.String(), "\n"), string(got.Body)); diff != "" {
		t.Errorf("error body mismatch (-want +got):\n%s", diff)
	}
}

// wantHead checks an error response's status and Content-Type.
func wantHead(t testing.TB, got Response, status int, contentType string) {
	t.Helper()
	if got.Status != status {
		t.Errorf("status = %d, want %d (body %s)", got.Status, status, got.Body)
	}
	if got.ContentType != contentType {
		t.Errorf("Content-Type = %q, want %q", got.ContentType, contentType)
	}
}

// WantErrorPrefix is WantError for messages that carry a parser's
// detail: the real proxy's texts are compared by prefix.
func WantErrorPrefix(t testing.TB, got Response, status int, contentType string, code int, prefix string) {
	t.Helper()
	wantHead(t, got, status, contentType)
	var e errorBody
	dec := json.NewDecoder(strings.NewReader(string(got.Body)))
	dec.DisallowUnknownFields()
	if err := dec.Decode(&e); err != nil {
		t.Fatalf("error body %s: %v", got.Body, err)
	}
	if e.ErrorCode != code || !strings.HasPrefix(e.Message, prefix) {
		t.Errorf("error = {%d %q}, want {%d %q...}", e.ErrorCode, e.Message, code, prefix)
	}
}
