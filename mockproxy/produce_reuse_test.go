package mockproxy_test

import (
	"fmt"
	"slices"
	"strings"
	"sync"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/kafkarestmock/kafkarestmock/internal/resttest"
	"github.com/kafkarestmock/kafkarestmock/mockproxy"
)

// TestConcurrentProducesKeepTheirRecords produces from several goroutines
// at once, binary and json batches of different sizes with refused
// requests between them: every record is stored with its own key and
// value, whatever request reused the memory of an earlier one, and every
// refused request is answered with its own error.
func TestConcurrentProducesKeepTheirRecords(t *testing.T) {
	t.Parallel()
	resttest.EachBackend(t, func(t *testing.T, b resttest.Backend) {
		const (
			writers  = 4
			requests = 30
		)
		srv := b.Start(t, mockproxy.WithoutListener(), mockproxy.WithTopic("t", 3))
		want := concurrently(writers, func(w int) (stored []string) {
			for r := range requests {
				n := 1 + (w*7+r*13)%40
				name := fmt.Sprintf("w%d-r%d", w, r)
				if r%5 == 4 {
					// A refused body between good ones: its own error, nothing stored.
					got := resttest.Do(t, srv, "POST", "/topics/t", `{"records":[{"value":"`+b64(name)+`"},{"value":"!`+name+`!"}]}`,
						"Content-Type: application/vnd.kafka.binary.v2+json")
					resttest.WantError(t, got, 400, "application/vnd.kafka.v2+json", 400,
						`Bad Request: data="!`+name+`!" is not a valid base64 string.`)
					continue
				}
				var body strings.Builder
				body.WriteString(`{"records":[`)
				for i := range n {
					if i > 0 {
						body.WriteByte(',')
					}
					key, value := fmt.Sprintf("%s-k%d", name, i), fmt.Sprintf("%s-v%d-%s", name, i, strings.Repeat("x", i*5))
					if r%2 == 0 {
						fmt.Fprintf(&body, `{"key":%q,"value":%q}`, b64(key), b64(value))
						stored = append(stored, key+"="+value)
					} else {
						fmt.Fprintf(&body, `{"key":%q,"value":{"v":%q}}`, key, value)
						stored = append(stored, fmt.Sprintf("%q={\"v\":%q}", key, value))
					}
				}
				body.WriteString(`]}`)
				ct := "application/vnd.kafka.binary.v2+json"
				if r%2 == 1 {
					ct = "application/vnd.kafka.json.v2+json"
				}
				resttest.Must(t, srv, 200, "POST", "/topics/t", body.String(), "Content-Type: "+ct)
			}
			return stored
		})
		wantStored(t, srv, "t", want)
	})
}

// TestConcurrentV3StreamsKeepTheirRecords streams records from several
// goroutines at once, binary, JSON and string values from a few bytes to
// several KiB (so that records cross the stream's reads and its buffer
// moves and grows), each stream into the memory an earlier one used:
// every record is reported stored and is stored with its own key and
// value.
func TestConcurrentV3StreamsKeepTheirRecords(t *testing.T) {
	t.Parallel()
	resttest.EachBackend(t, func(t *testing.T, b resttest.Backend) {
		const (
			writers = 3
			streams = 8
			perRun  = 25
		)
		srv := b.Start(t, mockproxy.WithTopic("t", 2))
		path := "/v3/clusters/" + srv.ClusterID() + "/topics/t/records"
		want := concurrently(writers, func(w int) (stored []string) {
			for st := range streams {
				var body strings.Builder
				for i := range perRun {
					name := fmt.Sprintf("w%d-s%d-r%d", w, st, i)
					value := name + strings.Repeat("x", (w*131+st*37+i*71)%5000)
					switch i % 3 {
					case 0:
						fmt.Fprintf(&body, `{"key":{"type":"STRING","data":%q},"value":{"type":"BINARY","data":%q}}`, name, b64(value))
						stored = append(stored, name+"="+value)
					case 1:
						fmt.Fprintf(&body, `{"key":{"type":"BINARY","data":%q},"value":{"type":"JSON","data":{"v":%q}}}`+"\n", b64(name), value)
						stored = append(stored, fmt.Sprintf("%s={\"v\":%q}", name, value))
					default:
						fmt.Fprintf(&body, ` {"key":{"type":"STRING","data":%q},"value":{"type":"STRING","data":%q}}`, name, value)
						stored = append(stored, name+"="+value)
					}
				}
				got := resttest.Do(t, srv, "POST", path, body.String(), "Content-Type: application/json")
				if got.Status != 200 || got.ContentType != "application/json" || strings.Count(string(got.Body), `"error_code":200`) != perRun {
					t.Errorf("stream w%d-s%d: %d %s %.300s", w, st, got.Status, got.ContentType, got.Body)
				}
			}
			return stored
		})
		wantStored(t, srv, "t", want)
	})
}

// wantStored checks that topic holds exactly the records want lists, as
// "key=value", in any order.
func wantStored(t *testing.T, srv *mockproxy.Server, topic string, want []string) {
	t.Helper()
	recs, err := srv.Records(topic)
	if err != nil {
		t.Fatal(err)
	}
	got := make([]string, len(recs))
	for i, r := range recs {
		got[i] = string(r.Key) + "=" + string(r.Value)
	}
	slices.Sort(got)
	slices.Sort(want)
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("stored records (-want +got):\n%s", diff)
	}
}

// concurrently runs write for writers 0 to n-1 at once and returns what
// they return, together.
func concurrently(n int, write func(w int) []string) []string {
	var (
		mu  sync.Mutex
		all []string
		wg  sync.WaitGroup
	)
	for w := range n {
		wg.Go(func() {
			got := write(w)
			mu.Lock()
			all = append(all, got...)
			mu.Unlock()
		})
	}
	wg.Wait()
	return all
}
