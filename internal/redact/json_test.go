package redact

import (
	"bytes"
	"encoding/binary"
	"encoding/json"
	"math/bits"
	"strings"
	"testing"
	"unicode/utf16"
	"unicode/utf8"

	"github.com/sclogs/sclogs/jsonvalue"
)

func TestValue(t *testing.T) {
	const R = `"` + Placeholder + `"`
	for _, tc := range []struct{ name, in, want string }{
		{"nothing secret: same bytes",
			`{"id": 12, "created_at": "2024-03-01T02:02:00+01:00", "status": "completed", "sku": "A-1", "url": "https://s.example/o/12.json?page=2"}`,
			`{"id": 12, "created_at": "2024-03-01T02:02:00+01:00", "status": "completed", "sku": "A-1", "url": "https://s.example/o/12.json?page=2"}`},
		{"keys at any depth, order and spacing kept",
			`{"z": 1, "a": {"b": [ {"client_secret" :  "x", "id": 5} ]}, "Authorization": "Bearer abc"}`,
			`{"z": 1, "a": {"b": [ {"client_secret" :  ` + R + `, "id": 5} ]}, "Authorization": ` + R + `}`},
		{"secret objects and arrays whole; null and booleans stay; numbers go",
			`{"secret": {"a": [1, "b"]}, "tokens": ["a", "b"], "password": null, "auth": true, "pin_hash": 1234}`,
			`{"secret": ` + R + `, "tokens": ` + R + `, "password": null, "auth": true, "pin_hash": ` + R + `}`},
		{"escaped keys", `{"Auth\u006frization": "x", "a\"b": "c"}`, `{"Auth\u006frization": ` + R + `, "a\"b": "c"}`},
		{"escaped text decoded first",
			`"https:\/\/admin:PW@shop.example\/x?a=1\u0026client_secret=abc\u0026b=2"`,
			`"https://admin:[REDACTED]@shop.example/x?a=1&client_secret=[REDACTED]&b=2"`},
		{"escaped '=' and '@'", `"?token\u003dabc \/\/u:p\u0040h"`, `"?token=[REDACTED] //u:[REDACTED]@h"`},
		{"JSON text in a string, walked as JSON",
			`"{\"access_token\": \"shpat_1\", \"scope\": \"read_orders\", \"n\": [1, {\"refresh_token\": 5}]}"`,
			`"{\"access_token\": \"[REDACTED]\", \"scope\": \"read_orders\", \"n\": [1, {\"refresh_token\": \"[REDACTED]\"}]}"`},
		{"headers as pairs", `[["Authorization", "x"], ["Accept", "y"]]`, `[["Authorization", ` + R + `], ["Accept", "y"]]`},
		{"messages are no names", `{"errors": ["Invalid access token", "Order 12 not found"], "x": [{"name": "bad token", "value": 3}]}`,
			`{"errors": ["Invalid access token", "Order 12 not found"], "x": [{"name": "bad token", "value": 3}]}`},
		{"headers as name/value objects, either order",
			`[{"name": "X-Api-Key", "value": "k"}, {"value": "c", "name": "Cookie"}, {"name": "Accept", "value": "a"}]`,
			`[{"name": "X-Api-Key", "value": ` + R + `}, {"value": ` + R + `, "name": "Cookie"}, {"name": "Accept", "value": "a"}]`},
		{"key alone is an API key; key/value is a pair",
			`[{"key": "k1"}, {"key": "_tracking", "value": "3S1"}, {"key": "api_key", "value": {"v": 1}}]`,
			`[{"key": ` + R + `}, {"key": "_tracking", "value": "3S1"}, {"key": "api_key", "value": ` + R + `}]`},
		{"keys that hold secrets", `{"client_secret=abc&x=1": "y", "?sig=1": 2}`, `{"client_secret=[REDACTED]&x=1": ` + R + `, "?sig=[REDACTED]": ` + R + `}`},
		{"a secret value that is a JSON string of JSON", `{"token": "{\"a\": 1}"}`, `{"token": ` + R + `}`},
		{"already redacted", `{"token": ` + R + `, "u": "?sig=[REDACTED]"}`, `{"token": ` + R + `, "u": "?sig=[REDACTED]"}`},
		{"scalars", `42`, `42`},
		{"null", `null`, `null`},
		{"not JSON: read as text", `{password: "x", 'token': 'y'`, `{password: "[REDACTED]", 'token': '[REDACTED]'`},
	} {
		t.Run(tc.name, func(t *testing.T) {
			in := jsonvalue.Value(tc.in)
			orig := bytes.Clone(in)
			got := Value(in)
			if string(got) != tc.want {
				t.Errorf("got  %s\nwant %s", got, tc.want)
			}
			if json.Valid(in) && !json.Valid(got) {
				t.Errorf("not valid JSON: %s", got)
			}
			if !bytes.Equal(in, orig) {
				t.Errorf("input modified")
			}
			if tc.in == tc.want && &got[0] != &in[0] {
				t.Errorf("unchanged value copied")
			}
		})
	}
}

func FuzzValue(f *testing.F) {
	for _, s := range []string{
		`{"Authorization": "x"}`, `"Cookie: a\r\nB: c"`, `{"Set-Cookie": ["a", null]}`,
		`"{'Authorization': 'Bearer x'}"`, `{"a": {"token": [1, {"b": "c"}]}}`, `"{\"Cookie\": \"x"`,
		`{"Location": "https://h/?token=1"}`, `[{"name": "key", "value": 1}]`, `"\u0026sig\u003d1"`,
		`[["Authorization", "x", "y"]]`, `{"key": "x", "value": "y"}`,
	} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		in := jsonvalue.Value(s)
		got := Value(in)
		if !json.Valid(in) {
			return
		}
		if !json.Valid(got) {
			t.Fatalf("invalid JSON out of valid JSON in: %q -> %q", s, got)
		}
		if again := Value(got); !bytes.Equal(again, got) {
			t.Fatalf("not idempotent: %q -> %q -> %q", s, got, again)
		}
		// No secret key keeps a value other than null or a boolean.
		var v any
		_ = json.Unmarshal(got, &v)
		checkNoSecretKey(t, s, v)
	})
}

func checkNoSecretKey(t *testing.T, in string, v any) {
	switch v := v.(type) {
	case map[string]any:
		hasValue := false
		for k := range v {
			hasValue = hasValue || strings.EqualFold(k, "value")
		}
		for k, e := range v {
			kind := classify(k)
			if strings.EqualFold(k, "key") && hasValue {
				continue
			}
			switch e := e.(type) {
			case nil, bool:
			case string:
				if kind == secretName && e != Placeholder || kind == secretIfStr && e != Placeholder && !errorCode(e) {
					t.Fatalf("%q kept %q: %q", k, e, in)
				}
			case float64:
				if kind == secretName {
					t.Fatalf("%q kept %v: %q", k, e, in)
				}
			default:
				if kind != plainName {
					t.Fatalf("%q kept %v: %q", k, e, in)
				}
				checkNoSecretKey(t, in, e)
			}
		}
	case []any:
		for _, e := range v {
			checkNoSecretKey(t, in, e)
		}
	}
}

// decodeStringBytewise is decodeString a byte at a time.
func decodeStringBytewise(out, s []byte) []byte {
	for i := 0; i < len(s); i++ {
		c := s[i]
		if c != '\\' || i+1 >= len(s) {
			out = append(out, c)
			continue
		}
		i++
		switch s[i] {
		case 'b':
			out = append(out, '\b')
		case 'f':
			out = append(out, '\f')
		case 'n':
			out = append(out, '\n')
		case 'r':
			out = append(out, '\r')
		case 't':
			out = append(out, '\t')
		case 'u':
			r, n := decodeU(s[i+1:])
			if n == 0 {
				out = append(out, '\\', 'u')
				continue
			}
			i += n
			if utf16.IsSurrogate(r) {
				r2, n2 := rune(0), 0
				if i+2 < len(s) && s[i+1] == '\\' && s[i+2] == 'u' {
					r2, n2 = decodeU(s[i+3:])
				}
				if d := utf16.DecodeRune(r, r2); n2 > 0 && d != utf8.RuneError {
					r = d
					i += 2 + n2
				} else {
					r = utf8.RuneError
				}
			}
			out = utf8.AppendRune(out, r)
		default:
			out = append(out, s[i])
		}
	}
	return out
}

// FuzzDecodeString holds decodeString (runs between escapes copied at
// once) to the byte-wise decoding, on any bytes.
func FuzzDecodeString(f *testing.F) {
	for _, s := range []string{`a\"b\\c\/d\u0041\ud83d\ude00\ud83d`, `\`, `x\`, `\u12`, `\n\r\t\b\f\q`} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		got := decodeString([]byte("p"), []byte(s))
		want := decodeStringBytewise([]byte("p"), []byte(s))
		if !bytes.Equal(got, want) {
			t.Fatalf("decodeString(%q) = %q, want %q", s, got, want)
		}
	})
}

// specialMask8 marks a word with none of '"', '\\' and the control
// characters not at all, and else first at the first of them: every pair
// of byte values at every pair of positions (the other bytes plain).
func TestSpecialMask8(t *testing.T) {
	t.Parallel()
	special := func(c byte) bool { return c == '"' || c == '\\' || c < 0x20 }
	var w [8]byte
	for p := 0; p < 8; p++ {
		for q := p + 1; q < 8; q++ {
			for a := 0; a < 256; a++ {
				for b := 0; b < 256; b++ {
					for i := range w {
						w[i] = 'a'
					}
					w[p], w[q] = byte(a), byte(b)
					want := -1
					for i, c := range w {
						if special(c) {
							want = i
							break
						}
					}
					m := specialMask8(binary.LittleEndian.Uint64(w[:]))
					got := -1
					if m != 0 {
						got = bits.TrailingZeros64(m) >> 3
					}
					if got != want {
						t.Fatalf("%q: first marked byte %d, want %d", w, got, want)
					}
				}
			}
		}
	}
}
