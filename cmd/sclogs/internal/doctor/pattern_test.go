package doctor

import (
	"strings"
	"testing"
	"time"
)

// Path segments that are secrets become the placeholder in the pattern and
// the example; ids, slugs, UUIDs, SKUs and API versions do not.
func TestSecretSegments(t *testing.T) {
	t.Parallel()
	secrets := []string{
		"a1B2c3D4e5F6g7H8i9J0kLmN", "Xk9pQ2vR7tY4wZ1mN8bC3dF6", "dGhpc0lzQVNlY3JldFRva2VuMTIz",
		"k3j4h5g6f7d8s9a0q1w2e3r4t5y6", "AbC-dEf_12g-HiJ34kLm_NoP5qR", "q8Zr2Tn5Vx7Lp3Hd9Wc1Mk4s",
		"sk9Fh2Lq%2Bz8Wd3Pm%2F7Yt4Rb%3D",
	}
	plain := []string{
		"12345", "450789469", "0f8fad5b-d9cb-469f-a165-70867728950e", "5f2b6c9e8d7a6b5c4d3e2f1a",
		"nike-air-max-90-black-white", "Nike-Air-Max-90-Black-White", "ProductVariantCollection2024",
		"iPhone15ProMaxBlue256GB", "TSHIRT-BLU-XL-2024", "SKU-ABC-12345-XYZ-67890", "summer-sale-2024-t-shirt",
		"2024-01", "wp-json", "orders.json", "V1", "searchCriteria", "da39a3ee5e6b4b0d3255bfef95601890afd80709",
		"gift-card-balance-check-v2", "MB01-24-Black-Medium-Size", "2025-11-24T12%3A41%3A23", "product_variant_2024_v12",
		"woocommerce_rest_cannot_view", "ABCDEFGHIJKLMNOPQRSTUVWX1", "o_1234567890_abcdefghij",
	}
	for _, s := range secrets {
		if !secretSegment(s) {
			t.Errorf("%q: not seen as a secret segment", s)
		}
		_, p := where("https://shop.example.com/api/" + s + "/orders.json")
		if p != "/api/[REDACTED]/orders.json" {
			t.Errorf("%q: pattern %q", s, p)
		}
		if ex := example("https://shop.example.com/api/" + s + "/orders.json?x=" + s); ex != "https://shop.example.com/api/[REDACTED]/orders.json?x="+s {
			t.Errorf("%q: example %q", s, ex)
		}
	}
	for _, s := range plain {
		if secretSegment(s) {
			t.Errorf("%q: taken for a secret", s)
		}
		if ex := example("https://shop.example.com/p/" + s); ex != "https://shop.example.com/p/"+s {
			t.Errorf("%q: example %q", s, ex)
		}
	}
}

// Path parameters (;jsessionid=…, per session) and redacted segments do
// not split one cause into one per session; the userinfo is no part of it.
func TestOneCausePerPlace(t *testing.T) {
	t.Parallel()
	at := time.Date(2024, 3, 1, 2, 2, 0, 0, time.UTC)
	r := New()
	for _, u := range []string{
		"https://shop.example.com/shop;jsessionid=0A1B2C3D4E5F/orders/12.json?x=1",
		"https://shop.example.com/shop;jsessionid=9F8E7D6C5B4A/orders/13.json",
		"https://admin:hunter2@shop.example.com/shop;jsessionid=AAAAAAAA/orders/14.json",
		"https://shop.example.com/shop;JSESSIONID=;v=2/orders/15.json",
	} {
		r.Add(redacted(t, rec("requests.exceptions.HTTPError", 500, u, at)))
	}
	r.Add(redacted(t, rec("requests.exceptions.HTTPError", 500, "https://shop.example.myshopify.com/admin/shpat_0123456789abcdef0123456789abcdef/orders.json", at)))
	r.Add(redacted(t, rec("requests.exceptions.HTTPError", 500, "https://shop.example.myshopify.com/admin/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/orders.json", at)))
	groups := r.Groups()
	if len(groups) != 3 {
		t.Fatalf("%d groups: %+v", len(groups), groups)
	}
	want := map[string]bool{
		"/shop;jsessionid=[REDACTED]/orders/{id}.json":              true,
		"/shop;JSESSIONID=[REDACTED];v=[REDACTED]/orders/{id}.json": true,
		"/admin/[REDACTED]/orders.json":                             true,
	}
	for _, g := range groups {
		if !want[g.PathPattern] {
			t.Errorf("pattern %q (cause %q)", g.PathPattern, g.Cause)
		}
		for _, s := range []string{"0A1B2C", "9F8E7D", "hunter2", "AAAAAAAA", "0123456789abcdef", "fedcba98"} {
			if strings.Contains(g.Cause+g.PathPattern+g.ExampleURL+g.Host, s) {
				t.Errorf("%q shown in %+v", s, g)
			}
		}
	}
}

// A secret in the host (a token as a subdomain) or the userinfo is no
// part of the cause either.
func TestWhereRedactedHost(t *testing.T) {
	t.Parallel()
	for in, want := range map[string][2]string{
		"https://[REDACTED].myshopify.com/admin/orders/5.json": {"[REDACTED].myshopify.com", "/admin/orders/{id}.json"},
		"https://u:[REDACTED]@Shop.Example/x":                  {"shop.example", "/x"},
		"https://[REDACTED]@shop.example/api/":                 {"shop.example", "/api/"},
		"//[REDACTED]:[REDACTED]@shop.example/a;b=[REDACTED]":  {"shop.example", "/a;b=[REDACTED]"},
	} {
		if h, p := where(in); h != want[0] || p != want[1] {
			t.Errorf("where(%q) = %q, %q; want %q", in, h, p, want)
		}
	}
}
