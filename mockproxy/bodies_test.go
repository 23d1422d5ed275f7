package mockproxy

import (
	"encoding/json"
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/kafkarestmock/kafkarestmock/fakelog"
)

// TestBodiesEncodeAsJackson pins every typed body's bytes: Confluent's
// field order, and strings as Jackson writes them ('<', '>', '&', U+2028
// and U+2029 unescaped, invalid UTF-8 as U+FFFD).
func TestBodiesEncodeAsJackson(t *testing.T) {
	t.Parallel()
	const odd = "a<b>&c\u2028d\u2029e\"\\\n\x01\xff/é"
	const oddJSON = `"a<b>&c` + "\u2028d\u2029e" + `\"\\\n\u0001` + "\ufffd/é\""
	s := &Server{cfg: config{brokerID: 7}}
	tests := []struct {
		name string
		body jsonBody
		want string
	}{
		{"no topics", jsonStrings(nil), `[]`},
		{"topic names", jsonStrings{"a", odd}, `["a",` + oddJSON + `]`},
		{"partition", s.partitionBody(2), `{"partition":2,"leader":7,"replicas":[{"broker":7,"leader":true,"in_sync":true}]}`},
		{"no partitions", s.partitionBodies(0), `[]`},
		{"partitions", s.partitionBodies(2), `[{"partition":0,"leader":7,"replicas":[{"broker":7,"leader":true,"in_sync":true}]},` +
			`{"partition":1,"leader":7,"replicas":[{"broker":7,"leader":true,"in_sync":true}]}]`},
		{"replica", replicaBody{Broker: 1}, `{"broker":1,"leader":false,"in_sync":false}`},
		{"topic", topicBody{Name: odd, Configs: jsonStringMap{"z": "1", "a": odd}, Partitions: s.partitionBodies(1)},
			`{"name":` + oddJSON + `,"configs":{"a":` + oddJSON + `,"z":"1"},"partitions":[{"partition":0,"leader":7,"replicas":[{"broker":7,"leader":true,"in_sync":true}]}]}`},
		{"topic without configs", topicBody{Name: "t"}, `{"name":"t","configs":{},"partitions":[]}`},
		{"offsets", offsetsBody{BeginningOffset: -1, EndOffset: 9223372036854775807}, `{"beginning_offset":-1,"end_offset":9223372036854775807}`},
		{"brokers", brokersBody{Brokers: []int32{1}}, `{"brokers":[1]}`},
		{"create consumer", createConsumerBody{InstanceID: odd, BaseURI: "http://h/consumers/g/instances/c"},
			`{"instance_id":` + oddJSON + `,"base_uri":"http://h/consumers/g/instances/c"}`},
		{"no subscription", subscriptionBody{}, `{"topics":[]}`},
		{"subscription", subscriptionBody{Topics: jsonStrings{"a", "b"}}, `{"topics":["a","b"]}`},
		{"no assignments", assignmentsBody{}, `{"partitions":[]}`},
		{"assignments", assignmentsBody{Partitions: topicPartitionBodies([]fakelog.TopicPartition{{Topic: odd, Partition: 3}, {Topic: "b"}})},
			`{"partitions":[{"topic":` + oddJSON + `,"partition":3},{"topic":"b","partition":0}]}`},
		{"no committed offsets", committedOffsetsBody{}, `{"offsets":[]}`},
		{"committed offsets", committedOffsetsBody{Offsets: jsonArray[committedOffsetBody]{{Topic: "t", Partition: 1, Offset: 5, Metadata: odd}}},
			`{"offsets":[{"topic":"t","partition":1,"offset":5,"metadata":` + oddJSON + `}]}`},
		{"v1 commit", jsonArray[v1CommitBody]{{Topic: "t", Partition: 0, Consumed: 4, Committed: 4}},
			`[{"topic":"t","partition":0,"consumed":4,"committed":4}]`},
		{"no v1 commits", jsonArray[v1CommitBody]{}, `[]`},
	}
	for _, tt := range tests {
		got := string(tt.body.appendJSON(nil))
		if diff := cmp.Diff(tt.want, got); diff != "" {
			t.Errorf("%s (-want +got):\n%s", tt.name, diff)
		}
		if !json.Valid([]byte(got)) {
			t.Errorf("%s: not JSON: %s", tt.name, got)
		}
		// Appending keeps what is there.
		if got := string(tt.body.appendJSON([]byte("x"))); got != "x"+tt.want {
			t.Errorf("%s: appended to x = %s", tt.name, got)
		}
	}
}
