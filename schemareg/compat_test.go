package schemareg

import (
	"strings"
	"testing"
)

// TestCompatibilityPairs registers old then new under BACKWARD and checks
// the verdict and the first message's errorType.
func TestCompatibilityPairs(t *testing.T) {
	tests := []struct {
		name     string
		typ      SchemaType
		old, new string
		wantErr  string // errorType in the 409 message; "" = compatible
	}{
		{"avro add field with default", Avro, recV1, recV2, ""},
		{"avro add field without default", Avro, recV1, recBad, "READER_FIELD_MISSING_DEFAULT_VALUE"},
		{"avro remove field", Avro, recV2, recV1, ""},
		{"avro int to long promotes", Avro, `{"type":"record","name":"R","fields":[{"name":"a","type":"int"}]}`, `{"type":"record","name":"R","fields":[{"name":"a","type":"long"}]}`, ""},
		{"avro long to int", Avro, `{"type":"record","name":"R","fields":[{"name":"a","type":"long"}]}`, `{"type":"record","name":"R","fields":[{"name":"a","type":"int"}]}`, "TYPE_MISMATCH"},
		{"avro enum symbol removed", Avro, `{"type":"enum","name":"E","symbols":["A","B"]}`, `{"type":"enum","name":"E","symbols":["A"]}`, "MISSING_ENUM_SYMBOLS"},
		{"avro enum symbol removed with default", Avro, `{"type":"enum","name":"E","symbols":["A","B"]}`, `{"type":"enum","name":"E","symbols":["A"],"default":"A"}`, ""},
		{"avro record renamed", Avro, `{"type":"record","name":"R","fields":[]}`, `{"type":"record","name":"S","fields":[]}`, "NAME_MISMATCH"},
		{"avro union to its branch", Avro, `["null","string"]`, `"string"`, "TYPE_MISMATCH"},
		{"avro union branch lost", Avro, `["null","string","int"]`, `["null","string"]`, "MISSING_UNION_BRANCH"},
		{"avro fixed size", Avro, `{"type":"fixed","name":"F","size":4}`, `{"type":"fixed","name":"F","size":8}`, "FIXED_SIZE_MISMATCH"},

		{"json optional property added to open model", JSON, `{"type":"object","properties":{"a":{"type":"string"}}}`, `{"type":"object","properties":{"a":{"type":"string"},"b":{"type":"string"}}}`, "OPTIONAL_PROPERTY_ADDED_TO_OPEN_CONTENT_MODEL"},
		{"json property added to closed model", JSON, `{"type":"object","properties":{"a":{"type":"string"}},"additionalProperties":false}`, `{"type":"object","properties":{"a":{"type":"string"},"b":{"type":"string"}},"additionalProperties":false}`, ""},
		{"json property removed from open model", JSON, `{"type":"object","properties":{"a":{"type":"string"},"b":{"type":"string"}}}`, `{"type":"object","properties":{"a":{"type":"string"}}}`, ""},
		{"json property removed from closed model", JSON, `{"type":"object","properties":{"a":{"type":"string"},"b":{"type":"string"}},"additionalProperties":false}`, `{"type":"object","properties":{"a":{"type":"string"}},"additionalProperties":false}`, "PROPERTY_REMOVED_FROM_CLOSED_CONTENT_MODEL"},
		{"json type changed", JSON, `{"type":"object","properties":{"a":{"type":"string"}}}`, `{"type":"object","properties":{"a":{"type":"integer"}}}`, "TYPE_CHANGED"},
		{"json integer to number", JSON, `{"type":"object","properties":{"a":{"type":"integer"}}}`, `{"type":"object","properties":{"a":{"type":"number"}}}`, ""},
		{"json required added", JSON, `{"type":"object","properties":{"a":{"type":"string"}}}`, `{"type":"object","properties":{"a":{"type":"string"}},"required":["a"]}`, "REQUIRED_ATTRIBUTE_ADDED"},
		{"json closed", JSON, `{"type":"object"}`, `{"type":"object","additionalProperties":false}`, "ADDITIONAL_PROPERTIES_REMOVED"},

		{"proto field added", Protobuf, "syntax = \"proto3\";\nmessage M { string a = 1; }", "syntax = \"proto3\";\nmessage M { string a = 1; int32 b = 2; }", ""},
		{"proto field removed", Protobuf, "syntax = \"proto3\";\nmessage M { string a = 1; int32 b = 2; }", "syntax = \"proto3\";\nmessage M { string a = 1; }", ""},
		{"proto field number reused", Protobuf, "syntax = \"proto3\";\nmessage M { string a = 1; }", "syntax = \"proto3\";\nmessage M { int64 b = 1; }", "FIELD_SCALAR_KIND_CHANGED"},
		{"proto message type changed", Protobuf, "syntax = \"proto3\";\nmessage A {}\nmessage B {}\nmessage M { A x = 1; }", "syntax = \"proto3\";\nmessage A {}\nmessage B {}\nmessage M { B x = 1; }", "FIELD_NAMED_TYPE_CHANGED"},
		{"proto scalar to message", Protobuf, "syntax = \"proto3\";\nmessage A {}\nmessage M { string x = 1; }", "syntax = \"proto3\";\nmessage A {}\nmessage M { A x = 1; }", "FIELD_KIND_CHANGED"},
		{"proto message removed", Protobuf, "syntax = \"proto3\";\nmessage M {}\nmessage N {}", "syntax = \"proto3\";\nmessage M {}", "MESSAGE_REMOVED"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			r := New()
			if _, _, err := r.Register("s", Schema{Type: tt.typ, Text: tt.old}); err != nil {
				t.Fatalf("register old: %v", err)
			}
			_, _, err := r.Register("s", Schema{Type: tt.typ, Text: tt.new})
			if tt.wantErr == "" {
				if err != nil {
					t.Fatalf("want compatible, got %v", err)
				}
				return
			}
			e, ok := err.(*Error)
			if !ok || e.Status != 409 || e.Code != CodeIncompatibleSchema {
				t.Fatalf("want 409/40901, got %v", err)
			}
			if !strings.Contains(e.Message, "errorType:'"+tt.wantErr+"'") && !strings.Contains(e.Message, `errorType:"`+tt.wantErr+`"`) {
				t.Errorf("message lacks %s:\n%s", tt.wantErr, e.Message)
			}
		})
	}
}

func TestCompatibilityLevels(t *testing.T) {
	v := func(fields string) string {
		return `{"type":"record","name":"R","fields":[` + fields + `]}`
	}
	a := v(`{"name":"a","type":"int"}`)
	ab := v(`{"name":"a","type":"int"},{"name":"b","type":"int","default":0}`)
	b := v(`{"name":"b","type":"int","default":0}`)
	tests := []struct {
		level Compatibility
		ok    bool
	}{
		{None, true},
		{Backward, true},           // b reads ab
		{BackwardTransitive, true}, // b reads a and ab (b has a default)
		{Forward, false},           // ab cannot read b: a has no default
		{ForwardTransitive, false}, // nor can a
		{Full, false},
	}
	for _, tt := range tests {
		t.Run(string(tt.level), func(t *testing.T) {
			r := New(WithCompatibility(None))
			for _, s := range []string{a, ab} {
				if _, _, err := r.Register("s", Schema{Text: s}); err != nil {
					t.Fatal(err)
				}
			}
			if err := r.SetCompatibility("s", tt.level); err != nil {
				t.Fatal(err)
			}
			_, _, err := r.Register("s", Schema{Text: b})
			if (err == nil) != tt.ok {
				t.Errorf("register under %s: err = %v, want ok=%v", tt.level, err, tt.ok)
			}
		})
	}
}

func TestProtobufCanonical(t *testing.T) {
	in := "syntax = \"proto3\";\npackage com.ex;\n\n// a comment\nmessage Order {\n  string id = 1;\n  repeated Item items = 2;\n  map<string, int64> counts = 3;\n  optional int32 n = 4;\n  oneof pay { string card = 5; Item gift = 6; }\n  message Item { string sku = 1; }\n  enum State { NEW = 0; DONE = 1; }\n}\n"
	want := "syntax = \"proto3\";\npackage com.ex;\n\nmessage Order {\n  string id = 1;\n  repeated Order.Item items = 2;\n  map<string, int64> counts = 3;\n  optional int32 n = 4;\n\n  oneof pay {\n    string card = 5;\n    Order.Item gift = 6;\n  }\n\n  message Item {\n    string sku = 1;\n  }\n  enum State {\n    NEW = 0;\n    DONE = 1;\n  }\n}\n"
	p, err := parseProtobuf(in, nil)
	if err != nil {
		t.Fatal(err)
	}
	if p.canonical != want {
		t.Errorf("canonical:\n%s\nwant:\n%s", p.canonical, want)
	}
}

// FuzzParse checks that parsing never panics and that the canonical text
// is a fixed point.
func FuzzParse(f *testing.F) {
	f.Add("AVRO", recV2)
	f.Add("AVRO", `{"type":"enum","name":"E","symbols":["A"],"default":"A"}`)
	f.Add("JSON", `{"type":"object","properties":{"a":{"type":"number","minimum":1.50}}}`)
	f.Add("PROTOBUF", "syntax = \"proto3\";\nmessage M { string a = 1; }")
	f.Fuzz(func(t *testing.T, typ, text string) {
		r := New()
		s, _, err := r.parse(Schema{Type: SchemaType(typ), Text: text})
		if err != nil {
			return
		}
		again, _, err := r.parse(s)
		if err != nil {
			t.Fatalf("canonical text does not parse: %v\n%s", err, s.Text)
		}
		if again.Text != s.Text {
			t.Fatalf("canonical text not stable:\n%s\n%s", s.Text, again.Text)
		}
	})
}
