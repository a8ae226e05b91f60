package htmlreport

import (
	"html/template"
	"strings"
)

// Chart size in SVG user units; the bars fill the width.
const (
	chartW = 288
	chartH = 36
	barW   = chartW / columns
)

// timeline draws a timeline as an inline SVG bar chart with its labels
// beneath: the period's start and end, and what one bar stands for. It holds
// numbers and times only (no text from shops), built here, so it is safe
// to mark as HTML.
func timeline(t timelineView) template.HTML {
	peak := 0
	total := 0
	for _, c := range t.Counts {
		peak = max(peak, c)
		total += c
	}
	var b strings.Builder
	b.WriteString(`<figure class="tl"><svg class="timeline" xmlns="http://www.w3.org/2000/svg" viewBox="0 0 ` + itoa(chartW) + ` ` + itoa(chartH) +
		`" width="` + itoa(chartW) + `" height="` + itoa(chartH) + `" role="img" aria-label="` + plural(total, "log") + ` from ` +
		template.HTMLEscapeString(t.From) + ` to ` + template.HTMLEscapeString(t.To) + `">`)
	b.WriteString(`<rect class="bg" x="0" y="0" width="` + itoa(chartW) + `" height="` + itoa(chartH) + `"/>`)
	for i, c := range t.Counts {
		if c <= 0 || peak == 0 {
			continue
		}
		h := max(c*(chartH-2)/peak, 2)
		b.WriteString(`<rect class="bar" x="` + itoa(i*barW) + `" y="` + itoa(chartH-h) + `" width="` + itoa(barW-1) +
			`" height="` + itoa(h) + `"><title>` + plural(c, "log") + `</title></rect>`)
	}
	b.WriteString(`</svg><figcaption><span>` + template.HTMLEscapeString(t.From) + `</span><span>` + template.HTMLEscapeString(t.Each) +
		`</span><span>` + template.HTMLEscapeString(t.To) + `</span></figcaption></figure>`)
	return template.HTML(b.String()) //nolint:gosec // numbers and times only, escaped
}
