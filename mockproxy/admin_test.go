package mockproxy_test

import (
	"encoding/json"
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/kafkarestmock/kafkarestmock/internal/resttest"
	"github.com/kafkarestmock/kafkarestmock/mockproxy"
)

func TestAdminFaultsAndRequests(t *testing.T) {
	t.Parallel()
	resttest.EachBackend(t, testAdminFaultsAndRequests)
}

func testAdminFaultsAndRequests(t *testing.T, bc resttest.Backend) {
	srv := bc.Start(t, mockproxy.WithTopic("orders", 1))
	if got := resttest.Do(t, srv, "GET", "/_mock/health", ""); got.Status != 200 || string(got.Body) != `{"status":"ok"}` {
		t.Errorf("health = %d %s", got.Status, got.Body)
	}
	got := resttest.Do(t, srv, "POST", "/_mock/faults", `{"name":"nl","match":{"method":"POST","route":"/topics/{topic}","topic":"orders"},"kafka_error":"NOT_LEADER_FOR_PARTITION","times":1}`,
		"Content-Type: application/json")
	if got.Status != 201 || got.ContentType != ctJSON || string(got.Body) != `{"id":"1"}` {
		t.Fatalf("add fault = %d %q %s", got.Status, got.ContentType, got.Body)
	}
	resttest.WantError(t, resttest.Do(t, srv, "POST", "/_mock/faults", `{"kafka_error":"NOPE"}`), 400, ctJSON, 400, `kafka_error: unknown Kafka error "NOPE"`)
	resttest.WantError(t, resttest.Do(t, srv, "POST", "/_mock/faults", `{"delay_ms":1},{"delay_ms":2}`), 400, ctJSON, 400, "Unexpected content after the JSON value at line 1, column 15: the body must be one JSON value")
	resttest.WantErrorPrefix(t, resttest.Do(t, srv, "POST", "/_mock/faults", `{"match":{"topik":"x"},"delay_ms":1}`), 400, ctJSON, 400, "match: unknown field")

	r := resttest.Do(t, srv, "POST", "/topics/orders", `{"records":[{"value":"aGk="}]}`, "Content-Type: "+ctV2B)
	if r.Status != 200 || !json.Valid(r.Body) {
		t.Fatalf("produce = %d %s", r.Status, r.Body)
	}
	var rules []struct {
		ID            string
		Matched, Hits int
		Fault         struct {
			Name       string
			KafkaError string `json:"kafka_error"`
		}
	}
	if err := json.Unmarshal(resttest.Do(t, srv, "GET", "/_mock/faults", "").Body, &rules); err != nil {
		t.Fatalf("list faults: %v", err)
	}
	if len(rules) != 0 {
		t.Errorf("rules after the only firing = %+v, want none (times: 1)", rules)
	}
	resttest.Do(t, srv, "POST", "/_mock/faults", `{"match":{"route":"/topics"},"delay_ms":1}`)
	if err := json.Unmarshal(resttest.Do(t, srv, "GET", "/_mock/faults", "").Body, &rules); err != nil {
		t.Fatalf("list faults: %v", err)
	}
	if len(rules) != 1 || rules[0].ID != "2" {
		t.Errorf("rules = %+v", rules)
	}
	resttest.WantError(t, resttest.Do(t, srv, "DELETE", "/_mock/faults/99", ""), 404, ctJSON, 404, "no fault rule with id 99")
	if got := resttest.Do(t, srv, "DELETE", "/_mock/faults/2", ""); got.Status != 204 {
		t.Errorf("delete rule = %d", got.Status)
	}

	var journal []mockproxy.JournalEntry
	if err := json.Unmarshal(resttest.Do(t, srv, "GET", "/_mock/requests", "").Body, &journal); err != nil {
		t.Fatal(err)
	}
	var summary []string
	for _, e := range journal {
		summary = append(summary, e.Method+" "+e.Route+" "+e.Fault)
	}
	if diff := cmp.Diff([]string{"POST /topics/{topic} 1"}, summary); diff != "" {
		t.Errorf("journal (admin requests are not recorded) (-want +got):\n%s", diff)
	}
	if got := resttest.Do(t, srv, "DELETE", "/_mock/requests", ""); got.Status != 204 || len(srv.Requests()) != 0 {
		t.Errorf("clear journal = %d, %d left", got.Status, len(srv.Requests()))
	}
	resttest.WantError(t, resttest.Do(t, srv, "PUT", "/_mock/faults", "{}"), 405, ctJSON, 405, "HTTP 405 Method Not Allowed")
}

// The web page learns the effects a rule can have from the server.
func TestAdminEffects(t *testing.T) {
	t.Parallel()
	srv := mockproxy.NewServer(t)
	resttest.Want(t, resttest.Do(t, srv, "GET", "/_mock/effects", ""), 200, ctJSON,
		`["kafka_error","response","delay_ms","drop_connection","empty_polls"]`)
}
