package mockproxy_test

import (
	"bufio"
	"io"
	"net"
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
	"github.com/kafkarestmock/kafkarestmock/mockproxy"
)

// TestContentLengthWithTransferEncoding: a request carrying both framings
// is refused as Jetty refuses it, also when it follows other requests on
// a keep-alive connection, whatever their framing, and requests with one
// framing are served.
func TestContentLengthWithTransferEncoding(t *testing.T) {
	t.Parallel()
	srv := mockproxy.NewServer(t, mockproxy.WithTopic("t", 1))
	const produce = "POST /topics/t HTTP/1.1\r\nHost: x\r\nContent-Type: application/vnd.kafka.binary.v2+json\r\n"
	const body = `{"records":[{"value":"aGk="}]}`
	chunked := func(extraHead string) string {
		return produce + extraHead + "Transfer-Encoding: chunked\r\n\r\n" +
			"a;ext=1\r\n" + body[:10] + "\r\n" + "14\r\n" + body[10:] + "\r\n0\r\nTrailer: x\r\n\r\n"
	}
	withLength := produce + "Content-Length: 30\r\n\r\n" + body

	got := sendRaw(t, srv, chunked("Content-Length: 30\r\n"))
	if diff := cmp.Diff(jettyBadMessage(400, "Transfer-Encoding and Content-Length"), got, cmp.AllowUnexported(wireResponse{})); diff != "" {
		t.Errorf("both framings (-want +got):\n%s", diff)
	}

	// One connection: chunked, Content-Length, a GET, then both.
	conn, err := net.Dial("tcp", strings.TrimPrefix(srv.URL(), "http://"))
	if err != nil {
		t.Fatal(err)
	}
	defer conn.Close()
	_ = conn.SetDeadline(time.Now().Add(10 * time.Second))
	if _, err := io.WriteString(conn, chunked("")+withLength+"\r\nGET /topics HTTP/1.1\r\nHost: x\r\n\r\n"+chunked("Content-Length: 30\r\n")); err != nil {
		t.Fatal(err)
	}
	br := bufio.NewReader(conn)
	var statuses []int
	for range 4 {
		resp, err := http.ReadResponse(br, nil)
		if err != nil {
			t.Fatalf("after %v: %v", statuses, err)
		}
		_, _ = io.Copy(io.Discard, resp.Body)
		resp.Body.Close()
		statuses = append(statuses, resp.StatusCode)
	}
	if diff := cmp.Diff([]int{200, 200, 200, 400}, statuses); diff != "" {
		t.Errorf("statuses on one connection (-want +got):\n%s", diff)
	}
	if n := len(stored(t, srv, "t")); n != 2 {
		t.Errorf("stored %d records, want 2", n)
	}
}
