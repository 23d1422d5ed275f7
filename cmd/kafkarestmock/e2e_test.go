package main

import (
	"bufio"
	"bytes"
	"context"
	"encoding/base64"
	"encoding/json"
	"errors"
	"io"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"slices"
	"strconv"
	"strings"
	"sync"
	"syscall"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
)

const (
	shopSeed     = "../../testdata/seed/shop.json"
	halfScenario = "../../testdata/scenario/every-second-produce-fails.json"
)

// buildBinary builds the command into dir and returns its path.
func buildBinary(t *testing.T, dir string) string {
	t.Helper()
	goTool, err := exec.LookPath("go")
	if err != nil {
		goTool = filepath.Join(runtime.GOROOT(), "bin", "go")
	}
	bin := filepath.Join(dir, "kafkarestmock")
	ctx, cancel := context.WithTimeout(t.Context(), 5*time.Minute)
	defer cancel()
	out, err := exec.CommandContext(ctx, goTool, "build", "-o", bin, ".").CombinedOutput()
	if err != nil {
		t.Fatalf("go build: %v\n%s", err, out)
	}
	return bin
}

// syncBuffer collects a process's stderr.
type syncBuffer struct {
	mu sync.Mutex // guards b
	b  bytes.Buffer
}

func (s *syncBuffer) Write(p []byte) (int, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.Write(p)
}

func (s *syncBuffer) String() string {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.String()
}

// proc is a running binary.
type proc struct {
	url    string
	cmd    *exec.Cmd
	stderr *syncBuffer
	exited chan error // receives Wait's result once
}

// startBinary runs the binary with args and reads the URL it prints.
func startBinary(t *testing.T, bin string, args ...string) *proc {
	t.Helper()
	cmd := exec.Command(bin, args...)
	cmd.Env = append(os.Environ(), "KAFKARESTMOCK_ADDR=", "KAFKARESTMOCK_TOPIC=", "KAFKARESTMOCK_SCHEMA_REGISTRY=", "KAFKARESTMOCK_SCHEMA_REGISTRY_ADDR=")
	stdout, err := cmd.StdoutPipe()
	if err != nil {
		t.Fatal(err)
	}
	p := &proc{cmd: cmd, stderr: &syncBuffer{}, exited: make(chan error, 1)}
	cmd.Stderr = p.stderr
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	lines := make(chan string, 1)
	go func() {
		sc := bufio.NewScanner(stdout)
		if sc.Scan() {
			lines <- sc.Text()
		}
		close(lines)
		_, _ = io.Copy(io.Discard, stdout)
		p.exited <- cmd.Wait()
	}()
	t.Cleanup(func() {
		if cmd.ProcessState == nil {
			_ = cmd.Process.Kill()
		}
	})
	select {
	case line, ok := <-lines:
		if !ok || !strings.HasPrefix(line, "http://127.0.0.1:") {
			t.Fatalf("first stdout line = %q, want the URL; stderr:\n%s", line, p.stderr)
		}
		p.url = line
	case <-time.After(30 * time.Second):
		t.Fatalf("no URL within 30s; stderr:\n%s", p.stderr)
	}
	return p
}

// reply is an HTTP answer.
type reply struct {
	status int
	header http.Header
	body   []byte
}

func (r reply) json(t *testing.T, v any) {
	t.Helper()
	if err := json.Unmarshal(r.body, v); err != nil {
		t.Fatalf("body %s: %v", r.body, err)
	}
}

// call sends one request; headers are "Name: value".
func call(t *testing.T, client *http.Client, method, url, body string, headers ...string) reply {
	t.Helper()
	ctx, cancel := context.WithTimeout(t.Context(), 20*time.Second)
	defer cancel()
	var rd io.Reader
	if body != "" {
		rd = strings.NewReader(body)
	}
	req, err := http.NewRequestWithContext(ctx, method, url, rd)
	if err != nil {
		t.Fatal(err)
	}
	for _, h := range headers {
		k, v, _ := strings.Cut(h, ":")
		req.Header.Set(strings.TrimSpace(k), strings.TrimSpace(v))
	}
	resp, err := client.Do(req)
	if err != nil {
		t.Fatalf("%s %s: %v", method, url, err)
	}
	defer resp.Body.Close()
	b, err := io.ReadAll(resp.Body)
	if err != nil {
		t.Fatal(err)
	}
	return reply{resp.StatusCode, resp.Header, b}
}

func expect(t *testing.T, r reply, status int, what string) {
	t.Helper()
	if r.status != status {
		t.Fatalf("%s: status %d, want %d (body %s)", what, r.status, status, r.body)
	}
}

const (
	v2     = "application/vnd.kafka.v2+json"
	v2bin  = "application/vnd.kafka.binary.v2+json"
	v1bin  = "application/vnd.kafka.binary.v1+json"
	origin = "http://localhost:3000"
)

// TestBinaryEndToEnd builds the binary and runs it as a process, as a
// frontend developer or a script would.
func TestBinaryEndToEnd(t *testing.T) {
	if testing.Short() {
		t.Skip("builds the binary; skipped with -short")
	}
	t.Parallel()
	bin := buildBinary(t, t.TempDir())
	t.Run("seed, scenario, CORS, admin", func(t *testing.T) {
		t.Parallel()
		testSeededServer(t, bin)
	})
	t.Run("manual clock and SIGTERM", func(t *testing.T) {
		t.Parallel()
		testManualClockAndShutdown(t, bin)
	})
	t.Run("bad seed file", func(t *testing.T) {
		t.Parallel()
		bad := filepath.Join(t.TempDir(), "bad.json")
		if err := os.WriteFile(bad, []byte(`{"topics":[{"name":"t","records":[{"value_base64":"%"}]}]}`), 0o644); err != nil {
			t.Fatal(err)
		}
		var stderr bytes.Buffer
		cmd := exec.Command(bin, "--addr", "127.0.0.1:0", "--seed", bad)
		cmd.Stderr = &stderr
		err := cmd.Run()
		var ee *exec.ExitError
		if !errors.As(err, &ee) || ee.ExitCode() != 2 {
			t.Fatalf("exit = %v, want status 2", err)
		}
		want := "kafkarestmock: --seed " + bad + `: topics[0].records[0].value_base64: not base64 (standard alphabet A-Z, a-z, 0-9, + and /, such as "aGk=")` + "\n"
		if diff := cmp.Diff(want, stderr.String()); diff != "" {
			t.Errorf("stderr mismatch (-want +got):\n%s", diff)
		}
	})
}

func testSeededServer(t *testing.T, bin string) {
	p := startBinary(t, bin, "--addr", "127.0.0.1:0", "--seed", shopSeed, "--scenario", halfScenario,
		"--cors-origins", origin, "--log-format", "json")
	client := &http.Client{Transport: &http.Transport{}}
	defer client.CloseIdleConnections()
	u := p.url

	// v1 simple consumer: the seeded records of orders-1.
	r := call(t, client, "GET", u+"/topics/orders/partitions/1/messages?offset=0&count=10", "", "Accept: "+v1bin)
	expect(t, r, 200, "v1 simple consumer read")
	var v1recs []struct{ Key, Value string }
	r.json(t, &v1recs)
	var keys []string
	for _, rec := range v1recs {
		k, _ := base64.StdEncoding.DecodeString(rec.Key)
		keys = append(keys, string(k))
	}
	if diff := cmp.Diff([]string{"order-1003", "order-1006", "order-1008"}, keys); diff != "" {
		t.Errorf("v1 keys of orders-1 mismatch (-want +got):\n%s", diff)
	}

	// v2 consumer: every seeded order, from the beginning.
	r = call(t, client, "POST", u+"/consumers/e2e", `{"name":"c1","format":"binary","auto.offset.reset":"earliest","fetch.min.bytes":"1"}`, "Content-Type: "+v2)
	expect(t, r, 200, "create v2 consumer")
	inst := u + "/consumers/e2e/instances/c1"
	expect(t, call(t, client, "POST", inst+"/subscription", `{"topics":["orders"]}`, "Content-Type: "+v2), 204, "subscribe")
	values := map[string]string{}
	deadline := time.Now().Add(20 * time.Second)
	for len(values) < 9 && time.Now().Before(deadline) {
		r = call(t, client, "GET", inst+"/records", "", "Accept: "+v2bin)
		expect(t, r, 200, "v2 records read")
		var recs []struct{ Key, Value string }
		r.json(t, &recs)
		for _, rec := range recs {
			k, _ := base64.StdEncoding.DecodeString(rec.Key)
			v, _ := base64.StdEncoding.DecodeString(rec.Value)
			values[string(k)] = string(v)
		}
	}
	if len(values) != 9 {
		t.Fatalf("v2 read %d orders, want 9: %v", len(values), values)
	}
	if got, want := values["order-1005"], `{"order_id":"order-1005","customer":"c-99","items":[{"sku":"sku-hoodie","qty":1,"unit_price":45.0}],"total":45.0,"currency":"EUR","status":"created"}`; got != want {
		t.Errorf("order-1005 = %s, want %s", got, want)
	}
	// The seeded committed offsets, through a member of the group.
	expect(t, call(t, client, "POST", u+"/consumers/billing", `{"name":"b1","format":"binary"}`, "Content-Type: "+v2), 200, "create billing consumer")
	r = call(t, client, "GET", u+"/consumers/billing/instances/b1/offsets",
		`{"partitions":[{"topic":"orders","partition":0},{"topic":"orders","partition":1}]}`, "Content-Type: "+v2)
	expect(t, r, 200, "committed offsets")
	var committed struct {
		Offsets []struct {
			Topic     string
			Partition int
			Offset    int64
		}
	}
	r.json(t, &committed)
	if len(committed.Offsets) != 2 || committed.Offsets[0].Offset != 3 || committed.Offsets[1].Offset != 3 {
		t.Errorf("billing committed = %s, want orders-0 and orders-1 at 3", r.body)
	}

	// The scenario: every second produce to orders fails with a
	// retriable per-record error.
	var codes []int
	for range 2 {
		r = call(t, client, "POST", u+"/topics/orders", `{"records":[{"key":"YQ==","value":"eyJ4IjoxfQ=="}]}`, "Content-Type: "+v2bin)
		expect(t, r, 200, "produce")
		var pr struct {
			Offsets []struct {
				ErrorCode *int `json:"error_code"`
			}
		}
		r.json(t, &pr)
		code := 0
		if pr.Offsets[0].ErrorCode != nil {
			code = *pr.Offsets[0].ErrorCode
		}
		codes = append(codes, code)
	}
	if diff := cmp.Diff([]int{0, 50003}, codes); diff != "" {
		t.Errorf("produce error codes (scenario) mismatch (-want +got):\n%s", diff)
	}

	// Admin API.
	r = call(t, client, "GET", u+"/_mock/topics", "")
	expect(t, r, 200, "admin topics")
	var topics []struct {
		Name    string
		Records int64
	}
	r.json(t, &topics)
	if diff := cmp.Diff(`[{orders 10} {payments 6}]`, jsonish(topics)); diff != "" {
		t.Errorf("admin topics (-want +got):\n%s", diff)
	}
	r = call(t, client, "GET", u+"/_mock/topics/orders/records?partition=2&limit=1", "")
	expect(t, r, 200, "admin records")
	var recs []struct {
		Key   struct{ Text string }
		Value struct{ JSON map[string]any }
	}
	r.json(t, &recs)
	if len(recs) != 1 || recs[0].Key.Text != "order-1009" || recs[0].Value.JSON["total"] != 90.0 {
		t.Errorf("admin records = %s", r.body)
	}
	r = call(t, client, "GET", u+"/_mock/faults", "")
	var rules []struct{ ID string }
	r.json(t, &rules)
	if len(rules) != 4 { // the first rule fired its one time and retired
		t.Errorf("fault rules = %s, want 4", r.body)
	}
	expect(t, call(t, client, "POST", u+"/_mock/topics", `{"name":"made","partitions":2}`), 201, "admin create topic")
	expect(t, call(t, client, "POST", u+"/_mock/topics", `{"name":"made","partitions":2}`), 409, "admin create topic again")
	r = call(t, client, "POST", u+"/_mock/clock/advance", `{"ms":1000}`)
	expect(t, r, 409, "advancing the real clock")
	expect(t, call(t, client, "POST", u+"/_mock/reset", ""), 200, "reset")
	r = call(t, client, "GET", u+"/_mock/topics", "")
	topics = nil
	r.json(t, &topics)
	if diff := cmp.Diff(`[{orders 9} {payments 6}]`, jsonish(topics)); diff != "" {
		t.Errorf("admin topics after reset (-want +got):\n%s", diff)
	}

	// CORS: a preflight, a simple request, and another origin.
	r = call(t, client, "OPTIONS", u+"/topics/orders", "", "Origin: "+origin,
		"Access-Control-Request-Method: POST", "Access-Control-Request-Headers: Content-Type")
	expect(t, r, 200, "preflight")
	gotCORS := map[string]string{}
	for _, h := range []string{"Access-Control-Allow-Origin", "Access-Control-Allow-Credentials", "Access-Control-Allow-Methods", "Access-Control-Allow-Headers", "Access-Control-Max-Age"} {
		gotCORS[h] = r.header.Get(h)
	}
	wantCORS := map[string]string{
		"Access-Control-Allow-Origin":      origin,
		"Access-Control-Allow-Credentials": "true",
		"Access-Control-Allow-Methods":     "GET,POST,PUT,PATCH,DELETE,HEAD",
		"Access-Control-Allow-Headers":     "Content-Type,Accept,Authorization,X-Requested-With,Origin",
		"Access-Control-Max-Age":           "1800",
	}
	if diff := cmp.Diff(wantCORS, gotCORS); diff != "" || len(r.body) != 0 {
		t.Errorf("preflight headers mismatch (-want +got):\n%s\nbody %q", diff, r.body)
	}
	r = call(t, client, "GET", u+"/topics", "", "Origin: "+origin, "Accept: "+v2)
	if r.status != 200 || r.header.Get("Access-Control-Allow-Origin") != origin || r.header.Get("Access-Control-Allow-Credentials") != "true" {
		t.Errorf("simple request: %d %v", r.status, r.header)
	}
	r = call(t, client, "GET", u+"/topics", "", "Origin: http://elsewhere.test", "Accept: "+v2)
	if r.status != 200 || r.header.Get("Access-Control-Allow-Origin") != "" {
		t.Errorf("other origin: %d %v", r.status, r.header)
	}

	// JSON logs: one line per request.
	stopBinary(t, p)
	var requests int
	for line := range strings.SplitSeq(strings.TrimSpace(p.stderr.String()), "\n") {
		var m map[string]any
		if err := json.Unmarshal([]byte(line), &m); err != nil {
			t.Fatalf("log line %q is not JSON: %v", line, err)
		}
		if m["msg"] == "request" {
			requests++
			if _, ok := m["status"]; !ok {
				t.Errorf("request line without status: %s", line)
			}
		}
	}
	if requests < 10 {
		t.Errorf("%d request log lines, want one per API request", requests)
	}
}

// jsonish formats topics as "[{name records} ...]".
func jsonish(topics []struct {
	Name    string
	Records int64
}) string {
	var b strings.Builder
	b.WriteString("[")
	for i, t := range topics {
		if i > 0 {
			b.WriteString(" ")
		}
		b.WriteString("{" + t.Name + " " + strconv.FormatInt(t.Records, 10) + "}")
	}
	b.WriteString("]")
	return b.String()
}

// stopBinary sends SIGTERM and waits for a clean exit.
func stopBinary(t *testing.T, p *proc) {
	t.Helper()
	if err := p.cmd.Process.Signal(syscall.SIGTERM); err != nil {
		t.Fatal(err)
	}
	select {
	case err := <-p.exited:
		if err != nil {
			t.Fatalf("exit after SIGTERM: %v; stderr:\n%s", err, p.stderr)
		}
	case <-time.After(10 * time.Second):
		t.Fatalf("still running 10s after SIGTERM; stderr:\n%s", p.stderr)
	}
}

func testManualClockAndShutdown(t *testing.T, bin string) {
	p := startBinary(t, bin, "--addr", "127.0.0.1:0", "--seed", shopSeed, "--clock", "manual", "--consumer-instance-timeout", "1m")
	client := &http.Client{Transport: &http.Transport{}}
	defer client.CloseIdleConnections()
	u := p.url

	var clk struct {
		Mode  string
		NowMS int64 `json:"now_ms"`
	}
	call(t, client, "GET", u+"/_mock/clock", "").json(t, &clk)
	if clk.Mode != "manual" {
		t.Fatalf("clock mode = %q, want manual", clk.Mode)
	}
	start := clk.NowMS

	// An idle instance expires when the clock passes its timeout.
	expect(t, call(t, client, "POST", u+"/consumers/g", `{"name":"idle","format":"binary"}`, "Content-Type: "+v2), 200, "create consumer")
	instances := func() []string {
		var list []struct{ Name string }
		call(t, client, "GET", u+"/_mock/consumers", "").json(t, &list)
		var names []string
		for _, c := range list {
			names = append(names, c.Name)
		}
		return names
	}
	r := call(t, client, "POST", u+"/_mock/clock/advance", `{"ms":59000}`)
	expect(t, r, 200, "advance 59s")
	r.json(t, &clk)
	if clk.NowMS != start+59000 {
		t.Errorf("clock after advance = %d, want %d", clk.NowMS, start+59000)
	}
	if diff := cmp.Diff([]string{"idle"}, instances()); diff != "" {
		t.Errorf("instances after 59s (-want +got):\n%s", diff)
	}
	expect(t, call(t, client, "POST", u+"/_mock/clock/advance", `{"ms":1000}`), 200, "advance 1s")
	if got := instances(); len(got) != 0 {
		t.Errorf("instances after 60s = %v, want none", got)
	}
	r = call(t, client, "GET", u+"/consumers/g/instances/idle/subscription", "", "Accept: "+v2)
	if r.status != 404 || !bytes.Contains(r.body, []byte(`"error_code":40403`)) {
		t.Errorf("expired instance: %d %s, want 404 40403", r.status, r.body)
	}

	// A long-poll in flight when SIGTERM comes gets its answer. On the
	// manual clock a read waits until the clock moves, so it is still
	// waiting when the signal arrives.
	expect(t, call(t, client, "POST", u+"/consumers/lp", `{"name":"c","format":"binary","auto.offset.reset":"earliest"}`, "Content-Type: "+v2), 200, "create consumer")
	expect(t, call(t, client, "POST", u+"/consumers/lp/instances/c/subscription", `{"topics":["payments"]}`, "Content-Type: "+v2), 204, "subscribe")
	type answer struct {
		status int
		body   []byte
		err    error
	}
	answered := make(chan answer, 1)
	lpClient := &http.Client{Transport: &http.Transport{}}
	defer lpClient.CloseIdleConnections()
	go func() {
		req, _ := http.NewRequestWithContext(t.Context(), "GET", u+"/consumers/lp/instances/c/records", nil)
		req.Header.Set("Accept", v2bin)
		resp, err := lpClient.Do(req)
		if err != nil {
			answered <- answer{err: err}
			return
		}
		defer resp.Body.Close()
		b, err := io.ReadAll(resp.Body)
		answered <- answer{resp.StatusCode, b, err}
	}()
	// The read joins its group, then waits on a timer of the manual clock:
	// GET /_mock/clock?waiters=1 answers once it does.
	expect(t, call(t, client, "GET", u+"/_mock/clock?waiters=1", ""), 200, "wait for the read to wait on the clock")
	type group struct {
		Group   string
		Members []struct{ Assignment []any }
	}
	var groups []group
	call(t, client, "GET", u+"/_mock/groups", "").json(t, &groups)
	if !slices.ContainsFunc(groups, func(g group) bool {
		return g.Group == "lp" && len(g.Members) == 1 && len(g.Members[0].Assignment) > 0
	}) {
		t.Fatalf("the long-poll consumer is not a member of its group with partitions: %+v", groups)
	}
	select {
	case a := <-answered:
		t.Fatalf("the read answered before SIGTERM: %d %s %v", a.status, a.body, a.err)
	default:
	}
	sent := time.Now()
	stopBinary(t, p)
	if d := time.Since(sent); d > 5*time.Second {
		t.Errorf("shutdown took %v", d)
	}
	a := <-answered
	if a.err != nil || a.status != 200 || !json.Valid(a.body) || a.body[0] != '[' {
		t.Errorf("long-poll answer = %d %s %v, want 200 with a JSON array", a.status, a.body, a.err)
	}
	if !strings.Contains(p.stderr.String(), "shutting down") {
		t.Errorf("stderr lacks the shutdown line:\n%s", p.stderr)
	}
}
