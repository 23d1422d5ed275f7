package mockproxy_test

import (
	"strings"
	"testing"

	"github.com/kafkarestmock/kafkarestmock/internal/resttest"
	"github.com/kafkarestmock/kafkarestmock/mockproxy"
)

// v3ACL is one ACL's seven fields, in request order.
type v3ACL struct {
	resourceType, resourceName, patternType, principal, host, operation, permission string
}

// json is the ACL as a CreateAclRequest.
func (a v3ACL) json() string {
	return `{"resource_type":"` + a.resourceType + `","resource_name":"` + a.resourceName + `","pattern_type":"` + a.patternType +
		`","principal":"` + a.principal + `","host":"` + a.host + `","operation":"` + a.operation + `","permission":"` + a.permission + `"}`
}

// url is the ACL's URL, values encoded as Java's URLEncoder does (the
// test ACLs need only ':' and ' ' encoded).
func (a v3ACL) url() string {
	enc := strings.NewReplacer(":", "%3A", " ", "+").Replace
	return "{base}/v3/clusters/{c}/acls?resource_type=" + a.resourceType + "&resource_name=" + enc(a.resourceName) +
		"&pattern_type=" + a.patternType + "&principal=" + enc(a.principal) + "&host=" + enc(a.host) +
		"&operation=" + a.operation + "&permission=" + a.permission
}

// body is the ACL as a KafkaAcl.
func (a v3ACL) body() string {
	return `{"kind":"KafkaAcl","metadata":{"self":"` + a.url() + `"},"cluster_id":"{c}","resource_type":"` + a.resourceType +
		`","resource_name":"` + a.resourceName + `","pattern_type":"` + a.patternType + `","principal":"` + a.principal +
		`","host":"` + a.host + `","operation":"` + a.operation + `","permission":"` + a.permission + `"}`
}

// v3ACLList is a KafkaAclList whose self is the filter's URL.
func v3ACLList(filter v3ACL, acls ...v3ACL) string {
	return `{"kind":"KafkaAclList","metadata":{"self":"` + filter.url() + `","next":null},"data":[` + v3ACLBodies(acls) + `]}`
}

func v3ACLBodies(acls []v3ACL) string {
	bodies := make([]string, len(acls))
	for i, a := range acls {
		bodies[i] = a.body()
	}
	return strings.Join(bodies, ",")
}

func TestV3ACLs(t *testing.T) {
	t.Parallel()
	const acls = "/v3/clusters/{c}/acls"
	var (
		aliceOrders = v3ACL{"TOPIC", "orders", "LITERAL", "User:alice", "*", "READ", "ALLOW"}
		bobPrefix   = v3ACL{"TOPIC", "ord", "PREFIXED", "User:bob", "*", "WRITE", "ALLOW"}
		aliceGroup  = v3ACL{"GROUP", "g1", "LITERAL", "User:alice", "10.0.0.1", "READ", "DENY"}
		admin       = v3ACL{"CLUSTER", "kafka-cluster", "LITERAL", "User:ad min", "*", "ALL", "ALLOW"}
		anyFilter   = v3ACL{"ANY", "", "ANY", "", "", "ANY", "ANY"}
	)
	with := func(a v3ACL, edit func(*v3ACL)) v3ACL { edit(&a); return a }
	notEnum := func(class, value, constants string) string {
		return "Cannot deserialize value of type `io.confluent.kafkarest.entities.Acl$" + class + "` from String \"" + value +
			"\": not one of the values accepted for Enum class: " + constants
	}
	// The cases run in order on one server: each sees the ACLs the ones
	// before it created or deleted.
	cases := []v3Case{
		{name: "search none", method: "GET", path: acls, status: 200, want: v3ACLList(anyFilter)},
		{name: "create", method: "POST", path: acls, body: aliceOrders.json(), status: 201, header: map[string]string{"Location": aliceOrders.url()}},
		{name: "create again", method: "POST", path: acls, body: aliceOrders.json(), status: 201},
		{name: "batch", method: "POST", path: acls + ":batch", body: `{"data":[` + admin.json() + `,` + aliceGroup.json() + `,` + bobPrefix.json() + `]}`, status: 204},
		{name: "batch empty", method: "POST", path: acls + ":batch", body: `{"data":[]}`, status: 204},
		{name: "search all sorted", method: "GET", path: acls, status: 200, want: v3ACLList(anyFilter, bobPrefix, aliceOrders, aliceGroup, admin)},
		{name: "search match", method: "GET", path: acls + "?resource_type=topic&resource_name=orders&pattern_type=match", status: 200,
			want: v3ACLList(with(anyFilter, func(a *v3ACL) { a.resourceType, a.resourceName, a.patternType = "TOPIC", "orders", "MATCH" }), bobPrefix, aliceOrders)},
		{name: "search literal", method: "GET", path: acls + "?resource_name=orders&pattern_type=LITERAL", status: 200,
			want: v3ACLList(with(anyFilter, func(a *v3ACL) { a.resourceName, a.patternType = "orders", "LITERAL" }), aliceOrders)},
		{name: "search principal", method: "GET", path: acls + "?principal=User:alice", status: 200,
			want: v3ACLList(with(anyFilter, func(a *v3ACL) { a.principal = "User:alice" }), aliceOrders, aliceGroup)},
		{name: "search host and permission", method: "GET", path: acls + "?host=10.0.0.1&permission=deny", status: 200,
			want: v3ACLList(with(anyFilter, func(a *v3ACL) { a.host, a.permission = "10.0.0.1", "DENY" }), aliceGroup)},
		{name: "search bad enum", method: "GET", path: acls + "?resource_type=nope", status: 404, code: 404, msg: "The valid values for ResourceType do not include 'nope'"},
		{name: "search unknown", method: "GET", path: acls + "?operation=unknown", status: 400, code: 400, msg: "Bad Request: operation cannot be UNKNOWN"},
		{name: "search unknown cluster", method: "GET", path: "/v3/clusters/nope/acls", status: 404, code: 404, msg: "Cluster nope cannot be found."},

		{name: "create no body", method: "POST", path: acls, status: 422, code: 42206, msg: "Payload error. Null input provided. Data is required."},
		{name: "create any", method: "POST", path: acls, body: with(aliceOrders, func(a *v3ACL) { a.resourceType = "ANY" }).json(), status: 400, code: 400,
			msg: "Bad Request: resource_type cannot be ANY"},
		{name: "create match", method: "POST", path: acls, body: with(aliceOrders, func(a *v3ACL) { a.patternType = "MATCH" }).json(), status: 400, code: 400,
			msg: "Bad Request: pattern_type cannot be MATCH"},
		{name: "create unknown permission", method: "POST", path: acls, body: with(aliceOrders, func(a *v3ACL) { a.permission = "UNKNOWN" }).json(), status: 400, code: 400,
			msg: "Bad Request: permission cannot be ANY"},
		{name: "create lower case enum", method: "POST", path: acls, body: with(aliceOrders, func(a *v3ACL) { a.operation = "read" }).json(), status: 400, code: 400,
			msg: notEnum("Operation", "read", "[UNKNOWN, ANY, ALL, READ, WRITE, CREATE, DELETE, ALTER, DESCRIBE, CLUSTER_ACTION, DESCRIBE_CONFIGS, ALTER_CONFIGS, IDEMPOTENT_WRITE]")},
		{name: "create missing field", method: "POST", path: acls, body: `{"resource_type":"TOPIC","resource_name":"x","pattern_type":"LITERAL","host":"*","operation":"READ"}`,
			status: 400, code: 400, msg: "Cannot construct instance of `io.confluent.kafkarest.entities.v3.CreateAclRequest`, problem: Null principal"},
		{name: "create unknown field", method: "POST", path: acls, body: `{"resource":"x"}`, status: 422, code: 422, msg: "Unrecognized field: resource"},
		{name: "create cluster name", method: "POST", path: acls, body: with(admin, func(a *v3ACL) { a.resourceName = "c1" }).json(), status: 400, code: 40002,
			msg: "The only valid name for the CLUSTER resource is kafka-cluster"},
		{name: "create empty name", method: "POST", path: acls, body: with(aliceOrders, func(a *v3ACL) { a.resourceName = "" }).json(), status: 400, code: 40002,
			msg: "Invalid empty resource name"},
		{name: "create bad principal", method: "POST", path: acls, body: with(aliceOrders, func(a *v3ACL) { a.principal = "alice" }).json(), status: 400, code: 40002,
			msg: "Could not parse principal from `alice` (no colon is present separating the principal type from the principal name)"},
		{name: "create unknown cluster", method: "POST", path: "/v3/clusters/nope/acls", body: aliceOrders.json(), status: 404, code: 404, msg: "Cluster nope cannot be found."},
		{name: "batch no body", method: "POST", path: acls + ":batch", status: 422, code: 42206, msg: "Payload error. Null input provided. Data is required."},
		{name: "batch no data", method: "POST", path: acls + ":batch", body: `{}`, status: 400, code: 400,
			msg: "Cannot construct instance of `io.confluent.kafkarest.entities.v3.CreateAclBatchRequestData`, problem: Payload error. Empty input provided. Data is required."},
		{name: "batch one refused", method: "POST", path: acls + ":batch",
			body:   `{"data":[` + with(aliceOrders, func(a *v3ACL) { a.principal = "bob" }).json() + `,` + with(aliceOrders, func(a *v3ACL) { a.host = "10.0.0.2" }).json() + `]}`,
			status: 400, code: 40002, msg: "Could not parse principal from `bob` (no colon is present separating the principal type from the principal name)"},
		{name: "search after refusal", method: "GET", path: acls + "?resource_name=orders&host=10.0.0.2", status: 200,
			want: v3ACLList(with(anyFilter, func(a *v3ACL) { a.resourceName, a.host = "orders", "10.0.0.2" }), with(aliceOrders, func(a *v3ACL) { a.host = "10.0.0.2" }))},

		{name: "delete unspecified", method: "DELETE", path: acls + "?resource_type=TOPIC&pattern_type=ANY&operation=ANY", status: 400, code: 400,
			msg: "Bad Request: permission cannot be unspecified or UNKNOWN"},
		{name: "delete topics", method: "DELETE", path: acls + "?resource_type=TOPIC&pattern_type=ANY&operation=ANY&permission=ANY", status: 200,
			want: `{"data":[` + v3ACLBodies([]v3ACL{bobPrefix, aliceOrders, with(aliceOrders, func(a *v3ACL) { a.host = "10.0.0.2" })}) + `]}`},
		{name: "delete none", method: "DELETE", path: acls + "?resource_type=TOPIC&pattern_type=ANY&operation=ANY&permission=ANY", status: 200, want: `{"data":[]}`},
		{name: "search after delete", method: "GET", path: acls, status: 200, want: v3ACLList(anyFilter, aliceGroup, admin)},
	}
	resttest.EachBackend(t, func(t *testing.T, b resttest.Backend) {
		srv := newV3Server(t, b)
		for _, tc := range cases {
			if !t.Run(tc.name, func(t *testing.T) { tc.run(t, srv) }) {
				return // later cases depend on this one
			}
		}
		if err := srv.Reset(); err != nil {
			t.Fatal(err)
		}
		t.Run("search after reset", func(t *testing.T) {
			v3Case{method: "GET", path: acls, status: 200, want: v3ACLList(anyFilter)}.run(t, srv)
		})
	})
}

func TestV3ACLsWithoutAuthorizer(t *testing.T) {
	t.Parallel()
	const acls = "/v3/clusters/{c}/acls"
	const msg = "No Authorizer is configured."
	acl := v3ACL{"TOPIC", "orders", "LITERAL", "User:alice", "*", "READ", "ALLOW"}.json()
	srv := mockproxy.NewServer(t, mockproxy.WithoutAuthorizer())
	for _, tc := range []v3Case{
		{name: "search", method: "GET", path: acls, status: 400, code: 40002, msg: msg},
		{name: "create", method: "POST", path: acls, body: acl, status: 400, code: 40002, msg: msg},
		{name: "batch", method: "POST", path: acls + ":batch", body: `{"data":[` + acl + `]}`, status: 400, code: 40002, msg: msg},
		{name: "delete", method: "DELETE", path: acls + "?resource_type=ANY&pattern_type=ANY&operation=ANY&permission=ANY", status: 400, code: 40002, msg: msg},
		// Requests the resource refuses fail before the cluster is asked.
		{name: "create any", method: "POST", path: acls, body: strings.Replace(acl, "TOPIC", "ANY", 1), status: 400, code: 400,
			msg: "Bad Request: resource_type cannot be ANY"},
	} {
		t.Run(tc.name, func(t *testing.T) { tc.run(t, srv) })
	}
}
