package mockproxy_test

import (
	"net/http"
	"strings"
	"testing"

	"github.com/kafkarestmock/kafkarestmock/internal/resttest"
	"github.com/kafkarestmock/kafkarestmock/mockproxy"
)

// v3Cluster is the KafkaCluster body of the server's cluster.
const v3Cluster = `{"kind":"KafkaCluster","metadata":{"self":"{base}/v3/clusters/{c}","resource_name":"crn:///kafka={c}"},` +
	`"cluster_id":"{c}","controller":{"related":"{base}/v3/clusters/{c}/brokers/1"},` +
	`"acls":{"related":"{base}/v3/clusters/{c}/acls"},"brokers":{"related":"{base}/v3/clusters/{c}/brokers"},` +
	`"broker_configs":{"related":"{base}/v3/clusters/{c}/broker-configs"},"consumer_groups":{"related":"{base}/v3/clusters/{c}/consumer-groups"},` +
	`"topics":{"related":"{base}/v3/clusters/{c}/topics"},` +
	`"partition_reassignments":{"related":"{base}/v3/clusters/{c}/topics/-/partitions/-/reassignment"}}`

func TestV3Clusters(t *testing.T) {
	t.Parallel()
	for _, p := range []mockproxy.Profile{mockproxy.ProfileAll, mockproxy.ProfileModern} {
		t.Run(p.String(), func(t *testing.T) {
			t.Parallel()
			resttest.EachBackend(t, func(t *testing.T, b resttest.Backend) {
				srv := b.Start(t, mockproxy.WithProfile(p))
				for _, tc := range []v3Case{
					{name: "list", method: "GET", path: "/v3/clusters", status: 200,
						want: `{"kind":"KafkaClusterList","metadata":{"self":"{base}/v3/clusters","next":null},"data":[` + v3Cluster + `]}`},
					{name: "get", method: "GET", path: "/v3/clusters/{c}", status: 200, want: v3Cluster},
					{name: "get unknown", method: "GET", path: "/v3/clusters/nope", status: 404, code: 404, msg: "HTTP 404 Not Found"},
					{name: "no root", method: "GET", path: "/v3", status: 404, code: 404, msg: "HTTP 404 Not Found"},
				} {
					t.Run(tc.name, func(t *testing.T) { tc.run(t, srv) })
				}
				t.Run("not acceptable", func(t *testing.T) {
					got := resttest.Do(t, srv, "GET", "/v3/clusters", "", "Accept: text/html")
					checkV3Spec(t, "GET", "/v3/clusters", got)
					resttest.WantError(t, got, 406, ctJSON, 406, "HTTP 406 Not Acceptable")
				})
			})
		})
	}
}

func TestV3ClusterID(t *testing.T) {
	t.Parallel()
	if got := mockproxy.DefaultClusterID; len(got) != 22 {
		t.Errorf("DefaultClusterID %q has %d characters, want 22 like a Kafka cluster id", got, len(got))
	}
	srv := mockproxy.NewServer(t)
	if got := srv.ClusterID(); got != mockproxy.DefaultClusterID {
		t.Errorf("ClusterID() = %q, want the default %q", got, mockproxy.DefaultClusterID)
	}
	srv = mockproxy.NewServer(t, mockproxy.WithClusterID("lkc-abc123"))
	v3Case{method: "GET", path: "/v3/clusters/lkc-abc123", status: 200, want: strings.ReplaceAll(v3Cluster, "{c}", "lkc-abc123")}.run(t, srv)
	v3Case{method: "GET", path: "/v3/clusters/" + mockproxy.DefaultClusterID + "/topics", status: 404, code: 404,
		msg: "Cluster " + mockproxy.DefaultClusterID + " cannot be found."}.run(t, srv)
}

// The legacy profile is Confluent 5.5, which had no v3.
func TestV3NotInLegacy(t *testing.T) {
	t.Parallel()
	srv := mockproxy.NewServer(t, mockproxy.WithProfile(mockproxy.ProfileLegacy))
	for _, path := range []string{"/v3/clusters", "/v3/clusters/" + srv.ClusterID() + "/topics"} {
		got := resttest.Do(t, srv, http.MethodGet, path, "")
		resttest.WantError(t, got, 404, "application/vnd.kafka.v1+json", 404, "HTTP 404 Not Found")
	}
}

// Behind a load balancer, URLs in answers carry the advertised listener of
// the request's scheme, not the Host the request came with.
func TestAdvertisedListeners(t *testing.T) {
	t.Parallel()
	srv := mockproxy.NewServer(t, mockproxy.WithClusterID("c1"),
		mockproxy.WithAdvertisedListeners("https://secure.example:8443", "not a url", "http://proxy.example:80"))
	const base = "http://proxy.example:80"
	v3Case{method: "GET", path: "/v3/clusters/c1", status: 200,
		want: strings.NewReplacer("{base}", base, "{c}", "c1").Replace(v3Cluster)}.run(t, srv)
	got := resttest.Do(t, srv, "POST", "/consumers/g", `{"name":"i"}`, "Content-Type: "+ctV2)
	resttest.Want(t, got, 200, ctV2, `{"instance_id":"i","base_uri":"`+base+`/consumers/g/instances/i"}`)
	got = v3Do(t, srv, "GET", "/v3/clusters/c1/brokers/1", "")
	if !strings.Contains(string(got.Body), `"host":"proxy.example","port":80,`) {
		t.Errorf("broker 1 = %s, want host proxy.example and port 80", got.Body)
	}

	// A scheme without an advertised listener keeps the request's Host.
	srv = mockproxy.NewServer(t, mockproxy.WithClusterID("c1"), mockproxy.WithAdvertisedListeners("https://secure.example:8443"))
	v3Case{method: "GET", path: "/v3/clusters/c1", status: 200, want: v3Cluster}.run(t, srv)
}
