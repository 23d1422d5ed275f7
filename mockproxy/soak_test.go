package mockproxy_test

import (
	"bytes"
	"context"
	"encoding/base64"
	"encoding/json"
	"flag"
	"fmt"
	"io"
	"math"
	"net/http"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/kafkarestmock/kafkarestmock/fakelog"
	"github.com/kafkarestmock/kafkarestmock/mockproxy"
	"github.com/kafkarestmock/kafkarestmock/scenario"
)

var soakDuration = flag.Duration("soak", 0, "run TestSoak's producers for this long instead of a fixed short run")

// pair is one record's place in the log.
type pair struct {
	partition int32
	offset    int64
}

// soakClient sends the soak's requests over the server's HTTP client.
type soakClient struct {
	ctx  context.Context
	http *http.Client
	base string
}

func (c soakClient) send(method, path, contentType, accept string, body []byte) (int, []byte, error) {
	var rd io.Reader
	if body != nil {
		rd = bytes.NewReader(body)
	}
	req, err := http.NewRequestWithContext(c.ctx, method, c.base+path, rd)
	if err != nil {
		return 0, nil, err
	}
	if contentType != "" {
		req.Header.Set("Content-Type", contentType)
	}
	if accept != "" {
		req.Header.Set("Accept", accept)
	}
	resp, err := c.http.Do(req)
	if err != nil {
		return 0, nil, err
	}
	defer resp.Body.Close()
	b, err := io.ReadAll(resp.Body)
	return resp.StatusCode, b, err
}

// expect sends a request and fails unless it gets status.
func (c soakClient) expect(status int, method, path, contentType, accept string, body []byte) ([]byte, error) {
	got, b, err := c.send(method, path, contentType, accept, body)
	if err != nil {
		return nil, fmt.Errorf("%s %s: %v", method, path, err)
	}
	if got != status {
		return nil, fmt.Errorf("%s %s = %d %s, want %d", method, path, got, b, status)
	}
	return b, nil
}

// soakGroup is what one consumer group read, by place in the log.
type soakGroup struct {
	name string
	mu   sync.Mutex
	seen map[pair]int
	val  map[pair]string
}

func (g *soakGroup) add(p pair, value string) {
	g.mu.Lock()
	defer g.mu.Unlock()
	g.seen[p]++
	g.val[p] = value
}

// epochs is the barrier of the expiry driver: each active member reports
// the last epoch in which it completed an operation round, and the
// driver waits until all of them have one in the current epoch.
type epochs struct {
	current atomic.Int64
	mu      sync.Mutex
	cond    *sync.Cond
	done    []int64
}

func newEpochs(members int) *epochs {
	e := &epochs{done: make([]int64, members)}
	e.cond = sync.NewCond(&e.mu)
	return e
}

func (e *epochs) mark(member int, epoch int64) {
	e.mu.Lock()
	e.done[member] = max(e.done[member], epoch)
	e.mu.Unlock()
	e.cond.Broadcast()
}

func (e *epochs) waitAll(epoch int64) {
	e.mu.Lock()
	defer e.mu.Unlock()
	for {
		all := true
		for _, d := range e.done {
			all = all && d >= epoch
		}
		if all {
			return
		}
		e.cond.Wait()
	}
}

// TestSoak runs producers and consumer groups against one server at
// once: producers send keyed records with v2 binary produce; consumer
// instances in three groups read and commit after every read; members
// delete and re-create their instances (each time the group rebalances);
// and an idle instance expires when the manual clock passes the instance
// timeout. At the end every acknowledged record must be stored exactly
// once, and every group must have read every stored record exactly once.
// Seeded random faults run throughout (until the final drain): produced
// records fail with a retriable NOT_LEADER_OR_FOLLOWER and are sent again,
// reads fail with REQUEST_TIMED_OUT or come back empty as during a
// rebalance, and commits fail and are retried, as a careful client does.
//
// The default run is short; -soak=<duration> keeps the producers going
// for that long.
func TestSoak(t *testing.T) {
	t.Parallel()
	const (
		topic           = "soak"
		partitions      = 4
		producers       = 3
		defaultBatches  = 400 // per producer, without -soak
		instanceTimeout = 10 * time.Second
		clockStep       = 4 * time.Second // three steps pass the timeout
		noWait          = `"auto.offset.reset":"earliest","consumer.request.timeout.ms":0`
	)
	clock := fakelog.NewManualClock(epoch)
	const readsRoute = "/consumers/{group}/instances/{instance}/records"
	srv := mockproxy.NewServer(t,
		mockproxy.WithClock(clock),
		mockproxy.WithTopic(topic, partitions),
		mockproxy.WithConsumerInstanceTimeout(instanceTimeout),
		mockproxy.WithFaults(
			scenario.Fault{Name: "leader moves", Match: scenario.Match{Route: "/topics/{topic}", Topic: topic},
				KafkaError: "NOT_LEADER_OR_FOLLOWER", Probability: ptr(0.1), Seed: 7},
			scenario.Fault{Name: "read times out", Match: scenario.Match{Route: readsRoute},
				KafkaError: "REQUEST_TIMED_OUT", Probability: ptr(0.05), Seed: 11},
			scenario.Fault{Name: "rebalancing", Match: scenario.Match{Route: readsRoute},
				EmptyPolls: 1000000, Probability: ptr(0.05), Seed: 13},
			scenario.Fault{Name: "commit times out", Match: scenario.Match{Method: "POST", Route: "/consumers/{group}/instances/{instance}/offsets"},
				KafkaError: "REQUEST_TIMED_OUT", Probability: ptr(0.05), Seed: 17},
		),
	)
	// Close only after the client's pool is empty: a spare connection in
	// it would hold Close up (TestCloseWithUnusedConnection).
	t.Cleanup(srv.Client().CloseIdleConnections)
	ctx, cancel := context.WithCancel(t.Context())
	defer cancel()
	c := soakClient{ctx: ctx, http: srv.Client(), base: srv.URL()}
	var failed atomic.Bool
	fail := func(err error) {
		if failed.CompareAndSwap(false, true) {
			cancel()
		}
		t.Error(err)
	}

	// Consumers: members per group, plus one idle instance in the first
	// group that joins, reads once and is then left to expire.
	groups := []*soakGroup{}
	memberGroups := []int{}
	for i, n := range []int{2, 2, 3} {
		groups = append(groups, &soakGroup{name: fmt.Sprintf("soak-g%d", i), seen: map[pair]int{}, val: map[pair]string{}})
		for range n {
			memberGroups = append(memberGroups, i)
		}
	}
	instPath := func(g *soakGroup, name string) string { return "/consumers/" + g.name + "/instances/" + name }
	consumerOp := func(status int, method, path, accept string, body []byte) ([]byte, error) {
		return c.expect(status, method, path, ctV2, accept, body)
	}
	createInstance := func(g *soakGroup, name string) error {
		_, err := c.expect(200, "POST", "/consumers/"+g.name, ctV2, "", []byte(`{"name":"`+name+`",`+noWait+`}`))
		if err != nil {
			return err
		}
		_, err = consumerOp(204, "POST", instPath(g, name)+"/subscription", "", []byte(`{"topics":["`+topic+`"]}`))
		return err
	}
	// readAndCommit reads once, records what came, and commits it.
	readAndCommit := func(g *soakGroup, name string) (int, error) {
		status, b, err := c.send("GET", instPath(g, name)+"/records", ctV2, ctV2B, nil)
		if err != nil {
			return 0, err
		}
		if status == 500 && bytes.Contains(b, []byte(`"error_code":50003`)) {
			return 0, nil // an injected timeout: read again later
		}
		if status != 200 {
			return 0, fmt.Errorf("GET records = %d %s", status, b)
		}
		var recs []struct {
			Topic     string  `json:"topic"`
			Key       *string `json:"key"`
			Value     *string `json:"value"`
			Partition int32   `json:"partition"`
			Offset    int64   `json:"offset"`
		}
		if err := json.Unmarshal(b, &recs); err != nil {
			return 0, fmt.Errorf("records %s: %v", b, err)
		}
		for _, r := range recs {
			if r.Value == nil || r.Key == nil || r.Topic != topic {
				return 0, fmt.Errorf("record %+v lacks its key or value", r)
			}
			v, err := base64.StdEncoding.DecodeString(*r.Value)
			if err != nil {
				return 0, err
			}
			g.add(pair{r.Partition, r.Offset}, string(v))
		}
		for try := 0; ; try++ { // a failed commit is retried: the group relies on it
			status, b, err := c.send("POST", instPath(g, name)+"/offsets", ctV2, "", nil)
			if err != nil {
				return 0, err
			}
			if status == 200 {
				return len(recs), nil
			}
			if status != 500 || try == 50 {
				return 0, fmt.Errorf("commit = %d %s", status, b)
			}
		}
	}

	idle := groups[0]
	const idleName = "idle"
	if err := createInstance(idle, idleName); err != nil {
		t.Fatal(err)
	}
	if _, err := readAndCommit(idle, idleName); err != nil {
		t.Fatal(err)
	}

	current := make([]string, len(memberGroups))
	for m, gi := range memberGroups {
		current[m] = fmt.Sprintf("m%d-gen0", m)
		if err := createInstance(groups[gi], current[m]); err != nil {
			t.Fatal(err)
		}
	}

	// Producers.
	var (
		produced, acked, retried atomic.Int64
		ackMu                    sync.Mutex
		acks                     = map[pair]string{}
		halfway                  = make(chan struct{})
		halfOnce                 sync.Once
	)
	deadline := time.Now().Add(*soakDuration)
	var prodWG sync.WaitGroup
	for p := range producers {
		prodWG.Go(func() {
			for batch := 0; ; batch++ {
				if *soakDuration > 0 {
					left := time.Until(deadline)
					if left <= 0 {
						break
					}
					if left < *soakDuration/2 {
						halfOnce.Do(func() { close(halfway) })
					}
				} else {
					if batch == defaultBatches {
						break
					}
					if batch == defaultBatches/2 {
						halfOnce.Do(func() { close(halfway) })
					}
				}
				if failed.Load() {
					return
				}
				n := 1 + batch%4
				values := make([]string, n)
				keys := make([]string, n)
				for i := range values {
					values[i] = fmt.Sprintf("p%d-b%d-r%d", p, batch, i)
					keys[i] = fmt.Sprintf("key-%d", (p*7+batch+i)%16)
				}
				produced.Add(int64(n))
				pending := values
				pendingKeys := keys
				for try := 0; len(pending) > 0; try++ {
					if try == 50 {
						fail(fmt.Errorf("records %v never acknowledged", pending))
						return
					}
					var body strings.Builder
					body.WriteString(`{"records":[`)
					for i := range pending {
						if i > 0 {
							body.WriteByte(',')
						}
						fmt.Fprintf(&body, `{"key":"%s","value":"%s"}`, b64(pendingKeys[i]), b64(pending[i]))
					}
					body.WriteString(`]}`)
					b, err := c.expect(200, "POST", "/topics/"+topic, ctV2B, "", []byte(body.String()))
					if err != nil {
						fail(err)
						return
					}
					var resp struct {
						Offsets []struct {
							Partition *int32  `json:"partition"`
							Offset    *int64  `json:"offset"`
							ErrorCode *int    `json:"error_code"`
							Error     *string `json:"error"`
						} `json:"offsets"`
					}
					if err := json.Unmarshal(b, &resp); err != nil || len(resp.Offsets) != len(pending) {
						fail(fmt.Errorf("produce response %s: %v", b, err))
						return
					}
					var again, againKeys []string
					ackMu.Lock()
					for i, o := range resp.Offsets {
						if o.ErrorCode != nil {
							if *o.ErrorCode != 50003 || o.Partition != nil || o.Offset != nil {
								t.Errorf("record %s: unexpected answer %s", pending[i], b)
								continue
							}
							retried.Add(1)
							again, againKeys = append(again, pending[i]), append(againKeys, pendingKeys[i])
							continue
						}
						at := pair{*o.Partition, *o.Offset}
						if prev, dup := acks[at]; dup {
							t.Errorf("%v acknowledged twice: %s and %s", at, prev, pending[i])
						}
						acks[at] = pending[i]
						acked.Add(1)
					}
					ackMu.Unlock()
					pending, pendingKeys = again, againKeys
				}
			}
			halfOnce.Do(func() { close(halfway) })
		})
	}

	// Members: read and commit in a loop, and now and then delete the
	// instance and create a new one.
	var stop atomic.Bool
	var rebalances atomic.Int64
	ep := newEpochs(len(memberGroups))
	var memberWG sync.WaitGroup
	for m, gi := range memberGroups {
		g := groups[gi]
		memberWG.Go(func() {
			defer ep.mark(m, math.MaxInt64) // never hold the driver up
			for iter := 1; !stop.Load() && !failed.Load(); iter++ {
				e := ep.current.Load()
				if _, err := readAndCommit(g, current[m]); err != nil {
					fail(err)
					return
				}
				if iter%(6+m) == 0 {
					if _, err := consumerOp(204, "DELETE", instPath(g, current[m]), "", nil); err != nil {
						fail(err)
						return
					}
					current[m] = fmt.Sprintf("m%d-gen%d", m, iter)
					if err := createInstance(g, current[m]); err != nil {
						fail(err)
						return
					}
					rebalances.Add(1)
				}
				ep.mark(m, e)
			}
		})
	}

	// Expiry: from halfway, move the clock in steps, each once every
	// member has touched its instance since the last step, until the
	// idle instance is past its timeout.
	driverDone := make(chan struct{})
	go func() {
		defer close(driverDone)
		select {
		case <-halfway:
		case <-ctx.Done():
			return
		}
		for k := int64(1); (k-1)*int64(clockStep) <= int64(instanceTimeout); k++ {
			ep.current.Store(k)
			ep.waitAll(k)
			clock.Advance(clockStep)
		}
		ep.current.Store(math.MaxInt32)
	}()

	prodWG.Wait()
	<-driverDone
	stop.Store(true)
	memberWG.Wait()
	if failed.Load() {
		return
	}

	// The idle instance expired; the members' instances did not.
	live := map[string]bool{}
	for _, in := range srv.ConsumerInstances() {
		live[in.Group+"/"+in.Name] = true
	}
	if live[idle.name+"/"+idleName] {
		t.Errorf("the idle instance outlived the instance timeout")
	}
	if got, _, err := c.send("GET", instPath(idle, idleName)+"/subscription", "", "", nil); err != nil || got != 404 {
		t.Errorf("idle instance after expiry: %d %v, want 404", got, err)
	}
	for m, gi := range memberGroups {
		if !live[groups[gi].name+"/"+current[m]] {
			t.Errorf("member %s/%s expired while in use", groups[gi].name, current[m])
		}
	}

	// Drain without faults: every group reads until two rounds in a row
	// bring nothing.
	faults := srv.Faults()
	srv.ClearFaults()
	for gi, g := range groups {
		for quiet, round := 0, 0; quiet < 2; round++ {
			if round == 1000 {
				t.Fatalf("group %s still reading after %d rounds", g.name, round)
			}
			got := 0
			for m, mg := range memberGroups {
				if mg != gi {
					continue
				}
				n, err := readAndCommit(g, current[m])
				if err != nil {
					t.Fatal(err)
				}
				got += n
			}
			if got == 0 {
				quiet++
			} else {
				quiet = 0
			}
		}
	}

	// The log holds each acknowledged record exactly once, and nothing else.
	stored := map[pair]string{}
	count := map[string]int{}
	for p := range int32(partitions) {
		recs, err := srv.Log().Read(topic, p, 0, 0)
		if err != nil {
			t.Fatal(err)
		}
		for _, r := range recs {
			stored[pair{p, r.Offset}] = string(r.Value)
			count[string(r.Value)]++
		}
	}
	lostAcks := 0
	for at, v := range acks {
		if stored[at] != v {
			lostAcks++
			t.Errorf("acknowledged %s at %v, the log has %q there", v, at, stored[at])
		}
	}
	for v, n := range count {
		if n != 1 {
			t.Errorf("%s stored %d times", v, n)
		}
	}
	if len(stored) != len(acks) {
		t.Errorf("the log holds %d records, %d were acknowledged", len(stored), len(acks))
	}
	t.Logf("produced %d, acknowledged %d, stored %d, lost %d; %d records retried after an injected error; %d instance re-creations",
		produced.Load(), acked.Load(), len(stored), lostAcks, retried.Load(), rebalances.Load())
	for _, f := range faults {
		t.Logf("fault %q: %d matched, %d fired", f.Fault.Name, f.Matched, f.Hits)
	}

	// Each group read every stored record exactly once.
	for _, g := range groups {
		dups, lost, wrong := 0, 0, 0
		for at, n := range g.seen {
			dups += n - 1
			if v, ok := stored[at]; !ok || v != g.val[at] {
				wrong++
			}
		}
		for at := range stored {
			if g.seen[at] == 0 {
				lost++
			}
		}
		t.Logf("group %s: consumed %d (%d records received), lost %d, duplicated %d", g.name, len(g.seen), len(g.seen)+dups, lost, dups)
		if dups != 0 || lost != 0 || wrong != 0 {
			t.Errorf("group %s: %d duplicated, %d lost, %d not as stored", g.name, dups, lost, wrong)
		}
	}
}
