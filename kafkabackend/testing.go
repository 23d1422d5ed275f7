package kafkabackend

import (
	"github.com/kafkarestmock/kafkarestmock/mockproxy"
)

// NewKfakeBackend starts an in-process kfake cluster for a test and
// returns a Backend over it, closed (with the cluster) when the test
// ends. It calls tb.Fatalf if the cluster cannot start.
func NewKfakeBackend(tb mockproxy.TB, opts ...Option) *Backend {
	tb.Helper()
	b, err := NewKfake(opts...)
	if err != nil {
		tb.Fatalf("kafkabackend.NewKfakeBackend: %v", err)
		return nil
	}
	tb.Cleanup(func() { _ = b.Close() })
	return b
}

// NewServer starts a mock REST proxy over a fresh kfake cluster for a
// test, as mockproxy.NewServer does over the in-memory log, and returns
// it with its backend (whose Addrs are for native Kafka clients). Both
// are closed when the test ends.
func NewServer(tb mockproxy.TB, opts ...mockproxy.Option) (*mockproxy.Server, *Backend) {
	tb.Helper()
	b := NewKfakeBackend(tb)
	srv := mockproxy.NewServer(tb, append([]mockproxy.Option{mockproxy.WithBackend(b)}, opts...)...)
	return srv, b
}
