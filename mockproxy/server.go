package mockproxy

import (
	"context"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"net"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"time"

	"github.com/kafkarestmock/kafkarestmock/backend"
	"github.com/kafkarestmock/kafkarestmock/fakelog"
	"github.com/kafkarestmock/kafkarestmock/internal/hostport"
	"github.com/kafkarestmock/kafkarestmock/scenario"
)

// TB is the part of testing.TB that NewServer uses. *testing.T and
// *testing.B satisfy it; so can other test frameworks.
type TB interface {
	Helper()
	Fatalf(format string, args ...any)
	Cleanup(func())
}

// Server is a mock Confluent REST Proxy over an in-memory log, or over the
// backend given to WithBackend. It is an http.Handler and is safe for
// concurrent use.
type Server struct {
	cfg    config
	be     backend.Backend // the log: WithBackend's, or an in-memory fakelog.Log
	router *routeTable
	done   chan struct{} // closed by Close; long-polls select on it

	consumers registry
	bufPool   sync.Pool // *[]byte response buffers
	scratch   sync.Pool // *produceScratch (scratch.go)
	faults    *scenario.Set
	journal   journal
	dialect   dialects // how each API version answers in the profile
	acls      aclStore // the authorizer's ACLs (API v3)

	// brokerConfigs are the dynamic broker and cluster configs of API v3.
	brokerConfigs brokerConfigStore
	// schemas is the schema registry of the schema formats (schemas.go).
	schemas schemaStore

	mu       sync.Mutex // guards the fields below; Reset holds it throughout
	listener net.Listener
	httpSrv  *http.Server
	url      string
	client   *http.Client
	closed   bool
	serving  sync.WaitGroup
	// conns are the listener's connections (conns.go).
	conns map[net.Conn]*connInfo
}

// New builds a server without listening. Call Start to serve on an address,
// or use Handler and Client directly. Close releases it.
func New(opts ...Option) (*Server, error) {
	cfg := defaultConfig()
	for _, o := range opts {
		o.apply(&cfg)
	}
	if cfg.clock == nil {
		cfg.clock = fakelog.RealClock()
	}
	be := cfg.backend
	if be == nil {
		logOpts := append([]fakelog.Option{fakelog.WithClock(cfg.clock)}, cfg.logOpts...)
		be = fakelog.New(logOpts...).Backend()
	}
	backend.ShareClock(be, cfg.clock)
	s := &Server{
		cfg:    cfg,
		be:     be,
		done:   make(chan struct{}),
		faults: scenario.NewSet(),
	}
	s.dialect = newDialects(cfg.profile)
	if err := s.setupSchemaRegistry(); err != nil {
		return nil, err
	}
	for _, path := range cfg.scenarioFiles {
		faults, err := scenario.LoadFile(path)
		if err != nil {
			return nil, fmt.Errorf("mockproxy: %w", err)
		}
		cfg.faults = append(cfg.faults, faults...)
	}
	for _, f := range cfg.faults {
		if _, err := s.addFault(f); err != nil {
			return nil, fmt.Errorf("mockproxy: fault %q: %w", f.Name, err)
		}
	}
	s.bufPool.New = func() any { b := make([]byte, 0, jettyOutputBuffer+4096); return &b }
	if err := s.setupStart(); err != nil { // WithTopic topics and seeds
		return nil, err
	}
	s.router = s.routes()
	return s, nil
}

// NewServer builds a server and, unless WithoutListener is given, starts it
// on 127.0.0.1 at a free port. It registers Close with tb.Cleanup and calls
// tb.Fatalf if anything fails.
func NewServer(tb TB, opts ...Option) *Server {
	tb.Helper()
	s, err := New(opts...)
	if err != nil {
		tb.Fatalf("mockproxy.NewServer: %v", err)
		return nil
	}
	tb.Cleanup(func() { _ = s.Close() })
	if !s.cfg.noListener {
		if err := s.Start("127.0.0.1:0"); err != nil {
			tb.Fatalf("mockproxy.NewServer: %v", err)
		}
	}
	return s
}

// Start listens on addr (host:port; port 0 picks a free one) and serves in
// a background goroutine that Close stops. It fails if the server already
// listens or is closed.
func (s *Server) Start(addr string) error {
	ln, err := net.Listen("tcp", addr)
	if err != nil {
		return fmt.Errorf("mockproxy: listen: %w", err)
	}
	return s.Serve(ln)
}

// Serve serves on ln in a background goroutine that Close stops.
func (s *Server) Serve(ln net.Listener) error {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.closed {
		ln.Close()
		return errors.New("mockproxy: server closed")
	}
	if s.listener != nil {
		ln.Close()
		return errors.New("mockproxy: already listening")
	}
	ln = framingListener{ln}
	s.listener = ln
	s.url = "http://" + hostport.Dial(ln.Addr())
	s.httpSrv = &http.Server{Handler: s, ConnContext: s.connContext, ConnState: s.trackConn,
		ReadHeaderTimeout: s.cfg.idleTimeout, IdleTimeout: s.cfg.idleTimeout, MaxHeaderBytes: serverHeaderBytes}
	s.serving.Add(1)
	go func() {
		defer s.serving.Done()
		_ = s.httpSrv.Serve(ln)
	}()
	return nil
}

// noListenerURL is the base URL reported when the server has no listener;
// Client routes it (and any other URL) to the handler in memory.
const noListenerURL = "http://kafkarestmock.invalid"

// URL returns the base URL, e.g. "http://127.0.0.1:41234". Without a
// listener it returns a placeholder that only Client can reach.
func (s *Server) URL() string {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.url == "" {
		return noListenerURL
	}
	return s.url
}

// Client returns an HTTP client for the server. With a listener it is a
// plain client with its own connection pool, closed by Close; without one
// it serves every request in memory, in the calling goroutine, so it works
// inside testing/synctest.
func (s *Server) Client() *http.Client {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.client == nil {
		if s.listener != nil {
			s.client = &http.Client{Transport: &http.Transport{
				MaxIdleConnsPerHost: 64,
				ForceAttemptHTTP2:   false,
			}}
		} else {
			s.client = &http.Client{Transport: memTransport{h: s}}
		}
	}
	return s.client
}

// Handler returns the server as an http.Handler.
func (s *Server) Handler() http.Handler { return s }

// Log returns the server's in-memory log for seeding and inspection, or
// nil when the server runs on another backend (see WithBackend). Direct
// calls go through the same code as HTTP requests but are not subject to
// faults.
func (s *Server) Log() *fakelog.Log { return fakelog.FromBackend(s.be) }

// Backend returns the backend the server runs on: the one given to
// WithBackend, or the in-memory log as a backend.Backend.
func (s *Server) Backend() backend.Backend { return s.be }

// Profile returns the emulated proxy version.
func (s *Server) Profile() Profile { return s.cfg.profile }

// Close stops the listener, wakes every waiting long-poll, ends the
// reads of request bodies still arriving, waits for in-flight requests
// (at most 5 seconds) and closes the log. It is
// idempotent and safe to call concurrently.
func (s *Server) Close() error {
	s.mu.Lock()
	if s.closed {
		s.mu.Unlock()
		return nil
	}
	s.closed = true
	close(s.done)
	srv, client := s.httpSrv, s.client
	s.mu.Unlock()

	var err error
	if client != nil {
		client.CloseIdleConnections()
	}
	if srv != nil {
		ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
		s.interruptConns()
		err = srv.Shutdown(ctx)
		cancel()
		if err != nil {
			_ = srv.Close()
			err = fmt.Errorf("mockproxy: close: requests still running after 5s: %w", err)
		}
		s.serving.Wait()
	}
	if client != nil {
		client.CloseIdleConnections()
	}
	s.closeInstances()
	s.schemas.close()
	_ = s.be.Close()
	return err
}

// ServeHTTP serves one request. It never panics to the caller: an
// unexpected failure is logged and answered with 500.
func (s *Server) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	start := time.Now()
	defer s.serveConn(r)()
	rw := &respWriter{ResponseWriter: w}
	defer func() {
		if v := recover(); v != nil {
			if v == http.ErrAbortHandler {
				panic(v)
			}
			s.cfg.logger.Error("handler panic", "method", r.Method, "path", r.URL.Path, "panic", fmt.Sprint(v))
			if !rw.wrote {
				writeError(rw, s.errorType(r), errInternal)
			}
		}
		dur := time.Since(start)
		level := slog.LevelInfo
		if rw.api == "admin" {
			level = slog.LevelDebug // the web page polls the admin API every second
		}
		if s.cfg.logger.Enabled(r.Context(), level) {
			attrs := []any{"method", r.Method, "path", r.URL.Path, "status", rw.status, "duration", dur}
			if rw.errorCode != 0 {
				attrs = append(attrs, "error_code", rw.errorCode)
			}
			if rw.fault != "" {
				attrs = append(attrs, "fault", rw.fault)
			}
			s.cfg.logger.Log(r.Context(), level, "request", attrs...)
		}
		if !rw.noJournal {
			s.journal.add(JournalEntry{
				Time: start, Method: r.Method, Path: r.URL.Path, Query: r.URL.RawQuery,
				Route: rw.route, API: rw.api, Params: rw.params, Status: rw.status,
				ErrorCode: rw.errorCode, Duration: dur, Fault: rw.fault,
			}, s.cfg.journalSize)
		}
	}()
	if hasBothFramings(r) {
		writeBadMessage(rw, http.StatusBadRequest, reasonCLAndTE)
		return
	}
	if status, reason := headTooLarge(r); status != 0 {
		writeBadMessage(rw, status, reason)
		return
	}
	if reason := badPath(r.URL.EscapedPath()); reason != "" {
		writeBadMessage(rw, http.StatusBadRequest, reason)
		return
	}
	// Jersey matches paths with or without one trailing slash.
	if p := r.URL.Path; len(p) > 1 && strings.HasSuffix(p, "/") {
		r2 := new(http.Request)
		*r2 = *r
		u := *r.URL
		u.Path = strings.TrimSuffix(p, "/")
		u.RawPath = strings.TrimSuffix(u.RawPath, "/")
		r2.URL = &u
		r = r2
	}
	if s.cfg.cors != nil && s.cfg.cors.handle(rw, r) {
		return // a preflight, answered by the CORS layer
	}
	if !s.authorize(rw, r) {
		return
	}
	if s.serveSchemaRegistry(rw, r) {
		return
	}
	s.serveRoute(rw, r)
}

// respWriter records what was written, for the request log and journal.
type respWriter struct {
	http.ResponseWriter
	status    int
	errorCode int
	wrote     bool
	route     string            // path template of the matched resource
	api       string            // API version of the chosen method
	params    map[string]string // path parameters
	fault     string            // id of the rule that fired
	noJournal bool              // admin reads of the journal itself
}

func (w *respWriter) WriteHeader(code int) {
	if !w.wrote {
		w.status, w.wrote = code, true
	}
	w.ResponseWriter.WriteHeader(code)
}

func (w *respWriter) Write(b []byte) (int, error) {
	if !w.wrote {
		w.status, w.wrote = http.StatusOK, true
	}
	return w.ResponseWriter.Write(b)
}

func (w *respWriter) Flush() {
	if f, ok := w.ResponseWriter.(http.Flusher); ok {
		f.Flush()
	}
}

func (w *respWriter) Unwrap() http.ResponseWriter { return w.ResponseWriter }

// memTransport serves requests in memory, in the caller's goroutine.
type memTransport struct{ h http.Handler }

func (t memTransport) RoundTrip(req *http.Request) (*http.Response, error) {
	r := req.Clone(req.Context())
	if r.Body == nil {
		r.Body = http.NoBody
	}
	r.RequestURI = r.URL.RequestURI()
	if r.RemoteAddr == "" {
		r.RemoteAddr = "127.0.0.1:1"
	}
	if r.Host == "" {
		r.Host = r.URL.Host
	}
	if streamsInMemory(r) {
		return memStream(t.h, req, r)
	}
	rec := httptest.NewRecorder()
	if dropped := serveRecovering(t.h, rec, r); dropped {
		return nil, fmt.Errorf("mockproxy: %s %s: connection dropped by a fault rule: %w", req.Method, req.URL, io.ErrUnexpectedEOF)
	}
	if req.Body != nil {
		_ = req.Body.Close()
	}
	resp := rec.Result()
	resp.Request = req
	if err := req.Context().Err(); err != nil {
		return nil, err
	}
	return resp, nil
}

// serveRecovering serves r, turning the http.ErrAbortHandler panic a
// drop_connection fault raises into dropped == true.
func serveRecovering(h http.Handler, w http.ResponseWriter, r *http.Request) (dropped bool) {
	defer func() {
		if v := recover(); v != nil {
			if v != http.ErrAbortHandler {
				panic(v)
			}
			dropped = true
		}
	}()
	h.ServeHTTP(w, r)
	return false
}
