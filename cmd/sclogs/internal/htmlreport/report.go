// Package htmlreport writes `sclogs doctor --html`: one self-contained HTML
// file (inline CSS and SVG, no scripts, no external assets) with the causes
// of an integration's or an account's failures, their fix hints, redacted
// example URLs and a timeline per cause and per integration. Text from shops
// is escaped by html/template, its control and bidi characters replaced
// (output.Cell) so it cannot reorder what the reader sees.
package htmlreport

import (
	"bufio"
	_ "embed"
	"html/template"
	"io"
	"time"

	"github.com/sclogs/sclogs/cmd/sclogs/internal/doctor"
)

// Report is what the HTML report shows.
type Report struct {
	// Title heads the page, e.g. "Integration 12" or "Account".
	Title string
	// Generated is when the report was made.
	Generated time.Time
	// Zone is where times are shown (nil: UTC).
	Zone *time.Location
	// Total is the number of records read.
	Total int
	// Groups are the causes, most frequent first.
	Groups []doctor.Group
	// Integrations are the per-integration totals and timelines.
	Integrations []doctor.Integration
	// Labels name integrations (shop names); may be nil.
	Labels map[int]string
	// Failing are the integrations Sendcloud marks as failing, with the time
	// since when; they come first. May be nil.
	Failing map[int]time.Time
	// From and To are the timelines' period: zero values mean the oldest
	// and newest record.
	From, To time.Time
}

//go:embed report.html.tmpl
var pageTemplate string

var page = template.Must(template.New("report").Funcs(template.FuncMap{
	"timeline": timeline,
}).Parse(pageTemplate))

// Write writes the report as one HTML document.
func Write(w io.Writer, r Report) error {
	bw := bufio.NewWriter(w)
	if err := page.Execute(bw, r.view()); err != nil {
		return err
	}
	return bw.Flush()
}
