package sclogs

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"reflect"
	"slices"
	"strings"
	"testing"
	"time"
	"unsafe"

	"github.com/sclogs/sclogs/sclogstest"
)

// ListOptions.RawOnly and ReuseRaw against the fake and scripted servers:
// the same records, pages, cursors and errors as a walk that decodes, and
// with ReuseRaw every record intact whatever the prefetch and however slow
// the caller.

// rawWalk is what a page walk gave: each page's records as received (and
// their count by Len), cursors and URLs.
type rawWalk struct {
	records []string
	lens    []int
	cursors []string
	logs    []Log // from the Logs iterator
}

func walkRaw(t *testing.T, c *Client, o ListOptions) rawWalk {
	t.Helper()
	var w rawWalk
	for p, err := range c.AllLogPages(context.Background(), &o) {
		if err != nil {
			t.Fatal(err)
		}
		if o.RawOnly && p.Logs != nil {
			t.Fatalf("RawOnly page has %d logs; want nil", len(p.Logs))
		}
		if p.Raw == nil || p.Len() != len(p.Raw) {
			t.Fatalf("page Len %d, %d raw records (nil: %v)", p.Len(), len(p.Raw), p.Raw == nil)
		}
		for _, r := range p.Raw {
			w.records = append(w.records, string(r))
		}
		w.lens = append(w.lens, p.Len())
		w.cursors = append(w.cursors, p.NextCursor+" "+p.NextURL)
	}
	for l, err := range c.AllLogs(context.Background(), &o) {
		if err != nil {
			t.Fatal(err)
		}
		w.logs = append(w.logs, l)
	}
	return w
}

// RawOnly gives the records, pages and cursors KeepRaw gives, on all the
// fake's seeded data (every shop system), with Limit and MaxPages alike;
// the Logs iterator yields the same logs.
func TestRawOnlyGivesWhatKeepRawGives(t *testing.T) {
	t.Parallel()
	_, c := newFakeClient(t)
	for _, o := range []ListOptions{
		{PageSize: 7},
		{PageSize: 7, Limit: 30},
		{Limit: 13},
		{PageSize: 100, MaxPages: 2, Prefetch: 2},
		{PageSize: 9, Prefetch: 3, ReuseRaw: true},
	} {
		t.Run(fmt.Sprintf("%+v", o), func(t *testing.T) {
			keep := o
			keep.KeepRaw = true
			raw := o
			raw.RawOnly = true
			want, got := walkRaw(t, c, keep), walkRaw(t, c, raw)
			if len(want.records) == 0 {
				t.Fatal("the fake served no records")
			}
			if !reflect.DeepEqual(got.records, want.records) || !reflect.DeepEqual(got.lens, want.lens) ||
				!reflect.DeepEqual(got.cursors, want.cursors) {
				t.Errorf("RawOnly: %d records in pages %v, cursors %q\nKeepRaw: %d records in pages %v, cursors %q",
					len(got.records), got.lens, got.cursors, len(want.records), want.lens, want.cursors)
			}
			if !reflect.DeepEqual(got.logs, want.logs) {
				t.Errorf("the Logs iterator under RawOnly yields %d logs, without %d, or other values", len(got.logs), len(want.logs))
			}
		})
	}
	// One page: ListAllLogs and ListLogs.
	for _, list := range []func(*ListOptions) (*Page, error){
		func(o *ListOptions) (*Page, error) { return c.ListAllLogs(context.Background(), o) },
		func(o *ListOptions) (*Page, error) { return c.ListLogs(context.Background(), 2, o) },
	} {
		want, err := list(&ListOptions{PageSize: 5, KeepRaw: true})
		if err != nil {
			t.Fatal(err)
		}
		got, err := list(&ListOptions{PageSize: 5, RawOnly: true, ReuseRaw: true})
		if err != nil {
			t.Fatal(err)
		}
		if got.Logs != nil || !reflect.DeepEqual(got.Raw, want.Raw) || got.NextCursor != want.NextCursor || got.Len() != 5 {
			t.Errorf("one page: RawOnly %d records, cursor %q; KeepRaw %d, %q", got.Len(), got.NextCursor, want.Len(), want.NextCursor)
		}
	}
}

// AllLogsParallel merges by the decoded records: under RawOnly it still
// yields every one.
func TestRawOnlyParallel(t *testing.T) {
	t.Parallel()
	_, c := newFakeClient(t)
	count := func(o *ListOptions) int {
		n := 0
		for _, err := range c.AllLogsParallel(context.Background(), o, &ParallelOptions{Concurrency: 2}) {
			if err != nil {
				t.Fatal(err)
			}
			n++
		}
		return n
	}
	want := count(&ListOptions{PageSize: 50})
	if got := count(&ListOptions{PageSize: 50, RawOnly: true, ReuseRaw: true}); got != want || want == 0 {
		t.Errorf("AllLogsParallel with RawOnly: %d logs, without %d", got, want)
	}
}

// A page is ErrInvalidResponse under RawOnly exactly when it is without,
// with the same message; what it accepts, it gives record for record.
func TestRawOnlyRefusesWhatDecodingRefuses(t *testing.T) {
	t.Parallel()
	bodies := append(append([]string{}, pageSeeds...), checkSeeds...)
	bodies = append(bodies, `{}`, `{"links":{}}`, `{"data":[{"id":1}]`, ``, `{"data":[{"id":1,"created_at":"2024-01-01T00:00:00+25:00"}]}`)
	for _, body := range bodies {
		s := &scripted{fallback: rawBody(body, "")}
		c := newScripted(t, s)
		want, wantErr := c.ListLogs(context.Background(), 7, &ListOptions{KeepRaw: true})
		got, err := c.ListLogs(context.Background(), 7, &ListOptions{RawOnly: true})
		short := body
		if len(short) > 80 {
			short = short[:80] + "…"
		}
		switch {
		case (err == nil) != (wantErr == nil):
			t.Errorf("%s: RawOnly: %v; decoding: %v", short, err, wantErr)
		case err != nil && (!errors.Is(err, ErrInvalidResponse) || err.Error() != wantErr.Error()):
			t.Errorf("%s: RawOnly: %v; decoding: %v", short, err, wantErr)
		case err == nil && (got.Logs != nil || !reflect.DeepEqual(got.Raw, want.Raw)):
			t.Errorf("%s: RawOnly gives %q (logs %v); decoding %q", short, got.Raw, got.Logs, want.Raw)
		}
	}
}

// With ReuseRaw, every record arrives intact: at every prefetch, with a
// caller that is slow on some pages, and while the caller holds a page its
// records do not change (the fetcher decodes pages ahead meanwhile). The
// Logs iterator over the same walk yields the logs a decoding walk yields.
func TestReuseRawEveryRecordIntact(t *testing.T) {
	t.Parallel()
	srv := sclogstest.NewServer(sclogstest.WithLogsPerIntegration(120))
	t.Cleanup(srv.Close)
	c, err := NewClient(WithBaseURL(srv.URL()), WithBasicAuth(sclogstest.DefaultPublicKey, sclogstest.DefaultSecretKey))
	if err != nil {
		t.Fatal(err)
	}
	var want []string
	for p, err := range c.LogPages(context.Background(), 1, &ListOptions{PageSize: 7, KeepRaw: true}) {
		if err != nil {
			t.Fatal(err)
		}
		for _, r := range p.Raw {
			want = append(want, string(r))
		}
	}
	var wantLogs []Log
	for l, err := range c.Logs(context.Background(), 1, &ListOptions{PageSize: 7}) {
		if err != nil {
			t.Fatal(err)
		}
		wantLogs = append(wantLogs, l)
	}
	for prefetch := range 4 {
		for _, rawOnly := range []bool{false, true} {
			o := ListOptions{PageSize: 7, Prefetch: prefetch, KeepRaw: true, RawOnly: rawOnly, ReuseRaw: true}
			t.Run(fmt.Sprintf("prefetch=%d,rawonly=%v", prefetch, rawOnly), func(t *testing.T) {
				t.Parallel()
				var got []string
				n := 0
				for p, err := range c.LogPages(context.Background(), 1, &o) {
					if err != nil {
						t.Fatal(err)
					}
					held := make([]string, len(p.Raw))
					for i, r := range p.Raw {
						held[i] = string(r)
					}
					if n++; n%3 == 0 {
						time.Sleep(5 * time.Millisecond) // slow: the fetcher runs ahead meanwhile
					}
					for i, r := range p.Raw {
						if string(r) != held[i] {
							t.Fatalf("page %d record %d changed while the caller held the page", n, i)
						}
					}
					got = append(got, held...)
				}
				if !reflect.DeepEqual(got, want) {
					t.Errorf("%d records, want %d, or other bytes", len(got), len(want))
				}
				var logs []Log
				for l, err := range c.Logs(context.Background(), 1, &o) {
					if err != nil {
						t.Fatal(err)
					}
					logs = append(logs, l)
					if len(logs)%10 == 0 {
						time.Sleep(time.Millisecond)
					}
				}
				if !reflect.DeepEqual(logs, wantLogs) {
					t.Errorf("the Logs iterator: %d logs, want %d, or other values", len(logs), len(wantLogs))
				}
			})
		}
	}
}

// ReuseRaw does reuse: without prefetch, each page's records go into the
// memory of the page before (the caller has moved past it). Without
// ReuseRaw, and for a single page, they never do.
func TestReuseRawReusesMemory(t *testing.T) {
	t.Parallel()
	s := &scripted{pages: map[string]func(http.ResponseWriter, *http.Request){}}
	for i := range 4 {
		q := ""
		if i > 0 {
			q = fmt.Sprintf("cursor=%d", i)
		}
		s.pages[q] = page(5, 1+5*i, fmt.Sprintf(`<{base}/api/v3/integrations/7/logs?cursor=%d>; rel="next"`, i+1))
	}
	c := newScripted(t, s)
	backing := func(o ListOptions) []uintptr {
		var out []uintptr
		for p, err := range c.LogPages(context.Background(), 7, &o) {
			if err != nil {
				t.Fatal(err)
			}
			out = append(out, uintptr(unsafe.Pointer(unsafe.SliceData(p.Raw))), uintptr(unsafe.Pointer(unsafe.SliceData(p.Raw[0]))))
		}
		return out
	}
	reused := backing(ListOptions{MaxPages: 4, KeepRaw: true, ReuseRaw: true, RawOnly: true})
	for i := 2; i < len(reused); i++ {
		if reused[i] != reused[i%2] {
			t.Errorf("ReuseRaw: page %d's Raw is not in the first page's memory", i/2+1)
		}
	}
	fresh := backing(ListOptions{MaxPages: 4, KeepRaw: true})
	for i := 2; i < len(fresh); i++ {
		if fresh[i] == fresh[i%2] {
			t.Errorf("without ReuseRaw: page %d's Raw shares the first page's memory", i/2+1)
		}
	}
	a, err := c.ListLogs(context.Background(), 7, &ListOptions{RawOnly: true, ReuseRaw: true})
	if err != nil {
		t.Fatal(err)
	}
	b, err := c.ListLogs(context.Background(), 7, &ListOptions{RawOnly: true, ReuseRaw: true})
	if err != nil {
		t.Fatal(err)
	}
	if unsafe.SliceData(a.Raw) == unsafe.SliceData(b.Raw) || string(a.Raw[0]) != `{"id":1,"base_url":"https://shop.example"}` {
		t.Errorf("ListLogs reused a page's memory: %q", a.Raw[0])
	}
}

// MergeAllLogs holds a page's records past the page's hand-over, so it
// ignores ReuseRaw: records kept by the records function stay intact.
func TestReuseRawIgnoredByMerge(t *testing.T) {
	t.Parallel()
	_, c := newFakeClient(t)
	keep := func(p *Page) ([]string, bool) {
		out := make([]string, 0, p.Len())
		for _, r := range p.Raw {
			out = append(out, unsafe.String(unsafe.SliceData(r), len(r))) // no copy: sees any reuse
		}
		return out, true
	}
	collect := func(o ListOptions) []string {
		var out []string
		for r, err := range MergeAllLogs(context.Background(), c, &o, &ParallelOptions{Concurrency: 3}, keep, nil) {
			if err != nil {
				t.Fatal(err)
			}
			out = append(out, strings.Clone(r))
		}
		return out
	}
	want := collect(ListOptions{PageSize: 3, KeepRaw: true})
	got := collect(ListOptions{PageSize: 3, RawOnly: true, ReuseRaw: true})
	slices.Sort(want) // integrations interleave as their pages arrive
	slices.Sort(got)
	if len(want) == 0 || !reflect.DeepEqual(got, want) {
		t.Errorf("MergeAllLogs with ReuseRaw: %d records, want %d, or other bytes", len(got), len(want))
	}
}
