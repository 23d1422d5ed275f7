package protofmt

import (
	"bytes"
	"encoding/json"
	"errors"
	"io"
	"math"
	"strconv"
	"strings"
)

// kind is the JSON type of a node.
type kind uint8

const (
	kNull kind = iota
	kBool
	kNumber
	kString
	kArray
	kObject
)

// node is a parsed JSON value that keeps member order and number text, as
// the Jackson tree the proxy hands to protobuf-java (a repeated member
// keeps its first position and takes the last value).
type node struct {
	kind kind
	text string // string contents, number text, or "true"/"false"
	arr  []*node
	obj  []member
}

type member struct {
	name string
	val  *node
}

// parseTree parses one JSON value.
func parseTree(data []byte) (*node, error) {
	dec := json.NewDecoder(bytes.NewReader(data))
	dec.UseNumber()
	n, err := parseNode(dec)
	if err != nil {
		return nil, err
	}
	if _, err := dec.Token(); err != io.EOF {
		return nil, errors.New("trailing data after JSON value")
	}
	return n, nil
}

func parseNode(dec *json.Decoder) (*node, error) {
	tok, err := dec.Token()
	if err != nil {
		return nil, err
	}
	switch t := tok.(type) {
	case nil:
		return &node{kind: kNull}, nil
	case bool:
		return &node{kind: kBool, text: strconv.FormatBool(t)}, nil
	case json.Number:
		return jacksonNumber(string(t)), nil
	case string:
		return &node{kind: kString, text: t}, nil
	case json.Delim:
		if t == '[' {
			n := &node{kind: kArray}
			for dec.More() {
				v, err := parseNode(dec)
				if err != nil {
					return nil, err
				}
				n.arr = append(n.arr, v)
			}
			_, err := dec.Token()
			return n, err
		}
		n := &node{kind: kObject}
		seen := map[string]int{}
		for dec.More() {
			k, err := dec.Token()
			if err != nil {
				return nil, err
			}
			v, err := parseNode(dec)
			if err != nil {
				return nil, err
			}
			name := k.(string)
			if i, ok := seen[name]; ok {
				n.obj[i].val = v
				continue
			}
			seen[name] = len(n.obj)
			n.obj = append(n.obj, member{name, v})
		}
		_, err := dec.Token()
		return n, err
	}
	return nil, errors.New("unexpected JSON token")
}

// jacksonNumber is the number as the proxy's Jackson tree re-encodes it
// before protobuf-java reads it: integers as written ("-0" is 0), other
// numbers as Double.toString, an overflowing double as the string
// "Infinity".
func jacksonNumber(text string) *node {
	if !strings.ContainsAny(text, ".eE") {
		if text == "-0" {
			text = "0"
		}
		return &node{kind: kNumber, text: text}
	}
	f, _ := strconv.ParseFloat(text, 64)
	switch {
	case math.IsInf(f, 1):
		return &node{kind: kString, text: "Infinity"}
	case math.IsInf(f, -1):
		return &node{kind: kString, text: "-Infinity"}
	}
	return &node{kind: kNumber, text: javaDouble(f, 64)}
}

// String is the node as Gson's JsonElement.toString prints it: compact, the
// text protobuf-java quotes in its error messages.
func (n *node) String() string {
	var b []byte
	return string(n.appendGson(b))
}

func (n *node) appendGson(b []byte) []byte {
	switch n.kind {
	case kNull:
		return append(b, "null"...)
	case kBool, kNumber:
		return append(b, n.text...)
	case kString:
		return appendGsonString(b, n.text)
	case kArray:
		b = append(b, '[')
		for i, v := range n.arr {
			if i > 0 {
				b = append(b, ',')
			}
			b = v.appendGson(b)
		}
		return append(b, ']')
	}
	b = append(b, '{')
	for i, m := range n.obj {
		if i > 0 {
			b = append(b, ',')
		}
		b = appendGsonString(b, m.name)
		b = append(b, ':')
		b = m.val.appendGson(b)
	}
	return append(b, '}')
}

// asString is Gson's getAsString for primitives (string contents, number
// text, "true"/"false"); ok is false for null, arrays and objects.
func (n *node) asString() (string, bool) {
	switch n.kind {
	case kString, kNumber, kBool:
		return n.text, true
	case kArray:
		if len(n.arr) == 1 { // Gson unwraps a one-element array
			return n.arr[0].asString()
		}
	}
	return "", false
}

// appendGsonString quotes s as Gson's JsonWriter (no HTML escaping) does.
func appendGsonString(b []byte, s string) []byte {
	b = append(b, '"')
	for _, r := range s {
		switch {
		case r == '"' || r == '\\':
			b = append(b, '\\', byte(r))
		case r == '\t':
			b = append(b, `\t`...)
		case r == '\b':
			b = append(b, `\b`...)
		case r == '\n':
			b = append(b, `\n`...)
		case r == '\r':
			b = append(b, `\r`...)
		case r == '\f':
			b = append(b, `\f`...)
		case r < 0x20 || r == '\u2028' || r == '\u2029':
			b = append(b, `\u`...)
			b = append(b, fmtHex4(r, "0123456789abcdef")...)
		default:
			b = append(b, string(r)...)
		}
	}
	return append(b, '"')
}

// appendJacksonString quotes s as Jackson's generator does: short escapes
// for \b \t \n \f \r, \u00XX (upper-case hex) for other control characters,
// everything else verbatim.
func appendJacksonString(b []byte, s string) []byte {
	b = append(b, '"')
	for i := 0; i < len(s); i++ {
		c := s[i]
		switch {
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
			b = append(b, `\u`...)
			b = append(b, fmtHex4(rune(c), "0123456789ABCDEF")...)
		default:
			b = append(b, c)
		}
	}
	return append(b, '"')
}

func fmtHex4(r rune, digits string) string {
	return string([]byte{digits[r>>12&15], digits[r>>8&15], digits[r>>4&15], digits[r&15]})
}

// javaDouble formats f as Java's Double.toString (bits 64) or
// Float.toString (bits 32): shortest digits, "1.0" rather than "1",
// computerized scientific notation ("1.0E20", "1.0E-4") outside
// [10^-3, 10^7). NaN and the infinities are not handled here.
func javaDouble(f float64, bits int) string {
	if f == 0 {
		if math.Signbit(f) {
			return "-0.0"
		}
		return "0.0"
	}
	s := strconv.FormatFloat(f, 'e', -1, bits) // d.ddde±XX
	neg := s[0] == '-'
	if neg {
		s = s[1:]
	}
	mant, exps, _ := strings.Cut(s, "e")
	exp, _ := strconv.Atoi(exps)
	digits := strings.Replace(mant, ".", "", 1)
	var out string
	abs := math.Abs(f)
	if abs >= 1e-3 && abs < 1e7 {
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
	if neg {
		return "-" + out
	}
	return out
}
