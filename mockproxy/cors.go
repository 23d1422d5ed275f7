package mockproxy

// CORS for browsers, off unless WithCORSOrigins (the binary's
// --cors-origins) is given: the behaviour of Jetty's CrossOriginFilter as
// rest-utils installs it when access.control.allow.origin is set
// (reference §8.1), with the methods and request headers this API needs
// allowed. Preflights are answered here and never reach the API
// (chainPreflight=false); a request whose Origin does not match passes on
// with no CORS headers.

import (
	"net/http"
	"regexp"
	"strings"
)

// corsAllowedMethods are the methods a preflight may ask for (Jetty's
// default is GET,POST,HEAD; the API also needs PUT, PATCH and DELETE).
var corsAllowedMethods = []string{"GET", "POST", "PUT", "PATCH", "DELETE", "HEAD"}

// corsAllowedHeaders are the request headers a preflight may ask for
// (Jetty's default X-Requested-With,Content-Type,Accept,Origin, and
// Authorization for clients that send credentials).
var corsAllowedHeaders = []string{"Content-Type", "Accept", "Authorization", "X-Requested-With", "Origin"}

// corsMaxAge is Jetty's default preflightMaxAge, in seconds.
const corsMaxAge = "1800"

// corsPolicy is a compiled list of allowed origins. It is read-only once
// built and safe for concurrent use.
type corsPolicy struct {
	any     bool             // "*" was given: every origin matches
	exact   map[string]bool  // origins without a wildcard
	pattern []*regexp.Regexp // origins with a '*' wildcard, anchored
	allowM  string           // Access-Control-Allow-Methods value
	allowH  string           // Access-Control-Allow-Headers value
}

// newCORSPolicy compiles origins, each a full origin such as
// "http://localhost:3000", "*" for any origin, or an origin with '*'
// standing for any run of characters ("http://*.example.com"). Entries
// may also be comma-separated lists. It returns nil, CORS off, when no
// entry is given.
func newCORSPolicy(origins []string) *corsPolicy {
	p := &corsPolicy{
		exact:  map[string]bool{},
		allowM: strings.Join(corsAllowedMethods, ","),
		allowH: strings.Join(corsAllowedHeaders, ","),
	}
	n := 0
	for _, list := range origins {
		for o := range strings.SplitSeq(list, ",") {
			o = strings.TrimSpace(o)
			switch {
			case o == "":
				continue
			case o == "*":
				p.any = true
			case strings.Contains(o, "*"):
				// As Jetty: '.' is literal, '*' any run of characters.
				re := "^" + strings.ReplaceAll(regexp.QuoteMeta(o), `\*`, ".*") + "$"
				p.pattern = append(p.pattern, regexp.MustCompile(re))
			default:
				p.exact[o] = true
			}
			n++
		}
	}
	if n == 0 {
		return nil
	}
	return p
}

// matches reports whether the Origin header value is allowed. Like Jetty
// it accepts a space-separated list, allowed when any member matches.
func (p *corsPolicy) matches(origin string) bool {
	if p.any {
		return true
	}
	for o := range strings.FieldsSeq(origin) {
		if p.exact[o] {
			return true
		}
		for _, re := range p.pattern {
			if re.MatchString(o) {
				return true
			}
		}
	}
	return false
}

// handle applies the policy to a request. It sets the CORS response
// headers for a matching Origin and reports whether it answered the
// request itself (a preflight), in which case the caller must not serve
// it. It does not block.
func (p *corsPolicy) handle(w http.ResponseWriter, r *http.Request) bool {
	origin := r.Header.Get("Origin")
	if origin == "" || !p.matches(origin) {
		return false
	}
	h := w.Header()
	reqMethod := r.Header.Get("Access-Control-Request-Method")
	if r.Method != http.MethodOptions || reqMethod == "" {
		// A simple or actual request: the API answers, with these headers.
		p.allowOrigin(h, origin)
		return false
	}
	// A preflight. As Jetty, a method or header that is not allowed gets
	// no CORS headers (the browser then refuses the request), and the
	// preflight is still answered here.
	if corsMethodAllowed(reqMethod) && corsHeadersAllowed(r.Header.Values("Access-Control-Request-Headers")) {
		p.allowOrigin(h, origin)
		h.Set("Access-Control-Max-Age", corsMaxAge)
		h.Set("Access-Control-Allow-Methods", p.allowM)
		h.Set("Access-Control-Allow-Headers", p.allowH)
	}
	h.Set("Content-Length", "0")
	w.WriteHeader(http.StatusOK)
	return true
}

func (p *corsPolicy) allowOrigin(h http.Header, origin string) {
	h.Set("Access-Control-Allow-Origin", origin)
	if !p.any {
		h.Add("Vary", "Origin")
	}
	h.Set("Access-Control-Allow-Credentials", "true")
}

func corsMethodAllowed(m string) bool {
	for _, a := range corsAllowedMethods {
		if m == a {
			return true
		}
	}
	return false
}

// corsHeadersAllowed reports whether every header a preflight names is
// allowed, compared without regard to case.
func corsHeadersAllowed(values []string) bool {
	for _, v := range values {
		for name := range strings.SplitSeq(v, ",") {
			name = strings.TrimSpace(name)
			if name == "" {
				continue
			}
			ok := false
			for _, a := range corsAllowedHeaders {
				if strings.EqualFold(name, a) {
					ok = true
					break
				}
			}
			if !ok {
				return false
			}
		}
	}
	return true
}
