// Package fakelog is an in-memory partitioned log with the semantics of a
// single Kafka broker: topics with partitions, records with keys, values,
// headers and timestamps, log start and end offsets, delete-records,
// retention, and Kafka's key partitioner.
//
// It knows nothing about HTTP. The REST layer in package mockproxy calls it
// for every request, and tests call the same methods to seed and inspect
// state, so direct calls and HTTP calls share one code path.
//
// Quick start:
//
//	l := fakelog.New()
//	_ = l.CreateTopic("orders", 3, nil)
//	res, _ := l.Produce("orders", []fakelog.Record{
//		{Partition: fakelog.AnyPartition, Key: []byte("k1"), Value: []byte("v1")},
//	})
//	recs, _ := l.Read("orders", res[0].Partition, 0, 1<<20)
//	fmt.Println(string(recs[0].Value)) // v1
//
// Consumers and consumer groups live in the log too: [Log.NewConsumer]
// returns a [Consumer] shaped like Kafka's Java KafkaConsumer (subscribe
// or assign, poll, seek, commit), and the log acts as the group
// coordinator, with eager rebalances, Kafka's RangeAssignor and committed
// offsets per group. Nothing runs in the background: group membership
// and auto-commits advance at consumer calls, on the log's clock.
//
// A [Log] is safe for concurrent use. Values returned to callers are copies:
// mutating them never changes what is stored.
package fakelog
