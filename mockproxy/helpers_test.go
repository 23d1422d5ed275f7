package mockproxy_test

import (
	"encoding/base64"
	"flag"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/kafkarestmock/kafkarestmock/fakelog"
	"github.com/kafkarestmock/kafkarestmock/internal/resttest"
	"github.com/kafkarestmock/kafkarestmock/mockproxy"
)

var update = flag.Bool("update", false, "rewrite golden files under testdata/golden")

// wantGolden checks a success response against testdata/golden/<name>.json
// byte for byte (field order and null fields matter); -update rewrites it.
func wantGolden(t testing.TB, got resttest.Response, status int, contentType, name string) {
	t.Helper()
	if got.Status != status {
		t.Errorf("status = %d, want %d (body %s)", got.Status, status, got.Body)
	}
	if got.ContentType != contentType {
		t.Errorf("Content-Type = %q, want %q", got.ContentType, contentType)
	}
	path := filepath.Join("..", "testdata", "golden", filepath.FromSlash(name)+".json")
	if *update {
		if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(path, append(got.Body, '\n'), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	want, err := os.ReadFile(path)
	if err != nil {
		t.Fatalf("golden file: %v (run go test -update to create it)", err)
	}
	if diff := cmp.Diff(strings.TrimSuffix(string(want), "\n"), string(got.Body)); diff != "" {
		t.Errorf("body mismatch with %s (-want +got):\n%s", path, diff)
	}
}

func b64(s string) string { return base64.StdEncoding.EncodeToString([]byte(s)) }

// httptestRecorder serves one body-less request to h.
func httptestRecorder(h http.Handler, method, path string) *httptest.ResponseRecorder {
	rec := httptest.NewRecorder()
	h.ServeHTTP(rec, httptest.NewRequest(method, path, nil))
	return rec
}

// produceTo stores records in one partition through the server's backend,
// as a seed; it fails the test if any is refused.
func produceTo(t testing.TB, srv *mockproxy.Server, topic string, partition int32, recs ...fakelog.Record) {
	t.Helper()
	for i := range recs {
		recs[i].Partition = partition
	}
	res, err := srv.Backend().Produce(topic, recs)
	if err != nil {
		t.Fatalf("produce to %s-%d: %v", topic, partition, err)
	}
	for _, r := range res {
		if r.Err != nil {
			t.Fatalf("produce to %s-%d: %v", topic, partition, r.Err)
		}
	}
}
