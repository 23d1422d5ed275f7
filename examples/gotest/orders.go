// Package gotest is a small order service that talks to Kafka through the
// Confluent REST Proxy: a Publisher that sends orders (retrying the
// proxy's retriable error 50003) and a Worker that consumes them as a
// member of a consumer group, commits what it handled, and recreates its
// consumer instance when the proxy has expired it (40403). Its tests run
// against kafkarestmock.
package gotest

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net/http"
	"strconv"
	"time"
)

// Order is what the service publishes.
type Order struct {
	ID     string `json:"id"`
	Amount int    `json:"amount"`
}

const (
	jsonV2 = "application/vnd.kafka.json.v2+json"
	v2     = "application/vnd.kafka.v2+json"
)

// Publisher sends orders to a topic, keyed by order id.
type Publisher struct {
	BaseURL string
	Client  *http.Client
	Topic   string
	Retries int           // retries of a retriable failure (default 3)
	Backoff time.Duration // wait between tries
}

// Publish sends one order and returns once the proxy has stored it.
func (p *Publisher) Publish(ctx context.Context, o Order) error {
	body, _ := json.Marshal(map[string]any{"records": []any{map[string]any{"key": o.ID, "value": o}}})
	retries := p.Retries
	if retries == 0 {
		retries = 3
	}
	for try := 0; ; try++ {
		var resp struct {
			Offsets []struct {
				ErrorCode *int    `json:"error_code"`
				Error     *string `json:"error"`
			} `json:"offsets"`
		}
		status, err := doJSON(ctx, p.Client, "POST", p.BaseURL+"/topics/"+p.Topic, jsonV2, body, &resp)
		if err != nil {
			return err
		}
		if status != http.StatusOK || len(resp.Offsets) != 1 {
			return fmt.Errorf("publish %s: status %d", o.ID, status)
		}
		e := resp.Offsets[0]
		if e.ErrorCode == nil {
			return nil
		}
		if *e.ErrorCode != 50003 || try >= retries {
			return fmt.Errorf("publish %s: error_code %d: %s", o.ID, *e.ErrorCode, *e.Error)
		}
		select {
		case <-time.After(p.Backoff):
		case <-ctx.Done():
			return ctx.Err()
		}
	}
}

// Worker consumes orders as one member of a consumer group.
type Worker struct {
	BaseURL string
	Client  *http.Client
	Group   string
	Name    string
	Topic   string
	// WaitMS is the consumer.request.timeout.ms of the instance: how long
	// a poll waits for orders. The proxy's default is 1000; 0 makes every
	// poll answer at once with what is there.
	WaitMS int
	Handle func(Order) error

	base string // the instance's base_uri
}

// Start creates the consumer instance and subscribes it.
func (w *Worker) Start(ctx context.Context) error {
	cfg, _ := json.Marshal(map[string]any{
		"name": w.Name, "format": "json", "auto.offset.reset": "earliest",
		"auto.commit.enable": "false", "consumer.request.timeout.ms": w.WaitMS,
	})
	var created struct {
		BaseURI string `json:"base_uri"`
	}
	status, err := doJSON(ctx, w.Client, "POST", w.BaseURL+"/consumers/"+w.Group, v2, cfg, &created)
	if err != nil {
		return err
	}
	if status != http.StatusOK {
		return fmt.Errorf("create consumer: status %d", status)
	}
	w.base = created.BaseURI
	sub, _ := json.Marshal(map[string]any{"topics": []string{w.Topic}})
	if status, err = doJSON(ctx, w.Client, "POST", w.base+"/subscription", v2, sub, nil); err != nil {
		return err
	}
	if status != http.StatusNoContent {
		return fmt.Errorf("subscribe: status %d", status)
	}
	return nil
}

// errExpired is the proxy's answer for an instance it no longer has.
var errExpired = errors.New("consumer instance not found")

// Poll reads one batch, handles every order and commits them. When the
// proxy has expired the instance, Poll creates it again (the group's
// committed offsets decide where it resumes) and polls once more.
func (w *Worker) Poll(ctx context.Context) (int, error) {
	n, err := w.poll(ctx)
	if errors.Is(err, errExpired) {
		if err := w.Start(ctx); err != nil {
			return 0, err
		}
		return w.poll(ctx)
	}
	return n, err
}

func (w *Worker) poll(ctx context.Context) (int, error) {
	req, _ := http.NewRequestWithContext(ctx, "GET", w.base+"/records", nil)
	req.Header.Set("Accept", jsonV2)
	resp, err := w.Client.Do(req)
	if err != nil {
		return 0, err
	}
	defer resp.Body.Close()
	b, _ := io.ReadAll(resp.Body)
	if resp.StatusCode == http.StatusNotFound && bytes.Contains(b, []byte(`"error_code":40403`)) {
		return 0, errExpired
	}
	if resp.StatusCode != http.StatusOK {
		return 0, fmt.Errorf("poll: status %d: %s", resp.StatusCode, b)
	}
	var recs []struct {
		Topic     string `json:"topic"`
		Value     Order  `json:"value"`
		Partition int32  `json:"partition"`
		Offset    int64  `json:"offset"`
	}
	if err := json.Unmarshal(b, &recs); err != nil {
		return 0, err
	}
	type tp struct {
		t string
		p int32
	}
	last := map[tp]int64{}
	for _, r := range recs {
		if err := w.Handle(r.Value); err != nil {
			return 0, err
		}
		last[tp{r.Topic, r.Partition}] = r.Offset
	}
	if len(last) == 0 {
		return 0, nil
	}
	var offsets []map[string]any
	for k, off := range last {
		offsets = append(offsets, map[string]any{"topic": k.t, "partition": k.p, "offset": off})
	}
	body, _ := json.Marshal(map[string]any{"offsets": offsets})
	status, err := doJSON(ctx, w.Client, "POST", w.base+"/offsets", v2, body, nil)
	if err != nil {
		return 0, err
	}
	if status != http.StatusOK {
		return 0, fmt.Errorf("commit: status %d", status)
	}
	return len(recs), nil
}

// Close deletes the consumer instance.
func (w *Worker) Close(ctx context.Context) error {
	status, err := doJSON(ctx, w.Client, "DELETE", w.base, "", nil, nil)
	if err == nil && status != http.StatusNoContent {
		err = errors.New("delete consumer: status " + strconv.Itoa(status))
	}
	return err
}

func doJSON(ctx context.Context, c *http.Client, method, url, contentType string, body []byte, out any) (int, error) {
	req, err := http.NewRequestWithContext(ctx, method, url, bytes.NewReader(body))
	if err != nil {
		return 0, err
	}
	if contentType != "" {
		req.Header.Set("Content-Type", contentType)
	}
	resp, err := c.Do(req)
	if err != nil {
		return 0, err
	}
	defer resp.Body.Close()
	if out != nil && resp.StatusCode < 300 {
		if err := json.NewDecoder(resp.Body).Decode(out); err != nil {
			return resp.StatusCode, err
		}
	}
	return resp.StatusCode, nil
}
