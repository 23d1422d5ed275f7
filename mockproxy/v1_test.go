package mockproxy_test

import (
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
	"github.com/kafkarestmock/kafkarestmock/fakelog"
	"github.com/kafkarestmock/kafkarestmock/internal/resttest"
	"github.com/kafkarestmock/kafkarestmock/mockproxy"
)

const (
	ctV1  = "application/vnd.kafka.v1+json"
	ctV1B = "application/vnd.kafka.binary.v1+json"
	ctV1J = "application/vnd.kafka.json.v1+json"
	ctKJ  = "application/vnd.kafka+json"
	ctOct = "application/octet-stream"
)

// newV1Server is a legacy server on a manual clock with topic "test"
// (2 partitions) holding m0..m4 in partition 0 and n0 in partition 1.
func newV1Server(t *testing.T, opts ...mockproxy.Option) (*mockproxy.Server, *fakelog.ManualClock) {
	t.Helper()
	return newV1ServerOn(t, resttest.Backends()[0], opts...)
}

// newV1ServerOn is newV1Server on the backend bc.
func newV1ServerOn(t *testing.T, bc resttest.Backend, opts ...mockproxy.Option) (*mockproxy.Server, *fakelog.ManualClock) {
	t.Helper()
	clock := fakelog.NewManualClock(epoch)
	opts = append([]mockproxy.Option{mockproxy.WithClock(clock), mockproxy.WithTopic("test", 2), mockproxy.WithProfile(mockproxy.ProfileLegacy)}, opts...)
	srv := bc.Start(t, opts...)
	for i := range 5 {
		produceTo(t, srv, "test", 0, fakelog.Record{Key: []byte("k"), Value: []byte{'m', byte('0' + i)}})
	}
	produceTo(t, srv, "test", 1, fakelog.Record{Value: []byte("n0")})
	return srv, clock
}

func TestV1Metadata(t *testing.T) {
	t.Parallel()
	resttest.EachBackend(t, testV1Metadata)
}

func testV1Metadata(t *testing.T, bc resttest.Backend) {
	for _, profile := range []mockproxy.Profile{mockproxy.ProfileAll, mockproxy.ProfileLegacy} {
		srv, _ := newV1ServerOn(t, bc, mockproxy.WithProfile(profile))
		tests := []struct {
			name, method, path, body string
			headers                  []string
			status                   int
			contentType              string
			golden                   string // or error:
			code                     int
			msg                      string
		}{
			{name: "root", method: "GET", path: "/", headers: []string{"Accept: " + ctV1}, status: 200, contentType: ctV1, golden: "v1/root"},
			{name: "root picks the client's best q", method: "GET", path: "/",
				headers: []string{"Accept: application/vnd.kafka.v1+json; q=0.8, application/vnd.kafka+json; q=0.9, application/json; q=0.7"},
				status:  200, contentType: ctKJ, golden: "v1/root"},
			{name: "root post", method: "POST", path: "/", body: `{"a":"b"}`, headers: []string{"Content-Type: " + ctV1, "Accept: " + ctV1}, status: 200, contentType: ctV1, golden: "v1/root"},
			{name: "topics as application/json", method: "GET", path: "/topics", headers: []string{"Accept: " + ctJSON}, status: 200, contentType: ctJSON, golden: "v1/topics"},
			{name: "topic", method: "GET", path: "/topics/test", headers: []string{"Accept: " + ctV1}, status: 200, contentType: ctV1, golden: "v1/topic_test"},
			{name: "partitions", method: "GET", path: "/topics/test/partitions", headers: []string{"Accept: " + ctV1}, status: 200, contentType: ctV1, golden: "v1/partitions_test"},
			{name: "partition", method: "GET", path: "/topics/test/partitions/1", headers: []string{"Accept: " + ctV1}, status: 200, contentType: ctV1, golden: "v1/partition_test_1"},
			{name: "brokers", method: "GET", path: "/brokers", headers: []string{"Accept: " + ctV1}, status: 200, contentType: ctV1, golden: "v1/brokers"},
			{name: "unknown topic", method: "GET", path: "/topics/nope", headers: []string{"Accept: " + ctV1}, status: 404, contentType: ctV1, code: 40401, msg: "Topic not found."},
			{name: "unknown topic partitions", method: "GET", path: "/topics/nope/partitions", headers: []string{"Accept: " + ctV1}, status: 404, contentType: ctV1, code: 40401, msg: "Topic not found."},
			{name: "unknown partition", method: "GET", path: "/topics/test/partitions/2", headers: []string{"Accept: " + ctV1}, status: 404, contentType: ctV1, code: 40402, msg: "Partition not found."},
		}
		for _, tc := range tests {
			t.Run(profile.String()+"/"+tc.name, func(t *testing.T) {
				bc.SkipIf(t)
				got := resttest.Do(t, srv, tc.method, tc.path, tc.body, tc.headers...)
				if tc.golden != "" {
					wantGolden(t, got, tc.status, tc.contentType, tc.golden)
					return
				}
				resttest.WantError(t, got, tc.status, tc.contentType, tc.code, tc.msg)
			})
		}
	}
}

func TestV1RootErrorsLegacy(t *testing.T) {
	t.Parallel()
	resttest.EachBackend(t, testV1RootErrorsLegacy)
}

func testV1RootErrorsLegacy(t *testing.T, bc resttest.Backend) {
	srv, _ := newV1ServerOn(t, bc)
	resttest.WantError(t, resttest.Do(t, srv, "GET", "/", "", "Accept: text/plain"), 406, ctV1, 406, "HTTP 406 Not Acceptable")
	resttest.WantError(t, resttest.Do(t, srv, "POST", "/", "hi", "Content-Type: text/plain"), 415, ctV1, 415, "HTTP 415 Unsupported Media Type")
}

func TestV1Produce(t *testing.T) {
	t.Parallel()
	resttest.EachBackend(t, testV1Produce)
}

func testV1Produce(t *testing.T, bc resttest.Backend) {
	for _, ct := range []string{ctV1, ctV1B, ctKJ, ctJSON, ctOct} {
		t.Run("binary as "+ct, func(t *testing.T) {
			t.Parallel()
			srv, _ := newV1ServerOn(t, bc)
			got := resttest.Do(t, srv, "POST", "/topics/test", `{"records":[{"key":"a2V5","value":"Y29uZmx1ZW50"},{"value":"a2Fma2E=","partition":1},{"value":"bG9ncw=="}]}`,
				"Content-Type: "+ct, "Accept: "+ctV1)
			if got.Status != 200 || got.ContentType != ctV1 {
				t.Fatalf("got %d %q %s", got.Status, got.ContentType, got.Body)
			}
			kp := fakelog.PartitionForKey([]byte("key"), 2)
			want := `{"offsets":[{"partition":` + itoa(int(kp)) + `,"offset":` + itoa(5*int(1-kp)+int(kp)) + `,"error_code":null,"error":null},`
			if got := string(got.Body); len(got) < len(want) || got[:len(want)] != want {
				t.Errorf("body %s, want prefix %s", got, want)
			}
		})
	}
	t.Run("json", func(t *testing.T) {
		t.Parallel()
		srv, _ := newV1ServerOn(t, bc)
		got := resttest.Do(t, srv, "POST", "/topics/test/partitions/1", `{"records":[{"value":{"a":1}}]}`, "Content-Type: "+ctV1J, "Accept: "+ctV1)
		wantGolden(t, got, 200, ctV1, "v1/produce_json_partition")
	})
	errs := []struct {
		name, path, body string
		status, code     int
		msg              string
	}{
		{"partition field on a partition produce", "/topics/test/partitions/0", `{"records":[{"value":"aGk=","partition":0}]}`, 422, 422, "Unrecognized field: partition"},
		{"negative record partition", "/topics/test", `{"records":[{"value":"aGk=","partition":-1}]}`, 422, 422, "produceBinary.arg2.records[0].partition must be greater than or equal to 0 (was -1)"},
		{"negative path partition (no pre-check in v1)", "/topics/test/partitions/-1", `{"records":[{"value":"aGk="}]}`, 500, 500, "Internal Server Error"},
		{"invalid base64", "/topics/test", `{"records":[{"value":"ü"}]}`, 422, 422, "Record value contains invalid base64 encoding"},
		{"empty records", "/topics/test", `{"records":[]}`, 422, 422, "produceBinary.arg2.records must not be empty (was [])"},
	}
	for _, tc := range errs {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			srv, _ := newV1ServerOn(t, bc)
			before := stored(t, srv, "test")
			resttest.WantError(t, resttest.Do(t, srv, "POST", tc.path, tc.body, "Content-Type: "+ctV1, "Accept: "+ctV1), tc.status, ctV1, tc.code, tc.msg)
			if diff := cmp.Diff(before, stored(t, srv, "test")); diff != "" {
				t.Errorf("log changed (-want +got):\n%s", diff)
			}
		})
	}
	t.Run("partition past the end", func(t *testing.T) {
		t.Parallel()
		srv, _ := newV1ServerOn(t, bc)
		got := resttest.Do(t, srv, "POST", "/topics/test/partitions/5", `{"records":[{"value":"aGk="}]}`, "Content-Type: "+ctV1, "Accept: "+ctV1)
		wantGolden(t, got, 200, ctV1, "v1/produce_partition_past_end")
	})
}

func itoa(n int) string { return string(appendInt(nil, n)) }

func appendInt(b []byte, n int) []byte {
	if n >= 10 {
		b = appendInt(b, n/10)
	}
	return append(b, byte('0'+n%10))
}

func TestV1SimpleConsumer(t *testing.T) {
	t.Parallel()
	resttest.EachBackend(t, testV1SimpleConsumer)
}

func testV1SimpleConsumer(t *testing.T, bc resttest.Backend) {
	srv, clock := newV1ServerOn(t, bc)
	msgs := "/topics/test/partitions/0/messages"
	tests := []struct {
		name, query string
		headers     []string
		status      int
		contentType string
		golden      string
		code        int
		msg         string
	}{
		{name: "offset and count", query: "?offset=3&count=2", status: 200, contentType: ctV1B, golden: "v1/messages_offset3_count2"},
		{name: "count defaults to 1", query: "?offset=1", status: 200, contentType: ctV1B, golden: "v1/messages_offset1"},
		{name: "fewer at the end", query: "?offset=4&count=10", status: 200, contentType: ctV1B, golden: "v1/messages_offset4_count10"},
		{name: "at the end", query: "?offset=5&count=3", status: 200, contentType: ctV1B, golden: "v1/empty"},
		{name: "count zero", query: "?offset=0&count=0", status: 200, contentType: ctV1B, golden: "v1/empty"},
		{name: "v1 accept", query: "?offset=0", headers: []string{"Accept: " + ctV1}, status: 200, contentType: ctV1, golden: "v1/messages_offset0"},
		{name: "past the end", query: "?offset=6", status: 500, contentType: ctV1B, code: 50002, msg: "Kafka error: Fetch response contains an error code: 1"},
		{name: "neither offset nor timestamp", query: "?count=2", status: 400, contentType: ctV1B, code: 400, msg: "Either `offset` or `timestamp` query parameters must be set."},
		{name: "both offset and timestamp", query: "?offset=1&timestamp=2026-01-02T03:04:05Z", status: 400, contentType: ctV1B, code: 400, msg: "Either `offset` or `timestamp` query parameters must be set."},
		{name: "offset not a number", query: "?offset=abc", status: 404, contentType: ctV1B, code: 404, msg: "HTTP 404 Not Found"},
		{name: "timestamp", query: "?timestamp=2025-01-01T00:00:00Z&count=2", status: 200, contentType: ctV1B, golden: "v1/messages_offset0_count2"},
		{name: "timestamp after the last record", query: "?timestamp=2027-01-01T00:00:00Z", status: 200, contentType: ctV1B, golden: "v1/empty"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			got := resttest.Do(t, srv, "GET", msgs+tc.query, "", tc.headers...)
			if tc.golden != "" {
				wantGolden(t, got, tc.status, tc.contentType, tc.golden)
				return
			}
			resttest.WantError(t, got, tc.status, tc.contentType, tc.code, tc.msg)
		})
	}
	resttest.WantError(t, resttest.Do(t, srv, "GET", "/topics/nope/partitions/0/messages?offset=0", ""), 404, ctV1B, 40401, "Topic not found.")
	resttest.WantError(t, resttest.Do(t, srv, "GET", "/topics/test/partitions/7/messages?offset=0", ""), 404, ctV1B, 40402, "Partition not found.")
	t.Run("below the log start", func(t *testing.T) {
		bc.SkipIf(t)
		if _, err := srv.Log().DeleteRecords("test", 0, 2); err != nil {
			t.Fatal(err)
		}
		resttest.WantError(t, resttest.Do(t, srv, "GET", msgs+"?offset=1", ""), 500, ctV1B, 50002, "Kafka error: Fetch response contains an error code: 1")
	})
	_ = clock
	modern := bc.Start(t, mockproxy.WithTopic("test", 1), mockproxy.WithProfile(mockproxy.ProfileModern))
	resttest.WantError(t, resttest.Do(t, modern, "GET", msgs+"?offset=0", ""), 404, ctJSON, 404, "HTTP 404 Not Found")
}

func TestV1HighLevelConsumer(t *testing.T) {
	t.Parallel()
	srv, clock := newV1Server(t, mockproxy.WithTopic("other", 1))
	h := []string{"Content-Type: " + ctV1, "Accept: " + ctV1}
	got := resttest.Do(t, srv, "POST", "/consumers/my_group", `{"id":"my_consumer1","format":"binary","auto.offset.reset":"smallest","auto.commit.enable":"false"}`, h...)
	want := `{"instance_id":"my_consumer1","base_uri":"` + srv.URL() + `/consumers/my_group/instances/my_consumer1"}`
	if got.Status != 200 || got.ContentType != ctV1 || string(got.Body) != want {
		t.Fatalf("create = %d %q %s, want %s", got.Status, got.ContentType, got.Body, want)
	}
	inst := "/consumers/my_group/instances/my_consumer1"
	// Nothing consumed yet: commit answers [].
	if got := resttest.Do(t, srv, "POST", inst+"/offsets", "", h...); got.Status != 200 || string(got.Body) != "[]" {
		t.Errorf("empty commit = %d %s", got.Status, got.Body)
	}
	// v2 cannot see a v1 instance.
	resttest.WantError(t, resttest.Do(t, srv, "GET", inst+"/subscription", ""), 404, ctV2, 40403, "Consumer instance not found.")

	got = readAdvancing(t, srv, clock, inst+"/topics/test", time.Second, "Accept: "+ctV1B)
	wantGolden(t, got, 200, ctV1B, "v1/consumer_read_test")
	got = resttest.Do(t, srv, "POST", inst+"/offsets", "", h...)
	wantGolden(t, got, 200, ctV1, "v1/consumer_commit")

	resttest.WantError(t, resttest.Do(t, srv, "GET", inst+"/topics/other", "", "Accept: "+ctV1B), 409, ctV1B, 40901,
		"Consumer cannot subscribe the the specified target because it has already subscribed to other topics.")
	resttest.WantError(t, resttest.Do(t, srv, "GET", inst+"/topics/nope", "", "Accept: "+ctV1B), 404, ctV1B, 40401, "Topic not found.")
	resttest.WantError(t, resttest.Do(t, srv, "GET", inst+"/topics/test", "", "Accept: "+ctV1J), 406, ctV1J, 40601,
		"The requested embedded data format does not match the deserializer for this consumer instance")
	resttest.WantError(t, resttest.Do(t, srv, "GET", "/consumers/my_group/instances/nope/topics/test", "", "Accept: "+ctV1B), 404, ctV1B, 40403, "Consumer instance not found.")

	// A new instance of the group starts after the committed offsets.
	got = resttest.Do(t, srv, "POST", "/consumers/my_group", `{"name":"second","auto.offset.reset":"smallest"}`, h...)
	if got.Status != 200 {
		t.Fatalf("second create = %d %s", got.Status, got.Body)
	}
	resttest.Must(t, srv, 204, "DELETE", inst, "")
	if _, err := srv.Log().Append("test", 1, fakelog.Record{Value: []byte("n1")}); err != nil {
		t.Fatal(err)
	}
	got = readAdvancing(t, srv, clock, "/consumers/my_group/instances/second/topics/test", time.Second, "Accept: "+ctV1B)
	if want := `[{"topic":"test","key":null,"value":"bjE=","partition":1,"offset":1}]`; string(got.Body) != want {
		t.Errorf("newcomer read %s, want %s", got.Body, want)
	}
	// Neither registry has it now: the v1/v2 tie goes to v2.
	resttest.WantError(t, resttest.Do(t, srv, "DELETE", inst, ""), 404, ctV2, 40403, "Consumer instance not found.")

	bad := resttest.Do(t, srv, "POST", "/consumers/my_group", `{"auto.offset.reset":"earliest"}`, h...)
	resttest.WantError(t, bad, 422, ctV1, 42204, "Invalid consumer configuration: Wrong value earliest of auto.offset.reset in ConsumerConfig; Valid values are smallest and largest")
}
