package cli

import (
	"context"
	"errors"
	"fmt"
	"io"
	"net/http"
	"regexp"
	"strings"
	"time"

	"github.com/sclogs/sclogs"
	"github.com/sclogs/sclogs/cmd/sclogs/internal/follow"
	"github.com/sclogs/sclogs/cmd/sclogs/internal/output"
	"github.com/sclogs/sclogs/cmd/sclogs/internal/records"
	"github.com/spf13/cobra"
)

// Polling limits of list --follow. Sendcloud allows 1000 GET requests a
// minute per account: one follower at the default interval uses 12 (1.2%),
// and even at the minimum interval 60, so a follower never starves the
// account's other clients. What one poll reads and holds is bounded by the
// follow engine's limits (follow.Limits).
const (
	defaultInterval = 5 * time.Second
	minInterval     = time.Second
	// maxBackoff bounds the wait after failed polls.
	maxBackoff = 2 * time.Minute
	// maxFollowLimit bounds --limit with --follow: the first poll holds the
	// newest --limit records to print them oldest first.
	maxFollowLimit = follow.DefaultMaxRecords
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
	case p.limit > maxFollowLimit:
		return usagef("invalid --limit %d with --follow: at most %d (the first poll holds them to print them oldest first)", p.limit, maxFollowLimit)
	}
	p.follow, p.interval = true, f.interval
	return nil
}

// pageSource fetches the newest page (cursor "") or the page at a cursor:
// one integration's logs, or the account's.
type pageSource = follow.Source

// runFollow prints the newest records (up to --limit, as many pages as that
// takes), then polls the newest pages every interval and prints the records
// not seen before, oldest first, each once. A poll that stops at a limit of
// the follow engine says on stderr that logs were skipped. A failed poll is
// reported on stderr and retried with growing waits; an error that retrying
// cannot fix (bad credentials, unknown integration) ends it with exit 1.
// Ctrl-C ends it with exit 0.
func (a *app) runFollow(ctx context.Context, fetch pageSource, p listParams, w io.Writer) error {
	out, err := output.NewWith(w, p.format, p.outputOptions())
	if err != nil {
		return usagef("%s", err)
	}
	// The engine reads pages through the pipeline: it dedupes, filters and
	// hands out redacted records only (unless --no-redact).
	src := records.Redacted(fetch, p.redact)
	f := &follower{a: a, p: p, out: out,
		engine: follow.New(src, follow.Options{Limits: a.followLimits, Initial: p.limit, Keep: p.filter.match})}
	wait := time.Duration(0)
	for {
		err := f.poll(ctx)
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
			wait = 0
		}
		if err := a.sleep(ctx, max(wait, p.interval)); err != nil {
			return f.end()
		}
	}
}

// follower is the state of one --follow run.
type follower struct {
	a      *app
	p      listParams
	out    output.Writer
	engine *follow.Follower
}

// end closes the output: Ctrl-C is how a follow normally ends.
func (f *follower) end() error {
	if err := f.out.Close(); err != nil {
		return fail(fmt.Errorf("writing output: %w", err))
	}
	return nil
}

// poll prints what one poll of the engine found, and says on stderr when it
// stopped at a limit.
func (f *follower) poll(ctx context.Context) error {
	res, err := f.engine.Poll(ctx)
	if err != nil {
		return err
	}
	if len(res.Raw) != len(res.Logs) {
		return fail(fmt.Errorf("following: %w", records.ErrNoRaw))
	}
	for i := range res.Logs {
		// Both from the pipeline: the record as redacted, and its decoding.
		if err := f.out.Write(output.Record{JSON: res.Raw[i], Log: &res.Logs[i]}); err != nil {
			return fail(fmt.Errorf("writing output: %w", err))
		}
	}
	if err := f.out.Flush(); err != nil {
		return fail(fmt.Errorf("writing output: %w", err))
	}
	if res.Stop.Limited() {
		fmt.Fprint(f.a.stderr, skippedNote(res, f.p.limit))
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

// skippedNote tells that a poll stopped at a limit: which, how many pages it
// read, and what was printed and skipped.
func skippedNote(res *follow.Result, limit int) string {
	unread := ""
	if res.Unread > 0 {
		unread = fmt.Sprintf(", %d of them on the pages read", res.Unread)
	}
	if res.First {
		return fmt.Sprintf("sclogs: stopped at the %s after reading %s: printed the newest %d matching logs of --limit %d; older ones skipped%s\n",
			res.Stop, pages(res.Pages), len(res.Logs), limit, unread)
	}
	return fmt.Sprintf("sclogs: logs were skipped: more new logs since the last poll than one poll reads (stopped at the %s after reading %s); printed the newest %d, older ones skipped%s (list --since shows them)\n",
		res.Stop, pages(res.Pages), len(res.Logs), unread)
}

// pages is "1 page" or "N pages".
func pages(n int) string {
	if n == 1 {
		return "1 page"
	}
	return fmt.Sprintf("%d pages", n)
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
