package sclogstest_test

import (
	"net/url"
	"regexp"
	"slices"
	"strings"
	"testing"

	"github.com/sclogs/sclogs/sclogstest"
)

// platformOfRecord tells a record's shop platform from its URLs, "" when it
// cannot.
func platformOfRecord(base, full string) string {
	switch {
	case strings.Contains(base, ".myshopify.com"):
		return "shopify"
	case strings.Contains(base, "api.webshopapp.com") || strings.Contains(base, "api.lightspeedapp.com"):
		return "lightspeed"
	case strings.Contains(full, "/wp-json/wc/"):
		return "woocommerce"
	case strings.Contains(full, "/rest/V1/") || strings.Contains(full, "/rest/default/V1/"):
		return "magento"
	case strings.Contains(full, "/api/order"):
		return "prestashop"
	}
	return ""
}

// TestPlatformsRotateWithSeed checks what the docs promise: DefaultSeed gives
// integrations 1, 2, 3 Shopify, WooCommerce and Magento, the next seeds
// rotate, and every record of an integration is of its platform.
func TestPlatformsRotateWithSeed(t *testing.T) {
	t.Parallel()
	want := map[int64][]string{
		sclogstest.DefaultSeed: {"shopify", "woocommerce", "magento"},
		2:                      {"woocommerce", "magento", "lightspeed"},
		3:                      {"magento", "lightspeed", "prestashop"},
		4:                      {"lightspeed", "prestashop", "shopify"},
		5:                      {"prestashop", "shopify", "woocommerce"},
		6:                      {"shopify", "woocommerce", "magento"},
	}
	c := newClient(t)
	for seed, platforms := range want {
		s := newServer(t, sclogstest.WithSeed(seed))
		for i, id := range s.Integrations() {
			seen := map[string]int{}
			for _, raw := range listAll(t, s, c, id, 100).records {
				m := fields(t, raw)
				if p := platformOfRecord(str(m, "base_url"), str(m, "full_url")); p != "" { // "": full_url null
					seen[p]++
				}
			}
			if len(seen) != 1 || seen[platforms[i]] == 0 {
				t.Errorf("seed %d integration %d: platforms %v, want only %s", seed, id, seen, platforms[i])
			}
		}
	}
}

var (
	// credential finds a shop credential or session cookie, in headers as
	// an object or as a Python dict's repr, in URLs and in cookies.
	credential = []*regexp.Regexp{
		regexp.MustCompile(`["'](X-Shopify-Access-Token|Authorization|Cookie)["']: ?["']([^"']+)`),
		regexp.MustCompile(`[?&](consumer_key|consumer_secret|access_token)=([^&"'\\\s)]+)`),
		regexp.MustCompile(`\b(_shopify_s|PHPSESSID|ls_session|session|form_key)=([0-9a-f]+)`),
	}
	// poolHost is the host in a urllib3 exception message.
	poolHost = regexp.MustCompile(`HTTPSConnectionPool\(host='([^']*)'`)
)

// TestIntegrationIsOneShop: within an integration every record has the same
// base_url, full_url on the same host, the same host in exception messages
// and the same value for each credential; integrations of a server are
// different shops.
func TestIntegrationIsOneShop(t *testing.T) {
	t.Parallel()
	c := newClient(t)
	for _, seed := range []int64{sclogstest.DefaultSeed, 2, 3, 4, 5} {
		s := newServer(t, sclogstest.WithSeed(seed))
		var bases []string
		for _, id := range s.Integrations() {
			recs := listAll(t, s, c, id, 100).records
			base := str(fields(t, recs[0]), "base_url")
			bu, err := url.Parse(base)
			if err != nil || bu.Host == "" {
				t.Fatalf("seed %d integration %d: base_url %q", seed, id, base)
			}
			bases = append(bases, base)
			creds := map[string][]string{} // credential name: its values
			for i, raw := range recs {
				m := fields(t, raw)
				if got := str(m, "base_url"); got != base {
					t.Errorf("seed %d integration %d record %d: base_url %q, record 0 has %q", seed, id, i, got, base)
				}
				if !isNull(m["full_url"]) {
					if u, err := url.Parse(str(m, "full_url")); err != nil || u.Host != bu.Host {
						t.Errorf("seed %d integration %d record %d: full_url %q not on %s", seed, id, i, str(m, "full_url"), bu.Host)
					}
				}
				if h := poolHost.FindStringSubmatch(str(m, "exception")); h != nil && h[1] != bu.Host {
					t.Errorf("seed %d integration %d record %d: exception names host %s, want %s", seed, id, i, h[1], bu.Host)
				}
				for _, re := range credential {
					for _, f := range re.FindAllStringSubmatch(string(raw), -1) {
						name, v := f[1], f[2]
						if strings.Trim(v, "*") != "" && !slices.Contains(creds[name], v) { // "********": masked in a protected record
							creds[name] = append(creds[name], v)
						}
					}
				}
			}
			if len(creds) == 0 {
				t.Errorf("seed %d integration %d: no credential in any record", seed, id)
			}
			for name, vals := range creds {
				if len(vals) != 1 {
					t.Errorf("seed %d integration %d: %d values of %s, want one: %q…", seed, id, len(vals), name, vals[:min(3, len(vals))])
				}
			}
		}
		slices.Sort(bases)
		if len(slices.Compact(bases)) != len(s.Integrations()) {
			t.Errorf("seed %d: integrations share a shop: %v", seed, bases)
		}
	}
}
