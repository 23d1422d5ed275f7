package kafkabackend_test

import (
	"encoding/base64"
	"encoding/json"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"

	"github.com/kafkarestmock/kafkarestmock/internal/resttest"
	"github.com/kafkarestmock/kafkarestmock/kafkabackend"
	"github.com/kafkarestmock/kafkarestmock/mockproxy"
)

const (
	ctV2  = "application/vnd.kafka.v2+json"
	ctV2B = "application/vnd.kafka.binary.v2+json"
	ctV2J = "application/vnd.kafka.json.v2+json"
	ctV1  = "application/vnd.kafka.v1+json"
	ctV1B = "application/vnd.kafka.binary.v1+json"
)

// backendCase is one backend the REST suite runs on.
type backendCase struct {
	name string
	// start builds a server on the backend.
	start func(t *testing.T, opts ...mockproxy.Option) *mockproxy.Server
	// skip names the suite tests that do not hold on this backend, each
	// with the FIDELITY.md section that says why.
	skip map[string]string
	// segmentBytes is the segment.bytes the backend's topics report:
	// Kafka's default on the in-memory log, kfake's own on kfake.
	segmentBytes string
}

// backends is the table every suite test runs over.
var backends = []backendCase{
	{
		name:         "memory",
		segmentBytes: "1073741824",
		start:        func(t *testing.T, opts ...mockproxy.Option) *mockproxy.Server { return mockproxy.NewServer(t, opts...) },
	},
	{
		name:         "kfake",
		segmentBytes: "104857600",
		start: func(t *testing.T, opts ...mockproxy.Option) *mockproxy.Server {
			srv, _ := kafkabackend.NewServer(t, opts...)
			return srv
		},
		skip: map[string]string{
			"TestSuiteV2PartitionOffsetsBytes": "FIDELITY.md, Kafka backend: partition sizes in bytes are not known over the Kafka protocol",
		},
	},
}

// forBackends runs fn as a parallel subtest per backend, skipping by name
// what the backend's skip list names.
func forBackends(t *testing.T, fn func(t *testing.T, bc backendCase)) {
	t.Helper()
	t.Parallel()
	for _, bc := range backends {
		t.Run(bc.name, func(t *testing.T) {
			t.Parallel()
			top, _, _ := strings.Cut(t.Name(), "/")
			if why, ok := bc.skip[top]; ok {
				t.Skip(why)
			}
			fn(t, bc)
		})
	}
}

// response is what a request got back.
type response struct {
	status      int
	contentType string
	body        string
}

// do sends one request. headers are "Name: value".
func do(t testing.TB, srv *mockproxy.Server, method, path, body string, headers ...string) response {
	t.Helper()
	r := resttest.Do(t, srv, method, path, body, headers...)
	return response{status: r.Status, contentType: r.ContentType, body: string(r.Body)}
}

// want checks a response: status, Content-Type and the exact body.
func want(t testing.TB, got response, status int, contentType, body string) {
	t.Helper()
	if diff := cmp.Diff(response{status, contentType, body}, got, cmp.AllowUnexported(response{})); diff != "" {
		t.Errorf("response mismatch (-want +got):\n%s", diff)
	}
}

// must sends a request, checks its status and returns the body.
func must(t testing.TB, srv *mockproxy.Server, status int, method, path, body string, headers ...string) string {
	t.Helper()
	got := do(t, srv, method, path, body, headers...)
	if got.status != status {
		t.Fatalf("%s %s = %d %s, want %d", method, path, got.status, got.body, status)
	}
	return got.body
}

// record is a v2 binary consumer record, decoded.
type record struct {
	Topic     string `json:"topic"`
	Key       string `json:"key"`
	Value     string `json:"value"`
	Partition int32  `json:"partition"`
	Offset    int64  `json:"offset"`
}

func b64(s string) string { return base64.StdEncoding.EncodeToString([]byte(s)) }

func unb64(t testing.TB, s string) string {
	t.Helper()
	b, err := base64.StdEncoding.DecodeString(s)
	if err != nil {
		t.Fatalf("base64 %q: %v", s, err)
	}
	return string(b)
}

// readN reads a binary v2 instance's records until it has n (or fails
// after 20 s): on Kafka, records reach a consumer asynchronously, as they
// do through the real proxy. Each read long-polls up to 1 s and returns as
// soon as records arrive.
func readN(t testing.TB, srv *mockproxy.Server, inst string, n int) []record {
	t.Helper()
	deadline := time.Now().Add(20 * time.Second)
	var out []record
	for len(out) < n {
		if time.Now().After(deadline) {
			t.Fatalf("read %d records of %d: %+v", len(out), n, out)
		}
		body := must(t, srv, 200, "GET", inst+"/records?timeout=1000", "", "Accept: "+ctV2B)
		var recs []record
		if err := json.Unmarshal([]byte(body), &recs); err != nil {
			t.Fatalf("records %s: %v", body, err)
		}
		for i := range recs {
			recs[i].Key, recs[i].Value = unb64(t, recs[i].Key), unb64(t, recs[i].Value)
		}
		out = append(out, recs...)
	}
	if len(out) > n {
		t.Fatalf("read %d records, want %d: %+v", len(out), n, out)
	}
	return out
}

// sortRecords orders records by partition, then offset.
func sortRecords(recs []record) []record {
	slices.SortFunc(recs, func(a, b record) int {
		if a.Partition != b.Partition {
			return int(a.Partition - b.Partition)
		}
		return int(a.Offset - b.Offset)
	})
	return recs
}

// eventually checks cond at each change the backend reports (records,
// commits, rebalances) until it holds, failing after 20 s.
func eventually(t testing.TB, srv *mockproxy.Server, what string, cond func() bool) {
	t.Helper()
	timeout := time.NewTimer(20 * time.Second)
	defer timeout.Stop()
	for {
		changed := srv.Backend().Changes()
		if cond() {
			return
		}
		select {
		case <-changed:
		case <-timeout.C:
			t.Fatalf("%s: not reached in 20s", what)
		}
	}
}

func jsonUnmarshal(s string, v any) error { return json.Unmarshal([]byte(s), v) }
