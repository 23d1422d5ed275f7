package jsonv

// The parser's state and memory: the reusable Parser, the member stacks
// and slabs that objects and arrays share, and the recent field names.

// Parser parses documents one after another (the records of a stream),
// reusing its memory from one to the next: the Values of a parse are valid
// only until the next call of Parse. The zero value is ready; not safe for
// concurrent use.
type Parser struct{ p parser }

// Parse is the package's Parse, with the Parser's memory.
func (ps *Parser) Parse(data []byte) (v Value, ok bool, err error) {
	return ps.ParseDepth(data, -1)
}

// ParseDepth is the package's ParseDepth, with the Parser's memory.
func (ps *Parser) ParseDepth(data []byte, depth int) (v Value, ok bool, err error) {
	p := &ps.p
	p.data, p.pos, p.keep = data, 0, depth
	p.fields, p.items = p.fields[:0], p.items[:0]
	// One slab as large as all of the last document's, so that a
	// document like the last one fills it without taking another.
	p.fieldSlab = reslab(p.fieldSlab, p.fieldsDone)
	p.itemSlab = reslab(p.itemSlab, p.itemsDone)
	p.fieldsDone, p.itemsDone = 0, 0
	v, ok, err = p.document()
	p.data = nil // the document is the caller's
	return v, ok, err
}

// parser reads one document. Objects and arrays collect their members on
// shared stacks (fields, items) while they are open, and copy them at
// their close into slabs that many containers share, so that a document
// of many small objects (a produce request's records) costs a few
// allocations instead of several per object. Field names repeat across
// such objects: the last few are kept (names) and reused.
type parser struct {
	data []byte
	pos  int
	keep int // containers at a depth beyond keep are only checked; <0: none

	fields    []Field
	items     []Value
	fieldSlab []Field
	itemSlab  []Value
	names     [8]string
	nextName  int

	// fieldsDone and itemsDone count the entries of earlier slabs of the
	// document, for the Parser's next one.
	fieldsDone, itemsDone int
}

// maxKeptSlab bounds the slab a Parser keeps for its next document.
const maxKeptSlab = 1 << 16

// reslab empties slab for a new document, replacing it with one large
// enough for the last document's done+len(slab) entries (up to
// maxKeptSlab) when it is smaller.
func reslab[T any](slab []T, done int) []T {
	total := done + len(slab)
	if cap(slab) >= total || total > maxKeptSlab {
		clear(slab)
		return slab[:0]
	}
	return make([]T, 0, total)
}

// Slabs grow by doubling from the size of the first container closed to
// maxSlab entries (or the size of one container): a small document holds
// no more than it needs.
const (
	minSlab = 1
	maxSlab = 512
)

// closeFields moves the fields above mark from the stack into the slab
// and returns them, their capacity capped so that appending copies.
func (p *parser) closeFields(mark int) []Field {
	n := len(p.fields) - mark
	if cap(p.fieldSlab)-len(p.fieldSlab) < n {
		p.fieldsDone += len(p.fieldSlab)
		p.fieldSlab = make([]Field, 0, max(min(2*cap(p.fieldSlab), maxSlab), minSlab, n))
	}
	l := len(p.fieldSlab)
	out := p.fieldSlab[l : l+n : l+n]
	copy(out, p.fields[mark:])
	p.fieldSlab = p.fieldSlab[:l+n]
	clear(p.fields[mark:])
	p.fields = p.fields[:mark]
	return out
}

// closeItems is closeFields for array elements. (A generic function for
// both measured 20% slower on BenchmarkParseProduceBody.)
func (p *parser) closeItems(mark int) []Value {
	n := len(p.items) - mark
	if cap(p.itemSlab)-len(p.itemSlab) < n {
		p.itemsDone += len(p.itemSlab)
		p.itemSlab = make([]Value, 0, max(min(2*cap(p.itemSlab), maxSlab), minSlab, n))
	}
	l := len(p.itemSlab)
	out := p.itemSlab[l : l+n : l+n]
	copy(out, p.items[mark:])
	p.itemSlab = p.itemSlab[:l+n]
	clear(p.items[mark:])
	p.items = p.items[:mark]
	return out
}

// name returns the decoded field name whose source (without quotes) is
// raw, reusing a recent equal name's string.
func (p *parser) name(raw []byte, escaped bool) string {
	if escaped {
		return string(unescape(raw))
	}
	for _, n := range p.names {
		if len(n) == len(raw) && n == string(raw) {
			return n
		}
	}
	n := string(raw)
	p.names[p.nextName] = n
	p.nextName = (p.nextName + 1) % len(p.names)
	return n
}
