package mockproxy_test

import (
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
	"github.com/kafkarestmock/kafkarestmock/fakelog"
	"github.com/kafkarestmock/kafkarestmock/internal/resttest"
	"github.com/kafkarestmock/kafkarestmock/internal/seedtest"
	"github.com/kafkarestmock/kafkarestmock/mockproxy"
)

const shopSeed = "../testdata/seed/shop.json"

func TestSeedFileShop(t *testing.T) {
	t.Parallel()
	resttest.EachBackend(t, testSeedFileShop)
}

func testSeedFileShop(t *testing.T, bc resttest.Backend) {
	srv := bc.Start(t, mockproxy.WithSeedFile(shopSeed), mockproxy.WithoutListener())

	type partitionEnds struct {
		Topic string
		Ends  []int64
	}
	var got []partitionEnds
	for _, info := range srv.Backend().Topics() {
		parts, err := srv.Backend().Partitions(info.Name)
		if err != nil {
			t.Fatal(err)
		}
		pe := partitionEnds{Topic: info.Name}
		for _, p := range parts {
			pe.Ends = append(pe.Ends, p.EndOffset)
		}
		got = append(got, pe)
	}
	want := []partitionEnds{{"orders", []int64{5, 3, 1}}, {"payments", []int64{3, 3, 0}}}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("topics and end offsets mismatch (-want +got):\n%s", diff)
	}

	recs, err := srv.Backend().ReadN("orders", 1, 0, 0, 0)
	if err != nil {
		t.Fatal(err)
	}
	wantFirst := fakelog.Record{
		Topic: "orders", Partition: 1, Offset: 0,
		Key:   []byte("order-1003"),
		Value: []byte(`{"order_id":"order-1003","customer":"c-08","items":[{"sku":"sku-cap","qty":3,"unit_price":12.0}],"total":36.0,"currency":"EUR","status":"created"}`),
		Headers: []fakelog.Header{
			{Key: "source", Value: []byte("web-shop")},
			{Key: "content-type", Value: []byte("application/json")},
			{Key: "trace-id", Value: []byte("4bf92f3577b34da6a3ce929d0e0e1282")},
		},
		Timestamp: time.Date(2024, 5, 1, 9, 14, 26, 0, time.UTC),
	}
	if diff := cmp.Diff(wantFirst, recs[0]); diff != "" {
		t.Errorf("orders-1 offset 0 mismatch (-want +got):\n%s", diff)
	}

	wantCommitted := map[fakelog.TopicPartition]fakelog.OffsetAndMetadata{
		{Topic: "orders", Partition: 0}: {Offset: 3},
		{Topic: "orders", Partition: 1}: {Offset: 3},
		{Topic: "orders", Partition: 2}: {Offset: 0},
	}
	if diff := cmp.Diff(wantCommitted, srv.Backend().CommittedOffsets("billing")); diff != "" {
		t.Errorf("billing committed offsets mismatch (-want +got):\n%s", diff)
	}
	if got := srv.Backend().CommittedOffsets("analytics")[fakelog.TopicPartition{Topic: "payments", Partition: 1}]; got != (fakelog.OffsetAndMetadata{Offset: 1, Metadata: "nightly-batch"}) {
		t.Errorf("analytics payments-1 = %+v, want offset 1 with metadata nightly-batch", got)
	}
}

func TestSeedForms(t *testing.T) {
	t.Parallel()
	resttest.EachBackend(t, testSeedForms)
}

func testSeedForms(t *testing.T, bc resttest.Backend) {
	doc := `{"topics": [` + seedtest.FormsTopic(`{"partition": 1}`) + `]}`
	sd, err := mockproxy.LoadSeed(strings.NewReader(doc))
	if err != nil {
		t.Fatal(err)
	}
	if diff := cmp.Diff([]string{"t"}, sd.Topics()); diff != "" {
		t.Errorf("Topics mismatch (-want +got):\n%s", diff)
	}
	clock := seedtest.Clock()
	srv := bc.Start(t, mockproxy.WithSeed(sd), mockproxy.WithClock(clock), mockproxy.WithoutListener())
	info, err := srv.Backend().Topic("t")
	if err != nil {
		t.Fatal(err)
	}
	// The seed's configs are set on the topic; a Kafka cluster also lists
	// its own values for every other config.
	wantConfigs := seedtest.FormsConfigs()
	gotConfigs := map[string]string{}
	for k := range wantConfigs {
		if v, ok := info.Configs[k]; ok {
			gotConfigs[k] = v
		}
	}
	if diff := cmp.Diff(wantConfigs, gotConfigs); diff != "" {
		t.Errorf("configs mismatch (-want +got):\n%s", diff)
	}
	if bc.Name == "memory" && len(info.Configs) != len(wantConfigs) {
		t.Errorf("configs %v, want only the seed's", info.Configs)
	}
	var got []fakelog.Record
	for p := range int32(2) {
		recs, err := srv.Backend().ReadN("t", p, 0, 0, 0)
		if err != nil {
			t.Fatal(err)
		}
		got = append(got, recs...)
	}
	// The records read back as the seed gives them, Kafka's null and an
	// empty payload told apart.
	now := clock.Now()
	seedtest.CheckRecords(t, append(seedtest.FormsRecords(now), fakelog.Record{Topic: "t", Partition: 1, Offset: 3, Timestamp: now}), got)
}

func TestLoadSeedFileErrors(t *testing.T) {
	t.Parallel()
	for _, tt := range seedtest.BadFiles(t) {
		_, err := mockproxy.LoadSeedFile(tt.Path)
		if err == nil {
			t.Fatalf("LoadSeedFile(%s) succeeded", tt.Path)
		}
		if diff := cmp.Diff(tt.Want, err.Error()); diff != "" {
			t.Errorf("LoadSeedFile(%s) error mismatch (-want +got):\n%s", filepath.Base(tt.Path), diff)
		}
		// New reports the same error, naming the file.
		_, err = mockproxy.New(mockproxy.WithSeedFile(tt.Path))
		if err == nil || err.Error() != "mockproxy: seed "+tt.Want {
			t.Errorf("New(WithSeedFile(%s)) error = %v, want %q", filepath.Base(tt.Path), err, "mockproxy: seed "+tt.Want)
		}
	}
}

func TestSeedApplyErrors(t *testing.T) {
	t.Parallel()
	seedtest.CheckApplyErrors(t, "mockproxy: seed: ", func(_ *testing.T, sd *mockproxy.Seed) error {
		_, err := mockproxy.New(mockproxy.WithTopic("w", 2), mockproxy.WithSeed(sd))
		return err
	})
}
