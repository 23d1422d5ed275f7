package schemareg

import (
	"net/http"

	"github.com/kafkarestmock/kafkarestmock/internal/jsonv"
)

// This file serves SubjectsResource, SubjectVersionsResource and
// CompatibilityResource: GET /subjects, POST /subjects/{s} (lookup),
// DELETE /subjects/{s}, GET|POST /subjects/{s}/versions, GET|DELETE
// /subjects/{s}/versions/{v}, GET /subjects/{s}/versions/{v}/schema and
// POST /compatibility/subjects/{s}/versions[/{v}]. Left out: pagination
// (offset, limit), subjectPrefix, deletedOnly, deletedAsNegative,
// normalize, format, metadata and rule sets, referencedby, tags, and
// registration with an explicit id or version (IMPORT mode).

// schemaAnswer is Confluent's Schema entity (creator-property order, empty
// members left out).
type schemaAnswer struct {
	Subject    string      `json:"subject"`
	Version    int         `json:"version"`
	ID         int         `json:"id"`
	SchemaType string      `json:"schemaType,omitempty"`
	References []Reference `json:"references,omitempty"`
	Schema     string      `json:"schema"`
}

// registerAnswer is RegisterSchemaResponse; before 8.0 only the id.
type registerAnswer struct {
	ID         int         `json:"id"`
	Version    int         `json:"version,omitempty"`
	SchemaType string      `json:"schemaType,omitempty"`
	References []Reference `json:"references,omitempty"`
	Schema     string      `json:"schema,omitempty"`
}

func (h *handler) typeShown(t SchemaType) string {
	if t == Avro && !h.r.avroTypeShown() {
		return ""
	}
	return string(t)
}

func (h *handler) schemaAnswer(sv SubjectVersion) schemaAnswer {
	return schemaAnswer{Subject: sv.Subject, Version: sv.Version, ID: sv.ID,
		SchemaType: h.typeShown(sv.Schema.Type), References: sv.Schema.References, Schema: sv.Schema.Text}
}

// readSchemaRequest reads a RegisterSchemaRequest: schema, schemaType,
// references; other members are ignored as Jackson is told to.
func readSchemaRequest(req *http.Request) (Schema, *Error) {
	v, err := readBody(req)
	if err != nil {
		return Schema{}, err
	}
	if v.Kind != jsonv.Object {
		return Schema{}, errBadJSON("Cannot deserialize value of type `io.confluent.kafka.schemaregistry.client.rest.entities.requests.RegisterSchemaRequest` from non-Object value")
	}
	var s Schema
	if s.Text, _, err = stringField(v, "schema"); err != nil {
		return Schema{}, err
	}
	typ, _, err := stringField(v, "schemaType")
	if err != nil {
		return Schema{}, err
	}
	s.Type = SchemaType(typ)
	if refs, ok := v.Field("references"); ok && refs.Kind == jsonv.Array {
		for _, it := range refs.Items {
			var ref Reference
			ref.Name, _, _ = stringField(it, "name")
			ref.Subject, _, _ = stringField(it, "subject")
			if n, ok := it.Field("version"); ok && n.Kind == jsonv.Number {
				ref.Version = atoiOr(string(n.Raw), 0)
			}
			s.References = append(s.References, ref)
		}
	}
	return s, nil
}

func atoiOr(s string, def int) int {
	n := 0
	neg := false
	for i, c := range s {
		if i == 0 && c == '-' {
			neg = true
			continue
		}
		if c < '0' || c > '9' {
			return def
		}
		n = n*10 + int(c-'0')
	}
	if neg {
		n = -n
	}
	return n
}

func (h *handler) register(w http.ResponseWriter, req *http.Request) {
	s, err := readSchemaRequest(req)
	if err != nil {
		writeError(w, err)
		return
	}
	h.r.mu.Lock()
	sv, err := h.r.register(req.PathValue("subject"), s)
	h.r.mu.Unlock()
	if err != nil {
		writeError(w, err)
		return
	}
	if !h.r.avroTypeShown() {
		writeJSON(w, http.StatusOK, registerAnswer{ID: sv.ID})
		return
	}
	writeJSON(w, http.StatusOK, registerAnswer{ID: sv.ID, Version: sv.Version,
		SchemaType: h.typeShown(sv.Schema.Type), References: sv.Schema.References, Schema: sv.Schema.Text})
}

func (h *handler) lookup(w http.ResponseWriter, req *http.Request) {
	s, err := readSchemaRequest(req)
	if err != nil {
		writeError(w, err)
		return
	}
	h.r.mu.Lock()
	sv, err := h.r.lookup(req.PathValue("subject"), s, boolParam(req, "deleted"))
	h.r.mu.Unlock()
	if err != nil {
		writeError(w, err)
		return
	}
	writeJSON(w, http.StatusOK, h.schemaAnswer(sv))
}

func (h *handler) listSubjects(w http.ResponseWriter, req *http.Request) {
	writeJSON(w, http.StatusOK, h.r.Subjects(boolParam(req, "deleted")))
}

func (h *handler) listVersions(w http.ResponseWriter, req *http.Request) {
	vs, err := h.r.Versions(req.PathValue("subject"), boolParam(req, "deleted"))
	if err != nil {
		writeError(w, err)
		return
	}
	writeJSON(w, http.StatusOK, vs)
}

func (h *handler) versionOf(req *http.Request) (SubjectVersion, *Error) {
	n, err := parseVersion(req.PathValue("version"))
	if err != nil {
		return SubjectVersion{}, err
	}
	subj := req.PathValue("subject")
	h.r.mu.Lock()
	defer h.r.mu.Unlock()
	v, err := h.r.version(subj, n, boolParam(req, "deleted"))
	if err != nil {
		return SubjectVersion{}, err
	}
	return h.r.subjectVersion(subj, v), nil
}

func (h *handler) getVersion(w http.ResponseWriter, req *http.Request) {
	sv, err := h.versionOf(req)
	if err != nil {
		writeError(w, err)
		return
	}
	writeJSON(w, http.StatusOK, h.schemaAnswer(sv))
}

func (h *handler) getVersionRaw(w http.ResponseWriter, req *http.Request) {
	sv, err := h.versionOf(req)
	if err != nil {
		writeError(w, err)
		return
	}
	writeRaw(w, sv.Schema.Text)
}

func (h *handler) deleteSubject(w http.ResponseWriter, req *http.Request) {
	vs, err := h.r.DeleteSubject(req.PathValue("subject"), boolParam(req, "permanent"))
	if err != nil {
		writeError(w, err)
		return
	}
	writeJSON(w, http.StatusOK, vs)
}

func (h *handler) deleteVersion(w http.ResponseWriter, req *http.Request) {
	n, perr := parseVersion(req.PathValue("version"))
	if perr != nil {
		writeError(w, perr)
		return
	}
	v, err := h.r.DeleteVersion(req.PathValue("subject"), n, boolParam(req, "permanent"))
	if err != nil {
		writeError(w, err)
		return
	}
	writeJSON(w, http.StatusOK, v)
}

// compatAnswer is CompatibilityCheckResponse; messages only with verbose.
type compatAnswer struct {
	IsCompatible bool     `json:"is_compatible"`
	Messages     []string `json:"messages,omitempty"`
}

type compatVerboseAnswer struct {
	IsCompatible bool     `json:"is_compatible"`
	Messages     []string `json:"messages"`
}

func (h *handler) compatibility(w http.ResponseWriter, req *http.Request) {
	n, perr := parseVersion(req.PathValue("version"))
	if perr != nil {
		writeError(w, perr)
		return
	}
	h.checkCompat(w, req, func(subj string, s Schema) (bool, []string, *Error) {
		return h.r.checkCompatibility(subj, n, s)
	})
}

// compatibilityAll checks against every live version the level covers,
// as registration would.
func (h *handler) compatibilityAll(w http.ResponseWriter, req *http.Request) {
	h.checkCompat(w, req, func(subj string, s Schema) (bool, []string, *Error) {
		canon, p, err := h.r.parse(s)
		if err != nil {
			return false, nil, err
		}
		msgs := checkCompatibility(h.r.compatibilityOf(subj), candidate{typ: canon.Type, p: p}, h.r.candidates(h.r.live(subj)))
		return len(msgs) == 0, msgs, nil
	})
}

func (h *handler) checkCompat(w http.ResponseWriter, req *http.Request, check func(string, Schema) (bool, []string, *Error)) {
	s, err := readSchemaRequest(req)
	if err != nil {
		writeError(w, err)
		return
	}
	verbose := boolParam(req, "verbose")
	h.r.mu.Lock()
	ok, msgs, err := check(req.PathValue("subject"), s)
	h.r.mu.Unlock()
	if err != nil {
		if !verbose || err.Code != CodeInvalidSchema {
			writeError(w, err)
			return
		}
		ok, msgs = false, []string{err.Message}
	}
	if !verbose {
		writeJSON(w, http.StatusOK, compatAnswer{IsCompatible: ok})
		return
	}
	if msgs == nil {
		msgs = []string{}
	}
	writeJSON(w, http.StatusOK, compatVerboseAnswer{IsCompatible: ok, Messages: msgs})
}
