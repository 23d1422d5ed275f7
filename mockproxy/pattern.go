package mockproxy

// Java regular expressions for pattern subscriptions, translated to RE2.

import (
	"regexp"
	"strings"
)

// compileJavaPattern compiles a Java regex for Kafka's subscription, which
// must match a whole topic name (Matcher.matches). Java-only syntax is
// translated where RE2 has an equivalent for whole-name matching:
// possessive quantifiers (X*+, X++, X?+, X{n}+) become greedy ones and \Z
// becomes \z. Lookaround, backreferences and atomic groups have no RE2
// form: such patterns fail to compile (see FIDELITY.md).
func compileJavaPattern(p string) (*regexp.Regexp, error) {
	return regexp.Compile(`^(?:` + translateJavaRegex(p) + `)$`)
}

func translateJavaRegex(p string) string {
	var b strings.Builder
	inClass, quantified := false, false // quantified: the last token was a quantifier
	for i := 0; i < len(p); i++ {
		c := p[i]
		switch {
		case c == '\\' && i+1 < len(p) && p[i+1] == 'Q':
			// \Q...\E quotes literally: copy it unchanged.
			end := strings.Index(p[i+2:], `\E`)
			if end < 0 {
				b.WriteString(p[i:])
				return b.String()
			}
			b.WriteString(p[i : i+2+end+2])
			i += 1 + end + 2
			quantified = false
			continue
		case c == '\\' && i+1 < len(p):
			if p[i+1] == 'Z' && !inClass {
				b.WriteString(`\z`)
			} else {
				b.WriteByte(c)
				b.WriteByte(p[i+1])
			}
			i++
			quantified = false
			continue
		case inClass:
			if c == ']' {
				inClass = false
			}
			quantified = false
		case c == '[':
			inClass = true
			quantified = false
		case c == '+' && quantified:
			quantified = false
			continue // possessive: drop the extra '+'
		case c == '*' || c == '+' || c == '?' || c == '}':
			quantified = true
		default:
			quantified = false
		}
		b.WriteByte(c)
	}
	return b.String()
}
