package cli

import (
	"context"
	"fmt"
	"iter"
	"time"

	"github.com/sclogs/sclogs"
	"github.com/sclogs/sclogs/cmd/sclogs/internal/output"
	"github.com/sclogs/sclogs/cmd/sclogs/internal/records"
	"github.com/sclogs/sclogs/gen"
)

// walkStats is what a walk read: pages and records (before filtering), and
// the newest record's created_at (nil when none had one).
type walkStats struct {
	pages, records int
	newest         *time.Time
}

// note records one record read.
func (s *walkStats) note(l *gen.IntegrationLog) {
	s.records++
	if l == nil {
		return // not decoded: no filter asked for it
	}
	if l.CreatedAt != nil && (s.newest == nil || l.CreatedAt.After(*s.newest)) {
		t := *l.CreatedAt
		s.newest = &t
	}
}

// walkLogs reads an integration's logs page by page, showing progress, and
// calls visit for each record that passes f, with its page and whether it is
// the page's last record. Every record comes through the pipeline
// (package records): redacted once unless redact is false, and the filters
// read the redacted record. With view false (and no filter) a record's Log
// may be nil: the caller writes its JSON only. It stops when visit says so
// or fails, at the first record older than --since (the API lists newest
// first), or at the end. A listing error comes back as a failure (exit 1);
// visit's errors as they are.
func (a *app) walkLogs(ctx context.Context, c *sclogs.Client, id int, opts sclogs.ListOptions, redact, view bool, f filter,
	visit func(r output.Record, page *sclogs.Page, last bool) (more bool, err error)) (st walkStats, err error) {
	p := &records.Pipeline{Redact: redact, View: view || f.active()}
	opts.KeepRaw = true
	if !p.View {
		// Nothing reads a decoded record (JSON or NDJSON, no filter): the
		// library only checks each record (RawOnly), and as every record is
		// written before the next page is asked for, the pages' bytes may
		// share memory (ReuseRaw).
		opts.RawOnly, opts.ReuseRaw = true, true
	}
	if id == accountWide {
		return a.walkPages(ctx, c.AllLogPages(ctx, &opts), "the account's logs", p, f, visit)
	}
	return a.walkPages(ctx, c.LogPages(ctx, id, &opts), fmt.Sprintf("integration %d", id), p, f, visit)
}

// accountWide, as an integration id, means every integration of the
// account (GET /integrations/logs).
const accountWide = 0

// walkPages is walkLogs over any page sequence; what names it in errors.
func (a *app) walkPages(ctx context.Context, pages iter.Seq2[*sclogs.Page, error], what string, p *records.Pipeline, f filter,
	visit func(r output.Record, page *sclogs.Page, last bool) (more bool, err error)) (st walkStats, err error) {
	prog := a.newProgress()
	defer prog.end()
	defer func() { st.pages = prog.pages }()
	for page, err := range pages {
		if err != nil {
			return st, fail(interrupted(ctx, fromLibrary(err, "reading "+what)))
		}
		// Over the page's records (its decoded logs, unless RawOnly): Next
		// refuses a page whose records' bytes are missing, so none is
		// skipped in silence.
		n := page.Len()
		prog.page(n)
		for i := range n {
			r, err := p.Next(page, i, false)
			if err != nil {
				return st, fail(fmt.Errorf("reading %s: %w", what, err))
			}
			l := r.Log
			st.note(l)
			if l != nil && f.done(l) {
				return st, nil
			}
			if l != nil && !f.match(l) {
				continue
			}
			if more, err := visit(r, page, i == n-1); err != nil || !more {
				return st, err
			}
		}
	}
	return st, nil
}

// noneMatched says on stderr that the filters left nothing, out of how many
// records, and how new the newest was, so a wrong --since is seen at once.
func (a *app) noneMatched(f filter, st walkStats, zone *time.Location) {
	if !f.active() || st.records == 0 {
		return
	}
	msg := fmt.Sprintf("sclogs: 0 of %s matched %s", plural(st.records, "log"), f.desc)
	if t := st.newest; t != nil {
		if zone != nil {
			*t = t.In(zone)
		}
		msg += "; newest is " + t.Format(time.RFC3339)
	}
	fmt.Fprintln(a.stderr, msg)
}

func plural(n int, noun string) string {
	if n == 1 {
		return "1 " + noun
	}
	return fmt.Sprintf("%d %ss", n, noun)
}
