package mockproxy_test

import (
	"strings"
	"testing"

	"github.com/kafkarestmock/kafkarestmock/internal/resttest"
	"github.com/kafkarestmock/kafkarestmock/mockproxy"
)

// TestAdminBodyIsOneDocument: an admin body is decoded as a document of
// its own: one JSON value and nothing after it, syntax errors placed in
// what was sent and worded as Jackson words them, an over-limit body
// refused with 413, and no rule installed by any refused body.
func TestAdminBodyIsOneDocument(t *testing.T) {
	t.Parallel()
	srv := mockproxy.NewServer(t, mockproxy.WithoutListener())
	const anyValue = "expected a valid value (JSON String, Number, Array, Object or token 'null', 'true' or 'false')"
	tests := []struct {
		name, path, body string
		status           int
		message          string
	}{
		{"a second rule after the first", "/_mock/faults", `{"delay_ms":1}],"faults":[{"name":"b","delay_ms":2}`, 400,
			"Unexpected content after the JSON value at line 1, column 15: the body must be one JSON value"},
		{"syntax error on line 2", "/_mock/faults", "{\n  \"delay_ms\": }", 400,
			"Unexpected character ('}' (code 125)): " + anyValue + " at line 2, column 15"},
		{"truncated", "/_mock/faults", `{"delay_ms":`, 400,
			"Unexpected end-of-input: expected a value at line 1, column 13"},
		{"unquoted name", "/_mock/faults", `{A}`, 400,
			"Unexpected character ('A' (code 65)): was expecting double-quote to start field name at line 1, column 2"},
		{"not an object", "/_mock/faults", `[{"delay_ms":1}]`, 400, "the body must be one fault rule, a JSON object"},
		{"empty", "/_mock/faults", ``, 400, "the body is empty; want a JSON object"},
		{"over the limit", "/_mock/faults", `{"name":"` + strings.Repeat("a", 1<<20) + `","delay_ms":1}`, 413,
			"the body is over 1048576 bytes (1 MiB), the most the admin API takes"},
		{"topics: over the limit", "/_mock/topics", `{"name":"` + strings.Repeat("a", 1<<20) + `"}`, 413,
			"the body is over 1048576 bytes (1 MiB), the most the admin API takes"},
		{"topics: not JSON", "/_mock/topics", `{"name":"x",}`, 400,
			"Unexpected character ('}' (code 125)): was expecting double-quote to start field name at line 1, column 13"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			resttest.WantError(t, resttest.Do(t, srv, "POST", tt.path, tt.body), tt.status, ctJSON, tt.status, tt.message)
		})
	}
	got := resttest.Do(t, srv, "GET", "/_mock/faults", "")
	if got.Status != 200 || string(got.Body) != "[]" {
		t.Errorf("GET /_mock/faults = %d %s, want 200 [] (no refused body installs a rule)", got.Status, got.Body)
	}
}
