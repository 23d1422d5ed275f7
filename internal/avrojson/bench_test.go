package avrojson

import (
	"testing"

	"github.com/hamba/avro/v2"
)

const benchSchema = `{"type":"record","name":"Order","namespace":"com.ex","fields":[
	{"name":"id","type":"long"},
	{"name":"customer","type":"string"},
	{"name":"qty","type":"int"},
	{"name":"price","type":"double"},
	{"name":"paid","type":"boolean"},
	{"name":"note","type":["null","string"]},
	{"name":"status","type":{"type":"enum","name":"Status","symbols":["NEW","PAID","SHIPPED"]}},
	{"name":"ts","type":{"type":"long","logicalType":"timestamp-millis"}},
	{"name":"tags","type":{"type":"array","items":"string"}},
	{"name":"digest","type":"bytes"}]}`

const benchJSON = `{"id":1234567890123,"customer":"Ann Example","qty":3,"price":19.99,"paid":true,` +
	`"note":{"string":"leave at the door"},"status":"PAID","ts":1700000000000,"tags":["gift","express"],"digest":"\u0001\u00ff\u0010abc"}`

func benchCodec(b *testing.B) *Codec {
	c, err := NewCodec(avro.MustParse(benchSchema))
	if err != nil {
		b.Fatal(err)
	}
	return c
}

func BenchmarkDecodeRecord10(b *testing.B) {
	c := benchCodec(b)
	in := []byte(benchJSON)
	var dst []byte
	b.ReportAllocs()
	b.SetBytes(int64(len(in)))
	for b.Loop() {
		var err error
		if dst, err = c.AppendDecode(dst[:0], in); err != nil {
			b.Fatal(err)
		}
	}
}

func BenchmarkEncodeRecord10(b *testing.B) {
	c := benchCodec(b)
	bin, err := c.AppendDecode(nil, []byte(benchJSON))
	if err != nil {
		b.Fatal(err)
	}
	var dst []byte
	b.ReportAllocs()
	b.SetBytes(int64(len(bin)))
	for b.Loop() {
		if dst, err = c.AppendEncode(dst[:0], bin); err != nil {
			b.Fatal(err)
		}
	}
}

func BenchmarkCheckRecord10(b *testing.B) {
	c := benchCodec(b)
	bin, err := c.AppendDecode(nil, []byte(benchJSON))
	if err != nil {
		b.Fatal(err)
	}
	b.ReportAllocs()
	b.SetBytes(int64(len(bin)))
	for b.Loop() {
		if err := c.Check(bin); err != nil {
			b.Fatal(err)
		}
	}
}

// flatSchema is a record of scalar fields and a union of null and a
// scalar (the mockproxy benchmarks' record), which AppendDecode reads
// without its queue of pending actions.
const flatSchema = `{"type":"record","name":"Order","namespace":"com.ex","fields":[` +
	`{"name":"id","type":"long"},{"name":"customer","type":"string"},{"name":"qty","type":"int"},` +
	`{"name":"price","type":"double"},{"name":"paid","type":"boolean"},{"name":"note","type":["null","string"]}]}`

const flatJSON = `{"id":1234567890123,"customer":"Ann Example","qty":3,"price":19.99,"paid":true,"note":{"string":"leave at the door"}}`

func BenchmarkDecodeFlatRecord6(b *testing.B) {
	c, err := NewCodec(avro.MustParse(flatSchema))
	if err != nil {
		b.Fatal(err)
	}
	in := []byte(flatJSON)
	var dst []byte
	b.ReportAllocs()
	b.SetBytes(int64(len(in)))
	for b.Loop() {
		if dst, err = c.AppendDecode(dst[:0], in); err != nil {
			b.Fatal(err)
		}
	}
}
