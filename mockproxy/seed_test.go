package mockproxy_test

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
	"github.com/google/go-cmp/cmp/cmpopts"
	"github.com/kafkarestmock/kafkarestmock/fakelog"
	"github.com/kafkarestmock/kafkarestmock/internal/resttest"
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
	const doc = `{
	  "topics": [{
	    "name": "t", "partitions": 2, "configs": {"retention.records": 100, "cleanup.policy": "delete", "x.flag": true},
	    "records": [
	      {"partition": 0, "key": "k1", "value": "plain text", "timestamp": 1714557600000},
	      {"partition": 0, "key": 42, "value": {"a": [1, 2.50, "x"]}, "timestamp": "2024-05-01T10:00:00.123+02:00"},
	      {"partition": 1, "key_json": "k2", "value_json": "quoted", "headers": {"h1": "v1", "h0": null, "h1b": ""}},
	      {"partition": 1, "key_base64": "AAH/", "value_base64": "aGk"},
	      {"partition": 1, "key": null, "value": null},
	      {"partition": 1}
	    ]
	  }]
	}`
	sd, err := mockproxy.LoadSeed(strings.NewReader(doc))
	if err != nil {
		t.Fatal(err)
	}
	if diff := cmp.Diff([]string{"t"}, sd.Topics()); diff != "" {
		t.Errorf("Topics mismatch (-want +got):\n%s", diff)
	}
	clock := fakelog.NewManualClock(time.Date(2026, 1, 2, 3, 4, 5, 0, time.UTC))
	srv := bc.Start(t, mockproxy.WithSeed(sd), mockproxy.WithClock(clock), mockproxy.WithoutListener())
	info, err := srv.Backend().Topic("t")
	if err != nil {
		t.Fatal(err)
	}
	// The seed's configs are set on the topic; a Kafka cluster also lists
	// its own values for every other config.
	wantConfigs := map[string]string{"retention.records": "100", "cleanup.policy": "delete", "x.flag": "true"}
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
	now := clock.Now()
	want := []fakelog.Record{
		{Partition: 0, Offset: 0, Key: []byte("k1"), Value: []byte("plain text"), Timestamp: time.UnixMilli(1714557600000).UTC()},
		{Partition: 0, Offset: 1, Key: []byte("42"), Value: []byte(`{"a":[1,2.50,"x"]}`), Timestamp: time.Date(2024, 5, 1, 8, 0, 0, 123e6, time.UTC)},
		{Partition: 1, Offset: 0, Key: []byte(`"k2"`), Value: []byte(`"quoted"`), Timestamp: now,
			Headers: []fakelog.Header{{Key: "h1", Value: []byte("v1")}, {Key: "h0"}, {Key: "h1b", Value: []byte{}}}},
		{Partition: 1, Offset: 1, Key: []byte{0, 1, 0xff}, Value: []byte("hi"), Timestamp: now},
		{Partition: 1, Offset: 2, Timestamp: now},
		{Partition: 1, Offset: 3, Timestamp: now},
	}
	for i := range want {
		want[i].Topic = "t"
	}
	if diff := cmp.Diff(want, got, cmpopts.EquateEmpty()); diff != "" {
		t.Errorf("records mismatch (-want +got):\n%s", diff)
	}
	// Kafka's null and an empty payload are told apart.
	if got[2].Headers[1].Value != nil || got[2].Headers[2].Value == nil || got[4].Key != nil || got[4].Value != nil {
		t.Errorf("null and empty mixed up: headers %+v, record %+v", got[2].Headers, got[4])
	}
}

func TestLoadSeedFileErrors(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	write := func(name, body string) string {
		p := filepath.Join(dir, name)
		if err := os.WriteFile(p, []byte(body), 0o644); err != nil {
			t.Fatal(err)
		}
		return p
	}
	syntax := write("syntax.json", "{\n \"topics\": [,]\n}")
	field := write("field.json", `{"topics": [{"name": "t", "records": [{"value_base64": "%%%"}]}]}`)
	missing := filepath.Join(dir, "missing.json")
	tests := []struct{ path, want string }{
		{syntax, syntax + ":2:13: invalid character ',' looking for beginning of value"},
		{field, field + `: topics[0].records[0].value_base64: not base64 (standard alphabet A-Z, a-z, 0-9, + and /, such as "aGk=")`},
		{missing, missing + ": no such file or directory"},
	}
	for _, tt := range tests {
		_, err := mockproxy.LoadSeedFile(tt.path)
		if err == nil {
			t.Fatalf("LoadSeedFile(%s) succeeded", tt.path)
		}
		if diff := cmp.Diff(tt.want, err.Error()); diff != "" {
			t.Errorf("LoadSeedFile(%s) error mismatch (-want +got):\n%s", filepath.Base(tt.path), diff)
		}
		// New reports the same error, naming the file.
		_, err = mockproxy.New(mockproxy.WithSeedFile(tt.path))
		if err == nil || err.Error() != "mockproxy: seed "+tt.want {
			t.Errorf("New(WithSeedFile(%s)) error = %v, want %q", filepath.Base(tt.path), err, "mockproxy: seed "+tt.want)
		}
	}
}

func TestSeedApplyErrors(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name string
		opts []mockproxy.Option
		doc  string
		want string
	}{{
		name: "topic also given with WithTopic",
		opts: []mockproxy.Option{mockproxy.WithTopic("orders", 1)},
		doc:  `{"topics": [{"name": "orders"}]}`,
		want: `mockproxy: seed: topics[0].name: topic "orders" already exists`,
	}, {
		name: "offset for a topic nobody creates",
		doc:  `{"groups": [{"name": "g", "offsets": [{"topic": "nope", "partition": 0, "offset": 1}]}]}`,
		want: `mockproxy: seed: groups[0].offsets[0].topic: topic "nope" does not exist`,
	}, {
		name: "offset past a WithTopic topic's partitions",
		opts: []mockproxy.Option{mockproxy.WithTopic("w", 2)},
		doc:  `{"groups": [{"name": "g", "offsets": [{"topic": "w", "partition": 2, "offset": 1}]}]}`,
		want: `mockproxy: seed: groups[0].offsets[0].partition: topic "w" has 2 partitions (0 to 1)`,
	}, {
		name: "bad retention config",
		doc:  `{"topics": [{"name": "r", "configs": {"retention.records": "lots"}}]}`,
		want: `mockproxy: seed: topics[0].configs: retention.records="lots" is not an integer`,
	}}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			sd, err := mockproxy.LoadSeed(strings.NewReader(tt.doc))
			if err != nil {
				t.Fatal(err)
			}
			_, err = mockproxy.New(append(tt.opts, mockproxy.WithSeed(sd))...)
			if err == nil {
				t.Fatalf("New succeeded, want %q", tt.want)
			}
			if diff := cmp.Diff(tt.want, err.Error()); diff != "" {
				t.Errorf("error mismatch (-want +got):\n%s", diff)
			}
		})
	}
}
