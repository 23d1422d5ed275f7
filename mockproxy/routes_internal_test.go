package mockproxy

import (
	"net/http"
	"net/http/httptest"
	"net/url"
	"regexp"
	"strconv"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/gorilla/mux"
)

// Servers of one profile share one route table, built once; a server with
// formats of its own gets its own table, and the shared one stays as it
// was.
func TestRouteTableShared(t *testing.T) {
	t.Parallel()
	a := NewServer(t, WithoutListener())
	b := NewServer(t, WithoutListener())
	if a.router != b.router {
		t.Errorf("two default servers have different route tables")
	}
	modern := NewServer(t, WithoutListener(), WithProfile(ProfileModern))
	if modern.router == a.router {
		t.Errorf("ProfileModern shares ProfileAll's route table")
	}
	if again := NewServer(t, WithoutListener(), WithProfile(ProfileModern)); again.router != modern.router {
		t.Errorf("two ProfileModern servers have different route tables")
	}
	own := NewServer(t, WithoutListener(), withFormat(toyFormat{}))
	if own.router == a.router {
		t.Errorf("a server with a format of its own shares the profile's route table")
	}
	if n, m := len(own.router.specs), len(a.router.specs); n != m {
		t.Errorf("own table has %d routes, shared %d", n, m)
	}
}

// Each server's handlers run on that server: a topic created on one is not
// seen through the other, though both route through one table.
func TestRouteTableServesOwnServer(t *testing.T) {
	t.Parallel()
	a := NewServer(t, WithoutListener(), WithTopic("only-a", 1))
	b := NewServer(t, WithoutListener())
	for _, tc := range []struct {
		srv  *Server
		want int
	}{{a, http.StatusOK}, {b, http.StatusNotFound}} {
		resp, err := tc.srv.Client().Get(tc.srv.URL() + "/topics/only-a")
		if err != nil {
			t.Fatal(err)
		}
		resp.Body.Close()
		if resp.StatusCode != tc.want {
			t.Errorf("GET /topics/only-a: status %d, want %d", resp.StatusCode, tc.want)
		}
	}
}

// The route matcher finds the route gorilla/mux finds, as the router was
// set up before (SkipClean, UseEncodedPath, routes in registration
// order), with the same path parameters, for every route's template
// filled in several ways and for paths that match nothing.
func TestRouteMatcherAgreesWithMux(t *testing.T) {
	t.Parallel()
	for _, p := range []Profile{ProfileAll, ProfileLegacy, ProfileModern} {
		srv := NewServer(t, WithoutListener(), WithProfile(p))
		specs := srv.router.specs
		r := mux.NewRouter().SkipClean(true).UseEncodedPath()
		for i, sp := range specs {
			h := http.HandlerFunc(func(http.ResponseWriter, *http.Request) {})
			if sp.prefix {
				r.PathPrefix(sp.path).Handler(h).Name(strconv.Itoa(i))
			} else {
				r.Handle(sp.path, h).Name(strconv.Itoa(i))
			}
		}
		var paths []string
		fills := []string{"t", "orders.v1", "a%2Fb", "-", "0", "app.js", "style.css", "x:y", "%20"}
		for _, sp := range specs {
			for _, f := range fills {
				paths = append(paths, varPattern.ReplaceAllString(sp.path, f))
			}
			paths = append(paths, sp.path+"/extra", sp.path+"/", "/"+sp.path, strings.ReplaceAll(sp.path, "/", "//"))
		}
		matched := 0
		paths = append(paths, "/", "", "//", "/nope", "/_mock/", "/_mock/app.jsx", "/_mock/a/b/c/d/e/f/g/h/i/j/k", "/topics/", "/v3/clusters//topics", "*")
		for _, path := range paths {
			req := httptest.NewRequest(http.MethodGet, "/", nil)
			req.URL = &url.URL{Path: path, RawPath: path}
			if u, err := url.ParseRequestURI(path); err == nil {
				req.URL = u
			}
			var m mux.RouteMatch
			wantOK := r.Match(req, &m)
			want := -1
			if wantOK {
				want, _ = strconv.Atoi(m.Route.GetName())
			}
			i, vars, ok := srv.router.matcher.match(req.URL.EscapedPath())
			got := -1
			if ok {
				got = i
			}
			if got != want {
				t.Errorf("profile %v, path %q: route %d, mux %d", p, path, got, want)
				continue
			}
			if ok {
				matched++
				if diff := cmp.Diff(m.Vars, vars); diff != "" {
					t.Errorf("profile %v, path %q: vars (-mux +got):\n%s", p, path, diff)
				}
			}
		}
		if matched < len(specs)*len(fills)/2 {
			t.Errorf("profile %v: %d of %d paths matched a route; the test checks too little", p, matched, len(paths))
		}
	}
}

// varPattern is a {var} or {var:pattern} of a path template.
var varPattern = regexp.MustCompile(`\{[^}]*\}`)
