package sclogs

import (
	"bytes"
	"context"
	"encoding/base64"
	"encoding/json"
	"errors"
	"fmt"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"net/url"
	"runtime"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/sclogs/sclogs/internal/retry"
	"github.com/sclogs/sclogs/pagination"
	"github.com/sclogs/sclogs/sclogstest"
)

// newFakeClient starts the fake with seeded data and a client for it.
func newFakeClient(t *testing.T, opts ...Option) (*sclogstest.Server, *Client) {
	t.Helper()
	srv := sclogstest.NewServer()
	t.Cleanup(srv.Close)
	base := []Option{
		WithBaseURL(srv.URL()),
		WithBasicAuth(sclogstest.DefaultPublicKey, sclogstest.DefaultSecretKey),
	}
	c, err := NewClient(append(base, opts...)...)
	if err != nil {
		t.Fatal(err)
	}
	return srv, c
}

func logsRequests(srv *sclogstest.Server) int {
	n := 0
	for _, r := range srv.Requests() {
		if strings.HasSuffix(r.URL.Path, "/logs") {
			n++
		}
	}
	return n
}

func TestListLogsFirstPage(t *testing.T) {
	t.Parallel()
	_, c := newFakeClient(t)
	page, err := c.ListLogs(context.Background(), 1, &ListOptions{PageSize: 10})
	if err != nil {
		t.Fatal(err)
	}
	if len(page.Logs) != 10 {
		t.Fatalf("got %d logs, want 10", len(page.Logs))
	}
	if page.NextCursor == "" || page.NextURL == "" {
		t.Fatalf("first page of many has no next: %+v", page)
	}
	if !strings.Contains(page.NextURL, "page_size=10") {
		t.Errorf("next URL %q lost the page size", page.NextURL)
	}
	page, err = c.ListLogs(context.Background(), 1, nil)
	if err != nil {
		t.Fatal(err)
	}
	if len(page.Logs) != 25 {
		t.Errorf("nil options: got %d logs, want the server's default 25", len(page.Logs))
	}
}

func TestListLogsRejectsBadArgumentsBeforeAnyRequest(t *testing.T) {
	t.Parallel()
	srv, c := newFakeClient(t)
	cases := []struct {
		id   int
		opts *ListOptions
		want string
	}{
		{0, nil, "integration id"},
		{-3, nil, "integration id"},
		{1, &ListOptions{PageSize: 101}, "page size"},
		{1, &ListOptions{PageSize: -1}, "page size"},
		{1, &ListOptions{Prefetch: -1}, "prefetch"},
		{1, &ListOptions{MaxPages: -1}, "max pages"},
	}
	for _, tc := range cases {
		_, err := c.ListLogs(context.Background(), tc.id, tc.opts)
		if err == nil || !strings.Contains(err.Error(), tc.want) {
			t.Errorf("ListLogs(%d, %+v) = %v, want an error about %s", tc.id, tc.opts, err, tc.want)
		}
		for _, err := range c.Logs(context.Background(), tc.id, tc.opts) {
			if err == nil || !strings.Contains(err.Error(), tc.want) {
				t.Errorf("Logs(%d, %+v) = %v, want an error about %s", tc.id, tc.opts, err, tc.want)
			}
		}
	}
	if n := len(srv.Requests()); n != 0 {
		t.Errorf("%d requests reached the server", n)
	}
}

func TestLogsWalksEveryRecordOnce(t *testing.T) {
	t.Parallel()
	srv, c := newFakeClient(t)
	for _, size := range []int{0, 7, 100} {
		seen := map[int]bool{}
		for l, err := range c.Logs(context.Background(), 2, &ListOptions{PageSize: size}) {
			if err != nil {
				t.Fatal(err)
			}
			if l.ID == nil || seen[*l.ID] {
				t.Fatalf("page size %d: record id missing or repeated: %v", size, l.ID)
			}
			seen[*l.ID] = true
		}
		want, err := countAll(srv.URL(), 2)
		if err != nil {
			t.Fatal(err)
		}
		if len(seen) != want {
			t.Errorf("page size %d: %d records, want %d", size, len(seen), want)
		}
	}
}

// countAll counts an integration's records with a bare loop, independently
// of the iterators under test.
func countAll(base string, id int) (int, error) {
	next := fmt.Sprintf("%s/integrations/%d/logs?page_size=100", base, id)
	n := 0
	for next != "" {
		req, _ := http.NewRequest(http.MethodGet, next, nil)
		req.SetBasicAuth(sclogstest.DefaultPublicKey, sclogstest.DefaultSecretKey)
		resp, err := http.DefaultClient.Do(req)
		if err != nil {
			return 0, err
		}
		var body struct{ Data []json.RawMessage }
		err = json.NewDecoder(resp.Body).Decode(&body)
		resp.Body.Close()
		if err != nil {
			return 0, err
		}
		n += len(body.Data)
		u := pagination.NextURL(resp.Header, req.URL)
		next = ""
		if u != nil {
			next = u.String()
		}
	}
	return n, nil
}

func TestResumeFromNextCursor(t *testing.T) {
	t.Parallel()
	_, c := newFakeClient(t)
	ctx := context.Background()
	var all []int
	for l, err := range c.Logs(ctx, 3, &ListOptions{PageSize: 20}) {
		if err != nil {
			t.Fatal(err)
		}
		all = append(all, *l.ID)
	}
	page, err := c.ListLogs(ctx, 3, &ListOptions{PageSize: 20})
	if err != nil {
		t.Fatal(err)
	}
	got := ids(page.Logs)
	for page.NextCursor != "" {
		page, err = c.ListLogs(ctx, 3, &ListOptions{PageSize: 20, Cursor: page.NextCursor})
		if err != nil {
			t.Fatal(err)
		}
		got = append(got, ids(page.Logs)...)
	}
	if fmt.Sprint(got) != fmt.Sprint(all) {
		t.Errorf("resuming page by page gave %d records, walking gave %d (or another order)", len(got), len(all))
	}
}

func ids(logs []Log) []int {
	out := make([]int, 0, len(logs))
	for _, l := range logs {
		out = append(out, *l.ID)
	}
	return out
}

func TestIteratorsLeaveOptionsAlone(t *testing.T) {
	t.Parallel()
	_, c := newFakeClient(t)
	opts := &ListOptions{PageSize: 30, Prefetch: 1, MaxPages: 2}
	before := *opts
	n := 0
	for _, err := range c.Logs(context.Background(), 1, opts) {
		if err != nil {
			t.Fatal(err)
		}
		n++
	}
	if *opts != before {
		t.Errorf("options changed: %+v, was %+v", *opts, before)
	}
	if n != 60 {
		t.Errorf("MaxPages 2 of 30: got %d records, want 60", n)
	}
}

// scripted serves pages from a table: the handler for each request is picked
// by the request's raw query, and every request is recorded.
type scripted struct {
	mu       sync.Mutex
	queries  []string
	headers  []http.Header
	pages    map[string]func(w http.ResponseWriter, r *http.Request)
	fallback func(w http.ResponseWriter, r *http.Request)
}

func (s *scripted) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	s.mu.Lock()
	s.queries = append(s.queries, r.URL.RawQuery)
	s.headers = append(s.headers, r.Header.Clone())
	h, ok := s.pages[r.URL.RawQuery]
	s.mu.Unlock()
	if !ok {
		h = s.fallback
	}
	if h == nil {
		http.Error(w, "unexpected "+r.URL.RawQuery, http.StatusTeapot)
		return
	}
	h(w, r)
}

func (s *scripted) seen() []string {
	s.mu.Lock()
	defer s.mu.Unlock()
	return append([]string(nil), s.queries...)
}

// page writes a page of n records with the given Link header (if any).
func page(n, firstID int, link string) func(http.ResponseWriter, *http.Request) {
	return func(w http.ResponseWriter, r *http.Request) {
		if link != "" {
			w.Header().Set("Link", strings.ReplaceAll(link, "{base}", "http://"+r.Host))
		}
		w.Header().Set("Content-Type", "application/json")
		var recs []string
		for i := 0; i < n; i++ {
			recs = append(recs, fmt.Sprintf(`{"id":%d,"base_url":"https://shop.example"}`, firstID+i))
		}
		fmt.Fprintf(w, `{"data":[%s]}`, strings.Join(recs, ","))
	}
}

func newScripted(t *testing.T, s *scripted, opts ...Option) *Client {
	t.Helper()
	mux := http.NewServeMux()
	mux.Handle("/api/v3/", s)
	srv := httptest.NewServer(mux)
	t.Cleanup(srv.Close)
	c, err := NewClient(append([]Option{WithBaseURL(srv.URL + "/api/v3"), WithMaxRetries(0)}, opts...)...)
	if err != nil {
		t.Fatal(err)
	}
	return c
}

func collect(t *testing.T, c *Client, opts *ListOptions) ([]int, error) {
	t.Helper()
	var got []int
	for l, err := range c.Logs(context.Background(), 7, opts) {
		if err != nil {
			return got, err
		}
		got = append(got, *l.ID)
	}
	return got, nil
}

func TestCursorFollowedExactlyAsReceived(t *testing.T) {
	t.Parallel()
	// A real cursor holds + : / =; decoding and re-encoding it would turn
	// %2B into + (a space on the server) or %3A into :.
	const cursor = "cursor=2023-03-01T02%3A02%3A00%2B01%3A00%2Fab%3D%3D&page_size=2"
	s := &scripted{pages: map[string]func(http.ResponseWriter, *http.Request){
		"page_size=2": page(2, 1, `<{base}/api/v3/integrations/7/logs?`+cursor+`>; rel="next"`),
		cursor:        page(1, 3, ""),
	}}
	c := newScripted(t, s)
	got, err := collect(t, c, &ListOptions{PageSize: 2})
	if err != nil {
		t.Fatal(err)
	}
	if fmt.Sprint(got) != "[1 2 3]" {
		t.Errorf("got records %v", got)
	}
	if q := s.seen(); len(q) != 2 || q[1] != cursor {
		t.Errorf("server saw queries %q, want the next link's query byte for byte", q)
	}
}

func TestRelativeNextLinkAndEmptyPageGoOn(t *testing.T) {
	t.Parallel()
	s := &scripted{pages: map[string]func(http.ResponseWriter, *http.Request){
		"":         page(0, 0, `<logs?cursor=b>; rel="next"`),
		"cursor=b": page(2, 10, `</api/v3/integrations/7/logs?cursor=c>; rel="next"`),
		"cursor=c": page(1, 12, ""),
	}}
	got, err := collect(t, newScripted(t, s), nil)
	if err != nil {
		t.Fatal(err)
	}
	if fmt.Sprint(got) != "[10 11 12]" {
		t.Errorf("got %v, want [10 11 12]", got)
	}
}

func TestPageSizeKeptWhenNextLinkDropsIt(t *testing.T) {
	t.Parallel()
	s := &scripted{pages: map[string]func(http.ResponseWriter, *http.Request){
		"page_size=5":          page(5, 1, `<{base}/api/v3/integrations/7/logs?cursor=x>; rel="next"`),
		"cursor=x&page_size=5": page(1, 6, ""),
	}}
	got, err := collect(t, newScripted(t, s), &ListOptions{PageSize: 5})
	if err != nil {
		t.Fatalf("%v (server saw %q)", err, s.seen())
	}
	if len(got) != 6 {
		t.Errorf("got %d records, want 6", len(got))
	}
}

func TestUnsafeNextLinksAreRefused(t *testing.T) {
	t.Parallel()
	var elsewhere atomic.Int32
	other := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		elsewhere.Add(1)
		page(1, 99, "")(w, r)
	}))
	defer other.Close()
	cases := map[string]string{
		"another origin":   `<` + other.URL + `/api/v3/integrations/7/logs?cursor=x>; rel="next"`,
		"user info":        `<http://user:pw@{host}/api/v3/integrations/7/logs?cursor=x>; rel="next"`,
		"another endpoint": `<{base}/api/v3/integrations/8/logs?cursor=x>; rel="next"`,
		"stuck cursor":     `<{base}/api/v3/integrations/7/logs?cursor=same>; rel="next"`,
	}
	for name, link := range cases {
		t.Run(name, func(t *testing.T) {
			s := &scripted{fallback: func(w http.ResponseWriter, r *http.Request) {
				page(1, 1, strings.ReplaceAll(link, "{host}", r.Host))(w, r)
			}}
			got, err := collect(t, newScripted(t, s, WithBasicAuth("pub", "sec")), nil)
			if err == nil {
				t.Fatalf("no error; records %v", got)
			}
			if len(got) == 0 {
				t.Errorf("records before the bad link were lost")
			}
			if strings.Contains(err.Error(), "pw") || strings.Contains(err.Error(), "sec") {
				t.Errorf("error leaks a secret: %v", err)
			}
			if elsewhere.Load() != 0 {
				t.Errorf("a request went to another origin")
			}
			if n := len(s.seen()); n > 2 {
				t.Errorf("%d requests: a stuck cursor must not loop", n)
			}
		})
	}
}

func TestNoDataMemberIsAnError(t *testing.T) {
	t.Parallel()
	s := &scripted{fallback: func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "application/json")
		fmt.Fprint(w, `{"results":[{"id":1,"base_url":"x"}]}`)
	}}
	if _, err := newScripted(t, s).ListLogs(context.Background(), 7, nil); err == nil {
		t.Error("a 200 without data decoded as an empty page")
	}
}

func TestEveryPageKeepsClientOptions(t *testing.T) {
	t.Parallel()
	s := &scripted{pages: map[string]func(http.ResponseWriter, *http.Request){
		"":         page(1, 1, `<{base}/api/v3/integrations/7/logs?cursor=b>; rel="next"`),
		"cursor=b": page(1, 2, ""),
	}}
	var trips atomic.Int32
	hc := &http.Client{Transport: roundTripFunc(func(r *http.Request) (*http.Response, error) {
		trips.Add(1)
		return http.DefaultTransport.RoundTrip(r)
	})}
	const partner = "3f1e2d4c-0000-4000-8000-000000000001"
	c := newScripted(t, s, WithHTTPClient(hc), WithPartnerID(partner), WithBasicAuth("pub", "sec"))
	if _, err := collect(t, c, &ListOptions{Prefetch: 1}); err != nil {
		t.Fatal(err)
	}
	if trips.Load() != 2 {
		t.Errorf("custom HTTP client carried %d requests, want 2", trips.Load())
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	for i, h := range s.headers {
		if h.Get("Sendcloud-Partner-Id") != partner || h.Get("Authorization") == "" || !strings.HasPrefix(h.Get("User-Agent"), "sclogs/") {
			t.Errorf("request %d lost a header: %v", i, h)
		}
	}
}

func TestBreakStopsRequests(t *testing.T) {
	t.Parallel()
	for _, prefetch := range []int{0, 1, 3} {
		srv, c := newFakeClient(t)
		n := 0
		for _, err := range c.Logs(context.Background(), 1, &ListOptions{PageSize: 5, Prefetch: prefetch}) {
			if err != nil {
				t.Fatal(err)
			}
			if n++; n == 7 { // in the second page
				break
			}
		}
		// The iterator has returned: whatever it fetched ahead is done, and
		// nothing more may arrive.
		sent := logsRequests(srv)
		if sent > 2+prefetch {
			t.Errorf("prefetch %d: %d requests for 2 pages read", prefetch, sent)
		}
		if again := logsRequests(srv); again != sent {
			t.Errorf("prefetch %d: requests went on after the loop ended", prefetch)
		}
	}
}

func TestCancelStopsTheWalk(t *testing.T) {
	t.Parallel()
	_, c := newFakeClient(t)
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	n := 0
	var last error
	for _, err := range c.Logs(ctx, 1, &ListOptions{PageSize: 5, Prefetch: 2}) {
		if err != nil {
			last = err
			break
		}
		if n++; n == 3 {
			cancel()
		}
	}
	if !errors.Is(last, context.Canceled) {
		t.Errorf("after cancel: %v, want context.Canceled", last)
	}
	if n > 5 {
		t.Errorf("%d records after cancelling in the first page", n)
	}
}

func TestListLogsRefusesAnUnsafeNextLink(t *testing.T) {
	t.Parallel()
	s := &scripted{fallback: page(1, 1, `<https://elsewhere.example/api/v3/integrations/7/logs?cursor=x>; rel="next"`)}
	p, err := newScripted(t, s).ListLogs(context.Background(), 7, nil)
	if !errors.Is(err, pagination.ErrOffScope) {
		t.Fatalf("got page %+v, error %v; want ErrOffScope", p, err)
	}
}

func TestNextLinks(t *testing.T) {
	t.Parallel()
	var srvURL string
	cases := []struct {
		name string
		link func(n int) string // Link header for request n (1-based); "" none
		want error              // nil: any error wrapping ErrInvalidResponse
	}{
		{"off origin", func(int) string { return `<https://evil.example/api/v3/integrations/7/logs?cursor=2>; rel="next"` }, ErrUnsafeNextLink},
		{"userinfo", func(int) string {
			return `<` + strings.Replace(srvURL, "http://", "http://user:hunter22@", 1) + `/api/v3/integrations/7/logs?cursor=2>; rel="next"`
		}, ErrUnsafeNextLink},
		{"other endpoint", func(int) string { return `</api/v3/integrations/8/logs?cursor=2>; rel="next"` }, ErrUnsafeNextLink},
		{"other api", func(int) string { return `</api/v3/integrations?cursor=2>; rel="next"` }, ErrUnsafeNextLink},
		{"dotdot", func(int) string { return `</api/v3/integrations/7/logs/../../8/logs?cursor=2>; rel="next"` }, ErrUnsafeNextLink},
		{"encoded dotdot", func(int) string { return `</api/v3/integrations/7/logs/%2e%2e/%2E%2E/8/logs?cursor=2>; rel="next"` }, ErrUnsafeNextLink},
		{"encoded slash", func(int) string { return `</api/v3/integrations/7/logs%2F..%2F..%2F8%2Flogs?cursor=2>; rel="next"` }, ErrUnsafeNextLink},
		{"scheme relative", func(int) string { return `<//evil.example/api/v3/integrations/7/logs?cursor=2>; rel="next"` }, ErrUnsafeNextLink},
		{"backslash", func(int) string { return `</\evil.example/api/v3/integrations/7/logs>; rel="next"` }, ErrUnsafeNextLink},
		{"other port", func(int) string { return `<http://127.0.0.1:1/api/v3/integrations/7/logs?cursor=2>; rel="next"` }, ErrUnsafeNextLink},
		{"https", func(int) string {
			return `<` + strings.Replace(srvURL, "http://", "https://", 1) + `/api/v3/integrations/7/logs?cursor=2>; rel="next"`
		}, ErrUnsafeNextLink},
		{"javascript", func(int) string { return `<javascript:alert(1)>; rel="next"` }, ErrUnsafeNextLink},
		{"below endpoint", func(int) string { return `</api/v3/integrations/7/logs/1/delete?cursor=2>; rel="next"` }, ErrUnsafeNextLink},
		{"prefix trick", func(int) string { return `</api/v3/integrations/7/logsX?cursor=2>; rel="next"` }, ErrUnsafeNextLink},
		{"loop", func(n int) string {
			return fmt.Sprintf(`</api/v3/integrations/7/logs?cursor=%d>; rel="next"`, n%2)
		}, ErrStuckCursor},
		{"self", func(n int) string { return `</api/v3/integrations/7/logs>; rel="next"` }, ErrStuckCursor},
		{"unparseable", func(int) string { return `<http://x` }, ErrInvalidResponse},
		{"garbage", func(int) string { return `garbage` }, ErrInvalidResponse},
		{"next without brackets", func(int) string { return `/api/v3/integrations/7/logs?cursor=2; rel="next"` }, ErrInvalidResponse},
		{"over 64KiB", func(int) string {
			return `</api/v3/x?` + strings.Repeat("a", 70<<10) + `>; rel="prev", </api/v3/integrations/7/logs?cursor=2>; rel="next"`
		}, ErrInvalidResponse},
		{"300 links", func(int) string {
			return strings.Repeat(`</api/v3/integrations/7/logs?c=1>; rel="prev", `, 300) + `</api/v3/integrations/7/logs?cursor=2>; rel="next"`
		}, ErrInvalidResponse},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			var n atomic.Int32
			srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
				k := int(n.Add(1))
				if k > 50 {
					t.Errorf("followed %d pages", k)
					w.WriteHeader(500)
					return
				}
				if r.Header.Get("Authorization") == "" {
					t.Errorf("no credentials at %s", r.URL)
				}
				if l := tc.link(k); l != "" {
					w.Header().Set("Link", l)
				}
				w.Header().Set("Content-Type", "application/json")
				fmt.Fprintf(w, `{"data":[{"id":%d,"base_url":"x"}]}`, k)
			}))
			defer srv.Close()
			srvURL = srv.URL
			c := auditClient(t, srv, WithBasicAuth("pub", "hunter2secret"))
			for _, pf := range []int{0, 3} {
				var last error
				count := 0
				for _, err := range c.Logs(context.Background(), 7, &ListOptions{Prefetch: pf}) {
					if err != nil {
						last = err
					} else {
						count++
					}
				}
				if !errors.Is(last, tc.want) {
					t.Errorf("prefetch %d: %v, want %v", pf, last, tc.want)
				}
				if last != nil {
					onePrefix(t, tc.name, last)
					if strings.Contains(last.Error(), "hunter2") {
						t.Errorf("userinfo in error: %v", last)
					}
				}
				n.Store(0)
			}
			_, err := c.ListLogs(context.Background(), 7, nil)
			if tc.name != "loop" && tc.name != "self" && !errors.Is(err, tc.want) {
				t.Errorf("ListLogs: %v", err)
			}
			n.Store(0)
			for _, err := range c.AllLogs(context.Background(), nil) {
				if err != nil {
					t.Logf("AllLogs: %v", err)
				}
			}
		})
	}
}

func TestEmptyPages(t *testing.T) {
	t.Parallel()
	var n atomic.Int32
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		k := n.Add(1)
		if k > 1000 {
			w.WriteHeader(500)
			return
		}
		w.Header().Set("Link", fmt.Sprintf(`</api/v3/integrations/7/logs?cursor=%d>; rel="next"`, k))
		w.Header().Set("Content-Type", "application/json")
		fmt.Fprint(w, `{"data":null}`)
	}))
	defer srv.Close()
	c := auditClient(t, srv)
	var last error
	for _, err := range c.LogPages(context.Background(), 7, &ListOptions{Prefetch: 2}) {
		last = err
	}
	if !errors.Is(last, ErrStuckCursor) || n.Load() > 20 {
		t.Errorf("%d pages: %v", n.Load(), last)
	}
	onePrefix(t, "empty", last)
}

// A next link that differs from a fetched one only in its fragment (never
// sent) is the same request: a loop.
func TestFragmentLoop(t *testing.T) {
	t.Parallel()
	var n atomic.Int32
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		k := n.Add(1)
		if k > 50 {
			w.WriteHeader(500)
			return
		}
		w.Header().Set("Link", fmt.Sprintf(`</api/v3/integrations/7/logs?cursor=a#%d>; rel="next"`, k))
		w.Header().Set("Content-Type", "application/json")
		fmt.Fprint(w, `{"data":[{"id":1,"base_url":"x"}]}`)
	}))
	defer srv.Close()
	var last error
	for _, err := range auditClient(t, srv).Logs(context.Background(), 7, nil) {
		last = err
	}
	if !errors.Is(last, ErrStuckCursor) || n.Load() > 3 {
		t.Errorf("%d requests: %v", n.Load(), last)
	}
}

// A next link that carries the request's credentials in its path: the
// error naming the refused or repeated link must not show them.
func TestCredentialInNextLink(t *testing.T) {
	t.Parallel()
	const secret = "hunter2hunter2"
	for _, tmpl := range []string{
		"</api/v3/integrations/8/logs/%s>; rel=\"next\"",
		"<https://evil.example/%s>; rel=\"next\"",
		"</api/v3/integrations/7/logs?cursor=%s>; rel=\"next\"",
	} {
		srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
			_, cred, _ := strings.Cut(r.Header.Get("Authorization"), " ")
			w.Header().Set("Link", fmt.Sprintf(tmpl, cred))
			w.Header().Set("Content-Type", "application/json")
			fmt.Fprint(w, `{"data":[]}`)
		}))
		tok := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
			w.Header().Set("Content-Type", "application/json")
			fmt.Fprint(w, `{"access_token":"bearertoken123","token_type":"Bearer","expires_in":3600}`)
		}))
		for cred, auth := range map[string][]Option{
			base64.StdEncoding.EncodeToString([]byte("pub:" + secret)): {WithBasicAuth("pub", secret)},
			"bearertoken123": {WithOAuth2ClientCredentials("id", secret), WithTokenURL(tok.URL)},
		} {
			var logged strings.Builder
			logger := slog.New(slog.NewTextHandler(&logged, &slog.HandlerOptions{Level: slog.LevelDebug}))
			c := auditClient(t, srv, append(auth, WithLogger(logger))...)
			var last error
			for _, err := range c.Logs(context.Background(), 7, nil) {
				last = err
			}
			_, err := c.ListLogs(context.Background(), 7, nil)
			for _, e := range []error{last, err} {
				if e != nil && strings.Contains(e.Error(), cred) {
					t.Errorf("%s: %v", tmpl, e)
				}
			}
			if strings.Contains(logged.String(), cred) {
				t.Errorf("%s: logged %s", tmpl, logged.String())
			}
		}
		tok.Close()
		srv.Close()
	}
}

// data: null is an empty page; a null record inside data is
// ErrInvalidResponse, never a zero record.
func TestNullDataAndNullRecord(t *testing.T) {
	t.Parallel()
	s := &scripted{fallback: jsonAnswer(`{"data":null}`)}
	p, err := newScripted(t, s).ListLogs(context.Background(), 7, nil)
	if err != nil || p == nil || p.Logs == nil || len(p.Logs) != 0 {
		t.Fatalf("data: null gave %+v, %v; want an empty page", p, err)
	}
	for _, body := range []string{
		`{"data":[null]}`,
		`{"data":[{"id":1,"base_url":"https://a"},null]}`,
	} {
		s := &scripted{fallback: jsonAnswer(body)}
		if _, err := newScripted(t, s).ListLogs(context.Background(), 7, nil); !errors.Is(err, ErrInvalidResponse) {
			t.Errorf("%s: err = %v, want ErrInvalidResponse", body, err)
		}
	}
	s = &scripted{fallback: jsonAnswer(`{"results":[]}`)}
	if _, err := newScripted(t, s).ListLogs(context.Background(), 7, nil); !errors.Is(err, ErrInvalidResponse) {
		t.Errorf("no data member: err = %v, want ErrInvalidResponse", err)
	}
}

// A run of empty pages that keep giving a new next link ends with a clear
// error, in Logs and LogPages.
func TestEmptyPageRunEnds(t *testing.T) {
	t.Parallel()
	var n atomic.Int32
	s := &scripted{fallback: func(w http.ResponseWriter, r *http.Request) {
		i := n.Add(1)
		page(0, 0, fmt.Sprintf(`<{base}/api/v3/integrations/7/logs?cursor=c%d>; rel="next"`, i))(w, r)
	}}
	c := newScripted(t, s)
	_, err := collect(t, c, nil)
	if !errors.Is(err, ErrEmptyPages) || !errors.Is(err, ErrStuckCursor) || !strings.Contains(err.Error(), "10 empty pages") {
		t.Fatalf("Logs: err = %v, want ErrEmptyPages after 10 pages", err)
	}
	if got := len(s.seen()); got != 10 {
		t.Errorf("%d requests, want 10", got)
	}
	pages := 0
	for _, err := range c.LogPages(context.Background(), 7, &ListOptions{Prefetch: 2}) {
		if err != nil {
			if !errors.Is(err, ErrEmptyPages) {
				t.Fatalf("LogPages: err = %v", err)
			}
			break
		}
		pages++
	}
	if pages != 10 {
		t.Errorf("LogPages yielded %d pages before the error, want 10", pages)
	}
}

// A Link header that is present but cannot be read is ErrInvalidResponse
// after the page's records, never a silent end.
func TestUnreadableLinkHeader(t *testing.T) {
	t.Parallel()
	cases := map[string]string{
		"not a link":        "string",
		"no closing >":      `<{base}/api/v3/integrations/7/logs?cursor=x; rel="next"`,
		"too many links":    strings.Repeat(`<{base}/a>; rel="prev", `, 300) + `<{base}/api/v3/integrations/7/logs?cursor=x>; rel="next"`,
		"over the size cap": `<{base}/x>; title="` + strings.Repeat("t", 70<<10) + `", <{base}/api/v3/integrations/7/logs?cursor=x>; rel="next"`,
	}
	for name, link := range cases {
		s := &scripted{fallback: page(2, 1, link)}
		c := newScripted(t, s)
		got, err := collect(t, c, nil)
		if !errors.Is(err, ErrInvalidResponse) || fmt.Sprint(got) != "[1 2]" {
			t.Errorf("%s: records %v, err %v; want [1 2] then ErrInvalidResponse", name, got, err)
		}
		if _, err := c.ListLogs(context.Background(), 7, nil); !errors.Is(err, ErrInvalidResponse) {
			t.Errorf("%s: ListLogs err = %v", name, err)
		}
	}
}

// Breaking out of a prefetching walk, or cancelling it, while the server
// hangs on the pages ahead returns at once and leaves no goroutine
// (goleak in TestMain).
func TestPrefetchHang(t *testing.T) {
	t.Parallel()
	done := make(chan struct{})
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.URL.Query().Get("cursor") != "" {
			select {
			case <-r.Context().Done():
			case <-done:
			}
			return
		}
		w.Header().Set("Link", `</api/v3/integrations/7/logs?cursor=2>; rel="next"`)
		w.Header().Set("Content-Type", "application/json")
		fmt.Fprint(w, `{"data":[{"id":1,"base_url":"x"}]}`)
	}))
	defer srv.Close()
	defer close(done)
	c := auditClient(t, srv)
	start := time.Now()
	for _, err := range c.Logs(context.Background(), 7, &ListOptions{Prefetch: 4}) {
		if err != nil {
			t.Fatal(err)
		}
		break
	}
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	n := 0
	var last error
	for _, err := range c.Logs(ctx, 7, &ListOptions{Prefetch: 4}) {
		n++
		last = err
		if n == 1 {
			time.AfterFunc(50*time.Millisecond, cancel)
		}
	}
	if !errors.Is(last, context.Canceled) {
		t.Errorf("after cancel: %v", last)
	}
	onePrefix(t, "cancel", last)
	if d := time.Since(start); d > 3*time.Second {
		t.Errorf("took %s", d)
	}
}

// A page of millions of tiny records (a 15 MiB body of "{}", under the body
// cap) would decode into gigabytes: a page or list of more than 10,000
// records is ErrInvalidResponse, and costs about its body.
func TestTinyRecordAmplification(t *testing.T) {
	// Just under the 16 MiB body cap; under the race detector 4 MiB: still
	// hundreds of thousands of records, whose decoded form would pass the
	// bound below many times over without the cap on elements (10,000).
	size := 15 << 20
	if raceEnabled {
		size = 4 << 20
	}
	for _, rec := range []string{"{}", `{"id":1}`, "null"} {
		list := `[` + strings.Repeat(rec+",", size/(len(rec)+1)) + rec + `]`
		srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
			w.Header().Set("Content-Type", "application/json")
			if strings.HasSuffix(r.URL.Path, "/7") { // one integration with a huge list in it
				_, _ = w.Write([]byte(`{"data":{"id":7,"service_point_carriers":` + strings.ReplaceAll(list, rec, `""`) + `}}`))
				return
			}
			_, _ = w.Write([]byte(`{"data":` + list + `}`))
		}))
		c := auditClient(t, srv)
		for name, call := range map[string]func() error{
			"ListLogs":         func() error { _, err := c.ListLogs(context.Background(), 7, nil); return err },
			"ListIntegrations": func() error { _, err := c.ListIntegrations(context.Background(), nil); return err },
			"GetIntegration":   func() error { _, err := c.GetIntegration(context.Background(), 7); return err },
		} {
			var before, after runtime.MemStats
			runtime.GC()
			runtime.ReadMemStats(&before)
			err := call()
			runtime.ReadMemStats(&after)
			alloc := (after.TotalAlloc - before.TotalAlloc) >> 20
			if !errors.Is(err, ErrInvalidResponse) || alloc > 96 {
				t.Errorf("%s %s: %v; allocated %d MiB", name, rec, err, alloc)
			}
			onePrefix(t, name, err)
		}
		srv.Close()
	}
}

var querySeeds = []string{
	"cursor=2025-11-23T20%3A12%3A33.696122%2B01%3A00&page_size=100", "page_size=5", "", "&&cursor=a&", "cursor",
	"cursor=a&cursor=b", "cursor=a;b&cursor=c", "cursor=%zz&cursor=ok", "curs%6Fr=escaped+key&cursor=late",
	"cursor=a+b%20c", "page%5Fsize=1", "page_size", "page_size=&x=1", "x=1;cursor=2", "=cursor&cursor=%",
	"cursor=a%2", "%=1&cursor=x", "cursor+=1", "cursor%3D1",
}

// queryValue reads a query's pairs as url.ParseQuery does: the first value
// of the name, or none, for the same inputs.
func FuzzQueryValue(f *testing.F) {
	for _, q := range querySeeds {
		f.Add(q, "cursor")
		f.Add(q, "page_size")
	}
	f.Fuzz(func(t *testing.T, rawQuery, key string) {
		values, err := url.ParseQuery(rawQuery) // it keeps the pairs it can read
		if err != nil && strings.Contains(err.Error(), "exceeded limit") {
			t.Skip("over url's limit on query parameters, where url.Query gives nothing")
		}
		want, wantOK := values.Get(key), values.Has(key)
		got, ok := queryValue(rawQuery, key)
		if got != want || ok != wantOK {
			t.Fatalf("queryValue(%q, %q) = %q, %v; url.ParseQuery: %q, %v", rawQuery, key, got, ok, want, wantOK)
		}
	})
}

// TestPooledPagesKeepRecords walks pages whose buffers are reused: the
// records of every earlier page must still read as they did when they came,
// so nothing decoded may point into a page buffer; and the walk does give
// its buffers back.
func TestPooledPagesKeepRecords(t *testing.T) {
	srv := sclogstest.NewServer(sclogstest.WithLogsPerIntegration(60))
	defer srv.Close()
	c, err := NewClient(WithBaseURL(srv.URL()), WithBasicAuth(sclogstest.DefaultPublicKey, sclogstest.DefaultSecretKey))
	if err != nil {
		t.Fatal(err)
	}
	var pages []*Page
	var when [][]byte // each page as JSON when it arrived
	for p, err := range c.LogPages(context.Background(), 1, &ListOptions{PageSize: 7, Prefetch: 2}) {
		if err != nil {
			t.Fatal(err)
		}
		b, err := json.Marshal(p.Logs)
		if err != nil {
			t.Fatal(err)
		}
		pages, when = append(pages, p), append(when, b)
	}
	if len(pages) != 9 {
		t.Fatalf("%d pages, want 9", len(pages))
	}
	if retry.PooledPages() == 0 { // decodePage gives them back, the retry loop takes them
		t.Fatal("the walk gave no page buffer back for the next page")
	}
	for i, p := range pages {
		b, _ := json.Marshal(p.Logs)
		if !bytes.Equal(b, when[i]) {
			t.Fatalf("page %d changed after later pages were read:\nthen %s\nnow  %s", i, when[i], b)
		}
	}
}

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
