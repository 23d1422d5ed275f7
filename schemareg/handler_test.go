package schemareg

import (
	"encoding/json"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
)

type step struct {
	name, method, path, body string
	contentType              string // default application/vnd.schemaregistry.v1+json
	status                   int
	want                     string // JSON, compared as values; raw text when rawWant
	rawWant                  bool
}

func runSteps(t *testing.T, h http.Handler, steps []step) {
	t.Helper()
	for _, st := range steps {
		t.Run(st.name, func(t *testing.T) {
			req := httptest.NewRequest(st.method, st.path, strings.NewReader(st.body))
			ct := st.contentType
			if ct == "" && st.body != "" {
				ct = MediaType
			}
			if ct != "" {
				req.Header.Set("Content-Type", ct)
			}
			rec := httptest.NewRecorder()
			h.ServeHTTP(rec, req)
			if rec.Code != st.status {
				t.Errorf("status = %d, want %d (body %s)", rec.Code, st.status, rec.Body)
			}
			if got := rec.Header().Get("Content-Type"); got != MediaType {
				t.Errorf("Content-Type = %q", got)
			}
			if st.rawWant {
				if diff := cmp.Diff(st.want, rec.Body.String()); diff != "" {
					t.Errorf("body (-want +got):\n%s", diff)
				}
				return
			}
			var want, got any
			if err := json.Unmarshal([]byte(st.want), &want); err != nil {
				t.Fatalf("bad want: %v", err)
			}
			if err := json.Unmarshal(rec.Body.Bytes(), &got); err != nil {
				t.Fatalf("body %q: %v", rec.Body, err)
			}
			if diff := cmp.Diff(want, got); diff != "" {
				t.Errorf("body (-want +got):\n%s", diff)
			}
		})
	}
}

func reqBody(schema string, extra ...string) string {
	b, _ := json.Marshal(schema)
	return `{"schema":` + string(b) + strings.Join(extra, "") + `}`
}

func TestHandlerSubjects(t *testing.T) {
	v1 := reqBody(recV1)
	v2 := reqBody(recV2)
	bad := reqBody(recBad)
	v1Answer := `{"subject":"t-value","version":1,"id":1,"schemaType":"AVRO","schema":` + mustQuote(recV1) + `}`
	runSteps(t, New().Handler(), []step{
		{name: "root", method: "GET", path: "/", status: 200, want: `{}`},
		{name: "types", method: "GET", path: "/schemas/types", status: 200, want: `["JSON","PROTOBUF","AVRO"]`},
		{name: "contexts", method: "GET", path: "/contexts", status: 200, want: `["."]`},
		{name: "no subjects", method: "GET", path: "/subjects", status: 200, want: `[]`},
		{name: "unknown subject versions", method: "GET", path: "/subjects/t-value/versions", status: 404, want: `{"error_code":40401,"message":"Subject 't-value' not found."}`},
		{name: "register", method: "POST", path: "/subjects/t-value/versions", body: v1, status: 200,
			want: `{"id":1,"version":1,"schemaType":"AVRO","schema":` + mustQuote(recV1) + `}`},
		{name: "register again", method: "POST", path: "/subjects/t-value/versions", body: v1, contentType: "application/json", status: 200,
			want: `{"id":1,"version":1,"schemaType":"AVRO","schema":` + mustQuote(recV1) + `}`},
		{name: "register string canonical", method: "POST", path: "/subjects/s-key/versions", body: `{"schema":"{\"type\": \"string\"}"}`, contentType: "application/octet-stream", status: 200,
			want: `{"id":2,"version":1,"schemaType":"AVRO","schema":"\"string\""}`},
		{name: "register v2", method: "POST", path: "/subjects/t-value/versions", body: v2, status: 200,
			want: `{"id":3,"version":2,"schemaType":"AVRO","schema":` + mustQuote(recV2) + `}`},
		{name: "incompatible", method: "POST", path: "/subjects/t-value/versions", body: bad, status: 409,
			want: `{"error_code":40901,"message":` + mustQuote(`Schema being registered is incompatible with an earlier schema for subject "t-value", details: [{errorType:'READER_FIELD_MISSING_DEFAULT_VALUE', description:'The field 'c' at path '/fields/1' in the new schema has no default value and is missing in the old schema', additionalInfo:'c'}, {oldSchemaVersion: 2}, {oldSchema: '`+recV2+`'}, {validateFields: 'false', compatibility: 'BACKWARD'}]`) + `}`},
		{name: "invalid schema", method: "POST", path: "/subjects/t-value/versions", body: `{"schema":"{\"type\":\"nope\"}"}`, status: 422,
			want: `{"error_code":42201,"message":"Invalid schema of type AVRO, details: avro: unknown type: nope"}`},
		{name: "bad schemaType", method: "POST", path: "/subjects/t-value/versions", body: `{"schema":"x","schemaType":"XML"}`, status: 422,
			want: `{"error_code":42201,"message":"Invalid schema type XML"}`},
		{name: "malformed json", method: "POST", path: "/subjects/t-value/versions", body: `{"schema":`, status: 400,
			want: `{"error_code":400,"message":"Unexpected end-of-input: expected a value"}`},
		{name: "wrong content type", method: "POST", path: "/subjects/t-value/versions", body: v1, contentType: "text/plain", status: 415,
			want: `{"error_code":415,"message":"HTTP 415 Unsupported Media Type"}`},
		{name: "lookup", method: "POST", path: "/subjects/t-value", body: v1, status: 200, want: v1Answer},
		{name: "lookup missing schema", method: "POST", path: "/subjects/t-value", body: reqBody(`"int"`), status: 404,
			want: `{"error_code":40403,"message":"Schema not found"}`},
		{name: "lookup missing subject", method: "POST", path: "/subjects/nope", body: v1, status: 404,
			want: `{"error_code":40401,"message":"Subject 'nope' not found."}`},
		{name: "subjects", method: "GET", path: "/subjects", status: 200, want: `["s-key","t-value"]`},
		{name: "versions", method: "GET", path: "/subjects/t-value/versions", status: 200, want: `[1,2]`},
		{name: "version 1", method: "GET", path: "/subjects/t-value/versions/1", status: 200, want: v1Answer},
		{name: "latest raw", method: "GET", path: "/subjects/s-key/versions/latest/schema", status: 200, want: `"string"`, rawWant: true},
		{name: "version missing", method: "GET", path: "/subjects/t-value/versions/9", status: 404, want: `{"error_code":40402,"message":"Version 9 not found."}`},
		{name: "version invalid", method: "GET", path: "/subjects/t-value/versions/abc", status: 422,
			want: `{"error_code":42202,"message":"The specified version 'abc' is not a valid version id. Allowed values are between [1, 2^31-1] and the string \"latest\""}`},
		{name: "version zero", method: "GET", path: "/subjects/t-value/versions/0", status: 422,
			want: `{"error_code":42202,"message":"The specified version '0' is not a valid version id. Allowed values are between [1, 2^31-1] and the string \"latest\""}`},
		{name: "by id", method: "GET", path: "/schemas/ids/2", status: 200, want: `{"schemaType":"AVRO","schema":"\"string\""}`},
		{name: "by id raw", method: "GET", path: "/schemas/ids/2/schema", status: 200, want: `"string"`, rawWant: true},
		{name: "by id subjects", method: "GET", path: "/schemas/ids/1/subjects", status: 200, want: `["t-value"]`},
		{name: "by id versions", method: "GET", path: "/schemas/ids/1/versions", status: 200, want: `[{"subject":"t-value","version":1}]`},
		{name: "unknown id", method: "GET", path: "/schemas/ids/99", status: 404, want: `{"error_code":40403,"message":"Schema 99 not found"}`},
		{name: "unknown id subjects", method: "GET", path: "/schemas/ids/99/subjects", status: 404, want: `{"error_code":40403,"message":"Schema not found"}`},
		{name: "id not a number", method: "GET", path: "/schemas/ids/x", status: 404, want: `{"error_code":404,"message":"HTTP 404 Not Found"}`},
		{name: "compat latest", method: "POST", path: "/compatibility/subjects/t-value/versions/latest", body: bad, status: 200, want: `{"is_compatible":false}`},
		{name: "compat verbose", method: "POST", path: "/compatibility/subjects/t-value/versions/1?verbose=true", body: v2, status: 200, want: `{"is_compatible":true,"messages":[]}`},
		{name: "compat unknown subject", method: "POST", path: "/compatibility/subjects/new/versions/latest", body: v1, status: 200, want: `{"is_compatible":true}`},
		{name: "compat unknown version", method: "POST", path: "/compatibility/subjects/new/versions/3", body: v1, status: 404, want: `{"error_code":40402,"message":"Version 3 not found."}`},
		{name: "permanent before soft", method: "DELETE", path: "/subjects/t-value/versions/1?permanent=true", status: 404,
			want: `{"error_code":40407,"message":"Subject 't-value' Version 1 was not deleted first before being permanently deleted"}`},
		{name: "soft delete version", method: "DELETE", path: "/subjects/t-value/versions/1", status: 200, want: `1`},
		{name: "soft delete again", method: "DELETE", path: "/subjects/t-value/versions/1", status: 404,
			want: `{"error_code":40406,"message":"Subject 't-value' Version 1 was soft deleted.Set permanent=true to delete permanently"}`},
		{name: "deleted version hidden", method: "GET", path: "/subjects/t-value/versions/1", status: 404, want: `{"error_code":40402,"message":"Version 1 not found."}`},
		{name: "deleted version shown", method: "GET", path: "/subjects/t-value/versions/1?deleted=true", status: 200, want: v1Answer},
		{name: "versions with deleted", method: "GET", path: "/subjects/t-value/versions?deleted=true", status: 200, want: `[1,2]`},
		{name: "id of soft-deleted version", method: "GET", path: "/schemas/ids/1", status: 200, want: `{"schemaType":"AVRO","schema":` + mustQuote(recV1) + `}`},
		{name: "permanent delete version", method: "DELETE", path: "/subjects/t-value/versions/1?permanent=true", status: 200, want: `1`},
		{name: "id gone", method: "GET", path: "/schemas/ids/1", status: 404, want: `{"error_code":40403,"message":"Schema 1 not found"}`},
		{name: "permanent subject first", method: "DELETE", path: "/subjects/s-key?permanent=true", status: 404,
			want: `{"error_code":40405,"message":"Subject 's-key' was not deleted first before being permanently deleted"}`},
		{name: "soft delete subject", method: "DELETE", path: "/subjects/s-key", status: 200, want: `[1]`},
		{name: "soft delete subject again", method: "DELETE", path: "/subjects/s-key", status: 404,
			want: `{"error_code":40404,"message":"Subject 's-key' was soft deleted.Set permanent=true to delete permanently"}`},
		{name: "subjects after soft delete", method: "GET", path: "/subjects", status: 200, want: `["t-value"]`},
		{name: "subjects deleted", method: "GET", path: "/subjects?deleted=true", status: 200, want: `["s-key","t-value"]`},
		{name: "permanent delete subject", method: "DELETE", path: "/subjects/s-key?permanent=true", status: 200, want: `[1]`},
		{name: "delete unknown subject", method: "DELETE", path: "/subjects/s-key", status: 404, want: `{"error_code":40401,"message":"Subject 's-key' not found."}`},
		{name: "re-register after delete reuses id", method: "POST", path: "/subjects/s-key/versions", body: reqBody(`"string"`), status: 200,
			want: `{"id":2,"version":1,"schemaType":"AVRO","schema":"\"string\""}`},
		{name: "unknown path", method: "GET", path: "/nope", status: 404, want: `{"error_code":404,"message":"HTTP 404 Not Found"}`},
		{name: "method not allowed", method: "PUT", path: "/subjects", status: 405, want: `{"error_code":405,"message":"HTTP 405 Method Not Allowed"}`},
	})
}

func TestHandlerConfig(t *testing.T) {
	runSteps(t, New().Handler(), []step{
		{name: "global", method: "GET", path: "/config", status: 200, want: `{"compatibilityLevel":"BACKWARD"}`},
		{name: "set global", method: "PUT", path: "/config", body: `{"compatibility":"full"}`, status: 200, want: `{"compatibility":"FULL"}`},
		{name: "global after", method: "GET", path: "/config", status: 200, want: `{"compatibilityLevel":"FULL"}`},
		{name: "invalid level", method: "PUT", path: "/config", body: `{"compatibility":"SOMETIMES"}`, status: 422,
			want: `{"error_code":42203,"message":"Invalid compatibility level. Valid values are none, backward, forward, full, backward_transitive, forward_transitive, and full_transitive"}`},
		{name: "subject none", method: "GET", path: "/config/t-value", status: 404,
			want: `{"error_code":40408,"message":"Subject 't-value' does not have subject-level compatibility configured"}`},
		{name: "subject default to global", method: "GET", path: "/config/t-value?defaultToGlobal=true", status: 200, want: `{"compatibilityLevel":"FULL"}`},
		{name: "set subject", method: "PUT", path: "/config/t-value", body: `{"compatibility":"NONE"}`, status: 200, want: `{"compatibility":"NONE"}`},
		{name: "subject own", method: "GET", path: "/config/t-value", status: 200, want: `{"compatibilityLevel":"NONE"}`},
		{name: "delete subject", method: "DELETE", path: "/config/t-value", status: 200, want: `{"compatibilityLevel":"NONE"}`},
		{name: "delete subject again", method: "DELETE", path: "/config/t-value", status: 404, want: `{"error_code":40401,"message":"Subject 't-value' not found."}`},
		{name: "delete global", method: "DELETE", path: "/config", status: 200, want: `{"compatibilityLevel":"FULL"}`},
		{name: "global reset", method: "GET", path: "/config", status: 200, want: `{"compatibilityLevel":"BACKWARD"}`},
		{name: "mode", method: "GET", path: "/mode", status: 200, want: `{"mode":"READWRITE"}`},
		{name: "bad mode", method: "PUT", path: "/mode", body: `{"mode":"SLEEPY"}`, status: 422,
			want: `{"error_code":42204,"message":"Invalid mode. Valid values are READWRITE, READONLY, IMPORT and FORWARD."}`},
		{name: "readonly", method: "PUT", path: "/mode", body: `{"mode":"READONLY"}`, status: 200, want: `{"mode":"READONLY"}`},
		{name: "register in readonly", method: "POST", path: "/subjects/t/versions", body: reqBody(`"int"`), status: 422,
			want: `{"error_code":42205,"message":"Subject t in context . is in read-only mode"}`},
		{name: "subject mode", method: "GET", path: "/mode/t", status: 404,
			want: `{"error_code":40409,"message":"Subject 't' does not have subject-level mode configured"}`},
		{name: "empty body", method: "PUT", path: "/mode", contentType: MediaType, status: 400,
			want: `{"error_code":400,"message":"No content to map due to end-of-input"}`},
	})
}

// TestHandlerServerVersion7 checks the answers of a 7.x registry: no
// schemaType for AVRO, {"id"} on register, 409 as the incompatible code.
func TestHandlerServerVersion7(t *testing.T) {
	runSteps(t, New(WithServerVersion("7.9.1")).Handler(), []step{
		{name: "register", method: "POST", path: "/subjects/t/versions", body: reqBody(recV1), status: 200, want: `{"id":1}`},
		{name: "version", method: "GET", path: "/subjects/t/versions/1", status: 200, want: `{"subject":"t","version":1,"id":1,"schema":` + mustQuote(recV1) + `}`},
		{name: "by id", method: "GET", path: "/schemas/ids/1", status: 200, want: `{"schema":` + mustQuote(recV1) + `}`},
		{name: "incompatible", method: "POST", path: "/subjects/t/versions", body: reqBody(`"int"`), status: 409,
			want: `{"error_code":409,"message":` + mustQuote(`Schema being registered is incompatible with an earlier schema for subject "t", details: [{errorType:'TYPE_MISMATCH', description:'The type (path '/') of a field in the new schema does not match with the old schema', additionalInfo:'reader type: INT not compatible with writer type: RECORD'}, {oldSchemaVersion: 1}, {oldSchema: '`+recV1+`'}, {validateFields: 'false', compatibility: 'BACKWARD'}]`) + `}`},
	})
}

func mustQuote(s string) string {
	b, _ := json.Marshal(s)
	return string(b)
}
