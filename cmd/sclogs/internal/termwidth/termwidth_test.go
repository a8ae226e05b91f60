package termwidth

import (
	"strings"
	"testing"
	"unicode/utf8"
)

func TestString(t *testing.T) {
	for s, want := range map[string]int{
		"":               0,
		"abc":            3,
		"é":              1,
		"e\u0301":        1, // combining accent
		"日本":             4,
		"a\u200bb":       2, // zero-width space
		"\xff":           1,
		"▁▂█·":           4,
		"\x1b[31m":       4, // the escape itself has no width
		"ｆｕｌｌ":           8,
		"🙂":              2,
		"x\u202ey":       2,
		"tab\there":      7,
		"…":              1,
		"café…日本\xfe":    10,
		"🚀":              2, // go-runewidth and terminals agree; the old tables said 1
		"👍🏽":             2, // thumbs up + skin tone: one cluster, not 2+2
		"🇩🇪":             2, // a flag: two regional indicators
		"👩\u200d💻":       2, // a ZWJ sequence
		"❤\ufe0f":        2, // emoji presentation selector
		"a\u0301\u0302b": 2,
		"\u0301":         0, // a combining mark alone
		"中文字":            6,
		"한국어":            6,
		"e\u0301🇫🇷x":     4,
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
		{"ab👍🏽cd", 4, End, "ab…"}, // the emoji would need two more columns
		{"ab👍🏽cd", 5, End, "ab👍🏽…"},
		{"ab👍🏽cd", 4, Start, "…cd"},
		{"🇩🇪🇫🇷🇮🇹", 5, End, "🇩🇪🇫🇷…"},
		{"🇩🇪🇫🇷🇮🇹", 4, Start, "…🇮🇹"},
		{"e\u0301e\u0301e\u0301e\u0301", 3, End, "e\u0301e\u0301…"},
		{"e\u0301e\u0301e\u0301e\u0301", 3, Start, "…e\u0301e\u0301"},
		{"🚀🚀🚀🚀", 5, Middle, "🚀…🚀"},
		{"x.\u0301y.rocket🚀", 9, Dotted, "…rocket🚀"},
		{"ab.\u0301cd", 4, Dotted, "….\u0301cd"}, // ".\u0301" is not a dot to cut at
		// A "?" carrying a mark is no query separator: the host is cut instead.
		{"https://shop.example/a/b/c?\u0301q=1", 20, URL, "shop.…mple/a/b/c?\u0301q=1"},
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
	for _, s := range []string{"ab👍🏽cd👍🏽ef", "🇩🇪🇫🇷🇮🇹🇪🇸", "e\u0301e\u0301e\u0301.e\u0301e\u0301", "👩\u200d💻👩\u200d💻.x",
		"https://shop.example/a\u0301/b/c?\u0301q=1", "https:/\u0301/🚀.example/👍🏽/x?y", "\u0600\n\u0301abc.🚀"} {
		for w := range 8 {
			f.Add(s, w, w%5)
		}
	}
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
		checkWhole(t, s, got, width, m)
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

// checkWhole fails t if Shorten split a grapheme cluster of s: got, cut at
// its ellipses, may only hold clusters that s (cut the same way) holds; and
// where got keeps the start or the end of s, it ends or starts between two
// clusters of s.
func checkWhole(t *testing.T, s, got string, width int, m Mode) {
	t.Helper()
	if got == s {
		return
	}
	have := map[string]bool{}
	for _, piece := range strings.Split(s, ellipsis) {
		clusters(piece, func(_ int, c string, _ int) bool { have[c] = true; return true })
	}
	for _, piece := range strings.Split(got, ellipsis) {
		clusters(piece, func(_ int, c string, _ int) bool {
			if !have[c] {
				t.Fatalf("Shorten(%q, %d, %d) = %q: split a cluster (%q is none of the text's)", s, width, m, got, c)
			}
			return true
		})
	}
	if m == URL || strings.Count(got, ellipsis) != 1+strings.Count(s, ellipsis) && strings.Contains(s, ellipsis) {
		return
	}
	i := strings.Index(got, ellipsis)
	if i < 0 {
		return
	}
	headPart, tailPart := got[:i], got[i+len(ellipsis):]
	if !strings.HasPrefix(s, headPart) || !strings.HasSuffix(s, tailPart) {
		if !strings.Contains(s, ellipsis) {
			t.Fatalf("Shorten(%q, %d, %d) = %q: not a start and an end of the text", s, width, m, got)
		}
		return
	}
	if !whole(s, len(headPart), len(s)-len(tailPart)) {
		t.Fatalf("Shorten(%q, %d, %d) = %q: cut inside a cluster", s, width, m, got)
	}
}

// TestShortenClusters shortens texts of multi-rune clusters at every width
// and mode: never wider than the width, never a split cluster.
func TestShortenClusters(t *testing.T) {
	t.Parallel()
	for _, s := range []string{"ab👍🏽cd👍🏽ef", "🇩🇪🇫🇷🇮🇹🇪🇸", "e\u0301e\u0301e\u0301.e\u0301e\u0301", "👩\u200d💻👩\u200d💻.x",
		"https://shop.example/a\u0301/b/c?\u0301q=1", "https://🚀.example/👍🏽/👍🏽/x?y", "日本語.テキスト🚀"} {
		for width := range String(s) + 2 {
			for m := End; m <= URL; m++ {
				got := Shorten(s, width, m)
				if String(got) > width {
					t.Errorf("Shorten(%q, %d, %d) = %q, %d wide", s, width, m, got, String(got))
				}
				checkWhole(t, s, got, width, m)
			}
		}
	}
}

// TestFitClusters lays out rows of emoji and accented text at every width:
// no line is wider than the terminal and no cell splits a cluster.
func TestFitClusters(t *testing.T) {
	t.Parallel()
	cols := []Column{{Header: "ID"}, {Header: "NAME", Min: 3}, {Header: "TYPE", Min: 4, Mode: Dotted, Drop: 1}, {Header: "URL", Min: 5, Mode: URL, Drop: 2}}
	cells := []string{"7", "Café 👍🏽 🇩🇪", "rocket.launch.🚀🚀", "https://👩\u200d💻.example/a/b/é"}
	natural := make([]int, len(cells))
	for i, c := range cells {
		natural[i] = String(c)
	}
	for width := 1; width < 60; width++ {
		l := Fit(cols, natural, width)
		row := l.Row(cells)
		if String(row) > width {
			t.Errorf("width %d: row %q is %d wide", width, row, String(row))
		}
		checkWhole(t, strings.Join(cells, "  "), row, width, URL)
	}
}
