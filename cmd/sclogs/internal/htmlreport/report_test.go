package htmlreport

import (
	"bytes"
	"strings"
	"testing"
	"time"

	"github.com/sclogs/sclogs/cmd/sclogs/internal/doctor"
	"github.com/sclogs/sclogs/gen"
	"golang.org/x/net/html"
)

// evil is text a shop controls, in every field the report shows.
const evil = `<script>alert(1)</script>"><svg onload=alert(2)><a href="https://evil.example/x">`

func report(t *testing.T) Report {
	t.Helper()
	return reportOf(t, 30)
}

func reportOf(t *testing.T, n int) Report {
	t.Helper()
	r := doctor.New()
	at := time.Date(2025, 11, 20, 10, 0, 0, 0, time.UTC)
	for i := range n {
		integ := 1 + i%2
		typ := "requests.exceptions.SSLError"
		url := "https://shop.example.com/orders/" + strings.Repeat("1", 1+i%3) + ".json?token=s3cr3t"
		if i%5 == 0 {
			typ = evil
			url = "https://shop.example.com/" + evil
		}
		r.Add(redacted(t, &gen.IntegrationLog{IntegrationID: &integ, ExceptionType: &typ, FullURL: &url,
			ResponseCode: new(495), CreatedAt: new(at.Add(time.Duration(i) * 3 * time.Hour))}))
	}
	return Report{Title: "Account " + evil, Generated: at, Total: r.Total(), Groups: r.Groups(),
		Integrations: r.Integrations(), Labels: map[int]string{1: "Shop " + evil, 2: "Fietsen"}}
}

// The report parses as HTML; nothing a shop wrote becomes markup: no
// script, no event handler, no link or external resource; each cause and
// each integration has its SVG timeline; secrets in URLs are redacted.
func TestReportStructure(t *testing.T) {
	rep := report(t)
	var buf bytes.Buffer
	if err := Write(&buf, rep); err != nil {
		t.Fatal(err)
	}
	doc, err := html.Parse(bytes.NewReader(buf.Bytes()))
	if err != nil {
		t.Fatal(err)
	}
	counts := map[string]int{}
	var text strings.Builder
	var walk func(n *html.Node)
	walk = func(n *html.Node) {
		if n.Type == html.ElementNode {
			counts[n.Data]++
			for _, a := range n.Attr {
				k := strings.ToLower(a.Key)
				if strings.HasPrefix(k, "on") || k == "href" || k == "src" || k == "xlink:href" || k == "action" {
					t.Errorf("<%s %s=%q>: no handlers, links or resources allowed", n.Data, a.Key, a.Val)
				}
			}
		}
		if n.Type == html.TextNode && (n.Parent == nil || n.Parent.Data != "style") {
			text.WriteString(n.Data)
		}
		for c := n.FirstChild; c != nil; c = c.NextSibling {
			walk(c)
		}
	}
	walk(doc)
	for _, el := range []string{"script", "a", "link", "img", "iframe", "object", "embed", "form", "base"} {
		if counts[el] > 0 {
			t.Errorf("%d <%s> elements", counts[el], el)
		}
	}
	if counts["section"] != 2 || counts["figure"] != counts["svg"] || counts["figcaption"] != counts["svg"] {
		t.Errorf("%d <section>, %d <svg>, %d <figure>, %d <figcaption>: want 2 integrations and a labelled figure per timeline",
			counts["section"], counts["svg"], counts["figure"], counts["figcaption"])
	}
	got := text.String()
	for _, want := range []string{evil, "Integration 1 (Shop " + evil + ")", "Integration 2 (Fietsen)", "SSL certificate problem",
		"token=[REDACTED]", "30 logs read"} {
		if !strings.Contains(got, want) {
			t.Errorf("report text lacks %q", want)
		}
	}
	if strings.Contains(buf.String(), "s3cr3t") {
		t.Error("a secret reached the report")
	}
	if !strings.Contains(buf.String(), `Content-Security-Policy" content="default-src 'none'`) {
		t.Error("no Content-Security-Policy: a missed escape could run a script")
	}
}

// An empty report still is a page.
func TestEmptyReport(t *testing.T) {
	var buf bytes.Buffer
	if err := Write(&buf, Report{Title: "integration 5"}); err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(buf.String(), "No logs: nothing to diagnose.") {
		t.Errorf("empty report:\n%s", buf.String())
	}
}
