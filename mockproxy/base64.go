package mockproxy

import (
	"bytes"
	"encoding/base64"
)

// decodeBase64Strict decodes like Guava's BaseEncoding.base64(), which
// modern servers use: standard alphabet only (no whitespace, no URL-safe
// characters), trailing '=' optional, and a length that leaves a partial
// group of one character invalid.
func decodeBase64Strict(s []byte) ([]byte, bool) {
	return decodeBase64StrictIn(nil, s)
}

// decodeBase64StrictIn is decodeBase64Strict decoding into a's memory.
func decodeBase64StrictIn(a *byteArena, s []byte) ([]byte, bool) {
	n := len(s)
	for n > 0 && s[n-1] == '=' {
		n--
	}
	body := s[:n]
	if n%4 == 1 {
		return nil, false
	}
	// The standard decoder refuses every character outside the alphabet
	// (and '=') but skips '\r' and '\n', which Guava refuses too.
	if bytes.IndexByte(body, '\r') >= 0 || bytes.IndexByte(body, '\n') >= 0 {
		return nil, false
	}
	out := a.alloc(base64.RawStdEncoding.DecodedLen(n))
	m, err := base64.RawStdEncoding.Decode(out, body)
	if err != nil {
		return nil, false
	}
	return out[:m], true
}

// decodeBase64Lenient decodes like JAXB's DatatypeConverter, which 5.x
// servers use: characters outside the alphabet are skipped, '=' marks
// padding, and only inputs that overrun its length estimate (or contain
// non-ASCII characters) fail.
func decodeBase64Lenient(s string) ([]byte, bool) {
	size := len(s)
	guess := size / 4 * 3
	j := size - 1
	for ; j >= 0; j-- {
		c := s[j]
		if c >= 0x80 {
			return nil, false
		}
		if c == '=' {
			continue
		}
		if b64Index[c] < 0 {
			j = -2 // indented text: take the upper bound
		}
		break
	}
	if j != -2 {
		j++
		if pad := size - j; pad <= 2 {
			guess -= pad
		}
	}
	if guess < 0 {
		return nil, false // JAXB fails to size its buffer (e.g. "=")
	}
	out := make([]byte, 0, guess)
	var quad [4]int8
	q := 0
	for i := 0; i < size; i++ {
		c := s[i]
		if c >= 0x80 {
			return nil, false
		}
		v := b64Index[c]
		if c == '=' {
			v = padMark
		}
		if v == -1 {
			continue
		}
		quad[q] = v
		q++
		if q == 4 {
			if quad[0] == padMark || quad[1] == padMark {
				// JAXB computes garbage here; treat it as the end.
				q = 0
				continue
			}
			bytes := []byte{byte(quad[0])<<2 | byte(quad[1])>>4}
			if quad[2] != padMark {
				bytes = append(bytes, byte(quad[1])<<4|byte(quad[2])>>2)
			}
			if quad[3] != padMark && quad[2] != padMark {
				bytes = append(bytes, byte(quad[2])<<6|byte(quad[3]))
			}
			if len(out)+len(bytes) > guess {
				return nil, false // JAXB's ArrayIndexOutOfBoundsException
			}
			out = append(out, bytes...)
			q = 0
		}
	}
	return out, true
}

const padMark = 127

var b64Index = func() [256]int8 {
	var t [256]int8
	for i := range t {
		t[i] = -1
	}
	const alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/"
	for i := 0; i < len(alphabet); i++ {
		t[alphabet[i]] = int8(i)
	}
	return t
}()
