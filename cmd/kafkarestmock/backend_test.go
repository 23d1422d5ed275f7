package main

import (
	"context"
	"fmt"
	"io"
	"net/http"
	"os"
	"strings"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
	"github.com/twmb/franz-go/pkg/kfake"
	"github.com/twmb/franz-go/pkg/kgo"

	"github.com/kafkarestmock/kafkarestmock/fakelog"
)

// runLines runs the program with args until the test ends and returns the
// first two lines it prints: the URL and, with a Kafka backend, the Kafka
// address.
func runLines(t *testing.T, args ...string) (url, kafka string) {
	t.Helper()
	lines, _ := runPrinted(t, 2, args...)
	return lines[0], lines[1]
}

// TestRunKfakeBackend runs the binary's program as a new user would:
// --backend kfake --topic orders:3, a produce through REST (curl's
// request), then a franz-go consumer pointed at the printed Kafka address
// reads the records, keyed onto the partitions the REST answer named.
func TestRunKfakeBackend(t *testing.T) {
	t.Parallel()
	ctx := t.Context()
	url, kafka := runLines(t, "--addr", "127.0.0.1:0", "--backend", "kfake", "--topic", "orders:3")
	if !strings.HasPrefix(kafka, "127.0.0.1:") {
		t.Fatalf("second stdout line = %q, want the Kafka address 127.0.0.1:PORT", kafka)
	}

	client := &http.Client{Transport: &http.Transport{}}
	defer client.CloseIdleConnections()
	req, _ := http.NewRequestWithContext(ctx, "POST", url+"/topics/orders",
		strings.NewReader(`{"records":[{"key":"a2V5LTE=","value":"b25l"},{"key":"a2V5LTI=","value":"dHdv"},{"key":"a2V5LTM=","value":"dGhyZWU="}]}`))
	req.Header.Set("Content-Type", "application/vnd.kafka.binary.v2+json")
	resp, err := client.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	body, _ := io.ReadAll(resp.Body)
	resp.Body.Close()
	if resp.StatusCode != 200 {
		t.Fatalf("produce = %d %s", resp.StatusCode, body)
	}

	cl, err := kgo.NewClient(kgo.SeedBrokers(kafka), kgo.ConsumeTopics("orders"), kgo.ConsumeResetOffset(kgo.NewOffset().AtStart()))
	if err != nil {
		t.Fatal(err)
	}
	defer cl.Close()
	pctx, pcancel := context.WithTimeout(ctx, 20*time.Second)
	defer pcancel()
	got := map[string]string{}
	for len(got) < 3 && pctx.Err() == nil {
		fs := cl.PollFetches(pctx)
		for _, r := range fs.Records() {
			got[string(r.Key)] = fmt.Sprintf("%s@%d", r.Value, r.Partition)
		}
	}
	want := map[string]string{}
	for k, v := range map[string]string{"key-1": "one", "key-2": "two", "key-3": "three"} {
		want[k] = fmt.Sprintf("%s@%d", v, fakelog.PartitionForKey([]byte(k), 3))
	}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("records read natively (-want +got):\n%s", diff)
	}
}

// --backend kafka serves in front of brokers it does not own: here a kfake
// cluster started by the test stands in for them.
func TestRunKafkaBackend(t *testing.T) {
	t.Parallel()
	cluster, err := kfake.NewCluster(kfake.NumBrokers(1), kfake.SeedTopics(2, "existing"))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(cluster.Close) // after the program, whose cleanup is registered later
	ctx := t.Context()
	url, kafka := runLines(t, "--addr", "127.0.0.1:0", "--backend", "kafka", "--brokers", strings.Join(cluster.ListenAddrs(), ","))
	if diff := cmp.Diff(strings.Join(cluster.ListenAddrs(), ","), kafka); diff != "" {
		t.Errorf("second line (-want +got):\n%s", diff)
	}
	client := &http.Client{Transport: &http.Transport{}}
	defer client.CloseIdleConnections()
	req, _ := http.NewRequestWithContext(ctx, "GET", url+"/topics", nil)
	resp, err := client.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	body, _ := io.ReadAll(resp.Body)
	resp.Body.Close()
	if resp.StatusCode != 200 || string(body) != `["existing"]` {
		t.Errorf("GET /topics = %d %s, want the brokers' topic", resp.StatusCode, body)
	}
}

func TestRunKafkaLayerScenarioNeedsKfake(t *testing.T) {
	t.Parallel()
	path := t.TempDir() + "/kafka.json"
	if err := os.WriteFile(path, []byte(`{"faults":[{"layer":"kafka","kafka_error":"NOT_LEADER_OR_FOLLOWER"}]}`), 0o644); err != nil {
		t.Fatal(err)
	}
	err := run(t.Context(), []string{"--addr", "127.0.0.1:0", "--scenario", path}, noEnv, io.Discard, io.Discard)
	want := "--scenario " + path + `: faults[0].layer: "kafka" needs --backend kfake (the backend is memory)`
	if err == nil || err.Error() != want || exitCode(err) != 2 {
		t.Errorf("run = %v (exit %d), want %q (exit 2)", err, exitCode(err), want)
	}
}
