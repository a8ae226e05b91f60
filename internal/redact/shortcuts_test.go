package redact

import (
	"bytes"
	"encoding/json"
	"testing"
	"unicode/utf8"
)

// generalRecord is Record by a walker without shortcuts (walker.general):
// no surelyPlain, no name cache, the text scan from each string's start.
func generalRecord(rec []byte) ([]byte, bool) {
	w := &walker{general: true}
	out, changed, _ := w.value(nil, rec)
	return out, changed
}

// sameAsGeneral fails t when Record and the walk without shortcuts differ
// on in, in a byte or in whether anything changed.
func sameAsGeneral(t *testing.T, in []byte) {
	t.Helper()
	got, changed := Record(in)
	want, wantChanged := generalRecord(in)
	if changed != wantChanged || !bytes.Equal(got, want) {
		t.Fatalf("shortcuts change the output of %q:\n got %v %q\nwant %v %q", in, changed, got, wantChanged, want)
	}
}

// FuzzShortcutsSameOutput holds the walk with its shortcuts to the walk
// without them on any input, JSON or not, nested JSON text included.
func FuzzShortcutsSameOutput(f *testing.F) {
	for _, s := range []string{
		`{"id":1,"created_at":"2025-11-24T12:41:23+01:00","base_url":"https://u:p@h/x?token=1&a=2"}`,
		`{"headers":{"Set-Cookie":"_shopify_s=abc; path=/","X-Request-Id":"0b0a"},"payload":"{\"api_key\": \"x\"}"}`,
		`{"a": "x ck_0123456789abcdef0123 y", "b": "eyJa.eyJb.c", "c": "Bearer abcdef", "d": "<password>x</password>"}`,
		`{"api%5Fkey": "x", "x+token": "y", "Code": "abc123", "code": "invalid_grant"}`,
		`[["Authorization", "x"], {"name": "X-Api-Key", "value": "y"}, {"key": "k"}]`,
		`"a=1&password=2"`, `{"k\u0065y": "x", "\u0074oken": "y"}`, `{"q": "id=1:2;sid=3/4"}`,
		`{"created_at": 1, "x ck_0123456789abcdef0123": 2, "shpat_0123456789": 3, "a_b_sk_live_0123456789abcdef0": 4}`,
	} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		sameAsGeneral(t, []byte(s))
	})
}

// Tokens known by their prefix, as keys and values, alone and after other
// text and underscores, come out of the walk with its shortcuts (keyEnd
// reads on through the '_' where no token can start) as out of the walk
// without them, and are redacted when they stand on their own.
func TestShortcutsSameOutputOnTokens(t *testing.T) {
	t.Parallel()
	for _, p := range tokenPrefixes {
		for _, lead := range []string{"", "x", "x ", "a_", "_", "ab_c_", "shp_"} {
			tok := lead + p + "0123456789abcdef0123"
			for _, rec := range []string{`{"` + tok + `": 1}`, `{"a": "` + tok + `"}`, `{"` + tok + `_x": "` + tok + `_y"}`} {
				sameAsGeneral(t, []byte(rec))
				// A token stands on its own: after a letter, a digit or '_' it
				// is part of another word.
				if out, _ := Record([]byte(rec)); bytes.Contains(out, []byte(p+"0123")) && (lead == "" || lead == "x ") {
					t.Errorf("%s: token kept: %s", rec, out)
				}
			}
		}
	}
}

// encodeStringBytewise is encodeString without its 8-byte steps.
func encodeStringBytewise(out, text []byte) []byte {
	const hex = "0123456789abcdef"
	out = append(out, '"')
	for i := 0; i < len(text); {
		c := text[i]
		if c >= utf8.RuneSelf {
			r, size := utf8.DecodeRune(text[i:])
			if r == utf8.RuneError && size == 1 {
				out = append(out, `\ufffd`...)
			} else {
				out = append(out, text[i:i+size]...)
			}
			i += size
			continue
		}
		switch {
		case c == '"' || c == '\\':
			out = append(out, '\\', c)
		case c == '\n':
			out = append(out, '\\', 'n')
		case c == '\r':
			out = append(out, '\\', 'r')
		case c == '\t':
			out = append(out, '\\', 't')
		case c < 0x20:
			out = append(out, '\\', 'u', '0', '0', hex[c>>4], hex[c&0xf])
		default:
			out = append(out, c)
		}
		i++
	}
	return append(out, '"')
}

// FuzzEncodeString holds encodeString to the byte-wise encoding, and its
// result to valid JSON that decodes to the text (invalid UTF-8 as U+FFFD).
func FuzzEncodeString(f *testing.F) {
	for _, s := range []string{"", "abcdefghijklmnop", "abcdefg\"hijklmnop", "abcdefgh\x00ijkl", "äöü abcdefghij", "\xff\xfeabcdefghij\x7f"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		got := encodeString(nil, []byte(s))
		if want := encodeStringBytewise(nil, []byte(s)); !bytes.Equal(got, want) {
			t.Fatalf("encodeString(%q) = %q, byte-wise %q", s, got, want)
		}
		var back string
		if err := json.Unmarshal(got, &back); err != nil || back != string(bytes.ToValidUTF8([]byte(s), []byte("\ufffd"))) && utf8.ValidString(s) {
			t.Fatalf("encodeString(%q) = %q: decodes to %q, %v", s, got, back, err)
		}
	})
}

// firstTrigger is the index of the first trigger in s, or len(s).
func firstTrigger(s string) int {
	i := 0
	for i < len(s) && !trigger[s[i]] {
		i++
	}
	return i
}

// FuzzRedactTextFrom: starting the scan at the first trigger changes
// nothing.
func FuzzRedactTextFrom(f *testing.F) {
	for _, s := range []string{"url: https://u:p@h/x?token=1", "plain text then token=1", "abc eyJa.eyJb.c", "xx ck_0123456789abcdef0123"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		start := firstTrigger(s)
		got, gotChanged := redactTextFrom(nil, s, nil, start)
		want, wantChanged := redactText(nil, s, nil)
		if gotChanged != wantChanged || !bytes.Equal(got, want) {
			t.Fatalf("from %d: %q, from 0: %q", start, got, want)
		}
	})
}

// stringEndBytewise is stringEnd a byte at a time: the end of the string
// at in[i] (or -1), its first trigger or escape (or closing quote), and
// whether it holds an escape.
func stringEndBytewise(in []byte, i int) (end, first int, escaped bool) {
	return stringEndSkipping(in, i, func(int) bool { return false })
}

// stringEndSkipping is stringEndBytewise where first passes the triggers
// at which skip is true.
func stringEndSkipping(in []byte, i int, skip func(j int) bool) (end, first int, escaped bool) {
	first = -1
	for j := i + 1; j < len(in); j++ {
		c := in[j]
		if first < 0 && (c == '"' || c == '\\' || trigger[c] && !skip(j)) {
			first = j
		}
		switch {
		case c == '\\':
			escaped = true
			j++
		case c == '"':
			return j + 1, first, escaped
		case c < 0x20:
			return -1, first, escaped
		}
	}
	return -1, first, escaped
}

// FuzzStringEnd holds stringEnd and keyEnd (4 and 8 bytes a step) to the
// byte-wise reading, at every quote of the input.
func FuzzStringEnd(f *testing.F) {
	for _, s := range []string{`"abcdefghijklmnopq"`, `"abc\"defghijklmnopq\\"x"`, `"abcdefgh\u0000ij"`, "\"abcdefgh\x01\"", `"x_y:z/w" "`, `"\\`} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		in := []byte(s)
		for i := range in {
			if in[i] != '"' {
				continue
			}
			wantEnd, wantFirst, wantEsc := stringEndBytewise(in, i)
			// keyEnd passes a '_' at which the text rules do nothing.
			_, wantKeyFirst, _ := stringEndSkipping(in, i, func(j int) bool {
				return in[j] == '_' && inertUnderscore(in[i+1:], j-(i+1))
			})
			end, first, esc := stringEnd(in, i)
			kend, kfirst, kesc, plainLetters := keyEnd(in, i)
			if wantEnd < 0 {
				if end >= 0 || kend >= 0 {
					t.Fatalf("%q at %d: not a string, stringEnd says %d, keyEnd %d", s, i, end, kend)
				}
				continue
			}
			if end != wantEnd || first != wantFirst || esc != wantEsc {
				t.Fatalf("%q at %d: stringEnd = %d %d %v, byte-wise %d %d %v", s, i, end, first, esc, wantEnd, wantFirst, wantEsc)
			}
			if kend != wantEnd || kfirst != wantKeyFirst || kesc != wantEsc {
				t.Fatalf("%q at %d: keyEnd = %d %d %v, byte-wise %d %d %v", s, i, kend, kfirst, kesc, wantEnd, wantKeyFirst, wantEsc)
			}
			if plain := wantKeyFirst == wantEnd-1; plain && plainLetters != surelyPlain(in[i+1:wantEnd-1]) {
				t.Fatalf("%q at %d: keyEnd's plainLetters %v, surelyPlain says otherwise", s, i, plainLetters)
			}
		}
	})
}
