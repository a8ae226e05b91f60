package pagination

import (
	"context"
	"errors"
	"fmt"
	"net/url"
	"reflect"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"
)

// guard bounds a wait that only a broken implementation would make long; it
// is a deadlock detector, not a timing assertion.
const guard = 10 * time.Second

// With Prefetch n, the requests for the next n pages reach the server while
// the caller still holds page 1: proved by waiting for them inside the loop
// body, which cannot finish without them.
func TestPrefetchFetchesAhead(t *testing.T) {
	t.Parallel()
	for _, prefetch := range []int{1, 2} {
		t.Run(fmt.Sprintf("prefetch=%d", prefetch), func(t *testing.T) {
			api := newFakeAPI(t)
			api.chain(6, 1)
			arrived := make(chan string, 10)
			api.hook = func(q string) { arrived <- q }

			var items []int
			for p, err := range Pages(context.Background(), api.first(), api.scope(), api.fetch(), Options{Prefetch: prefetch}) {
				if err != nil {
					t.Fatal(err)
				}
				items = append(items, p.Items...)
				if p.Items[0] != 1 {
					continue
				}
				want := []string{""}
				for k := 1; k <= prefetch; k++ {
					want = append(want, fmt.Sprintf("cursor=%d", k))
				}
				var got []string
				for len(got) < len(want) {
					select {
					case q := <-arrived:
						got = append(got, q)
					case <-time.After(guard):
						t.Fatalf("while the caller holds page 1, requests %q arrived; want %q", got, want)
					}
				}
				if !reflect.DeepEqual(got, want) {
					t.Fatalf("requests %q, want %q", got, want)
				}
			}
			if !reflect.DeepEqual(items, seq(6)) {
				t.Fatalf("items %v, want 1..6 in order", items)
			}
		})
	}
}

// Without prefetch, nothing is fetched while the caller holds a page.
func TestNoPrefetchFetchesOnDemand(t *testing.T) {
	t.Parallel()
	api := newFakeAPI(t)
	api.chain(3, 1)
	for p, err := range Pages(context.Background(), api.first(), api.scope(), api.fetch(), Options{}) {
		if err != nil {
			t.Fatal(err)
		}
		if n := len(api.requests()); n != p.Items[0] {
			t.Fatalf("holding page %d, %d requests were made", p.Items[0], n)
		}
	}
}

// memFetch is an in-memory FetchFunc over n pages (?p=1 … ?p=n) that counts
// calls and fetches in progress; fetches of pages listed in block wait for
// ctx to be cancelled.
type memFetch struct {
	n      int
	block  map[string]bool
	calls  atomic.Int32
	active atomic.Int32
	// started receives each page's query as its fetch begins.
	started chan string
}

func (m *memFetch) fetch(ctx context.Context, u *url.URL) (*Page[int], error) {
	m.calls.Add(1)
	m.active.Add(1)
	defer m.active.Add(-1)
	if m.started != nil {
		m.started <- u.RawQuery
	}
	if m.block[u.RawQuery] {
		<-ctx.Done()
		return nil, ctx.Err()
	}
	var k int
	if _, err := fmt.Sscanf(u.RawQuery, "p=%d", &k); err != nil {
		return nil, err
	}
	p := &Page[int]{Items: []int{k}, URL: u}
	if k < m.n {
		p.Next = u.ResolveReference(&url.URL{RawQuery: fmt.Sprintf("p=%d", k+1)})
	}
	return p, nil
}

var memBase = &url.URL{Scheme: "https", Host: "mem.example", Path: "/logs"}

func memFirst() *url.URL { return memBase.ResolveReference(&url.URL{RawQuery: "p=1"}) }

// Breaking out cancels the fetch in flight and waits for it: when the loop
// statement completes, no fetch is running and none will start.
func TestPrefetchBreakWaitsForGoroutine(t *testing.T) {
	t.Parallel()
	m := &memFetch{n: 100, block: map[string]bool{"p=2": true}, started: make(chan string, 10)}
	for p, err := range Pages(context.Background(), memFirst(), Scope{Base: memBase}, m.fetch, Options{Prefetch: 1}) {
		if err != nil {
			t.Fatal(err)
		}
		if p.Items[0] == 1 {
			// Make sure the prefetch of page 2 is in flight, then break.
			for q := ""; q != "p=2"; {
				select {
				case q = <-m.started:
				case <-time.After(guard):
					t.Fatal("page 2 was not prefetched")
				}
			}
			break
		}
	}
	if a := m.active.Load(); a != 0 {
		t.Fatalf("%d fetches still running after the loop", a)
	}
	calls := m.calls.Load()
	if calls != 2 {
		t.Fatalf("%d fetches, want 2", calls)
	}
}

// Cancelling the context while a prefetch is blocked: the caller gets the
// context's error and no fetch outlives the loop.
func TestPrefetchCancelWhileBlocked(t *testing.T) {
	t.Parallel()
	m := &memFetch{n: 100, block: map[string]bool{"p=3": true}, started: make(chan string, 10)}
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	var items []int
	var errs []error
	for p, err := range Pages(ctx, memFirst(), Scope{Base: memBase}, m.fetch, Options{Prefetch: 1}) {
		if err != nil {
			errs = append(errs, err)
			continue
		}
		items = append(items, p.Items...)
		if p.Items[0] == 2 {
			for q := ""; q != "p=3"; {
				select {
				case q = <-m.started:
				case <-time.After(guard):
					t.Fatal("page 3 was not prefetched")
				}
			}
			cancel()
		}
	}
	if !reflect.DeepEqual(items, []int{1, 2}) || len(errs) != 1 || !errors.Is(errs[0], context.Canceled) {
		t.Fatalf("items %v, errors %v; want [1 2] then context.Canceled once", items, errs)
	}
	if a := m.active.Load(); a != 0 {
		t.Fatalf("%d fetches still running after the loop", a)
	}
	if c := m.calls.Load(); c != 3 {
		t.Fatalf("%d fetches, want 3", c)
	}
}

// A panic in the caller's loop body still stops and waits for the goroutine.
func TestPrefetchCallerPanic(t *testing.T) {
	t.Parallel()
	m := &memFetch{n: 100, block: map[string]bool{"p=2": true}, started: make(chan string, 10)}
	func() {
		defer func() {
			if v := recover(); v != "caller" {
				t.Fatalf("recovered %v, want the caller's panic", v)
			}
		}()
		for range Pages(context.Background(), memFirst(), Scope{Base: memBase}, m.fetch, Options{Prefetch: 1}) {
			<-m.started // p=1
			<-m.started // p=2, now blocked until cancelled
			panic("caller")
		}
	}()
	if a := m.active.Load(); a != 0 {
		t.Fatalf("%d fetches still running after the panic", a)
	}
}

// A panicking FetchFunc panics in the caller's goroutine, where it can be
// recovered, not in the fetching goroutine, where it would kill the program.
func TestPrefetchFetchPanic(t *testing.T) {
	t.Parallel()
	fetch := func(context.Context, *url.URL) (*Page[int], error) { panic("boom") }
	defer func() {
		v := recover()
		if s, _ := v.(string); !strings.Contains(s, "FetchFunc panicked: boom") {
			t.Fatalf("recovered %v, want the FetchFunc's panic", v)
		}
	}()
	for range Pages(context.Background(), memFirst(), Scope{Base: memBase}, fetch, Options{Prefetch: 2}) {
		t.Fatal("yielded")
	}
	t.Fatal("no panic")
}

// Many listings broken off at random points leave nothing running (goleak in
// TestMain checks the goroutines).
func TestPrefetchManyBreaks(t *testing.T) {
	t.Parallel()
	var wg sync.WaitGroup
	for i := range 50 {
		wg.Go(func() {
			m := &memFetch{n: 20}
			stop := i % 20
			for p, err := range Pages(context.Background(), memFirst(), Scope{Base: memBase}, m.fetch, Options{Prefetch: 1 + i%3}) {
				if err != nil {
					t.Error(err)
					return
				}
				if p.Items[0] > stop {
					break
				}
			}
			if a := m.active.Load(); a != 0 {
				t.Errorf("%d fetches still running", a)
			}
		})
	}
	wg.Wait()
}
