// Package buildinfo tells which version of kafkarestmock is running, for
// the binary's --version and the admin API's GET /_mock/info.
package buildinfo

import "runtime/debug"

// modulePath is the module whose version is reported.
const modulePath = "github.com/kafkarestmock/kafkarestmock"

// Version returns the module's version from the build information: the
// main module's when kafkarestmock is the program, the dependency's when
// a test or program imports it, and "devel" when there is none (as under
// go run or go test from a work tree). It is safe for concurrent use.
func Version() string {
	bi, ok := debug.ReadBuildInfo()
	if !ok {
		return "devel"
	}
	return versionOf(bi)
}

// versionOf finds the module in bi.
func versionOf(bi *debug.BuildInfo) string {
	v := ""
	if bi.Main.Path == modulePath {
		v = bi.Main.Version
	} else {
		for _, d := range bi.Deps {
			if d.Path != modulePath {
				continue
			}
			if d.Replace != nil {
				d = d.Replace
			}
			v = d.Version
		}
	}
	if v == "" || v == "(devel)" {
		return "devel"
	}
	return v
}
