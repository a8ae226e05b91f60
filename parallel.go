package sclogs

import (
	"cmp"
	"context"
	"errors"
	"fmt"
	"iter"
	"math"

	"github.com/sclogs/sclogs/pagination"
)

// An account-wide listing over GET /integrations/logs is one cursor: each
// page's next link comes from the page before, so it takes pages × round
// trip however many integrations the account has. The functions here read
// the integrations' own listings side by side instead, within the Client's
// rate budget, and merge them newest first.

// ParallelOptions say which integrations [Client.AllLogsParallel] and
// [MergeAllLogs] read, and how many requests they have in flight.
type ParallelOptions struct {
	// Concurrency is the most requests in flight at once; 0 means
	// [Client.DefaultConcurrency].
	Concurrency int
	// IntegrationIDs are the integrations to read; nil means every
	// integration of the account (one ListIntegrations request first).
	IntegrationIDs []int
	// Integrations, when IntegrationIDs is nil, is the account's list of
	// integrations as [Client.ListIntegrations] returned it, for a caller
	// that has it already (for the shop names, say): it saves that
	// request, and is read as if listed here.
	Integrations []Integration
}

// maxConcurrency bounds ParallelOptions.Concurrency: past the budget's rate,
// more requests in flight only wait for it.
const maxConcurrency = 64

// DefaultConcurrency is how many requests the parallel listings keep in
// flight unless told otherwise: one per 125 requests a minute of the rate
// budget (8 for Sendcloud's 1,000), between 1 and 16, and 8 without a
// budget. At a round trip of 100–300 ms, 8 requests in flight keep well
// ahead of 1,000 a minute, so a job within the budget's burst runs at full
// speed, and past it the budget, not the concurrency, sets the pace.
func (c *Client) DefaultConcurrency() int {
	b := c.doer.Limit
	if b == nil {
		return 8
	}
	n, per := b.Limit()
	perMinute := float64(n) * float64(60e9) / float64(per)
	return int(min(max(math.Round(perMinute/125), 1), 16))
}

// AllLogsParallel walks the logs of every integration of the account (or
// of par.IntegrationIDs), newest first, like [Client.AllLogs]; but instead
// of the one account-wide cursor it reads each integration's own listing
// ([Client.LogPages]: the same next-link, scope, loop and empty-page checks)
// with up to par.Concurrency requests in flight, sharing the Client's rate
// budget, and merges them newest first (records without created_at come
// as soon as they are their listing's next; equal times: higher id first).
//
// opts apply to each integration's listing (PageSize; MaxPages per
// integration); a Cursor is an error, as it belongs to one listing, and
// Prefetch is not used (the merge fetches ahead itself). par may be nil.
// Memory is bounded by the number of integrations: at most two pages each.
// An integration deleted after the account's integrations were listed (its
// listing's first page is a 404) has no logs to read and is skipped. An
// error is yielded once, naming the integration, and ends the walk.
func (c *Client) AllLogsParallel(ctx context.Context, opts *ListOptions, par *ParallelOptions) iter.Seq2[Log, error] {
	return func(yield func(Log, error) bool) {
		if opts != nil && opts.RawOnly {
			o := *opts
			o.RawOnly = false // the merge orders the decoded records
			opts = &o
		}
		for l, err := range MergeAllLogs(ctx, c, opts, par, pageLogs, NewestFirst) {
			var v Log
			if l != nil {
				v = *l
			}
			if !yield(v, err) {
				return
			}
		}
	}
}

// pageLogs is what AllLogsParallel merges of a page: its records.
func pageLogs(p *Page) ([]*Log, bool) {
	out := make([]*Log, len(p.Logs))
	for i := range p.Logs {
		out[i] = &p.Logs[i]
	}
	return out, true
}

// MergeAllLogs is [Client.AllLogsParallel] for records of the caller's own
// type: records takes what the walk carries from each page (a record and
// whatever else the caller keeps of the page) and says whether to read that
// integration further (false ends its listing after these, e.g. past a
// time the caller wants no older records than); order sorts them (negative
// when a comes first; [NewestFirst] for *Log). It is what the CLI uses to
// carry its own records through the merge.
//
// With a nil order there is no merge: each integration's records come in
// its own order (newest first), integrations interleaved as their pages
// arrive, and only Concurrency integrations are read at a time, each to its
// end (pagination.Interleave). Memory is then bounded by the concurrency,
// not by the number of integrations: for a caller that needs no order
// across integrations, such as a diagnosis grouped per integration.
func MergeAllLogs[T any](ctx context.Context, c *Client, opts *ListOptions, par *ParallelOptions, records func(*Page) ([]T, bool),
	order func(a, b T) int) iter.Seq2[T, error] {
	return func(yield func(T, error) bool) {
		var zero T
		o, p, err := c.parallelArgs(opts, par)
		if err != nil {
			yield(zero, leave(err))
			return
		}
		ids, listed := p.IntegrationIDs, p.IntegrationIDs == nil
		if listed {
			list := p.Integrations
			if list == nil {
				if list, err = c.ListIntegrations(ctx, nil); err != nil {
					yield(zero, err)
					return
				}
			}
			ids = idsOf(list)
		}
		listings := make([]pagination.Listing[T], len(ids))
		for i, id := range ids {
			listings[i] = func(ctx context.Context) iter.Seq2[[]T, error] {
				return integrationListing(ctx, c, id, o, listed, records)
			}
		}
		mo := pagination.MergeOptions{Concurrency: p.Concurrency}
		walk := pagination.Interleave(ctx, listings, mo)
		if order != nil {
			walk = pagination.Merge(ctx, listings, order, mo)
		}
		for r, err := range walk {
			if !yield(r, err) || err != nil {
				return
			}
		}
	}
}

// parallelArgs checks the options of a parallel listing and fills in the
// defaults.
func (c *Client) parallelArgs(opts *ListOptions, par *ParallelOptions) (ListOptions, ParallelOptions, error) {
	var o ListOptions
	if opts != nil {
		o = *opts
	}
	var p ParallelOptions
	if par != nil {
		p = *par
	}
	switch {
	case o.Cursor != "":
		return o, p, errors.New("a cursor belongs to one listing: a parallel listing reads each integration from its newest log")
	case p.Concurrency < 0 || p.Concurrency > maxConcurrency:
		return o, p, fmt.Errorf("concurrency must be 1 to %d (or 0 for the default), got %d", maxConcurrency, p.Concurrency)
	}
	if p.Concurrency == 0 {
		p.Concurrency = c.DefaultConcurrency()
	}
	for _, id := range p.IntegrationIDs {
		if err := checkID(id); err != nil {
			return o, p, err
		}
	}
	o.Prefetch = 0     // one request per step: the merge's concurrency bounds them
	o.ReuseRaw = false // the merge holds a page's records past its hand-over
	return o, p, nil
}

// idsOf returns the ids of a list of integrations, each once.
func idsOf(list []Integration) []int {
	ids := make([]int, 0, len(list))
	seen := make(map[int]bool, len(list))
	for _, in := range list {
		if id := in.GetID(); id > 0 && !seen[id] { // ListIntegrations refuses a record without id
			seen[id] = true
			ids = append(ids, id)
		}
	}
	return ids
}

// integrationListing walks one integration's pages as batches of records.
// listed says the id came from the account's list: a 404 to the first page
// is then an integration deleted since, with nothing left to read.
func integrationListing[T any](ctx context.Context, c *Client, id int, o ListOptions, listed bool, records func(*Page) ([]T, bool)) iter.Seq2[[]T, error] {
	return func(yield func([]T, error) bool) {
		first := true
		for p, err := range c.LogPages(ctx, id, &o) {
			if err != nil {
				if first && listed && errors.Is(err, ErrNotFound) {
					return
				}
				yield(nil, leave(&integrationError{id: id, err: err}))
				return
			}
			first = false
			if items, more := records(p); !yield(items, nil) || !more {
				return
			}
		}
	}
}

// integrationError is a parallel listing's error, naming the integration
// whose listing failed.
type integrationError struct {
	id  int
	err error
}

func (e *integrationError) Error() string {
	return fmt.Sprintf("integration %d: %s", e.id, textOf(e.err))
}
func (e *integrationError) Unwrap() error { return e.err }

// NewestFirst orders logs as the API lists them: newest created_at first,
// equal times by higher id first. A log without created_at sorts first, so
// a merge yields it as soon as it is its listing's next.
func NewestFirst(a, b *Log) int {
	switch {
	case a.CreatedAt == nil && b.CreatedAt == nil:
	case a.CreatedAt == nil:
		return -1
	case b.CreatedAt == nil:
		return 1
	default:
		if c := b.CreatedAt.Compare(*a.CreatedAt); c != 0 {
			return c
		}
	}
	return cmp.Compare(b.GetID(), a.GetID())
}
