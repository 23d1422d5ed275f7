// Package jsonv is a small JSON parser for request bodies. It keeps what
// the REST Proxy's Jackson-based decoding needs and encoding/json does not
// give: case-sensitive field names in source order, the exact source text
// of every value, and syntax errors worded like Jackson's (without the
// location suffix, which the real proxy trims).
package jsonv

import (
	"fmt"
	"unicode/utf8"
)

// Kind is the JSON type of a Value.
type Kind uint8

// Kinds of JSON values.
const (
	Null Kind = iota
	Bool
	Number
	String
	Array
	Object
)

// Value is a parsed JSON value. Raw is the exact source text; for strings it
// includes the quotes.
type Value struct {
	Kind   Kind
	Raw    []byte
	Items  []Value // Array elements
	Fields []Field // Object members in source order
	// escaped is set for strings that contain backslash escapes.
	escaped bool
}

// Field is one object member.
type Field struct {
	Name  string
	Value Value
}

// SyntaxError is a malformed-JSON error; Error() is Jackson-like.
type SyntaxError struct {
	Msg    string
	Offset int
	// Limit names the StreamReadConstraints getter whose limit the
	// document exceeds ("getMaxNestingDepth"), empty for malformed JSON.
	// Jackson raises such an error as a StreamConstraintsException, not a
	// JsonParseException, so a caller may answer it differently.
	Limit string
}

func (e *SyntaxError) Error() string { return e.Msg }

// MaxNestingDepth is Jackson's default StreamReadConstraints maximum
// nesting depth (jackson-core 2.15 and later): the number of arrays and
// objects that may be open at once. Opening one more fails with
// "Document nesting depth (1001) exceeds the maximum allowed (1000, from
// `StreamReadConstraints.getMaxNestingDepth()`)". The bound also keeps
// hostile input from exhausting the stack.
const MaxNestingDepth = 1000

// nest checks that opening a container inside depth open ones stays
// within MaxNestingDepth, as Jackson checks when it creates the child
// parsing context.
func (p *parser) nest(depth int) error {
	if depth+1 <= MaxNestingDepth {
		return nil
	}
	return &SyntaxError{
		Msg:    fmt.Sprintf("Document nesting depth (%d) exceeds the maximum allowed (%d, from `StreamReadConstraints.getMaxNestingDepth()`)", depth+1, MaxNestingDepth),
		Offset: p.pos,
		Limit:  "getMaxNestingDepth",
	}
}

// Parse parses the first JSON value in data. Content after it is ignored,
// as Jackson does by default. An input with no value (empty or only
// whitespace) returns ok == false and a nil error.
func Parse(data []byte) (v Value, ok bool, err error) {
	return ParseDepth(data, -1)
}

// ParseDepth is Parse building the members of only the arrays and objects
// opened inside at most depth others (the document's root is inside 0);
// deeper ones are checked as fully as Parse checks them, but have only
// their Kind and Raw, with nil Fields and Items. A negative depth builds
// everything. A caller that reads only the source text of deep values
// (a produce request's embedded keys and values) saves building them.
func ParseDepth(data []byte, depth int) (v Value, ok bool, err error) {
	p := parser{data: data, keep: depth}
	return p.document()
}

// document parses the document at p.data.
func (p *parser) document() (v Value, ok bool, err error) {
	p.skipWS()
	if p.pos >= len(p.data) {
		return Value{}, false, nil
	}
	v, err = p.value(0)
	if err != nil {
		return Value{}, false, err
	}
	return v, true, nil
}

func (p *parser) skipWS() {
	data, pos := p.data, p.pos
	for pos < len(data) {
		switch data[pos] {
		case ' ', '\t', '\n', '\r':
			pos++
		default:
			p.pos = pos
			return
		}
	}
	p.pos = pos
}

func (p *parser) errorf(format string, args ...any) error {
	return &SyntaxError{Msg: fmt.Sprintf(format, args...), Offset: p.pos}
}

func charDesc(c byte) string {
	if c < 0x20 || c >= 0x7f {
		return fmt.Sprintf("(CTRL-CHAR, code %d)", c)
	}
	return fmt.Sprintf("'%c' (code %d)", c, c)
}

func (p *parser) unexpected(expect string) error {
	if p.pos >= len(p.data) {
		return p.errorf("Unexpected end-of-input: %s", expect)
	}
	c := p.data[p.pos]
	if c >= utf8.RuneSelf {
		r, _ := utf8.DecodeRune(p.data[p.pos:])
		return p.errorf("Unexpected character ('%c' (code %d / 0x%x)): %s", r, r, r, expect)
	}
	return p.errorf("Unexpected character (%s): %s", charDesc(c), expect)
}

// value parses the value at p.pos inside depth open arrays and objects.
func (p *parser) value(depth int) (Value, error) {
	if p.pos >= len(p.data) {
		return Value{}, p.errorf("Unexpected end-of-input: expected a value")
	}
	start := p.pos
	switch c := p.data[p.pos]; {
	case c == '{':
		return p.object(depth)
	case c == '[':
		return p.array(depth)
	case c == '"':
		esc, err := p.str()
		if err != nil {
			return Value{}, err
		}
		return Value{Kind: String, Raw: p.data[start:p.pos], escaped: esc}, nil
	case c == '-' || (c >= '0' && c <= '9'):
		if err := p.number(); err != nil {
			return Value{}, err
		}
		return Value{Kind: Number, Raw: p.data[start:p.pos]}, nil
	case c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z':
		end := p.pos
		for end < len(p.data) && isTokenChar(p.data[end]) {
			end++
		}
		word := p.data[p.pos:end]
		switch string(word) { // no allocation for a switch on converted bytes
		case "null", "true", "false":
			p.pos = end
			k := Null
			if string(word) != "null" {
				k = Bool
			}
			return Value{Kind: k, Raw: p.data[start:end]}, nil
		}
		return Value{}, p.errorf("Unrecognized token '%s': was expecting (JSON String, Number, Array, Object or token 'null', 'true' or 'false')", word)
	default:
		return Value{}, p.unexpected("expected a valid value (JSON String, Number, Array, Object or token 'null', 'true' or 'false')")
	}
}

// skip is value for a value that is not built (inside a container beyond
// p.keep): it checks the value as value does, with the same errors, and
// only moves past it; its containers skip their members in turn.
func (p *parser) skip(depth int) error {
	if p.pos < len(p.data) {
		switch c := p.data[p.pos]; {
		case c == '"':
			_, err := p.str()
			return err
		case c == '-' || (c >= '0' && c <= '9'):
			return p.number()
		case c == '{':
			_, err := p.objectBody(depth, false)
			return err
		case c == '[':
			_, err := p.arrayBody(depth, false)
			return err
		}
	}
	_, err := p.value(depth)
	return err
}

func isTokenChar(c byte) bool {
	return c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' || c == '_' || c == '$'
}

func (p *parser) object(depth int) (Value, error) {
	start, mark := p.pos, len(p.fields)
	build := p.keep < 0 || depth <= p.keep
	empty, err := p.objectBody(depth, build)
	if err != nil {
		return Value{}, err
	}
	obj := Value{Kind: Object, Raw: p.data[start:p.pos]}
	switch {
	case empty:
		obj.Fields = []Field{}
	case build:
		obj.Fields = p.closeFields(mark)
	}
	return obj, nil
}

// objectBody reads the object at p.pos, inside depth open containers,
// putting its members on p.fields when build is set; it reports whether
// the object is empty.
func (p *parser) objectBody(depth int, build bool) (empty bool, err error) {
	if err := p.nest(depth); err != nil {
		return false, err
	}
	p.pos++ // {
	p.skipWS()
	if p.pos < len(p.data) && p.data[p.pos] == '}' {
		p.pos++
		return true, nil
	}
	for n := 0; ; n++ {
		p.skipWS()
		if p.pos >= len(p.data) {
			return false, p.errorf("Unexpected end-of-input: expected close marker for Object")
		}
		if p.data[p.pos] == ']' && n == 0 {
			return false, p.errorf("Unexpected close marker ']': expected '}'")
		}
		if p.data[p.pos] != '"' {
			return false, p.unexpected("was expecting double-quote to start field name")
		}
		ns := p.pos
		esc, err := p.str()
		if err != nil {
			return false, err
		}
		ne := p.pos
		p.skipWS()
		if p.pos >= len(p.data) {
			return false, p.errorf("Unexpected end-of-input: expected close marker for Object")
		}
		if p.data[p.pos] != ':' {
			return false, p.unexpected("was expecting a colon to separate field name and value")
		}
		p.pos++
		p.skipWS()
		if !build {
			if err := p.skip(depth + 1); err != nil {
				return false, err
			}
		} else {
			name := p.name(p.data[ns+1:ne-1], esc)
			v, err := p.value(depth + 1)
			if err != nil {
				return false, err
			}
			p.fields = append(p.fields, Field{Name: name, Value: v})
		}
		done, err := p.commaOrClose("Object", '}', ']')
		if err != nil || done {
			return false, err
		}
	}
}

func (p *parser) array(depth int) (Value, error) {
	start, mark := p.pos, len(p.items)
	build := p.keep < 0 || depth <= p.keep
	empty, err := p.arrayBody(depth, build)
	if err != nil {
		return Value{}, err
	}
	arr := Value{Kind: Array, Raw: p.data[start:p.pos]}
	switch {
	case empty:
		arr.Items = []Value{}
	case build:
		arr.Items = p.closeItems(mark)
	}
	return arr, nil
}

// arrayBody is objectBody for the array at p.pos.
func (p *parser) arrayBody(depth int, build bool) (empty bool, err error) {
	if err := p.nest(depth); err != nil {
		return false, err
	}
	p.pos++ // [
	p.skipWS()
	if p.pos < len(p.data) && p.data[p.pos] == ']' {
		p.pos++
		return true, nil
	}
	for {
		p.skipWS()
		if p.pos >= len(p.data) {
			return false, p.errorf("Unexpected end-of-input: expected close marker for Array")
		}
		if c := p.data[p.pos]; c == '}' {
			return false, p.errorf("Unexpected close marker '}': expected ']'")
		}
		if !build {
			if err := p.skip(depth + 1); err != nil {
				return false, err
			}
		} else {
			v, err := p.value(depth + 1)
			if err != nil {
				return false, err
			}
			p.items = append(p.items, v)
		}
		done, err := p.commaOrClose("Array", ']', '}')
		if err != nil || done {
			return false, err
		}
	}
}

// commaOrClose reads what follows an entry of an Object or Array (kind):
// a comma, more entries to come, or the close marker, the kind's end
// (done). other is the other kind's close marker, which gets Jackson's
// own message.
func (p *parser) commaOrClose(kind string, closer, other byte) (done bool, err error) {
	p.skipWS()
	if p.pos >= len(p.data) {
		return false, p.errorf("Unexpected end-of-input: expected close marker for %s", kind)
	}
	switch p.data[p.pos] {
	case ',':
		p.pos++
		return false, nil
	case closer:
		p.pos++
		return true, nil
	case other:
		return false, p.errorf("Unexpected close marker '%c': expected '%c'", other, closer)
	default:
		return false, p.unexpected("was expecting comma to separate " + kind + " entries")
	}
}

// str scans a string starting at the opening quote; it reports whether the
// string has escapes.
func (p *parser) str() (escaped bool, err error) {
	p.pos++ // opening quote
	for p.pos < len(p.data) {
		// The plain run, with the position in a local.
		data, pos := p.data, p.pos
		for pos < len(data) && plainStringByte[data[pos]] {
			pos++
		}
		p.pos = pos
		if pos >= len(data) {
			break
		}
		c := data[pos]
		switch {
		case c == '"':
			p.pos++
			return escaped, nil
		case c == '\\':
			escaped = true
			p.pos++
			if p.pos >= len(p.data) {
				return false, p.errorf("Unexpected end-of-input in character escape sequence")
			}
			switch e := p.data[p.pos]; e {
			case '"', '\\', '/', 'b', 'f', 'n', 'r', 't':
				p.pos++
			case 'u':
				if p.pos+4 >= len(p.data) {
					return false, p.errorf("Unexpected end-of-input in character escape sequence")
				}
				for i := 1; i <= 4; i++ {
					if !isHex(p.data[p.pos+i]) {
						p.pos += i
						return false, p.errorf("Unexpected character (%s): expected a hex-digit for character escape sequence", charDesc(p.data[p.pos]))
					}
				}
				p.pos += 5
			default:
				return false, p.errorf("Unrecognized character escape %s", charDesc(e))
			}
		case c < 0x20:
			return false, p.errorf("Illegal unquoted character (%s): has to be escaped using backslash to be included in string value", charDesc(c))
		case c >= utf8.RuneSelf:
			r, size := utf8.DecodeRune(p.data[p.pos:])
			if r == utf8.RuneError && size <= 1 {
				if c < 0xC2 || c > 0xF4 || p.pos+1 >= len(p.data) {
					return false, p.errorf("Invalid UTF-8 start byte 0x%x", c)
				}
				return false, p.errorf("Invalid UTF-8 middle byte 0x%x", p.data[p.pos+1])
			}
			p.pos += size
		default:
			p.pos++
		}
	}
	return false, p.errorf("Unexpected end-of-input: was expecting closing quote for a string value")
}

// plainStringByte marks the bytes a string holds as themselves: not the
// closing quote, a backslash, a control character or part of a multi-byte
// UTF-8 sequence.
var plainStringByte = func() [256]bool {
	var t [256]bool
	for c := 0x20; c < utf8.RuneSelf; c++ {
		t[c] = c != '"' && c != '\\'
	}
	return t
}()

func isHex(c byte) bool {
	return c >= '0' && c <= '9' || c >= 'a' && c <= 'f' || c >= 'A' && c <= 'F'
}

func (p *parser) number() error {
	if p.data[p.pos] == '-' {
		p.pos++
		if p.pos >= len(p.data) || p.data[p.pos] < '0' || p.data[p.pos] > '9' {
			return p.unexpected("expected digit (0-9) to follow minus sign, for valid numeric value")
		}
	}
	if p.data[p.pos] == '0' && p.pos+1 < len(p.data) && p.data[p.pos+1] >= '0' && p.data[p.pos+1] <= '9' {
		return p.errorf("Invalid numeric value: Leading zeroes not allowed")
	}
	digits := func() int {
		data, pos := p.data, p.pos
		for pos < len(data) && data[pos] >= '0' && data[pos] <= '9' {
			pos++
		}
		n := pos - p.pos
		p.pos = pos
		return n
	}
	digits()
	if p.pos < len(p.data) && p.data[p.pos] == '.' {
		p.pos++
		if digits() == 0 {
			return p.unexpected("Decimal point not followed by a digit")
		}
	}
	if p.pos < len(p.data) && (p.data[p.pos] == 'e' || p.data[p.pos] == 'E') {
		p.pos++
		if p.pos < len(p.data) && (p.data[p.pos] == '+' || p.data[p.pos] == '-') {
			p.pos++
		}
		if digits() == 0 {
			return p.unexpected("Exponent indicator not followed by a digit")
		}
	}
	if p.pos < len(p.data) && isTokenChar(p.data[p.pos]) {
		return p.unexpected("Expected space separating root-level values")
	}
	return nil
}

// Str returns the decoded text of a String value ("" for other kinds).
// Lone surrogates become U+FFFD (Parse rejects invalid UTF-8).
func (v Value) Str() string {
	if v.Kind != String {
		return ""
	}
	body := v.Raw[1 : len(v.Raw)-1]
	if !v.escaped {
		return string(body)
	}
	return string(unescape(body))
}

// StrBytes returns the string body without copying when it has no escapes.
func (v Value) StrBytes() []byte {
	if v.Kind != String {
		return nil
	}
	if !v.escaped {
		return v.Raw[1 : len(v.Raw)-1]
	}
	return unescape(v.Raw[1 : len(v.Raw)-1])
}

// unescape decodes the JSON escapes of a string body Parse accepted.
func unescape(b []byte) []byte {
	out := make([]byte, 0, len(b))
	for i := 0; i < len(b); i++ {
		c := b[i]
		if c != '\\' || i+1 >= len(b) {
			out = append(out, c)
			continue
		}
		i++
		switch b[i] {
		case 'b':
			out = append(out, '\b')
		case 'f':
			out = append(out, '\f')
		case 'n':
			out = append(out, '\n')
		case 'r':
			out = append(out, '\r')
		case 't':
			out = append(out, '\t')
		case 'u':
			if i+4 >= len(b) {
				return out
			}
			r := hex4(b[i+1 : i+5])
			i += 4
			if r >= 0xD800 && r < 0xDC00 && i+6 < len(b) && b[i+1] == '\\' && b[i+2] == 'u' {
				if r2 := hex4(b[i+3 : i+7]); r2 >= 0xDC00 && r2 < 0xE000 {
					out = utf8.AppendRune(out, (r-0xD800)<<10+(r2-0xDC00)+0x10000)
					i += 6
					continue
				}
			}
			if r >= 0xD800 && r < 0xE000 {
				r = utf8.RuneError
			}
			out = utf8.AppendRune(out, r)
		default: // '"', '\\', '/'
			out = append(out, b[i])
		}
	}
	return out
}

func hex4(b []byte) rune {
	var r rune
	for _, c := range b {
		r <<= 4
		switch {
		case c >= '0' && c <= '9':
			r |= rune(c - '0')
		case c >= 'a' && c <= 'f':
			r |= rune(c - 'a' + 10)
		case c >= 'A' && c <= 'F':
			r |= rune(c - 'A' + 10)
		}
	}
	return r
}

// Field returns the last member named name (Jackson keeps the last of
// duplicates) and whether it exists.
func (v Value) Field(name string) (Value, bool) {
	for i := len(v.Fields) - 1; i >= 0; i-- {
		if v.Fields[i].Name == name {
			return v.Fields[i].Value, true
		}
	}
	return Value{}, false
}
