package mockproxy_test

import (
	"net/http"
	"testing"

	"github.com/kafkarestmock/kafkarestmock/fakelog"
	"github.com/kafkarestmock/kafkarestmock/internal/resttest"
	"github.com/kafkarestmock/kafkarestmock/mockproxy"
)

const (
	ctV2   = "application/vnd.kafka.v2+json"
	ctJSON = "application/json"
	ctV2B  = "application/vnd.kafka.binary.v2+json"
	ctV2J  = "application/vnd.kafka.json.v2+json"
)

// newMetadataServer has topics "a" (1 partition) and "orders" (3), and
// three records in orders partition 1.
func newMetadataServer(t *testing.T, bc resttest.Backend, opts ...mockproxy.Option) *mockproxy.Server {
	t.Helper()
	opts = append([]mockproxy.Option{mockproxy.WithTopic("orders", 3), mockproxy.WithTopic("a", 1)}, opts...)
	srv := bc.Start(t, opts...)
	produceTo(t, srv, "orders", 1, fakelog.Record{Value: []byte("x")}, fakelog.Record{Value: []byte("y")}, fakelog.Record{Value: []byte("z")})
	return srv
}

func TestV2MetadataSuccess(t *testing.T) {
	t.Parallel()
	resttest.EachBackend(t, testV2MetadataSuccess)
}

func testV2MetadataSuccess(t *testing.T, bc resttest.Backend) {
	tests := []struct {
		name, method, path, body string
		headers                  []string
		contentType              string
		golden                   string
	}{
		{name: "root", method: "GET", path: "/", contentType: ctV2, golden: "v2/root"},
		{name: "root with v2 accept", method: "GET", path: "/", headers: []string{"Accept: " + ctV2}, contentType: ctV2, golden: "v2/root"},
		{name: "root post", method: "POST", path: "/", body: `{"a":"b"}`, headers: []string{"Content-Type: " + ctV2}, contentType: ctV2, golden: "v2/root"},
		{name: "root post empty body", method: "POST", path: "/", headers: []string{"Content-Type: " + ctV2}, contentType: ctV2, golden: "v2/root"},
		{name: "topics", method: "GET", path: "/topics", contentType: ctV2, golden: "v2/topics"},
		{name: "topics trailing slash", method: "GET", path: "/topics/", contentType: ctV2, golden: "v2/topics"},
		{name: "topics docs accept header", method: "GET", path: "/topics",
			headers: []string{"Accept: application/vnd.kafka.v2+json, application/vnd.kafka+json, application/json"}, contentType: ctV2, golden: "v2/topics"},
		{name: "topics with v2 content type on a GET", method: "GET", path: "/topics", headers: []string{"Content-Type: " + ctV2}, contentType: ctV2, golden: "v2/topics"},
		{name: "topic", method: "GET", path: "/topics/orders", contentType: ctV2, golden: "v2/topic_orders"},
		{name: "partitions", method: "GET", path: "/topics/orders/partitions", contentType: ctV2, golden: "v2/partitions_orders"},
		{name: "partition", method: "GET", path: "/topics/orders/partitions/2", contentType: ctV2, golden: "v2/partition_orders_2"},
		{name: "partition offsets", method: "GET", path: "/topics/orders/partitions/1/offsets", contentType: ctV2, golden: "v2/offsets_orders_1"},
		{name: "empty partition offsets", method: "GET", path: "/topics/orders/partitions/0/offsets", contentType: ctV2, golden: "v2/offsets_orders_0"},
		{name: "brokers", method: "GET", path: "/brokers", contentType: ctV2, golden: "v2/brokers"},
		{name: "brokers with any content type", method: "GET", path: "/brokers", headers: []string{"Content-Type: text/plain"}, contentType: ctV2, golden: "v2/brokers"},
	}
	for _, profile := range []mockproxy.Profile{mockproxy.ProfileAll, mockproxy.ProfileLegacy, mockproxy.ProfileModern} {
		srv := newMetadataServer(t, bc, mockproxy.WithProfile(profile))
		for _, tc := range tests {
			t.Run(profile.String()+"/"+tc.name, func(t *testing.T) {
				bc.SkipIf(t)
				got := resttest.Do(t, srv, tc.method, tc.path, tc.body, tc.headers...)
				wantGolden(t, got, http.StatusOK, tc.contentType, tc.golden)
			})
		}
	}
}

func TestV2MetadataErrors(t *testing.T) {
	t.Parallel()
	resttest.EachBackend(t, testV2MetadataErrors)
}

func testV2MetadataErrors(t *testing.T, bc resttest.Backend) {
	const (
		modernUnknown = "This server does not host this topic-partition."
		legacyUnknown = "Topic not found."
	)
	type want struct {
		status      int
		contentType string
		code        int
		message     string
	}
	tests := []struct {
		name, method, path, body string
		headers                  []string
		modern, legacy           want // "all" answers v2 as modern does
	}{
		{
			name: "unknown topic", method: "GET", path: "/topics/nope",
			modern: want{404, ctV2, 40403, modernUnknown}, legacy: want{404, ctV2, 40401, legacyUnknown},
		},
		{
			name: "unknown topic partitions", method: "GET", path: "/topics/nope/partitions",
			modern: want{404, ctV2, 40403, modernUnknown}, legacy: want{404, ctV2, 40401, legacyUnknown},
		},
		{
			name: "unknown topic partition", method: "GET", path: "/topics/nope/partitions/0",
			modern: want{404, ctV2, 40403, modernUnknown}, legacy: want{404, ctV2, 40401, legacyUnknown},
		},
		{
			name: "unknown topic offsets", method: "GET", path: "/topics/nope/partitions/0/offsets",
			modern: want{404, ctV2, 40403, modernUnknown}, legacy: want{404, ctV2, 40401, legacyUnknown},
		},
		{
			name: "unknown partition", method: "GET", path: "/topics/orders/partitions/3",
			modern: want{404, ctV2, 40402, "Partition not found."}, legacy: want{404, ctV2, 40402, "Partition not found."},
		},
		{
			name: "unknown partition offsets", method: "GET", path: "/topics/orders/partitions/7/offsets",
			modern: want{404, ctV2, 40402, "Partition not found."}, legacy: want{404, ctV2, 40402, "Partition not found."},
		},
		{
			name: "negative partition", method: "GET", path: "/topics/orders/partitions/-1",
			modern: want{404, ctV2, 40402, "Partition not found."}, legacy: want{404, ctV2, 40402, "Partition not found."},
		},
		{
			name: "partition not a number", method: "GET", path: "/topics/orders/partitions/abc",
			modern: want{404, ctV2, 404, "HTTP 404 Not Found"}, legacy: want{404, ctV2, 404, "HTTP 404 Not Found"},
		},
		{
			name: "partition overflows int", method: "GET", path: "/topics/orders/partitions/2147483648",
			modern: want{404, ctV2, 404, "HTTP 404 Not Found"}, legacy: want{404, ctV2, 404, "HTTP 404 Not Found"},
		},
		{
			name: "unknown path", method: "GET", path: "/nope/nope",
			modern: want{404, ctJSON, 404, "HTTP 404 Not Found"}, legacy: want{404, "application/vnd.kafka.v1+json", 404, "HTTP 404 Not Found"},
		},
		{
			name: "unknown path with v2 accept", method: "GET", path: "/nope", headers: []string{"Accept: " + ctV2},
			modern: want{404, ctV2, 404, "HTTP 404 Not Found"}, legacy: want{404, "application/vnd.kafka.v1+json", 404, "HTTP 404 Not Found"},
		},
		{
			name: "wrong method", method: "DELETE", path: "/topics",
			modern: want{405, ctJSON, 405, "HTTP 405 Method Not Allowed"}, legacy: want{405, "application/vnd.kafka.v1+json", 405, "HTTP 405 Method Not Allowed"},
		},
		{
			name: "root not acceptable", method: "GET", path: "/", headers: []string{"Accept: text/plain"},
			modern: want{406, ctJSON, 406, "HTTP 406 Not Acceptable"}, legacy: want{406, "application/vnd.kafka.v1+json", 406, "HTTP 406 Not Acceptable"},
		},
		{
			name: "topics octet-stream accept", method: "GET", path: "/topics", headers: []string{"Accept: application/octet-stream"},
			modern: want{406, ctJSON, 406, "HTTP 406 Not Acceptable"}, legacy: want{406, "application/vnd.kafka.v1+json", 406, "HTTP 406 Not Acceptable"},
		},
		{
			name: "topics text/plain content type", method: "GET", path: "/topics", headers: []string{"Content-Type: text/plain"},
			modern: want{415, ctJSON, 415, "HTTP 415 Unsupported Media Type"}, legacy: want{415, "application/vnd.kafka.v1+json", 415, "HTTP 415 Unsupported Media Type"},
		},
		{
			name: "root post text/plain", method: "POST", path: "/", body: "hi", headers: []string{"Content-Type: text/plain"},
			modern: want{415, ctJSON, 415, "HTTP 415 Unsupported Media Type"}, legacy: want{415, "application/vnd.kafka.v1+json", 415, "HTTP 415 Unsupported Media Type"},
		},
		{
			name: "415 type from exact accept entry", method: "POST", path: "/", body: "hi",
			headers: []string{"Content-Type: text/plain", "Accept: application/vnd.kafka.v2+json, application/octet-stream"},
			modern:  want{415, ctV2, 415, "HTTP 415 Unsupported Media Type"}, legacy: want{415, "application/vnd.kafka.v1+json", 415, "HTTP 415 Unsupported Media Type"},
		},
		{
			name: "root post form content type", method: "POST", path: "/", body: "a=b", headers: []string{"Content-Type: application/x-www-form-urlencoded"},
			modern: want{415, ctJSON, 415, "HTTP 415 Unsupported Media Type"}, legacy: want{415, "application/vnd.kafka.v1+json", 415, "HTTP 415 Unsupported Media Type"},
		},
		{
			name: "root post not a string map", method: "POST", path: "/", body: `{"a":{"b":1}}`, headers: []string{"Content-Type: " + ctV2},
			modern: want{400, ctV2, 400, "Cannot deserialize value of type `java.lang.String` from Object value (token `JsonToken.START_OBJECT`)"},
			legacy: want{400, ctV2, 400, "Cannot deserialize value of type `java.lang.String` from Object value (token `JsonToken.START_OBJECT`)"},
		},
		{
			name: "root post bad json", method: "POST", path: "/", body: `{"a":}`, headers: []string{"Content-Type: " + ctV2},
			modern: want{400, ctV2, 400, "Unexpected character ('}' (code 125)): expected a valid value (JSON String, Number, Array, Object or token 'null', 'true' or 'false')"},
			legacy: want{400, ctV2, 400, "Unexpected character ('}' (code 125)): expected a valid value (JSON String, Number, Array, Object or token 'null', 'true' or 'false')"},
		},
	}
	for _, profile := range []mockproxy.Profile{mockproxy.ProfileAll, mockproxy.ProfileLegacy, mockproxy.ProfileModern} {
		srv := newMetadataServer(t, bc, mockproxy.WithProfile(profile))
		for _, tc := range tests {
			t.Run(profile.String()+"/"+tc.name, func(t *testing.T) {
				w := tc.modern
				if profile == mockproxy.ProfileLegacy {
					w = tc.legacy
				}
				got := resttest.Do(t, srv, tc.method, tc.path, tc.body, tc.headers...)
				resttest.WantError(t, got, w.status, w.contentType, w.code, w.message)
			})
		}
	}
}

func TestV2MetadataModernRefusesPlainJSONAccept(t *testing.T) {
	t.Parallel()
	resttest.EachBackend(t, testV2MetadataModernRefusesPlainJSONAccept)
}

func testV2MetadataModernRefusesPlainJSONAccept(t *testing.T, bc resttest.Backend) {
	srv := newMetadataServer(t, bc, mockproxy.WithProfile(mockproxy.ProfileModern))
	got := resttest.Do(t, srv, "GET", "/topics", "", "Accept: application/json")
	resttest.WantError(t, got, 406, ctJSON, 406, "HTTP 406 Not Acceptable")
}

func TestV2MethodNotAllowedListsAllow(t *testing.T) {
	t.Parallel()
	resttest.EachBackend(t, testV2MethodNotAllowedListsAllow)
}

func testV2MethodNotAllowedListsAllow(t *testing.T, bc resttest.Backend) {
	srv := newMetadataServer(t, bc)
	got := resttest.Do(t, srv, "PUT", "/topics/orders", "{}", "Content-Type: "+ctV2)
	resttest.WantError(t, got, 405, ctJSON, 405, "HTTP 405 Method Not Allowed")
	if a := got.Header.Get("Allow"); a != "GET,HEAD,OPTIONS,POST" {
		t.Errorf("Allow = %q, want %q", a, "GET,HEAD,OPTIONS,POST")
	}
}

func TestV2HeadHasNoBody(t *testing.T) {
	t.Parallel()
	resttest.EachBackend(t, testV2HeadHasNoBody)
}

func testV2HeadHasNoBody(t *testing.T, bc resttest.Backend) {
	srv := newMetadataServer(t, bc)
	got := resttest.Do(t, srv, "HEAD", "/topics", "")
	if got.Status != 200 || got.ContentType != ctV2 || len(got.Body) != 0 {
		t.Errorf("HEAD /topics = %d %q %q, want 200 %q and no body", got.Status, got.ContentType, got.Body, ctV2)
	}
}
