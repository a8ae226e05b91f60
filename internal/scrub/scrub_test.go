package scrub

import (
	"html"
	"net/url"
	"strings"
	"testing"
	"unicode/utf8"

	"github.com/sclogs/sclogs/internal/secrettest"
)

// A secret of 1 to 3 characters is replaced only where it is a whole value,
// so it does not garble messages.
func TestShortSecretDoesNotGarble(t *testing.T) {
	t.Parallel()
	sc := New("ab")
	cases := map[string]string{
		"the absent table":          "the absent table",
		`{"secret":"ab","x":"tab"}`: `{"secret":"[REDACTED]","x":"tab"}`,
		"client_secret=ab&grant=x":  "client_secret=[REDACTED]&grant=x",
		`{"s":"\u0061\u0062"}`:      `{"s":"[REDACTED]"}`,
		"grab a cab":                "grab a cab",
	}
	for in, want := range cases {
		if got := sc.Text(in); got != want {
			t.Errorf("Text(%q) = %q, want %q", in, got, want)
		}
	}
	for in, want := range map[string]string{"ab": redacted, "%61b": redacted, "abc": "abc", "cab": "cab"} {
		if got := sc.Value(in); got != want {
			t.Errorf("Value(%q) = %q, want %q", in, got, want)
		}
	}
	// A long secret is replaced anywhere, in every form, whole.
	long := New("hunter22")
	for name, f := range secrettest.Forms("hunter22") {
		if got := long.Text("x" + f + "y"); got != "x"+redacted+"y" {
			t.Errorf("%s: %q", name, got)
		}
	}
}

// The scrubber never panics, and a secret of minSecret bytes or more never
// survives in any of the encodings it decodes, wherever it sits in the text.
func FuzzScrub(f *testing.F) {
	f.Add("before ", "s3cr/t<&>", " after", 0)
	f.Add(`{"d":"`, "hunter22", `"}`, 3)
	f.Add("%", "41ab", "\\u00", 1)
	f.Fuzz(func(t *testing.T, before, secret, after string, form int) {
		sc := New(secret)
		forms := []string{secret, url.QueryEscape(secret), strings.ReplaceAll(secret, "/", `\/`), html.EscapeString(secret)}
		echoed := forms[(form%len(forms)+len(forms))%len(forms)]
		out := sc.Text(before + echoed + after)
		_ = sc.Value(before + echoed + after)
		if len(secret) < minSecret || strings.ContainsAny(secret, "[]") || !utf8.ValidString(secret) {
			return // the placeholder itself could rebuild such a secret
		}
		if strings.Contains(out, secret) {
			t.Fatalf("secret %q survives in %q", secret, out)
		}
	})
}
