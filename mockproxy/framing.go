package mockproxy

// Request framing as sent on the wire. Go's server reads a request that
// carries both Content-Length and Transfer-Encoding as chunked and drops
// the Content-Length (RFC 9112 §6.3 lets a server do that), so a handler
// cannot see that both were sent; Jetty refuses such a request with 400
// "Transfer-Encoding and Content-Length". The listener's connections
// therefore follow the framing of the bytes they read, request by request,
// and ServeHTTP asks each request's connection whether its head had both.

import (
	"bytes"
	"net"
	"net/http"
	"strconv"
	"sync"
)

// reasonCLAndTE is Jetty's reason for a request with both framings.
const reasonCLAndTE = "Transfer-Encoding and Content-Length"

// maxFramedLine bounds a head line or chunk-size line the framer keeps;
// past it the framer stops (Go's server refuses such heads itself).
const maxFramedLine = serverHeaderBytes

// framingListener wraps the accepted connections in framingConns.
type framingListener struct{ net.Listener }

func (l framingListener) Accept() (net.Conn, error) {
	c, err := l.Listener.Accept()
	if err != nil {
		return nil, err
	}
	return &framingConn{Conn: c}, nil
}

// framingConn is a connection whose reads feed a framer. Reads happen on
// the server's connection goroutines and pops on its handler goroutine:
// mu guards the framer and the queue.
type framingConn struct {
	net.Conn
	mu     sync.Mutex
	f      framer
	queued []bool // per request head read and not yet served: both framings
}

func (c *framingConn) Read(p []byte) (int, error) {
	n, err := c.Conn.Read(p)
	if n > 0 {
		c.mu.Lock()
		c.f.feed(p[:n], func(both bool) { c.queued = append(c.queued, both) })
		c.mu.Unlock()
	}
	return n, err
}

// nextHasBothFramings reports whether the oldest request head not yet
// asked about carried both Content-Length and Transfer-Encoding. Go's
// server serves a connection's requests one at a time, in order, and
// closes the connection after any request it refuses itself.
func (c *framingConn) nextHasBothFramings() bool {
	c.mu.Lock()
	defer c.mu.Unlock()
	if len(c.queued) == 0 {
		return false
	}
	both := c.queued[0]
	c.queued = c.queued[1:]
	return both
}

// framer states.
const (
	inHead = iota
	inBody
	inChunkSize
	inChunkData
	inChunkEnd
	inTrailer
	stopped // the bytes no longer parse as HTTP/1.1 framing
)

// framer follows HTTP/1.1 message framing over a connection's bytes.
type framer struct {
	state     int
	line      []byte // the current line, without its end
	lines     int    // lines of the current head
	remaining int64  // body or chunk bytes still to skip
	hasCL     bool
	hasTE     bool
	chunked   bool
	length    int64
}

// feed consumes b, calling head once per complete request head with
// whether it had both framings.
func (f *framer) feed(b []byte, head func(both bool)) {
	for len(b) > 0 && f.state != stopped {
		switch f.state {
		case inBody, inChunkData:
			n := int64(len(b))
			if n > f.remaining {
				n = f.remaining
			}
			b = b[n:]
			f.remaining -= n
			if f.remaining == 0 {
				if f.state == inBody {
					f.state = inHead
				} else {
					f.state = inChunkEnd
				}
			}
			continue
		}
		i := bytes.IndexByte(b, '\n')
		if i < 0 {
			f.line = append(f.line, b...)
			b = nil
			if len(f.line) > maxFramedLine {
				f.state = stopped
			}
			continue
		}
		f.line = append(f.line, b[:i]...)
		b = b[i+1:]
		line := bytes.TrimSuffix(f.line, []byte("\r"))
		f.endLine(line, head)
		f.line = f.line[:0]
	}
}

// endLine handles one complete line.
func (f *framer) endLine(line []byte, head func(both bool)) {
	switch f.state {
	case inHead:
		if len(line) == 0 {
			if f.lines == 0 {
				return // blank lines before a request line are skipped
			}
			head(f.hasCL && f.hasTE)
			switch {
			case f.chunked:
				f.state = inChunkSize
			case f.hasTE:
				f.state = stopped // a body up to the close: nothing follows
			case f.length > 0:
				f.state, f.remaining = inBody, f.length
			}
			f.lines, f.hasCL, f.hasTE, f.chunked, f.length = 0, false, false, false, 0
			return
		}
		f.lines++
		if f.lines == 1 {
			return // the request line
		}
		name, value, ok := bytes.Cut(line, []byte(":"))
		if !ok {
			return
		}
		value = bytes.TrimSpace(value)
		switch {
		case bytes.EqualFold(bytes.TrimSpace(name), []byte("Content-Length")):
			f.hasCL = true
			if n, err := strconv.ParseInt(string(value), 10, 64); err == nil && n >= 0 {
				f.length = n
			}
		case bytes.EqualFold(bytes.TrimSpace(name), []byte("Transfer-Encoding")):
			f.hasTE = true
			codings := bytes.Split(value, []byte(","))
			f.chunked = bytes.EqualFold(bytes.TrimSpace(codings[len(codings)-1]), []byte("chunked"))
		}
	case inChunkSize:
		size, _, _ := bytes.Cut(line, []byte(";"))
		n, err := strconv.ParseInt(string(bytes.TrimSpace(size)), 16, 64)
		switch {
		case err != nil || n < 0:
			f.state = stopped
		case n == 0:
			f.state = inTrailer
		default:
			f.state, f.remaining = inChunkData, n
		}
	case inChunkEnd:
		if len(line) != 0 {
			f.state = stopped
			return
		}
		f.state = inChunkSize
	case inTrailer:
		if len(line) == 0 {
			f.state = inHead
		}
	}
}

// hasBothFramings reports whether r, read from the listener, was sent with
// both Content-Length and Transfer-Encoding. Every request ServeHTTP
// serves from a listener connection must ask, once, in order.
func hasBothFramings(r *http.Request) bool {
	ci, ok := r.Context().Value(connKey{}).(*connInfo)
	if !ok {
		return false
	}
	fc, ok := ci.conn.(*framingConn)
	return ok && fc.nextHasBothFramings()
}

// CloseWrite half-closes the connection when the wrapped one can, as the
// server does after refusing a request.
func (c *framingConn) CloseWrite() error {
	if cw, ok := c.Conn.(interface{ CloseWrite() error }); ok {
		return cw.CloseWrite()
	}
	return nil
}
