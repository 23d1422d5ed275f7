package protofmt

import (
	"encoding/base64"
	"fmt"
	"math"
	"math/big"
	"strconv"
	"strings"

	"google.golang.org/protobuf/encoding/protojson"
	"google.golang.org/protobuf/proto"
	"google.golang.org/protobuf/reflect/protoreflect"
	"google.golang.org/protobuf/types/dynamicpb"
)

// FromJSON converts jsonText to the message's protobuf binary as the proxy
// does on produce: protobuf-java's JsonFormat.parser().merge into a
// DynamicMessage, then toByteArray. It accepts proto and lowerCamel field
// names, int64 values as numbers or strings, enums by name or number, and
// numbers for string fields; it rejects unknown fields. Fields are written
// in field-number order, maps in the JSON's member order, packed where the
// schema packs. Error texts are protobuf-java's (InvalidProtocolBufferException
// messages such as `Cannot find field: x in message a.B` or
// `Not an int32 value: "x"`); numbers in them are printed as Jackson
// re-encodes the request (`1.5`, `100.0`).
//
// Not matched: proto2 required fields are not checked; the text of Timestamp,
// Duration and FieldMask values is parsed by protojson (its accepted forms
// are slightly stricter).
func FromJSON(m *Message, jsonText []byte) ([]byte, error) {
	root, err := parseTree(jsonText)
	if err != nil {
		return nil, err
	}
	p := &jparser{}
	mv, err := p.merge(root, m.desc)
	if err != nil {
		return nil, err
	}
	return mv.appendTo(nil), nil
}

// jerr is a protobuf-java InvalidProtocolBufferException text.
type jerr string

func (e jerr) Error() string { return string(e) }

func jerrf(format string, args ...any) error { return jerr(fmt.Sprintf(format, args...)) }

// msgVal is a message being built: the set fields by number, or raw bytes
// already encoded (well-known types parsed by protojson).
type msgVal struct {
	desc   protoreflect.MessageDescriptor
	fields map[protoreflect.FieldNumber]*fieldVal
	raw    []byte
}

// fieldVal holds one field: a singular value, list elements, or map entries
// in insertion order.
type fieldVal struct {
	fd   protoreflect.FieldDescriptor
	vals []val
}

// val is a scalar (s), a message (m), or a map entry (key k, value s or m).
type val struct {
	k protoreflect.Value
	s protoreflect.Value
	m *msgVal
}

func newMsg(desc protoreflect.MessageDescriptor) *msgVal {
	return &msgVal{desc: desc, fields: map[protoreflect.FieldNumber]*fieldVal{}}
}

func (mv *msgVal) has(fd protoreflect.FieldDescriptor) bool {
	f, ok := mv.fields[fd.Number()]
	return ok && len(f.vals) > 0
}

// set stores a singular value; like DynamicMessage.Builder.setField, a
// default value of a field without presence clears it.
func (mv *msgVal) set(fd protoreflect.FieldDescriptor, v val) {
	if v.m == nil && !fd.HasPresence() && isDefault(fd, v.s) {
		delete(mv.fields, fd.Number())
		return
	}
	mv.fields[fd.Number()] = &fieldVal{fd: fd, vals: []val{v}}
}

func (mv *msgVal) add(fd protoreflect.FieldDescriptor, v val) {
	f := mv.fields[fd.Number()]
	if f == nil {
		f = &fieldVal{fd: fd}
		mv.fields[fd.Number()] = f
	}
	f.vals = append(f.vals, v)
}

func isDefault(fd protoreflect.FieldDescriptor, v protoreflect.Value) bool {
	switch fd.Kind() {
	case protoreflect.BytesKind:
		return len(v.Bytes()) == 0
	case protoreflect.FloatKind, protoreflect.DoubleKind:
		f := v.Float()
		return f == 0 && !math.Signbit(f)
	}
	return v.Equal(fd.Default())
}

const recursionLimit = 100

type jparser struct {
	depth int
}

// merge is JsonFormat's ParserImpl.merge: well-known types first, else an
// object of fields.
func (p *jparser) merge(n *node, desc protoreflect.MessageDescriptor) (*msgVal, error) {
	mv := newMsg(desc)
	switch desc.FullName() {
	case "google.protobuf.Any":
		if n.kind != kObject {
			return nil, jerrf("Expect message object but got: %s", n)
		}
		if len(n.obj) == 0 {
			return mv, nil
		}
		for _, m := range n.obj {
			if m.name == "@type" {
				s, _ := m.val.asString()
				return nil, jerrf("Cannot resolve type: %s", s)
			}
		}
		return nil, jerrf("Missing type url when parsing: %s", n)
	case "google.protobuf.Timestamp", "google.protobuf.Duration", "google.protobuf.FieldMask":
		return p.mergeProtojson(n, desc)
	case "google.protobuf.Struct":
		return mv, p.mergeMap(desc.Fields().ByName("fields"), n, mv)
	case "google.protobuf.ListValue":
		return mv, p.mergeRepeated(desc.Fields().ByName("values"), n, mv)
	case "google.protobuf.Value":
		return mv, p.mergeValue(n, mv)
	case "google.protobuf.BoolValue", "google.protobuf.Int32Value", "google.protobuf.UInt32Value",
		"google.protobuf.Int64Value", "google.protobuf.UInt64Value", "google.protobuf.StringValue",
		"google.protobuf.BytesValue", "google.protobuf.FloatValue", "google.protobuf.DoubleValue":
		fd := desc.Fields().ByName("value")
		v, ok, err := p.parseFieldValue(fd, n)
		if err != nil || !ok {
			return mv, err
		}
		mv.set(fd, v)
		return mv, nil
	}
	if n.kind != kObject {
		return nil, jerrf("Expect message object but got: %s", n)
	}
	for _, m := range n.obj {
		fd := fieldByJSONName(desc, m.name)
		if fd == nil {
			return nil, jerrf("Cannot find field: %s in message %s", m.name, desc.FullName())
		}
		if err := p.mergeField(fd, m.val, mv); err != nil {
			return nil, err
		}
	}
	return mv, nil
}

// fieldByJSONName finds a field by its proto name or its JSON name.
func fieldByJSONName(desc protoreflect.MessageDescriptor, name string) protoreflect.FieldDescriptor {
	fields := desc.Fields()
	if fd := fields.ByName(protoreflect.Name(name)); fd != nil && !fd.IsExtension() {
		return fd
	}
	return fields.ByJSONName(name)
}

func (p *jparser) mergeProtojson(n *node, desc protoreflect.MessageDescriptor) (*msgVal, error) {
	s, ok := n.asString()
	dm := dynamicpb.NewMessage(desc)
	if ok {
		ok = protojson.Unmarshal(appendGsonString(nil, s), dm) == nil
	}
	if !ok {
		switch desc.Name() {
		case "Timestamp":
			return nil, jerrf("Failed to parse timestamp: %s", n)
		case "Duration":
			return nil, jerrf("Failed to parse duration: %s", n)
		}
		return nil, jerr(getAsStringError(n))
	}
	raw, err := proto.MarshalOptions{Deterministic: true}.Marshal(dm)
	if err != nil {
		return nil, err
	}
	return &msgVal{desc: desc, raw: raw}, nil
}

func (p *jparser) mergeValue(n *node, mv *msgVal) error {
	fields := mv.desc.Fields()
	switch n.kind {
	case kBool:
		mv.set(fields.ByName("bool_value"), val{s: protoreflect.ValueOfBool(n.text == "true")})
	case kNumber:
		f, _ := strconv.ParseFloat(n.text, 64)
		mv.set(fields.ByName("number_value"), val{s: protoreflect.ValueOfFloat64(f)})
	case kString:
		mv.set(fields.ByName("string_value"), val{s: protoreflect.ValueOfString(n.text)})
	case kNull:
		mv.set(fields.ByName("null_value"), val{s: protoreflect.ValueOfEnum(0)})
	case kObject, kArray:
		fd := fields.ByName("struct_value")
		if n.kind == kArray {
			fd = fields.ByName("list_value")
		}
		sub, err := p.merge(n, fd.Message())
		if err != nil {
			return err
		}
		mv.set(fd, val{m: sub})
	}
	return nil
}

func (p *jparser) mergeField(fd protoreflect.FieldDescriptor, n *node, mv *msgVal) error {
	if mv.has(fd) {
		return jerrf("Field %s has already been set.", fd.FullName())
	}
	if fd.IsList() || fd.IsMap() {
		if n.kind == kNull {
			return nil
		}
		if fd.IsMap() {
			return p.mergeMap(fd, n, mv)
		}
		return p.mergeRepeated(fd, n, mv)
	}
	v, ok, err := p.parseFieldValue(fd, n)
	if err != nil || !ok {
		return err
	}
	if od := fd.ContainingOneof(); od != nil && !od.IsSynthetic() {
		fields := od.Fields()
		for i := 0; i < fields.Len(); i++ {
			if other := fields.Get(i); mv.has(other) {
				return jerrf("Cannot set field %s because another field %s belonging to the same oneof has already been set ", fd.FullName(), other.FullName())
			}
		}
	}
	mv.set(fd, v)
	return nil
}

func (p *jparser) mergeRepeated(fd protoreflect.FieldDescriptor, n *node, mv *msgVal) error {
	if n.kind != kArray {
		return jerrf("Expect an array but found: %s", n)
	}
	for _, e := range n.arr {
		v, ok, err := p.parseFieldValue(fd, e)
		if err != nil {
			return err
		}
		if !ok {
			return jerrf("Repeated field elements cannot be null in field: %s", fd.FullName())
		}
		mv.add(fd, v)
	}
	return nil
}

func (p *jparser) mergeMap(fd protoreflect.FieldDescriptor, n *node, mv *msgVal) error {
	if n.kind != kObject {
		return jerrf("Expect a map object but found: %s", n)
	}
	kfd, vfd := fd.MapKey(), fd.MapValue()
	for _, m := range n.obj {
		k, _, err := p.parseFieldValue(kfd, &node{kind: kString, text: m.name})
		if err != nil {
			return err
		}
		v, ok, err := p.parseFieldValue(vfd, m.val)
		if err != nil {
			return err
		}
		if !ok {
			return jerr("Map value cannot be null.")
		}
		v.k = k.s
		mv.add(fd, v)
	}
	return nil
}

// parseFieldValue is ParserImpl.parseFieldValue; ok is false for a JSON
// null that means "absent".
func (p *jparser) parseFieldValue(fd protoreflect.FieldDescriptor, n *node) (v val, ok bool, err error) {
	if n.kind == kNull {
		switch {
		case fd.Kind() == protoreflect.MessageKind && fd.Message().FullName() == "google.protobuf.Value":
			sub := newMsg(fd.Message())
			sub.set(fd.Message().Fields().ByName("null_value"), val{s: protoreflect.ValueOfEnum(0)})
			return val{m: sub}, true, nil
		case fd.Kind() == protoreflect.EnumKind && fd.Enum().FullName() == "google.protobuf.NullValue":
			return val{s: protoreflect.ValueOfEnum(0)}, true, nil
		}
		return val{}, false, nil
	}
	var s protoreflect.Value
	switch fd.Kind() {
	case protoreflect.Int32Kind, protoreflect.Sint32Kind, protoreflect.Sfixed32Kind:
		var i int64
		i, err = parseInt(n, math.MinInt32, math.MaxInt32, "int32")
		s = protoreflect.ValueOfInt32(int32(i))
	case protoreflect.Int64Kind, protoreflect.Sint64Kind, protoreflect.Sfixed64Kind:
		var i int64
		i, err = parseInt(n, math.MinInt64, math.MaxInt64, "int64")
		s = protoreflect.ValueOfInt64(i)
	case protoreflect.Uint32Kind, protoreflect.Fixed32Kind:
		var u uint64
		u, err = parseUint(n, math.MaxUint32, "uint32")
		s = protoreflect.ValueOfUint32(uint32(u))
	case protoreflect.Uint64Kind, protoreflect.Fixed64Kind:
		var u uint64
		u, err = parseUint(n, math.MaxUint64, "uint64")
		s = protoreflect.ValueOfUint64(u)
	case protoreflect.BoolKind:
		str, ok := n.asString()
		switch {
		case !ok:
			err = jerr(getAsStringError(n))
		case str == "true" || str == "false":
			s = protoreflect.ValueOfBool(str == "true")
		default:
			err = jerrf("Invalid bool value: %s", n)
		}
	case protoreflect.FloatKind:
		var f float64
		f, err = parseFloat(n, math.MaxFloat32, "float", "a float")
		s = protoreflect.ValueOfFloat32(float32(f))
	case protoreflect.DoubleKind:
		var f float64
		f, err = parseFloat(n, math.MaxFloat64, "double", "a double")
		s = protoreflect.ValueOfFloat64(f)
	case protoreflect.StringKind:
		str, ok := n.asString()
		if !ok {
			err = jerr(getAsStringError(n))
		}
		s = protoreflect.ValueOfString(str)
	case protoreflect.BytesKind:
		var b []byte
		b, err = parseBytes(n)
		s = protoreflect.ValueOfBytes(b)
	case protoreflect.EnumKind:
		var num protoreflect.EnumNumber
		num, err = parseEnum(fd, n)
		s = protoreflect.ValueOfEnum(num)
	case protoreflect.MessageKind:
		if p.depth >= recursionLimit {
			return val{}, false, jerr("Hit recursion limit.")
		}
		p.depth++
		sub, err := p.merge(n, fd.Message())
		p.depth--
		if err != nil {
			return val{}, false, err
		}
		return val{m: sub}, true, nil
	default:
		return val{}, false, jerrf("Invalid field type: %s", strings.ToUpper(fd.Kind().String()))
	}
	if err != nil {
		return val{}, false, err
	}
	return val{s: s}, true, nil
}

// getAsStringError is the message of Gson's getAsString on an object or an
// array that does not have exactly one element.
func getAsStringError(n *node) string {
	if n.kind == kArray {
		return fmt.Sprintf("Array must have size 1, but has size %d", len(n.arr))
	}
	return "JsonObject"
}

// decimal parses s as java.math.BigDecimal's constructor accepts it.
func decimal(s string) (*big.Rat, bool) {
	if s == "" || strings.Trim(s, "0123456789+-.eE") != "" {
		return nil, false
	}
	r, ok := new(big.Rat).SetString(s)
	return r, ok
}

// parseInt is parseInt32/parseInt64: Integer/Long.parseLong, then an exact
// BigDecimal conversion ("1.0", "1e2").
func parseInt(n *node, lo, hi int64, typ string) (int64, error) {
	s, ok := n.asString()
	if ok {
		if i, err := strconv.ParseInt(s, 10, 64); err == nil && !strings.Contains(s, "_") {
			if i >= lo && i <= hi {
				return i, nil
			}
		} else if r, ok := decimal(s); ok && r.IsInt() {
			if i := r.Num(); i.IsInt64() && i.Int64() >= lo && i.Int64() <= hi {
				return i.Int64(), nil
			}
		}
	}
	return 0, jerrf("Not an %s value: %s", typ, n)
}

// parseUint is parseUint32/parseUint64, with their range error.
func parseUint(n *node, hi uint64, typ string) (uint64, error) {
	s, ok := n.asString()
	if ok {
		if r, ok := decimal(s); ok && r.IsInt() {
			i := r.Num()
			if i.Sign() < 0 || !i.IsUint64() || i.Uint64() > hi {
				return 0, jerrf("Out of range %s value: %s", typ, n)
			}
			return i.Uint64(), nil
		}
	}
	return 0, jerrf("Not an %s value: %s", typ, n)
}

// parseFloat is parseFloat/parseDouble: "NaN", "Infinity", "-Infinity", or
// a decimal within range (with protobuf-java's 1e-6 tolerance).
func parseFloat(n *node, max float64, typ, article string) (float64, error) {
	s, ok := n.asString()
	if !ok {
		return 0, jerr(getAsStringError(n))
	}
	switch s {
	case "NaN":
		return math.NaN(), nil
	case "Infinity":
		return math.Inf(1), nil
	case "-Infinity":
		return math.Inf(-1), nil
	}
	r, ok := decimal(s)
	if !ok {
		return 0, jerrf("Not %s value: %s", article, n)
	}
	limit := new(big.Rat).Mul(new(big.Rat).SetFloat64(max), big.NewRat(1000001, 1000000))
	if new(big.Rat).Abs(r).Cmp(limit) > 0 {
		return 0, jerrf("Out of range %s value: %s", typ, n)
	}
	f, _ := r.Float64()
	return f, nil
}

func parseEnum(fd protoreflect.FieldDescriptor, n *node) (protoreflect.EnumNumber, error) {
	ed := fd.Enum()
	s, ok := n.asString()
	if !ok {
		return 0, jerr(getAsStringError(n))
	}
	if ev := ed.Values().ByName(protoreflect.Name(s)); ev != nil {
		return ev.Number(), nil
	}
	if i, err := parseInt(n, math.MinInt32, math.MaxInt32, "int32"); err == nil {
		num := protoreflect.EnumNumber(i)
		if ed.ParentFile().Syntax() == protoreflect.Proto3 || ed.Values().ByNumber(num) != nil {
			return num, nil
		}
	}
	return 0, jerrf("Invalid enum value: %s for enum type: %s", s, ed.FullName())
}

// parseBytes is parseBytes: Guava's base64, then base64url; the error is
// the url alphabet's.
func parseBytes(n *node) ([]byte, error) {
	s, ok := n.asString()
	if !ok {
		return nil, jerr(getAsStringError(n))
	}
	if b, err := guavaBase64(s, base64.RawStdEncoding, "+/"); err == nil {
		return b, nil
	}
	return guavaBase64(s, base64.RawURLEncoding, "-_")
}

// guavaBase64 decodes as Guava's BaseEncoding: trailing padding optional,
// no whitespace.
func guavaBase64(s string, enc *base64.Encoding, extra string) ([]byte, error) {
	s = strings.TrimRight(s, "=")
	if len(s)%4 == 1 {
		return nil, jerrf("com.google.common.io.BaseEncoding$DecodingException: Invalid input length %d", len(s))
	}
	for _, c := range []byte(s) {
		if !('A' <= c && c <= 'Z' || 'a' <= c && c <= 'z' || '0' <= c && c <= '9' || strings.IndexByte(extra, c) >= 0) {
			desc := string(rune(c))
			if c <= 0x20 || c >= 0x7f {
				desc = fmt.Sprintf("0x%x", c)
			}
			return nil, jerrf("com.google.common.io.BaseEncoding$DecodingException: Unrecognized character: %s", desc)
		}
	}
	return enc.DecodeString(s)
}
