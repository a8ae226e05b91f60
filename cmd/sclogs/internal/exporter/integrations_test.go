package exporter

import (
	"context"
	"encoding/json"
	"net/http"
	"net/http/httptest"
	"strconv"
	"strings"
	"sync"
	"testing"
	"unicode/utf8"

	"github.com/sclogs/sclogs"
	"github.com/sclogs/sclogs/cmd/sclogs/internal/output"
)

// account is a hand-made API: integrations and one page of logs as the
// test sets them, for what the fake cannot serve (any type, any name).
type account struct {
	mu           sync.Mutex
	integrations []map[string]any
	logs         []map[string]any
}

func (a *account) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	a.mu.Lock()
	defer a.mu.Unlock()
	w.Header().Set("Content-Type", "application/json")
	switch r.URL.Path {
	case "/api/v3/integrations":
		_ = json.NewEncoder(w).Encode(map[string]any{"data": a.integrations})
	case "/api/v3/integrations/logs":
		_ = json.NewEncoder(w).Encode(map[string]any{"data": a.logs})
	default:
		http.NotFound(w, r)
	}
}

func (a *account) set(integrations, logs []map[string]any) {
	a.mu.Lock()
	defer a.mu.Unlock()
	a.integrations, a.logs = integrations, logs
}

// newAccountExporter is an exporter in front of a hand-made API.
func newAccountExporter(t *testing.T, cfg Config) (*account, *Exporter, func() string) {
	t.Helper()
	a := &account{}
	srv := httptest.NewServer(a)
	t.Cleanup(srv.Close)
	c, err := sclogs.NewClient(sclogs.WithBaseURL(srv.URL+"/api/v3"), sclogs.WithBasicAuth("pub-key-1", "the-secret-key"), sclogs.WithMaxRetries(0))
	if err != nil {
		t.Fatal(err)
	}
	cfg.Client = c
	e, err := New(cfg)
	if err != nil {
		t.Fatal(err)
	}
	web := httptest.NewServer(e.Handler())
	t.Cleanup(web.Close)
	scrape := func() string {
		t.Helper()
		resp, err := http.Get(web.URL + "/metrics")
		if err != nil {
			t.Fatal(err)
		}
		defer resp.Body.Close()
		var b strings.Builder
		buf := make([]byte, 32<<10)
		for {
			n, err := resp.Body.Read(buf)
			b.Write(buf[:n])
			if err != nil {
				break
			}
		}
		return b.String()
	}
	return a, e, scrape
}

func integ(id int, name, typ string, failing bool) map[string]any {
	m := map[string]any{"id": id, "shop_name": name, "type": typ}
	if failing {
		m["started_failing_at"] = "2026-12-07T09:00:00Z"
	}
	return m
}

func logOf(id, integration, code int) map[string]any {
	return map[string]any{"id": id, "integration_id": integration, "response_code": code, "created_at": "2026-12-07T09:30:00Z",
		"base_url": "https://shop.example"}
}

// At most MaxIntegrations integrations (the lowest ids) get series; the
// logs of the rest, of unknown integrations and without one count as
// "other"; an integration that leaves the account loses its series.
func TestIntegrationLabelsBounded(t *testing.T) {
	t.Parallel()
	a, e, scrape := newAccountExporter(t, Config{MaxIntegrations: 2})
	ctx := context.Background()
	a.set([]map[string]any{integ(30, "C", "api", false), integ(10, "A", "shopify", true), integ(20, "B", "api", false), integ(10, "dup", "x", false)}, nil)
	if err := e.pollOnce(ctx); err != nil {
		t.Fatal(err)
	}
	nolog := map[string]any{"id": 5, "response_code": 500, "base_url": "https://shop.example"}
	a.set([]map[string]any{integ(30, "C", "api", false), integ(10, "A", "shopify", true), integ(20, "B", "api", false)},
		[]map[string]any{logOf(1, 10, 401), logOf(2, 30, 401), logOf(3, 99, 404), logOf(4, 20, 500), nolog})
	if err := e.pollOnce(ctx); err != nil {
		t.Fatal(err)
	}
	mfs := families(t, scrape())
	for _, c := range []struct {
		id, cause string
		want      float64
	}{{"10", "auth", 1}, {"20", "server_error", 1}, {"other", "auth", 1}, {"other", "not_found", 1}, {"other", "server_error", 1}} {
		if v, ok := value(mfs, "sendcloud_integration_exception_logs_total", labelIntegration, c.id, labelCause, c.cause); !ok || v != c.want {
			t.Errorf("%s/%s: %v (%v), want %v", c.id, c.cause, v, ok, c.want)
		}
	}
	for _, name := range []string{"sendcloud_integration_failing", "sendcloud_integration_info", "sendcloud_integration_exception_logs_total"} {
		for _, m := range mfs[name].GetMetric() {
			for _, l := range m.GetLabel() {
				if l.GetName() == labelIntegration && (l.GetValue() == "30" || l.GetValue() == "99") {
					t.Errorf("%s has a series for integration %s, beyond the limit", name, l.GetValue())
				}
			}
		}
	}
	if v, _ := value(mfs, "sclogs_exporter_integrations_over_limit"); v != 1 {
		t.Errorf("over limit: %v, want 1", v)
	}
	if v, _ := value(mfs, "sendcloud_integration_failing", labelIntegration, "10"); v != 1 {
		t.Errorf("integration 10 failing: %v", v)
	}
	if v, _ := value(mfs, "sendcloud_integration_info", labelIntegration, "10", labelShop, "A", labelSystem, "shopify"); v != 1 {
		t.Errorf("integration 10's info (the first of two records with its id): %v", v)
	}
	// 10 leaves the account, 20 is renamed: 10's series go, 20's info is
	// replaced, 30 moves in under the limit.
	a.set([]map[string]any{integ(30, "C", "api", false), integ(20, "B2", "api", true)}, nil)
	if err := e.pollOnce(ctx); err != nil {
		t.Fatal(err)
	}
	text := scrape()
	mfs = families(t, text)
	if strings.Contains(text, `integration_id="10"`) {
		t.Errorf("integration 10 left but kept series:\n%s", text)
	}
	if n := len(mfs["sendcloud_integration_info"].GetMetric()); n != 2 {
		t.Errorf("%d info series, want 2 (one per integration)", n)
	}
	if v, _ := value(mfs, "sendcloud_integration_info", labelIntegration, "20", labelShop, "B2", labelSystem, "api"); v != 1 {
		t.Errorf("renamed integration 20:\n%s", text)
	}
	if _, ok := value(mfs, "sendcloud_integration_failing", labelIntegration, "30"); !ok {
		t.Error("integration 30 has no series under the limit")
	}
	if v, _ := value(mfs, "sendcloud_integration_exception_logs_total", labelIntegration, "20", labelCause, "server_error"); v != 1 {
		t.Errorf("integration 20 kept its count: %v, want 1", v)
	}
}

// Shop names and systems are label values only after sanitising: no
// control, format or invalid bytes, spaces squeezed, secrets redacted, at
// most 64 (32) characters; the exposition stays valid.
func TestShopNameLabels(t *testing.T) {
	t.Parallel()
	a, e, scrape := newAccountExporter(t, Config{})
	names := map[int]string{
		1: "Evil\x1b[31m Shop\r\n# HELP fake\n",
		2: "bidi \u202egnp.exe\u2066 zero\u200bwidth",
		3: strings.Repeat("é", 500),
		4: "quote\" back\\slash } {",
		5: "\xff\xfe broken utf8",
		6: "api_key=abcdef123456 Shop the-secret-key",
		7: "   ",
	}
	var list []map[string]any
	for id, n := range names {
		list = append(list, integ(id, n, "sys\ttem "+strings.Repeat("x", 100), false))
	}
	a.set(list, nil)
	if err := e.pollOnce(context.Background()); err != nil {
		t.Fatal(err)
	}
	text := scrape()
	promtool(t, text)
	mfs := families(t, text)
	got := map[string]string{}
	for _, m := range mfs["sendcloud_integration_info"].GetMetric() {
		var id, shop, system string
		for _, l := range m.GetLabel() {
			switch l.GetName() {
			case labelIntegration:
				id = l.GetValue()
			case labelShop:
				shop = l.GetValue()
			case labelSystem:
				system = l.GetValue()
			}
		}
		got[id] = shop
		for _, v := range []string{shop, system} {
			if !utf8.ValidString(v) || strings.ContainsFunc(v, output.Unsafe) || strings.Contains(v, "  ") {
				t.Errorf("integration %s: unsafe label value %q", id, v)
			}
		}
		if utf8.RuneCountInString(shop) > maxShopName || utf8.RuneCountInString(system) > maxSystem {
			t.Errorf("integration %s: labels too long: %q %q", id, shop, system)
		}
	}
	for id, want := range map[int]string{
		1: "Evil?[31m Shop??# HELP fake?",
		2: "bidi ?gnp.exe? zero?width",
		3: strings.Repeat("é", maxShopName-1) + "…",
		4: `quote" back\slash } {`,
		5: "?? broken utf8",
		6: "api_key=[REDACTED] Shop [REDACTED]",
		7: "",
	} {
		if got[strconv.Itoa(id)] != want {
			t.Errorf("integration %d: shop_name %q, want %q", id, got[strconv.Itoa(id)], want)
		}
	}
}
