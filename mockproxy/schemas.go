package mockproxy

// The proxy's side of a Schema Registry: which registry the schema formats
// use (embedded, none, or an external one), and the compiled schemas they
// convert with, by global id.

import (
	"encoding/binary"
	"errors"
	"fmt"
	"net/http"
	"sync"
	"sync/atomic"

	"github.com/hamba/avro/v2"

	"github.com/kafkarestmock/kafkarestmock/internal/avrojson"
	"github.com/kafkarestmock/kafkarestmock/internal/jsonschemafmt"
	"github.com/kafkarestmock/kafkarestmock/internal/protofmt"
	"github.com/kafkarestmock/kafkarestmock/schemareg"
)

// Schema registry targets for WithSchemaRegistry.
const (
	// SchemaRegistryEmbedded is the mock's own registry (package schemareg),
	// served under /schema-registry/ and used by the schema formats. The
	// default.
	SchemaRegistryEmbedded = "embedded"
	// SchemaRegistryNone is a proxy configured without a registry: the
	// schema formats answer as the real proxy does then.
	SchemaRegistryNone = "none"
)

// schemaSource is a registry as the proxy's serializers call it.
// *schemareg.Registry is one; a client of an external registry is another.
type schemaSource interface {
	// Register is the serializer's getId-else-register of a raw schema.
	Register(subject string, s schemareg.Schema) (id, version int, err error)
	// Lookup finds s among subject's versions.
	Lookup(subject string, s schemareg.Schema) (schemareg.SubjectVersion, error)
	// SchemaByID returns the schema with a global id.
	SchemaByID(id int) (schemareg.Schema, error)
	// Version returns subject's version n; -1 is the latest.
	Version(subject string, n int) (schemareg.SubjectVersion, error)
}

// schemaStore is a server's registry and its compiled schemas. src,
// embedded and url do not change after New. codecs is read without a
// lock and replaced, under mu, by a copy with one more entry.
type schemaStore struct {
	src      schemaSource        // nil: no registry
	embedded *schemareg.Registry // the embedded registry, or nil
	handler  http.Handler        // the embedded registry's REST API
	url      string              // an external registry's URL, or ""
	httpc    *http.Client        // the external registry's client, or nil

	codecs atomic.Pointer[map[int]*schemaCodec] // by global id; cleared by reset

	mu   sync.Mutex              // serializes the writers of codecs; guards raws
	raws map[string]*schemaCodec // compileRaw's schemas, by type and text; cleared by reset
}

// maxRaws bounds schemaStore.raws: past it, the map starts over.
const maxRaws = 256

// compileRaw is compileSchema of a schema a request gives as text, without
// references: a pure function of its type and text, remembered so that a
// client sending the same raw schema on every produce has it parsed once.
// The codec is shared and has no id: callers use it only to check the
// schema and read its name. Safe for concurrent use.
func (st *schemaStore) compileRaw(s schemareg.Schema) (*schemaCodec, error) {
	key := string(s.Type) + "\x00" + s.Text
	st.mu.Lock()
	c := st.raws[key]
	st.mu.Unlock()
	if c != nil {
		return c, nil
	}
	c, err := compileSchema(st.src, s)
	if err != nil {
		return nil, err
	}
	st.mu.Lock()
	if st.raws == nil || len(st.raws) >= maxRaws {
		st.raws = make(map[string]*schemaCodec)
	}
	st.raws[key] = c
	st.mu.Unlock()
	return c, nil
}

// codec returns the compiled schema with global id id. It may call the
// registry; it is safe for concurrent use, and does not lock once id has
// been compiled.
func (st *schemaStore) codec(id int) (*schemaCodec, error) {
	if m := st.codecs.Load(); m != nil {
		if c := (*m)[id]; c != nil {
			return c, nil
		}
	}
	if st.src == nil {
		return nil, errNoRegistry
	}
	s, err := st.src.SchemaByID(id)
	if err != nil {
		return nil, err
	}
	c, err := compileSchema(st.src, s)
	if err != nil {
		return nil, err
	}
	c.setID(id)
	st.mu.Lock()
	defer st.mu.Unlock()
	old := st.codecs.Load()
	var m map[int]*schemaCodec
	if old == nil {
		m = map[int]*schemaCodec{id: c}
	} else {
		if prev := (*old)[id]; prev != nil {
			return prev, nil // compiled meanwhile
		}
		m = make(map[int]*schemaCodec, len(*old)+1)
		for k, v := range *old {
			m[k] = v
		}
		m[id] = c
	}
	st.codecs.Store(&m)
	return c, nil
}

// reset forgets the compiled schemas and empties the
// embedded registry.
func (st *schemaStore) reset() {
	st.mu.Lock()
	st.codecs.Store(nil)
	st.raws = nil
	st.mu.Unlock()
	if st.embedded != nil {
		st.embedded.Reset()
	}
}

// close releases an external registry's idle connections.
func (st *schemaStore) close() {
	if st.httpc != nil {
		st.httpc.CloseIdleConnections()
	}
}

// errNoRegistry is a schema lookup on a server without a registry.
var errNoRegistry = errors.New("no schema registry")

// schemaCodec is one compiled schema: it converts between the proxy's JSON
// and Confluent's wire format (magic byte 0, the 4-byte schema id, then,
// for Protobuf, the message indexes, then the payload). Immutable; safe
// for concurrent use.
type schemaCodec struct {
	id   int
	typ  schemareg.SchemaType
	name string // the record name RecordNameStrategy uses; "" for none
	head []byte // what encode writes before the payload: the frame, and msg's indexes

	avro  *avrojson.Codec
	json  *jsonschemafmt.Schema
	proto *protofmt.Schema
	msg   *protofmt.Message // the message raw schemas produce: the first
}

// compileSchema compiles s, resolving its references through src.
func compileSchema(src schemaSource, s schemareg.Schema) (*schemaCodec, error) {
	refs, err := resolveRefs(src, s.References, map[string]bool{}, nil)
	if err != nil {
		return nil, err
	}
	c := &schemaCodec{typ: s.Type}
	if c.typ == "" {
		c.typ = schemareg.Avro
	}
	switch c.typ {
	case schemareg.Avro:
		cache := &avro.SchemaCache{}
		for _, r := range refs {
			if _, err := avro.ParseWithCache(r.Text, "", cache); err != nil {
				return nil, err
			}
		}
		sch, err := avro.ParseWithCache(s.Text, "", cache)
		if err != nil {
			return nil, err
		}
		if c.avro, err = avrojson.NewCodec(sch); err != nil {
			return nil, err
		}
		if r, ok := sch.(*avro.RecordSchema); ok { // AvroSchema.name(): records only
			c.name = r.FullName()
		}
	case schemareg.JSON:
		if c.json, err = jsonschemafmt.Compile(s.Text, refTexts(refs)); err != nil {
			return nil, err
		}
		c.name = c.json.Title()
	case schemareg.Protobuf:
		if c.proto, err = protofmt.Compile(s.Text, refTexts(refs)); err != nil {
			return nil, err
		}
		if c.msg, err = c.proto.Default(); err != nil {
			return nil, err
		}
		c.name, _ = c.proto.Name()
	default:
		return nil, fmt.Errorf("unsupported schema type %s", c.typ)
	}
	return c, nil
}

// namedSchema is a resolved reference: the name it is imported by and its
// text.
type namedSchema struct {
	Name, Text string
}

// resolveRefs returns refs and what they reference, dependencies first.
func resolveRefs(src schemaSource, refs []schemareg.Reference, seen map[string]bool, out []namedSchema) ([]namedSchema, error) {
	for _, ref := range refs {
		key := fmt.Sprintf("%s\x00%d", ref.Subject, ref.Version)
		if seen[key] {
			continue
		}
		seen[key] = true
		sv, err := src.Version(ref.Subject, ref.Version)
		if err != nil {
			return nil, err
		}
		if out, err = resolveRefs(src, sv.Schema.References, seen, out); err != nil {
			return nil, err
		}
		out = append(out, namedSchema{Name: ref.Name, Text: sv.Schema.Text})
	}
	return out, nil
}

func refTexts(refs []namedSchema) map[string]string {
	if len(refs) == 0 {
		return nil
	}
	m := make(map[string]string, len(refs))
	for _, r := range refs {
		m[r.Name] = r.Text
	}
	return m
}

// appendFrame appends Confluent's wire-format header for schema id id.
func appendFrame(b []byte, id int) []byte {
	return binary.BigEndian.AppendUint32(append(b, 0), uint32(id))
}

// frameID reads the schema id of framed bytes; ok is false when b does
// not start with the magic byte and an id.
func frameID(b []byte) (id int, ok bool) {
	if len(b) < 5 || b[0] != 0 {
		return 0, false
	}
	return int(int32(binary.BigEndian.Uint32(b[1:5]))), true
}

// encode converts one JSON value (the request's key or value) to framed
// bytes, as the proxy's serializer does; errors carry the converter's
// message (a *avrojson.Error, *jsonschemafmt.ValidationError or protobuf's
// text).
func (c *schemaCodec) encode(data []byte) ([]byte, error) {
	return c.appendEncode(make([]byte, 0, len(data)+8), data)
}

// setID makes id the codec's global id and precomputes its head.
func (c *schemaCodec) setID(id int) {
	c.id = id
	c.head = c.appendHead(nil)
}

// appendHead appends the frame for c.id and, for Protobuf, msg's indexes.
func (c *schemaCodec) appendHead(b []byte) []byte {
	b = appendFrame(b, c.id)
	if c.typ == schemareg.Protobuf {
		b = protofmt.AppendIndexes(b, c.msg.Indexes())
	}
	return b
}

// appendEncode is encode appending the framed bytes to b; on an error b
// is returned as it was.
func (c *schemaCodec) appendEncode(b, data []byte) ([]byte, error) {
	start := len(b)
	if c.head != nil {
		b = append(b, c.head...)
	} else {
		b = c.appendHead(b)
	}
	switch c.typ {
	case schemareg.Avro:
		out, err := c.avro.AppendDecode(b, data)
		if err != nil {
			return b[:start], err
		}
		return out, nil
	case schemareg.JSON:
		if err := jsonschemafmt.Validate(c.json, data); err != nil {
			return b[:start], err
		}
		p, err := jsonschemafmt.Canonical(data)
		if err != nil {
			return b[:start], err
		}
		return append(b, p...), nil
	default:
		p, err := protofmt.FromJSON(c.msg, data)
		if err != nil {
			return b[:start], err
		}
		return append(b, p...), nil
	}
}

// schemaArena encodes the records of one request into its byteArena.
type schemaArena struct{ *byteArena }

func (a schemaArena) encode(c *schemaCodec, data []byte) ([]byte, error) {
	a.reserve(2 * (len(data) + 16))
	start := len(a.buf)
	b, err := c.appendEncode(a.buf, data)
	if err != nil {
		return nil, err
	}
	a.buf = b
	return b[start:len(b):len(b)], nil
}

// readable reports whether decode would convert framed bytes b (whose id
// is c's), using scratch as decode's dst where it has to convert; it
// returns scratch for reuse.
func (c *schemaCodec) readable(scratch, b []byte) ([]byte, error) {
	if c.typ == schemareg.Avro {
		return scratch, c.avro.Check(b[5:])
	}
	out, err := c.decode(scratch[:0], b)
	if err != nil {
		return scratch, err
	}
	return out, nil
}

// decode appends the JSON a consumer reads for framed bytes b (whose id is
// c's) to dst.
func (c *schemaCodec) decode(dst, b []byte) ([]byte, error) {
	payload := b[5:]
	switch c.typ {
	case schemareg.Avro:
		return c.avro.AppendEncode(dst, payload)
	case schemareg.JSON:
		p, err := jsonschemafmt.Canonical(payload)
		if err != nil {
			return nil, err
		}
		return append(dst, p...), nil
	default:
		idx, n, err := protofmt.ReadIndexes(payload)
		if err != nil {
			return nil, err
		}
		m, err := c.proto.ByIndexes(idx)
		if err != nil {
			return nil, err
		}
		j, err := protofmt.ToJSON(m, payload[n:])
		if err != nil {
			return nil, err
		}
		return append(dst, j...), nil
	}
}
