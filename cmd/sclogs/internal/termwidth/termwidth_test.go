package termwidth

import (
	"strings"
	"testing"
	"unicode/utf8"
)

func TestString(t *testing.T) {
	for s, want := range map[string]int{
		"":            0,
		"abc":         3,
		"é":           1,
		"e\u0301":     1, // combining accent
		"日本":          4,
		"a\u200bb":    2, // zero-width space
		"\xff":        1,
		"▁▂█·":        4,
		"\x1b[31m":    4, // the escape itself has no width
		"ｆｕｌｌ":        8,
		"🙂":           2,
		"x\u202ey":    2,
		"tab\there":   7,
		"…":           1,
		"café…日本\xfe": 10,
	} {
		if got := String(s); got != want {
			t.Errorf("String(%q) = %d, want %d", s, got, want)
		}
	}
}

func TestShorten(t *testing.T) {
	for _, c := range []struct {
		in    string
		width int
		mode  Mode
		want  string
	}{
		{"short", 10, End, "short"},
		{"abcdefghij", 5, End, "abcd…"},
		{"abcdefghij", 5, Start, "…ghij"},
		{"abcdefghij", 5, Middle, "ab…ij"},
		{"abcdefghij", 1, Middle, "…"},
		{"abcdefghij", 0, End, ""},
		{"requests.exceptions.SSLError", 12, Dotted, "…SSLError"},
		{"requests.exceptions.SSLError", 22, Dotted, "…exceptions.SSLError"},
		{"requests.exceptions.SSLError", 5, Dotted, "…rror"},
		{"https://shop.example.com/a/b?key=secret", 30, URL, "shop.example.com/a/b?…"},
		{"https://shop.example.com/a/b", 28, URL, "https://shop.example.com/a/b"},
		{"https://shop.example.com/a/b", 27, URL, "shop.example.com/a/b"},
		{"https://shop.example.com/orders/123/notes?x=1", 16, URL, "shop…com/…/notes"},
		{"https://shop.example.com/orders/123/notes?x=1", 26, URL, "shop.example.com/…/notes?…"},
		{"https://shop.example.com/orders/123/notes?x=1", 24, URL, "shop.example.com/…/notes"},
		{"https://shop.example.com/orders/123/notes/", 25, URL, "shop.example.com/…/notes/"},
		{"https://a-very-long-shop-name.example.com/orders/123/x.json", 14, URL, "a-very-…x.json"},
		{"https://a-very-long-shop-name.example.com/orders/123/x.json", 20, URL, "a-ver…e.com/…/x.json"},
		{"日本語テキスト", 7, End, "日本語…"},
		{"日本語テキスト", 6, End, "日本…"},
	} {
		got := Shorten(c.in, c.width, c.mode)
		if got != c.want {
			t.Errorf("Shorten(%q, %d, %d) = %q, want %q", c.in, c.width, c.mode, got, c.want)
		}
		if String(got) > max(c.width, 0) {
			t.Errorf("Shorten(%q, %d) is %d wide", c.in, c.width, String(got))
		}
	}
}

func FuzzShorten(f *testing.F) {
	f.Add("https://shop.example.com/a?b=c", 10, 3)
	f.Add("日本\xff語e\u0301", 3, 1)
	f.Fuzz(func(t *testing.T, s string, width, mode int) {
		width %= 200
		m := Mode(uint(mode) % 5)
		got := Shorten(s, width, m)
		if String(got) > max(width, 0) {
			t.Fatalf("Shorten(%q, %d, %d) = %q, %d wide", s, width, m, got, String(got))
		}
		if String(s) <= width && got != s {
			t.Fatalf("Shorten(%q, %d) changed a text that fits: %q", s, width, got)
		}
		if utf8.ValidString(s) && !utf8.ValidString(got) {
			t.Fatalf("Shorten(%q) cut a character: %q", s, got)
		}
	})
}

func TestWrap(t *testing.T) {
	text := "The shop's SSL certificate is not accepted: it has expired, or https://a-very-long-url.example.com/with/a/path/that/does/not/fit"
	lines := Wrap(text, 30, "- ", "  ")
	var words []string
	for i, l := range lines {
		if String(l) > 30 {
			t.Errorf("line %q is %d wide", l, String(l))
		}
		prefix := "  "
		if i == 0 {
			prefix = "- "
		}
		if !strings.HasPrefix(l, prefix) {
			t.Errorf("line %d %q lacks its prefix", i, l)
		}
		words = append(words, strings.TrimPrefix(l, prefix))
	}
	if lines[0] != "- The shop's SSL certificate" {
		t.Errorf("first line %q: want a break at a space", lines[0])
	}
	// Nothing lost: the words come back, the long URL in pieces.
	if got := strings.ReplaceAll(strings.Join(words, " "), " ", ""); got != strings.ReplaceAll(text, " ", "") {
		t.Errorf("text changed:\n%q\n%q", got, text)
	}
	if got := Wrap("", 10, "- ", "  "); len(got) != 1 || got[0] != "-" {
		t.Errorf("Wrap(\"\") = %q", got)
	}
	if got := Wrap("abc def", 1, "", ""); strings.Join(got, "|") != "a|b|c|d|e|f" {
		t.Errorf("Wrap at width 1 = %q", got)
	}
}

func TestFit(t *testing.T) {
	cols := []Column{
		{Header: "ID"},
		{Header: "RESPONSE_CODE", Short: "CODE"},
		{Header: "TYPE", Min: 8, Mode: Dotted},
		{Header: "URL", Min: 10, Mode: URL, Drop: 1},
	}
	natural := []int{6, 3, 30, 120}
	l := Fit(cols, natural, 0)
	if l.Widths[3] != 120 || l.Headers[1] != "RESPONSE_CODE" {
		t.Errorf("no width: %v %v", l.Widths, l.Headers)
	}
	l = Fit(cols, natural, 60)
	if l.total() > 60 || l.Headers[1] != "CODE" || l.Widths[2] < 8 || l.Widths[3] < 10 || l.Dropped != 0 {
		t.Errorf("width 60: %v %v total %d", l.Widths, l.Headers, l.total())
	}
	l = Fit(cols, natural, 25)
	if l.Widths[3] != 0 || l.Dropped != 1 {
		t.Errorf("width 25: URL not dropped: %v", l.Widths)
	}
	row := l.Row([]string{"123456", "500", "requests.exceptions.HTTPError", "https://x"})
	if String(row) > 25 || !strings.Contains(row, "…HTTPError") {
		t.Errorf("row %q", row)
	}
	l = Fit(cols, natural, 5) // nothing helps: Row still cuts the line
	if row := l.Row([]string{"123456", "500", "x", "y"}); String(row) > 5 {
		t.Errorf("row %q wider than 5", row)
	}
}
