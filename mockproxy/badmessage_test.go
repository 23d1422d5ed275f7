package mockproxy_test

import (
	"bufio"
	"io"
	"net"
	"net/http"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
	"github.com/kafkarestmock/kafkarestmock/internal/resttest"
	"github.com/kafkarestmock/kafkarestmock/mockproxy"
)

// wireResponse is an answer read off the connection.
type wireResponse struct {
	status      int
	contentType string
	connection  string
	body        string
}

// sendRaw writes raw, a whole HTTP/1.1 request as bytes, on a new
// connection to srv and reads one answer, so that no client cleans the
// path or checks the head on the way.
func sendRaw(t *testing.T, srv *mockproxy.Server, raw string) wireResponse {
	t.Helper()
	conn, err := net.Dial("tcp", strings.TrimPrefix(srv.URL(), "http://"))
	if err != nil {
		t.Fatal(err)
	}
	defer conn.Close()
	_ = conn.SetDeadline(time.Now().Add(10 * time.Second)) // a hung server fails the test instead of the run
	if _, err := io.WriteString(conn, raw); err != nil {
		t.Fatal(err)
	}
	resp, err := http.ReadResponse(bufio.NewReader(conn), nil)
	if err != nil {
		t.Fatalf("reading the answer to %.60q: %v", raw, err)
	}
	defer resp.Body.Close()
	body, err := io.ReadAll(resp.Body)
	if err != nil {
		t.Fatal(err)
	}
	connection := ""
	if resp.Close {
		connection = "close"
	}
	return wireResponse{resp.StatusCode, resp.Header.Get("Content-Type"), connection, string(body)}
}

// jettyBadMessage is Jetty's answer to a message it refuses.
func jettyBadMessage(status int, reason string) wireResponse {
	return wireResponse{status, "text/html;charset=iso-8859-1", "close",
		"<h1>Bad Message " + strconv.Itoa(status) + "</h1><pre>reason: " + reason + "</pre>"}
}

// TestPathsAreMatchedAsSent: no path is cleaned or redirected. An
// encoded slash stays inside its segment, a dot segment under the root
// is matched literally (finding no resource, or a resource named ".."),
// and what Jetty refuses (a path above the root, a %2E dot segment) is
// 400 with Jetty's bad-message page.
func TestPathsAreMatchedAsSent(t *testing.T) {
	t.Parallel()
	srv := mockproxy.NewServer(t, mockproxy.WithTopic("orders", 1))
	for _, name := range []string{"a", "b"} {
		got := resttest.Do(t, srv, "POST", "/consumers/g", `{"name":"`+name+`"}`, "Content-Type: "+ctV2)
		if got.Status != 200 {
			t.Fatalf("create %s: %d %s", name, got.Status, got.Body)
		}
	}
	notHosted := `{"error_code":40403,"message":"This server does not host this topic-partition."}`
	tests := []struct {
		name, request string
		want          wireResponse
	}{
		{"encoded slashes stay in the segment", "DELETE /consumers/g/instances/a%2F..%2Fb HTTP/1.1\r\nHost: x\r\nContent-Type: " + ctV2 + "\r\n\r\n",
			wireResponse{404, ctV2, "", `{"error_code":40403,"message":"Consumer instance not found."}`}},
		{"a dot segment is no shortcut", "DELETE /consumers/g/instances/a/../b HTTP/1.1\r\nHost: x\r\nContent-Type: " + ctV2 + "\r\n\r\n",
			wireResponse{404, ctJSON, "", `{"error_code":404,"message":"HTTP 404 Not Found"}`}},
		{"a topic named ..", "GET /topics/.. HTTP/1.1\r\nHost: x\r\nAccept: " + ctV2 + "\r\n\r\n",
			wireResponse{404, ctV2, "", notHosted}},
		{"a topic named a/b", "GET /topics/a%2Fb HTTP/1.1\r\nHost: x\r\nAccept: " + ctV2 + "\r\n\r\n",
			wireResponse{404, ctV2, "", notHosted}},
		{"above the root", "GET /topics/../.. HTTP/1.1\r\nHost: x\r\n\r\n", jettyBadMessage(400, "Bad URI")},
		{"above the root at once", "GET /../topics HTTP/1.1\r\nHost: x\r\n\r\n", jettyBadMessage(400, "Bad URI")},
		{"an encoded dot segment", "GET /topics/%2e%2E HTTP/1.1\r\nHost: x\r\n\r\n", jettyBadMessage(400, "Ambiguous URI path segment")},
		{"an encoded dot", "GET /topics/%2E/orders HTTP/1.1\r\nHost: x\r\n\r\n", jettyBadMessage(400, "Ambiguous URI path segment")},
		{"a trailing slash still matches", "GET /topics/ HTTP/1.1\r\nHost: x\r\nAccept: " + ctV2 + "\r\n\r\n",
			wireResponse{200, ctV2, "", `["orders"]`}},
		{"an admin topic with an encoded slash", "GET /_mock/topics/a%2Fb/records HTTP/1.1\r\nHost: x\r\n\r\n",
			wireResponse{404, ctJSON, "", `{"error_code":404,"message":"topic \"a/b\" does not exist"}`}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := sendRaw(t, srv, tt.request)
			got.body = strings.TrimSpace(got.body)
			if diff := cmp.Diff(tt.want, got, cmp.AllowUnexported(wireResponse{})); diff != "" {
				t.Errorf("answer mismatch (-want +got):\n%s", diff)
			}
		})
	}
	got := resttest.Do(t, srv, "DELETE", "/consumers/g/instances/b", "", "Content-Type: "+ctV2)
	if got.Status != 204 {
		t.Errorf("DELETE b after the attempts = %d %s, want 204 (b still exists)", got.Status, got.Body)
	}
}

// TestHeadLimits: the request line and the header fields are bounded as
// Jetty bounds them (8 KiB together): a longer URI is 414, a longer head
// 431, with Jetty's bad-message page; a head past 64 KiB is refused by
// the Go server before it is read, so a path parameter (a consumer
// instance name, a topic) can never be longer than that.
func TestHeadLimits(t *testing.T) {
	t.Parallel()
	srv := mockproxy.NewServer(t, mockproxy.WithTopic("orders", 1))
	request := func(uri string, headers ...string) string {
		return "GET " + uri + " HTTP/1.1\r\nHost: x\r\nAccept: " + ctV2 + "\r\n" + strings.Join(headers, "") + "\r\n"
	}
	// "GET " and the URI: 8192 bytes at most.
	longestURI := "/topics/" + strings.Repeat("a", 8192-len("GET ")-len("/topics/"))
	notHosted := wireResponse{404, ctV2, "", `{"error_code":40403,"message":"This server does not host this topic-partition."}`}
	tests := []struct {
		name, request string
		want          wireResponse
	}{
		{"the longest URI", request(longestURI[:len(longestURI)-100]), notHosted},
		{"a URI one byte too long", request(longestURI + "a"), jettyBadMessage(414, "URI Too Long")},
		{"a header over 8 KiB", request("/topics", "X-Big: "+strings.Repeat("b", 8192)+"\r\n"), jettyBadMessage(431, "Request Header Fields Too Large")},
		{"many headers over 8 KiB", request("/topics", strings.Repeat("X-Many: "+strings.Repeat("m", 100)+"\r\n", 80)), jettyBadMessage(431, "Request Header Fields Too Large")},
		{"headers under 8 KiB", request("/topics", strings.Repeat("X-Many: "+strings.Repeat("m", 100)+"\r\n", 70)), wireResponse{200, ctV2, "", `["orders"]`}},
		{"a 1 MiB instance name", "DELETE /consumers/g/instances/" + strings.Repeat("i", 1<<20) + " HTTP/1.1\r\nHost: x\r\n\r\n",
			wireResponse{431, "text/plain; charset=utf-8", "close", "431 Request Header Fields Too Large"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := sendRaw(t, srv, tt.request)
			got.body = strings.TrimSpace(got.body)
			if diff := cmp.Diff(tt.want, got, cmp.AllowUnexported(wireResponse{})); diff != "" {
				t.Errorf("answer mismatch (-want +got):\n%s", diff)
			}
		})
	}
	// Over the in-memory transport too.
	mem := mockproxy.NewServer(t, mockproxy.WithoutListener())
	got := resttest.Do(t, mem, "GET", longestURI+"a", "")
	if got.Status != 414 || got.ContentType != "text/html;charset=iso-8859-1" || string(got.Body) != "<h1>Bad Message 414</h1><pre>reason: URI Too Long</pre>" {
		t.Errorf("in memory: %d %q %s, want Jetty's 414", got.Status, got.ContentType, got.Body)
	}
}
