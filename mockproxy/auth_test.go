package mockproxy_test

import (
	"net/http"
	"strings"
	"testing"

	"github.com/kafkarestmock/kafkarestmock/mockproxy"
)

func TestBasicAuth(t *testing.T) {
	t.Parallel()
	srv := mockproxy.NewServer(t, mockproxy.WithTopic("t", 1), mockproxy.WithBasicAuth("alice", "s3cret"))
	got := do(t, srv, "GET", "/topics", "")
	if got.status != 401 || got.header.Get("WWW-Authenticate") != `Basic realm="KafkaRest"` ||
		!strings.HasPrefix(got.contentType, "text/html") || !strings.Contains(string(got.body), "HTTP ERROR 401 Unauthorized") {
		t.Errorf("no credentials: %d %q %q %s", got.status, got.header.Get("WWW-Authenticate"), got.contentType, got.body)
	}
	req, _ := http.NewRequest("GET", srv.URL()+"/topics", nil)
	req.SetBasicAuth("alice", "wrong")
	if resp, err := srv.Client().Do(req); err != nil || resp.StatusCode != 401 {
		t.Errorf("wrong password: %v %v", resp, err)
	} else {
		resp.Body.Close()
	}
	req.SetBasicAuth("alice", "s3cret")
	resp, err := srv.Client().Do(req)
	if err != nil || resp.StatusCode != 200 {
		t.Fatalf("good credentials: %v %v", resp, err)
	}
	resp.Body.Close()
	// A CORS preflight is not challenged.
	pre := do(t, srv, "OPTIONS", "/topics", "", "Origin: http://localhost:3000", "Access-Control-Request-Method: GET")
	if pre.status == 401 {
		t.Errorf("preflight challenged")
	}
}

func TestAdminTokenAndDisabledAdmin(t *testing.T) {
	t.Parallel()
	srv := mockproxy.NewServer(t, mockproxy.WithAdminToken("tok"))
	wantError(t, do(t, srv, "GET", "/_mock/health", ""), 401, ctJSON, 401, "the admin API needs its bearer token")
	if got := do(t, srv, "GET", "/_mock/health", "", "Authorization: Bearer tok"); got.status != 200 {
		t.Errorf("with the token: %d %s", got.status, got.body)
	}
	if got := do(t, srv, "GET", "/topics", ""); got.status != 200 {
		t.Errorf("the API needs no token: %d", got.status)
	}
	off := mockproxy.NewServer(t, mockproxy.WithoutAdminAPI())
	wantError(t, do(t, off, "GET", "/_mock/health", ""), 404, ctJSON, 404, "HTTP 404 Not Found")
}

func TestMaxConsumerInstances(t *testing.T) {
	t.Parallel()
	srv := mockproxy.NewServer(t, mockproxy.WithMaxConsumerInstances(2))
	for _, n := range []string{"a", "b"} {
		must(t, srv, 200, "POST", "/consumers/g", `{"name":"`+n+`"}`)
	}
	wantError(t, do(t, srv, "POST", "/consumers/g", `{"name":"c"}`, "Content-Type: "+ctV2), 429, ctV2, 429, "Too many consumer instances: at most 2 may exist at once.")
	must(t, srv, 204, "DELETE", "/consumers/g/instances/a", "")
	must(t, srv, 200, "POST", "/consumers/g", `{"name":"c"}`)
}
