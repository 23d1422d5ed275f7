package kafkabackend_test

import (
	"net/http"
	"testing"

	"github.com/kafkarestmock/kafkarestmock/internal/resttest"
	"github.com/kafkarestmock/kafkarestmock/mockproxy"
)

// TestSuiteJoinAtFirstRead checks that a subscribed instance joins its
// group at its first read, as the Java consumer joins at its first poll:
// before it, the instance has no assignment, so seeking a partition is
// the IllegalStateException's 40903; after it, the seek is accepted.
func TestSuiteJoinAtFirstRead(t *testing.T) {
	t.Parallel()
	resttest.EachBackend(t, func(t *testing.T, bc resttest.Backend) {
		srv := bc.Start(t, mockproxy.WithTopic("test", 1))
		inst := createV2(t, srv, "g", "c1", `,"auto.offset.reset":"earliest"`)
		resttest.Want(t, resttest.Do(t, srv, "POST", inst+"/subscription", `{"topics":["test"]}`, "Content-Type: "+ctV2), http.StatusNoContent, "", "")
		seek := `{"offsets":[{"topic":"test","partition":0,"offset":0}]}`
		resttest.WantError(t, resttest.Do(t, srv, "POST", inst+"/positions", seek, "Content-Type: "+ctV2),
			http.StatusConflict, ctV2, 40903, "Illegal state: No current assignment for partition test-0")
		resttest.Want(t, resttest.Do(t, srv, "GET", inst+"/assignments", "", "Accept: "+ctV2), http.StatusOK, ctV2, `{"partitions":[]}`)
		// The first read joins; the assignment follows within the
		// rebalance (at once in memory, a heartbeat round on Kafka).
		waitAssigned(t, srv, inst, `{"partitions":[{"topic":"test","partition":0}]}`)
		resttest.Want(t, resttest.Do(t, srv, "POST", inst+"/positions", seek, "Content-Type: "+ctV2), http.StatusNoContent, "", "")
	})
}

// waitAssigned reads from inst (the reads drive the join) until GET
// .../assignments answers want.
func waitAssigned(t *testing.T, srv *mockproxy.Server, inst, want string) {
	t.Helper()
	eventually(t, srv, "assignment "+want, func() bool {
		resttest.Must(t, srv, http.StatusOK, "GET", inst+"/records?timeout=0", "", "Accept: "+ctV2B)
		return string(resttest.Must(t, srv, http.StatusOK, "GET", inst+"/assignments", "", "Accept: "+ctV2).Body) == want
	})
}
