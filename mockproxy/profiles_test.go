package mockproxy_test

import (
	"strings"
	"testing"

	"github.com/kafkarestmock/kafkarestmock/internal/resttest"
	"github.com/kafkarestmock/kafkarestmock/mockproxy"
)

// TestProfileTable runs every row of the reference's table of requests that
// 5.x and current servers answer differently (§10), in each profile. The
// "all" profile answers v2 as current servers do and v1 as 5.5 did.
func TestProfileTable(t *testing.T) {
	t.Parallel()
	resttest.EachBackend(t, testProfileTable)
}

func testProfileTable(t *testing.T, bc resttest.Backend) {
	type want struct {
		status      int
		contentType string
		code        int    // error_code, for error answers
		body        string // for success answers: a substring of the body
	}
	tests := []struct {
		name                 string
		method, path, body   string
		headers              []string
		legacy, all, modern  want
		legacyMsg, modernMsg string
	}{
		{
			name: "unknown topic", method: "GET", path: "/topics/nope", headers: []string{"Accept: " + ctV2},
			legacy: want{404, ctV2, 40401, ""}, all: want{404, ctV2, 40403, ""}, modern: want{404, ctV2, 40403, ""},
		},
		{
			name: "produce as application/json", method: "POST", path: "/topics/t", body: `{"records":[{"value":"aGk="}]}`,
			headers: []string{"Content-Type: " + ctJSON},
			legacy:  want{200, ctV1, 0, `"offset":0`}, all: want{200, ctV1, 0, `"offset":0`}, modern: want{415, ctJSON, 415, ""},
		},
		{
			name: "produce as plain v2", method: "POST", path: "/topics/t", body: `{"records":[{"value":"aGk="}]}`,
			headers: []string{"Content-Type: " + ctV2},
			legacy:  want{200, ctV2, 0, `"offset":0`}, all: want{415, ctJSON, 415, ""}, modern: want{415, ctJSON, 415, ""},
		},
		{
			name: "consumer as application/json", method: "POST", path: "/consumers/g", body: `{"name":"c"}`,
			headers: []string{"Content-Type: " + ctJSON},
			legacy:  want{200, ctV1, 0, `"instance_id":"c"`}, all: want{200, ctV1, 0, `"instance_id":"c"`}, modern: want{415, ctJSON, 415, ""},
		},
		{
			name: "topics accepting application/json", method: "GET", path: "/topics", headers: []string{"Accept: " + ctJSON},
			legacy: want{200, ctJSON, 0, `["t"]`}, all: want{200, ctJSON, 0, `["t"]`}, modern: want{406, ctJSON, 406, ""},
		},
		{
			name: "simple consumer", method: "GET", path: "/topics/t/partitions/0/messages?offset=0",
			legacy: want{200, ctV1B, 0, `[]`}, all: want{200, ctV1B, 0, `[]`}, modern: want{404, ctJSON, 404, ""},
		},
		{
			name: "produce to a partition past the end", method: "POST", path: "/topics/t/partitions/99", body: `{"records":[{"value":"aGk="}]}`,
			headers: []string{"Content-Type: " + ctV2B},
			legacy:  want{404, ctV2, 40402, ""},
			all:     want{200, ctV2, 0, `"error_code":50003,"error":"Partition 99 of topic t with partition count 3 is not present in metadata after 60000 ms."`},
			modern:  want{200, ctV2, 0, `"error_code":50003,"error":"Partition 99 of topic t with partition count 3 is not present in metadata after 60000 ms."`},
		},
		{
			name: "produce to a negative partition", method: "POST", path: "/topics/t/partitions/-1", body: `{"records":[{"value":"aGk="}]}`,
			headers: []string{"Content-Type: " + ctV2B},
			legacy:  want{404, ctV2, 40402, ""}, all: want{500, ctV2, 500, ""}, modern: want{500, ctV2, 500, ""},
		},
		{
			name: "root with no Accept", method: "GET", path: "/",
			legacy: want{200, ctV2, 0, `{}`}, all: want{200, ctV2, 0, `{}`}, modern: want{200, ctV2, 0, `{}`},
		},
		{
			name: "topics with no Accept", method: "GET", path: "/topics",
			legacy: want{200, ctV2, 0, `["t"]`}, all: want{200, ctV2, 0, `["t"]`}, modern: want{200, ctV2, 0, `["t"]`},
		},
		{
			name: "bad base64", method: "POST", path: "/topics/t", body: `{"records":[{"value":"%%%"}]}`,
			headers: []string{"Content-Type: " + ctV2B},
			legacy:  want{200, ctV2, 0, `"offset":0`}, all: want{400, ctV2, 400, ""}, modern: want{400, ctV2, 400, ""},
			modernMsg: `Bad Request: data="%%%" is not a valid base64 string.`,
		},
		{
			name: "malformed JSON", method: "POST", path: "/topics/t", body: `{"records":`,
			headers: []string{"Content-Type: " + ctV2B},
			legacy:  want{400, ctV2, 400, ""}, all: want{400, ctV2, 400, ""}, modern: want{400, ctV2, 400, ""},
		},
	}
	messages := map[int]string{
		40401: "Topic not found.",
		40402: "Partition not found.",
		40403: "This server does not host this topic-partition.",
		404:   "HTTP 404 Not Found",
		406:   "HTTP 406 Not Acceptable",
		415:   "HTTP 415 Unsupported Media Type",
		500:   "Internal Server Error",
	}
	for _, profile := range []mockproxy.Profile{mockproxy.ProfileLegacy, mockproxy.ProfileAll, mockproxy.ProfileModern} {
		for _, tc := range tests {
			t.Run(profile.String()+"/"+tc.name, func(t *testing.T) {
				t.Parallel()
				srv := bc.Start(t, mockproxy.WithTopic("t", 3), mockproxy.WithProfile(profile))
				w, msg := tc.all, tc.modernMsg
				switch profile {
				case mockproxy.ProfileLegacy:
					w, msg = tc.legacy, tc.legacyMsg
				case mockproxy.ProfileModern:
					w = tc.modern
				}
				got := resttest.Do(t, srv, tc.method, tc.path, tc.body, tc.headers...)
				if w.code == 0 {
					if got.Status != w.status || got.ContentType != w.contentType || !strings.Contains(string(got.Body), w.body) {
						t.Errorf("got %d %q %s, want %d %q containing %s", got.Status, got.ContentType, got.Body, w.status, w.contentType, w.body)
					}
					return
				}
				if msg == "" {
					msg = messages[w.code]
				}
				if msg == "" {
					resttest.WantErrorPrefix(t, got, w.status, w.contentType, w.code, "")
					return
				}
				resttest.WantError(t, got, w.status, w.contentType, w.code, msg)
			})
		}
	}
}
