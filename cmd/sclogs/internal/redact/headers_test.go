package redact

import (
	"bytes"
	"encoding/json"
	"testing"

	"github.com/sclogs/sclogs/jsonvalue"
)

func TestHeadersObject(t *testing.T) {
	const R = `"` + Placeholder + `"`
	for _, tc := range []struct{ name, in, want string }{
		{"no secrets: same bytes",
			`{"Content-Type": "text/html; charset=utf-8",  "X-Count":3, "Accept":"*/*"}`,
			`{"Content-Type": "text/html; charset=utf-8",  "X-Count":3, "Accept":"*/*"}`},
		{"order and spacing kept",
			`{"Zeta": "1", "Authorization" :  "Bearer abc", "Alpha":"2"}`,
			`{"Zeta": "1", "Authorization" :  ` + R + `, "Alpha":"2"}`},
		{"every listed name, any case",
			`{"authorization":"a","PROXY-AUTHORIZATION":"b","cookie":"c","Set-Cookie":"d","X-Shopify-Access-Token":"e","Client-Secret":"f","X-Password":"g","X-Api-Key":"h","x-apikey":"i","X-Session":"j","X-Signature":"k","Host":"shop"}`,
			`{"authorization":` + R + `,"PROXY-AUTHORIZATION":` + R + `,"cookie":` + R + `,"Set-Cookie":` + R + `,"X-Shopify-Access-Token":` + R + `,"Client-Secret":` + R + `,"X-Password":` + R + `,"X-Api-Key":` + R + `,"x-apikey":` + R + `,"X-Session":` + R + `,"X-Signature":` + R + `,"Host":"shop"}`},
		{"list of cookies: each string",
			`{"Set-Cookie": ["a=1", null, "b=2"]}`,
			`{"Set-Cookie": [` + R + `, null, ` + R + `]}`},
		{"null stays null", `{"Cookie": null}`, `{"Cookie": null}`},
		{"number and object become the placeholder",
			`{"X-Token": 12345, "X-Secret": {"a": "b"}, "After": "x"}`,
			`{"X-Token": ` + R + `, "X-Secret": ` + R + `, "After": "x"}`},
		{"escapes in keys and values",
			`{"Auth\u006frization": "a\"b", "X-Quote": "say \"Cookie\": no"}`,
			`{"Auth\u006frization": ` + R + `, "X-Quote": "say \"Cookie\": no"}`},
		{"a value that looks like a key stays",
			`{"X-Note": "Cookie", "Content-Type": "Authorization: x"}`,
			`{"X-Note": "Cookie", "Content-Type": "Authorization: x"}`},
		{"Location query redacted, rest kept",
			`{"Location": "https://shop.example/login?token=abc&next=%2Fx"}`,
			`{"Location": "https://shop.example/login?token=[REDACTED]&next=%2Fx"}`},
		{"nested sensitive keys", `{"X-Meta": {"token": "t", "n": 1}}`, `{"X-Meta": {"token": ` + R + `, "n": 1}}`},
		{"already redacted", `{"Cookie": ` + R + `}`, `{"Cookie": ` + R + `}`},
		{"html kept", `{"X-Html": "<b>&</b>", "Cookie": "<x>"}`, `{"X-Html": "<b>&</b>", "Cookie": ` + R + `}`},
	} {
		t.Run(tc.name, func(t *testing.T) {
			in := jsonvalue.Value(tc.in)
			orig := bytes.Clone(in)
			got := Headers(in)
			if string(got) != tc.want {
				t.Errorf("got  %s\nwant %s", got, tc.want)
			}
			if !json.Valid(got) {
				t.Errorf("result is not valid JSON: %s", got)
			}
			if !bytes.Equal(in, orig) {
				t.Errorf("input modified: %s", in)
			}
		})
	}
}

func TestHeadersString(t *testing.T) {
	for _, tc := range []struct{ name, in, want string }{
		{"CRLF lines",
			"Authorization: Bearer x\r\nCookie: a=b\r\nContent-Type: text/html\r\n",
			"Authorization: [REDACTED]\r\nCookie: [REDACTED]\r\nContent-Type: text/html\r\n"},
		{"LF lines, odd spacing, no final newline",
			"Host: shop\nx-api-key:\tk1\nset-cookie:  s=1; Path=/",
			"Host: shop\nx-api-key:\t[REDACTED]\nset-cookie:  [REDACTED]"},
		{"empty value stays", "Cookie:\r\nA: b", "Cookie:\r\nA: b"},
		{"JSON text",
			`{"Authorization": "Basic dXNlcjpwYXNz", "Accept": "application/json"}`,
			`{"Authorization": "[REDACTED]", "Accept": "application/json"}`},
		{"Python dict repr",
			`{'User-Agent': "Bob's agent", 'Authorization': 'Bearer x', 'Cookie': 'a=b; c=d', 'X-Count': 3}`,
			`{'User-Agent': "Bob's agent", 'Authorization': '[REDACTED]', 'Cookie': '[REDACTED]', 'X-Count': 3}`},
		{"truncated JSON text: redacted to the end",
			`{"Accept": "x", "Authorization": "Bearer abcdef`,
			`{"Accept": "x", "Authorization": "[REDACTED]"`},
		{"braces without pairs fall back to lines",
			"{Authorization: Bearer x}",
			"{Authorization: [REDACTED]"},
		{"Location line", "Location: https://s.example/?sig=1&a=2", "Location: https://s.example/?sig=[REDACTED]&a=2"},
		{"nothing sensitive", "Content-Type: text/html\r\nX-Id: 1", "Content-Type: text/html\r\nX-Id: 1"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			in := jsonvalue.MustOf(tc.in)
			orig := bytes.Clone(in)
			got := Headers(in)
			s, ok := got.AsString()
			if !ok {
				t.Fatalf("result is not a JSON string: %s", got)
			}
			if s != tc.want {
				t.Errorf("got  %q\nwant %q", s, tc.want)
			}
			if s == tc.in && !bytes.Equal(got, in) {
				t.Errorf("unchanged text re-encoded: %s -> %s", in, got)
			}
			if !bytes.Equal(in, orig) {
				t.Errorf("input modified")
			}
		})
	}
}

func TestHeadersOtherKinds(t *testing.T) {
	for _, in := range []string{"", "null", "42", "true", `["Authorization", "x"]`} {
		if got := Headers(jsonvalue.Value(in)); string(got) != in {
			t.Errorf("Headers(%q) = %q, want it unchanged", in, got)
		}
	}
	// Escapes that are kept when the text does not change: same bytes.
	in := jsonvalue.Value(`"A: \u00e9\/"`)
	if got := Headers(in); !bytes.Equal(got, in) {
		t.Errorf("unchanged string re-encoded: %s", got)
	}
}

func FuzzHeaders(f *testing.F) {
	for _, s := range []string{
		`{"Authorization": "x"}`, `"Cookie: a\r\nB: c"`, `{"Set-Cookie": ["a", null]}`,
		`"{'Authorization': 'Bearer x'}"`, `{"a": {"token": [1, {"b": "c"}]}}`, `"{\"Cookie\": \"x"`,
		`{"Location": "https://h/?token=1"}`, `{"X-Token": [[1]]}`,
	} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		if !json.Valid([]byte(s)) {
			return
		}
		in := jsonvalue.Value(s)
		got := Headers(in)
		if !json.Valid(got) {
			t.Fatalf("invalid JSON out of valid JSON in: %q -> %q", s, got)
		}
		if got.Kind() != in.Kind() && got.Kind() != jsonvalue.String {
			t.Fatalf("kind changed: %q -> %q", s, got)
		}
		if again := Headers(got); !bytes.Equal(again, got) {
			t.Fatalf("not idempotent: %q -> %q -> %q", s, got, again)
		}
		// No sensitive header keeps its value.
		var out map[string]any
		if in.Kind() == jsonvalue.Object && json.Unmarshal(got, &out) == nil {
			for k, v := range out {
				if SensitiveHeader(k) && !redacted(v) {
					t.Fatalf("%q kept its value %v: %q -> %q", k, v, s, got)
				}
			}
		}
	})
}

// redacted reports whether v is what a sensitive header's value becomes.
func redacted(v any) bool {
	switch v := v.(type) {
	case nil:
		return true
	case string:
		return v == Placeholder
	case []any:
		for _, e := range v {
			if e != nil && e != any(Placeholder) {
				return false
			}
		}
		return true
	}
	return false
}
