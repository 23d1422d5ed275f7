package mockproxy_test

import (
	"strings"
	"testing"

	"github.com/kafkarestmock/kafkarestmock/internal/resttest"
	"github.com/kafkarestmock/kafkarestmock/mockproxy"
)

// v3Case is one v3 request and the answer it must get. In path and body,
// {c} stands for the server's cluster id; in body, {base} for the
// server's URL.
type v3Case struct {
	name   string
	method string
	path   string
	body   string // request body, sent as application/json
	status int
	want   string // the exact body; empty for an error or no body
	code   int    // the error_code of an error answer
	msg    string // the message of an error answer
	header map[string]string
}

// run sends the case's request to srv and checks the answer: status,
// Content-Type application/json, and the exact body or error envelope.
func (tc v3Case) run(t *testing.T, srv *mockproxy.Server) resttest.Response {
	t.Helper()
	expand := func(s string) string {
		return strings.NewReplacer("{c}", srv.ClusterID(), "{base}", srv.URL()).Replace(s)
	}
	got := v3Do(t, srv, tc.method, expand(tc.path), tc.body)
	switch {
	case tc.code != 0:
		resttest.WantError(t, got, tc.status, ctJSON, tc.code, expand(tc.msg))
	case tc.want == "":
		if got.Status != tc.status || len(got.Body) != 0 {
			t.Errorf("got %d %q, want %d and no body", got.Status, got.Body, tc.status)
		}
	default:
		resttest.Want(t, got, tc.status, ctJSON, expand(tc.want))
	}
	for k, v := range tc.header {
		if h := got.Header.Get(k); h != expand(v) {
			t.Errorf("%s = %q, want %q", k, h, expand(v))
		}
	}
	return got
}

// v3Do sends a v3 request (a body goes as application/json) and checks
// the answer against the OpenAPI spec of API v3 (checkV3Spec).
func v3Do(t *testing.T, srv *mockproxy.Server, method, path, body string) resttest.Response {
	t.Helper()
	var headers []string
	if body != "" {
		headers = append(headers, "Content-Type: "+ctJSON)
	}
	got := resttest.Do(t, srv, method, path, body, headers...)
	checkV3Spec(t, method, path, got)
	return got
}
