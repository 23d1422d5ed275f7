package fakelog_test

import (
	"slices"
	"strconv"
	"testing"
	"time"

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

// TestSharedPollAcrossSegments polls, with and without SharedBytes, runs
// of records that cross segment boundaries, where headers are only in
// some segments and timestamps change within a run: both consumers get
// the same records, headers and timestamps included.
func TestSharedPollAcrossSegments(t *testing.T) {
	t.Parallel()
	l := fakelog.New()
	t.Cleanup(func() { _ = l.Close() })
	if err := l.CreateTopic("t", 1, nil); err != nil {
		t.Fatal(err)
	}
	const total = 3000 // three segments of 1024, the last one partly
	var recs []fakelog.Record
	for i := range total {
		r := fakelog.Record{Value: []byte("v" + strconv.Itoa(i)), Timestamp: time.UnixMilli(int64(1_700_000_000_000 + i/7))}
		if i >= 1100 && i < 1110 || i == 2999 { // headers in the second and third segments only
			r.Headers = []fakelog.Header{{Key: "h", Value: []byte(strconv.Itoa(i))}}
		}
		recs = append(recs, r)
	}
	if _, err := l.Produce("t", recs); err != nil {
		t.Fatal(err)
	}
	poll := func(shared bool) []fakelog.Record {
		c := mustConsumer(t, l, fakelog.ConsumerConfig{Group: "g" + strconv.FormatBool(shared), MemberID: "m",
			AutoOffsetReset: fakelog.ResetEarliest, SharedBytes: shared, MaxPollRecords: 37})
		if err := c.Subscribe([]string{"t"}); err != nil {
			t.Fatal(err)
		}
		var all, buf []fakelog.Record
		for len(all) < total {
			var err error
			if buf, err = c.PollInto(buf); err != nil {
				t.Fatal(err)
			}
			if len(buf) == 0 {
				t.Fatalf("SharedBytes %v: nothing polled at %d", shared, len(all))
			}
			all = append(all, buf...)
		}
		return all
	}
	want, got := poll(false), poll(true)
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("(-copied +shared):\n%s", diff)
	}
	if len(got[1105].Headers) != 1 || got[2999].Headers == nil || got[1110].Headers != nil || !got[6].Timestamp.Equal(time.UnixMilli(1_700_000_000_000)) || !got[7].Timestamp.Equal(time.UnixMilli(1_700_000_000_001)) {
		t.Errorf("records 1105, 2999, 1110, 6, 7: %+v %+v %+v %v %v", got[1105], got[2999], got[1110], got[6].Timestamp, got[7].Timestamp)
	}
}
