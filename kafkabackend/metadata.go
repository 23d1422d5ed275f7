package kafkabackend

// Metadata: topics and partitions as the cluster describes them, the
// describe cache, partition choice and offset lookups by time.

import (
	"fmt"
	"slices"
	"strings"
	"time"

	"github.com/kafkarestmock/kafkarestmock/backend"
	"github.com/twmb/franz-go/pkg/kerr"
	"github.com/twmb/franz-go/pkg/kmsg"
)

// metadata asks the cluster for the topics (all when none are named),
// bypassing the client's metadata cache: the REST layer must see a topic
// the moment it is created.
func (b *Backend) metadata(topics ...string) (*kmsg.MetadataResponse, error) {
	req := kmsg.NewPtrMetadataRequest() // nil Topics: all of them
	for _, t := range topics {
		rt := kmsg.NewMetadataRequestTopic()
		rt.Topic = kmsg.StringPtr(t)
		req.Topics = append(req.Topics, rt)
	}
	ctx, cancel := b.call()
	defer cancel()
	return req.RequestWith(ctx, b.cl)
}

// Topics lists the cluster's topics but internal ones, sorted.
func (b *Backend) Topics() []backend.TopicInfo {
	resp, err := b.metadata()
	if err != nil {
		return nil
	}
	var out []backend.TopicInfo
	for _, t := range resp.Topics {
		if t.Topic == nil || t.IsInternal || t.ErrorCode != 0 || strings.HasPrefix(*t.Topic, "__") {
			continue
		}
		out = append(out, backend.TopicInfo{Name: *t.Topic, Partitions: int32(len(t.Partitions))})
	}
	slices.SortFunc(out, func(a, b backend.TopicInfo) int { return strings.Compare(a.Name, b.Name) })
	return out
}

type cachedTopic struct {
	info backend.TopicInfo
	id   [16]byte // Kafka's topic id, for requests that name topics by id
	at   time.Time
}

// Topic describes one topic, with its configs as the cluster describes
// them. A description is reused for up to a second.
func (b *Backend) Topic(name string) (backend.TopicInfo, error) {
	b.mu.Lock()
	ct, ok := b.topics[name]
	b.mu.Unlock()
	if ok && time.Since(ct.at) < topicTTL {
		return ct.info, nil
	}
	ct, err := b.describeTopic(name)
	if err != nil {
		return backend.TopicInfo{}, err
	}
	b.mu.Lock()
	b.topics[name] = ct
	b.mu.Unlock()
	return ct.info, nil
}

// topicID returns a topic's id, or zeros.
func (b *Backend) topicID(name string) [16]byte {
	if _, err := b.Topic(name); err != nil {
		return [16]byte{}
	}
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.topics[name].id
}

// forget drops cached topic descriptions (all when none are named).
func (b *Backend) forget(names ...string) {
	b.mu.Lock()
	defer b.mu.Unlock()
	if len(names) == 0 {
		clear(b.topics)
	}
	for _, n := range names {
		delete(b.topics, n)
	}
}

func (b *Backend) describeTopic(name string) (cachedTopic, error) {
	resp, err := b.metadata(name)
	if err != nil {
		return cachedTopic{}, kafkaErr(err)
	}
	var found *kmsg.MetadataResponseTopic
	for i, t := range resp.Topics {
		if t.Topic != nil && *t.Topic == name {
			found = &resp.Topics[i]
		}
	}
	if found == nil || found.ErrorCode == kerr.UnknownTopicOrPartition.Code || (found.ErrorCode == 0 && len(found.Partitions) == 0) {
		return cachedTopic{}, fmt.Errorf("%w: %q", backend.ErrUnknownTopic, name)
	}
	if err := kerr.ErrorForCode(found.ErrorCode); err != nil {
		return cachedTopic{}, kafkaErr(err)
	}
	info := backend.TopicInfo{Name: name, Partitions: int32(len(found.Partitions))}
	ctx, cancel := b.call()
	defer cancel()
	if rcs, err := b.adm.DescribeTopicConfigs(ctx, name); err == nil {
		for _, rc := range rcs {
			for _, c := range rc.Configs {
				if c.Value != nil {
					if info.Configs == nil {
						info.Configs = map[string]string{}
					}
					info.Configs[c.Key] = *c.Value
				}
			}
		}
	}
	return cachedTopic{info: info, id: found.TopicID, at: time.Now()}, nil
}

// Partitions lists a topic's partitions with their log start and end
// offsets. Bytes is always 0: the cluster does not say.
func (b *Backend) Partitions(topic string) ([]backend.PartitionInfo, error) {
	info, err := b.Topic(topic)
	if err != nil {
		return nil, err
	}
	ctx, cancel := b.call()
	defer cancel()
	starts, err := b.adm.ListStartOffsets(ctx, topic)
	if err != nil {
		return nil, kafkaErr(err)
	}
	ends, err := b.adm.ListEndOffsets(ctx, topic)
	if err != nil {
		return nil, kafkaErr(err)
	}
	out := make([]backend.PartitionInfo, info.Partitions)
	for p := range info.Partitions {
		s, _ := starts.Lookup(topic, p)
		e, _ := ends.Lookup(topic, p)
		if s.Err != nil {
			return nil, kafkaErr(s.Err)
		}
		if e.Err != nil {
			return nil, kafkaErr(e.Err)
		}
		out[p] = backend.PartitionInfo{Topic: topic, Partition: p, StartOffset: s.Offset, EndOffset: e.Offset, Records: e.Offset - s.Offset}
	}
	return out, nil
}

// Partition describes one partition.
func (b *Backend) Partition(topic string, partition int32) (backend.PartitionInfo, error) {
	parts, err := b.Partitions(topic)
	if err != nil {
		return backend.PartitionInfo{}, err
	}
	if partition < 0 || int(partition) >= len(parts) {
		return backend.PartitionInfo{}, fmt.Errorf("%w: %s-%d", backend.ErrUnknownPartition, topic, partition)
	}
	return parts[partition], nil
}

// ChoosePartition picks the partition as Kafka's Java producer does for a
// key (murmur2, the same as kgo's StickyKeyPartitioner), and rotates
// through the partitions for a nil key.
func (b *Backend) ChoosePartition(topic string, key []byte) (int32, error) {
	info, err := b.Topic(topic)
	if err != nil {
		return 0, err
	}
	if key != nil {
		return backend.PartitionForKey(key, info.Partitions), nil
	}
	b.mu.Lock()
	defer b.mu.Unlock()
	n := b.rr[topic]
	b.rr[topic] = n + 1
	return int32(n % uint32(info.Partitions)), nil
}

// OffsetForTime returns the first offset at or after t, or the log end
// offset.
func (b *Backend) OffsetForTime(topic string, partition int32, t time.Time) (int64, error) {
	p, err := b.Partition(topic, partition)
	if err != nil {
		return 0, err
	}
	ctx, cancel := b.call()
	defer cancel()
	los, err := b.adm.ListOffsetsAfterMilli(ctx, t.UnixMilli(), topic)
	if err != nil {
		return 0, kafkaErr(err)
	}
	lo, ok := los.Lookup(topic, partition)
	if !ok || lo.Err != nil || lo.Offset < 0 {
		return p.EndOffset, nil
	}
	return lo.Offset, nil
}
