package mockproxy

// Fuzz targets for the request decoders. Each decodes arbitrary bytes and
// checks that the answer is either a well-formed API error (a status the
// decoder may give, an error_code that fits it, a message without Go
// internals) or a value that satisfies the entity's own constraints.

import (
	"bytes"
	"encoding/base64"
	"encoding/json"
	"errors"
	"math"
	"regexp"
	"strconv"
	"strings"
	"testing"
	"time"
	"unicode/utf8"

	"github.com/kafkarestmock/kafkarestmock/internal/jsonv"
)

// goInternals are fragments of Go error texts, stack traces and source
// paths that must never reach a client.
var goInternals = []string{
	"goroutine ", ".go:", "runtime error", "panic", "fakelog:", "mockproxy:", "jsonv",
	"%!", "<nil>", "invalid character", "unexpected EOF", "unexpected end of JSON",
	"strconv.", "json: ", "context deadline exceeded", "context canceled",
}

// checkAPIError fails unless err is an *apiError with one of the statuses
// allowed, an error_code that fits its status, and a message that carries
// no Go internals beyond what input (the request) already contained.
func checkAPIError(t *testing.T, err error, input string, statuses ...int) *apiError {
	t.Helper()
	var ae *apiError
	if !errors.As(err, &ae) {
		t.Fatalf("error %v (%T) is not an API error", err, err)
	}
	allowed := false
	for _, s := range statuses {
		allowed = allowed || ae.status == s
	}
	if !allowed {
		t.Errorf("status %d (code %d, %q), want one of %v", ae.status, ae.code, ae.message, statuses)
	}
	if !codeFits(ae.status, ae.code) {
		t.Errorf("error_code %d does not fit status %d", ae.code, ae.status)
	}
	if ae.message == "" {
		t.Errorf("empty message (status %d, code %d)", ae.status, ae.code)
	}
	for _, frag := range goInternals {
		if strings.Contains(ae.message, frag) && !strings.Contains(input, frag) {
			t.Errorf("message %q contains %q", ae.message, frag)
		}
	}
	return ae
}

// codeFits is the rule of reference §1.1: the code is the status, or five
// digits starting with it; 40001 goes with 422 and 50301 with 500.
func codeFits(status, code int) bool {
	switch {
	case code == status:
		return true
	case code == 40001:
		return status == 422
	case code == 50301:
		return status == 500
	}
	return code >= 10000 && code <= 99999 && code/100 == status
}

// parsed parses a fuzz input as a request body; ok is false when the body
// would not reach the decoder (a syntax error or no value).
func parsed(body []byte) (jsonv.Value, bool) {
	v, ok, err := jsonv.Parse(body)
	if err != nil || !ok || v.Kind == jsonv.Null {
		return jsonv.Value{}, false
	}
	return v, true
}

func FuzzDecodeProduce(f *testing.F) {
	for _, s := range []string{
		`{"records":[{"key":"a2V5","value":"Y29uZmx1ZW50"},{"value":"a2Fma2E=","partition":1},{"key":null,"value":null}]}`,
		`{"records":[{"value":{"a":[1,2.5e3,-0,true]}}],"value_schema_id":null}`,
		`{"records":[{"value":"%%%"}]}`,
		`{"records":[{"value":"QUJDQUJD=="}]}`,
		`{"records":[{"value":123,"partition":"7"}]}`,
		`{"records":[{"value":"aGk=","partition":2147483648}]}`,
		`{"records":[{"value":"aGk=","partition":-1}]}`,
		`{"records":[{"value":"aGk=","partition":1.5e3}]}`,
		`{"records":[{"value":"aGk=","headers":[]}]}`,
		`{"records":[null]}`,
		`{"records":[]}`,
		`{"records":{}}`,
		`{"key_schema":{"type":"string"},"records":[{"value":"aGk="}]}`,
		`{"key_schema_id":"12","records":[{"key":"\u00e9","value":"a\u0041=="}]}`,
		`{}`,
		`[]`,
		`"records"`,
	} {
		for _, flags := range []uint8{0, 1, 2, 5, 10, 15} {
			f.Add([]byte(s), flags)
		}
	}
	f.Fuzz(func(t *testing.T, body []byte, flags uint8) {
		v, ok := parsed(body)
		if !ok {
			return
		}
		jsonFormat, v1, legacy, toPartition := flags&1 != 0, flags&2 != 0, flags&4 != 0, flags&8 != 0
		s := &Server{cfg: defaultConfig()}
		if legacy {
			s.cfg.profile = ProfileLegacy
		}
		s.dialect = newDialects(s.cfg.profile)
		ep := &endpoint{api: apiV2, name: "produceBinary", format: s.cfg.formats.lookup("binary")}
		if v1 {
			ep.api = apiV1
		}
		if jsonFormat {
			ep.name, ep.format = "produceJson", s.cfg.formats.lookup("json")
		}
		st := s.produceStyleFor(ep, toPartition, new(byteArena))
		recs, err := decodeProduce(v, ep.format, &st, ep.name, nil)
		if err != nil {
			checkAPIError(t, err, string(body), 400, 422)
			return
		}
		items, _ := v.Field("records")
		if len(recs) == 0 || len(recs) != len(items.Items) {
			t.Fatalf("decoded %d records from %d items", len(recs), len(items.Items))
		}
		for i, r := range recs {
			item := items.Items[i]
			if r.hasPartition {
				if r.partition < math.MinInt32 || r.partition > math.MaxInt32 {
					t.Errorf("record %d: partition %d is not a Java int", i, r.partition)
				}
				if st.legacy && r.partition < 0 {
					t.Errorf("record %d: legacy entity took negative partition %d", i, r.partition)
				}
			}
			if _, has := item.Field("partition"); has && st.legacy && toPartition {
				t.Errorf("record %d: legacy partition-produce record took a partition field", i)
			}
			for _, p := range []struct {
				name string
				got  []byte
			}{{"key", r.key}, {"value", r.value}} {
				fv, has := item.Field(p.name)
				isNull := !has || fv.Kind == jsonv.Null
				if isNull != (p.got == nil) {
					t.Errorf("record %d: %s null=%v but decoded %q", i, p.name, isNull, p.got)
				}
				if jsonFormat && p.got != nil && !json.Valid(p.got) {
					t.Errorf("record %d: json %s stored as invalid JSON %q", i, p.name, p.got)
				}
				if !jsonFormat && !st.legacy && p.got != nil {
					want, err := base64.RawStdEncoding.DecodeString(strings.TrimRight(string(fv.StrBytes()), "="))
					if err != nil || !bytes.Equal(want, p.got) {
						t.Errorf("record %d: %s %s decoded to %q, want %q (%v)", i, p.name, fv.Raw, p.got, want, err)
					}
				}
			}
		}
	})
}

func FuzzDecodeConsumerConfig(f *testing.F) {
	for _, s := range []string{
		`{"name":"c","format":"binary","auto.offset.reset":"earliest","auto.commit.enable":"false"}`,
		`{"id":"x","name":"c","format":"JSON","fetch.min.bytes":"12","consumer.request.timeout.ms":0}`,
		`{"format":"avro","responseMinBytes":-1,"requestWaitMs":1.5}`,
		`{"format":"string"}`,
		`{"format":"xml"}`,
		`{"format":1}`,
		`{"fetch.min.bytes":10000001}`,
		`{"fetch.min.bytes":-2}`,
		`{"fetch.min.bytes":"abc"}`,
		`{"fetch.min.bytes":1e20}`,
		`{"fetch.min.bytes":5,"responseMinBytes":null}`,
		`{"enable.auto.commit":"true"}`,
		`{"name":{"a":1}}`,
		`{"auto.commit.enable":true}`,
		`[]`,
		`{}`,
	} {
		for _, flags := range []uint8{0, 1, 2, 3} {
			f.Add([]byte(s), flags)
		}
	}
	f.Fuzz(func(t *testing.T, body []byte, flags uint8) {
		v, ok := parsed(body)
		if !ok {
			return
		}
		api, legacy := apiV2, flags&2 != 0
		if flags&1 != 0 {
			api, legacy = apiV1, true
		}
		cfg, err := decodeConsumerConfig(v, api, legacy, builtinFormats())
		if err != nil {
			ae := checkAPIError(t, err, string(body), 400, 422)
			if ae.status == 422 && ae.code != 422 && ae.code != 40001 {
				t.Errorf("422 with code %d", ae.code)
			}
			return
		}
		switch cfg.format {
		case "binary", "json", "avro", "jsonschema", "protobuf":
		case "string":
			if legacy {
				t.Errorf("legacy entity took format string")
			}
		default:
			t.Errorf("format %q", cfg.format)
		}
		if m := cfg.minBytes; m != nil && (*m < -1 || *m > 10000000) {
			t.Errorf("fetch.min.bytes %d outside -1..10000000", *m)
		}
		for _, p := range []*int64{cfg.minBytes, cfg.requestWaitMs} {
			if p != nil && (*p < math.MinInt32 || *p > math.MaxInt32) {
				t.Errorf("Integer property %d outside the Java int range", *p)
			}
		}
	})
}

func FuzzDecodePartitions(f *testing.F) {
	for _, s := range []string{
		`{"partitions":[{"topic":"t","partition":0},{"topic":"t","partition":"1"}]}`,
		`{"partitions":[]}`,
		`{"partitions":null}`,
		`{}`,
		`{"partitions":[null]}`,
		`{"partitions":[{"topic":"t","partition":2147483648}]}`,
		`{"partitions":[{"topic":["t"],"partition":0}]}`,
		`{"partitions":[{"topic":"t","partition":0,"offset":3}]}`,
		`{"partitions":{"topic":"t"}}`,
		`{"partition":[]}`,
		`[{"topic":"t","partition":0}]`,
	} {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, body []byte) {
		v, ok := parsed(body)
		if !ok {
			return
		}
		tps, err := decodePartitions(v, "io.confluent.kafkarest.entities.v2.ConsumerAssignmentRequest")
		if err != nil {
			// A null list entry is the real code's NullPointerException.
			checkAPIError(t, err, string(body), 400, 422, 500)
			return
		}
		list, has := v.Field("partitions")
		if !has || list.Kind == jsonv.Null {
			if tps != nil {
				t.Errorf("no list decoded to %v", tps)
			}
			return
		}
		if tps == nil || len(tps) != len(list.Items) {
			t.Errorf("decoded %d partitions from %d items", len(tps), len(list.Items))
		}
	})
}

func FuzzDecodeInstant(f *testing.F) {
	for _, s := range []string{
		`"2026-01-02T03:04:05Z"`, `"2026-01-02T03:04:05.123456789+02:00"`, `"yesterday"`, `""`,
		`1767323045`, `1767323045.5`, `-1.25`, `1e300`, `-1e300`, `null`, `true`, `{}`, `[]`,
		`"2026-13-45T99:99:99Z"`,
	} {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, body []byte) {
		v, ok, err := jsonv.Parse(body)
		if err != nil || !ok {
			return
		}
		ts, err := decodeInstant(v)
		if err != nil {
			ae := checkAPIError(t, err, string(body), 400, 500)
			if ae.status == 500 && v.Kind != jsonv.Null {
				t.Errorf("500 for a %v value", v.Kind)
			}
			return
		}
		if v.Kind == jsonv.String {
			back, err := time.Parse(time.RFC3339Nano, ts.Format(time.RFC3339Nano))
			if err != nil || !back.Equal(ts) {
				t.Errorf("instant %v does not round-trip: %v %v", ts, back, err)
			}
		}
	})
}

// FuzzDecodeInt checks the Jackson coercions of Integer and Long
// properties: integral numbers parse exactly, floating-point numbers in
// range truncate toward zero as Java's (long) cast does, numeric strings
// parse after trimming, and everything out of range is a 400.
func FuzzDecodeInt(f *testing.F) {
	for _, s := range []string{
		`0`, `-0`, `2147483647`, `2147483648`, `-2147483648`, `-2147483649`, `9223372036854775807`,
		`9223372036854775808`, `1.9`, `-1.9`, `1e3`, `1e400`, `"12"`, `" 12 "`, `""`, `"x"`, `"1.5"`,
		`null`, `true`, `[]`, `{}`, `2147483647.5`, `-9223372036854775808.0`, `9223372036854775807.0`,
	} {
		f.Add([]byte(s), false)
		f.Add([]byte(s), true)
	}
	f.Fuzz(func(t *testing.T, body []byte, long bool) {
		v, ok, err := jsonv.Parse(body)
		if err != nil || !ok {
			return
		}
		bits, lo, hi := 32, int64(math.MinInt32), int64(math.MaxInt32)
		if long {
			bits, lo, hi = 64, math.MinInt64, math.MaxInt64
		}
		n, isNull, err := decodeInt(v, bits)
		if err != nil {
			checkAPIError(t, err, string(body), 400)
			return
		}
		if isNull {
			if n != 0 {
				t.Errorf("null with value %d", n)
			}
			return
		}
		if n < lo || n > hi {
			t.Fatalf("%s decoded to %d, outside %d..%d", body, n, lo, hi)
		}
		if v.Kind == jsonv.Number && !isIntegral(v.Raw) {
			fl, _ := strconv.ParseFloat(string(v.Raw), 64)
			if want := math.Trunc(fl); float64(n) != want && !(fl >= float64(hi) && n == hi) {
				t.Errorf("%s decoded to %d, want %v (truncated)", body, n, want)
			}
		}
	})
}

func FuzzCompileJavaPattern(f *testing.F) {
	for _, s := range []struct{ pattern, literal string }{
		{"orders-.*", "orders-eu"},
		{"a++b", "a.b"},
		{"[a+]+c", "x"},
		{"t\\d{2}+", "t12"},
		{"logs\\Z", "logs"},
		{"(?=a)b", "(?=a)"},
		{"\\Qa.b\\E", "a.b"},
		{"[", "\\"},
		{"x{2,1}", "*+"},
		{"\\", "[x]+"},
	} {
		f.Add(s.pattern, s.literal)
	}
	f.Fuzz(func(t *testing.T, pattern, literal string) {
		if re, err := compileJavaPattern(pattern); err == nil {
			if got := re.String(); !strings.HasPrefix(got, "^(?:") || !strings.HasSuffix(got, ")$") {
				t.Errorf("compiled %q to an unanchored %q", pattern, got)
			}
		}
		if !utf8.ValidString(literal) {
			return
		}
		// A quoted literal matches itself and nothing longer.
		quoted := regexp.QuoteMeta(literal)
		re, err := compileJavaPattern(quoted)
		if err != nil {
			t.Fatalf("compileJavaPattern(%q): %v", quoted, err)
		}
		if !re.MatchString(literal) || re.MatchString(literal+"x") || re.MatchString("x"+literal) {
			t.Errorf("%q: match of %q is not exact", quoted, literal)
		}
		// Any atom may take a possessive quantifier in Java.
		if literal != "" {
			p := quoted + "*+"
			if _, err := compileJavaPattern(p); err != nil {
				t.Errorf("compileJavaPattern(%q): %v", p, err)
			}
		}
		// \Q...\E quotes everything up to \E, as Pattern.quote does.
		if !strings.Contains(literal, `\E`) && !strings.HasSuffix(literal, `\`) {
			p := `\Q` + literal + `\E`
			re, err := compileJavaPattern(p)
			if err != nil {
				t.Fatalf("compileJavaPattern(%q): %v", p, err)
			}
			if !re.MatchString(literal) {
				t.Errorf("%q does not match %q", p, literal)
			}
		}
	})
}

func FuzzDecodeBase64Strict(f *testing.F) {
	for _, s := range []string{"", "aGk=", "aGk", "aGk==", "a", "YQ", "YQ==", "YR==", "%%%", "a-_b", "aGk=\n", "aG k=", "=", "===="} {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, in []byte) {
		// Whatever was encoded decodes back, padded or not.
		for _, enc := range []*base64.Encoding{base64.StdEncoding, base64.RawStdEncoding} {
			s := enc.EncodeToString(in)
			got, ok := decodeBase64Strict([]byte(s))
			if !ok || !bytes.Equal(got, in) {
				t.Errorf("decodeBase64Strict(%q) = %q, %v; want %q", s, got, ok, in)
			}
		}
		// Arbitrary input: the standard alphabet only, any trailing '='.
		got, ok := decodeBase64Strict(in)
		body := bytes.TrimRight(in, "=")
		valid := len(body)%4 != 1
		for _, c := range body {
			valid = valid && strings.IndexByte("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/", c) >= 0
		}
		if ok != valid {
			t.Fatalf("decodeBase64Strict(%q) ok = %v, want %v", in, ok, valid)
		}
		if ok {
			want, err := base64.RawStdEncoding.DecodeString(string(body))
			if err != nil || !bytes.Equal(got, want) {
				t.Errorf("decodeBase64Strict(%q) = %q, want %q (%v)", in, got, want, err)
			}
		}
	})
}

func FuzzDecodeBase64Lenient(f *testing.F) {
	for _, s := range []string{"", "aGk=", "aGk", "QUJDQUJD==", "%%%", "  aGk=\n", "====QUJD", "QQ==QQ==", "é", "a\x00b"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		enc := base64.StdEncoding.EncodeToString([]byte(s))
		if got, ok := decodeBase64Lenient(enc); !ok || string(got) != s {
			t.Errorf("decodeBase64Lenient(%q) = %q, %v; want %q", enc, got, ok, s)
		}
		if lenientGuessNegative(s) {
			// JAXB cannot size its buffer: refused (422), never a panic.
			if _, ok := decodeBase64Lenient(s); ok {
				t.Errorf("decodeBase64Lenient(%q) accepted input JAXB refuses", s)
			}
			return
		}
		got, ok := decodeBase64Lenient(s)
		if !ok {
			return
		}
		if len(got) > len(s)/4*3 {
			t.Errorf("decodeBase64Lenient(%q) gave %d bytes, more than JAXB's buffer of %d", s, len(got), len(s)/4*3)
		}
		for i := 0; i < len(s); i++ {
			if s[i] >= 0x80 {
				t.Fatalf("decodeBase64Lenient(%q) accepted non-ASCII input", s)
			}
		}
	})
}

// lenientGuessNegative reports whether JAXB's length guess for s, which
// decodeBase64Lenient sizes its buffer with, is negative.
func lenientGuessNegative(s string) bool {
	j := len(s) - 1
	for ; j >= 0; j-- {
		c := s[j]
		if c >= 0x80 {
			return false // refused before the guess is used
		}
		if c == '=' {
			continue
		}
		if b64Index[c] < 0 {
			return false // the guess is the upper bound
		}
		break
	}
	pad := len(s) - (j + 1)
	return pad <= 2 && len(s)/4*3-pad < 0
}
