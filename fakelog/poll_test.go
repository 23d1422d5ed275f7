package fakelog_test

import (
	"errors"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/kafkarestmock/kafkarestmock/fakelog"
)

// TestPollStartingPosition covers where a consumer starts: the committed
// offset, else the reset policy.
func TestPollStartingPosition(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name      string
		reset     string
		committed map[fakelog.TopicPartition]fakelog.OffsetAndMetadata
		want      map[int32][]int64 // offsets returned per partition
		is        error
		msg       string
	}{
		{name: "earliest", reset: fakelog.ResetEarliest, want: map[int32][]int64{0: {2, 3, 4}, 1: {2, 3, 4}}},
		{name: "latest", reset: fakelog.ResetLatest, want: map[int32][]int64{}},
		{name: "default is latest", reset: "", want: map[int32][]int64{}},
		{name: "none", reset: fakelog.ResetNone, is: fakelog.ErrNoOffset,
			msg: "Undefined offset with no reset policy for partitions: [t-0, t-1]"},
		{name: "none, one committed", reset: fakelog.ResetNone,
			committed: map[fakelog.TopicPartition]fakelog.OffsetAndMetadata{tp("t", 0): oam(3)},
			is:        fakelog.ErrNoOffset, msg: "Undefined offset with no reset policy for partitions: [t-1]"},
		{name: "none, all committed", reset: fakelog.ResetNone,
			committed: map[fakelog.TopicPartition]fakelog.OffsetAndMetadata{tp("t", 0): oam(3), tp("t", 1): oam(5)},
			want:      map[int32][]int64{0: {3, 4}}},
		{name: "latest, one committed", reset: fakelog.ResetLatest,
			committed: map[fakelog.TopicPartition]fakelog.OffsetAndMetadata{tp("t", 1): oam(4)},
			want:      map[int32][]int64{1: {4}}},
		{name: "earliest, committed below start", reset: fakelog.ResetEarliest,
			committed: map[fakelog.TopicPartition]fakelog.OffsetAndMetadata{tp("t", 0): oam(1), tp("t", 1): oam(4)},
			want:      map[int32][]int64{0: {2, 3, 4}, 1: {4}}},
		{name: "latest, committed past end", reset: fakelog.ResetLatest,
			committed: map[fakelog.TopicPartition]fakelog.OffsetAndMetadata{tp("t", 0): oam(9), tp("t", 1): oam(3)},
			want:      map[int32][]int64{1: {3, 4}}},
		{name: "none, committed out of range", reset: fakelog.ResetNone,
			committed: map[fakelog.TopicPartition]fakelog.OffsetAndMetadata{tp("t", 0): oam(1), tp("t", 1): oam(6)},
			is:        fakelog.ErrOffsetOutOfRange, msg: "Offsets out of range with no configured reset policy for partitions: {t-0=1, t-1=6}"},
	}
	for _, tc := range tests {
		for _, mode := range []string{"assign", "subscribe"} {
			t.Run(tc.name+"/"+mode, func(t *testing.T) {
				t.Parallel()
				l, _ := newLogWithTopic(t, "t", 2)
				for p := range int32(2) {
					fill(t, l, "t", p, "v", 5)
					if _, err := l.DeleteRecords("t", p, 2); err != nil {
						t.Fatal(err)
					}
				}
				if err := l.CommitOffsets("g", tc.committed); err != nil {
					t.Fatal(err)
				}
				c := mustConsumer(t, l, fakelog.ConsumerConfig{Group: "g", MemberID: "m", AutoOffsetReset: tc.reset})
				var err error
				if mode == "assign" {
					err = c.Assign(tps("t", 0, 1))
				} else {
					err = c.Subscribe([]string{"t"})
				}
				if err != nil {
					t.Fatal(err)
				}
				recs, err := c.Poll()
				if tc.is != nil {
					checkKafkaErr(t, "Poll", err, tc.is, tc.msg)
					if recs != nil {
						t.Errorf("Poll returned records %v with error", offsets(recs))
					}
					// The error repeats until something changes.
					_, err = c.Poll()
					checkKafkaErr(t, "second Poll", err, tc.is, tc.msg)
					return
				}
				if err != nil {
					t.Fatal(err)
				}
				got := map[int32][]int64{}
				for _, r := range recs {
					got[r.Partition] = append(got[r.Partition], r.Offset)
				}
				if diff := cmp.Diff(tc.want, got); diff != "" {
					t.Errorf("Poll offsets (-want +got):\n%s", diff)
				}
				// Positions end at the log end; new records come next.
				for p := range int32(2) {
					wantPosition(t, c, tp("t", p), 5, "after the poll")
				}
				mustAppend(t, l, "t", 1, val("new"))
				if got := values(mustPoll(t, c)); !cmp.Equal(got, []string{"new"}) {
					t.Errorf("Poll after append = %q, want [new]", got)
				}
			})
		}
	}
}

// TestPollOutOfRange checks the reset of a position that DeleteRecords
// or retention left below the log start, or a Seek put past the end.
func TestPollOutOfRange(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name     string
		reset    string
		deleteTo int64
		seek     int64 // -1: no seek
		want     []int64
		msg      string
	}{
		{name: "earliest after delete", reset: fakelog.ResetEarliest, deleteTo: 6, seek: -1, want: []int64{6, 7, 8, 9}},
		{name: "latest after delete", reset: fakelog.ResetLatest, deleteTo: 6, seek: -1, want: []int64{}},
		{name: "none after delete", reset: fakelog.ResetNone, deleteTo: 6, seek: -1,
			msg: "Offsets out of range with no configured reset policy for partitions: {t-0=3}"},
		{name: "delete to position is in range", reset: fakelog.ResetNone, deleteTo: 3, seek: -1, want: []int64{3, 4, 5, 6, 7, 8, 9}},
		{name: "earliest seek past end", reset: fakelog.ResetEarliest, seek: 11, want: []int64{0, 1, 2, 3, 4, 5, 6, 7, 8, 9}},
		{name: "latest seek past end", reset: fakelog.ResetLatest, seek: 11, want: []int64{}},
		{name: "none seek past end", reset: fakelog.ResetNone, seek: 11,
			msg: "Offsets out of range with no configured reset policy for partitions: {t-0=11}"},
		{name: "seek to end is in range", reset: fakelog.ResetNone, seek: 10, want: []int64{}},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			l, _ := newLogWithTopic(t, "t", 1)
			fill(t, l, "t", 0, "v", 10)
			c := mustConsumer(t, l, fakelog.ConsumerConfig{Group: "g", MemberID: "m", AutoOffsetReset: tc.reset, MaxPollRecords: 3})
			if err := c.Assign(tps("t", 0)); err != nil {
				t.Fatal(err)
			}
			if err := c.Seek(tp("t", 0), 0); err != nil {
				t.Fatal(err)
			}
			if got := offsets(mustPoll(t, c)); !cmp.Equal(got, []int64{0, 1, 2}) {
				t.Fatalf("first Poll = %v", got)
			}
			if tc.deleteTo > 0 {
				if _, err := l.DeleteRecords("t", 0, tc.deleteTo); err != nil {
					t.Fatal(err)
				}
			}
			if tc.seek >= 0 {
				if err := c.Seek(tp("t", 0), tc.seek); err != nil {
					t.Fatal(err)
				}
			}
			var got []int64
			for range 5 {
				recs, err := c.Poll()
				if tc.msg != "" {
					checkKafkaErr(t, "Poll", err, fakelog.ErrOffsetOutOfRange, tc.msg)
					var oor *fakelog.OffsetOutOfRangeError
					if !errors.As(err, &oor) {
						t.Errorf("error %T is not an OffsetOutOfRangeError", err)
					}
					return
				}
				if err != nil {
					t.Fatal(err)
				}
				got = append(got, offsets(recs)...)
			}
			if got == nil {
				got = []int64{}
			}
			if diff := cmp.Diff(tc.want, got); diff != "" {
				t.Errorf("offsets polled (-want +got):\n%s", diff)
			}
		})
	}
}

// TestPollRoundRobin checks that Poll caps at MaxPollRecords, shares the
// cap among partitions so a backlog in one does not starve the others,
// keeps each partition's records contiguous and ordered, and returns
// every record once.
func TestPollRoundRobin(t *testing.T) {
	t.Parallel()
	l, _ := newLogWithTopic(t, "t", 3)
	fill(t, l, "t", 0, "p0", 100)
	fill(t, l, "t", 1, "p1", 5)
	fill(t, l, "t", 2, "p2", 5)
	c := mustConsumer(t, l, fakelog.ConsumerConfig{Group: "g", MemberID: "m", AutoOffsetReset: fakelog.ResetEarliest, MaxPollRecords: 9})
	if err := c.Assign(tps("t", 0, 1, 2)); err != nil {
		t.Fatal(err)
	}
	next := map[int32]int64{}
	total := 0
	for i := 0; ; i++ {
		recs := mustPoll(t, c)
		if len(recs) == 0 {
			break
		}
		if len(recs) > 9 {
			t.Fatalf("poll %d returned %d records, cap 9", i, len(recs))
		}
		seen := map[int32]bool{}
		for j, r := range recs {
			if r.Offset != next[r.Partition] {
				t.Fatalf("poll %d: partition %d offset %d, want %d", i, r.Partition, r.Offset, next[r.Partition])
			}
			if seen[r.Partition] && recs[j-1].Partition != r.Partition {
				t.Fatalf("poll %d: records of partition %d not contiguous", i, r.Partition)
			}
			seen[r.Partition] = true
			next[r.Partition]++
			total++
		}
		if i == 0 && len(seen) != 3 {
			t.Errorf("first poll served partitions %v, want all three", seen)
		}
	}
	if total != 110 {
		t.Errorf("polled %d records, want 110", total)
	}
	// The starting partition rotates: with one record in each partition
	// and a cap of 1, three polls return one record of each.
	for p := range int32(3) {
		mustAppend(t, l, "t", p, val("x"))
	}
	c2 := mustConsumer(t, l, fakelog.ConsumerConfig{Group: "g", MemberID: "m2", MaxPollRecords: 1})
	if err := c2.Assign(tps("t", 0, 1, 2)); err != nil {
		t.Fatal(err)
	}
	for p := range int32(3) {
		if err := c2.Seek(tp("t", p), mustPartition(t, l, "t", p).EndOffset-1); err != nil {
			t.Fatal(err)
		}
	}
	got := map[int32]int{}
	for range 3 {
		for _, r := range mustPoll(t, c2) {
			got[r.Partition]++
		}
	}
	if diff := cmp.Diff(map[int32]int{0: 1, 1: 1, 2: 1}, got); diff != "" {
		t.Errorf("records per partition over three polls of one (-want +got):\n%s", diff)
	}
}

// TestPollCopies checks that records returned by Poll are copies.
func TestPollCopies(t *testing.T) {
	t.Parallel()
	l, _ := newLogWithTopic(t, "t", 1)
	mustAppend(t, l, "t", 0, fakelog.Record{Key: []byte("k"), Value: []byte("v"), Headers: []fakelog.Header{{Key: "h", Value: []byte("hv")}}})
	c := mustConsumer(t, l, fakelog.ConsumerConfig{Group: "g", MemberID: "m", AutoOffsetReset: fakelog.ResetEarliest})
	if err := c.Assign(tps("t", 0)); err != nil {
		t.Fatal(err)
	}
	recs := mustPoll(t, c)
	if len(recs) != 1 || recs[0].Topic != "t" || string(recs[0].Key) != "k" {
		t.Fatalf("Poll = %+v", recs)
	}
	recs[0].Key[0], recs[0].Value[0], recs[0].Headers[0].Value[0] = 'X', 'X', 'X'
	if err := c.Seek(tp("t", 0), 0); err != nil {
		t.Fatal(err)
	}
	again := mustPoll(t, c)
	if string(again[0].Key) != "k" || string(again[0].Value) != "v" || string(again[0].Headers[0].Value) != "hv" {
		t.Errorf("stored record changed through a polled copy: %+v", again[0])
	}
}

// TestPollSkipsMissingPartitions checks that manually assigned partitions
// of missing topics are skipped until they exist.
func TestPollSkipsMissingPartitions(t *testing.T) {
	t.Parallel()
	l, _ := newLogWithTopic(t, "t", 1)
	mustAppend(t, l, "t", 0, val("a"))
	c := mustConsumer(t, l, fakelog.ConsumerConfig{Group: "g", MemberID: "m", AutoOffsetReset: fakelog.ResetEarliest})
	if err := c.Assign([]fakelog.TopicPartition{tp("t", 0), tp("t", 1), tp("later", 0)}); err != nil {
		t.Fatal(err)
	}
	if got := values(mustPoll(t, c)); !cmp.Equal(got, []string{"a"}) {
		t.Errorf("Poll = %q, want [a]", got)
	}
	mustCreate(t, l, "later", 1, nil)
	mustAppend(t, l, "later", 0, val("b"))
	if err := l.AddPartitions("t", 2); err != nil {
		t.Fatal(err)
	}
	mustAppend(t, l, "t", 1, val("c"))
	if got := values(mustPoll(t, c)); !cmp.Equal(got, []string{"b", "c"}) && !cmp.Equal(got, []string{"c", "b"}) {
		t.Errorf("Poll after creation = %q, want b and c", got)
	}
}

// TestSeek covers Seek, the lazy SeekToBeginning and SeekToEnd, and
// Position.
func TestSeek(t *testing.T) {
	t.Parallel()
	l, _ := newFilledLog(t)
	c := mustConsumer(t, l, fakelog.ConsumerConfig{Group: "g", MemberID: "m", MaxPollRecords: 2})
	if err := c.Assign(tps("t", 0, 1)); err != nil {
		t.Fatal(err)
	}
	wantPosition(t, c, tp("t", 0), 10, "with latest reset")
	if err := c.Seek(tp("t", 0), 4); err != nil {
		t.Fatal(err)
	}
	wantPosition(t, c, tp("t", 0), 4, "after Seek(4)")
	if got := offsets(mustPoll(t, c)); !cmp.Equal(got, []int64{4, 5}) {
		t.Errorf("Poll after Seek(4) = %v", got)
	}

	// Lazy: SeekToBeginning resolves at the next Poll, after the delete.
	if err := c.SeekToBeginning(tps("t", 0)); err != nil {
		t.Fatal(err)
	}
	if _, err := l.DeleteRecords("t", 0, 3); err != nil {
		t.Fatal(err)
	}
	if got := offsets(mustPoll(t, c)); !cmp.Equal(got, []int64{3, 4}) {
		t.Errorf("Poll after SeekToBeginning and delete = %v, want [3 4]", got)
	}

	// SeekToEnd resolves at Position; later appends are then read.
	if err := c.SeekToEnd(tps("t", 0)); err != nil {
		t.Fatal(err)
	}
	mustAppend(t, l, "t", 0, val("before-position"))
	wantPosition(t, c, tp("t", 0), 11, "after SeekToEnd")
	mustAppend(t, l, "t", 0, val("after"))
	if got := values(mustPoll(t, c)); !cmp.Equal(got, []string{"after"}) {
		t.Errorf("Poll after SeekToEnd = %q, want [after]", got)
	}

	// An empty list means every assigned partition, as in Kafka.
	if err := c.SeekToBeginning(nil); err != nil {
		t.Fatal(err)
	}
	for p, want := range []int64{3, 0} {
		wantPosition(t, c, tp("t", int32(p)), want, "after SeekToBeginning(nil)")
	}

	// A failed SeekToEnd changes nothing.
	if err := c.SeekToEnd([]fakelog.TopicPartition{tp("t", 0), tp("t", 5)}); !errors.Is(err, fakelog.ErrIllegalState) {
		t.Fatalf("SeekToEnd with an unassigned partition: %v", err)
	}
	wantPosition(t, c, tp("t", 0), 3, "after failed SeekToEnd")

	// Position does not range-check a sought position; Poll does.
	if err := c.Seek(tp("t", 1), 50); err != nil {
		t.Fatal(err)
	}
	wantPosition(t, c, tp("t", 1), 50, "after Seek(50)")
}

// TestPositionResolves checks that Position takes the committed offset or
// applies the reset policy.
func TestPositionResolves(t *testing.T) {
	t.Parallel()
	l, _ := newFilledLog(t)
	if err := l.CommitOffsets("g", map[fakelog.TopicPartition]fakelog.OffsetAndMetadata{tp("t", 0): {Offset: 7, Metadata: "m"}}); err != nil {
		t.Fatal(err)
	}
	c := mustConsumer(t, l, fakelog.ConsumerConfig{Group: "g", MemberID: "m", AutoOffsetReset: fakelog.ResetNone})
	if err := c.Assign(tps("t", 0, 1)); err != nil {
		t.Fatal(err)
	}
	wantPosition(t, c, tp("t", 0), 7, "(committed)")
	_, err := c.Position(tp("t", 1))
	checkKafkaErr(t, "Position(t-1)", err, fakelog.ErrNoOffset, "Undefined offset with no reset policy for partitions: [t-1]")
	var noe *fakelog.NoOffsetError
	if !errors.As(err, &noe) || !cmp.Equal(noe.Partitions, tps("t", 1)) {
		t.Errorf("NoOffsetError = %+v", err)
	}
}
