package mockproxy

// Admin topics and records: GET and POST /_mock/topics, and
// GET /_mock/topics/{topic}/records, which shows stored records with
// their keys and values decoded for people (as text when they are UTF-8,
// as JSON when they parse, as their schema's data when they are in
// Confluent's wire format: admin_schemas.go) and as base64.

import (
	"bytes"
	"encoding/base64"
	"encoding/json"
	"errors"
	"fmt"
	"maps"
	"net/http"
	"slices"
	"strconv"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/kafkarestmock/kafkarestmock/backend"
	"github.com/kafkarestmock/kafkarestmock/fakelog"
)

// adminTopic is a topic as GET /_mock/topics lists it.
type adminTopic struct {
	Name       string            `json:"name"`
	Configs    map[string]string `json:"configs"`
	Records    int64             `json:"records"`
	Partitions []adminPartition  `json:"partitions"`
}

// adminPartition is one partition's offsets.
type adminPartition struct {
	Partition      int32 `json:"partition"`
	LogStartOffset int64 `json:"log_start_offset"`
	LogEndOffset   int64 `json:"log_end_offset"`
	Records        int64 `json:"records"`
	Bytes          int64 `json:"bytes"`
}

// describeTopic builds the admin view of one topic.
func (s *Server) describeTopic(info fakelog.TopicInfo) (adminTopic, error) {
	parts, err := s.be.Partitions(info.Name)
	if err != nil {
		return adminTopic{}, err
	}
	t := adminTopic{Name: info.Name, Configs: info.Configs, Partitions: make([]adminPartition, len(parts))}
	if t.Configs == nil {
		t.Configs = map[string]string{}
	}
	for i, p := range parts {
		t.Partitions[i] = adminPartition{Partition: p.Partition, LogStartOffset: p.StartOffset,
			LogEndOffset: p.EndOffset, Records: p.Records, Bytes: p.Bytes}
		t.Records += p.Records
	}
	return t, nil
}

// adminTopics lists every topic, sorted by name.
func (s *Server) adminTopics(w http.ResponseWriter, r *http.Request) {
	infos := s.be.Topics()
	out := make([]adminTopic, 0, len(infos))
	for _, info := range infos {
		t, err := s.describeTopic(info)
		if err != nil {
			continue // deleted meanwhile
		}
		out = append(out, t)
	}
	writeAdminJSON(w, http.StatusOK, out)
}

// adminCreateTopicRequest is the body of POST /_mock/topics.
type adminCreateTopicRequest struct {
	Name       string            `json:"name"`
	Partitions *int64            `json:"partitions"`
	Configs    map[string]string `json:"configs"`
}

// adminCreateTopic creates a topic: 201 with the topic, 409 if it exists,
// 400 for a bad body. Partitions default to the server's default
// partition count.
func (s *Server) adminCreateTopic(w http.ResponseWriter, r *http.Request) {
	var req adminCreateTopicRequest
	if err := decodeAdminBody(r, &req); err != nil {
		writeAdminBodyError(w, err)
		return
	}
	if req.Name == "" {
		adminError(w, http.StatusBadRequest, `name: required, such as {"name":"orders","partitions":3}`)
		return
	}
	if !fakelog.ValidTopicName(req.Name) {
		adminError(w, http.StatusBadRequest, fmt.Sprintf("name: %q is not a valid topic name: 1 to 249 characters of a-z, A-Z, 0-9, '.', '_' and '-' (not \".\" or \"..\")", req.Name))
		return
	}
	n := int64(s.cfg.defaultPartitions)
	if req.Partitions != nil {
		n = *req.Partitions
	}
	if n < 1 || n > fakelog.MaxPartitions {
		adminError(w, http.StatusBadRequest, fmt.Sprintf("partitions: must be between 1 and %d", fakelog.MaxPartitions))
		return
	}
	if err := s.be.CreateTopic(req.Name, int32(n), req.Configs); err != nil {
		switch {
		case errors.Is(err, fakelog.ErrTopicExists):
			adminError(w, http.StatusConflict, fmt.Sprintf("topic %q already exists", req.Name))
		case errors.Is(err, fakelog.ErrInvalidConfig):
			msg := err.Error()
			if _, detail, ok := strings.Cut(msg, "invalid config: "); ok {
				msg = detail
			}
			adminError(w, http.StatusBadRequest, "configs: "+msg)
		default:
			adminError(w, http.StatusInternalServerError, err.Error())
		}
		return
	}
	t, err := s.describeTopic(fakelog.TopicInfo{Name: req.Name, Partitions: int32(n), Configs: maps.Clone(req.Configs)})
	if err != nil {
		adminError(w, http.StatusInternalServerError, err.Error())
		return
	}
	writeAdminJSON(w, http.StatusCreated, t)
}

// adminPayload is a key, value or header value shown for people: its
// size, its text when it is valid UTF-8, its JSON when it parses, and its
// base64. A key or value in Confluent's wire format whose schema id the
// server's registry knows also has schema_id, schema_type (the
// registry's schemaType: AVRO, JSON or PROTOBUF) and either data (the
// JSON a consumer of the schema's format reads for it) or schema_error
// (why the schema's decoder refuses the bytes).
type adminPayload struct {
	Size        int             `json:"size"`
	Text        *string         `json:"text,omitempty"`
	JSON        json.RawMessage `json:"json,omitempty"`
	Base64      string          `json:"base64"`
	SchemaID    *int            `json:"schema_id,omitempty"`
	SchemaType  string          `json:"schema_type,omitempty"`
	Data        json.RawMessage `json:"data,omitempty"`
	SchemaError string          `json:"schema_error,omitempty"`
}

// adminHeader is one record header.
type adminHeader struct {
	Key   string        `json:"key"`
	Value *adminPayload `json:"value"`
}

// adminRecord is one stored record.
type adminRecord struct {
	Partition   int32         `json:"partition"`
	Offset      int64         `json:"offset"`
	Timestamp   time.Time     `json:"timestamp"`
	TimestampMS int64         `json:"timestamp_ms"`
	Key         *adminPayload `json:"key"`
	Value       *adminPayload `json:"value"`
	Headers     []adminHeader `json:"headers"`
}

// displayPayload describes stored bytes; nil for Kafka's null.
func displayPayload(b []byte) *adminPayload {
	if b == nil {
		return nil
	}
	p := &adminPayload{Size: len(b), Base64: base64.StdEncoding.EncodeToString(b)}
	if utf8.Valid(b) {
		s := string(b)
		p.Text = &s
	}
	if len(b) > 0 && json.Valid(b) {
		p.JSON = json.RawMessage(compactJSON(b))
	}
	return p
}

// Query limits of GET /_mock/topics/{topic}/records.
const (
	adminRecordsDefaultLimit = 100
	adminRecordsMaxLimit     = 10000
)

// adminRecords lists stored records of a topic, ordered by partition and
// offset. Query parameters: partition (default every partition), offset
// (the first offset; default the log start; negative counts back from the
// log end, so -10 is the last ten) and limit (records per partition;
// default 100, at most 10000). Framed keys and values are decoded with the
// registry's schemas (adminSchemaView), which may call an external
// registry once per schema id.
func (s *Server) adminRecords(w http.ResponseWriter, r *http.Request) {
	topic := pathVar(r, "topic")
	q := r.URL.Query()
	parts, err := s.be.Partitions(topic)
	if err != nil {
		adminError(w, http.StatusNotFound, fmt.Sprintf("topic %q does not exist", topic))
		return
	}
	var only *int32
	if v := q.Get("partition"); v != "" {
		p, err := strconv.ParseInt(v, 10, 32)
		if err != nil {
			adminError(w, http.StatusBadRequest, fmt.Sprintf("partition %q: want an integer", v))
			return
		}
		if p < 0 || p >= int64(len(parts)) {
			adminError(w, http.StatusNotFound, backend.PartitionRange(topic, int32(len(parts))))
			return
		}
		p32 := int32(p)
		only = &p32
	}
	var offset int64
	hasOffset := false
	if v := q.Get("offset"); v != "" {
		if offset, err = strconv.ParseInt(v, 10, 64); err != nil {
			adminError(w, http.StatusBadRequest, fmt.Sprintf("offset %q: want an integer", v))
			return
		}
		hasOffset = true
	}
	limit := adminRecordsDefaultLimit
	if v := q.Get("limit"); v != "" {
		n, err := strconv.Atoi(v)
		if err != nil || n < 1 || n > adminRecordsMaxLimit {
			adminError(w, http.StatusBadRequest, fmt.Sprintf("limit %q: want an integer between 1 and %d", v, adminRecordsMaxLimit))
			return
		}
		limit = n
	}
	out := []adminRecord{}
	view := adminSchemaView{st: &s.schemas}
	for _, p := range parts {
		if only != nil && p.Partition != *only {
			continue
		}
		recs, err := s.readForAdmin(topic, p.Partition, offset, hasOffset, limit)
		if err != nil {
			adminError(w, http.StatusNotFound, err.Error())
			return
		}
		for _, rec := range recs {
			ar := adminRecord{Partition: rec.Partition, Offset: rec.Offset, Timestamp: rec.Timestamp,
				TimestampMS: rec.Timestamp.UnixMilli(), Key: view.payload(rec.Key), Value: view.payload(rec.Value),
				Headers: make([]adminHeader, len(rec.Headers))}
			for i, h := range rec.Headers {
				ar.Headers[i] = adminHeader{Key: h.Key, Value: displayPayload(h.Value)}
			}
			out = append(out, ar)
		}
	}
	writeAdminJSON(w, http.StatusOK, out)
}

// readForAdmin reads up to limit records of one partition from offset,
// clamped to the partition's readable range; a negative offset counts
// back from the end. Retention moving the log start between the two
// calls is retried.
func (s *Server) readForAdmin(topic string, partition int32, offset int64, hasOffset bool, limit int) ([]fakelog.Record, error) {
	for try := 0; ; try++ {
		info, err := s.be.Partition(topic, partition)
		if err != nil {
			return nil, err
		}
		from := info.StartOffset
		switch {
		case hasOffset && offset < 0:
			from = max(info.EndOffset+offset, info.StartOffset)
		case hasOffset:
			from = min(max(offset, info.StartOffset), info.EndOffset)
		}
		recs, err := s.be.ReadN(topic, partition, from, limit, 0)
		if errors.Is(err, fakelog.ErrOffsetOutOfRange) && try < 5 {
			continue
		}
		return recs, err
	}
}

// compactJSON returns the valid JSON v without insignificant space.
func compactJSON(v []byte) []byte {
	var b bytes.Buffer
	if err := json.Compact(&b, v); err != nil {
		return slices.Clone(v)
	}
	return b.Bytes()
}
