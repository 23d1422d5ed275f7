package mockproxy

// The route matcher: the path templates of a route table compiled into
// segment lists, matched a segment at a time. It finds the route gorilla/mux
// would (the first registered whose template matches the escaped path,
// each {var} one non-empty segment, a {var:pattern} one segment the
// pattern matches, a prefix route any path that starts with it) and the
// same path parameters, without running a regular expression per route:
// routing was a quarter of a one-record produce's time.
// TestRouteMatcherAgreesWithMux checks it against mux.

import (
	"fmt"
	"regexp"
	"strings"
)

// routeSeg is one segment of a path template: a literal, or a variable.
type routeSeg struct {
	lit  string
	name string         // variable name; "" for a literal
	re   *regexp.Regexp // the variable's own pattern, anchored; nil: any non-empty segment
}

// compiledRoute is one route's template.
type compiledRoute struct {
	segs   []routeSeg
	prefix string // a prefix route's path; its segs are unused
}

// routeMatcher finds the first route whose template matches a path.
type routeMatcher struct {
	routes []compiledRoute
	// byLen lists, per number of path segments, the candidate routes in
	// registration order: by the path's first segment when a literal
	// first segment of some route equals it, else other.
	byLen []segBucket
	// prefixOnly are the prefix routes, for paths longer than any template.
	prefixOnly []int
}

// segBucket is the candidates for paths of one segment count.
type segBucket struct {
	first map[string][]int
	other []int
}

// newRouteMatcher compiles specs. A template segment that mixes a literal
// with a variable, or a prefix with a variable, is not supported (no
// route has one) and panics.
func newRouteMatcher(specs []routeSpec) *routeMatcher {
	m := &routeMatcher{routes: make([]compiledRoute, len(specs))}
	maxLen := 0
	for i, sp := range specs {
		if sp.prefix {
			if strings.Contains(sp.path, "{") {
				panic(fmt.Sprintf("mockproxy: prefix route %q with a variable", sp.path))
			}
			m.routes[i].prefix = sp.path
			m.prefixOnly = append(m.prefixOnly, i)
			continue
		}
		m.routes[i].segs = compileTemplate(sp.path)
		maxLen = max(maxLen, len(m.routes[i].segs))
	}
	m.byLen = make([]segBucket, maxLen+1)
	for n := range m.byLen {
		b := &m.byLen[n]
		firsts := map[string]bool{}
		for _, r := range m.routes {
			if r.prefix == "" && len(r.segs) == n && n > 0 && r.segs[0].name == "" {
				firsts[r.segs[0].lit] = true
			}
		}
		candidate := func(r compiledRoute, first string, any bool) bool {
			if r.prefix != "" {
				return true
			}
			if len(r.segs) != n {
				return false
			}
			if r.segs[0].name != "" {
				return true
			}
			return !any && r.segs[0].lit == first
		}
		b.first = make(map[string][]int, len(firsts))
		for first := range firsts {
			for i, r := range m.routes {
				if candidate(r, first, false) {
					b.first[first] = append(b.first[first], i)
				}
			}
		}
		for i, r := range m.routes {
			if candidate(r, "", true) {
				b.other = append(b.other, i)
			}
		}
	}
	return m
}

// compileTemplate splits a path template into its segments.
func compileTemplate(path string) []routeSeg {
	if !strings.HasPrefix(path, "/") {
		panic(fmt.Sprintf("mockproxy: route %q does not start with /", path))
	}
	parts := strings.Split(path[1:], "/")
	segs := make([]routeSeg, len(parts))
	for i, p := range parts {
		open := strings.IndexByte(p, '{')
		if open < 0 {
			if strings.ContainsRune(p, '}') {
				panic(fmt.Sprintf("mockproxy: route %q: unbalanced }", path))
			}
			segs[i] = routeSeg{lit: p}
			continue
		}
		if open != 0 || !strings.HasSuffix(p, "}") || strings.Count(p, "{") != 1 {
			panic(fmt.Sprintf("mockproxy: route %q: segment %q mixes a literal with a variable", path, p))
		}
		name, pattern, hasPattern := strings.Cut(p[1:len(p)-1], ":")
		segs[i] = routeSeg{name: name}
		if hasPattern {
			segs[i].re = regexp.MustCompile("^(?:" + pattern + ")$")
		}
	}
	return segs
}

// match returns the index of the first route that matches the escaped
// path and its path parameters (not yet decoded), or ok == false.
func (m *routeMatcher) match(path string) (i int, vars map[string]string, ok bool) {
	if !strings.HasPrefix(path, "/") {
		return 0, nil, false
	}
	rest := path[1:]
	n := strings.Count(rest, "/") + 1
	var cands []int
	if n < len(m.byLen) {
		b := &m.byLen[n]
		first, _, _ := strings.Cut(rest, "/")
		var found bool
		if cands, found = b.first[first]; !found {
			cands = b.other
		}
	} else {
		cands = m.prefixOnly
	}
	for _, i := range cands {
		r := &m.routes[i]
		if r.prefix != "" {
			if strings.HasPrefix(path, r.prefix) {
				return i, map[string]string{}, true
			}
			continue
		}
		if matchSegs(r.segs, rest) {
			vars := make(map[string]string, len(r.segs))
			s := rest
			for _, seg := range r.segs {
				part, tail, _ := strings.Cut(s, "/")
				if seg.name != "" {
					vars[seg.name] = part
				}
				s = tail
			}
			return i, vars, true
		}
	}
	return 0, nil, false
}

// matchSegs reports whether the segments of rest (a path without its
// leading slash, with as many segments as segs) match segs.
func matchSegs(segs []routeSeg, rest string) bool {
	s := rest
	for _, seg := range segs {
		part, tail, _ := strings.Cut(s, "/")
		switch {
		case seg.name == "":
			if part != seg.lit {
				return false
			}
		case part == "":
			return false
		case seg.re != nil && !seg.re.MatchString(part):
			return false
		}
		s = tail
	}
	return true
}
