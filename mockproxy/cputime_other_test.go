//go:build !linux

package mockproxy_test

import "time"

// threadCPU is 0 where the thread's CPU time is not read: the CPU-time
// metrics are then not reported.
func threadCPU() time.Duration { return 0 }
