package avrojson

import (
	"errors"
	"fmt"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
)

// TestDecodeErrors pins the messages Java's JsonDecoder (Avro 1.12) and
// Jackson give for each mismatch, read off their sources.
func TestDecodeErrors(t *testing.T) {
	tests := []struct {
		schema, in, want string
		jackson          bool
	}{
		{"null", `0`, "Expected null. Got VALUE_NUMBER_INT", false},
		{"boolean", `"true"`, "Expected boolean. Got VALUE_STRING", false},
		{"int", `"x"`, "Expected int. Got VALUE_STRING", false},
		{"int", `1.5`, "Expected int. Got VALUE_NUMBER_FLOAT", false},
		{"int", `1e400`, "Expected int. Got VALUE_STRING", false}, // Jackson wrote "Infinity"
		{"int", `2147483648`, "Numeric value (2147483648) out of range of int (-2147483648 - 2147483647)", true},
		{"int", `-2147483649`, "Numeric value (-2147483649) out of range of int (-2147483648 - 2147483647)", true},
		{"int", strings.Repeat("9", 1000), "Numeric value ([Integer with 1000 digits]) out of range of int (-2147483648 - 2147483647)", true},
		{"long", `9223372036854775808`, "Numeric value (9223372036854775808) out of range of long (-9223372036854775808 - 9223372036854775807)", true},
		{"long", `1e19`, "Expected long. Got VALUE_NUMBER_FLOAT", false},
		{"long", `0.5`, "Expected long. Got VALUE_NUMBER_FLOAT", false},
		{"long", `true`, "Expected long. Got VALUE_TRUE", false},
		// Avro reads past a string before it rejects it: the message names the next token.
		{"float", `"x"`, "Expected float. Got null", false},
		{"double", `"nan"`, "Expected double. Got null", false},
		{"pair", `{"d":"x","e":1}`, "Expected double. Got FIELD_NAME", false},
		{"double", `[1]`, "Expected double. Got START_ARRAY", false},
		{"string", `1`, "Expected string. Got VALUE_NUMBER_INT", false},
		{"string", `{"string":"x"}`, "Expected string. Got START_OBJECT", false},
		{"bytes", `null`, "Expected bytes. Got VALUE_NULL", false},
		{"fixed4", `"abc"`, "Expected fixed length 4, but got3", false},
		{"fixed4", `"abcd€"`, "Expected fixed length 4, but got5", false},
		{"fixed4", `1`, "Expected fixed. Got VALUE_NUMBER_INT", false},
		{"enum", `"CLUBS"`, "Unknown symbol in enum CLUBS", false},
		{"enum", `1`, "Expected fixed. Got VALUE_NUMBER_INT", false}, // sic
		{"ints", `{}`, "Expected array-start. Got START_OBJECT", false},
		{"ints", `["a"]`, "Expected int. Got VALUE_STRING", false},
		{"longmap", `[]`, "Expected map-start. Got START_ARRAY", false},
		{"longmap", `{"a":"b"}`, "Expected long. Got VALUE_STRING", false},
		{"opt", `"x"`, "Expected start-union. Got VALUE_STRING", false},
		{"opt", `5`, "Expected start-union. Got VALUE_NUMBER_INT", false},
		{"opt", `{}`, "Expected start-union. Got END_OBJECT", false},
		{"opt", `{"int":1}`, "Unknown union branch int", false},
		{"opt", `{"String":"x"}`, "Unknown union branch String", false},
		{"ints", `[null]`, "Expected int. Got VALUE_NULL", false},
		{"named", `{"Rec":{"a":1}}`, "Unknown union branch Rec", false}, // full names only
		{"named", `{"E":"X"}`, "Unknown union branch E", false},
		{"named", `{"com.ex.Rec":{}}`, "Expected int. Got END_OBJECT", false},
		{"named", `{"record":{"a":1}}`, "Unknown union branch record", false},
		{"user", `[]`, "Expected record-start. Got START_ARRAY", false},
		{"user", `{"name":"x"}`, "Expected field name not found: id", false},
		{"user", `{"name":"x","email":null}`, "Expected field name not found: id", false},
		{"user", `{}`, "Expected int. Got END_OBJECT", false},
		{"user", `{"id":1}`, "Expected string. Got END_OBJECT", false},
		{"user", `{"id":1,"name":"x"}`, "Expected start-union. Got END_OBJECT", false},
		{"user", `{"id":"1","name":"x","email":null}`, "Expected int. Got VALUE_STRING", false},
		{"user", `{"id":1,"name":"x","email":"a@x"}`, "Expected start-union. Got VALUE_STRING", false},
		{"user", `{"id":1,"name":"x","email":{"string":1}}`, "Expected string. Got VALUE_NUMBER_INT", false},
		{"nested", `{"in":{"y":1,"x":1},"same":{"x":2},"u":null,"tail":4}`, "Expected Unknown fields: [y]. Got END_OBJECT", false},
		{"nested", `{"in":{"q":1,"p":2,"x":1},"same":{"x":2},"u":null,"tail":4}`, "Expected Unknown fields: [p, q]. Got END_OBJECT", false},
		// A trailing member whose value is an object ends the record early.
		{"nested", `{"in":{"x":1,"y":{}},"same":{"x":2},"u":null,"tail":4}`, "Expected record-start. Got END_OBJECT", false},
		{"nested", `{"in":{"x":1},"same":{"x":2},"u":{"c.Inner":{"x":"3"}},"tail":4}`, "Expected int. Got VALUE_STRING", false},
		{"list", `{"v":1,"next":{"Node":{"v":2}}}`, "Expected start-union. Got END_OBJECT", false},
		{"collections", `{"tags":["a"],"recs":[{"k":"x"}],"byName":{},"grid":[]}`, "Expected int. Got END_OBJECT", false},
	}
	for _, tc := range tests {
		c := goldenCodec(t, tc.schema)
		_, err := c.AppendDecode(nil, []byte(tc.in))
		var e *Error
		if !errors.As(err, &e) {
			t.Errorf("%s %.60s: err = %v, want *Error %q", tc.schema, tc.in, err, tc.want)
			continue
		}
		if diff := cmp.Diff(tc.want, e.Msg); diff != "" || e.Jackson != tc.jackson {
			t.Errorf("%s %.60s: message (-want +got):\n%s jackson=%v", tc.schema, tc.in, diff, e.Jackson)
		}
	}
}

func TestDecodeKeepsDst(t *testing.T) {
	c := goldenCodec(t, "user")
	dst := []byte{0xAA}
	got, err := c.AppendDecode(dst, []byte(`{"id":1,"name":"x","email":null}`))
	if err != nil {
		t.Fatal(err)
	}
	if diff := cmp.Diff([]byte{0xAA, 0x02, 0x02, 'x', 0x00}, got); diff != "" {
		t.Errorf("AppendDecode (-want +got):\n%s", diff)
	}
	got, err = c.AppendDecode(dst, []byte(`{"id":"x"}`))
	if err == nil || len(got) != 1 {
		t.Errorf("AppendDecode on error = %x, %v; want dst unchanged and an error", got, err)
	}
}

func TestDecodeLargeMap(t *testing.T) {
	c := goldenCodec(t, "longmap")
	var b strings.Builder
	b.WriteString(`{`)
	for i := range 2000 {
		if i > 0 {
			b.WriteString(",")
		}
		fmt.Fprintf(&b, `"k%d":%d`, i%1500, i)
	}
	b.WriteString(`}`)
	bin, err := c.AppendDecode(nil, []byte(b.String()))
	if err != nil {
		t.Fatal(err)
	}
	out, err := c.AppendEncode(nil, bin)
	if err != nil {
		t.Fatal(err)
	}
	again, err := c.AppendDecode(nil, out)
	if err != nil || string(again) != string(bin) {
		t.Fatalf("round trip differs: %v", err)
	}
	if n := strings.Count(string(out), ":"); n != 1500 {
		t.Errorf("members = %d, want 1500 (duplicates collapsed)", n)
	}
	if !strings.Contains(string(out), `"k0":1500`) {
		t.Errorf("k0 should keep its last value 1500: %.80s", out)
	}
}
