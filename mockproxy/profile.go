package mockproxy

import (
	"fmt"
	"strings"
)

// Profile chooses which Confluent REST Proxy the server emulates where
// versions answer the same request differently (see FIDELITY.md).
type Profile int

const (
	// ProfileAll serves API v1 as Confluent 5.5 did beside v2 (and v3) as
	// current Confluent serves them. Generic media types (application/json,
	// application/vnd.kafka+json, application/octet-stream) on v1/v2 paths
	// go to v1. It is the default.
	ProfileAll Profile = iota
	// ProfileLegacy is exactly Confluent 5.5: v1 and v2 with 5.x answers.
	ProfileLegacy
	// ProfileModern is exactly current Confluent (6.x and later): v2 and v3;
	// v1 media types are refused.
	ProfileModern
)

// String returns the name used by ParseProfile and the --profile flag.
func (p Profile) String() string {
	switch p {
	case ProfileAll:
		return "all"
	case ProfileLegacy:
		return "legacy"
	case ProfileModern:
		return "modern"
	}
	return fmt.Sprintf("Profile(%d)", int(p))
}

// ParseProfile parses "all", "legacy" or "modern" (case-insensitive).
func ParseProfile(s string) (Profile, error) {
	switch strings.ToLower(strings.TrimSpace(s)) {
	case "all", "":
		return ProfileAll, nil
	case "legacy":
		return ProfileLegacy, nil
	case "modern":
		return ProfileModern, nil
	}
	return 0, fmt.Errorf("unknown profile %q (want all, legacy or modern)", s)
}

// hasV1 reports whether API v1 is served.
func (p Profile) hasV1() bool { return p != ProfileModern }

// legacyV2 reports whether v2 answers as Confluent 5.x did.
func (p Profile) legacyV2() bool { return p == ProfileLegacy }
