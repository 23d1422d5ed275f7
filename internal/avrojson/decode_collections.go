package avrojson

// Arrays, maps and unions of the produce path (see AppendDecode).

func (d *decoder) array(n *node, depth int) error {
	if err := d.flush(); err != nil {
		return err
	}
	if d.tok() != tokStartArray {
		return d.expected("array-start")
	}
	d.next()
	at := len(d.out)
	d.out = append(d.out, 0) // the count, patched below
	var count int64
	for d.tok() != tokEndArray {
		if err := d.value(n.items, depth+1); err != nil {
			return err
		}
		count++
		if err := d.flush(); err != nil { // arrayNext: ITEM_END
			return err
		}
	}
	d.next()
	if count == 0 {
		return nil
	}
	var buf [10]byte
	cnt := appendLong(buf[:0], count)
	if len(cnt) > 1 {
		end := len(d.out)
		d.out = append(d.out, cnt[1:]...)
		copy(d.out[at+len(cnt):], d.out[at+1:end])
	}
	copy(d.out[at:], cnt)
	d.out = append(d.out, 0)
	return nil
}

func (d *decoder) mapValue(n *node, depth int) error {
	if err := d.flush(); err != nil {
		return err
	}
	if d.tok() != tokStartObject {
		return d.expected("map-start")
	}
	d.next()
	base := len(d.out)
	mark := len(d.ents)
	for d.tok() != tokEndObject {
		if err := d.flush(); err != nil { // readString: the key
			return err
		}
		if d.tok() != tokFieldName {
			return d.expected("map-key")
		}
		start := len(d.out)
		d.conv = appendJavaUTF8(d.conv[:0], d.curText())
		d.out = appendLong(d.out, int64(len(d.conv)))
		keyStart := len(d.out)
		d.out = append(d.out, d.conv...)
		d.next()
		valStart := len(d.out)
		if err := d.value(n.items, depth+1); err != nil {
			return err
		}
		d.ents = append(d.ents, mapEntry{
			hash: utf8Hash(d.out[keyStart:valStart]), start: start, end: len(d.out),
			keyStart: keyStart, keyEnd: valStart, valStart: valStart, replacedByStart: -1,
		})
		if err := d.flush(); err != nil { // mapNext: ITEM_END
			return err
		}
	}
	d.next()
	d.writeMap(base, mark)
	return nil
}

// writeMap rewrites the entries read since base in the order the Java
// HashMap the reader builds iterates them, as one block.
func (d *decoder) writeMap(base, mark int) {
	ents := d.ents[mark:]
	defer func() { d.ents = d.ents[:mark] }()
	if len(ents) == 0 {
		d.out = append(d.out, 0)
		return
	}
	// A repeated key (possible only where Java strings differ but their
	// UTF-8 does not) keeps its first place and takes the last value.
	var hashes []int32
	var idx []int
	for i := range ents {
		e := &ents[i]
		for j := range i {
			p := &ents[j]
			if !p.dropped && p.hash == e.hash && string(d.out[p.keyStart:p.keyEnd]) == string(d.out[e.keyStart:e.keyEnd]) {
				p.replacedByStart, p.replacedByEnd = e.valStart, e.end
				e.dropped = true
				break
			}
		}
		if !e.dropped {
			hashes = append(hashes, e.hash)
			idx = append(idx, i)
		}
	}
	d.order = hashMapOrder(hashes, len(hashes), d.order[:0])
	d.conv = append(d.conv[:0], d.out[base:]...)
	d.out = appendLong(d.out[:base], int64(len(hashes)))
	for _, o := range d.order {
		e := ents[idx[o]]
		if e.replacedByStart < 0 {
			d.out = append(d.out, d.conv[e.start-base:e.end-base]...)
			continue
		}
		d.out = append(d.out, d.conv[e.start-base:e.valStart-base]...)
		d.out = append(d.out, d.conv[e.replacedByStart-base:e.replacedByEnd-base]...)
	}
	d.out = append(d.out, 0)
}

func (d *decoder) union(n *node, depth int) error {
	if err := d.flush(); err != nil {
		return err
	}
	var label []byte
	tagged := false
	switch d.tok() {
	case tokNull:
		label = []byte("null")
	case tokStartObject:
		d.next()
		if d.tok() != tokFieldName {
			return d.expected("start-union")
		}
		label = d.curText()
		d.next()
		tagged = true
	default:
		return d.expected("start-union")
	}
	for i, b := range n.branches {
		if b.label == string(label) {
			d.out = appendLong(d.out, int64(i))
			if err := d.value(b, depth+1); err != nil {
				return err
			}
			if tagged {
				d.pend = append(d.pend, pending{op: actUnionEnd})
			}
			return nil
		}
	}
	return avroErr("Unknown union branch " + string(label))
}
