// Package retry is a small REST Proxy client that produces one record and
// retries while the proxy reports a retriable Kafka error (error_code
// 50003) for it, as clients of the Confluent REST Proxy should.
package retry

import (
	"bytes"
	"context"
	"encoding/base64"
	"encoding/json"
	"fmt"
	"net/http"
	"time"
)

// Producer produces to one topic through the REST Proxy at BaseURL.
type Producer struct {
	BaseURL  string
	Client   *http.Client
	Attempts int           // at most this many tries (default 5)
	Backoff  time.Duration // wait between tries
}

// Produce sends value to topic and returns the partition and offset the
// proxy stored it at. It retries per-record 50003 errors and fails at once
// on anything else.
func (p *Producer) Produce(ctx context.Context, topic string, value []byte) (partition int32, offset int64, err error) {
	body, _ := json.Marshal(map[string]any{"records": []map[string]string{{"value": base64.StdEncoding.EncodeToString(value)}}})
	attempts := p.Attempts
	if attempts <= 0 {
		attempts = 5
	}
	for try := 1; ; try++ {
		req, err := http.NewRequestWithContext(ctx, "POST", p.BaseURL+"/topics/"+topic, bytes.NewReader(body))
		if err != nil {
			return 0, 0, err
		}
		req.Header.Set("Content-Type", "application/vnd.kafka.binary.v2+json")
		req.Header.Set("Accept", "application/vnd.kafka.v2+json")
		resp, err := p.Client.Do(req)
		if err != nil {
			return 0, 0, err
		}
		var r struct {
			Offsets []struct {
				Partition *int32  `json:"partition"`
				Offset    *int64  `json:"offset"`
				ErrorCode *int    `json:"error_code"`
				Error     *string `json:"error"`
			} `json:"offsets"`
		}
		err = json.NewDecoder(resp.Body).Decode(&r)
		resp.Body.Close()
		if err != nil || resp.StatusCode != http.StatusOK || len(r.Offsets) != 1 {
			return 0, 0, fmt.Errorf("produce: status %d: %v", resp.StatusCode, err)
		}
		o := r.Offsets[0]
		if o.ErrorCode == nil {
			return *o.Partition, *o.Offset, nil
		}
		if *o.ErrorCode != 50003 || try >= attempts {
			return 0, 0, fmt.Errorf("produce: error_code %d: %s", *o.ErrorCode, *o.Error)
		}
		select {
		case <-time.After(p.Backoff):
		case <-ctx.Done():
			return 0, 0, ctx.Err()
		}
	}
}
