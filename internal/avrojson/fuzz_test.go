package avrojson

import (
	"encoding/hex"
	"fmt"
	"slices"
	"testing"
)

func schemaNames() []string {
	names := make([]string, 0, len(goldenSchemas))
	for n := range goldenSchemas {
		names = append(names, n)
	}
	slices.Sort(names)
	return names
}

// FuzzDecode checks that Decode never panics, that a Codec that has
// decoded other values (and reuses its buffers) answers as a new one
// does and as its general reader alone does (flatRecord's shortcut
// changes nothing), and that what it accepts survives Encode and a second
// Decode unchanged.
func FuzzDecode(f *testing.F) {
	names := schemaNames()
	for _, tc := range decodeCases {
		f.Add(uint8(slices.Index(names, tc.schema)), []byte(tc.in))
	}
	codecs := make([]*Codec, len(names))
	for i, n := range names {
		codecs[i] = goldenCodec(f, n)
	}
	f.Fuzz(func(t *testing.T, which uint8, data []byte) {
		i := int(which) % len(codecs)
		c := codecs[i]
		bin, err := c.AppendDecode(nil, data)
		want, wantErr := goldenCodec(t, names[i]).AppendDecode(nil, data)
		if string(bin) != string(want) || fmt.Sprint(err) != fmt.Sprint(wantErr) {
			t.Fatalf("Decode(%q) = %x, %v; a new Codec gives %x, %v", data, bin, err, want, wantErr)
		}
		general := goldenCodec(t, names[i])
		general.flat = false // the general reader alone, without flatRecord
		if gb, gerr := general.AppendDecode(nil, data); string(bin) != string(gb) || fmt.Sprint(err) != fmt.Sprint(gerr) {
			t.Fatalf("Decode(%q) = %x, %v; the general reader gives %x, %v", data, bin, err, gb, gerr)
		}
		if err != nil {
			return
		}
		out, err := c.AppendEncode(nil, bin)
		if err != nil {
			t.Fatalf("Encode(%x) of Decode(%q): %v", bin, data, err)
		}
		again, err := c.AppendDecode(nil, out)
		if err != nil || string(again) != string(bin) {
			t.Fatalf("Decode(%s) = %x, %v; want %x (input %q)", out, again, err, bin, data)
		}
	})
}

// FuzzEncode checks that arbitrary binary never panics Encode, that Check
// refuses exactly what Encode refuses, with the same error, and that
// Encode's output is Avro JSON that converts back to the same text.
func FuzzEncode(f *testing.F) {
	names := schemaNames()
	for _, tc := range encodeCases {
		if b, err := hex.DecodeString(tc.hex); err == nil {
			f.Add(uint8(slices.Index(names, tc.schema)), b)
		}
	}
	codecs := make([]*Codec, len(names))
	for i, n := range names {
		codecs[i] = goldenCodec(f, n)
	}
	f.Fuzz(func(t *testing.T, which uint8, bin []byte) {
		c := codecs[int(which)%len(codecs)]
		out, err := c.AppendEncode(nil, bin)
		if cerr := c.Check(bin); fmt.Sprint(cerr) != fmt.Sprint(err) {
			t.Fatalf("Check(%x) = %v, AppendEncode: %v", bin, cerr, err)
		}
		if err != nil {
			return
		}
		if len(out) > 16*len(bin)+64 && len(out) > maxEmptyItems*8 {
			t.Fatalf("Encode(%x) wrote %d bytes", bin, len(out))
		}
		canon, err := c.AppendDecode(nil, out)
		if err != nil {
			t.Fatalf("Decode(Encode(%x) = %s): %v", bin, out, err)
		}
		out2, err := c.AppendEncode(nil, canon)
		if err != nil || string(out2) != string(out) {
			t.Fatalf("Encode(Decode(%s)) = %s, %v", out, out2, err)
		}
	})
}
