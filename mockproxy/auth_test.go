package mockproxy_test

import (
	"net/http"
	"strings"
	"testing"

	"github.com/kafkarestmock/kafkarestmock/internal/resttest"
	"github.com/kafkarestmock/kafkarestmock/mockproxy"
)

func TestBasicAuth(t *testing.T) {
	t.Parallel()
	srv := mockproxy.NewServer(t, mockproxy.WithTopic("t", 1), mockproxy.WithBasicAuth("alice", "s3cret"))
	got := resttest.Do(t, srv, "GET", "/topics", "")
	if got.Status != 401 || got.Header.Get("WWW-Authenticate") != `Basic realm="KafkaRest"` ||
		!strings.HasPrefix(got.ContentType, "text/html") || !strings.Contains(string(got.Body), "HTTP ERROR 401 Unauthorized") {
		t.Errorf("no credentials: %d %q %q %s", got.Status, got.Header.Get("WWW-Authenticate"), got.ContentType, got.Body)
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
	pre := resttest.Do(t, srv, "OPTIONS", "/topics", "", "Origin: http://localhost:3000", "Access-Control-Request-Method: GET")
	if pre.Status == 401 {
		t.Errorf("preflight challenged")
	}
}

func TestAdminTokenAndDisabledAdmin(t *testing.T) {
	t.Parallel()
	srv := mockproxy.NewServer(t, mockproxy.WithAdminToken("tok"))
	resttest.WantError(t, resttest.Do(t, srv, "GET", "/_mock/health", ""), 401, ctJSON, 401, "the admin API needs its bearer token")
	if got := resttest.Do(t, srv, "GET", "/_mock/health", "", "Authorization: Bearer tok"); got.Status != 200 {
		t.Errorf("with the token: %d %s", got.Status, got.Body)
	}
	if got := resttest.Do(t, srv, "GET", "/topics", ""); got.Status != 200 {
		t.Errorf("the API needs no token: %d", got.Status)
	}
	off := mockproxy.NewServer(t, mockproxy.WithoutAdminAPI())
	resttest.WantError(t, resttest.Do(t, off, "GET", "/_mock/health", ""), 404, ctJSON, 404, "HTTP 404 Not Found")
}

func TestMaxConsumerInstances(t *testing.T) {
	t.Parallel()
	srv := mockproxy.NewServer(t, mockproxy.WithMaxConsumerInstances(2))
	for _, n := range []string{"a", "b"} {
		resttest.Must(t, srv, 200, "POST", "/consumers/g", `{"name":"`+n+`"}`)
	}
	resttest.WantError(t, resttest.Do(t, srv, "POST", "/consumers/g", `{"name":"c"}`, "Content-Type: "+ctV2), 429, ctV2, 429, "Too many consumer instances: at most 2 may exist at once.")
	resttest.Must(t, srv, 204, "DELETE", "/consumers/g/instances/a", "")
	resttest.Must(t, srv, 200, "POST", "/consumers/g", `{"name":"c"}`)
}
