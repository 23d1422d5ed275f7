package schemareg

import (
	"context"
	"errors"
	"net/http"
	"net/http/httptest"
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/twmb/franz-go/pkg/sr"
	"github.com/twmb/franz-go/pkg/sr/srfake"
)

// handlerTransport serves requests with an http.Handler in memory.
type handlerTransport struct{ h http.Handler }

func (t handlerTransport) RoundTrip(req *http.Request) (*http.Response, error) {
	rec := httptest.NewRecorder()
	t.h.ServeHTTP(rec, req)
	resp := rec.Result()
	resp.Request = req
	return resp, nil
}

// newSRClient is franz-go's client talking to h mounted under
// /schema-registry, as the proxy mounts the registry.
func newSRClient(t *testing.T, h http.Handler) *sr.Client {
	t.Helper()
	mux := http.NewServeMux()
	mux.Handle("/schema-registry/", http.StripPrefix("/schema-registry", h))
	cl, err := sr.NewClient(
		sr.URLs("http://registry.test/schema-registry"),
		sr.HTTPClient(&http.Client{Transport: handlerTransport{mux}}),
	)
	if err != nil {
		t.Fatal(err)
	}
	return cl
}

const (
	recV1 = `{"type":"record","name":"Rec","namespace":"com.ex","fields":[{"name":"a","type":"int"}]}`
	// recV2 adds a field with a default: backward compatible.
	recV2 = `{"type":"record","name":"Rec","namespace":"com.ex","fields":[{"name":"a","type":"int"},{"name":"b","type":"string","default":"x"}]}`
	// recBad adds a field without a default: not backward compatible.
	recBad = `{"type":"record","name":"Rec","namespace":"com.ex","fields":[{"name":"a","type":"int"},{"name":"c","type":"string"}]}`
)

// srSteps is a client session whose ids and versions both registries must
// agree on.
func srSteps(t *testing.T, cl *sr.Client) []int {
	ctx := context.Background()
	var got []int
	reg := func(subject, text string) {
		t.Helper()
		ss, err := cl.CreateSchema(ctx, subject, sr.Schema{Schema: text})
		if err != nil {
			t.Fatalf("CreateSchema(%s): %v", subject, err)
		}
		got = append(got, ss.ID, ss.Version)
	}
	reg("t-value", recV1)
	reg("t-value", recV1) // identical text: same id, same version
	reg("u-value", recV1) // other subject: same id, version 1
	reg("t-value", recV2) // new id, version 2
	return got
}

func TestSRClient(t *testing.T) {
	reg := New()
	cl := newSRClient(t, reg.Handler())
	ctx := context.Background()

	if diff := cmp.Diff([]int{1, 1, 1, 1, 1, 1, 2, 2}, srSteps(t, cl)); diff != "" {
		t.Errorf("ids and versions (-want +got):\n%s", diff)
	}

	// Lookup with whitespace differences finds the canonical form.
	ss, err := cl.LookupSchema(ctx, "t-value", sr.Schema{Schema: "{ \"type\": \"record\", \"name\": \"com.ex.Rec\", \"fields\": [ {\"name\": \"a\", \"type\": \"int\"} ] }"})
	if err != nil {
		t.Fatalf("LookupSchema: %v", err)
	}
	if diff := cmp.Diff(sr.SubjectSchema{Subject: "t-value", Version: 1, ID: 1, Schema: sr.Schema{Schema: recV1, Type: sr.TypeAvro}}, ss); diff != "" {
		t.Errorf("LookupSchema (-want +got):\n%s", diff)
	}

	s, err := cl.SchemaByID(ctx, 2)
	if err != nil {
		t.Fatalf("SchemaByID: %v", err)
	}
	if s.Schema != recV2 {
		t.Errorf("SchemaByID(2) = %s", s.Schema)
	}
	latest, err := cl.SchemaByVersion(ctx, "t-value", -1)
	if err != nil || latest.Version != 2 || latest.ID != 2 {
		t.Errorf("SchemaByVersion(latest) = %+v, %v", latest, err)
	}

	res, err := cl.CheckCompatibility(ctx, "t-value", -1, sr.Schema{Schema: recBad})
	if err != nil || res.Is {
		t.Errorf("CheckCompatibility(recBad) = %+v, %v", res, err)
	}
	_, err = cl.CreateSchema(ctx, "t-value", sr.Schema{Schema: recBad})
	var re *sr.ResponseError
	if !errors.As(err, &re) || re.StatusCode != 409 || re.ErrorCode != 40901 {
		t.Fatalf("CreateSchema(recBad) = %v, want 409/40901", err)
	}

	if _, err := cl.DeleteSubject(ctx, "u-value", sr.HardDelete); !errors.As(err, &re) || re.ErrorCode != 40405 {
		t.Errorf("hard delete before soft: %v, want 40405", err)
	}
	vs, err := cl.DeleteSubject(ctx, "u-value", sr.SoftDelete)
	if err != nil || !cmp.Equal(vs, []int{1}) {
		t.Errorf("soft delete = %v, %v", vs, err)
	}
	if _, err := cl.DeleteSubject(ctx, "u-value", sr.HardDelete); err != nil {
		t.Errorf("hard delete: %v", err)
	}
	subjects, err := cl.Subjects(ctx)
	if err != nil || !cmp.Equal(subjects, []string{"t-value"}) {
		t.Errorf("Subjects = %v, %v", subjects, err)
	}
	if _, err := cl.SchemaByID(ctx, 1); err != nil {
		t.Errorf("id 1 must stay resolvable through t-value: %v", err)
	}
}

// TestSRClientMatchesSRFake runs the same session against franz-go's
// srfake: ids, versions and the dedupe of identical text agree. (srfake
// differs elsewhere: it stores the text as sent, so "string" and
// {"type":"string"} are two schemas there, and it accepts every schema as
// compatible.)
func TestSRClientMatchesSRFake(t *testing.T) {
	fake := srfake.NewRegistry()
	defer fake.Close()
	want := srSteps(t, newSRClient(t, fake.Handler()))
	got := srSteps(t, newSRClient(t, New().Handler()))
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("schemareg vs srfake (-srfake +schemareg):\n%s", diff)
	}
}
