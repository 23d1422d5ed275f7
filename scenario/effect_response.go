package scenario

import (
	"encoding/json"
	"maps"
	"slices"
)

// ResponseEffect sends an exact answer instead of the real one: the
// response effect, set by [Fault.Response].
type ResponseEffect struct {
	// Response is the answer; it is the rule's own, not a copy.
	Response *Response
}

func responseOf(f Fault) (Effect, bool) {
	return ResponseEffect{Response: f.Response}, f.Response != nil
}

// Name returns "response".
func (ResponseEffect) Name() string { return "response" }

func (e ResponseEffect) check() error {
	r := e.Response
	if r == nil {
		return nil
	}
	if r.Status < 100 || r.Status > 599 {
		return fieldErrorf("response.status", "must be between 100 and 599, got %d", r.Status)
	}
	for _, k := range slices.Sorted(maps.Keys(r.Headers)) {
		if !isToken(k) {
			return fieldErrorf("response.headers", "invalid header name %q", k)
		}
		if !validHeaderValue(r.Headers[k]) {
			return fieldErrorf("response.headers", "invalid value for header %q", k)
		}
	}
	if len(r.Body) > 0 && !json.Valid(r.Body) {
		return fieldErrorf("response.body", "not valid JSON")
	}
	return nil
}
