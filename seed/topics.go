package seed

import (
	"bytes"
	"encoding/json"

	"github.com/kafkarestmock/kafkarestmock/fakelog"
	"github.com/kafkarestmock/kafkarestmock/internal/fileerr"
)

// parseTopic parses the topic at path, with its records.
func parseTopic(raw json.RawMessage, path string) (topic, error) {
	t := topic{partitions: 1}
	members, err := objectMembers(raw, path, "want an object")
	if err != nil {
		return t, err
	}
	var recordsRaw json.RawMessage
	hasName := false
	for _, m := range members {
		switch m.key {
		case "name":
			if t.name, err = stringValue(m.val, m.path); err != nil {
				return t, err
			}
			if !fakelog.ValidTopicName(t.name) {
				return t, fileerr.Errorf(m.path, "%q is not a valid topic name: 1 to 249 characters of a-z, A-Z, 0-9, '.', '_' and '-' (not \".\" or \"..\")", t.name)
			}
			hasName = true
		case "partitions":
			n, err := intValue(m.val, m.path)
			if err != nil {
				return t, err
			}
			if n < 1 || n > fakelog.MaxPartitions {
				return t, fileerr.Errorf(m.path, "must be between 1 and %d", fakelog.MaxPartitions)
			}
			t.partitions = int32(n)
		case "configs":
			if t.configs, err = parseConfigs(m.val, m.path); err != nil {
				return t, err
			}
		case "records":
			recordsRaw = m.val
		default:
			return t, fileerr.UnknownField(path, m.key, "name", "partitions", "configs", "records")
		}
	}
	if !hasName {
		return t, fileerr.New(path+".name", "required")
	}
	if recordsRaw != nil {
		items, err := arrayItems(recordsRaw, path+".records")
		if err != nil {
			return t, err
		}
		t.records = make([]fakelog.Record, 0, len(items))
		for j, item := range items {
			r, rs, err := parseRecord(item, fileerr.Index(path+".records", j), t)
			if err != nil {
				return t, err
			}
			t.records = append(t.records, r)
			if rs != (recordSchemas{}) {
				if t.schemaData == nil {
					t.schemaData = make([]recordSchemas, len(items))
				}
				t.schemaData[j] = rs
			}
		}
	}
	return t, nil
}

// parseConfigs parses a topic's configs: names to strings, numbers or
// booleans, all stored as text.
func parseConfigs(raw json.RawMessage, path string) (map[string]string, error) {
	members, err := objectMembers(raw, path, "want an object of config names and values")
	if err != nil {
		return nil, err
	}
	out := make(map[string]string, len(members))
	for _, m := range members {
		v := bytes.TrimSpace(m.val)
		switch {
		case len(v) > 0 && v[0] == '"':
			var s string
			_ = json.Unmarshal(v, &s)
			out[m.key] = s
		case len(v) > 0 && (v[0] == '-' || ('0' <= v[0] && v[0] <= '9')), string(v) == "true", string(v) == "false":
			out[m.key] = string(v)
		default:
			return nil, fileerr.New(m.path, "want a string, a number or a boolean")
		}
	}
	return out, nil
}
