package schemareg

import (
	"fmt"
	"strings"
)

// Compatibility is a compatibility level (GET/PUT /config).
type Compatibility string

// The compatibility levels Schema Registry knows.
const (
	None               Compatibility = "NONE"
	Backward           Compatibility = "BACKWARD"
	BackwardTransitive Compatibility = "BACKWARD_TRANSITIVE"
	Forward            Compatibility = "FORWARD"
	ForwardTransitive  Compatibility = "FORWARD_TRANSITIVE"
	Full               Compatibility = "FULL"
	FullTransitive     Compatibility = "FULL_TRANSITIVE"
)

// parseCompatibility reads a level as CompatibilityLevel.forName does
// (case-insensitive).
func parseCompatibility(s string) (Compatibility, bool) {
	c := Compatibility(strings.ToUpper(s))
	switch c {
	case None, Backward, BackwardTransitive, Forward, ForwardTransitive, Full, FullTransitive:
		return c, true
	}
	return "", false
}

// candidate is a schema taking part in a check.
type candidate struct {
	typ     SchemaType
	p       parsed
	version int // 0 for the schema being checked
}

// backwardMessages reports what stops reader from reading data written
// with writer: Confluent's ParsedSchema.isBackwardCompatible. Each message
// may hold two %s, filled with the reader's and the writer's role ("new",
// "old") as SchemaValidatorBuilder does.
func backwardMessages(reader, writer candidate) []string {
	if reader.typ != writer.typ {
		return []string{"Incompatible because of different schema type"}
	}
	switch reader.typ {
	case Avro:
		return avroBackward(reader.p, writer.p)
	case JSON:
		return jsonBackward(reader.p, writer.p)
	case Protobuf:
		return protobufBackward(reader.p, writer.p)
	}
	return nil
}

// checkCompatibility runs the level's checks of s against previous (the
// subject's live versions, oldest first) and returns Confluent's messages,
// empty when compatible (AbstractSchemaRegistry.isCompatibleWithPrevious
// over CompatibilityChecker).
func checkCompatibility(level Compatibility, s candidate, previous []candidate) []string {
	if level == None || len(previous) == 0 {
		return nil
	}
	var strategy func(existing candidate) []string
	switch level {
	case Backward, BackwardTransitive:
		strategy = func(e candidate) []string {
			return formatMessages(backwardMessages(s, e), e, "new", "old", true)
		}
	case Forward, ForwardTransitive:
		strategy = func(e candidate) []string {
			return formatMessages(backwardMessages(e, s), e, "old", "new", true)
		}
	default:
		strategy = func(e candidate) []string {
			m := formatMessages(backwardMessages(e, s), e, "old", "new", false)
			return append(m, formatMessages(backwardMessages(s, e), e, "new", "old", true)...)
		}
	}
	var msgs []string
	transitive := level == BackwardTransitive || level == ForwardTransitive || level == FullTransitive
	for i := len(previous) - 1; i >= 0; i-- {
		e := previous[i]
		if s.typ != e.typ {
			msgs = []string{"Incompatible because of different schema type"}
		} else {
			msgs = strategy(e)
		}
		if !transitive || len(msgs) > 0 {
			break
		}
	}
	if len(msgs) > 0 {
		msgs = append(msgs, fmt.Sprintf("{validateFields: 'false', compatibility: '%s'}", level))
	}
	return msgs
}

// formatMessages is SchemaValidatorBuilder.formatErrorMessages.
func formatMessages(msgs []string, existing candidate, reader, writer string, appendSchema bool) []string {
	if len(msgs) == 0 {
		return nil
	}
	out := make([]string, 0, len(msgs)+2)
	for _, m := range msgs {
		out = append(out, javaFormat2(m, reader, writer))
	}
	if appendSchema {
		out = append(out, fmt.Sprintf("{oldSchemaVersion: %d}", existing.version))
		text := existing.p.canonical
		if len(text) <= 10*1024 {
			out = append(out, "{oldSchema: '"+text+"'}")
		} else {
			out = append(out, "{oldSchema: <truncated> '"+text[:10*1024]+"...'}")
		}
	}
	return out
}

// javaFormat2 fills the first two %s of m (String.format with two
// arguments; "%%" stays a single '%').
func javaFormat2(m, a, b string) string {
	if !strings.Contains(m, "%") {
		return m
	}
	var out strings.Builder
	args := []string{a, b}
	for i := 0; i < len(m); i++ {
		if m[i] == '%' && i+1 < len(m) {
			switch m[i+1] {
			case 's':
				if len(args) > 0 {
					out.WriteString(args[0])
					args = args[1:]
				}
				i++
				continue
			case '%':
				out.WriteByte('%')
				i++
				continue
			}
		}
		out.WriteByte(m[i])
	}
	return out.String()
}
