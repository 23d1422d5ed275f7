package mockproxy_test

import (
	"context"
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/kafkarestmock/kafkarestmock/fakelog"
	"github.com/kafkarestmock/kafkarestmock/internal/resttest"
	"github.com/kafkarestmock/kafkarestmock/mockproxy"
	"github.com/kafkarestmock/kafkarestmock/scenario"
)

// fakeT captures what a helper reports.
type fakeT struct{ errors []string }

func (f *fakeT) Helper() {}
func (f *fakeT) Errorf(format string, args ...any) {
	f.errors = append(f.errors, fmt.Sprintf(format, args...))
}

func TestCheckRecords(t *testing.T) {
	t.Parallel()
	resttest.EachBackend(t, testCheckRecords)
}

func testCheckRecords(t *testing.T, bc resttest.Backend) {
	srv := bc.Start(t, mockproxy.WithTopic("orders", 2))
	resttest.Must(t, srv, 200, "POST", "/topics/orders/partitions/1", `{"records":[{"key":"azE=","value":"djE="},{"value":"djI="}]}`, "Content-Type: "+ctV2B)

	ok := &fakeT{}
	mockproxy.CheckRecords(ok, srv, "orders", []fakelog.Record{
		{Partition: 1, Offset: 0, Key: []byte("k1"), Value: []byte("v1")},
		{Partition: 1, Offset: 1, Value: []byte("v2")},
	}, mockproxy.IgnoreTimestamps())
	if len(ok.errors) != 0 {
		t.Errorf("matching records reported: %v", ok.errors)
	}

	bad := &fakeT{}
	mockproxy.CheckRecords(bad, srv, "orders", []fakelog.Record{
		{Partition: 1, Key: []byte("k1"), Value: []byte("v1")},
		{Partition: 1, Value: []byte("v3")},
	}, mockproxy.IgnoreTimestamps(), mockproxy.IgnoreOffsets())
	if len(bad.errors) != 1 {
		t.Fatalf("reports = %v, want one", bad.errors)
	}
	msg := bad.errors[0]
	for _, want := range []string{"topic orders", "partition 1: 2 records", "(-want +got)", `"3"`, `"2"`} {
		if !strings.Contains(msg, want) {
			t.Errorf("message lacks %q:\n%s", want, msg)
		}
	}
	t.Logf("a failing CheckRecords reads:\n%s", msg)

	missing := &fakeT{}
	mockproxy.CheckRecords(missing, srv, "nope", nil)
	if len(missing.errors) != 1 || !strings.Contains(missing.errors[0], "topic nope") {
		t.Errorf("unknown topic reports = %v", missing.errors)
	}
}

func TestCheckRequests(t *testing.T) {
	t.Parallel()
	resttest.EachBackend(t, testCheckRequests)
}

func testCheckRequests(t *testing.T, bc resttest.Backend) {
	srv := bc.Start(t, mockproxy.WithTopic("orders", 1))
	srv.Inject(scenario.Fault{Match: scenario.Match{Route: "/topics/{topic}"}, KafkaError: "REQUEST_TIMED_OUT", Times: 1})
	resttest.Do(t, srv, "POST", "/topics/orders", `{"records":[{"value":"YQ=="}]}`, "Content-Type: "+ctV2B)
	resttest.Do(t, srv, "GET", "/topics/nope", "")
	ok := &fakeT{}
	mockproxy.CheckRequests(ok, srv, "POST /topics/orders 200 fault=1", "GET /topics/nope 404 error_code=40403")
	if len(ok.errors) != 0 {
		t.Errorf("reports = %v", ok.errors)
	}
	bad := &fakeT{}
	mockproxy.CheckRequests(bad, srv, "POST /topics/orders 200")
	if len(bad.errors) != 1 || !strings.Contains(bad.errors[0], "(-want +got)") {
		t.Errorf("reports = %v", bad.errors)
	}
}

func TestWaitRecordsAndCommitted(t *testing.T) {
	t.Parallel()
	resttest.EachBackend(t, testWaitRecordsAndCommitted)
}

func testWaitRecordsAndCommitted(t *testing.T, bc resttest.Backend) {
	srv := bc.Start(t, mockproxy.WithTopic("t", 1))
	ctx, cancel := context.WithTimeout(t.Context(), 10*time.Second)
	defer cancel()
	go func() {
		for i := range 3 {
			if _, err := srv.Backend().Produce("t", []fakelog.Record{{Value: []byte{byte('a' + i)}}}); err != nil {
				t.Error(err)
			}
		}
		if err := srv.Backend().CommitOffsets("g", map[fakelog.TopicPartition]fakelog.OffsetAndMetadata{{Topic: "t"}: {Offset: 3}}); err != nil {
			t.Error(err)
		}
	}()
	recs, err := srv.WaitRecords(ctx, "t", 3)
	if err != nil || len(recs) != 3 {
		t.Fatalf("WaitRecords = %d records, %v", len(recs), err)
	}
	if err := srv.WaitCommitted(ctx, "g", "t", 0, 3); err != nil {
		t.Fatal(err)
	}
	if got := srv.Committed("g"); len(got) != 1 || got[0].Offset != 3 {
		t.Errorf("Committed = %+v", got)
	}
	short, cancelShort := context.WithCancel(t.Context())
	cancelShort()
	if _, err := srv.WaitRecords(short, "t", 4); err == nil {
		t.Error("WaitRecords returned without the records")
	}
}
