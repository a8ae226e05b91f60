package htmlreport

import (
	"bytes"
	"regexp"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/sclogs/sclogs/cmd/sclogs/internal/doctor"
	"github.com/sclogs/sclogs/gen"
	"golang.org/x/net/html"
)

// node helpers over a parsed page.
func parse(t *testing.T, b []byte) *html.Node {
	t.Helper()
	doc, err := html.Parse(bytes.NewReader(b))
	if err != nil {
		t.Fatal(err)
	}
	return doc
}

func hasClass(n *html.Node, class string) bool {
	for _, a := range n.Attr {
		if a.Key == "class" && strings.Contains(" "+a.Val+" ", " "+class+" ") {
			return true
		}
	}
	return false
}

func find(n *html.Node, ok func(*html.Node) bool) []*html.Node {
	var out []*html.Node
	var walk func(*html.Node)
	walk = func(x *html.Node) {
		if x.Type == html.ElementNode && ok(x) {
			out = append(out, x)
		}
		for c := x.FirstChild; c != nil; c = c.NextSibling {
			walk(c)
		}
	}
	walk(n)
	return out
}

func textOf(n *html.Node) string {
	var b strings.Builder
	var walk func(*html.Node)
	walk = func(x *html.Node) {
		if x.Type == html.TextNode {
			b.WriteString(x.Data)
		}
		for c := x.FirstChild; c != nil; c = c.NextSibling {
			walk(c)
		}
	}
	walk(n)
	return b.String()
}

func element(name string) func(*html.Node) bool {
	return func(n *html.Node) bool { return n.Data == name }
}

// A report with many causes leads with what to do: per integration one
// block per fix, its advice once, its causes beneath (the rare ones folded
// in <details>), ranks 1, 2, 3… down each integration, failing integrations
// first, plurals right, every timeline labelled with its period and bar.
func TestReportLeadsWithWhatToDo(t *testing.T) {
	t.Parallel()
	r := doctor.New()
	at := time.Date(2025, 11, 20, 10, 0, 0, 0, time.UTC)
	add := func(integ int, typ string, code int, url string, n int) {
		for i := range n {
			r.Add(&gen.IntegrationLog{IntegrationID: new(integ), ExceptionType: new(typ), FullURL: new(url),
				ResponseCode: new(code), CreatedAt: new(at.Add(time.Duration(i) * time.Hour))})
		}
	}
	// Integration 1, not failing, has the most logs; 2 is failing.
	add(1, "requests.exceptions.HTTPError", 401, "https://www.one.example/orders.json", 40)
	add(1, "requests.exceptions.HTTPError", 403, "https://www.one.example/products.json", 10)
	for i := range 20 { // twenty causes of one log each: rare
		add(1, "requests.exceptions.HTTPError", 500, "https://www.one.example/hook"+strconv.Itoa(i)+"/x/y", 1)
	}
	add(2, "requests.exceptions.SSLError", 495, "https://two.example/a", 5)
	add(2, "requests.exceptions.HTTPError", 404, "https://two.example/b", 1)
	rep := Report{Title: "the account", Generated: at, Total: r.Total(), Groups: r.Groups(), Integrations: r.Integrations(),
		Labels: map[int]string{1: "One", 2: "Two"}, Failing: map[int]time.Time{2: at}}
	var buf bytes.Buffer
	if err := Write(&buf, rep); err != nil {
		t.Fatal(err)
	}
	doc := parse(t, buf.Bytes())
	page := textOf(doc)
	if regexp.MustCompile(`\b1 (logs|causes)\b`).MatchString(page) {
		t.Errorf("a wrong plural in the page: %q", regexp.MustCompile(`\b1 (logs|causes)\b`).FindString(page))
	}
	sections := find(doc, element("section"))
	if len(sections) != 2 {
		t.Fatalf("%d sections, want one per integration", len(sections))
	}
	if h := textOf(find(sections[0], element("h2"))[0]); !strings.Contains(h, "Integration 2 (Two)") || !strings.Contains(h, "failing since") {
		t.Errorf("first integration %q: want the failing one first", h)
	}
	for _, sec := range sections {
		blocks := find(sec, func(n *html.Node) bool { return hasClass(n, "fix") })
		seen := map[string]bool{}
		rank := 0
		for _, b := range blocks {
			head := textOf(find(b, func(n *html.Node) bool { return hasClass(n, "head") })[0])
			title := textOf(find(b, element("strong"))[0])
			if seen[title] {
				t.Errorf("fix %q has two blocks in one integration", title)
			}
			seen[title] = true
			if hint := findHint(title); hint.Text == "" || strings.Count(textOf(sec), hint.Text) != 1 || !strings.Contains(head, hint.Text) {
				t.Errorf("block %q: want its advice once, in its head", title)
			}
			for _, row := range find(b, func(n *html.Node) bool { return hasClass(n, "cause") && !hasClass(n, "rare") }) {
				rank++
				if got := strings.TrimSpace(textOf(row.FirstChild)); got != strconv.Itoa(rank) {
					t.Errorf("rank %q, want %d: ranks must run 1, 2, 3…", got, rank)
				}
			}
		}
	}
	details := find(sections[1], element("details"))
	if len(details) != 1 || len(find(details[0], func(n *html.Node) bool { return hasClass(n, "rare") })) != 19 ||
		!strings.Contains(textOf(details[0]), "19 rarer causes, 19 logs") {
		t.Errorf("integration 1: want 19 of its 20 one-log causes folded in one <details> saying so (a block shows its biggest)")
	}
	for _, fig := range find(doc, element("figure")) {
		spans := find(fig, element("span"))
		if len(spans) != 3 || !strings.HasPrefix(textOf(spans[0]), "2025-11-20") || !strings.HasPrefix(textOf(spans[1]), "each bar ") ||
			!strings.HasPrefix(textOf(spans[2]), "2025-11-2") {
			t.Errorf("timeline labels %q: want start, bar width, end", textOf(fig))
		}
	}
	if n := len(find(doc, element("svg"))); n != 2+len(find(doc, func(n *html.Node) bool { return hasClass(n, "fix") })) {
		t.Errorf("%d timelines: want one per integration (the overview) and one per fix block", n)
	}
}

func findHint(title string) doctor.Hint {
	for _, h := range append(doctor.Hints[:len(doctor.Hints):len(doctor.Hints)], doctor.Unknown) {
		if h.Title == title {
			return h
		}
	}
	return doctor.Hint{}
}
