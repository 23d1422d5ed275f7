// Package mockproxy is a mock of the Confluent Kafka REST Proxy over an
// in-memory Kafka log (package fakelog), faithful enough that code written
// against the real proxy works unchanged against it: same paths, media
// types, content negotiation, status codes, bodies and error_code values,
// for API v1 (as Confluent 5.5 served it) and v2.
//
// Quick start, in a test:
//
//	func TestPublish(t *testing.T) {
//		t.Parallel()
//		srv := mockproxy.NewServer(t, mockproxy.WithTopic("orders", 3)) // closed by t.Cleanup
//		client := myservice.New(srv.URL(), srv.Client())                 // the code under test
//		client.PublishOrder(t.Context(), "o1")
//		mockproxy.CheckRecords(t, srv, "orders", []fakelog.Record{
//			{Key: []byte("o1"), Value: []byte(`{"id":"o1"}`)},
//		}, mockproxy.IgnoreOffsets(), mockproxy.IgnoreTimestamps(), mockproxy.IgnorePartitions())
//	}
//
// Seed and inspect through Log (the same code paths as HTTP, never subject
// to faults), Records, Committed, ConsumerInstances and Requests (the
// journal); wait for asynchronous clients with WaitRecords and
// WaitCommitted. Inject makes the proxy fail the way a real cluster does
// (a moving leader, an expired instance, a retriable 50003), counted and
// deterministic; see package scenario.
//
// A test can start from a seed file (WithSeedFile, the same format as the
// binary's --seed) and go back to that start with Reset.
//
// NewServer listens on 127.0.0.1 at a free port. With WithoutListener,
// requests go through Client (an in-memory transport) and the server works
// inside testing/synctest, where a long-poll's wait takes no real time.
// WithClock(fakelog.NewManualClock(...)) moves time by hand instead.
//
// WithBackend puts another backend.Backend behind the REST layer: package
// kafkabackend serves the same API over an in-process kfake cluster or
// real brokers, so native Kafka clients share the data (Log is then nil;
// Records, Committed and the Wait helpers work on any backend). mockproxy
// itself imports nothing of Kafka's clients.
//
// The emulated version is chosen by WithProfile: ProfileAll (the default:
// v1 as Confluent 5.5 served it beside current v2), ProfileLegacy
// (Confluent 5.5) or ProfileModern (Confluent 6 and later). FIDELITY.md in
// the repository lists what is served and every known difference from the
// real proxy.
package mockproxy
