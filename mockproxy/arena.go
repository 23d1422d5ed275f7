package mockproxy

// byteArena hands out the byte slices of one request (the decoded keys and
// values of a produce, the framed records of a schema produce) from shared
// chunks instead of one allocation each. The backends copy what they
// store, so a chunk lives as long as the request's records. The zero
// value is ready; not safe for concurrent use.
type byteArena struct {
	buf  []byte // the current chunk
	done int    // bytes handed out from earlier chunks
}

// The chunks of a byteArena double from minArenaChunk to maxArenaChunk
// (or the size asked for), so that a request of one small record does not
// hold a large chunk.
const (
	minArenaChunk = 256
	maxArenaChunk = 32 << 10
)

// reserve makes room for n more bytes in the current chunk.
func (a *byteArena) reserve(n int) {
	if cap(a.buf)-len(a.buf) < n {
		a.done += len(a.buf)
		a.buf = make([]byte, 0, max(min(2*cap(a.buf), maxArenaChunk), minArenaChunk, n))
	}
}

// alloc returns n bytes of the arena, their capacity capped so that
// appending to them copies; never nil. A nil arena allocates.
func (a *byteArena) alloc(n int) []byte {
	if a == nil {
		return make([]byte, n)
	}
	if n == 0 {
		return []byte{} // empty, never nil: a null key or value is another thing
	}
	a.reserve(n)
	l := len(a.buf)
	a.buf = a.buf[:l+n]
	return a.buf[l : l+n : l+n]
}

// reset makes the arena's memory available again, keeping one chunk as
// large as everything handed out since the last reset (up to
// maxKeptArena), so that the next request of the same size takes no
// new chunk. Every slice handed out before is the new owner's: the
// caller must hold none.
func (a *byteArena) reset() {
	total := a.done + len(a.buf)
	a.done = 0
	if cap(a.buf) >= total || total > maxKeptArena {
		a.buf = a.buf[:0]
		return
	}
	a.buf = make([]byte, 0, total)
}

// maxKeptArena bounds the chunk reset keeps.
const maxKeptArena = 1 << 20
