package scenario_test

import (
	"encoding/json"
	"math"
	"testing"

	"github.com/kafkarestmock/kafkarestmock/scenario"
)

func ptr[T any](v T) *T { return &v }

func TestFaultValidate(t *testing.T) {
	t.Parallel()
	// kerr is a valid effect, added where a case tests another field.
	const kerr = "REQUEST_TIMED_OUT"
	tests := []struct {
		name    string
		fault   scenario.Fault
		wantErr string // "" means valid
	}{
		{name: "kafka_error", fault: scenario.Fault{KafkaError: kerr}},
		{name: "kafka_error is case-insensitive", fault: scenario.Fault{KafkaError: "request_timed_out"}},
		{name: "kafka_error alias", fault: scenario.Fault{KafkaError: "NOT_LEADER_FOR_PARTITION"}},
		{name: "proxy error", fault: scenario.Fault{KafkaError: "CONSUMER_INSTANCE_NOT_FOUND"}},
		{name: "response", fault: scenario.Fault{Response: &scenario.Response{Status: 500, ErrorCode: 50003, Message: "m"}}},
		{name: "response with body and headers", fault: scenario.Fault{Response: &scenario.Response{
			Status: 429, Headers: map[string]string{"Retry-After": "1", "X-Tab": "a\tb"}, Body: json.RawMessage(`{"x": [1]}`)}}},
		{name: "response status 100", fault: scenario.Fault{Response: &scenario.Response{Status: 100}}},
		{name: "response status 599", fault: scenario.Fault{Response: &scenario.Response{Status: 599}}},
		{name: "response body JSON null", fault: scenario.Fault{Response: &scenario.Response{Status: 200, Body: json.RawMessage("null")}}},
		{name: "delay_ms", fault: scenario.Fault{DelayMS: 1}},
		{name: "drop_connection", fault: scenario.Fault{DropConnection: true}},
		{name: "empty_polls", fault: scenario.Fault{EmptyPolls: 3}},
		{name: "every match field", fault: scenario.Fault{KafkaError: kerr, Match: scenario.Match{
			Method: "post", Route: "/topics/{topic}", API: "v2", Topic: "t", Partition: ptr[int32](0), Group: "g", Instance: "i"}}},
		{name: "api v1", fault: scenario.Fault{KafkaError: kerr, Match: scenario.Match{API: "v1"}}},
		{name: "api v3", fault: scenario.Fault{KafkaError: kerr, Match: scenario.Match{API: "v3"}}},
		{name: "method with token symbols", fault: scenario.Fault{KafkaError: kerr, Match: scenario.Match{Method: "M-SEARCH"}}},
		{name: "counting", fault: scenario.Fault{KafkaError: kerr, After: 2, Times: 3, Probability: ptr(0.25), Seed: -9}},
		{name: "probability 1", fault: scenario.Fault{KafkaError: kerr, Probability: ptr(1.0)}},

		{name: "bad method", fault: scenario.Fault{KafkaError: kerr, Match: scenario.Match{Method: "PO ST"}},
			wantErr: `match.method: invalid method "PO ST"`},
		{name: "method with slash", fault: scenario.Fault{KafkaError: kerr, Match: scenario.Match{Method: "GET/"}},
			wantErr: `match.method: invalid method "GET/"`},
		{name: "route without slash", fault: scenario.Fault{KafkaError: kerr, Match: scenario.Match{Route: "topics/{topic}"}},
			wantErr: `match.route: must start with "/", got "topics/{topic}"`},
		{name: "route with method", fault: scenario.Fault{KafkaError: kerr, Match: scenario.Match{Route: "POST /topics/{topic}"}},
			wantErr: `match.route: must start with "/", got "POST /topics/{topic}"`},
		{name: "unknown api", fault: scenario.Fault{KafkaError: kerr, Match: scenario.Match{API: "v4"}},
			wantErr: `match.api: must be "v1", "v2" or "v3", got "v4"`},
		{name: "api is case-sensitive", fault: scenario.Fault{KafkaError: kerr, Match: scenario.Match{API: "V2"}},
			wantErr: `match.api: must be "v1", "v2" or "v3", got "V2"`},
		{name: "negative partition", fault: scenario.Fault{KafkaError: kerr, Match: scenario.Match{Partition: ptr[int32](-1)}},
			wantErr: `match.partition: must be >= 0`},
		{name: "unknown kafka_error", fault: scenario.Fault{KafkaError: "FOO"},
			wantErr: `kafka_error: unknown Kafka error "FOO"`},
		{name: "response status 0", fault: scenario.Fault{Response: &scenario.Response{}},
			wantErr: `response.status: must be between 100 and 599, got 0`},
		{name: "response status 600", fault: scenario.Fault{Response: &scenario.Response{Status: 600}},
			wantErr: `response.status: must be between 100 and 599, got 600`},
		{name: "response header name", fault: scenario.Fault{Response: &scenario.Response{Status: 500, Headers: map[string]string{"Bad Name": "v"}}},
			wantErr: `response.headers: invalid header name "Bad Name"`},
		{name: "response header empty name", fault: scenario.Fault{Response: &scenario.Response{Status: 500, Headers: map[string]string{"": "v"}}},
			wantErr: `response.headers: invalid header name ""`},
		{name: "response header value", fault: scenario.Fault{Response: &scenario.Response{Status: 500, Headers: map[string]string{"X-A": "a\r\nX-B: b"}}},
			wantErr: `response.headers: invalid value for header "X-A"`},
		{name: "response body", fault: scenario.Fault{Response: &scenario.Response{Status: 500, Body: json.RawMessage("<html>")}},
			wantErr: `response.body: not valid JSON`},
		{name: "negative delay_ms", fault: scenario.Fault{KafkaError: kerr, DelayMS: -1},
			wantErr: `delay_ms: must be >= 0`},
		{name: "negative empty_polls", fault: scenario.Fault{KafkaError: kerr, EmptyPolls: -1},
			wantErr: `empty_polls: must be >= 0`},
		{name: "negative after", fault: scenario.Fault{KafkaError: kerr, After: -1},
			wantErr: `after: must be >= 0`},
		{name: "negative times", fault: scenario.Fault{KafkaError: kerr, Times: -1},
			wantErr: `times: must be >= 0`},
		{name: "probability 0", fault: scenario.Fault{KafkaError: kerr, Probability: ptr(0.0)},
			wantErr: `probability: must be > 0 and <= 1, got 0`},
		{name: "probability above 1", fault: scenario.Fault{KafkaError: kerr, Probability: ptr(1.5)},
			wantErr: `probability: must be > 0 and <= 1, got 1.5`},
		{name: "negative probability", fault: scenario.Fault{KafkaError: kerr, Probability: ptr(-0.1)},
			wantErr: `probability: must be > 0 and <= 1, got -0.1`},
		{name: "layer rest", fault: scenario.Fault{Layer: "rest", KafkaError: kerr, Match: scenario.Match{Route: "/topics/{topic}"}}},
		{name: "layer kafka", fault: scenario.Fault{Layer: "kafka", KafkaError: kerr, Times: 2,
			Match: scenario.Match{Topic: "t", Partition: ptr[int32](1), Group: "g", KafkaRequest: "offset_commit"}}},
		{name: "layer kafka any request", fault: scenario.Fault{Layer: "kafka", KafkaError: "REQUEST_TIMED_OUT"}},
		{name: "layer kafka with a route", fault: scenario.Fault{Layer: "kafka", KafkaError: kerr, Match: scenario.Match{Route: "/topics/{topic}"}},
			wantErr: `match.route: not available in layer "kafka": match topic, partition, group and kafka_request`},
		{name: "layer kafka with an instance", fault: scenario.Fault{Layer: "kafka", KafkaError: kerr, Match: scenario.Match{Instance: "c1"}},
			wantErr: `match.instance: not available in layer "kafka": match topic, partition, group and kafka_request`},
		{name: "layer kafka without kafka_error", fault: scenario.Fault{Layer: "kafka", DropConnection: true},
			wantErr: `layer: "kafka" needs kafka_error`},
		{name: "layer kafka with a proxy error", fault: scenario.Fault{Layer: "kafka", KafkaError: "CONSUMER_INSTANCE_NOT_FOUND"},
			wantErr: `kafka_error: CONSUMER_INSTANCE_NOT_FOUND is a proxy error, not available in layer "kafka"`},
		{name: "unknown kafka_request", fault: scenario.Fault{Layer: "kafka", KafkaError: kerr, Match: scenario.Match{KafkaRequest: "Gossip"}},
			wantErr: `match.kafka_request: unknown Kafka request "Gossip"`},
		{name: "kafka_request without layer kafka", fault: scenario.Fault{KafkaError: kerr, Match: scenario.Match{KafkaRequest: "Produce"}},
			wantErr: `match.kafka_request: needs layer "kafka"`},
		{name: "unknown layer", fault: scenario.Fault{Layer: "wire", KafkaError: kerr},
			wantErr: `layer: must be "rest" or "kafka", got "wire"`},
		{name: "probability NaN", fault: scenario.Fault{KafkaError: kerr, Probability: ptr(math.NaN())},
			wantErr: `probability: must be > 0 and <= 1, got NaN`},
		{name: "no effect", fault: scenario.Fault{Name: "nothing"},
			wantErr: `no effect: want one of kafka_error, response, delay_ms, drop_connection or empty_polls`},
		{name: "delay_ms 0 is no effect", fault: scenario.Fault{DelayMS: 0, Times: 1},
			wantErr: `no effect: want one of kafka_error, response, delay_ms, drop_connection or empty_polls`},
		{name: "two effects", fault: scenario.Fault{KafkaError: kerr, DelayMS: 5},
			wantErr: `more than one effect: kafka_error and delay_ms`},
		{name: "three effects", fault: scenario.Fault{Response: &scenario.Response{Status: 500}, DropConnection: true, EmptyPolls: 1},
			wantErr: `more than one effect: response, drop_connection and empty_polls`},
		{name: "all effects", fault: scenario.Fault{KafkaError: kerr, Response: &scenario.Response{Status: 500}, DelayMS: 1, DropConnection: true, EmptyPolls: 1},
			wantErr: `more than one effect: kafka_error, response, delay_ms, drop_connection and empty_polls`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			err := tt.fault.Validate()
			got := ""
			if err != nil {
				got = err.Error()
			}
			if got != tt.wantErr {
				t.Errorf("Validate() = %q, want %q", got, tt.wantErr)
			}
		})
	}
}

func TestMatchMatches(t *testing.T) {
	t.Parallel()
	produce := scenario.Request{Method: "POST", Route: "/topics/{topic}", API: "v2", Topic: "orders", Partition: 1, HasPartition: true}
	noPartition := scenario.Request{Method: "POST", Route: "/topics/{topic}", API: "v2", Topic: "orders"}
	read := scenario.Request{Method: "GET", Route: "/consumers/{group}/instances/{instance}/records", API: "v2", Group: "g1", Instance: "c1"}
	tests := []struct {
		name  string
		match scenario.Match
		req   scenario.Request
		want  bool
	}{
		{name: "zero match matches anything", match: scenario.Match{}, req: produce, want: true},
		{name: "zero match matches zero request", match: scenario.Match{}, req: scenario.Request{}, want: true},
		{name: "method", match: scenario.Match{Method: "POST"}, req: produce, want: true},
		{name: "method is case-insensitive", match: scenario.Match{Method: "post"}, req: produce, want: true},
		{name: "other method", match: scenario.Match{Method: "GET"}, req: produce, want: false},
		{name: "route", match: scenario.Match{Route: "/topics/{topic}"}, req: produce, want: true},
		{name: "other route", match: scenario.Match{Route: "/topics/{topic}/partitions/{partition}"}, req: produce, want: false},
		{name: "route is exact", match: scenario.Match{Route: "/topics/{topic}/"}, req: produce, want: false},
		{name: "api", match: scenario.Match{API: "v2"}, req: produce, want: true},
		{name: "other api", match: scenario.Match{API: "v3"}, req: produce, want: false},
		{name: "topic", match: scenario.Match{Topic: "orders"}, req: produce, want: true},
		{name: "other topic", match: scenario.Match{Topic: "Orders"}, req: produce, want: false},
		{name: "topic against request without one", match: scenario.Match{Topic: "orders"}, req: read, want: false},
		{name: "partition", match: scenario.Match{Partition: ptr[int32](1)}, req: produce, want: true},
		{name: "other partition", match: scenario.Match{Partition: ptr[int32](0)}, req: produce, want: false},
		{name: "partition against request without one", match: scenario.Match{Partition: ptr[int32](0)}, req: noPartition, want: false},
		{name: "no partition matches request with one", match: scenario.Match{Topic: "orders"}, req: produce, want: true},
		{name: "group and instance", match: scenario.Match{Group: "g1", Instance: "c1"}, req: read, want: true},
		{name: "other group", match: scenario.Match{Group: "g2", Instance: "c1"}, req: read, want: false},
		{name: "other instance", match: scenario.Match{Group: "g1", Instance: "c2"}, req: read, want: false},
		{name: "all fields", match: scenario.Match{Method: "POST", Route: "/topics/{topic}", API: "v2", Topic: "orders", Partition: ptr[int32](1)}, req: produce, want: true},
		{name: "all fields but one", match: scenario.Match{Method: "POST", Route: "/topics/{topic}", API: "v1", Topic: "orders", Partition: ptr[int32](1)}, req: produce, want: false},
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
