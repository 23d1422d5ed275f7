package main

import (
	"bufio"
	"bytes"
	"context"
	"io"
	"net"
	"net/http"
	"os"
	"strings"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
)

func noEnv(string) string { return "" }

// TestRun starts the binary's run function on a free port, reads the URL it
// prints, lists topics over HTTP and checks that cancelling the context
// shuts it down cleanly.
func TestRun(t *testing.T) {
	t.Parallel()
	ctx, cancel := context.WithCancel(t.Context())
	defer cancel()

	pr, pw := io.Pipe()
	done := make(chan struct{})
	var runErr error
	go func() {
		defer close(done)
		runErr = run(ctx, []string{"--addr", "127.0.0.1:0", "--topic", "demo:3"}, noEnv, pw, t.Output())
		pw.CloseWithError(io.EOF)
	}()
	defer func() { cancel(); <-done }() // run logs to t.Output, so it must end first

	line, err := bufio.NewReader(pr).ReadString('\n')
	if err != nil {
		<-done
		t.Fatalf("reading the URL line: %v (run: %v)", err, runErr)
	}
	url := strings.TrimSpace(line)
	if !strings.HasPrefix(url, "http://127.0.0.1:") {
		t.Fatalf("first stdout line = %q, want http://127.0.0.1:PORT", line)
	}
	go io.Copy(io.Discard, pr) // run must never block on stdout

	reqCtx, reqCancel := context.WithTimeout(ctx, 10*time.Second)
	defer reqCancel()
	req, err := http.NewRequestWithContext(reqCtx, http.MethodGet, url+"/topics", nil)
	if err != nil {
		t.Fatal(err)
	}
	req.Header.Set("Accept", "application/vnd.kafka.v2+json")
	client := &http.Client{Transport: &http.Transport{}}
	defer client.CloseIdleConnections()
	resp, err := client.Do(req)
	if err != nil {
		t.Fatalf("GET /topics: %v", err)
	}
	body, err := io.ReadAll(resp.Body)
	resp.Body.Close()
	if err != nil {
		t.Fatalf("reading GET /topics body: %v", err)
	}
	if resp.StatusCode != http.StatusOK {
		t.Errorf("GET /topics status = %d, want 200 (body %s)", resp.StatusCode, body)
	}
	if diff := cmp.Diff(`["demo"]`, string(bytes.TrimSpace(body))); diff != "" {
		t.Errorf("GET /topics body mismatch (-want +got):\n%s", diff)
	}

	cancel()
	select {
	case <-done:
		if runErr != nil {
			t.Errorf("run returned %v after cancel, want nil", runErr)
		}
	case <-time.After(10 * time.Second):
		t.Fatal("run did not return within 10s of cancel")
	}
}

// TestRunShutdownWithStalledUpload: a request body that stopped
// arriving does not hold up shutdown: run returns nil (exit 0) as soon as
// its context is done.
func TestRunShutdownWithStalledUpload(t *testing.T) {
	t.Parallel()
	ctx, cancel := context.WithCancel(t.Context())
	defer cancel()
	pr, pw := io.Pipe()
	done := make(chan error, 1)
	go func() {
		err := run(ctx, []string{"--addr", "127.0.0.1:0", "--topic", "demo"}, noEnv, pw, t.Output())
		pw.CloseWithError(io.EOF)
		done <- err
	}()
	line, err := bufio.NewReader(pr).ReadString('\n')
	if err != nil {
		cancel()
		t.Fatalf("reading the URL line: %v (run: %v)", err, <-done)
	}
	go io.Copy(io.Discard, pr)

	conn, err := net.Dial("tcp", strings.TrimPrefix(strings.TrimSpace(line), "http://"))
	if err != nil {
		cancel()
		<-done
		t.Fatal(err)
	}
	defer conn.Close()
	_ = conn.SetDeadline(time.Now().Add(10 * time.Second))
	// The 100 Continue line says the handler is reading the body.
	io.WriteString(conn, "POST /topics/demo HTTP/1.1\r\nHost: x\r\nContent-Type: application/vnd.kafka.binary.v2+json\r\nContent-Length: 100\r\nExpect: 100-continue\r\n\r\n")
	rd := bufio.NewReader(conn)
	if got, err := rd.ReadString('\n'); err != nil || got != "HTTP/1.1 100 Continue\r\n" {
		cancel()
		<-done
		t.Fatalf("read %q, %v; want the 100 Continue line", got, err)
	}
	io.WriteString(conn, `{"records":`)

	cancel()
	select {
	case err := <-done:
		if err != nil {
			t.Errorf("run returned %v after cancel, want nil (exit 0)", err)
		}
	case <-time.After(10 * time.Second):
		t.Fatal("run did not return within 10s of cancel")
	}
}

func TestRunHelp(t *testing.T) {
	t.Parallel()
	var stdout, stderr bytes.Buffer
	if err := run(t.Context(), []string{"-h"}, noEnv, &stdout, &stderr); err != nil {
		t.Fatalf("run -h: %v", err)
	}
	help := stdout.String()
	for _, want := range []string{
		"mock Confluent Kafka REST Proxy",
		"Examples:",
		"--seed FILE",
		"env KAFKARESTMOCK_SEED",
		"--cors-origins ORIGINS",
		"env KAFKARESTMOCK_CORS_ORIGINS",
		"--clock real|manual",
		"env KAFKARESTMOCK_CLOCK, default real",
		"http://127.0.0.1:8082/_mock/",
		"kafkarestmock --topic demo:3",
		"--addr HOST:PORT",
		"env KAFKARESTMOCK_ADDR, default 127.0.0.1:8082",
		"--topic NAME[:PARTITIONS]",
		"env KAFKARESTMOCK_TOPIC",
		"env KAFKARESTMOCK_PROFILE, default all",
		"env KAFKARESTMOCK_AUTO_CREATE_TOPICS, default true",
		"env KAFKARESTMOCK_DEFAULT_PARTITIONS, default 1",
		"env KAFKARESTMOCK_LOG_LEVEL, default info",
		"env KAFKARESTMOCK_LOG_FORMAT, default text",
		"--idle-timeout DURATION",
		"env KAFKARESTMOCK_IDLE_TIMEOUT, default 30s",
		"--version",
	} {
		if !strings.Contains(help, want) {
			t.Errorf("help text lacks %q; got:\n%s", want, help)
		}
	}
	if stderr.Len() != 0 {
		t.Errorf("run -h wrote to stderr: %q", stderr.String())
	}
}

func TestRunVersion(t *testing.T) {
	t.Parallel()
	var stdout bytes.Buffer
	if err := run(t.Context(), []string{"--version"}, noEnv, &stdout, io.Discard); err != nil {
		t.Fatalf("run --version: %v", err)
	}
	if got := stdout.String(); !strings.HasPrefix(got, "kafkarestmock ") || strings.Count(got, "\n") != 1 {
		t.Errorf("run --version printed %q, want one line \"kafkarestmock <version>\"", got)
	}
}

func TestRunBadFlag(t *testing.T) {
	t.Parallel()
	var stdout, stderr bytes.Buffer
	err := run(t.Context(), []string{"--topic", "x:abc"}, noEnv, &stdout, &stderr)
	if err == nil {
		t.Fatal("run --topic x:abc succeeded, want an error")
	}
	if diff := cmp.Diff(`--topic "x:abc": partitions must be a positive integer`, err.Error()); diff != "" {
		t.Errorf("error mismatch (-want +got):\n%s", diff)
	}
	if code := exitCode(err); code != 2 {
		t.Errorf("exit code = %d, want 2", code)
	}
	if stdout.Len() != 0 || stderr.Len() != 0 {
		t.Errorf("run wrote stdout %q, stderr %q; want nothing (main prints the error)", stdout.String(), stderr.String())
	}
}

func TestRunListenError(t *testing.T) {
	t.Parallel()
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	defer ln.Close()
	err = run(t.Context(), []string{"--addr", ln.Addr().String(), "--schema-registry-addr", "127.0.0.1:0"}, noEnv, io.Discard, io.Discard)
	if err == nil {
		t.Fatal("run on an address in use succeeded, want an error")
	}
	if code := exitCode(err); code != 1 {
		t.Errorf("exit code for %v = %d, want 1", err, code)
	}
}

// TestRunBadFiles: problems with the seed or scenario file are usage
// errors (exit 2) in one line naming the file and the field.
func TestRunBadFiles(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	write := func(name, body string) string {
		p := dir + "/" + name
		if err := os.WriteFile(p, []byte(body), 0o644); err != nil {
			t.Fatal(err)
		}
		return p
	}
	syntax := write("syntax.json", "{\n  \"topics\": [}\n")
	field := write("field.json", `{"topics":[{"name":"orders","partitions":2,"records":[{"partition":5}]}]}`)
	clash := write("clash.json", `{"topics":[{"name":"orders"}]}`)
	offsets := write("offsets.json", `{"groups":[{"name":"g","offsets":[{"topic":"nope","partition":0,"offset":1}]}]}`)
	scen := write("scenario.json", `{"faults":[{"kafka_error":"NOPE"}]}`)
	big := write("big.json", "")
	if err := os.Truncate(big, 64<<20+1); err != nil { // sparse: nothing is written
		t.Fatal(err)
	}
	type badFile struct {
		args []string
		want string
	}
	tests := []badFile{
		{[]string{"--seed", syntax}, "--seed " + syntax + ":2:14: invalid character '}' looking for beginning of value"},
		{[]string{"--seed", field}, "--seed " + field + `: topics[0].records[0].partition: topic "orders" has 2 partitions (0 to 1)`},
		{[]string{"--seed", clash, "--topic", "orders:3"}, "--seed " + clash + `: topics[0].name: topic "orders" already exists (--topic creates it too)`},
		{[]string{"--seed", offsets}, "--seed " + offsets + `: groups[0].offsets[0].topic: topic "nope" does not exist`},
		{[]string{"--seed", dir + "/missing.json"}, "--seed " + dir + "/missing.json: no such file or directory"},
		{[]string{"--scenario", scen}, "--scenario " + scen + `: faults[0].kafka_error: unknown Kafka error "NOPE"`},
		{[]string{"--seed", dir}, "--seed " + dir + ": not a regular file (a directory)"},
		{[]string{"--scenario", dir}, "--scenario " + dir + ": not a regular file (a directory)"},
		{[]string{"--seed", big}, "--seed " + big + ": over 67108864 bytes (64 MiB), the most a seed or scenario file may hold"},
		{[]string{"--scenario", big}, "--scenario " + big + ": over 67108864 bytes (64 MiB), the most a seed or scenario file may hold"},
		{[]string{"--basic-auth", "@" + dir}, "--basic-auth: not a regular file (a directory)"},
	}
	if _, err := os.Stat("/dev/zero"); err == nil {
		tests = append(tests,
			badFile{[]string{"--seed", "/dev/zero"}, "--seed /dev/zero: not a regular file (a device)"},
			badFile{[]string{"--scenario", "/dev/zero"}, "--scenario /dev/zero: not a regular file (a device)"})
	}
	if fifo := dir + "/pipe.json"; mkfifo(fifo) == nil {
		tests = append(tests, badFile{[]string{"--seed", fifo}, "--seed " + fifo + ": not a regular file (a named pipe)"})
	}
	for _, tt := range tests {
		var stdout bytes.Buffer
		err := run(t.Context(), append([]string{"--addr", "127.0.0.1:0"}, tt.args...), noEnv, &stdout, io.Discard)
		if err == nil {
			t.Errorf("run %q succeeded, want %q", tt.args, tt.want)
			continue
		}
		if diff := cmp.Diff(tt.want, err.Error()); diff != "" {
			t.Errorf("run %q error mismatch (-want +got):\n%s", tt.args, diff)
		}
		if code := exitCode(err); code != 2 {
			t.Errorf("run %q exit code = %d, want 2", tt.args, code)
		}
		if stdout.Len() != 0 {
			t.Errorf("run %q printed %q before failing", tt.args, stdout.String())
		}
	}
}
