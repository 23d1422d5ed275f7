package mockproxy

// Produce for API v3: POST /v3/clusters/{cluster_id}/topics/{topic_name}/records
// (a stream of concatenated ProduceRequest objects answered by one
// delivery report per object, v3_records_stream.go) and .../records:batch
// (one JSON body of entries answered 207 with successes and failures).
// Records are stored one by one through the backend, so v2 consumers, the
// admin API and native Kafka clients see them at once. Key and value
// types BINARY, JSON and STRING are serialized as the real proxy's
// NoSchemaRecordSerializer does; a schema type, or no type (which means
// "look the schema up"), resolves its schema in the server's registry as
// SchemaManagerImpl does (produce_schema.go) and is converted to
// Confluent's wire format, or answers as a proxy without a registry when
// the server has none. The cluster id in the path is not checked, only
// echoed.

import (
	"fmt"
	"net/http"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/kafkarestmock/kafkarestmock/backend"
	"github.com/kafkarestmock/kafkarestmock/internal/jsonv"
	"github.com/kafkarestmock/kafkarestmock/internal/media"
	"github.com/kafkarestmock/kafkarestmock/scenario"
)

// registerV3Records adds the v3 produce methods.
func (rb routeBuilder) registerV3Records(add func(method, path string, eps ...*endpoint)) {
	js := offers(1, media.JSON)
	ep := func(h func(*Server, *call) error) *endpoint {
		return &endpoint{api: apiV3, name: "produce", consumes: js, produces: js, handle: h, perRecord: true}
	}
	add(http.MethodPost, "/v3/clusters/{cluster_id}/topics/{topic_name}/records", ep((*Server).produceV3Stream))
	add(http.MethodPost, "/v3/clusters/{cluster_id}/topics/{topic_name}/records:batch", ep((*Server).produceV3Batch))
}

// v3BatchMaxEntries is api.v3.produce.batch.maximum.entries' default.
const v3BatchMaxEntries = 10

// Java classes Jackson names in v3 produce mapping errors.
const (
	v3Entities     = "io.confluent.kafkarest.entities.v3."
	v3RequestClass = v3Entities + "ProduceRequest"
	v3DataClass    = v3RequestClass + "$ProduceRequestData"
	v3HeaderClass  = v3RequestClass + "$ProduceRequestHeader"
	v3EntryClass   = v3Entities + "ProduceBatchRequestEntry"
	v3BatchClass   = v3Entities + "ProduceBatchRequest"
	v3FormatEnum   = "io.confluent.kafkarest.entities.EmbeddedFormat"
	v3StrategyEnum = "io.confluent.kafkarest.entities.v3.ProduceRequest$SubjectNameStrategyEnum"
)

// v3Formats and v3Strategies list the enum constants of a
// ProduceRequestData's type and subject_name_strategy, in declaration
// order, as Jackson's enum error quotes them.
const (
	v3Formats    = "[BINARY, JSON, STRING, AVRO, JSONSCHEMA, PROTOBUF]"
	v3Strategies = "[TOPIC_NAME, RECORD_NAME, TOPIC_RECORD_NAME]"
)

// isEnumConstant reports whether s is one of the constants list names.
// v3FormatConstant returns the EmbeddedFormat constant spelled b, or "".
func v3FormatConstant(b []byte) string {
	switch string(b) { // the constants of v3Formats
	case "BINARY":
		return "BINARY"
	case "JSON":
		return "JSON"
	case "STRING":
		return "STRING"
	case "AVRO":
		return "AVRO"
	case "JSONSCHEMA":
		return "JSONSCHEMA"
	case "PROTOBUF":
		return "PROTOBUF"
	}
	return ""
}

func isEnumConstant(list, s string) bool {
	if s == "" {
		return false
	}
	for c := range strings.SplitSeq(strings.Trim(list, "[]"), ", ") {
		if c == s {
			return true
		}
	}
	return false
}

// v3Record is one decoded ProduceRequest (or batch entry).
type v3Record struct {
	id           string // batch entry id
	hasPartition bool
	partition    int64
	headers      []backend.Header
	key, value   v3Data // when hasKey, hasValue: present and not null
	hasKey       bool
	hasValue     bool
	hasTimestamp bool
	timestamp    time.Time
}

// v3Data is a ProduceRequestData: the embedded format ("" when absent,
// which means a schema lookup), what it says of its schema, and the data
// (Null when absent).
type v3Data struct {
	format string
	schema schemaSpec
	data   jsonv.Value
}

// v3EntryFields are the fields of a batch entry; a streamed record has all
// but the last.
var v3EntryFields = []string{"partition_id", "headers", "key", "value", "timestamp", "id"}

// decodeV3Record maps one ProduceRequest object (a batch entry when
// batch is set) into *r, which it clears first, the way Jackson and the
// entity's builders do. Unknown properties are Jackson's own exception
// inside a stream (a 400 report) and rest-utils' 422 for a batch body.
func decodeV3Record(v jsonv.Value, batch bool, r *v3Record) error {
	*r = v3Record{}
	class := v3RequestClass
	if batch {
		class = v3EntryClass
	}
	if v.Kind == jsonv.Null {
		return errNullEntity(class)
	}
	if err := expectObject(v, class); err != nil {
		return err
	}
	if batch {
		if err := checkFields(v, v3EntryFields...); err != nil {
			return err
		}
	} else if name, ok := unknownField(v, v3EntryFields[:len(v3EntryFields)-1]...); ok {
		return errV3UnknownField(name, "AutoValue_ProduceRequest$Builder",
			`"value", "originalSize", "partitionId", "headers", "key", "timestamp"`, 6)
	}
	if pv, ok := v.Field("partition_id"); ok {
		n, isNull, err := decodeInt(pv, 32)
		if err != nil {
			return err
		}
		r.hasPartition, r.partition = !isNull, n
	}
	if hv, ok := v.Field("headers"); ok && hv.Kind != jsonv.Null {
		hs, err := decodeV3Headers(hv)
		if err != nil {
			return err
		}
		r.headers = hs
	}
	var err error
	if kv, ok := v.Field("key"); ok {
		if r.hasKey, err = decodeV3Data(kv, &r.key); err != nil {
			return err
		}
	}
	if vv, ok := v.Field("value"); ok {
		if r.hasValue, err = decodeV3Data(vv, &r.value); err != nil {
			return err
		}
	}
	if tv, ok := v.Field("timestamp"); ok && tv.Kind != jsonv.Null {
		if r.timestamp, err = decodeInstant(tv); err != nil {
			return err
		}
		r.hasTimestamp = true
	}
	if batch {
		id, _ := v.Field("id")
		if r.id, err = decodeBatchID(id); err != nil {
			return err
		}
	}
	return nil
}

// unknownField returns the first property of v not in known.
func unknownField(v jsonv.Value, known ...string) (string, bool) {
	for _, f := range v.Fields {
		if !slices.Contains(known, f.Name) {
			return f.Name, true
		}
	}
	return "", false
}

// jsonNull is the JSON null, as jsonv parses it.
var jsonNull = jsonv.Value{Kind: jsonv.Null, Raw: []byte("null")}

// onlyFields reports whether every field of the object v is one of names.
func onlyFields(v jsonv.Value, names ...string) bool {
	for _, f := range v.Fields {
		if !slices.Contains(names, f.Name) {
			return false
		}
	}
	return true
}

// decodeBatchID checks a batch entry id: a JSON string (no coercion) of
// 1 to 80 characters from [0-9a-zA-Z-_].
func decodeBatchID(v jsonv.Value) (string, error) {
	if v.Kind != jsonv.String {
		return "", errProduceBatch("Batch entry identifier is not a valid string.")
	}
	id := v.Str()
	if len(id) < 1 || len(id) > 80 {
		return "", errProduceBatch("Batch entry identifier is not a valid string.")
	}
	for i := 0; i < len(id); i++ {
		c := id[i]
		if !(c >= '0' && c <= '9' || c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c == '-' || c == '_') {
			return "", errProduceBatch("Batch entry identifier is not a valid string.")
		}
	}
	return id, nil
}

// decodeV3Headers maps a list of {"name","value"} headers; values are
// base64 (Jackson's byte[]).
func decodeV3Headers(v jsonv.Value) ([]backend.Header, error) {
	if v.Kind != jsonv.Array {
		return nil, mismatch("java.util.List<"+v3HeaderClass+">", v)
	}
	hs := make([]backend.Header, 0, len(v.Items))
	for _, item := range v.Items {
		if item.Kind == jsonv.Null {
			continue
		}
		if err := expectObject(item, v3HeaderClass); err != nil {
			return nil, err
		}
		if name, ok := unknownField(item, "name", "value"); ok {
			return nil, errV3UnknownField(name, "AutoValue_ProduceRequest_ProduceRequestHeader", `"name", "value"`, 2)
		}
		var h backend.Header
		if nv, ok := item.Field("name"); ok {
			name, _, err := decodeString(nv)
			if err != nil {
				return nil, err
			}
			h.Key = name
		}
		if vv, ok := item.Field("value"); ok && vv.Kind != jsonv.Null {
			if vv.Kind != jsonv.String {
				return nil, mismatch("byte[]", vv)
			}
			b, ok := decodeBase64Strict(vv.StrBytes())
			if !ok {
				return nil, errHeaderBase64(quoteJava(vv.Str()))
			}
			h.Value = b
		}
		hs = append(hs, h)
	}
	return hs, nil
}

// decodeV3Data maps a ProduceRequestData with the checks of its builder
// into *d; ok is false for a null one.
func decodeV3Data(v jsonv.Value, d *v3Data) (ok bool, err error) {
	if v.Kind == jsonv.Null {
		return false, nil
	}
	if err := expectObject(v, v3DataClass); err != nil {
		return false, err
	}
	if name, ok := unknownField(v, "type", "subject", "subject_name_strategy", "schema_id", "schema_version", "schema", "data"); ok {
		return false, errV3UnknownField(name, "AutoValue_ProduceRequest_ProduceRequestData$Builder",
			`"format", "subject", "subjectNameStrategy", "schemaId", "schemaVersion", "rawSchema", "data"`, 7)
	}
	*d = v3Data{data: jsonNull}
	present := func(name string) (jsonv.Value, bool) {
		f, ok := v.Field(name)
		return f, ok && f.Kind != jsonv.Null
	}
	tv, ok := present("type")
	if f := v3FormatConstant(tv.StrBytes()); ok && tv.Kind == jsonv.String && f != "" {
		d.format = f // the common case, without a string per record
	} else if ok {
		s, _, err := decodeString(tv)
		if err != nil {
			return false, err
		}
		if !isEnumConstant(v3Formats, s) {
			return false, errNotEnum(v3FormatEnum, quoteJava(s), v3Formats)
		}
		d.format = s
	}
	var schemaID, schemaVersion string
	var hasSubject, hasStrategy, hasSchema bool
	sp := &d.schema
	// Most data objects have only a type and data: the schema fields are
	// looked for only when there are others.
	if onlyFields(v, "type", "data") {
		goto decided
	}
	for _, name := range []string{"subject", "schema"} {
		if f, ok := present(name); ok {
			s, _, err := decodeString(f)
			if err != nil {
				return false, err
			}
			if name == "subject" {
				sp.subject, sp.hasSubject = s, true
			} else {
				sp.raw, sp.hasRaw = s, true
			}
		}
	}
	if f, ok := present("subject_name_strategy"); ok {
		s, _, err := decodeString(f)
		if err != nil {
			return false, err
		}
		if !isEnumConstant(v3Strategies, s) {
			return false, errNotEnum(v3StrategyEnum, quoteJava(s), v3Strategies)
		}
		sp.strategy = s
	}
	for _, name := range []string{"schema_id", "schema_version"} {
		if f, ok := present(name); ok {
			n, _, err := decodeInt(f, 32)
			if err != nil {
				return false, err
			}
			if name == "schema_id" {
				schemaID = strconv.FormatInt(n, 10)
				sp.id, sp.hasID = int(n), true
			} else {
				schemaVersion = strconv.FormatInt(n, 10)
				sp.version, sp.hasVersion = int(n), true
			}
		}
	}
	_, hasSubject = present("subject")
	_, hasStrategy = present("subject_name_strategy")
	_, hasSchema = present("schema")
decided:
	if dv, ok := v.Field("data"); ok {
		d.data = dv
	}
	hasID, hasVersion := schemaID != "", schemaVersion != ""
	switch {
	case hasStrategy && hasSubject:
		return false, errV3DataState("Only one of 'subject_name_strategy' or 'subject' can be used.")
	case hasID && (hasVersion || hasSchema), !hasID && hasVersion && hasSchema:
		return false, errV3DataState("Only one of 'schema_id', 'schema_version' or 'schema' can be used.")
	}
	switch d.format {
	case "":
	case "AVRO", "JSONSCHEMA", "PROTOBUF":
		sp.typ = schemaTypeOf(d.format)
		switch {
		case hasID:
			return false, errV3DataState(fmt.Sprintf("'schema_id=%s' cannot be used with 'serializer'.", schemaID))
		case hasVersion:
			return false, errV3DataState(fmt.Sprintf("'schema_version=%s' cannot be used with 'serializer'.", schemaVersion))
		case !hasSchema:
			return false, errV3DataState("'schema_version=latest' cannot be used with 'serializer'.")
		}
	default:
		for _, c := range []struct {
			has  bool
			name string
		}{{hasStrategy, "subject_strategy"}, {hasSubject, "subject"}, {hasID, "schema_id"}, {hasVersion, "schema_version"}, {hasSchema, "schema"}} {
			if c.has {
				return false, errV3DataState(fmt.Sprintf("'type=%s' cannot be used with '%s'.", d.format, c.name))
			}
		}
	}
	return true, nil
}

// recordFault is the entry of a produce record that a Kafka error rule
// fails: a v3 delivery report renders it as the exception mapper does, a
// v1/v2 offsets entry as the producer reports it.
func (c *call) recordFault(ke scenario.KafkaError) produceResult {
	if c.ep.api == apiV3 {
		ae, _ := kafkaErrorAnswer(ke)
		r := v3ReportError(c.dialect, ae)
		return produceResult{code: r.code, msg: r.message}
	}
	return produceRecordError(c.dialect.kafka(ke))
}

// produceV3Batch serves POST .../records:batch.
func (s *Server) produceV3Batch(c *call) error {
	v, ok, err := c.parseBody()
	if err != nil {
		return err
	}
	if !ok {
		return errProduceBatch("Request body is empty. Data is required.")
	}
	if err := expectObject(v, v3BatchClass); err != nil {
		return err
	}
	if err := checkFields(v, "entries"); err != nil {
		return err
	}
	var recs []v3Record
	if ev, ok := v.Field("entries"); ok && ev.Kind != jsonv.Null {
		if ev.Kind != jsonv.Array {
			return mismatch("java.util.List<"+v3EntryClass+">", ev)
		}
		recs = make([]v3Record, len(ev.Items))
		for i, item := range ev.Items {
			if err := decodeV3Record(item, true, &recs[i]); err != nil {
				return err
			}
		}
	}
	seen := make(map[string]bool, len(recs))
	for _, r := range recs {
		if seen[r.id] {
			return errProduceBatch("Batch entry IDs are not distinct.")
		}
		seen[r.id] = true
	}
	switch {
	case len(recs) == 0:
		return errProduceBatch("Empty batch.")
	case len(recs) > v3BatchMaxEntries:
		return errProduceBatch("Too many entries in batch.")
	}
	reports := make([]v3Report, len(recs))
	var tc v3TopicCache
	tc.style.arena = &c.getScratch().arena
	for i := range recs {
		reports[i] = s.produceV3(c, &recs[i], &tc)
	}
	b := append(make([]byte, 0, 256*len(recs)), `{"successes":[`...)
	for _, pass := range []bool{true, false} {
		if !pass {
			b = append(b, `],"failures":[`...)
		}
		n := 0
		for i := range reports {
			if (reports[i].code == http.StatusOK) != pass {
				continue
			}
			if n > 0 {
				b = append(b, ',')
			}
			b = reports[i].appendJSON(b, recs[i].id)
			n++
		}
	}
	c.write(http.StatusMultiStatus, append(b, "]}"...))
	return nil
}
