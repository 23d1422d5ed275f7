package mockproxy_test

import (
	"fmt"
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/kafkarestmock/kafkarestmock/backend"
	"github.com/kafkarestmock/kafkarestmock/fakelog"
	"github.com/kafkarestmock/kafkarestmock/internal/resttest"
	"github.com/kafkarestmock/kafkarestmock/mockproxy"
)

// TestV2StaleCommitFenced is the probe of an instance that lost its
// partition, on the in-memory log and the manual clock: a reads 120
// records and commits up to 99; b joins and waits (its reads are empty
// while the group rebalances, and the v3 view says PREPARING_REBALANCE);
// a reads no more and is removed after max.poll.interval.ms (5 minutes);
// b then reads from 99. a's commit of an old offset fails as the real
// proxy answers the Java consumer's CommitFailedException, and the
// committed offset stays 99.
func TestV2StaleCommitFenced(t *testing.T) {
	t.Parallel()
	clock := fakelog.NewManualClock(time.Date(2024, 1, 2, 3, 4, 5, 0, time.UTC))
	srv := mockproxy.NewServer(t, mockproxy.WithClock(clock), mockproxy.WithTopic("test", 1), mockproxy.WithConsumerInstanceTimeout(time.Hour))
	var recs []string
	for i := range 120 {
		recs = append(recs, fmt.Sprintf(`{"value":"%s"}`, b64(fmt.Sprintf("v%d", i))))
	}
	resttest.Must(t, srv, 200, "POST", "/topics/test", `{"records":[`+strings.Join(recs, ",")+`]}`, "Content-Type: "+ctV2B)
	newInstance := func(name string) string {
		resttest.Must(t, srv, 200, "POST", "/consumers/g", `{"name":"`+name+`","format":"binary","auto.offset.reset":"earliest","auto.commit.enable":"false","consumer.request.timeout.ms":0}`, "Content-Type: "+ctV2)
		inst := "/consumers/g/instances/" + name
		resttest.Want(t, resttest.Do(t, srv, "POST", inst+"/subscription", `{"topics":["test"]}`, "Content-Type: "+ctV2), http.StatusNoContent, "", "")
		return inst
	}
	group := func(state, assignor string) {
		t.Helper()
		v3Case{method: "GET", path: "/v3/clusters/{c}/consumer-groups/g", status: 200, want: v3Group("g", false, assignor, state)}.run(t, srv)
	}
	committed := func(want string) {
		t.Helper()
		resttest.Want(t, resttest.Do(t, srv, "GET", "/consumers/g/instances/b/offsets", `{"partitions":[{"topic":"test","partition":0}]}`, "Content-Type: "+ctV2, "Accept: "+ctV2),
			http.StatusOK, ctV2, `{"offsets":[`+want+`]}`)
	}
	a := newInstance("a")
	if got := read(t, srv, a, "Accept: "+ctV2B); len(got) != 120 {
		t.Fatalf("a read %d records, want 120", len(got))
	}
	resttest.Want(t, resttest.Do(t, srv, "POST", a+"/offsets", `{"offsets":[{"topic":"test","partition":0,"offset":98}]}`, "Content-Type: "+ctV2), http.StatusOK, ctV2, `[]`)
	group("STABLE", "range")

	b := newInstance("b")
	if got := read(t, srv, b, "Accept: "+ctV2B); len(got) != 0 {
		t.Fatalf("b read %d records while the group rebalances, want none", len(got))
	}
	group("PREPARING_REBALANCE", "")
	resttest.Want(t, resttest.Do(t, srv, "GET", b+"/assignments", "", "Accept: "+ctV2), http.StatusOK, ctV2, `{"partitions":[]}`)
	resttest.Want(t, resttest.Do(t, srv, "GET", a+"/assignments", "", "Accept: "+ctV2), http.StatusOK, ctV2, `{"partitions":[{"topic":"test","partition":0}]}`)

	// b keeps reading; a does not, and is removed after 5 minutes.
	clock.Advance(4 * time.Minute)
	if got := read(t, srv, b, "Accept: "+ctV2B); len(got) != 0 {
		t.Fatalf("b read %d records while the group rebalances, want none", len(got))
	}
	clock.Advance(time.Minute)
	if got := read(t, srv, b, "Accept: "+ctV2B); len(got) != 21 || got[0].Offset != 99 {
		t.Fatalf("b read %d records from %v, want 21 from offset 99", len(got), got)
	}
	group("STABLE", "range")

	resttest.WantError(t, resttest.Do(t, srv, "POST", a+"/offsets", `{"offsets":[{"topic":"test","partition":0,"offset":9}]}`, "Content-Type: "+ctV2),
		http.StatusInternalServerError, ctV2, 50002, backend.MsgCommitNotMember)
	committed(`{"topic":"test","partition":0,"offset":99,"metadata":""}`)
}

// TestV2CommitBeforeJoining checks, on both backends, the answer to an
// instance that commits offsets after subscribing but before its first
// read: the Java consumer has not joined its group, so it throws its
// CommitFailedException, which the proxy answers 500/50002; an empty
// commit commits nothing and succeeds.
func TestV2CommitBeforeJoining(t *testing.T) {
	t.Parallel()
	resttest.EachBackend(t, func(t *testing.T, bc resttest.Backend) {
		srv := bc.Start(t, mockproxy.WithTopic("test", 1))
		resttest.Must(t, srv, 200, "POST", "/consumers/g", `{"name":"a","format":"binary"}`, "Content-Type: "+ctV2)
		inst := "/consumers/g/instances/a"
		resttest.Want(t, resttest.Do(t, srv, "POST", inst+"/subscription", `{"topics":["test"]}`, "Content-Type: "+ctV2), http.StatusNoContent, "", "")
		resttest.WantError(t, resttest.Do(t, srv, "POST", inst+"/offsets", `{"offsets":[{"topic":"test","partition":0,"offset":9}]}`, "Content-Type: "+ctV2),
			http.StatusInternalServerError, ctV2, 50002, backend.MsgCommitNotMember)
		resttest.Want(t, resttest.Do(t, srv, "POST", inst+"/offsets", "", "Content-Type: "+ctV2), http.StatusOK, ctV2, `[]`)
		resttest.Want(t, resttest.Do(t, srv, "GET", inst+"/offsets", `{"partitions":[{"topic":"test","partition":0}]}`, "Content-Type: "+ctV2, "Accept: "+ctV2),
			http.StatusOK, ctV2, `{"offsets":[]}`)
	})
}
