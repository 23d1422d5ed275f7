// Command kafkanative reads a topic with franz-go, a native Kafka client,
// from the Kafka address kafkarestmock prints on its second line with
// --backend kfake, so records produced through the REST API can be seen
// from the Kafka side:
//
//	go run ./cmd/kafkarestmock --backend kfake --topic orders:3 > urls &
//	curl -s -H 'Content-Type: application/vnd.kafka.json.v2+json' \
//	  -d '{"records":[{"key":"o1","value":{"total":3}}]}' "$(sed -n 1p urls)/topics/orders"
//	go run ./examples/kafkanative -brokers "$(sed -n 2p urls)" -topic orders -n 1
//
// It prints one line per record: partition, offset, key and value, and
// exits after -n records (or fails after -timeout).
package main

import (
	"context"
	"flag"
	"fmt"
	"io"
	"os"
	"strings"
	"time"

	"github.com/twmb/franz-go/pkg/kgo"
)

func main() {
	brokers := flag.String("brokers", "127.0.0.1:9092", "Kafka bootstrap address (host:port,...)")
	topic := flag.String("topic", "", "topic to read from the beginning")
	n := flag.Int("n", 1, "records to read before exiting")
	timeout := flag.Duration("timeout", 30*time.Second, "give up after this long")
	flag.Parse()
	ctx, cancel := context.WithTimeout(context.Background(), *timeout)
	defer cancel()
	if err := run(ctx, os.Stdout, strings.Split(*brokers, ","), *topic, *n); err != nil {
		fmt.Fprintln(os.Stderr, "kafkanative:", err)
		os.Exit(1)
	}
}

// run reads n records of topic from the beginning and prints them.
func run(ctx context.Context, w io.Writer, brokers []string, topic string, n int) error {
	if topic == "" {
		return fmt.Errorf("-topic is required")
	}
	cl, err := kgo.NewClient(kgo.SeedBrokers(brokers...), kgo.ConsumeTopics(topic),
		kgo.ConsumeResetOffset(kgo.NewOffset().AtStart()))
	if err != nil {
		return err
	}
	defer cl.Close()
	for read := 0; read < n; {
		fs := cl.PollFetches(ctx)
		if err := ctx.Err(); err != nil {
			return fmt.Errorf("read %d records of %d: %w", read, n, err)
		}
		if err := fs.Err0(); err != nil {
			return err
		}
		for _, r := range fs.Records() {
			fmt.Fprintf(w, "partition=%d offset=%d key=%s value=%s\n", r.Partition, r.Offset, r.Key, r.Value)
			if read++; read == n {
				break
			}
		}
	}
	return nil
}
