package mockproxy_test

import (
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/kafkarestmock/kafkarestmock/internal/resttest"
	"github.com/kafkarestmock/kafkarestmock/mockproxy"
	"github.com/kafkarestmock/kafkarestmock/schemareg"
)

// TestSchemaResolutionAfterRegistryChange produces with the same schema
// (raw, or by id) several times, so that the server has every reason to
// remember how it resolved it, then changes the embedded registry and
// produces again: the answer and the registry's state are those of a
// server that asks the registry every time.
func TestSchemaResolutionAfterRegistryChange(t *testing.T) {
	t.Parallel()
	resttest.EachBackend(t, testSchemaResolutionAfterRegistryChange)
}

func testSchemaResolutionAfterRegistryChange(t *testing.T, bc resttest.Backend) {
	const (
		rawBody  = `{"value_schema":"\"int\"","records":[{"value":1}]}`
		idBody   = `{"value_schema_id":2,"records":[{"value":1}]}`
		answerID = `{"offsets":[{"partition":0,"offset":%s,"error_code":null,"error":null}],"key_schema_id":null,"value_schema_id":%s}`
	)
	deleteSubject := func(t *testing.T, srv *mockproxy.Server) {
		reg := srv.SchemaRegistry()
		for _, permanent := range []bool{false, true} {
			if _, err := reg.DeleteSubject("t-value", permanent); err != nil {
				t.Fatal(err)
			}
		}
	}
	tests := []struct {
		name         string
		body         string
		change       func(t *testing.T, srv *mockproxy.Server)
		status       int
		want         string // the whole body of a 200
		code         int
		msg          string
		wantVersions []int // t-value's versions afterwards; nil: no subject
	}{
		{"raw schema, subject deleted", rawBody, deleteSubject,
			200, `{"offsets":[{"partition":0,"offset":3,"error_code":null,"error":null}],"key_schema_id":null,"value_schema_id":2}`, 0, "", []int{1}},
		{"raw schema, registry reset", rawBody, func(t *testing.T, srv *mockproxy.Server) { srv.SchemaRegistry().Reset() },
			200, `{"offsets":[{"partition":0,"offset":3,"error_code":null,"error":null}],"key_schema_id":null,"value_schema_id":1}`, 0, "", []int{1}},
		{"raw schema, read-only mode", rawBody, func(t *testing.T, srv *mockproxy.Server) {
			resttest.Must(t, srv, 200, "PUT", "/schema-registry/mode", `{"mode":"READONLY"}`, "Content-Type: application/json")
		}, 422, "", 42207, "Error serializing message. Error when registering schema. format = AVRO, subject = t-value, schema = \"int\"\nSubject t-value in context . is in read-only mode; error code: 42205", []int{1}},
		{"schema id, subject deleted", idBody, deleteSubject,
			422, "", 42207, "Error serializing message. Error when fetching schema by id. schemaId = 2\nSchema 2 not found; error code: 40403", nil},
		{"schema id, version deleted", idBody, func(t *testing.T, srv *mockproxy.Server) {
			if _, err := srv.SchemaRegistry().DeleteVersion("t-value", 1, false); err != nil {
				t.Fatal(err)
			}
		}, 422, "", 42207, "Error serializing message. Error when fetching schema version. subject = t-value, schema = \"int\"\nSubject 't-value' not found.; error code: 40401", nil},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			srv := bc.Start(t, mockproxy.WithTopic("t", 1))
			reg := srv.SchemaRegistry()
			// Id 1 is a schema of another subject; "int" becomes id 2.
			if _, _, err := reg.Register("other", schemareg.Schema{Text: `"long"`}); err != nil {
				t.Fatal(err)
			}
			if _, _, err := reg.Register("t-value", schemareg.Schema{Text: `"int"`}); err != nil {
				t.Fatal(err)
			}
			for i := range 3 {
				resttest.Want(t, resttest.Do(t, srv, "POST", "/topics/t", tc.body, "Content-Type: "+ctAvroV2), 200, ctV2,
					`{"offsets":[{"partition":0,"offset":`+string(rune('0'+i))+`,"error_code":null,"error":null}],"key_schema_id":null,"value_schema_id":2}`)
			}
			tc.change(t, srv)
			got := resttest.Do(t, srv, "POST", "/topics/t", tc.body, "Content-Type: "+ctAvroV2)
			if tc.status != 200 {
				resttest.WantError(t, got, tc.status, ctV2, tc.code, tc.msg)
			} else {
				resttest.Want(t, got, 200, ctV2, tc.want)
			}
			vs, err := reg.Versions("t-value", false)
			if tc.wantVersions == nil {
				if err == nil {
					t.Errorf("t-value has versions %v, want none", vs)
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			if diff := cmp.Diff(tc.wantVersions, vs); diff != "" {
				t.Errorf("t-value versions (-want +got):\n%s", diff)
			}
		})
	}
}
