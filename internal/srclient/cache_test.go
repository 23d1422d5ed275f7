package srclient

import (
	"fmt"
	"sync"
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/kafkarestmock/kafkarestmock/schemareg"
)

// TestCache runs a session on one client and counts the requests each
// call sends: registrations, lookups and ids are answered from the cache
// once seen, versions and errors never are.
func TestCache(t *testing.T) {
	for _, tc := range []struct {
		name    string
		version string
		steps   []cacheStep
	}{
		{name: "8.x", steps: []cacheStep{
			{"Register v1", register("orders-value", sRecV1), 1},
			{"Register v1 again", register("orders-value", sRecV1), 0},
			{"Lookup v1 (cached by Register)", lookup("orders-value", sRecV1), 0},
			{"SchemaByID 1 (cached by Register)", byID(1), 0},
			{"Register v1, other spacing", register("orders-value", sRecV1Spaced), 1},
			{"Lookup v1, other spacing", lookup("orders-value", sRecV1Spaced), 0},
			{"Lookup v1 in another subject", lookup("other-value", sRecV1), 1},
			{"Lookup v1 in another subject again: errors are not cached", lookup("other-value", sRecV1), 1},
			{"Version 1", version("orders-value", 1), 1},
			{"Version 1 again: versions are not cached", version("orders-value", 1), 1},
			{"Register empty text: not cached", register("orders-value", schemareg.Schema{}), 1},
			{"Register empty text again", register("orders-value", schemareg.Schema{}), 1},
			{"SchemaByID 9", byID(9), 1},
			{"SchemaByID 9 again: errors are not cached", byID(9), 1},
			{"Register v2", register("orders-value", sRecV2), 1},
			{"Lookup v2", lookup("orders-value", sRecV2), 0},
			{"SchemaByID 2", byID(2), 0},
		}},
		{name: "id-only answers", version: "7.9.1", steps: []cacheStep{
			{"Register v1", register("orders-value", sRecV1Spaced), 2},
			{"Register v1 again", register("orders-value", sRecV1Spaced), 0},
			{"Lookup v1 canonical (cached under the answer's text)", lookup("orders-value", sRecV1), 0},
			{"SchemaByID 1 (cached by the lookup)", byID(1), 0},
		}},
		{name: "lookup first", steps: []cacheStep{
			{"Register v1 in a", register("a-value", sRecV1), 1},
			{"Lookup v2 in b", lookup("b-value", sRecV2), 1},
			{"Register v2 in b", register("b-value", sRecV2), 1},
			{"Lookup v2 in b again", lookup("b-value", sRecV2), 0},
			{"Register v2 in b again", register("b-value", sRecV2), 0},
			{"Version latest of b, which fills the id cache", version("b-value", -1), 1},
			{"SchemaByID 2", byID(2), 0},
		}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			var opts []schemareg.Option
			if tc.version != "" {
				opts = append(opts, schemareg.WithServerVersion(tc.version))
			}
			direct := schemareg.New(opts...)
			cl, rec := newRecorded(t, schemareg.New(opts...))
			for _, st := range tc.steps {
				want, wantErr := st.call(direct)
				got, gotErr := st.call(cl)
				if diff := cmp.Diff(want, got); diff != "" {
					t.Errorf("%s: answer (-want +got):\n%s", st.name, diff)
				}
				if diff := cmp.Diff(wantErr, gotErr); diff != "" {
					t.Errorf("%s: error (-want +got):\n%s", st.name, diff)
				}
				if n := len(rec.take()); n != st.requests {
					t.Errorf("%s: %d requests, want %d", st.name, n, st.requests)
				}
			}
		})
	}
}

type cacheStep struct {
	name     string
	call     func(s schemaSource) (any, error)
	requests int
}

// TestCacheStale: a version deleted on the registry after the client saw
// it is still answered from the cache, as the Java client answers it.
func TestCacheStale(t *testing.T) {
	r := schemareg.New()
	cl, _ := newRecorded(t, r)
	sv, err := cl.Lookup("orders-value", sRecV1)
	if err == nil {
		t.Fatalf("Lookup before Register = %+v", sv)
	}
	if _, _, err := cl.Register("orders-value", sRecV1); err != nil {
		t.Fatal(err)
	}
	softDelete("orders-value", 1)(t, r)
	got, err := cl.Lookup("orders-value", sRecV1)
	want := schemareg.SubjectVersion{Subject: "orders-value", Version: 1, ID: 1, Schema: schemareg.Schema{Type: schemareg.Avro, Text: recV1}}
	if diff := cmp.Diff(want, got); diff != "" || err != nil {
		t.Errorf("Lookup after the delete = %v (-want +got):\n%s", err, diff)
	}
}

// TestCacheCopies: answers are copies; changing one changes no later one.
func TestCacheCopies(t *testing.T) {
	r := schemareg.New()
	withProtoAddr(t, r)
	cl, _ := newRecorded(t, r)
	if _, _, err := cl.Register("orders-proto", sProtoOrder); err != nil {
		t.Fatal(err)
	}
	for i := 0; i < 2; i++ {
		sv, err := cl.Lookup("orders-proto", sProtoOrder)
		if err != nil {
			t.Fatal(err)
		}
		s, err := cl.SchemaByID(sv.ID)
		if err != nil {
			t.Fatal(err)
		}
		if diff := cmp.Diff(sProtoOrder.References, sv.Schema.References); diff != "" {
			t.Errorf("Lookup %d references (-want +got):\n%s", i, diff)
		}
		if diff := cmp.Diff(sProtoOrder.References, s.References); diff != "" {
			t.Errorf("SchemaByID %d references (-want +got):\n%s", i, diff)
		}
		sv.Schema.References[0].Subject = "changed"
		s.References[0].Subject = "changed"
	}
}

// TestConcurrent uses one client from several goroutines; run with -race.
func TestConcurrent(t *testing.T) {
	r := schemareg.New()
	cl, _ := newRecorded(t, r)
	var wg sync.WaitGroup
	errs := make(chan error, 8*4)
	for g := range 8 {
		wg.Go(func() {
			subject := fmt.Sprintf("s%d-value", g%3)
			id, _, err := cl.Register(subject, sRecV1)
			errs <- err
			_, err = cl.Lookup(subject, sRecV1)
			errs <- err
			_, err = cl.SchemaByID(id)
			errs <- err
			_, err = cl.Version(subject, -1)
			errs <- err
		})
	}
	wg.Wait()
	close(errs)
	for err := range errs {
		if err != nil {
			t.Error(err)
		}
	}
	got, err := cl.SchemaByID(1)
	if err != nil || got.Text != recV1 {
		t.Errorf("SchemaByID(1) = %+v, %v", got, err)
	}
}
