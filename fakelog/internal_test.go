package fakelog

import (
	"errors"
	"math"
	"reflect"
	"testing"
	"time"
	"unsafe"

	"github.com/google/go-cmp/cmp"
)

func TestTopicRetention(t *testing.T) {
	t.Parallel()
	def := retention{records: 10, bytes: 1000}
	tests := []struct {
		name    string
		configs map[string]string
		want    retention
		wantErr bool
	}{
		{name: "nil", configs: nil, want: def},
		{name: "bytes", configs: map[string]string{"retention.bytes": "5"}, want: retention{records: 10, bytes: 5}},
		{name: "bytes -1", configs: map[string]string{"retention.bytes": "-1"}, want: retention{records: 10}},
		{name: "records", configs: map[string]string{"retention.records": "7"}, want: retention{records: 7, bytes: 1000}},
		{name: "both with spaces", configs: map[string]string{"retention.records": " 0 ", "retention.bytes": "3 "}, want: retention{bytes: 3}},
		{name: "bad bytes", configs: map[string]string{"retention.bytes": "1e3"}, wantErr: true},
		{name: "bad records", configs: map[string]string{"retention.records": ""}, wantErr: true},
	}
	for _, tc := range tests {
		got, err := topicRetention(def, tc.configs)
		if tc.wantErr {
			if !errors.Is(err, ErrInvalidConfig) {
				t.Errorf("%s: error %v, want ErrInvalidConfig", tc.name, err)
			}
			continue
		}
		if err != nil {
			t.Errorf("%s: %v", tc.name, err)
		}
		if got != tc.want {
			t.Errorf("%s: got %+v, want %+v", tc.name, got, tc.want)
		}
	}
}

func TestToNanos(t *testing.T) {
	t.Parallel()
	tests := []struct {
		in   time.Time
		want int64
	}{
		{time.Unix(0, 0), 0},
		{time.Unix(1, 5), 1_000_000_005},
		{time.Unix(-1, 0), -1_000_000_000},
		{time.Time{}, math.MinInt64},
		{time.Date(9999, 1, 1, 0, 0, 0, 0, time.UTC), math.MaxInt64},
		{time.Unix(0, math.MaxInt64-1), math.MaxInt64}, // clamped near the edge
	}
	for _, tc := range tests {
		if got := toNanos(tc.in); got != tc.want {
			t.Errorf("toNanos(%v) = %d, want %d", tc.in, got, tc.want)
		}
	}
	ts := time.Date(2024, 2, 3, 4, 5, 6, 7, time.UTC)
	if got := fromNanos(toNanos(ts)); !got.Equal(ts) || got.Location() != time.UTC {
		t.Errorf("fromNanos(toNanos(%v)) = %v", ts, got)
	}
}

// TestEntryLayout guards the memory budget: an entry is 32 bytes and
// holds no pointers.
func TestEntryLayout(t *testing.T) {
	t.Parallel()
	if got := unsafe.Sizeof(entry{}); got != 32 {
		t.Errorf("sizeof(entry) = %d, want 32", got)
	}
	typ := reflect.TypeFor[entry]()
	for i := range typ.NumField() {
		switch f := typ.Field(i); f.Type.Kind() {
		case reflect.Int32, reflect.Int64, reflect.Uint32:
		default:
			t.Errorf("entry.%s has kind %v; entries must hold no pointers", f.Name, f.Type.Kind())
		}
	}
}

// segState summarizes a partition's segments for comparison.
type segState struct {
	Bases      []int64
	Start, End int64
	Bytes      int64
}

func stateOf(p *partition) segState {
	p.mu.RLock()
	defer p.mu.RUnlock()
	s := segState{Start: p.start, End: p.end, Bytes: p.bytes}
	for _, sg := range p.segs {
		s.Bases = append(s.Bases, sg.base)
	}
	return s
}

func fill(p *partition, n, size int, r retention) {
	p.mu.Lock()
	defer p.mu.Unlock()
	rec := Record{Value: make([]byte, size)}
	for range n {
		p.appendLocked(&rec, 1)
		p.enforceLocked(r)
	}
}

func TestSegmentsDroppedByRetention(t *testing.T) {
	t.Parallel()
	p := &partition{}
	fill(p, 5000, 10, retention{records: 100})
	want := segState{Bases: []int64{4096}, Start: 4900, End: 5000, Bytes: 1000}
	if diff := cmp.Diff(want, stateOf(p)); diff != "" {
		t.Errorf("segments (-want +got):\n%s", diff)
	}
	// Retention across a segment boundary keeps two segments.
	fill(p, 150, 10, retention{records: 100})
	want = segState{Bases: []int64{4096, 5120}, Start: 5050, End: 5150, Bytes: 1000}
	if diff := cmp.Diff(want, stateOf(p)); diff != "" {
		t.Errorf("segments (-want +got):\n%s", diff)
	}
}

func TestSegmentsDroppedByDeleteRecords(t *testing.T) {
	t.Parallel()
	p := &partition{}
	fill(p, 3*segmentEntries, 1, retention{})
	steps := []struct {
		before int64
		want   segState
	}{
		{1023, segState{Bases: []int64{0, 1024, 2048}, Start: 1023, End: 3072, Bytes: 3072 - 1023}},
		{1024, segState{Bases: []int64{1024, 2048}, Start: 1024, End: 3072, Bytes: 2048}},
		{3072, segState{Bases: nil, Start: 3072, End: 3072, Bytes: 0}},
	}
	for _, st := range steps {
		p.mu.Lock()
		p.moveStartLocked(st.before)
		p.mu.Unlock()
		if diff := cmp.Diff(st.want, stateOf(p)); diff != "" {
			t.Errorf("after moving start to %d (-want +got):\n%s", st.before, diff)
		}
	}
	fill(p, 1, 1, retention{})
	want := segState{Bases: []int64{3072}, Start: 3072, End: 3073, Bytes: 1}
	if diff := cmp.Diff(want, stateOf(p)); diff != "" {
		t.Errorf("after appending to an emptied partition (-want +got):\n%s", diff)
	}
}

// TestArenaChunks checks that small records share chunks, large records
// get their own, and the first segment grows to full size.
func TestArenaChunks(t *testing.T) {
	t.Parallel()
	p := &partition{}
	fill(p, 10, 100, retention{})
	s := p.segs[0]
	if len(s.chunks) != 1 || cap(s.chunks[0]) != minChunk {
		t.Errorf("after 10 small records: %d chunks, first of cap %d; want 1 of %d", len(s.chunks), cap(s.chunks[0]), minChunk)
	}
	fill(p, 1, largeRecord+1, retention{})
	if len(s.chunks) != 2 || len(s.chunks[1]) != largeRecord+1 {
		t.Errorf("large record did not get its own chunk: %d chunks", len(s.chunks))
	}
	fill(p, segmentEntries-11, 100, retention{})
	if cap(s.entries) != segmentEntries || len(s.entries) != segmentEntries {
		t.Errorf("first segment: len %d cap %d, want %d", len(s.entries), cap(s.entries), segmentEntries)
	}
	for i, c := range s.chunks {
		if i != 1 && cap(c) > maxChunk {
			t.Errorf("chunk %d has cap %d > %d", i, cap(c), maxChunk)
		}
	}
	fill(p, 1, 100, retention{})
	if len(p.segs) != 2 || cap(p.segs[1].entries) != segmentEntries {
		t.Errorf("second segment not allocated at full size")
	}
	// The chunk in use when the segment filled is shared by the next one.
	last := s.chunks[len(s.chunks)-1]
	if &p.segs[1].chunks[0][0] != &last[0] {
		t.Errorf("second segment does not continue the current chunk")
	}
}
