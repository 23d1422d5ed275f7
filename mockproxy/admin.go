package mockproxy

// The admin API under /_mock/ (DESIGN §5), for callers that are not
// written in Go and for the web page: health, reset, topics and their
// records, fault rules, the request journal, the clock, consumer instances
// and groups. Admin requests are JSON in and out (errors are
// {"error_code":<HTTP status>,"message":...}), never subject to fault
// rules, not recorded in the journal, and logged at Debug.

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"net/http"
	"sort"
	"strings"

	"github.com/kafkarestmock/kafkarestmock/internal/fileerr"
	"github.com/kafkarestmock/kafkarestmock/internal/jsonv"
	"github.com/kafkarestmock/kafkarestmock/scenario"
)

// registerAdmin adds the /_mock/ routes with route.
func (rb routeBuilder) registerAdmin(route func(path string, prefix bool, h routeFunc)) {
	handle := func(path string, m map[string]adminHandler) {
		allow := make([]string, 0, len(m)+1)
		for method := range m {
			allow = append(allow, method)
		}
		if _, ok := m[http.MethodGet]; ok {
			allow = append(allow, http.MethodHead)
		}
		sort.Strings(allow)
		route(path, false, func(s *Server, w http.ResponseWriter, r *http.Request, vars map[string]string) {
			adminNoJournal(w)
			r = withPathVars(r, vars)
			h, ok := m[r.Method]
			if !ok && r.Method == http.MethodHead {
				h, ok = m[http.MethodGet]
				w = &headWriter{ResponseWriter: w}
			}
			if !ok {
				w.Header().Set("Allow", strings.Join(allow, ","))
				writeError(w, "application/json", errMethodNotAllowed)
				return
			}
			h(s, w, r)
		})
	}
	get := func(h adminHandler) map[string]adminHandler {
		return map[string]adminHandler{http.MethodGet: h}
	}
	post := func(h adminHandler) map[string]adminHandler {
		return map[string]adminHandler{http.MethodPost: h}
	}
	// The page: "/_mock/" arrives as "/_mock" (ServeHTTP trims one
	// trailing slash).
	handle("/_mock", get((*Server).adminPage))
	handle("/_mock/{asset:app\\.js|style\\.css}", get((*Server).adminAsset))
	handle("/_mock/health", get((*Server).adminHealth))
	handle("/_mock/info", get((*Server).adminInfo))
	handle("/_mock/reset", post((*Server).adminReset))
	handle("/_mock/topics", map[string]adminHandler{http.MethodGet: (*Server).adminTopics, http.MethodPost: (*Server).adminCreateTopic})
	handle("/_mock/topics/{topic}/records", get((*Server).adminRecords))
	handle("/_mock/faults", map[string]adminHandler{
		http.MethodGet: (*Server).adminListFaults, http.MethodPost: (*Server).adminAddFault, http.MethodDelete: (*Server).adminClearFaults})
	handle("/_mock/faults/{id}", map[string]adminHandler{http.MethodDelete: (*Server).adminRemoveFault})
	handle("/_mock/effects", get((*Server).adminEffects))
	handle("/_mock/requests", map[string]adminHandler{
		http.MethodGet: (*Server).adminRequests, http.MethodDelete: (*Server).adminClearRequests})
	handle("/_mock/clock", get((*Server).adminClock))
	handle("/_mock/clock/advance", post((*Server).adminAdvanceClock))
	handle("/_mock/consumers", get((*Server).adminConsumers))
	handle("/_mock/groups", get((*Server).adminGroups))
	route("/_mock/", true, func(_ *Server, w http.ResponseWriter, r *http.Request, _ map[string]string) {
		adminError(w, http.StatusNotFound, fmt.Sprintf("no admin endpoint %s %s (the web page is GET /_mock/; the README lists the admin API)", r.Method, r.URL.Path))
	})
}

// adminNoJournal marks the request as an admin request: not journaled,
// logged at Debug.
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

// adminError writes {"error_code":status,"message":msg}.
func adminError(w http.ResponseWriter, status int, msg string) {
	adminNoJournal(w)
	writeError(w, "application/json", errAdmin(status, msg))
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
	body, v, err := readAdminJSON(r)
	if err != nil {
		writeAdminBodyError(w, err)
		return
	}
	if v.Kind != jsonv.Object {
		adminError(w, http.StatusBadRequest, errOneRule.Error())
		return
	}
	// The body is one complete JSON object (readAdminJSON), so it is
	// exactly the one element of the list it is put in.
	var doc bytes.Buffer
	doc.WriteString(`{"faults":[`)
	doc.Write(body)
	doc.WriteString("\n]}")
	faults, err := scenario.Load(&doc)
	if err == nil && len(faults) != 1 {
		err = errOneRule
	}
	if _, ok := errors.AsType[*fileerr.SyntaxError](err); ok {
		err = errOneRule // not reached: the body was checked above
	}
	if err != nil {
		msg := strings.TrimPrefix(err.Error(), "faults[0].")
		msg = strings.TrimPrefix(msg, "faults[0]: ")
		adminError(w, http.StatusBadRequest, msg)
		return
	}
	h, err := s.addFault(faults[0])
	if err != nil {
		adminError(w, http.StatusBadRequest, err.Error())
		return
	}
	writeAdminJSON(w, http.StatusCreated, map[string]string{"id": h.ID()})
}

// errOneRule is the message of a body that is not exactly one rule.
var errOneRule = errors.New("the body must be one fault rule, a JSON object")

// adminEffects lists the effects a rule can have, by their field names in
// a rule (scenario.Effects), for the web page.
func (s *Server) adminEffects(w http.ResponseWriter, r *http.Request) {
	writeAdminJSON(w, http.StatusOK, scenario.Effects())
}

func (s *Server) adminClearFaults(w http.ResponseWriter, r *http.Request) {
	s.faults.Clear()
	w.WriteHeader(http.StatusNoContent)
}

func (s *Server) adminRemoveFault(w http.ResponseWriter, r *http.Request) {
	if !s.faults.Remove(pathVar(r, "id")) {
		adminError(w, http.StatusNotFound, "no fault rule with id "+pathVar(r, "id"))
		return
	}
	w.WriteHeader(http.StatusNoContent)
}

func (s *Server) adminRequests(w http.ResponseWriter, r *http.Request) {
	writeAdminJSON(w, http.StatusOK, s.Requests())
}

func (s *Server) adminClearRequests(w http.ResponseWriter, r *http.Request) {
	s.ClearRequests()
	w.WriteHeader(http.StatusNoContent)
}

// pathVarsKey is the request context key of an admin route's path
// parameters.
type pathVarsKey struct{}

// withPathVars gives r the path parameters vars, which pathVar reads.
func withPathVars(r *http.Request, vars map[string]string) *http.Request {
	if len(vars) == 0 {
		return r
	}
	return r.WithContext(context.WithValue(r.Context(), pathVarsKey{}, vars))
}

// pathVar is the path parameter name of an admin route.
func pathVar(r *http.Request, name string) string {
	vars, _ := r.Context().Value(pathVarsKey{}).(map[string]string)
	return vars[name]
}
