package schemareg

import (
	"strconv"
	"strings"
	"unicode/utf8"

	"github.com/kafkarestmock/kafkarestmock/internal/jsonv"
)

// This file re-prints JSON the way Jackson prints a JsonNode compactly:
// members in source order (a duplicate name keeps its first place and its
// last value), strings escaped as Jackson escapes them, integers as written
// and floating-point numbers as Java prints a double (the Avro parser's
// mapper) or as written (BigDecimal, the JSON Schema provider's mapper).

// numberStyle says how a floating-point literal is re-printed.
type numberStyle int

const (
	numbersAsDouble numberStyle = iota // Double.toString: 1.50 → 1.5, 1e2 → 100.0
	numbersAsWritten
)

// appendCompact appends v compactly.
func appendCompact(b []byte, v jsonv.Value, style numberStyle) []byte {
	switch v.Kind {
	case jsonv.Null:
		return append(b, "null"...)
	case jsonv.Bool:
		return append(b, v.Raw...)
	case jsonv.Number:
		return appendNumber(b, string(v.Raw), style)
	case jsonv.String:
		return appendJSONString(b, v.Str())
	case jsonv.Array:
		b = append(b, '[')
		for i, it := range v.Items {
			if i > 0 {
				b = append(b, ',')
			}
			b = appendCompact(b, it, style)
		}
		return append(b, ']')
	default:
		b = append(b, '{')
		for i, f := range dedupeFields(v.Fields) {
			if i > 0 {
				b = append(b, ',')
			}
			b = appendJSONString(b, f.Name)
			b = append(b, ':')
			b = appendCompact(b, f.Value, style)
		}
		return append(b, '}')
	}
}

// dedupeFields keeps each name once, at its first place with its last value,
// as Jackson's ObjectNode (a LinkedHashMap) does.
func dedupeFields(fields []jsonv.Field) []jsonv.Field {
	dup := false
	seen := make(map[string]int, len(fields))
	for i, f := range fields {
		if _, ok := seen[f.Name]; ok {
			dup = true
		}
		seen[f.Name] = i
	}
	if !dup {
		return fields
	}
	out := make([]jsonv.Field, 0, len(seen))
	placed := make(map[string]bool, len(seen))
	for _, f := range fields {
		if placed[f.Name] {
			continue
		}
		placed[f.Name] = true
		out = append(out, fields[seen[f.Name]])
	}
	return out
}

func appendNumber(b []byte, raw string, style numberStyle) []byte {
	if !strings.ContainsAny(raw, ".eE") {
		if raw == "-0" {
			return append(b, '0')
		}
		return append(b, raw...)
	}
	if style == numbersAsWritten {
		return append(b, raw...)
	}
	f, err := strconv.ParseFloat(raw, 64)
	if err != nil {
		return append(b, raw...)
	}
	return append(b, javaDouble(f)...)
}

// javaDouble is Java's Double.toString.
func javaDouble(f float64) string {
	abs := f
	if abs < 0 {
		abs = -abs
	}
	if abs == 0 || (abs >= 1e-3 && abs < 1e7) {
		s := strconv.FormatFloat(f, 'f', -1, 64)
		if !strings.Contains(s, ".") {
			s += ".0"
		}
		return s
	}
	e := strconv.FormatFloat(f, 'e', -1, 64) // -d.ddde±xx
	mant, exp, _ := strings.Cut(e, "e")
	if !strings.Contains(mant, ".") {
		mant += ".0"
	}
	n, _ := strconv.Atoi(exp)
	return mant + "E" + strconv.Itoa(n)
}

// appendJSONString quotes s as Jackson does: '"', '\\' and control
// characters escaped (\b \t \n \f \r by name, the rest as \u00XX), every
// other character as is.
func appendJSONString(b []byte, s string) []byte {
	const hex = "0123456789ABCDEF"
	b = append(b, '"')
	for i := 0; i < len(s); {
		c := s[i]
		if c >= utf8.RuneSelf {
			r, size := utf8.DecodeRuneInString(s[i:])
			b = utf8.AppendRune(b, r)
			i += size
			continue
		}
		switch c {
		case '"', '\\':
			b = append(b, '\\', c)
		case '\b':
			b = append(b, '\\', 'b')
		case '\t':
			b = append(b, '\\', 't')
		case '\n':
			b = append(b, '\\', 'n')
		case '\f':
			b = append(b, '\\', 'f')
		case '\r':
			b = append(b, '\\', 'r')
		default:
			if c < 0x20 {
				b = append(b, '\\', 'u', '0', '0', hex[c>>4], hex[c&0xF])
			} else {
				b = append(b, c)
			}
		}
		i++
	}
	return append(b, '"')
}

func itoa(n int) string { return strconv.Itoa(n) }
