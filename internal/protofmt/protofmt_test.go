package protofmt

import (
	"encoding/hex"
	"encoding/json"
	"flag"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/google/go-cmp/cmp/cmpopts"
)

var update = flag.Bool("update", false, "rewrite testdata/golden.json")

func compileFile(t testing.TB, name string) *Schema {
	t.Helper()
	text, err := os.ReadFile(filepath.Join("testdata", name))
	if err != nil {
		t.Fatal(err)
	}
	s, err := Compile(string(text), nil)
	if err != nil {
		t.Fatalf("Compile(%s): %v", name, err)
	}
	return s
}

func message(t testing.TB, file, name string) *Message {
	t.Helper()
	s := compileFile(t, file)
	var m *Message
	var err error
	if name == "" {
		m, err = s.Default()
	} else {
		m, err = s.ByName(name)
	}
	if err != nil {
		t.Fatal(err)
	}
	return m
}

// goldenCase is one row of testdata/golden.json: JSON in, protobuf binary,
// JSON out.
type goldenCase struct {
	Name    string `json:"name"`
	File    string `json:"file"`
	Message string `json:"message,omitempty"`
	In      string `json:"in"`
	Hex     string `json:"hex"`
	Out     string `json:"out"`
	// Lossy cases do not read back to the same bytes: maps print in key
	// order, proto2 defaults print and then read as set values, NaN.
	Lossy bool `json:"-"`
}

var goldenInputs = []goldenCase{
	{Name: "empty", File: "all.proto", In: `{}`},
	{Name: "scalars by JSON name", File: "all.proto", In: `{"firstName":"Ann","i32":-1,"i64":"-9007199254740993","u32":4294967295,"u64":"18446744073709551615","s32":-2,"s64":"-3","f32":4,"f64":"5","sf32":-6,"sf64":"-7","flag":true,"fl":1.1,"db":0.1,"raw":"AQID","color":"BLUE"}`},
	{Name: "scalars by proto name", File: "all.proto", In: `{"first_name":"Ann","custom_json":5}`},
	{Name: "json_name option", File: "all.proto", In: `{"renamed":5}`},
	{Name: "numbers as strings and strings as numbers", File: "all.proto", In: `{"i32":"12","i64":12,"u64":7,"firstName":42,"flag":"true","db":"2.5","color":1}`},
	{Name: "integral decimals", File: "all.proto", In: `{"i32":1.0,"i64":1e3}`},
	{Name: "doubles as Java prints them", File: "all.proto", In: `{"db":1e20,"fl":0.0001}`},
	{Name: "special floats", File: "all.proto", In: `{"db":"NaN","fl":"-Infinity"}`, Lossy: true},
	{Name: "defaults cleared", File: "all.proto", In: `{"i32":0,"firstName":"","flag":false,"color":"RED"}`},
	{Name: "repeated packed and strings", File: "all.proto", In: `{"nums":[1,-1,300],"tags":["a","b"]}`},
	{Name: "maps in JSON order", File: "all.proto", In: `{"counts":{"z":1,"a":0},"inners":{"2":{"name":"two"},"-1":{}}}`, Lossy: true},
	{Name: "nested and recursive", File: "all.proto", In: `{"inner":{"name":"p","children":[{"name":"c","children":[]}]}}`},
	{Name: "optional and oneof zero", File: "all.proto", In: `{"maybe":0,"number":0}`},
	{Name: "oneof string", File: "all.proto", In: `{"text":"hi"}`},
	{Name: "nulls mean absent", File: "all.proto", In: `{"i32":null,"inner":null,"nums":null,"val":null}`},
	{Name: "well-known types", File: "all.proto", In: `{"ts":"2024-05-06T07:08:09.120Z","dur":"1.500s","wrapped":"0","st":{"b":[1,"x",true,null],"a":{}},"mask":"a.b,cD","any":{}}`, Lossy: true},
	{Name: "confluent decimal", File: "all.proto", In: `{"dec":{"value":"AQ==","precision":5,"scale":2}}`},
	{Name: "unknown proto3 enum number", File: "all.proto", In: `{"color":9}`},
	{Name: "second message", File: "all.proto", Message: "test.v1.Second", In: `{"id":"x"}`},
	{Name: "nested message", File: "all.proto", Message: "test.v1.Second.Nested", In: `{"attrs":{"k":"v"}}`},
	{Name: "deeper message", File: "all.proto", Message: "test.v1.Second.Nested.Deeper", In: `{"on":true}`},
	{Name: "proto2 defaults printed", File: "legacy.proto", In: `{"id":1}`, Lossy: true},
	{Name: "proto2 packed and unpacked", File: "legacy.proto", In: `{"id":0,"packed":[1,2],"unpacked":[3,4],"kind":"SECOND","count":0}`, Lossy: true},
}

func TestGolden(t *testing.T) {
	path := filepath.Join("testdata", "golden.json")
	var got []goldenCase
	for _, c := range goldenInputs {
		m := message(t, c.File, c.Message)
		bin, err := FromJSON(m, []byte(c.In))
		if err != nil {
			t.Fatalf("%s: FromJSON(%s): %v", c.Name, c.In, err)
		}
		out, err := ToJSON(m, bin)
		if err != nil {
			t.Fatalf("%s: ToJSON(%x): %v", c.Name, bin, err)
		}
		if !json.Valid(out) {
			t.Errorf("%s: ToJSON output is not JSON: %s", c.Name, out)
		}
		// The printed JSON reads back to the same bytes.
		again, err := FromJSON(m, out)
		if err != nil {
			t.Errorf("%s: FromJSON(ToJSON) = %v", c.Name, err)
		} else if !c.Lossy && hex.EncodeToString(again) != hex.EncodeToString(bin) {
			t.Errorf("%s: round trip: %x, want %x", c.Name, again, bin)
		}
		c.Hex = hex.EncodeToString(bin)
		c.Out = string(out)
		got = append(got, c)
	}
	if *update {
		data, err := json.MarshalIndent(got, "", "  ")
		if err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(path, append(data, '\n'), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	data, err := os.ReadFile(path)
	if err != nil {
		t.Fatalf("%v (run with -update)", err)
	}
	var want []goldenCase
	if err := json.Unmarshal(data, &want); err != nil {
		t.Fatal(err)
	}
	if diff := cmp.Diff(want, got, cmpopts.IgnoreFields(goldenCase{}, "Lossy")); diff != "" {
		t.Errorf("golden mismatch (-want +got):\n%s", diff)
	}
}

func TestFromJSONErrors(t *testing.T) {
	tests := []struct {
		file, in, want string
	}{
		{"all.proto", `{"nope":1}`, `Cannot find field: nope in message test.v1.All`},
		{"all.proto", `{"inner":{"x":1}}`, `Cannot find field: x in message test.v1.All.Inner`},
		{"all.proto", `{"i32":"x"}`, `Not an int32 value: "x"`},
		{"all.proto", `{"i32":1.5}`, `Not an int32 value: 1.5`},
		{"all.proto", `{"i32":3000000000}`, `Not an int32 value: 3000000000`},
		{"all.proto", `{"i32":true}`, `Not an int32 value: true`},
		{"all.proto", `{"i32":{"a":1}}`, `Not an int32 value: {"a":1}`},
		{"all.proto", `{"i64":"1x"}`, `Not an int64 value: "1x"`},
		{"all.proto", `{"u32":-1}`, `Out of range uint32 value: -1`},
		{"all.proto", `{"u32":"a"}`, `Not an uint32 value: "a"`},
		{"all.proto", `{"u64":"18446744073709551616"}`, `Out of range uint64 value: "18446744073709551616"`},
		{"all.proto", `{"fl":1e39}`, `Out of range float value: 1.0E39`},
		{"all.proto", `{"db":"x"}`, `Not a double value: "x"`},
		{"all.proto", `{"db":{}}`, `JsonObject`},
		{"all.proto", `{"flag":1}`, `Invalid bool value: 1`},
		{"all.proto", `{"color":"PURPLE"}`, `Invalid enum value: PURPLE for enum type: test.v1.Color`},
		{"all.proto", `{"firstName":[]}`, `Array must have size 1, but has size 0`},
		{"all.proto", `{"raw":"a#b="}`, `com.google.common.io.BaseEncoding$DecodingException: Unrecognized character: #`},
		{"all.proto", `{"inner":"x"}`, `Expect message object but got: "x"`},
		{"all.proto", `{"nums":1}`, `Expect an array but found: 1`},
		{"all.proto", `{"nums":[1,null]}`, `Repeated field elements cannot be null in field: test.v1.All.nums`},
		{"all.proto", `{"counts":[]}`, `Expect a map object but found: []`},
		{"all.proto", `{"counts":{"a":null}}`, `Map value cannot be null.`},
		{"all.proto", `{"inners":{"x":{}}}`, `Not an int32 value: "x"`},
		{"all.proto", `{"first_name":"a","firstName":"b"}`, `Field test.v1.All.first_name has already been set.`},
		{"all.proto", `{"text":"a","number":1}`, `Cannot set field test.v1.All.number because another field test.v1.All.text belonging to the same oneof has already been set `},
		{"all.proto", `{"ts":"yesterday"}`, `Failed to parse timestamp: "yesterday"`},
		{"all.proto", `{"dur":5}`, `Failed to parse duration: 5`},
		{"all.proto", `{"any":{"@type":"type.googleapis.com/x.Y"}}`, `Cannot resolve type: type.googleapis.com/x.Y`},
		{"all.proto", `{"any":{"a":1}}`, `Missing type url when parsing: {"a":1}`},
		{"all.proto", `[]`, `Expect message object but got: []`},
		{"legacy.proto", `{"kind":3}`, `Invalid enum value: 3 for enum type: test.v2.Kind`},
	}
	for _, tt := range tests {
		m := message(t, tt.file, "")
		_, err := FromJSON(m, []byte(tt.in))
		got := "<nil>"
		if err != nil {
			got = err.Error()
		}
		if diff := cmp.Diff(tt.want, got); diff != "" {
			t.Errorf("FromJSON(%s) error (-want +got):\n%s", tt.in, diff)
		}
	}
}

func TestRecursionLimit(t *testing.T) {
	m := message(t, "all.proto", "")
	in := `{"inner":` + strings.Repeat(`{"children":[`, 101) + strings.Repeat(`]}`, 101) + `}`
	_, err := FromJSON(m, []byte(in))
	if err == nil || err.Error() != "Hit recursion limit." {
		t.Errorf("FromJSON(deep) = %v, want Hit recursion limit.", err)
	}
}

func TestIndexes(t *testing.T) {
	tests := []struct {
		indexes []int
		hex     string
		read    []int
	}{
		{[]int{0}, "00", []int{0}},
		{nil, "00", []int{0}},
		{[]int{1}, "0202", []int{1}},
		{[]int{0, 2}, "040004", []int{0, 2}},
		{[]int{3, 1, 0}, "06060200", []int{3, 1, 0}},
		{[]int{64}, "028001", []int{64}},
	}
	for _, tt := range tests {
		b := AppendIndexes([]byte{0xff}, tt.indexes)
		if got := hex.EncodeToString(b[1:]); got != tt.hex {
			t.Errorf("AppendIndexes(%v) = %s, want %s", tt.indexes, got, tt.hex)
		}
		idx, n, err := ReadIndexes(append(b[1:], 0x0a, 0x01))
		if err != nil || n != len(b)-1 {
			t.Errorf("ReadIndexes(%s) = %v, %d, %v", tt.hex, idx, n, err)
		}
		if diff := cmp.Diff(tt.read, idx); diff != "" {
			t.Errorf("ReadIndexes(%s) (-want +got):\n%s", tt.hex, diff)
		}
	}
}

func TestReadIndexesErrors(t *testing.T) {
	tests := []struct{ hex, want string }{
		{"", "message indexes: truncated"},
		{"04", "message indexes: truncated"},
		{"0402", "message indexes: truncated"},
		{"01", "message indexes: negative count"},
		{"ffffffffff", "Varint is too long, the most significant bit in the 5th byte is set, converted value: ffffffff"},
	}
	for _, tt := range tests {
		b, _ := hex.DecodeString(tt.hex)
		_, _, err := ReadIndexes(b)
		if err == nil || err.Error() != tt.want {
			t.Errorf("ReadIndexes(%s) = %v, want %s", tt.hex, err, tt.want)
		}
	}
}

func TestSelection(t *testing.T) {
	s := compileFile(t, "all.proto")
	tests := []struct {
		name    string
		indexes []int
	}{
		{"test.v1.All", []int{0}},
		{"test.v1.All.Inner", []int{0, 0}}, // the map entries do not count
		{"test.v1.Second", []int{1}},
		{"test.v1.Second.Nested", []int{1, 0}},
		{"test.v1.Second.Nested.Deeper", []int{1, 0, 1}},
	}
	for _, tt := range tests {
		m, err := s.ByName(tt.name)
		if err != nil {
			t.Fatalf("ByName(%s): %v", tt.name, err)
		}
		if diff := cmp.Diff(tt.indexes, m.Indexes()); diff != "" {
			t.Errorf("ByName(%s).Indexes() (-want +got):\n%s", tt.name, diff)
		}
		back, err := s.ByIndexes(tt.indexes)
		if err != nil || back.FullName() != tt.name {
			t.Errorf("ByIndexes(%v) = %v, %v; want %s", tt.indexes, back, err, tt.name)
		}
	}
	if _, err := s.ByIndexes([]int{1, 0, 2}); err == nil || err.Error() != "Invalid message indexes: [1, 0, 2]" {
		t.Errorf("ByIndexes([1 0 2]) = %v", err)
	}
	if _, err := s.ByName("test.v1.Nope"); err == nil {
		t.Error("ByName(test.v1.Nope) succeeded")
	}
	if name, err := s.Name(); name != "test.v1.All" || err != nil {
		t.Errorf("Name() = %q, %v", name, err)
	}
}

func TestCompile(t *testing.T) {
	tests := []struct {
		name, text string
		refs       map[string]string
		want       string // Name() or the error
	}{
		{"no package", `syntax = "proto3"; message A { int32 a = 1; }`, nil, "A"},
		{"enum only", `syntax = "proto3"; package p; enum E { Z = 0; }`, nil, "p.E"},
		{"no types", `syntax = "proto3"; package p;`, nil, ErrNoType.Error()},
		{"reference", `syntax = "proto3"; package p; import "other.proto"; message A { q.B b = 1; }`,
			map[string]string{"other.proto": `syntax = "proto3"; package q; message B { int32 x = 1; }`}, "p.A"},
		{"unknown type", `syntax = "proto3"; message A { strin a = 1; }`, nil, `default.proto:1:32: field A.a: unknown type strin`},
		{"syntax error", `syntax = "proto3"; message A {`, nil, `default.proto:1:31: syntax error: unexpected $end`},
		{"missing import", `syntax = "proto3"; import "x.proto";`, nil, `default.proto:1:27: could not resolve path "x.proto": file does not exist`},
	}
	for _, tt := range tests {
		s, err := Compile(tt.text, tt.refs)
		var got string
		if err == nil {
			got, err = s.Name()
		}
		if err != nil {
			got = err.Error()
		}
		if got != tt.want {
			t.Errorf("%s: got %q, want %q", tt.name, got, tt.want)
		}
	}
}

func TestJavaDouble(t *testing.T) {
	tests := []struct {
		f    float64
		bits int
		want string
	}{
		{1, 64, "1.0"}, {0, 64, "0.0"}, {-1.5, 64, "-1.5"}, {100, 64, "100.0"},
		{1e7, 64, "1.0E7"}, {9999999, 64, "9999999.0"}, {1e-3, 64, "0.001"}, {1e-4, 64, "1.0E-4"},
		{1.2345e20, 64, "1.2345E20"}, {0.1, 64, "0.1"}, {123.456, 64, "123.456"},
		{float64(float32(1.1)), 32, "1.1"}, {float64(float32(3.4028235e38)), 32, "3.4028235E38"},
	}
	for _, tt := range tests {
		if got := javaDouble(tt.f, tt.bits); got != tt.want {
			t.Errorf("javaDouble(%v, %d) = %s, want %s", tt.f, tt.bits, got, tt.want)
		}
	}
}

func FuzzReadIndexes(f *testing.F) {
	for _, s := range []string{"00", "0202", "040004", "06060200", "ffffffffff", "01"} {
		b, _ := hex.DecodeString(s)
		f.Add(b)
	}
	f.Fuzz(func(t *testing.T, b []byte) {
		idx, n, err := ReadIndexes(b)
		if err != nil {
			return
		}
		if n > len(b) || len(idx) == 0 {
			t.Fatalf("ReadIndexes(%x) = %v, %d", b, idx, n)
		}
	})
}

func FuzzToJSON(f *testing.F) {
	m := message(f, "all.proto", "")
	for _, c := range goldenInputs {
		if c.File == "all.proto" && c.Message == "" {
			if bin, err := FromJSON(m, []byte(c.In)); err == nil {
				f.Add(bin)
			}
		}
	}
	f.Fuzz(func(t *testing.T, b []byte) {
		out, err := ToJSON(m, b)
		if err == nil && !json.Valid(out) {
			t.Fatalf("ToJSON(%x) = %s: not JSON", b, out)
		}
	})
}
