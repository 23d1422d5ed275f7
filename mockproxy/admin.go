package mockproxy

// The admin API under /_mock/ (DESIGN §5), for callers that are not
// written in Go: health, fault rules and the request journal. Admin
// requests are JSON in and out, never subject to fault rules, and not
// recorded in the journal.

import (
	"bytes"
	"encoding/json"
	"io"
	"net/http"
	"strings"

	"github.com/gorilla/mux"
	"github.com/kafkarestmock/kafkarestmock/scenario"
)

// registerAdmin adds the /_mock/ routes to r.
func (s *Server) registerAdmin(r *mux.Router) {
	byMethod := func(m map[string]http.HandlerFunc) http.HandlerFunc {
		return func(w http.ResponseWriter, r *http.Request) {
			h, ok := m[r.Method]
			if !ok && r.Method == http.MethodHead {
				h, ok = m[http.MethodGet]
			}
			if !ok {
				adminNoJournal(w)
				writeError(w, "application/json", errMethodNotAllowed)
				return
			}
			h(w, r)
		}
	}
	r.HandleFunc("/_mock/health", byMethod(map[string]http.HandlerFunc{http.MethodGet: s.adminHealth}))
	r.HandleFunc("/_mock/faults", byMethod(map[string]http.HandlerFunc{
		http.MethodGet: s.adminListFaults, http.MethodPost: s.adminAddFault, http.MethodDelete: s.adminClearFaults}))
	r.HandleFunc("/_mock/faults/{id}", byMethod(map[string]http.HandlerFunc{http.MethodDelete: s.adminRemoveFault}))
	r.HandleFunc("/_mock/requests", byMethod(map[string]http.HandlerFunc{
		http.MethodGet: s.adminRequests, http.MethodDelete: s.adminClearRequests}))
}

func adminNoJournal(w http.ResponseWriter) {
	if rw := unwrapRespWriter(w); rw != nil {
		rw.noJournal = true
		rw.api = "admin"
	}
}

// writeAdminJSON writes v as JSON.
func writeAdminJSON(w http.ResponseWriter, status int, v any) {
	adminNoJournal(w)
	b, err := json.Marshal(v)
	if err != nil {
		writeError(w, "application/json", errInternal)
		return
	}
	writeBody(w, status, "application/json", b)
}

func adminError(w http.ResponseWriter, status int, msg string) {
	adminNoJournal(w)
	writeError(w, "application/json", newAPIError(status, status, "%s", msg))
}

func (s *Server) adminHealth(w http.ResponseWriter, r *http.Request) {
	writeAdminJSON(w, http.StatusOK, map[string]string{"status": "ok"})
}

// adminRule is a rule as the admin API lists it.
type adminRule struct {
	ID      string         `json:"id"`
	Fault   scenario.Fault `json:"fault"`
	Matched int            `json:"matched"`
	Hits    int            `json:"hits"`
}

func (s *Server) adminListFaults(w http.ResponseWriter, r *http.Request) {
	rules := s.faults.List()
	out := make([]adminRule, 0, len(rules))
	for _, ri := range rules {
		out = append(out, adminRule{ID: ri.ID, Fault: ri.Fault, Matched: ri.Matched, Hits: ri.Hits})
	}
	writeAdminJSON(w, http.StatusOK, out)
}

// adminAddFault installs one rule, given as one element of a scenario
// file's "faults" list: 201 {"id":...}, or 400 naming the bad field.
func (s *Server) adminAddFault(w http.ResponseWriter, r *http.Request) {
	body, err := io.ReadAll(io.LimitReader(r.Body, 1<<20))
	if err != nil {
		adminError(w, http.StatusBadRequest, "cannot read the body")
		return
	}
	var doc bytes.Buffer
	doc.WriteString(`{"faults":[`)
	doc.Write(body)
	doc.WriteString("\n]}")
	faults, err := scenario.Load(&doc)
	if err == nil && len(faults) != 1 {
		err = errOneRule
	}
	if err != nil {
		adminError(w, http.StatusBadRequest, strings.TrimPrefix(err.Error(), "faults[0]."))
		return
	}
	h, err := s.faults.Add(faults[0])
	if err != nil {
		adminError(w, http.StatusBadRequest, err.Error())
		return
	}
	writeAdminJSON(w, http.StatusCreated, map[string]string{"id": h.ID()})
}

var errOneRule = &apiError{http.StatusBadRequest, 400, "the body must be one fault rule"}

func (s *Server) adminClearFaults(w http.ResponseWriter, r *http.Request) {
	adminNoJournal(w)
	s.faults.Clear()
	w.WriteHeader(http.StatusNoContent)
}

func (s *Server) adminRemoveFault(w http.ResponseWriter, r *http.Request) {
	adminNoJournal(w)
	if !s.faults.Remove(mux.Vars(r)["id"]) {
		adminError(w, http.StatusNotFound, "no fault rule with id "+mux.Vars(r)["id"])
		return
	}
	w.WriteHeader(http.StatusNoContent)
}

func (s *Server) adminRequests(w http.ResponseWriter, r *http.Request) {
	writeAdminJSON(w, http.StatusOK, s.Requests())
}

func (s *Server) adminClearRequests(w http.ResponseWriter, r *http.Request) {
	adminNoJournal(w)
	s.ClearRequests()
	w.WriteHeader(http.StatusNoContent)
}
