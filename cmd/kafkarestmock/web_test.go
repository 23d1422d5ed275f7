package main

import (
	"context"
	"encoding/json"
	"fmt"
	"net/http"
	"net/http/httptest"
	"net/url"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/chromedp/chromedp"
	"github.com/google/go-cmp/cmp"
	"github.com/kafkarestmock/kafkarestmock/kafkabackend"
	"github.com/kafkarestmock/kafkarestmock/mockproxy"
)

// findChromium returns the path of a Chromium or Chrome binary, or "".
func findChromium() string {
	if p := os.Getenv("KAFKARESTMOCK_CHROMIUM"); p != "" {
		return p
	}
	if _, err := os.Stat("/usr/bin/chromium"); err == nil {
		return "/usr/bin/chromium"
	}
	for _, name := range []string{"chromium", "chromium-browser", "google-chrome", "google-chrome-stable"} {
		if p, err := exec.LookPath(name); err == nil {
			return p
		}
	}
	return ""
}

// TestWebPage drives the page at /_mock/ in headless Chromium: it shows
// the seeded topics and messages, produces a message through the page's
// form (which uses the REST API), and the message is read back through
// the API. A screenshot goes to the test's artifact directory (kept with
// go test -artifacts).
func TestWebPage(t *testing.T) {
	ctx := newBrowser(t)
	srv := mockproxy.NewServer(t, mockproxy.WithSeedFile(shopSeed))

	if err := chromedp.Do(ctx, chromedp.Navigate(srv.URL()+"/_mock/")); err != nil {
		t.Fatalf("navigate: %v", err)
	}

	// The seeded topics, with their partitions and offsets.
	row := waitFor(t, ctx, "the orders topic", `(() => { const r = document.querySelector('#topics-table tr[data-topic="orders"]'); return r && r.textContent; })()`)
	for _, want := range []string{"orders", "9", "0: 0 – 5", "1: 0 – 3", "2: 0 – 1", "cleanup.policy=delete"} {
		if !strings.Contains(row, want) {
			t.Errorf("orders row %q lacks %q", row, want)
		}
	}
	waitFor(t, ctx, "the payments topic", `document.querySelector('#topics-table tr[data-topic="payments"]') && "yes"`)

	// A seeded message, shown as text: orders-1 offset 0 is order-1003.
	msg := waitFor(t, ctx, "a seeded message", `(() => { const r = document.querySelector('#messages-table tr[data-partition="1"][data-offset="0"]'); return r && r.textContent; })()`)
	for _, want := range []string{"order-1003", `"customer":"c-08"`, "2024-05-01 09:14:26", "source", "web-shop"} {
		if !strings.Contains(msg, want) {
			t.Errorf("message row %q lacks %q", msg, want)
		}
	}
	// The consumer groups of the seed, with their lag.
	groups := waitFor(t, ctx, "the billing group", `(() => { const r = document.querySelector('#groups-table tr[data-group="billing"]'); return r && r.textContent; })()`)
	if !strings.Contains(groups, "orders-0 @ 3") || !strings.Contains(groups, "(lag 2)") {
		t.Errorf("billing row = %q, want orders-0 @ 3 (lag 2)", groups)
	}

	// Produce through the form.
	if err := chromedp.Do(ctx,
		chromedp.SetValue(chromedp.ID("produce-topic"), "orders"),
		chromedp.SetValue(chromedp.ID("produce-key"), "order-from-browser"),
		chromedp.SetValue(chromedp.ID("produce-value"), `{"order_id":"order-from-browser","total":12.5,"note":"héllo"}`),
		chromedp.Click(chromedp.ID("produce-submit")),
	); err != nil {
		t.Fatalf("fill the produce form: %v", err)
	}
	result := waitFor(t, ctx, "the produce result", `(() => { const r = document.getElementById('produce-result'); return r.textContent.includes('offset') && r.textContent; })()`)
	if !strings.Contains(result, "stored in orders at partition") {
		t.Errorf("produce result = %q", result)
	}
	// The request is in the live journal.
	waitFor(t, ctx, "the produce request in the journal", `[...document.querySelectorAll('#requests-table tbody tr')].some(r => r.textContent.includes('POST') && r.textContent.includes('/topics/orders')) && "yes"`)

	// Read it back through the API.
	resp, err := srv.Client().Get(srv.URL() + "/_mock/topics/orders/records?offset=-1")
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	var recs []struct {
		Key   struct{ Text string }
		Value struct{ JSON map[string]any }
	}
	if err := json.NewDecoder(resp.Body).Decode(&recs); err != nil {
		t.Fatal(err)
	}
	found := false
	for _, r := range recs {
		if r.Key.Text == "order-from-browser" {
			found = true
			if got := fmt.Sprint(r.Value.JSON); got != "map[note:héllo order_id:order-from-browser total:12.5]" {
				t.Errorf("value of the produced message = %s", got)
			}
		}
	}
	if !found {
		t.Errorf("the message produced by the page is not in the log: %+v", recs)
	}
	// The page follows the new message.
	waitFor(t, ctx, "the new message on the page", `[...document.querySelectorAll('#messages-table tbody tr')].some(r => r.textContent.includes('order-from-browser')) && "yes"`)

	// A fault rule added through the page shows up with its id.
	if err := chromedp.Do(ctx, chromedp.Click(chromedp.ID("fault-add"))); err != nil {
		t.Fatal(err)
	}
	waitFor(t, ctx, "the fault rule", `document.querySelector('#faults-table tr[data-id="1"]') && "yes"`)
	// Its effect is named as the server names effects (GET /_mock/effects).
	waitFor(t, ctx, "the fault rule's effect", `document.querySelector('#faults-table tr[data-id="1"]').textContent.includes("kafka_error NOT_LEADER_FOR_PARTITION") && "yes"`)
	if n := len(srv.Faults()); n != 1 {
		t.Errorf("%d fault rules after adding one through the page", n)
	}
	shot(t, ctx)
}

// newBrowser starts headless Chromium with a fresh profile and returns a
// context for its tab, done when the test ends. It skips the test when no
// Chromium is installed. At the end it fails the test if a page threw an
// uncaught exception, and logs the console when the test failed.
func newBrowser(t *testing.T) context.Context {
	t.Helper()
	chromium := findChromium()
	if chromium == "" {
		t.Skip("no chromium binary found (install Debian's chromium package, or set KAFKARESTMOCK_CHROMIUM); the page is not tested in a browser")
	}
	if testing.Short() {
		t.Skip("starts a browser; skipped with -short")
	}
	t.Parallel()
	allocCtx, cancelAlloc := chromedp.NewExecAllocator(t.Context(),
		chromedp.ExecPath(chromium),
		chromedp.Headless,
		chromedp.NoSandbox,
		chromedp.DisableGPU,
		chromedp.NoFirstRun,
		chromedp.NoDefaultBrowserCheck,
		chromedp.Flag("disable-quic", true),
		chromedp.Flag("disable-background-networking", true),
		chromedp.Flag("disable-component-update", true),
		chromedp.Flag("disable-sync", true),
		chromedp.Flag("disable-dev-shm-usage", true),
		chromedp.UserDataDir(t.TempDir()),
		chromedp.WindowSize(1400, 1800),
	)
	ctx, cancelCtx := chromedp.NewContext(allocCtx)
	ctx, cancel := context.WithTimeout(ctx, 90*time.Second)
	if err := chromedp.Do(ctx); err != nil { // starts the browser and opens the tab
		cancel()
		cancelCtx()
		cancelAlloc()
		t.Fatalf("start %s: %v", chromium, err)
	}
	// What the pages write to the console, and their uncaught exceptions.
	var (
		consoleMu  sync.Mutex // guards console and exceptions
		console    []string
		exceptions []string
	)
	consoleDone := make(chan struct{})
	go func() {
		defer close(consoleDone)
		for m, err := range chromedp.Console(ctx) {
			if err != nil {
				return
			}
			line := fmt.Sprintf("%s:%d %s", m.URL, m.Line+1, m)
			consoleMu.Lock()
			console = append(console, line)
			if m.IsException() {
				exceptions = append(exceptions, line)
			}
			consoleMu.Unlock()
		}
	}()
	t.Cleanup(func() {
		cancel()
		cancelCtx()
		cancelAlloc()
		<-consoleDone
		if len(exceptions) > 0 {
			t.Errorf("the page threw: %s", strings.Join(exceptions, "\n"))
		}
		if t.Failed() {
			t.Logf("console:\n%s", strings.Join(console, "\n"))
		}
	})
	return ctx
}

// waitFor polls a JavaScript expression in the page until it is truthy
// and returns its value; on a timeout it takes a screenshot and fails.
func waitFor(t *testing.T, ctx context.Context, what, expr string) string {
	t.Helper()
	v, err := chromedp.Run(ctx, chromedp.Poll[string](expr, chromedp.WithPollingTimeout(30*time.Second)))
	if err != nil {
		shot(t, ctx)
		t.Fatalf("waiting for %s: %v", what, err)
	}
	return v
}

// shot writes a screenshot of the page to the test's artifact directory.
func shot(t *testing.T, ctx context.Context) {
	t.Helper()
	png, err := chromedp.Run(ctx, chromedp.FullScreenshot(100))
	if err != nil {
		t.Logf("screenshot: %v", err)
		return
	}
	path := filepath.Join(t.ArtifactDir(), "page.png")
	if err := os.WriteFile(path, png, 0o644); err != nil {
		t.Errorf("screenshot: %v", err)
		return
	}
	t.Logf("screenshot: %s", path)
}

// TestFrontendExample runs examples/frontend/index.html, served from
// another origin, against the mock with CORS on: the browser preflights
// its POSTs and DELETE, produces, consumes and commits with fetch().
func TestFrontendExample(t *testing.T) {
	ctx := newBrowser(t)
	srv := mockproxy.NewServer(t, mockproxy.WithCORSOrigins("http://127.0.0.1:*"))
	site := httptest.NewServer(http.FileServer(http.Dir("../../examples/frontend")))
	defer site.Close()

	if err := chromedp.Do(ctx, chromedp.Navigate(site.URL+"/index.html?proxy="+url.QueryEscape(srv.URL()))); err != nil {
		t.Fatalf("navigate: %v", err)
	}
	if err := chromedp.Do(ctx, chromedp.Click(chromedp.ID("send"))); err != nil {
		t.Fatal(err)
	}
	sent := waitFor(t, ctx, "the produce answer", `document.getElementById('produce-status').textContent`)
	if sent != "sent: partition 0, offset 0" {
		t.Fatalf("produce status = %q", sent)
	}
	if err := chromedp.Do(ctx, chromedp.Click(chromedp.ID("start"))); err != nil {
		t.Fatal(err)
	}
	got := waitFor(t, ctx, "the consumed record", `(() => { const li = document.querySelector('#received li'); return li && li.textContent; })()`)
	if want := `browser-demo-0@0 "user-1" → {"clicked":"buy","at":1}`; got != want {
		t.Errorf("received %q, want %q", got, want)
	}
	waitFor(t, ctx, "the commit", `document.getElementById('consume-status').textContent.includes('committed') && "yes"`)
	if diff := cmp.Diff([]mockproxy.CommittedOffset{{Topic: "browser-demo", Partition: 0, Offset: 1}}, srv.Committed("browser-demo")); diff != "" {
		t.Errorf("committed offsets mismatch (-want +got):\n%s", diff)
	}
	if err := chromedp.Do(ctx, chromedp.Click(chromedp.ID("stop"))); err != nil {
		t.Fatal(err)
	}
	waitFor(t, ctx, "the stop", `document.getElementById('consume-status').textContent === 'stopped' && "yes"`)
	if n := len(srv.ConsumerInstances()); n != 0 {
		t.Errorf("%d consumer instances after Stop, want 0 (the page deletes its instance)", n)
	}
	// Every request from the page passed the CORS checks: none failed.
	for _, e := range srv.Requests() {
		if e.Status >= 400 {
			t.Errorf("request %s %s answered %d", e.Method, e.Path, e.Status)
		}
	}
	shot(t, ctx)
}

// TestWebPageOnKfake opens the page of a server over an in-process kfake
// cluster: the seeded topics and messages, and a message produced through
// the page's form, come from Kafka.
func TestWebPageOnKfake(t *testing.T) {
	ctx := newBrowser(t)
	srv, _ := kafkabackend.NewServer(t, mockproxy.WithSeedFile(shopSeed))
	if err := chromedp.Do(ctx, chromedp.Navigate(srv.URL()+"/_mock/")); err != nil {
		t.Fatalf("navigate: %v", err)
	}
	row := waitFor(t, ctx, "the orders topic", `(() => { const r = document.querySelector('#topics-table tr[data-topic="orders"]'); return r && r.textContent; })()`)
	for _, want := range []string{"orders", "9", "0: 0 – 5", "1: 0 – 3", "2: 0 – 1"} {
		if !strings.Contains(row, want) {
			t.Errorf("orders row %q lacks %q", row, want)
		}
	}
	msg := waitFor(t, ctx, "a seeded message", `(() => { const r = document.querySelector('#messages-table tr[data-partition="1"][data-offset="0"]'); return r && r.textContent; })()`)
	for _, want := range []string{"order-1003", `"customer":"c-08"`, "2024-05-01 09:14:26", "web-shop"} {
		if !strings.Contains(msg, want) {
			t.Errorf("message row %q lacks %q", msg, want)
		}
	}
	groups := waitFor(t, ctx, "the billing group", `(() => { const r = document.querySelector('#groups-table tr[data-group="billing"]'); return r && r.textContent; })()`)
	if !strings.Contains(groups, "orders-0 @ 3") || !strings.Contains(groups, "(lag 2)") {
		t.Errorf("billing row = %q, want orders-0 @ 3 (lag 2)", groups)
	}
	if err := chromedp.Do(ctx,
		chromedp.SetValue(chromedp.ID("produce-topic"), "orders"),
		chromedp.SetValue(chromedp.ID("produce-key"), "order-from-browser"),
		chromedp.SetValue(chromedp.ID("produce-value"), `{"total":12.5}`),
		chromedp.Click(chromedp.ID("produce-submit")),
	); err != nil {
		t.Fatalf("fill the produce form: %v", err)
	}
	waitFor(t, ctx, "the produce result", `(() => { const r = document.getElementById('produce-result'); return r.textContent.includes('stored in orders at partition') && r.textContent; })()`)
	waitFor(t, ctx, "the new message on the page", `[...document.querySelectorAll('#messages-table tbody tr')].some(r => r.textContent.includes('order-from-browser')) && "yes"`)
	shot(t, ctx)
}
