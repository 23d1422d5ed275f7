package mockproxy

// The request and response bodies of API v3 config updates: Update*ConfigRequest,
// AlterConfigBatchRequestData, and the multi-topic alter's request and
// 207 answer, decoded as Jackson maps them onto kafka-rest's entities.

import (
	"slices"
	"strings"

	"github.com/kafkarestmock/kafkarestmock/backend"
	"github.com/kafkarestmock/kafkarestmock/internal/jsonv"
)

// decodeUpdateBody reads an Update*ConfigRequest, {"value":…}, as the
// operation on the path's config. A null value resets the config, as a
// KRaft controller records a SET without a value.
func decodeUpdateBody(c *call, javaType string) (backend.ConfigOp, error) {
	v, ok, err := c.parseBody()
	if err != nil {
		return backend.ConfigOp{}, err
	}
	if !ok {
		// The resource reads the value of a null request: a
		// NullPointerException.
		return backend.ConfigOp{}, errInternal
	}
	value, null, err := decodeUpdateConfig(v, javaType)
	if err != nil {
		return backend.ConfigOp{}, err
	}
	return backend.ConfigOp{Name: c.vars["name"], Value: value, Delete: null}, nil
}

// decodeUpdateConfig decodes an Update*ConfigRequest, {"value":…}; null
// is a missing or null value.
func decodeUpdateConfig(v jsonv.Value, javaType string) (value string, null bool, err error) {
	if err := expectObject(v, javaType); err != nil {
		return "", false, err
	}
	if err := checkFields(v, "value"); err != nil {
		return "", false, err
	}
	f, ok := v.Field("value")
	if !ok {
		return "", true, nil
	}
	return decodeString(f)
}

// alterEntryType and alterOperationType are the Java types of an alter
// entry and its operation.
const (
	alterEntryType     = "io.confluent.kafkarest.entities.v3.AlterConfigBatchRequestData$AlterEntry"
	alterOperationType = "io.confluent.kafkarest.entities.v3.AlterConfigBatchRequestData$AlterOperation"
	alterOperations    = "[SET, DELETE]"
)

// decodeAlterEntries decodes a list of AlterEntry {"name","value",
// "operation"} into operations; operation defaults to SET, and a SET
// without a value resets the config.
func decodeAlterEntries(v jsonv.Value, listOwner string) ([]backend.ConfigOp, error) {
	if v.Kind == jsonv.Null {
		return nil, errNullEntity(listOwner)
	}
	if v.Kind != jsonv.Array {
		return nil, mismatch("java.util.List<"+strings.ReplaceAll(alterEntryType, "$", ".")+">", v)
	}
	ops := make([]backend.ConfigOp, 0, len(v.Items))
	for _, item := range v.Items {
		if err := expectObject(item, alterEntryType); err != nil {
			return nil, err
		}
		if err := checkFields(item, "name", "value", "operation"); err != nil {
			return nil, err
		}
		var op backend.ConfigOp
		hasName, hasValue := false, false
		for _, f := range item.Fields {
			s, null, err := decodeString(f.Value)
			if err != nil {
				return nil, err
			}
			switch f.Name {
			case "name":
				op.Name, hasName = s, !null
			case "value":
				op.Value, hasValue = s, !null
			case "operation":
				if null {
					continue
				}
				if !isEnumConstant(alterOperations, s) {
					return nil, errNotEnum(alterOperationType, quoteJava(s), alterOperations)
				}
				op.Delete = s == "DELETE"
			}
		}
		if !hasName {
			return nil, errV3NullProperty(alterEntryType, "name")
		}
		if !hasValue {
			op.Delete, op.Value = true, ""
		}
		ops = append(ops, op)
	}
	return ops, nil
}

// decodeAlterBatch reads an AlterConfigBatchRequestData,
// {"data":[…],"validate_only":…}; no body is 42206.
func decodeAlterBatch(c *call) (ops []backend.ConfigOp, validateOnly bool, err error) {
	const reqType = "io.confluent.kafkarest.entities.v3.AlterConfigBatchRequestData"
	v, ok, err := c.parseBody()
	if err != nil {
		return nil, false, err
	}
	if !ok {
		return nil, false, errV3PayloadEmpty("Data")
	}
	if err := expectObject(v, reqType); err != nil {
		return nil, false, err
	}
	if err := checkFields(v, "data", "validate_only"); err != nil {
		return nil, false, err
	}
	data, ok := v.Field("data")
	if !ok {
		data = jsonv.Value{Kind: jsonv.Null}
	}
	if ops, err = decodeAlterEntries(data, reqType); err != nil {
		return nil, false, err
	}
	if f, ok := v.Field("validate_only"); ok {
		if validateOnly, err = decodeBool(f); err != nil {
			return nil, false, err
		}
	}
	return ops, validateOnly, nil
}

// decodeAlterBody is decodeAlterBatch for the alters that do not honour
// validate_only.
func decodeAlterBody(c *call) ([]backend.ConfigOp, error) {
	ops, _, err := decodeAlterBatch(c)
	return ops, err
}

// allListed reports whether every operation names a listed config.
func allListed(entries []configEntry, ops []backend.ConfigOp) bool {
	for _, op := range ops {
		if !slices.ContainsFunc(entries, func(e configEntry) bool { return e.name == op.Name }) {
			return false
		}
	}
	return true
}

// topicAlter is one topic's entry of a multi-topic alter.
type topicAlter struct {
	topic string
	ops   []backend.ConfigOp
}

// decodeTopicAlters decodes the data of an
// AlterMultipleTopicsConfigsBatchRequestData; a topic named twice keeps
// its first place and its last operations, as the request's map does.
func decodeTopicAlters(v jsonv.Value, owner string) ([]topicAlter, error) {
	const entryType = "io.confluent.kafkarest.entities.v3.AlterMultipleTopicsConfigsBatchRequestData$TopicAlterEntry"
	if v.Kind == jsonv.Null {
		return nil, errNullEntity(owner)
	}
	if v.Kind != jsonv.Array {
		return nil, mismatch("java.util.List<"+strings.ReplaceAll(entryType, "$", ".")+">", v)
	}
	var out []topicAlter
	for _, item := range v.Items {
		if err := expectObject(item, entryType); err != nil {
			return nil, err
		}
		if err := checkFields(item, "topic_name", "configs"); err != nil {
			return nil, err
		}
		var ta topicAlter
		hasName := false
		configs := jsonv.Value{Kind: jsonv.Null}
		for _, f := range item.Fields {
			switch f.Name {
			case "topic_name":
				s, null, err := decodeString(f.Value)
				if err != nil {
					return nil, err
				}
				ta.topic, hasName = s, !null
			case "configs":
				configs = f.Value
			}
		}
		ops, err := decodeAlterEntries(configs, entryType)
		if err != nil {
			return nil, err
		}
		if !hasName {
			return nil, errV3NullProperty(entryType, "topicName")
		}
		ta.ops = ops
		if i := slices.IndexFunc(out, func(o topicAlter) bool { return o.topic == ta.topic }); i >= 0 {
			out[i].ops = ops
			continue
		}
		out = append(out, ta)
	}
	return out, nil
}

// alterFailureBody is one entry of a 207 answer's failures.
type alterFailureBody struct {
	TopicName string
	Code      int
	Message   string
}

func (f alterFailureBody) appendJSON(b []byte) []byte {
	b = append(b, `{"topic_name":`...)
	b = appendJSONString(b, f.TopicName)
	b = append(b, `,"error_code":`...)
	b = appendInt(b, int64(f.Code))
	b = append(b, `,"message":`...)
	b = appendJSONString(b, f.Message)
	return append(b, '}')
}

// alterFailuresBody is an AlterMultipleTopicsConfigsBatchResponse.
type alterFailuresBody struct {
	Failures jsonArray[alterFailureBody]
}

func (r alterFailuresBody) appendJSON(b []byte) []byte {
	b = append(b, `{"failures":`...)
	b = r.Failures.appendJSON(b)
	return append(b, '}')
}
