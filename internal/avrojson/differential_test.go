package avrojson

import (
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/hamba/avro/v2"
)

// TestDifferentialHamba checks Decode's binary against hamba's own
// encoder for the same values (maps with one key only: hamba writes Go
// map order, the proxy Java HashMap order).
func TestDifferentialHamba(t *testing.T) {
	tests := []struct {
		schema, in string
		value      any
	}{
		{"user", `{"id":-5,"name":"Zoë","email":{"string":"z@x"}}`,
			map[string]any{"id": -5, "name": "Zoë", "email": map[string]any{"string": "z@x"}}},
		{"user", `{"email":null,"id":300,"name":""}`,
			map[string]any{"id": 300, "name": "", "email": nil}},
		{"named", `{"com.ex.Rec":{"a":7}}`, map[string]any{"com.ex.Rec": map[string]any{"a": 7}}},
		{"named", `{"com.ex.E":"Y"}`, map[string]any{"com.ex.E": "Y"}},
		{"named", `{"Two":"\u0000\u00ff"}`, map[string]any{"Two": [2]byte{0, 0xff}}},
		{"named", `{"array":[1,2,3]}`, map[string]any{"array": []int{1, 2, 3}}},
		{"list", `{"v":1,"next":{"Node":{"v":-2,"next":null}}}`,
			map[string]any{"v": int64(1), "next": map[string]any{"Node": map[string]any{"v": int64(-2), "next": nil}}}},
		{"collections", `{"tags":["a","bc"],"recs":[{"k":"x","v":1},{"v":2,"k":"y"}],"byName":{"z":{"k":"z","v":9}},"grid":[[],[1],[2,3]]}`,
			map[string]any{
				"tags":   []string{"a", "bc"},
				"recs":   []any{map[string]any{"k": "x", "v": 1}, map[string]any{"k": "y", "v": 2}},
				"byName": map[string]any{"z": map[string]any{"k": "z", "v": 9}},
				"grid":   [][]int{{}, {1}, {2, 3}},
			}},
		{"double", `0.1`, 0.1},
		{"float", `1.5`, float32(1.5)},
		{"long", `-9223372036854775808`, int64(-9223372036854775808)},
		{"bytes", `"\u0001\u00fe"`, []byte{1, 0xfe}},
		{"enum", `"SPADES"`, "SPADES"},
		{"fixed4", `"abcd"`, [4]byte{'a', 'b', 'c', 'd'}},
	}
	// Java writes one block per collection, counts without byte sizes.
	api := avro.Config{BlockLength: 1 << 20, DisableBlockSizeHeader: true}.Freeze()
	for _, tc := range tests {
		s, err := avro.Parse(goldenSchemas[tc.schema])
		if err != nil {
			t.Fatal(err)
		}
		want, err := api.Marshal(s, tc.value)
		if err != nil {
			t.Fatalf("%s: hamba Marshal: %v", tc.schema, err)
		}
		got, err := Decode(s, []byte(tc.in))
		if err != nil {
			t.Fatalf("%s %s: %v", tc.schema, tc.in, err)
		}
		if diff := cmp.Diff(want, got); diff != "" {
			t.Errorf("%s %s: binary (-hamba +ours):\n%s", tc.schema, tc.in, diff)
		}
	}
}
