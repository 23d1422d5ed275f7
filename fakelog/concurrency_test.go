package fakelog_test

import (
	"context"
	"errors"
	"fmt"
	"sync"
	"testing"

	"github.com/kafkarestmock/kafkarestmock/fakelog"
)

// TestConcurrentProduceAndRead runs producers, tailing readers and
// metadata readers at once, then checks that every produced record is
// stored exactly once, with contiguous offsets and each producer's order
// kept within a partition.
func TestConcurrentProduceAndRead(t *testing.T) {
	t.Parallel()
	const (
		partitions = 4
		producers  = 8
		perWorker  = 600
	)
	l := fakelog.New()
	defer l.Close()
	mustCreate(t, l, "t", partitions, nil)

	var producing sync.WaitGroup
	for w := range producers {
		producing.Go(func() {
			seq := 0
			for batch := 1; seq < perWorker; batch = batch%17 + 1 {
				var recs []fakelog.Record
				for i := 0; i < batch && seq < perWorker; i++ {
					r := fakelog.Record{Partition: fakelog.AnyPartition, Value: fmt.Appendf(nil, "%d/%d", w, seq)}
					switch seq % 3 {
					case 0:
						r.Key = fmt.Appendf(nil, "key-%d-%d", w, seq)
					case 1:
						r.Partition = int32(seq % partitions)
					}
					recs = append(recs, r)
					seq++
				}
				res, err := l.Produce("t", recs)
				if err != nil {
					t.Error(err)
					return
				}
				for _, r := range res {
					if r.Err != nil {
						t.Error(r.Err)
					}
				}
			}
		})
	}

	ctx, stop := context.WithCancel(context.Background())
	var reading sync.WaitGroup
	tailed := make([][]fakelog.Record, partitions)
	for p := range int32(partitions) {
		reading.Go(func() {
			next := int64(0)
			for {
				recs, err := l.ReadN("t", p, next, 50, 1<<10)
				if err != nil {
					t.Error(err)
					return
				}
				for _, r := range recs {
					if r.Offset != next {
						t.Errorf("partition %d: offset %d, want %d", p, r.Offset, next)
					}
					next++
				}
				tailed[p] = append(tailed[p], recs...)
				if len(recs) > 0 {
					continue
				}
				if err := l.WaitForData(ctx, "t", p, next, 0); err != nil {
					if !errors.Is(err, context.Canceled) {
						t.Error(err)
						return
					}
					// Producers are done: drain what is left.
					rest, err := l.Read("t", p, next, 0)
					if err != nil {
						t.Error(err)
					}
					tailed[p] = append(tailed[p], rest...)
					return
				}
			}
		})
	}
	reading.Go(func() {
		for ctx.Err() == nil {
			if _, err := l.Partitions("t"); err != nil {
				t.Error(err)
			}
			_ = l.Topics()
			select {
			case <-l.Changes():
			case <-ctx.Done():
			}
		}
	})

	producing.Wait()
	stop()
	reading.Wait()

	seen := map[string]bool{}
	total := 0
	for p := range int32(partitions) {
		all := mustRead(t, l, "t", p, 0, 0)
		if len(all) != len(tailed[p]) {
			t.Errorf("partition %d: tailing reader saw %d records, partition holds %d", p, len(tailed[p]), len(all))
		}
		last := map[int]int{}
		for i, r := range all {
			if r.Offset != int64(i) {
				t.Fatalf("partition %d: record %d has offset %d", p, i, r.Offset)
			}
			if i < len(tailed[p]) && string(tailed[p][i].Value) != string(r.Value) {
				t.Errorf("partition %d offset %d: tailed %q, stored %q", p, i, tailed[p][i].Value, r.Value)
			}
			v := string(r.Value)
			if seen[v] {
				t.Errorf("record %q stored twice", v)
			}
			seen[v] = true
			var w, seq int
			if _, err := fmt.Sscanf(v, "%d/%d", &w, &seq); err != nil {
				t.Fatal(err)
			}
			if prev, ok := last[w]; ok && seq <= prev {
				t.Errorf("partition %d: producer %d record %d stored after %d", p, w, seq, prev)
			}
			last[w] = seq
		}
		total += len(all)
	}
	if total != producers*perWorker {
		t.Errorf("stored %d records, want %d", total, producers*perWorker)
	}
}

// TestConcurrentAdmin mixes topic creation, deletion, partition growth and
// record deletion with produce and read calls. Errors from racing against
// a deletion are expected; the test is for the race detector and for
// invariants that must hold regardless.
func TestConcurrentAdmin(t *testing.T) {
	t.Parallel()
	l, _ := newLog(t)
	var wg sync.WaitGroup
	for w := range 4 {
		wg.Go(func() {
			name := fmt.Sprintf("t%d", w%2)
			for i := range 200 {
				switch i % 5 {
				case 0:
					_ = l.CreateTopic(name, 2, nil)
				case 1:
					_, _ = l.Produce(name, []fakelog.Record{val("a"), {Partition: 1, Value: []byte("b")}})
				case 2:
					_ = l.AddPartitions(name, int32(3+i%4))
				case 3:
					if recs, err := l.Read(name, 0, 0, 0); err == nil {
						for j, r := range recs {
							if r.Offset != recs[0].Offset+int64(j) {
								t.Errorf("non-contiguous read: %v", offsets(recs))
								break
							}
						}
					}
					_, _ = l.DeleteRecords(name, 0, 1)
				case 4:
					if w < 2 {
						_ = l.DeleteTopic(name)
					} else {
						l.Reset()
					}
				}
			}
		})
	}
	wg.Wait()
	for _, ti := range l.Topics() {
		ps, err := l.Partitions(ti.Name)
		if err != nil {
			t.Fatal(err)
		}
		for _, p := range ps {
			if p.StartOffset > p.EndOffset || p.Records != p.EndOffset-p.StartOffset {
				t.Errorf("inconsistent partition %+v", p)
			}
		}
	}
}
