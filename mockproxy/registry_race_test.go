package mockproxy_test

import (
	"fmt"
	"log/slog"
	"sync"
	"testing"
	"time"

	"github.com/kafkarestmock/kafkarestmock/internal/resttest"
	"github.com/kafkarestmock/kafkarestmock/mockproxy"
)

// TestConcurrentCreateAndLookup creates consumer instances while other
// requests look instances up. Every request must get its answer (200 for
// a create, 404/40403 for an unknown instance) without a panic, and none
// may hang.
func TestConcurrentCreateAndLookup(t *testing.T) {
	t.Parallel()
	catcher := &panicCatcher{}
	srv := mockproxy.NewServer(t, mockproxy.WithoutListener(), mockproxy.WithLogger(slog.New(catcher)))
	done := make(chan struct{})
	go func() {
		defer close(done)
		var wg sync.WaitGroup
		for w := range 4 {
			wg.Go(func() {
				for i := range 200 {
					if w%2 == 0 {
						got := resttest.Do(t, srv, "POST", "/consumers/g", fmt.Sprintf(`{"name":"w%d-%d"}`, w, i), "Content-Type: "+ctV2)
						if got.Status != 200 {
							t.Errorf("create: %d %s", got.Status, got.Body)
							return
						}
						continue
					}
					got := resttest.Do(t, srv, "GET", "/consumers/g/instances/nope/subscription", "")
					if got.Status != 404 {
						t.Errorf("lookup: %d %s", got.Status, got.Body)
						return
					}
				}
			})
		}
		wg.Wait()
	}()
	select {
	case <-done:
	case <-time.After(20 * time.Second):
		t.Fatalf("requests still blocked after 20s; the server logged %q", catcher.logged())
	}
	if logged := catcher.logged(); len(logged) > 0 {
		t.Errorf("the server logged %q", logged)
	}
}
