// Package schemareg is an embedded, in-memory Confluent Schema Registry: the
// subset of its REST API that Kafka clients and the REST Proxy call (see
// Handler), and a small Go API over the same state for callers in the same
// process. It knows nothing of the proxy.
//
// Subjects hold versions numbered from 1; schemas get global ids from 1, and
// the same schema (type, canonical text and references) registered under
// another subject keeps its id. Schemas are stored and compared in the
// canonical text Confluent's providers produce (see canonical_*.go), and
// registration is checked against the subject's compatibility level with
// real AVRO, JSON and PROTOBUF rules (compat_*.go). Answers and errors
// carry Confluent's codes and texts (errors.go).
package schemareg

import (
	"strconv"
	"strings"
	"sync"
)

// Registry is an in-memory schema registry. Its methods are safe for
// concurrent use: one mutex guards all state and every method holds it for
// its whole (short, non-blocking) run. It starts no goroutines.
type Registry struct {
	opts options

	// mu guards every field below.
	mu       sync.Mutex
	nextID   int
	ids      map[int]*idEntry // every id ever given
	byKey    map[string]int   // schemaKey → id, kept after deletes so ids are reused
	subjects map[string]*subjectState
	global   Compatibility
	mode     string

	texts parseCache // parses of schemas without references; its own lock
}

type idEntry struct {
	schema Schema // canonical text, type always set
	p      parsed
}

type subjectState struct {
	versions []*version // ascending; soft-deleted ones included
	compat   Compatibility
}

type version struct {
	n, id   int
	deleted bool
}

// Option configures a Registry.
type Option func(*options)

type options struct {
	major, minor, patch int
	compat              Compatibility
}

// WithServerVersion makes the registry answer as Schema Registry version v
// ("7.9.1", "8.0.0", ...; default "8.2.0") where versions differ: before
// 8.0, schemaType is omitted for AVRO schemas and registration answers only
// {"id":N}; before 8.2.0 (and 8.0.7), an incompatible schema is refused
// with error_code 409 rather than 40901.
func WithServerVersion(v string) Option {
	return func(o *options) {
		parts := strings.SplitN(v, ".", 3)
		nums := []*int{&o.major, &o.minor, &o.patch}
		for i := range nums {
			*nums[i] = 0
			if i < len(parts) {
				*nums[i], _ = strconv.Atoi(strings.TrimFunc(parts[i], func(r rune) bool { return r < '0' || r > '9' }))
			}
		}
	}
}

// WithCompatibility sets the global compatibility level the registry starts
// with (and returns to on Reset or DELETE /config); default BACKWARD.
func WithCompatibility(c Compatibility) Option {
	return func(o *options) { o.compat = c }
}

// New returns an empty registry.
func New(opts ...Option) *Registry {
	r := &Registry{opts: options{major: 8, minor: 2, compat: Backward}}
	for _, o := range opts {
		o(&r.opts)
	}
	r.reset()
	return r
}

// Reset forgets every subject, schema, id and setting.
func (r *Registry) Reset() {
	r.mu.Lock()
	defer r.mu.Unlock()
	r.reset()
}

func (r *Registry) reset() {
	r.nextID = 1
	r.ids = map[int]*idEntry{}
	r.byKey = map[string]int{}
	r.subjects = map[string]*subjectState{}
	r.global = r.opts.compat
	r.mode = "READWRITE"
}

func (r *Registry) atLeast(major, minor, patch int) bool {
	o := r.opts
	if o.major != major {
		return o.major > major
	}
	if o.minor != minor {
		return o.minor > minor
	}
	return o.patch >= patch
}

// incompatibleCode is 40901 from 8.2.0 and 8.0.7, 409 before.
func (r *Registry) incompatibleCode() int {
	if r.atLeast(8, 2, 0) || (r.opts.major == 8 && r.opts.minor == 0 && r.opts.patch >= 7) {
		return CodeIncompatibleSchema
	}
	return CodeIncompatibleSchemaLegacy
}

// avroTypeShown says whether schemaType "AVRO" appears in answers (8.0+).
func (r *Registry) avroTypeShown() bool { return r.opts.major >= 8 }

// resolvedRef is a reference with its schema, ready for a parser.
type resolvedRef struct {
	name      string
	typ       SchemaType
	canonical string
	p         parsed
}

// resolve returns the schemas refs point at, dependencies first.
func (r *Registry) resolve(typ SchemaType, refs []Reference, seen map[string]bool, out []resolvedRef) ([]resolvedRef, *Error) {
	for _, ref := range refs {
		v, err := r.version(ref.Subject, ref.Version, true)
		if err != nil {
			return nil, errInvalidSchemaOfType(typ, "No schema reference found for subject \""+ref.Subject+"\" and version "+itoa(ref.Version))
		}
		key := ref.Subject + "\x00" + itoa(v.n)
		if seen[key] {
			continue
		}
		seen[key] = true
		e := r.ids[v.id]
		out, err = r.resolve(e.schema.Type, e.schema.References, seen, out)
		if err != nil {
			return nil, err
		}
		out = append(out, resolvedRef{name: ref.Name, typ: e.schema.Type, canonical: e.schema.Text, p: e.p})
	}
	return out, nil
}

// parse checks s and returns its canonical form (s.Type set).
func (r *Registry) parse(s Schema) (Schema, parsed, *Error) {
	typ := s.typ()
	switch typ {
	case Avro, JSON, Protobuf:
	default:
		return s, parsed{}, errInvalidSchemaType(string(typ))
	}
	refs, rerr := r.resolve(typ, s.References, map[string]bool{}, nil)
	if rerr != nil {
		return s, parsed{}, rerr
	}
	var key string
	if len(s.References) == 0 {
		key = parseKey(typ, s.Text)
		if p, ok := r.texts.get(key); ok {
			return Schema{Type: typ, Text: p.canonical}, p, nil
		}
	}
	var p parsed
	var err error
	switch typ {
	case Avro:
		p, err = parseAvro(s.Text, refs)
	case JSON:
		p, err = parseJSONSchema(s.Text, refs)
	default:
		p, err = parseProtobuf(s.Text, refs)
	}
	if err != nil {
		return s, parsed{}, errInvalidSchemaOfType(typ, err.Error())
	}
	if key != "" {
		r.texts.put(key, p)
	}
	out := Schema{Type: typ, Text: p.canonical, References: cloneRefs(s.References)}
	return out, p, nil
}

func cloneRefs(refs []Reference) []Reference {
	if len(refs) == 0 {
		return nil
	}
	return append([]Reference(nil), refs...)
}

// version finds subject's version n (-1: the latest); deleted says
// whether soft-deleted versions count.
func (r *Registry) version(subj string, n int, deleted bool) (*version, *Error) {
	sub := r.subjects[subj]
	if sub != nil {
		for i := len(sub.versions) - 1; i >= 0; i-- {
			v := sub.versions[i]
			if (deleted || !v.deleted) && (n == -1 || v.n == n) {
				return v, nil
			}
		}
	}
	if !r.hasSubject(subj, deleted) {
		return nil, errSubjectNotFound(subj)
	}
	return nil, errVersionNotFound(n)
}

// hasSubject is Confluent's hasSubjects(subject, lookupDeleted).
func (r *Registry) hasSubject(subj string, deleted bool) bool {
	sub := r.subjects[subj]
	if sub == nil {
		return false
	}
	for _, v := range sub.versions {
		if deleted || !v.deleted {
			return true
		}
	}
	return false
}

func (r *Registry) live(subj string) []*version {
	var out []*version
	if sub := r.subjects[subj]; sub != nil {
		for _, v := range sub.versions {
			if !v.deleted {
				out = append(out, v)
			}
		}
	}
	return out
}

func (r *Registry) subjectVersion(subj string, v *version) SubjectVersion {
	e := r.ids[v.id]
	s := e.schema
	s.References = cloneRefs(s.References)
	return SubjectVersion{Subject: subj, Version: v.n, ID: v.id, Schema: s, Deleted: v.deleted}
}

// compatibilityOf is the level in force for subj.
func (r *Registry) compatibilityOf(subj string) Compatibility {
	if sub := r.subjects[subj]; sub != nil && sub.compat != "" {
		return sub.compat
	}
	return r.global
}

func (r *Registry) candidates(vs []*version) []candidate {
	out := make([]candidate, 0, len(vs))
	for _, v := range vs {
		e := r.ids[v.id]
		out = append(out, candidate{typ: e.schema.Type, p: e.p, version: v.n})
	}
	return out
}

// errorOf returns err as an error interface value (nil stays nil).
func errorOf(err *Error) error {
	if err == nil {
		return nil
	}
	return err
}
