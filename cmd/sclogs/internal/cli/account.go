package cli

import (
	"context"
	"sync"

	"github.com/sclogs/sclogs"
	"github.com/spf13/cobra"
)

// The account read integration by integration, side by side (--concurrency),
// and merged newest first: the one place the CLI merges listings. What the
// merge carries of each log is a mergedRecord, made from its page by
// pageRecords; the merge itself (sclogs.MergeAllLogs over
// pagination.Merge) is generic over it, so a record can bring along
// whatever else the pipeline keeps of it.

// mergedRecord is one log as the account-wide merge carries it.
type mergedRecord = *sclogs.Log

// pageRecords is what the merge takes from a page: a pointer to each log.
func pageRecords(p *sclogs.Page) []mergedRecord {
	out := make([]mergedRecord, len(p.Logs))
	for i := range p.Logs {
		out[i] = &p.Logs[i]
	}
	return out
}

// recordOrder is the merge's order: the API's, newest first.
func recordOrder(a, b mergedRecord) int { return sclogs.NewestFirst(a, b) }

// walkAccount reads the account's logs as par says (Concurrency requests
// in flight) and calls visit for each record that passes f, like walkLogs.
// ordered merges the integrations newest first (list), where --since ends
// the walk exactly where the single account-wide cursor would; otherwise
// (doctor, whose diagnosis is grouped per integration and so needs no
// order across them) each integration's records come in their own order,
// fewer integrations are open at once, and --since ends each integration's
// listing on its own.
func (a *app) walkAccount(ctx context.Context, c *sclogs.Client, opts *sclogs.ListOptions, par *sclogs.ParallelOptions, ordered bool,
	f filter, visit func(l *sclogs.Log) (more bool, err error)) (st walkStats, err error) {
	prog := a.newProgress()
	var mu sync.Mutex // pages arrive from the listings' goroutines
	cut := 0          // records past --since, read but not walked (unordered)
	records := func(p *sclogs.Page) ([]mergedRecord, bool) {
		rs := pageRecords(p)
		more := true
		if !ordered {
			// Newest first: the first record past --since ends this
			// integration's listing.
			for i, r := range rs {
				if f.done(r) {
					rs, more = rs[:i], false
					mu.Lock()
					cut++
					mu.Unlock()
					break
				}
			}
		}
		mu.Lock()
		prog.page(len(p.Logs))
		mu.Unlock()
		return rs, more
	}
	defer func() {
		mu.Lock()
		defer mu.Unlock()
		prog.end()
		st.pages = prog.pages
		st.records += cut
	}()
	order := recordOrder
	if !ordered {
		order = nil
	}
	for l, err := range sclogs.MergeAllLogs(ctx, c, opts, par, records, order) {
		if err != nil {
			return st, fail(interrupted(ctx, fromLibrary(err, "reading the account's logs")))
		}
		st.note(l)
		if f.done(l) {
			return st, nil
		}
		if !f.match(l) {
			continue
		}
		if more, err := visit(l); err != nil || !more {
			return st, err
		}
	}
	return st, nil
}

// maxConcurrency bounds --concurrency (the library's own limit).
const maxConcurrency = 64

// concurrencyFlag registers --concurrency on an account-wide command.
func concurrencyFlag(cmd *cobra.Command, p *int) {
	cmd.Flags().IntVar(p, "concurrency", 0, "without INTEGRATION_ID: read up to N integrations side by side (requests in flight), "+
		"merged newest first; 1 = the single account-wide cursor (default: from --rate, 8 at 1000/min)")
}

// concurrency checks --concurrency and returns it, or the client's default
// when it was not given.
func concurrency(cmd *cobra.Command, c *sclogs.Client, n int) (int, error) {
	if !cmd.Flags().Changed("concurrency") {
		return c.DefaultConcurrency(), nil
	}
	if n < 1 || n > maxConcurrency {
		return 0, usagef("invalid --concurrency %d: must be 1 to %d", n, maxConcurrency)
	}
	return n, nil
}
