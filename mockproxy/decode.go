package mockproxy

import (
	"errors"
	"math"
	"strconv"
	"strings"

	"github.com/kafkarestmock/kafkarestmock/internal/jsonv"
)

// This file maps JSON request bodies onto the real proxy's Java entities
// the way Jackson does, with Jackson's error texts: wrong shapes are 400
// "Cannot deserialize value of type ...", unknown properties are 422
// "Unrecognized field: <name>", scalars are coerced as Jackson's defaults
// allow (numbers and booleans to strings, numeric strings and floats to
// integers).

// parseBody reads and parses the request body. ok is false for an absent,
// empty or whitespace-only body and for the literal null, which Jersey
// hands to the method as a null entity.
func (c *call) parseBody() (v jsonv.Value, ok bool, err error) {
	return c.parseBodyDepth(-1)
}

// parseBodyDepth is parseBody building the arrays and objects of the body
// only down to depth (jsonv.ParseDepth): deeper ones are checked, with
// the same errors, but kept as text.
func (c *call) parseBodyDepth(depth int) (v jsonv.Value, ok bool, err error) {
	return c.parseBodyIn(nil, depth)
}

// parseBodyIn is parseBodyDepth reading and parsing in sc's memory (nil:
// new memory). The values it returns are valid while c holds sc.
func (c *call) parseBodyIn(sc *produceScratch, depth int) (v jsonv.Value, ok bool, err error) {
	var body []byte
	if sc == nil {
		body, err = c.readBody()
	} else {
		body, err = c.readBodyInto(sc.body)
		sc.body = body
	}
	if err != nil {
		return jsonv.Value{}, false, err
	}
	if sc == nil {
		v, ok, err = jsonv.ParseDepth(body, depth)
	} else {
		v, ok, err = sc.parser.ParseDepth(body, depth)
	}
	if err != nil {
		var se *jsonv.SyntaxError
		if errors.As(err, &se) && se.Limit != "" {
			return jsonv.Value{}, false, errJSONLimit(se.Msg)
		}
		if errors.As(err, &se) {
			return jsonv.Value{}, false, errJSONSyntax(se.Msg)
		}
		return jsonv.Value{}, false, err
	}
	if ok && v.Kind == jsonv.Null {
		return jsonv.Value{}, false, nil
	}
	return v, ok, nil
}

// jacksonKind names what a value is as Jackson reports it: the token it
// starts with and the kind in "Cannot deserialize value of type ... from
// <kind> value".
func jacksonKind(v jsonv.Value) (token, kind string) {
	switch v.Kind {
	case jsonv.Object:
		return "START_OBJECT", "Object"
	case jsonv.Array:
		return "START_ARRAY", "Array"
	case jsonv.String:
		return "VALUE_STRING", "String"
	case jsonv.Number:
		if isIntegral(v.Raw) {
			return "VALUE_NUMBER_INT", "Integer"
		}
		return "VALUE_NUMBER_FLOAT", "Floating-point"
	case jsonv.Bool:
		if string(v.Raw) == "true" {
			return "VALUE_TRUE", "Boolean"
		}
		return "VALUE_FALSE", "Boolean"
	}
	return "VALUE_NULL", "Null"
}

func isIntegral(raw []byte) bool {
	for _, c := range raw {
		if c == '.' || c == 'e' || c == 'E' {
			return false
		}
	}
	return true
}

// mismatch is Jackson's MismatchedInputException text.
func mismatch(javaType string, v jsonv.Value) *apiError {
	token, kind := jacksonKind(v)
	return errCannotDeserialize(javaType, kind, token)
}

// expectObject checks that v is a JSON object for javaType.
func expectObject(v jsonv.Value, javaType string) error {
	if v.Kind != jsonv.Object {
		return mismatch(javaType, v)
	}
	return nil
}

// checkFields answers 422 for the first property not in known.
func checkFields(v jsonv.Value, known ...string) error {
next:
	for _, f := range v.Fields {
		for _, k := range known {
			if f.Name == k {
				continue next
			}
		}
		return errUnrecognizedField(f.Name)
	}
	return nil
}

// decodeInt decodes a Java Integer (bits 32) or Long (bits 64). null
// gives isNull. Numeric strings and floating-point numbers are coerced.
func decodeInt(v jsonv.Value, bits int) (n int64, isNull bool, err error) {
	javaType, javaPrim := "java.lang.Integer", "int"
	lo, hi := int64(math.MinInt32), int64(math.MaxInt32)
	if bits == 64 {
		javaType, javaPrim = "java.lang.Long", "long"
		lo, hi = math.MinInt64, math.MaxInt64
	}
	switch v.Kind {
	case jsonv.Null:
		return 0, true, nil
	case jsonv.Number:
		raw := string(v.Raw)
		if isIntegral(v.Raw) {
			n, err := strconv.ParseInt(raw, 10, bits)
			if err != nil {
				return 0, false, errNumericRange(raw, javaPrim, lo, hi)
			}
			return n, false, nil
		}
		f, err := strconv.ParseFloat(raw, 64)
		if err != nil || f < float64(lo) || f > float64(hi) || math.IsNaN(f) {
			return 0, false, errNumericRange(raw, javaPrim, lo, hi)
		}
		// Java's (long) cast saturates; float64(hi) rounds up to 2^63.
		if f >= float64(hi) {
			return hi, false, nil
		}
		return int64(f), false, nil
	case jsonv.String:
		s := strings.TrimSpace(v.Str())
		if s == "" {
			return 0, true, nil
		}
		n, err := strconv.ParseInt(s, 10, bits)
		if err != nil {
			return 0, false, errNotANumber(javaType, quoteJava(v.Str()))
		}
		return n, false, nil
	}
	return 0, false, mismatch(javaType, v)
}

// decodeString decodes a Java String; scalars are coerced to their text.
func decodeString(v jsonv.Value) (s string, isNull bool, err error) {
	switch v.Kind {
	case jsonv.Null:
		return "", true, nil
	case jsonv.String:
		return v.Str(), false, nil
	case jsonv.Number, jsonv.Bool:
		return string(v.Raw), false, nil
	}
	return "", false, mismatch("java.lang.String", v)
}

// quoteJava quotes s as Jackson does in messages.
func quoteJava(s string) string {
	return string(appendJSONString(nil, s))
}
