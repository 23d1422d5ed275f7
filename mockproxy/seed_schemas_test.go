package mockproxy_test

import (
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/kafkarestmock/kafkarestmock/fakelog"
	"github.com/kafkarestmock/kafkarestmock/internal/resttest"
	"github.com/kafkarestmock/kafkarestmock/mockproxy"
	"github.com/kafkarestmock/kafkarestmock/schemareg"
)

const schemasSeed = "../testdata/seed/schemas.json"

// TestSeedSchemas applies testdata/seed/schemas.json: its schemas get ids
// 1 to 4 in file order, v2 consumers of each schema format read the
// seeded records exactly, and after Reset the ids and the records are the
// same.
func TestSeedSchemas(t *testing.T) {
	t.Parallel()
	resttest.EachBackend(t, testSeedSchemas)
}

func testSeedSchemas(t *testing.T, bc resttest.Backend) {
	srv := bc.Start(t, mockproxy.WithSeedFile(schemasSeed))
	check := func(t *testing.T, round string) {
		t.Helper()
		type idOf struct {
			Subject string
			Version int
			ID      int
			Type    schemareg.SchemaType
		}
		var got []idOf
		for _, s := range []string{"users-value", "events-value", "readings-value", "users-key"} {
			sv, err := srv.SchemaRegistry().Version(s, -1)
			if err != nil {
				t.Fatalf("%s: %v", round, err)
			}
			got = append(got, idOf{sv.Subject, sv.Version, sv.ID, sv.Schema.Type})
		}
		want := []idOf{
			{"users-value", 1, 1, schemareg.Avro},
			{"events-value", 1, 2, schemareg.JSON},
			{"readings-value", 1, 3, schemareg.Protobuf},
			{"users-key", 1, 4, schemareg.Avro},
		}
		if diff := cmp.Diff(want, got); diff != "" {
			t.Errorf("%s: registered schemas mismatch (-want +got):\n%s", round, diff)
		}

		reads := []struct{ topic, format, want string }{
			{"users", "avro", `[{"topic":"users","key":"u1","value":{"id":"u1","name":"Ann","age":{"int":34}},"partition":0,"offset":0},` +
				`{"topic":"users","key":"u2","value":{"id":"u2","name":"Bob","age":null},"partition":0,"offset":1}]`},
			{"events", "jsonschema", `[{"topic":"events","key":null,"value":{"kind":"signup","user":"u1"},"partition":0,"offset":0},` +
				`{"topic":"events","key":null,"value":{"kind":"purchase","user":"u2","amount":19.5},"partition":0,"offset":1}]`},
			{"readings", "protobuf", `[{"topic":"readings","key":null,"value":{"sensor":"s1","celsius":21.5,"at":"1714554000000"},"partition":0,"offset":0}]`},
		}
		for _, r := range reads {
			base := "/consumers/g-" + r.topic + "/instances/c"
			resttest.Must(t, srv, 200, "POST", "/consumers/g-"+r.topic, `{"name":"c","format":"`+r.format+`","auto.offset.reset":"earliest","consumer.request.timeout.ms":10000,"fetch.min.bytes":1}`, "Content-Type: "+ctV2)
			resttest.Must(t, srv, 204, "POST", base+"/subscription", `{"topics":["`+r.topic+`"]}`, "Content-Type: "+ctV2)
			accept := "application/vnd.kafka." + r.format + ".v2+json"
			resttest.Want(t, resttest.Do(t, srv, "GET", base+"/records", "", "Accept: "+accept), 200, accept, r.want)
			resttest.Must(t, srv, 204, "DELETE", base, "", "Content-Type: "+ctV2)
		}

		recs := stored(t, srv, "users")
		wantFirst := fakelog.Record{
			Topic: "users", Partition: 0, Offset: 0,
			Key:       []byte{0, 0, 0, 0, 4, 4, 'u', '1'},
			Value:     []byte{0, 0, 0, 0, 1, 4, 'u', '1', 6, 'A', 'n', 'n', 2, 68},
			Timestamp: recs[0].Timestamp,
		}
		if diff := cmp.Diff(wantFirst, recs[0]); diff != "" {
			t.Errorf("%s: users-0 offset 0 (-want +got):\n%s", round, diff)
		}
	}
	check(t, "start")
	// A schema registered through the registry's API goes away with Reset.
	if _, _, err := srv.SchemaRegistry().Register("extra", schemareg.Schema{Text: `"long"`}); err != nil {
		t.Fatal(err)
	}
	if err := srv.Reset(); err != nil {
		t.Fatal(err)
	}
	check(t, "after reset")
	if got := srv.SchemaRegistry().Subjects(false); !cmp.Equal(got, []string{"events-value", "readings-value", "users-key", "users-value"}) {
		t.Errorf("subjects after reset = %q", got)
	}
}

// TestSeedSchemaErrors: a seed whose schemas or data of a schema do not
// apply fails New with the file, the entry and the reason.
func TestSeedSchemaErrors(t *testing.T) {
	t.Parallel()
	const schemas = `"schemas": [{"subject": "n-value", "schema": "\"int\""}, {"subject": "p-value", "schemaType": "PROTOBUF", "schema": "syntax = \"proto3\"; message P { int32 a = 1; }"}]`
	rec := func(r string) string {
		return `{` + schemas + `, "topics": [{"name": "t", "records": [` + r + `]}]}`
	}
	tests := []struct {
		name, doc string
		opts      []mockproxy.Option
		want      string // after "mockproxy: seed <path>: "
	}{
		{"schema does not parse", `{"schemas": [{"subject": "a", "schema": "{\"type\": \"nope\"}"}]}`, nil,
			`schemas[0]: subject "a": Invalid schema of type AVRO, details: avro: unknown type: nope`},
		{"unknown subject", rec(`{"value_schema_subject": "t-value", "value_avro": 1}`), nil,
			`topics[0].records[0].value_schema_subject: no schema is registered under subject "t-value"`},
		{"unknown id", rec(`{"value_schema_id": 3, "value_avro": 1}`), nil,
			"topics[0].records[0].value_schema_id: no schema has id 3"},
		{"avro data does not fit", rec(`{"value_schema_subject": "n-value", "value_avro": "x"}`), nil,
			`topics[0].records[0].value_avro: does not fit schema 1 (subject "n-value" version 1): Expected int. Got VALUE_STRING`},
		{"protobuf data does not fit", rec(`{"value_schema_id": 2, "value_protobuf": {"zz": 1}}`), nil,
			"topics[0].records[0].value_protobuf: does not fit schema 2: Cannot find field: zz in message P"},
		{"wrong form", rec(`{"key_schema_id": 2, "key_jsonschema": {"a": 1}}`), nil,
			"topics[0].records[0].key_jsonschema: schema 2 is PROTOBUF: give the data as key_protobuf"},
		{"no registry", `{` + schemas + `}`, []mockproxy.Option{mockproxy.WithSchemaRegistry(mockproxy.SchemaRegistryNone)},
			`schemas[0]: subject "n-value": schemas need the embedded schema registry; the server has none (WithSchemaRegistry(SchemaRegistryNone))`},
		{"no registry, data by id", `{"topics": [{"name": "t", "records": [{"value_schema_id": 1, "value_avro": 1}]}]}`, []mockproxy.Option{mockproxy.WithSchemaRegistry(mockproxy.SchemaRegistryNone)},
			"topics[0].records[0].value_schema_id: schema 1: the server has no schema registry (WithSchemaRegistry(SchemaRegistryNone))"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			path := filepath.Join(t.TempDir(), "seed.json")
			if err := os.WriteFile(path, []byte(tt.doc), 0o600); err != nil {
				t.Fatal(err)
			}
			srv, err := mockproxy.New(append([]mockproxy.Option{mockproxy.WithSeedFile(path), mockproxy.WithoutListener()}, tt.opts...)...)
			if err == nil {
				_ = srv.Close()
				t.Fatalf("New succeeded, want %q", tt.want)
			}
			if diff := cmp.Diff("mockproxy: seed "+path+": "+tt.want, err.Error()); diff != "" {
				t.Errorf("New error mismatch (-want +got):\n%s", diff)
			}
		})
	}
}

// TestSeedCheckTarget: the scratch check the binary runs finds what New
// would, without a server.
func TestSeedCheckTarget(t *testing.T) {
	t.Parallel()
	good, err := mockproxy.LoadSeedFile(schemasSeed)
	if err != nil {
		t.Fatal(err)
	}
	bad, err := mockproxy.LoadSeed(strings.NewReader(`{"schemas": [{"subject": "s", "schema": "\"int\""}], "topics": [{"name": "t", "records": [{"value_schema_id": 1, "value_avro": "x"}]}]}`))
	if err != nil {
		t.Fatal(err)
	}
	for _, sd := range []*mockproxy.Seed{good, good} { // twice: each target has its own registry
		l := fakelog.New()
		err := sd.Apply(mockproxy.SeedCheckTarget(l))
		_ = l.Close()
		if err != nil {
			t.Errorf("Apply(schemas.json) on a check target: %v", err)
		}
	}
	l := fakelog.New()
	defer l.Close()
	const want = "topics[0].records[0].value_avro: does not fit schema 1: Expected int. Got VALUE_STRING"
	if err := bad.Apply(mockproxy.SeedCheckTarget(l)); err == nil || err.Error() != want {
		t.Errorf("Apply(bad) = %v, want %q", err, want)
	}
}

// ExampleWithSeed_schemas starts a server from a seed with a schema and a
// value given as data of it: the schema gets id 1 in the embedded
// registry and the value is stored in Confluent's wire format.
func ExampleWithSeed_schemas() {
	sd, err := mockproxy.LoadSeed(strings.NewReader(`{
	  "schemas": [{"subject": "users-value", "schema": {"type": "record", "name": "User", "fields": [{"name": "name", "type": "string"}]}}],
	  "topics": [{"name": "users", "records": [{"value_schema_subject": "users-value", "value_avro": {"name": "Ann"}}]}]
	}`))
	if err != nil {
		fmt.Println(err)
		return
	}
	srv, err := mockproxy.New(mockproxy.WithSeed(sd), mockproxy.WithoutListener())
	if err != nil {
		fmt.Println(err)
		return
	}
	defer srv.Close()
	sv, _ := srv.SchemaRegistry().Version("users-value", -1)
	fmt.Println(sv.ID, sv.Schema.Text)
	recs, _ := srv.Backend().ReadN("users", 0, 0, 0, 0)
	fmt.Printf("% x\n", recs[0].Value)
	// Output:
	// 1 {"type":"record","name":"User","fields":[{"name":"name","type":"string"}]}
	// 00 00 00 00 01 06 41 6e 6e
}
