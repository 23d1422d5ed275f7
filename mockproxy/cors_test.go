package mockproxy_test

import (
	"net/http"
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/kafkarestmock/kafkarestmock/internal/resttest"
	"github.com/kafkarestmock/kafkarestmock/mockproxy"
)

// corsHeaders are the response headers CORS may set.
var corsHeaders = []string{
	"Access-Control-Allow-Origin", "Access-Control-Allow-Credentials", "Access-Control-Allow-Methods",
	"Access-Control-Allow-Headers", "Access-Control-Max-Age", "Vary",
}

func pickCORS(h http.Header) map[string]string {
	out := map[string]string{}
	for _, k := range corsHeaders {
		if v := h.Values(k); len(v) > 0 {
			out[k] = v[0]
		}
	}
	return out
}

func TestCORS(t *testing.T) {
	t.Parallel()
	const preflightMethod = "Access-Control-Request-Method: DELETE"
	simpleHeaders := func(origin string) map[string]string {
		return map[string]string{
			"Access-Control-Allow-Origin":      origin,
			"Access-Control-Allow-Credentials": "true",
			"Vary":                             "Origin",
		}
	}
	preflightHeaders := func(origin string) map[string]string {
		h := simpleHeaders(origin)
		h["Access-Control-Allow-Methods"] = "GET,POST,PUT,PATCH,DELETE,HEAD"
		h["Access-Control-Allow-Headers"] = "Content-Type,Accept,Authorization,X-Requested-With,Origin"
		h["Access-Control-Max-Age"] = "1800"
		return h
	}
	tests := []struct {
		name    string
		origins []string // nil: CORS off
		method  string
		headers []string
		status  int
		want    map[string]string
		// reachesAPI: the API answered (an OPTIONS that reaches the API
		// gets its Allow header; a GET its JSON body).
		reachesAPI bool
	}{{
		name:   "off: no headers, preflight reaches the API",
		method: "OPTIONS", headers: []string{"Origin: http://localhost:3000", preflightMethod},
		status: 200, want: map[string]string{}, reachesAPI: true,
	}, {
		name:    "exact match, simple request",
		origins: []string{"http://localhost:3000"},
		method:  "GET", headers: []string{"Origin: http://localhost:3000"},
		status: 200, want: simpleHeaders("http://localhost:3000"), reachesAPI: true,
	}, {
		name:    "no match: no CORS headers, the API answers",
		origins: []string{"http://localhost:3000"},
		method:  "GET", headers: []string{"Origin: http://localhost:3001"},
		status: 200, want: map[string]string{}, reachesAPI: true,
	}, {
		name:    "no Origin: no CORS headers",
		origins: []string{"*"},
		method:  "GET",
		status:  200, want: map[string]string{}, reachesAPI: true,
	}, {
		name:    "preflight answered by the CORS layer",
		origins: []string{"http://localhost:3000"},
		method:  "OPTIONS", headers: []string{"Origin: http://localhost:3000", preflightMethod, "Access-Control-Request-Headers: content-type, accept"},
		status: 200, want: preflightHeaders("http://localhost:3000"),
	}, {
		name:    "preflight from another origin reaches the API",
		origins: []string{"http://localhost:3000"},
		method:  "OPTIONS", headers: []string{"Origin: http://evil.example", preflightMethod},
		status: 200, want: map[string]string{}, reachesAPI: true,
	}, {
		name:    "preflight for a method not allowed: answered, no headers",
		origins: []string{"http://localhost:3000"},
		method:  "OPTIONS", headers: []string{"Origin: http://localhost:3000", "Access-Control-Request-Method: TRACE"},
		status: 200, want: map[string]string{},
	}, {
		name:    "preflight for a header not allowed: answered, no headers",
		origins: []string{"http://localhost:3000"},
		method:  "OPTIONS", headers: []string{"Origin: http://localhost:3000", preflightMethod, "Access-Control-Request-Headers: Content-Type, X-Custom"},
		status: 200, want: map[string]string{},
	}, {
		name:    "OPTIONS without Access-Control-Request-Method is no preflight",
		origins: []string{"http://localhost:3000"},
		method:  "OPTIONS", headers: []string{"Origin: http://localhost:3000"},
		status: 200, want: simpleHeaders("http://localhost:3000"), reachesAPI: true,
	}, {
		name:    "wildcard inside an origin",
		origins: []string{"http://*.example.com"},
		method:  "GET", headers: []string{"Origin: http://app.example.com"},
		status: 200, want: simpleHeaders("http://app.example.com"), reachesAPI: true,
	}, {
		name:    "wildcard: dots are literal",
		origins: []string{"http://*.example.com"},
		method:  "GET", headers: []string{"Origin: http://app.exampleXcom"},
		status: 200, want: map[string]string{}, reachesAPI: true,
	}, {
		name:    "wildcard port",
		origins: []string{"http://localhost:*"},
		method:  "OPTIONS", headers: []string{"Origin: http://localhost:5173", preflightMethod},
		status: 200, want: preflightHeaders("http://localhost:5173"),
	}, {
		name:    "any origin: echoed, no Vary",
		origins: []string{"*"},
		method:  "GET", headers: []string{"Origin: https://anything.test"},
		status: 200, want: map[string]string{"Access-Control-Allow-Origin": "https://anything.test", "Access-Control-Allow-Credentials": "true"},
		reachesAPI: true,
	}, {
		name:    "comma list in one entry",
		origins: []string{"http://a.test, http://b.test"},
		method:  "GET", headers: []string{"Origin: http://b.test"},
		status: 200, want: simpleHeaders("http://b.test"), reachesAPI: true,
	}, {
		name:    "space-separated Origin list: any member",
		origins: []string{"http://b.test"},
		method:  "GET", headers: []string{"Origin: http://a.test http://b.test"},
		status: 200, want: simpleHeaders("http://a.test http://b.test"), reachesAPI: true,
	}, {
		name:    "errors carry the headers too",
		origins: []string{"http://localhost:3000"},
		method:  "GET", headers: []string{"Origin: http://localhost:3000", "Accept: text/html"},
		status: 406, want: simpleHeaders("http://localhost:3000"), reachesAPI: true,
	}}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			var opts []mockproxy.Option
			if tt.origins != nil {
				opts = append(opts, mockproxy.WithCORSOrigins(tt.origins...))
			}
			srv := mockproxy.NewServer(t, append(opts, mockproxy.WithTopic("orders", 1), mockproxy.WithoutListener())...)
			got := resttest.Do(t, srv, tt.method, "/topics/orders", "", tt.headers...)
			if got.Status != tt.status {
				t.Errorf("status = %d, want %d (body %s)", got.Status, tt.status, got.Body)
			}
			if diff := cmp.Diff(tt.want, pickCORS(got.Header)); diff != "" {
				t.Errorf("CORS headers mismatch (-want +got):\n%s", diff)
			}
			reached := len(got.Body) > 0 || got.Header.Get("Allow") != ""
			if reached != tt.reachesAPI {
				t.Errorf("reached the API = %v, want %v (headers %v, body %q)", reached, tt.reachesAPI, got.Header, got.Body)
			}
		})
	}
}

// TestCORSAdminAndProduce: a browser app produces through a preflighted
// POST and the admin API answers cross-origin too.
func TestCORSAdminAndProduce(t *testing.T) {
	t.Parallel()
	srv := mockproxy.NewServer(t, mockproxy.WithCORSOrigins("http://localhost:3000"), mockproxy.WithoutListener())
	pre := resttest.Do(t, srv, "OPTIONS", "/topics/web", "", "Origin: http://localhost:3000",
		"Access-Control-Request-Method: POST", "Access-Control-Request-Headers: content-type")
	if pre.Status != 200 || pre.Header.Get("Access-Control-Allow-Methods") == "" || len(pre.Body) != 0 {
		t.Fatalf("preflight = %d %v %q", pre.Status, pre.Header, pre.Body)
	}
	got := resttest.Do(t, srv, "POST", "/topics/web", `{"records":[{"value":"aGk="}]}`, "Origin: http://localhost:3000", "Content-Type: "+ctV2B)
	if got.Status != 200 || got.Header.Get("Access-Control-Allow-Origin") != "http://localhost:3000" {
		t.Errorf("produce = %d %v %s", got.Status, got.Header, got.Body)
	}
	got = resttest.Do(t, srv, "GET", "/_mock/topics", "", "Origin: http://localhost:3000")
	if got.Status != 200 || got.Header.Get("Access-Control-Allow-Origin") != "http://localhost:3000" {
		t.Errorf("admin = %d %v", got.Status, got.Header)
	}
}
