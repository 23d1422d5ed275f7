package mockproxy

// API v2 consumers: POST /consumers/{group}, DELETE .../instances/{instance},
// .../subscription (POST, GET, DELETE), .../assignments (POST, GET),
// .../positions[/beginning|/end], .../offsets (POST commit, GET committed)
// and GET .../records, as Confluent's v2 ConsumersResource and
// KafkaConsumerManager answer them. Group membership, range assignment and
// committed offsets live in fakelog; this file translates.

import (
	"errors"
	"net/http"
	"net/url"
	"regexp"
	"strconv"
	"strings"
	"time"

	"github.com/kafkarestmock/kafkarestmock/fakelog"
	"github.com/kafkarestmock/kafkarestmock/internal/jsonv"
)

// consumerConfig is a decoded CreateConsumerInstanceRequest.
type consumerConfig struct {
	id, name         *string
	format           string
	autoOffsetReset  *string
	autoCommitEnable *string
	minBytes         *int64
	requestWaitMs    *int64
}

// embeddedFormat reports whether the real EmbeddedFormat enum has name
// (upper case): current servers added STRING; 5.5 has the other five.
func embeddedFormat(name string, legacy bool) bool {
	switch name {
	case "BINARY", "JSON", "AVRO", "JSONSCHEMA", "PROTOBUF":
		return true
	case "STRING":
		return !legacy
	}
	return false
}

// decodeConsumerConfig maps the create body with Jackson's rules, then the
// entity constructor's checks (format 422, fetch.min.bytes 40001).
func decodeConsumerConfig(v jsonv.Value, api apiVersion, legacy bool) (consumerConfig, error) {
	cfg := consumerConfig{format: "binary"}
	javaType := "io.confluent.kafkarest.entities." + api.String() + ".CreateConsumerInstanceRequest"
	if err := expectObject(v, javaType); err != nil {
		return cfg, err
	}
	if err := checkFields(v, "id", "name", "format", "auto.offset.reset", "auto.commit.enable",
		"fetch.min.bytes", "responseMinBytes", "consumer.request.timeout.ms", "requestWaitMs"); err != nil {
		return cfg, err
	}
	str := func(name string) (*string, error) {
		f, ok := v.Field(name)
		if !ok {
			return nil, nil
		}
		s, isNull, err := decodeString(f)
		if err != nil || isNull {
			return nil, err
		}
		return &s, nil
	}
	integer := func(names ...string) (*int64, error) {
		var out *int64
		for _, fl := range v.Fields {
			for _, name := range names {
				if fl.Name != name {
					continue
				}
				n, isNull, err := decodeInt(fl.Value, 32)
				if err != nil {
					return nil, err
				}
				out = nil
				if !isNull {
					out = &n
				}
			}
		}
		return out, nil
	}
	var err error
	if cfg.id, err = str("id"); err != nil {
		return cfg, err
	}
	if cfg.name, err = str("name"); err != nil {
		return cfg, err
	}
	format, err := str("format")
	if err != nil {
		return cfg, err
	}
	if cfg.autoOffsetReset, err = str("auto.offset.reset"); err != nil {
		return cfg, err
	}
	if cfg.autoCommitEnable, err = str("auto.commit.enable"); err != nil {
		return cfg, err
	}
	if cfg.minBytes, err = integer("fetch.min.bytes", "responseMinBytes"); err != nil {
		return cfg, err
	}
	if cfg.requestWaitMs, err = integer("consumer.request.timeout.ms", "requestWaitMs"); err != nil {
		return cfg, err
	}
	if format != nil {
		up := strings.ToUpper(*format)
		if !embeddedFormat(up, legacy) {
			return cfg, unprocessable(422, "Invalid format type.")
		}
		cfg.format = strings.ToLower(up)
	}
	if m := cfg.minBytes; m != nil {
		switch {
		case *m < -1:
			return cfg, unprocessable(40001, "Invalid consumer configuration. It does not abide by the constraints: Invalid value %d for configuration fetch.min.bytes: Value must be at least -1", *m)
		case *m > 10000000:
			return cfg, unprocessable(40001, "Invalid consumer configuration. It does not abide by the constraints: Invalid value %d for configuration fetch.min.bytes: Value must be no more than 10000000", *m)
		}
	}
	return cfg, nil
}

// parseKafkaBool parses a Kafka BOOLEAN config value.
func parseKafkaBool(s string) (bool, bool) {
	switch strings.ToLower(strings.TrimSpace(s)) {
	case "true":
		return true, true
	case "false":
		return false, true
	}
	return false, false
}

// createConsumer serves POST /consumers/{group}.
func (s *Server) createConsumer(c *call) error {
	group := c.vars["group"]
	v, ok, err := c.parseBody()
	if err != nil {
		return err
	}
	cfg := consumerConfig{format: "binary"}
	if ok {
		legacy := c.ep.api == apiV1 || s.cfg.profile.legacyV2()
		if cfg, err = decodeConsumerConfig(v, c.ep.api, legacy); err != nil {
			return err
		}
	}
	name := "rest-consumer-" + newUUID()
	switch {
	case cfg.id != nil:
		name = *cfg.id
	case cfg.name != nil:
		name = *cfg.name
	}
	key := instanceKey{api: c.ep.api, group: group, name: name}
	if err := s.reserveInstance(key); err != nil {
		return err
	}
	in, err := s.newInstance(key, cfg)
	s.publishInstance(key, in)
	if err != nil {
		return err
	}
	b := append([]byte(`{"instance_id":`), appendJSONString(nil, name)...)
	b = append(b, `,"base_uri":`...)
	b = appendJSONString(b, baseURI(c.r, group, name))
	b = append(b, '}')
	c.write(http.StatusOK, b)
	return nil
}

// newInstance builds the Kafka consumer of an instance, answering the
// real proxy's configuration errors.
func (s *Server) newInstance(key instanceKey, cfg consumerConfig) (*instance, error) {
	kc := fakelog.ConsumerConfig{
		Group:          fakelogGroup(key),
		MemberID:       key.name,
		AutoCommit:     true, // Kafka's enable.auto.commit default; the proxy leaves it
		MaxPollRecords: maxPollRecords,
	}
	if key.api == apiV1 {
		kc.AutoCommit = false // 5.x forces auto.commit.enable=false for v1
		kc.AutoOffsetReset = fakelog.ResetLatest
	}
	if p := cfg.autoCommitEnable; p != nil {
		on, ok := parseKafkaBool(*p)
		if !ok {
			if key.api == apiV1 {
				// The old consumer's Scala toBoolean throws an exception
				// the proxy does not map.
				return nil, errInternal
			}
			return nil, unprocessable(42204, "Invalid consumer configuration: Invalid value %s for configuration enable.auto.commit: Expected value to be either true or false", *p)
		}
		kc.AutoCommit = on
	}
	if p := cfg.autoOffsetReset; p != nil {
		kc.AutoOffsetReset = *p
		if key.api == apiV1 {
			switch *p {
			case "smallest":
				kc.AutoOffsetReset = fakelog.ResetEarliest
			case "largest":
				kc.AutoOffsetReset = fakelog.ResetLatest
			default:
				return nil, unprocessable(42204, "Invalid consumer configuration: Wrong value %s of auto.offset.reset in ConsumerConfig; Valid values are smallest and largest", *p)
			}
		}
	}
	consumer, err := s.be.NewConsumer(kc)
	if err != nil {
		if errors.Is(err, fakelog.ErrInvalidConfig) {
			return nil, unprocessable(42204, "Invalid consumer configuration: %s", strings.TrimPrefix(err.Error(), "fakelog: "))
		}
		if errors.Is(err, fakelog.ErrMemberExists) {
			return nil, errConsumerExists
		}
		return nil, err
	}
	if cfg.format == "string" || (key.api == apiV1 && (cfg.format == "jsonschema" || cfg.format == "protobuf")) {
		consumer.Close()
		return nil, newAPIError(http.StatusInternalServerError, 500, "Invalid embedded format %s for new consumer.", strings.ToUpper(cfg.format))
	}
	in := &instance{key: key, format: cfg.format, minBytes: -1, consumer: consumer}
	if cfg.minBytes != nil {
		in.minBytes = *cfg.minBytes
	}
	if cfg.requestWaitMs != nil {
		in.wait = time.Duration(*cfg.requestWaitMs) * time.Millisecond
		if in.wait <= 0 {
			in.wait = -1 // an explicit zero or negative wait: reads return at once
		}
	}
	return in, nil
}

// fakelogGroup names the log's consumer group of an instance. v1
// instances were ZooKeeper-coordinated consumers in 5.x, a group apart
// from the broker-coordinated v2 group of the same name.
func fakelogGroup(key instanceKey) string {
	if key.api == apiV1 {
		return key.group + " (v1)"
	}
	return key.group
}

// baseURI is <scheme>://<host>/consumers/<group>/instances/<name>.
func baseURI(r *http.Request, group, name string) string {
	scheme := "http"
	if r.TLS != nil {
		scheme = "https"
	}
	return scheme + "://" + r.Host + "/consumers/" + pathEscape(group) + "/instances/" + pathEscape(name)
}

func pathEscape(s string) string { return url.PathEscape(s) }

// instanceOf looks up the instance named by the path.
func (c *call) instanceOf() (*instance, error) {
	return c.s.lookupInstance(c.ep.api, c.vars["group"], c.vars["instance"])
}

// deleteConsumer serves DELETE /consumers/{group}/instances/{instance}.
func (s *Server) deleteConsumer(c *call) error {
	if err := s.removeInstance(c.ep.api, c.vars["group"], c.vars["instance"]); err != nil {
		return err
	}
	writeNoContent(c.w)
	return nil
}

func writeNoContent(w http.ResponseWriter) { w.WriteHeader(http.StatusNoContent) }

// requireBody parses a body that the real method marks @NotNull.
func (c *call) requireBody(method string, arg int) (jsonv.Value, error) {
	v, ok, err := c.parseBody()
	if err != nil {
		return v, err
	}
	if !ok {
		return v, unprocessable(422, "%s.arg%d must not be null (was null)", method, arg)
	}
	return v, nil
}

// consumerError maps a fakelog consumer error the way the proxy does for
// control calls: IllegalStateException → 409/40903, a closed consumer →
// 40403, anything else → 500.
func consumerError(err error) error {
	var ise *fakelog.IllegalStateError
	switch {
	case errors.As(err, &ise):
		return illegalState(ise.Message)
	case errors.Is(err, fakelog.ErrConsumerClosed):
		return errConsumerNotFound
	}
	return errInternal
}

// subscribe serves POST .../subscription.
func (s *Server) subscribe(c *call) error {
	in, err := c.instanceOf()
	if err != nil {
		return err
	}
	v, err := c.requireBody("subscribe", 3)
	if err != nil {
		return err
	}
	const javaType = "io.confluent.kafkarest.entities.v2.ConsumerSubscriptionRecord"
	if err := expectObject(v, javaType); err != nil {
		return err
	}
	if err := checkFields(v, "topics", "topic_pattern"); err != nil {
		return err
	}
	topics, hasTopics, err := decodeStringList(v, "topics")
	if err != nil {
		return err
	}
	var pattern *string
	if f, ok := v.Field("topic_pattern"); ok {
		p, isNull, err := decodeString(f)
		if err != nil {
			return err
		}
		if !isNull {
			pattern = &p
		}
	}
	switch {
	case hasTopics:
		err = in.consumer.Subscribe(topics)
	case pattern != nil:
		re, cerr := compileJavaPattern(*pattern)
		if cerr != nil {
			return errInternal // Java's PatternSyntaxException is not mapped
		}
		err = in.consumer.SubscribePattern(re)
	}
	if err != nil {
		return consumerError(err)
	}
	writeNoContent(c.w)
	return nil
}

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

// decodeStringList decodes an optional List<String> property.
func decodeStringList(v jsonv.Value, name string) ([]string, bool, error) {
	f, ok := v.Field(name)
	if !ok || f.Kind == jsonv.Null {
		return nil, false, nil
	}
	if f.Kind != jsonv.Array {
		return nil, false, mismatch("java.util.ArrayList<java.lang.String>", f)
	}
	out := make([]string, 0, len(f.Items))
	for _, item := range f.Items {
		s, isNull, err := decodeString(item)
		if err != nil {
			return nil, false, err
		}
		if isNull {
			return nil, false, errInternal // Kafka rejects a null topic
		}
		out = append(out, s)
	}
	return out, true, nil
}

// getSubscription serves GET .../subscription.
func (s *Server) getSubscription(c *call) error {
	in, err := c.instanceOf()
	if err != nil {
		return err
	}
	b := []byte(`{"topics":[`)
	for i, t := range in.consumer.Subscription() {
		if i > 0 {
			b = append(b, ',')
		}
		b = appendJSONString(b, t)
	}
	c.write(http.StatusOK, append(b, "]}"...))
	return nil
}

// unsubscribe serves DELETE .../subscription.
func (s *Server) unsubscribe(c *call) error {
	in, err := c.instanceOf()
	if err != nil {
		return err
	}
	in.consumer.Unsubscribe()
	writeNoContent(c.w)
	return nil
}

// decodePartitions decodes {"partitions":[{"topic","partition"}]}. A
// missing list is nil (the real code then fails with a
// NullPointerException, which callers answer with 500).
func decodePartitions(v jsonv.Value, javaType string) ([]fakelog.TopicPartition, error) {
	if err := expectObject(v, javaType); err != nil {
		return nil, err
	}
	if err := checkFields(v, "partitions"); err != nil {
		return nil, err
	}
	f, ok := v.Field("partitions")
	if !ok || f.Kind == jsonv.Null {
		return nil, nil
	}
	if f.Kind != jsonv.Array {
		return nil, mismatch("java.util.ArrayList<io.confluent.kafkarest.entities.v2.TopicPartition>", f)
	}
	out := make([]fakelog.TopicPartition, 0, len(f.Items))
	for _, item := range f.Items {
		tp, err := decodeTopicPartition(item, "io.confluent.kafkarest.entities.v2.TopicPartition", "topic", "partition")
		if err != nil {
			return nil, err
		}
		out = append(out, tp)
	}
	return out, nil
}

// decodeTopicPartition decodes an object with a topic and a partition
// (and whatever other known fields).
func decodeTopicPartition(item jsonv.Value, javaType string, known ...string) (fakelog.TopicPartition, error) {
	if item.Kind == jsonv.Null {
		return fakelog.TopicPartition{}, errInternal
	}
	if err := expectObject(item, javaType); err != nil {
		return fakelog.TopicPartition{}, err
	}
	if err := checkFields(item, known...); err != nil {
		return fakelog.TopicPartition{}, err
	}
	var tp fakelog.TopicPartition
	if f, ok := item.Field("topic"); ok {
		t, _, err := decodeString(f)
		if err != nil {
			return tp, err
		}
		tp.Topic = t
	}
	if f, ok := item.Field("partition"); ok {
		p, _, err := decodeInt(f, 32)
		if err != nil {
			return tp, err
		}
		tp.Partition = int32(p)
	}
	return tp, nil
}

// assign serves POST .../assignments.
func (s *Server) assign(c *call) error {
	in, err := c.instanceOf()
	if err != nil {
		return err
	}
	v, err := c.requireBody("assign", 3)
	if err != nil {
		return err
	}
	tps, err := decodePartitions(v, "io.confluent.kafkarest.entities.v2.ConsumerAssignmentRequest")
	if err != nil {
		return err
	}
	if tps == nil {
		return errInternal
	}
	if err := in.consumer.Assign(tps); err != nil {
		return consumerError(err)
	}
	writeNoContent(c.w)
	return nil
}

// getAssignments serves GET .../assignments.
func (s *Server) getAssignments(c *call) error {
	in, err := c.instanceOf()
	if err != nil {
		return err
	}
	b := []byte(`{"partitions":`)
	b = appendTopicPartitions(b, in.consumer.Assignment())
	c.write(http.StatusOK, append(b, '}'))
	return nil
}

func appendTopicPartitions(b []byte, tps []fakelog.TopicPartition) []byte {
	b = append(b, '[')
	for i, tp := range tps {
		if i > 0 {
			b = append(b, ',')
		}
		b = append(b, `{"topic":`...)
		b = appendJSONString(b, tp.Topic)
		b = append(b, `,"partition":`...)
		b = appendInt(b, int64(tp.Partition))
		b = append(b, '}')
	}
	return append(b, ']')
}

// seekTo serves POST .../positions/beginning and .../positions/end.
func (s *Server) seekTo(c *call, end bool) error {
	in, err := c.instanceOf()
	if err != nil {
		return err
	}
	method := "seekToBeginning"
	if end {
		method = "seekToEnd"
	}
	v, err := c.requireBody(method, 3)
	if err != nil {
		return err
	}
	tps, err := decodePartitions(v, "io.confluent.kafkarest.entities.v2.ConsumerSeekToRequest")
	if err != nil {
		return err
	}
	if tps == nil {
		return errInternal
	}
	if end {
		err = in.consumer.SeekToEnd(tps)
	} else {
		err = in.consumer.SeekToBeginning(tps)
	}
	if err != nil {
		return consumerError(err)
	}
	writeNoContent(c.w)
	return nil
}

// seek serves POST .../positions: offsets first, then timestamps.
func (s *Server) seek(c *call) error {
	in, err := c.instanceOf()
	if err != nil {
		return err
	}
	v, err := c.requireBody("seekToOffset", 3)
	if err != nil {
		return err
	}
	const pkg = "io.confluent.kafkarest.entities.v2."
	if err := expectObject(v, pkg+"ConsumerSeekRequest"); err != nil {
		return err
	}
	if err := checkFields(v, "offsets", "timestamps"); err != nil {
		return err
	}
	type seekOffset struct {
		tp     fakelog.TopicPartition
		offset int64
	}
	var offsets []seekOffset
	if f, ok := v.Field("offsets"); ok && f.Kind != jsonv.Null {
		if f.Kind != jsonv.Array {
			return mismatch("java.util.ArrayList<"+pkg+"ConsumerSeekRequest$PartitionOffset>", f)
		}
		for _, item := range f.Items {
			tp, err := decodeTopicPartition(item, pkg+"ConsumerSeekRequest$PartitionOffset", "topic", "partition", "offset", "metadata")
			if err != nil {
				return err
			}
			var off int64
			if of, ok := item.Field("offset"); ok {
				if off, _, err = decodeInt(of, 64); err != nil {
					return err
				}
			}
			if mf, ok := item.Field("metadata"); ok {
				if _, _, err := decodeString(mf); err != nil {
					return err
				}
			}
			offsets = append(offsets, seekOffset{tp, off})
		}
	}
	type seekTime struct {
		tp fakelog.TopicPartition
		ts time.Time
	}
	var times []seekTime
	if f, ok := v.Field("timestamps"); ok && f.Kind != jsonv.Null {
		if f.Kind != jsonv.Array {
			return mismatch("java.util.ArrayList<"+pkg+"ConsumerSeekRequest$PartitionTimestamp>", f)
		}
		for _, item := range f.Items {
			tp, err := decodeTopicPartition(item, pkg+"ConsumerSeekRequest$PartitionTimestamp", "topic", "partition", "timestamp", "metadata")
			if err != nil {
				return err
			}
			tf, _ := item.Field("timestamp")
			ts, err := decodeInstant(tf)
			if err != nil {
				return err
			}
			times = append(times, seekTime{tp, ts})
		}
	}
	for _, o := range offsets {
		if err := in.consumer.Seek(o.tp, o.offset); err != nil {
			return consumerError(err)
		}
	}
	for _, t := range times {
		off, err := s.be.OffsetForTime(t.tp.Topic, t.tp.Partition, t.ts)
		if err != nil {
			return s.backendError(apiV2, err)
		}
		if info, err := s.be.Partition(t.tp.Topic, t.tp.Partition); err == nil && off >= info.EndOffset {
			continue // no record at or after the instant: Kafka returns null and the proxy skips it
		}
		if err := in.consumer.Seek(t.tp, off); err != nil {
			return consumerError(err)
		}
	}
	writeNoContent(c.w)
	return nil
}

// decodeInstant decodes a java.time.Instant: an ISO-8601 instant string, or
// a number of epoch seconds.
func decodeInstant(v jsonv.Value) (time.Time, error) {
	const javaType = "java.time.Instant"
	switch v.Kind {
	case jsonv.String:
		s := v.Str()
		t, err := time.Parse(time.RFC3339Nano, s)
		if err != nil {
			return time.Time{}, jacksonError("Cannot deserialize value of type `%s` from String %s: Failed to deserialize java.time.Instant: (java.time.format.DateTimeParseException) Text '%s' could not be parsed at index 0", javaType, quoteJava(s), s)
		}
		return t, nil
	case jsonv.Number:
		f, err := strconv.ParseFloat(string(v.Raw), 64)
		if err != nil {
			return time.Time{}, mismatch(javaType, v)
		}
		sec := int64(f)
		return time.Unix(sec, int64((f-float64(sec))*1e9)).UTC(), nil
	case jsonv.Null:
		return time.Time{}, errInternal
	}
	return time.Time{}, mismatch(javaType, v)
}

// commitOffsets serves POST .../offsets: with no body, commit everything
// read; with offsets, commit offset+1 for each. Answers 200 [].
func (s *Server) commitOffsets(c *call) error {
	in, err := c.instanceOf()
	if err != nil {
		return err
	}
	v, ok, err := c.parseBody()
	if err != nil {
		return err
	}
	if !ok {
		if _, err := in.consumer.CommitConsumed(); err != nil {
			return commitError(err)
		}
		c.write(http.StatusOK, []byte("[]"))
		return nil
	}
	const pkg = "io.confluent.kafkarest.entities.v2."
	if err := expectObject(v, pkg+"ConsumerOffsetCommitRequest"); err != nil {
		return err
	}
	if err := checkFields(v, "offsets"); err != nil {
		return err
	}
	f, ok := v.Field("offsets")
	if !ok || f.Kind == jsonv.Null {
		return errInternal // the real code dereferences the missing list
	}
	if f.Kind != jsonv.Array {
		return mismatch("java.util.ArrayList<"+pkg+"TopicPartitionOffsetMetadata>", f)
	}
	offsets := make(map[fakelog.TopicPartition]fakelog.OffsetAndMetadata, len(f.Items))
	for _, item := range f.Items {
		tp, err := decodeTopicPartition(item, pkg+"TopicPartitionOffsetMetadata", "topic", "partition", "offset", "metadata")
		if err != nil {
			return err
		}
		var om fakelog.OffsetAndMetadata
		if of, ok := item.Field("offset"); ok {
			n, isNull, err := decodeInt(of, 64)
			if err != nil {
				return err
			}
			if isNull {
				return errInternal
			}
			om.Offset = n + 1
		} else {
			return errInternal
		}
		if mf, ok := item.Field("metadata"); ok {
			m, _, err := decodeString(mf)
			if err != nil {
				return err
			}
			om.Metadata = m
		}
		offsets[tp] = om
	}
	if err := in.consumer.Commit(offsets); err != nil {
		return commitError(err)
	}
	c.write(http.StatusOK, []byte("[]"))
	return nil
}

// commitError maps a failed commit: Kafka exceptions through rest-utils'
// mapper, anything else 500.
func commitError(err error) error {
	switch {
	case errors.Is(err, fakelog.ErrUnknownTopic), errors.Is(err, fakelog.ErrUnknownPartition):
		return errUnknownTopicOrPartition
	case errors.Is(err, fakelog.ErrConsumerClosed):
		return errConsumerNotFound
	}
	return errInternal
}

// committedOffsets serves GET .../offsets, a GET with a JSON body. With no
// body the real server answers 40402 before it looks the instance up.
func (s *Server) committedOffsets(c *call) error {
	v, ok, err := c.parseBody()
	if err != nil {
		return err
	}
	if !ok {
		return errPartitionNotFound
	}
	in, err := c.instanceOf()
	if err != nil {
		return err
	}
	tps, err := decodePartitions(v, "io.confluent.kafkarest.entities.v2.ConsumerCommittedRequest")
	if err != nil {
		return err
	}
	if tps == nil {
		return errInternal
	}
	committed := in.consumer.Committed(tps)
	b := []byte(`{"offsets":[`)
	n := 0
	for _, tp := range tps {
		om, ok := committed[tp]
		if !ok {
			continue
		}
		if n > 0 {
			b = append(b, ',')
		}
		n++
		b = append(b, `{"topic":`...)
		b = appendJSONString(b, tp.Topic)
		b = append(b, `,"partition":`...)
		b = appendInt(b, int64(tp.Partition))
		b = append(b, `,"offset":`...)
		b = appendInt(b, om.Offset)
		b = append(b, `,"metadata":`...)
		b = appendJSONString(b, om.Metadata)
		b = append(b, '}')
	}
	c.write(http.StatusOK, append(b, "]}"...))
	return nil
}
