package srclient

import (
	"errors"
	"net/http/httptest"
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/kafkarestmock/kafkarestmock/schemareg"
)

// schemaSource is the surface the proxy takes its schemas through; the
// embedded registry and Client both have it.
type schemaSource interface {
	Register(subject string, s schemareg.Schema) (id, version int, err error)
	Lookup(subject string, s schemareg.Schema) (schemareg.SubjectVersion, error)
	SchemaByID(id int) (schemareg.Schema, error)
	Version(subject string, n int) (schemareg.SubjectVersion, error)
}

var (
	_ schemaSource = (*schemareg.Registry)(nil)
	_ schemaSource = (*Client)(nil)
)

const (
	recV1 = `{"type":"record","name":"Rec","namespace":"com.ex","fields":[{"name":"a","type":"int"}]}`
	// recV1Spaced is recV1 as a person writes it: same canonical text.
	recV1Spaced = "{ \"type\": \"record\", \"name\": \"com.ex.Rec\",\n  \"fields\": [ {\"name\": \"a\", \"type\": \"int\"} ] }"
	// recV2 adds a field with a default: backward compatible.
	recV2 = `{"type":"record","name":"Rec","namespace":"com.ex","fields":[{"name":"a","type":"int"},{"name":"b","type":"string","default":"x"}]}`
	// recBad adds a field without a default: not backward compatible.
	recBad = `{"type":"record","name":"Rec","namespace":"com.ex","fields":[{"name":"a","type":"int"},{"name":"c","type":"string"}]}`

	avroAddr  = `{"type":"record","name":"Addr","namespace":"com.ex","fields":[{"name":"city","type":"string"}]}`
	avroOrder = `{"type":"record","name":"Order","namespace":"com.ex","fields":[{"name":"addr","type":"com.ex.Addr"}]}`

	jsonAddr  = `{"type": "object", "properties": {"city": {"type": "string"}}}`
	jsonOrder = `{"type":"object","properties":{"addr":{"$ref":"addr.json"}}}`

	protoAddr  = "syntax = \"proto3\";\npackage ex;\nmessage Addr { string city = 1; }\n"
	protoOrder = "syntax = \"proto3\";\npackage ex;\nimport \"addr.proto\";\nmessage Order { Addr addr = 1; }\n"
)

var (
	sRecV1       = schemareg.Schema{Text: recV1}
	sRecV1Spaced = schemareg.Schema{Type: schemareg.Avro, Text: recV1Spaced}
	sRecV2       = schemareg.Schema{Text: recV2}
	sRecBad      = schemareg.Schema{Text: recBad}
	sAvroAddr    = schemareg.Schema{Text: avroAddr}
	sAvroOrder   = schemareg.Schema{Text: avroOrder, References: []schemareg.Reference{{Name: "com.ex.Addr", Subject: "addr-value", Version: 1}}}
	sJSONAddr    = schemareg.Schema{Type: schemareg.JSON, Text: jsonAddr}
	sJSONOrder   = schemareg.Schema{Type: schemareg.JSON, Text: jsonOrder, References: []schemareg.Reference{{Name: "addr.json", Subject: "addr-json", Version: 1}}}
	sProtoAddr   = schemareg.Schema{Type: schemareg.Protobuf, Text: protoAddr}
	sProtoOrder  = schemareg.Schema{Type: schemareg.Protobuf, Text: protoOrder, References: []schemareg.Reference{{Name: "addr.proto", Subject: "addr-proto", Version: 1}}}
)

// setup is a change made directly to a registry before a case runs.
type setup func(t *testing.T, r *schemareg.Registry)

func reg(subject string, s schemareg.Schema) setup {
	return func(t *testing.T, r *schemareg.Registry) {
		t.Helper()
		if _, _, err := r.Register(subject, s); err != nil {
			t.Fatalf("setup: Register(%q): %v", subject, err)
		}
	}
}

func softDelete(subject string, n int) setup {
	return func(t *testing.T, r *schemareg.Registry) {
		t.Helper()
		if _, err := r.DeleteVersion(subject, n, false); err != nil {
			t.Fatalf("setup: DeleteVersion(%q, %d): %v", subject, n, err)
		}
	}
}

// The references the *Order schemas need, in each type.
var (
	withAvroAddr  = reg("addr-value", sAvroAddr)
	withJSONAddr  = reg("addr-json", sJSONAddr)
	withProtoAddr = reg("addr-proto", sProtoAddr)
)

// parityCase calls one method of a schemaSource; code is the error_code
// the case must end with (0: success), so that a case cannot pass by both
// sides failing alike for another reason.
type parityCase struct {
	name    string
	version string // server version; "" is the default
	setup   []setup
	call    func(s schemaSource) (any, error)
	code    int
}

func register(subject string, s schemareg.Schema) func(schemaSource) (any, error) {
	return func(src schemaSource) (any, error) {
		id, v, err := src.Register(subject, s)
		return [2]int{id, v}, err
	}
}

func lookup(subject string, s schemareg.Schema) func(schemaSource) (any, error) {
	return func(src schemaSource) (any, error) { return src.Lookup(subject, s) }
}

func byID(id int) func(schemaSource) (any, error) {
	return func(src schemaSource) (any, error) { return src.SchemaByID(id) }
}

func version(subject string, n int) func(schemaSource) (any, error) {
	return func(src schemaSource) (any, error) { return src.Version(subject, n) }
}

// runParity runs each case on two registries set up alike: one called
// directly, one through a Client over its HTTP handler; answers and errors
// must be equal.
func runParity(t *testing.T, cases []parityCase) {
	t.Helper()
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			var opts []schemareg.Option
			if tc.version != "" {
				opts = append(opts, schemareg.WithServerVersion(tc.version))
			}
			direct, served := schemareg.New(opts...), schemareg.New(opts...)
			for _, s := range tc.setup {
				s(t, direct)
				s(t, served)
			}
			srv := httptest.NewServer(served.Handler())
			defer srv.Close()
			cl, err := New(srv.URL, srv.Client())
			if err != nil {
				t.Fatal(err)
			}

			want, wantErr := tc.call(direct)
			got, gotErr := tc.call(cl)
			if diff := cmp.Diff(want, got); diff != "" {
				t.Errorf("answer (-want +got):\n%s", diff)
			}
			if diff := cmp.Diff(wantErr, gotErr); diff != "" {
				t.Errorf("error (-want +got):\n%s", diff)
			}
			code := 0
			var e *schemareg.Error
			if errors.As(gotErr, &e) {
				code = e.Code
			} else if gotErr != nil {
				t.Fatalf("error %v (%T) is not a *schemareg.Error", gotErr, gotErr)
			}
			if code != tc.code {
				t.Errorf("error_code = %d, want %d (error %v)", code, tc.code, gotErr)
			}
		})
	}
}

func TestRegister(t *testing.T) {
	runParity(t, []parityCase{
		{name: "avro new", call: register("orders-value", sRecV1)},
		{name: "avro again with other spacing", setup: []setup{reg("orders-value", sRecV1)}, call: register("orders-value", sRecV1Spaced)},
		{name: "avro known under other subject", setup: []setup{reg("a-value", sRecV1), reg("b-value", sRecV2)}, call: register("c-value", sRecV1)},
		{name: "avro compatible next version", setup: []setup{reg("orders-value", sRecV1)}, call: register("orders-value", sRecV2)},
		{name: "avro incompatible", setup: []setup{reg("orders-value", sRecV1)}, call: register("orders-value", sRecBad), code: schemareg.CodeIncompatibleSchema},
		{name: "avro incompatible before 8.2", version: "7.9.1", setup: []setup{reg("orders-value", sRecV1)}, call: register("orders-value", sRecBad), code: schemareg.CodeIncompatibleSchemaLegacy},
		{name: "avro invalid", call: register("orders-value", schemareg.Schema{Text: `{"type":"record"}`}), code: schemareg.CodeInvalidSchema},
		{name: "avro with reference", setup: []setup{withAvroAddr}, call: register("orders-value", sAvroOrder)},
		{name: "avro reference to unknown subject", call: register("orders-value", sAvroOrder), code: schemareg.CodeInvalidSchema},
		{name: "json", call: register("addr-json", sJSONAddr)},
		{name: "json with reference", setup: []setup{withJSONAddr}, call: register("orders-json", sJSONOrder)},
		{name: "protobuf", call: register("addr-proto", sProtoAddr)},
		{name: "protobuf with reference", setup: []setup{withProtoAddr}, call: register("orders-proto", sProtoOrder)},
		{name: "protobuf reference to unknown subject", call: register("orders-proto", sProtoOrder), code: schemareg.CodeInvalidSchema},
		{name: "unknown schema type", call: register("x", schemareg.Schema{Type: "XML", Text: "<x/>"}), code: schemareg.CodeInvalidSchema},
		{name: "after a soft delete", setup: []setup{reg("orders-value", sRecV1), reg("orders-value", sRecV2), softDelete("orders-value", 1)}, call: register("orders-value", sRecV1)},
		{name: "empty text re-registers the latest", setup: []setup{reg("orders-value", sRecV1), reg("orders-value", sRecV2)}, call: register("orders-value", schemareg.Schema{})},
		{name: "empty text without a version", call: register("orders-value", schemareg.Schema{}), code: schemareg.CodeInvalidSchema},
		{name: "subject with slash, space and percent", setup: []setup{reg("a/b c%d", sRecV1)}, call: register("a/b c%d", sRecV2)},
		// Before 8.0 the answer is only the id; the version comes from a lookup.
		{name: "id-only answer", version: "7.9.1", setup: []setup{reg("orders-value", sRecV1)}, call: register("orders-value", sRecV2)},
		{name: "id-only answer, known schema", version: "7.9.1", setup: []setup{reg("orders-value", sRecV1), reg("orders-value", sRecV2)}, call: register("orders-value", sRecV1Spaced)},
		{name: "id-only answer, protobuf with reference", version: "7.9.1", setup: []setup{withProtoAddr}, call: register("orders-proto", sProtoOrder)},
		{name: "id-only answer, empty text", version: "7.9.1", setup: []setup{reg("orders-value", sRecV1), reg("orders-value", sRecV2)}, call: register("orders-value", schemareg.Schema{})},
	})
}

func TestLookup(t *testing.T) {
	runParity(t, []parityCase{
		{name: "avro, other spacing", setup: []setup{reg("orders-value", sRecV1), reg("orders-value", sRecV2)}, call: lookup("orders-value", sRecV1Spaced)},
		{name: "avro before 8.0 (no schemaType)", version: "7.9.1", setup: []setup{reg("orders-value", sRecV1)}, call: lookup("orders-value", sRecV1)},
		{name: "avro with reference", setup: []setup{withAvroAddr, reg("orders-value", sAvroOrder)}, call: lookup("orders-value", sAvroOrder)},
		{name: "json with reference", setup: []setup{withJSONAddr, reg("orders-json", sJSONOrder)}, call: lookup("orders-json", sJSONOrder)},
		{name: "protobuf", setup: []setup{withProtoAddr}, call: lookup("addr-proto", sProtoAddr)},
		{name: "protobuf with reference", setup: []setup{withProtoAddr, reg("orders-proto", sProtoOrder)}, call: lookup("orders-proto", sProtoOrder)},
		{name: "subject with slash, space and percent", setup: []setup{reg("a/b c%d", sRecV1)}, call: lookup("a/b c%d", sRecV1)},
		{name: "unknown subject", call: lookup("nope", sRecV1), code: schemareg.CodeSubjectNotFound},
		{name: "schema not in subject", setup: []setup{reg("orders-value", sRecV1)}, call: lookup("orders-value", sRecV2), code: schemareg.CodeSchemaNotFound},
		{name: "known under another subject only", setup: []setup{reg("a-value", sRecV1), reg("b-value", sRecV2)}, call: lookup("b-value", sRecV1), code: schemareg.CodeSchemaNotFound},
		{name: "soft-deleted version, others live", setup: []setup{reg("orders-value", sRecV1), reg("orders-value", sRecV2), softDelete("orders-value", 1)}, call: lookup("orders-value", sRecV1), code: schemareg.CodeSchemaNotFound},
		{name: "soft-deleted subject", setup: []setup{reg("orders-value", sRecV1), softDelete("orders-value", 1)}, call: lookup("orders-value", sRecV1), code: schemareg.CodeSubjectNotFound},
		{name: "invalid schema", setup: []setup{reg("orders-value", sRecV1)}, call: lookup("orders-value", schemareg.Schema{Text: "{"}), code: schemareg.CodeInvalidSchema},
		{name: "protobuf invalid", setup: []setup{withProtoAddr}, call: lookup("addr-proto", schemareg.Schema{Type: schemareg.Protobuf, Text: "message {"}), code: schemareg.CodeInvalidSchema},
	})
}

func TestSchemaByID(t *testing.T) {
	refs := []setup{withAvroAddr, reg("orders-value", sAvroOrder), withJSONAddr, reg("orders-json", sJSONOrder), withProtoAddr, reg("orders-proto", sProtoOrder)}
	runParity(t, []parityCase{
		{name: "avro", setup: refs, call: byID(1)},
		{name: "avro with reference", setup: refs, call: byID(2)},
		{name: "json", setup: refs, call: byID(3)},
		{name: "json with reference", setup: refs, call: byID(4)},
		{name: "protobuf", setup: refs, call: byID(5)},
		{name: "protobuf with reference", setup: refs, call: byID(6)},
		{name: "avro before 8.0 (no schemaType)", version: "7.9.1", setup: refs, call: byID(2)},
		{name: "used only by a soft-deleted version", setup: []setup{reg("orders-value", sRecV1), reg("orders-value", sRecV2), softDelete("orders-value", 1)}, call: byID(1)},
		{name: "unknown id", setup: refs, call: byID(99), code: schemareg.CodeSchemaNotFound},
		{name: "id 0", call: byID(0), code: schemareg.CodeSchemaNotFound},
		{name: "negative id", call: byID(-3), code: schemareg.CodeSchemaNotFound},
	})
}

func TestVersion(t *testing.T) {
	two := []setup{reg("orders-value", sRecV1), reg("orders-value", sRecV2)}
	runParity(t, []parityCase{
		{name: "first", setup: two, call: version("orders-value", 1)},
		{name: "latest", setup: two, call: version("orders-value", -1)},
		{name: "before 8.0 (no schemaType)", version: "7.9.1", setup: two, call: version("orders-value", 2)},
		{name: "avro with reference", setup: []setup{withAvroAddr, reg("orders-value", sAvroOrder)}, call: version("orders-value", -1)},
		{name: "json with reference", setup: []setup{withJSONAddr, reg("orders-json", sJSONOrder)}, call: version("orders-json", 1)},
		{name: "protobuf with reference", setup: []setup{withProtoAddr, reg("orders-proto", sProtoOrder)}, call: version("orders-proto", 1)},
		{name: "subject with slash, space and percent", setup: []setup{reg("a/b c%d", sRecV1)}, call: version("a/b c%d", -1)},
		{name: "latest skips a soft-deleted one", setup: append(two, softDelete("orders-value", 2)), call: version("orders-value", -1)},
		{name: "soft-deleted", setup: append(two, softDelete("orders-value", 1)), call: version("orders-value", 1), code: schemareg.CodeVersionNotFound},
		{name: "all soft-deleted", setup: []setup{reg("orders-value", sRecV1), softDelete("orders-value", 1)}, call: version("orders-value", -1), code: schemareg.CodeSubjectNotFound},
		{name: "unknown subject", call: version("nope", 1), code: schemareg.CodeSubjectNotFound},
		{name: "unknown subject, latest", call: version("nope", -1), code: schemareg.CodeSubjectNotFound},
		{name: "unknown version", setup: two, call: version("orders-value", 7), code: schemareg.CodeVersionNotFound},
	})
}
