package kafkabackend_test

import (
	"encoding/base64"
	"encoding/json"
	"slices"
	"testing"
	"time"

	"github.com/kafkarestmock/kafkarestmock/internal/resttest"
	"github.com/kafkarestmock/kafkarestmock/mockproxy"
)

const (
	ctV2  = "application/vnd.kafka.v2+json"
	ctV2B = "application/vnd.kafka.binary.v2+json"
	ctV2J = "application/vnd.kafka.json.v2+json"
	ctV1  = "application/vnd.kafka.v1+json"
	ctV1B = "application/vnd.kafka.binary.v1+json"
)

// record is a v2 binary consumer record, decoded.
type record struct {
	Topic     string `json:"topic"`
	Key       string `json:"key"`
	Value     string `json:"value"`
	Partition int32  `json:"partition"`
	Offset    int64  `json:"offset"`
}

func b64(s string) string { return base64.StdEncoding.EncodeToString([]byte(s)) }

func unb64(t testing.TB, s string) string {
	t.Helper()
	b, err := base64.StdEncoding.DecodeString(s)
	if err != nil {
		t.Fatalf("base64 %q: %v", s, err)
	}
	return string(b)
}

// readN reads a binary v2 instance's records until it has n (or fails
// after 20 s): on Kafka, records reach a consumer asynchronously, as they
// do through the real proxy. Each read long-polls up to 1 s and returns as
// soon as records arrive.
func readN(t testing.TB, srv *mockproxy.Server, inst string, n int) []record {
	t.Helper()
	deadline := time.Now().Add(20 * time.Second)
	var out []record
	for len(out) < n {
		if time.Now().After(deadline) {
			t.Fatalf("read %d records of %d: %+v", len(out), n, out)
		}
		body := resttest.Must(t, srv, 200, "GET", inst+"/records?timeout=1000", "", "Accept: "+ctV2B).Body
		var recs []record
		if err := json.Unmarshal(body, &recs); err != nil {
			t.Fatalf("records %s: %v", body, err)
		}
		for i := range recs {
			recs[i].Key, recs[i].Value = unb64(t, recs[i].Key), unb64(t, recs[i].Value)
		}
		out = append(out, recs...)
	}
	if len(out) > n {
		t.Fatalf("read %d records, want %d: %+v", len(out), n, out)
	}
	return out
}

// sortRecords orders records by partition, then offset.
func sortRecords(recs []record) []record {
	slices.SortFunc(recs, func(a, b record) int {
		if a.Partition != b.Partition {
			return int(a.Partition - b.Partition)
		}
		return int(a.Offset - b.Offset)
	})
	return recs
}

// eventually checks cond at each change the backend reports (records,
// commits, rebalances) until it holds, failing after 20 s.
func eventually(t testing.TB, srv *mockproxy.Server, what string, cond func() bool) {
	t.Helper()
	timeout := time.NewTimer(20 * time.Second)
	defer timeout.Stop()
	for {
		changed := srv.Backend().Changes()
		if cond() {
			return
		}
		select {
		case <-changed:
		case <-timeout.C:
			t.Fatalf("%s: not reached in 20s", what)
		}
	}
}
