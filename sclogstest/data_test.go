package sclogstest_test

import (
	"bytes"
	"encoding/json"
	"io"
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/sclogs/sclogs/gen"
	"github.com/sclogs/sclogs/sclogstest"
)

// allRecords lists integrations 1, 2 and 3 of a server.
func allRecords(t *testing.T, s *sclogstest.Server) []json.RawMessage {
	t.Helper()
	c := newClient(t)
	var out []json.RawMessage
	for _, id := range []int{1, 2, 3} {
		out = append(out, listAll(t, s, c, id, 100).records...)
	}
	return out
}

func TestSameSeedSameBytes(t *testing.T) {
	t.Parallel()
	sa := newServer(t, sclogstest.WithSeed(42))
	a := allRecords(t, sa)
	again := allRecords(t, sa) // from the cache this time
	b := allRecords(t, newServer(t, sclogstest.WithSeed(42)))
	other := allRecords(t, newServer(t, sclogstest.WithSeed(43)))
	if len(a) != 300 || len(b) != 300 {
		t.Fatalf("got %d and %d records, want 300", len(a), len(b))
	}
	joined := func(rs []json.RawMessage) []byte {
		var b bytes.Buffer
		for _, r := range rs {
			b.Write(r)
			b.WriteByte('\n')
		}
		return b.Bytes()
	}
	if !bytes.Equal(joined(a), joined(again)) {
		t.Error("the same server served different records the second time")
	}
	if !bytes.Equal(joined(a), joined(b)) {
		t.Error("same seed, different records")
	}
	if bytes.Equal(joined(a), joined(other)) {
		t.Error("different seeds, same records")
	}
}

func TestDefaultServerHasThreeIntegrationsOf100(t *testing.T) {
	t.Parallel()
	s := newServer(t)
	if got := s.Integrations(); len(got) != 3 || got[0] != 1 || got[1] != 2 || got[2] != 3 {
		t.Fatalf("Integrations() = %v, want [1 2 3]", got)
	}
	c := newClient(t)
	for _, id := range s.Integrations() {
		if n := len(listAll(t, s, c, id, 100).records); n != sclogstest.DefaultLogsPerIntegration {
			t.Errorf("integration %d: %d logs, want %d", id, n, sclogstest.DefaultLogsPerIntegration)
		}
	}
}

// TestRecordsDecodeAndAreOrdered: every record reads into gen.IntegrationLog,
// ids are unique, created_at strictly decreases within an integration.
func TestRecordsDecodeAndAreOrdered(t *testing.T) {
	t.Parallel()
	s := newServer(t, sclogstest.WithSeed(7))
	c := newClient(t)
	ids := map[int]bool{}
	for _, integ := range s.Integrations() {
		var prev time.Time
		for i, raw := range listAll(t, s, c, integ, 100).records {
			var l gen.IntegrationLog
			if err := json.Unmarshal(raw, &l); err != nil {
				t.Fatalf("record %d does not decode into gen.IntegrationLog: %v", i, err)
			}
			if l.ID == nil || l.CreatedAt == nil || l.BaseURL == "" {
				t.Fatalf("record %d lacks id, created_at or base_url: %s", i, raw)
			}
			if ids[*l.ID] {
				t.Errorf("id %d served twice", *l.ID)
			}
			ids[*l.ID] = true
			if l.IntegrationID != nil && *l.IntegrationID != integ {
				t.Errorf("record %d of integration %d says integration_id %d", i, integ, *l.IntegrationID)
			}
			if i > 0 && !l.CreatedAt.Before(prev) {
				t.Errorf("integration %d record %d: created_at %v not before %v", integ, i, *l.CreatedAt, prev)
			}
			prev = *l.CreatedAt
		}
	}
}

// features returns what the records of one server show, for
// TestMixIsRealistic.
func features(t *testing.T, recs []json.RawMessage) map[string]bool {
	t.Helper()
	seen := map[string]bool{}
	mark := func(cond bool, what string) {
		if cond {
			seen[what] = true
		}
	}
	for _, raw := range recs {
		m := fields(t, raw)
		typ := str(m, "exception_type")
		seen["type "+typ] = true
		if typ == "requests.exceptions.HTTPError" {
			seen["HTTPError "+string(m["response_code"])] = true
		}
		mark(typ == "requests.exceptions.SSLError" && string(m["response_code"]) == "495", "SSLError 495")
		base, full := str(m, "base_url"), str(m, "full_url")
		mark(strings.Contains(base, ".myshopify.com"), "shopify")
		mark(strings.Contains(full, "/wp-json/wc/"), "woocommerce")
		mark(strings.Contains(full, "/rest/V1/") || strings.Contains(full, "/rest/default/V1/"), "magento")
		mark(strings.Contains(base, "webshopapp.com") || strings.Contains(base, "lightspeedapp.com"), "lightspeed")
		mark(strings.Contains(full, "access_token="), "access_token in full_url")
		mark(strings.Contains(full, "consumer_secret="), "consumer_secret in full_url")
		created := str(m, "created_at")
		mark(strings.HasSuffix(created, "+01:00"), "+01:00")
		mark(strings.HasSuffix(created, "+02:00"), "+02:00")
		mark(strings.Contains(created, "."), "fractional seconds")
		if isNull(m["additional_data"]) || m["additional_data"] == nil {
			t.Errorf("additional_data null or absent: %s", raw)
		}
		if base == "" {
			t.Errorf("base_url empty or null: %s", raw)
		}
		for _, k := range []string{"integration_id", "full_url", "response_code", "response", "request", "exception_type", "exception"} {
			if m[k] == nil {
				t.Errorf("%s absent (should be null or a value): %s", k, raw)
			}
			mark(isNull(m[k]), k+" null")
		}
		if !isNull(m["response"]) {
			r := fields(t, m["response"])
			mark(isNull(r["headers"]), "response.headers null")
			mark(isNull(r["body"]), "response.body null")
			mark(bytes.HasPrefix(r["body"], []byte(`"`)), "response.body string")
			mark(bytes.HasPrefix(r["body"], []byte(`{`)), "response.body object")
			mark(bytes.Contains(r["headers"], []byte(`"Set-Cookie"`)), "Set-Cookie")
		}
		if !isNull(m["request"]) {
			r := fields(t, m["request"])
			h := string(r["headers"])
			mark(isNull(r["headers"]), "request.headers null")
			mark(strings.HasPrefix(h, `"`), "request.headers string")
			mark(strings.Contains(h, `"Authorization":"Basic `), "Authorization Basic")
			mark(strings.Contains(h, `"Authorization":"Bearer `), "Authorization Bearer")
			mark(strings.Contains(h, `"X-Shopify-Access-Token":"shpat_`), "X-Shopify-Access-Token")
			mark(strings.Contains(h, `"Cookie":"PHPSESSID=`), "Cookie")
			mark(isNull(r["payload"]), "request.payload null")
			mark(bytes.HasPrefix(r["payload"], []byte(`"`)), "request.payload string")
			mark(bytes.HasPrefix(r["payload"], []byte(`{`)), "request.payload object")
		}
		mark(string(m["protected"]) == "true", "protected")
		mark(bytes.HasPrefix(m["additional_data"], []byte(`{`)), "additional_data object")
	}
	return seen
}

// TestMixIsRealistic checks the seeded data gives a client every case the
// issue lists: each seed every failure, null and form; the platforms and
// their ways of sending credentials over seeds 1 to 4, as each integration
// is one shop and a seed holds three.
func TestMixIsRealistic(t *testing.T) {
	t.Parallel()
	perSeed := []string{
		"type requests.exceptions.SSLError", "SSLError 495", "type requests.exceptions.ConnectionError",
		"type requests.exceptions.ConnectTimeout", "type requests.exceptions.ReadTimeout",
		"type requests.exceptions.TooManyRedirects", "type requests.exceptions.HTTPError",
		"HTTPError 401", "HTTPError 403", "HTTPError 404", "HTTPError 429", "HTTPError 500", "HTTPError 502",
		"Set-Cookie", "+01:00", "+02:00", "fractional seconds", "protected", "additional_data object",
		"integration_id null", "full_url null", "response_code null", "response null", "request null",
		"exception_type null", "exception null", "response.headers null", "response.body null",
		"response.body string", "response.body object", "request.headers null", "request.headers string",
		"request.payload null", "request.payload string", "request.payload object",
	}
	overSeeds := []string{
		"shopify", "woocommerce", "magento", "lightspeed",
		"access_token in full_url", "consumer_secret in full_url",
		"Authorization Basic", "Authorization Bearer", "X-Shopify-Access-Token", "Cookie",
	}
	union := map[string]bool{}
	for _, seed := range []int64{sclogstest.DefaultSeed, 2, 3, 4, 99} {
		seen := features(t, allRecords(t, newServer(t, sclogstest.WithSeed(seed))))
		for _, w := range perSeed {
			if !seen[w] {
				t.Errorf("seed %d: no record with %s", seed, w)
			}
		}
		if seen["shopify"] && seen["woocommerce"] && seen["magento"] && seen["lightspeed"] {
			t.Errorf("seed %d: three integrations hold all four platforms: shops are mixed", seed)
		}
		if seed <= 4 {
			for w := range seen {
				union[w] = true
			}
		}
	}
	for _, w := range overSeeds {
		if !union[w] {
			t.Errorf("seeds 1 to 4: no record with %s", w)
		}
	}
}

// TestLargeListingsAreLazy asks for the first page and a page deep inside a
// million logs per integration: that only works if records are made on
// demand.
func TestLargeListingsAreLazy(t *testing.T) {
	t.Parallel()
	s := newServer(t, sclogstest.WithLogsPerIntegration(1_000_000))
	c := newClient(t)
	first := decodePage(t, get(t, s, c, logsPath(2, 100)))
	if len(first.Data) != 100 {
		t.Fatalf("first page has %d records", len(first.Data))
	}
	// Ten years back is far inside the listing (records are minutes apart).
	// The most logs allowed still have sane, ordered dates: the oldest are
	// from the 1830s, nothing is older than 1700.
	most := newServer(t, sclogstest.WithLogsPerIntegration(sclogstest.MaxLogsPerIntegration))
	old := decodePage(t, get(t, most, c, logsPath(1, 100)+"&cursor=1900-01-01T00%3A00%3A00%2B01%3A00"))
	if len(old.Data) != 100 {
		t.Fatalf("%d records before 1900 of %d logs", len(old.Data), sclogstest.MaxLogsPerIntegration)
	}
	for _, raw := range old.Data {
		created, err := time.Parse(time.RFC3339, str(fields(t, raw), "created_at"))
		if err != nil || created.Year() < 1800 || !created.Before(time.Date(1899, 12, 31, 23, 0, 0, 0, time.UTC)) {
			t.Fatalf("record before 1900 dated %s (%v)", str(fields(t, raw), "created_at"), err)
		}
	}
	if p := decodePage(t, get(t, most, c, logsPath(1, 100)+"&cursor=1700-01-01T00%3A00%3A00%2B01%3A00")); len(p.Data) != 0 {
		t.Errorf("%d records before 1700", len(p.Data))
	}
	deep := decodePage(t, get(t, s, c, logsPath(2, 100)+"&cursor=2015-06-01T12%3A00%3A00%2B02%3A00"))
	if len(deep.Data) != 100 {
		t.Fatalf("deep page has %d records", len(deep.Data))
	}
	var l gen.IntegrationLog
	if err := json.Unmarshal(deep.Data[0], &l); err != nil {
		t.Fatal(err)
	}
	limit := time.Date(2015, 6, 1, 10, 0, 0, 0, time.UTC)
	if !l.CreatedAt.Before(limit) || l.CreatedAt.Before(limit.Add(-time.Hour)) {
		t.Errorf("first record after the cursor is from %v, want just before %v", l.CreatedAt, limit)
	}
}

func TestWithLogsPerIntegrationZeroGivesEmptyIntegrations(t *testing.T) {
	t.Parallel()
	s := newServer(t, sclogstest.WithLogsPerIntegration(0))
	r := get(t, s, newClient(t), logsPath(1, 0))
	if p := decodePage(t, r); len(p.Data) != 0 || r.header.Get("Link") != "" {
		t.Errorf("got %d records, Link %q; want none", len(p.Data), r.header.Get("Link"))
	}
}

// BenchmarkPage100 serves 100-record pages from 20,000 logs per integration.
func BenchmarkPage100(b *testing.B) {
	s, err := sclogstest.Start(sclogstest.WithLogsPerIntegration(20000))
	if err != nil {
		b.Fatal(err)
	}
	defer s.Close()
	tr := &http.Transport{}
	defer tr.CloseIdleConnections()
	c := &http.Client{Transport: tr}
	for b.Loop() {
		req := newGet(b, s, logsPath(1, 100)+"&cursor=2025-10-01T00%3A00%3A00%2B02%3A00")
		resp, err := c.Do(req)
		if err != nil {
			b.Fatal(err)
		}
		n, _ := io.Copy(io.Discard, resp.Body)
		_ = resp.Body.Close()
		b.SetBytes(n)
	}
}
