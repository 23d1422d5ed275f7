package scenario_test

import (
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/kafkarestmock/kafkarestmock/scenario"
)

func TestLookupKafkaRequest(t *testing.T) {
	t.Parallel()
	for _, tc := range []struct {
		name string
		key  int16
		ok   bool
	}{
		{"Produce", 0, true}, {"produce", 0, true}, {"FETCH", 1, true}, {"offset_commit", 8, true},
		{"OffsetCommit", 8, true}, {"join_group", 11, true}, {"CreatePartitions", 37, true},
		{"", 0, false}, {"ApiVersions", 0, false}, {"Gossip", 0, false},
	} {
		key, ok := scenario.LookupKafkaRequest(tc.name)
		if key != tc.key || ok != tc.ok {
			t.Errorf("LookupKafkaRequest(%q) = %d, %v; want %d, %v", tc.name, key, ok, tc.key, tc.ok)
		}
	}
	for _, name := range scenario.KafkaRequests() {
		if _, ok := scenario.LookupKafkaRequest(name); !ok {
			t.Errorf("KafkaRequests lists %q, which LookupKafkaRequest refuses", name)
		}
	}
}

// Kafka-layer rules never fire on REST requests; Fire counts them with
// After and Times as Decide does.
func TestHandleFire(t *testing.T) {
	t.Parallel()
	s := scenario.NewSet()
	h, err := s.Add(scenario.Fault{Layer: scenario.LayerKafka, KafkaError: "NOT_LEADER_OR_FOLLOWER", After: 1, Times: 2})
	if err != nil {
		t.Fatal(err)
	}
	if _, fired := s.Decide(scenario.Request{Method: "POST", Route: "/topics/{topic}", Topic: "t"}); fired {
		t.Error("a Kafka-layer rule fired on a REST request")
	}
	var got []bool
	for range 5 {
		got = append(got, h.Fire())
	}
	if diff := cmp.Diff([]bool{false, true, true, false, false}, got); diff != "" {
		t.Errorf("Fire sequence (-want +got):\n%s", diff)
	}
	if h.Hits() != 2 {
		t.Errorf("Hits = %d, want 2", h.Hits())
	}
	if len(s.List()) != 0 {
		t.Errorf("the rule did not retire after Times: %+v", s.List())
	}
	h2, _ := s.Add(scenario.Fault{Layer: scenario.LayerKafka, KafkaError: "NOT_LEADER_OR_FOLLOWER"})
	h2.Remove()
	if h2.Fire() {
		t.Error("a removed rule fired")
	}
}
