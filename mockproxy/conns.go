package mockproxy

// Connections: the idle timeout Jetty gives the real proxy
// (idle.timeout.ms), and what Close does to connections that would
// otherwise keep it waiting.

import (
	"context"
	"errors"
	"io"
	"net"
	"net/http"
	"sync/atomic"
	"time"
)

// DefaultIdleTimeout is the REST proxy's idle.timeout.ms: 30 seconds.
const DefaultIdleTimeout = 30 * time.Second

// WithIdleTimeout sets how long a connection may stay silent (Jetty's
// idle.timeout.ms, default DefaultIdleTimeout): a keep-alive connection
// idle between requests, a request head still arriving, and a request
// body that stops arriving (each read of the body may wait this long, so
// a slow but steady upload is never cut). When it passes, the connection
// is closed; a request whose body stalled is answered as a body that
// could not be read. 0 or less turns the timeout off. It applies to the
// listener only, not to the in-memory Client of WithoutListener.
func WithIdleTimeout(d time.Duration) Option {
	return optionFunc(func(c *config) { c.idleTimeout = max(d, 0) })
}

// connKey is the context key of a connection's *connInfo.
type connKey struct{}

// connInfo is what the server knows of one connection.
type connInfo struct {
	conn  net.Conn
	state http.ConnState // guarded by Server.mu
	// serving is set while ServeHTTP runs on a request of the connection.
	serving atomic.Bool
	// body is the body of that request while it may still be read.
	body atomic.Pointer[idleBody]
}

// connContext registers a new connection and puts its *connInfo in the
// context of its requests (http.Server.ConnContext, called before
// ConnState's StateNew).
func (s *Server) connContext(ctx context.Context, c net.Conn) context.Context {
	ci := &connInfo{conn: c, state: http.StateNew}
	s.mu.Lock()
	if s.conns == nil {
		s.conns = map[net.Conn]*connInfo{}
	}
	s.conns[c] = ci
	if s.closed {
		_ = c.Close() // accepted while Close runs: no request will be served
	}
	s.mu.Unlock()
	return context.WithValue(ctx, connKey{}, ci)
}

// trackConn keeps the state of s.conns up to date (http.Server.ConnState).
func (s *Server) trackConn(c net.Conn, state http.ConnState) {
	s.mu.Lock()
	defer s.mu.Unlock()
	switch state {
	case http.StateHijacked, http.StateClosed:
		delete(s.conns, c)
	default:
		if ci := s.conns[c]; ci != nil {
			ci.state = state
		}
	}
}

// serveConn marks r's connection as serving r until the returned
// function is called, and gives r's body the idle timeout. It does
// nothing for requests that came another way than the listener.
func (s *Server) serveConn(r *http.Request) (done func()) {
	ci, ok := r.Context().Value(connKey{}).(*connInfo)
	if !ok {
		return func() {}
	}
	ci.serving.Store(true)
	if r.Body != nil && r.Body != http.NoBody {
		b := &idleBody{ReadCloser: r.Body, conn: ci.conn, timeout: s.cfg.idleTimeout, closing: s.done}
		ci.body.Store(b)
		r.Body = b
	}
	return func() {
		ci.body.Store(nil)
		ci.serving.Store(false)
	}
}

// interruptConns is Close's first step, after s.done is closed: it
// closes the connections that have not sent a request, and ends at once
// the reads of request bodies that are still arriving, so that their
// handlers answer and http.Server.Shutdown need not wait for them. A
// handler that is not reading (a long-poll, woken by s.done) is left to
// answer.
func (s *Server) interruptConns() {
	past := time.Unix(1, 0)
	s.mu.Lock()
	defer s.mu.Unlock()
	for c, ci := range s.conns {
		switch {
		case ci.state == http.StateNew:
			_ = c.Close() // no request in flight on it
		case ci.state == http.StateActive && !ci.serving.Load():
			_ = c.SetReadDeadline(past) // a head arriving, or an answer being finished
		case ci.serving.Load():
			if b := ci.body.Load(); b != nil && !b.finished.Load() {
				_ = c.SetReadDeadline(past) // a body still arriving
			}
		}
	}
}

// idleBody is a request body each read of which may wait at most timeout
// (none when 0) for data, and none once the server is closing.
type idleBody struct {
	io.ReadCloser
	conn     net.Conn
	timeout  time.Duration
	closing  <-chan struct{}
	finished atomic.Bool // read to the end or failed
}

func (b *idleBody) Read(p []byte) (int, error) {
	if b.finished.Load() {
		return b.ReadCloser.Read(p)
	}
	if b.timeout > 0 {
		_ = b.conn.SetReadDeadline(time.Now().Add(b.timeout))
	}
	select {
	case <-b.closing: // checked after the deadline is set, so Close's deadline is never lost
		_ = b.conn.SetReadDeadline(time.Unix(1, 0))
	default:
	}
	n, err := b.ReadCloser.Read(p)
	if err != nil {
		b.finished.Store(true)
		if errors.Is(err, io.EOF) {
			// The server reads ahead for the next request from here on;
			// that read must not time out while the handler works.
			_ = b.conn.SetReadDeadline(time.Time{})
		}
	}
	return n, err
}
