package cli

import "fmt"

// progress shows records and pages read so far on stderr, on one line that
// is rewritten, once more than one page has been fetched. It is off unless
// stderr is a terminal (see showProgress).
type progress struct {
	a       *app
	on      bool
	shown   bool
	pages   int
	records int
}

func (a *app) newProgress() *progress { return &progress{a: a, on: a.showProgress()} }

func (p *progress) page(records int) {
	p.pages++
	p.records += records
	if p.on && p.pages > 1 {
		fmt.Fprintf(p.a.stderr, "\rsclogs: %d records, %d pages read", p.records, p.pages)
		p.shown = true
	}
}

func (p *progress) end() {
	if p.shown {
		fmt.Fprintln(p.a.stderr)
		p.shown = false
	}
}
