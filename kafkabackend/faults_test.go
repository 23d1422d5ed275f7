package kafkabackend_test

import (
	"fmt"
	"net/http"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/google/go-cmp/cmp/cmpopts"

	"github.com/kafkarestmock/kafkarestmock/fakelog"
	"github.com/kafkarestmock/kafkarestmock/internal/resttest"
	"github.com/kafkarestmock/kafkarestmock/kafkabackend"
	"github.com/kafkarestmock/kafkarestmock/mockproxy"
	"github.com/kafkarestmock/kafkarestmock/scenario"
)

// The same Kafka error at two layers: a broker's NOT_LEADER_OR_FOLLOWER
// on Produce is retried by the proxy's producer and the REST client sees
// a success; the REST-level rule is what the client sees.
func TestKafkaLayerFaultVersusRESTFault(t *testing.T) {
	t.Parallel()
	srv, _ := kafkabackend.NewServer(t, mockproxy.WithTopic("orders", 1))
	body := `{"records":[{"value":"YQ=="}]}`

	kafka := srv.Inject(scenario.Fault{
		Layer:      scenario.LayerKafka,
		Match:      scenario.Match{Topic: "orders", KafkaRequest: "produce"},
		KafkaError: "NOT_LEADER_OR_FOLLOWER",
		Times:      2,
	})
	resttest.Want(t, resttest.Do(t, srv, "POST", "/topics/orders", body, "Content-Type: "+ctV2B), http.StatusOK, ctV2,
		`{"offsets":[{"partition":0,"offset":0,"error_code":null,"error":null}],"key_schema_id":null,"value_schema_id":null}`)
	if got := kafka.Hits(); got != 2 {
		t.Errorf("Kafka-layer rule hits = %d, want 2 (two Produce requests failed, the third stored the record)", got)
	}

	rest := srv.Inject(scenario.Fault{
		Match:      scenario.Match{Route: "/topics/{topic}", Topic: "orders"},
		KafkaError: "NOT_LEADER_OR_FOLLOWER",
		Times:      1,
	})
	resttest.Want(t, resttest.Do(t, srv, "POST", "/topics/orders", body, "Content-Type: "+ctV2B), http.StatusOK, ctV2,
		`{"offsets":[{"partition":null,"offset":null,"error_code":50003,"error":"For requests intended only for the leader, this error indicates that the broker is not the current leader. For requests intended for any replica, this error indicates that the broker is not a replica of the topic partition."}],"key_schema_id":null,"value_schema_id":null}`)
	if got := rest.Hits(); got != 1 {
		t.Errorf("REST rule hits = %d, want 1", got)
	}
	if diff := cmp.Diff([]fakelog.Record{{Topic: "orders", Value: []byte("a")}}, stored(t, srv, "orders"), ignoreTimestamps, cmpopts.EquateEmpty()); diff != "" {
		t.Errorf("stored records (-want +got):\n%s", diff)
	}
}

// A non-retriable error from the broker reaches the REST client as the
// producer surfaces it: a per-record error inside a 200.
func TestKafkaLayerFaultNotRetriable(t *testing.T) {
	t.Parallel()
	srv, _ := kafkabackend.NewServer(t, mockproxy.WithTopic("orders", 1))
	h := srv.Inject(scenario.Fault{
		Layer:      scenario.LayerKafka,
		Match:      scenario.Match{Topic: "orders", KafkaRequest: "Produce"},
		KafkaError: "MESSAGE_TOO_LARGE",
		Times:      1,
	})
	resttest.Want(t, resttest.Do(t, srv, "POST", "/topics/orders", `{"records":[{"value":"YQ=="}]}`, "Content-Type: "+ctV2B), http.StatusOK, ctV2,
		`{"offsets":[{"partition":null,"offset":null,"error_code":50002,"error":"The request included a message larger than the max message size the server will accept."}],"key_schema_id":null,"value_schema_id":null}`)
	if h.Hits() != 1 {
		t.Errorf("hits = %d, want 1", h.Hits())
	}
}

// Kafka-layer rules installed through the admin API and listed with
// their hits; the in-memory backend refuses them.
func TestKafkaLayerFaultAdminAPI(t *testing.T) {
	t.Parallel()
	rule := `{"layer":"kafka","match":{"topic":"orders","kafka_request":"fetch"},"kafka_error":"NOT_LEADER_OR_FOLLOWER","times":1}`
	srv, _ := kafkabackend.NewServer(t, mockproxy.WithTopic("orders", 1))
	resttest.Want(t, resttest.Do(t, srv, "POST", "/_mock/faults", rule, "Content-Type: application/json"), http.StatusCreated, "application/json", `{"id":"1"}`)

	mem := mockproxy.NewServer(t, mockproxy.WithTopic("orders", 1))
	resttest.Want(t, resttest.Do(t, mem, "POST", "/_mock/faults", rule, "Content-Type: application/json"), http.StatusBadRequest, "application/json",
		`{"error_code":400,"message":"layer: \"kafka\" needs a backend with Kafka-level faults (kafkabackend over kfake)"}`)
	for _, tc := range []struct{ rule, msg string }{
		{`{"layer":"kafka","match":{"route":"/topics/{topic}"},"kafka_error":"NOT_LEADER_OR_FOLLOWER"}`, `match.route: not available in layer \"kafka\": match topic, partition, group and kafka_request`},
		{`{"layer":"kafka","delay_ms":5}`, `layer: \"kafka\" needs kafka_error`},
		{`{"layer":"kafka","match":{"kafka_request":"Frobnicate"},"kafka_error":"NOT_LEADER_OR_FOLLOWER"}`, `match.kafka_request: unknown Kafka request \"Frobnicate\"`},
		{`{"layer":"broker","kafka_error":"NOT_LEADER_OR_FOLLOWER"}`, `layer: must be \"rest\" or \"kafka\", got \"broker\"`},
		{`{"match":{"kafka_request":"produce"},"kafka_error":"NOT_LEADER_OR_FOLLOWER"}`, `match.kafka_request: needs layer \"kafka\"`},
	} {
		got := resttest.Do(t, srv, "POST", "/_mock/faults", tc.rule, "Content-Type: application/json")
		resttest.Want(t, got, http.StatusBadRequest, "application/json", `{"error_code":400,"message":"`+tc.msg+`"}`)
	}
	// Only the accepted rule is installed, listed with its layer; no
	// Kafka request has been made, so nothing matched.
	resttest.Want(t, resttest.Do(t, srv, "GET", "/_mock/faults", ""), http.StatusOK, "application/json",
		`[{"id":"1","fault":{"match":{"topic":"orders","kafka_request":"fetch"},"kafka_error":"NOT_LEADER_OR_FOLLOWER","times":1,"layer":"kafka"},"matched":0,"hits":0}]`)
}

// testdata/scenario/kafka-leader-moves.json, as the binary loads it with
// --scenario: two Produce requests fail at the broker and are retried
// unseen; the third REST produce reports the error per record.
func TestKafkaLayerScenarioFile(t *testing.T) {
	t.Parallel()
	srv, _ := kafkabackend.NewServer(t, mockproxy.WithTopic("orders", 1), mockproxy.WithScenarioFile("../testdata/scenario/kafka-leader-moves.json"))
	ok := `{"offsets":[{"partition":0,"offset":%d,"error_code":null,"error":null}],"key_schema_id":null,"value_schema_id":null}`
	for i := range 2 {
		resttest.Want(t, resttest.Do(t, srv, "POST", "/topics/orders", `{"records":[{"value":"YQ=="}]}`, "Content-Type: "+ctV2B), http.StatusOK, ctV2, fmt.Sprintf(ok, i))
	}
	got := resttest.Do(t, srv, "POST", "/topics/orders", `{"records":[{"value":"YQ=="}]}`, "Content-Type: "+ctV2B)
	if got.Status != 200 || !strings.Contains(string(got.Body), `"error_code":50003`) {
		t.Errorf("third produce = %d %s, want a per-record 50003", got.Status, string(got.Body))
	}
	var hits []int
	for _, r := range srv.Faults() {
		hits = append(hits, r.Hits)
	}
	if len(hits) != 0 {
		t.Errorf("rules left with hits %v, want both retired", hits)
	}
}

// A non-retriable broker error on Fetch reaches the REST read as the
// proxy's exception mapper renders it.
func TestKafkaLayerFaultOnFetch(t *testing.T) {
	t.Parallel()
	srv, _ := kafkabackend.NewServer(t, mockproxy.WithTopic("orders", 1))
	resttest.Must(t, srv, 200, "POST", "/topics/orders", `{"records":[{"value":"YQ=="}]}`, "Content-Type: "+ctV2B)
	h := srv.Inject(scenario.Fault{
		Layer:      scenario.LayerKafka,
		Match:      scenario.Match{Topic: "orders", KafkaRequest: "Fetch"},
		KafkaError: "TOPIC_AUTHORIZATION_FAILED",
		Times:      1,
	})
	inst := createV2(t, srv, "g", "c1", `,"auto.offset.reset":"earliest"`)
	resttest.Must(t, srv, 204, "POST", inst+"/assignments", `{"partitions":[{"topic":"orders","partition":0}]}`, "Content-Type: "+ctV2)
	resttest.Want(t, resttest.Do(t, srv, "GET", inst+"/records?timeout=5000", "", "Accept: "+ctV2B), http.StatusForbidden, ctV2B,
		`{"error_code":40301,"message":"Topic authorization failed."}`)
	if h.Hits() != 1 {
		t.Errorf("hits = %d, want 1", h.Hits())
	}
}
