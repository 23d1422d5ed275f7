package kafkabackend_test

import (
	"context"
	"fmt"
	"io"
	"strings"
	"time"

	"github.com/twmb/franz-go/pkg/kgo"

	"github.com/kafkarestmock/kafkarestmock/kafkabackend"
	"github.com/kafkarestmock/kafkarestmock/mockproxy"
)

// A record produced through the REST API is read by a native Kafka
// client from the same kfake cluster, on the partition the Java producer
// would pick for its key. In a test, kafkabackend.NewServer(t, ...) does
// the same and closes everything with the test.
func Example() {
	kb, err := kafkabackend.NewKfake()
	if err != nil {
		panic(err)
	}
	srv, err := mockproxy.New(mockproxy.WithBackend(kb), mockproxy.WithTopic("orders", 3))
	if err != nil {
		panic(err)
	}
	defer srv.Close() // closes kb and its cluster too
	if err := srv.Start("127.0.0.1:0"); err != nil {
		panic(err)
	}

	resp, err := srv.Client().Post(srv.URL()+"/topics/orders", "application/vnd.kafka.json.v2+json",
		strings.NewReader(`{"records":[{"key":"order-1","value":{"total":42}}]}`))
	if err != nil {
		panic(err)
	}
	body, _ := io.ReadAll(resp.Body)
	resp.Body.Close()
	fmt.Println(string(body))

	cl, err := kgo.NewClient(kgo.SeedBrokers(kb.Addrs()...), kgo.ConsumeTopics("orders"),
		kgo.ConsumeResetOffset(kgo.NewOffset().AtStart()))
	if err != nil {
		panic(err)
	}
	defer cl.Close()
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	for _, r := range cl.PollFetches(ctx).Records() {
		fmt.Printf("partition %d offset %d: %s = %s\n", r.Partition, r.Offset, r.Key, r.Value)
	}
	// Output:
	// {"offsets":[{"partition":2,"offset":0,"error_code":null,"error":null}],"key_schema_id":null,"value_schema_id":null}
	// partition 2 offset 0: "order-1" = {"total":42}
}
