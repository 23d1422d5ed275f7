//go:build unix

package fileerr_test

import (
	"errors"
	"path/filepath"
	"syscall"
	"testing"

	"github.com/kafkarestmock/kafkarestmock/internal/fileerr"
)

// TestReadFileFIFO: a named pipe with no writer is refused at once
// instead of blocking the read forever.
func TestReadFileFIFO(t *testing.T) {
	t.Parallel()
	fifo := filepath.Join(t.TempDir(), "pipe.json")
	if err := syscall.Mkfifo(fifo, 0o600); err != nil {
		t.Skipf("mkfifo: %v", err)
	}
	_, err := fileerr.ReadFile(fifo)
	if !errors.Is(err, fileerr.ErrNotRegular) || err.Error() != "not a regular file (a named pipe)" {
		t.Errorf("ReadFile(fifo) = %v, want not a regular file (a named pipe)", err)
	}
}
