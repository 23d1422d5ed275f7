package fakelog_test

import (
	"fmt"

	"github.com/kafkarestmock/kafkarestmock/fakelog"
)

func ExampleLog_NewConsumer() {
	l := fakelog.New()
	defer l.Close()
	_ = l.CreateTopic("orders", 4, nil)
	for p := range int32(4) {
		_, _ = l.Append("orders", p, fakelog.Record{Value: fmt.Appendf(nil, "order %d", p)})
	}

	newConsumer := func(id string) *fakelog.Consumer {
		c, err := l.NewConsumer(fakelog.ConsumerConfig{
			Group:           "billing",
			MemberID:        id,
			AutoOffsetReset: fakelog.ResetEarliest,
		})
		if err != nil {
			panic(err)
		}
		_ = c.Subscribe([]string{"orders"})
		return c
	}
	a, b := newConsumer("a"), newConsumer("b")
	defer a.Close()
	defer b.Close()

	// Each consumer joins the group at its first Poll. b's join starts a
	// rebalance, which a learns of at its next Poll, where it rejoins;
	// then the range assignor splits the partitions.
	_, _ = a.Poll()
	_, _ = b.Poll() // b waits for a: no records
	_, _ = a.Poll()
	recs, _ := b.Poll()
	fmt.Println("a:", a.Assignment())
	fmt.Println("b:", b.Assignment())
	for _, r := range recs {
		fmt.Printf("b read %s at %s-%d offset %d\n", r.Value, r.Topic, r.Partition, r.Offset)
	}
	committed, _ := b.CommitConsumed()
	fmt.Println(committed[fakelog.TopicPartition{Topic: "orders", Partition: 3}].Offset)
	// Output:
	// a: [orders-0 orders-1]
	// b: [orders-2 orders-3]
	// b read order 2 at orders-2 offset 0
	// b read order 3 at orders-3 offset 0
	// 1
}
