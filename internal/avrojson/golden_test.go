package avrojson

import (
	"encoding/hex"
	"flag"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/hamba/avro/v2"
)

var update = flag.Bool("update", false, "rewrite testdata/*.golden")

// goldenSchemas are the schemas of the golden tables, by short name.
var goldenSchemas = map[string]string{
	"null":    `"null"`,
	"boolean": `"boolean"`,
	"int":     `"int"`,
	"long":    `"long"`,
	"float":   `"float"`,
	"double":  `"double"`,
	"string":  `"string"`,
	"bytes":   `"bytes"`,
	"fixed4":  `{"type":"fixed","name":"F4","namespace":"com.ex","size":4}`,
	"enum":    `{"type":"enum","name":"Suit","symbols":["HEARTS","SPADES"]}`,
	"ints":    `{"type":"array","items":"int"}`,
	"longmap": `{"type":"map","values":"long"}`,
	"opt":     `["null","string"]`,
	"nulls":   `{"type":"array","items":"null"}`,
	"pair":    `{"type":"record","name":"D","fields":[{"name":"d","type":"double"},{"name":"e","type":"int"}]}`,
	"named": `["null",{"type":"record","name":"Rec","namespace":"com.ex","fields":[{"name":"a","type":"int"}]},
		{"type":"enum","name":"E","namespace":"com.ex","symbols":["X","Y"]},
		{"type":"fixed","name":"Two","size":2},"string",{"type":"array","items":"int"},{"type":"map","values":"int"}]`,
	"user": `{"type":"record","name":"User","namespace":"com.ex","fields":[
		{"name":"id","type":"int"},
		{"name":"name","type":"string","aliases":["fullName"]},
		{"name":"email","type":["null","string"],"default":null}]}`,
	"nested": `{"type":"record","name":"Outer","namespace":"a.b","fields":[
		{"name":"in","type":{"type":"record","name":"Inner","namespace":"c","fields":[{"name":"x","type":"int"}]}},
		{"name":"same","type":"c.Inner"},
		{"name":"u","type":["null","c.Inner",{"type":"record","name":"Local","fields":[]}]},
		{"name":"tail","type":"int"}]}`,
	"list": `{"type":"record","name":"Node","fields":[{"name":"v","type":"long"},{"name":"next","type":["null","Node"]}]}`,
	"logical": `{"type":"record","name":"L","fields":[
		{"name":"ts","type":{"type":"long","logicalType":"timestamp-millis"}},
		{"name":"d","type":{"type":"int","logicalType":"date"}},
		{"name":"dec","type":{"type":"bytes","logicalType":"decimal","precision":9,"scale":2}},
		{"name":"uuid","type":{"type":"string","logicalType":"uuid"}},
		{"name":"dur","type":{"type":"fixed","name":"Dur","size":12,"logicalType":"duration"}}]}`,
	"collections": `{"type":"record","name":"C","fields":[
		{"name":"tags","type":{"type":"array","items":"string"}},
		{"name":"recs","type":{"type":"array","items":{"type":"record","name":"P","fields":[{"name":"k","type":"string"},{"name":"v","type":"int"}]}}},
		{"name":"byName","type":{"type":"map","values":"P"}},
		{"name":"grid","type":{"type":"array","items":{"type":"array","items":"int"}}}]}`,
}

// decodeCases are Avro JSON inputs: each goes through Decode, and, when
// that succeeds, through Encode.
var decodeCases = []struct{ schema, in string }{
	{"null", `null`},
	{"boolean", `true`},
	{"boolean", `false`},
	{"int", `0`},
	{"int", `-1`},
	{"int", `2147483647`},
	{"int", `-2147483648`},
	{"int", `3.0`},
	{"int", `1e2`},
	{"int", `1e-50`},
	{"int", `2147483647.5`},
	{"long", `9223372036854775807`},
	{"long", `-9223372036854775808`},
	{"long", `1234567890123456789`},
	{"long", `9.2233720368547758E18`},
	{"long", `-0`},
	{"float", `0.1`},
	{"float", `1`},
	{"float", `16777217`},
	{"float", `3.4028235e38`},
	{"float", `1e39`},
	{"float", `1e400`},
	{"float", `-1e400`},
	{"float", `1.4e-45`},
	{"double", `0.1`},
	{"double", `1e7`},
	{"double", `1e-3`},
	{"double", `9.999e-4`},
	{"double", `-0.0`},
	{"double", `123456789012345678901234567890`},
	{"double", `"NaN"`},
	{"double", `"Infinity"`},
	{"double", `"-INF"`},
	{"double", `4.9e-324`},
	{"string", `""`},
	{"string", `"héllo \"q\" \\ \/ \b\f\n\r\t \u0001\u001f\u007f"`},
	{"string", `"😀 \ud83d\ude00"`},
	{"string", `"lone \ud800 x"`},
	{"string", `"<&>\u2028"`},
	{"bytes", `""`},
	{"bytes", `"\u0000\u0001\u00ff\u0080abc"`},
	{"bytes", `"ÿ€😀\ud800"`},
	{"fixed4", `"abcd"`},
	{"fixed4", `"\u0000\u00ff\u0010z"`},
	{"enum", `"SPADES"`},
	{"ints", `[]`},
	{"ints", `[1,2,3]`},
	{"ints", `[1,-1,64,-65,2147483647]`},
	{"longmap", `{}`},
	{"longmap", `{"p":1,"b":2,"a":3}`},
	{"longmap", `{"q":1,"a":2}`},
	{"longmap", `{"a":2,"q":1}`},
	{"longmap", `{"a":1,"a":2,"b":3}`},
	{"longmap", `{"k1":1,"k2":2,"k3":3,"k4":4,"k5":5,"k6":6,"k7":7,"k8":8,"k9":9,"k10":10,"k11":11,"k12":12,"k13":13}`},
	{"longmap", `{"\ud800":1,"\udbff":2}`},
	{"opt", `null`},
	{"opt", `{"string":"x"}`},
	{"opt", `{"null":null}`},
	{"opt", `{"string":"x","ignored":{"deep":[1]}}`},
	{"named", `{"com.ex.Rec":{"a":1}}`},
	{"named", `{"com.ex.E":"Y"}`},
	{"named", `{"Two":"hi"}`},
	{"named", `{"array":[1,2]}`},
	{"named", `{"map":{"x":1}}`},
	{"pair", `{"d":1.5,"e":2}`},
	{"pair", `{"e":2,"d":3}`},
	{"pair", `{"d":1,"e":2,"f":3}`},
	{"pair", `{"d":1,"e":2,"e":4}`},
	{"pair", `{"d":"x","e":2}`},
	{"user", `{"id":8,"name":"Gus","email":{"string":"g@x"},"more":[1,{"a":2}]}`},
	{"user", `{"id":9,"name":"Hal","email":{"string":"h@x","x":1}}`},
	{"user", `{"id":10,"name":"Ivy","email":{"string":"a","string":"b"}}`},
	{"pair", `{"d":1,"d":5,"e":2}`},
	{"user", `{"id":1,"name":"Ann","email":{"string":"a@x"}}`},
	{"user", `{"email":null,"name":"Bob","id":2}`},
	{"user", `{"id":3,"fullName":"Cy","email":null}`},
	{"user", `{"id":4,"name":"Di","email":null,"extra":1}`},
	{"user", `{"id":5,"id":6,"name":"Ed","email":null}`},
	{"nested", `{"in":{"x":1},"same":{"x":2},"u":{"c.Inner":{"x":3}},"tail":4}`},
	{"nested", `{"tail":4,"u":{"a.b.Local":{}},"same":{"x":2},"in":{"x":1}}`},
	{"nested", `{"in":{"x":1},"same":{"x":2},"u":null,"tail":4}`},
	{"nested", `{"in":{"x":1,"y":2},"same":{"x":2},"u":null,"tail":4}`},
	{"user", `{"x":[1],"id":7,"name":"Fi","email":null}`},
	{"list", `{"v":1,"next":{"Node":{"v":2,"next":{"Node":{"v":3,"next":null}}}}}`},
	{"logical", `{"ts":1700000000000,"d":19000,"dec":"\u0000\u00ff","uuid":"0f8fad5b-d9cb-469f-a165-70867728950e","dur":"\u0001\u0000\u0000\u0000\u0002\u0000\u0000\u0000\u0003\u0000\u0000\u0000"}`},
	{"collections", `{"tags":["a","b"],"recs":[{"k":"x","v":1},{"v":2,"k":"y"}],"byName":{"z":{"k":"z","v":9}},"grid":[[],[1],[2,3]]}`},
	{"collections", `{"tags":[],"recs":[],"byName":{},"grid":[]}`},
}

// encodeCases are binary inputs (hex) that Decode never writes: several
// blocks, negative block counts, odd booleans, malformed UTF-8, special
// floats.
var encodeCases = []struct{ schema, hex string }{
	{"ints", "040204020600"},                // blocks [1,2] [3]
	{"ints", "03040204020600"},              // count -2 with byte size 2, then [3]
	{"ints", "0304020402"},                  // truncated after the first block
	{"longmap", "040262020261020202620600"}, // blocks [b a] [b]: b keeps its place, takes 3
	{"ints", "feffffffffffffffff01"},        // a huge count
	{"longmap", "ffffffffffffffffff0100"},   // count -2^63
	{"boolean", "02"},
	{"string", "06e282ac"},
	{"string", "04e282"},
	{"string", "06e28241"},
	{"string", "06e08080"},
	{"string", "06eda080"},
	{"string", "06f09f98"},
	{"string", "08f09f9841"},
	{"string", "08f4908080"},
	{"string", "02ff"},
	{"string", "08f09f9880"},
	{"float", "0000c07f"},
	{"float", "0000807f"},
	{"float", "000080ff"},
	{"float", "cdcccc3d"},
	{"float", "f9021550"},
	{"double", "000000000000f87f"},
	{"double", "0000000000000080"},
	{"double", "0100000000000000"},
	{"double", "ffffffffffffef7f"},
	{"int", "ffffffff0f"},
	{"int", "ffffffff7f"},
	{"long", "feffffffffffffffff01"},
	{"enum", "04"},
	{"opt", "04"},
	{"opt", "0206"},
	{"bytes", "0a"},
	{"fixed4", "616263"},
	{"null", ""},
	{"nulls", "0600"},
	{"nulls", "feffffffffffffffff01"},
	{"int", ""},
	{"int", "0200ff"},
}

func goldenCodec(t testing.TB, name string) *Codec {
	t.Helper()
	s, err := avro.Parse(goldenSchemas[name])
	if err != nil {
		t.Fatalf("schema %s: %v", name, err)
	}
	c, err := NewCodec(s)
	if err != nil {
		t.Fatalf("schema %s: %v", name, err)
	}
	return c
}

func TestGolden(t *testing.T) {
	var b strings.Builder
	for _, tc := range decodeCases {
		c := goldenCodec(t, tc.schema)
		fmt.Fprintf(&b, "== %s %s\n", tc.schema, tc.in)
		bin, err := c.AppendDecode(nil, []byte(tc.in))
		if err != nil {
			fmt.Fprintf(&b, "error: %s\n", err)
			continue
		}
		fmt.Fprintf(&b, "bin:   %x\n", bin)
		out, err := c.AppendEncode(nil, bin)
		if err != nil {
			t.Errorf("%s %s: Encode(Decode) = %v", tc.schema, tc.in, err)
			continue
		}
		fmt.Fprintf(&b, "json:  %s\n", out)
		again, err := c.AppendDecode(nil, out)
		if err != nil || string(again) != string(bin) {
			t.Errorf("%s %s: Decode(Encode(bin)) = %x, %v; want %x", tc.schema, tc.in, again, err, bin)
		}
	}
	for _, tc := range encodeCases {
		c := goldenCodec(t, tc.schema)
		fmt.Fprintf(&b, "== %s binary %s\n", tc.schema, tc.hex)
		bin, err := hex.DecodeString(tc.hex)
		if err != nil {
			fmt.Fprintf(&b, "hex: %v\n", err)
			continue
		}
		out, err := c.AppendEncode(nil, bin)
		if err != nil {
			fmt.Fprintf(&b, "error: %s\n", err)
			continue
		}
		fmt.Fprintf(&b, "json:  %s\n", out)
	}
	checkGolden(t, "codec.golden", b.String())
}

func checkGolden(t *testing.T, name, got string) {
	t.Helper()
	path := filepath.Join("testdata", name)
	if *update {
		if err := os.WriteFile(path, []byte(got), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	want, err := os.ReadFile(path)
	if err != nil {
		t.Fatalf("%v (run with -update to create it)", err)
	}
	if diff := cmp.Diff(string(want), got); diff != "" {
		t.Errorf("%s mismatch (-want +got):\n%s", path, diff)
	}
}
