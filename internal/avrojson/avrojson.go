// Package avrojson converts between Avro's JSON encoding and Avro binary
// the way the Confluent REST Proxy does it.
//
// Produce: the proxy hands the record's JSON (a Jackson tree, written out
// again) to Avro's JsonDecoder through a GenericDatumReader and serializes
// the result; Decode reproduces that path, its quirks and its error texts
// (Avro 1.12.1): unions tagged by branch name ("int", the full name of a
// named type, null untagged), every record field required (no defaults),
// fields in any order, bytes and fixed as ISO-8859-1 strings, logical types
// raw, maps written in Java HashMap order.
//
// Consume: the proxy decodes the binary with the writer schema, writes it
// with Avro's JsonEncoder, re-parses that with Jackson and writes the tree
// in its response; Encode gives that final compact text.
//
// The package reads schemas parsed by github.com/hamba/avro/v2 and does its
// own walking and binary coding; hamba's codec is not used.
package avrojson

import (
	"fmt"
	"sync"

	"github.com/hamba/avro/v2"
)

// Codec converts values of one schema. A Codec is immutable once built
// and safe for concurrent use; build it once per schema and reuse it.
type Codec struct {
	root *node
	// flat is set when root is a record whose fields are all scalars,
	// enums, fixed or unions of those: AppendDecode tries flatRecord
	// first.
	flat bool
	// scratch holds *decodeScratch: AppendDecode's token and action
	// buffers, reused across calls so that converting many values does
	// not allocate them each time.
	scratch sync.Pool
}

// NewCodec compiles schema (as parsed by avro.Parse or avro.ParseWithCache,
// references resolved) into a Codec. It does not block.
func NewCodec(schema avro.Schema) (*Codec, error) {
	c := compiler{memo: map[avro.NamedSchema]*node{}}
	root, err := c.compile(schema)
	if err != nil {
		return nil, err
	}
	return &Codec{root: root, flat: flatRecordNode(root)}, nil
}

// flatRecordNode reports whether n is a record with fields, all of them
// scalars, enums, fixed or unions whose branches are those.
func flatRecordNode(n *node) bool {
	if n.kind != kRecord || len(n.fields) == 0 {
		return false
	}
	scalar := func(k kind) bool { return k < kArray } // null to enum
	for _, f := range n.fields {
		switch {
		case scalar(f.n.kind):
		case f.n.kind == kUnion:
			for _, b := range f.n.branches {
				if !scalar(b.kind) {
					return false
				}
			}
		default:
			return false
		}
	}
	return true
}

// Decode converts one value in Avro JSON (the request's JSON text) to Avro
// binary. It is NewCodec followed by Codec.AppendDecode; callers that
// convert many values should keep a Codec. Safe for concurrent use.
func Decode(schema avro.Schema, data []byte) ([]byte, error) {
	c, err := NewCodec(schema)
	if err != nil {
		return nil, err
	}
	return c.AppendDecode(nil, data)
}

// Encode converts one Avro binary value (without Confluent framing) to the
// compact JSON text the proxy answers with. It is NewCodec followed by
// Codec.AppendEncode. Safe for concurrent use.
func Encode(schema avro.Schema, bin []byte) ([]byte, error) {
	c, err := NewCodec(schema)
	if err != nil {
		return nil, err
	}
	return c.AppendEncode(nil, bin)
}

type kind uint8

const (
	kNull kind = iota
	kBoolean
	kInt
	kLong
	kFloat
	kDouble
	kString
	kBytes
	kFixed
	kEnum
	kArray
	kMap
	kRecord
	kUnion
)

// node is a compiled schema. Named types are shared, so a recursive record
// is a cyclic graph.
type node struct {
	kind     kind
	label    string   // union branch label: type name, or full name of named types
	size     int      // fixed
	symbols  []string // enum
	fields   []field  // record
	items    *node    // array items, map values
	branches []*node  // union
	// zero reports that a value of this type may take no binary bytes
	// (null, or a record of such types); it bounds block counts.
	zero bool
	// branchHead is the JSON that opens a value of a union's non-null
	// branch: {"label":. Set when the node is a union's branch.
	branchHead []byte
}

type field struct {
	name    string
	aliases []string
	n       *node
	key     []byte // the member name as JSON, and its colon: "name":
}

type compiler struct {
	memo map[avro.NamedSchema]*node
}

func (c *compiler) compile(s avro.Schema) (*node, error) {
	switch t := s.(type) {
	case *avro.RefSchema:
		return c.compile(t.Schema())
	case *avro.NullSchema:
		return &node{kind: kNull, label: "null", zero: true}, nil
	case *avro.PrimitiveSchema:
		k, ok := primitiveKind(t.Type())
		if !ok {
			return nil, fmt.Errorf("avrojson: unsupported primitive type %q", t.Type())
		}
		return &node{kind: k, label: string(t.Type()), zero: k == kNull}, nil
	case *avro.RecordSchema:
		if n, ok := c.memo[t]; ok {
			return n, nil
		}
		n := &node{kind: kRecord, label: t.FullName(), fields: make([]field, len(t.Fields()))}
		c.memo[t] = n
		n.zero = true
		for i, f := range t.Fields() {
			fn, err := c.compile(f.Type())
			if err != nil {
				return nil, err
			}
			n.fields[i] = field{name: f.Name(), aliases: f.Aliases(), n: fn, key: append(appendJSONString(nil, f.Name()), ':')}
			if fn != n && !fn.zero {
				n.zero = false
			}
		}
		return n, nil
	case *avro.EnumSchema:
		if n, ok := c.memo[t]; ok {
			return n, nil
		}
		n := &node{kind: kEnum, label: t.FullName(), symbols: t.Symbols()}
		c.memo[t] = n
		return n, nil
	case *avro.FixedSchema:
		if n, ok := c.memo[t]; ok {
			return n, nil
		}
		n := &node{kind: kFixed, label: t.FullName(), size: t.Size(), zero: t.Size() == 0}
		c.memo[t] = n
		return n, nil
	case *avro.ArraySchema:
		items, err := c.compile(t.Items())
		if err != nil {
			return nil, err
		}
		return &node{kind: kArray, label: "array", items: items}, nil
	case *avro.MapSchema:
		values, err := c.compile(t.Values())
		if err != nil {
			return nil, err
		}
		return &node{kind: kMap, label: "map", items: values}, nil
	case *avro.UnionSchema:
		n := &node{kind: kUnion, label: "union"}
		for _, b := range t.Types() {
			bn, err := c.compile(b)
			if err != nil {
				return nil, err
			}
			if bn.branchHead == nil {
				bn.branchHead = append(appendJSONString([]byte{'{'}, bn.label), ':')
			}
			n.branches = append(n.branches, bn)
		}
		return n, nil
	}
	return nil, fmt.Errorf("avrojson: unsupported schema %T", s)
}

func primitiveKind(t avro.Type) (kind, bool) {
	switch t {
	case avro.Null:
		return kNull, true
	case avro.Boolean:
		return kBoolean, true
	case avro.Int:
		return kInt, true
	case avro.Long:
		return kLong, true
	case avro.Float:
		return kFloat, true
	case avro.Double:
		return kDouble, true
	case avro.String:
		return kString, true
	case avro.Bytes:
		return kBytes, true
	}
	return 0, false
}
