package kafkabackend

import (
	"fmt"

	"github.com/twmb/franz-go/pkg/kgo"

	"github.com/kafkarestmock/kafkarestmock/backend"
)

// ReadN reads up to n records (0: all to the end offset) of one partition
// from offset, stopping after maxBytes of payload (0: no limit), with a
// short-lived direct kgo consumer: the fetch a simple consumer makes. It
// wraps backend.ErrOffsetOutOfRange for an offset outside the log.
func (b *Backend) ReadN(topic string, partition int32, offset int64, n int, maxBytes int) ([]backend.Record, error) {
	p, err := b.Partition(topic, partition)
	if err != nil {
		return nil, err
	}
	if offset < p.StartOffset || offset > p.EndOffset {
		return nil, fmt.Errorf("%w: offset %d of %s-%d is outside [%d, %d]", backend.ErrOffsetOutOfRange, offset, topic, partition, p.StartOffset, p.EndOffset)
	}
	want := p.EndOffset - offset
	if n > 0 && int64(n) < want {
		want = int64(n)
	}
	if want == 0 {
		return nil, nil
	}
	opts := append([]kgo.Opt{
		kgo.SeedBrokers(b.addrs...),
		kgo.ClientID("kafkarestmock-read"),
		kgo.ConsumePartitions(map[string]map[int32]kgo.Offset{topic: {partition: kgo.NewOffset().At(offset)}}),
		kgo.ConsumeResetOffset(kgo.NoResetOffset()),
		kgo.DisableFetchSessions(), // a one-shot fetch; see consumer.baseOpts
	}, b.kgoOpts...)
	cl, err := kgo.NewClient(opts...)
	if err != nil {
		return nil, err
	}
	defer cl.Close()
	ctx, cancel := b.call()
	defer cancel()
	// Read until n records or the end offset seen above: offsets can
	// have gaps (compaction, transaction markers), so counting records
	// alone could wait for ones that never come.
	last := offset + want - 1
	var out []backend.Record
	var size int
	for {
		fs := cl.PollRecords(ctx, int(want)-len(out))
		if err := fetchErr(fs); err != nil {
			return out, err
		}
		for _, r := range fs.Records() {
			if maxBytes > 0 && len(out) > 0 && size+recordSize(r) > maxBytes {
				return out, nil
			}
			size += recordSize(r)
			out = append(out, toRecord(r))
			if int64(len(out)) == want || r.Offset >= last {
				return out, nil
			}
		}
	}
}

func recordSize(r *kgo.Record) int {
	n := len(r.Key) + len(r.Value)
	for _, h := range r.Headers {
		n += len(h.Key) + len(h.Value)
	}
	return n
}

func toRecord(r *kgo.Record) backend.Record {
	out := backend.Record{Topic: r.Topic, Partition: r.Partition, Offset: r.Offset, Key: r.Key, Value: r.Value, Timestamp: r.Timestamp}
	for _, h := range r.Headers {
		out.Headers = append(out.Headers, backend.Header{Key: h.Key, Value: h.Value})
	}
	return out
}

// fetchErr returns the first error of a poll, mapped.
func fetchErr(fs kgo.Fetches) error {
	var first error
	fs.EachError(func(topic string, partition int32, err error) {
		if first == nil {
			first = kafkaErr(err)
		}
	})
	return first
}
