package pagination

import (
	"errors"
	"net/http"
	"net/url"
	"reflect"
	"strings"
	"testing"
)

// reqURL is the request URL the Link tests resolve relative references against.
const reqURL = "https://api.example.com/api/v3/integrations/1/logs?page_size=2"

func mustURL(t testing.TB, s string) *url.URL {
	t.Helper()
	u, err := url.Parse(s)
	if err != nil {
		t.Fatalf("url.Parse(%q): %v", s, err)
	}
	return u
}

// linkHeader builds a header with one Link line per argument.
func linkHeader(lines ...string) http.Header {
	h := http.Header{}
	for _, l := range lines {
		h.Add("Link", l)
	}
	return h
}

// wantLink is the expected shape of one parsed link.
type wantLink struct {
	url    string
	rels   []string
	params map[string]string // only the keys listed are compared
}

func TestParseLinks(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name  string
		lines []string
		want  []wantLink
		next  string // "" = no next
	}{
		{
			name:  "comma inside the URL",
			lines: []string{`<https://h/x?cursor=a,b>; rel="next"`},
			want:  []wantLink{{url: "https://h/x?cursor=a,b", rels: []string{"next"}}},
			next:  "https://h/x?cursor=a,b",
		},
		{
			name:  "several values in one line",
			lines: []string{`<https://h/p1>; rel="prev", <https://h/p3>; rel="next", <https://h/p9>; rel="last"`},
			want: []wantLink{
				{url: "https://h/p1", rels: []string{"prev"}},
				{url: "https://h/p3", rels: []string{"next"}},
				{url: "https://h/p9", rels: []string{"last"}},
			},
			next: "https://h/p3",
		},
		{
			name:  "two Link lines, prev then next",
			lines: []string{`<https://h/p1>; rel="prev"`, `<https://h/p3>; rel="next"`},
			want: []wantLink{
				{url: "https://h/p1", rels: []string{"prev"}},
				{url: "https://h/p3", rels: []string{"next"}},
			},
			next: "https://h/p3",
		},
		{
			name:  "several relation types",
			lines: []string{`<https://h/p3>; rel="next last"`},
			want:  []wantLink{{url: "https://h/p3", rels: []string{"next", "last"}}},
			next:  "https://h/p3",
		},
		{
			name:  "upper-case parameter name and relation type",
			lines: []string{`<https://h/p3>; REL="NEXT"`},
			want:  []wantLink{{url: "https://h/p3", rels: []string{"next"}}},
			next:  "https://h/p3",
		},
		{
			name:  "mixed case token value",
			lines: []string{`<https://h/p3>; Rel=Next`},
			want:  []wantLink{{url: "https://h/p3", rels: []string{"next"}}},
			next:  "https://h/p3",
		},
		{
			name:  "spaces around = and a tab before rel",
			lines: []string{"<https://h/p3> ;\trel = \"next\""},
			want:  []wantLink{{url: "https://h/p3", rels: []string{"next"}}},
			next:  "https://h/p3",
		},
		{
			name:  "tabs around ; and =",
			lines: []string{"<https://h/p3>\t;\trel\t=\tnext\t,\t<https://h/p1>;rel=prev"},
			want: []wantLink{
				{url: "https://h/p3", rels: []string{"next"}},
				{url: "https://h/p1", rels: []string{"prev"}},
			},
			next: "https://h/p3",
		},
		{
			name:  "quoted title holding a comma and a semicolon",
			lines: []string{`<https://h/p3>; title="a, b; c"; rel="next"`},
			want:  []wantLink{{url: "https://h/p3", rels: []string{"next"}, params: map[string]string{"title": "a, b; c"}}},
			next:  "https://h/p3",
		},
		{
			name:  "escaped quotes in a quoted-string",
			lines: []string{`<https://h/p3>; title="say \"hi\""; rel=next`},
			want:  []wantLink{{url: "https://h/p3", rels: []string{"next"}, params: map[string]string{"title": `say "hi"`}}},
			next:  "https://h/p3",
		},
		{
			name:  "quoted comma then a second link",
			lines: []string{`<https://h/p1>; title="x, <https://evil/>; rel=next"; rel=prev, <https://h/p3>; rel=next`},
			want: []wantLink{
				{url: "https://h/p1", rels: []string{"prev"}, params: map[string]string{"title": `x, <https://evil/>; rel=next`}},
				{url: "https://h/p3", rels: []string{"next"}},
			},
			next: "https://h/p3",
		},
		{
			name:  "only the first rel counts",
			lines: []string{`<https://h/p3>; rel="next"; rel="prev"`},
			want:  []wantLink{{url: "https://h/p3", rels: []string{"next"}, params: map[string]string{"rel": "next"}}},
			next:  "https://h/p3",
		},
		{
			name:  "first rel counts, next only in the second",
			lines: []string{`<https://h/p1>; rel="prev"; rel="next"`},
			want:  []wantLink{{url: "https://h/p1", rels: []string{"prev"}}},
		},
		{
			name:  "relative reference with a query",
			lines: []string{`</api/v3/integrations/1/logs?cursor=2>; rel="next"`},
			want:  []wantLink{{url: "https://api.example.com/api/v3/integrations/1/logs?cursor=2", rels: []string{"next"}}},
			next:  "https://api.example.com/api/v3/integrations/1/logs?cursor=2",
		},
		{
			name:  "query-only relative reference",
			lines: []string{`<?cursor=3>; rel=next`},
			want:  []wantLink{{url: "https://api.example.com/api/v3/integrations/1/logs?cursor=3", rels: []string{"next"}}},
			next:  "https://api.example.com/api/v3/integrations/1/logs?cursor=3",
		},
		{
			name:  "leading empty element",
			lines: []string{`, <https://h/p3>; rel="next"`},
			want:  []wantLink{{url: "https://h/p3", rels: []string{"next"}}},
			next:  "https://h/p3",
		},
		{
			name:  "empty elements everywhere",
			lines: []string{` ,, <https://h/p3>; rel="next" ,  ,`},
			want:  []wantLink{{url: "https://h/p3", rels: []string{"next"}}},
			next:  "https://h/p3",
		},
		{
			name:  "no rel",
			lines: []string{`<https://a/p3>`},
			want:  []wantLink{{url: "https://a/p3"}},
		},
		{
			name:  "rel without a value",
			lines: []string{`<https://a/p3>; rel; title=x`},
			want:  []wantLink{{url: "https://a/p3", params: map[string]string{"rel": "", "title": "x"}}},
		},
		{
			name:  "missing closing bracket",
			lines: []string{`<https://a/p3; rel="next"`},
		},
		{
			name:  "missing closing bracket, next link still found",
			lines: []string{`<https://a/p3, <https://h/p4>; rel="next"`},
			want:  []wantLink{{url: "https://h/p4", rels: []string{"next"}}},
			next:  "https://h/p4",
		},
		{
			name:  "not a link at all",
			lines: []string{`string`},
		},
		{
			name:  "garbage before a good link",
			lines: []string{`string, <https://h/p3>; rel=next`},
			want:  []wantLink{{url: "https://h/p3", rels: []string{"next"}}},
			next:  "https://h/p3",
		},
		{
			name:  "garbage after the target drops the link",
			lines: []string{`<https://h/p1> junk; rel=next, <https://h/p3>; rel=next`},
			want:  []wantLink{{url: "https://h/p3", rels: []string{"next"}}},
			next:  "https://h/p3",
		},
		{
			name:  "unterminated quoted-string drops the link",
			lines: []string{`<https://h/p3>; rel="next`},
		},
		{
			name:  "bad line does not spoil the next line",
			lines: []string{`<https://h/p1; rel="next`, `<https://h/p3>; rel=next`},
			want:  []wantLink{{url: "https://h/p3", rels: []string{"next"}}},
			next:  "https://h/p3",
		},
		{
			name:  "unparseable URL skipped",
			lines: []string{`<http://[::1>; rel=next, <https://h/p3>; rel=next`},
			want:  []wantLink{{url: "https://h/p3", rels: []string{"next"}}},
			next:  "https://h/p3",
		},
		{
			name:  "empty header value",
			lines: []string{``},
		},
		{
			name:  "first next wins across lines",
			lines: []string{`<https://h/a>; rel=next`, `<https://h/b>; rel=next`},
			want: []wantLink{
				{url: "https://h/a", rels: []string{"next"}},
				{url: "https://h/b", rels: []string{"next"}},
			},
			next: "https://h/a",
		},
		{
			name:  "extension relation type and empty parameters",
			lines: []string{`<https://h/p3>;; rel="https://example.com/Rel next";`},
			want:  []wantLink{{url: "https://h/p3", rels: []string{"https://example.com/rel", "next"}}},
			next:  "https://h/p3",
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			h := linkHeader(tt.lines...)
			base := mustURL(t, reqURL)
			got := ParseLinks(h, base)
			if len(got) != len(tt.want) {
				t.Fatalf("ParseLinks(%q) = %d links %v, want %d", tt.lines, len(got), got, len(tt.want))
			}
			for i, w := range tt.want {
				g := got[i]
				if g.URL == nil || g.URL.String() != w.url {
					t.Errorf("link %d: URL = %v, want %s", i, g.URL, w.url)
				}
				if len(g.Rels) != 0 || len(w.rels) != 0 {
					if !reflect.DeepEqual(g.Rels, w.rels) {
						t.Errorf("link %d: Rels = %q, want %q", i, g.Rels, w.rels)
					}
				}
				for k, v := range w.params {
					if gv, ok := g.Params[k]; !ok || gv != v {
						t.Errorf("link %d: Params[%q] = %q (present %v), want %q", i, k, gv, ok, v)
					}
				}
			}
			next := NextURL(h, base)
			switch {
			case tt.next == "" && next != nil:
				t.Errorf("NextURL = %s, want none", next)
			case tt.next != "" && (next == nil || next.String() != tt.next):
				t.Errorf("NextURL = %v, want %s", next, tt.next)
			}
		})
	}
}

// A cursor holding `%3A`, `%2B` and a raw `+` must go back byte for byte:
// decoding and re-encoding would turn the `+` into a space on the server.
func TestNextURLKeepsQueryBytes(t *testing.T) {
	t.Parallel()
	for _, target := range []string{
		"https://h/api/v3/integrations/1/logs?cursor=2023-03-01T02%3A02%3A00%2B01%3A00",
		"https://h/api/v3/integrations/1/logs?cursor=2023-03-01T02:02:00+01:00&page_size=2",
		"https://h/api/v3/integrations/1/logs?cursor=YWJj/ZA==&x=%2f",
		"/api/v3/integrations/1/logs?cursor=2023-03-01T02:02:00+01:00",
		"?cursor=a+b%2Bc",
	} {
		h := linkHeader("<" + target + `>; rel="next"`)
		next := NextURL(h, mustURL(t, reqURL))
		if next == nil {
			t.Fatalf("%s: no next", target)
		}
		wantQuery := target[strings.IndexByte(target, '?')+1:]
		if next.RawQuery != wantQuery {
			t.Errorf("RawQuery = %q, want %q", next.RawQuery, wantQuery)
		}
		if strings.HasPrefix(target, "https:") && next.String() != target {
			t.Errorf("String() = %q, want %q", next.String(), target)
		}
		if !strings.HasSuffix(next.String(), "?"+wantQuery) {
			t.Errorf("String() = %q does not end in ?%s", next.String(), wantQuery)
		}
	}
}

func TestParseLinksRelativeWithoutBase(t *testing.T) {
	t.Parallel()
	h := linkHeader(`</p2>; rel=next, <https://h/p3>; rel=last`)
	got := ParseLinks(h, nil)
	if len(got) != 1 || got[0].URL.String() != "https://h/p3" {
		t.Fatalf("ParseLinks without base = %v, want only the absolute link", got)
	}
	if NextURL(h, nil) != nil {
		t.Fatal("NextURL without base resolved a relative reference")
	}
}

func TestHasRel(t *testing.T) {
	t.Parallel()
	l := Link{Rels: []string{"next", "last"}}
	if !l.HasRel("NEXT") || !l.HasRel("last") || l.HasRel("prev") {
		t.Fatalf("HasRel wrong for %v", l.Rels)
	}
}

// The work done for a header is bounded: links after 64 KiB are not read, a
// link cut by the cap is dropped rather than half-read, and at most maxLinks
// links come back.
func TestParseLinksBounded(t *testing.T) {
	t.Parallel()
	base := mustURL(t, reqURL)

	t.Run("link beyond the cap is ignored", func(t *testing.T) {
		pad := `<https://h/pad>; title="` + strings.Repeat("x", maxLinkHeaderBytes) + `"`
		h := linkHeader(pad + `, <https://h/p3>; rel=next`)
		if got := ParseLinks(h, base); len(got) != 0 {
			t.Fatalf("got %d links, want 0", len(got))
		}
	})
	t.Run("link before the cap is found", func(t *testing.T) {
		h := linkHeader(`<https://h/p3>; rel=next, ` + strings.Repeat("<https://h/x>; rel=prev, ", 10*maxLinkHeaderBytes/25))
		if next := NextURL(h, base); next == nil || next.String() != "https://h/p3" {
			t.Fatalf("NextURL = %v, want https://h/p3", next)
		}
	})
	t.Run("the cap spans lines", func(t *testing.T) {
		h := linkHeader(strings.Repeat(" ", maxLinkHeaderBytes), `<https://h/p3>; rel=next`)
		if next := NextURL(h, base); next != nil {
			t.Fatalf("NextURL = %v, want nil: the second line is beyond the cap", next)
		}
	})
	t.Run("a token cut by the cap is not read", func(t *testing.T) {
		// Cut at the cap, `rel=nextfoo` would read as `rel=next`.
		prefix := `<https://h/p3>; rel=`
		line := strings.Repeat(" ", maxLinkHeaderBytes-len(prefix)-len("next")) + prefix + "nextfoo"
		if next := NextURL(linkHeader(line), base); next != nil {
			t.Fatalf("NextURL = %v, want nil", next)
		}
	})
	t.Run("number of links is capped", func(t *testing.T) {
		h := linkHeader(strings.Repeat("<https://h/x>,", 5000))
		if got := ParseLinks(h, base); len(got) != maxLinks {
			t.Fatalf("got %d links, want %d", len(got), maxLinks)
		}
	})
	t.Run("flood of lines", func(t *testing.T) {
		lines := make([]string, 200000)
		lines[len(lines)-1] = `<https://h/p3>; rel=next`
		if next := NextURL(linkHeader(lines...), base); next != nil {
			t.Fatalf("NextURL = %v, want nil: beyond the cap", next)
		}
	})
}

// Next tells a missing next link from a header it could not read.
func TestNext(t *testing.T) {
	t.Parallel()
	base := mustURL(t, reqURL)
	ok := []struct {
		name string
		h    http.Header
		want string
	}{
		{"no header", http.Header{}, ""},
		{"empty header", linkHeader(""), ""},
		{"no rel", linkHeader(`<https://a/p3>`), ""},
		{"prev only", linkHeader(`<https://h/p1>; rel=prev`), ""},
		{"next", linkHeader(`<https://h/p1>; rel=prev`, `, <https://h/p3>; rel="next"`), "https://h/p3"},
	}
	for _, c := range ok {
		got, err := Next(c.h, base)
		if err != nil || (got == nil) != (c.want == "") || got != nil && got.String() != c.want {
			t.Errorf("%s: Next = %v, %v; want %q, nil", c.name, got, err, c.want)
		}
	}
	bad := []struct {
		name string
		h    http.Header
	}{
		{"not a link", linkHeader("string")},
		{"no closing bracket", linkHeader(`<https://a/p3; rel=next`)},
		{"unterminated quote", linkHeader(`<https://a/p3>; rel="next`)},
		{"bad parameters", linkHeader(`<https://a/p3> rel=next`)},
		{"bad target", linkHeader(`<http://[::1/x>; rel=next`)},
		{"malformed next after a good prev", linkHeader(`<https://h/p1>; rel=prev, https://h/p3; rel=next`)},
		{"too long", linkHeader(`<https://h/pad>; title="` + strings.Repeat("x", maxLinkHeaderBytes) + `", <https://h/p3>; rel=next`)},
		{"second line beyond the cap", linkHeader(strings.Repeat(" ", maxLinkHeaderBytes), `<https://h/p3>; rel=next`)},
		{"next past the link limit", linkHeader(strings.Repeat("<https://h/x>; rel=prev, ", maxLinks) + `<https://h/p3>; rel=next`)},
		{"next on a line past the link limit", linkHeader(strings.Repeat("<https://h/x>, ", maxLinks), `<https://h/p3>; rel=next`)},
	}
	for _, c := range bad {
		got, err := Next(c.h, base)
		if !errors.Is(err, ErrBadLinkHeader) || got != nil {
			t.Errorf("%s: Next = %v, %v; want ErrBadLinkHeader", c.name, got, err)
		}
	}
	// A relative link without a base cannot be resolved.
	if _, err := Next(linkHeader(`</p3>; rel=next`), nil); !errors.Is(err, ErrBadLinkHeader) {
		t.Errorf("relative link without a base: %v, want ErrBadLinkHeader", err)
	}
}
