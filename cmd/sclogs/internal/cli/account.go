package cli

import (
	"context"
	"fmt"
	"sync"

	"github.com/sclogs/sclogs"
	"github.com/sclogs/sclogs/cmd/sclogs/internal/output"
	"github.com/sclogs/sclogs/cmd/sclogs/internal/records"
	"github.com/spf13/cobra"
)

// The account read integration by integration, side by side (--concurrency),
// and merged newest first: the one place the CLI merges listings. What the
// merge carries of each log is a mergedRecord, made from its page by
// pageRecords; the merge itself (sclogs.MergeAllLogs over
// pagination.Merge) is generic over it, so a record can bring along
// whatever else the pipeline keeps of it.

// mergedRecord is one log as the account-wide merge carries it: through
// the pipeline (package records), as redacted and decoded.
type mergedRecord = output.Record

// pageRecords is what the merge takes from a page: each record through the
// pipeline, its own (records outlive their page in the merge), decoded
// (the merge orders by the redacted view).
func pageRecords(pipe *records.Pipeline, p *sclogs.Page) ([]mergedRecord, error) {
	out := make([]mergedRecord, len(p.Logs))
	for i := range p.Logs {
		r, err := pipe.Next(p, i, true)
		if err != nil {
			return nil, err
		}
		out[i] = r
	}
	return out, nil
}

// recordOrder is the merge's order: the API's, newest first.
func recordOrder(a, b mergedRecord) int { return sclogs.NewestFirst(a.Log, b.Log) }

// walkAccount reads the account's logs as par says (Concurrency requests
// in flight) and calls visit for each record that passes f, like walkLogs.
// ordered merges the integrations newest first (list), where --since ends
// the walk exactly where the single account-wide cursor would; otherwise
// (doctor, whose diagnosis is grouped per integration and so needs no
// order across them) each integration's records come in their own order,
// fewer integrations are open at once, and --since ends each integration's
// listing on its own.
func (a *app) walkAccount(ctx context.Context, c *sclogs.Client, opts *sclogs.ListOptions, par *sclogs.ParallelOptions, ordered, redact bool,
	f filter, visit func(r output.Record) (more bool, err error)) (st walkStats, err error) {
	prog := a.newProgress()
	o := *opts
	o.KeepRaw = true // the records as received, for the pipeline
	opts = &o
	var mu sync.Mutex // pages arrive from the listings' goroutines
	cut := 0          // records past --since, read but not walked (unordered)
	var pipeErr error // a page the pipeline refused (under mu)
	take := func(p *sclogs.Page) ([]mergedRecord, bool) {
		// One pipeline per page: pages arrive from several goroutines.
		rs, err := pageRecords(&records.Pipeline{Redact: redact, View: true}, p)
		if err != nil {
			mu.Lock()
			pipeErr = err
			mu.Unlock()
			return nil, false
		}
		more := true
		if !ordered {
			// Newest first: the first record past --since ends this
			// integration's listing.
			for i, r := range rs {
				if f.done(r.Log) {
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
	for r, err := range sclogs.MergeAllLogs(ctx, c, opts, par, take, order) {
		if err != nil {
			return st, fail(interrupted(ctx, fromLibrary(err, "reading the account's logs")))
		}
		st.note(r.Log)
		if f.done(r.Log) {
			return st, nil
		}
		if !f.match(r.Log) {
			continue
		}
		if more, err := visit(r); err != nil || !more {
			return st, err
		}
	}
	mu.Lock()
	defer mu.Unlock()
	if pipeErr != nil {
		return st, fail(fmt.Errorf("reading the account's logs: %w", pipeErr))
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
