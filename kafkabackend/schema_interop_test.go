package kafkabackend_test

// Schema formats between the REST Proxy and native clients on the Kafka
// backend: records produced through REST v2 with a schema are decoded by
// a franz-go consumer with Confluent's wire format (package sr) and the
// registry the mock serves, and records a native producer encodes with sr
// and the same registry are read through REST v2 consumers of the format.

import (
	"context"
	"encoding/json"
	"strings"
	"testing"
	"time"

	"github.com/bufbuild/protocompile"
	"github.com/google/go-cmp/cmp"
	"github.com/hamba/avro/v2"
	"github.com/twmb/franz-go/pkg/kgo"
	"github.com/twmb/franz-go/pkg/sr"
	"google.golang.org/protobuf/proto"
	"google.golang.org/protobuf/reflect/protoreflect"
	"google.golang.org/protobuf/types/dynamicpb"

	"github.com/kafkarestmock/kafkarestmock/internal/resttest"
	"github.com/kafkarestmock/kafkarestmock/kafkabackend"
	"github.com/kafkarestmock/kafkarestmock/mockproxy"
)

const (
	ctAvroV2  = "application/vnd.kafka.avro.v2+json"
	ctJSchV2  = "application/vnd.kafka.jsonschema.v2+json"
	ctProtoV2 = "application/vnd.kafka.protobuf.v2+json"

	// userAvro is the Avro schema of user.
	userAvro = `{"type":"record","name":"User","namespace":"shop","fields":[` +
		`{"name":"name","type":"string"},` +
		`{"name":"age","type":["null","int"],"default":null},` +
		`{"name":"tags","type":{"type":"array","items":"string"}}]}`
	// eventJSONSchema is the JSON Schema of event.
	eventJSONSchema = `{"type":"object","properties":{"kind":{"type":"string"},"amount":{"type":"number"}},"required":["kind"]}`
	// readingProto is a Protobuf schema of two messages; Confluent's
	// serializers write the second with message indexes [1].
	readingProto = "syntax = \"proto3\";\npackage shop;\n\nmessage Unit {\n  string name = 1;\n}\n\nmessage Reading {\n  string sensor = 1;\n  double celsius = 2;\n  int64 at = 3;\n}\n"
)

// user is userAvro's record as hamba/avro maps it.
type user struct {
	Name string   `avro:"name"`
	Age  *int     `avro:"age"`
	Tags []string `avro:"tags"`
}

// event is eventJSONSchema's object.
type event struct {
	Kind   string  `json:"kind"`
	Amount float64 `json:"amount,omitempty"`
}

// srClient is a Schema Registry client of the server's registry.
func srClient(t *testing.T, srv *mockproxy.Server) *sr.Client {
	t.Helper()
	cl, err := sr.NewClient(sr.URLs(srv.SchemaRegistryURL()))
	if err != nil {
		t.Fatal(err)
	}
	return cl
}

// restCtx bounds a test's registry calls and native polls.
func restCtx(t *testing.T) context.Context {
	ctx, cancel := context.WithTimeout(t.Context(), 20*time.Second)
	t.Cleanup(cancel)
	return ctx
}

// readFormat reads a v2 consumer instance of a schema format until it
// has n records (or fails after 20 s) and returns them as one JSON array
// of the records exactly as the answers gave them: on Kafka, records
// reach a consumer asynchronously and may come over several reads. Each
// read long-polls up to 1 s and returns as soon as records arrive.
func readFormat(t *testing.T, srv *mockproxy.Server, inst, accept string, n int) string {
	t.Helper()
	deadline := time.Now().Add(20 * time.Second)
	var out []string
	for len(out) < n {
		if time.Now().After(deadline) {
			t.Fatalf("read %d records of %d: %s", len(out), n, out)
		}
		got := resttest.Do(t, srv, "GET", inst+"/records?timeout=1000", "", "Accept: "+accept)
		if got.Status != 200 || got.ContentType != accept {
			t.Fatalf("GET records: %d %s %s", got.Status, got.ContentType, got.Body)
		}
		var recs []json.RawMessage
		if err := json.Unmarshal(got.Body, &recs); err != nil {
			t.Fatalf("records %s: %v", got.Body, err)
		}
		for _, r := range recs {
			out = append(out, string(r))
		}
	}
	return "[" + strings.Join(out, ",") + "]"
}

// restConsumer creates a v2 consumer of format in group g subscribed to
// topic, reading from the start, and returns its instance path.
func restConsumer(t *testing.T, srv *mockproxy.Server, g, format, topic string) string {
	t.Helper()
	resttest.Must(t, srv, 200, "POST", "/consumers/"+g, `{"name":"c","format":"`+format+`","auto.offset.reset":"earliest","fetch.min.bytes":1}`, "Content-Type: "+ctV2)
	inst := "/consumers/" + g + "/instances/c"
	resttest.Must(t, srv, 204, "POST", inst+"/subscription", `{"topics":["`+topic+`"]}`, "Content-Type: "+ctV2)
	return inst
}

// discoverDecode decodes framed bytes with serde, registering the
// writer's schema from the registry first when serde does not know its
// id, as a consumer that discovers schemas does. register builds the
// decoder for a schema.
func discoverDecode(t *testing.T, ctx context.Context, reg *sr.Client, serde *sr.Serde, b []byte, v any, register func(id int, s sr.Schema)) {
	t.Helper()
	id, _, err := serde.DecodeID(b)
	if err != nil {
		t.Fatalf("DecodeID(% x): %v", b, err)
	}
	if !serde.IsRegistered(id) {
		s, err := reg.SchemaByID(ctx, id)
		if err != nil {
			t.Fatalf("SchemaByID(%d): %v", id, err)
		}
		register(id, s)
	}
	if err := serde.Decode(b, v); err != nil {
		t.Fatalf("Decode(% x): %v", b, err)
	}
}

// TestSchemaInteropAvroRESTToNative produces Avro keys and values through
// REST v2 with raw schemas; a franz-go consumer decodes them with sr and
// hamba/avro, fetching the writer's schemas from the mock's registry.
func TestSchemaInteropAvroRESTToNative(t *testing.T) {
	t.Parallel()
	srv, kb := kafkabackend.NewServer(t, mockproxy.WithTopic("users", 1))
	body := `{"key_schema":"\"string\"","value_schema":` + jsonString(userAvro) + `,"records":[` +
		`{"key":"u1","value":{"name":"Ann","age":{"int":34},"tags":["a","b"]}},` +
		`{"key":"u2","value":{"name":"Bob","age":null,"tags":[]}}]}`
	resttest.Want(t, resttest.Do(t, srv, "POST", "/topics/users", body, "Content-Type: "+ctAvroV2), 200, ctV2,
		`{"offsets":[{"partition":0,"offset":0,"error_code":null,"error":null},{"partition":0,"offset":1,"error_code":null,"error":null}],"key_schema_id":1,"value_schema_id":2}`)

	ctx := restCtx(t)
	reg := srClient(t, srv)
	var serde sr.Serde
	avroSchema := func(id int, s sr.Schema) avro.Schema {
		if s.Type != sr.TypeAvro {
			t.Fatalf("schema %d is %v, want AVRO", id, s.Type)
		}
		sch, err := avro.Parse(s.Schema)
		if err != nil {
			t.Fatalf("schema %d: %v", id, err)
		}
		return sch
	}
	registerUser := func(id int, s sr.Schema) {
		sch := avroSchema(id, s)
		serde.Register(id, user{}, sr.DecodeFn(func(b []byte, v any) error { return avro.Unmarshal(sch, b, v) }))
	}
	registerKey := func(id int, s sr.Schema) {
		sch := avroSchema(id, s)
		serde.Register(id, "", sr.DecodeFn(func(b []byte, v any) error { return avro.Unmarshal(sch, b, v) }))
	}

	cl := nativeClient(t, kb, kgo.ConsumeTopics("users"), kgo.ConsumeResetOffset(kgo.NewOffset().AtStart()))
	type keyedUser struct {
		Key   string
		Value user
	}
	var got []keyedUser
	for _, r := range pollN(t, cl, 2) {
		var k keyedUser
		discoverDecode(t, ctx, reg, &serde, r.Key, &k.Key, registerKey)
		discoverDecode(t, ctx, reg, &serde, r.Value, &k.Value, registerUser)
		got = append(got, k)
	}
	age := 34
	want := []keyedUser{
		{"u1", user{Name: "Ann", Age: &age, Tags: []string{"a", "b"}}},
		{"u2", user{Name: "Bob", Tags: []string{}}},
	}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("native consumer decoded (-want +got):\n%s", diff)
	}
}

// TestSchemaInteropAvroNativeToREST registers schemas through sr, writes
// records with a franz-go producer encoding with sr and hamba/avro, and
// reads them through a REST v2 avro consumer.
func TestSchemaInteropAvroNativeToREST(t *testing.T) {
	t.Parallel()
	srv, kb := kafkabackend.NewServer(t, mockproxy.WithTopic("users", 1))
	ctx := restCtx(t)
	reg := srClient(t, srv)
	var serde sr.Serde
	for _, s := range []struct {
		subject, text string
		v             any
	}{{"users-key", `"string"`, ""}, {"users-value", userAvro, user{}}} {
		ss, err := reg.CreateSchema(ctx, s.subject, sr.Schema{Schema: s.text, Type: sr.TypeAvro})
		if err != nil {
			t.Fatal(err)
		}
		sch, err := avro.Parse(s.text)
		if err != nil {
			t.Fatal(err)
		}
		serde.Register(ss.ID, s.v, sr.EncodeFn(func(v any) ([]byte, error) { return avro.Marshal(sch, v) }))
	}

	age := 7
	cl := nativeClient(t, kb)
	if err := cl.ProduceSync(ctx,
		&kgo.Record{Topic: "users", Key: serde.MustEncode("u3"), Value: serde.MustEncode(user{Name: "Cy", Age: &age, Tags: []string{"x"}})},
		&kgo.Record{Topic: "users", Value: serde.MustEncode(user{Name: "Di"})},
	).FirstErr(); err != nil {
		t.Fatal(err)
	}

	inst := restConsumer(t, srv, "g", "avro", "users")
	want := `[{"topic":"users","key":"u3","value":{"name":"Cy","age":{"int":7},"tags":["x"]},"partition":0,"offset":0},` +
		`{"topic":"users","key":null,"value":{"name":"Di","age":null,"tags":[]},"partition":0,"offset":1}]`
	if diff := cmp.Diff(want, readFormat(t, srv, inst, ctAvroV2, 2)); diff != "" {
		t.Errorf("avro consumer read (-want +got):\n%s", diff)
	}
}

// TestSchemaInteropJSONSchema: JSON Schema records both ways, encoded and
// decoded natively with sr and encoding/json.
func TestSchemaInteropJSONSchema(t *testing.T) {
	t.Parallel()
	srv, kb := kafkabackend.NewServer(t, mockproxy.WithTopic("events", 1))
	ctx := restCtx(t)
	reg := srClient(t, srv)

	// REST to native: the schema is registered by the produce.
	body := `{"value_schema":` + jsonString(eventJSONSchema) + `,"records":[{"value":{"kind":"signup"}},{"value":{"kind":"purchase","amount":19.5}}]}`
	resttest.Want(t, resttest.Do(t, srv, "POST", "/topics/events", body, "Content-Type: "+ctJSchV2), 200, ctV2,
		`{"offsets":[{"partition":0,"offset":0,"error_code":null,"error":null},{"partition":0,"offset":1,"error_code":null,"error":null}],"key_schema_id":null,"value_schema_id":1}`)
	var serde sr.Serde
	registerEvent := func(id int, s sr.Schema) {
		if s.Type != sr.TypeJSON {
			t.Fatalf("schema %d is %v, want JSON", id, s.Type)
		}
		serde.Register(id, event{}, sr.DecodeFn(json.Unmarshal), sr.EncodeFn(json.Marshal))
	}
	cl := nativeClient(t, kb, kgo.ConsumeTopics("events"), kgo.ConsumeResetOffset(kgo.NewOffset().AtStart()))
	var got []event
	for _, r := range pollN(t, cl, 2) {
		var e event
		discoverDecode(t, ctx, reg, &serde, r.Value, &e, registerEvent)
		got = append(got, e)
	}
	if diff := cmp.Diff([]event{{Kind: "signup"}, {Kind: "purchase", Amount: 19.5}}, got); diff != "" {
		t.Errorf("native consumer decoded (-want +got):\n%s", diff)
	}

	// Native to REST, with the id REST registered.
	if err := cl.ProduceSync(ctx, &kgo.Record{Topic: "events", Value: serde.MustEncode(event{Kind: "refund", Amount: 4.25})}).FirstErr(); err != nil {
		t.Fatal(err)
	}
	inst := restConsumer(t, srv, "g", "jsonschema", "events")
	want := `[{"topic":"events","key":null,"value":{"kind":"signup"},"partition":0,"offset":0},` +
		`{"topic":"events","key":null,"value":{"kind":"purchase","amount":19.5},"partition":0,"offset":1},` +
		`{"topic":"events","key":null,"value":{"kind":"refund","amount":4.25},"partition":0,"offset":2}]`
	if diff := cmp.Diff(want, readFormat(t, srv, inst, ctJSchV2, 3)); diff != "" {
		t.Errorf("jsonschema consumer read (-want +got):\n%s", diff)
	}
}

// TestSchemaInteropProtobuf: Protobuf records both ways. The native side
// compiles the schema itself (protocompile) and uses dynamic messages; its
// records carry message indexes [1] (Reading, the second message), the
// REST Proxy's [0] (the first, as a raw schema produces).
func TestSchemaInteropProtobuf(t *testing.T) {
	t.Parallel()
	srv, kb := kafkabackend.NewServer(t, mockproxy.WithTopic("readings", 1))
	ctx := restCtx(t)
	reg := srClient(t, srv)
	ss, err := reg.CreateSchema(ctx, "readings-value", sr.Schema{Schema: readingProto, Type: sr.TypeProtobuf})
	if err != nil {
		t.Fatal(err)
	}
	files, err := (&protocompile.Compiler{Resolver: &protocompile.SourceResolver{
		Accessor: protocompile.SourceAccessorFromMap(map[string]string{"reading.proto": readingProto}),
	}}).Compile(ctx, "reading.proto")
	if err != nil {
		t.Fatal(err)
	}
	msgs := files[0].Messages()
	unit, reading := msgs.ByName("Unit"), msgs.ByName("Reading")
	var serde sr.Serde
	marshal := func(v any) ([]byte, error) { return proto.Marshal(v.(*dynamicpb.Message)) }
	serde.Register(ss.ID, &dynamicpb.Message{}, sr.Index(1), sr.EncodeFn(marshal))

	newReading := func(sensor string, celsius float64, at int64) *dynamicpb.Message {
		m := dynamicpb.NewMessage(reading)
		m.Set(reading.Fields().ByName("sensor"), protoreflect.ValueOfString(sensor))
		m.Set(reading.Fields().ByName("celsius"), protoreflect.ValueOfFloat64(celsius))
		m.Set(reading.Fields().ByName("at"), protoreflect.ValueOfInt64(at))
		return m
	}
	cl := nativeClient(t, kb, kgo.ConsumeTopics("readings"), kgo.ConsumeResetOffset(kgo.NewOffset().AtStart()))
	if err := cl.ProduceSync(ctx, &kgo.Record{Topic: "readings", Value: serde.MustEncode(newReading("s1", 21.5, 1714554000000))}).FirstErr(); err != nil {
		t.Fatal(err)
	}
	// REST produces with the schema's id: its first message, Unit.
	resttest.Want(t, resttest.Do(t, srv, "POST", "/topics/readings", `{"value_schema_id":1,"records":[{"value":{"name":"celsius"}}]}`, "Content-Type: "+ctProtoV2), 200, ctV2,
		`{"offsets":[{"partition":0,"offset":1,"error_code":null,"error":null}],"key_schema_id":null,"value_schema_id":1}`)

	inst := restConsumer(t, srv, "g", "protobuf", "readings")
	want := `[{"topic":"readings","key":null,"value":{"sensor":"s1","celsius":21.5,"at":"1714554000000"},"partition":0,"offset":0},` +
		`{"topic":"readings","key":null,"value":{"name":"celsius"},"partition":0,"offset":1}]`
	if diff := cmp.Diff(want, readFormat(t, srv, inst, ctProtoV2, 2)); diff != "" {
		t.Errorf("protobuf consumer read (-want +got):\n%s", diff)
	}

	// The native consumer reads both, choosing the message by the indexes.
	type decoded struct {
		Index []int
		JSON  string
	}
	var got []decoded
	for _, r := range pollN(t, cl, 2) {
		id, rest, err := serde.DecodeID(r.Value)
		if err != nil || id != ss.ID {
			t.Fatalf("DecodeID(% x) = %d, %v; want id %d", r.Value, id, err, ss.ID)
		}
		idx, payload, err := serde.DecodeIndex(rest, 10)
		if err != nil {
			t.Fatal(err)
		}
		md := unit
		if len(idx) == 1 && idx[0] == 1 {
			md = reading
		}
		m := dynamicpb.NewMessage(md)
		if err := proto.Unmarshal(payload, m); err != nil {
			t.Fatal(err)
		}
		got = append(got, decoded{idx, protoText(m)})
	}
	wantNative := []decoded{{[]int{1}, `sensor:"s1" celsius:21.5 at:1714554000000`}, {[]int{0}, `name:"celsius"`}}
	if diff := cmp.Diff(wantNative, got); diff != "" {
		t.Errorf("native consumer decoded (-want +got):\n%s", diff)
	}
}

// TestSchemaInteropSeed: records a seed file gives as data of a schema
// (testdata/seed/schemas.json) are what a native consumer with sr decodes,
// after a Reset too.
func TestSchemaInteropSeed(t *testing.T) {
	t.Parallel()
	srv, kb := kafkabackend.NewServer(t, mockproxy.WithSeedFile("../testdata/seed/schemas.json"))
	ctx := restCtx(t)
	reg := srClient(t, srv)
	type seedUser struct {
		ID   string `avro:"id"`
		Name string `avro:"name"`
		Age  *int   `avro:"age"`
	}
	type keyedUser struct {
		ID      int
		Key     string
		Value   seedUser
		Written time.Time
	}
	age := 34
	want := []keyedUser{
		{1, "u1", seedUser{"u1", "Ann", &age}, time.Date(2024, 5, 1, 9, 0, 0, 0, time.UTC)},
		{1, "u2", seedUser{"u2", "Bob", nil}, time.Date(2024, 5, 1, 9, 1, 0, 0, time.UTC)},
	}
	for _, round := range []string{"start", "after reset"} {
		var serde sr.Serde
		register := func(v any) func(int, sr.Schema) {
			return func(id int, s sr.Schema) {
				sch, err := avro.Parse(s.Schema)
				if err != nil {
					t.Fatalf("%s: schema %d: %v", round, id, err)
				}
				serde.Register(id, v, sr.DecodeFn(func(b []byte, v any) error { return avro.Unmarshal(sch, b, v) }))
			}
		}
		cl := nativeClient(t, kb, kgo.ConsumeTopics("users"), kgo.ConsumeResetOffset(kgo.NewOffset().AtStart()))
		var got []keyedUser
		for _, r := range pollN(t, cl, 2) {
			k := keyedUser{Written: r.Timestamp.UTC()}
			discoverDecode(t, ctx, reg, &serde, r.Key, &k.Key, register(""))
			discoverDecode(t, ctx, reg, &serde, r.Value, &k.Value, register(seedUser{}))
			k.ID, _, _ = serde.DecodeID(r.Value)
			got = append(got, k)
		}
		cl.Close()
		if diff := cmp.Diff(want, got); diff != "" {
			t.Errorf("%s: native consumer decoded (-want +got):\n%s", round, diff)
		}
		if err := srv.Reset(); err != nil {
			t.Fatal(err)
		}
	}
}

// jsonString is s as a JSON string.
func jsonString(s string) string {
	b, _ := json.Marshal(s)
	return string(b)
}

// protoText is m's set fields in field order, in a compact text form.
func protoText(m proto.Message) string {
	var parts []string
	r := m.ProtoReflect()
	fields := r.Descriptor().Fields()
	for i := range fields.Len() {
		fd := fields.Get(i)
		if !r.Has(fd) {
			continue
		}
		v := r.Get(fd).String()
		if fd.Kind() == protoreflect.StringKind {
			v = jsonString(v)
		}
		parts = append(parts, string(fd.Name())+":"+v)
	}
	return strings.Join(parts, " ")
}
