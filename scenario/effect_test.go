package scenario_test

import (
	"encoding/json"
	"slices"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
	"github.com/kafkarestmock/kafkarestmock/scenario"
)

func TestEffects(t *testing.T) {
	t.Parallel()
	want := []string{"kafka_error", "response", "delay_ms", "drop_connection", "empty_polls"}
	if diff := cmp.Diff(want, scenario.Effects()); diff != "" {
		t.Errorf("Effects() mismatch (-want +got):\n%s", diff)
	}
}

// Each rule with one effect gives that effect, named as the one field
// that sets it in JSON.
func TestFaultEffect(t *testing.T) {
	t.Parallel()
	resp := &scenario.Response{Status: 503}
	tests := []struct {
		fault scenario.Fault
		want  scenario.Effect
	}{
		{scenario.Fault{KafkaError: "REQUEST_TIMED_OUT"}, scenario.KafkaErrorEffect{Error: "REQUEST_TIMED_OUT"}},
		{scenario.Fault{Response: resp}, scenario.ResponseEffect{Response: resp}},
		{scenario.Fault{DelayMS: 250}, scenario.DelayEffect{MS: 250}},
		{scenario.Fault{DropConnection: true}, scenario.DropConnectionEffect{}},
		{scenario.Fault{EmptyPolls: 3}, scenario.EmptyPollsEffect{Polls: 3}},
	}
	var names []string
	for _, tt := range tests {
		got := tt.fault.Effect()
		if got != tt.want {
			t.Errorf("%+v.Effect() = %#v, want %#v", tt.fault, got, tt.want)
			continue
		}
		names = append(names, got.Name())
		raw, err := json.Marshal(tt.fault)
		if err != nil {
			t.Fatal(err)
		}
		var fields map[string]json.RawMessage
		if err := json.Unmarshal(raw, &fields); err != nil {
			t.Fatal(err)
		}
		delete(fields, "match")
		if _, ok := fields[got.Name()]; !ok || len(fields) != 1 {
			t.Errorf("%s: the rule's JSON is %s, want its one effect field %q", got.Name(), raw, got.Name())
		}
	}
	if !slices.Equal(names, scenario.Effects()) {
		t.Errorf("the effects of the rules are %v, want every one of Effects() = %v", names, scenario.Effects())
	}
	if got := (scenario.DelayEffect{MS: 250}).Duration(); got != 250*time.Millisecond {
		t.Errorf("Duration() = %v, want 250ms", got)
	}
	for _, f := range []scenario.Fault{{}, {DelayMS: -1}, {EmptyPolls: -2}} {
		if got := f.Effect(); got != nil {
			t.Errorf("%+v.Effect() = %#v, want nil", f, got)
		}
	}
	// Of an invalid rule with several, the first.
	if got := (scenario.Fault{DelayMS: 1, KafkaError: "REQUEST_TIMED_OUT"}).Effect(); got.Name() != "kafka_error" {
		t.Errorf("Effect() of a rule with two = %s, want kafka_error", got.Name())
	}
}
