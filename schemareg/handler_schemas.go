package schemareg

import (
	"net/http"
	"strconv"
)

// This file serves SchemasResource: GET /schemas/ids/{id} (and /schema,
// /subjects, /versions) and GET /schemas/types. The subject, format,
// fetchMaxId, offset and limit query parameters are accepted and ignored;
// GET /schemas (listing) and the guid routes are not served.

// schemaStringAnswer is Confluent's SchemaString entity.
type schemaStringAnswer struct {
	SchemaType string      `json:"schemaType,omitempty"`
	Schema     string      `json:"schema"`
	References []Reference `json:"references,omitempty"`
}

// subjectVersionAnswer is Confluent's SubjectVersion entity.
type subjectVersionAnswer struct {
	Subject string `json:"subject"`
	Version int    `json:"version"`
}

// pathID reads {id} as Jersey reads an Integer path parameter: anything
// else matches no resource (404).
func pathID(req *http.Request) (int, *Error) {
	id, err := strconv.ParseInt(req.PathValue("id"), 10, 32)
	if err != nil {
		return 0, errHTTPNotFound()
	}
	return int(id), nil
}

func (h *handler) schemaTypes(w http.ResponseWriter, _ *http.Request) {
	writeJSON(w, http.StatusOK, []SchemaType{JSON, Protobuf, Avro})
}

func (h *handler) schemaByID(w http.ResponseWriter, req *http.Request) {
	id, err := pathID(req)
	if err != nil {
		writeError(w, err)
		return
	}
	s, serr := h.r.SchemaByID(id)
	if serr != nil {
		writeError(w, serr)
		return
	}
	writeJSON(w, http.StatusOK, schemaStringAnswer{SchemaType: h.typeShown(s.Type), Schema: s.Text, References: s.References})
}

func (h *handler) schemaByIDRaw(w http.ResponseWriter, req *http.Request) {
	id, err := pathID(req)
	if err != nil {
		writeError(w, err)
		return
	}
	s, serr := h.r.SchemaByID(id)
	if serr != nil {
		writeError(w, serr)
		return
	}
	writeRaw(w, s.Text)
}

// usesOf answers the /subjects and /versions listings of an id: 40403
// "Schema not found" for an id no version uses.
func (h *handler) usesOf(req *http.Request) ([]SubjectVersion, *Error) {
	id, err := pathID(req)
	if err != nil {
		return nil, err
	}
	h.r.mu.Lock()
	defer h.r.mu.Unlock()
	if _, err := h.r.byID(id); err != nil {
		return nil, errSchemaNotFound()
	}
	return h.r.usesOf(id, boolParam(req, "deleted")), nil
}

func (h *handler) schemaSubjects(w http.ResponseWriter, req *http.Request) {
	uses, err := h.usesOf(req)
	if err != nil {
		writeError(w, err)
		return
	}
	out := []string{}
	for _, u := range uses {
		if len(out) == 0 || out[len(out)-1] != u.Subject {
			out = append(out, u.Subject)
		}
	}
	writeJSON(w, http.StatusOK, out)
}

func (h *handler) schemaVersions(w http.ResponseWriter, req *http.Request) {
	uses, err := h.usesOf(req)
	if err != nil {
		writeError(w, err)
		return
	}
	out := []subjectVersionAnswer{}
	for _, u := range uses {
		out = append(out, subjectVersionAnswer{Subject: u.Subject, Version: u.Version})
	}
	writeJSON(w, http.StatusOK, out)
}
