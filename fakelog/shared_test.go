package fakelog_test

import (
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/kafkarestmock/kafkarestmock/fakelog"
)

// TestReadWithoutPayload reads, in a new log, records whose keys and
// values are null or empty (no bytes stored at all), through Read and
// through Poll with and without SharedBytes: null stays null, empty stays
// empty.
func TestReadWithoutPayload(t *testing.T) {
	t.Parallel()
	recs := []fakelog.Record{
		{},
		{Key: []byte{}},
		{Value: []byte{}},
		{Key: []byte{}, Value: []byte{}},
		{Key: []byte("k"), Value: []byte("v"), Headers: []fakelog.Header{{Key: "h", Value: []byte("x")}}},
		{Headers: []fakelog.Header{{Key: "h"}}},
	}
	type kv struct {
		Key, Value         []byte
		NullKey, NullValue bool
		Headers            []fakelog.Header
	}
	summarize := func(rs []fakelog.Record) []kv {
		var out []kv
		for _, r := range rs {
			out = append(out, kv{r.Key, r.Value, r.Key == nil, r.Value == nil, r.Headers})
		}
		return out
	}
	want := summarize(recs)
	for _, shared := range []bool{false, true} {
		l := fakelog.New()
		t.Cleanup(func() { _ = l.Close() })
		if err := l.CreateTopic("t", 1, nil); err != nil {
			t.Fatal(err)
		}
		if _, err := l.Produce("t", recs); err != nil {
			t.Fatal(err)
		}
		got, err := l.Read("t", 0, 0, 0)
		if err != nil {
			t.Fatal(err)
		}
		if diff := cmp.Diff(want, summarize(got)); diff != "" {
			t.Errorf("Read (-want +got):\n%s", diff)
		}
		c := mustConsumer(t, l, fakelog.ConsumerConfig{Group: "g", MemberID: "m", AutoOffsetReset: fakelog.ResetEarliest, SharedBytes: shared})
		if err := c.Subscribe([]string{"t"}); err != nil {
			t.Fatal(err)
		}
		polled, err := c.Poll()
		if err != nil {
			t.Fatal(err)
		}
		if diff := cmp.Diff(want, summarize(polled)); diff != "" {
			t.Errorf("Poll, SharedBytes %v (-want +got):\n%s", shared, diff)
		}
	}
}
