package schemareg

import (
	"net/http"
	"strings"

	"github.com/kafkarestmock/kafkarestmock/internal/jsonv"
)

// This file serves ConfigResource and ModeResource: GET/PUT/DELETE /config,
// GET/PUT/DELETE /config/{s} (defaultToGlobal), GET/PUT /mode and GET
// /mode/{s}. Only the compatibility level is kept of a config (normalize,
// validateFields, compatibilityGroup, metadata and rule sets are not).

type configAnswer struct {
	CompatibilityLevel Compatibility `json:"compatibilityLevel"`
}

type configUpdate struct {
	Compatibility Compatibility `json:"compatibility"`
}

type modeAnswer struct {
	Mode string `json:"mode"`
}

// readLevel reads a ConfigUpdateRequest's compatibility: "" when absent,
// 42203 when not a level.
func readLevel(req *http.Request) (Compatibility, *Error) {
	v, err := readBody(req)
	if err != nil {
		return "", err
	}
	if v.Kind != jsonv.Object {
		return "", errBadJSON("Cannot deserialize value of type `io.confluent.kafka.schemaregistry.client.rest.entities.requests.ConfigUpdateRequest` from non-Object value")
	}
	s, present, err := stringField(v, "compatibility")
	if err != nil || !present {
		return "", err
	}
	c, ok := parseCompatibility(s)
	if !ok {
		return "", errInvalidCompatibility()
	}
	return c, nil
}

func (h *handler) getGlobalConfig(w http.ResponseWriter, _ *http.Request) {
	writeJSON(w, http.StatusOK, configAnswer{h.r.GlobalCompatibility()})
}

func (h *handler) putGlobalConfig(w http.ResponseWriter, req *http.Request) {
	h.putConfig(w, req, "")
}

func (h *handler) putConfig(w http.ResponseWriter, req *http.Request, subj string) {
	c, err := readLevel(req)
	if err != nil {
		writeError(w, err)
		return
	}
	if c != "" {
		_ = h.r.SetCompatibility(subj, c)
	}
	if subj == "" {
		c = h.r.GlobalCompatibility()
	} else {
		c, _ = h.r.SubjectCompatibility(subj, true)
	}
	writeJSON(w, http.StatusOK, configUpdate{c})
}

func (h *handler) deleteGlobalConfig(w http.ResponseWriter, _ *http.Request) {
	old, _ := h.r.DeleteCompatibility("")
	writeJSON(w, http.StatusOK, configAnswer{old})
}

func (h *handler) getSubjectConfig(w http.ResponseWriter, req *http.Request) {
	c, err := h.r.SubjectCompatibility(req.PathValue("subject"), boolParam(req, "defaultToGlobal"))
	if err != nil {
		writeError(w, err)
		return
	}
	writeJSON(w, http.StatusOK, configAnswer{c})
}

func (h *handler) putSubjectConfig(w http.ResponseWriter, req *http.Request) {
	h.putConfig(w, req, req.PathValue("subject"))
}

func (h *handler) deleteSubjectConfig(w http.ResponseWriter, req *http.Request) {
	old, err := h.r.DeleteCompatibility(req.PathValue("subject"))
	if err != nil {
		writeError(w, err)
		return
	}
	writeJSON(w, http.StatusOK, configAnswer{old})
}

var modes = map[string]bool{"READWRITE": true, "READONLY": true, "READONLY_OVERRIDE": true, "IMPORT": true, "FORWARD": true}

func (h *handler) getMode(w http.ResponseWriter, _ *http.Request) {
	h.r.mu.Lock()
	m := h.r.mode
	h.r.mu.Unlock()
	writeJSON(w, http.StatusOK, modeAnswer{m})
}

func (h *handler) putMode(w http.ResponseWriter, req *http.Request) {
	v, err := readBody(req)
	if err != nil {
		writeError(w, err)
		return
	}
	m, _, err := stringField(v, "mode")
	if err != nil {
		writeError(w, err)
		return
	}
	m = strings.ToUpper(m)
	if !modes[m] {
		writeError(w, errInvalidMode())
		return
	}
	h.r.mu.Lock()
	h.r.gen.Add(1)
	h.r.mode = m
	h.r.mu.Unlock()
	writeJSON(w, http.StatusOK, modeAnswer{m})
}

// getSubjectMode: subjects have no mode of their own here.
func (h *handler) getSubjectMode(w http.ResponseWriter, req *http.Request) {
	if !boolParam(req, "defaultToGlobal") {
		writeError(w, errSubjectModeNotConfigured(req.PathValue("subject")))
		return
	}
	h.getMode(w, req)
}
