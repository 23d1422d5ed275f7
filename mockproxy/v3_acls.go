package mockproxy

// API v3 ACLs: search, create, delete and batch create under
// /v3/clusters/{cluster_id}/acls, as AclsResource, CreateAclBatchAction
// and AclManagerImpl answer them over a broker whose authorizer keeps
// the ACLs the server holds (aclStore), on either backend. With
// WithoutAuthorizer the broker has none, and every ACL call answers
// Kafka's SecurityDisabledException.

import (
	"net/http"
	"slices"
	"strings"
	"sync"

	"github.com/kafkarestmock/kafkarestmock/internal/jsonv"
)

// WithoutAuthorizer makes the cluster one without an authorizer: every
// v3 ACL call answers 400 40002 "No Authorizer is configured.", as a
// broker without authorizer.class.name does. By default the server keeps
// the ACLs it is given in memory.
func WithoutAuthorizer() Option {
	return optionFunc(func(c *config) { c.noAuthorizer = true })
}

// registerV3ACLs adds the AclsResource methods and the batch create.
func (rb routeBuilder) registerV3ACLs(add func(method, path string, eps ...*endpoint)) {
	const acls = "/v3/clusters/{cluster_id}/acls"
	add(http.MethodGet, acls, v3Endpoint("searchAcls", false, (*Server).searchACLsV3))
	add(http.MethodPost, acls, v3Endpoint("createAcl", true, (*Server).createACLV3))
	add(http.MethodDelete, acls, v3Endpoint("deleteAcls", false, (*Server).deleteACLsV3))
	add(http.MethodPost, acls+":batch", v3Endpoint("createAcls", true, (*Server).createACLBatchV3))
}

// aclEnum is one of the four enums of io.confluent.kafkarest.entities.Acl.
type aclEnum int

const (
	aclResourceType aclEnum = iota
	aclPatternType
	aclOperation
	aclPermission
)

// Ordinals the ACL rules name; UNKNOWN and ANY open every enum.
const (
	aclUnknown       = 0
	aclAny           = 1
	aclMatch         = 2 // PatternType
	aclLiteral       = 3 // PatternType
	aclPrefixed      = 4 // PatternType
	aclClusterType   = 4 // ResourceType
	aclClusterName   = "kafka-cluster"
	aclWildcardName  = "*"
	aclEnumClassBase = "io.confluent.kafkarest.entities.Acl$"
)

// constants lists the enum's constants in declaration order, which is the
// order ACLs sort by.
func (e aclEnum) constants() []string {
	switch e {
	case aclResourceType:
		return []string{"UNKNOWN", "ANY", "TOPIC", "GROUP", "CLUSTER", "TRANSACTIONAL_ID", "DELEGATION_TOKEN"}
	case aclPatternType:
		return []string{"UNKNOWN", "ANY", "MATCH", "LITERAL", "PREFIXED"}
	case aclOperation:
		return []string{"UNKNOWN", "ANY", "ALL", "READ", "WRITE", "CREATE", "DELETE", "ALTER", "DESCRIBE",
			"CLUSTER_ACTION", "DESCRIBE_CONFIGS", "ALTER_CONFIGS", "IDEMPOTENT_WRITE"}
	default:
		return []string{"UNKNOWN", "ANY", "DENY", "ALLOW"}
	}
}

// class is the enum's simple Java name; field the JSON and query name.
func (e aclEnum) class() string {
	return [...]string{"ResourceType", "PatternType", "Operation", "Permission"}[e]
}

func (e aclEnum) field() string {
	return [...]string{"resource_type", "pattern_type", "operation", "permission"}[e]
}

// name is the constant of ordinal i.
func (e aclEnum) name(i int) string { return e.constants()[i] }

// aclBinding is one ACL: a resource pattern and an access control entry.
// The enums are ordinals of their aclEnum.
type aclBinding struct {
	resourceType int
	resourceName string
	patternType  int
	principal    string
	host         string
	operation    int
	permission   int
}

// compareACLs orders ACLs as kafka-rest sorts them: by resource type,
// resource name, pattern type, principal, host, operation, permission.
func compareACLs(a, b aclBinding) int {
	if c := a.resourceType - b.resourceType; c != 0 {
		return c
	}
	if c := strings.Compare(a.resourceName, b.resourceName); c != 0 {
		return c
	}
	if c := a.patternType - b.patternType; c != 0 {
		return c
	}
	if c := strings.Compare(a.principal, b.principal); c != 0 {
		return c
	}
	if c := strings.Compare(a.host, b.host); c != 0 {
		return c
	}
	if c := a.operation - b.operation; c != 0 {
		return c
	}
	return a.permission - b.permission
}

// aclFilter is an AclBindingFilter; an empty resourceName, principal or
// host matches any (kafka-rest passes an empty query value as null).
type aclFilter aclBinding

// matches is Kafka's AclBindingFilter.matches: ResourcePatternFilter
// (MATCH takes literal names, the wildcard and prefixes that apply to
// the name) and AccessControlEntryFilter.
func (f aclFilter) matches(b aclBinding) bool {
	if f.resourceType != aclAny && f.resourceType != b.resourceType {
		return false
	}
	if f.patternType != aclAny && f.patternType != aclMatch && f.patternType != b.patternType {
		return false
	}
	if f.resourceName != "" {
		switch {
		case f.patternType == aclAny || f.patternType == b.patternType:
			if f.resourceName != b.resourceName {
				return false
			}
		case b.patternType == aclLiteral:
			if f.resourceName != b.resourceName && b.resourceName != aclWildcardName {
				return false
			}
		case b.patternType == aclPrefixed:
			if !strings.HasPrefix(f.resourceName, b.resourceName) {
				return false
			}
		}
	}
	if f.principal != "" && f.principal != b.principal {
		return false
	}
	if f.host != "" && f.host != b.host {
		return false
	}
	if f.operation != aclAny && f.operation != b.operation {
		return false
	}
	return f.permission == aclAny || f.permission == b.permission
}

// aclStore is the ACLs of the cluster's authorizer, each once. The zero
// value is empty and ready.
type aclStore struct {
	mu   sync.Mutex // guards acls
	acls []aclBinding
}

// add stores bs, skipping those already stored.
func (st *aclStore) add(bs ...aclBinding) {
	st.mu.Lock()
	defer st.mu.Unlock()
	for _, b := range bs {
		if !slices.Contains(st.acls, b) {
			st.acls = append(st.acls, b)
		}
	}
}

// search returns the ACLs f matches, sorted.
func (st *aclStore) search(f aclFilter) []aclBinding {
	st.mu.Lock()
	defer st.mu.Unlock()
	var out []aclBinding
	for _, b := range st.acls {
		if f.matches(b) {
			out = append(out, b)
		}
	}
	slices.SortFunc(out, compareACLs)
	return out
}

// remove deletes the ACLs f matches and returns them, sorted.
func (st *aclStore) remove(f aclFilter) []aclBinding {
	st.mu.Lock()
	var out []aclBinding
	st.acls = slices.DeleteFunc(st.acls, func(b aclBinding) bool {
		if f.matches(b) {
			out = append(out, b)
			return true
		}
		return false
	})
	st.mu.Unlock()
	slices.SortFunc(out, compareACLs)
	return out
}

// clear removes every ACL (Server.Reset).
func (st *aclStore) clear() {
	st.mu.Lock()
	defer st.mu.Unlock()
	st.acls = nil
}

// aclV3Body is a KafkaAcl (AclData); it has no resource_name.
type aclV3Body struct {
	Self      string
	ClusterID string
	ACL       aclBinding
}

func (a aclV3Body) appendJSON(b []byte) []byte {
	b = appendV3Head(b, "KafkaAcl", resourceMeta{Self: a.Self})
	b = append(b, `,"cluster_id":`...)
	b = appendJSONString(b, a.ClusterID)
	b = append(b, `,"resource_type":`...)
	b = appendJSONString(b, aclResourceType.name(a.ACL.resourceType))
	b = append(b, `,"resource_name":`...)
	b = appendJSONString(b, a.ACL.resourceName)
	b = append(b, `,"pattern_type":`...)
	b = appendJSONString(b, aclPatternType.name(a.ACL.patternType))
	b = append(b, `,"principal":`...)
	b = appendJSONString(b, a.ACL.principal)
	b = append(b, `,"host":`...)
	b = appendJSONString(b, a.ACL.host)
	b = append(b, `,"operation":`...)
	b = appendJSONString(b, aclOperation.name(a.ACL.operation))
	b = append(b, `,"permission":`...)
	b = appendJSONString(b, aclPermission.name(a.ACL.permission))
	return append(b, '}')
}

// deleteACLsBody is a DeleteAclsResponse: {"data":[…]}, no kind or
// metadata.
type deleteACLsBody struct {
	Data jsonArray[aclV3Body]
}

func (d deleteACLsBody) appendJSON(b []byte) []byte {
	b = append(b, `{"data":`...)
	b = d.Data.appendJSON(b)
	return append(b, '}')
}

// aclURL is the URL of the ACLs a (filter or ACL) names: .../acls with
// its seven fields as query parameters, values encoded as Java's
// URLEncoder does.
func (c *call) aclURL(a aclBinding) string {
	var b strings.Builder
	b.WriteString(c.clusterURL("acls"))
	for i, kv := range [...][2]string{
		{"resource_type", aclResourceType.name(a.resourceType)},
		{"resource_name", a.resourceName},
		{"pattern_type", aclPatternType.name(a.patternType)},
		{"principal", a.principal},
		{"host", a.host},
		{"operation", aclOperation.name(a.operation)},
		{"permission", aclPermission.name(a.permission)},
	} {
		if i == 0 {
			b.WriteByte('?')
		} else {
			b.WriteByte('&')
		}
		b.WriteString(kv[0])
		b.WriteByte('=')
		b.WriteString(javaURLEncode(kv[1]))
	}
	return b.String()
}

// javaURLEncode is java.net.URLEncoder.encode(s, "UTF-8"): letters,
// digits and .-*_ stay, a space becomes +, every other byte %XX.
func javaURLEncode(s string) string {
	const hex = "0123456789ABCDEF"
	var b strings.Builder
	for i := 0; i < len(s); i++ {
		c := s[i]
		switch {
		case 'a' <= c && c <= 'z', 'A' <= c && c <= 'Z', '0' <= c && c <= '9', c == '.', c == '-', c == '*', c == '_':
			b.WriteByte(c)
		case c == ' ':
			b.WriteByte('+')
		default:
			b.WriteByte('%')
			b.WriteByte(hex[c>>4])
			b.WriteByte(hex[c&15])
		}
	}
	return b.String()
}

// aclList renders acls as KafkaAcl bodies.
func (c *call) aclList(acls []aclBinding) jsonArray[aclV3Body] {
	out := make(jsonArray[aclV3Body], len(acls))
	for i, a := range acls {
		out[i] = aclV3Body{Self: c.aclURL(a), ClusterID: c.s.cfg.clusterID, ACL: a}
	}
	return out
}

// aclQuery reads the filter of a search or delete from the query as
// JAX-RS converts it (EnumConverterProvider: any case; another value is
// a 404), then refuses UNKNOWN with unknown's answer. An absent enum is
// def (ANY for a search, UNKNOWN for a delete).
func (c *call) aclQuery(def int, unknown func(field string) *apiError) (aclFilter, error) {
	q := c.r.URL.Query()
	var f aclFilter
	enum := func(e aclEnum, dst *int) error {
		*dst = def
		if !q.Has(e.field()) {
			return nil
		}
		v := q.Get(e.field())
		i := slices.Index(e.constants(), strings.ToUpper(v))
		if i < 0 {
			return errACLEnumParam(e.class(), v)
		}
		*dst = i
		return nil
	}
	// JAX-RS converts the parameters in the method's order.
	for _, step := range []func() error{
		func() error { return enum(aclResourceType, &f.resourceType) },
		func() error { f.resourceName = q.Get("resource_name"); return nil },
		func() error { return enum(aclPatternType, &f.patternType) },
		func() error { f.principal = q.Get("principal"); return nil },
		func() error { f.host = q.Get("host"); return nil },
		func() error { return enum(aclOperation, &f.operation) },
		func() error { return enum(aclPermission, &f.permission) },
	} {
		if err := step(); err != nil {
			return f, err
		}
	}
	for _, e := range []struct {
		enum aclEnum
		v    int
	}{{aclResourceType, f.resourceType}, {aclPatternType, f.patternType}, {aclOperation, f.operation}, {aclPermission, f.permission}} {
		if e.v == aclUnknown {
			return f, unknown(e.enum.field())
		}
	}
	return f, nil
}

// checkAuthorizer answers as a broker without an authorizer does, under
// WithoutAuthorizer.
func (c *call) checkAuthorizer() error {
	if c.s.cfg.noAuthorizer {
		return errNoAuthorizer
	}
	return nil
}

// searchACLsV3 answers GET .../acls: the ACLs the query's filter matches,
// sorted; the list's self is the normalised query.
func (s *Server) searchACLsV3(c *call) error {
	f, err := c.aclQuery(aclAny, errACLFilterUnknown)
	if err != nil {
		return err
	}
	if err := c.checkCluster(); err != nil {
		return err
	}
	if err := c.checkAuthorizer(); err != nil {
		return err
	}
	c.writeJSON(http.StatusOK, v3List[aclV3Body]{
		Kind: "KafkaAclList",
		Meta: collectionMeta{Self: c.aclURL(aclBinding(f))},
		Data: c.aclList(s.acls.search(f)),
	})
	return nil
}

// deleteACLsV3 answers DELETE .../acls: the ACLs it removed, sorted. The
// enums are required.
func (s *Server) deleteACLsV3(c *call) error {
	f, err := c.aclQuery(aclUnknown, errACLFilterUnspecified)
	if err != nil {
		return err
	}
	if err := c.checkCluster(); err != nil {
		return err
	}
	if err := c.checkAuthorizer(); err != nil {
		return err
	}
	c.writeJSON(http.StatusOK, deleteACLsBody{Data: c.aclList(s.acls.remove(f))})
	return nil
}

// createACLV3 answers POST .../acls: 201 with the ACL's URL in Location
// and no body.
func (s *Server) createACLV3(c *call) error {
	v, ok, err := c.parseBody()
	if err != nil {
		return err
	}
	if !ok {
		return errV3NullPayload
	}
	a, err := decodeCreateACL(v)
	if err != nil {
		return err
	}
	if err := checkCreateACL(a); err != nil {
		return err
	}
	if err := s.createACLs(c, []aclBinding{a}); err != nil {
		return err
	}
	c.w.Header().Set("Location", c.aclURL(a))
	c.w.WriteHeader(http.StatusCreated)
	return nil
}

// createACLBatchV3 answers POST .../acls:batch: 204 (the spec says 201;
// the code answers 204).
func (s *Server) createACLBatchV3(c *call) error {
	v, ok, err := c.parseBody()
	if err != nil {
		return err
	}
	if !ok {
		return errV3NullPayload
	}
	const batchClass = "CreateAclBatchRequestData"
	if err := expectObject(v, v3Entities+batchClass); err != nil {
		return err
	}
	if err := checkFields(v, "data"); err != nil {
		return err
	}
	data, _ := v.Field("data")
	if data.Kind != jsonv.Array && data.Kind != jsonv.Null {
		return mismatch("java.util.List<io.confluent.kafkarest.entities.v3.CreateAclRequest>", data)
	}
	acls := make([]aclBinding, 0, len(data.Items))
	for _, item := range data.Items {
		a, err := decodeCreateACL(item)
		if err != nil {
			return err
		}
		acls = append(acls, a)
	}
	// ImmutableList.copyOf refuses a missing list and null entries.
	if data.Kind != jsonv.Array || slices.ContainsFunc(data.Items, func(i jsonv.Value) bool { return i.Kind == jsonv.Null }) {
		return errV3ConstructorProblem(batchClass, "Payload error. Empty input provided. Data is required.")
	}
	for _, a := range acls {
		if err := checkCreateACL(a); err != nil {
			return err
		}
	}
	if err := s.createACLs(c, acls); err != nil {
		return err
	}
	c.w.WriteHeader(http.StatusNoContent)
	return nil
}

// decodeCreateACL maps a CreateAclRequest: enums by their exact constant
// names, then the builder's first null property in creator order.
func decodeCreateACL(v jsonv.Value) (aclBinding, error) {
	const class = "CreateAclRequest"
	var a aclBinding
	if v.Kind == jsonv.Null {
		return a, nil // refused by the batch's list check
	}
	if err := expectObject(v, v3Entities+class); err != nil {
		return a, err
	}
	if err := checkFields(v, "resource_type", "resource_name", "pattern_type", "principal", "host", "operation", "permission"); err != nil {
		return a, err
	}
	var missing []string
	str := func(name, prop string, dst *string) error {
		f, _ := v.Field(name)
		s, null, err := decodeString(f)
		if err != nil {
			return err
		}
		if null {
			missing = append(missing, prop)
		}
		*dst = s
		return nil
	}
	enum := func(e aclEnum, prop string, dst *int) error {
		f, _ := v.Field(e.field())
		s, null, err := decodeString(f)
		if err != nil {
			return err
		}
		if null {
			missing = append(missing, prop)
			return nil
		}
		i := slices.Index(e.constants(), s)
		if i < 0 {
			return errNotEnum(aclEnumClassBase+e.class(), quoteJava(s), "["+strings.Join(e.constants(), ", ")+"]")
		}
		*dst = i
		return nil
	}
	for _, step := range []func() error{
		func() error { return enum(aclResourceType, "resourceType", &a.resourceType) },
		func() error { return str("resource_name", "resourceName", &a.resourceName) },
		func() error { return enum(aclPatternType, "patternType", &a.patternType) },
		func() error { return str("principal", "principal", &a.principal) },
		func() error { return str("host", "host", &a.host) },
		func() error { return enum(aclOperation, "operation", &a.operation) },
		func() error { return enum(aclPermission, "permission", &a.permission) },
	} {
		if err := step(); err != nil {
			return a, err
		}
	}
	if len(missing) > 0 {
		return a, errV3ConstructorProblem(class, "Null "+missing[0])
	}
	return a, nil
}

// checkCreateACL is AclManagerImpl.validateAclCreateParameters.
func checkCreateACL(a aclBinding) error {
	switch {
	case a.resourceType <= aclAny:
		return errACLCreateValue("resource_type", "ANY")
	case a.patternType <= aclMatch:
		return errACLCreateValue("pattern_type", aclPatternType.name(a.patternType))
	case a.operation <= aclAny:
		return errACLCreateValue("operation", "ANY")
	case a.permission <= aclAny:
		return errACLCreateValue("permission", "ANY")
	}
	return nil
}

// createACLs creates acls as Kafka's CreateAcls does: each is checked
// on its own (the broker's resource checks, then the controller's
// principal check) and those that pass are stored; the answer is the
// first refusal, if any.
func (s *Server) createACLs(c *call, acls []aclBinding) error {
	if err := c.checkCluster(); err != nil {
		return err
	}
	if err := c.checkAuthorizer(); err != nil {
		return err
	}
	var first error
	valid := make([]aclBinding, 0, len(acls))
	for _, a := range acls {
		var err error
		switch {
		case a.resourceType == aclClusterType && a.resourceName != aclClusterName:
			err = errACLClusterName
		case a.resourceName == "":
			err = errACLEmptyName
		case !strings.Contains(a.principal, ":"):
			err = errACLPrincipal(a.principal)
		}
		if err != nil {
			if first == nil {
				first = err
			}
			continue
		}
		valid = append(valid, a)
	}
	s.acls.add(valid...)
	return first
}
