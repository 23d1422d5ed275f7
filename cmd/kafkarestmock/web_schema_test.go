package main

import (
	"context"
	"encoding/json"
	"fmt"
	"strings"
	"testing"

	"github.com/chromedp/chromedp"
	"github.com/google/go-cmp/cmp"
	"github.com/kafkarestmock/kafkarestmock/mockproxy"
	"github.com/kafkarestmock/kafkarestmock/schemareg"
)

// TestWebPageSchemas produces schema records through the page's form: an
// avro value with the latest schema of a registered subject, a value the
// proxy refuses (its error answer is shown), and a jsonschema value with
// a pasted raw schema. The messages view shows them decoded, with their
// schema's badge.
func TestWebPageSchemas(t *testing.T) {
	ctx := newBrowser(t)
	srv := mockproxy.NewServer(t, mockproxy.WithTopic("payments", 1), mockproxy.WithTopic("events", 1))
	if _, _, err := srv.SchemaRegistry().Register("payments-value", schemareg.Schema{
		Text: `{"type":"record","name":"Payment","fields":[{"name":"id","type":"int"},{"name":"note","type":"string"}]}`}); err != nil {
		t.Fatal(err)
	}
	if err := chromedp.Do(ctx, chromedp.Navigate(srv.URL()+"/_mock/")); err != nil {
		t.Fatalf("navigate: %v", err)
	}
	waitFor(t, ctx, "the payments topic", `document.querySelector('#topics-table tr[data-topic="payments"]') && "yes"`)

	// The avro format shows the schema pickers, filled from the registry.
	choose(t, ctx, "produce-format", "avro")
	if got := waitFor(t, ctx, "the content type", `document.getElementById("produce-ct").textContent`); got != "application/vnd.kafka.avro.v2+json" {
		t.Errorf("content type shown = %q", got)
	}
	waitFor(t, ctx, "the registry's subjects", `document.querySelector('#produce-value-subject option[value="s:payments-value"]') && "yes"`)
	choose(t, ctx, "produce-value-subject", "s:payments-value")
	info := waitFor(t, ctx, "the subject's latest schema", `(() => { const t = document.getElementById("produce-value-schema-info").textContent; return t.startsWith("id ") && t; })()`)
	if !strings.HasPrefix(info, "id 1, version 1, AVRO\n") || !strings.Contains(info, `"name":"Payment"`) {
		t.Errorf("schema info = %q", info)
	}

	produce := func(topic, value string) string {
		t.Helper()
		if err := chromedp.Do(ctx,
			chromedp.Evaluate[chromedp.Void](`document.getElementById("produce-result").textContent = ""`),
			chromedp.SetValue(chromedp.ID("produce-topic"), topic),
			chromedp.SetValue(chromedp.ID("produce-value"), value),
			chromedp.Click(chromedp.ID("produce-submit")),
		); err != nil {
			t.Fatalf("fill the produce form: %v", err)
		}
		return waitFor(t, ctx, "the produce result", `document.getElementById("produce-result").textContent`)
	}
	if got, want := produce("payments", `{"id": 7, "note": "héllo"}`), "stored in payments at partition 0, offset 0 (value schema id 1)"; got != want {
		t.Errorf("produce result = %q, want %q", got, want)
	}
	row := waitFor(t, ctx, "the avro record on the page", `(() => { const r = document.querySelector('#messages-table tr[data-partition="0"][data-offset="0"] td.value'); return r && r.textContent.includes("avro") && r.textContent; })()`)
	if want := `avro #1{"id":7,"note":"héllo"}`; row != want {
		t.Errorf("value cell = %q, want %q", row, want)
	}
	badge := waitFor(t, ctx, "the badge", `document.querySelector('#messages-table td.value .badge').title`)
	if !strings.Contains(badge, "schema id 1 (AVRO)") {
		t.Errorf("badge title = %q", badge)
	}

	// The proxy refuses a value that does not fit the schema; the page
	// shows its answer.
	if got, want := produce("payments", `{"id": "seven", "note": ""}`), "400 (error_code 400): Bad Request: Expected int. Got VALUE_STRING"; got != want {
		t.Errorf("produce result = %q, want %q", got, want)
	}

	// A raw jsonschema schema, registered by the proxy under events-value.
	choose(t, ctx, "produce-format", "jsonschema")
	choose(t, ctx, "produce-value-subject", "raw")
	if err := chromedp.Do(ctx, chromedp.SetValue(chromedp.ID("produce-value-schema-text"),
		`{"type":"object","properties":{"kind":{"type":"string"}},"required":["kind"]}`)); err != nil {
		t.Fatal(err)
	}
	if got, want := produce("events", `{"kind": "click", "n": 1.50}`), "stored in events at partition 0, offset 0 (value schema id 2)"; got != want {
		t.Errorf("produce result = %q, want %q", got, want)
	}
	choose(t, ctx, "msg-topic", "events")
	row = waitFor(t, ctx, "the jsonschema record on the page", `(() => { const r = document.querySelector('#messages-table tr[data-partition="0"][data-offset="0"] td.value'); return r && r.textContent.includes("jsonschema") && r.textContent; })()`)
	if want := `jsonschema #2{"kind":"click","n":1.5}`; row != want {
		t.Errorf("value cell = %q, want %q", row, want)
	}

	// The admin API shows the same records decoded.
	resp, err := srv.Client().Get(srv.URL() + "/_mock/topics/payments/records")
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	var recs []struct {
		Value struct {
			SchemaID   int             `json:"schema_id"`
			SchemaType string          `json:"schema_type"`
			Data       json.RawMessage `json:"data"`
		}
	}
	if err := json.NewDecoder(resp.Body).Decode(&recs); err != nil {
		t.Fatal(err)
	}
	got := make([]string, len(recs))
	for i, r := range recs {
		got[i] = fmt.Sprintf("%s #%d %s", r.Value.SchemaType, r.Value.SchemaID, r.Value.Data)
	}
	if diff := cmp.Diff([]string{`AVRO #1 {"id":7,"note":"héllo"}`}, got); diff != "" {
		t.Errorf("records of payments (-want +got):\n%s", diff)
	}
	shot(t, ctx)
}

// choose sets a select of the page and fires its change event, as a
// person picking an option does.
func choose(t *testing.T, ctx context.Context, id, value string) {
	t.Helper()
	got, err := chromedp.Run(ctx, chromedp.Evaluate[string](fmt.Sprintf(
		`(() => { const s = document.getElementById(%q); s.value = %q; s.dispatchEvent(new Event("change")); return s.value; })()`, id, value)))
	if err != nil {
		t.Fatalf("choose %s in #%s: %v", value, id, err)
	}
	if got != value {
		t.Fatalf("#%s has no option %q", id, value)
	}
}
