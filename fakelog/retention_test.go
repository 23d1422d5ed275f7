package fakelog_test

import (
	"fmt"
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/google/go-cmp/cmp/cmpopts"

	"github.com/kafkarestmock/kafkarestmock/fakelog"
)

func TestDeleteRecords(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name      string
		befores   []int64 // applied in order; the last is checked
		want      int64
		wantErr   error
		wantStart int64
	}{
		{name: "move start", befores: []int64{3}, want: 3, wantStart: 3},
		{name: "zero is a no-op", befores: []int64{0}, want: 0, wantStart: 0},
		{name: "negative is a no-op", befores: []int64{-1}, want: 0, wantStart: 0},
		{name: "same start again is a no-op", befores: []int64{3, 3}, want: 3, wantStart: 3},
		{name: "below start is a no-op", befores: []int64{3, 1}, want: 3, wantStart: 3},
		{name: "up to end", befores: []int64{10}, want: 10, wantStart: 10},
		{name: "past end", befores: []int64{11}, wantErr: fakelog.ErrOffsetOutOfRange, wantStart: 0},
		{name: "past end after a move", befores: []int64{4, 11}, wantErr: fakelog.ErrOffsetOutOfRange, wantStart: 4},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			l, _ := newLogWithTopic(t, "t", 1)
			for i := range 10 {
				mustAppend(t, l, "t", 0, val(fmt.Sprint(i)))
			}
			var got int64
			var err error
			for _, b := range tc.befores {
				got, err = l.DeleteRecords("t", 0, b)
			}
			checkErr(t, "DeleteRecords", err, tc.wantErr)
			if tc.wantErr == nil && got != tc.want {
				t.Errorf("DeleteRecords = %d, want %d", got, tc.want)
			}
			want := fakelog.PartitionInfo{Topic: "t", StartOffset: tc.wantStart, EndOffset: 10, Records: 10 - tc.wantStart, Bytes: 10 - tc.wantStart}
			if diff := cmp.Diff(want, mustPartition(t, l, "t", 0)); diff != "" {
				t.Errorf("PartitionInfo (-want +got):\n%s", diff)
			}
			if tc.wantStart > 0 {
				_, err := l.Read("t", 0, tc.wantStart-1, 0)
				checkErr(t, "Read below start", err, fakelog.ErrOffsetOutOfRange)
			}
			recs := mustRead(t, l, "t", 0, tc.wantStart, 0)
			var wantVals []string
			for i := tc.wantStart; i < 10; i++ {
				wantVals = append(wantVals, fmt.Sprint(i))
			}
			if diff := cmp.Diff(wantVals, values(recs), cmpopts.EquateEmpty()); diff != "" {
				t.Errorf("remaining values (-want +got):\n%s", diff)
			}
			// Appends continue from the end offset.
			if off := mustAppend(t, l, "t", 0, val("next")); off[0] != 10 {
				t.Errorf("next offset = %d, want 10", off[0])
			}
		})
	}
}

func TestDeleteRecordsEverythingAcrossSegments(t *testing.T) {
	t.Parallel()
	l, _ := newLogWithTopic(t, "t", 1)
	for range 3 {
		batch := make([]fakelog.Record, 1024)
		for i := range batch {
			batch[i] = sized(10)
		}
		mustAppend(t, l, "t", 0, batch...)
	}
	for _, before := range []int64{1000, 1024, 2500, 3072} {
		if _, err := l.DeleteRecords("t", 0, before); err != nil {
			t.Fatal(err)
		}
		pi := mustPartition(t, l, "t", 0)
		if pi.StartOffset != before || pi.Bytes != 10*(3072-before) {
			t.Errorf("after DeleteRecords(%d): %+v", before, pi)
		}
	}
	offs := mustAppend(t, l, "t", 0, val("a"), val("b"))
	if diff := cmp.Diff([]int64{3072, 3073}, offs); diff != "" {
		t.Errorf("offsets after deleting everything (-want +got):\n%s", diff)
	}
	if diff := cmp.Diff([]string{"a", "b"}, values(mustRead(t, l, "t", 0, 3072, 0))); diff != "" {
		t.Errorf("values (-want +got):\n%s", diff)
	}
}

func TestRetentionByRecords(t *testing.T) {
	t.Parallel()
	l, _ := newLog(t, fakelog.WithRetention(100, 0))
	mustCreate(t, l, "t", 2, nil)
	for i := range 5000 {
		if _, err := l.Produce("t", []fakelog.Record{{Partition: 0, Value: []byte(fmt.Sprint(i))}}); err != nil {
			t.Fatal(err)
		}
	}
	want := fakelog.PartitionInfo{Topic: "t", StartOffset: 4900, EndOffset: 5000, Records: 100, Bytes: 400}
	if diff := cmp.Diff(want, mustPartition(t, l, "t", 0)); diff != "" {
		t.Errorf("PartitionInfo (-want +got):\n%s", diff)
	}
	for _, off := range []int64{0, 1023, 4899} {
		_, err := l.Read("t", 0, off, 0)
		checkErr(t, fmt.Sprintf("Read(%d)", off), err, fakelog.ErrOffsetOutOfRange)
	}
	recs := mustRead(t, l, "t", 0, 4900, 0)
	if len(recs) != 100 || string(recs[0].Value) != "4900" || string(recs[99].Value) != "4999" {
		t.Errorf("read %d records from 4900: first %q, last %q", len(recs), recs[0].Value, recs[len(recs)-1].Value)
	}
	// One big batch is trimmed after it is stored.
	batch := make([]fakelog.Record, 450)
	offs := mustAppend(t, l, "t", 1, batch...)
	if offs[0] != 0 || offs[449] != 449 {
		t.Errorf("offsets %d..%d, want 0..449", offs[0], offs[449])
	}
	if pi := mustPartition(t, l, "t", 1); pi.StartOffset != 350 || pi.EndOffset != 450 {
		t.Errorf("after a 450-record batch: %+v", pi)
	}
}

func TestRetentionByBytes(t *testing.T) {
	t.Parallel()
	l, _ := newLog(t, fakelog.WithRetention(0, 250))
	mustCreate(t, l, "t", 1, nil)
	for range 5 {
		mustAppend(t, l, "t", 0, sized(100))
	}
	want := fakelog.PartitionInfo{Topic: "t", StartOffset: 3, EndOffset: 5, Records: 2, Bytes: 200}
	if diff := cmp.Diff(want, mustPartition(t, l, "t", 0)); diff != "" {
		t.Errorf("PartitionInfo (-want +got):\n%s", diff)
	}
	// Exactly at the limit is kept.
	mustAppend(t, l, "t", 0, sized(50))
	want = fakelog.PartitionInfo{Topic: "t", StartOffset: 3, EndOffset: 6, Records: 3, Bytes: 250}
	if diff := cmp.Diff(want, mustPartition(t, l, "t", 0)); diff != "" {
		t.Errorf("PartitionInfo at the limit (-want +got):\n%s", diff)
	}
	// Headers count.
	mustAppend(t, l, "t", 0, fakelog.Record{Headers: []fakelog.Header{{Key: "k", Value: []byte("v")}}})
	want = fakelog.PartitionInfo{Topic: "t", StartOffset: 4, EndOffset: 7, Records: 3, Bytes: 152}
	if diff := cmp.Diff(want, mustPartition(t, l, "t", 0)); diff != "" {
		t.Errorf("PartitionInfo after a header-only record (-want +got):\n%s", diff)
	}
}

func TestRetentionBytesKeepsNewestRecord(t *testing.T) {
	t.Parallel()
	l, _ := newLog(t, fakelog.WithRetention(0, 50))
	mustCreate(t, l, "t", 1, nil)
	mustAppend(t, l, "t", 0, sized(100))
	if pi := mustPartition(t, l, "t", 0); pi.StartOffset != 0 || pi.EndOffset != 1 {
		t.Errorf("after one oversized record: %+v", pi)
	}
	if recs := mustRead(t, l, "t", 0, 0, 0); len(recs) != 1 || len(recs[0].Value) != 100 {
		t.Errorf("oversized record not readable: %d records", len(recs))
	}
	mustAppend(t, l, "t", 0, sized(10))
	if pi := mustPartition(t, l, "t", 0); pi.StartOffset != 1 || pi.Bytes != 10 {
		t.Errorf("after a small record: %+v", pi)
	}
}

func TestRetentionTopicConfigs(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name      string
		configs   map[string]string
		wantStart int64
	}{
		{name: "log default", configs: nil, wantStart: 10},
		{name: "records override", configs: map[string]string{"retention.records": "3"}, wantStart: 17},
		{name: "records unlimited", configs: map[string]string{"retention.records": "-1"}, wantStart: 0},
		{name: "records zero is unlimited", configs: map[string]string{"retention.records": "0"}, wantStart: 0},
		{name: "bytes added to default records", configs: map[string]string{"retention.bytes": "100"}, wantStart: 15},
		{name: "bytes only", configs: map[string]string{"retention.records": "-1", "retention.bytes": "200"}, wantStart: 10},
		{name: "bytes unlimited keeps default records", configs: map[string]string{"retention.bytes": "-1"}, wantStart: 10},
		{name: "unrelated config", configs: map[string]string{"retention.ms": "1"}, wantStart: 10},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			l, _ := newLog(t, fakelog.WithRetention(10, 0))
			mustCreate(t, l, "t", 1, tc.configs)
			for range 20 {
				mustAppend(t, l, "t", 0, sized(20))
			}
			pi := mustPartition(t, l, "t", 0)
			want := fakelog.PartitionInfo{Topic: "t", StartOffset: tc.wantStart, EndOffset: 20, Records: 20 - tc.wantStart, Bytes: 20 * (20 - tc.wantStart)}
			if diff := cmp.Diff(want, pi); diff != "" {
				t.Errorf("PartitionInfo (-want +got):\n%s", diff)
			}
		})
	}
}
