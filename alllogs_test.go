package sclogs

import (
	"context"
	"errors"
	"net/http"
	"slices"
	"strings"
	"sync/atomic"
	"testing"

	"github.com/sclogs/sclogs/sclogstest"
)

func TestAllLogsIsEveryIntegrationsLogsNewestFirst(t *testing.T) {
	t.Parallel()
	srv, c := newFakeClient(t)
	ctx := context.Background()
	var want []int
	for _, id := range srv.Integrations() {
		for l, err := range c.Logs(ctx, id, &ListOptions{PageSize: 100}) {
			if err != nil {
				t.Fatal(err)
			}
			want = append(want, *l.ID)
		}
	}
	for _, opts := range []*ListOptions{nil, {PageSize: 30, Prefetch: 2}, {PageSize: 1, Prefetch: 1}} {
		var got []int
		var prev *Log
		for l, err := range c.AllLogs(ctx, opts) {
			if err != nil {
				t.Fatal(err)
			}
			if prev != nil && l.CreatedAt.After(*prev.CreatedAt) {
				t.Fatalf("%+v: log %d is newer than log %d before it", opts, *l.ID, *prev.ID)
			}
			got = append(got, *l.ID)
			prev = &l
		}
		if !slices.Equal(slices.Sorted(slices.Values(got)), slices.Sorted(slices.Values(want))) {
			t.Errorf("%+v: %d records, want the %d of every integration", opts, len(got), len(want))
		}
	}
	for _, r := range srv.Requests() {
		if strings.HasSuffix(r.URL.Path, "/integrations/logs") && r.URL.Query().Get("page_size") == "" && r.URL.Query().Get("cursor") != "" {
			t.Errorf("a next page lost the page size: %s", r.URL)
		}
	}
}

func TestAllLogPagesOptionsAndResume(t *testing.T) {
	t.Parallel()
	_, c := newFakeClient(t)
	ctx := context.Background()
	var pages []*Page
	for p, err := range c.AllLogPages(ctx, &ListOptions{PageSize: 7, MaxPages: 3}) {
		if err != nil {
			t.Fatal(err)
		}
		pages = append(pages, p)
	}
	if len(pages) != 3 || len(pages[0].Logs) != 7 || pages[2].NextCursor == "" {
		t.Fatalf("%d pages (MaxPages 3), first of %d", len(pages), len(pages[0].Logs))
	}
	first, err := c.ListAllLogs(ctx, &ListOptions{PageSize: 7})
	if err != nil {
		t.Fatal(err)
	}
	if *first.Logs[0].ID != *pages[0].Logs[0].ID || first.NextCursor != pages[0].NextCursor ||
		!strings.Contains(first.NextURL, "/api/v3/integrations/logs?") {
		t.Errorf("ListAllLogs page %+v differs from the walk's first", first)
	}
	second, err := c.ListAllLogs(ctx, &ListOptions{PageSize: 7, Cursor: first.NextCursor})
	if err != nil {
		t.Fatal(err)
	}
	if *second.Logs[0].ID != *pages[1].Logs[0].ID {
		t.Errorf("resumed page starts with %d, the walk's second page with %d", *second.Logs[0].ID, *pages[1].Logs[0].ID)
	}
}

func TestAllLogsErrors(t *testing.T) {
	t.Parallel()
	srv, c := newFakeClient(t)
	ctx := context.Background()
	n := len(srv.Requests())
	for _, o := range []*ListOptions{{PageSize: 101}, {PageSize: -1}, {Prefetch: -1}, {MaxPages: -1}} {
		if _, err := c.ListAllLogs(ctx, o); err == nil {
			t.Errorf("%+v: no error", o)
		}
		for _, err := range c.AllLogs(ctx, o) {
			if err == nil {
				t.Errorf("%+v: AllLogs yielded a record", o)
			}
		}
	}
	if len(srv.Requests()) != n {
		t.Error("bad options were sent")
	}
	bad, err := NewClient(WithBaseURL(srv.URL()), WithBasicAuth(sclogstest.DefaultPublicKey, "wrong"))
	if err != nil {
		t.Fatal(err)
	}
	for _, err := range bad.AllLogs(ctx, nil) {
		if !errors.Is(err, ErrUnauthorized) {
			t.Errorf("wrong key: %v, want ErrUnauthorized", err)
		}
	}
	// Retried like any listing: a 503 with Retry-After 0, then a 500.
	srv.Fail(sclogstest.Fault{Status: 503, RetryAfter: "0"}, sclogstest.Fault{Status: 429, RetryAfter: "0"})
	if p, err := c.ListAllLogs(ctx, &ListOptions{PageSize: 5}); err != nil || len(p.Logs) != 5 {
		t.Fatalf("after faults: %v", err)
	}
}

// The account-wide walk checks next links like the per-integration one: only
// its own endpoint on the same origin.
func TestAllLogsRefusesUnsafeNextLinks(t *testing.T) {
	t.Parallel()
	for name, link := range map[string]string{
		"per-integration endpoint": `<{base}/api/v3/integrations/7/logs?cursor=x>; rel="next"`,
		"another origin":           `<http://127.0.0.2:1/api/v3/integrations/logs?cursor=x>; rel="next"`,
	} {
		t.Run(name, func(t *testing.T) {
			s := &scripted{fallback: page(1, 1, link)}
			c := newScripted(t, s)
			var err error
			n := 0
			for _, e := range c.AllLogs(context.Background(), nil) {
				if e != nil {
					err = e
					break
				}
				n++
			}
			if err == nil || n != 1 {
				t.Errorf("%d records, err %v; want the first page then an error", n, err)
			}
			if _, err := c.ListAllLogs(context.Background(), nil); err == nil {
				t.Error("ListAllLogs accepted the link")
			}
			for _, q := range s.seen() {
				if q != "" {
					t.Errorf("followed the link: query %q", q)
				}
			}
		})
	}
	// And the first page goes to /integrations/logs.
	var path atomic.Value
	s := &scripted{fallback: func(w http.ResponseWriter, r *http.Request) { path.Store(r.URL.Path); page(0, 0, "")(w, r) }}
	if _, err := newScripted(t, s).ListAllLogs(context.Background(), nil); err != nil || path.Load() != "/api/v3/integrations/logs" {
		t.Errorf("path %v, err %v", path.Load(), err)
	}
}
