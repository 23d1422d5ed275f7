package mockproxy_test

import (
	"bufio"
	"errors"
	"io"
	"net"
	"net/http"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
	"github.com/kafkarestmock/kafkarestmock/mockproxy"
)

// dialServer opens a connection to srv; a hung server fails the test
// after 10 s instead of hanging the run.
func dialServer(t *testing.T, srv *mockproxy.Server) net.Conn {
	t.Helper()
	conn, err := net.Dial("tcp", strings.TrimPrefix(srv.URL(), "http://"))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { conn.Close() })
	_ = conn.SetDeadline(time.Now().Add(10 * time.Second))
	return conn
}

// wantClosed reads from conn, which the server must close without
// sending anything more (a close with unread bytes is a reset).
func wantClosed(t *testing.T, rd io.Reader) {
	t.Helper()
	n, err := rd.Read(make([]byte, 1))
	if n != 0 || !(errors.Is(err, io.EOF) || errors.Is(err, syscall.ECONNRESET)) {
		t.Errorf("read = %d, %v; want io.EOF (the server closes the connection)", n, err)
	}
}

// TestIdleTimeout: with WithIdleTimeout, the server closes a connection
// that sends nothing, a keep-alive connection idle after an answer, and
// one whose request body stops arriving (answered first as a body that
// could not be read). The timeout is a few milliseconds; each test only
// waits on its connection for the server to act.
func TestIdleTimeout(t *testing.T) {
	t.Parallel()
	srv := mockproxy.NewServer(t, mockproxy.WithTopic("orders", 1), mockproxy.WithIdleTimeout(20*time.Millisecond))

	t.Run("silent", func(t *testing.T) {
		t.Parallel()
		wantClosed(t, dialServer(t, srv))
	})
	t.Run("keep-alive", func(t *testing.T) {
		t.Parallel()
		conn := dialServer(t, srv)
		io.WriteString(conn, "GET /topics HTTP/1.1\r\nHost: x\r\nAccept: "+ctV2+"\r\n\r\n")
		rd := bufio.NewReader(conn)
		resp, err := http.ReadResponse(rd, nil)
		if err != nil {
			t.Fatal(err)
		}
		body, _ := io.ReadAll(resp.Body)
		if resp.StatusCode != 200 || resp.Header.Get("Content-Type") != ctV2 || string(body) != `["orders"]` {
			t.Errorf("GET /topics = %d %q %s", resp.StatusCode, resp.Header.Get("Content-Type"), body)
		}
		wantClosed(t, rd)
	})
	t.Run("stalled body", func(t *testing.T) {
		t.Parallel()
		conn := dialServer(t, srv)
		io.WriteString(conn, "POST /topics/orders HTTP/1.1\r\nHost: x\r\nContent-Type: "+ctV2B+"\r\nContent-Length: 100\r\n\r\n{\"records\":")
		rd := bufio.NewReader(conn)
		resp, err := http.ReadResponse(rd, nil)
		if err != nil {
			t.Fatal(err)
		}
		body, _ := io.ReadAll(resp.Body)
		got := wireResponse{resp.StatusCode, resp.Header.Get("Content-Type"), "", strings.TrimSpace(string(body))}
		want := wireResponse{400, ctV2, "", `{"error_code":400,"message":"Bad Request: Error reading the request body."}`}
		if diff := cmp.Diff(want, got, cmp.AllowUnexported(wireResponse{})); diff != "" {
			t.Errorf("answer mismatch (-want +got):\n%s", diff)
		}
		wantClosed(t, rd)
	})
}

// TestCloseEndsStalledUploads: Close does not wait for a request body
// that stopped arriving: its read ends at once, the handler answers, and
// Close returns nil without waiting out its 5 seconds.
func TestCloseEndsStalledUploads(t *testing.T) {
	t.Parallel()
	srv, err := mockproxy.New(mockproxy.WithTopic("orders", 1))
	if err != nil {
		t.Fatal(err)
	}
	if err := srv.Start("127.0.0.1:0"); err != nil {
		t.Fatal(err)
	}
	conn := dialServer(t, srv)
	// Expect: 100-continue makes the server say when the handler first
	// reads the body, so the upload is known to be stalled in that read.
	io.WriteString(conn, "POST /topics/orders HTTP/1.1\r\nHost: x\r\nContent-Type: "+ctV2B+"\r\nContent-Length: 100\r\nExpect: 100-continue\r\n\r\n")
	rd := bufio.NewReader(conn)
	line, err := rd.ReadString('\n')
	if err != nil || line != "HTTP/1.1 100 Continue\r\n" {
		t.Fatalf("read %q, %v; want the 100 Continue line", line, err)
	}
	if _, err := rd.ReadString('\n'); err != nil {
		t.Fatal(err)
	}
	io.WriteString(conn, `{"records":`)
	// A keep-alive connection whose next head never ends (a first
	// request makes sure the server has accepted it).
	partial := dialServer(t, srv)
	io.WriteString(partial, "GET /topics HTTP/1.1\r\nHost: x\r\n\r\n")
	prd := bufio.NewReader(partial)
	if resp, err := http.ReadResponse(prd, nil); err != nil {
		t.Fatal(err)
	} else {
		io.Copy(io.Discard, resp.Body)
	}
	io.WriteString(partial, "GET /topics HTTP/1.1\r\nHo")

	if err := srv.Close(); err != nil {
		t.Errorf("Close = %v, want nil", err)
	}
	resp, err := http.ReadResponse(rd, nil)
	if err != nil {
		t.Fatal(err)
	}
	if resp.StatusCode != 400 {
		t.Errorf("stalled upload answered %d, want 400", resp.StatusCode)
	}
	resp.Body.Close()
	wantClosed(t, prd)
}
