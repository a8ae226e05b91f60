package doctor

import "testing"

// Every row of the hints table, by exception type and by status, and the
// precedence between them.
func TestHintFor(t *testing.T) {
	cases := []struct {
		typ    string
		status int
		want   string
	}{
		{"requests.exceptions.SSLError", 0, "ssl"},
		{"requests.exceptions.SSLError", 495, "ssl"},
		{"ssl.SSLCertVerificationError", 0, "ssl"},
		{"", 495, "ssl"},
		{"", 496, "ssl"},
		{"requests.exceptions.HTTPError", 525, "ssl"},
		{"HTTPError", 526, "ssl"},

		{"requests.exceptions.TooManyRedirects", 0, "redirects"},
		{"requests.exceptions.TooManyRedirects", 301, "redirects"},
		{"", 302, "redirects"},

		{"requests.exceptions.ConnectionError", 0, "connection"},
		{"requests.exceptions.ConnectTimeout", 0, "connection"},
		{"requests.exceptions.ReadTimeout", 0, "connection"},
		{"socket.timeout", 0, "connection"},
		{"ConnectionResetError", 0, "connection"},
		{"urllib3.exceptions.NewConnectionError", 0, "connection"},
		{"requests.exceptions.ProxyError", 0, "connection"},
		{"", 408, "connection"},
		{"requests.exceptions.HTTPError", 522, "connection"},
		{"", 524, "connection"},
		{"requests.exceptions.ConnectTimeout", 503, "connection"}, // the type decides first

		{"requests.exceptions.HTTPError", 401, "auth"},
		{"requests.exceptions.HTTPError", 403, "auth"},
		{"", 401, "auth"},

		{"requests.exceptions.HTTPError", 404, "not_found"},
		{"", 410, "not_found"},

		{"requests.exceptions.HTTPError", 429, "rate_limited"},

		{"requests.exceptions.HTTPError", 500, "server_error"},
		{"requests.exceptions.HTTPError", 502, "server_error"},
		{"", 503, "server_error"},
		{"", 599, "server_error"},

		{"", 0, "unknown"},
		{"requests.exceptions.HTTPError", 0, "unknown"},
		{"requests.exceptions.HTTPError", 400, "unknown"},
		{"ValueError", 422, "unknown"},
		{"SomethingNew", 200, "unknown"},
	}
	covered := map[string]bool{}
	for _, c := range cases {
		got := HintFor(c.typ, c.status)
		if got.ID != c.want {
			t.Errorf("HintFor(%q, %d) = %s, want %s", c.typ, c.status, got.ID, c.want)
		}
		if got.Text == "" || got.Title == "" {
			t.Errorf("row %s has no text or title", got.ID)
		}
		covered[got.ID] = true
	}
	for _, h := range append(Hints, Unknown) {
		if !covered[h.ID] {
			t.Errorf("hints row %q has no test case", h.ID)
		}
	}
}

// The advice says what the issue promises, in words a shop owner knows.
func TestHintTexts(t *testing.T) {
	for id, words := range map[string][]string{
		"ssl":          {"certificate", "chain", "Renew"},
		"redirects":    {"redirect", "shop URL"},
		"connection":   {"allow-list", "firewall", "online"},
		"auth":         {"Reconnect", "re-authorise"},
		"not_found":    {"no longer exists", "URL"},
		"rate_limited": {"throttling"},
		"server_error": {"shop's own server"},
		"unknown":      {"does not recognise"},
	} {
		h := HintByID(id)
		if h.ID != id {
			t.Fatalf("no row %q", id)
		}
		for _, w := range words {
			if !contains(h.Text, w) {
				t.Errorf("%s hint lacks %q: %s", id, w, h.Text)
			}
		}
	}
}

func contains(s, sub string) bool {
	for i := 0; i+len(sub) <= len(s); i++ {
		if s[i:i+len(sub)] == sub {
			return true
		}
	}
	return false
}

func TestStatusClass(t *testing.T) {
	for status, want := range map[int]string{
		0: "", 401: "401", 403: "403", 404: "404", 429: "429", 495: "495", 525: "525", 408: "408",
		500: "5xx", 502: "5xx", 400: "4xx", 301: "3xx", 200: "2xx", 1000: "1000", 42: "42",
	} {
		if got := statusClass(status); got != want {
			t.Errorf("statusClass(%d) = %q, want %q", status, got, want)
		}
	}
}

func TestWhere(t *testing.T) {
	for _, c := range []struct{ in, host, pattern string }{
		{"https://Shop.Example.com/admin/api/2024-01/orders/450789469.json?status=any", "shop.example.com", "/admin/api/2024-01/orders/{id}.json"},
		{"https://shop.example.com/wp-json/wc/v3/orders/123/notes", "shop.example.com", "/wp-json/wc/v3/orders/{id}/notes"},
		{"https://shop.example.com/rest/V1/orders/0f8fad5b-d9cb-469f-a165-70867728950e", "shop.example.com", "/rest/V1/orders/{id}"},
		{"https://api.webshopapp.com/en/orders/5f2b6c9e8d7a6b5c4d3e2f1a.json", "api.webshopapp.com", "/en/orders/{id}.json"},
		{"https://shop.example.com:8443/products/blue-shirt", "shop.example.com:8443", "/products/blue-shirt"},
		{"shop.example.com/orders/7", "shop.example.com", "/orders/{id}"},
		{"https://shop.example.com", "shop.example.com", ""},
		{"", "", ""},
		{"https://bad host/%zz", "", ""},
	} {
		h, p := where(c.in)
		if h != c.host || p != c.pattern {
			t.Errorf("where(%q) = %q, %q; want %q, %q", c.in, h, p, c.host, c.pattern)
		}
	}
}
