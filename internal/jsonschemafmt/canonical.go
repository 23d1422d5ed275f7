package jsonschemafmt

import (
	"bytes"
	"encoding/json"
	"errors"
	"io"
	"math"
	"strconv"
	"strings"
)

// Canonical returns the payload bytes the proxy writes for a JSON value:
// Jackson's compact writeValueAsBytes of the tree it parsed. Member order is
// kept (a repeated member keeps its first position and takes the last
// value), strings use Jackson's escapes (\n, \u001F; non-ASCII verbatim),
// integers are written as parsed ("-0" as 0) and other numbers as Java's
// Double.toString ("1.5", "100.0", "1.0E20"; an overflow is the string
// "Infinity").
//
// Not matched: for drafts 4 to 7 the registry's validator round-trips
// objects through org.json's JSONObject, a hash map, so the real proxy
// stores their members in Java HashMap order; Canonical keeps the request's
// order.
func Canonical(jsonText []byte) ([]byte, error) {
	dec := json.NewDecoder(bytes.NewReader(jsonText))
	dec.UseNumber()
	v, err := readValue(dec)
	if err != nil {
		return nil, err
	}
	if _, err := dec.Token(); err != io.EOF {
		return nil, errors.New("trailing data after JSON value")
	}
	return v.append(nil), nil
}

// value is an ordered JSON tree; raw holds scalars already encoded.
type value struct {
	raw  []byte
	arr  []*value
	keys []string
	vals []*value
	kind byte // 0 scalar, '[' array, '{' object
}

func readValue(dec *json.Decoder) (*value, error) {
	tok, err := dec.Token()
	if err != nil {
		return nil, err
	}
	switch t := tok.(type) {
	case nil:
		return &value{raw: []byte("null")}, nil
	case bool:
		return &value{raw: strconv.AppendBool(nil, t)}, nil
	case json.Number:
		return &value{raw: jacksonNumber(string(t))}, nil
	case string:
		return &value{raw: appendJacksonString(nil, t)}, nil
	}
	v := &value{kind: byte(tok.(json.Delim))}
	for dec.More() {
		if v.kind == '[' {
			e, err := readValue(dec)
			if err != nil {
				return nil, err
			}
			v.arr = append(v.arr, e)
			continue
		}
		k, err := dec.Token()
		if err != nil {
			return nil, err
		}
		e, err := readValue(dec)
		if err != nil {
			return nil, err
		}
		name := k.(string)
		if i := indexOf(v.keys, name); i >= 0 {
			v.vals[i] = e
			continue
		}
		v.keys = append(v.keys, name)
		v.vals = append(v.vals, e)
	}
	_, err = dec.Token()
	return v, err
}

func indexOf(keys []string, k string) int {
	for i, x := range keys {
		if x == k {
			return i
		}
	}
	return -1
}

func (v *value) append(b []byte) []byte {
	switch v.kind {
	case '[':
		b = append(b, '[')
		for i, e := range v.arr {
			if i > 0 {
				b = append(b, ',')
			}
			b = e.append(b)
		}
		return append(b, ']')
	case '{':
		b = append(b, '{')
		for i, k := range v.keys {
			if i > 0 {
				b = append(b, ',')
			}
			b = appendJacksonString(b, k)
			b = append(b, ':')
			b = v.vals[i].append(b)
		}
		return append(b, '}')
	}
	return append(b, v.raw...)
}

// jacksonNumber is a JSON number as Jackson's tree writes it back.
func jacksonNumber(text string) []byte {
	if !strings.ContainsAny(text, ".eE") {
		if text == "-0" {
			text = "0"
		}
		return []byte(text)
	}
	f, _ := strconv.ParseFloat(text, 64)
	if math.IsInf(f, 0) {
		if f > 0 {
			return []byte(`"Infinity"`)
		}
		return []byte(`"-Infinity"`)
	}
	return []byte(javaDouble(f))
}

// appendJacksonString quotes s as Jackson does: short escapes for
// \b \t \n \f \r, \u00XX (upper-case hex) for other control characters.
func appendJacksonString(b []byte, s string) []byte {
	const hex = "0123456789ABCDEF"
	b = append(b, '"')
	for i := 0; i < len(s); i++ {
		switch c := s[i]; {
		case c == '"' || c == '\\':
			b = append(b, '\\', c)
		case c == '\b':
			b = append(b, `\b`...)
		case c == '\t':
			b = append(b, `\t`...)
		case c == '\n':
			b = append(b, `\n`...)
		case c == '\f':
			b = append(b, `\f`...)
		case c == '\r':
			b = append(b, `\r`...)
		case c < 0x20:
			b = append(b, '\\', 'u', '0', '0', hex[c>>4], hex[c&15])
		default:
			b = append(b, c)
		}
	}
	return append(b, '"')
}

// javaDouble is Java's Double.toString for finite values.
func javaDouble(f float64) string {
	if f == 0 {
		if math.Signbit(f) {
			return "-0.0"
		}
		return "0.0"
	}
	s := strconv.FormatFloat(math.Abs(f), 'e', -1, 64)
	mant, exps, _ := strings.Cut(s, "e")
	exp, _ := strconv.Atoi(exps)
	digits := strings.Replace(mant, ".", "", 1)
	var out string
	if a := math.Abs(f); a >= 1e-3 && a < 1e7 {
		if exp >= 0 {
			for len(digits) < exp+2 {
				digits += "0"
			}
			out = digits[:exp+1] + "." + digits[exp+1:]
		} else {
			out = "0." + strings.Repeat("0", -exp-1) + digits
		}
	} else {
		frac := digits[1:]
		if frac == "" {
			frac = "0"
		}
		out = digits[:1] + "." + frac + "E" + strconv.Itoa(exp)
	}
	if f < 0 {
		return "-" + out
	}
	return out
}
