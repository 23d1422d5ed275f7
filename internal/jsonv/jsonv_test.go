package jsonv

import (
	"encoding/json"
	"testing"
	"unicode/utf8"

	"github.com/google/go-cmp/cmp"
)

func TestParseValid(t *testing.T) {
	t.Parallel()
	v, ok, err := Parse([]byte(` {"records":[{"key":"a2V5","value":null,"partition":1},{"value":{"a":[1,2.5e3,-0,true,false]}}],"x":"\u00e9\ud83d\ude00\n\/"} trailing`))
	if err != nil || !ok {
		t.Fatalf("Parse: %v, %v", ok, err)
	}
	recs, _ := v.Field("records")
	if recs.Kind != Array || len(recs.Items) != 2 {
		t.Fatalf("records = %+v", recs)
	}
	p, _ := recs.Items[0].Field("partition")
	if p.Kind != Number || string(p.Raw) != "1" {
		t.Errorf("partition = %+v", p)
	}
	val, _ := recs.Items[1].Field("value")
	if got := string(val.Raw); got != `{"a":[1,2.5e3,-0,true,false]}` {
		t.Errorf("value raw = %s", got)
	}
	x, _ := v.Field("x")
	if got, want := x.Str(), "é😀\n/"; got != want {
		t.Errorf("Str = %q, want %q", got, want)
	}
	if _, ok, err := Parse([]byte(" \n\t")); ok || err != nil {
		t.Errorf("blank input: ok=%v err=%v, want false, nil", ok, err)
	}
}

func TestParseDuplicateKeepsLast(t *testing.T) {
	t.Parallel()
	v, _, _ := Parse([]byte(`{"a":1,"a":2}`))
	got, _ := v.Field("a")
	if string(got.Raw) != "2" {
		t.Errorf("a = %s, want 2", got.Raw)
	}
}

func TestParseErrors(t *testing.T) {
	t.Parallel()
	tests := []struct{ in, want string }{
		{`foobar`, "Unrecognized token 'foobar': was expecting (JSON String, Number, Array, Object or token 'null', 'true' or 'false')"},
		{`{"a":}`, "Unexpected character ('}' (code 125)): expected a valid value (JSON String, Number, Array, Object or token 'null', 'true' or 'false')"},
		{`{a:1}`, "Unexpected character ('a' (code 97)): was expecting double-quote to start field name"},
		{`{"a":1,}`, "Unexpected character ('}' (code 125)): was expecting double-quote to start field name"},
		{`{"a" 1}`, "Unexpected character ('1' (code 49)): was expecting a colon to separate field name and value"},
		{`{"a":1 "b":2}`, "Unexpected character ('\"' (code 34)): was expecting comma to separate Object entries"},
		{`[1 2]`, "Unexpected character ('2' (code 50)): was expecting comma to separate Array entries"},
		{`[1}`, "Unexpected close marker '}': expected ']'"},
		{`{"a":1]`, "Unexpected close marker ']': expected '}'"},
		{`{"a":1`, "Unexpected end-of-input: expected close marker for Object"},
		{`[1,`, "Unexpected end-of-input: expected close marker for Array"},
		{`"abc`, "Unexpected end-of-input: was expecting closing quote for a string value"},
		{`"a` + "\x01" + `"`, "Illegal unquoted character ((CTRL-CHAR, code 1)): has to be escaped using backslash to be included in string value"},
		{`"\x"`, "Unrecognized character escape 'x' (code 120)"},
		{`"\u12G4"`, "Unexpected character ('G' (code 71)): expected a hex-digit for character escape sequence"},
		{`-x`, "Unexpected character ('x' (code 120)): expected digit (0-9) to follow minus sign, for valid numeric value"},
		{`01`, "Invalid numeric value: Leading zeroes not allowed"},
		{`1.`, "Unexpected end-of-input: Decimal point not followed by a digit"},
		{`1e+`, "Unexpected end-of-input: Exponent indicator not followed by a digit"},
		{"\"\xf7\"", "Invalid UTF-8 start byte 0xf7"},
		{"\"\xc3(\"", "Invalid UTF-8 middle byte 0x28"},
		{`@`, "Unexpected character ('@' (code 64)): expected a valid value (JSON String, Number, Array, Object or token 'null', 'true' or 'false')"},
	}
	for _, tc := range tests {
		_, _, err := Parse([]byte(tc.in))
		if err == nil {
			t.Errorf("Parse(%q) succeeded", tc.in)
			continue
		}
		if diff := cmp.Diff(tc.want, err.Error()); diff != "" {
			t.Errorf("Parse(%q) error mismatch (-want +got):\n%s", tc.in, diff)
		}
	}
}

func TestParseDepthLimit(t *testing.T) {
	t.Parallel()
	deep := make([]byte, 0, 5000)
	for range 2000 {
		deep = append(deep, '[')
	}
	if _, _, err := Parse(deep); err == nil {
		t.Fatal("2000 nested arrays parsed")
	}
}

// FuzzParse checks Parse against encoding/json: every document encoding/json
// accepts parses, the raw text of what Parse returns is valid JSON, and
// strings decode to what encoding/json decodes.
func FuzzParse(f *testing.F) {
	for _, s := range []string{`{"records":[{"value":"aGk="}]}`, `[1,2.5,"\u00e9"]`, `"\ud83d\ude00"`, `{"a":{"b":null}}`, `-0.1e5`, `"\ud800"`} {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		v, ok, err := Parse(data)
		if json.Valid(data) && utf8.Valid(data) && (err != nil || !ok) {
			t.Fatalf("encoding/json accepts %q, Parse: %v, %v", data, ok, err)
		}
		if err != nil || !ok {
			return
		}
		if !json.Valid(v.Raw) {
			t.Fatalf("Raw %q of %q is not valid JSON", v.Raw, data)
		}
		if v.Kind == String {
			var s string
			if err := json.Unmarshal(v.Raw, &s); err != nil {
				t.Fatal(err)
			}
			if got := v.Str(); got != s {
				t.Fatalf("Str(%q) = %q, encoding/json %q", v.Raw, got, s)
			}
		}
	})
}
