// Package media implements the content negotiation of the Confluent REST
// Proxy (JAX-RS over Jersey): request Content-Type matching against a
// method's consumed types, and Accept (with q-values and wildcards) against
// its produced types with server-side qs weights.
package media

import (
	"strconv"
	"strings"
)

// Media types used by the REST Proxy.
const (
	V2          = "application/vnd.kafka.v2+json"
	V2Binary    = "application/vnd.kafka.binary.v2+json"
	V2JSON      = "application/vnd.kafka.json.v2+json"
	V2Avro      = "application/vnd.kafka.avro.v2+json"
	V2JSONSch   = "application/vnd.kafka.jsonschema.v2+json"
	V2Protobuf  = "application/vnd.kafka.protobuf.v2+json"
	V1          = "application/vnd.kafka.v1+json"
	V1Binary    = "application/vnd.kafka.binary.v1+json"
	V1JSON      = "application/vnd.kafka.json.v1+json"
	V1Avro      = "application/vnd.kafka.avro.v1+json"
	KafkaJSON   = "application/vnd.kafka+json"
	JSON        = "application/json"
	OctetStream = "application/octet-stream"
)

// Offer is a media type a method consumes or produces, with its server-side
// weight (JAX-RS qs, 0..1).
type Offer struct {
	Type string
	QS   float64
}

// Range is one entry of an Accept header.
type Range struct {
	Type, Subtype string
	Q             float64
}

// anyRange is the answer to an absent Accept header: */*. Never written;
// the slice ParseAccept returns of it is capped, so appending copies.
var anyRange = [1]Range{{Type: "*", Subtype: "*", Q: 1}}

// ParseAccept parses an Accept header into ranges. Malformed entries are
// skipped. An empty header yields a single */* range, which the caller
// must not modify.
func ParseAccept(h string) []Range {
	if strings.TrimSpace(h) == "" {
		return anyRange[:1:1]
	}
	var out []Range
	for part := range strings.SplitSeq(h, ",") {
		fields := strings.Split(part, ";")
		t, s, ok := splitType(fields[0])
		if !ok {
			continue
		}
		q := 1.0
		for _, p := range fields[1:] {
			k, v, found := strings.Cut(p, "=")
			if !found || !strings.EqualFold(strings.TrimSpace(k), "q") {
				continue
			}
			f, err := strconv.ParseFloat(strings.TrimSpace(v), 64)
			if err != nil || !(f >= 0 && f <= 1) { // also NaN
				f = 1 // Jersey rejects these with 400; be lenient
			}
			q = f
		}
		out = append(out, Range{Type: t, Subtype: s, Q: q})
	}
	return out
}

// Base returns the lower-cased type/subtype of a Content-Type header value,
// without parameters, or "" when the header is empty or malformed.
func Base(contentType string) string {
	mt, _, _ := strings.Cut(contentType, ";")
	t, s, ok := splitType(mt)
	if !ok {
		return ""
	}
	if len(mt) == len(t)+1+len(s) && mt[:len(t)] == t && mt[len(t)+1:] == s {
		return mt // already type/subtype in lower case, without spaces
	}
	return t + "/" + s
}

func splitType(s string) (typ, sub string, ok bool) {
	s = strings.ToLower(strings.TrimSpace(s))
	typ, sub, ok = strings.Cut(s, "/")
	typ, sub = strings.TrimSpace(typ), strings.TrimSpace(sub)
	if !ok || typ == "" || sub == "" || (typ == "*" && sub != "*") {
		return "", "", false
	}
	return typ, sub, true
}

// Quality returns the client quality of offer under ranges: the q of the
// most specific range that matches it (exact > type/* > */*), or 0 when no
// range matches.
func Quality(ranges []Range, offer string) float64 {
	t, s, _ := strings.Cut(offer, "/")
	best, spec := 0.0, -1
	for _, r := range ranges {
		var sp int
		switch {
		case r.Type == t && r.Subtype == s:
			sp = 2
		case r.Type == t && r.Subtype == "*":
			sp = 1
		case r.Type == "*" && r.Subtype == "*":
			sp = 0
		default:
			continue
		}
		if sp > spec || (sp == spec && r.Q > best) {
			best, spec = r.Q, sp
		}
	}
	return best
}

// Match is the outcome of negotiating one produced type.
type Match struct {
	Type string  // the concrete type to answer with
	Q    float64 // client quality
	QS   float64 // server weight
}

// Better reports whether m ranks above o: client quality first, then the
// server weight (JAX-RS sorts by q, then qs).
func (m Match) Better(o Match) bool {
	if m.Q != o.Q {
		return m.Q > o.Q
	}
	return m.QS > o.QS
}

// Negotiate picks the best of offers for the Accept ranges. Ties keep the
// earlier offer. ok is false when nothing is acceptable.
func Negotiate(ranges []Range, offers []Offer) (m Match, ok bool) {
	for _, o := range offers {
		q := Quality(ranges, o.Type)
		if q <= 0 {
			continue
		}
		c := Match{Type: o.Type, Q: q, QS: o.QS}
		if !ok || c.Better(m) {
			m, ok = c, true
		}
	}
	return m, ok
}

// Consumes returns the weight with which offers accept the request's
// Content-Type base type ct. An empty ct (no Content-Type) matches every
// method with its highest weight, as Jersey does. ok is false on no match.
func Consumes(ct string, offers []Offer) (qs float64, ok bool) {
	for _, o := range offers {
		if ct == "" || o.Type == ct || o.Type == "*/*" {
			if !ok || o.QS > qs {
				qs, ok = o.QS, true
			}
		}
	}
	return qs, ok
}

// ExactPreferred returns the first Accept entry that string-equals one of
// preferred, else def: rest-utils' hand negotiation for 415 answers.
func ExactPreferred(accept string, preferred []string, def string) string {
	for part := range strings.SplitSeq(accept, ",") {
		mt, _, _ := strings.Cut(part, ";")
		mt = strings.TrimSpace(mt)
		for _, p := range preferred {
			if mt == p {
				return p
			}
		}
	}
	return def
}
