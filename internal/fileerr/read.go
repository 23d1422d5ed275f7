package fileerr

import (
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
)

// MaxFileBytes bounds the files ReadFile (and so ParseFile) reads: seed
// and scenario files are at most 64 MiB.
const MaxFileBytes = 64 << 20

// ErrNotRegular is the error of ReadFile for a path that names something
// other than a regular file (a device such as /dev/zero, a named pipe, a
// directory, a socket).
var ErrNotRegular = errors.New("not a regular file")

// ErrTooLarge is the error of ReadFile for a file over MaxFileBytes.
var ErrTooLarge = fmt.Errorf("over %d bytes (64 MiB), the most a seed or scenario file may hold", MaxFileBytes)

// ReadFile reads the regular file at path, of at most MaxFileBytes. It
// never blocks on a named pipe nor reads a device: the path is checked
// before it is opened, opened without blocking, and checked again once
// open. Errors from the file system are *fs.PathError; the others wrap
// ErrNotRegular (naming what the path is, as in "not a regular file (a
// named pipe)") or ErrTooLarge, without the path.
func ReadFile(path string) ([]byte, error) {
	fi, err := os.Stat(path)
	if err != nil {
		return nil, err
	}
	if err := checkRegular(fi); err != nil {
		return nil, err
	}
	f, err := os.OpenFile(path, os.O_RDONLY|openNonBlocking, 0)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	if fi, err = f.Stat(); err != nil {
		return nil, err
	}
	if err := checkRegular(fi); err != nil { // replaced since the first look
		return nil, err
	}
	data, err := io.ReadAll(io.LimitReader(f, MaxFileBytes+1))
	if err != nil {
		return nil, err
	}
	if len(data) > MaxFileBytes {
		return nil, ErrTooLarge
	}
	return data, nil
}

// checkRegular refuses what is not a regular file of at most MaxFileBytes.
func checkRegular(fi fs.FileInfo) error {
	m := fi.Mode()
	switch {
	case m.IsRegular():
		if fi.Size() > MaxFileBytes {
			return ErrTooLarge
		}
		return nil
	case m.IsDir():
		return fmt.Errorf("%w (a directory)", ErrNotRegular)
	case m&fs.ModeNamedPipe != 0:
		return fmt.Errorf("%w (a named pipe)", ErrNotRegular)
	case m&fs.ModeSocket != 0:
		return fmt.Errorf("%w (a socket)", ErrNotRegular)
	case m&fs.ModeDevice != 0:
		return fmt.Errorf("%w (a device)", ErrNotRegular)
	}
	return ErrNotRegular
}
