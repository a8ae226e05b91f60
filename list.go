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
	// without KeepRaw). The slices do not share memory with later pages;
	// appending to one never changes another.
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
	raws := o.raws()
	p, err := c.fetchPage(ctx, first, o.PageSize, raws)
	if err != nil {
		return nil, err // also for a page whose Link header is unreadable: it has no usable cursor
	}
	if p.Next != nil {
		if err := scopeOf(first).Check(p.Next); err != nil {
			return nil, err
		}
	}
	return limitPage(toPage(p, raws), o.Limit), nil
}

// limitPage cuts page to at most limit records (0: no limit). A cut page
// loses its next cursor: resuming there would skip the records cut off.
func limitPage(page *Page, limit int) *Page {
	if limit > 0 && len(page.Logs) > limit {
		page.Logs = page.Logs[:limit:limit]
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
		raws := o.raws()
		fetch := func(ctx context.Context, u *url.URL) (*pagination.Page[Log], error) {
			return c.fetchPage(ctx, u, o.PageSize, raws)
		}
		popts := pagination.Options{Prefetch: o.Prefetch, MaxPages: o.MaxPages}
		left := o.Limit // records still wanted, when o.Limit > 0
		for p, err := range pagination.Pages(ctx, first, scopeOf(first), fetch, popts) {
			if err != nil {
				yield(nil, c.leaveListing(err))
				return
			}
			page := toPage(p, raws)
			if o.Limit > 0 {
				page = limitPage(page, left)
				left -= len(page.Logs)
			}
			if !yield(page, nil) || o.Limit > 0 && left == 0 {
				return
			}
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
			for _, l := range p.Logs {
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

// fetchPage GETs one page at u and decodes it. When the caller asked for a
// page size and the server's next link leaves it out, it is added, so every
// page has the size asked for; the rest of the link is kept byte for byte. A
// Link header it cannot read comes back with the page, as an error.
func (c *Client) fetchPage(ctx context.Context, u *url.URL, pageSize int, raws *rawPages) (*pagination.Page[Log], error) {
	resp, err := c.get(ctx, u)
	if err != nil {
		return nil, err
	}
	logs, raw, err := decodePage(resp, raws != nil)
	if err != nil {
		return nil, err
	}
	page := &pagination.Page[Log]{Items: logs, URL: u}
	if raws != nil {
		raws.put(page, raw)
	}
	next, err := pagination.Next(resp.Header, u)
	if err != nil {
		return page, fmt.Errorf("%w: %w", ErrInvalidResponse, err)
	}
	if next != nil && pageSize != 0 {
		if _, ok := queryValue(next.RawQuery, "page_size"); !ok {
			next = withQueryParam(next, "page_size", strconv.Itoa(pageSize))
		}
	}
	page.Next = next
	return page, nil
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

// raws is where the walk's pages keep their records' bytes: nil without
// KeepRaw.
func (o ListOptions) raws() *rawPages {
	if !o.KeepRaw {
		return nil
	}
	return new(rawPages)
}

func toPage(p *pagination.Page[Log], raws *rawPages) *Page {
	out := &Page{Logs: p.Items}
	if raws != nil {
		out.Raw = raws.take(p)
		if out.Raw == nil {
			out.Raw = []json.RawMessage{}
		}
	}
	if p.Next != nil {
		out.NextURL = p.Next.String()
		out.NextCursor, _ = queryValue(p.Next.RawQuery, "cursor")
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
