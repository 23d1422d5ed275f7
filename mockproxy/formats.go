package mockproxy

import (
	"github.com/kafkarestmock/kafkarestmock/internal/media"
	"github.com/kafkarestmock/kafkarestmock/schemareg"
)

// builtinFormats returns the registration table of the embedded formats
// a server serves, in the real proxy's method order (which breaks ties in
// content negotiation). The first is the default: a consumer created
// without a format reads it, and its methods also take the API version's
// generic media types. avro, jsonschema and protobuf answer as a proxy
// whose schema registry is missing.
func builtinFormats() formatTable {
	return formatTable{
		binaryFormat{formatSpec{id: "binary", java: "Binary", v1: media.V1Binary, v2: media.V2Binary, simple: true}},
		jsonFormat{formatSpec{id: "json", java: "Json", v1: media.V1JSON, v2: media.V2JSON, simple: true}},
		schemaFormat{formatSpec{id: "avro", java: "Avro", v1: media.V1Avro, v2: media.V2Avro}, "Avro", "AVRO", schemareg.Avro, "Avro"},
		schemaFormat{formatSpec{id: "jsonschema", java: "JsonSchema", v2: media.V2JSONSch}, "JSON", "JSONSCHEMA", schemareg.JSON, "JSON Schema"},
		schemaFormat{formatSpec{id: "protobuf", java: "Protobuf", v2: media.V2Protobuf}, "Protobuf", "PROTOBUF", schemareg.Protobuf, "Protobuf"},
	}
}

// formatTable is a server's embedded formats in registration order.
type formatTable []format

// lookup returns the format called name, or nil.
func (t formatTable) lookup(name string) format {
	for _, f := range t {
		if f.name() == name {
			return f
		}
	}
	return nil
}

// fallback is the default format, the first registered.
func (t formatTable) fallback() format { return t[0] }

// with returns the table with f added, in place of a format of the same
// name if there is one.
func (t formatTable) with(f format) formatTable {
	out := make(formatTable, 0, len(t)+1)
	replaced := false
	for _, g := range t {
		if g.name() == f.name() {
			g, replaced = f, true
		}
		out = append(out, g)
	}
	if !replaced {
		out = append(out, f)
	}
	return out
}

// withFormat registers an embedded format beside the built-in ones, or in
// place of the one of the same name.
func withFormat(f format) Option {
	return optionFunc(func(c *config) { c.formats = c.formats.with(f) })
}
