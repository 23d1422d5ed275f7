package schemareg

import (
	"encoding/json"
	"sort"
)

// Every method here takes the registry's mutex for its whole run; none
// blocks otherwise. Errors are *Error values with Confluent's status, code
// and message.

// Register registers s under subject, as POST /subjects/{subject}/versions
// does: a schema already live in the subject (same canonical text, type and
// references) returns its id and version without a new version; one known
// under another subject keeps its global id; otherwise s must pass the
// subject's compatibility level against its live versions (409 with
// 40901, or 409 before 8.2) and gets the next id. An empty Text re-registers
// the subject's latest schema.
func (r *Registry) Register(subject string, s Schema) (id, version int, err error) {
	r.mu.Lock()
	defer r.mu.Unlock()
	sv, e := r.register(subject, s)
	return sv.ID, sv.Version, errorOf(e)
}

func (r *Registry) register(subj string, s Schema) (SubjectVersion, *Error) {
	switch r.mode {
	case "READONLY", "READONLY_OVERRIDE":
		return SubjectVersion{}, errReadOnly(subj)
	case "READWRITE":
	default:
		return SubjectVersion{}, errNotReadWrite(subj)
	}
	live := r.live(subj)
	if s.Text == "" || isBlank(s.Text) {
		if len(live) == 0 {
			return SubjectVersion{}, errEmptySchema()
		}
		prev := r.ids[live[len(live)-1].id].schema
		s = prev
	}
	canon, p, perr := r.parse(s)
	if perr != nil {
		return SubjectVersion{}, perr
	}
	key := schemaKey(canon.Type, canon.Text, canon.References)
	id, known := r.byKey[key]
	if known {
		for i := len(live) - 1; i >= 0; i-- {
			if live[i].id == id {
				return r.subjectVersion(subj, live[i]), nil
			}
		}
	}
	if msgs := checkCompatibility(r.compatibilityOf(subj), candidate{typ: canon.Type, p: p}, r.candidates(live)); len(msgs) > 0 {
		return SubjectVersion{}, errIncompatible(r.incompatibleCode(), subj, msgs)
	}
	r.gen.Add(1)
	if !known {
		id = r.nextID
		r.nextID++
		r.byKey[key] = id
		r.ids[id] = &idEntry{schema: canon, p: p}
	}
	sub := r.subjects[subj]
	if sub == nil {
		sub = &subjectState{}
		r.subjects[subj] = sub
	}
	next := 1
	if n := len(sub.versions); n > 0 {
		next = sub.versions[n-1].n + 1
	}
	// A soft-deleted earlier version of the same schema is dropped, as the
	// real registry tombstones it.
	kept := sub.versions[:0]
	for _, v := range sub.versions {
		if !(v.deleted && v.id == id) {
			kept = append(kept, v)
		}
	}
	sub.versions = append(kept, &version{n: next, id: id})
	return r.subjectVersion(subj, sub.versions[len(sub.versions)-1]), nil
}

func isBlank(s string) bool {
	for _, c := range s {
		if c != ' ' && c != '\t' && c != '\n' && c != '\r' {
			return false
		}
	}
	return true
}

// Lookup finds s among subject's versions, as POST /subjects/{subject}
// does: 40401 when the subject has no live version, 40403 when none
// matches, 42201 when s does not parse. Soft-deleted versions are not
// matched.
func (r *Registry) Lookup(subject string, s Schema) (SubjectVersion, error) {
	r.mu.Lock()
	defer r.mu.Unlock()
	sv, err := r.lookup(subject, s, false)
	return sv, errorOf(err)
}

func (r *Registry) lookup(subj string, s Schema, deleted bool) (SubjectVersion, *Error) {
	canon, _, perr := r.parse(s)
	if perr != nil {
		return SubjectVersion{}, perr
	}
	if id, ok := r.byKey[schemaKey(canon.Type, canon.Text, canon.References)]; ok {
		if sub := r.subjects[subj]; sub != nil {
			for i := len(sub.versions) - 1; i >= 0; i-- {
				if v := sub.versions[i]; v.id == id && (deleted || !v.deleted) {
					return r.subjectVersion(subj, v), nil
				}
			}
		}
	}
	if !r.hasSubject(subj, deleted) {
		return SubjectVersion{}, errSubjectNotFound(subj)
	}
	return SubjectVersion{}, errSchemaNotFound()
}

// SchemaByID returns the schema with global id id (canonical text). Ids
// stay resolvable while any version, soft-deleted or not, uses them.
func (r *Registry) SchemaByID(id int) (Schema, error) {
	r.mu.Lock()
	defer r.mu.Unlock()
	e, err := r.byID(id)
	if err != nil {
		return Schema{}, err
	}
	s := e.schema
	s.References = cloneRefs(s.References)
	return s, nil
}

func (r *Registry) byID(id int) (*idEntry, *Error) {
	e := r.ids[id]
	if e == nil || len(r.usesOf(id, true)) == 0 {
		return nil, errSchemaIDNotFound(id)
	}
	return e, nil
}

// usesOf lists the subject versions that use id, sorted by subject then
// version.
func (r *Registry) usesOf(id int, deleted bool) []SubjectVersion {
	var out []SubjectVersion
	for name, sub := range r.subjects {
		for _, v := range sub.versions {
			if v.id == id && (deleted || !v.deleted) {
				out = append(out, SubjectVersion{Subject: name, Version: v.n, ID: id, Deleted: v.deleted})
			}
		}
	}
	sort.Slice(out, func(i, j int) bool {
		if out[i].Subject != out[j].Subject {
			return out[i].Subject < out[j].Subject
		}
		return out[i].Version < out[j].Version
	})
	return out
}

// Parsed returns the schema with id parsed for a codec (see Parsed).
func (r *Registry) Parsed(id int) (Parsed, error) {
	r.mu.Lock()
	defer r.mu.Unlock()
	e, err := r.byID(id)
	if err != nil {
		return Parsed{}, err
	}
	out := Parsed{Type: e.schema.Type, Avro: e.p.avro, Protobuf: e.p.proto}
	if e.schema.Type == JSON {
		var doc any
		if jerr := json.Unmarshal([]byte(e.schema.Text), &doc); jerr == nil {
			out.JSON = doc
		}
	}
	return out, nil
}

// Version returns subject's version n; -1 is the latest live version.
// Soft-deleted versions are not found (40402, or 40401 when the subject
// has no live version left).
func (r *Registry) Version(subject string, n int) (SubjectVersion, error) {
	r.mu.Lock()
	defer r.mu.Unlock()
	v, err := r.version(subject, n, false)
	if err != nil {
		return SubjectVersion{}, err
	}
	return r.subjectVersion(subject, v), nil
}

// Versions lists subject's version numbers, ascending; deleted includes
// soft-deleted ones.
func (r *Registry) Versions(subject string, deleted bool) ([]int, error) {
	r.mu.Lock()
	defer r.mu.Unlock()
	if !r.hasSubject(subject, deleted) {
		return nil, errSubjectNotFound(subject)
	}
	out := []int{}
	for _, v := range r.subjects[subject].versions {
		if deleted || !v.deleted {
			out = append(out, v.n)
		}
	}
	return out, nil
}

// Subjects lists the subjects with a live version (deleted: with any
// version), sorted.
func (r *Registry) Subjects(deleted bool) []string {
	r.mu.Lock()
	defer r.mu.Unlock()
	out := []string{}
	for name := range r.subjects {
		if r.hasSubject(name, deleted) {
			out = append(out, name)
		}
	}
	sort.Strings(out)
	return out
}

// DeleteSubject deletes subject's versions, as DELETE /subjects/{subject}:
// a soft delete marks the live versions deleted (40404 if none is left); a
// permanent one removes them all, and the subject's own compatibility
// level, but only once they are soft-deleted (40405). It returns the
// version numbers deleted.
func (r *Registry) DeleteSubject(subject string, permanent bool) ([]int, error) {
	r.mu.Lock()
	r.gen.Add(1)
	defer r.mu.Unlock()
	out, err := r.deleteSubject(subject, permanent)
	return out, errorOf(err)
}

func (r *Registry) deleteSubject(subj string, permanent bool) ([]int, *Error) {
	if !r.hasSubject(subj, true) {
		return nil, errSubjectNotFound(subj)
	}
	if !permanent && !r.hasSubject(subj, false) {
		return nil, errSubjectSoftDeleted(subj)
	}
	if r.mode == "READONLY" || r.mode == "READONLY_OVERRIDE" {
		return nil, errReadOnly(subj)
	}
	sub := r.subjects[subj]
	out := []int{}
	for _, v := range sub.versions {
		if permanent || !v.deleted {
			if rerr := r.referenced(subj, v.n, true); rerr != nil {
				return nil, rerr
			}
			if permanent && !v.deleted {
				return nil, errSubjectNotSoftDeleted(subj)
			}
			out = append(out, v.n)
		}
	}
	if permanent {
		delete(r.subjects, subj)
		return out, nil
	}
	for _, v := range sub.versions {
		v.deleted = true
	}
	return out, nil
}

// referenced refuses to delete subj's version n while another subject's
// live schema refers to it (42206).
func (r *Registry) referenced(subj string, n int, otherSubjectsOnly bool) *Error {
	for name, sub := range r.subjects {
		if otherSubjectsOnly && name == subj {
			continue
		}
		for _, v := range sub.versions {
			if v.deleted {
				continue
			}
			for _, ref := range r.ids[v.id].schema.References {
				if ref.Subject == subj && (ref.Version == n || ref.Version == -1) {
					return errReferenceExists(subj, n)
				}
			}
		}
	}
	return nil
}

// DeleteVersion deletes subject's version n (-1: the latest), as DELETE
// /subjects/{subject}/versions/{n}: soft first (40406 if already soft
// deleted), permanent only after (40407). Deleting the last version
// permanently also drops the subject's compatibility level. It returns the
// version number deleted.
func (r *Registry) DeleteVersion(subject string, n int, permanent bool) (int, error) {
	r.mu.Lock()
	r.gen.Add(1)
	defer r.mu.Unlock()
	out, err := r.deleteVersion(subject, n, permanent)
	return out, errorOf(err)
}

func (r *Registry) deleteVersion(subj string, n int, permanent bool) (int, *Error) {
	if !permanent && n != -1 {
		if v, err := r.version(subj, n, true); err == nil && v.deleted {
			return 0, errVersionSoftDeleted(subj, n)
		}
	}
	v, err := r.version(subj, n, true)
	if err != nil {
		return 0, err
	}
	if r.mode == "READONLY" || r.mode == "READONLY_OVERRIDE" {
		return 0, errReadOnly(subj)
	}
	if rerr := r.referenced(subj, v.n, false); rerr != nil {
		return 0, rerr
	}
	if !permanent {
		if v.deleted {
			return 0, errVersionSoftDeleted(subj, v.n)
		}
		v.deleted = true
		return v.n, nil
	}
	if !v.deleted {
		return 0, errVersionNotSoftDeleted(subj, v.n)
	}
	sub := r.subjects[subj]
	for i, x := range sub.versions {
		if x == v {
			sub.versions = append(sub.versions[:i], sub.versions[i+1:]...)
			break
		}
	}
	if len(sub.versions) == 0 {
		delete(r.subjects, subj)
	}
	return v.n, nil
}

// CheckCompatibility reports whether s may be registered next to subject's
// version n (-1: the latest; none yet means compatible), under the
// subject's level, with Confluent's messages when it may not.
func (r *Registry) CheckCompatibility(subject string, n int, s Schema) (bool, []string, error) {
	r.mu.Lock()
	defer r.mu.Unlock()
	ok, msgs, err := r.checkCompatibility(subject, n, s)
	return ok, msgs, errorOf(err)
}

func (r *Registry) checkCompatibility(subj string, n int, s Schema) (bool, []string, *Error) {
	var prev []*version
	v, verr := r.version(subj, n, false)
	switch {
	case verr == nil:
		prev = []*version{v}
	case n != -1:
		return false, nil, errVersionNotFound(n)
	}
	canon, p, perr := r.parse(s)
	if perr != nil {
		return false, nil, perr
	}
	msgs := checkCompatibility(r.compatibilityOf(subj), candidate{typ: canon.Type, p: p}, r.candidates(prev))
	return len(msgs) == 0, msgs, nil
}

// GlobalCompatibility returns the global compatibility level.
func (r *Registry) GlobalCompatibility() Compatibility {
	r.mu.Lock()
	defer r.mu.Unlock()
	return r.global
}

// SetCompatibility sets subject's level, or the global one when subject is
// "".
func (r *Registry) SetCompatibility(subject string, c Compatibility) error {
	cc, ok := parseCompatibility(string(c))
	if !ok {
		return errInvalidCompatibility()
	}
	r.mu.Lock()
	defer r.mu.Unlock()
	r.gen.Add(1)
	if subject == "" {
		r.global = cc
		return nil
	}
	sub := r.subjects[subject]
	if sub == nil {
		sub = &subjectState{}
		r.subjects[subject] = sub
	}
	sub.compat = cc
	return nil
}

// SubjectCompatibility returns subject's own level; with defaultToGlobal
// a subject without one gets the global level, otherwise 40408.
func (r *Registry) SubjectCompatibility(subject string, defaultToGlobal bool) (Compatibility, error) {
	r.mu.Lock()
	defer r.mu.Unlock()
	if sub := r.subjects[subject]; sub != nil && sub.compat != "" {
		return sub.compat, nil
	}
	if defaultToGlobal {
		return r.global, nil
	}
	return "", errSubjectCompatNotConfigured(subject)
}

// DeleteCompatibility removes subject's own level and returns it (40401
// when it has none); with subject "" it resets the global level to the
// starting one and returns the previous.
func (r *Registry) DeleteCompatibility(subject string) (Compatibility, error) {
	r.mu.Lock()
	defer r.mu.Unlock()
	r.gen.Add(1)
	if subject == "" {
		old := r.global
		r.global = r.opts.compat
		return old, nil
	}
	sub := r.subjects[subject]
	if sub == nil || sub.compat == "" {
		return "", errSubjectNotFound(subject)
	}
	old := sub.compat
	sub.compat = ""
	if len(sub.versions) == 0 {
		delete(r.subjects, subject)
	}
	return old, nil
}

// Canonical returns s as the registry would store it (its canonical text,
// Type set), without registering it: 42201 when it does not parse, 40401
// or 40402 when a reference is missing. It holds the registry's mutex
// while it resolves references.
func (r *Registry) Canonical(s Schema) (Schema, error) {
	r.mu.Lock()
	defer r.mu.Unlock()
	out, _, err := r.parse(s)
	if err != nil {
		return Schema{}, err
	}
	return out, nil
}
