package mockproxy

// Seed files (DESIGN §6): topics, their records and consumer groups'
// committed offsets, loaded when the server starts (WithSeed,
// WithSeedFile, the binary's --seed) and loaded again by Reset. A seed is
// applied through the log's own CreateTopic, Produce and CommitOffsets, the
// code the HTTP handlers use, and is never subject to fault rules.

import (
	"bytes"
	"encoding/base64"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/kafkarestmock/kafkarestmock/backend"
	"github.com/kafkarestmock/kafkarestmock/fakelog"
)

// Seed is a parsed seed file, ready to be applied to a log. Build one with
// LoadSeed or LoadSeedFile. A Seed is immutable and safe for concurrent
// use.
//
// A seed file is one JSON object; every field is optional, and unknown
// fields are errors:
//
//	{
//	  "description": "free text, ignored",
//	  "topics": [{
//	    "name": "orders",                      // required
//	    "partitions": 3,                       // default 1
//	    "configs": {"retention.records": 1000}, // strings, numbers or booleans
//	    "records": [{
//	      "partition": 0,                      // absent: chosen by the key as the Java producer does
//	      "key": "order-1001",                 // see below
//	      "value": {"id": 1001, "total": 42.5},
//	      "headers": {"source": "web", "trace": null},
//	      "timestamp": "2024-05-01T10:00:00Z"  // or milliseconds since 1970; absent: now
//	    }]
//	  }],
//	  "groups": [{
//	    "name": "billing",                     // required
//	    "offsets": [{"topic": "orders", "partition": 0, "offset": 2, "metadata": ""}]
//	  }]
//	}
//
// A record's key and value are each given in at most one of three forms
// (none, or null, is Kafka's null):
//
//   - "key" / "value": a string is stored as its UTF-8 text, without
//     quotes; any other JSON value (object, array, number, true, false) is
//     stored as compact JSON.
//   - "key_json" / "value_json": any JSON value, stored as compact JSON
//     even when it is a string ("k1" is stored with its quotes), which is
//     what the REST Proxy's json embedded format stores.
//   - "key_base64" / "value_base64": bytes in standard base64 (padding
//     optional).
//
// Header values are text (stored as UTF-8) or null. Records of one topic
// are appended in file order; records without a partition go where a Kafka
// producer would put them (murmur2 of the key, round-robin for a null
// key). A committed offset is the next offset the group reads, as Kafka
// stores it. Groups are v2 consumer groups.
type Seed struct {
	topics []seedTopic
	groups []seedGroup
}

type seedTopic struct {
	name       string
	partitions int32
	configs    map[string]string
	records    []fakelog.Record
}

type seedGroup struct {
	name    string
	offsets []seedOffset
}

type seedOffset struct {
	topic     string
	partition int32
	offset    int64
	metadata  string
}

// seedError is a problem with one field of a seed file.
type seedError struct {
	path string // JSON path such as "topics[1].records[3].value_base64"; "" for the document
	msg  string
}

func (e *seedError) Error() string {
	if e.path == "" {
		return e.msg
	}
	return e.path + ": " + e.msg
}

// seedSyntaxError is a JSON syntax error with its 1-based line and column
// (in bytes).
type seedSyntaxError struct {
	line, col int
	msg       string
}

func (e *seedSyntaxError) Error() string {
	return strconv.Itoa(e.line) + ":" + strconv.Itoa(e.col) + ": " + e.msg
}

// LoadSeed reads and checks a seed file (see Seed for the format). It
// reports the first problem, naming the field by its JSON path, as in
// `topics[1].records[3].value_base64: not base64` or
// `topics[0]: unknown field "vaule" (did you mean "value"?)`; a JSON syntax
// error starts with its line and column, as in `4:17: invalid character
// '}' looking for beginning of value`. It reads r to the end and does not
// close it. Problems that depend on the log (a topic that already exists,
// a committed offset for a topic the seed does not create and the log
// lacks) are reported by Apply.
func LoadSeed(r io.Reader) (*Seed, error) {
	data, err := io.ReadAll(r)
	if err != nil {
		return nil, err
	}
	return parseSeed(data)
}

// LoadSeedFile is LoadSeed on the named file; its errors start with the
// path, as in "testdata/seed/x.json: topics[0].partitions: want an
// integer" or, for syntax errors, "testdata/seed/x.json:4:17: ...".
func LoadSeedFile(path string) (*Seed, error) {
	data, err := os.ReadFile(path)
	if err != nil {
		if pe, ok := errors.AsType[*fs.PathError](err); ok {
			return nil, fmt.Errorf("%s: %w", path, pe.Err)
		}
		return nil, fmt.Errorf("%s: %w", path, err)
	}
	sd, err := parseSeed(data)
	if err != nil {
		if _, ok := errors.AsType[*seedSyntaxError](err); ok {
			return nil, fmt.Errorf("%s:%w", path, err)
		}
		return nil, fmt.Errorf("%s: %w", path, err)
	}
	return sd, nil
}

// Topics returns the names of the topics the seed creates, in file order.
func (sd *Seed) Topics() []string {
	out := make([]string, len(sd.topics))
	for i, t := range sd.topics {
		out[i] = t.name
	}
	return out
}

// SeedTarget is what Apply writes to: a *fakelog.Log, or a
// backend.Backend.
type SeedTarget interface {
	CreateTopic(name string, partitions int32, configs map[string]string) error
	Topic(name string) (fakelog.TopicInfo, error)
	Produce(topic string, recs []fakelog.Record) ([]fakelog.Result, error)
	CommitOffsets(group string, offsets map[fakelog.TopicPartition]fakelog.OffsetAndMetadata) error
}

// Apply creates the seed's topics in l, appends their records and commits
// the groups' offsets, in file order, through the log's public methods. It
// stops at the first failure, naming the field, as in `topics[0].name:
// topic "orders" already exists`; what was applied before stays. Safe for
// concurrent use; it takes the log's locks as CreateTopic, Produce and
// CommitOffsets do.
func (sd *Seed) Apply(l SeedTarget) error {
	for i, t := range sd.topics {
		path := "topics[" + strconv.Itoa(i) + "]"
		if err := l.CreateTopic(t.name, t.partitions, t.configs); err != nil {
			switch {
			case errors.Is(err, fakelog.ErrTopicExists):
				return &seedError{path + ".name", fmt.Sprintf("topic %q already exists", t.name)}
			case errors.Is(err, fakelog.ErrInvalidConfig):
				msg := err.Error()
				if _, detail, ok := strings.Cut(msg, "invalid config: "); ok {
					msg = detail
				}
				return &seedError{path + ".configs", msg}
			}
			return &seedError{path, err.Error()}
		}
		if len(t.records) == 0 {
			continue
		}
		recs := slices.Clone(t.records)
		res, err := l.Produce(t.name, recs)
		if err != nil {
			return &seedError{path + ".records", err.Error()}
		}
		for j, r := range res {
			if r.Err != nil {
				return &seedError{path + ".records[" + strconv.Itoa(j) + "]", r.Err.Error()}
			}
		}
	}
	for i, g := range sd.groups {
		path := "groups[" + strconv.Itoa(i) + "]"
		offsets := make(map[fakelog.TopicPartition]fakelog.OffsetAndMetadata, len(g.offsets))
		for j, o := range g.offsets {
			opath := path + ".offsets[" + strconv.Itoa(j) + "]"
			info, err := l.Topic(o.topic)
			if err != nil {
				return &seedError{opath + ".topic", fmt.Sprintf("topic %q does not exist", o.topic)}
			}
			if o.partition >= info.Partitions {
				return &seedError{opath + ".partition", partitionRangeMsg(o.topic, info.Partitions)}
			}
			offsets[fakelog.TopicPartition{Topic: o.topic, Partition: o.partition}] = fakelog.OffsetAndMetadata{Offset: o.offset, Metadata: o.metadata}
		}
		if err := l.CommitOffsets(g.name, offsets); err != nil {
			return &seedError{path, err.Error()}
		}
	}
	return nil
}

func partitionRangeMsg(topic string, n int32) string {
	if n == 1 {
		return fmt.Sprintf("topic %q has 1 partition (0)", topic)
	}
	return fmt.Sprintf("topic %q has %d partitions (0 to %d)", topic, n, n-1)
}

// parseSeed parses and checks a whole seed document.
func parseSeed(data []byte) (*Seed, error) {
	var doc json.RawMessage
	if err := json.Unmarshal(data, &doc); err != nil {
		if se, ok := errors.AsType[*json.SyntaxError](err); ok {
			return nil, seedSyntaxAt(data, se)
		}
		return nil, &seedError{"", err.Error()}
	}
	members, err := seedObject(doc, "", `want an object like {"topics": [...], "groups": [...]}`)
	if err != nil {
		return nil, err
	}
	sd := &Seed{}
	declared := map[string]int32{}
	var groupsRaw json.RawMessage
	for _, m := range members {
		switch m.key {
		case "description":
			if _, err := seedString(m.val, "description"); err != nil {
				return nil, err
			}
		case "topics":
			items, err := seedArray(m.val, "topics")
			if err != nil {
				return nil, err
			}
			for i, raw := range items {
				path := "topics[" + strconv.Itoa(i) + "]"
				t, err := parseSeedTopic(raw, path)
				if err != nil {
					return nil, err
				}
				if _, dup := declared[t.name]; dup {
					return nil, &seedError{path + ".name", fmt.Sprintf("topic %q is given twice", t.name)}
				}
				declared[t.name] = t.partitions
				sd.topics = append(sd.topics, t)
			}
		case "groups":
			groupsRaw = m.val
		default:
			return nil, seedUnknownField("", m.key, "description", "topics", "groups")
		}
	}
	if groupsRaw != nil {
		items, err := seedArray(groupsRaw, "groups")
		if err != nil {
			return nil, err
		}
		names := map[string]bool{}
		for i, raw := range items {
			path := "groups[" + strconv.Itoa(i) + "]"
			g, err := parseSeedGroup(raw, path, declared)
			if err != nil {
				return nil, err
			}
			if names[g.name] {
				return nil, &seedError{path + ".name", fmt.Sprintf("group %q is given twice", g.name)}
			}
			names[g.name] = true
			sd.groups = append(sd.groups, g)
		}
	}
	return sd, nil
}

func parseSeedTopic(raw json.RawMessage, path string) (seedTopic, error) {
	t := seedTopic{partitions: 1}
	members, err := seedObject(raw, path, "want an object")
	if err != nil {
		return t, err
	}
	var recordsRaw json.RawMessage
	hasName := false
	for _, m := range members {
		fpath := path + "." + m.key
		switch m.key {
		case "name":
			if t.name, err = seedString(m.val, fpath); err != nil {
				return t, err
			}
			if !fakelog.ValidTopicName(t.name) {
				return t, &seedError{fpath, fmt.Sprintf("%q is not a valid topic name: 1 to 249 characters of a-z, A-Z, 0-9, '.', '_' and '-' (not \".\" or \"..\")", t.name)}
			}
			hasName = true
		case "partitions":
			n, err := seedInt(m.val, fpath)
			if err != nil {
				return t, err
			}
			if n < 1 || n > fakelog.MaxPartitions {
				return t, &seedError{fpath, fmt.Sprintf("must be between 1 and %d", fakelog.MaxPartitions)}
			}
			t.partitions = int32(n)
		case "configs":
			if t.configs, err = parseSeedConfigs(m.val, fpath); err != nil {
				return t, err
			}
		case "records":
			recordsRaw = m.val
		default:
			return t, seedUnknownField(path, m.key, "name", "partitions", "configs", "records")
		}
	}
	if !hasName {
		return t, &seedError{path + ".name", "required"}
	}
	if recordsRaw != nil {
		items, err := seedArray(recordsRaw, path+".records")
		if err != nil {
			return t, err
		}
		t.records = make([]fakelog.Record, 0, len(items))
		for j, item := range items {
			r, err := parseSeedRecord(item, path+".records["+strconv.Itoa(j)+"]", t)
			if err != nil {
				return t, err
			}
			t.records = append(t.records, r)
		}
	}
	return t, nil
}

func parseSeedConfigs(raw json.RawMessage, path string) (map[string]string, error) {
	members, err := seedObject(raw, path, "want an object of config names and values")
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
			return nil, &seedError{path + "." + m.key, "want a string, a number or a boolean"}
		}
	}
	return out, nil
}

// seedPayloadForms names the fields of each form of a key or value.
type seedPayloadForms struct{ plain, json, base64 string }

var (
	seedKeyForms   = seedPayloadForms{"key", "key_json", "key_base64"}
	seedValueForms = seedPayloadForms{"value", "value_json", "value_base64"}
)

func (f seedPayloadForms) String() string {
	return f.plain + ", " + f.json + " and " + f.base64
}

var seedRecordFields = []string{"partition", "key", "key_json", "key_base64", "value", "value_json", "value_base64", "headers", "timestamp"}

func parseSeedRecord(raw json.RawMessage, path string, t seedTopic) (fakelog.Record, error) {
	r := fakelog.Record{Partition: fakelog.AnyPartition}
	members, err := seedObject(raw, path, "want an object")
	if err != nil {
		return r, err
	}
	var keySet, valueSet string
	for _, m := range members {
		fpath := path + "." + m.key
		switch m.key {
		case "partition":
			n, err := seedInt(m.val, fpath)
			if err != nil {
				return r, err
			}
			if n < 0 || n >= int64(t.partitions) {
				return r, &seedError{fpath, partitionRangeMsg(t.name, t.partitions)}
			}
			r.Partition = int32(n)
		case "key", "key_json", "key_base64":
			if keySet != "" {
				return r, &seedError{fpath, fmt.Sprintf("only one of %v may be given (%s is given too)", seedKeyForms, keySet)}
			}
			keySet = m.key
			if r.Key, err = parseSeedPayload(m.val, fpath, m.key, seedKeyForms); err != nil {
				return r, err
			}
		case "value", "value_json", "value_base64":
			if valueSet != "" {
				return r, &seedError{fpath, fmt.Sprintf("only one of %v may be given (%s is given too)", seedValueForms, valueSet)}
			}
			valueSet = m.key
			if r.Value, err = parseSeedPayload(m.val, fpath, m.key, seedValueForms); err != nil {
				return r, err
			}
		case "headers":
			if r.Headers, err = parseSeedHeaders(m.val, fpath); err != nil {
				return r, err
			}
		case "timestamp":
			if r.Timestamp, err = parseSeedTimestamp(m.val, fpath); err != nil {
				return r, err
			}
		default:
			return r, seedUnknownField(path, m.key, seedRecordFields...)
		}
	}
	return r, nil
}

// parseSeedPayload decodes a key or value in the form its field name says;
// null is Kafka's null (a nil slice).
func parseSeedPayload(raw json.RawMessage, path, field string, forms seedPayloadForms) ([]byte, error) {
	v := bytes.TrimSpace(raw)
	if string(v) == "null" {
		return nil, nil
	}
	switch field {
	case forms.plain:
		if v[0] == '"' {
			var s string
			if err := json.Unmarshal(v, &s); err != nil {
				return nil, &seedError{path, err.Error()}
			}
			return []byte(s), nil
		}
		return seedCompactJSON(v), nil
	case forms.json:
		return seedCompactJSON(v), nil
	default:
		s, err := seedString(v, path)
		if err != nil {
			return nil, &seedError{path, "want a base64 string"}
		}
		b, err := decodeSeedBase64(s)
		if err != nil {
			return nil, &seedError{path, "not base64 (standard alphabet A-Z, a-z, 0-9, + and /, such as \"aGk=\")"}
		}
		return b, nil
	}
}

func seedCompactJSON(v []byte) []byte {
	var b bytes.Buffer
	if err := json.Compact(&b, v); err != nil {
		return slices.Clone(v)
	}
	return b.Bytes()
}

// decodeSeedBase64 decodes standard base64 with or without padding.
func decodeSeedBase64(s string) ([]byte, error) {
	if strings.HasSuffix(s, "=") || len(s)%4 == 0 {
		return base64.StdEncoding.Strict().DecodeString(s)
	}
	return base64.RawStdEncoding.Strict().DecodeString(s)
}

func parseSeedHeaders(raw json.RawMessage, path string) ([]fakelog.Header, error) {
	members, err := seedObject(raw, path, `want an object of header names and text values, such as {"source": "web"}`)
	if err != nil {
		return nil, err
	}
	hs := make([]fakelog.Header, 0, len(members))
	for _, m := range members {
		h := fakelog.Header{Key: m.key}
		if v := bytes.TrimSpace(m.val); string(v) != "null" {
			s, err := seedString(v, path+"."+m.key)
			if err != nil {
				return nil, &seedError{path + "." + m.key, "want a string or null"}
			}
			h.Value = []byte(s)
		}
		hs = append(hs, h)
	}
	return hs, nil
}

func parseSeedTimestamp(raw json.RawMessage, path string) (time.Time, error) {
	const want = `want an RFC 3339 time such as "2024-05-01T10:00:00Z" or milliseconds since 1970`
	v := bytes.TrimSpace(raw)
	if len(v) > 0 && v[0] == '"' {
		var s string
		_ = json.Unmarshal(v, &s)
		ts, err := time.Parse(time.RFC3339Nano, s)
		if err != nil {
			return time.Time{}, &seedError{path, want}
		}
		return ts.UTC(), nil
	}
	ms, err := strconv.ParseInt(string(v), 10, 64)
	if err != nil || ms < 0 {
		return time.Time{}, &seedError{path, want}
	}
	return time.UnixMilli(ms).UTC(), nil
}

func parseSeedGroup(raw json.RawMessage, path string, declared map[string]int32) (seedGroup, error) {
	var g seedGroup
	members, err := seedObject(raw, path, "want an object")
	if err != nil {
		return g, err
	}
	for _, m := range members {
		fpath := path + "." + m.key
		switch m.key {
		case "name":
			if g.name, err = seedString(m.val, fpath); err != nil {
				return g, err
			}
			if g.name == "" {
				return g, &seedError{fpath, "must not be empty"}
			}
		case "offsets":
			items, err := seedArray(m.val, fpath)
			if err != nil {
				return g, err
			}
			seen := map[fakelog.TopicPartition]bool{}
			for j, item := range items {
				opath := fpath + "[" + strconv.Itoa(j) + "]"
				o, err := parseSeedOffset(item, opath, declared)
				if err != nil {
					return g, err
				}
				tp := fakelog.TopicPartition{Topic: o.topic, Partition: o.partition}
				if seen[tp] {
					return g, &seedError{opath, fmt.Sprintf("%s is given twice", tp)}
				}
				seen[tp] = true
				g.offsets = append(g.offsets, o)
			}
		default:
			return g, seedUnknownField(path, m.key, "name", "offsets")
		}
	}
	if g.name == "" {
		return g, &seedError{path + ".name", "required"}
	}
	return g, nil
}

func parseSeedOffset(raw json.RawMessage, path string, declared map[string]int32) (seedOffset, error) {
	var o seedOffset
	members, err := seedObject(raw, path, `want an object like {"topic": "orders", "partition": 0, "offset": 2}`)
	if err != nil {
		return o, err
	}
	has := map[string]bool{}
	for _, m := range members {
		fpath := path + "." + m.key
		has[m.key] = true
		switch m.key {
		case "topic":
			if o.topic, err = seedString(m.val, fpath); err != nil {
				return o, err
			}
		case "partition":
			n, err := seedInt(m.val, fpath)
			if err != nil {
				return o, err
			}
			if n < 0 || n >= fakelog.MaxPartitions {
				return o, &seedError{fpath, "must be >= 0"}
			}
			o.partition = int32(n)
		case "offset":
			if o.offset, err = seedInt(m.val, fpath); err != nil {
				return o, err
			}
			if o.offset < 0 {
				return o, &seedError{fpath, "must be >= 0"}
			}
		case "metadata":
			if o.metadata, err = seedString(m.val, fpath); err != nil {
				return o, err
			}
		default:
			return o, seedUnknownField(path, m.key, "topic", "partition", "offset", "metadata")
		}
	}
	for _, req := range []string{"topic", "partition", "offset"} {
		if !has[req] {
			return o, &seedError{path + "." + req, "required"}
		}
	}
	if n, ok := declared[o.topic]; ok && o.partition >= n {
		return o, &seedError{path + ".partition", partitionRangeMsg(o.topic, n)}
	}
	return o, nil
}

// seedMember is one member of a JSON object.
type seedMember struct {
	key string
	val json.RawMessage
}

// seedObject returns the members of the JSON object raw in document
// order, or a seedError at path with msg when raw is not an object. A key
// given twice is an error. raw must be valid JSON.
func seedObject(raw json.RawMessage, path, msg string) ([]seedMember, error) {
	dec := json.NewDecoder(bytes.NewReader(raw))
	if tok, err := dec.Token(); err != nil || tok != json.Delim('{') {
		return nil, &seedError{path, msg}
	}
	var out []seedMember
	for dec.More() {
		tok, err := dec.Token()
		if err != nil {
			return nil, &seedError{path, err.Error()}
		}
		key, _ := tok.(string)
		var val json.RawMessage
		if err := dec.Decode(&val); err != nil {
			return nil, &seedError{path, err.Error()}
		}
		for _, m := range out {
			if m.key == key {
				return nil, &seedError{joinSeedPath(path, key), "given twice"}
			}
		}
		out = append(out, seedMember{key, val})
	}
	return out, nil
}

func joinSeedPath(path, key string) string {
	if path == "" {
		return key
	}
	return path + "." + key
}

// seedArray returns the elements of the JSON array raw.
func seedArray(raw json.RawMessage, path string) ([]json.RawMessage, error) {
	var items []json.RawMessage
	if v := bytes.TrimSpace(raw); len(v) == 0 || v[0] != '[' {
		return nil, &seedError{path, "want an array"}
	}
	if err := json.Unmarshal(raw, &items); err != nil {
		return nil, &seedError{path, "want an array"}
	}
	return items, nil
}

func seedString(raw json.RawMessage, path string) (string, error) {
	var s string
	if v := bytes.TrimSpace(raw); len(v) == 0 || v[0] != '"' {
		return "", &seedError{path, "want a string"}
	}
	if err := json.Unmarshal(raw, &s); err != nil {
		return "", &seedError{path, "want a string"}
	}
	return s, nil
}

func seedInt(raw json.RawMessage, path string) (int64, error) {
	v := string(bytes.TrimSpace(raw))
	n, err := strconv.ParseInt(v, 10, 64)
	if err != nil {
		if ne, ok := errors.AsType[*strconv.NumError](err); ok && errors.Is(ne.Err, strconv.ErrRange) {
			return 0, &seedError{path, "integer " + v + " out of range"}
		}
		return 0, &seedError{path, "want an integer"}
	}
	return n, nil
}

// seedUnknownField is the error for a key that names no field, with a
// suggestion when one field is close to it.
func seedUnknownField(path, key string, fields ...string) error {
	msg := fmt.Sprintf("unknown field %q", key)
	best, bestDist := "", 3
	for _, f := range fields {
		if strings.EqualFold(f, key) {
			best = f
			break
		}
		if d := seedEditDistance(strings.ToLower(key), f); d < bestDist {
			best, bestDist = f, d
		}
	}
	if best != "" {
		msg += fmt.Sprintf(" (did you mean %q?)", best)
	} else {
		msg += " (known fields: " + strings.Join(fields, ", ") + ")"
	}
	return &seedError{path, msg}
}

// seedEditDistance is the Levenshtein distance between a and b, in bytes.
func seedEditDistance(a, b string) int {
	prev := make([]int, len(b)+1)
	cur := make([]int, len(b)+1)
	for j := range prev {
		prev[j] = j
	}
	for i := 1; i <= len(a); i++ {
		cur[0] = i
		for j := 1; j <= len(b); j++ {
			cost := 1
			if a[i-1] == b[j-1] {
				cost = 0
			}
			cur[j] = min(prev[j]+1, cur[j-1]+1, prev[j-1]+cost)
		}
		prev, cur = cur, prev
	}
	return prev[len(b)]
}

// seedSyntaxAt turns a JSON syntax error in data into a seedSyntaxError with
// its line and column.
func seedSyntaxAt(data []byte, se *json.SyntaxError) error {
	pos := int(se.Offset) - 1 // Offset is just past the offending byte
	if strings.HasPrefix(se.Error(), "unexpected end") || pos < 0 {
		pos = int(se.Offset)
	}
	pos = min(pos, len(data))
	line := 1 + bytes.Count(data[:pos], []byte("\n"))
	col := pos - bytes.LastIndexByte(data[:pos], '\n')
	return &seedSyntaxError{line: line, col: col, msg: se.Error()}
}

// seedSource is one WithSeed or WithSeedFile option: a parsed seed, or a
// file that setupStart parses.
type seedSource struct {
	path string
	seed *Seed
}

// setupStart parses the seed files and builds the start state. It runs
// once, in New, before the server is shared.
func (s *Server) setupStart() error {
	for i := range s.cfg.seeds {
		src := &s.cfg.seeds[i]
		if src.seed != nil {
			continue
		}
		sd, err := LoadSeedFile(src.path)
		if err != nil {
			return fmt.Errorf("mockproxy: seed %w", err)
		}
		src.seed = sd
	}
	return s.applyStart()
}

// stampingTarget gives seed records without a timestamp the server's
// clock's time, as the in-memory log does itself, so that a backend with
// a clock of its own (a Kafka cluster) stamps them the same way.
type stampingTarget struct {
	backend.Backend
	clock fakelog.Clock
}

func (st stampingTarget) Produce(topic string, recs []fakelog.Record) ([]fakelog.Result, error) {
	now := st.clock.Now()
	for i := range recs {
		if recs[i].Timestamp.IsZero() {
			recs[i].Timestamp = now
		}
	}
	return st.Backend.Produce(topic, recs)
}

// applyStart creates the WithTopic topics and applies the seeds to the
// log, as at start.
func (s *Server) applyStart() error {
	for _, t := range s.cfg.topics {
		if err := s.be.CreateTopic(t.name, t.partitions, nil); err != nil {
			return fmt.Errorf("mockproxy: topic %q: %w", t.name, err)
		}
	}
	for _, src := range s.cfg.seeds {
		if src.seed == nil {
			continue
		}
		if err := src.seed.Apply(stampingTarget{s.be, s.cfg.clock}); err != nil {
			if src.path != "" {
				return fmt.Errorf("mockproxy: seed %s: %w", src.path, err)
			}
			return fmt.Errorf("mockproxy: seed: %w", err)
		}
	}
	return nil
}
