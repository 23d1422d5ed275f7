package kafkabackend

import (
	"context"
	"errors"
	"fmt"

	"github.com/twmb/franz-go/pkg/kerr"
	"github.com/twmb/franz-go/pkg/kgo"

	"github.com/kafkarestmock/kafkarestmock/backend"
)

// Produce sends records through the backend's kgo producer (acks=all,
// idempotent) and waits for every acknowledgement. Records sent to
// backend.AnyPartition get ChoosePartition's partition. A record the
// cluster refuses gets a *backend.KafkaError in its result; kgo retries
// retriable errors first, as the Java producer does.
func (b *Backend) Produce(topic string, recs []backend.Record) ([]backend.Result, error) {
	info, err := b.Topic(topic)
	if err != nil {
		return nil, err
	}
	krs := make([]*kgo.Record, len(recs))
	for i, r := range recs {
		p := r.Partition
		if p == backend.AnyPartition {
			if p, err = b.ChoosePartition(topic, r.Key); err != nil {
				return nil, err
			}
		}
		if p < 0 || p >= info.Partitions {
			return nil, fmt.Errorf("%w: %s-%d", backend.ErrUnknownPartition, topic, p)
		}
		kr := &kgo.Record{Topic: topic, Partition: p, Key: r.Key, Value: r.Value, Timestamp: r.Timestamp}
		for _, h := range r.Headers {
			kr.Headers = append(kr.Headers, kgo.RecordHeader{Key: h.Key, Value: h.Value})
		}
		krs[i] = kr
	}
	ctx, cancel := b.call()
	defer cancel()
	index := make(map[*kgo.Record]int, len(krs))
	for i, kr := range krs {
		index[kr] = i
	}
	// ProduceSync gives the results in the order partitions answered.
	results := b.cl.ProduceSync(ctx, krs...)
	out := make([]backend.Result, len(krs))
	for _, pr := range results {
		r := pr.Record
		i := index[r]
		if pr.Err != nil {
			out[i] = backend.Result{Partition: r.Partition, Offset: -1, Err: produceErr(pr.Err)}
			continue
		}
		out[i] = backend.Result{Partition: r.Partition, Offset: r.Offset, Timestamp: r.Timestamp}
	}
	b.resendTooLarge(ctx, krs, out)
	b.notify.broadcast()
	return out, nil
}

// resendTooLarge sends again, one at a time, the records that failed with
// MESSAGE_TOO_LARGE as part of a batch of several: a broker measures a
// topic's max.message.bytes against a whole batch, and where kgo gave up
// on the batch the Java producer splits it and sends its records again,
// so only a record too large alone fails. The records keep their order.
func (b *Backend) resendTooLarge(ctx context.Context, krs []*kgo.Record, out []backend.Result) {
	var again []int
	for i, r := range out {
		var ke *backend.KafkaError
		if errors.As(r.Err, &ke) && ke.Name == "MESSAGE_TOO_LARGE" {
			again = append(again, i)
		}
	}
	if len(again) == len(krs) && len(krs) == 1 {
		return // one record, sent alone: its own batch was too large
	}
	for _, i := range again {
		kr := krs[i]
		kr.Offset = 0
		pr := b.cl.ProduceSync(ctx, kr)[0]
		if pr.Err != nil {
			out[i] = backend.Result{Partition: kr.Partition, Offset: -1, Err: produceErr(pr.Err)}
			continue
		}
		out[i] = backend.Result{Partition: kr.Partition, Offset: kr.Offset, Timestamp: kr.Timestamp}
	}
}

// produceErr maps a record's failure; kgo's own timeouts are
// REQUEST_TIMED_OUT, as the Java producer's TimeoutException is.
func produceErr(err error) error {
	var ke *kerr.Error
	if errors.As(err, &ke) {
		return kafkaErr(ke)
	}
	if errors.Is(err, kgo.ErrRecordTimeout) || errors.Is(err, kgo.ErrRecordRetries) || errors.Is(err, context.DeadlineExceeded) {
		return kafkaErr(kerr.RequestTimedOut)
	}
	return kafkaErr(kerr.UnknownServerError)
}
