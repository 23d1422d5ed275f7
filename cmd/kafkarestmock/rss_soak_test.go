package main

import (
	"bufio"
	"bytes"
	"context"
	"flag"
	"fmt"
	"io"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"
)

var rssSoak = flag.Duration("rss-soak", 0, "run the binary under steady load for this long and check its RSS stays flat (e.g. -rss-soak=10m)")

// TestRSSSoak drives the built binary with steady produce, consume and
// consumer churn for -rss-soak, sampling its resident set size from
// /proc. With retention bounded, memory must level off: the mean RSS of
// the last quarter of the run may exceed that of the second quarter by at
// most 25%. Skipped unless -rss-soak is given; it is not part of CI.
func TestRSSSoak(t *testing.T) {
	if *rssSoak <= 0 {
		t.Skip("run with -rss-soak=10m to soak the binary")
	}
	bin := filepath.Join(t.TempDir(), "kafkarestmock")
	if out, err := exec.Command("go", "build", "-o", bin, ".").CombinedOutput(); err != nil {
		t.Fatalf("build: %v\n%s", err, out)
	}
	cmd := exec.Command(bin, "--addr", "127.0.0.1:0", "--topic", "load:4",
		"--retention-records", "20000", "--log-level", "error")
	stdout, _ := cmd.StdoutPipe()
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	defer func() { _ = cmd.Process.Kill(); _ = cmd.Wait() }()
	url, err := bufio.NewReader(stdout).ReadString('\n')
	if err != nil {
		t.Fatal(err)
	}
	url = strings.TrimSpace(url)

	ctx, cancel := context.WithTimeout(context.Background(), *rssSoak)
	defer cancel()
	c := &http.Client{Transport: &http.Transport{MaxIdleConnsPerHost: 16}}
	post := func(path, ct, body string) (int, error) {
		req, _ := http.NewRequestWithContext(ctx, "POST", url+path, strings.NewReader(body))
		req.Header.Set("Content-Type", ct)
		resp, err := c.Do(req)
		if err != nil {
			return 0, err
		}
		_, _ = io.Copy(io.Discard, resp.Body)
		resp.Body.Close()
		return resp.StatusCode, nil
	}
	var produced, consumed, churned int64
	var mu sync.Mutex
	var wg sync.WaitGroup
	batch := `{"records":[` + strings.Repeat(`{"value":"`+strings.Repeat("QUFB", 64)+`"},`, 99) + `{"value":"QUFB"}]}`
	for w := range 2 {
		wg.Go(func() {
			for ctx.Err() == nil {
				if st, err := post("/topics/load", "application/vnd.kafka.binary.v2+json", batch); err == nil && st == 200 {
					mu.Lock()
					produced += 100
					mu.Unlock()
				}
			}
			_ = w
		})
	}
	wg.Go(func() {
		for i := 0; ctx.Err() == nil; i++ {
			name := fmt.Sprintf("c%d", i)
			base := "/consumers/g/instances/" + name
			if st, _ := post("/consumers/g", "application/vnd.kafka.v2+json", `{"name":"`+name+`","consumer.request.timeout.ms":0,"auto.offset.reset":"earliest"}`); st != 200 {
				continue
			}
			_, _ = post(base+"/subscription", "application/vnd.kafka.v2+json", `{"topics":["load"]}`)
			for range 20 {
				req, _ := http.NewRequestWithContext(ctx, "GET", url+base+"/records?max_bytes=1000000", nil)
				if resp, err := c.Do(req); err == nil {
					n, _ := io.Copy(io.Discard, resp.Body)
					resp.Body.Close()
					mu.Lock()
					consumed += n
					mu.Unlock()
				}
				_, _ = post(base+"/offsets", "application/vnd.kafka.v2+json", "")
			}
			req, _ := http.NewRequestWithContext(ctx, "DELETE", url+base, nil)
			if resp, err := c.Do(req); err == nil {
				resp.Body.Close()
			}
			mu.Lock()
			churned++
			mu.Unlock()
		}
	})

	var samples []int64
	tick := time.NewTicker(*rssSoak / 40)
	defer tick.Stop()
sampling:
	for {
		select {
		case <-ctx.Done():
			break sampling
		case <-tick.C:
			samples = append(samples, rssKiB(t, cmd.Process.Pid))
		}
	}
	wg.Wait()
	mean := func(s []int64) float64 {
		var sum int64
		for _, v := range s {
			sum += v
		}
		return float64(sum) / float64(len(s))
	}
	q := len(samples) / 4
	second, last := mean(samples[q:2*q]), mean(samples[3*q:])
	t.Logf("soak %v: produced %d records, read %d response bytes, %d consumer instances created and deleted", *rssSoak, produced, consumed, churned)
	t.Logf("RSS KiB: min %d, second-quarter mean %.0f, last-quarter mean %.0f, max %d (samples %v)", minOf(samples), second, last, maxOf(samples), samples)
	if last > second*1.25 {
		t.Errorf("RSS grew from %.0f KiB to %.0f KiB", second, last)
	}
}

func rssKiB(t *testing.T, pid int) int64 {
	b, err := os.ReadFile(fmt.Sprintf("/proc/%d/status", pid))
	if err != nil {
		t.Fatal(err)
	}
	for line := range bytes.SplitSeq(b, []byte("\n")) {
		if rest, ok := bytes.CutPrefix(line, []byte("VmRSS:")); ok {
			f := strings.Fields(string(rest))
			n, _ := strconv.ParseInt(f[0], 10, 64)
			return n
		}
	}
	t.Fatal("no VmRSS")
	return 0
}

func minOf(s []int64) int64 {
	m := s[0]
	for _, v := range s {
		m = min(m, v)
	}
	return m
}

func maxOf(s []int64) int64 {
	m := s[0]
	for _, v := range s {
		m = max(m, v)
	}
	return m
}
