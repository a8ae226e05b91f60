package pagination

import (
	"context"
	"crypto/sha256"
	"errors"
	"fmt"
	"iter"
	"net/url"
)

// ErrStuckCursor is wrapped by the error a listing ends with when it makes no
// progress: a next URL was already fetched in the same listing (following it
// would loop forever), or a run of empty pages kept giving new next links
// (then the error wraps [ErrEmptyPages] too).
var ErrStuckCursor = errors.New("pagination: stuck cursor")

// ErrEmptyPages is wrapped by the error a listing ends with after
// [DefaultMaxEmptyPages] (or Options.MaxEmptyPages) empty pages in a row that
// each had a next link: a server that hands out endless empty pages would
// otherwise keep the listing going forever while returning nothing.
var ErrEmptyPages = errors.New("pagination: too many empty pages in a row")

// DefaultMaxEmptyPages is the length of a run of empty pages with next links
// that ends a listing with [ErrEmptyPages]. A real listing may have an empty
// page now and then (records deleted between requests); ten in a row is a
// server that does not advance.
const DefaultMaxEmptyPages = 10

// Page is one fetched page of a listing.
type Page[T any] struct {
	// Items are the page's records; a page may be empty and still have a Next.
	Items []T
	// URL is the URL the page was fetched from. [Pages] fills it in when the
	// FetchFunc leaves it nil.
	URL *url.URL
	// Next is the URL of the following page, nil on the last page. It should
	// be taken exactly as the server sent it (see [NextURL]).
	Next *url.URL
}

// FetchFunc fetches and decodes the page at u. It must honour ctx: [Pages]
// cancels it to stop an in-flight fetch and waits for it to return. It may
// return a page together with an error (say, a Link header it could not
// read): the page is yielded, then the error ends the listing.
type FetchFunc[T any] func(ctx context.Context, u *url.URL) (*Page[T], error)

// Options tune [Pages]. The zero value fetches one page at a time with no
// page limit.
type Options struct {
	// Prefetch is how many pages may be fetched ahead while the caller works
	// on the current one; 0 (or less) fetches only when the caller asks.
	Prefetch int
	// MaxPages ends the listing, without an error, after that many pages;
	// 0 (or less) means no limit. The last page's Next is still set, so the
	// caller can resume from it.
	MaxPages int
	// MaxEmptyPages ends the listing with an error wrapping [ErrEmptyPages]
	// (and [ErrStuckCursor]) after that many empty pages in a row, each with a
	// next link; 0 means [DefaultMaxEmptyPages], less than 0 no limit.
	MaxEmptyPages int
}

// Pages returns an iterator over the pages of a listing: it fetches first,
// then follows each page's Next until a page has none. Every URL is checked
// with scope.Check before it is fetched (first included), and a next URL that
// was already fetched in this listing (same string) ends the listing with an
// error wrapping [ErrStuckCursor] rather than looping. The listing keeps a
// fixed-size fingerprint (SHA-256) of each URL it fetched, not the URL, so a
// long listing with long next links costs 32 bytes a page. A run of empty
// pages with next links ends it too (see Options.MaxEmptyPages).
//
// An error is yielded once, as (nil, err), after every page fetched before it,
// and then the iteration ends. Breaking out of the loop or cancelling ctx
// stops the listing at once: an in-flight fetch is cancelled, no further
// request is made, and with Prefetch the fetching goroutine has exited before
// the loop statement completes. Each range over the iterator is a fresh
// listing.
func Pages[T any](ctx context.Context, first *url.URL, scope Scope, fetch FetchFunc[T], opts Options) iter.Seq2[*Page[T], error] {
	return func(yield func(*Page[T], error) bool) {
		if fetch == nil {
			yield(nil, errors.New("pagination: nil FetchFunc"))
			return
		}
		maxEmpty := opts.MaxEmptyPages
		if maxEmpty == 0 {
			maxEmpty = DefaultMaxEmptyPages
		}
		l := &lister[T]{scope: scope, fetch: fetch, maxPages: max(opts.MaxPages, 0), maxEmpty: maxEmpty,
			seen: make(map[[sha256.Size]byte]struct{})}
		if err := l.admit(first); err != nil {
			yield(nil, err)
			return
		}
		if opts.Prefetch > 0 {
			prefetched(ctx, l, opts.Prefetch, yield)
			return
		}
		for {
			p, err := l.step(ctx)
			if p != nil && !yield(p, nil) {
				return
			}
			if err != nil {
				yield(nil, err)
				return
			}
			if p == nil {
				return
			}
		}
	}
}

// lister holds the state of one listing. It is used by one goroutine at a time.
type lister[T any] struct {
	scope    Scope
	fetch    FetchFunc[T]
	maxPages int
	maxEmpty int                            // < 0: no limit
	seen     map[[sha256.Size]byte]struct{} // fingerprints of the URLs admitted in this listing
	next     *url.URL                       // the URL to fetch next; nil when done
	fetched  int
	empty    int // empty pages with a next link in a row, up to the last fetched
}

// admit checks that u may be fetched next and records it.
func (l *lister[T]) admit(u *url.URL) error {
	if err := l.scope.Check(u); err != nil {
		return err
	}
	// The fragment is never sent: links that differ only there are the
	// same request.
	sent := *u
	sent.Fragment, sent.RawFragment = "", ""
	key := sha256.Sum256([]byte(sent.String()))
	if _, dup := l.seen[key]; dup {
		return fmt.Errorf("%w: next URL %q after page %d was already fetched in this listing", ErrStuckCursor, redact(u), l.fetched)
	}
	l.seen[key] = struct{}{}
	l.next = u
	return nil
}

// step fetches the next page. It returns (nil, nil) when the listing is over,
// and may return a page together with an error about the page's next URL:
// the page is then yielded before the error.
func (l *lister[T]) step(ctx context.Context) (*Page[T], error) {
	u := l.next
	if u == nil || (l.maxPages > 0 && l.fetched >= l.maxPages) {
		return nil, nil
	}
	// No request once the listing is cancelled, even if fetch would send one.
	if err := ctx.Err(); err != nil {
		return nil, err
	}
	l.next = nil
	p, err := l.fetch(ctx, u)
	if p == nil {
		if err == nil {
			err = fmt.Errorf("pagination: FetchFunc returned no page and no error for page %d", l.fetched+1)
		}
		return nil, err
	}
	l.fetched++
	if p.URL == nil {
		p.URL = u
	}
	if err != nil {
		return p, err
	}
	if p.Next == nil || (l.maxPages > 0 && l.fetched >= l.maxPages) {
		return p, nil
	}
	if len(p.Items) > 0 {
		l.empty = 0
	} else if l.empty++; l.maxEmpty > 0 && l.empty >= l.maxEmpty {
		return p, &emptyRunError{pages: l.empty, after: l.fetched}
	}
	return p, l.admit(p.Next)
}

// emptyRunError ends a listing after a run of empty pages with next links.
type emptyRunError struct {
	pages, after int
}

func (e *emptyRunError) Error() string {
	return fmt.Sprintf("%s: %d empty pages in a row up to page %d, each with a new next link; "+
		"the server does not advance the listing", ErrEmptyPages, e.pages, e.after)
}

// Is matches both [ErrEmptyPages] and [ErrStuckCursor]: a run of empty pages
// is a cursor that makes no progress.
func (e *emptyRunError) Is(target error) bool {
	return target == ErrEmptyPages || target == ErrStuckCursor
}
