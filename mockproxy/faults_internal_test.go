package mockproxy

import (
	"net/http"
	"net/http/httptest"
	"slices"
	"testing"

	"github.com/kafkarestmock/kafkarestmock/internal/media"
	"github.com/kafkarestmock/kafkarestmock/scenario"
)

// v3Records is a v3 route template with the OpenAPI placeholder names.
const v3Records = "/v3/clusters/{cluster_id}/topics/{topic_name}/records"

// withTestRoute serves ep at path on srv, as if the server registered it.
func withTestRoute(srv *Server, method, path string, ep *endpoint) {
	res := &resource{path: path, methods: map[string][]*endpoint{method: {ep}}}
	t := &routeTable{ // the server's own: the profile's stays as it is
		specs:    append(slices.Clip(srv.router.specs), routeSpec{path: path}),
		handlers: append(slices.Clip(srv.router.handlers), resourceHandler(res)),
	}
	t.compile()
	srv.router = t
}

// okEndpoint answers 200 {} in JSON.
func okEndpoint(api apiVersion) *endpoint {
	return &endpoint{api: api, name: "test", produces: offers(1, media.JSON), handle: func(_ *Server, c *call) error {
		c.write(http.StatusOK, []byte("{}"))
		return nil
	}}
}

func serve(srv *Server, method, path string) *httptest.ResponseRecorder {
	w := httptest.NewRecorder()
	srv.ServeHTTP(w, httptest.NewRequest(method, path, nil))
	return w
}

// A rule matches the route template as the server registered it, and
// its topic, partition, group and instance whatever the placeholder
// names, without code for the route: here a v3 route with OpenAPI names
// (on a server whose profile serves no v3, so the test route is the one).
func TestFaultMatchesV3RouteTemplate(t *testing.T) {
	t.Parallel()
	srv := NewServer(t, WithProfile(ProfileLegacy))
	withTestRoute(srv, http.MethodPost, v3Records, okEndpoint(apiV3))
	h := srv.Inject(scenario.Fault{
		Match:    scenario.Match{Method: "POST", Route: v3Records, API: "v3", Topic: "orders", Params: map[string]string{"cluster_id": "k1"}},
		Response: &scenario.Response{Status: 503, ErrorCode: 50301, Message: "down"},
	})
	for _, tc := range []struct {
		path   string
		status int
	}{
		{"/v3/clusters/k1/topics/orders/records", 503},
		{"/v3/clusters/k1/topics/other/records", 200},
		{"/v3/clusters/k2/topics/orders/records", 200},
	} {
		if got := serve(srv, http.MethodPost, tc.path); got.Code != tc.status {
			t.Errorf("POST %s: status %d, want %d (body %s)", tc.path, got.Code, tc.status, got.Body)
		}
	}
	if got := h.Hits(); got != 1 {
		t.Errorf("Hits() = %d, want 1", got)
	}
	if rq := srv.Requests(); len(rq) != 3 || rq[0].Route != v3Records || rq[0].Fault != h.ID() {
		t.Errorf("journal = %+v, want the v3 route and the rule on the first request", rq)
	}

	// The partition, group and instance too.
	const v3Consumer = "/v3/clusters/{cluster_id}/consumer-groups/{consumer_group_id}/consumers/{consumer_id}/partitions/{partition_id}"
	withTestRoute(srv, http.MethodGet, v3Consumer, okEndpoint(apiV3))
	srv.Inject(scenario.Fault{
		Match:    scenario.Match{Group: "g1", Instance: "c1", Partition: new(int32(2))},
		Response: &scenario.Response{Status: 500},
	})
	if got := serve(srv, http.MethodGet, "/v3/clusters/k1/consumer-groups/g1/consumers/c1/partitions/2"); got.Code != 500 {
		t.Errorf("v3 consumer partition 2: status %d, want 500", got.Code)
	}
	if got := serve(srv, http.MethodGet, "/v3/clusters/k1/consumer-groups/g1/consumers/c1/partitions/1"); got.Code != 200 {
		t.Errorf("v3 consumer partition 1: status %d, want 200", got.Code)
	}
}

// The simple consumer's way of answering Kafka errors belongs to its
// endpoint, not to its path: any endpoint marked fetchErrors answers so.
func TestFaultFetchErrorsIsAnEndpointAttribute(t *testing.T) {
	t.Parallel()
	srv := NewServer(t)
	ep := okEndpoint(apiV1)
	ep.fetchErrors = true
	withTestRoute(srv, http.MethodGet, "/test/{topic}/fetch", ep)
	withTestRoute(srv, http.MethodGet, "/test/{topic}/other", okEndpoint(apiV1))
	srv.Inject(scenario.Fault{Match: scenario.Match{Topic: "orders"}, KafkaError: "REQUEST_TIMED_OUT"})

	got := serve(srv, http.MethodGet, "/test/orders/fetch")
	if want := `{"error_code":50002,"message":"Kafka error: Fetch response contains an error code: 7"}`; got.Code != 500 || got.Body.String() != want {
		t.Errorf("fetchErrors endpoint: %d %s, want 500 %s", got.Code, got.Body, want)
	}
	got = serve(srv, http.MethodGet, "/test/orders/other")
	if want := `{"error_code":50003,"message":"The request timed out."}`; got.Code != 500 || got.Body.String() != want {
		t.Errorf("other endpoint: %d %s, want 500 %s", got.Code, got.Body, want)
	}
}
