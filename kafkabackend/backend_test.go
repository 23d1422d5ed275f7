package kafkabackend_test

import (
	"net/http"
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/twmb/franz-go/pkg/kfake"

	"github.com/kafkarestmock/kafkarestmock/fakelog"
	"github.com/kafkarestmock/kafkarestmock/internal/resttest"
	"github.com/kafkarestmock/kafkarestmock/kafkabackend"
	"github.com/kafkarestmock/kafkarestmock/mockproxy"
)

// Reset on an owned kfake cluster deletes every topic and group, then the
// server creates its start topics again.
func TestResetOnKfake(t *testing.T) {
	t.Parallel()
	srv, kb := kafkabackend.NewServer(t, mockproxy.WithTopic("orders", 2))
	resttest.Must(t, srv, 200, "POST", "/topics/orders", `{"records":[{"value":"YQ=="}]}`, "Content-Type: "+ctV2B)
	resttest.Must(t, srv, 200, "POST", "/topics/extra", `{"records":[{"value":"YQ=="}]}`, "Content-Type: "+ctV2B)
	if err := kb.CommitOffsets("g", map[fakelog.TopicPartition]fakelog.OffsetAndMetadata{{Topic: "orders", Partition: 0}: {Offset: 1}}); err != nil {
		t.Fatal(err)
	}
	inst := createV2(t, srv, "g", "c1", "")
	resttest.Want(t, resttest.Do(t, srv, "POST", "/_mock/reset", ""), http.StatusOK, "application/json", `{"status":"ok"}`)
	resttest.Want(t, resttest.Do(t, srv, "GET", "/topics", "", "Accept: "+ctV2), http.StatusOK, ctV2, `["orders"]`)
	if got := stored(t, srv, "orders"); len(got) != 0 {
		t.Errorf("orders holds %d records after reset", len(got))
	}
	if got := kb.CommittedOffsets("g"); len(got) != 0 {
		t.Errorf("group g keeps offsets %v after reset", got)
	}
	resttest.Want(t, resttest.Do(t, srv, "GET", inst+"/assignments", "", "Accept: "+ctV2), http.StatusNotFound, ctV2,
		`{"error_code":40403,"message":"Consumer instance not found."}`)
}

// On brokers it does not own, the backend serves REST but refuses to
// wipe them or to fail their requests.
func TestExternalBrokers(t *testing.T) {
	t.Parallel()
	cluster, err := kfake.NewCluster(kfake.NumBrokers(1))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(cluster.Close)
	kb, err := kafkabackend.New(cluster.ListenAddrs())
	if err != nil {
		t.Fatal(err)
	}
	if kb.Cluster() != nil {
		t.Error("Cluster() of external brokers is not nil")
	}
	srv := mockproxy.NewServer(t, mockproxy.WithBackend(kb), mockproxy.WithTopic("orders", 1))
	resttest.Want(t, resttest.Do(t, srv, "POST", "/topics/orders", `{"records":[{"value":"YQ=="}]}`, "Content-Type: "+ctV2B, "Accept: "+ctV2), http.StatusOK, ctV2,
		`{"offsets":[{"partition":0,"offset":0,"error_code":null,"error":null}],"key_schema_id":null,"value_schema_id":null}`)
	inst := createV2(t, srv, "g", "kept", "")
	resttest.Want(t, resttest.Do(t, srv, "POST", "/_mock/reset", ""), http.StatusInternalServerError, "application/json",
		`{"error_code":500,"message":"mockproxy: reset: kafkabackend: reset refused on external brokers"}`)
	if diff := cmp.Diff([]fakelog.Record{{Topic: "orders", Value: []byte("a")}}, stored(t, srv, "orders"), ignoreTimestamps); diff != "" {
		t.Errorf("records after a refused reset (-want +got):\n%s", diff)
	}
	resttest.Want(t, resttest.Do(t, srv, "GET", inst+"/assignments", "", "Accept: "+ctV2), http.StatusOK, ctV2, `{"partitions":[]}`)
	rule := `{"layer":"kafka","kafka_error":"NOT_LEADER_OR_FOLLOWER"}`
	resttest.Want(t, resttest.Do(t, srv, "POST", "/_mock/faults", rule, "Content-Type: application/json"), http.StatusBadRequest, "application/json",
		`{"error_code":400,"message":"layer: \"kafka\" needs the kfake backend; real brokers cannot be told to fail requests"}`)
	if n := len(srv.Faults()); n != 0 {
		t.Errorf("%d rules installed after a refused one", n)
	}
}

func TestNewNoBrokers(t *testing.T) {
	t.Parallel()
	if _, err := kafkabackend.New(nil); err == nil || err.Error() != "kafkabackend: no brokers" {
		t.Errorf("New(nil) = %v, want kafkabackend: no brokers", err)
	}
}
