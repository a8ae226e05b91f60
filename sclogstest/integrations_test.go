package sclogstest_test

import (
	"encoding/json"
	"net/http"
	"net/url"
	"reflect"
	"slices"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/sclogs/sclogs/gen"
	"github.com/sclogs/sclogs/sclogstest"
)

// logTimes returns the created_at of every log of integration id.
func logTimes(t *testing.T, s *sclogstest.Server, c *http.Client, id int) []time.Time {
	t.Helper()
	var out []time.Time
	for _, rec := range listAll(t, s, c, id, 100).records {
		at, err := time.Parse(time.RFC3339Nano, str(fields(t, rec), "created_at"))
		if err != nil {
			t.Fatal(err)
		}
		out = append(out, at)
	}
	return out
}

// checkFailing checks started_failing_at against the logs: it is the oldest
// log newer than the last successful fetch, or null when there is none.
func checkFailing(t *testing.T, s *sclogstest.Server, c *http.Client, in integrationDoc) {
	t.Helper()
	var want *time.Time
	for _, at := range logTimes(t, s, c, in.ID) {
		if in.LastFetchedAt == nil || at.After(*in.LastFetchedAt) {
			if want == nil || at.Before(*want) {
				want = &at
			}
		}
	}
	switch {
	case want == nil && in.StartedFailingAt != nil:
		t.Errorf("integration %d: started_failing_at %v, but no log since the last fetch %v", in.ID, in.StartedFailingAt, in.LastFetchedAt)
	case want != nil && (in.StartedFailingAt == nil || !in.StartedFailingAt.Equal(*want)):
		t.Errorf("integration %d: started_failing_at %v, want %v (oldest log after the last fetch %v)", in.ID, in.StartedFailingAt, want, in.LastFetchedAt)
	}
}

func TestSeededIntegrationsAreConsistentWithTheirLogs(t *testing.T) {
	t.Parallel()
	for _, seed := range []int64{1, 2, 3, 4} {
		s := newServer(t, sclogstest.WithSeed(seed))
		c := newClient(t)
		list := listIntegrations(t, s, c, "")
		if len(list) != 3 {
			t.Fatalf("seed %d: %d integrations, want 3", seed, len(list))
		}
		failing := 0
		for _, in := range list {
			if got := getIntegration(t, s, c, in.ID); !reflect.DeepEqual(got, in) {
				t.Errorf("seed %d: the list and GET /integrations/%d differ", seed, in.ID)
			}
			if in.ShopName == "" || strings.Contains(in.ShopName, "-") || in.ShopName[:1] != strings.ToUpper(in.ShopName[:1]) {
				t.Errorf("shop_name %q does not read like a shop's name", in.ShopName)
			}
			u, err := url.Parse(in.ShopURL)
			if err != nil || u.Scheme != "https" || u.Host == "" {
				t.Errorf("shop_url %q", in.ShopURL)
			}
			// The logs are about this shop.
			first := fields(t, decodePage(t, get(t, s, c, logsPath(in.ID, 1))).Data[0])
			if base := str(first, "base_url"); !strings.HasPrefix(in.ShopURL, strings.TrimSuffix(base, "/")) {
				t.Errorf("integration %d: shop_url %q, its logs' base_url %q", in.ID, in.ShopURL, base)
			}
			if !slices.Contains([]string{"shopify", "woocommerce", "magento_2", "lightspeed", "lightspeed_retail", "prestashop_v2"}, in.Type) {
				t.Errorf("type %q", in.Type)
			}
			if !in.UpdatedAt.After(in.CreatedAt) || in.LastFetchedAt == nil || !in.LastFetchedAt.After(in.CreatedAt) {
				t.Errorf("integration %d: created %v, updated %v, last fetched %v out of order", in.ID, in.CreatedAt, in.UpdatedAt, in.LastFetchedAt)
			}
			if in.WebhookActive != (in.WebhookURL != nil) || in.ServicePointEnabled && len(in.ServicePointCarriers) == 0 {
				t.Errorf("integration %d: webhook %v %v, service points %v %v", in.ID, in.WebhookActive, in.WebhookURL, in.ServicePointEnabled, in.ServicePointCarriers)
			}
			checkFailing(t, s, c, in)
			if in.StartedFailingAt != nil {
				failing++
			}
		}
		if failing == 0 || failing == len(list) {
			t.Errorf("seed %d: %d of %d integrations failing, want some of each", seed, failing, len(list))
		}
	}
}

func TestIntegrationsWithoutLogsAreNotFailing(t *testing.T) {
	t.Parallel()
	s := newServer(t, sclogstest.WithLogsPerIntegration(0))
	for _, in := range listIntegrations(t, s, newClient(t), "") {
		if in.StartedFailingAt != nil {
			t.Errorf("integration %d without logs: started_failing_at %v", in.ID, in.StartedFailingAt)
		}
	}
}

func TestListIntegrationsSort(t *testing.T) {
	t.Parallel()
	s := newServer(t)
	c := newClient(t)
	s.AddLogs(9) // never fetched, no logs: null last_fetched_at and started_failing_at
	ids := func(list []integrationDoc) []int {
		var out []int
		for _, in := range list {
			out = append(out, in.ID)
		}
		return out
	}
	for _, key := range []string{"integration_type", "created_at", "updated_at", "last_fetch", "failing_since"} {
		for _, desc := range []bool{false, true} {
			q := key
			if desc {
				q = "-" + key
			}
			list := listIntegrations(t, s, c, "?sort="+q)
			if len(list) != 4 {
				t.Fatalf("sort=%s: %d integrations", q, len(list))
			}
			sorted := slices.IsSortedFunc(list, func(a, b integrationDoc) int {
				c := compareBy(key, a, b)
				if desc {
					c = -c
				}
				return c
			})
			if !sorted {
				t.Errorf("sort=%s: order %v", q, ids(list))
			}
		}
	}
	// Nulls last ascending, first descending (as PostgreSQL orders them).
	if got := ids(listIntegrations(t, s, c, "?sort=last_fetch")); got[len(got)-1] != 9 {
		t.Errorf("sort=last_fetch: %v, want the never-fetched 9 last", got)
	}
	if got := ids(listIntegrations(t, s, c, "?sort=-last_fetch")); got[0] != 9 {
		t.Errorf("sort=-last_fetch: %v, want the never-fetched 9 first", got)
	}
	if got, want := ids(listIntegrations(t, s, c, "")), ids(listIntegrations(t, s, c, "?sort=last_fetch,created_at")); !slices.Equal(got, want) {
		t.Errorf("default order %v, want last_fetch then created_at %v", got, want)
	}
	for _, bad := range []string{"shop_name", "", "-", "created_at,"} {
		wantError(t, get(t, s, c, "/integrations?sort="+url.QueryEscape(bad)), http.StatusBadRequest, "invalid", "sort")
	}
}

// compareBy compares two integrations by a sort key, nulls last.
func compareBy(key string, a, b integrationDoc) int {
	nullable := func(x, y *time.Time) int {
		switch {
		case x == nil && y == nil:
			return 0
		case x == nil:
			return 1
		case y == nil:
			return -1
		}
		return x.Compare(*y)
	}
	switch key {
	case "integration_type":
		return strings.Compare(a.Type, b.Type)
	case "created_at":
		return a.CreatedAt.Compare(b.CreatedAt)
	case "updated_at":
		return a.UpdatedAt.Compare(b.UpdatedAt)
	case "last_fetch":
		return nullable(a.LastFetchedAt, b.LastFetchedAt)
	}
	return nullable(a.StartedFailingAt, b.StartedFailingAt)
}

func TestGetIntegrationErrors(t *testing.T) {
	t.Parallel()
	s := newServer(t)
	c := newClient(t)
	wantError(t, get(t, s, c, "/integrations/999"), http.StatusNotFound, "not_found", "")
	wantError(t, get(t, s, c, "/integrations/abc"), http.StatusBadRequest, "invalid", "id")
	req := newGet(t, s, "/integrations/1")
	req.SetBasicAuth(s.PublicKey(), "wrong")
	wantError(t, do(t, c, req), http.StatusUnauthorized, "authentication_failed", "")
}

func TestAllLogsMergesEveryIntegrationNewestFirst(t *testing.T) {
	t.Parallel()
	s := newServer(t, sclogstest.WithLogsPerIntegration(40))
	c := newClient(t)
	var want []string
	for _, id := range s.Integrations() {
		for _, rec := range listAll(t, s, c, id, 100).records {
			want = append(want, string(rec))
		}
	}
	slices.Sort(want)
	for _, size := range []int{0, 1, 7, 40, 100} {
		l := walkFrom(t, s, c, allLogsPath(size))
		var got []string
		var prev time.Time
		for i, rec := range l.records {
			got = append(got, string(rec))
			at, err := time.Parse(time.RFC3339Nano, str(fields(t, rec), "created_at"))
			if err != nil {
				t.Fatal(err)
			}
			if i > 0 && at.After(prev) {
				t.Fatalf("page size %d: record %d (%v) is newer than the one before (%v)", size, i, at, prev)
			}
			prev = at
		}
		for _, p := range l.pages[:len(l.pages)-1] {
			next := nextURL(t, p.header)
			if next.Path != "/api/v3/integrations/logs" || next.Query().Get("cursor") == "" {
				t.Errorf("page size %d: next link %v", size, next)
			}
			if size > 0 && next.Query().Get("page_size") != strconv.Itoa(size) {
				t.Errorf("page size %d: next link %v lost the page size", size, next)
			}
		}
		slices.Sort(got)
		if !slices.Equal(got, want) {
			t.Errorf("page size %d: %d records across all integrations, want the %d of the per-integration listings", size, len(got), len(want))
		}
	}
	wantError(t, get(t, s, c, "/integrations/logs?page_size=101"), http.StatusBadRequest, "invalid", "page_size")
	wantError(t, get(t, s, c, "/integrations/logs?cursor=soon"), http.StatusBadRequest, "invalid", "cursor")
}

// createExample is the spec's CreateIntegrationLog example body.
const createExample = `{"base_url":"https://example.com","full_url":"https://example.com/order-note.json","method":"POST",
"response_code":495,"response":{"headers":{"Cache-Control":"max-age=3600","Content-Type":"text/html; charset=utf-8","Connection":"keep-alive"},
"body":"<!doctype html>\n<html>\n <head>\n <title>SSL Certificate Error</title>\n </head>\n </html>\n"},
"request":{"headers":{"Cache-Control":"max-age=3600","Content-Type":"text/html; charset=utf-8","Connection":"keep-alive"},
"payload":{"order_note":{"note":"Success"}}},"created_at":"2030-03-01T02:02:00+01:00",
"exception_type":"requests.exceptions.SSLError","exception":"An SSL error occurred"}`

func TestCreateLogAppearsInBothListings(t *testing.T) {
	t.Parallel()
	now := time.Date(2031, 5, 6, 7, 8, 9, 123456789, time.UTC)
	s := newServer(t, sclogstest.WithClock(func() time.Time { return now }))
	c := newClient(t)
	if getIntegration(t, s, c, 3).StartedFailingAt != nil {
		t.Fatal("integration 3 should start out not failing")
	}
	r := do(t, c, newReq(t, s, http.MethodPost, logsPath(3, 0), createExample))
	if r.status != http.StatusCreated {
		t.Fatalf("status %d: %s", r.status, r.body)
	}
	var created struct{ Data json.RawMessage }
	if err := json.Unmarshal(r.body, &created); err != nil {
		t.Fatal(err)
	}
	m := fields(t, created.Data)
	var id, integ int
	_ = json.Unmarshal(m["id"], &id)
	_ = json.Unmarshal(m["integration_id"], &integ)
	if id != 3*100+1 || integ != 3 || str(m, "created_at") != "2030-03-01T02:02:00+01:00" ||
		string(m["protected"]) != "false" || string(m["additional_data"]) != `""` ||
		string(m["request"]) != `{"headers":{"Cache-Control":"max-age=3600","Content-Type":"text/html; charset=utf-8","Connection":"keep-alive"},"payload":{"order_note":{"note":"Success"}}}` {
		t.Errorf("created log %s", created.Data)
	}
	// Newest of integration 3 and of the account.
	if first := decodePage(t, get(t, s, c, logsPath(3, 1))).Data[0]; string(first) != string(created.Data) {
		t.Errorf("integration listing starts with %s", first)
	}
	if first := decodePage(t, get(t, s, c, allLogsPath(1))).Data[0]; string(first) != string(created.Data) {
		t.Errorf("account listing starts with %s", first)
	}
	// A log after the last successful fetch: the integration is failing now.
	in := getIntegration(t, s, c, 3)
	if in.StartedFailingAt == nil || !in.StartedFailingAt.Equal(time.Date(2030, 3, 1, 1, 2, 0, 0, time.UTC)) {
		t.Errorf("started_failing_at %v after a new log", in.StartedFailingAt)
	}
	checkFailing(t, s, c, in)

	// Without created_at, the server's time (microseconds, as Python).
	r = do(t, c, newReq(t, s, http.MethodPost, logsPath(1, 0), `{"base_url":"https://shop.example","method":null}`))
	if r.status != http.StatusCreated {
		t.Fatalf("status %d: %s", r.status, r.body)
	}
	_ = json.Unmarshal(r.body, &created)
	m = fields(t, created.Data)
	if str(m, "created_at") != "2031-05-06T07:08:09.123456+00:00" || str(m, "method") != "" || !isNull(m["response"]) || !isNull(m["full_url"]) {
		t.Errorf("minimal created log %s", created.Data)
	}
	if n := len(walkFrom(t, s, c, allLogsPath(100)).records); n != 302 {
		t.Errorf("account listing has %d logs after two creates, want 302", n)
	}
}

func TestCreateLogErrors(t *testing.T) {
	t.Parallel()
	s := newServer(t)
	c := newClient(t)
	post := func(id int, body string) result {
		return do(t, c, newReq(t, s, http.MethodPost, logsPath(id, 0), body))
	}
	pointer := func(r result) string {
		src, _ := apiErrors(t, r)[0]["source"].(map[string]any)
		p, _ := src["pointer"].(string)
		return p
	}
	for _, tc := range []struct {
		body, code, pointer string
	}{
		{`{"base_url":"https://a","unknown_field":1}`, "unknown_field", "body/unknown_field"},
		{`{"base_url":"https://a","protected":true}`, "unknown_field", "body/protected"},
		{`{"full_url":"https://a/x"}`, "required", "body/base_url"},
		{`{"base_url":""}`, "invalid", "body/base_url"},
		{`{"base_url":5}`, "invalid", "body/base_url"},
		{`{"base_url":"https://a","response_code":-1}`, "invalid", "body/response_code"},
		{`{"base_url":"https://a","response_code":4.5}`, "invalid", "body/response_code"},
		{`{"base_url":"https://a","response":{"body":5}}`, "invalid", "body/response/body"},
		{`{"base_url":"https://a","request":{"headers":true}}`, "invalid", "body/request/headers"},
		{`{"base_url":"https://a","request":"GET /"}`, "invalid", "body/request"},
		{`{"base_url":"https://a","created_at":"yesterday"}`, "invalid", "body/created_at"},
		{`[{"base_url":"https://a"}]`, "invalid", ""},
		{`{"base_url":"https://a"} {}`, "invalid", ""},
		{`null`, "invalid", ""},
	} {
		r := post(1, tc.body)
		wantError(t, r, http.StatusBadRequest, tc.code, "")
		if got := pointer(r); got != tc.pointer {
			t.Errorf("%s: pointer %q, want %q", tc.body, got, tc.pointer)
		}
	}
	wantError(t, post(999, `{"base_url":"https://a"}`), http.StatusNotFound, "not_found", "")
	noType := newReq(t, s, http.MethodPost, logsPath(1, 0), `{"base_url":"https://a"}`)
	noType.Header.Set("Content-Type", "text/plain")
	wantError(t, do(t, c, noType), http.StatusUnsupportedMediaType, "invalid", "")
	big := `{"base_url":"https://a","exception":"` + strings.Repeat("x", sclogstest.MaxRequestBody) + `"}`
	wantError(t, post(1, big), http.StatusRequestEntityTooLarge, "invalid", "")
	noAuth := newReq(t, s, http.MethodPost, logsPath(1, 0), `{"base_url":"https://a"}`)
	noAuth.Header.Del("Authorization")
	wantError(t, do(t, c, noAuth), http.StatusUnauthorized, "authentication_failed", "")
	// None of them created anything.
	if n := len(listAll(t, s, c, 1, 100).records); n != sclogstest.DefaultLogsPerIntegration {
		t.Errorf("integration 1 has %d logs after rejected creates", n)
	}
}

func TestUpdateIntegration(t *testing.T) {
	t.Parallel()
	now := time.Date(2031, 1, 2, 3, 4, 5, 0, time.UTC)
	s := newServer(t, sclogstest.WithClock(func() time.Time { return now }))
	c := newClient(t)
	patch := func(id int, body string) result {
		return do(t, c, newReq(t, s, http.MethodPatch, "/integrations/"+strconv.Itoa(id), body))
	}
	before := getIntegration(t, s, c, 2)
	for _, body := range []string{ // the spec's four examples
		`{"shop_name":"My Webshop"}`,
		`{"service_point_enabled":true,"service_point_carriers":["ups","dhl"]}`,
		`{"webhook_active":true,"webhook_url":"https://mywebshop.com/feedback"}`,
		`{"feedback_type":"none"}`,
	} {
		if r := patch(2, body); r.status != http.StatusNoContent || len(r.body) != 0 {
			t.Fatalf("%s: status %d %s", body, r.status, r.body)
		}
	}
	after := getIntegration(t, s, c, 2)
	want := before
	want.ShopName, want.ServicePointEnabled, want.ServicePointCarriers = "My Webshop", true, []string{"ups", "dhl"}
	want.WebhookActive, want.WebhookURL, want.FeedbackType = true, &[]string{"https://mywebshop.com/feedback"}[0], "none"
	want.UpdatedAt = now
	if after.ShopName != want.ShopName || !slices.Equal(after.ServicePointCarriers, want.ServicePointCarriers) ||
		!after.ServicePointEnabled || !after.WebhookActive || *after.WebhookURL != *want.WebhookURL ||
		after.FeedbackType != "none" || !after.UpdatedAt.Equal(now) || after.ShopURL != before.ShopURL || !after.CreatedAt.Equal(before.CreatedAt) {
		t.Errorf("after the PATCHes: %+v", after)
	}

	for _, tc := range []struct{ body, pointer string }{
		{`{"webhook_url":null}`, "body/webhook_url"}, // webhook_active stays true: URL required
		{`{"webhook_active":true,"webhook_url":"not a url"}`, "body/webhook_url"},
		{`{"feedback_type":"sometimes"}`, "body/feedback_type"},
		{`{"shop_name":""}`, "body/shop_name"},
		{`{"shop_name":"` + strings.Repeat("n", 251) + `"}`, "body/shop_name"},
		{`{"service_point_carriers":[]}`, "body/service_point_carriers"}, // enabled needs one
		{`{"service_point_enabled":"yes"}`, "body/service_point_enabled"},
		{`{"shop_name":"Renamed","feedback_type":"never"}`, "body/feedback_type"}, // all or nothing
	} {
		r := patch(2, tc.body)
		wantError(t, r, http.StatusBadRequest, "invalid", "")
		src, _ := apiErrors(t, r)[0]["source"].(map[string]any)
		if src["pointer"] != tc.pointer {
			t.Errorf("%s: source %v, want pointer %q", tc.body, src, tc.pointer)
		}
	}
	if got := getIntegration(t, s, c, 2); got.ShopName != "My Webshop" || got.FeedbackType != "none" {
		t.Errorf("a rejected PATCH changed the integration: %+v", got)
	}
	wantError(t, patch(999, `{"shop_name":"x"}`), http.StatusNotFound, "not_found", "")
}

func TestDeleteIntegration(t *testing.T) {
	t.Parallel()
	s := newServer(t)
	c := newClient(t)
	del := func(id int) result {
		return do(t, c, newReq(t, s, http.MethodDelete, "/integrations/"+strconv.Itoa(id), ""))
	}
	if r := del(2); r.status != http.StatusNoContent || len(r.body) != 0 {
		t.Fatalf("DELETE: status %d %s", r.status, r.body)
	}
	wantError(t, del(2), http.StatusNotFound, "not_found", "")
	wantError(t, get(t, s, c, "/integrations/2"), http.StatusNotFound, "not_found", "")
	wantError(t, get(t, s, c, logsPath(2, 0)), http.StatusNotFound, "not_found", "")
	if got := s.Integrations(); !slices.Equal(got, []int{1, 3}) {
		t.Errorf("integrations after delete: %v", got)
	}
	if n := len(listIntegrations(t, s, c, "")); n != 2 {
		t.Errorf("list has %d integrations after delete", n)
	}
	for _, rec := range walkFrom(t, s, c, allLogsPath(100)).records {
		if strings.Contains(str(fields(t, rec), "base_url"), "woocommerce") || string(fields(t, rec)["integration_id"]) == "2" {
			t.Fatalf("account listing still has integration 2's log %s", rec)
		}
	}
	withBody := newReq(t, s, http.MethodDelete, "/integrations/1", `{}`)
	wantError(t, do(t, c, withBody), http.StatusForbidden, "forbidden", "")
}

func TestFaultsApplyToEveryOperation(t *testing.T) {
	t.Parallel()
	s := newServer(t)
	c := newClient(t)
	s.Fail(sclogstest.Fault{Status: 503, RetryAfter: "1"}, sclogstest.Fault{Status: 429}, sclogstest.Fault{Status: 500})
	for _, req := range []*http.Request{
		newGet(t, s, "/integrations"),
		newGet(t, s, "/integrations/logs"),
		newReq(t, s, http.MethodPost, logsPath(1, 0), `{"base_url":"https://a"}`),
	} {
		if r := do(t, c, req); r.status < 429 {
			t.Errorf("%s %s: status %d, want the queued fault", req.Method, req.URL.Path, r.status)
		}
	}
	if n := len(listAll(t, s, c, 1, 100).records); n != sclogstest.DefaultLogsPerIntegration {
		t.Errorf("a faulted POST created a log: %d logs", n)
	}
}

// Across integrations, logs share created_at values now and then (the
// fake's seeded account of 3 × 66,666 logs has such runs at page
// boundaries); a page must not end inside such a run, or the account-wide
// walk would skip the run's rest, since the cursor is a created_at.
func TestAllLogsLosesNoRecordAtTiesAcrossIntegrations(t *testing.T) {
	t.Parallel()
	s := newServer(t, sclogstest.WithoutSeedData())
	same := at("2025-03-01T00:00:00+01:00")
	s.AddLogs(1, gen.IntegrationLog{BaseURL: "https://a.example", CreatedAt: at("2025-03-03T00:00:00+01:00")},
		gen.IntegrationLog{BaseURL: "https://a.example", CreatedAt: same})
	s.AddLogs(2, gen.IntegrationLog{BaseURL: "https://b.example", CreatedAt: same},
		gen.IntegrationLog{BaseURL: "https://b.example", CreatedAt: at("2025-02-01T00:00:00+01:00")})
	for _, size := range []int{2, 3, 4} {
		if l := walkFrom(t, s, newClient(t), allLogsPath(size)); len(l.records) != 4 {
			t.Errorf("page size %d: %d records across the account, want 4", size, len(l.records))
		}
	}
}
