package mockproxy

// Requests the real proxy's Jetty refuses before they reach the REST
// layer, answered as Jetty's default error handler answers a bad
// message: the status, Content-Type text/html;charset=iso-8859-1, the
// body <h1>Bad Message STATUS</h1><pre>reason: REASON</pre> and
// Connection: close.

import (
	"net/http"
	"net/url"
	"strconv"
	"strings"
)

// Reasons of Jetty's bad-message answers.
const (
	// reasonBadURI is a path whose ".." segments climb above the root
	// (Jetty's Request.setMetaData).
	reasonBadURI = "Bad URI"
	// reasonAmbiguousSegment is a dot segment written with %2E, which
	// UriCompliance refuses unless AMBIGUOUS_PATH_SEGMENT is allowed (the
	// REST proxy allows only AMBIGUOUS_PATH_SEPARATOR and
	// AMBIGUOUS_PATH_ENCODING).
	reasonAmbiguousSegment = "Ambiguous URI path segment"
)

// Limits of the request head.
const (
	// maxRequestHeaderBytes is Jetty's requestHeaderSize as rest-utils
	// sets it (max.request.header.size, 8 KiB): the request line and the
	// header fields together. A request line longer than that is 414, a
	// head longer than that 431.
	maxRequestHeaderBytes = 8192
	// serverHeaderBytes is http.Server.MaxHeaderBytes: heads up to this
	// size are read and answered 414 or 431 as Jetty answers them; a
	// longer one gets the Go server's own 431, before any handler runs.
	serverHeaderBytes = 64 << 10
)

// headTooLarge returns the status and reason Jetty refuses the request's
// head with, or 0. It counts the bytes as sent on the wire, give or take
// optional whitespace: "METHOD URI PROTO\r\n", then "Name: value\r\n"
// per field (Host included), then "\r\n".
func headTooLarge(r *http.Request) (int, string) {
	n := len(r.Method) + 1 + len(r.RequestURI)
	if n > maxRequestHeaderBytes {
		return http.StatusRequestURITooLong, "URI Too Long" // Jetty's HttpStatus text; Go's is "Request URI Too Long"
	}
	n += 1 + len(r.Proto) + 2
	if r.Host != "" {
		n += len("Host: ") + len(r.Host) + 2
	}
	for name, vals := range r.Header {
		for _, v := range vals {
			n += len(name) + 2 + len(v) + 2
		}
	}
	if n+2 > maxRequestHeaderBytes {
		return http.StatusRequestHeaderFieldsTooLarge, http.StatusText(http.StatusRequestHeaderFieldsTooLarge)
	}
	return 0, ""
}

// writeBadMessage answers as Jetty's ErrorHandler.badMessageError and
// asks the client to close the connection, as Jetty closes it.
func writeBadMessage(w http.ResponseWriter, status int, reason string) {
	body := "<h1>Bad Message " + strconv.Itoa(status) + "</h1><pre>reason: " + reason + "</pre>"
	h := w.Header()
	h.Set("Content-Type", "text/html;charset=iso-8859-1")
	h.Set("Content-Length", strconv.Itoa(len(body)))
	h.Set("Connection", "close")
	w.WriteHeader(status)
	_, _ = w.Write([]byte(body))
}

// badPath returns the reason Jetty refuses the escaped request path
// with, or "". A literal "." or ".." that stays under the root is no
// reason: the REST layer matches the path as sent, so such a path finds
// no resource (404) or names a resource "..", never another one.
func badPath(escaped string) string {
	depth := 0
	for seg := range strings.SplitSeq(strings.TrimPrefix(escaped, "/"), "/") {
		seg, _, _ = strings.Cut(seg, ";") // a path parameter
		switch strings.ToLower(seg) {
		case "%2e", "%2e%2e", ".%2e", "%2e.":
			return reasonAmbiguousSegment
		case ".":
		case "..":
			if depth--; depth < 0 {
				return reasonBadURI
			}
		default:
			depth++
		}
	}
	return ""
}

// decodeVars decodes the path parameters in place: the router matches the
// escaped path (an encoded slash stays inside its segment, as JAX-RS
// matches the encoded path), so they are decoded here, once.
func decodeVars(vars map[string]string) {
	for k, v := range vars {
		if d, err := url.PathUnescape(v); err == nil {
			vars[k] = d
		}
	}
}
