package mockproxy_test

import (
	"encoding/base64"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"strconv"
	"strings"
	"sync"
	"testing"

	"github.com/kafkarestmock/kafkarestmock/internal/resttest"
	"github.com/kafkarestmock/kafkarestmock/mockproxy"
)

// TestConcurrentReadsOfOneInstance reads one consumer instance from
// several goroutines at once while records arrive: every record is
// delivered once, and each record's value is the one stored at its offset
// (reads reuse the batches earlier reads polled, never one a read is still
// writing).
func TestConcurrentReadsOfOneInstance(t *testing.T) {
	t.Parallel()
	const (
		ct      = "application/vnd.kafka.binary.v2+json"
		records = 3000
		readers = 4
	)
	srv := resttest.Backends()[0].Start(t, mockproxy.WithoutListener(), mockproxy.WithTopic("t", 1))
	resttest.Must(t, srv, 200, "POST", "/consumers/g", `{"name":"c","format":"binary","auto.offset.reset":"earliest"}`, "Content-Type: "+ctV2)
	resttest.Must(t, srv, 204, "POST", "/consumers/g/instances/c/subscription", `{"topics":["t"]}`, "Content-Type: "+ctV2)
	value := func(off int) string { return base64.StdEncoding.EncodeToString([]byte("v" + strconv.Itoa(off))) }
	produce := func(from, n int) {
		var b strings.Builder
		b.WriteString(`{"records":[`)
		for i := range n {
			if i > 0 {
				b.WriteByte(',')
			}
			fmt.Fprintf(&b, `{"value":%q}`, value(from+i))
		}
		b.WriteString(`]}`)
		resttest.Must(t, srv, 200, "POST", "/topics/t", b.String(), "Content-Type: "+ct)
	}
	produce(0, records/2)

	c := srv.Client()
	url := srv.URL() + "/consumers/g/instances/c/records?timeout=1&max_bytes=2000"
	var (
		mu   sync.Mutex
		seen = map[int64]int{}
		errs []string
		wg   sync.WaitGroup
	)
	for range readers {
		wg.Go(func() {
			for range 60 {
				req, _ := http.NewRequest("GET", url, nil)
				req.Header.Set("Accept", ct)
				resp, err := c.Do(req)
				if err != nil {
					mu.Lock()
					errs = append(errs, err.Error())
					mu.Unlock()
					return
				}
				body, _ := io.ReadAll(resp.Body)
				resp.Body.Close()
				var recs []struct {
					Value  string `json:"value"`
					Offset int64  `json:"offset"`
				}
				err = json.Unmarshal(body, &recs)
				mu.Lock()
				if resp.StatusCode != 200 || err != nil {
					errs = append(errs, fmt.Sprintf("status %d, %v: %.200s", resp.StatusCode, err, body))
				}
				for _, r := range recs {
					if r.Value != value(int(r.Offset)) {
						errs = append(errs, fmt.Sprintf("offset %d: value %s", r.Offset, r.Value))
					}
					seen[r.Offset]++
				}
				mu.Unlock()
			}
		})
	}
	produce(records/2, records/2)
	wg.Wait()
	// What the concurrent reads left is read now.
	for len(seen) < records {
		got := resttest.Do(t, srv, "GET", "/consumers/g/instances/c/records?timeout=1", "", "Accept: "+ct)
		var recs []struct {
			Value  string `json:"value"`
			Offset int64  `json:"offset"`
		}
		if err := json.Unmarshal(got.Body, &recs); err != nil || len(recs) == 0 {
			t.Fatalf("read: %v, %d records; %d of %d seen", err, len(recs), len(seen), records)
		}
		for _, r := range recs {
			if r.Value != value(int(r.Offset)) {
				errs = append(errs, fmt.Sprintf("offset %d: value %s", r.Offset, r.Value))
			}
			seen[r.Offset]++
		}
	}
	for off, n := range seen {
		if n != 1 {
			errs = append(errs, fmt.Sprintf("offset %d delivered %d times", off, n))
		}
	}
	if len(errs) > 0 {
		t.Fatalf("%d errors, first: %s", len(errs), errs[0])
	}
}
