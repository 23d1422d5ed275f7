package jsonv

import (
	"encoding/base64"
	"strings"
	"testing"
)

// BenchmarkParseProduceBody parses a v2 produce body of 1000 records with
// 100-byte base64 values, the mock's largest everyday document.
func BenchmarkParseProduceBody(b *testing.B) {
	val := base64.StdEncoding.EncodeToString([]byte(strings.Repeat("x", 100)))
	var sb strings.Builder
	sb.WriteString(`{"records":[`)
	for i := range 1000 {
		if i > 0 {
			sb.WriteByte(',')
		}
		sb.WriteString(`{"key":"a2V5","value":"` + val + `"}`)
	}
	sb.WriteString(`]}`)
	body := []byte(sb.String())
	b.SetBytes(int64(len(body)))
	b.ReportAllocs()
	for b.Loop() {
		if _, ok, err := Parse(body); !ok || err != nil {
			b.Fatal(ok, err)
		}
	}
}

// BenchmarkParseSchemaBody parses a v2 Avro produce body of 1000 records
// as produce does: with a reused Parser, building only the records
// (ParseDepth 2), the embedded values checked and kept as text.
func BenchmarkParseSchemaBody(b *testing.B) {
	const val = `{"id":1234567890123,"customer":"Ann Example","qty":3,"price":19.99,"paid":true,"note":{"string":"leave at the door"}}`
	var sb strings.Builder
	sb.WriteString(`{"value_schema_id":1,"records":[`)
	for i := range 1000 {
		if i > 0 {
			sb.WriteByte(',')
		}
		sb.WriteString(`{"value":` + val + `}`)
	}
	sb.WriteString(`]}`)
	body := []byte(sb.String())
	b.SetBytes(int64(len(body)))
	b.ReportAllocs()
	var ps Parser
	for b.Loop() {
		if _, ok, err := ps.ParseDepth(body, 2); !ok || err != nil {
			b.Fatal(ok, err)
		}
	}
}
