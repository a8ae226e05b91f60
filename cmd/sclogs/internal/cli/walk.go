package cli

import (
	"context"
	"fmt"

	"github.com/sclogs/sclogs"
)

// walkLogs reads an integration's logs page by page, showing progress, and
// calls visit for each record that passes f, with its page and whether it is
// the page's last record. It stops when visit says so or fails, at the first
// record older than --since (the API lists newest first), or at the end. A
// listing error comes back as a failure (exit 1); visit's errors as they are.
func (a *app) walkLogs(ctx context.Context, c *sclogs.Client, id int, opts *sclogs.ListOptions, f filter,
	visit func(l *sclogs.Log, page *sclogs.Page, last bool) (more bool, err error)) (pages int, err error) {
	prog := a.newProgress()
	defer prog.end()
	for page, err := range c.LogPages(ctx, id, opts) {
		if err != nil {
			return prog.pages, fail(interrupted(ctx, fromLibrary(err, fmt.Sprintf("reading integration %d", id))))
		}
		prog.page(len(page.Logs))
		for i := range page.Logs {
			l := &page.Logs[i]
			if f.done(l) {
				return prog.pages, nil
			}
			if !f.match(l) {
				continue
			}
			if more, err := visit(l, page, i == len(page.Logs)-1); err != nil || !more {
				return prog.pages, err
			}
		}
	}
	return prog.pages, nil
}
