package fakelog

import (
	"cmp"
	"slices"
	"strings"
)

// compareTP orders partitions by topic, then partition number.
func compareTP(a, b TopicPartition) int {
	if c := strings.Compare(a.Topic, b.Topic); c != 0 {
		return c
	}
	return cmp.Compare(a.Partition, b.Partition)
}

// sortTPs sorts tps by topic, then partition number.
func sortTPs(tps []TopicPartition) { slices.SortFunc(tps, compareTP) }

// sortedTPs returns a sorted copy of tps without duplicates; never nil.
func sortedTPs(tps []TopicPartition) []TopicPartition {
	out := append([]TopicPartition{}, tps...)
	sortTPs(out)
	return slices.Compact(out)
}

// sortedKeys returns the keys of m, sorted; never nil.
func sortedKeys[V any](m map[TopicPartition]V) []TopicPartition {
	out := make([]TopicPartition, 0, len(m))
	for tp := range m {
		out = append(out, tp)
	}
	sortTPs(out)
	return out
}
