package mockproxy

import (
	"github.com/kafkarestmock/kafkarestmock/fakelog"
	"github.com/kafkarestmock/kafkarestmock/internal/jsonv"
)

// binaryFormat is the binary embedded format: keys and values are base64
// strings of any bytes.
type binaryFormat struct{ formatSpec }

// decode takes base64: 5.x entities decode it leniently into a String
// field, current ones strictly.
func (binaryFormat) decode(v jsonv.Value, st *produceStyle, which string) ([]byte, error) {
	if st.legacy {
		s, _, err := decodeString(v)
		if err != nil {
			return nil, err
		}
		b, ok := decodeBase64Lenient(s)
		if !ok {
			return nil, errBase64Lenient(which)
		}
		return b, nil
	}
	if v.Kind != jsonv.String {
		return nil, errNotBase64String(v.Raw)
	}
	b, ok := decodeBase64StrictIn(st.arena, v.StrBytes())
	if !ok {
		return nil, errInvalidBase64(v.Raw)
	}
	return b, nil
}

// check passes: any bytes are binary.
func (binaryFormat) check(*schemaStore, []fakelog.Record) error { return nil }

func (binaryFormat) appendPayload(_ *schemaStore, b, data []byte) ([]byte, error) {
	return appendBase64(b, data), nil
}
