package scenario_test

import (
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/kafkarestmock/kafkarestmock/scenario"
)

func TestNewRequest(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name  string
		route string
		vars  map[string]string
		want  scenario.Request
	}{
		{name: "v2 produce to a partition", route: "/topics/{topic}/partitions/{partition}",
			vars: map[string]string{"topic": "orders", "partition": "2"},
			want: scenario.Request{Topic: "orders", Partition: 2, HasPartition: true}},
		{name: "v2 consumer instance", route: "/consumers/{group}/instances/{instance}/records",
			vars: map[string]string{"group": "g1", "instance": "c1"},
			want: scenario.Request{Group: "g1", Instance: "c1"}},
		{name: "v3 records", route: "/v3/clusters/{cluster_id}/topics/{topic_name}/records",
			vars: map[string]string{"cluster_id": "k1", "topic_name": "orders"},
			want: scenario.Request{Topic: "orders"}},
		{name: "v3 partition", route: "/v3/clusters/{cluster_id}/topics/{topic_name}/partitions/{partition_id}",
			vars: map[string]string{"cluster_id": "k1", "topic_name": "orders", "partition_id": "0"},
			want: scenario.Request{Topic: "orders", Partition: 0, HasPartition: true}},
		{name: "v3 consumer", route: "/v3/clusters/{cluster_id}/consumer-groups/{consumer_group_id}/consumers/{consumer_id}",
			vars: map[string]string{"cluster_id": "k1", "consumer_group_id": "g1", "consumer_id": "c1"},
			want: scenario.Request{Group: "g1", Instance: "c1"}},
		{name: "partition that is not an int", route: "/topics/{topic}/partitions/{partition}",
			vars: map[string]string{"topic": "orders", "partition": "x"},
			want: scenario.Request{Topic: "orders"}},
		{name: "partition out of int32 range", route: "/topics/{topic}/partitions/{partition}",
			vars: map[string]string{"topic": "orders", "partition": "2147483648"},
			want: scenario.Request{Topic: "orders"}},
		{name: "no variables", route: "/topics"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			tt.want.Method, tt.want.Route, tt.want.API, tt.want.Params = "GET", tt.route, "v2", tt.vars
			got := scenario.NewRequest("GET", tt.route, "v2", tt.vars)
			if diff := cmp.Diff(tt.want, got); diff != "" {
				t.Errorf("NewRequest mismatch (-want +got):\n%s", diff)
			}
		})
	}
}

// A rule names a topic, partition, group or instance the same way
// whatever the placeholder of the route, and any path variable by its
// placeholder name.
func TestMatchPathVariables(t *testing.T) {
	t.Parallel()
	const v3Records = "/v3/clusters/{cluster_id}/topics/{topic_name}/records"
	v3 := scenario.NewRequest("POST", v3Records, "v3", map[string]string{"cluster_id": "k1", "topic_name": "orders"})
	v3Part := scenario.NewRequest("GET", "/v3/clusters/{cluster_id}/topics/{topic_name}/partitions/{partition_id}", "v3",
		map[string]string{"cluster_id": "k1", "topic_name": "orders", "partition_id": "1"})
	v3Consumer := scenario.NewRequest("GET", "/v3/clusters/{cluster_id}/consumer-groups/{consumer_group_id}/consumers/{consumer_id}", "v3",
		map[string]string{"cluster_id": "k1", "consumer_group_id": "g1", "consumer_id": "c1"})
	v2 := scenario.NewRequest("POST", "/topics/{topic}", "v2", map[string]string{"topic": "orders"})
	tests := []struct {
		name  string
		match scenario.Match
		req   scenario.Request
		want  bool
	}{
		{name: "v3 route and topic", match: scenario.Match{Route: v3Records, Topic: "orders"}, req: v3, want: true},
		{name: "v3 route, other topic", match: scenario.Match{Route: v3Records, Topic: "other"}, req: v3, want: false},
		{name: "topic on v2 and v3", match: scenario.Match{Topic: "orders"}, req: v2, want: true},
		{name: "v3 partition", match: scenario.Match{Topic: "orders", Partition: ptr[int32](1)}, req: v3Part, want: true},
		{name: "v3 other partition", match: scenario.Match{Partition: ptr[int32](0)}, req: v3Part, want: false},
		{name: "v3 group and consumer", match: scenario.Match{Group: "g1", Instance: "c1"}, req: v3Consumer, want: true},
		{name: "v3 other consumer", match: scenario.Match{Group: "g1", Instance: "c2"}, req: v3Consumer, want: false},
		{name: "param", match: scenario.Match{Params: map[string]string{"cluster_id": "k1"}}, req: v3, want: true},
		{name: "param by its v3 name", match: scenario.Match{Params: map[string]string{"topic_name": "orders"}}, req: v3, want: true},
		{name: "other param value", match: scenario.Match{Params: map[string]string{"cluster_id": "k2"}}, req: v3, want: false},
		{name: "param the route lacks", match: scenario.Match{Params: map[string]string{"cluster_id": "k1"}}, req: v2, want: false},
		{name: "empty param value the route lacks", match: scenario.Match{Params: map[string]string{"cluster_id": ""}}, req: v2, want: false},
		{name: "params and topic", match: scenario.Match{Topic: "orders", Params: map[string]string{"cluster_id": "k1", "topic_name": "orders"}}, req: v3, want: true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			if got := tt.match.Matches(tt.req); got != tt.want {
				t.Errorf("%+v.Matches(%+v) = %v, want %v", tt.match, tt.req, got, tt.want)
			}
		})
	}
}

func TestMatchParamsValidateAndLoad(t *testing.T) {
	t.Parallel()
	faults, err := scenario.Load(strings.NewReader(`{"faults":[{"match":{"route":"/v3/clusters/{cluster_id}/topics/{topic_name}/records","params":{"cluster_id":"k1"}},"kafka_error":"REQUEST_TIMED_OUT"}]}`))
	if err != nil {
		t.Fatal(err)
	}
	if got := faults[0].Match.Params["cluster_id"]; got != "k1" {
		t.Errorf("match.params.cluster_id = %q, want k1", got)
	}
	f := scenario.Fault{Layer: "kafka", KafkaError: "REQUEST_TIMED_OUT", Match: scenario.Match{Params: map[string]string{"cluster_id": "k1"}}}
	want := `match.params: not available in layer "kafka": match topic, partition, group and kafka_request`
	if err := f.Validate(); err == nil || err.Error() != want {
		t.Errorf("Validate() = %v, want %q", err, want)
	}
}

// TestNewRequestAllocates checks that describing a request allocates
// nothing: produce describes every record of a batch.
func TestNewRequestAllocates(t *testing.T) {
	vars := map[string]string{"topic_name": "t", "partition_id": "3", "cluster_id": "c"}
	var r scenario.Request
	if n := testing.AllocsPerRun(100, func() {
		r = scenario.NewRequest("POST", "/v3/clusters/{cluster_id}/topics/{topic_name}/partitions/{partition_id}/records", "v3", vars)
	}); n != 0 {
		t.Errorf("NewRequest allocates %v times, want 0", n)
	}
	if r.Topic != "t" || r.Partition != 3 || !r.HasPartition {
		t.Errorf("NewRequest = %+v", r)
	}
}
