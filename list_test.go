package sclogs

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"sync/atomic"
	"testing"

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
	s := &scripted{fallback: func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "application/json")
		fmt.Fprint(w, `{"results":[{"id":1,"base_url":"x"}]}`)
	}}
	if _, err := newScripted(t, s).ListLogs(context.Background(), 7, nil); err == nil {
		t.Error("a 200 without data decoded as an empty page")
	}
}

func TestEveryPageKeepsClientOptions(t *testing.T) {
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
	s := &scripted{fallback: page(1, 1, `<https://elsewhere.example/api/v3/integrations/7/logs?cursor=x>; rel="next"`)}
	p, err := newScripted(t, s).ListLogs(context.Background(), 7, nil)
	if !errors.Is(err, pagination.ErrOffScope) {
		t.Fatalf("got page %+v, error %v; want ErrOffScope", p, err)
	}
}
