package jsonv

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"strings"
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

// nested is n arrays (or, with object, n objects under "a") around a 1.
func nested(n int, object bool) []byte {
	open, closer := "[", "]"
	if object {
		open, closer = `{"a":`, "}"
	}
	return []byte(strings.Repeat(open, n) + "1" + strings.Repeat(closer, n))
}

// TestParseDepthLimit checks Jackson's StreamReadConstraints default:
// 1000 containers open at once parse, opening the 1001st fails with
// Jackson's text, whatever follows it.
func TestParseDepthLimit(t *testing.T) {
	t.Parallel()
	const msg = "Document nesting depth (1001) exceeds the maximum allowed (1000, from `StreamReadConstraints.getMaxNestingDepth()`)"
	tests := []struct {
		name   string
		in     []byte
		offset int // of the container that opens too deep; -1 for a parse
	}{
		{"1000 arrays", nested(1000, false), -1},
		{"1000 objects", nested(1000, true), -1},
		{"1001 arrays", nested(1001, false), 1000},
		{"1001 objects", nested(1001, true), 5000},
		{"1001 empty arrays", []byte(strings.Repeat("[", 1001) + strings.Repeat("]", 1001)), 1000},
		{"1001 mixed", append([]byte(`{"a":`), nested(1000, false)...), 1004},
		{"1001 broken off", []byte(strings.Repeat("[", 1001)), 1000},
		{"20000 arrays", nested(20000, false), 1000},
	}
	for _, tc := range tests {
		_, ok, err := Parse(tc.in)
		if tc.offset < 0 {
			if err != nil || !ok {
				t.Errorf("%s: Parse = %v, %v", tc.name, ok, err)
			}
			continue
		}
		var se *SyntaxError
		if !errors.As(err, &se) {
			t.Errorf("%s: Parse error %v, want a SyntaxError", tc.name, err)
			continue
		}
		want := SyntaxError{Msg: msg, Offset: tc.offset, Limit: "getMaxNestingDepth"}
		if diff := cmp.Diff(want, *se); diff != "" {
			t.Errorf("%s: error mismatch (-want +got):\n%s", tc.name, diff)
		}
	}
}

// depth is the most arrays and objects open at once in data, which is
// valid JSON.
func depth(data []byte) int {
	d, most, inString := 0, 0, false
	for i := 0; i < len(data); i++ {
		switch c := data[i]; {
		case inString && c == '\\':
			i++
		case c == '"':
			inString = !inString
		case inString:
		case c == '[' || c == '{':
			d++
			most = max(most, d)
		case c == ']' || c == '}':
			d--
		}
	}
	return most
}

// FuzzParse checks Parse against encoding/json: every document encoding/json
// accepts parses, the raw text of what Parse returns is valid JSON, and
// strings decode to what encoding/json decodes.
func FuzzParse(f *testing.F) {
	for _, s := range []string{`{"records":[{"value":"aGk="}]}`, `[1,2.5,"\u00e9"]`, `"\ud83d\ude00"`, `{"a":{"b":null}}`, `-0.1e5`, `"\ud800"`, string(nested(1001, false))} {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		v, ok, err := Parse(data)
		for keep := range 4 {
			checkParseDepth(t, data, keep, v, ok, err)
		}
		// encoding/json nests up to 10000 deep, Jackson (and Parse) up to
		// MaxNestingDepth: only documents within both must agree.
		if json.Valid(data) && utf8.Valid(data) && depth(data) <= MaxNestingDepth && (err != nil || !ok) {
			t.Fatalf("encoding/json accepts %q, Parse: %v, %v", data, ok, err)
		}
		if json.Valid(data) && depth(data) > MaxNestingDepth {
			var se *SyntaxError
			if !errors.As(err, &se) || se.Limit != "getMaxNestingDepth" {
				t.Fatalf("%d deep: Parse error %v, want the nesting limit", depth(data), err)
			}
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

// checkParseDepth checks ParseDepth(data, keep) against Parse's answer:
// the same error or none, and the same tree down to keep, below which
// containers have only their Kind and Raw.
func checkParseDepth(t *testing.T, data []byte, keep int, want Value, wantOK bool, wantErr error) {
	t.Helper()
	got, ok, err := ParseDepth(data, keep)
	if ok != wantOK || fmt.Sprint(err) != fmt.Sprint(wantErr) {
		t.Fatalf("ParseDepth(%q, %d) = %v, %v; Parse: %v, %v", data, keep, ok, err, wantOK, wantErr)
	}
	if err != nil || !ok {
		return
	}
	var walk func(want, got Value, depth int)
	walk = func(want, got Value, depth int) {
		if want.Kind != got.Kind || !bytes.Equal(want.Raw, got.Raw) {
			t.Fatalf("ParseDepth(%q, %d): %s at depth %d, Parse %s", data, keep, got.Raw, depth, want.Raw)
		}
		if depth > keep {
			if len(got.Items) != 0 || len(got.Fields) != 0 {
				t.Fatalf("ParseDepth(%q, %d) built %s at depth %d", data, keep, got.Raw, depth)
			}
			return
		}
		if len(want.Items) != len(got.Items) || len(want.Fields) != len(got.Fields) {
			t.Fatalf("ParseDepth(%q, %d): members of %s differ", data, keep, got.Raw)
		}
		for i := range want.Items {
			walk(want.Items[i], got.Items[i], depth+1)
		}
		for i := range want.Fields {
			if want.Fields[i].Name != got.Fields[i].Name {
				t.Fatalf("ParseDepth(%q, %d): field %q, Parse %q", data, keep, got.Fields[i].Name, want.Fields[i].Name)
			}
			walk(want.Fields[i].Value, got.Fields[i].Value, depth+1)
		}
	}
	walk(want, got, 0)
}

func TestParseDepth(t *testing.T) {
	for _, doc := range []string{
		`{"records":[{"key":{"a":[1,{"b":null}]},"value":[[],{}]}],"value_schema":"x"}`,
		`[[[[1]]],{"a":{"b":{"c":{}}}}]`,
		`{"records":[{"value":{"a":1,]}}]}`,
		`{"records":[{"value":{"a":1}}`,
		string(nested(1001, false)),
	} {
		v, ok, err := Parse([]byte(doc))
		for keep := range 5 {
			checkParseDepth(t, []byte(doc), keep, v, ok, err)
		}
	}
}

// TestParserReuse parses documents one after another with one Parser,
// at depths that change from one document to the next: each answer is
// ParseDepth's, whatever the documents and depths before it were.
func TestParserReuse(t *testing.T) {
	docs := []string{
		`{"records":[{"key":{"a":[1,{"b":null}]},"value":[[],{}]}]}`,
		`{"value":{"type":"BINARY","data":"aGk="}}`,
		`{"a":1,]`,
		`[1,2,3,{"x":[4,5]}]`,
		`{"value":{"type":"JSON","data":{"n":[true,false,null]}},"key":{"type":"STRING","data":"k"}}`,
		``,
		`"s"`,
	}
	var ps Parser
	for round := range 3 {
		for i, d := range docs {
			depth := (round+i)%4 - 1 // -1 (everything) to 2
			want, wantOK, wantErr := ParseDepth([]byte(d), depth)
			got, ok, err := ps.ParseDepth([]byte(d), depth)
			if depth < 0 && i%2 == 0 {
				got, ok, err = ps.Parse([]byte(d))
			}
			if ok != wantOK || fmt.Sprint(err) != fmt.Sprint(wantErr) {
				t.Fatalf("round %d, %q, depth %d: Parser %v, %v; ParseDepth %v, %v", round, d, depth, ok, err, wantOK, wantErr)
			}
			if diff := cmp.Diff(want, got, cmp.AllowUnexported(Value{})); diff != "" {
				t.Fatalf("round %d, %q, depth %d (-ParseDepth +Parser):\n%s", round, d, depth, diff)
			}
		}
	}
}
