package mockproxy

import (
	"bytes"
	"encoding/json"

	"github.com/kafkarestmock/kafkarestmock/fakelog"
	"github.com/kafkarestmock/kafkarestmock/internal/jsonv"
)

// jsonFormat is the json embedded format: keys and values are JSON values,
// stored as their compact text.
type jsonFormat struct{ formatSpec }

func (jsonFormat) decode(v jsonv.Value, _ *produceStyle, _ string) ([]byte, error) {
	var buf bytes.Buffer
	if err := json.Compact(&buf, v.Raw); err != nil {
		return nil, errJSONSyntax(err.Error())
	}
	return buf.Bytes(), nil
}

// check fails on the first key or value that is not JSON; the real json
// consumer's deserializer refuses it.
func (jsonFormat) check(_ *schemaStore, recs []fakelog.Record) error {
	for _, r := range recs {
		for _, b := range [][]byte{r.Key, r.Value} {
			if b == nil {
				continue
			}
			if _, err := decodeJSONPayload(b); err != nil {
				return err
			}
		}
	}
	return nil
}

func (jsonFormat) appendPayload(_ *schemaStore, b, data []byte) ([]byte, error) {
	j, err := decodeJSONPayload(data)
	if err != nil {
		return nil, err
	}
	return append(b, j...), nil
}
