package cli

import (
	"context"
	"errors"
	"fmt"
	"io"
	"net/http"
	"regexp"
	"slices"
	"strings"
	"time"

	"github.com/sclogs/sclogs"
	"github.com/sclogs/sclogs/cmd/sclogs/internal/output"
	"github.com/sclogs/sclogs/cmd/sclogs/internal/redact"
	"github.com/spf13/cobra"
)

// Polling limits of list --follow. Sendcloud allows 1000 GET requests a
// minute per account: one follower at the default interval uses 12 (1.2%),
// and even at the minimum interval 60, so a follower never starves the
// account's other clients.
const (
	defaultInterval = 5 * time.Second
	minInterval     = time.Second
	// maxBackoff bounds the wait after failed polls.
	maxBackoff = 2 * time.Minute
	// catchUpPages bounds the pages read in one poll when more new logs came
	// than a page holds; beyond it the gap is reported, not walked.
	catchUpPages = 10
	// followMemory is how many ids --follow remembers to drop repeats: 100
	// pages' worth, far more than one poll can see again.
	followMemory = 10_000
)

// followFlags are list's --follow and --interval.
type followFlags struct {
	on       bool
	interval time.Duration
}

func (f *followFlags) register(cmd *cobra.Command) {
	fs := cmd.Flags()
	fs.BoolVarP(&f.on, "follow", "f", false, "keep polling and print new logs as they appear, oldest first; Ctrl-C ends")
	fs.DurationVar(&f.interval, "interval", defaultInterval, "with --follow: time between polls, at least 1s")
}

// check validates --follow against list's other flags.
func (f *followFlags) check(cmd *cobra.Command, p *listParams) error {
	changed := cmd.Flags().Changed
	if !f.on {
		if changed("interval") {
			return usagef("--interval is for --follow")
		}
		return nil
	}
	switch {
	case f.interval < minInterval:
		return usagef("invalid --interval %s: must be at least %s (the API allows 1000 requests a minute per account)", f.interval, minInterval)
	case changed("all"), changed("cursor"), changed("until"):
		return usagef("--follow cannot be used with --all, --cursor or --until: it starts at the newest logs and keeps going")
	case p.format == output.JSON:
		return usagef("--follow writes a stream: use -o table, ndjson or csv, not json")
	}
	p.follow, p.interval = true, f.interval
	return nil
}

// pageSource fetches the newest page (cursor "") or the page at a cursor:
// one integration's logs, or the account's.
type pageSource func(ctx context.Context, cursor string) (*sclogs.Page, error)

// runFollow prints the newest records (up to --limit), then polls the
// newest page every interval and prints the records not seen before, oldest
// first. A failed poll is reported on stderr and retried with growing waits;
// an error that retrying cannot fix (bad credentials, unknown integration)
// ends it with exit 1. Ctrl-C ends it with exit 0.
func (a *app) runFollow(ctx context.Context, fetch pageSource, p listParams, w io.Writer) error {
	out, err := output.NewWith(w, p.format, p.outputOptions())
	if err != nil {
		return usagef("%s", err)
	}
	f := &follower{a: a, fetch: fetch, p: p, out: out, seen: newIDSet(followMemory)}
	wait := time.Duration(0)
	for first := true; ; {
		err := f.poll(ctx, first)
		if ctx.Err() != nil {
			return f.end()
		}
		switch {
		case err != nil && !transient(err):
			_ = out.Flush()
			var fl *failure
			if errors.As(err, &fl) {
				return err
			}
			return fail(fromLibrary(err, "following"))
		case err != nil:
			wait = min(max(wait*2, p.interval), maxBackoff)
			fmt.Fprintf(a.stderr, "sclogs: polling failed, retrying in %s: %s\n", wait, pollFailure(err))
		default:
			if wait > 0 {
				fmt.Fprintln(a.stderr, "sclogs: polling works again")
			}
			wait, first = 0, false
		}
		if err := a.sleep(ctx, max(wait, p.interval)); err != nil {
			return f.end()
		}
	}
}

// follower is the state of one --follow run.
type follower struct {
	a     *app
	fetch pageSource
	p     listParams
	out   output.Writer
	seen  *idSet
	// newest is the newest created_at seen: a poll reads further pages
	// only while their records are newer and unseen.
	newest time.Time
}

// end closes the output: Ctrl-C is how a follow normally ends.
func (f *follower) end() error {
	if err := f.out.Close(); err != nil {
		return fail(fmt.Errorf("writing output: %w", err))
	}
	return nil
}

// poll reads the newest page, and more pages while every record on them is
// new (up to catchUpPages), then prints the new records oldest first. On
// the first poll it prints only the newest --limit of them.
func (f *follower) poll(ctx context.Context, first bool) error {
	var fresh []sclogs.Log // newest first
	cursor := ""
	for pages := 0; ; pages++ {
		if pages == catchUpPages {
			fmt.Fprintf(f.a.stderr, "sclogs: more than %d pages of new logs since the last poll; older ones skipped (list --since shows them)\n", catchUpPages)
			break
		}
		page, err := f.fetch(ctx, cursor)
		if err != nil {
			return err
		}
		caughtUp := first
		for i := range page.Logs {
			l := page.Logs[i]
			older := l.CreatedAt != nil && !f.newest.IsZero() && l.CreatedAt.Before(f.newest)
			if older || l.ID != nil && f.seen.has(*l.ID) {
				caughtUp = true // no need for the next page
			}
			// New is an id not seen before: a log may be recorded late,
			// older than one already printed (account-wide above all). A
			// record without an id is new only when newer than all so far.
			if l.ID != nil && !f.seen.has(*l.ID) || l.ID == nil && (first || l.CreatedAt != nil && l.CreatedAt.After(f.newest)) {
				fresh = append(fresh, l)
			}
		}
		if caughtUp || page.NextCursor == "" {
			break
		}
		cursor = page.NextCursor
	}
	var show []int // indexes into fresh, newest first
	for i := range fresh {
		l := &fresh[i]
		if l.ID != nil {
			f.seen.add(*l.ID)
		}
		if l.CreatedAt != nil && l.CreatedAt.After(f.newest) {
			f.newest = *l.CreatedAt
		}
		if f.p.filter.match(l) && (!first || len(show) < f.p.limit) {
			show = append(show, i)
		}
	}
	for _, i := range slices.Backward(show) {
		l := &fresh[i]
		if f.p.redact {
			r := redact.Log(*l)
			l = &r
		}
		if err := f.out.Write(l); err != nil {
			return fail(fmt.Errorf("writing output: %w", err))
		}
	}
	if err := f.out.Flush(); err != nil {
		return fail(fmt.Errorf("writing output: %w", err))
	}
	return nil
}

// gaveUp is the library's note that its own retries ran out, which after
// "retrying in" would read as the opposite of what happens next.
var gaveUp = regexp.MustCompile(`(; |\(|; \()?giving up after \d+ attempts?\)?`)

// pollFailure is why a poll failed, for the line that says when the next
// one comes: without the "sclogs: " prefixes (the line has its own) and
// without the library's "giving up".
func pollFailure(err error) string {
	s := describe(err)
	for strings.HasPrefix(s, "sclogs: ") {
		s = strings.TrimPrefix(s, "sclogs: ")
	}
	s = gaveUp.ReplaceAllStringFunc(s, func(m string) string {
		if strings.HasPrefix(m, "; (") || strings.HasPrefix(m, "(") || !strings.HasSuffix(m, ")") {
			return ""
		}
		return ")" // "(request ID x; giving up…)" keeps its "("
	})
	return strings.TrimSpace(s)
}

// transient reports whether a failed poll may succeed later: network
// errors, timeouts, rate limiting and server errors. Refused credentials,
// an unknown integration or a bad request will not fix themselves.
func transient(err error) bool {
	var fl *failure
	if errors.As(err, &fl) {
		return false // writing the output failed
	}
	if errors.Is(err, sclogs.ErrUnauthorized) || errors.Is(err, sclogs.ErrForbidden) || errors.Is(err, sclogs.ErrNotFound) {
		return false
	}
	var apiErr *sclogs.APIError
	if errors.As(err, &apiErr) {
		c := apiErr.StatusCode
		return c == http.StatusTooManyRequests || c == http.StatusRequestTimeout || c >= 500
	}
	return true
}

// sleepCtx waits for d, or until ctx ends (then its error).
func sleepCtx(ctx context.Context, d time.Duration) error {
	t := time.NewTimer(d)
	defer t.Stop()
	select {
	case <-t.C:
		return nil
	case <-ctx.Done():
		return ctx.Err()
	}
}
