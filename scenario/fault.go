package scenario

import (
	"encoding/json"
	"maps"
	"slices"
	"strconv"
	"strings"
)

// Match selects the requests a rule applies to. Its fields are ANDed; a
// zero field matches any request.
type Match struct {
	// Method is the HTTP method, e.g. "POST", compared case-insensitively.
	Method string `json:"method,omitempty"`
	// Route is the path template the request was routed by, as the
	// server registered it, compared exactly: "/topics/{topic}",
	// "/consumers/{group}/instances/{instance}/records",
	// "/v3/clusters/{cluster_id}/topics/{topic_name}/records". The v1 and
	// v2 placeholders are {topic}, {partition}, {group} and {instance};
	// under /v3 they are the OpenAPI names ({cluster_id}, {topic_name},
	// {partition_id}, {consumer_group_id}, …).
	Route string `json:"route,omitempty"`
	// API is "v1", "v2" or "v3".
	API string `json:"api,omitempty"`
	// Topic is the topic name, from the path variable {topic} or
	// {topic_name} (see [NewRequest]).
	Topic string `json:"topic,omitempty"`
	// Partition is the partition, from {partition} or {partition_id};
	// when set, a request without a partition does not match.
	Partition *int32 `json:"partition,omitempty"`
	// Group is the consumer group, from {group} or {consumer_group_id}.
	Group string `json:"group,omitempty"`
	// Instance is the consumer instance name, from {instance} or
	// {consumer_id}.
	Instance string `json:"instance,omitempty"`
	// Params selects path variables by their placeholder names in the
	// route template, e.g. {"cluster_id": "c1"}: each must be present
	// with exactly that value.
	Params map[string]string `json:"params,omitempty"`
	// KafkaRequest selects, for a rule of layer "kafka", the Kafka
	// protocol request it fails, by Kafka's API name ("Produce",
	// "Fetch", "OffsetCommit", …; see [KafkaRequests]); case and
	// underscores are ignored, so "offset_commit" works too. Empty
	// means any request that carries the other fields.
	KafkaRequest string `json:"kafka_request,omitempty"`
}

// Response is an exact answer to send instead of the real one.
type Response struct {
	// Status is the HTTP status, 100 to 599.
	Status int `json:"status"`
	// ErrorCode is the "error_code" of the default body.
	ErrorCode int `json:"error_code,omitempty"`
	// Message is the "message" of the default body.
	Message string `json:"message,omitempty"`
	// Headers are set on the response.
	Headers map[string]string `json:"headers,omitempty"`
	// Body, when set and not JSON null, is sent verbatim; otherwise the
	// body is {"error_code": ErrorCode, "message": Message}.
	Body json.RawMessage `json:"body,omitempty"`
}

// Fault is one rule: a [Match], exactly one effect, and counting.
//
// The effects are KafkaError, Response, DelayMS (when > 0),
// DropConnection and EmptyPolls (when > 0); [Fault.Effect] returns the
// one a rule has as an [Effect]. A rule sees every request its
// Match selects: it skips the first After of them, then fires on each
// later one with probability Probability, until it has fired Times times.
type Fault struct {
	// Name describes the rule for people; it has no effect.
	Name string `json:"name,omitempty"`
	// Match selects the requests the rule applies to.
	Match Match `json:"match"`
	// KafkaError names a row of the error table (see [LookupKafkaError]),
	// rendered the way the real proxy renders that error on the endpoint.
	KafkaError string `json:"kafka_error,omitempty"`
	// Response replaces the real answer.
	Response *Response `json:"response,omitempty"`
	// DelayMS delays the request by this many wall-clock milliseconds,
	// whatever the server's clock mode, then answers normally.
	DelayMS int `json:"delay_ms,omitempty"`
	// DropConnection closes the connection without an answer.
	DropConnection bool `json:"drop_connection,omitempty"`
	// EmptyPolls makes the next EmptyPolls matching reads return no
	// records, as while a group rebalances. Times defaults to EmptyPolls.
	EmptyPolls int `json:"empty_polls,omitempty"`
	// After skips the first After matching requests.
	After int `json:"after,omitempty"`
	// Times retires the rule after it has fired Times times; 0 keeps it
	// until it is removed.
	Times int `json:"times,omitempty"`
	// Probability is the chance that the rule fires on a matching request
	// past After: 0 < p <= 1. Nil means 1.
	Probability *float64 `json:"probability,omitempty"`
	// Layer is where the rule acts: "" or "rest" (the default) at the
	// REST layer, as the proxy renders the error; "kafka" below it, on
	// the Kafka requests the proxy's clients send, through a backend
	// that supports it (kafkabackend over kfake). A Kafka-layer rule
	// needs a KafkaError and selects requests with Match's Topic,
	// Partition, Group and KafkaRequest only; its After, Times and
	// Probability count Kafka requests. The proxy's Kafka clients see
	// the error as a broker's answer: they retry what Kafka calls
	// retriable, so a client of the REST API may see nothing.
	Layer string `json:"layer,omitempty"`
	// Seed seeds the rule's own random numbers when Probability < 1: the
	// same seed and the same sequence of matching requests give the same
	// firings. 0 is a seed like any other, fixed, never taken from the
	// clock.
	Seed int64 `json:"seed,omitempty"`
}

// Validate reports whether f can be installed. It checks that f has
// exactly one effect, that KafkaError names a row of the error table,
// that Response.Status is 100 to 599, Response.Headers are valid header
// fields and Response.Body is valid JSON, that Probability is in (0, 1],
// that After, Times, DelayMS, EmptyPolls and Match.Partition are not
// negative, that Match.API is "", "v1", "v2" or "v3", that Match.Method is
// an HTTP token and that Match.Route starts with "/".
//
// The error names the JSON field, as in
// `kafka_error: unknown Kafka error "FOO"` or
// `more than one effect: kafka_error and delay_ms`; only the first problem
// found is reported.
func (f Fault) Validate() error {
	m := f.Match
	if m.Method != "" && !isToken(m.Method) {
		return fieldErrorf("match.method", "invalid method %q", m.Method)
	}
	if m.Route != "" && !strings.HasPrefix(m.Route, "/") {
		return fieldErrorf("match.route", "must start with \"/\", got %q", m.Route)
	}
	switch m.API {
	case "", "v1", "v2", "v3":
	default:
		return fieldErrorf("match.api", "must be \"v1\", \"v2\" or \"v3\", got %q", m.API)
	}
	if m.Partition != nil && *m.Partition < 0 {
		return fieldErrorf("match.partition", "must be >= 0")
	}
	switch f.Layer {
	case "", LayerREST:
		if m.KafkaRequest != "" {
			return fieldErrorf("match.kafka_request", "needs layer %q", LayerKafka)
		}
	case LayerKafka:
		for _, c := range []struct {
			name string
			set  bool
		}{{"method", m.Method != ""}, {"route", m.Route != ""}, {"api", m.API != ""}, {"instance", m.Instance != ""}, {"params", len(m.Params) > 0}} {
			if c.set {
				return fieldErrorf("match."+c.name, "not available in layer %q: match topic, partition, group and kafka_request", LayerKafka)
			}
		}
		if m.KafkaRequest != "" {
			if _, ok := LookupKafkaRequest(m.KafkaRequest); !ok {
				return fieldErrorf("match.kafka_request", "unknown Kafka request %q", m.KafkaRequest)
			}
		}
		if f.KafkaError == "" {
			return fieldErrorf("layer", "%q needs kafka_error", LayerKafka)
		}
		if ke, ok := LookupKafkaError(f.KafkaError); ok && ke.Kind != KindKafka {
			return fieldErrorf("kafka_error", "%s is a proxy error, not available in layer %q", ke.Name, LayerKafka)
		}
	default:
		return fieldErrorf("layer", "must be %q or %q, got %q", LayerREST, LayerKafka, f.Layer)
	}
	if err := f.checkEffectFields(); err != nil {
		return err
	}
	if f.After < 0 {
		return fieldErrorf("after", "must be >= 0")
	}
	if f.Times < 0 {
		return fieldErrorf("times", "must be >= 0")
	}
	if p := f.Probability; p != nil && !(*p > 0 && *p <= 1) { // NaN fails too
		return fieldErrorf("probability", "must be > 0 and <= 1, got %s", strconv.FormatFloat(*p, 'g', -1, 64))
	}
	return f.countEffects()
}

// Request describes what a rule is matched against: one HTTP request, or
// for produce one record of it (the server asks once per record, with
// Partition set to the record's partition). [NewRequest] builds one from
// a route template and its path variables.
type Request struct {
	// Method is the HTTP method.
	Method string
	// Route is the path template the request was routed by.
	Route string
	// API is "v1", "v2" or "v3".
	API string
	// Topic is the topic, if the request names one.
	Topic string
	// Partition is the partition; it counts only when HasPartition is set.
	Partition int32
	// HasPartition says whether the request names a partition.
	HasPartition bool
	// Group is the consumer group, if the request names one.
	Group string
	// Instance is the consumer instance, if the request names one.
	Instance string
	// Params are the path variables by their placeholder names, for
	// [Match.Params].
	Params map[string]string
}

// Matches reports whether r has every property m asks for. A Match with
// Partition set does not match a request without a partition.
func (m Match) Matches(r Request) bool {
	switch {
	case m.Method != "" && !strings.EqualFold(m.Method, r.Method),
		m.Route != "" && m.Route != r.Route,
		m.API != "" && m.API != r.API,
		m.Topic != "" && m.Topic != r.Topic,
		m.Partition != nil && (!r.HasPartition || *m.Partition != r.Partition),
		m.Group != "" && m.Group != r.Group,
		m.Instance != "" && m.Instance != r.Instance:
		return false
	}
	for k, want := range m.Params {
		if v, ok := r.Params[k]; !ok || v != want {
			return false
		}
	}
	return true
}

// clone returns a deep copy of f: it shares no pointer, map or slice with f.
func (f Fault) clone() Fault {
	if p := f.Match.Partition; p != nil {
		v := *p
		f.Match.Partition = &v
	}
	f.Match.Params = maps.Clone(f.Match.Params)
	if p := f.Probability; p != nil {
		v := *p
		f.Probability = &v
	}
	if r := f.Response; r != nil {
		c := *r
		c.Headers = maps.Clone(r.Headers)
		c.Body = slices.Clone(r.Body)
		f.Response = &c
	}
	return f
}

// probability returns f.Probability, or 1 when it is nil.
func (f Fault) probability() float64 {
	if f.Probability == nil {
		return 1
	}
	return *f.Probability
}

// isToken reports whether s is a non-empty HTTP token (RFC 9110, section
// 5.6.2), the syntax of methods and header names.
func isToken(s string) bool {
	if s == "" {
		return false
	}
	for i := 0; i < len(s); i++ {
		c := s[i]
		switch {
		case 'a' <= c && c <= 'z', 'A' <= c && c <= 'Z', '0' <= c && c <= '9':
		case strings.IndexByte("!#$%&'*+-.^_`|~", c) >= 0:
		default:
			return false
		}
	}
	return true
}

// validHeaderValue reports whether v can be sent as a header field value:
// no control characters other than horizontal tab.
func validHeaderValue(v string) bool {
	for i := 0; i < len(v); i++ {
		if c := v[i]; (c < 0x20 && c != '\t') || c == 0x7f {
			return false
		}
	}
	return true
}

// joinList joins words as "a", "a and b" or "a, b and c", with conj in
// place of "and".
func joinList(words []string, conj string) string {
	if len(words) == 1 {
		return words[0]
	}
	return strings.Join(words[:len(words)-1], ", ") + " " + conj + " " + words[len(words)-1]
}
