package main

import (
	"bufio"
	"context"
	"io"
	"net"
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
)

// runPrinted runs the program with args until the test ends (or until
// stop is called) and returns the first n lines it prints.
func runPrinted(t *testing.T, n int, args ...string) (lines []string, stop func() error) {
	t.Helper()
	ctx, cancel := context.WithCancel(t.Context())
	pr, pw := io.Pipe()
	done := make(chan struct{})
	var runErr error
	go func() {
		defer close(done)
		runErr = run(ctx, args, noEnv, pw, t.Output())
		pw.CloseWithError(io.EOF)
	}()
	stop = func() error { cancel(); <-done; return runErr }
	t.Cleanup(func() { _ = stop() }) // run logs to t.Output, so it must end first
	rd := bufio.NewReader(pr)
	for range n {
		line, err := rd.ReadString('\n')
		if err != nil {
			_ = stop()
			t.Fatalf("reading line %d of the output: %v (run: %v)", len(lines)+1, err, runErr)
		}
		lines = append(lines, strings.TrimSpace(line))
	}
	go io.Copy(io.Discard, rd) // run must never block on stdout
	return lines, stop
}

const (
	srJSON   = "application/vnd.schemaregistry.v1+json"
	v2avro   = "application/vnd.kafka.avro.v2+json"
	orderAvr = `{"type":"record","name":"Order","fields":[{"name":"id","type":"string"},{"name":"total","type":"double"}]}`
)

// wantReply checks an answer's status, Content-Type and exact body.
func wantReply(t *testing.T, r reply, what string, status int, contentType, body string) {
	t.Helper()
	got := []string{http.StatusText(r.status), r.header.Get("Content-Type"), string(r.body)}
	want := []string{http.StatusText(status), contentType, body}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("%s (-want +got):\n%s", what, diff)
	}
}

// TestRunSchemaRegistry runs the program as a new user would, on each
// backend: the embedded registry's URL comes on the last line printed; a
// schema registered there is used by id in a produce through REST, the
// same registry is served under /schema-registry/ and named by
// /_mock/info, an avro consumer reads the record back, and after shutdown
// the registry's listener is closed.
func TestRunSchemaRegistry(t *testing.T) {
	t.Parallel()
	for _, tt := range []struct {
		name string
		args []string
		n    int // lines printed
	}{
		{"memory", nil, 2},
		{"kfake", []string{"--backend", "kfake"}, 3},
	} {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			args := append([]string{"--addr", "127.0.0.1:0", "--schema-registry-addr", "127.0.0.1:0", "--topic", "orders:1"}, tt.args...)
			lines, stop := runPrinted(t, tt.n, args...)
			rest, reg := lines[0], lines[tt.n-1]
			if !strings.HasPrefix(reg, "http://127.0.0.1:") || reg == rest {
				t.Fatalf("last line = %q, want the registry's own URL http://127.0.0.1:PORT (REST is %s)", reg, rest)
			}
			client := &http.Client{Transport: &http.Transport{}}
			defer client.CloseIdleConnections()

			r := call(t, client, "POST", reg+"/subjects/orders-value/versions", `{"schema":`+quote(orderAvr)+`}`, "Content-Type: "+srJSON)
			wantReply(t, r, "register through the registry's listener", 200, srJSON, `{"id":1,"version":1,"schemaType":"AVRO","schema":`+quote(orderAvr)+`}`)
			r = call(t, client, "POST", rest+"/topics/orders", `{"value_schema_id":1,"records":[{"value":{"id":"o1","total":3.5}}]}`, "Content-Type: "+v2avro)
			wantReply(t, r, "produce with the registered id", 200, v2,
				`{"offsets":[{"partition":0,"offset":0,"error_code":null,"error":null}],"key_schema_id":null,"value_schema_id":1}`)
			r = call(t, client, "GET", rest+"/schema-registry/subjects/orders-value/versions/latest", "")
			wantReply(t, r, "the same registry under /schema-registry/", 200, srJSON,
				`{"subject":"orders-value","version":1,"id":1,"schemaType":"AVRO","schema":`+quote(orderAvr)+`}`)
			var info struct {
				SchemaRegistryURL *string `json:"schema_registry_url"`
			}
			call(t, client, "GET", rest+"/_mock/info", "").json(t, &info)
			if info.SchemaRegistryURL == nil || *info.SchemaRegistryURL != reg {
				t.Errorf("/_mock/info schema_registry_url = %v, want %q", info.SchemaRegistryURL, reg)
			}

			r = call(t, client, "POST", rest+"/consumers/g", `{"name":"c","format":"avro","auto.offset.reset":"earliest","fetch.min.bytes":"1","consumer.request.timeout.ms":"10000"}`, "Content-Type: "+v2)
			expect(t, r, 200, "create an avro consumer")
			inst := rest + "/consumers/g/instances/c"
			expect(t, call(t, client, "POST", inst+"/subscription", `{"topics":["orders"]}`, "Content-Type: "+v2), 204, "subscribe")
			r = call(t, client, "GET", inst+"/records", "", "Accept: "+v2avro)
			wantReply(t, r, "avro records", 200, v2avro, `[{"topic":"orders","key":null,"value":{"id":"o1","total":3.5},"partition":0,"offset":0}]`)
			expect(t, call(t, client, "DELETE", inst, "", "Content-Type: "+v2), 204, "delete the consumer")
			client.CloseIdleConnections()

			if err := stop(); err != nil {
				t.Fatalf("run after cancel: %v, want nil", err)
			}
			if c, err := net.DialTimeout("tcp", strings.TrimPrefix(reg, "http://"), 5*time.Second); err == nil {
				c.Close()
				t.Errorf("the registry's listener %s still accepts connections after shutdown", reg)
			}
		})
	}
}

// quote returns s as a JSON string.
func quote(s string) string {
	return `"` + strings.ReplaceAll(s, `"`, `\"`) + `"`
}

// TestRunSchemaRegistryNone: --schema-registry none prints no registry
// line, opens no listener and serves nothing under /schema-registry/.
func TestRunSchemaRegistryNone(t *testing.T) {
	t.Parallel()
	lines, _ := runPrinted(t, 1, "--addr", "127.0.0.1:0", "--schema-registry", "none")
	client := &http.Client{Transport: &http.Transport{}}
	defer client.CloseIdleConnections()
	r := call(t, client, "GET", lines[0]+"/_mock/info", "")
	var info map[string]any
	r.json(t, &info)
	if v, ok := info["schema_registry_url"]; !ok || v != nil {
		t.Errorf("/_mock/info schema_registry_url = %v (present %v), want null", v, ok)
	}
	r = call(t, client, "GET", lines[0]+"/schema-registry/subjects", "")
	wantReply(t, r, "no registry under /schema-registry/", 404, "application/json", `{"error_code":404,"message":"HTTP 404 Not Found"}`)
}

// TestRunSchemaRegistryBasicAuth: --basic-auth guards the registry's own
// listener as it guards the REST one.
func TestRunSchemaRegistryBasicAuth(t *testing.T) {
	t.Parallel()
	lines, _ := runPrinted(t, 2, "--addr", "127.0.0.1:0", "--basic-auth", "alice:pw")
	client := &http.Client{Transport: &http.Transport{}}
	defer client.CloseIdleConnections()
	r := call(t, client, "GET", lines[1]+"/subjects", "")
	wantReply(t, r, "without credentials", 401, "text/plain; charset=utf-8", "Unauthorized\n")
	if got := r.header.Get("WWW-Authenticate"); got != `Basic realm="SchemaRegistry"` {
		t.Errorf("WWW-Authenticate = %q", got)
	}
	r = call(t, client, "GET", lines[1]+"/subjects", "", "Authorization: Basic YWxpY2U6cHc=")
	wantReply(t, r, "with credentials", 200, srJSON, `[]`)
}

// TestRunSchemaRegistryPortInUse: a registry port that is taken fails the
// start (exit 1) with a hint, and prints nothing.
func TestRunSchemaRegistryPortInUse(t *testing.T) {
	t.Parallel()
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	defer ln.Close()
	var stdout strings.Builder
	err = run(t.Context(), []string{"--addr", "127.0.0.1:0", "--schema-registry-addr", ln.Addr().String()}, noEnv, &stdout, io.Discard)
	if err == nil || exitCode(err) != 1 || !strings.Contains(err.Error(), "schema registry: listen: ") ||
		!strings.HasSuffix(err.Error(), "(give --schema-registry-addr another HOST:PORT, :0 for a free port, or --schema-registry none)") {
		t.Errorf("run = %v (exit %d), want a listen error with a hint (exit 1)", err, exitCode(err))
	}
	if stdout.Len() != 0 {
		t.Errorf("printed %q before failing", stdout.String())
	}
}

// TestRunExternalSchemaRegistry: --schema-registry URL uses another
// registry (here a second mock's) and prints its URL as the last line.
func TestRunExternalSchemaRegistry(t *testing.T) {
	t.Parallel()
	first, _ := runPrinted(t, 2, "--addr", "127.0.0.1:0")
	reg := first[1]
	lines, _ := runPrinted(t, 2, "--addr", "127.0.0.1:0", "--topic", "orders", "--schema-registry", reg+"/")
	if lines[1] != reg {
		t.Errorf("last line = %q, want the external registry %q", lines[1], reg)
	}
	client := &http.Client{Transport: &http.Transport{}}
	defer client.CloseIdleConnections()
	r := call(t, client, "POST", lines[0]+"/topics/orders", `{"value_schema":"\"string\"","records":[{"value":"hi"}]}`, "Content-Type: "+v2avro)
	wantReply(t, r, "produce with a schema", 200, v2,
		`{"offsets":[{"partition":0,"offset":0,"error_code":null,"error":null}],"key_schema_id":null,"value_schema_id":1}`)
	r = call(t, client, "GET", reg+"/subjects", "")
	wantReply(t, r, "subjects of the external registry", 200, srJSON, `["orders-value"]`)
}
