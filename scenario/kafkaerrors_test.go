package scenario_test

import (
	"slices"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/kafkarestmock/kafkarestmock/scenario"
)

func TestLookupKafkaError(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name     string
		lookup   string
		wantName string // "" means not found
	}{
		{name: "canonical", lookup: "NOT_LEADER_OR_FOLLOWER", wantName: "NOT_LEADER_OR_FOLLOWER"},
		{name: "lower case", lookup: "not_leader_or_follower", wantName: "NOT_LEADER_OR_FOLLOWER"},
		{name: "mixed case", lookup: "Offset_Out_Of_Range", wantName: "OFFSET_OUT_OF_RANGE"},
		{name: "alias", lookup: "NOT_LEADER_FOR_PARTITION", wantName: "NOT_LEADER_OR_FOLLOWER"},
		{name: "alias in lower case", lookup: "not_leader_for_partition", wantName: "NOT_LEADER_OR_FOLLOWER"},
		{name: "proxy error", lookup: "consumer_instance_not_found", wantName: "CONSUMER_INSTANCE_NOT_FOUND"},
		{name: "unknown", lookup: "FOO"},
		{name: "empty", lookup: ""},
		{name: "surrounding space", lookup: " REQUEST_TIMED_OUT"},
		{name: "numeric code", lookup: "6"},
		{name: "NONE is not an error", lookup: "NONE"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			got, ok := scenario.LookupKafkaError(tt.lookup)
			if ok != (tt.wantName != "") || got.Name != tt.wantName {
				t.Errorf("LookupKafkaError(%q) = %q, %v; want %q, %v", tt.lookup, got.Name, ok, tt.wantName, tt.wantName != "")
			}
		})
	}
}

// row is the part of a KafkaError the table test pins for every row.
type row struct {
	Name      string
	Code      int16
	Retriable bool
	Class     scenario.Class
	Kind      scenario.Kind
}

func TestKafkaErrors(t *testing.T) {
	t.Parallel()
	const (
		r  = true // retriable
		nr = false
	)
	kafka, proxy := scenario.KindKafka, scenario.KindProxy
	want := []row{
		{"BROKER_NOT_AVAILABLE", 8, nr, scenario.ClassBrokerNotAvailable, kafka},
		{"CLUSTER_AUTHORIZATION_FAILED", 31, nr, scenario.ClassAuthorization, kafka},
		{"CONSUMER_INSTANCE_NOT_FOUND", 0, nr, scenario.ClassConsumerInstanceNotFound, proxy},
		{"COORDINATOR_LOAD_IN_PROGRESS", 14, r, scenario.ClassRetriable, kafka},
		{"COORDINATOR_NOT_AVAILABLE", 15, r, scenario.ClassRetriable, kafka},
		{"CORRUPT_MESSAGE", 2, r, scenario.ClassRetriable, kafka},
		{"FENCED_LEADER_EPOCH", 74, r, scenario.ClassRetriable, kafka},
		{"GROUP_AUTHORIZATION_FAILED", 30, nr, scenario.ClassAuthorization, kafka},
		{"ILLEGAL_GENERATION", 22, nr, scenario.ClassNonRetriable, kafka},
		{"INVALID_PARTITIONS", 37, nr, scenario.ClassBadRequest, kafka},
		{"INVALID_REPLICATION_FACTOR", 38, nr, scenario.ClassBadRequest, kafka},
		{"INVALID_REQUEST", 42, nr, scenario.ClassBadRequest, kafka},
		{"INVALID_TOPIC_EXCEPTION", 17, nr, scenario.ClassBadRequest, kafka},
		{"KAFKA_STORAGE_ERROR", 56, r, scenario.ClassRetriable, kafka},
		{"LEADER_NOT_AVAILABLE", 5, r, scenario.ClassRetriable, kafka},
		{"MESSAGE_TOO_LARGE", 10, nr, scenario.ClassRecordTooLarge, kafka},
		{"NETWORK_EXCEPTION", 13, r, scenario.ClassRetriable, kafka},
		{"NOT_COORDINATOR", 16, r, scenario.ClassRetriable, kafka},
		{"NOT_ENOUGH_REPLICAS", 19, r, scenario.ClassRetriable, kafka},
		{"NOT_ENOUGH_REPLICAS_AFTER_APPEND", 20, r, scenario.ClassRetriable, kafka},
		{"NOT_LEADER_OR_FOLLOWER", 6, r, scenario.ClassRetriable, kafka},
		{"OFFSET_OUT_OF_RANGE", 1, nr, scenario.ClassOffsetOutOfRange, kafka},
		{"POLICY_VIOLATION", 44, nr, scenario.ClassBadRequest, kafka},
		{"RATE_LIMITED", 0, r, scenario.ClassRateLimited, proxy},
		{"REBALANCE_IN_PROGRESS", 27, nr, scenario.ClassNonRetriable, kafka},
		{"RECORD_LIST_TOO_LARGE", 18, nr, scenario.ClassNonRetriable, kafka},
		{"REPLICA_NOT_AVAILABLE", 9, r, scenario.ClassRetriable, kafka},
		{"REQUEST_TIMED_OUT", 7, r, scenario.ClassRetriable, kafka},
		{"SASL_AUTHENTICATION_FAILED", 58, nr, scenario.ClassAuthentication, kafka},
		{"THROTTLING_QUOTA_EXCEEDED", 89, r, scenario.ClassThrottled, kafka},
		{"TOPIC_ALREADY_EXISTS", 36, nr, scenario.ClassBadRequest, kafka},
		{"TOPIC_AUTHORIZATION_FAILED", 29, nr, scenario.ClassAuthorization, kafka},
		{"UNKNOWN_LEADER_EPOCH", 75, r, scenario.ClassRetriable, kafka},
		{"UNKNOWN_MEMBER_ID", 25, nr, scenario.ClassNonRetriable, kafka},
		{"UNKNOWN_SERVER_ERROR", -1, nr, scenario.ClassBadRequest, kafka},
		{"UNKNOWN_TOPIC_ID", 100, r, scenario.ClassUnknownTopic, kafka},
		{"UNKNOWN_TOPIC_OR_PARTITION", 3, r, scenario.ClassUnknownTopic, kafka},
	}
	all := scenario.KafkaErrors()
	var got []row
	for _, e := range all {
		got = append(got, row{e.Name, e.Code, e.Retriable, e.Class, e.Kind})
	}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("KafkaErrors() mismatch (-want +got):\n%s", diff)
	}

	codes := map[int16]string{}
	for _, e := range all {
		if e.Message == "" || e.Name != strings.ToUpper(e.Name) {
			t.Errorf("%s: empty message or non-canonical name", e.Name)
		}
		if e.Kind == scenario.KindKafka {
			if other, dup := codes[e.Code]; dup {
				t.Errorf("code %d used by %s and %s", e.Code, other, e.Name)
			}
			codes[e.Code] = e.Name
		}
		if got, ok := scenario.LookupKafkaError(e.Name); !ok || !cmp.Equal(got, e) {
			t.Errorf("LookupKafkaError(%q) = %+v, %v; want %+v", e.Name, got, ok, e)
		}
	}
	if !slices.IsSortedFunc(all, func(a, b scenario.KafkaError) int { return strings.Compare(a.Name, b.Name) }) {
		t.Error("KafkaErrors() is not sorted by name")
	}

	// The result is a copy.
	all[0].Name = "CHANGED"
	if got := scenario.KafkaErrors()[0].Name; got == "CHANGED" {
		t.Error("changing the result of KafkaErrors() changed the table")
	}
}

func TestKafkaErrorMessages(t *testing.T) {
	t.Parallel()
	// Kafka's default messages, verbatim, for the errors DESIGN.md §3
	// names and the proxy's own texts.
	tests := map[string]string{
		"OFFSET_OUT_OF_RANGE":         "The requested offset is not within the range of offsets maintained by the server.",
		"UNKNOWN_TOPIC_OR_PARTITION":  "This server does not host this topic-partition.",
		"LEADER_NOT_AVAILABLE":        "There is no leader for this topic-partition as we are in the middle of a leadership election.",
		"NOT_LEADER_OR_FOLLOWER":      "For requests intended only for the leader, this error indicates that the broker is not the current leader. For requests intended for any replica, this error indicates that the broker is not a replica of the topic partition.",
		"REQUEST_TIMED_OUT":           "The request timed out.",
		"BROKER_NOT_AVAILABLE":        "The broker is not available.",
		"REPLICA_NOT_AVAILABLE":       "The replica is not available for the requested topic-partition. Produce/Fetch requests and other requests intended only for the leader or follower return NOT_LEADER_OR_FOLLOWER if the broker is not a replica of the topic-partition.",
		"MESSAGE_TOO_LARGE":           "The request included a message larger than the max message size the server will accept.",
		"UNKNOWN_SERVER_ERROR":        "The server experienced an unexpected error when processing the request.",
		"SASL_AUTHENTICATION_FAILED":  "SASL Authentication failed.",
		"THROTTLING_QUOTA_EXCEEDED":   "The throttling quota has been exceeded.",
		"CONSUMER_INSTANCE_NOT_FOUND": "Consumer instance not found.",
		"RATE_LIMITED":                "Request rate limit exceeded: The rate limit of requests per second has been exceeded.",
	}
	for name, want := range tests {
		e, ok := scenario.LookupKafkaError(name)
		if !ok {
			t.Errorf("LookupKafkaError(%q): not found", name)
			continue
		}
		if e.Message != want {
			t.Errorf("%s message = %q, want %q", name, e.Message, want)
		}
	}
}

func TestClassAndKindString(t *testing.T) {
	t.Parallel()
	got := []string{
		scenario.ClassRetriable.String(), scenario.ClassNonRetriable.String(),
		scenario.ClassAuthentication.String(), scenario.ClassAuthorization.String(),
		scenario.ClassUnknownTopic.String(), scenario.ClassOffsetOutOfRange.String(),
		scenario.ClassRecordTooLarge.String(), scenario.ClassBrokerNotAvailable.String(),
		scenario.ClassBadRequest.String(), scenario.ClassThrottled.String(),
		scenario.ClassConsumerInstanceNotFound.String(), scenario.ClassRateLimited.String(),
		scenario.Class(99).String(),
		scenario.KindKafka.String(), scenario.KindProxy.String(), scenario.Kind(-1).String(),
	}
	want := []string{
		"retriable", "non-retriable",
		"authentication", "authorization",
		"unknown-topic", "offset-out-of-range",
		"record-too-large", "broker-not-available",
		"bad-request", "throttled",
		"consumer-instance-not-found", "rate-limited",
		"Class(99)",
		"kafka", "proxy", "Kind(-1)",
	}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("String() mismatch (-want +got):\n%s", diff)
	}
}
