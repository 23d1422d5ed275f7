package fakelog_test

import (
	"fmt"
	"runtime"
	"testing"

	"github.com/kafkarestmock/kafkarestmock/fakelog"
)

// BenchmarkAppend appends batches of 100-byte records to one partition.
// Retention caps the partition at 2^20 records so memory stays bounded
// whatever b.N is; dropping old segments is part of what is measured.
func BenchmarkAppend(b *testing.B) {
	for _, batch := range []int{1, 100, 1000} {
		b.Run(fmt.Sprintf("batch=%d", batch), func(b *testing.B) {
			l := benchTopic(b, 1, fakelog.WithRetention(1<<20, 0))
			recs := valueRecords(batch, 100)
			b.ReportAllocs()
			b.ResetTimer()
			for b.Loop() {
				if _, err := l.Append("t", 0, recs...); err != nil {
					b.Fatal(err)
				}
			}
			b.ReportMetric(float64(b.N*batch)/b.Elapsed().Seconds(), "records/s")
		})
	}
}

// BenchmarkProduce is BenchmarkAppend through Produce with keyed records
// spread over 8 partitions.
func BenchmarkProduce(b *testing.B) {
	const batch = 1000
	l := benchTopic(b, 8, fakelog.WithRetention(1<<17, 0))
	recs := make([]fakelog.Record, batch)
	for i := range recs {
		recs[i] = fakelog.Record{Partition: fakelog.AnyPartition, Key: fmt.Appendf(nil, "key-%d", i), Value: make([]byte, 100)}
	}
	b.ReportAllocs()
	for b.Loop() {
		if _, err := l.Produce("t", recs); err != nil {
			b.Fatal(err)
		}
	}
	b.ReportMetric(float64(b.N*batch)/b.Elapsed().Seconds(), "records/s")
}

// BenchmarkRead reads batches of 1000 records of 100 bytes from a
// partition of 100,000.
func BenchmarkRead(b *testing.B) {
	const (
		total = 100_000
		batch = 1000
	)
	l := benchTopic(b, 1)
	recs := valueRecords(batch, 100)
	for range total / batch {
		if _, err := l.Append("t", 0, recs...); err != nil {
			b.Fatal(err)
		}
	}
	b.ReportAllocs()
	off := int64(0)
	for b.Loop() {
		got, err := l.ReadN("t", 0, off, batch, 0)
		if err != nil || len(got) != batch {
			b.Fatalf("ReadN(%d) = %d records, %v", off, len(got), err)
		}
		off = (off + batch) % total
	}
	b.ReportMetric(float64(b.N*batch)/b.Elapsed().Seconds(), "records/s")
}

// BenchmarkHeapPerRecord stores 1,000,000 records with a 100-byte value
// and no key in one partition and reports the live heap they take. Run it
// with -benchtime 1x.
func BenchmarkHeapPerRecord(b *testing.B) {
	const (
		total = 1_000_000
		size  = 100
		batch = 1000
	)
	for b.Loop() {
		recs := valueRecords(batch, size)
		var before, after runtime.MemStats
		runtime.GC()
		runtime.ReadMemStats(&before)

		l := fakelog.New()
		if err := l.CreateTopic("t", 1, nil); err != nil {
			b.Fatal(err)
		}
		for range total / batch {
			if _, err := l.Append("t", 0, recs...); err != nil {
				b.Fatal(err)
			}
		}

		runtime.GC()
		runtime.ReadMemStats(&after)
		if pi, _ := l.Partition("t", 0); pi.Records != total {
			b.Fatalf("stored %d records, want %d", pi.Records, total)
		}
		perRecord := float64(int64(after.HeapAlloc)-int64(before.HeapAlloc)) / total
		b.ReportMetric(perRecord, "heapB/record")
		b.ReportMetric(perRecord-size, "overheadB/record")
		runtime.KeepAlive(l)
		runtime.KeepAlive(recs)
	}
}

// benchTopic returns a log made with opts that holds a topic "t" of the
// given partitions; it is closed when the benchmark ends.
func benchTopic(b *testing.B, partitions int32, opts ...fakelog.Option) *fakelog.Log {
	b.Helper()
	l := fakelog.New(opts...)
	b.Cleanup(func() { _ = l.Close() })
	if err := l.CreateTopic("t", partitions, nil); err != nil {
		b.Fatal(err)
	}
	return l
}

// valueRecords returns n records without a key, each value size zero
// bytes.
func valueRecords(n, size int) []fakelog.Record {
	recs := make([]fakelog.Record, n)
	for i := range recs {
		recs[i].Value = make([]byte, size)
	}
	return recs
}

// BenchmarkPollInto polls a subscribed consumer that shares the log's
// bytes (as the proxy's consumers do) 30 records at a time (the proxy's
// max.poll.records) into a reused batch, seeking back to the beginning
// when it has read the 100,000 records, and reports records/s.
func BenchmarkPollInto(b *testing.B) {
	const total = 100_000
	l := benchTopic(b, 1)
	recs := valueRecords(1000, 100)
	for range total / 1000 {
		if _, err := l.Append("t", 0, recs...); err != nil {
			b.Fatal(err)
		}
	}
	c, err := l.NewConsumer(fakelog.ConsumerConfig{Group: "g", MemberID: "m",
		AutoOffsetReset: fakelog.ResetEarliest, SharedBytes: true, MaxPollRecords: 30})
	if err != nil {
		b.Fatal(err)
	}
	tp := fakelog.TopicPartition{Topic: "t", Partition: 0}
	if err := c.Assign([]fakelog.TopicPartition{tp}); err != nil {
		b.Fatal(err)
	}
	var batch []fakelog.Record
	read := 0
	b.ReportAllocs()
	for b.Loop() {
		if batch, err = c.PollInto(batch); err != nil {
			b.Fatal(err)
		}
		if read += len(batch); read >= total || len(batch) == 0 {
			if err := c.Seek(tp, 0); err != nil {
				b.Fatal(err)
			}
			read = 0
		}
	}
	b.ReportMetric(float64(b.N*30)/b.Elapsed().Seconds(), "records/s")
}
