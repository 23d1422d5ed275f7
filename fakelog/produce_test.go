package fakelog_test

import (
	"errors"
	"fmt"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
	"github.com/google/go-cmp/cmp/cmpopts"

	"github.com/kafkarestmock/kafkarestmock/fakelog"
)

// resultErrs compares errors (Result.Err) by the sentinel they wrap.
var resultErrs = cmp.Comparer(func(a, b error) bool {
	if a == nil || b == nil {
		return a == nil && b == nil
	}
	return errors.Is(a, b) || errors.Is(b, a)
})

func TestProduce(t *testing.T) {
	t.Parallel()
	at := func(p int32, v string) fakelog.Record {
		return fakelog.Record{Partition: p, Value: []byte(v)}
	}
	tests := []struct {
		name   string
		recs   []fakelog.Record
		want   []fakelog.Result
		stored [3][]string // values per partition afterwards
	}{
		{
			name: "empty batch",
			recs: nil,
			want: []fakelog.Result{},
		},
		{
			name: "explicit partitions",
			recs: []fakelog.Record{at(2, "a"), at(0, "b"), at(2, "c")},
			want: []fakelog.Result{
				{Partition: 2, Offset: 0}, {Partition: 0, Offset: 0}, {Partition: 2, Offset: 1},
			},
			stored: [3][]string{{"b"}, {}, {"a", "c"}},
		},
		{
			name: "interleaved partitions stay contiguous and in input order",
			recs: []fakelog.Record{at(1, "a"), at(0, "b"), at(1, "c"), at(0, "d"), at(1, "e")},
			want: []fakelog.Result{
				{Partition: 1, Offset: 0}, {Partition: 0, Offset: 0}, {Partition: 1, Offset: 1},
				{Partition: 0, Offset: 1}, {Partition: 1, Offset: 2},
			},
			stored: [3][]string{{"b", "d"}, {"a", "c", "e"}, {}},
		},
		{
			name: "invalid partitions fail alone",
			recs: []fakelog.Record{at(0, "a"), at(3, "b"), at(-2, "c"), at(1, "d"), at(0, "e")},
			want: []fakelog.Result{
				{Partition: 0, Offset: 0},
				{Partition: 3, Offset: -1, Err: fakelog.ErrUnknownPartition},
				{Partition: -2, Offset: -1, Err: fakelog.ErrUnknownPartition},
				{Partition: 1, Offset: 0},
				{Partition: 0, Offset: 1},
			},
			stored: [3][]string{{"a", "e"}, {"d"}, {}},
		},
		{
			name: "all invalid",
			recs: []fakelog.Record{at(7, "a")},
			want: []fakelog.Result{
				{Partition: 7, Offset: -1, Err: fakelog.ErrUnknownPartition},
			},
			stored: [3][]string{{}, {}, {}},
		},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			l, clk := newLogWithTopic(t, "t", 3)
			got, err := l.Produce("t", tc.recs)
			if err != nil {
				t.Fatal(err)
			}
			for i := range tc.want {
				if tc.want[i].Err == nil {
					tc.want[i].Timestamp = clk.Now()
				}
			}
			if diff := cmp.Diff(tc.want, got, resultErrs); diff != "" {
				t.Errorf("results (-want +got):\n%s", diff)
			}
			for p, want := range tc.stored {
				if got := values(mustRead(t, l, "t", int32(p), 0, 0)); !cmp.Equal(want, got, cmpopts.EquateEmpty()) {
					t.Errorf("partition %d holds %q, want %q", p, got, want)
				}
			}
		})
	}
}

func TestProduceKeyedMatchesPartitionForKey(t *testing.T) {
	t.Parallel()
	l, _ := newLog(t)
	const n = 7
	mustCreate(t, l, "t", n, nil)
	var recs []fakelog.Record
	for i := range 200 {
		recs = append(recs, fakelog.Record{Partition: fakelog.AnyPartition, Key: fmt.Appendf(nil, "key-%d", i), Value: []byte{byte(i)}})
	}
	res, err := l.Produce("t", recs)
	if err != nil {
		t.Fatal(err)
	}
	next := map[int32]int64{}
	for i, r := range res {
		if want := fakelog.PartitionForKey(recs[i].Key, n); r.Partition != want || r.Err != nil {
			t.Errorf("record %d: partition %d, err %v; want partition %d", i, r.Partition, r.Err, want)
		}
		if r.Offset != next[r.Partition] {
			t.Errorf("record %d: offset %d, want %d", i, r.Offset, next[r.Partition])
		}
		next[r.Partition]++
	}
	if len(next) < 2 {
		t.Errorf("200 keys landed on %d partitions", len(next))
	}
	// The same key always lands on the same partition.
	again, err := l.Produce("t", recs[:1])
	if err != nil {
		t.Fatal(err)
	}
	if again[0].Partition != res[0].Partition {
		t.Errorf("same key moved from partition %d to %d", res[0].Partition, again[0].Partition)
	}
}

func TestProduceRoundRobinNilKeys(t *testing.T) {
	t.Parallel()
	l, _ := newLogWithTopic(t, "t", 3)
	mustCreate(t, l, "other", 3, nil)
	anyPart := func(key []byte) fakelog.Record {
		return fakelog.Record{Partition: fakelog.AnyPartition, Key: key, Value: []byte("v")}
	}
	parts := func(res []fakelog.Result) []int32 {
		var out []int32
		for _, r := range res {
			out = append(out, r.Partition)
		}
		return out
	}
	produce := func(topic string, recs ...fakelog.Record) []int32 {
		res, err := l.Produce(topic, recs)
		if err != nil {
			t.Fatal(err)
		}
		return parts(res)
	}
	if diff := cmp.Diff([]int32{0, 1, 2, 0}, produce("t", anyPart(nil), anyPart(nil), anyPart(nil), anyPart(nil))); diff != "" {
		t.Errorf("first batch partitions (-want +got):\n%s", diff)
	}
	// The counter is per topic, continues across calls, and is not
	// advanced by keyed or explicit records. An empty non-nil key is a
	// key, not null.
	keyed := fakelog.PartitionForKey([]byte{}, 3)
	if diff := cmp.Diff([]int32{0}, produce("other", anyPart(nil))); diff != "" {
		t.Errorf("other topic partitions (-want +got):\n%s", diff)
	}
	want := []int32{1, keyed, 2, 1, 0}
	got := produce("t", anyPart(nil), anyPart([]byte{}), anyPart(nil), fakelog.Record{Partition: 1}, anyPart(nil))
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("second batch partitions (-want +got):\n%s", diff)
	}
}

func TestProduceTimestamps(t *testing.T) {
	t.Parallel()
	l, clk := newLogWithTopic(t, "t", 1)
	clk.Advance(time.Minute)
	explicit := time.Date(2020, 5, 6, 7, 8, 9, 123456789, time.FixedZone("X", 3600))
	res, err := l.Produce("t", []fakelog.Record{val("now"), {Value: []byte("explicit"), Timestamp: explicit}})
	if err != nil {
		t.Fatal(err)
	}
	want := []fakelog.Result{
		{Partition: 0, Offset: 0, Timestamp: epoch().Add(time.Minute)},
		{Partition: 0, Offset: 1, Timestamp: explicit},
	}
	if diff := cmp.Diff(want, res); diff != "" {
		t.Errorf("results (-want +got):\n%s", diff)
	}
	recs := mustRead(t, l, "t", 0, 0, 0)
	for i, r := range recs {
		if !r.Timestamp.Equal(want[i].Timestamp) {
			t.Errorf("record %d timestamp %v, want %v", i, r.Timestamp, want[i].Timestamp)
		}
	}
}

func TestRecordRoundTrip(t *testing.T) {
	t.Parallel()
	l, _ := newLogWithTopic(t, "t", 2)
	ts := epoch().Add(time.Second)
	in := []fakelog.Record{
		{Key: []byte("k"), Value: []byte("v"), Timestamp: ts},
		{Key: nil, Value: nil, Timestamp: ts},
		{Key: []byte{}, Value: []byte{}, Timestamp: ts},
		{Value: []byte("h"), Timestamp: ts, Headers: []fakelog.Header{
			{Key: "a", Value: []byte("1")}, {Key: "nil", Value: nil}, {Key: "empty", Value: []byte{}}, {Key: "a", Value: []byte("2")},
		}},
		{Value: make([]byte, 100<<10), Key: []byte("large"), Timestamp: ts},
	}
	if _, err := l.Append("t", 1, in...); err != nil {
		t.Fatal(err)
	}
	var want []fakelog.Record
	for i, r := range in {
		r.Topic, r.Partition, r.Offset = "t", 1, int64(i)
		want = append(want, r)
	}
	got := mustRead(t, l, "t", 1, 0, 0)
	// No EquateEmpty: nil and empty must stay distinct.
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("records (-want +got):\n%s", diff)
	}
}

func TestProduceCopiesInput(t *testing.T) {
	t.Parallel()
	l, _ := newLogWithTopic(t, "t", 1)
	key, value, hval := []byte("key"), []byte("value"), []byte("hval")
	recs := []fakelog.Record{{Key: key, Value: value, Headers: []fakelog.Header{{Key: "h", Value: hval}}}}
	if _, err := l.Produce("t", recs); err != nil {
		t.Fatal(err)
	}
	if _, err := l.Append("t", 0, recs...); err != nil {
		t.Fatal(err)
	}
	copy(key, "XXX")
	copy(value, "XXXXX")
	copy(hval, "XXXX")
	recs[0].Headers[0].Key = "changed"
	for _, r := range mustRead(t, l, "t", 0, 0, 0) {
		got := []string{string(r.Key), string(r.Value), r.Headers[0].Key, string(r.Headers[0].Value)}
		if diff := cmp.Diff([]string{"key", "value", "h", "hval"}, got); diff != "" {
			t.Errorf("offset %d after mutating the input (-want +got):\n%s", r.Offset, diff)
		}
	}
}

func TestReadReturnsCopies(t *testing.T) {
	t.Parallel()
	l, _ := newLogWithTopic(t, "t", 1)
	mustAppend(t, l, "t", 0,
		fakelog.Record{Key: []byte("k1"), Value: []byte("v1"), Headers: []fakelog.Header{{Key: "h", Value: []byte("x")}}},
		fakelog.Record{Key: []byte("k2"), Value: []byte("v2")},
	)
	first := mustRead(t, l, "t", 0, 0, 0)
	copy(first[0].Key, "XX")
	copy(first[0].Value, "XX")
	first[0].Headers[0].Value[0] = 'X'
	// Appending to one returned slice must not clobber its neighbours.
	_ = append(first[0].Key, "!!!!!!"...)
	_ = append(first[0].Value, "!!!!!!"...)

	if got := string(first[1].Key) + string(first[1].Value); got != "k2v2" {
		t.Errorf("neighbour record after appending to returned slices = %q, want k2v2", got)
	}
	again := mustRead(t, l, "t", 0, 0, 0)
	got := []string{string(again[0].Key), string(again[0].Value), string(again[0].Headers[0].Value)}
	if diff := cmp.Diff([]string{"k1", "v1", "x"}, got); diff != "" {
		t.Errorf("stored record after mutating a read result (-want +got):\n%s", diff)
	}
}

func TestAppend(t *testing.T) {
	t.Parallel()
	l, clk := newLogWithTopic(t, "t", 2)
	// Record.Partition is ignored by Append.
	got := mustAppend(t, l, "t", 1, fakelog.Record{Partition: 0, Value: []byte("a")}, fakelog.Record{Partition: 7, Value: []byte("b")})
	if diff := cmp.Diff([]int64{0, 1}, got); diff != "" {
		t.Errorf("offsets (-want +got):\n%s", diff)
	}
	got = mustAppend(t, l, "t", 1, val("c"))
	if diff := cmp.Diff([]int64{2}, got); diff != "" {
		t.Errorf("offsets (-want +got):\n%s", diff)
	}
	if got := mustAppend(t, l, "t", 1); len(got) != 0 {
		t.Errorf("empty Append returned %v", got)
	}
	want := []fakelog.Record{
		{Topic: "t", Partition: 1, Offset: 0, Value: []byte("a"), Timestamp: clk.Now()},
		{Topic: "t", Partition: 1, Offset: 1, Value: []byte("b"), Timestamp: clk.Now()},
		{Topic: "t", Partition: 1, Offset: 2, Value: []byte("c"), Timestamp: clk.Now()},
	}
	if diff := cmp.Diff(want, mustRead(t, l, "t", 1, 0, 0)); diff != "" {
		t.Errorf("records (-want +got):\n%s", diff)
	}
	if pi := mustPartition(t, l, "t", 0); pi.EndOffset != 0 {
		t.Errorf("partition 0 end offset = %d, want 0", pi.EndOffset)
	}
}

func TestPartitionInfoCountsBytes(t *testing.T) {
	t.Parallel()
	l, _ := newLogWithTopic(t, "t", 1)
	mustAppend(t, l, "t", 0,
		fakelog.Record{Key: []byte("kk"), Value: []byte("vvv")},
		fakelog.Record{Value: []byte("v"), Headers: []fakelog.Header{{Key: "hk", Value: []byte("hv")}, {Key: "n"}}},
	)
	want := fakelog.PartitionInfo{Topic: "t", Partition: 0, StartOffset: 0, EndOffset: 2, Records: 2, Bytes: 5 + 1 + 4 + 1}
	if diff := cmp.Diff(want, mustPartition(t, l, "t", 0)); diff != "" {
		t.Errorf("PartitionInfo (-want +got):\n%s", diff)
	}
}

func TestChoosePartition(t *testing.T) {
	t.Parallel()
	l := fakelog.New()
	if err := l.CreateTopic("t", 3, nil); err != nil {
		t.Fatal(err)
	}
	for i := range 6 {
		p, err := l.ChoosePartition("t", nil)
		if err != nil || p != int32(i%3) {
			t.Fatalf("ChoosePartition #%d = %d, %v; want %d", i, p, err, i%3)
		}
	}
	if p, _ := l.ChoosePartition("t", []byte("foobar")); p != fakelog.PartitionForKey([]byte("foobar"), 3) {
		t.Errorf("keyed ChoosePartition = %d", p)
	}
	if _, err := l.ChoosePartition("nope", nil); !errors.Is(err, fakelog.ErrUnknownTopic) {
		t.Errorf("unknown topic: %v", err)
	}
}
