package kafkabackend_test

import (
	"encoding/json"
	"fmt"
	"net/http"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"

	"github.com/kafkarestmock/kafkarestmock/backend"
	"github.com/kafkarestmock/kafkarestmock/internal/resttest"
	"github.com/kafkarestmock/kafkarestmock/mockproxy"
)

// seedOrders produces k0..k5 to "orders" (3 partitions) by key and
// returns the records as a consumer reads them, sorted.
func seedOrders(t *testing.T, srv *mockproxy.Server) []record {
	t.Helper()
	body := `{"records":[`
	for i := range 6 {
		if i > 0 {
			body += ","
		}
		body += fmt.Sprintf(`{"key":%q,"value":%q}`, b64(fmt.Sprintf("k%d", i)), b64(fmt.Sprintf("v%d", i)))
	}
	body += `]}`
	var resp struct {
		Offsets []struct {
			Partition int32 `json:"partition"`
			Offset    int64 `json:"offset"`
		} `json:"offsets"`
	}
	if err := json.Unmarshal(resttest.Must(t, srv, 200, "POST", "/topics/orders", body, "Content-Type: "+ctV2B).Body, &resp); err != nil {
		t.Fatal(err)
	}
	var out []record
	for i, o := range resp.Offsets {
		out = append(out, record{Topic: "orders", Key: fmt.Sprintf("k%d", i), Value: fmt.Sprintf("v%d", i), Partition: o.Partition, Offset: o.Offset})
	}
	return sortRecords(out)
}

// createV2 creates a binary v2 instance that answers reads as soon as it
// has a byte of records (fetch.min.bytes 0: the proxy answers once more
// than that many bytes are read) and returns its path.
func createV2(t *testing.T, srv *mockproxy.Server, group, name, extra string) string {
	t.Helper()
	resttest.Want(t, resttest.Do(t, srv, "POST", "/consumers/"+group, `{"name":"`+name+`","format":"binary","fetch.min.bytes":0`+extra+`}`, "Content-Type: "+ctV2),
		http.StatusOK, ctV2, `{"instance_id":"`+name+`","base_uri":"`+srv.URL()+`/consumers/`+group+`/instances/`+name+`"}`)
	return "/consumers/" + group + "/instances/" + name
}

func TestSuiteV2SubscribeReadCommit(t *testing.T) {
	t.Parallel()
	resttest.EachBackend(t, func(t *testing.T, bc resttest.Backend) {
		srv := bc.Start(t, mockproxy.WithTopic("orders", 3))
		recs := seedOrders(t, srv)
		inst := createV2(t, srv, "g", "c1", `,"auto.offset.reset":"earliest","auto.commit.enable":"false"`)
		resttest.Want(t, resttest.Do(t, srv, "POST", inst+"/subscription", `{"topics":["orders"]}`, "Content-Type: "+ctV2), http.StatusNoContent, "", "")
		resttest.Want(t, resttest.Do(t, srv, "GET", inst+"/subscription", "", "Accept: "+ctV2), http.StatusOK, ctV2, `{"topics":["orders"]}`)
		got := sortRecords(readN(t, srv, inst, 6))
		if diff := cmp.Diff(recs, got); diff != "" {
			t.Fatalf("records (-want +got):\n%s", diff)
		}
		resttest.Want(t, resttest.Do(t, srv, "GET", inst+"/assignments", "", "Accept: "+ctV2), http.StatusOK, ctV2,
			`{"partitions":[{"topic":"orders","partition":0},{"topic":"orders","partition":1},{"topic":"orders","partition":2}]}`)
		// Nothing committed yet.
		parts := `{"partitions":[{"topic":"orders","partition":0},{"topic":"orders","partition":1},{"topic":"orders","partition":2}]}`
		resttest.Want(t, resttest.Do(t, srv, "GET", inst+"/offsets", parts, "Content-Type: "+ctV2, "Accept: "+ctV2), http.StatusOK, ctV2, `{"offsets":[]}`)
		// An empty commit commits every position.
		resttest.Want(t, resttest.Do(t, srv, "POST", inst+"/offsets", "", "Content-Type: "+ctV2), http.StatusOK, ctV2, `[]`)
		ends := map[int32]int64{}
		for _, r := range recs {
			ends[r.Partition] = r.Offset + 1
		}
		var committed string
		for p := int32(0); p < 3; p++ {
			if ends[p] == 0 {
				continue
			}
			if committed != "" {
				committed += ","
			}
			committed += fmt.Sprintf(`{"topic":"orders","partition":%d,"offset":%d,"metadata":""}`, p, ends[p])
		}
		resttest.Want(t, resttest.Do(t, srv, "GET", inst+"/offsets", parts, "Content-Type: "+ctV2, "Accept: "+ctV2), http.StatusOK, ctV2, `{"offsets":[`+committed+`]}`)
		resttest.Want(t, resttest.Do(t, srv, "DELETE", inst, "", "Content-Type: "+ctV2), http.StatusNoContent, "", "")
		resttest.Want(t, resttest.Do(t, srv, "GET", inst+"/records", "", "Accept: "+ctV2B), http.StatusNotFound, ctV2B,
			`{"error_code":40403,"message":"Consumer instance not found."}`)

		// A new member of the group starts after the committed offsets.
		inst2 := createV2(t, srv, "g", "c2", `,"auto.offset.reset":"earliest"`)
		resttest.Must(t, srv, 204, "POST", inst2+"/subscription", `{"topics":["orders"]}`, "Content-Type: "+ctV2)
		resttest.Must(t, srv, 200, "POST", "/topics/orders/partitions/2", `{"records":[{"value":"bmV3"}]}`, "Content-Type: "+ctV2B)
		got = readN(t, srv, inst2, 1)
		if diff := cmp.Diff([]record{{Topic: "orders", Value: "new", Partition: 2, Offset: ends[2]}}, got); diff != "" {
			t.Errorf("newcomer's records (-want +got):\n%s", diff)
		}
	})
}

func TestSuiteV2AssignAndSeek(t *testing.T) {
	t.Parallel()
	resttest.EachBackend(t, func(t *testing.T, bc resttest.Backend) {
		srv := bc.Start(t, mockproxy.WithTopic("orders", 3))
		for p := range 2 {
			resttest.Must(t, srv, 200, "POST", fmt.Sprintf("/topics/orders/partitions/%d", p),
				`{"records":[{"value":"`+b64("a")+`"},{"value":"`+b64("b")+`"},{"value":"`+b64("c")+`"}]}`, "Content-Type: "+ctV2B)
		}
		inst := createV2(t, srv, "g", "c1", `,"auto.offset.reset":"latest"`)
		resttest.Want(t, resttest.Do(t, srv, "POST", inst+"/assignments", `{"partitions":[{"topic":"orders","partition":0},{"topic":"orders","partition":1}]}`, "Content-Type: "+ctV2),
			http.StatusNoContent, "", "")
		resttest.Want(t, resttest.Do(t, srv, "GET", inst+"/assignments", "", "Accept: "+ctV2), http.StatusOK, ctV2,
			`{"partitions":[{"topic":"orders","partition":0},{"topic":"orders","partition":1}]}`)
		resttest.Want(t, resttest.Do(t, srv, "GET", inst+"/subscription", "", "Accept: "+ctV2), http.StatusOK, ctV2, `{"topics":[]}`)
		resttest.Want(t, resttest.Do(t, srv, "POST", inst+"/positions", `{"offsets":[{"topic":"orders","partition":0,"offset":1}]}`, "Content-Type: "+ctV2),
			http.StatusNoContent, "", "")
		resttest.Want(t, resttest.Do(t, srv, "POST", inst+"/positions/beginning", `{"partitions":[{"topic":"orders","partition":1}]}`, "Content-Type: "+ctV2),
			http.StatusNoContent, "", "")
		got := sortRecords(readN(t, srv, inst, 5))
		wantRecs := []record{
			{Topic: "orders", Value: "b", Partition: 0, Offset: 1}, {Topic: "orders", Value: "c", Partition: 0, Offset: 2},
			{Topic: "orders", Value: "a", Partition: 1, Offset: 0}, {Topic: "orders", Value: "b", Partition: 1, Offset: 1}, {Topic: "orders", Value: "c", Partition: 1, Offset: 2},
		}
		if diff := cmp.Diff(wantRecs, got); diff != "" {
			t.Errorf("records (-want +got):\n%s", diff)
		}
		resttest.Want(t, resttest.Do(t, srv, "POST", inst+"/positions", `{"offsets":[{"topic":"orders","partition":2,"offset":0}]}`, "Content-Type: "+ctV2),
			http.StatusConflict, ctV2, `{"error_code":40903,"message":"Illegal state: No current assignment for partition orders-2"}`)
		resttest.Want(t, resttest.Do(t, srv, "POST", inst+"/subscription", `{"topics":["orders"]}`, "Content-Type: "+ctV2),
			http.StatusConflict, ctV2, `{"error_code":40903,"message":"Illegal state: Subscription to topics, partitions and pattern are mutually exclusive"}`)
		// A commit with a body commits offset+1 of each entry.
		resttest.Want(t, resttest.Do(t, srv, "POST", inst+"/offsets", `{"offsets":[{"topic":"orders","partition":1,"offset":1,"metadata":"m"}]}`, "Content-Type: "+ctV2),
			http.StatusOK, ctV2, `[]`)
		resttest.Want(t, resttest.Do(t, srv, "GET", inst+"/offsets", `{"partitions":[{"topic":"orders","partition":0},{"topic":"orders","partition":1}]}`, "Content-Type: "+ctV2, "Accept: "+ctV2),
			http.StatusOK, ctV2, `{"offsets":[{"topic":"orders","partition":1,"offset":2,"metadata":"m"}]}`)
		// Seek to the end (resolved at the next read, as Kafka's
		// seekToEnd is), then a new record is the only one read.
		resttest.Want(t, resttest.Do(t, srv, "POST", inst+"/positions/end", `{"partitions":[{"topic":"orders","partition":0},{"topic":"orders","partition":1}]}`, "Content-Type: "+ctV2),
			http.StatusNoContent, "", "")
		resttest.Want(t, resttest.Do(t, srv, "GET", inst+"/records?timeout=1", "", "Accept: "+ctV2B), http.StatusOK, ctV2B, `[]`)
		resttest.Must(t, srv, 200, "POST", "/topics/orders/partitions/0", `{"records":[{"value":"`+b64("d")+`"}]}`, "Content-Type: "+ctV2B)
		if diff := cmp.Diff([]record{{Topic: "orders", Value: "d", Partition: 0, Offset: 3}}, readN(t, srv, inst, 1)); diff != "" {
			t.Errorf("records after seek to end (-want +got):\n%s", diff)
		}
	})
}

func TestSuiteV2ConsumerErrors(t *testing.T) {
	t.Parallel()
	resttest.EachBackend(t, func(t *testing.T, bc resttest.Backend) {
		srv := bc.Start(t, mockproxy.WithTopic("orders", 1))
		missing := "/consumers/g/instances/nope"
		for _, tc := range []struct{ method, path, body string }{
			{"GET", missing + "/records", ""},
			{"POST", missing + "/subscription", `{"topics":["orders"]}`},
			{"GET", missing + "/assignments", ""},
			{"POST", missing + "/offsets", ""},
			{"DELETE", missing, ""},
		} {
			resttest.Want(t, resttest.Do(t, srv, tc.method, tc.path, tc.body, "Content-Type: "+ctV2, "Accept: "+ctV2), http.StatusNotFound, ctV2,
				`{"error_code":40403,"message":"Consumer instance not found."}`)
		}
		inst := createV2(t, srv, "g", "c1", "")
		resttest.Want(t, resttest.Do(t, srv, "GET", inst+"/records", "", "Accept: "+ctV2J), http.StatusNotAcceptable, ctV2J,
			`{"error_code":40601,"message":"The requested embedded data format does not match the deserializer for this consumer instance"}`)
		resttest.Want(t, resttest.Do(t, srv, "GET", inst+"/records", "", "Accept: "+ctV2B), http.StatusInternalServerError, ctV2B,
			`{"error_code":500,"message":"Internal Server Error"}`)
		resttest.Want(t, resttest.Do(t, srv, "POST", "/consumers/g", `{"name":"c1","format":"binary"}`, "Content-Type: "+ctV2), http.StatusConflict, ctV2,
			`{"error_code":40902,"message":"Consumer with specified consumer ID already exists in the specified consumer group."}`)
	})
}

// Two members of a group split the partitions by the range assignor, in
// member order, and each record reaches exactly one of them.
func TestSuiteV2GroupSplitsPartitions(t *testing.T) {
	t.Parallel()
	resttest.EachBackend(t, func(t *testing.T, bc resttest.Backend) {
		srv := bc.Start(t, mockproxy.WithTopic("orders", 3))
		a := createV2(t, srv, "g", "a", `,"auto.offset.reset":"earliest"`)
		b := createV2(t, srv, "g", "b", `,"auto.offset.reset":"earliest"`)
		for _, inst := range []string{a, b} {
			resttest.Must(t, srv, 204, "POST", inst+"/subscription", `{"topics":["orders"]}`, "Content-Type: "+ctV2)
		}
		wantA := `{"partitions":[{"topic":"orders","partition":0},{"topic":"orders","partition":1}]}`
		wantB := `{"partitions":[{"topic":"orders","partition":2}]}`
		// Members join at their reads; the group settles once both have.
		eventually(t, srv, "range assignment", func() bool {
			resttest.Must(t, srv, 200, "GET", a+"/records?timeout=1", "", "Accept: "+ctV2B)
			resttest.Must(t, srv, 200, "GET", b+"/records?timeout=1", "", "Accept: "+ctV2B)
			return string(resttest.Must(t, srv, 200, "GET", a+"/assignments", "", "Accept: "+ctV2).Body) == wantA &&
				string(resttest.Must(t, srv, 200, "GET", b+"/assignments", "", "Accept: "+ctV2).Body) == wantB
		})
		for p := range 3 {
			resttest.Must(t, srv, 200, "POST", fmt.Sprintf("/topics/orders/partitions/%d", p), `{"records":[{"value":"`+b64(fmt.Sprint("p", p))+`"}]}`, "Content-Type: "+ctV2B)
		}
		gotA := sortRecords(readN(t, srv, a, 2))
		gotB := readN(t, srv, b, 1)
		if diff := cmp.Diff([]record{{Topic: "orders", Value: "p0", Partition: 0}, {Topic: "orders", Value: "p1", Partition: 1}}, gotA); diff != "" {
			t.Errorf("member a (-want +got):\n%s", diff)
		}
		if diff := cmp.Diff([]record{{Topic: "orders", Value: "p2", Partition: 2}}, gotB); diff != "" {
			t.Errorf("member b (-want +got):\n%s", diff)
		}
	})
}

// Auto-commit is on by default: records read before an instance is
// deleted are committed, and the next member resumes after them.
func TestSuiteV2AutoCommitAtDelete(t *testing.T) {
	t.Parallel()
	resttest.EachBackend(t, func(t *testing.T, bc resttest.Backend) {
		srv := bc.Start(t, mockproxy.WithTopic("orders", 3))
		recs := seedOrders(t, srv)
		for i, name := range []string{"first", "second"} {
			inst := createV2(t, srv, "auto", name, `,"auto.offset.reset":"earliest"`)
			resttest.Must(t, srv, 204, "POST", inst+"/subscription", `{"topics":["orders"]}`, "Content-Type: "+ctV2)
			if i == 0 {
				if diff := cmp.Diff(recs, sortRecords(readN(t, srv, inst, 6))); diff != "" {
					t.Fatalf("first member's records (-want +got):\n%s", diff)
				}
				resttest.Must(t, srv, 204, "DELETE", inst, "", "Content-Type: "+ctV2)
				continue
			}
			out := resttest.Must(t, srv, 200, "POST", "/topics/orders/partitions/1", `{"records":[{"value":"`+b64("late")+`"}]}`, "Content-Type: "+ctV2B).Body
			var off int64
			for _, r := range recs {
				if r.Partition == 1 {
					off = r.Offset + 1
				}
			}
			if diff := cmp.Diff([]record{{Topic: "orders", Value: "late", Partition: 1, Offset: off}}, readN(t, srv, inst, 1)); diff != "" {
				t.Errorf("second member's records (-want +got; produce answered %s):\n%s", out, diff)
			}
		}
	})
}

// When a member leaves, the group rebalances and the one left takes over
// its partitions from their committed offsets: nothing is lost and
// nothing committed is read again.
func TestSuiteV2RebalanceWhenAMemberLeaves(t *testing.T) {
	t.Parallel()
	resttest.EachBackend(t, func(t *testing.T, bc resttest.Backend) {
		srv := bc.Start(t, mockproxy.WithTopic("orders", 3))
		a := createV2(t, srv, "g", "a", `,"auto.offset.reset":"earliest","auto.commit.enable":"false"`)
		b := createV2(t, srv, "g", "b", `,"auto.offset.reset":"earliest","auto.commit.enable":"false"`)
		for _, inst := range []string{a, b} {
			resttest.Must(t, srv, 204, "POST", inst+"/subscription", `{"topics":["orders"]}`, "Content-Type: "+ctV2)
		}
		eventually(t, srv, "range assignment", func() bool {
			resttest.Must(t, srv, 200, "GET", a+"/records?timeout=1", "", "Accept: "+ctV2B)
			resttest.Must(t, srv, 200, "GET", b+"/records?timeout=1", "", "Accept: "+ctV2B)
			return string(resttest.Must(t, srv, 200, "GET", b+"/assignments", "", "Accept: "+ctV2).Body) == `{"partitions":[{"topic":"orders","partition":2}]}`
		})
		produceEach := func(tag string) {
			for p := range 3 {
				resttest.Must(t, srv, 200, "POST", fmt.Sprintf("/topics/orders/partitions/%d", p), `{"records":[{"value":"`+b64(fmt.Sprint(tag, p))+`"}]}`, "Content-Type: "+ctV2B)
			}
		}
		produceEach("old")
		readN(t, srv, a, 2)
		readN(t, srv, b, 1)
		for _, inst := range []string{a, b} {
			resttest.Must(t, srv, 200, "POST", inst+"/offsets", "", "Content-Type: "+ctV2)
		}
		resttest.Must(t, srv, 204, "DELETE", b, "", "Content-Type: "+ctV2)
		eventually(t, srv, "a takes over partition 2", func() bool {
			resttest.Must(t, srv, 200, "GET", a+"/records?timeout=1", "", "Accept: "+ctV2B)
			return string(resttest.Must(t, srv, 200, "GET", a+"/assignments", "", "Accept: "+ctV2).Body) ==
				`{"partitions":[{"topic":"orders","partition":0},{"topic":"orders","partition":1},{"topic":"orders","partition":2}]}`
		})
		produceEach("new")
		got := sortRecords(readN(t, srv, a, 3))
		want := []record{{Topic: "orders", Value: "new0", Partition: 0, Offset: 1}, {Topic: "orders", Value: "new1", Partition: 1, Offset: 1}, {Topic: "orders", Value: "new2", Partition: 2, Offset: 1}}
		if diff := cmp.Diff(want, got); diff != "" {
			t.Errorf("records after the rebalance (-want +got):\n%s", diff)
		}
	})
}

// TestSuiteV2AutoCommitInterval: auto-commit runs on the server's clock on both backends.
func TestSuiteV2AutoCommitInterval(t *testing.T) {
	resttest.EachBackend(t, func(t *testing.T, bc resttest.Backend) {
		clock := backend.NewManualClock(time.Date(2026, 1, 2, 3, 4, 5, 0, time.UTC))
		srv := bc.Start(t, mockproxy.WithTopic("t", 1), mockproxy.WithClock(clock))
		resttest.Must(t, srv, 200, "POST", "/topics/t/partitions/0", `{"records":[{"value":"`+b64("a")+`"},{"value":"`+b64("b")+`"}]}`, "Content-Type: "+ctV2B)
		inst := createV2(t, srv, "g", "c", `,"auto.offset.reset":"earliest","consumer.request.timeout.ms":0`)
		resttest.Must(t, srv, 204, "POST", inst+"/assignments", `{"partitions":[{"topic":"t","partition":0}]}`, "Content-Type: "+ctV2)
		readNow := func() []record { // answers at once: the instance does not wait
			var recs []record
			if err := json.Unmarshal(resttest.Must(t, srv, 200, "GET", inst+"/records", "", "Accept: "+ctV2B).Body, &recs); err != nil {
				t.Fatal(err)
			}
			return recs
		}
		var got []record
		eventually(t, srv, "both records read", func() bool {
			got = append(got, readNow()...)
			return len(got) >= 2
		})
		if len(got) != 2 {
			t.Fatalf("read %d records, want 2: %+v", len(got), got)
		}
		offsets := `{"partitions":[{"topic":"t","partition":0}]}`
		resttest.Want(t, resttest.Do(t, srv, "GET", inst+"/offsets", offsets, "Content-Type: "+ctV2), http.StatusOK, ctV2, `{"offsets":[]}`)
		clock.Advance(5 * time.Second) // auto.commit.interval.ms
		if recs := readNow(); len(recs) != 0 {
			t.Fatalf("read %+v after the records, want nothing", recs)
		}
		resttest.Want(t, resttest.Do(t, srv, "GET", inst+"/offsets", offsets, "Content-Type: "+ctV2), http.StatusOK, ctV2,
			`{"offsets":[{"topic":"t","partition":0,"offset":2,"metadata":""}]}`)
	})
}
