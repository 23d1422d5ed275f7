package mockproxy

import (
	"go/ast"
	"go/parser"
	"go/token"
	"os"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/kafkarestmock/kafkarestmock/scenario"
)

// errorEntry is one answer of the error table: an HTTP status ("record"
// for a per-record produce entry), an error_code and a message.
type errorEntry struct {
	status  string
	code    int
	message string
}

func entryOf(ae *apiError) errorEntry {
	return errorEntry{strconv.Itoa(ae.status), ae.code, ae.message}
}

func reportEntry(r v3Report) errorEntry {
	return errorEntry{"report", r.code, r.message}
}

func recordEntry(r produceResult) errorEntry {
	return errorEntry{"record", r.code, r.msg}
}

// goErrorTable renders every value and constructor of errors.go and
// errors_kafka.go, by name. Constructors are called with arguments in
// FIDELITY.md's <placeholder> form where they take text, so that the
// rendered message reads as the documented template; numeric arguments
// are plain numbers, which the template's placeholders match.
func goErrorTable() map[string][]errorEntry {
	v := func(ve *versionedError) []errorEntry { return []errorEntry{entryOf(ve.legacy), entryOf(ve.current)} }
	one := func(ae *apiError) []errorEntry { return []errorEntry{entryOf(ae)} }
	table := map[string][]errorEntry{
		"errNotFound":                 one(errNotFound),
		"errMethodNotAllowed":         one(errMethodNotAllowed),
		"errNotAcceptable":            one(errNotAcceptable),
		"errUnsupportedMediaType":     one(errUnsupportedMediaType),
		"errEntityTooLarge":           one(errEntityTooLarge),
		"errInternal":                 one(errInternal),
		"errTopicNotFound":            one(errTopicNotFound),
		"errPartitionNotFound":        one(errPartitionNotFound),
		"errConsumerNotFound":         one(errConsumerNotFound),
		"errConsumerExists":           one(errConsumerExists),
		"errFormatMismatch":           one(errFormatMismatch),
		"errRateLimited":              one(errRateLimited),
		"errAlreadySubscribed":        one(errAlreadySubscribed),
		"errOffsetOrTimestamp":        one(errOffsetOrTimestamp),
		"errBodyUnreadable":           one(errBodyUnreadable),
		"errKeySchemaMissing":         one(errKeySchemaMissing),
		"errValueSchemaMissing":       one(errValueSchemaMissing),
		"errSchemaRegistry":           v(errSchemaRegistry),
		"errSerializerUndefined":      one(errSerializerUndefined),
		"errSchemaLookupFailed":       one(errSchemaLookupFailed),
		"errInvalidSchema":            one(errInvalidSchema("<detail>")),
		"errSerializing":              one(errSerializing("<detail>")),
		"errConversion":               one(errConversion("<detail>")),
		"errSubjectStrategy":          one(errSubjectStrategy("<strategy>")),
		"errSchemaVersionMissing":     one(errSchemaVersionMissing("<subject>", 3)),
		"errTopicMissing":             v(errTopicMissing),
		"errUnknownTopicOrPartition":  one(errUnknownTopicOrPartition),
		"errV1CommitUnknownPartition": one(errV1CommitUnknownPartition),

		"errJSONSyntax":            one(errJSONSyntax("<Jackson's parser message>")),
		"errJSONLimit":             one(errJSONLimit("Document nesting depth (1001) exceeds the maximum allowed (1000, from `StreamReadConstraints.getMaxNestingDepth()`)")),
		"errCommitFailed":          one(errCommitFailed("<the Java consumer's text>")),
		"errCannotDeserialize":     one(errCannotDeserialize("<Java type>", "<kind>", "<token>")),
		"errNumericRange":          one(errNumericRange("99999999999", "int", -2147483648, 2147483647)),
		"errNotANumber":            one(errNotANumber("<Java type>", "<string>")),
		"errNotAnInstant":          one(errNotAnInstant("java.time.Instant", "<string>", "<text>")),
		"errNullEntity":            one(errNullEntity("<Java type>")),
		"errUnrecognizedField":     one(errUnrecognizedField("<field>")),
		"errNotNull":               one(errNotNull("<method>", 2)),
		"errRecordsEmpty":          {entryOf(errRecordsEmpty("<method>.arg2", "null")), entryOf(errRecordsEmpty("<method>.arg2", "[]"))},
		"errNegativePartition":     one(errNegativePartition("<method>.arg2", 0, -1)),
		"errFetchMinBytesTooSmall": one(errFetchMinBytesTooSmall(-2)),
		"errFetchMinBytesTooLarge": one(errFetchMinBytesTooLarge(10000001)),
		"errConsumerConfig":        one(errConsumerConfig("<Kafka ConfigException message>")),
		"errAutoCommitValue":       one(errAutoCommitValue("<value>")),
		"errV1OffsetReset":         one(errV1OffsetReset("<value>")),
		"errIllegalState":          one(errIllegalState("<Kafka message>")),
		"errTooManyInstances":      one(errTooManyInstances(10000)),
		"errKafka":                 one(errKafka("<Kafka message>")),
		"errKafkaWrapped":          one(errKafkaWrapped("<detail>")),
		"simpleConsumerError":      one(simpleConsumerError(1)),
		"errReadDecode":            v(errReadDecode("<SerializationException message>")),
		"errBase64Lenient":         one(errBase64Lenient("<key|value>")),
		"errNotBase64String":       one(errNotBase64String([]byte("<JSON value>"))),
		"errInvalidBase64":         one(errInvalidBase64([]byte("<JSON value>"))),
		"errInvalidFormatType":     one(errInvalidFormatType),
		"errNoConsumerFormat":      one(errNoConsumerFormat("<FORMAT>")),

		"errClusterNotFound":         one(errClusterNotFound("<cluster_id>")),
		"errV3PayloadEmpty":          {entryOf(errV3PayloadEmpty("Data")), entryOf(errV3PayloadEmpty("Partitions_count"))},
		"errV3InvalidTopicName":      one(errV3InvalidTopicName),
		"errV3MissingTopicName":      one(errV3MissingTopicName),
		"errV3TopicExists":           one(errV3TopicExists("<topic>")),
		"errV3ReplicationFactor":     one(errV3ReplicationFactor(3)),
		"errV3NonPositive":           {entryOf(errV3NonPositive("Number of partitions")), entryOf(errV3NonPositive("Replication factor"))},
		"errV3SamePartitions":        one(errV3SamePartitions(3)),
		"errV3FewerPartitions":       one(errV3FewerPartitions("<topic>", 3, 2)),
		"errV3PartitionTopicMissing": one(errV3PartitionTopicMissing(0, "<topic>")),
		"errV3OffsetType":            one(errV3OffsetType("<offset_type>")),
		"errV3InvalidConfig":         one(errV3InvalidConfig("<Kafka message>")),
		"errV3EmptyBody":             one(errV3EmptyBody),
		"errV3Charset":               one(errV3Charset),
		"errV3StreamExpired":         {reportEntry(v3ReportError(nil, errV3StreamExpired))},
		"v3ReportError":              {reportEntry(v3ReportError(nil, errSchemaRegistry))},
		"errProduceBatch":            one(errProduceBatch("<batch check message>")),
		"errStreamBroken":            one(errStreamBroken("<Jackson's parser message>")),
		"errV3UnknownField":          one(errV3UnknownField("<field>", "<builder class>", "<properties>", 6)),
		"errV3DataState":             one(errV3DataState("<rule text>")),
		"errNotEnum":                 one(errNotEnum("<Java type>", "<string>", "<constants>")),
		"errHeaderBase64":            one(errHeaderBase64("<string>")),
		"errNotAString":              one(errNotAString([]byte("<JSON value>"))),
		"errV3TopicMissing":          one(errV3TopicMissing("<topic>")),
		"errV3PartitionMissing":      one(errV3PartitionMissing("<topic>", 99, 3)),

		// v3 consumer groups.
		"errV3GroupClusterNotFound": one(errV3GroupClusterNotFound("<cluster_id>")),
		"errV3GroupNotExist":        one(errV3GroupNotExist("<group>")),
		"errV3ConsumerNotExist":     one(errV3ConsumerNotExist("<consumer_id>")),
		"errV3GroupNotFound":        one(errV3GroupNotFound("<group>")),
		"errV3NoGroupOffsets":       one(errV3NoGroupOffsets),
		"errV3LagsNotFound":         one(errV3LagsNotFound),

		// v3 brokers, replicas and reassignments.
		"errBrokerNotFound":            one(errBrokerNotFound(2)),
		"errV3ReplicaPartitionMissing": one(errV3ReplicaPartitionMissing(3, "<topic>", "<cluster_id>")),

		// v3 ACLs.
		"errV3NullPayload":        one(errV3NullPayload),
		"errV3ConstructorProblem": one(errV3ConstructorProblem("<class>", "<problem>")),
		"errACLEnumParam":         one(errACLEnumParam("<enum>", "<value>")),
		"errACLFilterUnknown":     one(errACLFilterUnknown("<field>")),
		"errACLFilterUnspecified": one(errACLFilterUnspecified("<field>")),
		"errACLCreateValue":       one(errACLCreateValue("<field>", "<value>")),
		"errNoAuthorizer":         one(errNoAuthorizer),
		"errACLClusterName":       one(errACLClusterName),
		"errACLEmptyName":         one(errACLEmptyName),
		"errACLPrincipal":         one(errACLPrincipal("<principal>")),

		// v3 configs.
		"errV3ConfigNotFound": one(errV3ConfigNotFound("<name>", "<TOPIC|BROKER>", "<resource>", "<cluster_id>")),
		"errV3NullProperty":   one(errV3NullProperty("<Java type>", "<property>")),
		"errV3NodeTimeout":    one(errV3NodeTimeout("<call>")),

		"recordInvalidTopic":     {recordEntry(recordInvalidTopic("<topic>"))},
		"recordTopicMissing":     {recordEntry(recordTopicMissing("<topic>"))},
		"recordPartitionMissing": {recordEntry(recordPartitionMissing("<topic>", 99, 3))},
		"recordTooLarge":         {recordEntry(recordTooLarge(1048674))},
		"errV3RecordTooLarge":    one(errV3RecordTooLarge(1048674)),
	}
	// The exception mapper and the producer, class by class, for a Kafka
	// error whose message is the placeholder.
	var byClass, perRecord []errorEntry
	for _, c := range []scenario.Class{
		scenario.ClassRetriable, scenario.ClassNonRetriable, scenario.ClassAuthentication,
		scenario.ClassAuthorization, scenario.ClassUnknownTopic, scenario.ClassBrokerNotAvailable,
		scenario.ClassBadRequest, scenario.ClassThrottled, scenario.ClassRecordTooLarge,
		scenario.ClassConsumerInstanceNotFound, scenario.ClassRateLimited,
	} {
		ke := scenario.KafkaError{Name: "X", Message: "<Kafka message>", Class: c, Retriable: c == scenario.ClassRetriable}
		ae, _ := kafkaAnswer(ke)
		byClass = append(byClass, entryOf(ae))
		perRecord = append(perRecord, recordEntry(produceRecordError(ke)))
	}
	table["kafkaAnswer"] = byClass
	table["produceRecordError"] = perRecord
	return table
}

// notRows are the names of errors.go and errors_kafka.go that are no row
// of the table: building blocks of rows, and answers that are not the
// proxy's (a fault rule's own response, the admin API's errors).
var notRows = []string{
	"newAPIError", "badRequest", "jacksonError", "unprocessable",
	"errRuleResponse", "errAdmin", "errAdminUnauthorized",
	"kafkaText", "recordTooLargeText", "kafkaErrorAnswer", "kafka25", "backendKafkaError", "backendError",
	"errorRow", "produceError", "writeError",
}

// TestErrorTableNames checks that goErrorTable covers every error value
// and constructor declared in errors.go and errors_kafka.go.
func TestErrorTableNames(t *testing.T) {
	t.Parallel()
	var declared []string
	fset := token.NewFileSet()
	for _, name := range []string{"errors.go", "errors_kafka.go"} {
		f, err := parser.ParseFile(fset, name, nil, 0)
		if err != nil {
			t.Fatal(err)
		}
		for _, d := range f.Decls {
			switch d := d.(type) {
			case *ast.FuncDecl:
				if d.Recv == nil {
					declared = append(declared, d.Name.Name)
				}
			case *ast.GenDecl:
				if d.Tok != token.VAR {
					continue
				}
				for _, spec := range d.Specs {
					for _, n := range spec.(*ast.ValueSpec).Names {
						declared = append(declared, n.Name)
					}
				}
			}
		}
	}
	table := goErrorTable()
	for _, name := range declared {
		if _, ok := table[name]; !ok && !slices.Contains(notRows, name) && name != "kafkaAnswer" && name != "produceRecordError" {
			t.Errorf("%s is declared in the error table but not rendered by goErrorTable (nor listed in notRows)", name)
		}
	}
	for name := range table {
		if !slices.Contains(declared, name) {
			t.Errorf("goErrorTable renders %s, which errors.go and errors_kafka.go do not declare", name)
		}
	}
}

// docErrorTable reads the rows of FIDELITY.md's "Error answers" table.
func docErrorTable(t *testing.T) []errorEntry {
	t.Helper()
	doc, err := os.ReadFile("../FIDELITY.md")
	if err != nil {
		t.Fatal(err)
	}
	text := string(doc)
	start := strings.Index(text, "\n## Error answers\n")
	if start < 0 {
		t.Fatal(`FIDELITY.md has no "Error answers" section`)
	}
	text = text[start+1:]
	if end := strings.Index(text[3:], "\n## "); end >= 0 {
		text = text[:end+3]
	}
	var rows []errorEntry
	for _, line := range strings.Split(text, "\n") {
		if !strings.HasPrefix(line, "| ") || strings.HasPrefix(line, "| status ") {
			continue
		}
		cells := splitRow(line)
		if len(cells) != 4 {
			t.Fatalf("row %q: %d cells, want 4", line, len(cells))
		}
		code, err := strconv.Atoi(cells[1])
		if err != nil {
			t.Fatalf("row %q: error_code %q", line, cells[1])
		}
		msg := cells[2]
		for _, q := range []string{"`` ", "``", "`"} {
			if strings.HasPrefix(msg, q) && strings.HasSuffix(msg, reverse(q)) {
				msg = msg[len(q) : len(msg)-len(q)]
				break
			}
		}
		rows = append(rows, errorEntry{cells[0], code, msg})
	}
	return rows
}

// splitRow splits a Markdown table row on the | that are not escaped.
func splitRow(line string) []string {
	line = strings.TrimSuffix(strings.TrimPrefix(line, "|"), "|")
	var cells []string
	var cur strings.Builder
	for i := 0; i < len(line); i++ {
		switch {
		case line[i] == '\\' && i+1 < len(line) && line[i+1] == '|':
			cur.WriteByte('|')
			i++
		case line[i] == '|':
			cells = append(cells, strings.TrimSpace(cur.String()))
			cur.Reset()
		default:
			cur.WriteByte(line[i])
		}
	}
	return append(cells, strings.TrimSpace(cur.String()))
}

func reverse(s string) string {
	b := []byte(s)
	slices.Reverse(b)
	return string(b)
}

// template turns a documented message into a pattern: each <placeholder>
// matches any text; <a|b> matches either alternative.
func template(msg string) *regexp.Regexp {
	var b strings.Builder
	b.WriteString("^")
	for {
		i := strings.IndexByte(msg, '<')
		j := strings.IndexByte(msg[max(i, 0):], '>')
		if i < 0 || j < 0 {
			break
		}
		b.WriteString(regexp.QuoteMeta(msg[:i]))
		b.WriteString("(.+)")
		msg = msg[i+j+1:]
	}
	b.WriteString(regexp.QuoteMeta(msg))
	b.WriteString("$")
	return regexp.MustCompile(b.String())
}

// matches reports whether a documented row describes an answer.
func (doc errorEntry) matches(e errorEntry) bool {
	return doc.status == e.status && doc.code == e.code && template(doc.message).MatchString(e.message)
}

// TestFidelityErrorTable checks FIDELITY.md's "Error answers" table
// against the error table: every answer the code can give is a row, and
// every row is an answer the code gives. Messages with <placeholders> are
// templates: the code renders them with placeholder text or numbers
// (goErrorTable), which the row's pattern must match.
func TestFidelityErrorTable(t *testing.T) {
	t.Parallel()
	doc := docErrorTable(t)
	var answers []errorEntry
	for _, es := range goErrorTable() {
		answers = append(answers, es...)
	}
	for _, e := range answers {
		if !slices.ContainsFunc(doc, func(d errorEntry) bool { return d.matches(e) }) {
			t.Errorf("FIDELITY.md has no row for %s %d %q", e.status, e.code, e.message)
		}
	}
	for _, d := range doc {
		if !slices.ContainsFunc(answers, d.matches) {
			t.Errorf("FIDELITY.md row %s %d %q is no answer of the error table", d.status, d.code, d.message)
		}
	}
}

// TestFidelityCitedErrors checks the errors FIDELITY.md cites outside its
// error table, as "404 `40401 Topic not found.`" or
// `500 {"error_code":50002,"message":"..."}`: each must be an answer of
// the table (so, by TestFidelityErrorTable, of the code). "..." and N in a
// citation stand for text the real server fills in.
func TestFidelityCitedErrors(t *testing.T) {
	t.Parallel()
	rows := docErrorTable(t)
	raw, err := os.ReadFile("../FIDELITY.md")
	if err != nil {
		t.Fatal(err)
	}
	flat := strings.Join(strings.Fields(string(raw)), " ")
	cited := regexp.MustCompile("(\\d{3}) (?:`(\\d{3,5}) ([^`]+)`|`?\\{\"error_code\":(\\d+),\"message\":\"([^\"]*)\"\\})")
	n := 0
	for _, m := range cited.FindAllStringSubmatch(flat, -1) {
		code, msg := m[2]+m[4], m[3]+m[5]
		c, err := strconv.Atoi(code)
		if err != nil {
			t.Fatalf("citation %q: %v", m[0], err)
		}
		msg = strings.ReplaceAll(msg, "...", "<text>")
		msg = regexp.MustCompile(`\bN\b`).ReplaceAllString(msg, "<n>")
		e := errorEntry{m[1], c, msg}
		if !slices.ContainsFunc(rows, func(d errorEntry) bool { return d.matches(e) }) {
			t.Errorf("FIDELITY.md cites %s %d %q, which its error table does not list", e.status, e.code, m[3]+m[5])
		}
		n++
	}
	if n == 0 {
		t.Error("found no cited errors in FIDELITY.md")
	}
}

// TestFidelityKafkaErrors checks FIDELITY.md's table of Kafka errors
// against scenario.KafkaErrors, row for row, and the Kafka 2.5 text of
// code 6 it names.
func TestFidelityKafkaErrors(t *testing.T) {
	t.Parallel()
	raw, err := os.ReadFile("../FIDELITY.md")
	if err != nil {
		t.Fatal(err)
	}
	doc := string(raw)
	const head = "| name | Kafka code | retriable | class | message |\n|---|---|---|---|---|\n"
	i := strings.Index(doc, head)
	if i < 0 {
		t.Fatal("FIDELITY.md has no table of Kafka errors")
	}
	var got []string
	for _, line := range strings.Split(doc[i+len(head):], "\n") {
		if !strings.HasPrefix(line, "| ") {
			break
		}
		got = append(got, line)
	}
	var want []string
	for _, ke := range scenario.KafkaErrors() {
		code, retriable := strconv.Itoa(int(ke.Code)), "no"
		if ke.Kind == scenario.KindProxy {
			code = "proxy"
		}
		if ke.Retriable {
			retriable = "yes"
		}
		want = append(want, "| `"+ke.Name+"` | "+code+" | "+retriable+" | "+ke.Class.String()+" | "+ke.Message+" |")
	}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("FIDELITY.md's Kafka errors differ from scenario.KafkaErrors() (-code +doc):\n%s", diff)
	}
	flat := strings.Join(strings.Fields(doc), " ")
	if !strings.Contains(flat, "`"+notLeaderForPartition25+"` with Kafka 2.5's message `"+notLeaderForPartition25Text+"`") {
		t.Errorf("FIDELITY.md does not name %s with %q", notLeaderForPartition25, notLeaderForPartition25Text)
	}
}
