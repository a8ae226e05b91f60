package pagination

import (
	"context"
	"errors"
	"fmt"
	"net/url"
	"reflect"
	"runtime"
	"strconv"
	"strings"
	"testing"
)

// prefetchModes runs a test with prefetch off and on.
var prefetchModes = []int{0, 1, 3}

func forEachPrefetch(t *testing.T, f func(t *testing.T, prefetch int)) {
	for _, n := range prefetchModes {
		t.Run(fmt.Sprintf("prefetch=%d", n), func(t *testing.T) { f(t, n) })
	}
}

func TestPagesMultiPage(t *testing.T) {
	t.Parallel()
	forEachPrefetch(t, func(t *testing.T, prefetch int) {
		api := newFakeAPI(t)
		// A relative next, then an absolute one with a raw `+` and `:` in the
		// cursor and a quoted title holding a comma, then the end.
		api.add("", []int{1, 2},
			`<https://other.example/x>; rel="prev", </api/v3/integrations/1/logs?cursor=2023-03-01T02%3A02%3A00%2B01%3A00>; rel="next"`)
		api.add("cursor=2023-03-01T02%3A02%3A00%2B01%3A00", []int{3, 4},
			`<{{base}}/api/v3/integrations/1/logs?cursor=2023-03-01T02:02:00+01:00&page_size=2>; title="a, b"; rel="next"`)
		api.add("cursor=2023-03-01T02:02:00+01:00&page_size=2", []int{5})

		got := collect(Pages(context.Background(), api.first(), api.scope(), api.fetch(), Options{Prefetch: prefetch}))
		if got.errs != nil {
			t.Fatalf("errors: %v", got.errs)
		}
		if !reflect.DeepEqual(got.items, seq(5)) || got.pages != 3 {
			t.Fatalf("items %v in %d pages, want 1..5 in 3", got.items, got.pages)
		}
		want := []string{
			logsPath,
			logsPath + "?cursor=2023-03-01T02%3A02%3A00%2B01%3A00",
			logsPath + "?cursor=2023-03-01T02:02:00+01:00&page_size=2",
		}
		if reqs := api.requests(); !reflect.DeepEqual(reqs, want) {
			t.Fatalf("requests\n%q\nwant\n%q", reqs, want)
		}
	})
}

func TestPagesLongListing(t *testing.T) {
	t.Parallel()
	forEachPrefetch(t, func(t *testing.T, prefetch int) {
		api := newFakeAPI(t)
		api.chain(20, 3)
		var got []int
		for item, err := range Items(Pages(context.Background(), api.first(), api.scope(), api.fetch(), Options{Prefetch: prefetch})) {
			if err != nil {
				t.Fatal(err)
			}
			got = append(got, item)
		}
		if !reflect.DeepEqual(got, seq(60)) {
			t.Fatalf("items %v, want 1..60 in order", got)
		}
	})
}

// A run of empty pages, each with a new next link, ends with an error after
// DefaultMaxEmptyPages pages; a page with records in between resets the run.
func TestPagesEmptyRun(t *testing.T) {
	t.Parallel()
	forEachPrefetch(t, func(t *testing.T, prefetch int) {
		api := newFakeAPI(t)
		api.add("", []int{1}, `<?cursor=0>; rel=next`)
		for i := range 100 {
			var items []int
			if i == 5 {
				items = []int{2} // resets the run
			}
			api.add("cursor="+strconv.Itoa(i), items, fmt.Sprintf(`<?cursor=%d>; rel=next`, i+1))
		}
		got := collect(Pages(context.Background(), api.first(), api.scope(), api.fetch(), Options{Prefetch: prefetch}))
		if len(got.errs) != 1 || !errors.Is(got.errs[0], ErrEmptyPages) || !errors.Is(got.errs[0], ErrStuckCursor) {
			t.Fatalf("errors %v, want one ErrEmptyPages", got.errs)
		}
		// page 1, 5 empty, page with 2, then DefaultMaxEmptyPages empty.
		if want := 1 + 5 + 1 + DefaultMaxEmptyPages; got.pages != want || !reflect.DeepEqual(got.items, []int{1, 2}) {
			t.Fatalf("%d pages, items %v; want %d pages, items [1 2]", got.pages, got.items, want)
		}
		api.srv.Close()
		if n := len(api.requests()); n != 1+5+1+DefaultMaxEmptyPages {
			t.Fatalf("%d requests, want %d", n, 1+5+1+DefaultMaxEmptyPages)
		}
	})
	t.Run("limit off", func(t *testing.T) {
		api := newFakeAPI(t)
		api.chain(1, 1)
		for i := range 30 {
			api.add("cursor="+strconv.Itoa(i), nil, fmt.Sprintf(`<?cursor=%d>; rel=next`, i+1))
		}
		api.add("cursor=30", []int{9})
		got := collect(Pages(context.Background(), mustURL(t, api.srv.URL+logsPath+"?cursor=0"), api.scope(), api.fetch(), Options{MaxEmptyPages: -1}))
		if got.errs != nil || !reflect.DeepEqual(got.items, []int{9}) {
			t.Fatalf("got %+v, want item 9 after 30 empty pages", got)
		}
	})
}

// Loop detection keeps a fixed-size fingerprint per page, not the URL: a
// listing of thousands of pages with 60 KiB next links does not grow memory.
func TestPagesFingerprintsNotURLs(t *testing.T) {
	const pages = 3000
	first := mustURL(t, "https://h"+logsPath)
	pad := strings.Repeat("c", 60<<10)
	fetch := func(_ context.Context, u *url.URL) (*Page[int], error) {
		n, _ := strconv.Atoi(u.Query().Get("n"))
		p := &Page[int]{Items: []int{n}}
		if n < pages-1 {
			p.Next = mustURL(t, fmt.Sprintf("https://h%s?n=%d&pad=%s", logsPath, n+1, pad))
		}
		return p, nil
	}
	var before, after runtime.MemStats
	runtime.GC()
	runtime.ReadMemStats(&before)
	count := 0
	for p, err := range Pages(context.Background(), first, Scope{Base: first}, fetch, Options{}) {
		if err != nil {
			t.Fatal(err)
		}
		count++
		if count == pages {
			runtime.GC()
			runtime.ReadMemStats(&after)
		}
		_ = p
	}
	if count != pages {
		t.Fatalf("%d pages, want %d", count, pages)
	}
	// Keeping the URLs would hold 3000 × 60 KiB ≈ 180 MiB.
	if grown := int64(after.HeapAlloc) - int64(before.HeapAlloc); grown > 8<<20 {
		t.Fatalf("heap grew by %d MiB over %d pages", grown>>20, pages)
	}
}

func TestPagesEmptyPageWithNext(t *testing.T) {
	t.Parallel()
	forEachPrefetch(t, func(t *testing.T, prefetch int) {
		api := newFakeAPI(t)
		api.add("", []int{1}, `<?cursor=a>; rel=next`)
		api.add("cursor=a", nil, `<?cursor=b>; rel=next`)
		api.add("cursor=b", []int{}, `<?cursor=c>; rel=next`)
		api.add("cursor=c", []int{2})
		got := collect(Pages(context.Background(), api.first(), api.scope(), api.fetch(), Options{Prefetch: prefetch}))
		if got.errs != nil || !reflect.DeepEqual(got.items, []int{1, 2}) || got.pages != 4 {
			t.Fatalf("got %+v, want items [1 2] in 4 pages", got)
		}
	})
}

func TestPagesStuckCursor(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name     string
		setup    func(api *fakeAPI)
		pages    int
		requests int
	}{
		{
			name: "next is the page itself",
			setup: func(api *fakeAPI) {
				api.add("", []int{1}, `<?cursor=1>; rel=next`)
				api.add("cursor=1", []int{2}, `<?cursor=1>; rel=next`)
			},
			pages: 2, requests: 2,
		},
		{
			name: "next goes back to an earlier page",
			setup: func(api *fakeAPI) {
				api.add("", []int{1}, `<?cursor=1>; rel=next`)
				api.add("cursor=1", []int{2}, `<?cursor=2>; rel=next`)
				api.add("cursor=2", []int{3}, `<?cursor=1>; rel=next`)
			},
			pages: 3, requests: 3,
		},
		{
			name: "next is the first URL",
			setup: func(api *fakeAPI) {
				api.add("", []int{1}, `<?cursor=1>; rel=next`)
				api.add("cursor=1", []int{2}, `<`+logsPath+`>; rel=next`)
			},
			pages: 2, requests: 2,
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			forEachPrefetch(t, func(t *testing.T, prefetch int) {
				api := newFakeAPI(t)
				tt.setup(api)
				got := collect(Pages(context.Background(), api.first(), api.scope(), api.fetch(), Options{Prefetch: prefetch}))
				if len(got.errs) != 1 || !errors.Is(got.errs[0], ErrStuckCursor) {
					t.Fatalf("errors %v, want one ErrStuckCursor", got.errs)
				}
				if got.pages != tt.pages || got.afterErr != 0 {
					t.Fatalf("%d pages, %d yields after the error; want %d, 0", got.pages, got.afterErr, tt.pages)
				}
				if n := len(api.requests()); n != tt.requests {
					t.Fatalf("%d requests, want %d", n, tt.requests)
				}
			})
		})
	}
}

// A next URL outside the scope is refused before any request is sent to it,
// after the page that carried it has been yielded.
func TestPagesOffScopeNext(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name string
		next func(api, other *fakeAPI) string
	}{
		{"other port", func(_, other *fakeAPI) string { return other.srv.URL + logsPath + "?cursor=1" }},
		{"other host name, same port", func(api, _ *fakeAPI) string {
			return strings.Replace(api.srv.URL, "127.0.0.1", "localhost", 1) + logsPath + "?cursor=1"
		}},
		{"userinfo", func(api, _ *fakeAPI) string {
			return strings.Replace(api.srv.URL, "http://", "http://user:pa55word@", 1) + logsPath + "?cursor=1"
		}},
		{"other scheme", func(api, _ *fakeAPI) string {
			return strings.Replace(api.srv.URL, "http://", "https://", 1) + logsPath + "?cursor=1"
		}},
		{"path escape with dot segments", func(api, _ *fakeAPI) string {
			return api.srv.URL + "/api/v3/integrations/1/../2/logs?cursor=1"
		}},
		{"path escape with encoded dots", func(api, _ *fakeAPI) string {
			return api.srv.URL + logsPath + "/%2e%2e/%2e%2e/2/logs?cursor=1"
		}},
		{"sibling path", func(api, _ *fakeAPI) string { return api.srv.URL + logsPath + "X?cursor=1" }},
		{"other integration, relative", func(_, _ *fakeAPI) string { return "/api/v3/integrations/2/logs?cursor=1" }},
		{"relative dot segments", func(_, _ *fakeAPI) string { return "../../2/logs?cursor=1" }},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			forEachPrefetch(t, func(t *testing.T, prefetch int) {
				api, other := newFakeAPI(t), newFakeAPI(t)
				other.chain(2, 1)
				api.add("", []int{1}, "<"+tt.next(api, other)+`>; rel="next"`)
				api.add("cursor=1", []int{2}) // what a wrongly followed next would get

				got := collect(Pages(context.Background(), api.first(), api.scope(), api.fetch(), Options{Prefetch: prefetch}))
				if len(got.errs) != 1 || !errors.Is(got.errs[0], ErrOffScope) {
					t.Fatalf("errors %v, want one ErrOffScope", got.errs)
				}
				if !reflect.DeepEqual(got.items, []int{1}) || got.afterErr != 0 {
					t.Fatalf("got %+v, want the first page's item and then the error only", got)
				}
				if reqs := api.requests(); len(reqs) != 1 {
					t.Fatalf("requests %q, want only the first", reqs)
				}
				if reqs := other.requests(); len(reqs) != 0 {
					t.Fatalf("the other server got requests %q", reqs)
				}
				msg := got.errs[0].Error()
				if strings.Contains(msg, "pa55word") || strings.Contains(msg, "cursor") {
					t.Fatalf("error shows user information or the query: %s", msg)
				}
			})
		})
	}
}

func TestPagesFirstURLChecked(t *testing.T) {
	t.Parallel()
	api := newFakeAPI(t)
	api.chain(1, 1)
	for _, u := range []string{
		strings.Replace(api.srv.URL, "http://", "http://u:p@", 1) + logsPath,
		api.srv.URL + "/api/v3/integrations/2/logs",
	} {
		got := collect(Pages(context.Background(), mustURL(t, u), api.scope(), api.fetch(), Options{}))
		if len(got.errs) != 1 || !errors.Is(got.errs[0], ErrOffScope) || got.pages != 0 {
			t.Errorf("%s: got %+v, want one ErrOffScope", u, got)
		}
	}
	got := collect(Pages[int](context.Background(), nil, api.scope(), api.fetch(), Options{}))
	if len(got.errs) != 1 {
		t.Errorf("nil first: got %+v, want one error", got)
	}
	if reqs := api.requests(); len(reqs) != 0 {
		t.Fatalf("requests %q, want none", reqs)
	}
}

func TestPagesMaxPages(t *testing.T) {
	t.Parallel()
	forEachPrefetch(t, func(t *testing.T, prefetch int) {
		api := newFakeAPI(t)
		api.chain(5, 2)
		var last *Page[int]
		var items []int
		for p, err := range Pages(context.Background(), api.first(), api.scope(), api.fetch(), Options{Prefetch: prefetch, MaxPages: 2}) {
			if err != nil {
				t.Fatal(err)
			}
			items, last = append(items, p.Items...), p
		}
		if !reflect.DeepEqual(items, seq(4)) {
			t.Fatalf("items %v, want 1..4", items)
		}
		api.srv.Close() // waits for any request in flight, so the count is final
		if reqs := api.requests(); len(reqs) != 2 {
			t.Fatalf("requests %q, want 2", reqs)
		}
		if last.Next == nil || last.Next.RawQuery != "cursor=2" {
			t.Fatalf("last page's Next = %v, want ?cursor=2 to resume from", last.Next)
		}
	})
}

// Errors are yielded once, after the pages before them, and end the listing.
func TestPagesFetchError(t *testing.T) {
	t.Parallel()
	forEachPrefetch(t, func(t *testing.T, prefetch int) {
		api := newFakeAPI(t)
		api.chain(4, 1)
		api.fail("cursor=2", 500)
		got := collect(Pages(context.Background(), api.first(), api.scope(), api.fetch(), Options{Prefetch: prefetch}))
		if !reflect.DeepEqual(got.items, []int{1, 2}) || len(got.errs) != 1 || got.afterErr != 0 {
			t.Fatalf("got %+v, want items [1 2] then one error", got)
		}
		if !strings.Contains(got.errs[0].Error(), "500") {
			t.Fatalf("error %v, want the fetch error", got.errs[0])
		}
		api.srv.Close()
		if reqs := api.requests(); len(reqs) != 3 {
			t.Fatalf("requests %q, want 3", reqs)
		}
	})
}

// A Link header that cannot be read is an error after the page, never a
// silent end that looks like a complete listing.
func TestPagesUnreadableLinkIsAnError(t *testing.T) {
	t.Parallel()
	api := newFakeAPI(t)
	api.add("", []int{1}, "string")
	got := collect(Pages(context.Background(), api.first(), api.scope(), api.fetch(), Options{}))
	if len(got.errs) != 1 || !errors.Is(got.errs[0], ErrBadLinkHeader) || !reflect.DeepEqual(got.items, []int{1}) {
		t.Fatalf("got %+v, want item 1 then one ErrBadLinkHeader", got)
	}
}

// Breaking out of the loop sends no further request; with prefetch at most
// the pages already fetched ahead were requested.
func TestPagesBreakStopsRequests(t *testing.T) {
	t.Parallel()
	forEachPrefetch(t, func(t *testing.T, prefetch int) {
		api := newFakeAPI(t)
		api.chain(50, 1)
		for p, err := range Pages(context.Background(), api.first(), api.scope(), api.fetch(), Options{Prefetch: prefetch}) {
			if err != nil {
				t.Fatal(err)
			}
			if p.Items[0] == 2 {
				break
			}
		}
		api.srv.Close() // waits for requests in flight, so the count is final
		if n := len(api.requests()); n < 2 || n > 2+prefetch {
			t.Fatalf("%d requests after breaking at page 2 with prefetch %d, want 2..%d", n, prefetch, 2+prefetch)
		}
	})
}

// Cancelling the context stops the listing at once: the next yield is the
// context's error, once, and no further request is sent.
func TestPagesContextCancel(t *testing.T) {
	t.Parallel()
	forEachPrefetch(t, func(t *testing.T, prefetch int) {
		api := newFakeAPI(t)
		api.chain(50, 1)
		ctx, cancel := context.WithCancel(context.Background())
		defer cancel()
		var pages int
		var errs []error
		for p, err := range Pages(ctx, api.first(), api.scope(), api.fetch(), Options{Prefetch: prefetch}) {
			if err != nil {
				errs = append(errs, err)
				continue
			}
			pages++
			if p.Items[0] == 1 {
				cancel()
			}
		}
		if pages != 1 || len(errs) != 1 || !errors.Is(errs[0], context.Canceled) {
			t.Fatalf("%d pages, errors %v; want 1 page then context.Canceled once", pages, errs)
		}
		api.srv.Close()
		if n := len(api.requests()); n > 1+prefetch {
			t.Fatalf("%d requests after cancelling at page 1 with prefetch %d", n, prefetch)
		}
	})
}

func TestPagesContextCancelledBefore(t *testing.T) {
	t.Parallel()
	forEachPrefetch(t, func(t *testing.T, prefetch int) {
		api := newFakeAPI(t)
		api.chain(3, 1)
		ctx, cancel := context.WithCancel(context.Background())
		cancel()
		got := collect(Pages(ctx, api.first(), api.scope(), api.fetch(), Options{Prefetch: prefetch}))
		if got.pages != 0 || len(got.errs) != 1 || !errors.Is(got.errs[0], context.Canceled) {
			t.Fatalf("got %+v, want context.Canceled only", got)
		}
		if reqs := api.requests(); len(reqs) != 0 {
			t.Fatalf("requests %q, want none", reqs)
		}
	})
}

// Each range over the iterator is a fresh listing (its own stuck-cursor set).
func TestPagesRangeTwice(t *testing.T) {
	t.Parallel()
	api := newFakeAPI(t)
	api.chain(3, 1)
	pages := Pages(context.Background(), api.first(), api.scope(), api.fetch(), Options{})
	for range 2 {
		if got := collect(pages); got.errs != nil || !reflect.DeepEqual(got.items, seq(3)) {
			t.Fatalf("got %+v", got)
		}
	}
}

func TestPagesNilPageOrFetch(t *testing.T) {
	t.Parallel()
	api := newFakeAPI(t)
	nilPage := func(context.Context, *url.URL) (*Page[int], error) { return nil, nil }
	for _, prefetch := range prefetchModes {
		got := collect(Pages(context.Background(), api.first(), api.scope(), nilPage, Options{Prefetch: prefetch}))
		if len(got.errs) != 1 || got.pages != 0 {
			t.Errorf("nil page, prefetch %d: got %+v, want one error", prefetch, got)
		}
	}
	got := collect(Pages[int](context.Background(), api.first(), api.scope(), nil, Options{}))
	if len(got.errs) != 1 {
		t.Errorf("nil fetch: got %+v, want one error", got)
	}
}

// Without Next, Pages fills in URL when the FetchFunc left it nil.
func TestPagesSetsURL(t *testing.T) {
	t.Parallel()
	api := newFakeAPI(t)
	fetch := func(context.Context, *url.URL) (*Page[int], error) { return &Page[int]{Items: []int{1}}, nil }
	for p, err := range Pages(context.Background(), api.first(), api.scope(), fetch, Options{}) {
		if err != nil || p.URL == nil || p.URL.String() != api.first().String() {
			t.Fatalf("page %+v, err %v", p, err)
		}
	}
}

// A next URL that differs from a fetched one only in its fragment is the
// same request: the listing ends with ErrStuckCursor, not a loop.
func TestFragmentIsSameURL(t *testing.T) {
	t.Parallel()
	first, _ := url.Parse("https://api.example/v3/logs?cursor=a")
	fetches := 0
	fetch := func(_ context.Context, u *url.URL) (*Page[int], error) {
		fetches++
		next := *first
		next.Fragment = strconv.Itoa(fetches)
		return &Page[int]{Items: []int{1}, Next: &next}, nil
	}
	var last error
	for _, err := range Pages(context.Background(), first, Scope{Base: first}, fetch, Options{MaxPages: 50}) {
		last = err
	}
	if !errors.Is(last, ErrStuckCursor) || fetches != 1 {
		t.Errorf("%d fetches: %v", fetches, last)
	}
}
