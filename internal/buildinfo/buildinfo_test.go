package buildinfo

import (
	"runtime/debug"
	"testing"
)

func TestVersionOf(t *testing.T) {
	mod := func(path, version string) debug.Module { return debug.Module{Path: path, Version: version} }
	replaced := mod(modulePath, "v0.1.0")
	replaced.Replace = &debug.Module{Path: "../kafkarestmock", Version: ""}
	tests := []struct {
		name string
		bi   debug.BuildInfo
		want string
	}{
		{"binary built from a tag", debug.BuildInfo{Main: mod(modulePath, "v1.2.3")}, "v1.2.3"},
		{"go run in the work tree", debug.BuildInfo{Main: mod(modulePath, "(devel)")}, "devel"},
		{"imported by a test", debug.BuildInfo{Main: mod("example.com/app", "(devel)"), Deps: []*debug.Module{
			{Path: "github.com/google/go-cmp", Version: "v0.7.0"}, {Path: modulePath, Version: "v0.4.0"},
		}}, "v0.4.0"},
		{"imported through a local replace", debug.BuildInfo{Main: mod("example.com/app", ""), Deps: []*debug.Module{&replaced}}, "devel"},
		{"not linked at all", debug.BuildInfo{Main: mod("example.com/app", "v9.9.9")}, "devel"},
	}
	for _, tt := range tests {
		if got := versionOf(&tt.bi); got != tt.want {
			t.Errorf("%s: versionOf = %q, want %q", tt.name, got, tt.want)
		}
	}
}
