package fakelog

import (
	"math"
	"slices"
	"sync"
	"time"
)

// Storage layout.
//
// A partition holds its records in segments of segmentEntries entries.
// Segment bases are multiples of segmentEntries (offsets start at 0 and
// every segment but the last is full), so the segment of an offset is
// found by division. An entry is a fixed 32-byte, pointer-free struct: the
// entry arrays are never scanned by the garbage collector. Offsets are
// implicit (segment base + index).
//
// Key and value bytes of a record are stored back to back in a byte chunk.
// Chunks are carved from a per-partition arena of up to maxChunk bytes;
// records larger than largeRecord get a chunk of their own. A segment lists
// the chunks its entries point into (a chunk may be listed by two adjacent
// segments), so dropping a segment frees the chunks no other segment uses.
// Stored bytes are never written again after the append that stored them.
const (
	segmentEntries      = 1024
	firstSegmentEntries = 16 // capacity of a partition's first segment; it grows to segmentEntries
	minChunk            = 1 << 10
	maxChunk            = 64 << 10
	largeRecord         = maxChunk / 4
)

// entry is one stored record.
type entry struct {
	ts     int64  // timestamp, Unix nanoseconds
	off    uint32 // where the key starts in the chunk; the value follows it
	chunk  uint32 // index into segment.chunks
	keyLen int32  // -1 for a null key
	valLen int32  // -1 for a null value
	hdr    int32  // 1 + index into segment.hdrs; 0 when there are no headers
}

func (e *entry) payload() int { return max(int(e.keyLen), 0) + max(int(e.valLen), 0) }

// segment holds up to segmentEntries consecutive records.
type segment struct {
	base    int64
	entries []entry    // one per record; capacity fixed once it reaches segmentEntries
	chunks  [][]byte   // full-capacity views of the chunks entries point into
	hdrs    [][]Header // deep copies of the records' headers, for records that have any
	arena   int32      // index in chunks of the partition's current arena chunk; -1 if not listed
	maxTs   int64      // largest timestamp in entries
}

func (s *segment) size(e *entry) int64 {
	n := int64(e.payload())
	if e.hdr > 0 {
		n += headerBytes(s.hdrs[e.hdr-1])
	}
	return n
}

// partition is one partition's log.
type partition struct {
	// mu guards every field below. Lock order: group.mu, then Log.mu,
	// then partition.mu, then notifier.mu.
	mu sync.RWMutex
	// segs holds the records from the segment containing start up to end.
	segs []*segment
	// start is the log start offset, end the log end offset.
	start, end int64
	// bytes is the payload (key, value, header) bytes in [start, end).
	bytes int64
	// arena is the chunk small records are appended to: len is the used
	// part, cap the chunk size.
	arena []byte
	// wake is closed and set to nil at the next change; created only
	// when someone waits (Changed, WaitForData).
	wake chan struct{}
}

// wakeLocked wakes the partition's waiters. p.mu must be held for writing.
func (p *partition) wakeLocked() {
	if p.wake != nil {
		close(p.wake)
		p.wake = nil
	}
}

// waitLocked returns the channel closed at the next change. p.mu must be
// held for writing.
func (p *partition) waitLocked() <-chan struct{} {
	if p.wake == nil {
		p.wake = make(chan struct{})
	}
	return p.wake
}

// infoLocked reports the partition's offsets. p.mu must be held.
func (p *partition) infoLocked(topic string, id int32) PartitionInfo {
	return PartitionInfo{
		Topic:       topic,
		Partition:   id,
		StartOffset: p.start,
		EndOffset:   p.end,
		Records:     p.end - p.start,
		Bytes:       p.bytes,
	}
}

// locate returns the segment holding offset off and the index of its entry.
// off must be in [start, end).
func (p *partition) locate(off int64) (*segment, int) {
	s := p.segs[p.segIndex(off)]
	return s, int(off - s.base)
}

// segIndex is the index in segs of the segment holding offset off.
func (p *partition) segIndex(off int64) int {
	return int(off/segmentEntries - p.segs[0].base/segmentEntries)
}

func (p *partition) sizeAt(off int64) int64 {
	s, i := p.locate(off)
	return s.size(&s.entries[i])
}

// tailLocked returns the segment the next record goes to, creating or
// growing it as needed. p.mu must be held for writing.
func (p *partition) tailLocked() *segment {
	if n := len(p.segs); n > 0 {
		s := p.segs[n-1]
		if len(s.entries) < segmentEntries {
			if len(s.entries) == cap(s.entries) {
				grown := make([]entry, len(s.entries), min(2*cap(s.entries), segmentEntries))
				copy(grown, s.entries)
				s.entries = grown
			}
			return s
		}
	}
	c := segmentEntries
	if p.end == 0 {
		c = firstSegmentEntries
	}
	s := &segment{base: p.end, entries: make([]entry, 0, c), arena: -1, maxTs: math.MinInt64}
	p.segs = append(p.segs, s)
	return s
}

// allocLocked returns n bytes of chunk space for a record in segment s,
// with the chunk index and offset to record in its entry.
func (p *partition) allocLocked(s *segment, n int) (buf []byte, chunk, off uint32) {
	if n > largeRecord {
		b := make([]byte, n)
		s.chunks = append(s.chunks, b)
		return b, uint32(len(s.chunks) - 1), 0
	}
	if cap(p.arena)-len(p.arena) < n {
		size := max(min(2*cap(p.arena), maxChunk), minChunk, n)
		p.arena = make([]byte, 0, size)
		s.arena = -1
	}
	if s.arena < 0 {
		s.chunks = append(s.chunks, p.arena[:cap(p.arena)])
		s.arena = int32(len(s.chunks) - 1)
	}
	o := len(p.arena)
	p.arena = p.arena[:o+n]
	return p.arena[o : o+n : o+n], uint32(s.arena), uint32(o)
}

// appendLocked stores a deep copy of r with timestamp ts (Unix
// nanoseconds) and returns its offset. p.mu must be held for writing.
func (p *partition) appendLocked(r *Record, ts int64) int64 {
	s := p.tailLocked()
	e := entry{ts: ts, keyLen: -1, valLen: -1}
	if r.Key != nil {
		e.keyLen = int32(len(r.Key))
	}
	if r.Value != nil {
		e.valLen = int32(len(r.Value))
	}
	size := int64(e.payload())
	if size > 0 {
		buf, chunk, off := p.allocLocked(s, int(size))
		copy(buf[copy(buf, r.Key):], r.Value)
		e.chunk, e.off = chunk, off
	}
	if len(r.Headers) > 0 {
		s.hdrs = append(s.hdrs, copyHeaders(r.Headers))
		e.hdr = int32(len(s.hdrs))
		size += headerBytes(r.Headers)
	}
	s.entries = append(s.entries, e)
	s.maxTs = max(s.maxTs, ts)
	p.end++
	p.bytes += size
	return p.end - 1
}

// enforceLocked applies retention r after an append. Byte retention keeps
// at least the newest record. p.mu must be held for writing.
func (p *partition) enforceLocked(r retention) {
	to, b := p.start, p.bytes
	if r.records > 0 {
		for ; p.end-to > r.records; to++ {
			b -= p.sizeAt(to)
		}
	}
	if r.bytes > 0 {
		for ; b > r.bytes && p.end-to > 1; to++ {
			b -= p.sizeAt(to)
		}
	}
	if to != p.start {
		p.start, p.bytes = to, b
		p.dropLocked()
	}
}

// moveStartLocked advances the log start offset to to (start <= to <= end).
// p.mu must be held for writing.
func (p *partition) moveStartLocked(to int64) {
	for off := p.start; off < to; off++ {
		p.bytes -= p.sizeAt(off)
	}
	p.start = to
	p.dropLocked()
}

// dropLocked frees the segments lying wholly below the log start offset.
// Such segments are full, so the remaining bases stay aligned.
func (p *partition) dropLocked() {
	k := 0
	for k < len(p.segs) && p.segs[k].base+segmentEntries <= p.start {
		k++
	}
	if k == 0 {
		return
	}
	n := copy(p.segs, p.segs[k:])
	clear(p.segs[n:])
	p.segs = p.segs[:n]
	if n == 0 {
		// The arena's chunk may still be shared with a dropped segment;
		// start a fresh one so its memory can go.
		p.arena = nil
	}
}

// readLocked returns deep copies of the records from offset on (with
// shared, records whose bytes are the log's own), at most n
// of them (n <= 0: no cap), stopping before the record that would make the
// summed key and value bytes exceed maxBytes (maxBytes <= 0: no cap) but
// returning at least one record when one exists. offset must be in
// [start, end]. p.mu must be held.
func (p *partition) readLocked(topic string, id int32, offset int64, n, maxBytes int, shared bool) []Record {
	return p.readAppendLocked(nil, topic, id, offset, n, maxBytes, shared)
}

// readAppendLocked is readLocked appending the records to dst.
func (p *partition) readAppendLocked(dst []Record, topic string, id int32, offset int64, n, maxBytes int, shared bool) []Record {
	count, payload, hdrVals, hdrCount := 0, 0, 0, 0
	measure := !shared || maxBytes > 0 || p.headersLocked(offset, n)
	if !measure {
		// Nothing to measure: no bytes to copy, no byte cap, no headers.
		count = int(max(p.end-offset, 0))
		if n > 0 {
			count = min(count, n)
		}
	}
	for off := offset; measure && off < p.end; off++ {
		if n > 0 && count >= n {
			break
		}
		s, i := p.locate(off)
		e := &s.entries[i]
		sz := e.payload()
		if maxBytes > 0 && count > 0 && payload+sz > maxBytes {
			break
		}
		payload += sz
		count++
		if e.hdr > 0 {
			hs := s.hdrs[e.hdr-1]
			hdrCount += len(hs)
			for _, h := range hs {
				hdrVals += len(h.Value)
			}
		}
	}
	if count == 0 {
		if dst == nil {
			return []Record{}
		}
		return dst
	}
	base := len(dst)
	dst = slices.Grow(dst, count)[:base+count]
	out := dst[base:]
	var buf []byte
	if !shared {
		buf = make([]byte, payload+hdrVals)
	}
	var hbuf []Header
	if hdrCount > 0 {
		hbuf = make([]Header, hdrCount)
	}
	take := func(src []byte) []byte {
		if shared {
			if len(src) == 0 {
				return []byte{} // empty, not null
			}
			return src[:len(src):len(src)] // chunks are written once, when stored
		}
		k := copy(buf, src)
		b := buf[:k:k]
		buf = buf[k:]
		return b
	}
	var (
		lastTS   int64
		lastTime time.Time
	)
	for j := range out {
		off := offset + int64(j)
		s, i := p.locate(off)
		e := &s.entries[i]
		r := &out[j]
		// Set in place, every field (dst may be reused): a Record literal
		// is built on the stack and copied.
		r.Topic, r.Partition, r.Offset = topic, id, off
		r.Key, r.Value, r.Headers = nil, nil, nil
		if e.ts != lastTS || j == 0 { // a batch's records often share one
			lastTS, lastTime = e.ts, fromNanos(e.ts)
		}
		r.Timestamp = lastTime
		var data []byte
		if e.payload() > 0 { // a record of null or empty key and value has no chunk
			data = s.chunks[e.chunk][e.off:]
		}
		if e.keyLen >= 0 {
			r.Key = take(data[:e.keyLen])
			data = data[e.keyLen:]
		}
		if e.valLen >= 0 {
			r.Value = take(data[:e.valLen])
		}
		if e.hdr > 0 {
			hs := s.hdrs[e.hdr-1]
			hd := hbuf[:len(hs):len(hs)]
			hbuf = hbuf[len(hs):]
			for k, h := range hs {
				hd[k].Key = h.Key
				if h.Value != nil {
					hd[k].Value = take(h.Value)
				}
			}
			r.Headers = hd
		}
	}
	return dst
}

// headersLocked reports whether some record of the n (all when n <= 0)
// from offset may have headers: whether a segment they are in holds any.
func (p *partition) headersLocked(offset int64, n int) bool {
	last := p.end - 1
	if n > 0 {
		last = min(last, offset+int64(n)-1)
	}
	if offset > last {
		return false
	}
	for i, end := p.segIndex(offset), p.segIndex(last); i <= end; i++ {
		if len(p.segs[i].hdrs) > 0 {
			return true
		}
	}
	return false
}

// offsetForTimeLocked returns the first offset in [start, end) whose
// timestamp is >= ts, or end. p.mu must be held.
func (p *partition) offsetForTimeLocked(ts int64) int64 {
	if p.start == p.end {
		return p.end
	}
	first, _ := p.locate(p.start)
	for _, s := range p.segs {
		if s.maxTs < ts {
			continue
		}
		i := 0
		if s == first {
			i = int(p.start - s.base)
		}
		for ; i < len(s.entries); i++ {
			if s.entries[i].ts >= ts {
				return s.base + int64(i)
			}
		}
	}
	return p.end
}

// copyHeaders deep-copies hs with one allocation for all values, keeping
// nil values nil.
func copyHeaders(hs []Header) []Header {
	n := 0
	for _, h := range hs {
		n += len(h.Value)
	}
	buf := make([]byte, n)
	out := make([]Header, len(hs))
	for i, h := range hs {
		out[i].Key = h.Key
		if h.Value != nil {
			k := copy(buf, h.Value)
			out[i].Value = buf[:k:k]
			buf = buf[k:]
		}
	}
	return out
}

func headerBytes(hs []Header) int64 {
	var n int64
	for _, h := range hs {
		n += int64(len(h.Key) + len(h.Value))
	}
	return n
}

// toNanos converts t to Unix nanoseconds, clamping times outside the
// int64 range (years 1678 to 2262).
func toNanos(t time.Time) int64 {
	const lo, hi = math.MinInt64 / 1_000_000_000, math.MaxInt64 / 1_000_000_000
	switch s := t.Unix(); {
	case s < lo:
		return math.MinInt64
	case s >= hi:
		return math.MaxInt64
	}
	return t.UnixNano()
}

func fromNanos(ns int64) time.Time { return time.Unix(0, ns).UTC() }
