// Package protofmt is the Protobuf embedded format of the Confluent REST
// Proxy: it compiles `.proto` schema text the way the schema registry's
// ProtobufSchema resolves it (well-known types and Confluent's own imports
// need no references), selects a message by Confluent's message indexes,
// and converts between the proxy's JSON and protobuf binary as protobuf-java's
// JsonFormat does (parser().merge on produce, printer()
// .includingDefaultValueFields().omittingInsignificantWhitespace() on
// consume, then Jackson's re-encoding).
//
// Not covered: the google/type/*.proto imports (LatLng, Money, Date...) that
// Confluent also resolves without references; google.protobuf.Any with a
// payload (protobuf-java's parser and printer have an empty type registry in
// the proxy, so Any fails there too, with the same text); proto2 groups.
//
// All functions are safe for concurrent use; a *Schema and its *Message
// values are immutable after Compile.
package protofmt

import (
	"context"
	"errors"
	"fmt"
	"strings"

	"github.com/bufbuild/protocompile"
	"google.golang.org/protobuf/reflect/protoreflect"
)

// fileName is the name the compiled schema text gets. References are
// imported by the names given in Compile's refs.
const fileName = "default.proto"

// confluentImports are stand-ins for the files the schema registry resolves
// without references. They declare the same packages, names and numbers so
// that schemas importing them compile and encode identically.
var confluentImports = map[string]string{
	"confluent/meta.proto": `syntax = "proto3";
package confluent;
import "google/protobuf/descriptor.proto";
message Meta {
  string doc = 1;
  map<string, string> params = 2;
  repeated string tags = 3;
  repeated Rule rules = 4;
}
message Rule {
  string name = 1;
  string doc = 2;
  string expr = 3;
  string sql = 4;
}
extend google.protobuf.FileOptions { Meta file_meta = 1088; }
extend google.protobuf.MessageOptions { Meta message_meta = 1088; }
extend google.protobuf.FieldOptions { Meta field_meta = 1088; }
extend google.protobuf.EnumOptions { Meta enum_meta = 1088; }
extend google.protobuf.EnumValueOptions { Meta enum_value_meta = 1088; }
`,
	"confluent/type/decimal.proto": `syntax = "proto3";
package confluent.type;
message Decimal {
  bytes value = 1;
  uint32 precision = 2;
  int32 scale = 3;
}
`,
}

// Schema is a compiled Protobuf schema.
type Schema struct {
	file protoreflect.FileDescriptor
}

// Message is one message type of a Schema together with its Confluent
// message indexes.
type Message struct {
	desc    protoreflect.MessageDescriptor
	indexes []int
}

// ErrNoType is returned by Schema.Name when the file declares neither a
// message nor an enum.
var ErrNoType = errors.New("Protobuf schema definition contains no type definitions")

// Compile parses and links schema text. refs maps import names to the text
// of referenced schemas; the well-known google/protobuf/*.proto files,
// confluent/meta.proto and confluent/type/decimal.proto need no entry. The
// error, if any, is protocompile's ("default.proto:3:5: ..."); the proxy
// does not quote it (its 42205 message quotes the raw schema instead).
func Compile(text string, refs map[string]string) (*Schema, error) {
	srcs := make(map[string]string, len(refs)+len(confluentImports)+1)
	for name, src := range confluentImports {
		srcs[name] = src
	}
	for name, src := range refs {
		srcs[name] = src
	}
	srcs[fileName] = text
	c := protocompile.Compiler{
		Resolver: protocompile.WithStandardImports(&protocompile.SourceResolver{
			Accessor: protocompile.SourceAccessorFromMap(srcs),
		}),
	}
	files, err := c.Compile(context.Background(), fileName)
	if err != nil {
		return nil, err
	}
	return &Schema{file: files[0]}, nil
}

// Name is the schema's name as the registry's ProtobufSchema.name() gives
// it, used by RecordNameStrategy: the full name of the first top-level
// message, else of the first top-level enum.
func (s *Schema) Name() (string, error) {
	if s.file.Messages().Len() > 0 {
		return string(s.file.Messages().Get(0).FullName()), nil
	}
	if s.file.Enums().Len() > 0 {
		return string(s.file.Enums().Get(0).FullName()), nil
	}
	return "", ErrNoType
}

// Default is the message the proxy uses for raw schema text: the first
// top-level message, indexes [0].
func (s *Schema) Default() (*Message, error) {
	return s.ByIndexes([]int{0})
}

// ByIndexes returns the message at the given message indexes; an empty list
// means [0]. Map entry types do not count, as in Confluent's walk over the
// parsed file.
func (s *Schema) ByIndexes(indexes []int) (*Message, error) {
	if len(indexes) == 0 {
		indexes = []int{0}
	}
	var desc protoreflect.MessageDescriptor
	msgs := s.file.Messages()
	for _, idx := range indexes {
		desc = nthMessage(msgs, idx)
		if desc == nil {
			return nil, fmt.Errorf("Invalid message indexes: %s", formatIndexes(indexes))
		}
		msgs = desc.Messages()
	}
	return &Message{desc: desc, indexes: append([]int(nil), indexes...)}, nil
}

// ByName returns the message with the given full name (package included)
// and its message indexes.
func (s *Schema) ByName(fullName string) (*Message, error) {
	name := strings.TrimPrefix(fullName, string(s.file.Package())+".")
	if s.file.Package() == "" {
		name = fullName
	}
	var indexes []int
	var desc protoreflect.MessageDescriptor
	msgs := s.file.Messages()
	for _, part := range strings.Split(name, ".") {
		desc = nil
		i := 0
		for j := 0; j < msgs.Len(); j++ {
			m := msgs.Get(j)
			if m.IsMapEntry() {
				continue
			}
			if string(m.Name()) == part {
				desc = m
				break
			}
			i++
		}
		if desc == nil {
			return nil, fmt.Errorf("Invalid message name: %s", fullName)
		}
		indexes = append(indexes, i)
		msgs = desc.Messages()
	}
	return &Message{desc: desc, indexes: indexes}, nil
}

func nthMessage(msgs protoreflect.MessageDescriptors, n int) protoreflect.MessageDescriptor {
	i := 0
	for j := 0; j < msgs.Len(); j++ {
		m := msgs.Get(j)
		if m.IsMapEntry() {
			continue
		}
		if i == n {
			return m
		}
		i++
	}
	return nil
}

// formatIndexes prints indexes as Java's List.toString does: "[0, 2]".
func formatIndexes(indexes []int) string {
	var b strings.Builder
	b.WriteByte('[')
	for i, idx := range indexes {
		if i > 0 {
			b.WriteString(", ")
		}
		fmt.Fprint(&b, idx)
	}
	b.WriteByte(']')
	return b.String()
}

// FullName is the message's full name, package included.
func (m *Message) FullName() string { return string(m.desc.FullName()) }

// Indexes returns a copy of the message's Confluent message indexes.
func (m *Message) Indexes() []int { return append([]int(nil), m.indexes...) }

// Descriptor is the message's descriptor.
func (m *Message) Descriptor() protoreflect.MessageDescriptor { return m.desc }
