package mockproxy_test

import (
	"strings"
	"testing"

	"github.com/kafkarestmock/kafkarestmock/fakelog"
	"github.com/kafkarestmock/kafkarestmock/kafkabackend"
	"github.com/kafkarestmock/kafkarestmock/mockproxy"
)

// backendCase is one backend that the handler tests marked with
// forBackends run on. Only these tests import kafkabackend: the mockproxy
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

// readsOnTheClock is why the v2 read tests that expect records from a
// read with consumer.request.timeout.ms 0, or time a read on the manual
// clock, hold only on the in-memory log.
const readsOnTheClock = "the test expects records from a read that does not wait (consumer.request.timeout.ms 0) or times reads on the manual clock; on Kafka records reach the consumer when its fetch returns (FIDELITY.md, The Kafka backend). kafkabackend's TestSuiteV2* cover these reads on both backends"

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
		"TestV2SubscriptionAndAssignment/kfake":          readsOnTheClock,
		"TestV2ReadPositionsAndCommits/kfake":            readsOnTheClock,
		"TestV2ReadTiming/kfake":                         readsOnTheClock,
		"TestV2ReadWakesOnProduce/kfake":                 readsOnTheClock,
		"TestV2ReadMaxBytes/kfake":                       readsOnTheClock,
		"TestV2JSONConsumer/kfake":                       readsOnTheClock,
		"TestV2ResetPolicies/kfake":                      readsOnTheClock,
		"TestV2AutoCommitOnByDefault/kfake":              readsOnTheClock,
		"TestV2SeekByTimestamp/kfake":                    "record timestamps are the cluster's wall clock, not the manual clock the test seeks by (FIDELITY.md, The Kafka backend); TestSuiteV2PositionsByTimestamp seeks by time on both backends",
		"TestV2OffsetOutOfRangeWithoutResetPolicy/kfake": deletesRecords,
	}},
}

// forBackends runs fn as a parallel subtest per backend, skipping by name
// what a backend's skip list names.
func forBackends(t *testing.T, fn func(t *testing.T, bc backendCase)) {
	t.Helper()
	for _, bc := range backends {
		t.Run(bc.name, func(t *testing.T) {
			t.Parallel()
			bc.skipIf(t)
			fn(t, bc)
		})
	}
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
