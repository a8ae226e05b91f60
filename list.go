package sclogs

import (
	"context"
	"encoding/json"
	"fmt"
	"iter"
	"net/http"
	"net/url"
	"strconv"
	"strings"

	"github.com/sclogs/sclogs/gen"
	"github.com/sclogs/sclogs/internal/decode"
	"github.com/sclogs/sclogs/internal/scrub"
	"github.com/sclogs/sclogs/pagination"
)

// ListOptions select a page of logs and say how the iterators walk them.
// The zero value (or nil) lists from the newest record with the server's
// default page size.
type ListOptions struct {
	// Cursor resumes a listing from Page.NextCursor of an earlier page.
	Cursor string
	// PageSize is the number of records per page, 1 to 100; 0 leaves it to the
	// server (25). Other values are an error before any request.
	PageSize int
	// Prefetch is how many pages Logs and LogPages fetch ahead while the
	// caller works on the current one; 0 turns prefetching off.
	Prefetch int
	// MaxPages stops Logs and LogPages after that many pages; 0 means no limit.
	MaxPages int
	// KeepRaw also gives each record's JSON object as received, in
	// Page.Raw beside Page.Logs: every member in the server's order and
	// spacing, members the spec does not know, nulls. It costs one copy of
	// the records' bytes per page; without it, nothing.
	KeepRaw bool
	// RawOnly gives each record only as received, in Page.Raw (it implies
	// KeepRaw), and builds no Log: Page.Logs is nil, and Page.Len counts
	// the records. For a caller that reads only the bytes (writes them out,
	// say), at a fraction of decoding's cost. Every record is still checked
	// against the spec's types exactly as decoding checks it, by checkers
	// generated beside the decoders: a page is ErrInvalidResponse under
	// RawOnly exactly when it is without (a record of the wrong type, a null
	// record, a number out of range, an array over the limits, bad JSON),
	// so a record that Page.Raw holds always decodes. Limit, MaxPages,
	// NextCursor and NextURL work as without it (Limit counts Page.Len);
	// the Logs and AllLogs iterators still yield every record, decoding
	// each from its bytes; AllLogsParallel, which merges by the decoded
	// records, builds them anyway. MergeAllLogs hands its records function
	// the pages as they are.
	RawOnly bool
	// ReuseRaw lets a page walk (LogPages, AllLogPages, Logs, AllLogs)
	// reuse the memory of Page.Raw from page to page, saving an allocation
	// per page: a page's Raw (the slice and the bytes of its records) is
	// valid only until the loop asks for the next page (until the loop body
	// for that page returns); copy what you keep. The walk reuses only its
	// own memory, never another walk's. With Prefetch, pages fetched ahead
	// get memory of their own until the caller has moved past an earlier
	// page. ListLogs and ListAllLogs (one page) and the parallel listings
	// (whose merge holds pages longer) ignore it, as does a walk without
	// KeepRaw or RawOnly.
	ReuseRaw bool
	// Limit, when above 0, is the most records a listing returns: the newest
	// Limit logs. Logs and LogPages stop once they have that many and fetch
	// no page they do not need: with PageSize 0 the page size is Limit (up
	// to 100), and Prefetch is not used (a page fetched ahead might not be
	// needed). The page the limit cuts short has no NextCursor or NextURL,
	// since the records cut off are not behind them. ListLogs returns at
	// most Limit records of its one page. 0 means no limit.
	Limit int
}

// maxPageSize is the spec's maximum for page_size.
const maxPageSize = 100

// Page is one page of exception logs.
type Page struct {
	// Logs are the records of this page, newest first, as the API sent them.
	Logs []Log
	// Raw, with ListOptions.KeepRaw, holds each record's JSON object as
	// received: Raw[i] is the exact bytes Logs[i] was decoded from (nil
	// without KeepRaw). With ListOptions.RawOnly it is the page's only
	// record list (Logs is nil). The slices do not share memory with later
	// pages (unless ListOptions.ReuseRaw says they may); appending to one
	// never changes another.
	Raw []json.RawMessage
	// NextCursor is the cursor of the next page, for ListOptions.Cursor; ""
	// on the last page.
	NextCursor string
	// NextURL is the next page's URL as the iterators fetch it: the
	// rel="next" link as the server sent it, resolved against the request
	// URL, with "&page_size=N" appended when ListOptions.PageSize is set and
	// the link has no page_size; "" on the last page.
	NextURL string
}

// Len is the number of records on the page: len(Logs), or len(Raw) when
// no Log is built (ListOptions.RawOnly).
func (p *Page) Len() int {
	if p.Logs == nil {
		return len(p.Raw)
	}
	return len(p.Logs)
}

// log returns record i of the page: Logs[i], or under ListOptions.RawOnly
// the decoding of Raw[i] (which the page's check has shown to decode).
func (p *Page) log(i int) (Log, error) {
	if p.Logs != nil {
		return p.Logs[i], nil
	}
	var l Log
	if err := decode.IntegrationLog(p.Raw[i], &l); err != nil {
		return Log{}, fmt.Errorf("%w: %w", ErrInvalidResponse, err)
	}
	return l, nil
}

// ListLogs fetches one page of the exception logs of an integration. opts
// may be nil. The next page's link is checked like the iterators check it: a
// link to another origin or another endpoint is an error.
func (c *Client) ListLogs(ctx context.Context, integrationID int, opts *ListOptions) (*Page, error) {
	return c.listPage(ctx, func() (*url.URL, ListOptions, error) { return c.firstPage(integrationID, opts) })
}

// LogPages walks the pages of an integration's logs, following each page's
// rel="next" link exactly as received. It stops at the last page, at
// MaxPages, at the first error (yielded once), or when the loop breaks.
func (c *Client) LogPages(ctx context.Context, integrationID int, opts *ListOptions) iter.Seq2[*Page, error] {
	return c.walkPages(ctx, func() (*url.URL, ListOptions, error) { return c.firstPage(integrationID, opts) })
}

// Logs walks the records of an integration's logs, newest first, page by
// page (see LogPages). An error is yielded once, with a zero Log, and ends
// the walk; every record before it has been yielded.
func (c *Client) Logs(ctx context.Context, integrationID int, opts *ListOptions) iter.Seq2[Log, error] {
	return walkLogs(c.LogPages(ctx, integrationID, opts))
}

// firstFunc checks a listing's arguments and returns its first page's URL
// and the options to walk it with. It runs when the listing starts.
type firstFunc func() (*url.URL, ListOptions, error)

// listPage fetches the first page of a listing: the one implementation
// behind ListLogs and ListAllLogs.
func (c *Client) listPage(ctx context.Context, firstOf firstFunc) (*Page, error) {
	p, err := c.listFirst(ctx, firstOf)
	return p, c.leaveListing(err)
}

// leaveListing is leave for the errors of a listing, which may quote a next
// link the server sent: one that carries the client's credentials is shown
// scrubbed.
func (c *Client) leaveListing(err error) error {
	sc := c.doer.Scrub
	if err != nil && c.doer.Auth != nil {
		sc = sc.With(scrub.CredentialForms(c.doer.Auth.Current())...)
	}
	return leave(engineAPI.ScrubError(sc, err))
}

func (c *Client) listFirst(ctx context.Context, firstOf firstFunc) (*Page, error) {
	first, o, err := firstOf()
	if err != nil {
		return nil, err
	}
	f, err := c.fetchPage(ctx, first, o, nil) // one page: its Raw is not reused
	if err != nil {
		return nil, err // also for a page whose Link header is unreadable: it has no usable cursor
	}
	if f.next != nil {
		if err := scopeOf(first).Check(f.next); err != nil {
			return nil, err
		}
	}
	return limitPage(f.page(), o.Limit), nil
}

// limitPage cuts page to at most limit records (0: no limit). A cut page
// loses its next cursor: resuming there would skip the records cut off.
func limitPage(page *Page, limit int) *Page {
	if limit > 0 && page.Len() > limit {
		if page.Logs != nil {
			page.Logs = page.Logs[:limit:limit]
		}
		if page.Raw != nil {
			page.Raw = page.Raw[:limit:limit]
		}
		page.NextCursor, page.NextURL = "", ""
	}
	return page
}

// walkPages is the one page walk behind LogPages and AllLogPages.
func (c *Client) walkPages(ctx context.Context, firstOf firstFunc) iter.Seq2[*Page, error] {
	return func(yield func(*Page, error) bool) {
		first, o, err := firstOf()
		if err != nil {
			yield(nil, c.leaveListing(err))
			return
		}
		// The generic walk counts a page's items (an empty page is one
		// with none): under RawOnly they are the records' bytes.
		if o.RawOnly {
			walkPagesOf(ctx, c, first, o, func(f *fetched) []json.RawMessage { return f.raw }, yield)
		} else {
			walkPagesOf(ctx, c, first, o, func(f *fetched) []Log { return f.logs }, yield)
		}
	}
}

// walkPagesOf is walkPages over a generic walk of items(page).
func walkPagesOf[T any](ctx context.Context, c *Client, first *url.URL, o ListOptions, items func(*fetched) []T, yield func(*Page, error) bool) {
	var held heldPages[T]
	arenas := newRawArenas(o)
	fetch := func(ctx context.Context, u *url.URL) (*pagination.Page[T], error) {
		a := arenas.get()
		f, err := c.fetchPage(ctx, u, o, a)
		if f == nil {
			arenas.put(a) // nothing points into it
			return nil, err
		}
		p := &pagination.Page[T]{Items: items(f), URL: u, Next: f.next}
		held.put(p, f)
		return p, err
	}
	popts := pagination.Options{Prefetch: o.Prefetch, MaxPages: o.MaxPages}
	left := o.Limit // records still wanted, when o.Limit > 0
	for p, err := range pagination.Pages(ctx, first, scopeOf(first), fetch, popts) {
		if err != nil {
			yield(nil, c.leaveListing(err))
			return
		}
		f := held.take(p)
		page := f.page()
		if o.Limit > 0 {
			page = limitPage(page, left)
			left -= page.Len()
		}
		more := yield(page, nil)
		// The caller is done with the page (ReuseRaw: its Raw may now be
		// overwritten); pages fetched ahead have arenas of their own.
		arenas.put(f.arena)
		if !more || o.Limit > 0 && left == 0 {
			return
		}
	}
}

// walkLogs yields the records of pages, behind Logs and AllLogs.
func walkLogs(pages iter.Seq2[*Page, error]) iter.Seq2[Log, error] {
	return func(yield func(Log, error) bool) {
		for p, err := range pages {
			if err != nil {
				yield(Log{}, err)
				return
			}
			for i := range p.Len() {
				l, err := p.log(i) // under RawOnly, decoded here
				if err != nil {
					yield(Log{}, err)
					return
				}
				if !yield(l, nil) {
					return
				}
			}
		}
	}
}

// firstPage checks the arguments and builds the first page's URL of an
// integration's logs through the generated request builder. It copies opts:
// the caller's value is never changed.
func (c *Client) firstPage(integrationID int, opts *ListOptions) (*url.URL, ListOptions, error) {
	if integrationID < 1 {
		return nil, ListOptions{}, fmt.Errorf("integration id must be at least 1, got %d", integrationID)
	}
	return checkedFirst(opts, func(cursor *string, size *int) (*http.Request, error) {
		return gen.NewListIntegrationLogsRequest(c.server, integrationID, &gen.ListIntegrationLogsParams{Cursor: cursor, PageSize: size})
	})
}

// checkedFirst checks opts and builds the first page's URL with build,
// which gets the cursor and page size to send (nil: not sent).
func checkedFirst(opts *ListOptions, build func(cursor *string, size *int) (*http.Request, error)) (*url.URL, ListOptions, error) {
	var o ListOptions
	if opts != nil {
		o = *opts
	}
	switch {
	case o.PageSize < 0 || o.PageSize > maxPageSize:
		return nil, o, fmt.Errorf("page size must be 1 to %d (or 0 for the server's default), got %d", maxPageSize, o.PageSize)
	case o.Prefetch < 0:
		return nil, o, fmt.Errorf("prefetch must not be negative, got %d", o.Prefetch)
	case o.MaxPages < 0:
		return nil, o, fmt.Errorf("max pages must not be negative, got %d", o.MaxPages)
	case o.Limit < 0:
		return nil, o, fmt.Errorf("limit must not be negative, got %d", o.Limit)
	}
	if o.RawOnly {
		o.KeepRaw = true
	}
	if o.Limit > 0 {
		if o.PageSize == 0 {
			o.PageSize = min(o.Limit, maxPageSize)
		}
		o.Prefetch = 0
	}
	var cursor *string
	var size *int
	if o.Cursor != "" {
		cursor = &o.Cursor
	}
	if o.PageSize != 0 {
		size = &o.PageSize
	}
	req, err := build(cursor, size)
	if err != nil {
		return nil, o, fmt.Errorf("building request: %w", err)
	}
	return req.URL, o, nil
}

// fetched is one page as fetchPage read it.
type fetched struct {
	logs  []Log             // nil under RawOnly
	raw   []json.RawMessage // with KeepRaw (or RawOnly)
	arena *rawArena         // raw's memory, when the walk reuses it (ReuseRaw)
	next  *url.URL
}

// fetchPage GETs one page at u and decodes it as o says, Raw's bytes into a
// (nil: a new allocation). When the caller asked for a page size and the
// server's next link leaves it out, it is added, so every page has the size
// asked for; the rest of the link is kept byte for byte. A Link header it
// cannot read comes back with the page, as an error.
func (c *Client) fetchPage(ctx context.Context, u *url.URL, o ListOptions, a *rawArena) (*fetched, error) {
	resp, err := c.get(ctx, u)
	if err != nil {
		return nil, err
	}
	logs, raw, err := decodePage(resp, pageMode{keepRaw: o.KeepRaw, rawOnly: o.RawOnly, arena: a})
	if err != nil {
		return nil, err
	}
	f := &fetched{logs: logs, raw: raw, arena: a}
	next, err := pagination.Next(resp.Header, u)
	if err != nil {
		return f, fmt.Errorf("%w: %w", ErrInvalidResponse, err)
	}
	if next != nil && o.PageSize != 0 {
		if _, ok := queryValue(next.RawQuery, "page_size"); !ok {
			next = withQueryParam(next, "page_size", strconv.Itoa(o.PageSize))
		}
	}
	f.next = next
	return f, nil
}

// withQueryParam returns a copy of u with name=value appended to the raw
// query, leaving the existing query text exactly as it was.
func withQueryParam(u *url.URL, name, value string) *url.URL {
	v := *u
	param := url.QueryEscape(name) + "=" + url.QueryEscape(value)
	if v.RawQuery == "" {
		v.RawQuery = param
	} else {
		v.RawQuery += "&" + param
	}
	return &v
}

// scopeOf is where a listing's next links may point: the first page's
// endpoint (origin and path, without the query), not a path below it.
func scopeOf(first *url.URL) pagination.Scope {
	base := *first
	base.RawQuery, base.Fragment, base.RawFragment = "", "", ""
	return pagination.Scope{Base: &base, Exact: true}
}

// page is the Page the caller gets of f.
func (f *fetched) page() *Page {
	out := &Page{Logs: f.logs, Raw: f.raw}
	if f.next != nil {
		out.NextURL = f.next.String()
		out.NextCursor, _ = queryValue(f.next.RawQuery, "cursor")
	}
	return out
}

// queryValue returns the first value of key in a raw query as
// url.ParseQuery reads each pair (a pair with a semicolon or a bad escape
// is skipped), without building the url.Values of the whole query: a page
// walk reads two names of every next link.
func queryValue(rawQuery, key string) (value string, ok bool) {
	for rawQuery != "" {
		var pair string
		pair, rawQuery, _ = strings.Cut(rawQuery, "&")
		if pair == "" || strings.Contains(pair, ";") {
			continue
		}
		k, v, _ := strings.Cut(pair, "=")
		if strings.ContainsAny(k, "%+") { // unescaping cannot change other keys
			var err error
			if k, err = url.QueryUnescape(k); err != nil {
				continue
			}
		}
		if k != key {
			continue
		}
		if v, err := url.QueryUnescape(v); err == nil {
			return v, true
		}
	}
	return "", false
}
