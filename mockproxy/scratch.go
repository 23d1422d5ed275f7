package mockproxy

import (
	"github.com/kafkarestmock/kafkarestmock/fakelog"
	"github.com/kafkarestmock/kafkarestmock/internal/jsonv"
)

// produceScratch is the memory one produce request works in: its body
// (a v3 stream's buffer), the parser's stacks and slabs, the decoded keys
// and values, and the record, batch, result and report slices. A server keeps the scratches of
// finished produce requests in a pool (Server.scratch), so that a steady
// stream of produce requests allocates almost nothing per request.
//
// Nothing in a scratch outlives its request: the backends copy what they
// store, errors carry their own strings, and the answer is written before
// the scratch goes back (resourceHandler puts it back after the handler
// and its error answer). A scratch belongs to one call at a time.
type produceScratch struct {
	style   produceStyle
	body    []byte
	parser  jsonv.Parser
	arena   byteArena
	recs    []produceRecord
	results []produceResult
	batch   []fakelog.Record
	index   []int
	answer  []byte
	queue   []v3Report // a v3 stream's reports not written yet
}

// maxKeptScratch bounds what a pooled scratch keeps: one whose body grew
// past it (a request near the body limit) is dropped, not pooled.
const maxKeptScratch = 4 << 20

// getScratch returns a scratch for c, the same one for every call of one
// request. It does not block.
func (c *call) getScratch() *produceScratch {
	if c.scratch == nil {
		c.scratch, _ = c.s.scratch.Get().(*produceScratch)
		if c.scratch == nil {
			c.scratch = new(produceScratch)
		}
	}
	return c.scratch
}

// putScratch returns c's scratch, if it took one, to the server's pool,
// cleared of the request's references (the backends and answers hold
// none, but a pooled scratch must not keep records alive either).
func (c *call) putScratch() {
	sc := c.scratch
	if sc == nil {
		return
	}
	c.scratch = nil
	if cap(sc.body) > maxKeptScratch || cap(sc.answer) > maxKeptScratch || cap(sc.recs) > maxKeptScratch/64 {
		return
	}
	sc.style = produceStyle{}
	clear(sc.recs)
	clear(sc.batch)
	clear(sc.queue)
	sc.body, sc.recs, sc.batch = sc.body[:0], sc.recs[:0], sc.batch[:0]
	sc.results, sc.index, sc.answer, sc.queue = sc.results[:0], sc.index[:0], sc.answer[:0], sc.queue[:0]
	sc.arena.reset()
	c.s.scratch.Put(sc)
}

// resized returns s with length n and every element zero, reusing its
// memory when it is large enough.
func resized[T any](s []T, n int) []T {
	if cap(s) < n {
		return make([]T, n)
	}
	s = s[:n]
	clear(s)
	return s
}
