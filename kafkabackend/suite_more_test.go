package kafkabackend_test

import (
	"encoding/json"
	"net/http"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
	"github.com/google/go-cmp/cmp/cmpopts"

	"github.com/kafkarestmock/kafkarestmock/fakelog"
	"github.com/kafkarestmock/kafkarestmock/internal/resttest"
	"github.com/kafkarestmock/kafkarestmock/mockproxy"
)

func TestSuiteV2Brokers(t *testing.T) {
	t.Parallel()
	resttest.EachBackend(t, func(t *testing.T, bc resttest.Backend) {
		srv := bc.Start(t)
		resttest.Want(t, resttest.Do(t, srv, "GET", "/brokers", "", "Accept: "+ctV2), http.StatusOK, ctV2, `{"brokers":[1]}`)
	})
}

// Without a reset policy, a partition with no committed offset and a
// position past the end are read errors with Kafka's texts.
func TestSuiteV2NoResetPolicy(t *testing.T) {
	t.Parallel()
	resttest.EachBackend(t, func(t *testing.T, bc resttest.Backend) {
		srv := bc.Start(t, mockproxy.WithTopic("orders", 2))
		inst := createV2(t, srv, "g", "c1", `,"auto.offset.reset":"none"`)
		resttest.Must(t, srv, 204, "POST", inst+"/assignments", `{"partitions":[{"topic":"orders","partition":0}]}`, "Content-Type: "+ctV2)
		resttest.Want(t, resttest.Do(t, srv, "GET", inst+"/records?timeout=10", "", "Accept: "+ctV2B), http.StatusInternalServerError, ctV2B,
			`{"error_code":50002,"message":"Undefined offset with no reset policy for partitions: [orders-0]"}`)
		resttest.Must(t, srv, 204, "POST", inst+"/positions", `{"offsets":[{"topic":"orders","partition":0,"offset":5}]}`, "Content-Type: "+ctV2)
		// Kafka answers the fetch at offset 5 with OFFSET_OUT_OF_RANGE; on
		// Kafka that takes a fetch, so the read waits for it.
		resttest.Want(t, resttest.Do(t, srv, "GET", inst+"/records?timeout=5000", "", "Accept: "+ctV2B), http.StatusInternalServerError, ctV2B,
			`{"error_code":50002,"message":"Offsets out of range with no configured reset policy for partitions: {orders-0=5}"}`)
	})
}

func TestSuiteV2CommitUnknownPartition(t *testing.T) {
	t.Parallel()
	resttest.EachBackend(t, func(t *testing.T, bc resttest.Backend) {
		srv := bc.Start(t, mockproxy.WithTopic("orders", 2))
		inst := createV2(t, srv, "g", "c1", "")
		for _, body := range []string{
			`{"offsets":[{"topic":"nope","partition":0,"offset":1}]}`,
			`{"offsets":[{"topic":"orders","partition":7,"offset":1}]}`,
		} {
			resttest.Want(t, resttest.Do(t, srv, "POST", inst+"/offsets", body, "Content-Type: "+ctV2), http.StatusNotFound, ctV2,
				`{"error_code":40403,"message":"This server does not host this topic-partition."}`)
		}
		if got := srv.Committed("g"); len(got) != 0 {
			t.Errorf("committed after refused commits: %+v", got)
		}
	})
}

// A pattern subscription takes the topics whose whole name matches.
func TestSuiteV2PatternSubscription(t *testing.T) {
	t.Parallel()
	resttest.EachBackend(t, func(t *testing.T, bc resttest.Backend) {
		srv := bc.Start(t, mockproxy.WithTopic("orders", 1), mockproxy.WithTopic("orders-eu", 1), mockproxy.WithTopic("audit", 1))
		for _, topic := range []string{"orders", "orders-eu", "audit"} {
			resttest.Must(t, srv, 200, "POST", "/topics/"+topic, `{"records":[{"value":"`+b64(topic)+`"}]}`, "Content-Type: "+ctV2B)
		}
		inst := createV2(t, srv, "g", "c1", `,"auto.offset.reset":"earliest"`)
		resttest.Want(t, resttest.Do(t, srv, "POST", inst+"/subscription", `{"topic_pattern":"ord.*"}`, "Content-Type: "+ctV2), http.StatusNoContent, "", "")
		got := readN(t, srv, inst, 2)
		if diff := cmp.Diff([]record{{Topic: "orders", Value: "orders"}, {Topic: "orders-eu", Value: "orders-eu"}}, got,
			cmpopts.SortSlices(func(a, b record) bool { return a.Topic < b.Topic })); diff != "" {
			t.Errorf("records (-want +got):\n%s", diff)
		}
		resttest.Want(t, resttest.Do(t, srv, "GET", inst+"/subscription", "", "Accept: "+ctV2), http.StatusOK, ctV2, `{"topics":["orders","orders-eu"]}`)
		resttest.Want(t, resttest.Do(t, srv, "DELETE", inst+"/subscription", "", "Content-Type: "+ctV2), http.StatusNoContent, "", "")
		resttest.Want(t, resttest.Do(t, srv, "GET", inst+"/subscription", "", "Accept: "+ctV2), http.StatusOK, ctV2, `{"topics":[]}`)
		// Unsubscribed, the instance may take an assignment.
		resttest.Want(t, resttest.Do(t, srv, "POST", inst+"/assignments", `{"partitions":[{"topic":"audit","partition":0}]}`, "Content-Type: "+ctV2), http.StatusNoContent, "", "")
	})
}

// Positions by timestamp: a time before every record is the start, a
// time after every record is the end.
func TestSuiteV2PositionsByTimestamp(t *testing.T) {
	t.Parallel()
	resttest.EachBackend(t, func(t *testing.T, bc resttest.Backend) {
		srv := bc.Start(t, mockproxy.WithTopic("orders", 1))
		resttest.Must(t, srv, 200, "POST", "/topics/orders", `{"records":[{"value":"`+b64("a")+`"},{"value":"`+b64("b")+`"}]}`, "Content-Type: "+ctV2B)
		inst := createV2(t, srv, "g", "c1", `,"auto.offset.reset":"latest"`)
		resttest.Must(t, srv, 204, "POST", inst+"/assignments", `{"partitions":[{"topic":"orders","partition":0}]}`, "Content-Type: "+ctV2)
		resttest.Want(t, resttest.Do(t, srv, "POST", inst+"/positions", `{"timestamps":[{"topic":"orders","partition":0,"timestamp":"2001-01-01T00:00:00Z"}]}`, "Content-Type: "+ctV2),
			http.StatusNoContent, "", "")
		if diff := cmp.Diff([]record{{Topic: "orders", Value: "a"}, {Topic: "orders", Value: "b", Offset: 1}}, readN(t, srv, inst, 2)); diff != "" {
			t.Errorf("records from a past timestamp (-want +got):\n%s", diff)
		}
		future := time.Now().Add(24 * time.Hour).UTC().Format(time.RFC3339)
		resttest.Want(t, resttest.Do(t, srv, "POST", inst+"/positions", `{"timestamps":[{"topic":"orders","partition":0,"timestamp":"`+future+`"}]}`, "Content-Type: "+ctV2),
			http.StatusNoContent, "", "")
		resttest.Want(t, resttest.Do(t, srv, "GET", inst+"/records?timeout=1", "", "Accept: "+ctV2B), http.StatusOK, ctV2B, `[]`)
	})
}

// A json consumer reads values as JSON and refuses a binary Accept.
func TestSuiteV2JSONConsumer(t *testing.T) {
	t.Parallel()
	resttest.EachBackend(t, func(t *testing.T, bc resttest.Backend) {
		srv := bc.Start(t, mockproxy.WithTopic("events", 1))
		resttest.Must(t, srv, 200, "POST", "/topics/events", `{"records":[{"key":{"id":1},"value":{"kind":"signup","tags":["a","b"]}},{"value":null}]}`, "Content-Type: "+ctV2J)
		resttest.Want(t, resttest.Do(t, srv, "POST", "/consumers/g", `{"name":"j","format":"json","auto.offset.reset":"earliest","fetch.min.bytes":0}`, "Content-Type: "+ctV2),
			http.StatusOK, ctV2, `{"instance_id":"j","base_uri":"`+srv.URL()+`/consumers/g/instances/j"}`)
		inst := "/consumers/g/instances/j"
		resttest.Must(t, srv, 204, "POST", inst+"/assignments", `{"partitions":[{"topic":"events","partition":0}]}`, "Content-Type: "+ctV2)
		resttest.Want(t, resttest.Do(t, srv, "GET", inst+"/records?timeout=5000", "", "Accept: "+ctV2J), http.StatusOK, ctV2J,
			`[{"topic":"events","key":{"id":1},"value":{"kind":"signup","tags":["a","b"]},"partition":0,"offset":0},`+
				`{"topic":"events","key":null,"value":null,"partition":0,"offset":1}]`)
		resttest.Want(t, resttest.Do(t, srv, "GET", inst+"/records", "", "Accept: "+ctV2B), http.StatusNotAcceptable, ctV2B,
			`{"error_code":40601,"message":"The requested embedded data format does not match the deserializer for this consumer instance"}`)
	})
}

// max_bytes ends a read once the records' bytes pass it, keeping the
// rest for the next read.
func TestSuiteV2ReadMaxBytes(t *testing.T) {
	t.Parallel()
	resttest.EachBackend(t, func(t *testing.T, bc resttest.Backend) {
		srv := bc.Start(t, mockproxy.WithTopic("orders", 1))
		resttest.Must(t, srv, 200, "POST", "/topics/orders", `{"records":[{"value":"`+b64("0123456789")+`"},{"value":"`+b64("0123456789")+`"},{"value":"`+b64("0123456789")+`"}]}`, "Content-Type: "+ctV2B)
		inst := createV2(t, srv, "g", "c1", `,"auto.offset.reset":"earliest"`)
		resttest.Must(t, srv, 204, "POST", inst+"/assignments", `{"partitions":[{"topic":"orders","partition":0}]}`, "Content-Type: "+ctV2)
		var offsets []int64
		for len(offsets) < 3 {
			var recs []record
			body := resttest.Must(t, srv, 200, "GET", inst+"/records?timeout=5000&max_bytes=15", "", "Accept: "+ctV2B).Body
			if err := json.Unmarshal(body, &recs); err != nil {
				t.Fatal(err)
			}
			if len(recs) > 2 {
				t.Fatalf("a read with max_bytes=15 returned %d records of 10 bytes: %s", len(recs), body)
			}
			for _, r := range recs {
				offsets = append(offsets, r.Offset)
			}
		}
		if diff := cmp.Diff([]int64{0, 1, 2}, offsets); diff != "" {
			t.Errorf("offsets read (-want +got):\n%s", diff)
		}
	})
}

// Instances expire on the server's clock, whatever the backend.
func TestSuiteV2InstanceExpiry(t *testing.T) {
	t.Parallel()
	resttest.EachBackend(t, func(t *testing.T, bc resttest.Backend) {
		clock := fakelog.NewManualClock(time.Date(2026, 1, 2, 3, 4, 5, 0, time.UTC))
		srv := bc.Start(t, mockproxy.WithTopic("orders", 1), mockproxy.WithClock(clock), mockproxy.WithConsumerInstanceTimeout(time.Minute))
		inst := createV2(t, srv, "g", "c1", "")
		resttest.Must(t, srv, 204, "POST", inst+"/subscription", `{"topics":["orders"]}`, "Content-Type: "+ctV2)
		clock.Advance(59 * time.Second)
		resttest.Want(t, resttest.Do(t, srv, "GET", inst+"/subscription", "", "Accept: "+ctV2), http.StatusOK, ctV2, `{"topics":["orders"]}`)
		clock.Advance(time.Minute)
		resttest.Want(t, resttest.Do(t, srv, "GET", inst+"/subscription", "", "Accept: "+ctV2), http.StatusNotFound, ctV2,
			`{"error_code":40403,"message":"Consumer instance not found."}`)
		// The name is free again, also in the backend's group.
		createV2(t, srv, "g", "c1", "")
	})
}

// A seed file applies through the backend: topics with their configs,
// records on their keys' partitions, and committed offsets.
func TestSuiteSeedFile(t *testing.T) {
	t.Parallel()
	resttest.EachBackend(t, func(t *testing.T, bc resttest.Backend) {
		srv := bc.Start(t, mockproxy.WithSeedFile("../testdata/seed/shop.json"))
		resttest.Want(t, resttest.Do(t, srv, "GET", "/topics", "", "Accept: "+ctV2), http.StatusOK, ctV2, `["orders","payments"]`)
		recs := stored(t, srv, "orders")
		if len(recs) != 9 {
			t.Fatalf("orders holds %d records, want 9", len(recs))
		}
		for _, r := range recs {
			if want := fakelog.PartitionForKey(r.Key, 3); r.Partition != want {
				t.Errorf("record %s on partition %d, want %d", r.Key, r.Partition, want)
			}
			if r.Timestamp.Year() != 2024 || len(r.Headers) != 3 {
				t.Errorf("record %s: timestamp %v and %d headers, want the seed's (2024, 3 headers)", r.Key, r.Timestamp, len(r.Headers))
			}
		}
		if got := srv.Committed("billing"); len(got) == 0 {
			t.Error("group billing has no committed offsets")
		}
	})
}

// GET /_mock/groups shows a subscribed member with its subscription,
// assignment and committed offsets. An empty commit commits the position
// of every assigned partition, also one with nothing read (as the Java
// consumer's commitSync does). Member ids are the instance name on
// the in-memory log and the broker's <name>-<uuid> on Kafka.
func TestSuiteAdminGroups(t *testing.T) {
	t.Parallel()
	resttest.EachBackend(t, func(t *testing.T, bc resttest.Backend) {
		srv := bc.Start(t, mockproxy.WithTopic("orders", 2))
		resttest.Must(t, srv, 200, "POST", "/topics/orders/partitions/1", `{"records":[{"value":"YQ=="}]}`, "Content-Type: "+ctV2B)
		inst := createV2(t, srv, "g", "c1", `,"auto.offset.reset":"earliest","auto.commit.enable":"false"`)
		resttest.Must(t, srv, 204, "POST", inst+"/subscription", `{"topics":["orders"]}`, "Content-Type: "+ctV2)
		readN(t, srv, inst, 1)
		resttest.Must(t, srv, 200, "POST", inst+"/offsets", "", "Content-Type: "+ctV2)
		type member struct {
			MemberID     string `json:"member_id"`
			Subscription []string
			Assignment   []struct {
				Topic     string
				Partition int32
			}
		}
		type group struct {
			Group     string
			Members   []member
			Committed []struct {
				Topic        string
				Partition    int32
				Offset       int64
				LogEndOffset int64 `json:"log_end_offset"`
				Lag          int64
			}
		}
		var groups []group
		if err := json.Unmarshal(resttest.Must(t, srv, 200, "GET", "/_mock/groups", "").Body, &groups); err != nil {
			t.Fatal(err)
		}
		if len(groups) != 1 || len(groups[0].Members) != 1 {
			t.Fatalf("groups = %+v, want group g with one member", groups)
		}
		m := groups[0].Members[0]
		if m.MemberID != "c1" && !(bc.Name != "memory" && len(m.MemberID) > 3 && m.MemberID[:3] == "c1-") {
			t.Errorf("member id %q, want c1 (memory) or c1-<uuid> (Kafka)", m.MemberID)
		}
		groups[0].Members[0].MemberID = ""
		wantJSON := `[{"group":"g","members":[{"member_id":"","subscription":["orders"],"assignment":[{"topic":"orders","partition":0},{"topic":"orders","partition":1}]}],` +
			`"committed":[{"topic":"orders","partition":0,"offset":0,"log_end_offset":0,"lag":0},{"topic":"orders","partition":1,"offset":1,"log_end_offset":1,"lag":0}]}]`
		var wantGroups []group
		if err := json.Unmarshal([]byte(wantJSON), &wantGroups); err != nil {
			t.Fatal(err)
		}
		if diff := cmp.Diff(wantGroups, groups); diff != "" {
			t.Errorf("groups (-want +got):\n%s", diff)
		}
	})
}
