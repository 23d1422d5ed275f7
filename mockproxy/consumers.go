package mockproxy

// Consumer instances, created and deleted (API v1 and v2):
// POST /consumers/{group} and DELETE /consumers/{group}/instances/{instance},
// as Confluent's ConsumersResource and KafkaConsumerManager answer them,
// including the create body's configuration checks. The instance registry
// is instances.go; what an instance does once created is in
// subscription.go, positions.go, records.go and offsets.go.

import (
	"errors"
	"net/http"
	"net/url"
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
// (upper case): the formats of the table, and STRING, which current
// servers added but cannot create a consumer for.
func embeddedFormat(name string, legacy bool, formats formatTable) bool {
	if name == "STRING" {
		return !legacy
	}
	for _, f := range formats {
		if strings.ToUpper(f.name()) == name {
			return true
		}
	}
	return false
}

// decodeConsumerConfig maps the create body with Jackson's rules, then the
// entity constructor's checks (format 422, fetch.min.bytes 40001).
func decodeConsumerConfig(v jsonv.Value, api apiVersion, legacy bool, formats formatTable) (consumerConfig, error) {
	cfg := consumerConfig{format: formats.fallback().name()}
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
		if !embeddedFormat(up, legacy, formats) {
			return cfg, errInvalidFormatType
		}
		cfg.format = strings.ToLower(up)
	}
	if m := cfg.minBytes; m != nil {
		switch {
		case *m < -1:
			return cfg, errFetchMinBytesTooSmall(*m)
		case *m > 10000000:
			return cfg, errFetchMinBytesTooLarge(*m)
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
	cfg := consumerConfig{format: s.cfg.formats.fallback().name()}
	if ok {
		if cfg, err = decodeConsumerConfig(v, c.ep.api, c.dialect.legacy, s.cfg.formats); err != nil {
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
	in, err := s.newInstance(key, cfg, c.dialect)
	s.publishInstance(key, in)
	if err != nil {
		return err
	}
	c.writeJSON(http.StatusOK, createConsumerBody{InstanceID: name, BaseURI: c.s.baseURI(c.r, group, name)})
	return nil
}

// newInstance builds the Kafka consumer of an instance, answering the
// real proxy's configuration errors in dialect d.
func (s *Server) newInstance(key instanceKey, cfg consumerConfig, d *dialect) (*instance, error) {
	kc := fakelog.ConsumerConfig{
		Group:          fakelogGroup(key),
		MemberID:       key.name,
		AutoCommit:     true, // Kafka's enable.auto.commit default; the proxy leaves it
		MaxPollRecords: maxPollRecords,
		// The proxy only encodes what it polls: no copy of the bytes.
		SharedBytes: true,
	}
	if d.oldConsumer {
		kc.AutoCommit = false // 5.x forces auto.commit.enable=false for v1
		kc.AutoOffsetReset = fakelog.ResetLatest
	}
	if p := cfg.autoCommitEnable; p != nil {
		on, ok := parseKafkaBool(*p)
		if !ok {
			if d.oldConsumer {
				// The old consumer's Scala toBoolean throws an exception
				// the proxy does not map.
				return nil, errInternal
			}
			return nil, errAutoCommitValue(*p)
		}
		kc.AutoCommit = on
	}
	if p := cfg.autoOffsetReset; p != nil {
		kc.AutoOffsetReset = *p
		if d.oldConsumer {
			switch *p {
			case "smallest":
				kc.AutoOffsetReset = fakelog.ResetEarliest
			case "largest":
				kc.AutoOffsetReset = fakelog.ResetLatest
			default:
				return nil, errV1OffsetReset(*p)
			}
		}
	}
	consumer, err := s.be.NewConsumer(kc)
	if err != nil {
		if errors.Is(err, fakelog.ErrInvalidConfig) {
			return nil, errConsumerConfig(strings.TrimPrefix(err.Error(), "fakelog: "))
		}
		if errors.Is(err, fakelog.ErrMemberExists) {
			return nil, errConsumerExists
		}
		return nil, err
	}
	if f := s.cfg.formats.lookup(cfg.format); f == nil || f.methods(key.api).read == "" {
		consumer.Close()
		return nil, errNoConsumerFormat(strings.ToUpper(cfg.format))
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

// baseURI is <scheme>://<host>/consumers/<group>/instances/<name>, with
// the server's authority for r.
func (s *Server) baseURI(r *http.Request, group, name string) string {
	scheme, host := s.authority(r)
	return scheme + "://" + host + "/consumers/" + pathEscape(group) + "/instances/" + pathEscape(name)
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
		return v, errNotNull(method, arg)
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
		return errIllegalState(ise.Message)
	case errors.Is(err, fakelog.ErrConsumerClosed):
		return errConsumerNotFound
	}
	return errInternal
}
