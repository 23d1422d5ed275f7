package srclient

import (
	"errors"
	"io"
	"net/http"
	"net/http/httptest"
	"strconv"
	"strings"
	"sync"
	"syscall"
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/kafkarestmock/kafkarestmock/schemareg"
)

// request is what a registry receives.
type request struct {
	Method, URI, Accept, ContentType, Body string
}

// recorder records the requests h serves.
type recorder struct {
	h    http.Handler
	mu   sync.Mutex
	reqs []request
}

func (rec *recorder) ServeHTTP(w http.ResponseWriter, req *http.Request) {
	body, _ := io.ReadAll(req.Body)
	rec.mu.Lock()
	rec.reqs = append(rec.reqs, request{Method: req.Method, URI: req.RequestURI,
		Accept: req.Header.Get("Accept"), ContentType: req.Header.Get("Content-Type"), Body: string(body)})
	rec.mu.Unlock()
	req.Body = io.NopCloser(strings.NewReader(string(body)))
	rec.h.ServeHTTP(w, req)
}

// take returns the requests recorded since the last take.
func (rec *recorder) take() []request {
	rec.mu.Lock()
	defer rec.mu.Unlock()
	out := rec.reqs
	rec.reqs = nil
	return out
}

// newRecorded serves r under /schema-registry, as the proxy mounts it, and
// returns a client of it and the recorder of its requests.
func newRecorded(t *testing.T, r *schemareg.Registry) (*Client, *recorder) {
	t.Helper()
	mux := http.NewServeMux()
	mux.Handle("/schema-registry/", http.StripPrefix("/schema-registry", r.Handler()))
	rec := &recorder{h: mux}
	srv := httptest.NewServer(rec)
	t.Cleanup(srv.Close)
	cl, err := New(srv.URL+"/schema-registry/", srv.Client())
	if err != nil {
		t.Fatal(err)
	}
	return cl, rec
}

func post(uri, body string) request {
	return request{Method: "POST", URI: uri, Accept: schemareg.MediaType, ContentType: schemareg.MediaType, Body: body}
}

func get(uri string) request {
	return request{Method: "GET", URI: uri, Accept: schemareg.MediaType, ContentType: schemareg.MediaType}
}

func TestRequests(t *testing.T) {
	const protoBody = `{"schema":"syntax = \"proto3\";\npackage ex;\nimport \"addr.proto\";\nmessage Order { Addr addr = 1; }\n","schemaType":"PROTOBUF","references":[{"name":"addr.proto","subject":"addr-proto","version":1}]}`
	for _, tc := range []struct {
		name    string
		version string
		setup   []setup
		call    func(s schemaSource) (any, error)
		want    []request
	}{
		{name: "register avro", call: register("orders-value", sRecV1Spaced), want: []request{
			post("/schema-registry/subjects/orders-value/versions?normalize=false", `{"schema":"{ \"type\": \"record\", \"name\": \"com.ex.Rec\",\n  \"fields\": [ {\"name\": \"a\", \"type\": \"int\"} ] }"}`)}},
		{name: "register protobuf with reference", setup: []setup{withProtoAddr}, call: register("orders-proto", sProtoOrder), want: []request{
			post("/schema-registry/subjects/orders-proto/versions?normalize=false", protoBody)}},
		{name: "register json, escaped subject", call: register("a/b c%d", schemareg.Schema{Type: schemareg.JSON, Text: `{"a":"<&>"}`}), want: []request{
			post("/schema-registry/subjects/a%2Fb%20c%25d/versions?normalize=false", `{"schema":"{\"a\":\"<&>\"}","schemaType":"JSON"}`)}},
		{name: "register, id-only answer", version: "7.9.1", call: register("orders-value", sRecV1), want: []request{
			post("/schema-registry/subjects/orders-value/versions?normalize=false", `{"schema":"`+strings.ReplaceAll(recV1, `"`, `\"`)+`"}`),
			post("/schema-registry/subjects/orders-value?normalize=false&deleted=true", `{"schema":"`+strings.ReplaceAll(recV1, `"`, `\"`)+`"}`)}},
		{name: "register empty text, id-only answer", version: "7.9.1", setup: []setup{reg("orders-value", sRecV1)}, call: register("orders-value", schemareg.Schema{}), want: []request{
			post("/schema-registry/subjects/orders-value/versions?normalize=false", `{}`),
			get("/schema-registry/subjects/orders-value/versions/latest")}},
		{name: "lookup", setup: []setup{withProtoAddr, reg("orders-proto", sProtoOrder)}, call: lookup("orders-proto", sProtoOrder), want: []request{
			post("/schema-registry/subjects/orders-proto?normalize=false&deleted=false", protoBody)}},
		{name: "lookup, escaped subject", call: lookup("a/b c%d", sRecV1), want: []request{
			post("/schema-registry/subjects/a%2Fb%20c%25d?normalize=false&deleted=false", `{"schema":"`+strings.ReplaceAll(recV1, `"`, `\"`)+`"}`)}},
		{name: "schema by id", call: byID(7), want: []request{get("/schema-registry/schemas/ids/7?fetchMaxId=false")}},
		{name: "version", call: version("a/b c%d", 2), want: []request{get("/schema-registry/subjects/a%2Fb%20c%25d/versions/2?deleted=false")}},
		{name: "latest version", call: version("orders-value", -1), want: []request{get("/schema-registry/subjects/orders-value/versions/latest")}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			var opts []schemareg.Option
			if tc.version != "" {
				opts = append(opts, schemareg.WithServerVersion(tc.version))
			}
			r := schemareg.New(opts...)
			for _, s := range tc.setup {
				s(t, r)
			}
			cl, rec := newRecorded(t, r)
			_, _ = tc.call(cl)
			if diff := cmp.Diff(tc.want, rec.take()); diff != "" {
				t.Errorf("requests (-want +got):\n%s", diff)
			}
		})
	}
}

// TestVersionInvalid: a version number the registry's API does not take is
// refused by the registry (42202), where the embedded registry's method
// answers 40402.
func TestVersionInvalid(t *testing.T) {
	r := schemareg.New()
	reg("orders-value", sRecV1)(t, r)
	cl, _ := newRecorded(t, r)
	for _, n := range []int{0, -2} {
		_, err := cl.Version("orders-value", n)
		want := &schemareg.Error{Status: 422, Code: schemareg.CodeInvalidVersion,
			Message: `The specified version '` + strconv.Itoa(n) + `' is not a valid version id. Allowed values are between [1, 2^31-1] and the string "latest"`}
		if diff := cmp.Diff(error(want), err); diff != "" {
			t.Errorf("Version(%d) error (-want +got):\n%s", n, diff)
		}
	}
}

// calls runs each of the four methods on s and returns their errors.
func calls(s schemaSource) map[string]error {
	errs := map[string]error{}
	_, _, errs["Register"] = s.Register("orders-value", sRecV1)
	_, errs["Lookup"] = s.Lookup("orders-value", sRecV1)
	_, errs["SchemaByID"] = s.SchemaByID(1)
	_, errs["Version"] = s.Version("orders-value", -1)
	return errs
}

func allFour(err error) map[string]error {
	return map[string]error{"Register": err, "Lookup": err, "SchemaByID": err, "Version": err}
}

func TestErrorAnswers(t *testing.T) {
	const page = "<html>\n<head><title>Error 500 Server Error</title></head>\n<body><h2>HTTP ERROR 500 Server Error</h2></body>\n</html>\n"
	for _, tc := range []struct {
		name        string
		status      int
		contentType string
		body        string
		want        *schemareg.Error
	}{
		{"html page", 500, "text/html;charset=iso-8859-1", page,
			&schemareg.Error{Status: 500, Code: CodeJSONParseError, Message: "Unable to parse error message from schema registry: '(" + page + ")'"}},
		{"plain text", 429, "text/plain", "Too Many Requests",
			&schemareg.Error{Status: 429, Code: CodeJSONParseError, Message: "Unable to parse error message from schema registry: '(Too Many Requests)'"}},
		{"empty body", 502, "", "",
			&schemareg.Error{Status: 502, Code: CodeJSONParseError, Message: "Error"}},
		{"JSON that is not an object", 401, schemareg.MediaType, `["no"]`,
			&schemareg.Error{Status: 401, Code: CodeJSONParseError, Message: `Unable to parse error message from schema registry: '(["no"])'`}},
		{"JSON object without members", 503, schemareg.MediaType, `{"status":"down"}`,
			&schemareg.Error{Status: 503}},
		{"error message", 500, schemareg.MediaType, `{"error_code":50001,"message":"Error in the backend data store"}`,
			&schemareg.Error{Status: 500, Code: 50001, Message: "Error in the backend data store"}},
		{"error message on 201", 201, schemareg.MediaType, `{"error_code":1,"message":"odd"}`,
			&schemareg.Error{Status: 201, Code: 1, Message: "odd"}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, _ *http.Request) {
				if tc.contentType != "" {
					w.Header().Set("Content-Type", tc.contentType)
				}
				w.WriteHeader(tc.status)
				_, _ = io.WriteString(w, tc.body)
			}))
			defer srv.Close()
			cl, err := New(srv.URL, srv.Client())
			if err != nil {
				t.Fatal(err)
			}
			if diff := cmp.Diff(allFour(tc.want), calls(cl)); diff != "" {
				t.Errorf("errors (-want +got):\n%s", diff)
			}
		})
	}
}

// TestBadSuccess: a success answer that is not the entity expected, or has
// no content, is an ordinary error.
func TestBadSuccess(t *testing.T) {
	for _, tc := range []struct {
		status int
		body   string
		want   string // the error's text after the method and URL
	}{
		{200, "<html>ok</html>", "reading the answer: invalid character '<' looking for beginning of value"},
		{200, `{"id":"one"}`, "reading the answer: json: cannot unmarshal string into Go struct field"},
		{204, "", "answer without content (204)"},
	} {
		srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, _ *http.Request) {
			w.WriteHeader(tc.status)
			_, _ = io.WriteString(w, tc.body)
		}))
		cl, err := New(srv.URL, srv.Client())
		if err != nil {
			t.Fatal(err)
		}
		_, _, err = cl.Register("orders-value", sRecV1)
		var e *schemareg.Error
		if err == nil || errors.As(err, &e) || !strings.Contains(err.Error(), tc.want) ||
			!strings.HasPrefix(err.Error(), "srclient: POST "+srv.URL+"/subjects/orders-value/versions?normalize=false: ") {
			t.Errorf("%d %q: error %v (%T), want an ordinary error with %q", tc.status, tc.body, err, err, tc.want)
		}
		srv.Close()
	}
}

func TestConnectionRefused(t *testing.T) {
	srv := httptest.NewServer(http.NotFoundHandler())
	url, hc := srv.URL, srv.Client()
	srv.Close()
	cl, err := New(url, hc)
	if err != nil {
		t.Fatal(err)
	}
	for method, err := range calls(cl) {
		var e *schemareg.Error
		if err == nil || err.Error() != "Connection refused" || !errors.Is(err, syscall.ECONNREFUSED) || errors.As(err, &e) {
			t.Errorf("%s: error %v (%T), want an ordinary \"Connection refused\" that unwraps to ECONNREFUSED", method, err, err)
		}
	}
}

func TestNew(t *testing.T) {
	for _, tc := range []struct {
		url, wantErr string
	}{
		{"http://registry:8081", ""},
		{"https://user:secret@registry.example/sr/", ""},
		{"HTTP://registry", ""},
		{"ftp://registry", `srclient: base URL "ftp://registry": scheme must be http or https`},
		{"registry:8081", `srclient: base URL "registry:8081": scheme must be http or https`},
		{"", `srclient: base URL "": scheme must be http or https`},
		{"http://", `srclient: base URL "http://": host required`},
		{"http:///sr", `srclient: base URL "http:///sr": host required`},
		{"http://registry/?x=1", `srclient: base URL "http://registry/?x=1": query or fragment not allowed`},
		{"http://registry/#top", `srclient: base URL "http://registry/#top": query or fragment not allowed`},
		{"http://reg istry", `srclient: base URL "http://reg istry": parse "http://reg istry": invalid character " " in host name`},
	} {
		cl, err := New(tc.url, nil)
		got := ""
		if err != nil {
			got = err.Error()
		}
		if got != tc.wantErr {
			t.Errorf("New(%q) error = %q, want %q", tc.url, got, tc.wantErr)
		}
		if err == nil && cl.hc != http.DefaultClient {
			t.Errorf("New(%q, nil) does not use http.DefaultClient", tc.url)
		}
	}
}
