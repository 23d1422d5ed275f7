// Package kafkabackend runs the mock's REST API over Kafka: an in-process
// kfake cluster (github.com/twmb/franz-go/pkg/kfake) or real brokers
// (Kafka, Redpanda), through franz-go's kgo and kadm clients. It
// implements backend.Backend, the interface the REST layer uses, so that
// native Kafka clients and REST clients share the same data: records
// produced through REST are on the partitions a Java producer would pick,
// and offsets committed through REST are the groups' committed offsets
// in Kafka.
//
// It lives in its own package so that users of the in-memory mode never
// compile franz-go.
//
//	kb := kafkabackend.NewKfakeBackend(t)           // a cluster for this test
//	srv := mockproxy.NewServer(t, mockproxy.WithBackend(kb))
//	cl, _ := kgo.NewClient(kgo.SeedBrokers(kb.Addrs()...))
//
// The REST layer maps the consumer instances it creates to kgo clients:
// a group consumer (range balancer) for subscriptions, a direct consumer
// for assignments. Where the behaviour differs from the in-memory log,
// FIDELITY.md says so.
package kafkabackend
