package seed

import (
	"bytes"
	"encoding/json"
	"errors"
	"strconv"

	"github.com/kafkarestmock/kafkarestmock/internal/fileerr"
)

// member is one member of a JSON object.
type member struct {
	key  string
	val  json.RawMessage
	path string // the member's path, as [fileerr.Join] gives it
}

// objectMembers returns the members of the JSON object raw in document
// order, or the error msg at path when raw is not an object. A key given
// twice is an error. raw must be valid JSON.
func objectMembers(raw json.RawMessage, path, msg string) ([]member, error) {
	dec := json.NewDecoder(bytes.NewReader(raw))
	if tok, err := dec.Token(); err != nil || tok != json.Delim('{') {
		return nil, fileerr.New(path, msg)
	}
	var out []member
	for dec.More() {
		tok, err := dec.Token()
		if err != nil {
			return nil, fileerr.New(path, err.Error())
		}
		key, _ := tok.(string)
		var val json.RawMessage
		if err := dec.Decode(&val); err != nil {
			return nil, fileerr.New(path, err.Error())
		}
		for _, m := range out {
			if m.key == key {
				return nil, fileerr.New(fileerr.Join(path, key), "given twice")
			}
		}
		out = append(out, member{key, val, fileerr.Join(path, key)})
	}
	return out, nil
}

// arrayItems returns the elements of the JSON array raw.
func arrayItems(raw json.RawMessage, path string) ([]json.RawMessage, error) {
	var items []json.RawMessage
	if v := bytes.TrimSpace(raw); len(v) == 0 || v[0] != '[' {
		return nil, fileerr.New(path, "want an array")
	}
	if err := json.Unmarshal(raw, &items); err != nil {
		return nil, fileerr.New(path, "want an array")
	}
	return items, nil
}

// stringValue returns the JSON string raw.
func stringValue(raw json.RawMessage, path string) (string, error) {
	var s string
	if v := bytes.TrimSpace(raw); len(v) == 0 || v[0] != '"' {
		return "", fileerr.New(path, "want a string")
	}
	if err := json.Unmarshal(raw, &s); err != nil {
		return "", fileerr.New(path, "want a string")
	}
	return s, nil
}

// intValue returns the JSON integer raw.
func intValue(raw json.RawMessage, path string) (int64, error) {
	v := string(bytes.TrimSpace(raw))
	n, err := strconv.ParseInt(v, 10, 64)
	if err != nil {
		if ne, ok := errors.AsType[*strconv.NumError](err); ok && errors.Is(ne.Err, strconv.ErrRange) {
			return 0, fileerr.New(path, "integer "+v+" out of range")
		}
		return 0, fileerr.New(path, "want an integer")
	}
	return n, nil
}
