package mockproxy

import (
	"errors"
	"net/http"
	"slices"
	"strings"

	"github.com/kafkarestmock/kafkarestmock/backend"
	"github.com/kafkarestmock/kafkarestmock/internal/jsonv"
)

// API v3 topic config alters: POST .../topics/{topic_name}/configs:alter
// and POST .../topics/-/configs:alter, and the config bodies every
// configs family decodes (topic, broker and cluster).

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

// decodeAlterBody reads an AlterConfigBatchRequestData for the alters
// that do not honour validate_only (broker and cluster configs).
func decodeAlterBody(c *call) ([]backend.ConfigOp, error) {
	const reqType = "io.confluent.kafkarest.entities.v3.AlterConfigBatchRequestData"
	data, _, err := c.alterBatchBody(reqType)
	if err != nil {
		return nil, err
	}
	return decodeAlterEntries(data, reqType)
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

// alterTopicConfigsV3 answers POST .../configs:alter
// {"data":[…],"validate_only":…}: 204 once every operation is applied,
// or, with validate_only, checked. Every name must be listed, else the
// rewrapped 404 without a message.
func (s *Server) alterTopicConfigsV3(c *call) error {
	const reqType = "io.confluent.kafkarest.entities.v3.AlterConfigBatchRequestData"
	data, validateOnly, err := c.alterBatchBody(reqType)
	if err != nil {
		return err
	}
	ops, err := decodeAlterEntries(data, reqType)
	if err != nil {
		return err
	}
	topic := c.vars["topic_name"]
	entries, err := c.topicConfigsOf(topic)
	if err != nil {
		return err
	}
	if !allListed(entries, ops) {
		return errNotFound
	}
	if err := s.alterTopicConfigs(topic, ops, validateOnly); err != nil {
		return err
	}
	c.w.WriteHeader(http.StatusNoContent)
	return nil
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

// alterFailuresBody is an AlterMultipleTopicsConfigsBatchResponse.
type alterFailuresBody struct {
	Failures jsonArray[alterFailureBody]
}

// alterAllTopicConfigsV3 answers POST .../topics/-/configs:alter
// {"data":[{"topic_name":…,"configs":[…]}],"validate_only":…}: every
// topic must exist (else 40403) and list every named config (else the
// rewrapped 404) before anything changes; then each topic's operations
// apply on their own, 204 when all did, else 207 with the failures.
func (s *Server) alterAllTopicConfigsV3(c *call) error {
	const reqType = "io.confluent.kafkarest.entities.v3.AlterMultipleTopicsConfigsBatchRequestData"
	data, validateOnly, err := c.alterBatchBody(reqType)
	if err != nil {
		return err
	}
	alters, err := decodeTopicAlters(data, reqType)
	if err != nil {
		return err
	}
	if c.checkCluster() != nil {
		return errNotFound
	}
	for _, ta := range alters {
		t, err := s.be.Topic(ta.topic)
		if err != nil {
			return backendError(err)
		}
		if !allListed(topicConfigEntries(t.Configs), ta.ops) {
			return errNotFound
		}
	}
	var failures jsonArray[alterFailureBody]
	for _, ta := range alters {
		if err := s.alterTopicConfigs(ta.topic, ta.ops, validateOnly); err != nil {
			var ae *apiError
			if !errors.As(c.dialect.render(err), &ae) {
				ae = errInternal
			}
			failures = append(failures, alterFailureBody{TopicName: ta.topic, Code: ae.code, Message: ae.message})
		}
	}
	if len(failures) > 0 {
		c.writeJSON(http.StatusMultiStatus, alterFailuresBody{Failures: failures})
		return nil
	}
	c.w.WriteHeader(http.StatusNoContent)
	return nil
}

// alterBatchBody reads a configs:alter body of the Java type reqType,
// {"data":…,"validate_only":…}: its data (JSON null when absent) and
// validate_only (false when absent).
func (c *call) alterBatchBody(reqType string) (data jsonv.Value, validateOnly bool, err error) {
	v, ok, err := c.parseBody()
	if err != nil {
		return data, false, err
	}
	if !ok {
		return data, false, errV3PayloadEmpty("Data")
	}
	if err := expectObject(v, reqType); err != nil {
		return data, false, err
	}
	if err := checkFields(v, "data", "validate_only"); err != nil {
		return data, false, err
	}
	data, ok = v.Field("data")
	if !ok {
		data = jsonv.Value{Kind: jsonv.Null}
	}
	if f, ok := v.Field("validate_only"); ok {
		if validateOnly, err = decodeBool(f); err != nil {
			return data, false, err
		}
	}
	return data, validateOnly, nil
}
