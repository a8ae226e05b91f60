package redact

import (
	"encoding/json"
	"testing"

	"github.com/sclogs/sclogs/jsonvalue"
)

func TestText(t *testing.T) {
	const R = Placeholder
	for _, tc := range []struct{ in, want string }{
		{"", ""},
		{"An SSL error occurred", "An SSL error occurred"},
		{"a & b; c? d=e @home", "a & b; c? d=e @home"},
		{"401 Client Error: Unauthorized for url: https://s.example/wp-json/wc/v3/orders/1?consumer_key=ck_1&consumer_secret=cs_2",
			"401 Client Error: Unauthorized for url: https://s.example/wp-json/wc/v3/orders/1?consumer_key=" + R + "&consumer_secret=" + R},
		{"HTTPSConnectionPool(host='s.example', port=443): Max retries exceeded with url: /orders?access_token=t1&page=2 (Caused by SSLError(...))",
			"HTTPSConnectionPool(host='s.example', port=443): Max retries exceeded with url: /orders?access_token=" + R + "&page=2 (Caused by SSLError(...))"},
		{"url: 'https://s.example/x?token=abc'", "url: 'https://s.example/x?token=" + R + "'"},
		{"see https://admin:hunter2@s.example/x and ok@example.com", "see https://admin:" + R + "@s.example/x and ok@example.com"},
		{"404 for url: https://s.example/p?page=1&q=a%20b", "404 for url: https://s.example/p?page=1&q=a%20b"},
		{"?token=" + R + "&x=1", "?token=" + R + "&x=1"},
		{"https://u:p@ss@h.example/x", "https://u:" + R + "@h.example/x"},
		{"://:0@@", "://:" + R + "@"},
	} {
		if got := Text(tc.in); got != tc.want {
			t.Errorf("Text(%q)\n got %q\nwant %q", tc.in, got, tc.want)
		}
	}
}

func TestTextValue(t *testing.T) {
	for _, tc := range []struct{ in, want string }{
		{`null`, `null`},
		{`""`, `""`},
		{`{"error": {"request": "/API/Sale/1.json?load=%5B%5D&access_token=abc", "code": 403}}`,
			`{"error": {"request": "/API/Sale/1.json?load=%5B%5D&access_token=[REDACTED]", "code": 403}}`},
		{`"<a href=\"https://s.example/?sig=abc\">x</a>"`, `"<a href=\"https://s.example/?sig=[REDACTED]\">x</a>"`},
		{`"?token=ab\"cd"`, `"?token=[REDACTED]\"cd"`},
		{`["https://u:p\u0040x@h.example/"]`, `["https://u:[REDACTED]@h.example/"]`},
		{`42`, `42`},
	} {
		got, changed := textValue(jsonvalue.Value(tc.in))
		if string(got) != tc.want || changed != (tc.in != tc.want) {
			t.Errorf("textValue(%s) = %s, %v; want %s", tc.in, got, changed, tc.want)
		}
		if json.Valid([]byte(tc.in)) && !json.Valid(got) {
			t.Errorf("textValue(%s) = %s: not valid JSON", tc.in, got)
		}
	}
}

func FuzzTextValue(f *testing.F) {
	for _, s := range []string{`{"a": "https://u:p@h/x?token=1&b=2"}`, `"?key=\"x\"&sig=\\"`, `["://a:b@c", "?pwd=1"]`} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		if !json.Valid([]byte(s)) {
			return
		}
		got, _ := textValue(jsonvalue.Value(s))
		if !json.Valid(got) {
			t.Fatalf("invalid JSON: %q -> %q", s, got)
		}
	})
}

func FuzzText(f *testing.F) {
	for _, s := range []string{"url: https://u:p@h/x?token=1&a=2", "?key=&sig=1;;", "://@:@"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		got := Text(s)
		if again := Text(got); again != got {
			t.Fatalf("not idempotent: %q -> %q -> %q", s, got, again)
		}
	})
}
