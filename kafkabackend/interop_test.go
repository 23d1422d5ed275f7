package kafkabackend_test

import (
	"context"
	"encoding/json"
	"fmt"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
	"github.com/twmb/franz-go/pkg/kadm"
	"github.com/twmb/franz-go/pkg/kgo"

	"github.com/kafkarestmock/kafkarestmock/fakelog"
	"github.com/kafkarestmock/kafkarestmock/internal/resttest"
	"github.com/kafkarestmock/kafkarestmock/kafkabackend"
	"github.com/kafkarestmock/kafkarestmock/mockproxy"
)

// nativeClient is a kgo client on the backend's cluster, closed with the
// test.
func nativeClient(t *testing.T, kb *kafkabackend.Backend, opts ...kgo.Opt) *kgo.Client {
	t.Helper()
	cl, err := kgo.NewClient(append([]kgo.Opt{kgo.SeedBrokers(kb.Addrs()...)}, opts...)...)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(cl.Close)
	return cl
}

// pollN polls a native consumer until it has n records.
func pollN(t *testing.T, cl *kgo.Client, n int) []*kgo.Record {
	t.Helper()
	ctx, cancel := context.WithTimeout(t.Context(), 20*time.Second)
	defer cancel()
	var out []*kgo.Record
	for len(out) < n {
		fs := cl.PollFetches(ctx)
		if err := ctx.Err(); err != nil {
			t.Fatalf("polled %d records of %d: %v", len(out), n, err)
		}
		fs.EachError(func(topic string, p int32, err error) { t.Errorf("fetch %s-%d: %v", topic, p, err) })
		out = append(out, fs.Records()...)
	}
	return out
}

type keyed struct {
	Key, Value string
	Partition  int32
	Offset     int64
}

// Records produced through REST are read by a native consumer, with the
// same keys on the same partitions and offsets.
func TestInteropRESTToNative(t *testing.T) {
	t.Parallel()
	srv, kb := kafkabackend.NewServer(t, mockproxy.WithTopic("orders", 4))
	var wantRecs []keyed
	next := map[int32]int64{}
	body := `{"records":[`
	for i := range 12 {
		k, v := fmt.Sprintf("customer-%d", i), fmt.Sprintf("order-%d", i)
		if i > 0 {
			body += ","
		}
		body += fmt.Sprintf(`{"key":%q,"value":%q}`, k, v)
		p := fakelog.PartitionForKey([]byte(`"`+k+`"`), 4) // JSON keys are stored as JSON text
		wantRecs = append(wantRecs, keyed{`"` + k + `"`, `"` + v + `"`, p, next[p]})
		next[p]++
	}
	resttest.Must(t, srv, 200, "POST", "/topics/orders", body+`]}`, "Content-Type: "+ctV2J)

	cl := nativeClient(t, kb, kgo.ConsumeTopics("orders"), kgo.ConsumeResetOffset(kgo.NewOffset().AtStart()))
	var got []keyed
	for _, r := range pollN(t, cl, 12) {
		got = append(got, keyed{string(r.Key), string(r.Value), r.Partition, r.Offset})
	}
	sortKeyed(wantRecs)
	sortKeyed(got)
	if diff := cmp.Diff(wantRecs, got); diff != "" {
		t.Errorf("native consumer read (-want +got):\n%s", diff)
	}
}

func sortKeyed(ks []keyed) {
	for i := 1; i < len(ks); i++ {
		for j := i; j > 0 && (ks[j].Partition < ks[j-1].Partition || ks[j].Partition == ks[j-1].Partition && ks[j].Offset < ks[j-1].Offset); j-- {
			ks[j], ks[j-1] = ks[j-1], ks[j]
		}
	}
}

// Records a native producer sends with kgo's default partitioner are
// read through REST on the partitions the REST layer would have picked
// for the same keys.
func TestInteropNativeToREST(t *testing.T) {
	t.Parallel()
	srv, kb := kafkabackend.NewServer(t, mockproxy.WithTopic("orders", 4))
	prod := nativeClient(t, kb)
	var krs []*kgo.Record
	for i := range 12 {
		krs = append(krs, &kgo.Record{Topic: "orders", Key: []byte(fmt.Sprintf("k%d", i)), Value: []byte(fmt.Sprintf("v%d", i))})
	}
	if err := prod.ProduceSync(t.Context(), krs...).FirstErr(); err != nil {
		t.Fatal(err)
	}
	inst := createV2(t, srv, "readers", "r1", `,"auto.offset.reset":"earliest"`)
	resttest.Must(t, srv, 204, "POST", inst+"/subscription", `{"topics":["orders"]}`, "Content-Type: "+ctV2)
	got := readN(t, srv, inst, 12)
	for _, r := range got {
		if want := fakelog.PartitionForKey([]byte(r.Key), 4); r.Partition != want {
			t.Errorf("key %q on partition %d; the REST layer picks %d", r.Key, r.Partition, want)
		}
		if r.Value != "v"+r.Key[1:] {
			t.Errorf("key %q has value %q", r.Key, r.Value)
		}
	}
	// The same key produced through REST lands beside the native ones.
	out := string(resttest.Must(t, srv, 200, "POST", "/topics/orders", `{"records":[{"key":"`+b64("k3")+`","value":"`+b64("rest")+`"}]}`, "Content-Type: "+ctV2B).Body)
	if want := fmt.Sprintf(`{"offsets":[{"partition":%d,`, fakelog.PartitionForKey([]byte("k3"), 4)); len(out) < len(want) || out[:len(want)] != want {
		t.Errorf("REST produce of k3 = %s, want it on %s", out, want)
	}
}

// Offsets committed through REST are the group's offsets in Kafka: an
// admin client sees them and a native group member resumes from them;
// offsets a native member commits are seen through REST.
func TestInteropCommittedOffsets(t *testing.T) {
	t.Parallel()
	srv, kb := kafkabackend.NewServer(t, mockproxy.WithTopic("orders", 1))
	resttest.Must(t, srv, 200, "POST", "/topics/orders", `{"records":[{"value":"YQ=="},{"value":"Yg=="},{"value":"Yw=="},{"value":"ZA=="}]}`, "Content-Type: "+ctV2B)
	inst := createV2(t, srv, "shared", "rest", `,"auto.offset.reset":"earliest","auto.commit.enable":"false"`)
	resttest.Must(t, srv, 204, "POST", inst+"/assignments", `{"partitions":[{"topic":"orders","partition":0}]}`, "Content-Type: "+ctV2)
	// Commit through REST after processing offset 1: the group's offset is 2.
	resttest.Must(t, srv, 200, "POST", inst+"/offsets", `{"offsets":[{"topic":"orders","partition":0,"offset":1}]}`, "Content-Type: "+ctV2)
	resttest.Must(t, srv, 204, "DELETE", inst, "")

	adm := kadm.NewClient(nativeClient(t, kb))
	offs, err := adm.FetchOffsets(t.Context(), "shared")
	if err != nil {
		t.Fatal(err)
	}
	if o, ok := offs.Lookup("orders", 0); !ok || o.At != 2 {
		t.Fatalf("native FetchOffsets = %+v, want offset 2", offs)
	}

	member := nativeClient(t, kb, kgo.ConsumerGroup("shared"), kgo.ConsumeTopics("orders"), kgo.DisableAutoCommit())
	recs := pollN(t, member, 2)
	var got []string
	for _, r := range recs {
		got = append(got, fmt.Sprintf("%d:%s", r.Offset, r.Value))
	}
	if diff := cmp.Diff([]string{"2:c", "3:d"}, got); diff != "" {
		t.Errorf("native member resumed with (-want +got):\n%s", diff)
	}
	if err := member.CommitRecords(t.Context(), recs[len(recs)-1]); err != nil {
		t.Fatal(err)
	}
	member.LeaveGroup()

	inst = createV2(t, srv, "shared", "rest2", "")
	body := resttest.Must(t, srv, 200, "GET", inst+"/offsets", `{"partitions":[{"topic":"orders","partition":0}]}`, "Content-Type: "+ctV2, "Accept: "+ctV2).Body
	var committed struct {
		Offsets []struct {
			Topic     string `json:"topic"`
			Partition int32  `json:"partition"`
			Offset    int64  `json:"offset"`
		} `json:"offsets"`
	}
	if err := json.Unmarshal(body, &committed); err != nil {
		t.Fatal(err)
	}
	// kgo fills the commit's metadata with its own text; the offset is ours.
	if len(committed.Offsets) != 1 || committed.Offsets[0].Offset != 4 {
		t.Errorf("REST sees committed offsets %s, want offset 4 on orders-0", body)
	}
}
