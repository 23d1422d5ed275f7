package mockproxy_test

import (
	"encoding/json"
	"fmt"
	"sort"
	"strings"
	"testing"
	"time"

	"github.com/kafkarestmock/kafkarestmock/internal/resttest"
	"github.com/kafkarestmock/kafkarestmock/mockproxy"
)

type tp struct {
	Topic     string `json:"topic"`
	Partition int32  `json:"partition"`
}

func assignments(t *testing.T, srv *mockproxy.Server, path string) []tp {
	t.Helper()
	got := resttest.Must(t, srv, 200, "GET", path+"/assignments", "")
	var r struct{ Partitions []tp }
	if err := json.Unmarshal(got.Body, &r); err != nil {
		t.Fatal(err)
	}
	return r.Partitions
}

// TestV2GroupRebalanceExactlyOnce runs three instances of one group on a
// six-partition topic through joins, a leave and an expiry. At every step
// no partition has two owners and none is orphaned, and with each
// instance committing what it read, every record is consumed exactly once.
func TestV2GroupRebalanceExactlyOnce(t *testing.T) {
	t.Parallel()
	srv, clock := newConsumerServer(t, mockproxy.WithTopic("g6", 6), mockproxy.WithConsumerInstanceTimeout(time.Minute))
	produced := 0
	produce := func(n int) {
		var recs []string
		for range n {
			recs = append(recs, fmt.Sprintf(`{"key":%q,"value":"eA=="}`, b64(fmt.Sprint(produced))))
			produced++
		}
		resttest.Must(t, srv, 200, "POST", "/topics/g6", `{"records":[`+strings.Join(recs, ",")+`]}`, "Content-Type: "+ctV2B)
	}
	seen := map[tp][]int64{}
	cfg := `{"name":"%s","auto.offset.reset":"earliest","auto.commit.enable":"false","consumer.request.timeout.ms":0}`
	newMember := func(name string) string {
		p := create(t, srv, "grp", fmt.Sprintf(cfg, name))
		resttest.Must(t, srv, 204, "POST", p+"/subscription", `{"topics":["g6"]}`)
		return p
	}
	// drain reads until empty, recording every record, then commits.
	drain := func(p string) {
		for {
			recs := read(t, srv, p)
			if len(recs) == 0 {
				break
			}
			for _, r := range recs {
				k := tp{r.Topic, r.Partition}
				seen[k] = append(seen[k], r.Offset)
			}
		}
		resttest.Must(t, srv, 200, "POST", p+"/offsets", "")
	}
	checkOwnership := func(step string, members ...string) {
		t.Helper()
		owner := map[int32]string{}
		for _, m := range members {
			for _, a := range assignments(t, srv, m) {
				if prev, dup := owner[a.Partition]; dup {
					t.Errorf("%s: partition %d owned by %s and %s", step, a.Partition, prev, m)
				}
				owner[a.Partition] = m
			}
		}
		for p := int32(0); p < 6; p++ {
			if _, ok := owner[p]; !ok {
				t.Errorf("%s: partition %d orphaned (owners %v)", step, p, owner)
			}
		}
	}

	produce(60)
	a := newMember("a")
	drain(a)
	checkOwnership("a alone", a)
	produce(30)

	b := newMember("b")
	drain(b)
	drain(a)
	checkOwnership("a+b", a, b)
	if got, want := assignments(t, srv, a), []tp{{"g6", 0}, {"g6", 1}, {"g6", 2}}; fmt.Sprint(got) != fmt.Sprint(want) {
		t.Errorf("range assignment of a = %v, want %v", got, want)
	}
	produce(30)

	c := newMember("c")
	drain(c)
	drain(a)
	drain(b)
	checkOwnership("a+b+c", a, b, c)
	produce(30)
	drain(a)
	drain(b)
	drain(c)

	resttest.Must(t, srv, 204, "DELETE", b, "") // b leaves
	produce(30)
	drain(a)
	drain(c)
	checkOwnership("a+c after b left", a, c)

	// c goes idle and expires; a stays alive.
	clock.Advance(40 * time.Second)
	drain(a)
	clock.Advance(40 * time.Second)
	produce(30)
	drain(a)
	resttest.WantError(t, resttest.Do(t, srv, "GET", c+"/assignments", ""), 404, ctV2, 40403, "Consumer instance not found.")
	checkOwnership("a after c expired", a)
	drain(a)

	total := 0
	for k, offs := range seen {
		sort.Slice(offs, func(i, j int) bool { return offs[i] < offs[j] })
		for i, o := range offs {
			if int64(i) != o {
				t.Fatalf("partition %d: consumed offsets %v, want each of 0..%d exactly once", k.Partition, offs, len(offs)-1)
			}
		}
		total += len(offs)
	}
	if total != produced {
		t.Errorf("consumed %d records, produced %d", total, produced)
	}
}
