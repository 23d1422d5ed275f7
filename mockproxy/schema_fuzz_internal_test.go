package mockproxy

// Fuzz target for the schema formats' read path: whatever bytes a topic
// holds, a consumer of a schema format either reads them as JSON or fails
// the read as Kafka's deserializer does.

import (
	"encoding/json"
	"errors"
	"testing"

	"github.com/kafkarestmock/kafkarestmock/fakelog"
	"github.com/kafkarestmock/kafkarestmock/schemareg"
)

// fuzzSchemas are registered in this order, so their ids are 1, 2, 3;
// the Avro record has a field of each kind, the .proto nested and second
// messages (message indexes other than [0]).
var fuzzSchemas = []struct {
	typ   schemareg.SchemaType
	text  string
	value string // a value of the schema, as a producer sends it
}{
	{schemareg.Avro, `{"type":"record","name":"R","namespace":"com.ex","fields":[` +
		`{"name":"a","type":"int"},{"name":"s","type":"string"},{"name":"u","type":["null","string"]},` +
		`{"name":"b","type":"bytes"},{"name":"l","type":{"type":"array","items":"long"}},` +
		`{"name":"m","type":{"type":"map","values":"double"}},{"name":"e","type":{"type":"enum","name":"E","symbols":["X","Y"]}},` +
		`{"name":"f","type":{"type":"fixed","name":"F","size":2}},{"name":"g","type":"float"},{"name":"t","type":"boolean"}]}`,
		`{"a":-3,"s":"é","u":{"string":"x"},"b":"\u00ff","l":[1,-2],"m":{"k":1.5},"e":"Y","f":"ab","g":0.5,"t":true}`},
	{schemareg.JSON, `{"type":"object","properties":{"f1":{"type":"string"},"n":{"type":"number"}}}`,
		`{"f1":"x","n":1.5,"z":[null,{"y":true}]}`},
	{schemareg.Protobuf, `syntax = "proto3"; message M { int32 a = 1; string s = 2; repeated int64 r = 3; N n = 4; message N { bool x = 1; } } message O { double d = 1; map<string, int32> m = 2; }`,
		`{"a":1,"s":"x","r":["5","-6"],"n":{"x":true}}`},
}

// fuzzSchemaStore is a store over an embedded registry holding
// fuzzSchemas, and the framed bytes of their values.
func fuzzSchemaStore(tb testing.TB) (*schemaStore, [][]byte) {
	reg := schemareg.New()
	st := &schemaStore{src: reg, embedded: reg}
	var framed [][]byte
	for i, s := range fuzzSchemas {
		id, _, err := reg.Register("s"+string(rune('a'+i)), schemareg.Schema{Type: s.typ, Text: s.text})
		if err != nil || id != i+1 {
			tb.Fatalf("register %s: id %d, %v", s.typ, id, err)
		}
		c, err := st.codec(id)
		if err != nil {
			tb.Fatal(err)
		}
		b, err := c.encode([]byte(s.value))
		if err != nil {
			tb.Fatalf("encode %s: %v", s.typ, err)
		}
		framed = append(framed, b)
	}
	return st, framed
}

// FuzzSchemaWireRead reads arbitrary stored bytes, as a key or a value,
// with the avro, jsonschema and protobuf consumers of a server whose
// registry holds fuzzSchemas (or, with noRegistry, of one without a
// registry): check either fails with the deserializer's error naming the
// record, or passes, and then appendPayload gives one JSON value and no
// error (writeRecords relies on it).
func FuzzSchemaWireRead(f *testing.F) {
	st, framed := fuzzSchemaStore(f)
	for i, b := range framed {
		for which := range uint8(3) {
			f.Add(which, i%2 == 0, false, b) // the right format and the others
		}
		f.Add(uint8(i), false, true, b)
		f.Add(uint8(i), false, false, b[:len(b)-1])
		f.Add(uint8(i), true, false, append(append([]byte{}, b...), 0xff))
	}
	var formats []schemaFormat
	for _, name := range []string{"avro", "jsonschema", "protobuf"} {
		formats = append(formats, defaultConfig().formats.lookup(name).(schemaFormat))
	}
	empty := &schemaStore{}
	f.Fuzz(func(t *testing.T, which uint8, key, noRegistry bool, stored []byte) {
		fm := formats[int(which)%len(formats)]
		s := st
		if noRegistry {
			s = empty
		}
		r := fakelog.Record{Topic: "t", Partition: 2, Offset: 9}
		if key {
			r.Key = stored
		} else {
			r.Value = stored
		}
		err := fm.check(s, []fakelog.Record{r})
		if err != nil {
			var jde *jsonDecodeError
			if !errors.As(err, &jde) {
				t.Fatalf("check: %v (%T), not a deserializer error", err, err)
			}
			want := errDeserializing(r).Error()
			if noRegistry {
				want = fm.schemaDecodeError(stored).Error()
			}
			if jde.msg != want {
				t.Fatalf("check: %q, want %q", jde.msg, want)
			}
			return
		}
		if stored == nil {
			return
		}
		if noRegistry {
			t.Fatalf("check passed %x without a registry", stored)
		}
		out, err := fm.appendPayload(s, []byte("x"), stored)
		if err != nil {
			t.Fatalf("check passed %x, appendPayload: %v", stored, err)
		}
		if string(out[:1]) != "x" || !json.Valid(out[1:]) {
			t.Fatalf("appendPayload(%x) = %q, not one JSON value after the prefix", stored, out)
		}
	})
}
