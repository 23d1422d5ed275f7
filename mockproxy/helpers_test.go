package mockproxy_test

import (
	"encoding/base64"
	"encoding/json"
	"flag"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/kafkarestmock/kafkarestmock/internal/resttest"
	"github.com/kafkarestmock/kafkarestmock/mockproxy"
)

var update = flag.Bool("update", false, "rewrite golden files under testdata/golden")

// response is what a test request got back.
type response struct {
	status      int
	contentType string
	body        []byte
	header      http.Header
}

// do sends one request through srv.Client. headers are "Name: value".
func do(t testing.TB, srv *mockproxy.Server, method, path, body string, headers ...string) response {
	t.Helper()
	r := resttest.Do(t, srv, method, path, body, headers...)
	return response{status: r.Status, contentType: r.ContentType, body: r.Body, header: r.Header}
}

// errorBody is the Confluent error envelope.
type errorBody struct {
	ErrorCode int    `json:"error_code"`
	Message   string `json:"message"`
}

// wantError checks an error response: status, Content-Type, and the exact
// envelope (field names and order included).
func wantError(t testing.TB, got response, status int, contentType string, code int, message string) {
	t.Helper()
	if got.status != status {
		t.Errorf("status = %d, want %d (body %s)", got.status, status, got.body)
	}
	if got.contentType != contentType {
		t.Errorf("Content-Type = %q, want %q", got.contentType, contentType)
	}
	var want strings.Builder
	enc := json.NewEncoder(&want)
	enc.SetEscapeHTML(false)
	if err := enc.Encode(errorBody{ErrorCode: code, Message: message}); err != nil {
		t.Fatal(err)
	}
	if diff := cmp.Diff(strings.TrimSuffix(want.String(), "\n"), string(got.body)); diff != "" {
		t.Errorf("error body mismatch (-want +got):\n%s", diff)
	}
}

// wantErrorPrefix is wantError for messages that carry a parser's detail:
// the real proxy's texts are compared by prefix.
func wantErrorPrefix(t testing.TB, got response, status int, contentType string, code int, prefix string) {
	t.Helper()
	if got.status != status {
		t.Errorf("status = %d, want %d (body %s)", got.status, status, got.body)
	}
	if got.contentType != contentType {
		t.Errorf("Content-Type = %q, want %q", got.contentType, contentType)
	}
	var e errorBody
	dec := json.NewDecoder(strings.NewReader(string(got.body)))
	dec.DisallowUnknownFields()
	if err := dec.Decode(&e); err != nil {
		t.Fatalf("error body %s: %v", got.body, err)
	}
	if e.ErrorCode != code || !strings.HasPrefix(e.Message, prefix) {
		t.Errorf("error = {%d %q}, want {%d %q...}", e.ErrorCode, e.Message, code, prefix)
	}
}

// wantGolden checks a success response against testdata/golden/<name>.json
// byte for byte (field order and null fields matter); -update rewrites it.
func wantGolden(t testing.TB, got response, status int, contentType, name string) {
	t.Helper()
	if got.status != status {
		t.Errorf("status = %d, want %d (body %s)", got.status, status, got.body)
	}
	if got.contentType != contentType {
		t.Errorf("Content-Type = %q, want %q", got.contentType, contentType)
	}
	path := filepath.Join("..", "testdata", "golden", filepath.FromSlash(name)+".json")
	if *update {
		if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(path, append(got.body, '\n'), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	want, err := os.ReadFile(path)
	if err != nil {
		t.Fatalf("golden file: %v (run go test -update to create it)", err)
	}
	if diff := cmp.Diff(strings.TrimSuffix(string(want), "\n"), string(got.body)); diff != "" {
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
