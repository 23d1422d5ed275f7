package jsonschemafmt

import (
	"encoding/json"
	"fmt"
	"math/big"
	"slices"
	"strconv"
	"strings"

	"github.com/santhosh-tekuri/jsonschema/v6"
	"github.com/santhosh-tekuri/jsonschema/v6/kind"
)

// ValidationError is a failed validation in everit's words.
type ValidationError struct {
	// Message is everit's ValidationException.getMessage(): one violation's
	// "<pointer>: <text>", or "<pointer>: N schema violations found" at the
	// deepest object or array holding several.
	Message string
	// Violations are the single violations, in the validator's order.
	Violations []Violation
}

// Violation is one everit violation.
type Violation struct {
	Pointer string // "#", "#/age", "#/items/0"
	Text    string // "expected type: Integer, found: String"
}

func (e *ValidationError) Error() string { return e.Message }

// String is the violation as everit prints it: "#/age: expected ...".
func (v Violation) String() string { return v.Pointer + ": " + v.Text }

// leaf is one violation with its instance path.
type leaf struct {
	path []string
	text string
}

// everit converts the validator's error tree to everit's messages. Not
// mapped (the validator's own English is kept): not, if/then/else,
// contains, propertyNames, dependentSchemas, content*, unevaluated*, $ref
// cycles. A multi-type "type" and the combinators print everit's
// CombinedSchema texts ("#: no subschema matched out of the total 2
// subschemas", which everit prefixes with the pointer twice).
func everit(ve *jsonschema.ValidationError, inst any) *ValidationError {
	var leaves []leaf
	collect(ve, inst, &leaves)
	if len(leaves) == 0 { // cannot happen; keep the validator's text
		leaves = append(leaves, leaf{ve.InstanceLocation, ve.Error()})
	}
	out := &ValidationError{}
	for _, l := range leaves {
		out.Violations = append(out.Violations, Violation{pointer(l.path), l.text})
	}
	out.Message = summary(leaves, 0)
	return out
}

// summary is the message everit's nested ValidationException.throwFor
// calls produce: at each level the violations located there plus one per
// child holding any; a single one passes up unchanged, several become
// "N schema violations found" at that level.
func summary(leaves []leaf, depth int) string {
	here := 0
	var children []string
	for _, l := range leaves {
		if len(l.path) == depth {
			here++
		} else if seg := l.path[depth]; !slices.Contains(children, seg) {
			children = append(children, seg)
		}
	}
	if here+len(children) == 1 {
		if here == 1 {
			return pointer(leaves[0].path) + ": " + leaves[0].text
		}
		return summary(leaves, depth+1)
	}
	return fmt.Sprintf("%s: %d schema violations found", pointer(leaves[0].path[:depth]), len(leaves))
}

// pointer is everit's JSON pointer of a violation: "#" then "/"-separated
// escaped segments.
func pointer(path []string) string {
	var b strings.Builder
	b.WriteByte('#')
	for _, seg := range path {
		b.WriteByte('/')
		seg = strings.ReplaceAll(seg, "~", "~0")
		b.WriteString(strings.ReplaceAll(seg, "/", "~1"))
	}
	return b.String()
}

func collect(ve *jsonschema.ValidationError, inst any, out *[]leaf) {
	path := ve.InstanceLocation
	add := func(text string) { *out = append(*out, leaf{path, text}) }
	subject := lookup(inst, path)
	switch k := ve.ErrorKind.(type) {
	case *kind.Group, *kind.Schema, *kind.Reference:
		for _, c := range ve.Causes {
			collect(c, inst, out)
		}
	case *kind.Type:
		if len(k.Want) != 1 {
			add(fmt.Sprintf("#: no subschema matched out of the total %d subschemas", len(k.Want)))
			break
		}
		if k.Want[0] == "null" {
			add("expected: null, found: " + javaClass(subject))
			break
		}
		add(fmt.Sprintf("expected type: %s, found: %s", javaTypeName(k.Want[0]), javaClass(subject)))
	case *kind.Required:
		for _, name := range k.Missing {
			add(fmt.Sprintf("required key [%s] not found", name))
		}
	case *kind.AdditionalProperties:
		for _, name := range k.Properties {
			add(fmt.Sprintf("extraneous key [%s] is not permitted", name))
		}
	case *kind.Dependency:
		for _, name := range k.Missing {
			add(fmt.Sprintf("property [%s] is required", name))
		}
	case *kind.Enum:
		add(javaString(subject) + " is not a valid enum value")
	case *kind.Const:
		add("")
	case *kind.Minimum:
		add(javaString(subject) + " is not greater or equal to " + ratString(k.Want))
	case *kind.Maximum:
		add(javaString(subject) + " is not less or equal to " + ratString(k.Want))
	case *kind.ExclusiveMinimum:
		add(javaString(subject) + " is not greater than " + ratString(k.Want))
	case *kind.ExclusiveMaximum:
		add(javaString(subject) + " is not less than " + ratString(k.Want))
	case *kind.MultipleOf:
		add(javaString(subject) + " is not a multiple of " + ratString(k.Want))
	case *kind.MinLength:
		add(fmt.Sprintf("expected minLength: %d, actual: %d", k.Want, k.Got))
	case *kind.MaxLength:
		add(fmt.Sprintf("expected maxLength: %d, actual: %d", k.Want, k.Got))
	case *kind.Pattern:
		add(fmt.Sprintf("string [%s] does not match pattern %s", k.Got, k.Want))
	case *kind.MinItems:
		add(fmt.Sprintf("expected minimum item count: %d, found: %d", k.Want, k.Got))
	case *kind.MaxItems:
		add(fmt.Sprintf("expected maximum item count: %d, found: %d", k.Want, k.Got))
	case *kind.UniqueItems:
		add("array items are not unique")
	case *kind.AdditionalItems:
		arr, _ := subject.([]any)
		add(fmt.Sprintf("expected: [%d] array items, found: [%d]", k.Count, len(arr)))
	case *kind.MinProperties:
		add(fmt.Sprintf("minimum size: [%d], found: [%d]", k.Want, k.Got))
	case *kind.MaxProperties:
		add(fmt.Sprintf("maximum size: [%d], found: [%d]", k.Want, k.Got))
	case *kind.FalseSchema:
		add("false schema always fails")
	case *kind.Format:
		add(formatText(k.Want, javaString(subject)))
	case *kind.AnyOf:
		add(fmt.Sprintf("#: no subschema matched out of the total %d subschemas", len(ve.Causes)))
	case *kind.OneOf:
		add(fmt.Sprintf("#: %d subschemas matched instead of one", len(k.Subschemas)))
	case *kind.AllOf:
		add(fmt.Sprintf("#: only %d subschema matches out of %d", countMatches(ve), len(ve.Causes)+countMatches(ve)))
	default:
		if len(ve.Causes) > 0 {
			for _, c := range ve.Causes {
				collect(c, inst, out)
			}
			break
		}
		add(strings.TrimPrefix(ve.Error(), "at '"+strings.Join(path, "/")+"': "))
	}
}

// countMatches is not known from the validator's tree for allOf (it reports
// only failing subschemas); everit's count is approximated as 0.
func countMatches(*jsonschema.ValidationError) int { return 0 }

// formatText is everit's format-validator message.
func formatText(format, s string) string {
	switch format {
	case "email":
		return fmt.Sprintf("[%s] is not a valid email address", s)
	case "hostname":
		return fmt.Sprintf("[%s] is not a valid hostname", s)
	case "ipv4", "ipv6":
		return fmt.Sprintf("[%s] is not a valid %s address", s, format)
	case "uri":
		return fmt.Sprintf("[%s] is not a valid URI", s)
	case "uri-reference":
		return fmt.Sprintf("[%s] is not a valid URI reference", s)
	case "uri-template":
		return fmt.Sprintf("[%s] is not a valid URI template", s)
	case "json-pointer":
		return fmt.Sprintf("[%s] is not a valid JSON pointer", s)
	case "relative-json-pointer":
		return fmt.Sprintf("[%s] is not a valid relative JSON Pointer", s)
	case "regex":
		return fmt.Sprintf("[%s] is not a valid regular expression", s)
	case "date-time":
		return fmt.Sprintf("[%s] is not a valid date-time. Expected [yyyy-MM-dd'T'HH:mm:ssZ, yyyy-MM-dd'T'HH:mm:ss.[0-9]{1,9}Z, yyyy-MM-dd'T'HH:mm:ss[+-]HH:mm, yyyy-MM-dd'T'HH:mm:ss.[0-9]{1,9}[+-]HH:mm]", s)
	case "date":
		return fmt.Sprintf("[%s] is not a valid date. Expected [yyyy-MM-dd]", s)
	case "time":
		return fmt.Sprintf("[%s] is not a valid time. Expected [HH:mm:ssZ, HH:mm:ss.[0-9]{1,9}Z, HH:mm:ss[+-]HH:mm, HH:mm:ss.[0-9]{1,9}[+-]HH:mm]", s)
	}
	return fmt.Sprintf("[%s] is not a valid %s", s, format)
}

// javaTypeName is the class everit expects for a JSON Schema type.
func javaTypeName(t string) string {
	switch t {
	case "integer":
		return "Integer"
	case "number":
		return "Number"
	case "string":
		return "String"
	case "boolean":
		return "Boolean"
	case "object":
		return "JSONObject"
	case "array":
		return "JSONArray"
	}
	return t
}

// javaClass is the simple class name of the org.json value everit sees:
// Integer, Long or BigInteger for integers by size, Double for other
// numbers (from the proxy's Jackson DoubleNode), Null for JSON null.
func javaClass(v any) string {
	switch v := v.(type) {
	case nil:
		return "Null"
	case string:
		return "String"
	case bool:
		return "Boolean"
	case map[string]any:
		return "JSONObject"
	case []any:
		return "JSONArray"
	case json.Number:
		s := string(v)
		if strings.ContainsAny(s, ".eE") {
			return "Double"
		}
		i, err := strconv.ParseInt(s, 10, 64)
		switch {
		case err != nil:
			return "BigInteger"
		case int64(int32(i)) == i:
			return "Integer"
		}
		return "Long"
	}
	return fmt.Sprintf("%T", v)
}

// javaString is the value's Java toString as everit concatenates it.
func javaString(v any) string {
	switch v := v.(type) {
	case nil:
		return "null"
	case string:
		return v
	case bool:
		return strconv.FormatBool(v)
	case json.Number:
		return string(jacksonNumber(string(v)))
	}
	b, _ := json.Marshal(v)
	return string(b)
}

// ratString prints a schema number: an integer as digits, anything else as
// Java's Double.toString.
func ratString(r *big.Rat) string {
	if r.IsInt() {
		return r.Num().String()
	}
	f, _ := r.Float64()
	return javaDouble(f)
}

// lookup returns the instance value at path.
func lookup(v any, path []string) any {
	for _, seg := range path {
		switch c := v.(type) {
		case map[string]any:
			v = c[seg]
		case []any:
			i, err := strconv.Atoi(seg)
			if err != nil || i < 0 || i >= len(c) {
				return nil
			}
			v = c[i]
		default:
			return nil
		}
	}
	return v
}
