package fakelog_test

import (
	"context"
	"fmt"
	"sync"
	"testing"
	"time"

	"github.com/kafkarestmock/kafkarestmock/fakelog"
)

// groupTally records what one group consumed.
type groupTally struct {
	mu    sync.Mutex
	seen  map[string]int
	total int // records to consume
	done  chan struct{}
	once  sync.Once
}

func newTally(total int) *groupTally {
	return &groupTally{seen: map[string]int{}, total: total, done: make(chan struct{})}
}

func (g *groupTally) add(recs []fakelog.Record) {
	g.mu.Lock()
	defer g.mu.Unlock()
	for _, r := range recs {
		g.seen[string(r.Value)]++
	}
	if len(g.seen) == g.total {
		g.once.Do(func() { close(g.done) })
	}
}

// TestConcurrentConsumers runs producers and two consumer groups at once.
// Group "stable" has fixed members, so every record is consumed exactly
// once; group "churn" has a member that keeps joining and leaving, so
// every record is consumed at least once (eager rebalances redeliver
// what was polled but not committed). The test is also for the race
// detector.
func TestConcurrentConsumers(t *testing.T) {
	t.Parallel()
	const (
		producers = 4
		perWorker = 300
	)
	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	defer cancel()
	l, _ := newLog(t)
	topics := map[string]int32{"t": 6, "u": 3}
	for name, n := range topics {
		mustCreate(t, l, name, n, nil)
	}
	total := producers * perWorker
	stable, churn := newTally(total), newTally(total)

	newMember := func(group, id string, autoCommit bool) *fakelog.Consumer {
		c := mustConsumer(t, l, fakelog.ConsumerConfig{
			Group: group, MemberID: id, AutoOffsetReset: fakelog.ResetEarliest,
			AutoCommit: autoCommit, MaxPollRecords: 17,
		})
		if err := c.Subscribe([]string{"t", "u"}); err != nil {
			t.Fatal(err)
		}
		mustPoll(t, c) // join before the records arrive
		return c
	}
	// consume polls and commits until the group has seen every record.
	consume := func(c *fakelog.Consumer, tally *groupTally) {
		for {
			ch := l.Changes()
			recs, err := c.Poll()
			if err != nil {
				t.Errorf("%s/%s Poll: %v", c.Group(), c.MemberID(), err)
				return
			}
			tally.add(recs)
			if _, err := c.CommitConsumed(); err != nil {
				t.Errorf("%s/%s CommitConsumed: %v", c.Group(), c.MemberID(), err)
				return
			}
			if len(recs) > 0 {
				continue
			}
			select {
			case <-ch:
			case <-tally.done:
				return
			case <-ctx.Done():
				t.Errorf("%s/%s: timed out", c.Group(), c.MemberID())
				return
			}
		}
	}

	var wg sync.WaitGroup
	var members []*fakelog.Consumer
	for i := range 3 {
		c := newMember("stable", fmt.Sprintf("s%d", i), false)
		members = append(members, c)
		wg.Go(func() { consume(c, stable) })
	}
	for i := range 2 {
		c := newMember("churn", fmt.Sprintf("c%d", i), i == 0)
		members = append(members, c)
		wg.Go(func() { consume(c, churn) })
	}
	wg.Go(func() {
		for i := 0; ; i++ {
			select {
			case <-churn.done:
				return
			case <-ctx.Done():
				return
			default:
			}
			c, err := l.NewConsumer(fakelog.ConsumerConfig{Group: "churn", MemberID: fmt.Sprintf("x%d", i), AutoOffsetReset: fakelog.ResetEarliest, AutoCommit: true, MaxPollRecords: 5})
			if err != nil {
				t.Error(err)
				return
			}
			if err := c.Subscribe([]string{"u", "t"}); err != nil {
				t.Error(err)
			}
			for range 3 {
				recs, err := c.Poll()
				if err != nil {
					t.Error(err)
				}
				churn.add(recs)
			}
			c.Close()
		}
	})
	wg.Go(func() {
		for {
			for _, gi := range l.Groups() {
				owners := map[fakelog.TopicPartition]int{}
				for _, m := range gi.Members {
					for _, p := range m.Assignment {
						owners[p]++
					}
				}
				for p, n := range owners {
					if n != 1 {
						t.Errorf("group %s: partition %v has %d owners", gi.Group, p, n)
					}
				}
			}
			select {
			case <-l.Changes():
			case <-stable.done:
				return
			case <-ctx.Done():
				return
			}
		}
	})
	var producing sync.WaitGroup
	for w := range producers {
		producing.Go(func() {
			for i := 0; i < perWorker; i += 10 {
				recs := make([]fakelog.Record, 10)
				for j := range recs {
					recs[j] = fakelog.Record{Partition: fakelog.AnyPartition, Key: fmt.Appendf(nil, "k%d", i+j), Value: fmt.Appendf(nil, "%d/%d", w, i+j)}
				}
				topic := "t"
				if i%20 == 10 {
					topic = "u"
				}
				if _, err := l.Produce(topic, recs); err != nil {
					t.Error(err)
					return
				}
			}
		})
	}
	producing.Wait()
	wg.Wait()
	// The last churner's leave started a rebalance the members that
	// stopped polling have not rejoined: they do at one more poll.
	for _, c := range members {
		mustPoll(t, c)
	}

	for v, n := range stable.seen {
		if n != 1 {
			t.Errorf("stable group consumed %q %d times, want once", v, n)
		}
	}
	if len(stable.seen) != total || len(churn.seen) != total {
		t.Errorf("distinct records consumed: stable %d, churn %d, want %d", len(stable.seen), len(churn.seen), total)
	}
	for _, gi := range l.Groups() {
		n := 0
		for _, m := range gi.Members {
			n += len(m.Assignment)
		}
		if n != 9 {
			t.Errorf("group %s: %d partitions assigned, want 9", gi.Group, n)
		}
	}
}
