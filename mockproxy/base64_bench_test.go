package mockproxy

import (
	"bytes"
	"encoding/base64"
	"testing"
)

// BenchmarkDecodeBase64Strict decodes a 100-byte value, as a produce does
// for every record.
func BenchmarkDecodeBase64Strict(b *testing.B) {
	s := []byte(base64.StdEncoding.EncodeToString(bytes.Repeat([]byte("x"), 100)))
	b.SetBytes(int64(len(s)))
	for b.Loop() {
		if _, ok := decodeBase64Strict(s); !ok {
			b.Fatal("refused")
		}
	}
}
