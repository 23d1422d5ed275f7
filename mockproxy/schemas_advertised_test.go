package mockproxy_test

import (
	"net/http"
	"net/http/httptest"
	"testing"

	"github.com/kafkarestmock/kafkarestmock/internal/resttest"
	"github.com/kafkarestmock/kafkarestmock/mockproxy"
)

// TestSchemaRegistryAdvertisedURL serves the embedded registry on a
// listener of its own, as the binary does: SchemaRegistryURL and
// GET /_mock/info report that listener, the main listener keeps serving
// /schema-registry/, and both show the same schemas.
func TestSchemaRegistryAdvertisedURL(t *testing.T) {
	t.Parallel()
	const sr = "application/vnd.schemaregistry.v1+json"
	srv, err := mockproxy.New(mockproxy.WithTopic("t", 1), mockproxy.WithSchemaRegistryAdvertisedURL("http://registry.test:8081/"))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { _ = srv.Close() })
	own := httptest.NewServer(srv.SchemaRegistry().Handler())
	t.Cleanup(own.Close)
	if err := srv.Start("127.0.0.1:0"); err != nil {
		t.Fatal(err)
	}
	if got, want := srv.SchemaRegistryURL(), "http://registry.test:8081"; got != want {
		t.Errorf("SchemaRegistryURL() = %q, want %q", got, want)
	}
	info := resttest.Do(t, srv, "GET", "/_mock/info", "")
	resttest.Want(t, info, 200, ctJSON, `{"version":"devel","profile":"all","backend":"memory","cluster_id":"`+mockproxy.DefaultClusterID+
		`","rest_url":"`+srv.URL()+`","schema_registry_url":"http://registry.test:8081","kafka_bootstrap":null}`)

	resttest.Must(t, srv, 200, "POST", "/topics/t", `{"value_schema":"\"int\"","records":[{"value":7}]}`, "Content-Type: "+ctAvroV2)
	resttest.Want(t, resttest.Do(t, srv, "GET", "/schema-registry/subjects", ""), 200, sr, `["t-value"]`)
	resttest.Want(t, resttest.Do(t, listener{own}, "GET", "/schemas/ids/1", ""), 200, sr, `{"schemaType":"AVRO","schema":"\"int\""}`)

	// Without the embedded registry the option changes nothing.
	none := mockproxy.NewServer(t, mockproxy.WithSchemaRegistry(mockproxy.SchemaRegistryNone), mockproxy.WithSchemaRegistryAdvertisedURL("http://registry.test:8081"))
	if got := none.SchemaRegistryURL(); got != "" {
		t.Errorf("without a registry: SchemaRegistryURL() = %q, want \"\"", got)
	}
}

// listener is an httptest.Server as a resttest.Server.
type listener struct{ *httptest.Server }

func (l listener) URL() string          { return l.Server.URL }
func (l listener) Client() *http.Client { return l.Server.Client() }
