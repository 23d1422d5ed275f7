package mockproxy

// Access control for the binary and other shared deployments: HTTP Basic
// authentication as rest-utils configures it (authentication.method=BASIC:
// Jetty answers 401 with a WWW-Authenticate challenge and an HTML page, not
// the JSON envelope), and a separate bearer token for, or the removal of,
// the /_mock/ admin API. A CORS preflight is never challenged
// (access.control.skip.options).

import (
	"crypto/subtle"
	"html"
	"net/http"
	"strings"
)

// WithBasicAuth requires HTTP Basic credentials user:password on every API
// request (and on the admin API unless it has its own token).
func WithBasicAuth(user, password string) Option {
	return optionFunc(func(c *config) { c.basicUser, c.basicPassword, c.basicAuth = user, password, true })
}

// WithAdminToken requires "Authorization: Bearer <token>" on the /_mock/
// admin API.
func WithAdminToken(token string) Option {
	return optionFunc(func(c *config) { c.adminToken = token })
}

// WithoutAdminAPI removes the /_mock/ admin API: its paths answer 404 like
// any unknown path.
func WithoutAdminAPI() Option {
	return optionFunc(func(c *config) { c.noAdmin = true })
}

// basicRealm is the realm of the challenge, rest-utils' usual
// authentication.realm.
const basicRealm = "KafkaRest"

// authorize reports whether the request may go on; if not, it has answered.
func (s *Server) authorize(w http.ResponseWriter, r *http.Request) bool {
	if r.Method == http.MethodOptions && r.Header.Get("Access-Control-Request-Method") != "" {
		return true // CORS preflights skip authentication
	}
	if strings.HasPrefix(r.URL.Path, "/_mock/") || r.URL.Path == "/_mock" {
		if s.cfg.noAdmin {
			writeError(w, s.errorType(r), errNotFound)
			return false
		}
		if s.cfg.adminToken != "" {
			got, ok := strings.CutPrefix(r.Header.Get("Authorization"), "Bearer ")
			if !ok || subtle.ConstantTimeCompare([]byte(got), []byte(s.cfg.adminToken)) != 1 {
				adminNoJournal(w)
				w.Header().Set("WWW-Authenticate", `Bearer realm="kafkarestmock admin"`)
				writeError(w, "application/json", errAdminUnauthorized)
				return false
			}
			return true
		}
	}
	if !s.cfg.basicAuth {
		return true
	}
	user, pass, ok := r.BasicAuth()
	if ok && subtle.ConstantTimeCompare([]byte(user), []byte(s.cfg.basicUser)) == 1 &&
		subtle.ConstantTimeCompare([]byte(pass), []byte(s.cfg.basicPassword)) == 1 {
		return true
	}
	writeJettyError(w, r, http.StatusUnauthorized, map[string]string{"WWW-Authenticate": `Basic realm="` + basicRealm + `"`})
	return false
}

// writeJettyError writes the HTML error page Jetty sends for errors raised
// before the application runs.
func writeJettyError(w http.ResponseWriter, r *http.Request, status int, headers map[string]string) {
	for k, v := range headers {
		w.Header().Set(k, v)
	}
	reason := http.StatusText(status)
	body := "<html>\n<head>\n<meta http-equiv=\"Content-Type\" content=\"text/html;charset=ISO-8859-1\"/>\n" +
		"<title>Error " + itoa(status) + " " + reason + "</title>\n</head>\n<body><h2>HTTP ERROR " + itoa(status) + " " + reason +
		"</h2>\n<table>\n<tr><th>URI:</th><td>" + html.EscapeString(r.URL.Path) + "</td></tr>\n<tr><th>STATUS:</th><td>" + itoa(status) +
		"</td></tr>\n<tr><th>MESSAGE:</th><td>" + reason + "</td></tr>\n</table>\n</body>\n</html>\n"
	if rw := unwrapRespWriter(w); rw != nil {
		rw.errorCode = status
	}
	w.Header().Set("Content-Type", "text/html;charset=iso-8859-1")
	w.WriteHeader(status)
	_, _ = w.Write([]byte(body))
}

func itoa(n int) string { return string(appendInt(nil, int64(n))) }

// WithMaxConsumerInstances bounds how many consumer instances (v1 and v2
// together) may exist at once (default DefaultMaxConsumerInstances); one
// more is refused with 429. The real proxy has no such limit; the bound
// keeps a long-running mock from growing without end.
func WithMaxConsumerInstances(n int) Option {
	return optionFunc(func(c *config) {
		if n > 0 {
			c.maxInstances = n
		}
	})
}

// DefaultMaxConsumerInstances is the default WithMaxConsumerInstances.
const DefaultMaxConsumerInstances = 10000
