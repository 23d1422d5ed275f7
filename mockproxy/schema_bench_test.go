package mockproxy_test

import (
	"bytes"
	"encoding/base64"
	"encoding/json"
	"io"
	"net/http"
	"strconv"
	"strings"
	"testing"

	"github.com/kafkarestmock/kafkarestmock/fakelog"
	"github.com/kafkarestmock/kafkarestmock/mockproxy"
	"github.com/kafkarestmock/kafkarestmock/schemareg"
)

// benchAvroSchema is the record schema of the schema benchmarks: a few
// fields of the common kinds, a union among them.
const benchAvroSchema = `{"type":"record","name":"Order","namespace":"com.ex","fields":[` +
	`{"name":"id","type":"long"},{"name":"customer","type":"string"},{"name":"qty","type":"int"},` +
	`{"name":"price","type":"double"},{"name":"paid","type":"boolean"},{"name":"note","type":["null","string"]}]}`

// benchAvroValue is one record's value in Avro JSON.
const benchAvroValue = `{"id":1234567890123,"customer":"Ann Example","qty":3,"price":19.99,"paid":true,"note":{"string":"leave at the door"}}`

// schemaBench is a server with benchAvroSchema registered under
// bench-value, and the stored (framed) bytes of benchAvroValue.
type schemaBench struct {
	srv    *mockproxy.Server
	c      *http.Client
	id     int
	framed []byte
}

func newSchemaBench(b *testing.B) *schemaBench {
	srv := mockproxy.NewServer(b, mockproxy.WithTopic("bench", 1), mockproxy.WithTopic("probe", 1))
	id, _, err := srv.SchemaRegistry().Register("bench-value", schemareg.Schema{Text: benchAvroSchema})
	if err != nil {
		b.Fatal(err)
	}
	sb := &schemaBench{srv: srv, c: srv.Client(), id: id}
	// The stored bytes, as the proxy's serializer writes them.
	if _, _, err := srv.SchemaRegistry().Register("probe-value", schemareg.Schema{Text: benchAvroSchema}); err != nil {
		b.Fatal(err)
	}
	sb.post(b, "/topics/probe", ctAvroV2, avroIDBody(id, 1))
	recs, err := srv.Records("probe")
	if err != nil || len(recs) != 1 {
		b.Fatalf("probe: %d records, %v", len(recs), err)
	}
	sb.framed = recs[0].Value
	return sb
}

func (sb *schemaBench) post(b *testing.B, path, ct string, body []byte) {
	req, err := http.NewRequest("POST", sb.srv.URL()+path, bytes.NewReader(body))
	if err != nil {
		b.Fatal(err)
	}
	req.Header.Set("Content-Type", ct)
	resp, err := sb.c.Do(req)
	if err != nil {
		b.Fatal(err)
	}
	got, _ := io.ReadAll(resp.Body)
	resp.Body.Close()
	if resp.StatusCode != 200 || bytes.Contains(got, []byte(`"error_code":4`)) {
		b.Fatalf("POST %s: status %d, body %.300s", path, resp.StatusCode, got)
	}
}

// recordsBody is a v2 produce body of n records whose value is value,
// after the fields head (which ends with a comma or is empty).
func recordsBody(head string, n int, value string) []byte {
	var sb strings.Builder
	sb.WriteString(`{` + head + `"records":[`)
	for i := range n {
		if i > 0 {
			sb.WriteByte(',')
		}
		sb.WriteString(`{"value":` + value + `}`)
	}
	sb.WriteString(`]}`)
	return []byte(sb.String())
}

func avroIDBody(id, n int) []byte {
	return recordsBody(`"value_schema_id":`+strconv.Itoa(id)+`,`, n, benchAvroValue)
}

func avroRawBody(n int) []byte {
	raw, _ := json.Marshal(benchAvroSchema)
	return recordsBody(`"value_schema":`+string(raw)+`,`, n, benchAvroValue)
}

// BenchmarkSchemaProduceHTTP produces 1000 Avro records in one v2 request
// (by value_schema_id, and by value_schema, which the registry resolves
// on every request) interleaved request by request with the same 1000
// records as a binary produce of the bytes the Avro produce stores, and
// reports the Avro request's time as a ratio of the binary one's
// (x_binary) besides records/s.
func BenchmarkSchemaProduceHTTP(b *testing.B) {
	const n = 1000
	for _, tc := range []struct {
		name string
		body func(id int) []byte
	}{
		{"schema_id", func(id int) []byte { return avroIDBody(id, n) }},
		{"raw_schema", func(int) []byte { return avroRawBody(n) }},
	} {
		b.Run(tc.name, func(b *testing.B) {
			sb := newSchemaBench(b)
			avroBody := tc.body(sb.id)
			binBody := recordsBody("", n, `"`+base64.StdEncoding.EncodeToString(sb.framed)+`"`)
			sb.post(b, "/topics/bench", ctAvroV2, avroBody)
			sb.post(b, "/topics/bench", "application/vnd.kafka.binary.v2+json", binBody)
			b.ReportAllocs()
			binDur, avroDur := interleave(b, nil,
				func() { sb.post(b, "/topics/bench", "application/vnd.kafka.binary.v2+json", binBody) },
				func() { sb.post(b, "/topics/bench", ctAvroV2, avroBody) })
			b.ReportMetric(float64(avroDur.Nanoseconds())/float64(b.N), "avro-ns/req")
			b.ReportMetric(float64(binDur.Nanoseconds())/float64(b.N), "binary-ns/req")
			b.ReportMetric(float64(avroDur)/float64(binDur), "x_binary")
			b.ReportMetric(float64(n*b.N)/avroDur.Seconds(), "records/s")
		})
	}
}

// BenchmarkSchemaConsumeHTTP reads batches of 1000 stored Avro records
// through a v2 avro consumer and the same records through a v2 binary
// consumer of another group (max_bytes stops each read at exactly 1000
// records), interleaved, and reports the Avro read's time as a ratio of
// the binary one's (x_binary) besides records/s.
func BenchmarkSchemaConsumeHTTP(b *testing.B) {
	const batch = 1000
	sb := newSchemaBench(b)
	fill := func(n int) {
		recs := make([]fakelog.Record, n)
		for i := range recs {
			recs[i] = fakelog.Record{Value: sb.framed}
		}
		if _, err := sb.srv.Log().Append("bench", 0, recs...); err != nil {
			b.Fatal(err)
		}
	}
	url := func(format string) string {
		postV2(b, sb.c, sb.srv.URL()+"/consumers/"+format, `{"name":"c","format":"`+format+`","auto.offset.reset":"earliest"}`)
		inst := sb.srv.URL() + "/consumers/" + format + "/instances/c"
		postV2(b, sb.c, inst+"/assignments", `{"partitions":[{"topic":"bench","partition":0}]}`)
		return inst + "/records?max_bytes=" + strconv.Itoa(len(sb.framed)*batch+1)
	}
	avroURL, binURL := url("avro"), url("binary")
	fill(batch + 1) // one more than a batch stays, so reads end at max_bytes
	var buf bytes.Buffer
	read := func(url, accept string) {
		body := getInto(b, sb.c, url, accept, &buf)
		if n := bytes.Count(body, []byte(`"topic"`)); n != batch {
			b.Fatalf("read %d records, want %d", n, batch)
		}
	}
	const (
		acceptAvro   = "application/vnd.kafka.avro.v2+json"
		acceptBinary = "application/vnd.kafka.binary.v2+json"
	)
	read(avroURL, acceptAvro) // warm up
	read(binURL, acceptBinary)
	b.ReportAllocs()
	binDur, avroDur := interleave(b, func() { fill(batch) },
		func() { read(binURL, acceptBinary) },
		func() { read(avroURL, acceptAvro) })
	b.ReportMetric(float64(avroDur.Nanoseconds())/float64(b.N), "avro-ns/req")
	b.ReportMetric(float64(binDur.Nanoseconds())/float64(b.N), "binary-ns/req")
	b.ReportMetric(float64(avroDur)/float64(binDur), "x_binary")
	b.ReportMetric(float64(batch*b.N)/avroDur.Seconds(), "records/s")
}
