package pagination_test

import (
	"cmp"
	"context"
	"errors"
	"iter"
	"math/rand/v2"
	"runtime"
	"slices"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/sclogs/sclogs/pagination"
)

// item is a value and the listing it came from.
type item struct{ v, from int }

func byValue(a, b item) int { return cmp.Compare(a.v, b.v) }

// listingOf serves batches as a listing, counting fetches and the fetches
// in flight across listings.
type listingOf struct {
	batches   [][]item
	fetched   atomic.Int32
	inFlight  *atomic.Int32
	maxFlight *atomic.Int32
	err       error // after the batches, when set
	gate      chan struct{}
}

func (l *listingOf) listing() pagination.Listing[item] {
	return func(ctx context.Context) iter.Seq2[[]item, error] {
		return func(yield func([]item, error) bool) {
			for _, b := range l.batches {
				n := l.inFlight.Add(1)
				for {
					m := l.maxFlight.Load()
					if n <= m || l.maxFlight.CompareAndSwap(m, n) {
						break
					}
				}
				if l.gate != nil {
					select {
					case <-l.gate:
					case <-ctx.Done():
					}
				}
				l.inFlight.Add(-1)
				if err := ctx.Err(); err != nil {
					yield(nil, err)
					return
				}
				l.fetched.Add(1)
				if !yield(b, nil) {
					return
				}
			}
			if l.err != nil {
				yield(nil, l.err)
			}
		}
	}
}

// sortedListings makes k listings of sorted values in batches of random
// sizes (some empty), and everything they hold.
func sortedListings(rng *rand.Rand, k int) ([]*listingOf, []item) {
	var inFlight, maxFlight atomic.Int32
	var all []item
	out := make([]*listingOf, k)
	for i := range out {
		l := &listingOf{inFlight: &inFlight, maxFlight: &maxFlight}
		n := rng.IntN(30)
		vals := make([]int, n)
		for j := range vals {
			vals[j] = rng.IntN(50)
		}
		slices.Sort(vals)
		for len(vals) > 0 {
			size := min(rng.IntN(6), len(vals))
			var b []item
			for _, v := range vals[:size] {
				b = append(b, item{v, i})
				all = append(all, item{v, i})
			}
			l.batches = append(l.batches, b)
			vals = vals[size:]
		}
		out[i] = l
	}
	return out, all
}

func listingsOf(ls []*listingOf) []pagination.Listing[item] {
	out := make([]pagination.Listing[item], len(ls))
	for i, l := range ls {
		out[i] = l.listing()
	}
	return out
}

func TestMergeYieldsEveryItemInOrder(t *testing.T) {
	t.Parallel()
	rng := rand.New(rand.NewPCG(3, 4))
	for round := range 30 {
		ls, all := sortedListings(rng, 1+rng.IntN(12))
		conc := 1 + rng.IntN(4)
		var got []item
		for it, err := range pagination.Merge(t.Context(), listingsOf(ls), byValue, pagination.MergeOptions{Concurrency: conc}) {
			if err != nil {
				t.Fatal(err)
			}
			got = append(got, it)
		}
		// Equal values come in listing order: a stable sort of the
		// listings' items in listing order.
		want := slices.Clone(all)
		slices.SortStableFunc(want, func(a, b item) int {
			if c := byValue(a, b); c != 0 {
				return c
			}
			return cmp.Compare(a.from, b.from)
		})
		if !slices.Equal(got, want) {
			t.Fatalf("round %d: merged %v, want %v", round, got, want)
		}
		if m := ls[0].maxFlight.Load(); m > int32(conc) {
			t.Errorf("round %d: %d fetches at once, concurrency %d", round, m, conc)
		}
	}
}

// Concurrency listings fetch at once, no more, and every listing holds at
// most two batches while the consumer is busy.
func TestMergeBoundsFetchesAndMemory(t *testing.T) {
	t.Parallel()
	var inFlight, maxFlight atomic.Int32
	gate := make(chan struct{})
	var ls []*listingOf
	for i := range 10 {
		l := &listingOf{inFlight: &inFlight, maxFlight: &maxFlight, gate: gate}
		for j := range 5 {
			l.batches = append(l.batches, []item{{j*10 + i, i}})
		}
		ls = append(ls, l)
	}
	var opened sync.WaitGroup
	opened.Go(func() {
		for range 50 {
			gate <- struct{}{}
		}
	})
	n := 0
	for _, err := range pagination.Merge(t.Context(), listingsOf(ls), byValue, pagination.MergeOptions{Concurrency: 3}) {
		if err != nil {
			t.Fatal(err)
		}
		if n == 0 {
			// Let every listing fetch what it may while the consumer waits.
			for {
				total := 0
				for _, l := range ls {
					total += int(l.fetched.Load())
				}
				if total >= 20 || inFlight.Load() > 0 && total >= 10 {
					break
				}
				rtSleep()
			}
			for i, l := range ls {
				if f := l.fetched.Load(); f > 2 {
					t.Errorf("listing %d fetched %d batches before the first was merged; want at most 2", i, f)
				}
			}
		}
		n++
	}
	opened.Wait()
	if n != 50 || maxFlight.Load() > 3 || maxFlight.Load() < 2 {
		t.Errorf("%d items, %d fetches at once; want 50 and 2 or 3", n, maxFlight.Load())
	}
}

func TestMergeError(t *testing.T) {
	t.Parallel()
	rng := rand.New(rand.NewPCG(5, 6))
	ls, _ := sortedListings(rng, 5)
	boom := errors.New("boom")
	ls[3].err = boom
	errs := 0
	for _, err := range pagination.Merge(t.Context(), listingsOf(ls), byValue, pagination.MergeOptions{Concurrency: 2}) {
		if err != nil {
			errs++
			if !errors.Is(err, boom) {
				t.Errorf("err = %v", err)
			}
		}
	}
	if errs != 1 {
		t.Errorf("%d errors, want 1", errs)
	}
}

// Breaking out stops every listing, and cancelling the context ends the
// merge with its error; no goroutine is left (goleak in TestMain).
func TestMergeStops(t *testing.T) {
	t.Parallel()
	var inFlight, maxFlight atomic.Int32
	gate := make(chan struct{}) // never opened after the first batches
	var ls []*listingOf
	for i := range 4 {
		ls = append(ls, &listingOf{inFlight: &inFlight, maxFlight: &maxFlight, batches: [][]item{{{1, i}}, {{2, i}}}})
	}
	for range pagination.Merge(t.Context(), listingsOf(ls), byValue, pagination.MergeOptions{Concurrency: 4}) {
		break
	}
	for _, l := range ls {
		l.gate = gate
	}
	ctx, cancel := context.WithCancel(t.Context())
	stop := time.AfterFunc(20*time.Millisecond, cancel) // while the fetches wait at the gate
	defer stop.Stop()
	var last error
	n := 0
	for _, err := range pagination.Merge(ctx, listingsOf(ls), byValue, pagination.MergeOptions{Concurrency: 2}) {
		n++
		last = err
	}
	if n != 1 || !errors.Is(last, context.Canceled) {
		t.Errorf("%d yields, last %v; want the context's error once", n, last)
	}
	for range pagination.Merge[item](t.Context(), nil, byValue, pagination.MergeOptions{}) {
		t.Error("no listings yielded something")
	}
}

func rtSleep() { runtime.Gosched() }

// Interleave yields every item once, each listing's in its own order, with
// at most Concurrency listings fetching at once.
func TestInterleave(t *testing.T) {
	t.Parallel()
	rng := rand.New(rand.NewPCG(7, 8))
	for round := range 30 {
		ls, all := sortedListings(rng, 1+rng.IntN(12))
		conc := 1 + rng.IntN(4)
		per := map[int][]item{}
		n := 0
		for it, err := range pagination.Interleave(t.Context(), listingsOf(ls), pagination.MergeOptions{Concurrency: conc}) {
			if err != nil {
				t.Fatal(err)
			}
			per[it.from] = append(per[it.from], it)
			n++
		}
		if n != len(all) {
			t.Fatalf("round %d: %d items, want %d", round, n, len(all))
		}
		for i, l := range ls {
			var want []item
			for _, b := range l.batches {
				want = append(want, b...)
			}
			if !slices.Equal(per[i], want) {
				t.Fatalf("round %d: listing %d gave %v, want %v", round, i, per[i], want)
			}
		}
		if m := ls[0].maxFlight.Load(); m > int32(conc) {
			t.Errorf("round %d: %d fetches at once, concurrency %d", round, m, conc)
		}
	}
	// An error ends it once; breaking out stops every listing.
	ls, _ := sortedListings(rng, 6)
	boom := errors.New("boom")
	ls[4].err = boom
	errs := 0
	for _, err := range pagination.Interleave(t.Context(), listingsOf(ls), pagination.MergeOptions{Concurrency: 3}) {
		if err != nil {
			errs++
			if !errors.Is(err, boom) {
				t.Error(err)
			}
		}
	}
	if errs != 1 {
		t.Errorf("%d errors, want 1", errs)
	}
	for range pagination.Interleave(t.Context(), listingsOf(ls), pagination.MergeOptions{Concurrency: 3}) {
		break
	}
}
