package fakelog_test

import (
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"

	"github.com/kafkarestmock/kafkarestmock/fakelog"
)

func TestReadLimits(t *testing.T) {
	t.Parallel()
	l, _ := newLogWithTopic(t, "t", 1)
	// Payload sizes (key+value): 10, 10, 10, 30, 0, 1.
	mustAppend(t, l, "t", 0,
		sized(10),
		fakelog.Record{Key: []byte("kkkkk"), Value: []byte("vvvvv")},
		sized(10),
		sized(30),
		fakelog.Record{},
		sized(1),
	)
	tests := []struct {
		name     string
		offset   int64
		n        int
		maxBytes int
		want     []int64
		wantErr  error
	}{
		{name: "no caps", offset: 0, want: []int64{0, 1, 2, 3, 4, 5}},
		{name: "negative cap means none", offset: 0, maxBytes: -1, want: []int64{0, 1, 2, 3, 4, 5}},
		{name: "cap at first record boundary", offset: 0, maxBytes: 10, want: []int64{0}},
		{name: "cap at second record boundary", offset: 0, maxBytes: 20, want: []int64{0, 1}},
		{name: "cap one byte short of a boundary", offset: 0, maxBytes: 19, want: []int64{0}},
		{name: "cap one byte past a boundary", offset: 0, maxBytes: 21, want: []int64{0, 1}},
		{name: "first record bigger than cap", offset: 0, maxBytes: 1, want: []int64{0}},
		{name: "oversized record alone", offset: 3, maxBytes: 5, want: []int64{3}},
		{name: "empty record fits a full cap", offset: 3, maxBytes: 30, want: []int64{3, 4}},
		{name: "from the middle", offset: 4, want: []int64{4, 5}},
		{name: "last record", offset: 5, maxBytes: 1, want: []int64{5}},
		{name: "at end offset", offset: 6, want: []int64{}},
		{name: "at end offset with caps", offset: 6, n: 1, maxBytes: 1, want: []int64{}},
		{name: "count cap", offset: 0, n: 2, want: []int64{0, 1}},
		{name: "count cap above available", offset: 4, n: 10, want: []int64{4, 5}},
		{name: "count cap tighter than bytes", offset: 0, n: 1, maxBytes: 100, want: []int64{0}},
		{name: "bytes tighter than count", offset: 0, n: 5, maxBytes: 25, want: []int64{0, 1}},
		{name: "negative count means none", offset: 1, n: -3, want: []int64{1, 2, 3, 4, 5}},
		{name: "past end", offset: 7, wantErr: fakelog.ErrOffsetOutOfRange},
		{name: "negative offset", offset: -1, wantErr: fakelog.ErrOffsetOutOfRange},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			got, err := l.ReadN("t", 0, tc.offset, tc.n, tc.maxBytes)
			checkErr(t, "ReadN", err, tc.wantErr)
			if tc.wantErr != nil {
				if got != nil {
					t.Errorf("ReadN returned records with an error: %v", got)
				}
				return
			}
			if got == nil {
				t.Error("ReadN returned a nil slice, want non-nil")
			}
			if diff := cmp.Diff(tc.want, offsets(got)); diff != "" {
				t.Errorf("offsets (-want +got):\n%s", diff)
			}
			if tc.n == 0 {
				r, err := l.Read("t", 0, tc.offset, tc.maxBytes)
				if err != nil {
					t.Fatal(err)
				}
				if diff := cmp.Diff(tc.want, offsets(r)); diff != "" {
					t.Errorf("Read offsets (-want +got):\n%s", diff)
				}
			}
		})
	}
}

func TestReadEmptyPartition(t *testing.T) {
	t.Parallel()
	l, _ := newLogWithTopic(t, "t", 1)
	got, err := l.Read("t", 0, 0, 100)
	if err != nil || got == nil || len(got) != 0 {
		t.Errorf("Read of empty partition = %v, %v; want empty slice, nil", got, err)
	}
	_, err = l.Read("t", 0, 1, 100)
	checkErr(t, "Read past end of empty partition", err, fakelog.ErrOffsetOutOfRange)
}

func TestReadAcrossSegments(t *testing.T) {
	t.Parallel()
	l, _ := newLogWithTopic(t, "t", 1)
	const total = 5000
	var batch []fakelog.Record
	for i := range total {
		batch = append(batch, fakelog.Record{Key: []byte{byte(i), byte(i >> 8)}, Value: make([]byte, i%300)})
	}
	mustAppend(t, l, "t", 0, batch...)
	// Read everything in pieces of varying size.
	next := int64(0)
	for step := 1; next < total; step = step*3 + 1 {
		recs, err := l.ReadN("t", 0, next, step, 0)
		if err != nil {
			t.Fatal(err)
		}
		for _, r := range recs {
			i := int(r.Offset)
			if r.Offset != next || len(r.Value) != i%300 || r.Key[0] != byte(i) || r.Key[1] != byte(i>>8) {
				t.Fatalf("record at %d: offset %d, key %v, %d value bytes", next, r.Offset, r.Key, len(r.Value))
			}
			next++
		}
	}
}

func TestOffsetForTime(t *testing.T) {
	t.Parallel()
	l, _ := newLogWithTopic(t, "t", 1)
	at := func(d time.Duration) fakelog.Record {
		return fakelog.Record{Value: []byte("v"), Timestamp: epoch().Add(d)}
	}
	// Timestamps need not be monotonic.
	mustAppend(t, l, "t", 0, at(0), at(time.Second), at(2*time.Second), at(time.Second), at(5*time.Second))
	tests := []struct {
		name   string
		t      time.Time
		before int64 // DeleteRecords first
		want   int64
	}{
		{name: "before everything", t: epoch().Add(-time.Hour), want: 0},
		{name: "zero time", t: time.Time{}, want: 0},
		{name: "exact first", t: epoch(), want: 0},
		{name: "between", t: epoch().Add(500 * time.Millisecond), want: 1},
		{name: "exact, earliest offset wins", t: epoch().Add(time.Second), want: 1},
		{name: "later than a later record", t: epoch().Add(2 * time.Second), want: 2},
		{name: "skips smaller out-of-order timestamp", t: epoch().Add(3 * time.Second), want: 4},
		{name: "after everything gives end offset", t: epoch().Add(6 * time.Second), want: 5},
		{name: "far future", t: time.Date(9999, 1, 1, 0, 0, 0, 0, time.UTC), want: 5},
		{name: "deleted records are skipped", t: epoch(), before: 2, want: 2},
		{name: "deleted records are skipped, later match", t: epoch().Add(1500 * time.Millisecond), before: 3, want: 4},
		{name: "all deleted", t: epoch(), before: 5, want: 5},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			l := l
			if tc.before > 0 {
				l, _ = newLog(t)
				mustCreate(t, l, "t", 1, nil)
				mustAppend(t, l, "t", 0, at(0), at(time.Second), at(2*time.Second), at(time.Second), at(5*time.Second))
				if _, err := l.DeleteRecords("t", 0, tc.before); err != nil {
					t.Fatal(err)
				}
			}
			got, err := l.OffsetForTime("t", 0, tc.t)
			if err != nil {
				t.Fatal(err)
			}
			if got != tc.want {
				t.Errorf("OffsetForTime(%v) = %d, want %d", tc.t, got, tc.want)
			}
		})
	}
}

func TestOffsetForTimeManySegments(t *testing.T) {
	t.Parallel()
	l, _ := newLogWithTopic(t, "t", 1)
	const total = 5000
	batch := make([]fakelog.Record, total)
	for i := range batch {
		batch[i] = fakelog.Record{Timestamp: epoch().Add(time.Duration(i) * time.Millisecond)}
	}
	mustAppend(t, l, "t", 0, batch...)
	if _, err := l.DeleteRecords("t", 0, 1500); err != nil {
		t.Fatal(err)
	}
	for _, tc := range []struct{ ms, want int64 }{{0, 1500}, {1499, 1500}, {1500, 1500}, {1501, 1501}, {2048, 2048}, {4999, 4999}, {5000, total}} {
		got, err := l.OffsetForTime("t", 0, epoch().Add(time.Duration(tc.ms)*time.Millisecond))
		if err != nil {
			t.Fatal(err)
		}
		if got != tc.want {
			t.Errorf("OffsetForTime(+%dms) = %d, want %d", tc.ms, got, tc.want)
		}
	}
}
