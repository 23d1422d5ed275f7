package kafkabackend_test

import (
	"fmt"
	"net/http"
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/google/go-cmp/cmp/cmpopts"

	"github.com/kafkarestmock/kafkarestmock/fakelog"
	"github.com/kafkarestmock/kafkarestmock/internal/resttest"
	"github.com/kafkarestmock/kafkarestmock/mockproxy"
	"github.com/kafkarestmock/kafkarestmock/scenario"
)

// stored returns what the server's backend holds for topic, partition by
// partition, without timestamps.
func stored(t testing.TB, srv *mockproxy.Server, topic string) []fakelog.Record {
	t.Helper()
	recs, err := srv.Records(topic)
	if err != nil {
		t.Fatalf("Records(%q): %v", topic, err)
	}
	return recs
}

var ignoreTimestamps = cmpopts.IgnoreFields(fakelog.Record{}, "Timestamp")

func TestSuiteV2ProduceKeyedBinary(t *testing.T) {
	t.Parallel()
	resttest.EachBackend(t, func(t *testing.T, bc resttest.Backend) {
		srv := bc.Start(t, mockproxy.WithTopic("orders", 3))
		keys := []string{"alpha", "beta", "gamma", "delta"}
		body := `{"records":[`
		for i, k := range keys {
			if i > 0 {
				body += ","
			}
			body += fmt.Sprintf(`{"key":%q,"value":%q}`, b64(k), b64("v-"+k))
		}
		body += `]}`
		// Offsets count up per partition in request order.
		next := map[int32]int64{}
		var offsets string
		var wantRecs []fakelog.Record
		for i, k := range keys {
			p := fakelog.PartitionForKey([]byte(k), 3)
			if i > 0 {
				offsets += ","
			}
			offsets += fmt.Sprintf(`{"partition":%d,"offset":%d,"error_code":null,"error":null}`, p, next[p])
			wantRecs = append(wantRecs, fakelog.Record{Topic: "orders", Partition: p, Offset: next[p], Key: []byte(k), Value: []byte("v-" + k)})
			next[p]++
		}
		resttest.Want(t, resttest.Do(t, srv, "POST", "/topics/orders", body, "Content-Type: "+ctV2B, "Accept: "+ctV2), http.StatusOK, ctV2,
			`{"offsets":[`+offsets+`],"key_schema_id":null,"value_schema_id":null}`)
		got := stored(t, srv, "orders")
		sortFake(wantRecs)
		if diff := cmp.Diff(wantRecs, got, ignoreTimestamps, cmpopts.EquateEmpty()); diff != "" {
			t.Errorf("stored records (-want +got):\n%s", diff)
		}
	})
}

func sortFake(recs []fakelog.Record) {
	for i := 1; i < len(recs); i++ {
		for j := i; j > 0 && (recs[j].Partition < recs[j-1].Partition || recs[j].Partition == recs[j-1].Partition && recs[j].Offset < recs[j-1].Offset); j-- {
			recs[j], recs[j-1] = recs[j-1], recs[j]
		}
	}
}

func TestSuiteV2ProduceJSONToPartition(t *testing.T) {
	t.Parallel()
	resttest.EachBackend(t, func(t *testing.T, bc resttest.Backend) {
		srv := bc.Start(t, mockproxy.WithTopic("events", 2))
		resttest.Want(t, resttest.Do(t, srv, "POST", "/topics/events/partitions/1", `{"records":[{"value":{"n":1}},{"key":"k","value":[true,null]}]}`,
			"Content-Type: "+ctV2J, "Accept: "+ctV2), http.StatusOK, ctV2,
			`{"offsets":[{"partition":1,"offset":0,"error_code":null,"error":null},{"partition":1,"offset":1,"error_code":null,"error":null}],"key_schema_id":null,"value_schema_id":null}`)
		wantRecs := []fakelog.Record{
			{Topic: "events", Partition: 1, Offset: 0, Value: []byte(`{"n":1}`)},
			{Topic: "events", Partition: 1, Offset: 1, Key: []byte(`"k"`), Value: []byte(`[true,null]`)},
		}
		if diff := cmp.Diff(wantRecs, stored(t, srv, "events"), ignoreTimestamps, cmpopts.EquateEmpty()); diff != "" {
			t.Errorf("stored records (-want +got):\n%s", diff)
		}
	})
}

func TestSuiteV2ProduceErrors(t *testing.T) {
	t.Parallel()
	resttest.EachBackend(t, func(t *testing.T, bc resttest.Backend) {
		srv := bc.Start(t, mockproxy.WithTopic("orders", 2), mockproxy.WithAutoCreateTopics(false))
		for _, tc := range []struct {
			name, path, ct, body string
			status               int
			want                 string
		}{
			{"partition out of range", "/topics/orders", ctV2B, `{"records":[{"value":"YQ==","partition":5}]}`, 200,
				`{"offsets":[{"partition":null,"offset":null,"error_code":50003,"error":"Partition 5 of topic orders with partition count 2 is not present in metadata after 60000 ms."}],"key_schema_id":null,"value_schema_id":null}`},
			{"unknown topic", "/topics/nope", ctV2B, `{"records":[{"value":"YQ=="}]}`, 200,
				`{"offsets":[{"partition":null,"offset":null,"error_code":50003,"error":"Topic nope not present in metadata after 60000 ms."}],"key_schema_id":null,"value_schema_id":null}`},
			{"bad base64", "/topics/orders", ctV2B, `{"records":[{"value":"!!"}]}`, 400,
				`{"error_code":400,"message":"Bad Request: data=\"!!\" is not a valid base64 string."}`},
		} {
			t.Run(tc.name, func(t *testing.T) {
				got := resttest.Do(t, srv, "POST", tc.path, tc.body, "Content-Type: "+tc.ct, "Accept: "+ctV2)
				resttest.Want(t, got, tc.status, ctV2, tc.want)
			})
		}
		if got := stored(t, srv, "orders"); len(got) != 0 {
			t.Errorf("stored %d records after failed produces: %+v", len(got), got)
		}
	})
}

func TestSuiteV2ProduceAutoCreate(t *testing.T) {
	t.Parallel()
	resttest.EachBackend(t, func(t *testing.T, bc resttest.Backend) {
		srv := bc.Start(t, mockproxy.WithDefaultPartitions(2))
		resttest.Want(t, resttest.Do(t, srv, "POST", "/topics/fresh/partitions/1", `{"records":[{"value":"YQ=="}]}`, "Content-Type: "+ctV2B, "Accept: "+ctV2),
			http.StatusOK, ctV2, `{"offsets":[{"partition":1,"offset":0,"error_code":null,"error":null}],"key_schema_id":null,"value_schema_id":null}`)
		resttest.Want(t, resttest.Do(t, srv, "GET", "/topics", "", "Accept: "+ctV2), http.StatusOK, ctV2, `["fresh"]`)
	})
}

// A REST-level fault is what a client of the proxy sees, on every
// backend: the record's entry carries the error inside a 200.
func TestSuiteV2ProduceRESTFault(t *testing.T) {
	t.Parallel()
	resttest.EachBackend(t, func(t *testing.T, bc resttest.Backend) {
		srv := bc.Start(t, mockproxy.WithTopic("orders", 1))
		h := srv.Inject(scenario.Fault{Match: scenario.Match{Route: "/topics/{topic}", Topic: "orders"}, KafkaError: "NOT_LEADER_OR_FOLLOWER", Times: 1})
		resttest.Want(t, resttest.Do(t, srv, "POST", "/topics/orders", `{"records":[{"value":"YQ=="},{"value":"Yg=="}]}`, "Content-Type: "+ctV2B, "Accept: "+ctV2),
			http.StatusOK, ctV2, `{"offsets":[{"partition":null,"offset":null,"error_code":50003,"error":"For requests intended only for the leader, this error indicates that the broker is not the current leader. For requests intended for any replica, this error indicates that the broker is not a replica of the topic partition."},`+
				`{"partition":0,"offset":0,"error_code":null,"error":null}],"key_schema_id":null,"value_schema_id":null}`)
		if h.Hits() != 1 {
			t.Errorf("hits = %d, want 1", h.Hits())
		}
		if diff := cmp.Diff([]fakelog.Record{{Topic: "orders", Value: []byte("b")}}, stored(t, srv, "orders"), ignoreTimestamps, cmpopts.EquateEmpty()); diff != "" {
			t.Errorf("stored records (-want +got):\n%s", diff)
		}
	})
}
