package schemareg

import (
	"bytes"
	"encoding/json"
	"errors"
	"io"
	"mime"
	"net/http"
	"strconv"
	"strings"

	"github.com/kafkarestmock/kafkarestmock/internal/jsonv"
)

// MediaType is the Content-Type of every answer, as Schema Registry sends
// it to clients that ask for its v1 API.
const MediaType = "application/vnd.schemaregistry.v1+json"

// acceptedRequestTypes are the Content-Types the resources consume
// (@Consumes: v1, the default schemaregistry type, JSON and the generic
// octet-stream that Jersey also assumes when none is sent).
var acceptedRequestTypes = map[string]bool{
	"application/vnd.schemaregistry.v1+json": true,
	"application/vnd.schemaregistry+json":    true,
	"application/json":                       true,
	"application/octet-stream":               true,
}

// Handler serves the registry's REST API (the routes in routes below) at
// the root of its path space; mount it under a prefix with
// http.StripPrefix. Each request holds the registry's mutex only while it
// reads or changes state.
func (r *Registry) Handler() http.Handler {
	h := &handler{r: r}
	mux := http.NewServeMux()
	for _, rt := range h.routes() {
		mux.Handle(rt.pattern, rt.methods)
	}
	mux.HandleFunc("/", func(w http.ResponseWriter, _ *http.Request) { writeError(w, errHTTPNotFound()) })
	return mux
}

type handler struct{ r *Registry }

type route struct {
	pattern string
	methods methods
}

// methods dispatches by HTTP method and answers Jersey's 405 for others.
type methods map[string]http.HandlerFunc

func (m methods) ServeHTTP(w http.ResponseWriter, req *http.Request) {
	f, ok := m[req.Method]
	if !ok && req.Method == http.MethodHead {
		f, ok = m[http.MethodGet]
	}
	if !ok {
		writeError(w, errMethodNotAllowed())
		return
	}
	f(w, req)
}

func (h *handler) routes() []route {
	return []route{
		{"/{$}", methods{"GET": h.root, "POST": h.root}},
		{"/schemas/types", methods{"GET": h.schemaTypes}},
		{"/schemas/ids/{id}", methods{"GET": h.schemaByID}},
		{"/schemas/ids/{id}/schema", methods{"GET": h.schemaByIDRaw}},
		{"/schemas/ids/{id}/subjects", methods{"GET": h.schemaSubjects}},
		{"/schemas/ids/{id}/versions", methods{"GET": h.schemaVersions}},
		{"/subjects", methods{"GET": h.listSubjects}},
		{"/subjects/{subject}", methods{"POST": h.lookup, "DELETE": h.deleteSubject}},
		{"/subjects/{subject}/versions", methods{"GET": h.listVersions, "POST": h.register}},
		{"/subjects/{subject}/versions/{version}", methods{"GET": h.getVersion, "DELETE": h.deleteVersion}},
		{"/subjects/{subject}/versions/{version}/schema", methods{"GET": h.getVersionRaw}},
		{"/compatibility/subjects/{subject}/versions", methods{"POST": h.compatibilityAll}},
		{"/compatibility/subjects/{subject}/versions/{version}", methods{"POST": h.compatibility}},
		{"/config", methods{"GET": h.getGlobalConfig, "PUT": h.putGlobalConfig, "DELETE": h.deleteGlobalConfig}},
		{"/config/{subject}", methods{"GET": h.getSubjectConfig, "PUT": h.putSubjectConfig, "DELETE": h.deleteSubjectConfig}},
		{"/mode", methods{"GET": h.getMode, "PUT": h.putMode}},
		{"/mode/{subject}", methods{"GET": h.getSubjectMode}},
		{"/contexts", methods{"GET": h.contexts}},
	}
}

// root is RootResource: {} for GET and POST.
func (h *handler) root(w http.ResponseWriter, req *http.Request) {
	writeJSON(w, http.StatusOK, struct{}{})
}

func (h *handler) contexts(w http.ResponseWriter, _ *http.Request) {
	writeJSON(w, http.StatusOK, []string{"."})
}

// writeJSON writes v as Jackson would: compact, with <, > and & as is.
func writeJSON(w http.ResponseWriter, status int, v any) {
	var buf bytes.Buffer
	enc := json.NewEncoder(&buf)
	enc.SetEscapeHTML(false)
	_ = enc.Encode(v)
	body := bytes.TrimSuffix(buf.Bytes(), []byte("\n"))
	w.Header().Set("Content-Type", MediaType)
	w.Header().Set("Content-Length", strconv.Itoa(len(body)))
	w.WriteHeader(status)
	_, _ = w.Write(body)
}

// writeRaw writes a bare schema string (the …/schema endpoints), which
// Jersey sends unquoted.
func writeRaw(w http.ResponseWriter, s string) {
	w.Header().Set("Content-Type", MediaType)
	w.Header().Set("Content-Length", strconv.Itoa(len(s)))
	w.WriteHeader(http.StatusOK)
	_, _ = io.WriteString(w, s)
}

type errorBody struct {
	ErrorCode int    `json:"error_code"`
	Message   string `json:"message"`
}

func writeError(w http.ResponseWriter, err error) {
	var e *Error
	if !errors.As(err, &e) {
		e = &Error{Status: http.StatusInternalServerError, Code: CodeStoreError, Message: err.Error()}
	}
	writeJSON(w, e.Status, errorBody{ErrorCode: e.Code, Message: e.Message})
}

// readBody checks the Content-Type and parses the body as JSON, with
// Jackson's answers for an empty or malformed one.
func readBody(req *http.Request) (jsonv.Value, *Error) {
	if ct := req.Header.Get("Content-Type"); ct != "" {
		mt, _, err := mime.ParseMediaType(ct)
		if err != nil || !acceptedRequestTypes[strings.ToLower(mt)] {
			return jsonv.Value{}, errUnsupportedMediaType()
		}
	}
	data, err := io.ReadAll(req.Body)
	if err != nil {
		return jsonv.Value{}, errBadJSON(err.Error())
	}
	v, ok, err := jsonv.Parse(data)
	if err != nil {
		return jsonv.Value{}, errBadJSON(err.Error())
	}
	if !ok {
		return jsonv.Value{}, errNoContent()
	}
	return v, nil
}

// boolParam is how Jersey reads a boolean query parameter.
func boolParam(req *http.Request, name string) bool {
	return strings.EqualFold(req.URL.Query().Get(name), "true")
}

// parseVersion is Confluent's VersionId: "latest" (any case, trimmed) is
// -1, otherwise an int in [1, 2^31-1] or -1 (42202).
func parseVersion(s string) (int, *Error) {
	t := strings.TrimSpace(s)
	if strings.EqualFold(t, "latest") {
		return -1, nil
	}
	n, err := strconv.ParseInt(t, 10, 32)
	if err != nil {
		return 0, errInvalidVersion(s)
	}
	if n <= 0 && n != -1 {
		return 0, errInvalidVersion(strconv.FormatInt(n, 10))
	}
	return int(n), nil
}

// stringField reads a string member as Jackson coerces scalars to String.
func stringField(v jsonv.Value, name string) (string, bool, *Error) {
	f, ok := v.Field(name)
	if !ok || f.Kind == jsonv.Null {
		return "", false, nil
	}
	switch f.Kind {
	case jsonv.String:
		return f.Str(), true, nil
	case jsonv.Number, jsonv.Bool:
		return string(f.Raw), true, nil
	}
	kind := "Object value (token `JsonToken.START_OBJECT`)"
	if f.Kind == jsonv.Array {
		kind = "Array value (token `JsonToken.START_ARRAY`)"
	}
	return "", false, errBadJSON("Cannot deserialize value of type `java.lang.String` from " + kind)
}
