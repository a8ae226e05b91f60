package sclogs

import (
	"errors"
	"fmt"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/sclogs/sclogs/sclogstest"
)

// accountClient starts a fake account and returns a Client for it.
func accountClient(t *testing.T, fake []sclogstest.Option, opts ...Option) (*sclogstest.Server, *Client) {
	t.Helper()
	srv := sclogstest.NewServer(fake...)
	t.Cleanup(srv.Close)
	return srv, clientFor(t, srv, opts...)
}

func clientFor(t *testing.T, srv *sclogstest.Server, opts ...Option) *Client {
	t.Helper()
	c, err := NewClient(append([]Option{WithBaseURL(srv.URL()),
		WithBasicAuth(srv.PublicKey(), srv.SecretKey())}, opts...)...)
	if err != nil {
		t.Fatal(err)
	}
	return c
}

// logIDs collects a listing's record ids, failing the test on an error.
func logIDs(t *testing.T, seq func(func(Log, error) bool)) []int {
	t.Helper()
	var out []int
	for l, err := range seq {
		if err != nil {
			t.Fatal(err)
		}
		out = append(out, l.GetID())
	}
	return out
}

// The parallel listing yields exactly what the account-wide cursor yields,
// in the same order, whatever the concurrency and page size.
func TestAllLogsParallelIsAllLogs(t *testing.T) {
	t.Parallel()
	_, c := accountClient(t, []sclogstest.Option{sclogstest.WithIntegrations(7), sclogstest.WithLogsPerIntegration(23)})
	want := logIDs(t, c.AllLogs(t.Context(), &ListOptions{PageSize: 100}))
	if len(want) != 7*23 {
		t.Fatalf("account-wide listing has %d logs, want %d", len(want), 7*23)
	}
	for _, conc := range []int{0, 1, 3, 8} {
		for _, size := range []int{0, 5, 100} {
			got := logIDs(t, c.AllLogsParallel(t.Context(), &ListOptions{PageSize: size}, &ParallelOptions{Concurrency: conc}))
			if !slices.Equal(got, want) {
				t.Errorf("concurrency %d, page size %d: %d logs, differing from the account-wide listing's %d", conc, size, len(got), len(want))
			}
		}
	}
	// Chosen integrations only, and MaxPages per integration.
	got := logIDs(t, c.AllLogsParallel(t.Context(), &ListOptions{PageSize: 5, MaxPages: 1}, &ParallelOptions{IntegrationIDs: []int{2, 5}}))
	if len(got) != 10 {
		t.Errorf("two integrations, one page of 5 each: %d logs", len(got))
	}
}

func TestAllLogsParallelErrors(t *testing.T) {
	t.Parallel()
	srv, c := accountClient(t, []sclogstest.Option{sclogstest.WithIntegrations(4), sclogstest.WithLogsPerIntegration(30)},
		WithRetryBackoff(time.Millisecond, time.Millisecond))
	for name, tc := range map[string]struct {
		opts *ListOptions
		par  *ParallelOptions
	}{
		"cursor":      {&ListOptions{Cursor: "2025-01-01T00:00:00Z"}, nil},
		"concurrency": {nil, &ParallelOptions{Concurrency: 1000}},
		"negative":    {nil, &ParallelOptions{Concurrency: -1}},
		"id":          {nil, &ParallelOptions{IntegrationIDs: []int{0}}},
		"page size":   {&ListOptions{PageSize: 101}, nil},
	} {
		n := 0
		for _, err := range c.AllLogsParallel(t.Context(), tc.opts, tc.par) {
			n++
			if err == nil || !strings.HasPrefix(err.Error(), "sclogs: ") || strings.Count(err.Error(), "sclogs:") != 1 {
				t.Errorf("%s: err = %v", name, err)
			}
		}
		if n != 1 {
			t.Errorf("%s: %d yields, want one error", name, n)
		}
	}
	// An integration the caller names that does not exist is an error
	// naming it; a transient fault is retried.
	srv.Fail(sclogstest.Fault{Status: 503})
	var last error
	n := 0
	for _, err := range c.AllLogsParallel(t.Context(), &ListOptions{PageSize: 10}, &ParallelOptions{IntegrationIDs: []int{1, 99}}) {
		n++
		last = err
	}
	if !errors.Is(last, ErrNotFound) || !strings.Contains(last.Error(), "integration 99") {
		t.Errorf("last = %v after %d yields, want a 404 naming integration 99", last, n)
	}
	// Breaking out early leaves nothing running (goleak in TestMain).
	for range c.AllLogsParallel(t.Context(), nil, nil) {
		break
	}
}

// An integration deleted between the list of integrations and its listing
// has no logs left: it is skipped, the others are read whole.
func TestAllLogsParallelSkipsDeletedIntegration(t *testing.T) {
	t.Parallel()
	srv, c := accountClient(t, []sclogstest.Option{sclogstest.WithIntegrations(3), sclogstest.WithLogsPerIntegration(10)})
	srv.Fail(sclogstest.Fault{}, sclogstest.Fault{Status: 404}) // after the list: one integration's first page
	n := 0
	for _, err := range c.AllLogsParallel(t.Context(), &ListOptions{PageSize: 3}, &ParallelOptions{Concurrency: 1}) {
		if err != nil {
			t.Fatal(err)
		}
		n++
	}
	if n != 20 {
		t.Fatalf("%d logs, want the other two integrations' 20", n)
	}
	// A 404 past the first page is an error: the listing was cut short.
	srv2, c2 := accountClient(t, []sclogstest.Option{sclogstest.WithIntegrations(1), sclogstest.WithLogsPerIntegration(10)})
	srv2.Fail(sclogstest.Fault{}, sclogstest.Fault{}, sclogstest.Fault{Status: 404}) // the list, the first page, then the second
	var last error
	for _, err := range c2.AllLogsParallel(t.Context(), &ListOptions{PageSize: 3}, nil) {
		last = err
	}
	if !errors.Is(last, ErrNotFound) || !strings.Contains(last.Error(), "integration 1:") {
		t.Errorf("404 to a later page: %v", last)
	}
}

// Three listings side by side on one Client stay within its budget: a fake
// limited like Sendcloud (scaled down to 20 GETs a second) answers no 429.
func TestOneClientStaysWithinTheLimit(t *testing.T) {
	t.Parallel()
	srv, c := accountClient(t, []sclogstest.Option{sclogstest.WithIntegrations(4), sclogstest.WithLogsPerIntegration(20),
		sclogstest.WithRateLimit(20, time.Second)}, WithRateLimit(20, time.Second))
	var wg sync.WaitGroup
	counts := make([]int, 3)
	for i := range 3 {
		wg.Go(func() {
			for _, err := range c.AllLogsParallel(t.Context(), &ListOptions{PageSize: 5}, &ParallelOptions{Concurrency: 4}) {
				if err != nil {
					t.Error(err)
					return
				}
				counts[i]++
			}
		})
	}
	wg.Wait()
	st := srv.RateLimitStats()
	if st.Refused != 0 || st.Peak > 20 || st.Admitted < 3*17 {
		t.Errorf("fake saw %+v; want no 429, at most 20 a second", st)
	}
	if fmt.Sprint(counts) != "[80 80 80]" {
		t.Errorf("records per listing %v, want 80 each", counts)
	}
}

// Three programs on one key (separate Clients, each with the whole budget)
// overrun the account's limit: they get 429s, slow down, and every listing
// still completes with every record once.
func TestSeparateClientsShareTheLimit(t *testing.T) {
	t.Parallel()
	srv := sclogstest.NewServer(sclogstest.WithIntegrations(4), sclogstest.WithLogsPerIntegration(20),
		sclogstest.WithRateLimit(20, time.Second))
	t.Cleanup(srv.Close)
	want := logIDs(t, clientFor(t, srv, WithRateLimit(0, 0)).AllLogs(t.Context(), &ListOptions{PageSize: 100}))
	time.Sleep(time.Second) // a fresh window for the programs
	before := srv.RateLimitStats()
	got := make([][]int, 3)
	var wg sync.WaitGroup
	for i := range 3 {
		c := clientFor(t, srv, WithRateLimit(20, time.Second))
		wg.Go(func() {
			for l, err := range c.AllLogsParallel(t.Context(), &ListOptions{PageSize: 5}, &ParallelOptions{Concurrency: 4}) {
				if err != nil {
					t.Errorf("program %d: %v", i, err)
					return
				}
				got[i] = append(got[i], l.GetID())
			}
		})
	}
	wg.Wait()
	for i, g := range got {
		if !slices.Equal(g, want) {
			t.Errorf("program %d: %d records, not the account's %d once each in order", i, len(g), len(want))
		}
	}
	st := srv.RateLimitStats()
	if st.Refused == before.Refused {
		t.Errorf("no 429s (%+v): the programs did not overrun the limit, so this tests nothing", st)
	}
	t.Logf("fake: %+v", st)
}
