package mockproxy_test

import (
	"testing"

	"github.com/kafkarestmock/kafkarestmock/internal/resttest"
	"github.com/kafkarestmock/kafkarestmock/mockproxy"
)

// TestConsumerBodyBeforeInstance checks the order of a consumer
// endpoint's answers: Jersey reads and validates the request entity
// before the resource method looks the instance up, so a body Jackson
// cannot map (400), an unknown property (422) or a missing @NotNull body
// (422) is answered for an unknown instance too, and the same way as for
// a known one. A body that maps is answered 404/40403 for an unknown
// instance.
func TestConsumerBodyBeforeInstance(t *testing.T) {
	t.Parallel()
	const (
		tpList   = "Cannot deserialize value of type `java.util.ArrayList<io.confluent.kafkarest.entities.v2.TopicPartition>` from String value (token `JsonToken.VALUE_STRING`)"
		notFound = "Consumer instance not found."
	)
	tests := []struct {
		name, method, path, body string
		status, code             int
		message                  string
	}{
		{"committed offsets", "GET", "offsets", `{"partitions":"test"}`, 400, 400, tpList},
		{"committed offsets, unknown field", "GET", "offsets", `{"partition":[]}`, 422, 422, "Unrecognized field: partition"},
		{"committed offsets, not JSON", "GET", "offsets", `{"partitions":`, 400, 400, "Unexpected end-of-input: expected a value"},
		{"commit", "POST", "offsets", `{"offsets":"test"}`, 400, 400, "Cannot deserialize value of type `java.util.ArrayList<io.confluent.kafkarest.entities.v2.TopicPartitionOffsetMetadata>` from String value (token `JsonToken.VALUE_STRING`)"},
		{"commit, bad offset", "POST", "offsets", `{"offsets":[{"topic":"t","partition":0,"offset":"x"}]}`, 400, 400, "Cannot deserialize value of type `java.lang.Long` from String \"x\": not a valid `java.lang.Long` value"},
		{"seek", "POST", "positions", `{"offsets":"test"}`, 400, 400, "Cannot deserialize value of type `java.util.ArrayList<io.confluent.kafkarest.entities.v2.ConsumerSeekRequest$PartitionOffset>` from String value (token `JsonToken.VALUE_STRING`)"},
		{"seek, no body", "POST", "positions", ``, 422, 422, "seekToOffset.arg3 must not be null (was null)"},
		{"seek to beginning", "POST", "positions/beginning", `{"partitions":"test"}`, 400, 400, tpList},
		{"seek to end, no body", "POST", "positions/end", ``, 422, 422, "seekToEnd.arg3 must not be null (was null)"},
		{"assign", "POST", "assignments", `{"partitions":"test"}`, 400, 400, tpList},
		{"assign, no body", "POST", "assignments", ``, 422, 422, "assign.arg3 must not be null (was null)"},
		{"subscribe", "POST", "subscription", `{"topics":"test"}`, 400, 400, "Cannot deserialize value of type `java.util.ArrayList<java.lang.String>` from String value (token `JsonToken.VALUE_STRING`)"},
		{"subscribe, unknown field", "POST", "subscription", `{"topic":["t"]}`, 422, 422, "Unrecognized field: topic"},
		{"subscribe, no body", "POST", "subscription", ``, 422, 422, "subscribe.arg3 must not be null (was null)"},
		// Bodies that map: the lookup answers (and a null list fails in the
		// method only after it).
		{"committed offsets, mapped", "GET", "offsets", `{"partitions":[{"topic":"t","partition":0}]}`, 404, 40403, notFound},
		{"commit, no list", "POST", "offsets", `{}`, 404, 40403, notFound},
		{"seek, null entry", "POST", "positions", `{"offsets":[null]}`, 404, 40403, notFound},
		{"assign, no list", "POST", "assignments", `{}`, 404, 40403, notFound},
		{"subscribe, null topic", "POST", "subscription", `{"topics":[null]}`, 404, 40403, notFound},
	}
	resttest.EachBackend(t, func(t *testing.T, b resttest.Backend) {
		srv := b.Start(t, mockproxy.WithoutListener(), mockproxy.WithTopic("t", 1))
		for _, tc := range tests {
			var headers []string
			if tc.body != "" {
				headers = append(headers, "Content-Type: "+ctV2)
			}
			got := resttest.Do(t, srv, tc.method, "/consumers/g/instances/nope/"+tc.path, tc.body, headers...)
			t.Run(tc.name, func(t *testing.T) {
				resttest.WantError(t, got, tc.status, ctV2, tc.code, tc.message)
			})
		}
	})
}

// TestReadTombstonesFirst reads a topic whose first records carry no
// bytes at all (null key and value, an empty value): they are read as
// null and "" like any other, on both backends.
func TestReadTombstonesFirst(t *testing.T) {
	t.Parallel()
	const ct = "application/vnd.kafka.binary.v2+json"
	resttest.EachBackend(t, func(t *testing.T, b resttest.Backend) {
		srv := b.Start(t, mockproxy.WithoutListener(), mockproxy.WithTopic("t", 1))
		resttest.Must(t, srv, 200, "POST", "/topics/t", `{"records":[{"value":null},{"value":""},{"key":"aw==","value":"dg=="}]}`, "Content-Type: "+ct)
		resttest.Must(t, srv, 200, "POST", "/consumers/g", `{"name":"c","format":"binary","auto.offset.reset":"earliest"}`, "Content-Type: "+ctV2)
		resttest.Must(t, srv, 204, "POST", "/consumers/g/instances/c/subscription", `{"topics":["t"]}`, "Content-Type: "+ctV2)
		got := resttest.Do(t, srv, "GET", "/consumers/g/instances/c/records?timeout=0", "", "Accept: "+ct)
		resttest.Want(t, got, 200, ct, `[{"topic":"t","key":null,"value":null,"partition":0,"offset":0},`+
			`{"topic":"t","key":null,"value":"","partition":0,"offset":1},`+
			`{"topic":"t","key":"aw==","value":"dg==","partition":0,"offset":2}]`)
	})
}
