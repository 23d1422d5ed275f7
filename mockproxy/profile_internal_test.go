package mockproxy

import (
	"testing"

	"github.com/google/go-cmp/cmp"
)

// TestDialects is the table of dialects: v1 is always Confluent 5.5's;
// v2 is 5.5's in the legacy profile and current servers' otherwise.
func TestDialects(t *testing.T) {
	t.Parallel()
	v1 := dialect{legacy: true, oldConsumer: true}
	legacyV2 := dialect{legacy: true, partitionPrecheck: true}
	current := dialect{}
	for _, tc := range []struct {
		profile Profile
		v1, v2  dialect
	}{
		{ProfileAll, v1, current},
		{ProfileLegacy, v1, legacyV2},
		{ProfileModern, v1, current},
	} {
		ds := newDialects(tc.profile)
		got := []dialect{*ds[apiV1], *ds[apiV2], *ds[apiV3]}
		want := []dialect{tc.v1, tc.v2, current}
		if diff := cmp.Diff(want, got, cmp.AllowUnexported(dialect{})); diff != "" {
			t.Errorf("%s dialects v1, v2, v3 (-want +got):\n%s", tc.profile, diff)
		}
	}
}

// TestDialectRender checks that a versionedError is answered in the
// dialect of the call, and anything else as it is.
func TestDialectRender(t *testing.T) {
	t.Parallel()
	ds := newDialects(ProfileAll)
	for _, tc := range []struct {
		d    *dialect
		err  error
		want error
	}{
		{ds[apiV1], errTopicMissing, errTopicNotFound},
		{ds[apiV2], errTopicMissing, errUnknownTopicOrPartition},
		{nil, errTopicMissing, errUnknownTopicOrPartition},
		{ds[apiV1], errConsumerNotFound, errConsumerNotFound},
	} {
		if got := tc.d.render(tc.err); got != tc.want {
			t.Errorf("render(%v) = %v, want %v", tc.err, got, tc.want)
		}
	}
}
