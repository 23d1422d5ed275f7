package avrojson

import (
	"encoding/binary"
	"math"
	"strconv"
)

// AppendEncode converts one Avro binary value (no Confluent framing) to the
// JSON the proxy answers with, appended to dst: record fields in schema
// order, unions as {"<branch name>":value} (null bare), bytes and fixed as
// ISO-8859-1 strings, map members in Java HashMap order, numbers and
// strings written as Jackson writes them. Bytes after the value are
// ignored, as Java's deserializer does. Errors are *Error describing
// binary the schema cannot read; length prefixes are checked against what
// is left, so arbitrary input never makes it over-allocate. Safe for
// concurrent use.
func (c *Codec) AppendEncode(dst, bin []byte) ([]byte, error) {
	e := encoder{r: reader{b: bin}, out: dst, budget: maxEmptyItems}
	if err := e.value(c.root, 0); err != nil {
		return dst, err
	}
	return e.out, nil
}

// maxEmptyItems bounds the array and map items of types that take no
// bytes (null, empty records): nothing else limits their count.
const maxEmptyItems = 1 << 20

type encoder struct {
	r      reader
	out    []byte
	budget int
	ents   []mapEntry
	order  []int
	tmp    []byte
}

func (e *encoder) value(n *node, depth int) error {
	if depth > maxSchemaDepth {
		return e.r.errorf("nesting too deep")
	}
	switch n.kind {
	case kNull:
		e.out = append(e.out, "null"...)
	case kBoolean:
		b, err := e.r.next(1)
		if err != nil {
			return err
		}
		// Java's BinaryDecoder reads any byte but 1 as false.
		if b[0] == 1 {
			e.out = append(e.out, "true"...)
		} else {
			e.out = append(e.out, "false"...)
		}
	case kInt:
		v, err := e.r.javaInt()
		if err != nil {
			return err
		}
		e.out = strconv.AppendInt(e.out, int64(v), 10)
	case kLong:
		v, err := e.r.long()
		if err != nil {
			return err
		}
		e.out = strconv.AppendInt(e.out, v, 10)
	case kFloat:
		b, err := e.r.next(4)
		if err != nil {
			return err
		}
		e.out = appendJSONFloat(e.out, float64(math.Float32frombits(binary.LittleEndian.Uint32(b))), 32)
	case kDouble:
		b, err := e.r.next(8)
		if err != nil {
			return err
		}
		e.out = appendJSONFloat(e.out, math.Float64frombits(binary.LittleEndian.Uint64(b)), 64)
	case kString:
		b, err := e.r.bytes()
		if err != nil {
			return err
		}
		e.out = appendJSONUTF8(e.out, b)
	case kBytes:
		b, err := e.r.bytes()
		if err != nil {
			return err
		}
		e.out = appendJSONLatin1(e.out, b)
	case kFixed:
		b, err := e.r.next(n.size)
		if err != nil {
			return err
		}
		e.out = appendJSONLatin1(e.out, b)
	case kEnum:
		i, err := e.r.index(len(n.symbols), "enum")
		if err != nil {
			return err
		}
		e.out = appendJSONString(e.out, n.symbols[i])
	case kUnion:
		i, err := e.r.index(len(n.branches), "union")
		if err != nil {
			return err
		}
		b := n.branches[i]
		if b.kind == kNull {
			e.out = append(e.out, "null"...)
			return nil
		}
		e.out = append(e.out, b.branchHead...)
		if err := e.value(b, depth+1); err != nil {
			return err
		}
		e.out = append(e.out, '}')
	case kRecord:
		e.out = append(e.out, '{')
		for i := range n.fields {
			if i > 0 {
				e.out = append(e.out, ',')
			}
			e.out = append(e.out, n.fields[i].key...)
			if err := e.value(n.fields[i].n, depth+1); err != nil {
				return err
			}
		}
		e.out = append(e.out, '}')
	case kArray:
		return e.array(n, depth)
	case kMap:
		return e.mapValue(n, depth)
	}
	return nil
}

// count reads a block header and checks the count against what is left.
func (e *encoder) count(items *node, minBytes int) (int64, error) {
	at := e.r.pos
	n, err := e.r.blockCount()
	if err != nil {
		return 0, err
	}
	left := len(e.r.b) - e.r.pos
	if items.zero && minBytes == 0 {
		if n > int64(e.budget) {
			e.r.pos = at
			return 0, e.r.errorf("block of %d empty items is too large", n)
		}
		e.budget -= int(n)
	} else if n > int64(left) {
		e.r.pos = at
		return 0, e.r.errorf("block count %d exceeds the %d bytes left", n, left)
	}
	return n, nil
}

func (e *encoder) array(n *node, depth int) error {
	e.out = append(e.out, '[')
	first := true
	for {
		cnt, err := e.count(n.items, 0)
		if err != nil {
			return err
		}
		if cnt == 0 {
			break
		}
		for ; cnt > 0; cnt-- {
			if !first {
				e.out = append(e.out, ',')
			}
			first = false
			if err := e.value(n.items, depth+1); err != nil {
				return err
			}
		}
	}
	e.out = append(e.out, ']')
	return nil
}

// mapValue writes the entries in the order of the HashMap Java's reader
// builds (a repeated key keeps its first place and takes the last value).
func (e *encoder) mapValue(n *node, depth int) error {
	e.out = append(e.out, '{')
	base := len(e.out)
	mark := len(e.ents)
	defer func() { e.ents = e.ents[:mark] }()
	for {
		cnt, err := e.count(n.items, 1)
		if err != nil {
			return err
		}
		if cnt == 0 {
			break
		}
		for ; cnt > 0; cnt-- {
			key, err := e.r.bytes()
			if err != nil {
				return err
			}
			start := len(e.out)
			e.out = appendJSONUTF8(e.out, key)
			e.out = append(e.out, ':')
			valStart := len(e.out)
			if err := e.value(n.items, depth+1); err != nil {
				return err
			}
			ent := mapEntry{hash: utf8Hash(key), start: start, end: len(e.out), valStart: valStart, replacedByStart: -1}
			ents := e.ents[mark:]
			for j := range ents {
				if p := &ents[j]; !p.dropped && p.hash == ent.hash && string(e.out[p.start:p.valStart]) == string(e.out[start:valStart]) {
					p.replacedByStart, p.replacedByEnd = valStart, len(e.out)
					ent.dropped = true
					break
				}
			}
			e.ents = append(e.ents, ent)
		}
	}
	ents := e.ents[mark:]
	var hashes []int32
	var idx []int
	for i := range ents {
		if !ents[i].dropped {
			hashes = append(hashes, ents[i].hash)
			idx = append(idx, i)
		}
	}
	e.order = hashMapOrder(hashes, len(hashes), e.order[:0])
	e.tmp = append(e.tmp[:0], e.out[base:]...)
	e.out = e.out[:base]
	for k, o := range e.order {
		if k > 0 {
			e.out = append(e.out, ',')
		}
		ent := ents[idx[o]]
		if ent.replacedByStart < 0 {
			e.out = append(e.out, e.tmp[ent.start-base:ent.end-base]...)
			continue
		}
		e.out = append(e.out, e.tmp[ent.start-base:ent.valStart-base]...)
		e.out = append(e.out, e.tmp[ent.replacedByStart-base:ent.replacedByEnd-base]...)
	}
	e.out = append(e.out, '}')
	return nil
}

// javaInt reads an int as Java's BinaryDecoder.readInt: at most 5 bytes,
// bits beyond 32 dropped.
// index reads an enum or union index (what), a Java int below n; out of
// range, the reader stays before it.
func (r *reader) index(n int, what string) (int32, error) {
	at := r.pos
	i, err := r.javaInt()
	if err != nil {
		return 0, err
	}
	if i < 0 || int(i) >= n {
		r.pos = at
		return 0, r.errorf("%s index %d out of range [0, %d)", what, i, n)
	}
	return i, nil
}

func (r *reader) javaInt() (int32, error) {
	b, pos := r.b, r.pos // locals: the loop does not go through r
	var u uint32
	for i := 0; i < 5; i++ {
		if pos >= len(b) {
			r.pos = pos
			return 0, r.errorf("unexpected end of data")
		}
		c := b[pos]
		pos++
		u |= uint32(c&0x7f) << (7 * i)
		if c < 0x80 {
			r.pos = pos
			return int32(u>>1) ^ -int32(u&1), nil
		}
	}
	r.pos = pos
	return 0, r.errorf("invalid int encoding")
}
