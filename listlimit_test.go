package sclogs

import (
	"context"
	"net/url"
	"strconv"
	"testing"

	"github.com/sclogs/sclogs/sclogstest"
)

// newLimitFake is the fake with 300 logs per integration: more than the
// largest limit tried, so every stop is the limit's.
func newLimitFake(t *testing.T) (*sclogstest.Server, *Client) {
	t.Helper()
	srv := sclogstest.NewServer(sclogstest.WithLogsPerIntegration(300))
	t.Cleanup(srv.Close)
	c, err := NewClient(WithBaseURL(srv.URL()),
		WithBasicAuth(sclogstest.DefaultPublicKey, sclogstest.DefaultSecretKey))
	if err != nil {
		t.Fatal(err)
	}
	return srv, c
}

// TestListOptionsLimit: Limit gives the newest N logs, the same as the
// start of a full walk, and stops without fetching a page it does not need,
// whatever the page size and prefetch.
func TestListOptionsLimit(t *testing.T) {
	t.Parallel()
	_, full := newLimitFake(t)
	var want []int
	for l, err := range full.Logs(context.Background(), 1, &ListOptions{PageSize: 100}) {
		if err != nil {
			t.Fatal(err)
		}
		want = append(want, l.GetID())
		if len(want) == 250 {
			break
		}
	}
	cases := []struct {
		name      string
		opts      ListOptions
		wantPages int
	}{
		{"3 with the default page size", ListOptions{Limit: 3}, 1},
		{"100 fills one page", ListOptions{Limit: 100}, 1},
		{"250 takes three pages of 100", ListOptions{Limit: 250}, 3},
		{"7 of pages of 5", ListOptions{Limit: 7, PageSize: 5}, 2},
		{"prefetch fetches nothing extra", ListOptions{Limit: 10, PageSize: 5, Prefetch: 3}, 2},
		{"walks stop at MaxPages first", ListOptions{Limit: 10, PageSize: 2, MaxPages: 2}, 2},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			srv, c := newLimitFake(t)
			var got []int
			for l, err := range c.Logs(context.Background(), 1, &tc.opts) {
				if err != nil {
					t.Fatal(err)
				}
				got = append(got, l.GetID())
			}
			n := tc.opts.Limit
			if tc.opts.MaxPages > 0 {
				n = min(n, tc.opts.MaxPages*tc.opts.PageSize)
			}
			if len(got) != n {
				t.Fatalf("got %d logs, want %d", len(got), n)
			}
			for i := range got {
				if got[i] != want[i] {
					t.Fatalf("log %d is id %d, want %d (the newest first)", i, got[i], want[i])
				}
			}
			if r := logsRequests(srv); r != tc.wantPages {
				t.Errorf("made %d page requests, want %d", r, tc.wantPages)
			}
			if tc.opts.PageSize == 0 {
				for _, r := range srv.Requests() {
					if q, _ := url.ParseQuery(r.URL.RawQuery); q.Get("page_size") != "" && q.Get("page_size") != strconv.Itoa(min(n, 100)) {
						t.Errorf("asked for page_size %s, want %d", q.Get("page_size"), min(n, 100))
					}
				}
			}
		})
	}
}

// TestListOptionsLimitCutsPage: a page the limit cuts short has no next
// cursor (resuming there would skip the records cut off), also account-wide
// and for ListLogs; a negative limit is an error before any request.
func TestListOptionsLimitCutsPage(t *testing.T) {
	t.Parallel()
	srv, c := newLimitFake(t)
	ctx := context.Background()
	page, err := c.ListLogs(ctx, 1, &ListOptions{Limit: 3, PageSize: 10})
	if err != nil {
		t.Fatal(err)
	}
	if len(page.Logs) != 3 || page.NextCursor != "" || page.NextURL != "" {
		t.Errorf("ListLogs with Limit 3 of a page of 10: %d logs, next %q", len(page.Logs), page.NextCursor)
	}
	page, err = c.ListAllLogs(ctx, &ListOptions{Limit: 3})
	if err != nil {
		t.Fatal(err)
	}
	if len(page.Logs) != 3 || page.NextCursor == "" {
		t.Errorf("ListAllLogs with Limit 3 (page size 3): %d logs, next %q; want 3 and a cursor", len(page.Logs), page.NextCursor)
	}
	n := 0
	for _, err := range c.AllLogs(ctx, &ListOptions{Limit: 42}) {
		if err != nil {
			t.Fatal(err)
		}
		n++
	}
	if n != 42 {
		t.Errorf("AllLogs with Limit 42 gave %d", n)
	}
	before := len(srv.Requests())
	for _, err := range c.Logs(ctx, 1, &ListOptions{Limit: -1}) {
		if err == nil {
			t.Fatal("Limit -1 was accepted")
		}
	}
	if len(srv.Requests()) != before {
		t.Error("Limit -1 sent a request")
	}
}
