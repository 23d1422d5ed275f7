package kafkabackend_test

import (
	"encoding/json"
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/twmb/franz-go/pkg/kgo"

	"github.com/kafkarestmock/kafkarestmock/internal/resttest"
	"github.com/kafkarestmock/kafkarestmock/kafkabackend"
	"github.com/kafkarestmock/kafkarestmock/mockproxy"
	"github.com/kafkarestmock/kafkarestmock/scenario"
)

// TestSoakKafkaLayerFaults produces and consumes through REST while the
// broker fails a seeded share of Produce and Fetch requests with
// retriable errors. The proxy's idempotent producer retries, so every
// record is stored exactly once; a group of two REST consumers, committing
// after each read, gets every record exactly once, in order per partition.
func TestSoakKafkaLayerFaults(t *testing.T) {
	t.Parallel()
	const (
		records = 1000
		batch   = 25
	)
	kb := kafkabackend.NewKfakeBackend(t, kafkabackend.WithKgoOptions(
		kgo.RetryBackoffFn(func(int) time.Duration { return time.Millisecond })))
	srv := mockproxy.NewServer(t, mockproxy.WithBackend(kb), mockproxy.WithTopic("orders", 3))
	produceRule := srv.Inject(scenario.Fault{Layer: scenario.LayerKafka, KafkaError: "NOT_LEADER_OR_FOLLOWER",
		Match: scenario.Match{Topic: "orders", KafkaRequest: "Produce"}, Probability: ptr(0.3), Seed: 7})
	fetchRule := srv.Inject(scenario.Fault{Layer: scenario.LayerKafka, KafkaError: "REPLICA_NOT_AVAILABLE",
		Match: scenario.Match{Topic: "orders", KafkaRequest: "Fetch"}, Probability: ptr(0.3), Seed: 11})

	members := []string{
		createV2(t, srv, "soak", "a", `,"auto.offset.reset":"earliest","auto.commit.enable":"false"`),
		createV2(t, srv, "soak", "b", `,"auto.offset.reset":"earliest","auto.commit.enable":"false"`),
	}
	for _, m := range members {
		resttest.Must(t, srv, 204, "POST", m+"/subscription", `{"topics":["orders"]}`, "Content-Type: "+ctV2)
	}
	// Let the group settle before producing, so no record is read twice
	// across a rebalance.
	eventually(t, srv, "both members assigned", func() bool {
		for _, m := range members {
			resttest.Must(t, srv, 200, "GET", m+"/records?timeout=1", "", "Accept: "+ctV2B)
			if string(resttest.Must(t, srv, 200, "GET", m+"/assignments", "", "Accept: "+ctV2).Body) == `{"partitions":[]}` {
				return false
			}
		}
		return true
	})

	for i := 0; i < records; i += batch {
		var sb strings.Builder
		sb.WriteString(`{"records":[`)
		for j := i; j < i+batch; j++ {
			if j > i {
				sb.WriteByte(',')
			}
			fmt.Fprintf(&sb, `{"key":%q,"value":%q}`, b64(fmt.Sprintf("k%d", j%17)), b64(fmt.Sprintf("r%04d", j)))
		}
		sb.WriteString(`]}`)
		out := string(resttest.Must(t, srv, 200, "POST", "/topics/orders", sb.String(), "Content-Type: "+ctV2B).Body)
		if strings.Contains(out, `"error_code":5`) {
			t.Fatalf("produce batch %d: %s", i/batch, out)
		}
	}
	if produceRule.Hits() == 0 {
		t.Fatal("no Produce request failed; the soak proves nothing")
	}

	seen := map[string]int{}
	last := map[int32]int64{}
	deadline := time.Now().Add(60 * time.Second)
	for len(seen) < records {
		if time.Now().After(deadline) {
			t.Fatalf("read %d distinct records of %d", len(seen), records)
		}
		for _, m := range members {
			var recs []record
			body := resttest.Must(t, srv, 200, "GET", m+"/records?timeout=200", "", "Accept: "+ctV2B).Body
			if err := json.Unmarshal(body, &recs); err != nil {
				t.Fatal(err)
			}
			for _, r := range recs {
				v := unb64(t, r.Value)
				seen[v]++
				if prev, ok := last[r.Partition]; ok && r.Offset <= prev {
					t.Errorf("partition %d went from offset %d to %d", r.Partition, prev, r.Offset)
				}
				last[r.Partition] = r.Offset
			}
			if len(recs) > 0 {
				resttest.Must(t, srv, 200, "POST", m+"/offsets", "", "Content-Type: "+ctV2)
			}
		}
	}
	var dup []string
	for v, n := range seen {
		if n > 1 {
			dup = append(dup, fmt.Sprintf("%s×%d", v, n))
		}
	}
	if len(dup) > 0 {
		t.Errorf("%d records read more than once: %v", len(dup), dup)
	}
	stored := 0
	for p := range 3 {
		var offs struct {
			End int64 `json:"end_offset"`
		}
		if err := json.Unmarshal(resttest.Must(t, srv, 200, "GET", fmt.Sprintf("/topics/orders/partitions/%d/offsets", p), "", "Accept: "+ctV2).Body, &offs); err != nil {
			t.Fatal(err)
		}
		stored += int(offs.End)
	}
	if stored != records {
		t.Errorf("the partitions hold %d records, want %d (none lost, none stored twice)", stored, records)
	}
	for _, r := range srv.Faults() {
		t.Logf("rule %s: matched %d, hits %d", r.ID, r.Matched, r.Hits)
	}
	t.Logf("%d records, %d Produce and %d Fetch requests failed at the broker and were retried", records, produceRule.Hits(), fetchRule.Hits())
}

func ptr[T any](v T) *T { return &v }
