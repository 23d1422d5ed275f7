package fakelog_test

import (
	"slices"
	"strconv"
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

// TestPollInto polls into the array of an earlier batch: the records are
// Poll's, none of the earlier batch's keys, values or headers remain, on
// one partition and on several.
func TestPollInto(t *testing.T) {
	t.Parallel()
	for _, parts := range []int{1, 3} {
		l := fakelog.New()
		t.Cleanup(func() { _ = l.Close() })
		if err := l.CreateTopic("t", int32(parts), nil); err != nil {
			t.Fatal(err)
		}
		var first, second []fakelog.Record
		for p := range parts {
			first = append(first, fakelog.Record{Partition: int32(p), Key: []byte("k"), Value: []byte("v"), Headers: []fakelog.Header{{Key: "h", Value: []byte("x")}}})
			second = append(second, fakelog.Record{Partition: int32(p)}, fakelog.Record{Partition: int32(p), Value: []byte{}})
		}
		for _, batch := range [][]fakelog.Record{first, second} {
			if _, err := l.Produce("t", batch); err != nil {
				t.Fatal(err)
			}
		}
		poll := func(into bool) [][]fakelog.Record {
			c := mustConsumer(t, l, fakelog.ConsumerConfig{Group: "g" + strconv.FormatBool(into), MemberID: "m",
				AutoOffsetReset: fakelog.ResetEarliest, SharedBytes: true, MaxPollRecords: parts})
			if err := c.Subscribe([]string{"t"}); err != nil {
				t.Fatal(err)
			}
			var got [][]fakelog.Record
			var buf []fakelog.Record
			for range 3 {
				var recs []fakelog.Record
				var err error
				if into {
					recs, err = c.PollInto(buf)
					buf = recs
				} else {
					recs, err = c.Poll()
				}
				if err != nil {
					t.Fatal(err)
				}
				got = append(got, slices.Clone(recs))
			}
			return got
		}
		want, got := poll(false), poll(true)
		if diff := cmp.Diff(want, got); diff != "" {
			t.Errorf("%d partitions: PollInto (-Poll +PollInto):\n%s", parts, diff)
		}
		if len(want[0]) == 0 {
			t.Fatalf("%d partitions: nothing polled", parts)
		}
	}
}
