package media

import (
	"slices"
	"strings"
	"testing"
)

// fuzzOffers are the media types the server negotiates with.
var fuzzOffers = []string{V2, V2Binary, V2JSON, V2Avro, V2JSONSch, V2Protobuf, V1, V1Binary, V1JSON, V1Avro, KafkaJSON, JSON, OctetStream}

// offersFrom picks offers by the bits of mask, with weights from the
// corresponding bits of weights.
func offersFrom(mask uint16, weights uint32) []Offer {
	var out []Offer
	for i, typ := range fuzzOffers {
		if mask&(1<<i) == 0 {
			continue
		}
		qs := []float64{1, 0.9, 0.5, 0.1}[(weights>>(2*i))&3]
		out = append(out, Offer{Type: typ, QS: qs})
	}
	return out
}

// FuzzNegotiate checks that ParseAccept, Negotiate, Quality, Base,
// Consumes and ExactPreferred never panic, and that what they return is
// one of the choices they were given.
func FuzzNegotiate(f *testing.F) {
	for _, s := range []struct{ accept, ct string }{
		{"", ""},
		{"*/*", "application/vnd.kafka.binary.v2+json"},
		{"application/vnd.kafka.v1+json; q=0.8, application/vnd.kafka+json; q=0.9, application/json; q=0.7", "application/json; charset=utf-8"},
		{"application/vnd.kafka.binary.v2+json;q=0, */*", "Application/Vnd.Kafka.V2+JSON"},
		{"text/*, garbage, */html", "garbage"},
		{"application/json;q=abc;q=0.3", "*/json"},
		{"application/*;q=1.5, ,;,", " application / json "},
		{"application/json;q=nan", "a/b/c"},
		{"application/json;q=-0", ";"},
		{"\xff/\xfe;q=1e-400", "\xff/x"},
	} {
		f.Add(s.accept, s.ct, uint16(0x1fff), uint32(0x5a5a5a))
		f.Add(s.accept, s.ct, uint16(0x0003), uint32(0))
	}
	f.Fuzz(func(t *testing.T, accept, ct string, mask uint16, weights uint32) {
		ranges := ParseAccept(accept)
		if strings.TrimSpace(accept) == "" && len(ranges) != 1 {
			t.Errorf("ParseAccept(%q) = %v, want one */* range", accept, ranges)
		}
		for _, r := range ranges {
			if r.Type == "" || r.Subtype == "" || (r.Type == "*" && r.Subtype != "*") {
				t.Errorf("ParseAccept(%q) gave the malformed range %+v", accept, r)
			}
			if !(r.Q >= 0 && r.Q <= 1) {
				t.Errorf("ParseAccept(%q) gave q=%v outside 0..1", accept, r.Q)
			}
		}

		offers := offersFrom(mask, weights)
		m, ok := Negotiate(ranges, offers)
		if ok {
			i := slices.IndexFunc(offers, func(o Offer) bool { return o.Type == m.Type })
			if i < 0 {
				t.Fatalf("Negotiate chose %q, not one of the offers %v", m.Type, offers)
			}
			if m.QS != offers[i].QS || m.Q <= 0 || m.Q != Quality(ranges, m.Type) {
				t.Errorf("Negotiate = %+v; offer %+v, quality %v", m, offers[i], Quality(ranges, m.Type))
			}
			for _, o := range offers {
				if q := Quality(ranges, o.Type); q > 0 && (Match{Type: o.Type, Q: q, QS: o.QS}).Better(m) {
					t.Errorf("Negotiate chose %+v over the better %q (q=%v, qs=%v)", m, o.Type, q, o.QS)
				}
			}
		} else {
			for _, o := range offers {
				if q := Quality(ranges, o.Type); q > 0 {
					t.Errorf("Negotiate found nothing, but %q has quality %v", o.Type, q)
				}
			}
		}

		base := Base(ct)
		if base != "" {
			if Base(base) != base || strings.ToLower(base) != base || !strings.Contains(base, "/") || strings.Contains(base, ";") {
				t.Errorf("Base(%q) = %q, not a normalized type/subtype", ct, base)
			}
		}
		if qs, ok := Consumes(base, offers); ok {
			if !slices.ContainsFunc(offers, func(o Offer) bool { return o.QS == qs }) {
				t.Errorf("Consumes(%q) = %v, not a weight of the offers", base, qs)
			}
		} else if base == "" && len(offers) > 0 {
			t.Errorf("Consumes(\"\") refused %v", offers)
		}

		pref := []string{JSON, V2}
		if got := ExactPreferred(accept, pref, V1); got != V1 && !slices.Contains(pref, got) {
			t.Errorf("ExactPreferred(%q) = %q", accept, got)
		}
	})
}
