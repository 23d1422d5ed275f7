package mockproxy_test

import (
	"strings"
	"testing"

	"github.com/kafkarestmock/kafkarestmock/internal/resttest"
	"github.com/kafkarestmock/kafkarestmock/mockproxy"
)

// deepJSON is n nested arrays around a 1.
func deepJSON(n int) string { return strings.Repeat("[", n) + "1" + strings.Repeat("]", n) }

// TestJSONNestingDepth checks Jackson's default nesting limit on a body:
// the document (the body object, records, a record, and the value's own
// arrays) may hold 1000 arrays and objects open at once; one more is the
// StreamConstraintsException that databind wraps into a mapping error,
// answered 400 as other unreadable bodies, with the mapper's shortened
// name.
func TestJSONNestingDepth(t *testing.T) {
	t.Parallel()
	resttest.EachBackend(t, func(t *testing.T, b resttest.Backend) {
		srv := b.Start(t, mockproxy.WithoutListener(), mockproxy.WithTopic("t", 1))
		// {"records":[{"value": ... }]} opens 3 containers around the value.
		ok := `{"records":[{"value":` + deepJSON(997) + `}]}`
		resttest.Want(t, resttest.Do(t, srv, "POST", "/topics/t", ok, "Content-Type: "+ctV2J), 200, ctV2,
			`{"offsets":[{"partition":0,"offset":0,"error_code":null,"error":null}],"key_schema_id":null,"value_schema_id":null}`)
		deep := `{"records":[{"value":` + deepJSON(998) + `}]}`
		resttest.WantError(t, resttest.Do(t, srv, "POST", "/topics/t", deep, "Content-Type: "+ctV2J), 400, ctV2, 400,
			"Document nesting depth (1001) exceeds the maximum allowed (1000, from `getMaxNestingDepth()`)")
	})
}
