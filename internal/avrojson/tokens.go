package avrojson

import (
	"math"
	"strconv"
	"unicode/utf8"
)

// tokKind is a Jackson JsonToken; tokNone is Java's null (no more tokens).
type tokKind uint8

const (
	tokNone tokKind = iota
	tokStartObject
	tokEndObject
	tokStartArray
	tokEndArray
	tokFieldName
	tokString
	tokInt
	tokFloat
	tokTrue
	tokFalse
	tokNull
)

// String is the JsonToken name as Java prints it in Avro's messages.
func (k tokKind) String() string {
	switch k {
	case tokStartObject:
		return "START_OBJECT"
	case tokEndObject:
		return "END_OBJECT"
	case tokStartArray:
		return "START_ARRAY"
	case tokEndArray:
		return "END_ARRAY"
	case tokFieldName:
		return "FIELD_NAME"
	case tokString:
		return "VALUE_STRING"
	case tokInt:
		return "VALUE_NUMBER_INT"
	case tokFloat:
		return "VALUE_NUMBER_FLOAT"
	case tokTrue:
		return "VALUE_TRUE"
	case tokFalse:
		return "VALUE_FALSE"
	case tokNull:
		return "VALUE_NULL"
	}
	return "null"
}

const (
	flagEscaped = 1 << iota // string with backslash escapes
	flagPosInf              // a float Jackson wrote as the string "Infinity"
	flagNegInf              // ... as "-Infinity"
)

// tok is one token of the JSON as the proxy hands it to Avro: a Jackson
// tree written out again. start/end span the source text (strings without
// their quotes); match is the index of the closing token of a start token.
type tok struct {
	kind       tokKind
	flags      uint8
	start, end int32
	match      int32
}

// maxDepth matches Jackson's default nesting limit.
const maxDepth = 1000

// tokenize splits data into tokens and applies what the round trip through
// a Jackson tree changes: an object keeps the last of duplicate members at
// the place of the first, and a float too large for a double becomes the
// string "Infinity" or "-Infinity". Malformed JSON is an error (the proxy
// rejects it before conversion).
func tokenize(data []byte, toks []tok, names []int32) ([]tok, []int32, error) {
	return tokenizeDups(data, toks, names, true)
}

// tokenizeDups is tokenize, looking for duplicate members only when
// dups is set (without, the tokens are what a tree of the last member of
// each name would give only when no object has two members of a name).
func tokenizeDups(data []byte, toks []tok, names []int32, dups bool) ([]tok, []int32, error) {
	t := tokenizer{data: data, toks: toks, names: names, noDups: !dups}
	t.ws()
	if err := t.value(0); err != nil {
		return nil, t.names, err
	}
	if t.dups {
		return dedupe(data, t.toks), t.names, nil
	}
	return t.toks, t.names, nil
}

type tokenizer struct {
	data   []byte
	pos    int
	toks   []tok
	names  []int32 // scratch: member name tokens of open objects
	dups   bool
	noDups bool // do not look for duplicates (tokenizeDups)
}

func syntaxErr(pos int) error {
	return &Error{Msg: "malformed JSON at byte " + strconv.Itoa(pos)}
}

func (t *tokenizer) ws() {
	data, pos := t.data, t.pos
	for pos < len(data) {
		switch data[pos] {
		case ' ', '\t', '\n', '\r':
			pos++
		default:
			t.pos = pos
			return
		}
	}
	t.pos = pos
}

func (t *tokenizer) add(k tokKind, start, end int) int {
	// Appending a zero tok and setting its fields, rather than appending
	// a tok literal, writes the fields in place: the literal was built on
	// the stack and read back whole before its fields' stores were done.
	t.toks = append(t.toks, tok{})
	i := len(t.toks) - 1
	tk := &t.toks[i]
	tk.kind, tk.start, tk.end = k, int32(start), int32(end)
	return i
}

func (t *tokenizer) value(depth int) error {
	if t.pos >= len(t.data) || depth > maxDepth {
		return syntaxErr(t.pos)
	}
	switch c := t.data[t.pos]; {
	case c == '{':
		return t.object(depth)
	case c == '[':
		return t.array(depth)
	case c == '"':
		return t.str(tokString)
	case c == '-' || c >= '0' && c <= '9':
		return t.number()
	default:
		for _, w := range [...]struct {
			s string
			k tokKind
		}{{"true", tokTrue}, {"false", tokFalse}, {"null", tokNull}} {
			if len(t.data)-t.pos >= len(w.s) && string(t.data[t.pos:t.pos+len(w.s)]) == w.s {
				t.add(w.k, t.pos, t.pos+len(w.s))
				t.pos += len(w.s)
				return nil
			}
		}
		return syntaxErr(t.pos)
	}
}

func (t *tokenizer) object(depth int) error {
	open := t.add(tokStartObject, t.pos, t.pos+1)
	t.pos++
	mark := len(t.names)
	t.ws()
	if t.pos < len(t.data) && t.data[t.pos] == '}' {
		t.pos++
	} else {
		for {
			t.ws()
			if t.pos >= len(t.data) || t.data[t.pos] != '"' {
				return syntaxErr(t.pos)
			}
			if err := t.str(tokFieldName); err != nil {
				return err
			}
			if !t.noDups {
				t.names = append(t.names, int32(len(t.toks)-1))
			}
			t.ws()
			if t.pos >= len(t.data) || t.data[t.pos] != ':' {
				return syntaxErr(t.pos)
			}
			t.pos++
			t.ws()
			if err := t.value(depth + 1); err != nil {
				return err
			}
			t.ws()
			if t.pos >= len(t.data) {
				return syntaxErr(t.pos)
			}
			if t.data[t.pos] == ',' {
				t.pos++
				continue
			}
			if t.data[t.pos] != '}' {
				return syntaxErr(t.pos)
			}
			t.pos++
			break
		}
	}
	if !t.dups && !t.noDups && hasDuplicate(t.data, t.toks, t.names[mark:]) {
		t.dups = true
	}
	t.names = t.names[:mark]
	t.toks[open].match = int32(t.add(tokEndObject, t.pos-1, t.pos))
	return nil
}

func hasDuplicate(data []byte, toks []tok, names []int32) bool {
	if len(names) > 16 {
		seen := make(map[string]struct{}, len(names))
		var buf []byte
		for _, n := range names {
			buf = appendText(buf[:0], data, toks[n])
			if _, ok := seen[string(buf)]; ok {
				return true
			}
			seen[string(buf)] = struct{}{}
		}
		return false
	}
	// Names of different lengths or ends differ: when no two names share
	// a bit of that summary, there is nothing to compare.
	var seen uint64
	clash := false
	for _, n := range names {
		t := toks[n]
		if t.flags&flagEscaped != 0 {
			clash = true
			break
		}
		h := uint(t.end - t.start)
		if t.end > t.start {
			h = h*31 + uint(data[t.start]) + 7*uint(data[t.end-1])
		}
		bit := uint64(1) << (h % 64)
		if seen&bit != 0 {
			clash = true
			break
		}
		seen |= bit
	}
	if !clash {
		return false
	}
	for i := 1; i < len(names); i++ {
		for j := 0; j < i; j++ {
			if sameText(data, toks[names[i]], toks[names[j]]) {
				return true
			}
		}
	}
	return false
}

// sameText compares the decoded text of two string tokens.
func sameText(data []byte, a, b tok) bool {
	if a.flags&flagEscaped == 0 && b.flags&flagEscaped == 0 {
		return string(data[a.start:a.end]) == string(data[b.start:b.end])
	}
	var x, y [64]byte
	return string(appendText(x[:0], data, a)) == string(appendText(y[:0], data, b))
}

func (t *tokenizer) array(depth int) error {
	open := t.add(tokStartArray, t.pos, t.pos+1)
	t.pos++
	t.ws()
	if t.pos < len(t.data) && t.data[t.pos] == ']' {
		t.pos++
	} else {
		for {
			t.ws()
			if err := t.value(depth + 1); err != nil {
				return err
			}
			t.ws()
			if t.pos >= len(t.data) {
				return syntaxErr(t.pos)
			}
			if t.data[t.pos] == ',' {
				t.pos++
				continue
			}
			if t.data[t.pos] != ']' {
				return syntaxErr(t.pos)
			}
			t.pos++
			break
		}
	}
	t.toks[open].match = int32(t.add(tokEndArray, t.pos-1, t.pos))
	return nil
}

// str scans a string (valid escapes, no raw control characters, valid
// UTF-8) and adds it as kind.
func (t *tokenizer) str(k tokKind) error {
	t.pos++
	start := t.pos
	var flags uint8
	for t.pos < len(t.data) {
		// The plain run, with the position in a local.
		data, pos := t.data, t.pos
		for pos < len(data) && plain[data[pos]] {
			pos++
		}
		t.pos = pos
		if pos >= len(data) {
			break
		}
		switch c := data[pos]; {
		case c == '"':
			i := t.add(k, start, t.pos)
			t.toks[i].flags = flags
			t.pos++
			return nil
		case c == '\\':
			flags = flagEscaped
			if t.pos+1 >= len(t.data) {
				return syntaxErr(t.pos)
			}
			switch t.data[t.pos+1] {
			case '"', '\\', '/', 'b', 'f', 'n', 'r', 't':
				t.pos += 2
			case 'u':
				if t.pos+6 > len(t.data) {
					return syntaxErr(t.pos)
				}
				for _, h := range t.data[t.pos+2 : t.pos+6] {
					if _, ok := hexVal(h); !ok {
						return syntaxErr(t.pos)
					}
				}
				t.pos += 6
			default:
				return syntaxErr(t.pos)
			}
		case c < 0x20:
			return syntaxErr(t.pos)
		case c >= utf8.RuneSelf:
			r, n := utf8.DecodeRune(t.data[t.pos:])
			if r == utf8.RuneError && n <= 1 {
				return syntaxErr(t.pos)
			}
			t.pos += n
		default:
			t.pos++
		}
	}
	return syntaxErr(t.pos)
}

func hexVal(c byte) (rune, bool) {
	switch {
	case c >= '0' && c <= '9':
		return rune(c - '0'), true
	case c >= 'a' && c <= 'f':
		return rune(c-'a') + 10, true
	case c >= 'A' && c <= 'F':
		return rune(c-'A') + 10, true
	}
	return 0, false
}

func (t *tokenizer) number() error {
	start := t.pos
	d := t.data
	if d[t.pos] == '-' {
		t.pos++
	}
	digits := func() int {
		pos := t.pos
		for pos < len(d) && d[pos] >= '0' && d[pos] <= '9' {
			pos++
		}
		n := pos - t.pos
		t.pos = pos
		return n
	}
	intStart := t.pos
	if n := digits(); n == 0 || n > 1 && d[intStart] == '0' {
		return syntaxErr(intStart)
	}
	k := tokInt
	exp := false
	if t.pos < len(d) && d[t.pos] == '.' {
		t.pos++
		k = tokFloat
		if digits() == 0 {
			return syntaxErr(t.pos)
		}
	}
	if t.pos < len(d) && (d[t.pos] == 'e' || d[t.pos] == 'E') {
		t.pos++
		k, exp = tokFloat, true
		if t.pos < len(d) && (d[t.pos] == '+' || d[t.pos] == '-') {
			t.pos++
		}
		if digits() == 0 {
			return syntaxErr(t.pos)
		}
	}
	i := t.add(k, start, t.pos)
	if k == tokFloat && (exp || t.pos-start > 300) {
		// Jackson reads a DoubleNode and writes a non-finite one as a
		// quoted string. Without an exponent, fewer than 309 digits
		// cannot overflow a double.
		if f, _ := strconv.ParseFloat(string(d[start:t.pos]), 64); math.IsInf(f, 0) {
			t.toks[i].kind = tokString
			t.toks[i].flags = flagPosInf
			if f < 0 {
				t.toks[i].flags = flagNegInf
			}
		}
	}
	return nil
}

// appendText appends the text of a string or field-name token as UTF-8,
// keeping lone surrogates as their 3-byte (WTF-8) form so that distinct
// Java strings stay distinct.
func appendText(dst, data []byte, t tok) []byte {
	switch {
	case t.flags&flagPosInf != 0:
		return append(dst, "Infinity"...)
	case t.flags&flagNegInf != 0:
		return append(dst, "-Infinity"...)
	}
	body := data[t.start:t.end]
	if t.flags&flagEscaped == 0 {
		return append(dst, body...)
	}
	for i := 0; i < len(body); i++ {
		c := body[i]
		if c != '\\' {
			dst = append(dst, c)
			continue
		}
		i++
		switch body[i] {
		case 'b':
			dst = append(dst, '\b')
		case 'f':
			dst = append(dst, '\f')
		case 'n':
			dst = append(dst, '\n')
		case 'r':
			dst = append(dst, '\r')
		case 't':
			dst = append(dst, '\t')
		case 'u':
			r := hex4(body[i+1 : i+5])
			i += 4
			if r >= 0xD800 && r < 0xDC00 && i+6 < len(body) && body[i+1] == '\\' && body[i+2] == 'u' {
				if r2 := hex4(body[i+3 : i+7]); r2 >= 0xDC00 && r2 < 0xE000 {
					dst = utf8.AppendRune(dst, (r-0xD800)<<10+(r2-0xDC00)+0x10000)
					i += 6
					continue
				}
			}
			if r >= 0xD800 && r < 0xE000 {
				// utf8.AppendRune refuses surrogates; write WTF-8.
				dst = append(dst, 0xE0|byte(r>>12), 0x80|byte(r>>6)&0x3F, 0x80|byte(r)&0x3F)
				continue
			}
			dst = utf8.AppendRune(dst, r)
		default: // '"', '\\', '/'
			dst = append(dst, body[i])
		}
	}
	return dst
}

func hex4(b []byte) rune {
	var r rune
	for _, c := range b {
		v, _ := hexVal(c)
		r = r<<4 | v
	}
	return r
}

// dedupe rebuilds toks so that every object keeps, for each member name,
// the last value at the place of the first name (Jackson's ObjectNode).
func dedupe(data []byte, toks []tok) []tok {
	out := make([]tok, 0, len(toks))
	var emit func(i int) int
	emit = func(i int) int {
		t := toks[i]
		switch t.kind {
		case tokStartArray:
			open := len(out)
			out = append(out, t)
			j := i + 1
			for toks[j].kind != tokEndArray {
				j = emit(j)
			}
			out[open].match = int32(len(out))
			out = append(out, toks[j])
			return j + 1
		case tokStartObject:
			open := len(out)
			out = append(out, t)
			type member struct{ name, value int }
			var ms []member
			j := i + 1
			for toks[j].kind == tokFieldName {
				m := member{name: j, value: j + 1}
				dup := false
				for k := range ms {
					if sameText(data, toks[ms[k].name], toks[j]) {
						ms[k].value = j + 1
						dup = true
						break
					}
				}
				if !dup {
					ms = append(ms, m)
				}
				j = skipValue(toks, j+1)
			}
			for _, m := range ms {
				out = append(out, toks[m.name])
				emit(m.value)
			}
			out[open].match = int32(len(out))
			out = append(out, toks[j])
			return j + 1
		}
		out = append(out, t)
		return i + 1
	}
	emit(0)
	return out
}

// skipValue returns the index after the value starting at i.
func skipValue(toks []tok, i int) int {
	switch toks[i].kind {
	case tokStartArray, tokStartObject:
		return int(toks[i].match) + 1
	}
	return i + 1
}
