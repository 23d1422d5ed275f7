package mockproxy_test

import (
	"net/http"
	"net/http/httptest"
	"testing"

	"github.com/kafkarestmock/kafkarestmock/mockproxy"
)

// BenchmarkStart measures what a test pays to get a server and release it,
// beside the same for a bare httptest.Server in the same run:
//
//   - new-close: mockproxy.New and Close, no listener;
//   - newserver-nolistener: NewServer with WithoutListener (the in-memory
//     Client), Close run by the cleanup;
//   - newserver-listener: NewServer on 127.0.0.1:0 and Close;
//   - httptest: httptest.NewServer and Close, the baseline of the
//     listening start;
//   - httptest-unstarted: httptest.NewUnstartedServer and Close, the
//     baseline of a start without a listener (it still opens one).
//
// Each sub-benchmark reports its time per start; BENCHMARKS.md divides
// them.
func BenchmarkStart(b *testing.B) {
	h := http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {})
	b.Run("new-close", func(b *testing.B) {
		b.ReportAllocs()
		for range b.N {
			s, err := mockproxy.New()
			if err != nil {
				b.Fatal(err)
			}
			_ = s.Close()
		}
	})
	b.Run("newserver-nolistener", func(b *testing.B) {
		b.ReportAllocs()
		tb := &cleanupTB{TB: b}
		for range b.N {
			mockproxy.NewServer(tb, mockproxy.WithoutListener())
			tb.runCleanups()
		}
	})
	b.Run("newserver-listener", func(b *testing.B) {
		b.ReportAllocs()
		tb := &cleanupTB{TB: b}
		for range b.N {
			mockproxy.NewServer(tb)
			tb.runCleanups()
		}
	})
	b.Run("httptest", func(b *testing.B) {
		b.ReportAllocs()
		for range b.N {
			httptest.NewServer(h).Close()
		}
	})
	b.Run("httptest-unstarted", func(b *testing.B) {
		b.ReportAllocs()
		for range b.N {
			httptest.NewUnstartedServer(h).Close()
		}
	})
}

// cleanupTB runs the cleanups NewServer registers when told to, so that a
// benchmark loop can start and close many servers under one *testing.B.
type cleanupTB struct {
	testing.TB
	cleanups []func()
}

func (tb *cleanupTB) Cleanup(f func()) { tb.cleanups = append(tb.cleanups, f) }

func (tb *cleanupTB) runCleanups() {
	for i := len(tb.cleanups) - 1; i >= 0; i-- {
		tb.cleanups[i]()
	}
	tb.cleanups = tb.cleanups[:0]
}
