package mockproxy_test

import (
	"bufio"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"strings"
	"testing"
	"testing/synctest"
	"time"

	"github.com/google/go-cmp/cmp"
	"github.com/kafkarestmock/kafkarestmock/fakelog"
	"github.com/kafkarestmock/kafkarestmock/internal/resttest"
	"github.com/kafkarestmock/kafkarestmock/mockproxy"
	"github.com/kafkarestmock/kafkarestmock/scenario"
)

const (
	v3JSON     = "application/json"
	v3CT       = "Content-Type: application/json"
	v3Records  = "/v3/clusters/{cluster_id}/topics/{topic_name}/records"
	v3TS       = `"timestamp":"2024-01-02T03:04:05.678Z"`
	v3TSNoMs   = `"timestamp":"2024-01-02T03:04:05Z"`
	v3BadState = "Cannot construct instance of `io.confluent.kafkarest.entities.v3.ProduceRequest$ProduceRequestData`, problem: "
)

// v3Path is the records path of topic on cluster c1.
func v3Path(topic string) string { return "/v3/clusters/c1/topics/" + topic + "/records" }

// reports joins delivery reports as the stream writes them.
func reports(rs ...string) string {
	var b strings.Builder
	for _, r := range rs {
		b.WriteString(r + "\r\n")
	}
	return b.String()
}

// ok is a success report for topic t, partition p, offset o.
func ok(t string, p, o int, rest string) string {
	s := fmt.Sprintf(`{"error_code":200,"cluster_id":"c1","topic_name":"%s","partition_id":%d,"offset":%d,%s`, t, p, o, v3TS)
	if rest != "" {
		s += "," + rest
	}
	return s + "}"
}

func fail(code int, msg string) string {
	b, _ := json.Marshal(msg)
	return fmt.Sprintf(`{"error_code":%d,"message":%s}`, code, strings.ReplaceAll(string(b), `\u0026`, "&"))
}

func TestV3ProduceStream(t *testing.T) {
	t.Parallel()
	const unknownRecords = `Unrecognized field "records" (class io.confluent.kafkarest.entities.v3.AutoValue_ProduceRequest$Builder), not marked as ignorable (6 known properties: "value", "originalSize", "partitionId", "headers", "key", "timestamp")`
	cases := []struct {
		name, body, want string
	}{
		{"binary", `{"partition_id":1,"key":{"type":"BINARY","data":"a2V5"},"value":{"type":"BINARY","data":"dmFsdWU="},` + v3TS + `}`,
			reports(ok("binary", 1, 0, `"key":{"type":"BINARY","size":3},"value":{"type":"BINARY","size":5}`))},
		{"concatenated", `{"partition_id":0,"value":{"type":"JSON","data":{"a": [1, 2]}},` + v3TS + "}\n" +
			`{"partition_id":0,"key":{"type":"STRING","data":"k"},"value":{"type":"STRING","data":""},` + v3TS + `}` +
			`{"partition_id":0,` + v3TS + `}  {"partition_id":0,"key":{"type":"JSON"},` + v3TS + `}`,
			reports(ok("concatenated", 0, 0, `"value":{"type":"JSON","size":11}`),
				ok("concatenated", 0, 1, `"key":{"type":"STRING","size":1},"value":{"type":"STRING","size":0}`),
				ok("concatenated", 0, 2, ""),
				ok("concatenated", 0, 3, `"key":{"type":"JSON","size":-1}`))},
		{"no milliseconds", `{"partition_id":0,"timestamp":"2024-01-02T03:04:05Z"}`,
			reports(`{"error_code":200,"cluster_id":"c1","topic_name":"no-milliseconds","partition_id":0,"offset":0,` + v3TSNoMs + `}`)},
		{"bad objects fail alone", `{"partition_id":0,"value":{"type":"BINARY","data":"%%%"}}` +
			`{"records":[]}` +
			`{"partition_id":0,"value":{"type":"STRING","data":1}}` +
			`{"partition_id":0,"value":{"type":"BINARY","schema_id":1}}` +
			`{"partition_id":0,"value":{"type":"AVRO","schema_id":3}}` +
			`{"partition_id":0,"value":{"type":"AVRO"}}` +
			`{"partition_id":0,"value":{"type":"XML"}}` +
			`{"partition_id":0,"headers":[{"name":"h","value":"!"}]}` +
			`[1]` +
			`{"partition_id":0,` + v3TS + `}`,
			reports(fail(400, `Bad Request: data="%%%" is not a valid base64 string.`),
				fail(400, unknownRecords),
				fail(400, "Bad Request: data=1 is not a string."),
				fail(400, v3BadState+"'type=BINARY' cannot be used with 'schema_id'."),
				fail(400, v3BadState+"'schema_id=3' cannot be used with 'serializer'."),
				fail(400, v3BadState+"'schema_version=latest' cannot be used with 'serializer'."),
				fail(400, "Cannot deserialize value of type `io.confluent.kafkarest.entities.EmbeddedFormat` from String \"XML\": not one of the values accepted for Enum class: [BINARY, JSON, STRING, AVRO, JSONSCHEMA, PROTOBUF]"),
				fail(400, "Cannot deserialize value of type `byte[]` from String \"!\": Failed to decode VALUE_STRING as base64 (MIME-NO-LINEFEEDS)"),
				fail(400, "Cannot deserialize value of type `io.confluent.kafkarest.entities.v3.ProduceRequest` from Array value (token `JsonToken.START_ARRAY`)"),
				ok("bad-objects-fail-alone", 0, 0, ""))},
		{"partitions", `{"partition_id":-1}{"partition_id":2}`,
			reports(fail(40402, "Partition not found."),
				fail(40401, "Partition 2 of topic partitions with partition count 2 is not present in metadata after 60000 ms."))},
		{"syntax error ends the stream", `{"partition_id":0,` + v3TS + `} {"partition_id": x} {"partition_id":0}`,
			reports(ok("syntax-error-ends-the-stream", 0, 0, ""),
				fail(400, "Bad Request: Error processing message: Unrecognized token 'x': was expecting (JSON String, Number, Array, Object or token 'null', 'true' or 'false')"))},
		{"broken off", `{"partition_id":0,` + v3TS + `} {"partition_id":`,
			reports(ok("broken-off", 0, 0, ""),
				fail(400, "Bad Request: Error processing message: Unexpected end-of-input: expected a value"))},
		{"whitespace only", " \n ", ""},
	}
	resttest.EachBackend(t, func(t *testing.T, b resttest.Backend) {
		opts := []mockproxy.Option{mockproxy.WithoutListener(), mockproxy.WithAutoCreateTopics(false), mockproxy.WithTopic("charset", 1)}
		for _, tc := range cases {
			opts = append(opts, mockproxy.WithTopic(topicOf(tc.name), 2))
		}
		srv := b.Start(t, opts...)
		for _, tc := range cases {
			t.Run(tc.name, func(t *testing.T) {
				got := v3Produce(t, srv, v3Path(topicOf(tc.name)), tc.body, v3CT)
				resttest.Want(t, got, 200, v3JSON, tc.want)
			})
		}

		t.Run("unknown topic", func(t *testing.T) {
			got := v3Produce(t, srv, v3Path("nope"), `{"value":{"type":"JSON","data":1}}`, v3CT)
			resttest.Want(t, got, 200, v3JSON, reports(fail(40401, "Topic nope not present in metadata after 60000 ms.")))
		})
		t.Run("empty body", func(t *testing.T) {
			got := v3Produce(t, srv, v3Path("binary"), "", v3CT)
			resttest.WantError(t, got, 422, v3JSON, 42206, "Payload error. Request body is empty. Data is required.")
		})
		t.Run("charset", func(t *testing.T) {
			got := v3Produce(t, srv, v3Path("binary"), `{"partition_id":0}`, "Content-Type: application/json; charset=UTF-16")
			resttest.WantError(t, got, 400, v3JSON, 400, `Unsupported charset in Content-Type header. Supports "UTF-8" and "ISO-8859-1".`)
			got = v3Produce(t, srv, v3Path("charset"), `{"partition_id":0,`+v3TS+`}`, `Content-Type: application/json;charset="iso-8859-1"`)
			resttest.Want(t, got, 200, v3JSON, reports(ok("charset", 0, 0, "")))
		})
		t.Run("not JSON", func(t *testing.T) {
			got := v3Produce(t, srv, v3Path("binary"), "{}", "Content-Type: text/plain")
			resttest.WantError(t, got, 415, v3JSON, 415, "HTTP 415 Unsupported Media Type")
		})
	})
}

// topicOf names a case's topic after it.
func topicOf(name string) string { return strings.ReplaceAll(name, " ", "-") }

// The records are stored as sent, for every client of the log: v2
// consumers, the admin API and, on the Kafka backend, native clients.
func TestV3ProduceStoresRecords(t *testing.T) {
	t.Parallel()
	resttest.EachBackend(t, func(t *testing.T, b resttest.Backend) {
		srv := b.Start(t, mockproxy.WithoutListener(), mockproxy.WithTopic("t", 1))
		body := `{"key":{"type":"STRING","data":"k"},"value":{"type":"JSON","data":{"n":1}},"headers":[{"name":"h","value":"aGk="},{"name":"n","value":null}],` + v3TS + `}`
		got := v3Produce(t, srv, v3Path("t"), body, v3CT)
		resttest.Want(t, got, 200, v3JSON, reports(ok("t", 0, 0, `"key":{"type":"STRING","size":1},"value":{"type":"JSON","size":7}`)))

		recs, err := srv.Backend().ReadN("t", 0, 0, 0, 0)
		if err != nil {
			t.Fatal(err)
		}
		type rec struct {
			Key, Value string
			Headers    []string
			Time       time.Time
		}
		var gotRecs []rec
		for _, r := range recs {
			var hs []string
			for _, h := range r.Headers {
				hs = append(hs, fmt.Sprintf("%s=%q", h.Key, h.Value))
			}
			gotRecs = append(gotRecs, rec{string(r.Key), string(r.Value), hs, r.Timestamp.UTC()})
		}
		want := []rec{{"k", `{"n":1}`, []string{`h="hi"`, `n=""`}, time.Date(2024, 1, 2, 3, 4, 5, 678e6, time.UTC)}}
		if diff := cmp.Diff(want, gotRecs); diff != "" {
			t.Errorf("stored records (-want +got):\n%s", diff)
		}

		// A v2 consumer reads it.
		resttest.Must(t, srv, 200, "POST", "/consumers/g", `{"name":"c","format":"binary","auto.offset.reset":"earliest"}`)
		resttest.Must(t, srv, 204, "POST", "/consumers/g/instances/c/assignments", `{"partitions":[{"topic":"t","partition":0}]}`)
		var read []byte
		for range 50 {
			r := resttest.Must(t, srv, 200, "GET", "/consumers/g/instances/c/records", "", "Accept: application/vnd.kafka.binary.v2+json")
			if string(r.Body) != "[]" {
				read = r.Body
				break
			}
		}
		if !strings.Contains(string(read), `"key":"`+b64("k")+`"`) || !strings.Contains(string(read), `"value":"`+b64(`{"n":1}`)+`"`) {
			t.Errorf("v2 read = %s, want the record", read)
		}
	})
}

func TestV3ProduceBatch(t *testing.T) {
	t.Parallel()
	const path = "/v3/clusters/c1/topics/t/records:batch"
	resttest.EachBackend(t, func(t *testing.T, b resttest.Backend) {
		srv := b.Start(t, mockproxy.WithoutListener(), mockproxy.WithTopic("t", 2), mockproxy.WithAutoCreateTopics(false))
		body := `{"entries":[` +
			`{"id":"a","partition_id":1,"value":{"type":"BINARY","data":"eA=="},` + v3TS + `},` +
			`{"id":"b","value":{"type":"BINARY","data":"%"}},` +
			`{"id":"c","partition_id":1,"key":{"type":"STRING","data":"k"},` + v3TS + `},` +
			`{"id":"d","value":{"data":1}}]}`
		got := v3Produce(t, srv, path, body, v3CT)
		resttest.Want(t, got, 207, v3JSON, `{"successes":[`+
			`{"id":"a","cluster_id":"c1","topic_name":"t","partition_id":1,"offset":0,`+v3TS+`,"value":{"type":"BINARY","size":1}},`+
			`{"id":"c","cluster_id":"c1","topic_name":"t","partition_id":1,"offset":1,`+v3TS+`,"key":{"type":"STRING","size":1}}],"failures":[`+
			`{"id":"b","error_code":400,"message":"Bad Request: data=\"%\" is not a valid base64 string."},`+
			`{"id":"d","error_code":422,"message":"Error: 42207 : Error serializing message. Error when fetching latest schema version. subject = t-value"}]}`)

		many := make([]string, 11)
		for i := range many {
			many[i] = fmt.Sprintf(`{"id":"%d"}`, i)
		}
		for _, tc := range []struct {
			name, body string
			status     int
			code       int
			msg        string
		}{
			{"no body", "", 422, 42208, "Request body is empty. Data is required."},
			{"no entries", `{}`, 422, 42208, "Empty batch."},
			{"duplicate ids", `{"entries":[{"id":"x"},{"id":"x"}]}`, 422, 42208, "Batch entry IDs are not distinct."},
			{"too many", `{"entries":[` + strings.Join(many, ",") + `]}`, 422, 42208, "Too many entries in batch."},
			{"number id", `{"entries":[{"id":1}]}`, 422, 42208, "Batch entry identifier is not a valid string."},
			{"bad id", `{"entries":[{"id":"a b"}]}`, 422, 42208, "Batch entry identifier is not a valid string."},
			{"unknown field", `{"records":{}}`, 422, 422, "Unrecognized field: records"},
			{"unknown entry field", `{"entries":[{"id":"a","nope":1}]}`, 422, 422, "Unrecognized field: nope"},
			{"entries not a list", `{"entries":1}`, 400, 400, "Cannot deserialize value of type `java.util.List<io.confluent.kafkarest.entities.v3.ProduceBatchRequestEntry>` from Integer value (token `JsonToken.VALUE_NUMBER_INT`)"},
		} {
			t.Run(tc.name, func(t *testing.T) {
				got := v3Produce(t, srv, path, tc.body, v3CT)
				resttest.WantError(t, got, tc.status, v3JSON, tc.code, tc.msg)
			})
		}
	})
}

// A kafka_error rule on the produce route, matched by topic and
// partition, fails that record's report; the others are stored.
func TestV3ProduceFault(t *testing.T) {
	t.Parallel()
	resttest.EachBackend(t, func(t *testing.T, b resttest.Backend) {
		srv := b.Start(t, mockproxy.WithoutListener(), mockproxy.WithTopic("t", 2))
		h := srv.Inject(scenario.Fault{
			Match:      scenario.Match{Route: v3Records, Topic: "t", Partition: new(int32(1))},
			KafkaError: "NOT_LEADER_OR_FOLLOWER",
			Times:      1,
		})
		srv.Inject(scenario.Fault{
			Match:      scenario.Match{Route: v3Records, Topic: "t", Partition: new(int32(0))},
			KafkaError: "UNKNOWN_TOPIC_OR_PARTITION",
			After:      1,
			Times:      1,
		})
		body := `{"partition_id":1,` + v3TS + `}{"partition_id":0,` + v3TS + `}{"partition_id":1,` + v3TS + `}{"partition_id":0,` + v3TS + `}`
		got := v3Produce(t, srv, v3Path("t"), body, v3CT)
		resttest.Want(t, got, 200, v3JSON, reports(
			fail(50003, "For requests intended only for the leader, this error indicates that the broker is not the current leader. For requests intended for any replica, this error indicates that the broker is not a replica of the topic partition."),
			ok("t", 0, 0, ""),
			ok("t", 1, 0, ""),
			fail(40403, "This server does not host this topic-partition.")))
		if h.Hits() != 1 {
			t.Errorf("Hits() = %d, want 1", h.Hits())
		}
	})
}

// v3 is not served in the legacy profile.
func TestV3ProduceLegacyProfile(t *testing.T) {
	t.Parallel()
	srv := mockproxy.NewServer(t, mockproxy.WithoutListener(), mockproxy.WithProfile(mockproxy.ProfileLegacy))
	got := v3Produce(t, srv, v3Path("t"), `{}`, v3CT)
	resttest.WantError(t, got, 404, "application/vnd.kafka.v1+json", 404, "HTTP 404 Not Found")
}

// streamClient sends records one by one on one request and reads each
// report before it sends the next: the full-duplex use of the stream.
func streamClient(t *testing.T, srv *mockproxy.Server, n int) []string {
	t.Helper()
	pr, pw := io.Pipe()
	req, err := http.NewRequestWithContext(t.Context(), "POST", srv.URL()+v3Path("t"), pr)
	if err != nil {
		t.Fatal(err)
	}
	req.Header.Set("Content-Type", "application/json")
	sent := make(chan struct{})
	go func() {
		// The first record must go before the answer's header comes.
		_, _ = io.WriteString(pw, `{"partition_id":0,`+v3TS+`}`)
		close(sent)
	}()
	resp, err := srv.Client().Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	<-sent
	if resp.StatusCode != 200 || resp.Header.Get("Content-Type") != v3JSON {
		t.Fatalf("status %d, Content-Type %q", resp.StatusCode, resp.Header.Get("Content-Type"))
	}
	rd := bufio.NewReader(resp.Body)
	var got []string
	for i := range n {
		line, err := rd.ReadString('\n')
		if err != nil {
			t.Fatalf("report %d: %v", i, err)
		}
		got = append(got, line)
		if i+1 < n {
			// Only now, with its report read, the next record.
			if _, err := io.WriteString(pw, `{"partition_id":0,`+v3TS+`}`); err != nil {
				t.Fatal(err)
			}
		}
	}
	pw.Close()
	if rest, _ := io.ReadAll(rd); len(rest) != 0 {
		t.Errorf("after the last report: %q", rest)
	}
	return got
}

func wantStreamed(t *testing.T, got []string) {
	t.Helper()
	var want []string
	for i := range got {
		want = append(want, ok("t", 0, i, "")+"\r\n")
	}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("reports (-want +got):\n%s", diff)
	}
}

// Over the in-memory transport, inside a synctest bubble, each report
// arrives before the next record is sent: a buffered answer would leave
// every goroutine blocked, which synctest reports as a deadlock.
func TestV3ProduceStreamsInMemory(t *testing.T) {
	t.Parallel()
	synctest.Test(t, func(t *testing.T) {
		srv := mockproxy.NewServer(t, mockproxy.WithoutListener(), mockproxy.WithTopic("t", 1),
			mockproxy.WithClock(fakelog.NewManualClock(time.Unix(0, 0))))
		wantStreamed(t, streamClient(t, srv, 3))
	})
}

// The same over TCP: full duplex through net/http.
func TestV3ProduceStreamsOverTCP(t *testing.T) {
	t.Parallel()
	srv := mockproxy.NewServer(t, mockproxy.WithTopic("t", 1))
	wantStreamed(t, streamClient(t, srv, 3))
}

// A stream open for longer than streaming.connection.max.duration.ms
// answers each further record with a 408 report and ends once the grace
// period after the first of them has passed.
func TestV3ProduceStreamExpires(t *testing.T) {
	t.Parallel()
	synctest.Test(t, func(t *testing.T) {
		clock := fakelog.NewManualClock(time.Unix(0, 0))
		srv := mockproxy.NewServer(t, mockproxy.WithoutListener(), mockproxy.WithTopic("t", 1),
			mockproxy.WithClock(clock), mockproxy.WithStreamingMaxDuration(time.Minute))
		pr, pw := io.Pipe()
		req, err := http.NewRequestWithContext(t.Context(), "POST", srv.URL()+v3Path("t"), pr)
		if err != nil {
			t.Fatal(err)
		}
		req.Header.Set("Content-Type", "application/json")
		record := `{"partition_id":0,` + v3TS + `}`
		go func() { _, _ = io.WriteString(pw, record) }()
		resp, err := srv.Client().Do(req)
		if err != nil {
			t.Fatal(err)
		}
		defer resp.Body.Close()
		rd := bufio.NewReader(resp.Body)
		var got []string
		next := func(advance time.Duration) {
			clock.Advance(advance)
			if _, err := io.WriteString(pw, record); err != nil {
				t.Fatal(err)
			}
		}
		read := func() {
			line, err := rd.ReadString('\n')
			if err != nil {
				t.Fatalf("report %d: %v", len(got), err)
			}
			got = append(got, line)
		}
		read()            // in time
		next(time.Minute) // exactly the limit: still in time
		read()
		next(time.Millisecond) // past it: refused, grace begins
		read()
		next(streamGracePeriod) // within the grace period: refused
		read()
		clock.Advance(time.Millisecond) // after it: the stream ends
		go func() { _, _ = io.WriteString(pw, record) }()
		if rest, err := io.ReadAll(rd); err != nil || len(rest) != 0 {
			t.Errorf("after the grace period: %q, %v; want the end of the stream", rest, err)
		}
		expired := fail(408, "Streaming connection open for longer than allowed: Connection will be closed.") + "\r\n"
		want := []string{ok("t", 0, 0, "") + "\r\n", ok("t", 0, 1, "") + "\r\n", expired, expired}
		if diff := cmp.Diff(want, got); diff != "" {
			t.Errorf("reports (-want +got):\n%s", diff)
		}
		pw.Close()
	})
}

// streamGracePeriod is streaming.connection.grace.period.ms's default.
const streamGracePeriod = 500 * time.Millisecond
