package main

import (
	"context"
	"strings"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
	"go.uber.org/goleak"

	"github.com/kafkarestmock/kafkarestmock/fakelog"
	"github.com/kafkarestmock/kafkarestmock/kafkabackend"
	"github.com/kafkarestmock/kafkarestmock/mockproxy"
)

func TestMain(m *testing.M) { goleak.VerifyTestMain(m) }

// A record produced through the REST API is read by the native program.
func TestRun(t *testing.T) {
	srv, kb := kafkabackend.NewServer(t, mockproxy.WithTopic("orders", 3))
	resp, err := srv.Client().Post(srv.URL()+"/topics/orders", "application/vnd.kafka.json.v2+json",
		strings.NewReader(`{"records":[{"key":"o1","value":{"total":3}}]}`))
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	ctx, cancel := context.WithTimeout(t.Context(), 20*time.Second)
	defer cancel()
	var out strings.Builder
	if err := run(ctx, &out, kb.Addrs(), "orders", 1); err != nil {
		t.Fatal(err)
	}
	want := "partition=" + string(rune('0'+fakelog.PartitionForKey([]byte(`"o1"`), 3))) + ` offset=0 key="o1" value={"total":3}` + "\n"
	if diff := cmp.Diff(want, out.String()); diff != "" {
		t.Errorf("output (-want +got):\n%s", diff)
	}
}
