package seed

import (
	"encoding/json"

	"github.com/kafkarestmock/kafkarestmock/backend"
	"github.com/kafkarestmock/kafkarestmock/fakelog"
	"github.com/kafkarestmock/kafkarestmock/internal/fileerr"
)

// parseGroup parses the group at path. declared holds the partition
// counts of the topics the seed creates, to check its offsets against.
func parseGroup(raw json.RawMessage, path string, declared map[string]int32) (group, error) {
	var g group
	members, err := objectMembers(raw, path, "want an object")
	if err != nil {
		return g, err
	}
	for _, m := range members {
		switch m.key {
		case "name":
			if g.name, err = stringValue(m.val, m.path); err != nil {
				return g, err
			}
			if g.name == "" {
				return g, fileerr.New(m.path, "must not be empty")
			}
		case "offsets":
			items, err := arrayItems(m.val, m.path)
			if err != nil {
				return g, err
			}
			seen := map[fakelog.TopicPartition]bool{}
			for j, item := range items {
				opath := fileerr.Index(m.path, j)
				o, err := parseCommitted(item, opath, declared)
				if err != nil {
					return g, err
				}
				tp := fakelog.TopicPartition{Topic: o.topic, Partition: o.partition}
				if seen[tp] {
					return g, fileerr.Errorf(opath, "%s is given twice", tp)
				}
				seen[tp] = true
				g.offsets = append(g.offsets, o)
			}
		default:
			return g, fileerr.UnknownField(path, m.key, "name", "offsets")
		}
	}
	if g.name == "" {
		return g, fileerr.New(path+".name", "required")
	}
	return g, nil
}

// parseCommitted parses the committed offset at path.
func parseCommitted(raw json.RawMessage, path string, declared map[string]int32) (committed, error) {
	var o committed
	members, err := objectMembers(raw, path, `want an object like {"topic": "orders", "partition": 0, "offset": 2}`)
	if err != nil {
		return o, err
	}
	has := map[string]bool{}
	for _, m := range members {
		has[m.key] = true
		switch m.key {
		case "topic":
			if o.topic, err = stringValue(m.val, m.path); err != nil {
				return o, err
			}
		case "partition":
			n, err := intValue(m.val, m.path)
			if err != nil {
				return o, err
			}
			if n < 0 || n >= fakelog.MaxPartitions {
				return o, fileerr.New(m.path, "must be >= 0")
			}
			o.partition = int32(n)
		case "offset":
			if o.offset, err = intValue(m.val, m.path); err != nil {
				return o, err
			}
			if o.offset < 0 {
				return o, fileerr.New(m.path, "must be >= 0")
			}
		case "metadata":
			if o.metadata, err = stringValue(m.val, m.path); err != nil {
				return o, err
			}
		default:
			return o, fileerr.UnknownField(path, m.key, "topic", "partition", "offset", "metadata")
		}
	}
	for _, req := range []string{"topic", "partition", "offset"} {
		if !has[req] {
			return o, fileerr.New(path+"."+req, "required")
		}
	}
	if n, ok := declared[o.topic]; ok && o.partition >= n {
		return o, fileerr.New(path+".partition", backend.PartitionRange(o.topic, n))
	}
	return o, nil
}
