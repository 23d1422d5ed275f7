package fakelog_test

import (
	"context"
	"fmt"
	"time"

	"github.com/kafkarestmock/kafkarestmock/fakelog"
)

func ExampleLog_Produce() {
	l := fakelog.New()
	defer l.Close()
	_ = l.CreateTopic("orders", 3, nil)

	res, err := l.Produce("orders", []fakelog.Record{
		{Partition: 2, Value: []byte("explicit")},
		{Partition: fakelog.AnyPartition, Key: []byte("foobar"), Value: []byte("keyed")},
		{Partition: fakelog.AnyPartition, Value: []byte("round-robin")},
		{Partition: 9, Value: []byte("no such partition")},
	})
	if err != nil {
		panic(err)
	}
	for _, r := range res {
		fmt.Println(r.Partition, r.Offset, r.Err)
	}
	// Output:
	// 2 0 <nil>
	// 0 0 <nil>
	// 0 1 <nil>
	// 9 -1 fakelog: unknown partition: topic "orders" has no partition 9
}

func ExampleLog_Read() {
	l := fakelog.New()
	defer l.Close()
	_ = l.CreateTopic("t", 1, nil)
	_, _ = l.Append("t", 0,
		fakelog.Record{Key: []byte("a"), Value: []byte("1234")},
		fakelog.Record{Key: []byte("b"), Value: []byte("5678")},
		fakelog.Record{Key: []byte("c"), Value: []byte("9")},
	)

	// A 10-byte cap fits the first two records (5 bytes each).
	recs, _ := l.Read("t", 0, 0, 10)
	for _, r := range recs {
		fmt.Printf("%d %s=%s\n", r.Offset, r.Key, r.Value)
	}
	// A cap smaller than the first record still returns that record.
	recs, _ = l.Read("t", 0, 1, 1)
	fmt.Println(len(recs), recs[0].Offset)
	// Reading at the end offset returns nothing, without error.
	recs, err := l.Read("t", 0, 3, 0)
	fmt.Println(len(recs), err)
	// Output:
	// 0 a=1234
	// 1 b=5678
	// 1 1
	// 0 <nil>
}

func ExampleLog_WaitForData() {
	clk := fakelog.NewManualClock(time.Date(2024, 1, 1, 0, 0, 0, 0, time.UTC))
	l := fakelog.New(fakelog.WithClock(clk))
	defer l.Close()
	_ = l.CreateTopic("t", 1, nil)

	done := make(chan error, 1)
	go func() { done <- l.WaitForData(context.Background(), "t", 0, 0, 30*time.Second) }()

	// Wait until the long poll is parked on its timer, then append.
	_ = clk.BlockUntil(context.Background(), 1)
	_, _ = l.Append("t", 0, fakelog.Record{Value: []byte("hello")})
	fmt.Println(<-done)

	// With no data the wait ends when the timeout passes on the clock.
	go func() { done <- l.WaitForData(context.Background(), "t", 0, 1, 30*time.Second) }()
	_ = clk.BlockUntil(context.Background(), 1)
	clk.Advance(30 * time.Second)
	fmt.Println(<-done)
	// Output:
	// <nil>
	// <nil>
}

func ExampleLog_DeleteRecords() {
	l := fakelog.New()
	defer l.Close()
	_ = l.CreateTopic("t", 1, nil)
	for _, v := range []string{"a", "b", "c", "d"} {
		_, _ = l.Append("t", 0, fakelog.Record{Value: []byte(v)})
	}
	start, _ := l.DeleteRecords("t", 0, 2)
	pi, _ := l.Partition("t", 0)
	fmt.Println(start, pi.StartOffset, pi.EndOffset, pi.Records)
	_, err := l.Read("t", 0, 1, 0)
	fmt.Println(err)
	// Output:
	// 2 2 4 2
	// fakelog: offset out of range: offset 1 of topic "t" partition 0 is outside [2, 4]
}

func ExampleWithRetention() {
	l := fakelog.New(fakelog.WithRetention(3, 0))
	defer l.Close()
	_ = l.CreateTopic("t", 1, nil)
	_ = l.CreateTopic("keep-all", 1, map[string]string{"retention.records": "-1"})
	for i := range 10 {
		_, _ = l.Append("t", 0, fakelog.Record{Value: fmt.Append(nil, i)})
		_, _ = l.Append("keep-all", 0, fakelog.Record{Value: fmt.Append(nil, i)})
	}
	for _, topic := range []string{"t", "keep-all"} {
		pi, _ := l.Partition(topic, 0)
		fmt.Println(topic, pi.StartOffset, pi.EndOffset)
	}
	// Output:
	// t 7 10
	// keep-all 0 10
}

func ExampleLog_OffsetForTime() {
	t0 := time.Date(2024, 1, 1, 0, 0, 0, 0, time.UTC)
	l := fakelog.New()
	defer l.Close()
	_ = l.CreateTopic("t", 1, nil)
	for i := range 3 {
		_, _ = l.Append("t", 0, fakelog.Record{Timestamp: t0.Add(time.Duration(i) * time.Minute)})
	}
	off, _ := l.OffsetForTime("t", 0, t0.Add(30*time.Second))
	fmt.Println(off)
	// Past the last record, the end offset (Kafka would answer -1).
	off, _ = l.OffsetForTime("t", 0, t0.Add(time.Hour))
	fmt.Println(off)
	// Output:
	// 1
	// 3
}

func ExampleLog_Changed() {
	l := fakelog.New()
	defer l.Close()
	_ = l.CreateTopic("t", 1, nil)
	ch, _ := l.Changed("t", 0)
	_, _ = l.Append("t", 0, fakelog.Record{Value: []byte("x")})
	select {
	case <-ch:
		fmt.Println("changed")
	default:
		fmt.Println("not changed")
	}
	// Output: changed
}

func ExamplePartitionForKey() {
	fmt.Println(fakelog.Murmur2([]byte("foobar")))
	fmt.Println(fakelog.PartitionForKey([]byte("foobar"), 10))
	// Output:
	// -790332482
	// 6
}

func ExampleManualClock() {
	clk := fakelog.NewManualClock(time.Date(2024, 1, 1, 0, 0, 0, 0, time.UTC))
	tm := clk.NewTimer(time.Second)
	fmt.Println(clk.Waiters())
	clk.Advance(time.Second)
	fmt.Println((<-tm.C()).Format(time.TimeOnly), clk.Waiters())
	// Output:
	// 1
	// 00:00:01 0
}
