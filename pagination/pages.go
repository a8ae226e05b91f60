package pagination

import (
	"context"
	"errors"
	"fmt"
	"iter"
	"net/url"
)

// ErrStuckCursor is wrapped by the error a listing ends with when a next URL
// was already fetched in the same listing: following it would loop forever.
var ErrStuckCursor = errors.New("pagination: stuck cursor: next URL already fetched in this listing")

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
// cancels it to stop an in-flight fetch and waits for it to return.
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
}

// Pages returns an iterator over the pages of a listing: it fetches first,
// then follows each page's Next until a page has none. Every URL is checked
// with scope.Check before it is fetched (first included), and a next URL that
// was already fetched in this listing (same string) ends the listing with an
// error wrapping [ErrStuckCursor] rather than looping.
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
		l := &lister[T]{scope: scope, fetch: fetch, maxPages: max(opts.MaxPages, 0), seen: make(map[string]struct{})}
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
	seen     map[string]struct{} // URLs admitted in this listing, as strings
	next     *url.URL            // the URL to fetch next; nil when done
	fetched  int
}

// admit checks that u may be fetched next and records it.
func (l *lister[T]) admit(u *url.URL) error {
	if err := l.scope.Check(u); err != nil {
		return err
	}
	key := u.String()
	if _, dup := l.seen[key]; dup {
		return fmt.Errorf("%w: %q after page %d", ErrStuckCursor, redact(u), l.fetched)
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
	if err != nil {
		return nil, err
	}
	l.fetched++
	if p == nil {
		return nil, fmt.Errorf("pagination: FetchFunc returned no page and no error for page %d", l.fetched)
	}
	if p.URL == nil {
		p.URL = u
	}
	if p.Next == nil || (l.maxPages > 0 && l.fetched >= l.maxPages) {
		return p, nil
	}
	return p, l.admit(p.Next)
}
