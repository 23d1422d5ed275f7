package backend_test

import (
	"strings"
	"testing"

	"github.com/kafkarestmock/kafkarestmock/backend"
)

func TestValidTopicName(t *testing.T) {
	t.Parallel()
	tests := map[string]bool{
		"":                        false,
		".":                       false,
		"..":                      false,
		"...":                     true,
		"a":                       true,
		"Orders_2024.v1-x":        true,
		strings.Repeat("x", 249):  true,
		strings.Repeat("x", 250):  false,
		"with space":              false,
		"tab\t":                   false,
		"plus+":                   false,
		"star*":                   false,
		"é":                       false,
		"\x00":                    false,
		"__consumer_offsets":      true,
		"-leading-dash-is-legal-": true,
	}
	for name, want := range tests {
		if got := backend.ValidTopicName(name); got != want {
			t.Errorf("ValidTopicName(%q) = %v, want %v", name, got, want)
		}
	}
}
