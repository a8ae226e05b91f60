package pagination

import (
	"container/heap"
	"context"
	"iter"
	"sync"
)

// A Listing is one sorted source for [Merge]: it walks its batches (a page's
// records, say) under ctx, which Merge cancels to stop it. Each step of the
// iteration should make at most one request (no prefetching of its own), so
// that [MergeOptions.Concurrency] bounds the requests in flight.
type Listing[T any] func(ctx context.Context) iter.Seq2[[]T, error]

// MergeOptions tune [Merge].
type MergeOptions struct {
	// Concurrency is how many listings may fetch their next batch at the
	// same time; 0 (or less) means 1.
	Concurrency int
}

// Merge walks listings side by side and yields their items as one sequence
// ordered by cmp (an item for which cmp(a, b) < 0 comes before b; equal items
// in listing order), given that each listing yields its items in that order:
// a k-way merge with a heap of one head per listing. A listing whose items
// are out of order still has every item yielded once, in its own order.
//
// Memory is bounded by the listings, not by their length: each holds at most
// two batches (the one being merged and the next one, fetched ahead), and at
// most Concurrency listings fetch at once. An error from any listing is
// yielded once, as (zero T, err), and ends the merge; so do breaking out of
// the loop and cancelling ctx. Every listing is stopped (its in-flight fetch
// cancelled) and has returned before the loop statement completes.
func Merge[T any](ctx context.Context, listings []Listing[T], cmp func(a, b T) int, opts MergeOptions) iter.Seq2[T, error] {
	return func(yield func(T, error) bool) {
		if len(listings) == 0 {
			return
		}
		m := newMerger(ctx, listings, opts)
		defer m.stop()
		h := &heads[T]{cmp: cmp}
		// One head per listing: the merge cannot yield anything before it
		// knows every listing's first item.
		for i := range m.streams {
			if err := m.refill(h, &cursor[T]{stream: i}); err != nil {
				var zero T
				yield(zero, err)
				return
			}
		}
		for h.Len() > 0 {
			c := h.items[0]
			if !yield(c.batch[c.pos], nil) {
				return
			}
			c.pos++
			if c.pos < len(c.batch) {
				heap.Fix(h, 0)
				continue
			}
			heap.Pop(h)
			if err := m.refill(h, c); err != nil {
				var zero T
				yield(zero, err)
				return
			}
		}
	}
}

// merger runs one goroutine per listing, each handing its batches over an
// unbuffered channel.
type merger[T any] struct {
	streams []chan batch[T]
	cancel  context.CancelFunc
	quit    chan struct{} // closed when the merge ends: no one receives any more
	wg      sync.WaitGroup
}

// batch is one step of a listing: its items, its error, or its end (done).
type batch[T any] struct {
	items []T
	err   error
	done  bool
}

func newMerger[T any](ctx context.Context, listings []Listing[T], opts MergeOptions) *merger[T] {
	ctx, cancel := context.WithCancel(ctx)
	m := &merger[T]{streams: make([]chan batch[T], len(listings)), cancel: cancel, quit: make(chan struct{})}
	slots := make(chan struct{}, max(opts.Concurrency, 1))
	for i, l := range listings {
		ch := make(chan batch[T])
		m.streams[i] = ch
		m.wg.Go(func() { m.run(ctx, l, ch, slots) })
	}
	return m
}

// run walks one listing, taking a slot for each fetch and handing each batch
// over; it ends after handing over an error or the end, or when the merge
// ends.
func (m *merger[T]) run(ctx context.Context, l Listing[T], ch chan<- batch[T], slots chan struct{}) {
	send := func(b batch[T]) bool {
		select {
		case ch <- b:
			return true
		case <-m.quit:
			return false
		}
	}
	acquire := func() error {
		select {
		case slots <- struct{}{}:
			return nil
		case <-ctx.Done():
			return ctx.Err()
		}
	}
	if err := acquire(); err != nil {
		send(batch[T]{err: err})
		return
	}
	held := true
	for items, err := range l(ctx) {
		<-slots // the fetch is done: hand the slot on while this batch waits
		held = false
		if !send(batch[T]{items: items, err: err}) || err != nil {
			return
		}
		if err := acquire(); err != nil {
			send(batch[T]{err: err})
			return
		}
		held = true
	}
	if held {
		<-slots
	}
	send(batch[T]{done: true})
}

// refill puts the next non-empty batch of c's listing on the heap, or
// drops the listing when it has ended.
func (m *merger[T]) refill(h *heads[T], c *cursor[T]) error {
	for {
		b := <-m.streams[c.stream]
		switch {
		case b.err != nil:
			return b.err
		case b.done:
			return nil
		case len(b.items) > 0:
			c.batch, c.pos = b.items, 0
			heap.Push(h, c)
			return nil
		}
	}
}

func (m *merger[T]) stop() {
	close(m.quit)
	m.cancel()
	m.wg.Wait()
}

// cursor is a listing's place in the merge: its current batch and the next
// item in it.
type cursor[T any] struct {
	stream int
	batch  []T
	pos    int
}

// heads is the heap of the listings' next items.
type heads[T any] struct {
	items []*cursor[T]
	cmp   func(a, b T) int
}

func (h *heads[T]) Len() int { return len(h.items) }
func (h *heads[T]) Less(i, j int) bool {
	a, b := h.items[i], h.items[j]
	if c := h.cmp(a.batch[a.pos], b.batch[b.pos]); c != 0 {
		return c < 0
	}
	return a.stream < b.stream
}
func (h *heads[T]) Swap(i, j int) { h.items[i], h.items[j] = h.items[j], h.items[i] }
func (h *heads[T]) Push(x any)    { h.items = append(h.items, x.(*cursor[T])) }
func (h *heads[T]) Pop() any {
	last := h.items[len(h.items)-1]
	h.items[len(h.items)-1] = nil
	h.items = h.items[:len(h.items)-1]
	return last
}
