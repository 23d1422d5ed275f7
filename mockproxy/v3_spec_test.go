package mockproxy_test

import (
	"bytes"
	"io"
	"net/http"
	"slices"
	"strings"
	"sync"
	"testing"

	"github.com/getkin/kin-openapi/openapi3"
	"github.com/getkin/kin-openapi/openapi3filter"
	"github.com/getkin/kin-openapi/routers"
	"github.com/getkin/kin-openapi/routers/gorillamux"
	"github.com/google/go-cmp/cmp"

	"github.com/kafkarestmock/kafkarestmock/internal/resttest"
	"github.com/kafkarestmock/kafkarestmock/mockproxy"
)

// v3SpecRouter loads testdata/openapi/openapi.yaml once per test binary
// and routes requests to its operations. The spec's server is
// "{protocol}://{address}:{port}/v3"; requests are matched on the path
// alone.
var v3SpecRouter = sync.OnceValues(func() (routers.Router, error) {
	doc, err := openapi3.NewLoader().LoadFromFile("testdata/openapi/openapi.yaml")
	if err != nil {
		return nil, err
	}
	doc.Servers = openapi3.Servers{{URL: "/v3"}}
	return gorillamux.NewRouter(doc)
})

// v3SpecExceptions are the answers the spec does not describe, by test
// name (without its backend and profile), with the reason the mock
// answers as the server code does.
var v3SpecExceptions = map[string]string{
	"TestV3Clusters/no_root": "GET /v3 is no operation of the spec; the server answers JAX-RS's 404",

	// Statuses the server code answers that the operation's responses
	// leave out.
	"TestV3Clusters/get_unknown":          noStatus404,
	"TestV3ClusterID":                     noStatus404 + " (GET .../topics of another cluster)",
	"TestV3Topics/list_unknown_cluster":   noStatus404,
	"TestV3Topics/create_unknown_cluster": noStatus404,
	"TestV3Topics/grow_unknown":           noStatus404,
	"TestV3Topics/create_no_body":         noStatus422,
	"TestV3Topics/create_bad_name":        noStatus422,
	"TestV3Topics/create_unknown_field":   noStatus422,
	"TestV3Topics/grow_no_body":           noStatus422,

	// PartitionWithOffsetsData declares earliest_offset and latest_offset
	// as "type: int64", which is no JSON Schema type, so no number
	// matches it; the code writes Java longs.
	"TestV3Partitions/offsets":              badInt64Type,
	"TestV3Partitions/offsets_default_type": badInt64Type,

	// v3 consumer groups: not-found answers.
	"TestV3ConsumerGroups/list_unknown_cluster":              noStatus404,
	"TestV3ConsumerGroups/get_unknown":                       noStatus404,
	"TestV3ConsumerGroups/get_never_joined":                  noStatus404,
	"TestV3ConsumerGroups/get_unknown_cluster":               noStatus404,
	"TestV3ConsumerGroups/consumers_unknown_group":           noStatus404,
	"TestV3ConsumerGroups/consumers_unknown_cluster":         noStatus404,
	"TestV3ConsumerGroups/consumer_unknown":                  noStatus404,
	"TestV3ConsumerGroups/consumer_unknown_group":            noStatus404,
	"TestV3ConsumerGroups/assignments_unknown_consumer":      noStatus404,
	"TestV3ConsumerGroups/assignments_unknown_group":         noStatus404,
	"TestV3ConsumerGroups/assignment_not_assigned":           noStatus404,
	"TestV3ConsumerGroups/assignment_other_topic":            noStatus404,
	"TestV3ConsumerGroups/assignment_partition_not_a_number": noStatus404,
	"TestV3ConsumerGroups/assignment_unknown_consumer":       noStatus404,

	// v3 consumer lags and lag summary: not-found answers.
	"TestV3ConsumerLags/list_unknown_group":         noStatus404,
	"TestV3ConsumerLags/list_no_commits":            noStatus404,
	"TestV3ConsumerLags/list_unknown_cluster":       noStatus404,
	"TestV3ConsumerLags/get_uncommitted":            noStatus404,
	"TestV3ConsumerLags/get_partition_not_a_number": noStatus404,
	"TestV3ConsumerLags/get_no_commits":             noStatus404,
	"TestV3ConsumerLags/get_unknown_group":          noStatus404,
	"TestV3ConsumerLags/summary_unknown_group":      noStatus404,
	"TestV3ConsumerLags/summary_no_commits":         noStatus404,
	"TestV3ConsumerLags/summary_unknown_cluster":    noStatus404,

	// Brokers: the broker operations list no 404.
	"TestV3Brokers/list_unknown_cluster":               noStatus404,
	"TestV3Brokers/get_unknown_broker":                 noStatus404 + " (or broker)",
	"TestV3Brokers/get_broker_not_a_number":            noStatus404 + " (or broker)",
	"TestV3Brokers/get_unknown_cluster":                noStatus404,
	"TestV3Brokers/partition_replicas_unknown_broker":  noStatus404 + " (or broker)",
	"TestV3Brokers/partition_replicas_unknown_cluster": noStatus404,

	// ACLs.
	"TestV3ACLs/batch":                  batch204,
	"TestV3ACLs/batch_empty":            batch204,
	"TestV3ACLs/search_bad_enum":        noStatus404 + " (or a query enum EnumConverterProvider refuses)",
	"TestV3ACLs/search_unknown_cluster": noStatus404,
	"TestV3ACLs/create_unknown_cluster": noStatus404,
	"TestV3ACLs/create_no_body":         noStatus422,
	"TestV3ACLs/create_unknown_field":   noStatus422,
	"TestV3ACLs/batch_no_body":          noStatus422,

	// v3 configs.
	"TestV3TopicConfigs/list_all_unknown_cluster":      noStatus404,
	"TestV3TopicConfigs/alter_no_body":                 noStatus422,
	"TestV3TopicConfigs/put_unknown_field":             noStatus422,
	"TestV3BrokerConfigs/cluster_delete_unset":         noStatus404,
	"TestV3BrokerConfigs/cluster_get_unset":            noStatus404,
	"TestV3BrokerConfigs/cluster_put_unknown_cluster":  noStatus404,
	"TestV3BrokerConfigs/alter_unknown":                noStatus404,
	"TestV3BrokerConfigs/put_unknown":                  noStatus404,
	"TestV3BrokerConfigs/get_unknown_cluster":          noStatus404,
	"TestV3BrokerConfigs/list_unknown_cluster_all":     noStatus404,
	"TestV3BrokerConfigs/get_unknown":                  noStatus404,
	"TestV3BrokerConfigs/delete_unknown":               noStatus404,
	"TestV3BrokerConfigs/cluster_list_unknown_cluster": noStatus404,
	"TestV3Clusters/not_acceptable":                    "no operation lists 406, which Jersey answers when Accept leaves out application/json",

	// Produce.
	"TestV3ProduceLegacyProfile":             "5.5 (profile legacy) serves no v3: its 404 is the v1 router's, not an answer of the spec",
	"TestV3ProduceStream/whitespace_only":    "a stream without a record gets 200 and no report; the spec describes a 200 by one ProduceResponse",
	"TestV3ProduceBatch/no_body":             batch422,
	"TestV3ProduceBatch/no_entries":          batch422,
	"TestV3ProduceBatch/duplicate_ids":       batch422,
	"TestV3ProduceBatch/too_many":            batch422,
	"TestV3ProduceBatch/number_id":           batch422,
	"TestV3ProduceBatch/bad_id":              batch422,
	"TestV3ProduceBatch/unknown_field":       batch422,
	"TestV3ProduceBatch/unknown_entry_field": batch422,
	"TestV3TopicConfigs/alter_all_partly":    "POST .../topics/-/configs:alter (master) is no operation of the spec, which routes it to the one-topic alter; the code answers 207 with the failures",
}

// Reasons of v3SpecExceptions.
const (
	noStatus404  = "the operation lists no 404, which the server code answers for an unknown cluster or topic (the spec lists 404 only on some operations)"
	noStatus422  = "the operation lists no 422, which the server code answers for an empty body, an invalid topic name (Errors.invalidPayloadException, 42206) and an unknown field"
	batch204     = "the spec answers POST .../acls:batch 201; CreateAclBatchAction answers 204"
	batch422     = "records:batch lists no 422, which ProduceBatchAction answers (42208) for an empty, oversized or ambiguous batch and Jackson for an unknown field"
	badInt64Type = "the spec's PartitionWithOffsetsData has \"type: int64\" where it means \"type: integer, format: int64\""
)

// checkV3Spec checks a v3 answer (success or error) against the OpenAPI
// spec: that the operation lists its status and that the body matches
// that status's schema.
func checkV3Spec(t *testing.T, method, path string, got resttest.Response) {
	t.Helper()
	name := t.Name()
	for _, part := range []string{"/memory", "/kfake", "/all", "/modern"} {
		name = strings.Replace(name, part, "", 1)
	}
	router, err := v3SpecRouter()
	if err != nil {
		t.Fatalf("loading the OpenAPI spec: %v", err)
	}
	req, err := http.NewRequestWithContext(t.Context(), method, path, nil)
	if err != nil {
		t.Fatal(err)
	}
	route, params, err := router.FindRoute(req)
	if _, ok := v3SpecExceptions[name]; ok {
		if err == nil {
			v3Coverage.add(method+" /v3"+route.Path, got.Status, false)
		}
		return
	}
	if err != nil {
		t.Errorf("%s %s: no operation of the OpenAPI spec: %v", method, path, err)
		return
	}
	v3Coverage.add(method+" /v3"+route.Path, got.Status, true)
	opts := &openapi3filter.Options{IncludeResponseStatus: true, AuthenticationFunc: openapi3filter.NoopAuthenticationFunc}
	in := &openapi3filter.ResponseValidationInput{
		RequestValidationInput: &openapi3filter.RequestValidationInput{Request: req, PathParams: params, Route: route, Options: opts},
		Status:                 got.Status,
		Header:                 got.Header,
		Body:                   io.NopCloser(bytes.NewReader(got.Body)),
		Options:                opts,
	}
	if err := openapi3filter.ValidateResponse(t.Context(), in); err != nil {
		t.Errorf("%s %s answered %d %s, which the OpenAPI spec does not allow: %v", method, path, got.Status, got.Body, err)
	}
}

// v3Produce sends a produce request (headers as resttest.Do takes them)
// and checks the answer against the spec: a streamed 200 report by
// report, each as one ProduceResponse, any other answer whole.
func v3Produce(t *testing.T, srv resttest.Server, path, body string, headers ...string) resttest.Response {
	t.Helper()
	got := resttest.Do(t, srv, "POST", path, body, headers...)
	reports := strings.Split(strings.TrimSuffix(string(got.Body), "\r\n"), "\r\n")
	if got.Status != http.StatusOK || len(reports) < 2 {
		checkV3Spec(t, "POST", path, got)
		return got
	}
	for _, r := range reports {
		one := got
		one.Body = []byte(r)
		checkV3Spec(t, "POST", path, one)
	}
	return got
}

// v3ExtraOperations are operations the server code has and the spec
// lacks, with the reason the mock serves them.
var v3ExtraOperations = map[string]string{
	"POST /v3/clusters/{cluster_id}/topics/-/configs:alter": "AlterAllTopicsConfigsAction (master) alters several topics' configs at once",
}

// Every operation of the spec is routed, under the spec's placeholder
// names (which fault rules match), and nothing else but the listed
// extras.
func TestV3OperationsMatchSpec(t *testing.T) {
	t.Parallel()
	doc, err := openapi3.NewLoader().LoadFromFile("testdata/openapi/openapi.yaml")
	if err != nil {
		t.Fatal(err)
	}
	var spec []string
	for path, item := range doc.Paths.Map() {
		for method := range item.Operations() {
			spec = append(spec, method+" /v3"+path)
		}
	}
	var served []string
	for _, op := range mockproxy.NewServer(t, mockproxy.WithoutListener()).V3Operations() {
		if _, ok := v3ExtraOperations[op]; !ok {
			served = append(served, op)
		}
	}
	slices.Sort(spec)
	slices.Sort(served)
	if len(spec) != 50 {
		t.Errorf("the spec has %d operations, want 50", len(spec))
	}
	if diff := cmp.Diff(spec, served); diff != "" {
		t.Errorf("v3 operations (-spec +served):\n%s", diff)
	}
}

// v3Coverage records, per operation of the spec, whether the tests saw a
// success and an error answer, validated or excepted by name.
var v3Coverage = &coverage{seen: map[string]*answerKinds{}}

// coverage is guarded by mu: tests run in parallel.
type coverage struct {
	mu   sync.Mutex
	seen map[string]*answerKinds
}

// answerKinds counts the answers of one operation.
type answerKinds struct{ success, failure, excepted int }

func (c *coverage) add(op string, status int, validated bool) {
	c.mu.Lock()
	defer c.mu.Unlock()
	k := c.seen[op]
	if k == nil {
		k = &answerKinds{}
		c.seen[op] = k
	}
	switch {
	case !validated:
		k.excepted++
		if status < 300 {
			k.success++
		} else {
			k.failure++
		}
	case status < 300:
		k.success++
	default:
		k.failure++
	}
}

// v3NoSuccess are operations that cannot succeed on the mock, with the
// reason.
var v3NoSuccess = map[string]string{
	"GET /v3/clusters/{cluster_id}/topics/{topic_name}/partitions/{partition_id}/reassignment": "a reassignment in progress; the mock's cluster never has one",
}

// missing lists the spec's operations the tests did not see succeed or
// fail, and the extra operations likewise.
func (c *coverage) missing() []string {
	doc, err := openapi3.NewLoader().LoadFromFile("testdata/openapi/openapi.yaml")
	if err != nil {
		return []string{err.Error()}
	}
	c.mu.Lock()
	defer c.mu.Unlock()
	var out []string
	for path, item := range doc.Paths.Map() {
		for method := range item.Operations() {
			op := method + " /v3" + path
			k := c.seen[op]
			switch {
			case k == nil:
				out = append(out, op+": never called")
			case k.success == 0 && v3NoSuccess[op] == "":
				out = append(out, op+": no success")
			case k.failure == 0:
				out = append(out, op+": no error")
			}
		}
	}
	slices.Sort(out)
	return out
}
