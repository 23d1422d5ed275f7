package mockproxy

import (
	"errors"
	"fmt"
	"strings"

	"github.com/kafkarestmock/kafkarestmock/internal/media"
	"github.com/kafkarestmock/kafkarestmock/scenario"
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

// profileTraits is what a profile serves as a whole.
type profileTraits struct {
	v1       bool // API v1 is served
	v3       bool // API v3 is served
	legacyV2 bool // v2 answers as Confluent 5.x did
	// errorTypes are the types an error raised before a resource method
	// is chosen takes from an exact Accept match
	// (response.mediatype.preferred), errorTypeDefault the type otherwise.
	errorTypes       []string
	errorTypeDefault string
}

// traits is the profile table.
func (p Profile) traits() profileTraits {
	switch p {
	case ProfileLegacy:
		return profileTraits{v1: true, legacyV2: true,
			errorTypes: []string{media.V1, media.KafkaJSON, media.JSON}, errorTypeDefault: media.V1}
	case ProfileModern:
		return profileTraits{v3: true, errorTypes: []string{media.JSON, media.V2}, errorTypeDefault: media.JSON}
	}
	return profileTraits{v1: true, v3: true, errorTypes: []string{media.JSON, media.V2}, errorTypeDefault: media.JSON}
}

// hasV1 reports whether API v1 is served.
func (p Profile) hasV1() bool { return p.traits().v1 }

// hasV3 reports whether API v3 is served.
func (p Profile) hasV3() bool { return p.traits().v3 }

// legacyV2 reports whether v2 answers as Confluent 5.x did.
func (p Profile) legacyV2() bool { return p.traits().legacyV2 }

// dialect is how one API version answers in one profile: every quirk that
// differs between versions, as a field a handler reads instead of asking
// the profile. The server builds one per API version at start; a call
// carries the one of its endpoint.
type dialect struct {
	// legacy is 5.x's behaviour (API v1 always, v2 in the legacy profile):
	// 5.x entities and validation, the answers of versionedErrors, and
	// Kafka 2.5's names for Kafka errors.
	legacy bool
	// partitionPrecheck: produce to a partition answers 40402 for a path
	// partition the existing topic lacks before decoding records (5.x v2;
	// v1 and current v2 report the record instead).
	partitionPrecheck bool
	// oldConsumer: consumer instances are 5.x's v1 consumers (Kafka's old
	// Scala consumer): auto.commit.enable is forced off, auto.offset.reset
	// takes smallest or largest (default largest), and a non-boolean
	// auto.commit.enable is an unmapped exception.
	oldConsumer bool
}

// dialects holds a server's dialects by API version.
type dialects [apiV3 + 1]*dialect

// newDialects builds the dialects of a profile.
func newDialects(p Profile) dialects {
	var ds dialects
	for _, api := range []apiVersion{apiV1, apiV2, apiV3} {
		legacy := api == apiV1 || (api == apiV2 && p.legacyV2())
		ds[api] = &dialect{legacy: legacy, partitionPrecheck: api == apiV2 && legacy, oldConsumer: api == apiV1}
	}
	return ds
}

// render resolves an answer that depends on the dialect.
func (d *dialect) render(err error) error {
	var ve *versionedError
	if !errors.As(err, &ve) {
		return err
	}
	if d != nil && d.legacy {
		return ve.legacy
	}
	return ve.current
}

// kafka is a Kafka error as the dialect's Kafka client names it.
func (d *dialect) kafka(ke scenario.KafkaError) scenario.KafkaError {
	if d.legacy {
		ke, _ = kafka25(ke)
	}
	return ke
}
