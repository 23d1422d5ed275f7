package scenario

import "strings"

// Layers a rule can act in (see [Fault.Layer]).
const (
	LayerREST  = "rest"
	LayerKafka = "kafka"
)

// kafkaRequests are the Kafka protocol requests a Kafka-layer rule can
// select, by Kafka's API name, with their API keys.
var kafkaRequests = [...]struct {
	name string
	key  int16
}{
	{"Produce", 0}, {"Fetch", 1}, {"ListOffsets", 2}, {"Metadata", 3},
	{"OffsetCommit", 8}, {"OffsetFetch", 9}, {"FindCoordinator", 10},
	{"JoinGroup", 11}, {"Heartbeat", 12}, {"LeaveGroup", 13}, {"SyncGroup", 14},
	{"DescribeGroups", 15}, {"ListGroups", 16}, {"CreateTopics", 19},
	{"DeleteTopics", 20}, {"DeleteRecords", 21}, {"InitProducerID", 22},
	{"DescribeConfigs", 32}, {"CreatePartitions", 37},
}

// LookupKafkaRequest returns the API key of a Kafka request named as in
// [Match.KafkaRequest] ("Produce", "offset_commit", …), ignoring case and
// underscores.
func LookupKafkaRequest(name string) (key int16, ok bool) {
	n := strings.ReplaceAll(name, "_", "")
	for _, r := range kafkaRequests {
		if strings.EqualFold(n, r.name) {
			return r.key, true
		}
	}
	return 0, false
}

// KafkaRequests returns the names [Match.KafkaRequest] accepts, in API
// key order.
func KafkaRequests() []string {
	out := make([]string, len(kafkaRequests))
	for i, r := range kafkaRequests {
		out[i] = r.name
	}
	return out
}

// Fire counts one Kafka request that a Kafka-layer rule's selectors
// matched and reports whether the rule fires on it, with the rule's After,
// Probability and Times, as Decide does for REST requests: the hit is
// counted, waiters wake, and the rule retires at Times. A removed or
// retired rule never fires. It does not block beyond the Set's lock.
func (h *Handle) Fire() bool {
	s := h.s
	s.mu.Lock()
	defer s.mu.Unlock()
	if h.removed {
		return false
	}
	for i, r := range s.rules {
		if r.h != h {
			continue
		}
		r.matched++
		if r.matched <= r.fault.After {
			return false
		}
		if r.rng != nil && r.rng.Float64() >= *r.fault.Probability {
			return false
		}
		s.fireLocked(i)
		return true
	}
	return false
}
