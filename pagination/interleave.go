package pagination

import (
	"context"
	"iter"
	"sync"
	"sync/atomic"
)

// Interleave walks listings, opts.Concurrency at a time (each to its end
// before a worker takes the next), and yields their items as their batches
// arrive: each listing's items in its own order, listings interleaved. It is
// [Merge] for callers that need no order across listings, at a fraction of
// its memory: at most Concurrency listings are open, each with at most two
// batches in hand, however many listings there are. An error from any
// listing is yielded once, as (zero T, err), and ends the walk; so do
// breaking out of the loop and cancelling ctx. Every listing is stopped
// and has returned before the loop statement completes.
func Interleave[T any](ctx context.Context, listings []Listing[T], opts MergeOptions) iter.Seq2[T, error] {
	return func(yield func(T, error) bool) {
		if len(listings) == 0 {
			return
		}
		ctx, cancel := context.WithCancel(ctx)
		out := make(chan batch[T])
		quit := make(chan struct{})
		var wg sync.WaitGroup
		defer func() {
			close(quit)
			cancel()
			wg.Wait()
		}()
		send := func(b batch[T]) bool {
			select {
			case out <- b:
				return true
			case <-quit:
				return false
			}
		}
		var next atomic.Int64
		workers := min(max(opts.Concurrency, 1), len(listings))
		for range workers {
			wg.Go(func() {
				defer send(batch[T]{done: true})
				for {
					i := int(next.Add(1) - 1)
					if i >= len(listings) {
						return
					}
					for items, err := range listings[i](ctx) {
						if err != nil {
							send(batch[T]{err: err})
							return
						}
						if len(items) > 0 && !send(batch[T]{items: items}) {
							return
						}
					}
					if err := ctx.Err(); err != nil {
						send(batch[T]{err: err})
						return
					}
				}
			})
		}
		var zero T
		for running := workers; running > 0; {
			b := <-out
			switch {
			case b.err != nil:
				yield(zero, b.err)
				return
			case b.done:
				running--
			}
			for _, it := range b.items {
				if !yield(it, nil) {
					return
				}
			}
		}
	}
}
