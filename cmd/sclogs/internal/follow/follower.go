package follow

import (
	"context"
	"encoding/json"
	"errors"
	"slices"
	"time"

	"github.com/sclogs/sclogs"
)

// Source fetches the newest page of a listing (cursor "") or the page at a
// cursor from an earlier page's NextCursor: one integration's logs, or the
// account's. Pages list logs newest first.
type Source func(ctx context.Context, cursor string) (*sclogs.Page, error)

// Limits bound one poll. A zero field takes its default.
type Limits struct {
	// MaxPages is how many pages one poll reads (default 100).
	MaxPages int
	// MaxRecords is how many records one poll holds to return (default
	// 10,000).
	MaxRecords int
	// MaxBytes bounds the estimated memory of the records one poll holds
	// (default 16 MiB).
	MaxBytes int64
	// Remember is how many record ids are remembered to drop repeats
	// (default 50,000). One poll looks at no more than half of it, so a
	// poll never forgets what the one before returned.
	Remember int
}

// Defaults of Limits.
const (
	DefaultMaxPages   = 100
	DefaultMaxRecords = 10_000
	DefaultMaxBytes   = 16 << 20
	DefaultRemember   = 50_000
)

// Options configure a Follower.
type Options struct {
	Limits
	// Initial is how many logs the first Poll returns: the newest Initial
	// that Keep accepts, reading as many pages as that takes (within the
	// limits). 0: the first Poll returns none and only marks the newest page
	// as seen, so later polls return what is new from then on.
	Initial int
	// Keep selects the logs to return (nil: all). A log it refuses is still
	// seen: it does not count against MaxRecords or MaxBytes and is not
	// looked at again.
	Keep func(*sclogs.Log) bool
	// FutureSlack is how far after the follower's clock a log's created_at
	// must be for the log to count as dated in the future (default 1m).
	FutureSlack time.Duration
	// Now is the follower's clock (nil: time.Now).
	Now func() time.Time
}

// DefaultFutureSlack is the default of Options.FutureSlack: room for clocks
// that disagree a little.
const DefaultFutureSlack = time.Minute

// Stop says why a poll stopped reading pages.
type Stop int

const (
	// CaughtUp: it read a page whose oldest log an earlier poll had seen.
	CaughtUp Stop = iota
	// End: it read the last page of the listing.
	End
	// Enough: the first poll found Options.Initial logs.
	Enough
	// PageLimit: it read Limits.MaxPages pages without catching up; older
	// new logs, if any, were not read.
	PageLimit
	// RecordLimit: it held Limits.MaxRecords logs, or looked at half of
	// Limits.Remember; older new logs were not read.
	RecordLimit
	// ByteLimit: the logs it held reached Limits.MaxBytes; older new logs
	// were not read.
	ByteLimit
)

// String names the reason, for messages.
func (s Stop) String() string {
	switch s {
	case CaughtUp:
		return "caught up"
	case End:
		return "end of the listing"
	case Enough:
		return "found the logs asked for"
	case PageLimit:
		return "page limit"
	case RecordLimit:
		return "record limit"
	case ByteLimit:
		return "memory limit"
	}
	return "unknown"
}

// Limited reports whether the poll stopped at a limit of Limits, before it
// caught up: there may be new logs it did not read.
func (s Stop) Limited() bool { return s >= PageLimit }

// Result is what one Poll found.
type Result struct {
	// Logs are the new logs that Keep accepts, oldest first.
	Logs []sclogs.Log
	// Raw holds each of Logs as received (Page.Raw of the pages read), in
	// the same order; nil when the pages came without them.
	Raw []json.RawMessage
	// Pages is how many pages the poll read.
	Pages int
	// Stop is why it stopped reading.
	Stop Stop
	// Unread counts the new logs on the pages it read that it skipped
	// because it reached a limit (a lower bound of what it skipped: the
	// pages it did not read may hold more). They are marked as seen, so a
	// later poll does not return them late.
	Unread int
	// Repeats counts logs met twice in this poll (a page that grew between
	// two requests): returned once.
	Repeats int
	// First is true for the first successful poll.
	First bool
}

// Follower polls a listing for new logs. It is not safe for concurrent use.
type Follower struct {
	src     Source
	opts    Options
	seen    *seenSet
	started bool
}

// New returns a Follower reading pages from src.
func New(src Source, opts Options) *Follower {
	l := &opts.Limits
	if l.MaxPages <= 0 {
		l.MaxPages = DefaultMaxPages
	}
	if l.MaxRecords <= 0 {
		l.MaxRecords = DefaultMaxRecords
	}
	if l.MaxBytes <= 0 {
		l.MaxBytes = DefaultMaxBytes
	}
	if l.Remember <= 0 {
		l.Remember = DefaultRemember
	}
	l.Remember = max(l.Remember, 2)
	if opts.FutureSlack <= 0 {
		opts.FutureSlack = DefaultFutureSlack
	}
	if opts.Now == nil {
		opts.Now = time.Now
	}
	opts.Initial = max(opts.Initial, 0)
	return &Follower{src: src, opts: opts, seen: newSeenSet(l.Remember)}
}

// errNilPage is a Source's fault: no page and no error.
var errNilPage = errors.New("follow: the page source returned no page and no error")

// Poll reads the newest pages until it reaches logs seen by an earlier
// poll (see the package doc for where else it stops) and returns the new
// ones. On error nothing is marked as seen: the next Poll reads them again.
func (f *Follower) Poll(ctx context.Context) (*Result, error) {
	p := poll{f: f, first: !f.started, later: f.opts.Now().Add(f.opts.FutureSlack),
		keys: make(map[key]struct{})}
	res := &Result{First: p.first}
	cursor := ""
	for {
		if res.Pages == f.opts.MaxPages {
			res.Stop = PageLimit
			break
		}
		page, err := f.src(ctx, cursor)
		if err == nil && page == nil {
			err = errNilPage
		}
		if err != nil {
			return nil, err
		}
		res.Pages++
		if stop, ok := p.read(page, res); ok {
			res.Stop = stop
			break
		}
		if page.NextCursor == "" {
			res.Stop = End
			break
		}
		cursor = page.NextCursor
	}
	// Commit: oldest first, so that the newest are remembered longest.
	for _, k := range slices.Backward(p.order) {
		f.seen.add(k)
	}
	f.started = true
	slices.Reverse(p.held)
	res.Logs = p.held
	if p.raw != nil {
		slices.Reverse(p.raw)
		res.Raw = p.raw
	}
	return res, nil
}

// poll is the state of one Poll.
type poll struct {
	f     *Follower
	first bool
	later time.Time // a log dated after this is dated in the future
	keys  map[key]struct{}
	order []key             // keys looked at, newest first
	held  []sclogs.Log      // logs to return, newest first
	raw   []json.RawMessage // held's records as received, when pages have them
	bytes int64             // sizeOf the held logs
}

// read looks at one page's logs, newest first, and reports whether (and
// why) the poll stops after it.
func (p *poll) read(page *sclogs.Page, res *Result) (Stop, bool) {
	f := p.f
	// Whether the page's oldest log was known before this page: decided
	// first, as looking at the page makes it known.
	caughtUp := false
	if n := len(page.Logs); n > 0 && !p.first {
		caughtUp = p.known(&page.Logs[n-1])
	}
	for i := range page.Logs {
		l := &page.Logs[i]
		k := keyOf(l)
		if _, dup := p.keys[k]; dup {
			res.Repeats++
			continue
		}
		if f.seen.has(k) {
			continue
		}
		if p.first && len(p.held) >= f.opts.Initial {
			p.look(k) // older than the newest Initial: seen, not returned
			continue
		}
		if len(p.keys) >= f.opts.Remember/2 {
			res.Unread = p.skip(page.Logs[i:])
			return RecordLimit, true
		}
		if f.opts.Keep == nil || f.opts.Keep(l) {
			size := sizeOf(l)
			var raw json.RawMessage
			if len(page.Raw) == len(page.Logs) {
				raw = page.Raw[i]
				size += int64(len(raw))
			}
			switch {
			case len(p.held) >= f.opts.MaxRecords:
				res.Unread = p.skip(page.Logs[i:])
				return RecordLimit, true
			case p.bytes+size > f.opts.MaxBytes:
				res.Unread = p.skip(page.Logs[i:])
				return ByteLimit, true
			}
			p.held = append(p.held, *l)
			if raw != nil {
				p.raw = append(p.raw, raw)
			}
			p.bytes += size
		}
		p.look(k)
	}
	switch {
	case p.first && len(p.held) >= f.opts.Initial && !p.future(page):
		return Enough, true
	case caughtUp:
		return CaughtUp, true
	}
	return 0, false
}

// look marks k as looked at in this poll.
func (p *poll) look(k key) {
	p.keys[k] = struct{}{}
	p.order = append(p.order, k)
}

// known reports whether a page's oldest log l shows that older pages hold
// nothing new: an earlier poll saw it, and it is not dated in the future.
// A log dated in the future is listed above every newer log, page after
// page, so it proves nothing. Nor does a log met on an earlier page of this
// poll: the listing moved between two requests, and older pages may still
// hold new logs.
func (p *poll) known(l *sclogs.Log) bool {
	if p.dated(l) {
		return false
	}
	return p.f.seen.has(keyOf(l))
}

// dated reports whether l is dated in the future.
func (p *poll) dated(l *sclogs.Log) bool {
	t, ok := createdAt(l)
	return ok && t.After(p.later)
}

// future reports whether a page's oldest log is dated in the future: the
// first poll reads on past such pages, so that what it marks as seen
// reaches the present, where later polls stop.
func (p *poll) future(page *sclogs.Page) bool {
	n := len(page.Logs)
	return n > 0 && p.dated(&page.Logs[n-1])
}

// skip marks the logs of rest that are new as skipped: counted, and seen
// (while the poll may remember more), so that a later poll neither returns
// them late and out of order nor reads their page again for them.
func (p *poll) skip(rest []sclogs.Log) int {
	n := 0
	for i := range rest {
		k := keyOf(&rest[i])
		if _, ok := p.keys[k]; ok || p.f.seen.has(k) {
			continue
		}
		n++
		if len(p.order) < p.f.opts.Remember/2 {
			p.look(k)
		}
	}
	return n
}
