package avrojson

import (
	"math"
	"strconv"
	"unicode/utf8"
)

// appendJSONFloat writes a float (bits 32) or double the way the proxy's
// consumer output has it: JsonEncoder writes Float.toString or
// Double.toString (NaN and infinities as quoted strings), Jackson reads
// that back as a double and writes Double.toString of it. Shortest digits
// as Java 19+ prints them.
func appendJSONFloat(dst []byte, f float64, bits int) []byte {
	switch {
	case math.IsNaN(f):
		return append(dst, `"NaN"`...)
	case math.IsInf(f, 1):
		return append(dst, `"Infinity"`...)
	case math.IsInf(f, -1):
		return append(dst, `"-Infinity"`...)
	}
	if bits == 32 {
		var buf [32]byte
		f, _ = strconv.ParseFloat(string(appendShortest(buf[:0], f, 32)), 64)
	}
	return appendJavaDouble(dst, f)
}

// appendShortest writes f as d.ddde±x with the digits Java 19+ chooses for
// Float.toString (bits 32) or Double.toString: the shortest decimal that
// reads back as f, except that when one digit would do, the two-digit
// decimal closest to f is taken (Float.MIN_VALUE is 1.4E-45, not 1.0E-45).
func appendShortest(dst []byte, f float64, bits int) []byte {
	start := len(dst)
	dst = strconv.AppendFloat(dst, f, 'e', -1, bits)
	s := dst[start:]
	if s[0] == '-' {
		s = s[1:]
	}
	if len(s) > 1 && s[1] == 'e' { // one digit: d e±x
		dst = strconv.AppendFloat(dst[:start], f, 'e', 1, bits)
		s = dst[start:]
		if s[0] == '-' {
			s = s[1:]
		}
		if s[2] == '0' { // d.0e±x: the one-digit decimal was closest
			copy(s[1:], s[3:])
			dst = dst[:len(dst)-2]
		}
	}
	return dst
}

// appendJavaDouble is Java's Double.toString for a finite value.
func appendJavaDouble(dst []byte, f float64) []byte {
	if f == 0 {
		if math.Signbit(f) {
			return append(dst, "-0.0"...)
		}
		return append(dst, "0.0"...)
	}
	var buf [32]byte
	s := appendShortest(buf[:0], f, 64) // -d.ddde±xx
	if s[0] == '-' {
		dst = append(dst, '-')
		s = s[1:]
	}
	ePos := 0
	for s[ePos] != 'e' {
		ePos++
	}
	exp, _ := strconv.Atoi(string(s[ePos+1:]))
	var digits [24]byte
	nd := 0
	for _, c := range s[:ePos] {
		if c != '.' {
			digits[nd] = c
			nd++
		}
	}
	ds := digits[:nd]
	abs := math.Abs(f)
	if abs >= 1e-3 && abs < 1e7 {
		if exp < 0 {
			dst = append(dst, '0', '.')
			for i := 0; i < -exp-1; i++ {
				dst = append(dst, '0')
			}
			return append(dst, ds...)
		}
		for i := 0; i <= exp; i++ {
			if i < len(ds) {
				dst = append(dst, ds[i])
			} else {
				dst = append(dst, '0')
			}
		}
		dst = append(dst, '.')
		if exp+1 < len(ds) {
			return append(dst, ds[exp+1:]...)
		}
		return append(dst, '0')
	}
	dst = append(dst, ds[0], '.')
	if len(ds) > 1 {
		dst = append(dst, ds[1:]...)
	} else {
		dst = append(dst, '0')
	}
	dst = append(dst, 'E')
	return strconv.AppendInt(dst, int64(exp), 10)
}

const hexUpper = "0123456789ABCDEF"

// appendJSONChar writes one UTF-16 code unit as Jackson's UTF-8 generator
// does: short escapes for \b \t \n \f \r " \, \u00XX for other controls,
// surrogates as \uXXXX escapes, everything else raw.
func appendJSONChar(dst []byte, c rune) []byte {
	switch c {
	case '"', '\\':
		return append(dst, '\\', byte(c))
	case '\b':
		return append(dst, '\\', 'b')
	case '\t':
		return append(dst, '\\', 't')
	case '\n':
		return append(dst, '\\', 'n')
	case '\f':
		return append(dst, '\\', 'f')
	case '\r':
		return append(dst, '\\', 'r')
	}
	switch {
	case c < 0x20 || c >= 0xD800 && c < 0xE000:
		return append(dst, '\\', 'u', hexUpper[c>>12&0xF], hexUpper[c>>8&0xF], hexUpper[c>>4&0xF], hexUpper[c&0xF])
	case c < utf8.RuneSelf:
		return append(dst, byte(c))
	}
	return utf8.AppendRune(dst, c)
}

func appendJSONRune(dst []byte, r rune) []byte {
	if r >= 0x10000 {
		r -= 0x10000
		dst = appendJSONChar(dst, 0xD800+r>>10)
		return appendJSONChar(dst, 0xDC00+r&0x3FF)
	}
	return appendJSONChar(dst, r)
}

// appendJSONString quotes a valid UTF-8 string (names, symbols).
func appendJSONString(dst []byte, s string) []byte {
	dst = append(dst, '"')
	for i := 0; i < len(s); {
		if j := plainRunString(s, i); j > i {
			dst = append(dst, s[i:j]...)
			i = j
			continue
		}
		r, n := utf8.DecodeRuneInString(s[i:])
		dst = appendJSONRune(dst, r)
		i += n
	}
	return append(dst, '"')
}

// plain marks the bytes a JSON string holds as they are: printable ASCII
// other than the quote and the backslash.
var plain = func() (t [256]bool) {
	for c := 0x20; c < 0x7f; c++ {
		t[c] = c != '"' && c != '\\'
	}
	return t
}()

// plainRun returns the end of the run of plain bytes of b from i.
func plainRun(b []byte, i int) int {
	for i < len(b) && plain[b[i]] {
		i++
	}
	return i
}

// plainRunString is plainRun of a string.
func plainRunString(s string, i int) int {
	for i < len(s) && plain[s[i]] {
		i++
	}
	return i
}

// appendJSONLatin1 quotes bytes read as ISO-8859-1.
func appendJSONLatin1(dst, b []byte) []byte {
	dst = append(dst, '"')
	for _, c := range b {
		dst = appendJSONChar(dst, rune(c))
	}
	return append(dst, '"')
}

// appendJSONUTF8 quotes bytes decoded as Java's new String(b, UTF_8) does,
// malformed input becoming U+FFFD the way the JDK counts it.
func appendJSONUTF8(dst, b []byte) []byte {
	dst = append(dst, '"')
	const repl = utf8.RuneError
	cont := func(c byte) bool { return c&0xC0 == 0x80 }
	for sp := 0; sp < len(b); {
		if j := plainRun(b, sp); j > sp {
			dst = append(dst, b[sp:j]...)
			sp = j
			continue
		}
		b1 := b[sp]
		sp++
		switch {
		case b1 < 0x80:
			dst = appendJSONChar(dst, rune(b1))
		case b1 >= 0xC2 && b1 <= 0xDF:
			if sp < len(b) && cont(b[sp]) {
				dst = appendJSONChar(dst, rune(b1&0x1F)<<6|rune(b[sp]&0x3F))
				sp++
			} else {
				dst = appendJSONChar(dst, repl)
			}
		case b1 >= 0xE0 && b1 <= 0xEF:
			bad2 := func(b2 byte) bool { return b1 == 0xE0 && b2&0xE0 == 0x80 || !cont(b2) }
			if sp+1 < len(b) {
				b2, b3 := b[sp], b[sp+1]
				if bad2(b2) || !cont(b3) {
					dst = appendJSONChar(dst, repl)
					if !bad2(b2) {
						sp++
					}
					continue
				}
				sp += 2
				c := rune(b1&0x0F)<<12 | rune(b2&0x3F)<<6 | rune(b3&0x3F)
				if c >= 0xD800 && c < 0xE000 {
					c = repl
				}
				dst = appendJSONChar(dst, c)
				continue
			}
			dst = appendJSONChar(dst, repl)
			if sp < len(b) && bad2(b[sp]) {
				continue
			}
			sp = len(b)
		case b1 >= 0xF0 && b1 <= 0xF7:
			bad2 := func(b2 byte) bool {
				return b1 > 0xF4 || b1 == 0xF0 && (b2 < 0x90 || b2 > 0xBF) || b1 == 0xF4 && b2&0xF0 != 0x80 || !cont(b2)
			}
			if sp+2 < len(b) {
				b2, b3, b4 := b[sp], b[sp+1], b[sp+2]
				uc := rune(b1&0x07)<<18 | rune(b2&0x3F)<<12 | rune(b3&0x3F)<<6 | rune(b4&0x3F)
				if !cont(b2) || !cont(b3) || !cont(b4) || uc < 0x10000 || uc > 0x10FFFF {
					dst = appendJSONChar(dst, repl)
					switch {
					case bad2(b2):
					case !cont(b3):
						sp++
					default:
						sp += 2
					}
					continue
				}
				sp += 3
				dst = appendJSONRune(dst, uc)
				continue
			}
			if sp < len(b) && bad2(b[sp]) || sp >= len(b) && b1 > 0xF4 {
				dst = appendJSONChar(dst, repl)
				continue
			}
			sp++
			dst = appendJSONChar(dst, repl)
			if sp < len(b) && !cont(b[sp]) {
				continue
			}
			sp = len(b)
		default:
			dst = appendJSONChar(dst, repl)
		}
	}
	return append(dst, '"')
}
