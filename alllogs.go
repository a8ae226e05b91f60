package sclogs

import (
	"context"
	"iter"
	"net/http"
	"net/url"

	"github.com/sclogs/sclogs/gen"
)

// The logs of every integration of the account (GET /integrations/logs),
// newest first. The same walk as the per-integration methods in list.go:
// the same options, cursor following, next-link checks and prefetch; only
// the first page's URL differs.

// ListAllLogs fetches one page of the exception logs of all the account's
// integrations. opts may be nil; see [Client.ListLogs].
func (c *Client) ListAllLogs(ctx context.Context, opts *ListOptions) (*Page, error) {
	return c.listPage(ctx, func() (*url.URL, ListOptions, error) { return c.firstAllPage(opts) })
}

// AllLogPages walks the pages of all the account's logs; see
// [Client.LogPages].
func (c *Client) AllLogPages(ctx context.Context, opts *ListOptions) iter.Seq2[*Page, error] {
	return c.walkPages(ctx, func() (*url.URL, ListOptions, error) { return c.firstAllPage(opts) })
}

// AllLogs walks the records of all the account's logs, newest first; see
// [Client.Logs]. A record's IntegrationID says which integration it is
// about (the spec lets it be null).
func (c *Client) AllLogs(ctx context.Context, opts *ListOptions) iter.Seq2[Log, error] {
	return walkLogs(c.AllLogPages(ctx, opts))
}

// firstAllPage checks opts and builds the first page's URL of the
// account-wide listing.
func (c *Client) firstAllPage(opts *ListOptions) (*url.URL, ListOptions, error) {
	return checkedFirst(opts, func(cursor *string, size *int) (*http.Request, error) {
		return gen.NewListAllIntegrationLogsRequest(c.server, &gen.ListAllIntegrationLogsParams{Cursor: cursor, PageSize: size})
	})
}
