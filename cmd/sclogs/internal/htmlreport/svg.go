package htmlreport

import (
	"html/template"
	"strings"
)

// Chart size in SVG user units; the bars fill the width.
const (
	chartW = 480
	chartH = 48
	barW   = chartW / columns
)

// timeline draws counts as an inline SVG bar chart. It holds numbers only
// (no text from shops), built here, so it is safe to mark as HTML.
func timeline(counts []int) template.HTML {
	peak := 0
	total := 0
	for _, c := range counts {
		peak = max(peak, c)
		total += c
	}
	var b strings.Builder
	b.WriteString(`<svg class="timeline" xmlns="http://www.w3.org/2000/svg" viewBox="0 0 ` + itoa(chartW) + ` ` + itoa(chartH) +
		`" width="` + itoa(chartW) + `" height="` + itoa(chartH) + `" role="img" aria-label="` + itoa(total) + ` logs over the period">`)
	b.WriteString(`<rect class="bg" x="0" y="0" width="` + itoa(chartW) + `" height="` + itoa(chartH) + `"/>`)
	for i, c := range counts {
		if c <= 0 || peak == 0 {
			continue
		}
		h := max(c*(chartH-2)/peak, 2)
		b.WriteString(`<rect class="bar" x="` + itoa(i*barW) + `" y="` + itoa(chartH-h) + `" width="` + itoa(barW-1) +
			`" height="` + itoa(h) + `"><title>` + itoa(c) + `</title></rect>`)
	}
	b.WriteString(`</svg>`)
	return template.HTML(b.String()) //nolint:gosec // numbers only
}
