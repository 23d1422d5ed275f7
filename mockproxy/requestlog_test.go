package mockproxy_test

import (
	"bytes"
	"encoding/json"
	"log/slog"
	"sync"
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/kafkarestmock/kafkarestmock/internal/resttest"
	"github.com/kafkarestmock/kafkarestmock/mockproxy"
)

// lockedBuffer is a bytes.Buffer safe for concurrent writers.
type lockedBuffer struct {
	mu sync.Mutex // guards b
	b  bytes.Buffer
}

func (l *lockedBuffer) Write(p []byte) (int, error) {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.b.Write(p)
}

func (l *lockedBuffer) lines(t *testing.T) []map[string]any {
	t.Helper()
	l.mu.Lock()
	defer l.mu.Unlock()
	var out []map[string]any
	for _, line := range bytes.Split(bytes.TrimSpace(l.b.Bytes()), []byte("\n")) {
		var m map[string]any
		if err := json.Unmarshal(line, &m); err != nil {
			t.Fatalf("log line %q: %v", line, err)
		}
		if _, ok := m["duration"].(float64); !ok {
			t.Errorf("log line without a duration: %s", line)
		}
		delete(m, "time")
		delete(m, "duration")
		out = append(out, m)
	}
	return out
}

// TestRequestLog: one line per request at Info with method, path, status
// and error_code; admin requests at Debug.
func TestRequestLog(t *testing.T) {
	t.Parallel()
	for _, level := range []slog.Level{slog.LevelInfo, slog.LevelDebug} {
		t.Run(level.String(), func(t *testing.T) {
			t.Parallel()
			var buf lockedBuffer
			logger := slog.New(slog.NewJSONHandler(&buf, &slog.HandlerOptions{Level: level}))
			srv := mockproxy.NewServer(t, mockproxy.WithLogger(logger), mockproxy.WithTopic("orders", 1), mockproxy.WithoutListener())
			resttest.Do(t, srv, "POST", "/topics/orders", `{"records":[{"value":"aGk="}]}`, "Content-Type: "+ctV2B)
			resttest.Do(t, srv, "GET", "/topics/nope", "")
			resttest.Do(t, srv, "GET", "/_mock/topics", "")
			want := []map[string]any{
				{"level": "INFO", "msg": "request", "method": "POST", "path": "/topics/orders", "status": 200.0},
				{"level": "INFO", "msg": "request", "method": "GET", "path": "/topics/nope", "status": 404.0, "error_code": 40403.0},
			}
			if level == slog.LevelDebug {
				want = append(want, map[string]any{"level": "DEBUG", "msg": "request", "method": "GET", "path": "/_mock/topics", "status": 200.0})
			}
			if diff := cmp.Diff(want, buf.lines(t)); diff != "" {
				t.Errorf("log lines mismatch (-want +got):\n%s", diff)
			}
		})
	}
}
