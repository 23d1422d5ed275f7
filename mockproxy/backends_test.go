package mockproxy_test

import (
	"strings"
	"testing"

	"github.com/kafkarestmock/kafkarestmock/fakelog"
	"github.com/kafkarestmock/kafkarestmock/kafkabackend"
	"github.com/kafkarestmock/kafkarestmock/mockproxy"
)

// backendCase is one backend that the handler tests run on through
// eachBackend. Only these tests import kafkabackend: the mockproxy
// package itself knows nothing of Kafka's clients.
type backendCase struct {
	name string
	// start builds a server on the backend, closed with the test.
	start func(t *testing.T, opts ...mockproxy.Option) *mockproxy.Server
	// skip names the subtests (by the part of the test name before the
	// backend) that do not hold on this backend, with the reason, which
	// FIDELITY.md ("The Kafka backend") explains.
	skip map[string]string
}

// topicConfigsDiffer is why golden GET /topics/{topic} bodies hold only
// on the in-memory log.
const topicConfigsDiffer = "the configs are the cluster's: kfake's segment.bytes is 104857600, Kafka's default 1073741824 (FIDELITY.md, The Kafka backend)"

// deletesRecords is why tests that move a log start by hand hold only on
// the in-memory log.
const deletesRecords = "deleting records below an offset is fakelog's (Log.DeleteRecords); the Kafka backend has no such call"

var backends = []backendCase{
	{name: "memory", start: func(t *testing.T, opts ...mockproxy.Option) *mockproxy.Server {
		return mockproxy.NewServer(t, opts...)
	}},
	{name: "kfake", start: func(t *testing.T, opts ...mockproxy.Option) *mockproxy.Server {
		srv, _ := kafkabackend.NewServer(t, opts...)
		return srv
	}, skip: map[string]string{
		"TestV2MetadataSuccess/kfake/all/topic":          topicConfigsDiffer,
		"TestV2MetadataSuccess/kfake/legacy/topic":       topicConfigsDiffer,
		"TestV2MetadataSuccess/kfake/modern/topic":       topicConfigsDiffer,
		"TestV1Metadata/kfake/all/topic":                 topicConfigsDiffer,
		"TestV1Metadata/kfake/legacy/topic":              topicConfigsDiffer,
		"TestV1SimpleConsumer/kfake/below_the_log_start": deletesRecords,
		"TestAdminTopics/kfake":                          "partition sizes in bytes are not known over the Kafka protocol, and a topic's configs in GET /_mock/topics are the in-memory log's overrides (FIDELITY.md, The Kafka backend)",
		"TestAdminConsumersAndGroups/kfake":              "member ids are the broker's (<name>-<uuid>) and DescribeGroups reports no generation (FIDELITY.md, The Kafka backend); TestSuiteAdminGroups checks the rest on both backends",
		"TestAdminCreateTopic/kfake/bad_config":          "kfake accepts any config value where a Kafka broker answers INVALID_CONFIG",
		"TestV2SubscriptionAndAssignment/kfake":          "a subscribed instance joins its group when it subscribes on Kafka, not at its first read, so the assignment is not empty 'before the first poll' (FIDELITY.md, The Kafka backend); TestSuiteV2SubscribeReadCommit and TestSuiteV2PatternSubscription cover subscriptions on both backends",
		"TestV2ReadTiming/kfake":                         "times reads on the manual clock with records already in the consumer; on Kafka records reach the consumer when its fetch returns (FIDELITY.md, The Kafka backend)",
		"TestV2ReadWakesOnProduce/kfake":                 "with auto.offset.reset latest the record is produced while the group join (asynchronous on Kafka) may still be resolving the end offset, so it can be skipped, as with the real proxy; BenchmarkBackendsWakeup measures the wake-up on both backends",
		"TestV2JSONConsumer/kfake":                       "expects both records from one read right after subscribing; on Kafka they can arrive over several reads (FIDELITY.md, The Kafka backend); TestSuiteV2JSONConsumer covers json reads on both backends",
		"TestV2ResetPolicies/kfake":                      "the latest-policy part produces while the asynchronous group join may still be resolving the end offset (FIDELITY.md, The Kafka backend); TestSuiteV2NoResetPolicy covers the none policy on both backends",
		"TestV2AutoCommitOnByDefault/kfake":              "expects both records from the first read right after assigning; on Kafka they reach the consumer when its fetch returns (FIDELITY.md, The Kafka backend); TestSuiteV2AutoCommitInterval checks the interval on the manual clock on both backends",
		"TestV2OffsetOutOfRangeWithoutResetPolicy/kfake": deletesRecords,
	}},
}

// eachBackend runs fn as a subtest per backend; fn calls t.Parallel
// itself. A backend skips what its skip list names.
func eachBackend(t *testing.T, fn func(t *testing.T, bc backendCase)) {
	t.Helper()
	for _, bc := range backends {
		t.Run(bc.name, func(t *testing.T) {
			bc.skipIf(t)
			fn(t, bc)
		})
	}
}

// skipIf skips t when the backend's skip list names it: by its whole
// name, or by its name without the backend's part.
func (bc backendCase) skipIf(t *testing.T) {
	t.Helper()
	name := t.Name()
	for _, n := range []string{name, strings.Replace(name, "/"+bc.name, "", 1)} {
		if why, ok := bc.skip[n]; ok {
			t.Skip(why)
		}
	}
}

// produceTo stores records in one partition through the server's backend,
// as a seed; it fails the test if any is refused.
func produceTo(t testing.TB, srv *mockproxy.Server, topic string, partition int32, recs ...fakelog.Record) {
	t.Helper()
	for i := range recs {
		recs[i].Partition = partition
	}
	res, err := srv.Backend().Produce(topic, recs)
	if err != nil {
		t.Fatalf("produce to %s-%d: %v", topic, partition, err)
	}
	for _, r := range res {
		if r.Err != nil {
			t.Fatalf("produce to %s-%d: %v", topic, partition, r.Err)
		}
	}
}
