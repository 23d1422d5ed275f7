package mockproxy_test

import (
	"bytes"
	"encoding/base64"
	"encoding/json"
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
	"github.com/kafkarestmock/kafkarestmock/fakelog"
	"github.com/kafkarestmock/kafkarestmock/internal/resttest"
	"github.com/kafkarestmock/kafkarestmock/mockproxy"
)

// deepJSON is n nested arrays around a 1.
func deepJSON(n int) string { return strings.Repeat("[", n) + "1" + strings.Repeat("]", n) }

// TestJSONNestingDepth checks Jackson's default nesting limit on a body:
// the document (the body object, records, a record, and the value's own
// arrays) may hold 1000 arrays and objects open at once; one more is the
// StreamConstraintsException that databind wraps into a mapping error,
// answered 400 as other unreadable bodies, with the mapper's shortened
// name.
func TestJSONNestingDepth(t *testing.T) {
	t.Parallel()
	resttest.EachBackend(t, func(t *testing.T, b resttest.Backend) {
		srv := b.Start(t, mockproxy.WithoutListener(), mockproxy.WithTopic("t", 1))
		// {"records":[{"value": ... }]} opens 3 containers around the value.
		ok := `{"records":[{"value":` + deepJSON(997) + `}]}`
		resttest.Want(t, resttest.Do(t, srv, "POST", "/topics/t", ok, "Content-Type: "+ctV2J), 200, ctV2,
			`{"offsets":[{"partition":0,"offset":0,"error_code":null,"error":null}],"key_schema_id":null,"value_schema_id":null}`)
		deep := `{"records":[{"value":` + deepJSON(998) + `}]}`
		resttest.WantError(t, resttest.Do(t, srv, "POST", "/topics/t", deep, "Content-Type: "+ctV2J), 400, ctV2, 400,
			"Document nesting depth (1001) exceeds the maximum allowed (1000, from `getMaxNestingDepth()`)")
	})
}

// The Java producer's arithmetic for a record with a null key and no
// headers (AbstractRecords.estimateSizeInBytesUpperBound, magic 2): a
// 61-byte batch header, 21 bytes of record overhead at most, 1 byte for
// the null key, the value's zigzag varint length and bytes, 1 byte for no
// headers. Below 1 MiB the length takes 3 bytes, from 1 MiB on 4.
const (
	largestValue  = 1048576 - 61 - 21 - 1 - 3 - 1 // 1048489: 1048576 bytes serialized
	smallestRefed = largestValue + 1              // 1048577 bytes serialized
)

// tooLarge is the producer's refusal of a record of size bytes.
func tooLarge(size int) string {
	return fmt.Sprintf("The message is %d bytes when serialized which is larger than 1048576, which is the value of the max.request.size configuration.", size)
}

// brokerTooLarge is MESSAGE_TOO_LARGE as the producer reports it.
const brokerTooLarge = "The request included a message larger than the max message size the server will accept."

// binaryBody is a v2 binary produce body of values of the given sizes.
func binaryBody(sizes ...int) string {
	var b strings.Builder
	b.WriteString(`{"records":[`)
	for i, n := range sizes {
		if i > 0 {
			b.WriteByte(',')
		}
		b.WriteString(`{"value":"` + base64.StdEncoding.EncodeToString(bytes.Repeat([]byte{'x'}, n)) + `"}`)
	}
	b.WriteString(`]}`)
	return b.String()
}

// produceAnswer is a v1/v2 produce response; entries are offsets of
// partition 0 or, as strings, error entries of code 50002.
func produceAnswer(entries ...any) string {
	var b strings.Builder
	b.WriteString(`{"offsets":[`)
	for i, e := range entries {
		if i > 0 {
			b.WriteByte(',')
		}
		switch e := e.(type) {
		case int:
			fmt.Fprintf(&b, `{"partition":0,"offset":%d,"error_code":null,"error":null}`, e)
		case string:
			msg, _ := json.Marshal(e)
			fmt.Fprintf(&b, `{"partition":null,"offset":null,"error_code":50002,"error":%s}`, msg)
		}
	}
	b.WriteString(`],"key_schema_id":null,"value_schema_id":null}`)
	return b.String()
}

// storedSizes is the value size of every record of topic t, partition 0.
func storedSizes(t *testing.T, srv *mockproxy.Server, topic string) []int {
	t.Helper()
	recs, err := srv.Backend().ReadN(topic, 0, 0, 0, 0)
	if err != nil {
		t.Fatal(err)
	}
	sizes := []int{}
	for _, r := range recs {
		sizes = append(sizes, len(r.Value))
	}
	return sizes
}

// TestProduceRecordSizeLimit checks the Java producer's max.request.size
// (1048576) on both backends: the largest record the formula lets through
// is stored, one byte more is refused inside the 200 with the producer's
// text and size, as are a 1 MiB + 10 B and a 16 MiB record, and the other
// records of the request are stored.
func TestProduceRecordSizeLimit(t *testing.T) {
	t.Parallel()
	resttest.EachBackend(t, func(t *testing.T, b resttest.Backend) {
		srv := b.Start(t, mockproxy.WithoutListener(), mockproxy.WithTopic("t", 1), mockproxy.WithProfile(mockproxy.ProfileAll))
		steps := []struct {
			name, path, ct, body string
			want                 string
		}{
			{"largest", "/topics/t", ctV2B, binaryBody(largestValue), produceAnswer(0)},
			{"smallest refused", "/topics/t", ctV2B, binaryBody(smallestRefed), produceAnswer(tooLarge(1048577))},
			{"1 MiB + 10 B", "/topics/t/partitions/0", ctV2B, binaryBody(1<<20 + 10), produceAnswer(tooLarge(1<<20 + 10 + 88))},
			{"16 MiB", "/topics/t", ctV2B, binaryBody(16 << 20), produceAnswer(tooLarge(16<<20 + 88))},
			{"mixed", "/topics/t", ctV2B, binaryBody(1, smallestRefed, 2), produceAnswer(1, tooLarge(1048577), 2)},
			{"v1", "/topics/t", ctV1B, binaryBody(3, smallestRefed), produceAnswer(3, tooLarge(1048577))},
		}
		for _, st := range steps {
			got := resttest.Do(t, srv, "POST", st.path, st.body, "Content-Type: "+st.ct)
			t.Run(st.name, func(t *testing.T) {
				wantCT := ctV2
				if st.ct == ctV1B {
					wantCT = ctV1
				}
				resttest.Want(t, got, 200, wantCT, st.want)
			})
		}
		if diff := cmp.Diff([]int{largestValue, 1, 2, 3}, storedSizes(t, srv, "t")); diff != "" {
			t.Errorf("stored value sizes (-want +got):\n%s", diff)
		}
	})
}

// TestProduceTopicMaxMessageBytes checks a topic's max.message.bytes, set
// through v3 configs, on both backends: the broker measures the record
// batch (61 + length + body, the record alone), refuses one over the
// limit with MESSAGE_TOO_LARGE (50002 in v2, 413 in a v3 report), and
// stores the other records of the request.
func TestProduceTopicMaxMessageBytes(t *testing.T) {
	t.Parallel()
	resttest.EachBackend(t, func(t *testing.T, b resttest.Backend) {
		srv := b.Start(t, mockproxy.WithoutListener(), mockproxy.WithTopic("t", 1), mockproxy.WithClusterID("c1"))
		resttest.Must(t, srv, 204, "PUT", "/v3/clusters/c1/topics/t/configs/max.message.bytes", `{"value":"1000"}`, v3CT)
		// A value of n bytes makes a batch of 61 + 2 + (3 + 1 + 2 + n + 1)
		// bytes: 1000 at n = 930.
		resttest.Want(t, resttest.Do(t, srv, "POST", "/topics/t", binaryBody(930), "Content-Type: "+ctV2B), 200, ctV2, produceAnswer(0))
		resttest.Want(t, resttest.Do(t, srv, "POST", "/topics/t", binaryBody(10, 931, 20), "Content-Type: "+ctV2B), 200, ctV2,
			produceAnswer(1, brokerTooLarge, 2))
		v3 := `{"value":{"type":"BINARY","data":"` + base64.StdEncoding.EncodeToString(bytes.Repeat([]byte{'x'}, 931)) + `"}}`
		resttest.Want(t, resttest.Do(t, srv, "POST", v3Path("t"), v3, v3CT), 200, v3JSON, reports(fail(413, brokerTooLarge)))
		if diff := cmp.Diff([]int{930, 10, 20}, storedSizes(t, srv, "t")); diff != "" {
			t.Errorf("stored value sizes (-want +got):\n%s", diff)
		}
	})
}

// TestV3ProduceRecordSizeLimit checks max.request.size in a v3 stream:
// the record over it gets the producer's text as a 413 report, the next
// one is stored.
func TestV3ProduceRecordSizeLimit(t *testing.T) {
	t.Parallel()
	resttest.EachBackend(t, func(t *testing.T, b resttest.Backend) {
		srv := b.Start(t, mockproxy.WithoutListener(), mockproxy.WithTopic("t", 1), mockproxy.WithClusterID("c1"),
			mockproxy.WithClock(fakelog.NewManualClock(time.Date(2024, 1, 2, 3, 4, 5, 678e6, time.UTC))))
		rec := func(n int) string {
			return `{"value":{"type":"BINARY","data":"` + base64.StdEncoding.EncodeToString(bytes.Repeat([]byte{'x'}, n)) + `"},"headers":[{"name":"h","value":null}]}`
		}
		// A header "h" = null adds 1 + 1 + 1 + 1 bytes to the record
		// (count 1 instead of 0 is no change in size).
		got := resttest.Do(t, srv, "POST", v3Path("t"), rec(largestValue-3)+rec(largestValue-2)+rec(5), v3CT)
		resttest.Want(t, got, 200, v3JSON, reports(
			ok("t", 0, 0, fmt.Sprintf(`"value":{"type":"BINARY","size":%d}`, largestValue-3)),
			fail(413, tooLarge(1048577)),
			ok("t", 0, 1, `"value":{"type":"BINARY","size":5}`),
		))
	})
}
