package kafkabackend

import (
	"slices"
	"sort"
	"strings"

	"github.com/kafkarestmock/kafkarestmock/backend"
)

// Groups describes the cluster's consumer groups (ListGroups, then
// DescribeGroups and FetchOffsets per group), with their members as the
// broker knows them: member ids are the broker's, client ids the
// consumers' own (their instance names).
func (b *Backend) Groups() []backend.GroupInfo {
	ctx, cancel := b.call()
	defer cancel()
	listed, err := b.adm.ListGroups(ctx)
	if err != nil {
		return nil
	}
	names := listed.Groups()
	sort.Strings(names)
	described, _ := b.adm.DescribeGroups(ctx, names...)
	out := make([]backend.GroupInfo, 0, len(names))
	for _, name := range names {
		gi := backend.GroupInfo{Group: name, Committed: b.CommittedOffsets(name)}
		if d, ok := described[name]; ok {
			gi.State = groupState(d.State)
			gi.ProtocolType = d.ProtocolType
			gi.Protocol = d.Protocol
			for _, m := range d.Members {
				mi := backend.MemberInfo{MemberID: m.MemberID, ClientID: m.ClientID, Subscription: []string{}}
				if meta, ok := m.Join.AsConsumer(); ok {
					mi.Subscription = slices.Sorted(slices.Values(meta.Topics))
				}
				if a, ok := m.Assigned.AsConsumer(); ok {
					for _, t := range a.Topics {
						for _, p := range t.Partitions {
							mi.Assignment = append(mi.Assignment, backend.TopicPartition{Topic: t.Topic, Partition: p})
						}
					}
					slices.SortFunc(mi.Assignment, compareTP)
				}
				gi.Members = append(gi.Members, mi)
			}
			slices.SortFunc(gi.Members, func(a, b backend.MemberInfo) int { return strings.Compare(a.MemberID, b.MemberID) })
		}
		out = append(out, gi)
	}
	return out
}

// groupState turns the broker's state name ("PreparingRebalance") into
// Kafka's GroupState constant ("PREPARING_REBALANCE").
func groupState(s string) string {
	var b strings.Builder
	for i, r := range s {
		if i > 0 && 'A' <= r && r <= 'Z' {
			b.WriteByte('_')
		}
		b.WriteRune(r)
	}
	return strings.ToUpper(b.String())
}
