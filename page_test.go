package sclogs

import (
	"context"
	"net/http"
	"strings"
	"testing"
)

// Page.NextURL holds what its doc says: the server's link, resolved, with
// page_size appended only when the caller set a page size and the link had
// none; the server's own query text is kept as sent.
func TestPageNextURLAsDocumented(t *testing.T) {
	t.Parallel()
	s := &scripted{fallback: func(w http.ResponseWriter, r *http.Request) {
		page(1, 1, `<logs?cursor=a%2Cb>; rel="next"`)(w, r)
	}}
	c := newScripted(t, s)
	for _, tc := range []struct {
		opts *ListOptions
		want string
	}{
		{nil, "/api/v3/integrations/7/logs?cursor=a%2Cb"},
		{&ListOptions{PageSize: 3}, "/api/v3/integrations/7/logs?cursor=a%2Cb&page_size=3"},
	} {
		p, err := c.ListLogs(context.Background(), 7, tc.opts)
		if err != nil {
			t.Fatal(err)
		}
		if !strings.HasPrefix(p.NextURL, "http://") || !strings.HasSuffix(p.NextURL, tc.want) || p.NextCursor != "a,b" {
			t.Errorf("opts %+v: NextURL %q, NextCursor %q; want an absolute URL ending %s, cursor a,b", tc.opts, p.NextURL, p.NextCursor, tc.want)
		}
	}
}
