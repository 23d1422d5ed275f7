// Package srclient is a client of an external Confluent Schema Registry with
// the Go surface of the embedded one: Register, Lookup, SchemaByID and
// Version answer as the same methods of *schemareg.Registry do, so the proxy
// can take its schemas from either.
//
// It calls the registry's REST API as Confluent's Java client
// (CachedSchemaRegistryClient over RestService) does: the same routes and
// query parameters, the v1 media type, the same reading of error answers
// (see Client.Register), and the same caches: schemas by id, and
// registrations and lookups by subject and schema. Left out: several base
// URLs and failover, retries of 408/429/5xx answers, authentication other
// than the user info of the base URL, the caches of missing schemas, ids and
// versions, and the latest-version cache.
package srclient

import (
	"fmt"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"sync"

	"github.com/kafkarestmock/kafkarestmock/schemareg"
)

// CodeJSONParseError is the error_code Confluent's Java client gives an
// error answer whose body is not a JSON error message (RestService's
// JSON_PARSE_ERROR_CODE).
const CodeJSONParseError = 50005

// Client is a client of one Schema Registry. Build it with New.
//
// Each method blocks for at most two HTTP round trips (Register of a schema
// on a registry older than 8.0 takes two; everything else one) and none when
// its answer is cached; it holds no lock while it waits. A round trip is
// bounded only by the http.Client given to New (its Timeout). A Client is
// safe for concurrent use; two calls that miss the cache at the same time
// both ask the registry, which answers both alike.
type Client struct {
	base string // scheme://host[/path], without a trailing slash
	hc   *http.Client

	// mu guards byID and bySchema. It is held only to read or fill them,
	// never during a round trip.
	mu sync.Mutex
	// byID holds every schema an answer carried, by global id; a
	// registry never gives an id to another schema.
	byID map[int]schemareg.Schema
	// bySchema holds Register and Lookup answers by subject and schema,
	// under both the text sent and the canonical text answered. Entries
	// are never dropped: a version deleted on the registry afterwards is
	// still answered from here, as the Java client does.
	bySchema map[schemaKey]schemareg.SubjectVersion
}

// schemaKey is a subject and a schema as Register and Lookup are keyed.
type schemaKey struct {
	subject string
	typ     schemareg.SchemaType // "" is stored as AVRO
	text    string
	refs    string // the references, one "name\x00subject\x00version\x00" each
}

// New returns a client of the registry at baseURL (http or https, with a
// host and optionally a path prefix, user info for basic authentication, no
// query or fragment) that sends its requests with httpClient
// (http.DefaultClient when nil). It does not contact the registry.
func New(baseURL string, httpClient *http.Client) (*Client, error) {
	u, err := url.Parse(baseURL)
	if err != nil {
		return nil, fmt.Errorf("srclient: base URL %q: %w", baseURL, err)
	}
	switch {
	case u.Scheme != "http" && u.Scheme != "https":
		return nil, fmt.Errorf("srclient: base URL %q: scheme must be http or https", baseURL)
	case u.Host == "":
		return nil, fmt.Errorf("srclient: base URL %q: host required", baseURL)
	case u.RawQuery != "" || u.ForceQuery || u.Fragment != "":
		return nil, fmt.Errorf("srclient: base URL %q: query or fragment not allowed", baseURL)
	}
	if httpClient == nil {
		httpClient = http.DefaultClient
	}
	return &Client{
		base:     strings.TrimRight(u.String(), "/"),
		hc:       httpClient,
		byID:     map[int]schemareg.Schema{},
		bySchema: map[schemaKey]schemareg.SubjectVersion{},
	}, nil
}

// Register registers s under subject with POST
// /subjects/{subject}/versions and returns its global id and version, as
// schemareg.Registry.Register does. A registry from 8.0 on answers the
// version with the id; an older one answers only the id, and Register then
// asks for the version as the Java client's getVersion does (POST
// /subjects/{subject}?deleted=true; for an empty Text, which re-registers
// the latest schema, GET /subjects/{subject}/versions/latest). When that
// second request fails, Register returns the id, version 0 and its error.
//
// Errors, for every method: an error answer of the registry is a
// *schemareg.Error with the HTTP status and the answer's error_code and
// message; one whose body is not a JSON object has error_code
// CodeJSONParseError and the message "Unable to parse error message from
// schema registry: '(<body>)'" ("Error" for an empty body), as the Java
// client words it. A registry that cannot be reached gives an ordinary error
// whose text is the Java exception's message where Go and Java name the same
// failure ("Connection refused"), otherwise Go's text; errors.Is finds the
// underlying error (syscall.ECONNREFUSED, context.DeadlineExceeded, ...).
// Errors are not cached.
func (c *Client) Register(subject string, s schemareg.Schema) (id, version int, err error) {
	key := keyOf(subject, s)
	reuse := !isBlank(s.Text)
	if reuse {
		if sv, ok := c.cachedSchema(key); ok {
			return sv.ID, sv.Version, nil
		}
	}
	var ans registerAnswer
	if err := c.do(http.MethodPost, subjectPath(subject, "/versions"), "normalize=false", requestOf(s), &ans); err != nil {
		return 0, 0, err
	}
	var sv schemareg.SubjectVersion
	switch {
	case ans.Version > 0 && ans.Schema != nil:
		sv = schemareg.SubjectVersion{Subject: subject, Version: ans.Version, ID: ans.ID,
			Schema: schemaOf(ans.SchemaType, *ans.Schema, ans.References)}
	case !reuse:
		if sv, err = c.version(subject, -1); err != nil {
			return ans.ID, 0, err
		}
	default:
		if sv, err = c.lookup(subject, s, true); err != nil {
			return ans.ID, 0, err
		}
	}
	if reuse {
		c.storeSchema(key, sv)
	}
	c.storeID(sv.ID, sv.Schema)
	return ans.ID, sv.Version, nil
}

// Lookup finds s among subject's live versions with POST /subjects/{subject}
// and returns it, as schemareg.Registry.Lookup does; a schema registered or
// looked up before through this client is answered from the cache. Errors
// are as for Register.
func (c *Client) Lookup(subject string, s schemareg.Schema) (schemareg.SubjectVersion, error) {
	key := keyOf(subject, s)
	if sv, ok := c.cachedSchema(key); ok {
		return sv, nil
	}
	sv, err := c.lookup(subject, s, false)
	if err != nil {
		return schemareg.SubjectVersion{}, err
	}
	c.storeSchema(key, sv)
	c.storeID(sv.ID, sv.Schema)
	return cloneSV(sv), nil
}

// SchemaByID returns the schema with global id id with GET
// /schemas/ids/{id}, as schemareg.Registry.SchemaByID does; an absent
// schemaType is AVRO. Ids seen in any earlier answer are answered from the
// cache. Errors are as for Register.
func (c *Client) SchemaByID(id int) (schemareg.Schema, error) {
	c.mu.Lock()
	s, ok := c.byID[id]
	c.mu.Unlock()
	if ok {
		return cloneSchema(s), nil
	}
	var ans schemaStringAnswer
	if err := c.do(http.MethodGet, "/schemas/ids/"+strconv.Itoa(id), "fetchMaxId=false", nil, &ans); err != nil {
		return schemareg.Schema{}, err
	}
	s = schemaOf(ans.SchemaType, ans.Schema, ans.References)
	c.storeID(id, s)
	return cloneSchema(s), nil
}

// Version returns subject's version n (-1: the latest) with GET
// /subjects/{subject}/versions/{n|latest}, as schemareg.Registry.Version
// does; it is not cached, since the latest version changes. The registry
// refuses n = 0 or below -1 with 42202, where the embedded registry's
// method answers 40402. Errors are as for Register.
func (c *Client) Version(subject string, n int) (schemareg.SubjectVersion, error) {
	sv, err := c.version(subject, n)
	if err != nil {
		return schemareg.SubjectVersion{}, err
	}
	c.storeID(sv.ID, sv.Schema)
	return cloneSV(sv), nil
}

func (c *Client) version(subject string, n int) (schemareg.SubjectVersion, error) {
	path, query := subjectPath(subject, "/versions/latest"), ""
	if n != -1 {
		path, query = subjectPath(subject, "/versions/"+strconv.Itoa(n)), "deleted=false"
	}
	var ans schemaAnswer
	if err := c.do(http.MethodGet, path, query, nil, &ans); err != nil {
		return schemareg.SubjectVersion{}, err
	}
	return ans.subjectVersion(subject), nil
}

// lookup is POST /subjects/{subject}; deleted also matches soft-deleted
// versions.
func (c *Client) lookup(subject string, s schemareg.Schema, deleted bool) (schemareg.SubjectVersion, error) {
	var ans schemaAnswer
	query := "normalize=false&deleted=" + strconv.FormatBool(deleted)
	if err := c.do(http.MethodPost, subjectPath(subject, ""), query, requestOf(s), &ans); err != nil {
		return schemareg.SubjectVersion{}, err
	}
	return ans.subjectVersion(subject), nil
}

func (c *Client) cachedSchema(k schemaKey) (schemareg.SubjectVersion, bool) {
	c.mu.Lock()
	defer c.mu.Unlock()
	sv, ok := c.bySchema[k]
	return cloneSV(sv), ok
}

// storeSchema caches sv under k and under the canonical text it carries.
func (c *Client) storeSchema(k schemaKey, sv schemareg.SubjectVersion) {
	sv = cloneSV(sv)
	c.mu.Lock()
	defer c.mu.Unlock()
	c.bySchema[k] = sv
	c.bySchema[keyOf(k.subject, sv.Schema)] = sv
}

func (c *Client) storeID(id int, s schemareg.Schema) {
	if id <= 0 {
		return
	}
	s = cloneSchema(s)
	c.mu.Lock()
	defer c.mu.Unlock()
	c.byID[id] = s
}

func keyOf(subject string, s schemareg.Schema) schemaKey {
	k := schemaKey{subject: subject, typ: s.Type, text: s.Text}
	if k.typ == "" {
		k.typ = schemareg.Avro
	}
	var b strings.Builder
	for _, r := range s.References {
		fmt.Fprintf(&b, "%s\x00%s\x00%d\x00", r.Name, r.Subject, r.Version)
	}
	k.refs = b.String()
	return k
}

func isBlank(s string) bool { return strings.Trim(s, " \t\r\n") == "" }

func cloneSchema(s schemareg.Schema) schemareg.Schema {
	if len(s.References) == 0 {
		s.References = nil
	} else {
		s.References = append([]schemareg.Reference(nil), s.References...)
	}
	return s
}

func cloneSV(sv schemareg.SubjectVersion) schemareg.SubjectVersion {
	sv.Schema = cloneSchema(sv.Schema)
	return sv
}
