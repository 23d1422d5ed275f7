package fakelog_test

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"math/rand/v2"
	"sync"
	"testing"
	"time"

	"github.com/kafkarestmock/kafkarestmock/fakelog"
)

var fenceSoakBatches = flag.Int("fence.batches", 0, "batches each producer of TestFencingSoak writes (default 100; more for a longer run)")

// TestFencingSoak runs producers, groups of members that read and commit
// what they read, members that leave and come back, records deleted
// below the consumers and members that stall past max.poll.interval (the
// manual clock jumps six minutes) before committing. It checks Kafka's
// promise under fencing: a group's committed offset of a partition never
// moves backwards, and no member is handed a record below its group's
// committed offset. It logs its figures (go test -v). -fence.batches
// makes the run longer.
func TestFencingSoak(t *testing.T) {
	t.Parallel()
	batches := 100
	if *fenceSoakBatches > 0 {
		batches = *fenceSoakBatches
	}
	const (
		producers  = 3
		groups     = 3
		members    = 3
		partitions = 4
		batchSize  = 10
	)
	l, clk := newLogWithTopic(t, "t", partitions)
	ctx, cancel := context.WithTimeout(t.Context(), 60*time.Second)
	defer cancel()

	var mu sync.Mutex // guards the figures and committed
	committed := map[string]map[int32]int64{}
	var polled, refused, redelivered, backwards, rejoins, stalls, deletes int

	// snapshot copies what the members recorded as committed for group;
	// a commit recorded there happened before the snapshot was taken.
	snapshot := func(group string) map[int32]int64 {
		mu.Lock()
		defer mu.Unlock()
		out := make(map[int32]int64, partitions)
		for p, off := range committed[group] {
			out[p] = off
		}
		return out
	}
	chaos := make(chan struct{})   // closed when producers and chaos stop
	drained := make(chan struct{}) // closed when every group committed the end
	member := func(group, id string, seed uint64) {
		rng := rand.New(rand.NewPCG(seed, 1))
		for {
			c, err := l.NewConsumer(fakelog.ConsumerConfig{Group: group, MemberID: id, AutoOffsetReset: fakelog.ResetEarliest, MaxPollRecords: 7})
			if err != nil {
				t.Error(err)
				return
			}
			if err := c.Subscribe([]string{"t"}); err != nil {
				t.Error(err)
				return
			}
			for leave := false; !leave; {
				ch := l.Changes()
				// What was committed before the poll began: a record
				// below it was handed out again.
				before := snapshot(group)
				recs, err := c.Poll()
				if err != nil {
					t.Errorf("%s/%s Poll: %v", group, id, err)
					c.Close()
					return
				}
				if len(recs) > 0 {
					offsets := map[fakelog.TopicPartition]fakelog.OffsetAndMetadata{}
					mu.Lock()
					polled += len(recs)
					for _, r := range recs {
						if r.Offset < before[r.Partition] {
							redelivered++
						}
						offsets[tp("t", r.Partition)] = oam(r.Offset + 1)
					}
					mu.Unlock()
					select {
					case <-chaos:
					default:
						if rng.IntN(300) == 0 { // stall past max.poll.interval
							clk.Advance(6 * time.Minute)
							mu.Lock()
							stalls++
							mu.Unlock()
						}
					}
					before = snapshot(group)
					err := c.Commit(offsets)
					mu.Lock()
					switch {
					case errors.Is(err, fakelog.ErrCommitFailed):
						refused++
					case err != nil:
						t.Errorf("%s/%s Commit: %v", group, id, err)
					default:
						for tp, om := range offsets {
							if om.Offset < before[tp.Partition] {
								backwards++
							}
							committed[group][tp.Partition] = max(committed[group][tp.Partition], om.Offset)
						}
					}
					mu.Unlock()
					select {
					case <-chaos:
					default:
						leave = rng.IntN(100) == 0
					}
					continue
				}
				select {
				case <-ch:
				case <-drained:
					c.Close()
					return
				case <-ctx.Done():
					t.Errorf("%s/%s: timed out", group, id)
					c.Close()
					return
				}
			}
			c.Close()
			mu.Lock()
			rejoins++
			mu.Unlock()
		}
	}

	var wg sync.WaitGroup
	wg.Go(func() { // watches the log's committed offsets move
		last := map[string]map[fakelog.TopicPartition]int64{}
		for {
			ch := l.Changes()
			for g := range groups {
				group := fmt.Sprintf("g%d", g)
				if last[group] == nil {
					last[group] = map[fakelog.TopicPartition]int64{}
				}
				for tp, om := range l.CommittedOffsets(group) {
					if om.Offset < last[group][tp] {
						mu.Lock()
						backwards++
						mu.Unlock()
					}
					last[group][tp] = om.Offset
				}
			}
			select {
			case <-ch:
			case <-drained:
				return
			case <-ctx.Done():
				return
			}
		}
	})
	for g := range groups {
		group := fmt.Sprintf("g%d", g)
		committed[group] = map[int32]int64{}
		for m := range members {
			wg.Go(func() { member(group, fmt.Sprintf("m%d", m), uint64(g*members+m)) })
		}
	}
	// deleteSome deletes records below the consumers of a partition.
	deleteSome := func(rng *rand.Rand) {
		p := int32(rng.IntN(partitions))
		info := mustPartition(t, l, "t", p)
		if info.EndOffset == info.StartOffset {
			return
		}
		if _, err := l.DeleteRecords("t", p, info.StartOffset+rng.Int64N(info.EndOffset-info.StartOffset+1)); err != nil {
			t.Error(err)
		}
		mu.Lock()
		deletes++
		mu.Unlock()
	}
	var producing sync.WaitGroup
	for p := range producers {
		producing.Go(func() {
			rng := rand.New(rand.NewPCG(99, uint64(p)))
			for i := range batches {
				recs := make([]fakelog.Record, batchSize)
				for j := range recs {
					recs[j] = fakelog.Record{Partition: fakelog.AnyPartition, Value: fmt.Appendf(nil, "%d/%d/%d", p, i, j)}
				}
				if _, err := l.Produce("t", recs); err != nil {
					t.Error(err)
					return
				}
				if p == 0 {
					deleteSome(rng)
				}
			}
		})
	}
	producing.Wait()
	close(chaos)
	// Every group commits up to the end offsets (or past the records
	// deleted below it).
	for done := false; !done; {
		ch := l.Changes()
		done = true
		for g := range groups {
			got := l.CommittedOffsets(fmt.Sprintf("g%d", g))
			for p := range int32(partitions) {
				info := mustPartition(t, l, "t", p)
				if om, ok := got[tp("t", p)]; (!ok && info.EndOffset > info.StartOffset) || (ok && om.Offset < info.EndOffset && info.EndOffset > info.StartOffset) {
					done = false
				}
			}
		}
		if done {
			break
		}
		select {
		case <-ch:
		case <-ctx.Done():
			t.Fatalf("groups did not commit every record: %v", l.Groups())
		}
	}
	close(drained)
	wg.Wait()

	gens := 0
	for _, gi := range l.Groups() {
		gens += gi.Generation
	}
	t.Logf("records produced %d, polled %d; rebalances %d (members left and rejoined %d, stalls %d); records deleted %d times; stale commits refused %d; committed offsets moved back %d; committed records redelivered %d",
		producers*batches*batchSize, polled, gens, rejoins, stalls, deletes, refused, backwards, redelivered)
	if backwards != 0 || redelivered != 0 {
		t.Errorf("committed offsets moved back %d times and %d committed records were redelivered, want none", backwards, redelivered)
	}
}
