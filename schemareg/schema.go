package schemareg

import (
	"strings"

	"github.com/hamba/avro/v2"
	"google.golang.org/protobuf/reflect/protoreflect"
)

// SchemaType is the registry's schemaType: AVRO, JSON or PROTOBUF.
type SchemaType string

// The schema types the registry serves (GET /schemas/types).
const (
	Avro     SchemaType = "AVRO"
	JSON     SchemaType = "JSON"
	Protobuf SchemaType = "PROTOBUF"
)

// Reference is one entry of a schema's references: the name it is imported
// by (an Avro full name, a .proto import path, a JSON Schema $ref URL) and
// the subject and version that hold it.
type Reference struct {
	Name    string `json:"name"`
	Subject string `json:"subject"`
	Version int    `json:"version"`
}

// Schema is a schema as registered: its type (empty means AVRO, as the
// registry reads an absent schemaType), its text and its references. The
// registry answers with the canonical text, never the text sent.
type Schema struct {
	Type       SchemaType
	Text       string
	References []Reference
}

func (s Schema) typ() SchemaType {
	if s.Type == "" {
		return Avro
	}
	return s.Type
}

// SubjectVersion is one registered version of a subject.
type SubjectVersion struct {
	Subject string
	Version int
	ID      int
	Schema  Schema
	Deleted bool
}

// Parsed is a schema as the codecs use it. Exactly one of Avro, JSON and
// Protobuf is set, after Type.
//
// Avro is hamba's parse of the canonical text (references resolved); JSON
// is the schema document as encoding/json decodes it (map[string]any,
// []any, float64, ...) for a JSON Schema compiler; Protobuf is the linked
// file, whose first message is the one Confluent's serializers use by
// default (message index [0]).
type Parsed struct {
	Type     SchemaType
	Avro     avro.Schema
	JSON     any
	Protobuf protoreflect.FileDescriptor
}

// parsed is the registry's own view of a schema: the canonical text plus
// what the compatibility checks walk.
type parsed struct {
	canonical string
	avro      avro.Schema
	json      *jsonNode
	proto     protoreflect.FileDescriptor
}

// key is what two schemas must share to be the same registered schema (and
// so get the same global id): type, canonical text and references.
func schemaKey(typ SchemaType, canonical string, refs []Reference) string {
	var b strings.Builder
	b.WriteString(string(typ))
	b.WriteByte(0)
	b.WriteString(canonical)
	for _, r := range refs {
		b.WriteByte(0)
		b.WriteString(r.Name)
		b.WriteByte(1)
		b.WriteString(r.Subject)
		b.WriteByte(1)
		b.WriteString(itoa(r.Version))
	}
	return b.String()
}
