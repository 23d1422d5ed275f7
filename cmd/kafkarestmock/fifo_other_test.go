//go:build !unix

package main

import "errors"

// mkfifo fails where there are no named pipes.
func mkfifo(string) error { return errors.New("no named pipes") }
