package seed

import (
	"encoding/json"
	"errors"
	"io"
	"slices"
	"strings"

	"github.com/kafkarestmock/kafkarestmock/backend"
	"github.com/kafkarestmock/kafkarestmock/fakelog"
	"github.com/kafkarestmock/kafkarestmock/internal/fileerr"
)

// Seed is a parsed seed file (see the package documentation for the
// format), ready to be applied to a log. Build one with Load or LoadFile.
// A Seed is immutable and safe for concurrent use.
type Seed struct {
	schemas []schemaEntry
	topics  []topic
	groups  []group
}

type topic struct {
	name       string
	partitions int32
	configs    map[string]string
	records    []fakelog.Record
	schemaData []recordSchemas // by record; nil when no record has data of a schema
}

type group struct {
	name    string
	offsets []committed
}

// committed is one committed offset of a group.
type committed struct {
	topic     string
	partition int32
	offset    int64
	metadata  string
}

// Load reads and checks a seed file (see the package documentation for
// the format). It reports the first problem, naming the field by its JSON
// path, as in `topics[1].records[3].value_base64: not base64` or
// `topics[0]: unknown field "vaule" (did you mean "value"?)`; a JSON
// syntax error starts with its line and column, as in `4:17: invalid
// character '}' looking for beginning of value`. It reads r to the end
// and does not close it. Problems that depend on the log (a topic that
// already exists, a committed offset for a topic the seed does not create
// and the log lacks) are reported by Apply.
func Load(r io.Reader) (*Seed, error) {
	data, err := io.ReadAll(r)
	if err != nil {
		return nil, err
	}
	return parse(data)
}

// LoadFile is Load on the named file; its errors start with the path, as
// in "testdata/seed/x.json: topics[0].partitions: want an integer" or, for
// syntax errors, "testdata/seed/x.json:4:17: ...".
func LoadFile(path string) (*Seed, error) {
	return fileerr.ParseFile(path, parse)
}

// Topics returns the names of the topics the seed creates, in file order.
func (sd *Seed) Topics() []string {
	out := make([]string, len(sd.topics))
	for i, t := range sd.topics {
		out[i] = t.name
	}
	return out
}

// Target is what Apply writes to: a *fakelog.Log, or a backend.Backend.
type Target interface {
	CreateTopic(name string, partitions int32, configs map[string]string) error
	Topic(name string) (fakelog.TopicInfo, error)
	Produce(topic string, recs []fakelog.Record) ([]fakelog.Result, error)
	CommitOffsets(group string, offsets map[fakelog.TopicPartition]fakelog.OffsetAndMetadata) error
}

// Apply registers the seed's schemas, creates its topics in l, appends
// their records and commits the groups' offsets, in file order, through
// the log's public methods. A seed with schemas, or with keys or values
// given as data of a schema, needs l to be a SchemaTarget. It stops at the
// first failure, naming the field, as in `topics[0].name: topic "orders"
// already exists`; what was applied before stays. Safe for concurrent
// use; it takes the log's locks as CreateTopic, Produce and CommitOffsets
// do.
func (sd *Seed) Apply(l Target) error {
	st, _ := l.(SchemaTarget)
	if sd.hasSchemas() {
		if st == nil {
			return fileerr.New(sd.schemaPath(), "needs a schema registry, and the log has none")
		}
		if err := sd.applySchemas(st); err != nil {
			return err
		}
	}
	for i, t := range sd.topics {
		path := fileerr.Index("topics", i)
		if err := l.CreateTopic(t.name, t.partitions, t.configs); err != nil {
			switch {
			case errors.Is(err, fakelog.ErrTopicExists):
				return fileerr.Errorf(path+".name", "topic %q already exists", t.name)
			case errors.Is(err, fakelog.ErrInvalidConfig):
				msg := err.Error()
				if _, detail, ok := strings.Cut(msg, "invalid config: "); ok {
					msg = detail
				}
				return fileerr.New(path+".configs", msg)
			}
			return fileerr.New(path, err.Error())
		}
		if len(t.records) == 0 {
			continue
		}
		recs := slices.Clone(t.records)
		for j, rs := range t.schemaData {
			rpath := fileerr.Index(path+".records", j)
			var err error
			if rs.key != nil {
				if recs[j].Key, err = encodeSchemaData(st, rs.key, rpath); err != nil {
					return err
				}
			}
			if rs.value != nil {
				if recs[j].Value, err = encodeSchemaData(st, rs.value, rpath); err != nil {
					return err
				}
			}
		}
		res, err := l.Produce(t.name, recs)
		if err != nil {
			return fileerr.New(path+".records", err.Error())
		}
		for j, r := range res {
			if r.Err != nil {
				return fileerr.New(fileerr.Index(path+".records", j), r.Err.Error())
			}
		}
	}
	for i, g := range sd.groups {
		path := fileerr.Index("groups", i)
		offsets := make(map[fakelog.TopicPartition]fakelog.OffsetAndMetadata, len(g.offsets))
		for j, o := range g.offsets {
			opath := fileerr.Index(path+".offsets", j)
			info, err := l.Topic(o.topic)
			if err != nil {
				return fileerr.Errorf(opath+".topic", "topic %q does not exist", o.topic)
			}
			if o.partition >= info.Partitions {
				return fileerr.New(opath+".partition", backend.PartitionRange(o.topic, info.Partitions))
			}
			offsets[fakelog.TopicPartition{Topic: o.topic, Partition: o.partition}] = fakelog.OffsetAndMetadata{Offset: o.offset, Metadata: o.metadata}
		}
		if err := l.CommitOffsets(g.name, offsets); err != nil {
			return fileerr.New(path, err.Error())
		}
	}
	return nil
}

// parse parses and checks a whole seed document.
func parse(data []byte) (*Seed, error) {
	var doc json.RawMessage
	if err := json.Unmarshal(data, &doc); err != nil {
		if se, ok := errors.AsType[*json.SyntaxError](err); ok {
			return nil, fileerr.Syntax(data, se)
		}
		return nil, fileerr.New("", err.Error())
	}
	members, err := objectMembers(doc, "", `want an object like {"topics": [...], "groups": [...]}`)
	if err != nil {
		return nil, err
	}
	sd := &Seed{}
	declared := map[string]int32{}
	var groupsRaw json.RawMessage
	for _, m := range members {
		switch m.key {
		case "description":
			if _, err := stringValue(m.val, "description"); err != nil {
				return nil, err
			}
		case "topics":
			items, err := arrayItems(m.val, "topics")
			if err != nil {
				return nil, err
			}
			for i, raw := range items {
				path := fileerr.Index("topics", i)
				t, err := parseTopic(raw, path)
				if err != nil {
					return nil, err
				}
				if _, dup := declared[t.name]; dup {
					return nil, fileerr.Errorf(path+".name", "topic %q is given twice", t.name)
				}
				declared[t.name] = t.partitions
				sd.topics = append(sd.topics, t)
			}
		case "groups":
			groupsRaw = m.val
		case "schemas":
			if sd.schemas, err = parseSchemas(m.val); err != nil {
				return nil, err
			}
		default:
			return nil, fileerr.UnknownField("", m.key, "description", "schemas", "topics", "groups")
		}
	}
	if groupsRaw != nil {
		items, err := arrayItems(groupsRaw, "groups")
		if err != nil {
			return nil, err
		}
		names := map[string]bool{}
		for i, raw := range items {
			path := fileerr.Index("groups", i)
			g, err := parseGroup(raw, path, declared)
			if err != nil {
				return nil, err
			}
			if names[g.name] {
				return nil, fileerr.Errorf(path+".name", "group %q is given twice", g.name)
			}
			names[g.name] = true
			sd.groups = append(sd.groups, g)
		}
	}
	return sd, nil
}
