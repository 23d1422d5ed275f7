// Package jsonschemafmt is the JSON Schema embedded format of the Confluent
// REST Proxy: schema compilation as the registry's JsonSchema does it
// (draft-07 when $schema is absent; drafts 4, 6, 7, 2019-09 and 2020-12 by
// $schema; formats asserted for drafts up to 7 as everit does; no remote
// $ref), validation with everit-style messages (the text the proxy quotes
// after "Bad Request: "), and the compact payload bytes.
//
// All functions are safe for concurrent use; a *Schema is immutable after
// Compile.
package jsonschemafmt

import (
	"bytes"
	"errors"
	"fmt"
	"strings"

	"github.com/santhosh-tekuri/jsonschema/v6"
)

// mainURL is where the compiled schema text lives; references given to
// Compile resolve relative to it.
const mainURL = "mem:///schema.json"

// Schema is a compiled JSON Schema.
type Schema struct {
	sch   *jsonschema.Schema
	title string
}

// ErrRemoteRef is returned (wrapped) by Compile for a $ref to a document
// that was not given as a reference.
var ErrRemoteRef = errors.New("remote references are not resolved")

// noRemote is a loader that refuses every URL and remembers the first.
type noRemote struct{ refused string }

func (l *noRemote) Load(url string) (any, error) {
	if l.refused == "" {
		l.refused = url
	}
	return nil, fmt.Errorf("%w: %s", ErrRemoteRef, url)
}

// Compile parses and compiles schema text. refs maps reference names (as
// used in $ref, relative to the schema or absolute URLs) to their text. The
// root must be an object or a boolean, as the registry requires.
func Compile(text string, refs map[string]string) (*Schema, error) {
	doc, err := jsonschema.UnmarshalJSON(strings.NewReader(text))
	if err != nil {
		return nil, err
	}
	c := jsonschema.NewCompiler()
	c.DefaultDraft(jsonschema.Draft7)
	loader := &noRemote{}
	c.UseLoader(loader)
	var title string
	switch d := doc.(type) {
	case bool:
	case map[string]any:
		title, _ = d["title"].(string)
		if s, _ := d["$schema"].(string); !isModernDraft(s) {
			c.AssertFormat() // everit checks formats; json-sKema (2019-09, 2020-12) does not
		}
	default:
		return nil, fmt.Errorf("Invalid JSON schema: expected an object or boolean at the root, found %s", nodeType(doc))
	}
	for name, src := range refs {
		rdoc, err := jsonschema.UnmarshalJSON(strings.NewReader(src))
		if err != nil {
			return nil, fmt.Errorf("reference %s: %w", name, err)
		}
		if err := c.AddResource(refURL(name), rdoc); err != nil {
			return nil, err
		}
	}
	if err := c.AddResource(mainURL, doc); err != nil {
		return nil, err
	}
	sch, err := c.Compile(mainURL)
	if err != nil {
		if loader.refused != "" {
			return nil, fmt.Errorf("%w: %s", ErrRemoteRef, loader.refused)
		}
		return nil, err
	}
	return &Schema{sch: sch, title: title}, nil
}

func isModernDraft(s string) bool {
	return strings.Contains(s, "/2019-09/") || strings.Contains(s, "/2020-12/")
}

func refURL(name string) string {
	if strings.Contains(name, "://") || strings.HasPrefix(name, "urn:") {
		return name
	}
	return "mem:///" + strings.TrimPrefix(name, "/")
}

// nodeType is Jackson's JsonNodeType name for a parsed value.
func nodeType(v any) string {
	switch v.(type) {
	case nil:
		return "NULL"
	case string:
		return "STRING"
	case []any:
		return "ARRAY"
	}
	return "NUMBER"
}

// Title is the schema's "title" ("" when absent): the record name that
// RecordNameStrategy uses.
func (s *Schema) Title() string { return s.title }

// Validate checks jsonText against the schema. A violation is a
// *ValidationError whose Error() is everit's message, such as
// `#: required key [f1] not found`, `#/age: expected type: Integer, found: String`
// or `#: 2 schema violations found`. Malformed JSON is returned as is.
func Validate(s *Schema, jsonText []byte) error {
	inst, err := jsonschema.UnmarshalJSON(bytes.NewReader(jsonText))
	if err != nil {
		return err
	}
	err = s.sch.Validate(inst)
	var ve *jsonschema.ValidationError
	if errors.As(err, &ve) {
		return everit(ve, inst)
	}
	return err
}
