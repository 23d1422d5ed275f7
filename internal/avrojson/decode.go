package avrojson

import (
	"bytes"
	"math"
	"strconv"
	"unicode/utf8"
)

// AppendDecode converts one Avro JSON value to Avro binary appended to dst,
// as the proxy's produce path does: Avro's JsonDecoder reading the Jackson
// tree of the request (see Decode). Errors are *Error with Java's message.
// Safe for concurrent use.
//
// The decoder copies JsonDecoder's token machine: actions between two
// reads (record start, field lookup, field end, record end, union end) run
// just before the next read, so the top-level value's trailing actions
// never run; fields out of order are buffered and replayed; a missing field
// is reported as "Expected field name not found: f" only while other
// members follow, otherwise by the next read ("Expected int. Got
// END_OBJECT").
func (c *Codec) AppendDecode(dst, data []byte) ([]byte, error) {
	sc, _ := c.scratch.Get().(*decodeScratch)
	if sc == nil {
		sc = &decodeScratch{
			names: make([]int32, 0, 32), pend: make([]pending, 0, 32), rbs: make([]*reorder, 0, 8),
			text: make([]byte, 0, 64), conv: make([]byte, 0, 64)}
	}
	defer c.putScratch(sc)
	if want := 8 + len(data)/6; cap(sc.toks) < want {
		sc.toks = make([]tok, 0, want)
	}
	// A flat record is tokenized without looking for duplicate members:
	// flatRecord reads only objects that have none.
	toks, names, err := tokenizeDups(data, sc.toks[:0], sc.names[:0], !c.flat)
	sc.names = names
	if err != nil {
		return dst, err
	}
	sc.toks = toks
	d := decoder{data: data, toks: toks, lim: len(toks), out: dst,
		pend: sc.pend[:0], rbs: sc.rbs[:0], text: sc.text[:0], conv: sc.conv[:0],
		ents: sc.ents[:0], order: sc.order[:0]}
	if ok := c.flat && d.flatRecord(c.root); !ok {
		// The general reader, from the start: flatRecord gives up on
		// anything it does not expect (errors included) at once.
		if c.flat {
			if toks, sc.names, err = tokenize(data, toks[:0], sc.names[:0]); err != nil {
				return dst, err
			}
			sc.toks = toks
		}
		d.toks, d.lim, d.cur, d.out, d.pend = toks, len(toks), 0, dst, d.pend[:0]
		err = d.value(c.root, 0)
	}
	sc.pend, sc.rbs, sc.text, sc.conv, sc.ents, sc.order = d.pend, d.rbs, d.text, d.conv, d.ents, d.order
	if err != nil {
		return dst, err
	}
	return d.out, nil
}

// flatRecord reads a record whose fields are scalars (Codec.flat) when its
// members are exactly its fields, in their order, followed by the end of
// the object, and each tagged union's object has one member: what the
// general reader does with such a value, without its queue of pending
// actions (and without duplicate members, which the tokens were not
// checked for). It reports false, having written anything,
// on whatever else it meets, errors included: the general reader then
// reads the value again and gives the answer, whatever it is.
func (d *decoder) flatRecord(n *node) bool {
	if d.tok() != tokStartObject {
		return false
	}
	d.next()
	for i := range n.fields {
		f := &n.fields[i]
		if d.tok() != tokFieldName || string(d.curText()) != f.name {
			return false
		}
		d.next()
		tagged := f.n.kind == kUnion && d.tok() == tokStartObject
		if d.value(f.n, 1) != nil {
			return false
		}
		// A tagged union's object has its one member (none of its name
		// twice), and flush reads its end.
		if tagged && d.tok() != tokEndObject || d.flush() != nil {
			return false
		}
	}
	return d.tok() == tokEndObject
}

// decodeScratch is the buffers of one AppendDecode call, kept in
// Codec.scratch between calls.
type decodeScratch struct {
	toks  []tok
	names []int32
	pend  []pending
	rbs   []*reorder
	text  []byte
	conv  []byte
	ents  []mapEntry
	order []int
}

// maxScratch is the largest buffer (in elements) a Codec keeps for the
// next call; a value larger than that allocates its own.
const maxScratch = 1 << 16

func (c *Codec) putScratch(sc *decodeScratch) {
	if cap(sc.toks) > maxScratch || cap(sc.conv) > maxScratch || cap(sc.text) > maxScratch ||
		cap(sc.ents) > maxScratch || cap(sc.order) > maxScratch || cap(sc.pend) > maxScratch ||
		cap(sc.names) > maxScratch || cap(sc.rbs) > maxScratch {
		return
	}
	clear(sc.rbs[:cap(sc.rbs)]) // drop the reorder buffers of the last value
	c.scratch.Put(sc)
}

type actOp uint8

const (
	actRecordStart actOp = iota
	actField
	actFieldEnd
	actRecordEnd
	actUnionEnd
)

type pending struct {
	op actOp
	f  *field
}

// reorder is JsonDecoder's ReorderBuffer: members met before their field.
type reorder struct {
	saved   []saved
	live    int
	maxLive int
	orig    [2]int // parser (cur, lim) while a saved member is replayed
	replay  bool
}

type saved struct {
	name       string
	start, end int // token range of the value
	removed    bool
}

type mapEntry struct {
	hash            int32
	start, end      int // entry (key and value) in out
	keyStart        int // key bytes in out
	keyEnd          int
	dropped         bool
	valStart        int
	replacedByStart int // value of a later duplicate key, -1 if none
	replacedByEnd   int
}

type decoder struct {
	data     []byte
	toks     []tok
	cur, lim int // the current parser: a range of toks
	pend     []pending
	rb       *reorder
	rbs      []*reorder
	out      []byte
	text     []byte // scratch: decoded token text
	conv     []byte // scratch: converted string or bytes
	ents     []mapEntry
	order    []int
}

const maxSchemaDepth = 4*maxDepth + 64

func (d *decoder) tok() tokKind {
	if d.cur < d.lim {
		return d.toks[d.cur].kind
	}
	return tokNone
}

func (d *decoder) next() {
	if d.cur < d.lim {
		d.cur++
	}
}

// curText is the current token's text: the source bytes themselves for a
// token without escapes (capped, so that appending copies), else decoded
// into d.text. It is valid until the next call.
func (d *decoder) curText() []byte {
	t := d.toks[d.cur]
	if t.flags == 0 {
		return d.data[t.start:t.end:t.end]
	}
	d.text = appendText(d.text[:0], d.data, t)
	return d.text
}

// expected is Avro's error(type): "Expected <what>. Got <token>".
func (d *decoder) expected(what string) error {
	return avroErr("Expected " + what + ". Got " + d.tok().String())
}

// flush runs the actions pending since the last read.
func (d *decoder) flush() error {
	for i := 0; i < len(d.pend); i++ {
		if err := d.action(d.pend[i]); err != nil {
			return err
		}
	}
	d.pend = d.pend[:0]
	return nil
}

func (d *decoder) action(p pending) error {
	switch p.op {
	case actRecordStart:
		if d.tok() != tokStartObject {
			return d.expected("record-start")
		}
		d.next()
		d.rbs = append(d.rbs, d.rb)
		d.rb = nil
	case actField:
		return d.fieldAdjust(p.f)
	case actFieldEnd:
		if d.rb != nil && d.rb.replay {
			d.cur, d.lim = d.rb.orig[0], d.rb.orig[1]
			d.rb.replay = false
		}
	case actRecordEnd, actUnionEnd:
		for d.tok() != tokEndObject {
			if d.tok() == tokNone {
				// Java loops for ever here.
				return avroErr("Expected END_OBJECT. Got null")
			}
			d.next()
		}
		if p.op == actRecordEnd {
			if d.rb != nil && d.rb.live > 0 {
				return d.expected("Unknown fields: " + d.rb.unknown())
			}
			d.rb = d.rbs[len(d.rbs)-1]
			d.rbs = d.rbs[:len(d.rbs)-1]
		}
		d.next()
	}
	return nil
}

func (d *decoder) fieldAdjust(f *field) error {
	if d.rb != nil {
		for i := range d.rb.saved {
			s := &d.rb.saved[i]
			if !s.removed && s.name == f.name {
				s.removed = true
				d.rb.live--
				d.rb.orig = [2]int{d.cur, d.lim}
				d.rb.replay = true
				d.cur, d.lim = s.start, s.end
				return nil
			}
		}
	}
	if d.tok() != tokFieldName {
		return nil
	}
	for d.tok() == tokFieldName {
		fn := d.curText()
		d.next()
		if string(fn) == f.name || matchesAlias(fn, f.aliases) {
			return nil
		}
		if d.rb == nil {
			d.rb = &reorder{}
		}
		end := d.cur + 1
		if k := d.tok(); k == tokStartObject || k == tokStartArray {
			end = int(d.toks[d.cur].match) + 1
		}
		d.rb.put(string(fn), d.cur, end)
		d.cur = end - 1
		d.next()
	}
	return avroErr("Expected field name not found: " + f.name)
}

func matchesAlias(name []byte, aliases []string) bool {
	for _, a := range aliases {
		if string(name) == a {
			return true
		}
	}
	return false
}

func (r *reorder) put(name string, start, end int) {
	for i := range r.saved {
		if s := &r.saved[i]; !s.removed && s.name == name {
			s.start, s.end = start, end
			return
		}
	}
	r.saved = append(r.saved, saved{name: name, start: start, end: end})
	r.live++
	r.maxLive = max(r.maxLive, r.live)
}

// unknown formats the names still saved as Java prints the HashMap's key
// set: "[a, b]" in bucket order.
func (r *reorder) unknown() string {
	var hashes []int32
	var names []string
	for _, s := range r.saved {
		if !s.removed {
			names = append(names, s.name)
			hashes = append(hashes, javaStringHash(s.name))
		}
	}
	order := hashMapOrder(hashes, r.maxLive, nil)
	b := []byte{'['}
	for i, j := range order {
		if i > 0 {
			b = append(b, ", "...)
		}
		b = append(b, names[j]...)
	}
	return string(append(b, ']'))
}

func (d *decoder) value(n *node, depth int) error {
	if depth > maxSchemaDepth {
		return avroErr("schema nesting too deep")
	}
	switch n.kind {
	case kRecord:
		d.pend = append(d.pend, pending{op: actRecordStart})
		for i := range n.fields {
			f := &n.fields[i]
			d.pend = append(d.pend, pending{op: actField, f: f})
			if err := d.value(f.n, depth+1); err != nil {
				return err
			}
			d.pend = append(d.pend, pending{op: actFieldEnd})
		}
		d.pend = append(d.pend, pending{op: actRecordEnd})
		return nil
	case kArray:
		return d.array(n, depth)
	case kMap:
		return d.mapValue(n, depth)
	case kUnion:
		return d.union(n, depth)
	}
	if err := d.flush(); err != nil {
		return err
	}
	return d.scalar(n)
}

func (d *decoder) scalar(n *node) error {
	k := d.tok()
	switch n.kind {
	case kNull:
		if k != tokNull {
			return d.expected("null")
		}
	case kBoolean:
		if k != tokTrue && k != tokFalse {
			return d.expected("boolean")
		}
		d.out = append(d.out, b2i(k == tokTrue))
	case kInt:
		v, err := d.readInt()
		if err != nil {
			return err
		}
		d.out = appendLong(d.out, int64(v))
	case kLong:
		v, err := d.readLong()
		if err != nil {
			return err
		}
		d.out = appendLong(d.out, v)
	case kFloat, kDouble:
		return d.readFloating(n.kind == kFloat)
	case kString:
		if k != tokString {
			return d.expected("string")
		}
		d.appendString(d.curText())
	case kBytes:
		if k != tokString {
			return d.expected("bytes")
		}
		d.conv = appendLatin1(d.conv[:0], d.curText())
		d.out = appendLong(d.out, int64(len(d.conv)))
		d.out = append(d.out, d.conv...)
	case kFixed:
		if k != tokString {
			return d.expected("fixed")
		}
		d.conv = appendLatin1(d.conv[:0], d.curText())
		if len(d.conv) != n.size {
			return avroErr("Expected fixed length " + strconv.Itoa(n.size) + ", but got" + strconv.Itoa(len(d.conv)))
		}
		d.out = append(d.out, d.conv...)
	case kEnum:
		if k != tokString {
			return d.expected("fixed") // sic: Avro's readEnum says "fixed"
		}
		sym := d.curText()
		i := indexOf(n.symbols, sym)
		if i < 0 {
			return avroErr("Unknown symbol in enum " + string(sym))
		}
		d.out = appendLong(d.out, int64(i))
	}
	d.next()
	return nil
}

func b2i(b bool) byte {
	if b {
		return 1
	}
	return 0
}

func indexOf(list []string, s []byte) int {
	for i, x := range list {
		if x == string(s) {
			return i
		}
	}
	return -1
}

func (d *decoder) numText() string {
	t := d.toks[d.cur]
	return string(d.data[t.start:t.end])
}

// rangeErr is Jackson's InputCoercionException text.
func rangeErr(num, typ, lo, hi string) error {
	if len(num) >= 1000 {
		n := len(num)
		if num[0] == '-' {
			n--
		}
		num = "[Integer with " + strconv.Itoa(n) + " digits]"
	}
	return &Error{Msg: "Numeric value (" + num + ") out of range of " + typ + " (" + lo + " - " + hi + ")", Jackson: true}
}

func (d *decoder) readInt() (int32, error) {
	switch d.tok() {
	case tokInt:
		s := d.numText()
		v, err := strconv.ParseInt(s, 10, 32)
		if err != nil {
			return 0, rangeErr(s, "int", "-2147483648", "2147483647")
		}
		return int32(v), nil
	case tokFloat:
		// Jackson's getFloatValue of the double Jackson wrote.
		f := float32(d.floatValue(true))
		r := javaRound(float64(f), math.MinInt32, math.MaxInt32)
		if diff := f - float32(r); diff <= math.SmallestNonzeroFloat32 && -diff <= math.SmallestNonzeroFloat32 {
			return int32(r), nil
		}
	}
	return 0, d.expected("int")
}

func (d *decoder) readLong() (int64, error) {
	switch d.tok() {
	case tokInt:
		s := d.numText()
		v, err := strconv.ParseInt(s, 10, 64)
		if err != nil {
			return 0, rangeErr(s, "long", "-9223372036854775808", "9223372036854775807")
		}
		return v, nil
	case tokFloat:
		f := d.floatValue(false)
		r := javaRound(f, math.MinInt64, math.MaxInt64)
		if diff := math.Abs(f - float64(r)); diff <= math.SmallestNonzeroFloat64 {
			return r, nil
		}
	}
	return 0, d.expected("long")
}

// floatValue is the number token's value as Jackson's getDoubleValue or,
// with single, getFloatValue gives it (then exactly representable as a
// float32). A float token is the text Java's Double.toString wrote.
func (d *decoder) floatValue(single bool) float64 {
	s := d.numText()
	bits := 64
	if single {
		bits = 32
	}
	if d.tok() == tokFloat {
		v, _ := strconv.ParseFloat(s, 64)
		if !single {
			return v
		}
		var buf [32]byte
		s = string(appendShortest(buf[:0], v, 64))
	}
	v, _ := strconv.ParseFloat(s, bits)
	return v
}

// javaRound is Java's Math.round (half up, clamped; NaN is 0).
func javaRound(f float64, lo, hi int64) int64 {
	switch {
	case math.IsNaN(f):
		return 0
	case f >= float64(hi):
		return hi
	case f <= float64(lo):
		return lo
	}
	r := math.Floor(f)
	if f-r >= 0.5 {
		r++
	}
	return int64(r)
}

var (
	javaFloatNaN  = math.Float32frombits(0x7fc00000)
	javaDoubleNaN = math.Float64frombits(0x7ff8000000000000)
)

func (d *decoder) readFloating(single bool) error {
	what := "double"
	if single {
		what = "float"
	}
	var v float64
	switch d.tok() {
	case tokInt, tokFloat:
		v = d.floatValue(single)
	case tokString:
		s := string(d.curText())
		d.next() // Avro moves on before it checks the text
		switch s {
		case "NaN":
			if single {
				d.out = appendFloat(d.out, javaFloatNaN)
			} else {
				d.out = appendDouble(d.out, javaDoubleNaN)
			}
			return nil
		case "Infinity", "INF":
			v = math.Inf(1)
		case "-Infinity", "-INF":
			v = math.Inf(-1)
		default:
			return d.expected(what)
		}
		d.writeFloating(v, single)
		return nil
	default:
		return d.expected(what)
	}
	d.writeFloating(v, single)
	d.next()
	return nil
}

func (d *decoder) writeFloating(v float64, single bool) {
	if single {
		d.out = appendFloat(d.out, float32(v))
	} else {
		d.out = appendDouble(d.out, v)
	}
}

// appendJavaUTF8 appends the UTF-8 Java writes for a string: lone
// surrogates (kept as WTF-8 by appendText) become '?'.
// Only a lone surrogate's WTF-8 starts with 0xED followed by 0xA0 or
// more; the rest is copied in runs.
func appendJavaUTF8(dst, wtf8 []byte) []byte {
	for {
		i := bytes.IndexByte(wtf8, 0xED)
		if i < 0 {
			return append(dst, wtf8...)
		}
		if i+2 < len(wtf8) && wtf8[i+1] >= 0xA0 {
			dst = append(append(dst, wtf8[:i]...), '?')
			wtf8 = wtf8[i+3:]
			continue
		}
		dst = append(dst, wtf8[:i+1]...)
		wtf8 = wtf8[i+1:]
	}
}

// appendString writes an Avro string (its length, then its bytes) of the
// Java string whose WTF-8 text is wtf8.
func (d *decoder) appendString(wtf8 []byte) {
	if bytes.IndexByte(wtf8, 0xED) < 0 { // no surrogates: the UTF-8 is the text
		d.out = appendLong(d.out, int64(len(wtf8)))
		d.out = append(d.out, wtf8...)
		return
	}
	d.conv = appendJavaUTF8(d.conv[:0], wtf8)
	d.out = appendLong(d.out, int64(len(d.conv)))
	d.out = append(d.out, d.conv...)
}

// appendLatin1 appends String.getBytes(ISO_8859_1): characters above U+00FF
// (a surrogate pair counting as one) become '?'.
func appendLatin1(dst, wtf8 []byte) []byte {
	for i := 0; i < len(wtf8); {
		r, n := utf8.DecodeRune(wtf8[i:])
		if r == utf8.RuneError && n <= 1 {
			n = 3 // a lone surrogate in WTF-8
		}
		if r <= 0xFF && r != utf8.RuneError {
			dst = append(dst, byte(r))
		} else {
			dst = append(dst, '?')
		}
		i += n
	}
	return dst
}
