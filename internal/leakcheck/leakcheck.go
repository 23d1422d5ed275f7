// Package leakcheck fails a test binary whose tests leave goroutines
// running: call Main from a package's TestMain.
package leakcheck

import (
	"fmt"
	"os"
	"runtime"
	"strings"
	"testing"
	"time"
)

// Main runs the tests, then fails the run if goroutines they started
// outlive them. It waits up to leakWait for such goroutines to end, which
// covers servers and connections that shut down asynchronously. It does
// not return.
func Main(m *testing.M) {
	code := m.Run()
	if code == 0 {
		if leaks := waitForLeaks(leakWait); len(leaks) > 0 {
			fmt.Fprintf(os.Stderr, "leak check: %d goroutine(s) still running after the tests:\n\n%s\n", len(leaks), strings.Join(leaks, "\n\n"))
			code = 1
		}
	}
	os.Exit(code)
}

const leakWait = 5 * time.Second

// leakMarkers identify goroutines the tests are responsible for: anything
// running or started by code of this module, and net/http servers,
// connections and transports. The runtime's and the testing package's own
// goroutines mention none of them, which is what goleak's default ignore
// list achieves by naming them one by one.
var leakMarkers = []string{
	"github.com/kafkarestmock/kafkarestmock/",
	"net/http.(*Server).Serve",
	"net/http.(*conn).serve",
	"net/http.(*persistConn).",
	"net/http.(*Transport).dialConnFor",
	"net/http/httptest.",
}

// waitForLeaks polls the goroutine list every 10 ms until no leaked
// goroutine is left or d has passed, and returns what is left.
func waitForLeaks(d time.Duration) []string {
	deadline := time.Now().Add(d)
	for {
		leaks := leakedGoroutines()
		if len(leaks) == 0 || time.Now().After(deadline) {
			return leaks
		}
		time.Sleep(10 * time.Millisecond)
	}
}

// leakedGoroutines returns the stacks of the goroutines, other than the
// calling one, that mention a leak marker.
func leakedGoroutines() []string {
	buf := make([]byte, 64<<10)
	for {
		n := runtime.Stack(buf, true)
		if n < len(buf) {
			buf = buf[:n]
			break
		}
		buf = make([]byte, 2*len(buf))
	}
	stacks := strings.Split(string(buf), "\n\n")
	var leaks []string
	for _, st := range stacks[1:] { // the calling goroutine comes first
		for _, marker := range leakMarkers {
			if strings.Contains(st, marker) {
				leaks = append(leaks, st)
				break
			}
		}
	}
	return leaks
}
