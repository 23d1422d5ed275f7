package mockproxy_test

import (
	"encoding/json"
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/kafkarestmock/kafkarestmock/mockproxy"
)

func TestAdminFaultsAndRequests(t *testing.T) {
	t.Parallel()
	eachBackend(t, testAdminFaultsAndRequests)
}

func testAdminFaultsAndRequests(t *testing.T, bc backendCase) {
	t.Parallel()
	srv := bc.start(t, mockproxy.WithTopic("orders", 1))
	if got := do(t, srv, "GET", "/_mock/health", ""); got.status != 200 || string(got.body) != `{"status":"ok"}` {
		t.Errorf("health = %d %s", got.status, got.body)
	}
	got := do(t, srv, "POST", "/_mock/faults", `{"name":"nl","match":{"method":"POST","route":"/topics/{topic}","topic":"orders"},"kafka_error":"NOT_LEADER_FOR_PARTITION","times":1}`,
		"Content-Type: application/json")
	if got.status != 201 || got.contentType != ctJSON || string(got.body) != `{"id":"1"}` {
		t.Fatalf("add fault = %d %q %s", got.status, got.contentType, got.body)
	}
	wantError(t, do(t, srv, "POST", "/_mock/faults", `{"kafka_error":"NOPE"}`), 400, ctJSON, 400, `kafka_error: unknown Kafka error "NOPE"`)
	wantErrorPrefix(t, do(t, srv, "POST", "/_mock/faults", `{"match":{"topik":"x"},"delay_ms":1}`), 400, ctJSON, 400, "match: unknown field")

	r := do(t, srv, "POST", "/topics/orders", `{"records":[{"value":"aGk="}]}`, "Content-Type: "+ctV2B)
	if r.status != 200 || !json.Valid(r.body) {
		t.Fatalf("produce = %d %s", r.status, r.body)
	}
	var rules []struct {
		ID            string
		Matched, Hits int
		Fault         struct {
			Name       string
			KafkaError string `json:"kafka_error"`
		}
	}
	if err := json.Unmarshal(do(t, srv, "GET", "/_mock/faults", "").body, &rules); err != nil {
		t.Fatalf("list faults: %v", err)
	}
	if len(rules) != 0 {
		t.Errorf("rules after the only firing = %+v, want none (times: 1)", rules)
	}
	do(t, srv, "POST", "/_mock/faults", `{"match":{"route":"/topics"},"delay_ms":1}`)
	if err := json.Unmarshal(do(t, srv, "GET", "/_mock/faults", "").body, &rules); err != nil {
		t.Fatalf("list faults: %v", err)
	}
	if len(rules) != 1 || rules[0].ID != "2" {
		t.Errorf("rules = %+v", rules)
	}
	wantError(t, do(t, srv, "DELETE", "/_mock/faults/99", ""), 404, ctJSON, 404, "no fault rule with id 99")
	if got := do(t, srv, "DELETE", "/_mock/faults/2", ""); got.status != 204 {
		t.Errorf("delete rule = %d", got.status)
	}

	var journal []mockproxy.JournalEntry
	if err := json.Unmarshal(do(t, srv, "GET", "/_mock/requests", "").body, &journal); err != nil {
		t.Fatal(err)
	}
	var summary []string
	for _, e := range journal {
		summary = append(summary, e.Method+" "+e.Route+" "+e.Fault)
	}
	if diff := cmp.Diff([]string{"POST /topics/{topic} 1"}, summary); diff != "" {
		t.Errorf("journal (admin requests are not recorded) (-want +got):\n%s", diff)
	}
	if got := do(t, srv, "DELETE", "/_mock/requests", ""); got.status != 204 || len(srv.Requests()) != 0 {
		t.Errorf("clear journal = %d, %d left", got.status, len(srv.Requests()))
	}
	wantError(t, do(t, srv, "PUT", "/_mock/faults", "{}"), 405, ctJSON, 405, "HTTP 405 Method Not Allowed")
}
