package protofmt

import (
	"cmp"
	"encoding/base64"
	"encoding/json"
	"fmt"
	"slices"
	"strconv"

	"google.golang.org/protobuf/encoding/protojson"
	"google.golang.org/protobuf/proto"
	"google.golang.org/protobuf/reflect/protoreflect"
	"google.golang.org/protobuf/types/dynamicpb"
)

// ToJSON converts the message's protobuf binary to the JSON the proxy
// answers on consume: protobuf-java's JsonFormat.printer()
// .includingDefaultValueFields().omittingInsignificantWhitespace(), re-read
// and written by Jackson. Fields come in field-number order under their
// lowerCamel JSON names; unset singular fields without presence print their
// default, unset message and oneof fields are left out, repeated and map
// fields print [] and {}; 64-bit integers are strings, enums names (unknown
// numbers as numbers), bytes base64, floating point as Java's
// Double.toString ("1.0", "1.0E20"), well-known types in their JSON forms.
//
// Not matched: map entries print in key order (Java keeps wire order, which
// is the same for maps FromJSON wrote from sorted JSON); an Any with a
// payload fails with protobuf-java's `Cannot find type for url: <url>`.
func ToJSON(m *Message, bin []byte) ([]byte, error) {
	dm := dynamicpb.NewMessage(m.desc)
	if err := unmarshal(bin, dm); err != nil {
		return nil, err
	}
	return appendMessage(nil, dm)
}

// unmarshal is proto.Unmarshal, with a panic of the library on malformed
// input turned into an error, as protobuf-java's parser throws an
// InvalidProtocolBufferException. (protobuf-go v1.36 panics on a map
// entry whose key comes twice with different wire types:
// testdata/fuzz/FuzzToJSON.)
func unmarshal(b []byte, m proto.Message) (err error) {
	defer func() {
		if r := recover(); r != nil {
			err = fmt.Errorf("Protocol message was malformed: %v", r)
		}
	}()
	return proto.Unmarshal(b, m)
}

func appendMessage(b []byte, m protoreflect.Message) ([]byte, error) {
	desc := m.Descriptor()
	switch desc.FullName() {
	case "google.protobuf.Any":
		url := m.Get(desc.Fields().ByName("type_url")).String()
		if url == "" && len(m.Get(desc.Fields().ByName("value")).Bytes()) == 0 {
			return append(b, "{}"...), nil
		}
		return nil, jerrf("Cannot find type for url: %s", url)
	case "google.protobuf.Timestamp", "google.protobuf.Duration", "google.protobuf.FieldMask":
		out, err := protojson.Marshal(m.Interface())
		if err != nil {
			return nil, err
		}
		var s string
		if err := json.Unmarshal(out, &s); err != nil {
			return nil, err
		}
		return appendJacksonString(b, s), nil
	case "google.protobuf.Struct":
		fd := desc.Fields().ByName("fields")
		return appendMap(b, fd, m.Get(fd).Map())
	case "google.protobuf.ListValue":
		fd := desc.Fields().ByName("values")
		return appendList(b, fd, m.Get(fd).List())
	case "google.protobuf.Value":
		od := desc.Oneofs().ByName("kind")
		fd := m.WhichOneof(od)
		if fd == nil {
			return append(b, "null"...), nil
		}
		return appendSingle(b, fd, m.Get(fd), false)
	case "google.protobuf.BoolValue", "google.protobuf.Int32Value", "google.protobuf.UInt32Value",
		"google.protobuf.Int64Value", "google.protobuf.UInt64Value", "google.protobuf.StringValue",
		"google.protobuf.BytesValue", "google.protobuf.FloatValue", "google.protobuf.DoubleValue":
		fd := desc.Fields().ByName("value")
		return appendSingle(b, fd, m.Get(fd), false)
	}
	fields := desc.Fields()
	fds := make([]protoreflect.FieldDescriptor, 0, fields.Len())
	for i := 0; i < fields.Len(); i++ {
		fds = append(fds, fields.Get(i))
	}
	slices.SortFunc(fds, func(x, y protoreflect.FieldDescriptor) int { return cmp.Compare(x.Number(), y.Number()) })
	b = append(b, '{')
	first := true
	for _, fd := range fds {
		if !m.Has(fd) && fd.Cardinality() == protoreflect.Optional &&
			(fd.Message() != nil && !fd.IsMap() || fd.ContainingOneof() != nil) {
			continue // unset message and oneof fields are left out
		}
		if !first {
			b = append(b, ',')
		}
		first = false
		b = appendJacksonString(b, fd.JSONName())
		b = append(b, ':')
		var err error
		switch {
		case fd.IsMap():
			b, err = appendMap(b, fd, m.Get(fd).Map())
		case fd.IsList():
			b, err = appendList(b, fd, m.Get(fd).List())
		default:
			b, err = appendSingle(b, fd, m.Get(fd), false)
		}
		if err != nil {
			return nil, err
		}
	}
	return append(b, '}'), nil
}

func appendList(b []byte, fd protoreflect.FieldDescriptor, l protoreflect.List) ([]byte, error) {
	b = append(b, '[')
	for i := 0; i < l.Len(); i++ {
		if i > 0 {
			b = append(b, ',')
		}
		var err error
		if b, err = appendSingle(b, fd, l.Get(i), false); err != nil {
			return nil, err
		}
	}
	return append(b, ']'), nil
}

func appendMap(b []byte, fd protoreflect.FieldDescriptor, mp protoreflect.Map) ([]byte, error) {
	keys := make([]protoreflect.MapKey, 0, mp.Len())
	mp.Range(func(k protoreflect.MapKey, _ protoreflect.Value) bool {
		keys = append(keys, k)
		return true
	})
	slices.SortFunc(keys, compareKeys)
	b = append(b, '{')
	for i, k := range keys {
		if i > 0 {
			b = append(b, ',')
		}
		var err error
		if b, err = appendSingle(b, fd.MapKey(), k.Value(), true); err != nil {
			return nil, err
		}
		b = append(b, ':')
		if b, err = appendSingle(b, fd.MapValue(), mp.Get(k), false); err != nil {
			return nil, err
		}
	}
	return append(b, '}'), nil
}

func compareKeys(x, y protoreflect.MapKey) int {
	switch v := x.Interface().(type) {
	case bool:
		return cmp.Compare(boolInt(v), boolInt(y.Bool()))
	case int32, int64:
		return cmp.Compare(x.Int(), y.Int())
	case uint32, uint64:
		return cmp.Compare(x.Uint(), y.Uint())
	}
	return cmp.Compare(x.String(), y.String())
}

func boolInt(v bool) int {
	if v {
		return 1
	}
	return 0
}

// appendSingle is printSingleFieldValue; quoted is its alwaysWithQuotes
// (map keys).
func appendSingle(b []byte, fd protoreflect.FieldDescriptor, v protoreflect.Value, quoted bool) ([]byte, error) {
	var text string
	switch fd.Kind() {
	case protoreflect.Int32Kind, protoreflect.Sint32Kind, protoreflect.Sfixed32Kind:
		text = strconv.FormatInt(v.Int(), 10)
	case protoreflect.Uint32Kind, protoreflect.Fixed32Kind:
		text = strconv.FormatUint(v.Uint(), 10)
	case protoreflect.Int64Kind, protoreflect.Sint64Kind, protoreflect.Sfixed64Kind:
		return appendJacksonString(b, strconv.FormatInt(v.Int(), 10)), nil
	case protoreflect.Uint64Kind, protoreflect.Fixed64Kind:
		return appendJacksonString(b, strconv.FormatUint(v.Uint(), 10)), nil
	case protoreflect.BoolKind:
		text = strconv.FormatBool(v.Bool())
	case protoreflect.FloatKind, protoreflect.DoubleKind:
		bits := 64
		if fd.Kind() == protoreflect.FloatKind {
			bits = 32
		}
		f := v.Float()
		switch {
		case f != f:
			return appendJacksonString(b, "NaN"), nil
		case f > 0 && f*0.5 == f:
			return appendJacksonString(b, "Infinity"), nil
		case f < 0 && f*0.5 == f:
			return appendJacksonString(b, "-Infinity"), nil
		}
		text = javaDouble(f, bits)
	case protoreflect.StringKind:
		return appendJacksonString(b, v.String()), nil
	case protoreflect.BytesKind:
		return appendJacksonString(b, base64.StdEncoding.EncodeToString(v.Bytes())), nil
	case protoreflect.EnumKind:
		if fd.Enum().FullName() == "google.protobuf.NullValue" {
			text = "null"
			break
		}
		if ev := fd.Enum().Values().ByNumber(v.Enum()); ev != nil {
			return appendJacksonString(b, string(ev.Name())), nil
		}
		text = strconv.FormatInt(int64(v.Enum()), 10)
	case protoreflect.MessageKind, protoreflect.GroupKind:
		return appendMessage(b, v.Message())
	}
	if quoted {
		return appendJacksonString(b, text), nil
	}
	return append(b, text...), nil
}
