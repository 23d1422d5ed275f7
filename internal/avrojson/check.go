package avrojson

// Check reports whether AppendEncode would convert bin: it reads bin as
// AppendEncode does, with the same checks and the same errors, but
// writes nothing, so a reader that must know a value is readable before
// it answers can learn it at a fraction of the cost. Safe for concurrent
// use.
func (c *Codec) Check(bin []byte) error {
	e := encoder{r: reader{b: bin}, budget: maxEmptyItems}
	return e.skip(c.root, 0)
}

// skip is value without the output.
func (e *encoder) skip(n *node, depth int) error {
	if depth > maxSchemaDepth {
		return e.r.errorf("nesting too deep")
	}
	var err error
	switch n.kind {
	case kBoolean:
		_, err = e.r.next(1)
	case kInt:
		_, err = e.r.javaInt()
	case kLong:
		_, err = e.r.long()
	case kFloat:
		_, err = e.r.next(4)
	case kDouble:
		_, err = e.r.next(8)
	case kString, kBytes:
		_, err = e.r.bytes()
	case kFixed:
		_, err = e.r.next(n.size)
	case kEnum:
		_, err = e.r.index(len(n.symbols), "enum")
	case kUnion:
		i, err := e.r.index(len(n.branches), "union")
		if err != nil {
			return err
		}
		if b := n.branches[i]; b.kind != kNull {
			return e.skip(b, depth+1)
		}
	case kRecord:
		for i := range n.fields {
			if err := e.skip(n.fields[i].n, depth+1); err != nil {
				return err
			}
		}
	case kArray, kMap:
		minBytes := 0
		if n.kind == kMap {
			minBytes = 1
		}
		for {
			cnt, err := e.count(n.items, minBytes)
			if err != nil {
				return err
			}
			if cnt == 0 {
				return nil
			}
			for ; cnt > 0; cnt-- {
				if n.kind == kMap {
					if _, err := e.r.bytes(); err != nil {
						return err
					}
				}
				if err := e.skip(n.items, depth+1); err != nil {
					return err
				}
			}
		}
	}
	return err
}
