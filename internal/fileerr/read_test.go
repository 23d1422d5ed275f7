package fileerr_test

import (
	"errors"
	"io/fs"
	"os"
	"path/filepath"
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/kafkarestmock/kafkarestmock/internal/fileerr"
)

// TestReadFile: only regular files of at most MaxFileBytes are read; a
// device, a directory or a file over the bound is refused before a byte
// is read.
func TestReadFile(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	small := filepath.Join(dir, "small.json")
	if err := os.WriteFile(small, []byte(`{"faults":[]}`), 0o644); err != nil {
		t.Fatal(err)
	}
	big := filepath.Join(dir, "big.json")
	f, err := os.Create(big)
	if err != nil {
		t.Fatal(err)
	}
	if err := f.Truncate(fileerr.MaxFileBytes + 1); err != nil { // sparse: nothing is written
		t.Fatal(err)
	}
	f.Close()
	data, err := fileerr.ReadFile(small)
	if err != nil || string(data) != `{"faults":[]}` {
		t.Errorf("ReadFile(small) = %q, %v", data, err)
	}
	tests := []struct {
		path string
		is   error
		want string
	}{
		{big, fileerr.ErrTooLarge, "over 67108864 bytes (64 MiB), the most a seed or scenario file may hold"},
		{dir, fileerr.ErrNotRegular, "not a regular file (a directory)"},
		{"/dev/zero", fileerr.ErrNotRegular, "not a regular file (a device)"},
		{filepath.Join(dir, "missing"), fs.ErrNotExist, "stat " + filepath.Join(dir, "missing") + ": no such file or directory"},
	}
	for _, tt := range tests {
		if tt.path == "/dev/zero" {
			if _, err := os.Stat(tt.path); err != nil {
				continue // no such device here
			}
		}
		_, err := fileerr.ReadFile(tt.path)
		if !errors.Is(err, tt.is) {
			t.Errorf("ReadFile(%s) = %v, want %v", tt.path, err, tt.is)
			continue
		}
		if diff := cmp.Diff(tt.want, err.Error()); diff != "" {
			t.Errorf("ReadFile(%s) error mismatch (-want +got):\n%s", tt.path, diff)
		}
	}
	if _, err := fileerr.ParseFile("/dev/zero", func(b []byte) (int, error) { return len(b), nil }); err != nil {
		if diff := cmp.Diff("/dev/zero: not a regular file (a device)", err.Error()); diff != "" {
			t.Errorf("ParseFile(/dev/zero) error mismatch (-want +got):\n%s", diff)
		}
	}
}
