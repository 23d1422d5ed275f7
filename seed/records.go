package seed

import (
	"bytes"
	"encoding/base64"
	"encoding/json"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/kafkarestmock/kafkarestmock/backend"
	"github.com/kafkarestmock/kafkarestmock/fakelog"
	"github.com/kafkarestmock/kafkarestmock/internal/fileerr"
)

// parseRecord parses the record at path of topic t; rs is what of it is
// given as data of a schema.
func parseRecord(raw json.RawMessage, path string, t topic) (r fakelog.Record, rs recordSchemas, err error) {
	r = fakelog.Record{Partition: fakelog.AnyPartition}
	members, err := objectMembers(raw, path, "want an object")
	if err != nil {
		return r, rs, err
	}
	var keySet, valueSet string
	keyData, valueData := schemaData{name: "key"}, schemaData{name: "value"}
	for _, m := range members {
		if handled, err := parseSchemaField(m, &keyData, &keySet); handled || err != nil {
			if err != nil {
				return r, rs, err
			}
			continue
		}
		if handled, err := parseSchemaField(m, &valueData, &valueSet); handled || err != nil {
			if err != nil {
				return r, rs, err
			}
			continue
		}
		switch m.key {
		case "partition":
			n, err := intValue(m.val, m.path)
			if err != nil {
				return r, rs, err
			}
			if n < 0 || n >= int64(t.partitions) {
				return r, rs, fileerr.New(m.path, backend.PartitionRange(t.name, t.partitions))
			}
			r.Partition = int32(n)
		case "key", "key_json", "key_base64":
			if r.Key, err = parsePayload(m, "key", &keySet); err != nil {
				return r, rs, err
			}
		case "value", "value_json", "value_base64":
			if r.Value, err = parsePayload(m, "value", &valueSet); err != nil {
				return r, rs, err
			}
		case "headers":
			if r.Headers, err = parseHeaders(m.val, m.path); err != nil {
				return r, rs, err
			}
		case "timestamp":
			if r.Timestamp, err = parseTimestamp(m.val, m.path); err != nil {
				return r, rs, err
			}
		default:
			return r, rs, fileerr.UnknownField(path, m.key, "partition", "key", "key_json", "key_base64", "value", "value_json", "value_base64", "headers", "timestamp",
				"key_schema_subject", "key_schema_id", "key_avro", "key_jsonschema", "key_protobuf",
				"value_schema_subject", "value_schema_id", "value_avro", "value_jsonschema", "value_protobuf")
		}
	}
	if rs.key, err = checkSchemaData(&keyData, path, "key"); err != nil {
		return r, rs, err
	}
	if rs.value, err = checkSchemaData(&valueData, path, "value"); err != nil {
		return r, rs, err
	}
	return r, rs, nil
}

// payloadForms names the fields of each form of a record's key or value
// (name is "key" or "value").
func payloadForms(name string) string {
	return name + ", " + name + "_json, " + name + "_base64, " + name + "_avro, " + name + "_jsonschema and " + name + "_protobuf"
}

// parsePayload decodes a key or value (name is "key" or "value") in the
// form its field m says: name, name_json or name_base64. null is Kafka's
// null (a nil slice). given names the form of it already given, if any:
// only one may be; parsePayload sets it to m's.
func parsePayload(m member, name string, given *string) ([]byte, error) {
	if *given != "" {
		return nil, fileerr.Errorf(m.path, "only one of %s may be given (%s is given too)", payloadForms(name), *given)
	}
	*given = m.key
	v := bytes.TrimSpace(m.val)
	if string(v) == "null" {
		return nil, nil
	}
	switch m.key {
	case name:
		if v[0] == '"' {
			var s string
			if err := json.Unmarshal(v, &s); err != nil {
				return nil, fileerr.New(m.path, err.Error())
			}
			return []byte(s), nil
		}
		return compactJSON(v), nil
	case name + "_json":
		return compactJSON(v), nil
	default:
		s, err := stringValue(v, m.path)
		if err != nil {
			return nil, fileerr.New(m.path, "want a base64 string")
		}
		b, err := decodeBase64(s)
		if err != nil {
			return nil, fileerr.New(m.path, "not base64 (standard alphabet A-Z, a-z, 0-9, + and /, such as \"aGk=\")")
		}
		return b, nil
	}
}

// compactJSON returns the valid JSON v without insignificant space.
func compactJSON(v []byte) []byte {
	var b bytes.Buffer
	if err := json.Compact(&b, v); err != nil {
		return slices.Clone(v)
	}
	return b.Bytes()
}

// decodeBase64 decodes standard base64 with or without padding.
func decodeBase64(s string) ([]byte, error) {
	if strings.HasSuffix(s, "=") || len(s)%4 == 0 {
		return base64.StdEncoding.Strict().DecodeString(s)
	}
	return base64.RawStdEncoding.Strict().DecodeString(s)
}

// parseHeaders parses a record's headers: names to text or null, in order.
func parseHeaders(raw json.RawMessage, path string) ([]fakelog.Header, error) {
	members, err := objectMembers(raw, path, `want an object of header names and text values, such as {"source": "web"}`)
	if err != nil {
		return nil, err
	}
	hs := make([]fakelog.Header, 0, len(members))
	for _, m := range members {
		h := fakelog.Header{Key: m.key}
		if v := bytes.TrimSpace(m.val); string(v) != "null" {
			s, err := stringValue(v, m.path)
			if err != nil {
				return nil, fileerr.New(m.path, "want a string or null")
			}
			h.Value = []byte(s)
		}
		hs = append(hs, h)
	}
	return hs, nil
}

// parseTimestamp parses a record's timestamp: RFC 3339 text or
// milliseconds since 1970.
func parseTimestamp(raw json.RawMessage, path string) (time.Time, error) {
	const want = `want an RFC 3339 time such as "2024-05-01T10:00:00Z" or milliseconds since 1970`
	v := bytes.TrimSpace(raw)
	if len(v) > 0 && v[0] == '"' {
		var s string
		_ = json.Unmarshal(v, &s)
		ts, err := time.Parse(time.RFC3339Nano, s)
		if err != nil {
			return time.Time{}, fileerr.New(path, want)
		}
		return ts.UTC(), nil
	}
	ms, err := strconv.ParseInt(string(v), 10, 64)
	if err != nil || ms < 0 {
		return time.Time{}, fileerr.New(path, want)
	}
	return time.UnixMilli(ms).UTC(), nil
}
