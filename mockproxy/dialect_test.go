package mockproxy_test

import (
	"fmt"
	"testing"

	"github.com/kafkarestmock/kafkarestmock/fakelog"
	"github.com/kafkarestmock/kafkarestmock/internal/resttest"
	"github.com/kafkarestmock/kafkarestmock/mockproxy"
)

// TestReadUndecodableByDialect reads a record the consumer's deserializer
// refuses. The answer is the dialect's, not the profile's: v1 is always
// Confluent 5.5 (500/50002), whatever the profile; v2 is 5.5 in the
// legacy profile and current (408/40801, from 6.2) otherwise. Both carry
// the SerializationException's text.
func TestReadUndecodableByDialect(t *testing.T) {
	t.Parallel()
	resttest.EachBackend(t, testReadUndecodableByDialect)
}

func testReadUndecodableByDialect(t *testing.T, bc resttest.Backend) {
	const (
		ctV1A     = "application/vnd.kafka.avro.v1+json"
		ctV2A     = "application/vnd.kafka.avro.v2+json"
		notJSON   = "com.fasterxml.jackson.core.JsonParseException: Unrecognized token 'not': was expecting (JSON String, Number, Array, Object or token 'null', 'true' or 'false')"
		noMagic   = "Error deserializing key/value for partition nj-0 at offset 0. If needed, please seek past the record to continue consumption."
		createFmt = `{"name":"c","format":"%s","auto.offset.reset":"%s","consumer.request.timeout.ms":10000}`
	)
	tests := []struct {
		name    string
		profile mockproxy.Profile
		api     string // "v1" or "v2"
		format  string
		accept  string

		status      int
		contentType string
		code        int
		message     string
	}{
		{"v1 json, all", mockproxy.ProfileAll, "v1", "json", ctV1J, 500, ctV1J, 50002, notJSON},
		{"v1 json, legacy", mockproxy.ProfileLegacy, "v1", "json", ctV1J, 500, ctV1J, 50002, notJSON},
		{"v1 avro, all", mockproxy.ProfileAll, "v1", "avro", ctV1A, 500, ctV1A, 50002, noMagic},
		{"v1 avro, legacy", mockproxy.ProfileLegacy, "v1", "avro", ctV1A, 500, ctV1A, 50002, noMagic},
		{"v2 json, all", mockproxy.ProfileAll, "v2", "json", ctV2J, 408, ctV2J, 40801, notJSON},
		{"v2 json, legacy", mockproxy.ProfileLegacy, "v2", "json", ctV2J, 500, ctV2J, 50002, notJSON},
		{"v2 json, modern", mockproxy.ProfileModern, "v2", "json", ctV2J, 408, ctV2J, 40801, notJSON},
		{"v2 avro, all", mockproxy.ProfileAll, "v2", "avro", ctV2A, 408, ctV2A, 40801, noMagic},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			srv := bc.Start(t, mockproxy.WithProfile(tc.profile), mockproxy.WithTopic("nj", 1))
			produceTo(t, srv, "nj", 0, fakelog.Record{Value: []byte("not json")})
			var got resttest.Response
			if tc.api == "v1" {
				resttest.Must(t, srv, 200, "POST", "/consumers/g", fmt.Sprintf(createFmt, tc.format, "smallest"), "Content-Type: "+ctV1)
				got = resttest.Do(t, srv, "GET", "/consumers/g/instances/c/topics/nj", "", "Accept: "+tc.accept)
			} else {
				resttest.Must(t, srv, 200, "POST", "/consumers/g", fmt.Sprintf(createFmt, tc.format, "earliest"), "Content-Type: "+ctV2)
				resttest.Must(t, srv, 204, "POST", "/consumers/g/instances/c/subscription", `{"topics":["nj"]}`, "Content-Type: "+ctV2)
				got = resttest.Do(t, srv, "GET", "/consumers/g/instances/c/records", "", "Accept: "+tc.accept)
			}
			resttest.WantError(t, got, tc.status, tc.contentType, tc.code, tc.message)
		})
	}
}
