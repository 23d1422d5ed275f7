package schemareg

import (
	"fmt"

	"github.com/kafkarestmock/kafkarestmock/internal/jsonv"
)

// jsonNode is a parsed JSON Schema document, members in source order.
type jsonNode = jsonv.Value

// parseJSONSchema checks that text is a JSON Schema document (an object or
// a boolean) and returns its canonical text: Jackson's compact print of the
// tree, as JsonSchema.canonicalString() writes it (members in source order,
// numbers as written: the provider's mapper keeps floats as BigDecimal).
//
// References are accepted and recorded but not resolved: a "$ref" to
// another subject's schema is not followed by the compatibility checks.
func parseJSONSchema(text string, _ []resolvedRef) (parsed, error) {
	v, ok, err := jsonv.Parse([]byte(text))
	if err != nil {
		return parsed{}, err
	}
	if !ok {
		return parsed{}, fmt.Errorf("No content to map due to end-of-input")
	}
	if v.Kind != jsonv.Object && v.Kind != jsonv.Bool {
		return parsed{}, fmt.Errorf("Invalid JSON Schema: %s", v.Raw)
	}
	node := v
	return parsed{canonical: string(appendCompact(nil, v, numbersAsWritten)), json: &node}, nil
}
