package media

import (
	"testing"

	"github.com/google/go-cmp/cmp"
)

func TestParseAccept(t *testing.T) {
	t.Parallel()
	tests := []struct {
		in   string
		want []Range
	}{
		{"", []Range{{"*", "*", 1}}},
		{"*/*", []Range{{"*", "*", 1}}},
		{"application/vnd.kafka.v1+json; q=0.8, application/vnd.kafka+json; q=0.9, application/json; q=0.7",
			[]Range{{"application", "vnd.kafka.v1+json", 0.8}, {"application", "vnd.kafka+json", 0.9}, {"application", "json", 0.7}}},
		{"Application/JSON;Q=0.5", []Range{{"application", "json", 0.5}}},
		{"text/*, garbage, */html", []Range{{"text", "*", 1}}},
		{"application/json;q=abc", []Range{{"application", "json", 1}}},
	}
	for _, tc := range tests {
		if diff := cmp.Diff(tc.want, ParseAccept(tc.in)); diff != "" {
			t.Errorf("ParseAccept(%q) mismatch (-want +got):\n%s", tc.in, diff)
		}
	}
}

func TestNegotiate(t *testing.T) {
	t.Parallel()
	v1Offers := []Offer{{V1, 0.9}, {KafkaJSON, 0.8}, {JSON, 0.5}}
	readOffers := []Offer{{V2Binary, 1}, {V2, 0.9}}
	tests := []struct {
		name   string
		accept string
		offers []Offer
		want   string
		ok     bool
	}{
		{"no accept takes the highest qs", "", v1Offers, V1, true},
		{"client q beats server qs (v1 RootResourceTest)",
			"application/vnd.kafka.v1+json; q=0.8, application/vnd.kafka+json; q=0.9, application/json; q=0.7", v1Offers, KafkaJSON, true},
		{"docs header picks v2", "application/vnd.kafka.v2+json, application/vnd.kafka+json, application/json", []Offer{{V2, 1}}, V2, true},
		{"wildcard subtype", "application/*", readOffers, V2Binary, true},
		{"q=0 excludes", "application/vnd.kafka.binary.v2+json;q=0, */*", readOffers, V2, true},
		{"most specific range wins", "*/*;q=1, application/vnd.kafka.v2+json;q=0.1", readOffers, V2Binary, true},
		{"nothing acceptable", "text/plain", readOffers, "", false},
		{"ties keep the first offer", "*/*", []Offer{{V2, 0.9}, {V1, 0.9}}, V2, true},
	}
	for _, tc := range tests {
		m, ok := Negotiate(ParseAccept(tc.accept), tc.offers)
		if ok != tc.ok || m.Type != tc.want {
			t.Errorf("%s: Negotiate(%q) = %q, %v; want %q, %v", tc.name, tc.accept, m.Type, ok, tc.want, tc.ok)
		}
	}
}

func TestConsumes(t *testing.T) {
	t.Parallel()
	offers := []Offer{{V2Binary, 1}, {V2, 0.9}}
	tests := []struct {
		ct   string
		qs   float64
		want bool
	}{
		{"", 1, true},
		{V2, 0.9, true},
		{V2Binary, 1, true},
		{JSON, 0, false},
	}
	for _, tc := range tests {
		qs, ok := Consumes(tc.ct, offers)
		if ok != tc.want || qs != tc.qs {
			t.Errorf("Consumes(%q) = %v, %v; want %v, %v", tc.ct, qs, ok, tc.qs, tc.want)
		}
	}
	if _, ok := Consumes("text/plain", []Offer{{"*/*", 1}}); !ok {
		t.Error("*/* does not consume text/plain")
	}
}

func TestBase(t *testing.T) {
	t.Parallel()
	for in, want := range map[string]string{
		"":                                "",
		"application/json":                "application/json",
		"Application/Vnd.Kafka.V2+JSON":   "application/vnd.kafka.v2+json",
		"application/json; charset=utf-8": "application/json",
		"garbage":                         "",
		"*/json":                          "",
		" application/json ":              "application/json",
		"application / json;x=1":          "application/json",
		"application/JSON":                "application/json",
	} {
		if got := Base(in); got != want {
			t.Errorf("Base(%q) = %q, want %q", in, got, want)
		}
	}
}

func TestExactPreferred(t *testing.T) {
	t.Parallel()
	pref := []string{JSON, V2}
	tests := []struct{ accept, want string }{
		{"", JSON},
		{"application/vnd.kafka.v2+json, application/octet-stream", V2},
		{"application/vnd.kafka.v2+json;q=0.1, application/json", V2},
		{"*/*", JSON},
	}
	for _, tc := range tests {
		if got := ExactPreferred(tc.accept, pref, JSON); got != tc.want {
			t.Errorf("ExactPreferred(%q) = %q, want %q", tc.accept, got, tc.want)
		}
	}
}
