package jsonschemafmt

import (
	"errors"
	"flag"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
)

var update = flag.Bool("update", false, "rewrite testdata/canonical.golden")

const person = `{
  "title": "Person",
  "type": "object",
  "properties": {
    "name": {"type": "string", "minLength": 2, "maxLength": 5, "pattern": "^[A-Z]"},
    "age": {"type": "integer", "minimum": 5, "maximum": 150},
    "score": {"type": "number", "exclusiveMinimum": 0, "exclusiveMaximum": 1.5, "multipleOf": 0.5},
    "kind": {"enum": ["a", "b"]},
    "fixed": {"const": 1},
    "tags": {"type": "array", "minItems": 1, "maxItems": 2, "uniqueItems": true, "items": {"type": "string"}},
    "email": {"type": "string", "format": "email"},
    "when": {"type": "string", "format": "date-time"},
    "flag": {"type": "boolean"},
    "nothing": {"type": "null"},
    "either": {"type": ["string", "null"]},
    "child": {"type": "object", "required": ["x", "y"], "properties": {"x": {"type": "integer"}}},
    "a/b": {"type": "string"}
  },
  "required": ["name"],
  "additionalProperties": false
}`

func TestValidate(t *testing.T) {
	s, err := Compile(person, nil)
	if err != nil {
		t.Fatal(err)
	}
	if s.Title() != "Person" {
		t.Errorf("Title() = %q", s.Title())
	}
	tests := []struct{ in, want string }{
		{`{"name":"Ann"}`, ""},
		{`{}`, `#: required key [name] not found`},
		{`{"name":"Ann","x":1}`, `#: extraneous key [x] is not permitted`},
		{`{"name":"Ann","age":"old"}`, `#/age: expected type: Integer, found: String`},
		{`{"name":"Ann","age":1.5}`, `#/age: expected type: Integer, found: Double`},
		{`{"name":"Ann","age":3}`, `#/age: 3 is not greater or equal to 5`},
		{`{"name":"Ann","age":151}`, `#/age: 151 is not less or equal to 150`},
		{`{"name":"Ann","score":0}`, `#/score: 0 is not greater than 0`},
		{`{"name":"Ann","score":2.0}`, `#/score: 2.0 is not less than 1.5`},
		{`{"name":"Ann","score":0.7}`, `#/score: 0.7 is not a multiple of 0.5`},
		{`{"name":"A"}`, `#/name: expected minLength: 2, actual: 1`},
		{`{"name":"Abcdef"}`, `#/name: expected maxLength: 5, actual: 6`},
		{`{"name":"ann"}`, `#/name: string [ann] does not match pattern ^[A-Z]`},
		{`{"name":"Ann","kind":"c"}`, `#/kind: c is not a valid enum value`},
		{`{"name":"Ann","fixed":2}`, `#/fixed: `},
		{`{"name":"Ann","tags":[]}`, `#/tags: expected minimum item count: 1, found: 0`},
		{`{"name":"Ann","tags":["a","b","c"]}`, `#/tags: expected maximum item count: 2, found: 3`},
		{`{"name":"Ann","tags":["a","a"]}`, `#/tags: array items are not unique`},
		{`{"name":"Ann","tags":[1]}`, `#/tags/0: expected type: String, found: Integer`},
		{`{"name":"Ann","email":"nope"}`, `#/email: [nope] is not a valid email address`},
		{`{"name":"Ann","when":"today"}`, `#/when: [today] is not a valid date-time. Expected [yyyy-MM-dd'T'HH:mm:ssZ, yyyy-MM-dd'T'HH:mm:ss.[0-9]{1,9}Z, yyyy-MM-dd'T'HH:mm:ss[+-]HH:mm, yyyy-MM-dd'T'HH:mm:ss.[0-9]{1,9}[+-]HH:mm]`},
		{`{"name":"Ann","flag":"yes"}`, `#/flag: expected type: Boolean, found: String`},
		{`{"name":"Ann","nothing":1}`, `#/nothing: expected: null, found: Integer`},
		{`{"name":"Ann","either":1}`, `#/either: #: no subschema matched out of the total 2 subschemas`},
		{`{"name":"Ann","child":[]}`, `#/child: expected type: JSONObject, found: JSONArray`},
		{`{"name":"Ann","child":{"x":"1"}}`, `#/child: 2 schema violations found`},
		{`{"name":"Ann","a/b":1}`, `#/a~1b: expected type: String, found: Integer`},
		{`{"age":"x","y":1}`, `#: 3 schema violations found`},
		{`{"name":"Ann","age":5000000000}`, `#/age: 5000000000 is not less or equal to 150`},
		{`[]`, `#: expected type: JSONObject, found: JSONArray`},
		{`null`, `#: expected type: JSONObject, found: Null`},
	}
	for _, tt := range tests {
		err := Validate(s, []byte(tt.in))
		got := ""
		if err != nil {
			got = err.Error()
			var ve *ValidationError
			if !errors.As(err, &ve) {
				t.Errorf("Validate(%s) = %T, want *ValidationError", tt.in, err)
			}
		}
		if diff := cmp.Diff(tt.want, got); diff != "" {
			t.Errorf("Validate(%s) (-want +got):\n%s", tt.in, diff)
		}
	}
}

func TestViolations(t *testing.T) {
	s, err := Compile(person, nil)
	if err != nil {
		t.Fatal(err)
	}
	err = Validate(s, []byte(`{"name":"Ann","child":{"x":"1"}}`))
	var ve *ValidationError
	if !errors.As(err, &ve) {
		t.Fatalf("Validate = %v", err)
	}
	var got []string
	for _, v := range ve.Violations {
		got = append(got, v.String())
	}
	want := []string{"#/child: required key [y] not found", "#/child/x: expected type: Integer, found: String"}
	if diff := cmp.Diff(want, got, cmpSorted); diff != "" {
		t.Errorf("Violations (-want +got):\n%s", diff)
	}
}

var cmpSorted = cmp.Transformer("sort", func(in []string) []string {
	out := append([]string(nil), in...)
	for i := range out {
		for j := i + 1; j < len(out); j++ {
			if out[j] < out[i] {
				out[i], out[j] = out[j], out[i]
			}
		}
	}
	return out
})

func TestCompile(t *testing.T) {
	tests := []struct {
		name, text string
		refs       map[string]string
		in         string
		want       string // Validate's message, or "compile: <error>"
	}{
		{"draft-07 default: integer 1.0", `{"type":"integer"}`, nil, `1.0`, ``},
		{"draft-04 exclusiveMinimum boolean", `{"$schema":"http://json-schema.org/draft-04/schema#","minimum":5,"exclusiveMinimum":true}`, nil, `5`, `#: 5 is not greater than 5`},
		{"draft-06", `{"$schema":"http://json-schema.org/draft-06/schema#","exclusiveMinimum":5}`, nil, `5`, `#: 5 is not greater than 5`},
		{"2020-12 does not assert formats", `{"$schema":"https://json-schema.org/draft/2020-12/schema","format":"email"}`, nil, `"x"`, ``},
		{"2019-09", `{"$schema":"https://json-schema.org/draft/2019-09/schema","type":"string"}`, nil, `1`, `#: expected type: String, found: Integer`},
		{"draft-07 asserts formats", `{"format":"ipv4"}`, nil, `"1.2.3"`, `#: [1.2.3] is not a valid ipv4 address`},
		{"boolean schema", `false`, nil, `1`, `#: false schema always fails`},
		{"reference", `{"properties":{"a":{"$ref":"other.json"}}}`, map[string]string{"other.json": `{"type":"string"}`}, `{"a":1}`, `#/a: expected type: String, found: Integer`},
		{"absolute reference", `{"$ref":"https://example.com/s.json"}`, map[string]string{"https://example.com/s.json": `{"type":"string"}`}, `1`, `#: expected type: String, found: Integer`},
		{"remote reference refused", `{"$ref":"https://example.com/missing.json"}`, nil, ``, `compile: remote`},
		{"array root", `[]`, nil, ``, `compile: Invalid JSON schema: expected an object or boolean at the root, found ARRAY`},
		{"malformed", `{`, nil, ``, `compile: unexpected EOF`},
	}
	for _, tt := range tests {
		s, err := Compile(tt.text, tt.refs)
		var got string
		if err != nil {
			got = "compile: " + err.Error()
			if strings.HasPrefix(tt.want, "compile: remote") {
				if !errors.Is(err, ErrRemoteRef) {
					t.Errorf("%s: %v, want ErrRemoteRef", tt.name, err)
				}
				continue
			}
		} else if err := Validate(s, []byte(tt.in)); err != nil {
			got = err.Error()
		}
		if got != tt.want {
			t.Errorf("%s: got %q, want %q", tt.name, got, tt.want)
		}
	}
}

func TestCanonical(t *testing.T) {
	path := filepath.Join("testdata", "canonical.golden")
	inputs := []string{
		`{ "b" : 1, "a" : [ true, false, null ] }`,
		`{"a":1,"b":2,"a":3}`,
		`[1.50, 1e2, -0, -0.0, 1E-4, 12345678.9, 0.001, 123456789012345678901234567890]`,
		`"tab\tnl\nctl\u0001 quote\" slash\/ é \u2028"`,
		`1e400`,
		`{"nested":{"z":{},"y":[]}}`,
	}
	var got strings.Builder
	for _, in := range inputs {
		out, err := Canonical([]byte(in))
		if err != nil {
			t.Fatalf("Canonical(%s): %v", in, err)
		}
		got.WriteString(in + "\n" + string(out) + "\n\n")
	}
	if *update {
		if err := os.WriteFile(path, []byte(got.String()), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	want, err := os.ReadFile(path)
	if err != nil {
		t.Fatalf("%v (run with -update)", err)
	}
	if diff := cmp.Diff(string(want), got.String()); diff != "" {
		t.Errorf("canonical golden (-want +got):\n%s", diff)
	}
	if _, err := Canonical([]byte(`{"a":1} x`)); err == nil {
		t.Error("Canonical accepted trailing data")
	}
}

func TestJavaDouble(t *testing.T) {
	for f, want := range map[float64]string{1: "1.0", 1e7: "1.0E7", 1e-4: "1.0E-4", 0.001: "0.001", -2.5: "-2.5", 123.25: "123.25"} {
		if got := javaDouble(f); got != want {
			t.Errorf("javaDouble(%v) = %s, want %s", f, got, want)
		}
	}
}
