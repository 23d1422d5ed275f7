package mockproxy_test

import (
	"encoding/json"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/kafkarestmock/kafkarestmock/internal/resttest"
	"github.com/kafkarestmock/kafkarestmock/kafkabackend"
	"github.com/kafkarestmock/kafkarestmock/mockproxy"
)

func TestAdminInfo(t *testing.T) {
	t.Parallel()
	resttest.EachBackend(t, testAdminInfo)
}

func testAdminInfo(t *testing.T, bc resttest.Backend) {
	srv := bc.Start(t, mockproxy.WithProfile(mockproxy.ProfileModern), mockproxy.WithClusterID("info-cluster"))
	got := resttest.Do(t, srv, "GET", "/_mock/info", "")
	if got.Status != 200 || got.ContentType != ctJSON {
		t.Fatalf("GET /_mock/info = %d %q %s", got.Status, got.ContentType, got.Body)
	}
	// The fields in DESIGN's order, every one present (null when absent).
	var fields []string
	dec := json.NewDecoder(strings.NewReader(string(got.Body)))
	if _, err := dec.Token(); err != nil {
		t.Fatal(err)
	}
	var body map[string]any
	for dec.More() {
		tok, err := dec.Token()
		if err != nil {
			t.Fatal(err)
		}
		fields = append(fields, tok.(string))
		var v any
		if err := dec.Decode(&v); err != nil {
			t.Fatal(err)
		}
		if body == nil {
			body = map[string]any{}
		}
		body[tok.(string)] = v
	}
	wantFields := []string{"version", "profile", "backend", "cluster_id", "rest_url", "schema_registry_url", "kafka_bootstrap"}
	if diff := cmp.Diff(wantFields, fields); diff != "" {
		t.Errorf("fields (-want +got):\n%s", diff)
	}
	want := map[string]any{
		"version":             "devel",
		"profile":             "modern",
		"backend":             "memory",
		"cluster_id":          "info-cluster",
		"rest_url":            srv.URL(),
		"schema_registry_url": srv.URL() + "/schema-registry",
		"kafka_bootstrap":     nil,
	}
	if kb, ok := srv.Backend().(*kafkabackend.Backend); ok {
		want["backend"] = "kfake"
		want["kafka_bootstrap"] = strings.Join(kb.Addrs(), ",")
	}
	if diff := cmp.Diff(want, body); diff != "" {
		t.Errorf("GET /_mock/info (-want +got):\n%s", diff)
	}
}
