package main

import (
	"context"
	"crypto/subtle"
	"fmt"
	"log/slog"
	"net"
	"net/http"
	"sync"
	"time"

	"github.com/kafkarestmock/kafkarestmock/internal/hostport"
)

// registryServer serves the embedded schema registry on a listener of its
// own (--schema-registry-addr), beside the same registry under
// /schema-registry/ on the REST listener.
type registryServer struct {
	ln   net.Listener
	url  string // http://HOST:PORT, dialable
	hs   *http.Server
	done chan struct{} // closed when Serve has returned
	once sync.Once
	err  error
}

// listenRegistry listens on addr. The listener is bound before the proxy
// is built, so that the proxy can advertise the registry's URL.
func listenRegistry(addr string) (*registryServer, error) {
	ln, err := net.Listen("tcp", addr)
	if err != nil {
		return nil, fmt.Errorf("schema registry: listen: %w (give --schema-registry-addr another HOST:PORT, :0 for a free port, or --schema-registry none)", err)
	}
	return &registryServer{ln: ln, url: "http://" + hostport.Dial(ln.Addr()), done: make(chan struct{})}, nil
}

// serve serves h in a background goroutine that close stops. Requests are
// logged as the REST listener logs its own; with user != "" they need
// those HTTP Basic credentials, as --basic-auth asks of every request.
func (r *registryServer) serve(h http.Handler, logger *slog.Logger, idle time.Duration, user, pass string) {
	handler := http.HandlerFunc(func(w http.ResponseWriter, req *http.Request) {
		start := time.Now()
		sw := &statusWriter{ResponseWriter: w, status: http.StatusOK}
		defer func() {
			logger.Info("request", "method", req.Method, "path", req.URL.Path, "status", sw.status,
				"duration", time.Since(start), "api", "schema-registry")
		}()
		if user != "" && !basicOK(req, user, pass) {
			sw.Header().Set("WWW-Authenticate", `Basic realm="SchemaRegistry"`)
			http.Error(sw, "Unauthorized", http.StatusUnauthorized)
			return
		}
		h.ServeHTTP(sw, req)
	})
	r.hs = &http.Server{Handler: handler, ReadHeaderTimeout: idle, IdleTimeout: idle,
		ErrorLog: slog.NewLogLogger(logger.Handler(), slog.LevelDebug)}
	go func() {
		defer close(r.done)
		_ = r.hs.Serve(r.ln)
	}()
}

// close stops the listener and waits for the requests in flight (at most
// 5 seconds) and for the serving goroutine. It is safe on a nil
// *registryServer and idempotent.
func (r *registryServer) close() error {
	if r == nil {
		return nil
	}
	r.once.Do(func() {
		if r.hs == nil { // never served
			r.err = r.ln.Close()
			return
		}
		ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
		defer cancel()
		if err := r.hs.Shutdown(ctx); err != nil {
			_ = r.hs.Close()
			r.err = fmt.Errorf("schema registry: close: requests still running after 5s: %w", err)
		}
		<-r.done
	})
	return r.err
}

// statusWriter remembers the status of an answer, for the request log.
type statusWriter struct {
	http.ResponseWriter
	status int
}

func (w *statusWriter) WriteHeader(code int) {
	w.status = code
	w.ResponseWriter.WriteHeader(code)
}

// Unwrap lets http.ResponseController reach the connection.
func (w *statusWriter) Unwrap() http.ResponseWriter { return w.ResponseWriter }

// basicOK reports whether the request carries the credentials user:pass.
func basicOK(req *http.Request, user, pass string) bool {
	u, p, ok := req.BasicAuth()
	return ok && subtle.ConstantTimeCompare([]byte(u), []byte(user)) == 1 &&
		subtle.ConstantTimeCompare([]byte(p), []byte(pass)) == 1
}
