package mockproxy

import (
	"io"
	"net/http"
	"reflect"
	"sort"
	"strconv"
	"strings"
	"sync"

	"github.com/kafkarestmock/kafkarestmock/internal/media"
	"github.com/kafkarestmock/kafkarestmock/scenario"
)

// apiVersion is the REST API version a resource method belongs to.
type apiVersion int

const (
	apiV1 apiVersion = 1
	apiV2 apiVersion = 2
	apiV3 apiVersion = 3
)

func (v apiVersion) String() string {
	switch v { // constants: fault rules ask once per produced record
	case apiV1:
		return "v1"
	case apiV2:
		return "v2"
	case apiV3:
		return "v3"
	}
	return "v" + strconv.Itoa(int(v))
}

// endpoint is one resource method, as in JAX-RS: the media types it
// consumes and produces (with server weights) and its handler, a method
// expression of Server run on the server serving the request. Several
// endpoints can share a path and HTTP method; the request's Content-Type
// and Accept choose between them, as Jersey does.
type endpoint struct {
	api      apiVersion
	name     string        // Java method name, used in validation messages
	consumes []media.Offer // nil: any Content-Type
	produces []media.Offer
	format   format // embedded format of produce/read methods
	handle   func(*Server, *call) error
	// perRecord marks produce methods: fault rules are decided per record
	// by the handler instead of once per request.
	perRecord bool
	// fetchErrors marks the v1 simple consumer, which answers a Kafka
	// error with the error code of the fetch response it got.
	fetchErrors bool
}

// resource is one path template with its methods per HTTP verb, in
// preference order for ties.
type resource struct {
	path    string
	methods map[string][]*endpoint
}

// call is one request being served by a chosen endpoint.
type call struct {
	s        *Server
	w        http.ResponseWriter
	r        *http.Request
	ep       *endpoint
	dialect  *dialect // how the endpoint's API version answers in the profile
	respType string
	vars     map[string]string
	route    string           // the resource's path template
	firing   *scenario.Firing // a fired empty_polls rule the read applies
	scratch  *produceScratch  // taken by getScratch, put back by resourceHandler
	body     io.LimitedReader // readBodyInto's view of the body
}

func (c *call) write(status int, body []byte) {
	writeBody(c.w, status, c.respType, body)
}

// routeFunc serves a request matched to one route on server s, with the
// route's decoded path parameters.
type routeFunc func(s *Server, w http.ResponseWriter, r *http.Request, vars map[string]string)

// adminHandler is an admin API handler, a method expression of Server.
type adminHandler func(s *Server, w http.ResponseWriter, r *http.Request)

// routeSpec is a route's path template; prefix routes match every path
// under it.
type routeSpec struct {
	path   string
	prefix bool
}

// routeBuilder is what the register functions read: the profile, its
// dialects and the embedded formats. It has no server: a route's handler
// is a method expression of Server, run on the server the request came to,
// so that one table serves every server of a profile.
type routeBuilder struct {
	cfg     routeConfig
	dialect dialects
}

// routeConfig is the part of a server's config the routes depend on.
type routeConfig struct {
	profile Profile
	formats formatTable
}

// routeTable is the routes' templates, compiled, and their handlers:
// route i is served by handlers[i]. It is immutable once built and safe
// for concurrent use.
type routeTable struct {
	matcher  *routeMatcher
	specs    []routeSpec
	handlers []routeFunc
}

// newRouteTable registers the admin routes, then the resources of the
// profile, and compiles their paths in that order: the first route that
// matches a path serves it. Paths are matched as sent: never cleaned nor
// redirected, and an encoded slash does not split a segment.
func newRouteTable(rb routeBuilder) *routeTable {
	t := &routeTable{}
	route := func(path string, prefix bool, h routeFunc) {
		t.specs = append(t.specs, routeSpec{path: path, prefix: prefix})
		t.handlers = append(t.handlers, h)
	}
	rb.registerAdmin(route)

	var all []*resource
	byPath := map[string]*resource{}
	add := func(method, path string, eps ...*endpoint) {
		res := byPath[path]
		if res == nil {
			res = &resource{path: path, methods: map[string][]*endpoint{}}
			byPath[path] = res
			all = append(all, res)
		}
		res.methods[method] = append(res.methods[method], eps...)
	}
	rb.registerV2(add)
	if rb.cfg.profile.hasV1() {
		rb.registerV1(add)
	}
	if rb.cfg.profile.hasV3() {
		rb.registerV3(add)
	}
	for _, res := range all {
		route(res.path, false, resourceHandler(res))
	}
	t.compile()
	return t
}

// compile builds the matcher for t's specs.
func (t *routeTable) compile() {
	t.matcher = newRouteMatcher(t.specs)
}

// profileTables caches the route table of each profile with the built-in
// formats. Compiling the routes and building their endpoints is most of
// what starting a server would otherwise cost (with gorilla/mux, 15,000
// allocations), and
// neither depends on anything but the profile, so each table is built
// once, by the first server of its profile, and only read afterwards (the
// Once orders the write before every read). It is the package's only
// cache; it holds nothing a server can change.
var profileTables [ProfileModern + 1]struct {
	once  sync.Once
	table *routeTable
}

// routes returns the server's route table: its profile's shared one, or,
// for a server with formats of its own, one built for it alone.
func (s *Server) routes() *routeTable {
	p := s.cfg.profile
	rb := routeBuilder{cfg: routeConfig{profile: p, formats: s.cfg.formats}, dialect: s.dialect}
	if p < 0 || int(p) >= len(profileTables) || !builtinFormatTable(s.cfg.formats) {
		return newRouteTable(rb)
	}
	e := &profileTables[p]
	e.once.Do(func() { e.table = newRouteTable(rb) })
	return e.table
}

// builtinFormatTable reports whether t holds the built-in formats and
// nothing else, equal value for value, so that endpoints built for one
// server's formats serve another's.
func builtinFormatTable(t formatTable) bool {
	b := builtinFormats()
	if len(t) != len(b) {
		return false
	}
	for i := range t {
		if reflect.TypeOf(t[i]) != reflect.TypeOf(b[i]) || !reflect.TypeOf(t[i]).Comparable() || t[i] != b[i] {
			return false
		}
	}
	return true
}

// serveRoute matches r to a route and serves it; a path no route matches
// is a 404.
func (s *Server) serveRoute(w http.ResponseWriter, r *http.Request) {
	i, vars, ok := s.router.matcher.match(r.URL.EscapedPath())
	if !ok {
		writeError(w, s.errorType(r), errNotFound)
		return
	}
	if strings.IndexByte(r.URL.EscapedPath(), '%') >= 0 {
		decodeVars(vars)
	}
	s.router.handlers[i](s, w, r, vars)
}

// resourceHandler selects the endpoint for a request and runs it.
func resourceHandler(res *resource) routeFunc {
	allow := make([]string, 0, len(res.methods)+2)
	for m := range res.methods {
		allow = append(allow, m)
	}
	if _, ok := res.methods[http.MethodGet]; ok {
		allow = append(allow, http.MethodHead)
	}
	allow = append(allow, http.MethodOptions)
	sort.Strings(allow)
	allowHeader := strings.Join(allow, ",")

	return func(s *Server, w http.ResponseWriter, r *http.Request, vars map[string]string) {
		method := r.Method
		if method == http.MethodHead {
			method = http.MethodGet
			w = &headWriter{ResponseWriter: w}
		}
		eps := res.methods[method]
		if len(eps) == 0 {
			w.Header().Set("Allow", allowHeader)
			if r.Method == http.MethodOptions {
				w.Header().Set("Content-Length", "0")
				w.WriteHeader(http.StatusOK)
				return
			}
			writeError(w, s.errorType(r), errMethodNotAllowed)
			return
		}
		ep, respType, err := s.selectEndpoint(eps, r, vars)
		if err != nil {
			writeError(w, s.errorType(r), err)
			return
		}
		if rw := unwrapRespWriter(w); rw != nil {
			rw.route, rw.api, rw.params = res.path, ep.api.String(), vars
		}
		c := &call{s: s, w: w, r: r, ep: ep, dialect: s.dialect[ep.api], respType: respType, vars: vars, route: res.path}
		if !ep.perRecord && !s.faults.Empty() {
			if out, err := c.injectFault(c.faultRequest(), nil); out == faultAnswered {
				if err != nil {
					c.fail(err)
				}
				return
			}
		}
		if err := ep.handle(s, c); err != nil {
			c.fail(err)
		}
		c.putScratch()
	}
}

// selectEndpoint picks the method Jersey would: among those that consume
// the request's Content-Type (415 if none), those that can produce a type
// the Accept header takes (406 if none); the best by consumed weight, then
// client quality, then produced weight. Ties go to the earlier one, except
// that a tie between v1 and v2 on a consumer instance path (a request with
// no distinguishing media types, where 5.x's choice is arbitrary) goes to
// the API whose registry holds the instance.
func (s *Server) selectEndpoint(eps []*endpoint, r *http.Request, vars map[string]string) (*endpoint, string, error) {
	ct := media.Base(r.Header.Get("Content-Type"))
	if ct == "" && r.Header.Get("Content-Type") != "" {
		return nil, "", errUnsupportedMediaType
	}
	ranges := media.ParseAccept(r.Header.Get("Accept"))
	var (
		best     *endpoint
		bestCQS  float64
		bestM    media.Match
		consumed bool
	)
	for _, ep := range eps {
		cqs, ok := 1.0, true
		if ep.consumes != nil {
			cqs, ok = media.Consumes(ct, ep.consumes)
		}
		if !ok {
			continue
		}
		consumed = true
		m, ok := media.Negotiate(ranges, ep.produces)
		if !ok {
			continue
		}
		switch {
		case best == nil || cqs > bestCQS || (cqs == bestCQS && m.Better(bestM)):
			best, bestCQS, bestM = ep, cqs, m
		case cqs == bestCQS && !bestM.Better(m) && ep.api != best.api && vars["instance"] != "":
			if !s.hasInstance(best.api, vars["group"], vars["instance"]) && s.hasInstance(ep.api, vars["group"], vars["instance"]) {
				best, bestCQS, bestM = ep, cqs, m
			}
		}
	}
	switch {
	case !consumed:
		return nil, "", errUnsupportedMediaType
	case best == nil:
		return nil, "", errNotAcceptable
	}
	return best, bestM.Type, nil
}

// headWriter serves HEAD as GET without a body.
type headWriter struct{ http.ResponseWriter }

func (w *headWriter) Write(b []byte) (int, error) { return len(b), nil }

func (w *headWriter) Unwrap() http.ResponseWriter { return w.ResponseWriter }

// readBody reads the whole request body, refusing bodies over the limit
// with 413 before anything is stored.
func (c *call) readBody() ([]byte, error) {
	return c.readBodyInto(nil)
}

// readBodyInto is readBody reading into buf's memory when it is large
// enough.
func (c *call) readBodyInto(buf []byte) ([]byte, error) {
	limit := c.s.cfg.maxBodyBytes
	if c.r.ContentLength > limit {
		return nil, errEntityTooLarge
	}
	c.body = io.LimitedReader{R: c.r.Body, N: limit + 1}
	body, err := readAllSized(buf, &c.body, c.r.ContentLength)
	if err != nil {
		return nil, errBodyUnreadable
	}
	if int64(len(body)) > limit {
		return nil, errEntityTooLarge
	}
	return body, nil
}

// readAllSized is io.ReadAll starting with room for size bytes (a
// request's Content-Length; -1 when unknown), so that a body of known
// length is read without growing and copying its buffer. It reads into
// buf's memory when buf has room for size+1 bytes.
func readAllSized(buf []byte, r io.Reader, size int64) ([]byte, error) {
	if size < 0 || size > 64<<20 {
		return io.ReadAll(r)
	}
	b := buf[:0]
	if int64(cap(b)) < size+1 {
		b = make([]byte, 0, size+1) // +1: room to see EOF without growing
	}
	for {
		n, err := r.Read(b[len(b):cap(b)])
		b = b[:len(b)+n]
		if err == io.EOF {
			return b, nil
		}
		if err != nil {
			return b, err
		}
		if len(b) == cap(b) {
			b = append(b, 0)[:len(b)]
		}
	}
}

// pathPartition parses the {partition} path parameter. A value that is not
// a Java int is a 404, as JAX-RS answers path parameters it cannot convert.
func (c *call) pathPartition() (int32, error) {
	p, err := strconv.ParseInt(c.vars["partition"], 10, 32)
	if err != nil {
		return 0, errNotFound
	}
	return int32(p), nil
}

// Offer lists.
func offers(qs float64, types ...string) []media.Offer {
	out := make([]media.Offer, len(types))
	for i, t := range types {
		out[i] = media.Offer{Type: t, QS: qs}
	}
	return out
}

func join(lists ...[]media.Offer) []media.Offer {
	var out []media.Offer
	for _, l := range lists {
		out = append(out, l...)
	}
	return out
}
