// Package resttest sends one HTTP request to a mock server from a test:
// the request helper the REST tests of several packages share.
package resttest

import (
	"io"
	"net/http"
	"strings"
	"testing"
)

// Server is what Do needs of a mockproxy.Server.
type Server interface {
	URL() string
	Client() *http.Client
}

// Response is what a request got back.
type Response struct {
	Status      int
	ContentType string
	Body        []byte
	Header      http.Header
}

// Do sends one request through srv.Client, with the test's context, and
// reads the whole answer. headers are "Name: value"; an empty body sends
// none. It fails the test if the request cannot be made or read.
func Do(t testing.TB, srv Server, method, path, body string, headers ...string) Response {
	t.Helper()
	var rd io.Reader
	if body != "" {
		rd = strings.NewReader(body)
	}
	req, err := http.NewRequestWithContext(t.Context(), method, srv.URL()+path, rd)
	if err != nil {
		t.Fatal(err)
	}
	for _, h := range headers {
		k, v, _ := strings.Cut(h, ":")
		req.Header.Set(strings.TrimSpace(k), strings.TrimSpace(v))
	}
	resp, err := srv.Client().Do(req)
	if err != nil {
		t.Fatalf("%s %s: %v", method, path, err)
	}
	defer resp.Body.Close()
	b, err := io.ReadAll(resp.Body)
	if err != nil {
		t.Fatal(err)
	}
	return Response{Status: resp.StatusCode, ContentType: resp.Header.Get("Content-Type"), Body: b, Header: resp.Header}
}
