package protofmt

import (
	"math"
	"slices"

	"google.golang.org/protobuf/encoding/protowire"
	"google.golang.org/protobuf/reflect/protoreflect"
)

// appendTo writes the message as protobuf-java's DynamicMessage.writeTo
// does: fields in number order, packed repeated scalars where the field is
// packed, map entries in insertion order with their key and value written
// unless a proto3 default.
func (mv *msgVal) appendTo(b []byte) []byte {
	if mv.raw != nil {
		return append(b, mv.raw...)
	}
	nums := make([]protoreflect.FieldNumber, 0, len(mv.fields))
	for num := range mv.fields {
		nums = append(nums, num)
	}
	slices.Sort(nums)
	for _, num := range nums {
		f := mv.fields[num]
		fd := f.fd
		switch {
		case fd.IsMap():
			for _, e := range f.vals {
				entry := newMsg(fd.Message())
				entry.set(fd.MapKey(), val{s: e.k})
				if e.m != nil {
					entry.set(fd.MapValue(), val{m: e.m})
				} else {
					entry.set(fd.MapValue(), val{s: e.s})
				}
				b = protowire.AppendTag(b, num, protowire.BytesType)
				b = protowire.AppendBytes(b, entry.appendTo(nil))
			}
		case fd.IsList() && fd.IsPacked():
			if len(f.vals) == 0 {
				continue
			}
			var body []byte
			for _, e := range f.vals {
				body = appendScalar(body, fd.Kind(), e.s)
			}
			b = protowire.AppendTag(b, num, protowire.BytesType)
			b = protowire.AppendBytes(b, body)
		default:
			for _, e := range f.vals {
				if e.m != nil {
					b = protowire.AppendTag(b, num, protowire.BytesType)
					b = protowire.AppendBytes(b, e.m.appendTo(nil))
					continue
				}
				b = protowire.AppendTag(b, num, wireType(fd.Kind()))
				b = appendScalar(b, fd.Kind(), e.s)
			}
		}
	}
	return b
}

func wireType(k protoreflect.Kind) protowire.Type {
	switch k {
	case protoreflect.Fixed32Kind, protoreflect.Sfixed32Kind, protoreflect.FloatKind:
		return protowire.Fixed32Type
	case protoreflect.Fixed64Kind, protoreflect.Sfixed64Kind, protoreflect.DoubleKind:
		return protowire.Fixed64Type
	case protoreflect.StringKind, protoreflect.BytesKind, protoreflect.MessageKind:
		return protowire.BytesType
	}
	return protowire.VarintType
}

func appendScalar(b []byte, k protoreflect.Kind, v protoreflect.Value) []byte {
	switch k {
	case protoreflect.BoolKind:
		return protowire.AppendVarint(b, protowire.EncodeBool(v.Bool()))
	case protoreflect.EnumKind:
		return protowire.AppendVarint(b, uint64(int64(v.Enum())))
	case protoreflect.Int32Kind, protoreflect.Int64Kind:
		return protowire.AppendVarint(b, uint64(v.Int()))
	case protoreflect.Sint32Kind:
		return protowire.AppendVarint(b, protowire.EncodeZigZag(v.Int()))
	case protoreflect.Sint64Kind:
		return protowire.AppendVarint(b, protowire.EncodeZigZag(v.Int()))
	case protoreflect.Uint32Kind, protoreflect.Uint64Kind:
		return protowire.AppendVarint(b, v.Uint())
	case protoreflect.Fixed32Kind:
		return protowire.AppendFixed32(b, uint32(v.Uint()))
	case protoreflect.Sfixed32Kind:
		return protowire.AppendFixed32(b, uint32(v.Int()))
	case protoreflect.FloatKind:
		return protowire.AppendFixed32(b, math.Float32bits(float32(v.Float())))
	case protoreflect.Fixed64Kind:
		return protowire.AppendFixed64(b, v.Uint())
	case protoreflect.Sfixed64Kind:
		return protowire.AppendFixed64(b, uint64(v.Int()))
	case protoreflect.DoubleKind:
		return protowire.AppendFixed64(b, math.Float64bits(v.Float()))
	case protoreflect.StringKind:
		return protowire.AppendString(b, v.String())
	case protoreflect.BytesKind:
		return protowire.AppendBytes(b, v.Bytes())
	}
	return b
}
