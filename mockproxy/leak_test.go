package mockproxy_test

import (
	"flag"
	"fmt"
	"os"
	"testing"

	"go.uber.org/goleak"
)

// TestMain fails the run when goroutines started by the tests outlive
// them, and, when every test ran, when a v3 operation of the spec lacks a
// tested success or error answer (v3Coverage).
func TestMain(m *testing.M) {
	code := m.Run()
	if code == 0 {
		if f := flag.Lookup("test.run"); f != nil && f.Value.String() == "" {
			if missing := v3Coverage.missing(); len(missing) > 0 {
				fmt.Fprintf(os.Stderr, "v3 operations without a tested answer of each kind:\n")
				for _, m := range missing {
					fmt.Fprintf(os.Stderr, "\t%s\n", m)
				}
				code = 1
			}
		}
	}
	if code == 0 {
		goleak.VerifyTestMain(exitCode(0))
		return
	}
	os.Exit(code)
}

// exitCode is an already finished run, for goleak.VerifyTestMain.
type exitCode int

func (c exitCode) Run() int { return int(c) }
