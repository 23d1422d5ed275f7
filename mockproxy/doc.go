// Package mockproxy is a mock of the Confluent Kafka REST Proxy over an
// in-memory Kafka log (package fakelog), faithful enough that code written
// against the real proxy works unchanged against it: same paths, media
// types, content negotiation, status codes, bodies and error_code values.
//
// Quick start, in a test:
//
//	func TestPublish(t *testing.T) {
//		srv := mockproxy.NewServer(t, mockproxy.WithTopic("orders", 3))
//		publish(srv.Client(), srv.URL(), "orders", order) // the code under test
//		recs, err := srv.Log().Read("orders", 0, 0, 0)    // inspect what arrived
//		...
//	}
//
// NewServer listens on 127.0.0.1 at a free port and closes the server with
// t.Cleanup. With WithoutListener, requests go through Client (an in-memory
// transport) and the server works inside testing/synctest.
//
// The emulated version is chosen by WithProfile: ProfileAll (the default:
// v1 as Confluent 5.5 served it beside current v2 and v3), ProfileLegacy
// (Confluent 5.5) or ProfileModern (Confluent 6 and later). FIDELITY.md in
// the repository lists what is served and every known difference from the
// real proxy.
package mockproxy
