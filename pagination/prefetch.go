package pagination

import (
	"context"
	"fmt"
	"runtime/debug"
)

// result is what the fetching goroutine hands to the caller's goroutine:
// a page, an error, a panic from the FetchFunc, or (all zero) the end.
type result[T any] struct {
	page   *Page[T]
	err    error
	panicV any
}

// prefetched runs the listing l in a goroutine that stays up to n pages ahead
// of yield. It returns only after that goroutine has exited.
func prefetched[T any](ctx context.Context, l *lister[T], n int, yield func(*Page[T], error) bool) {
	fctx, cancel := context.WithCancel(ctx)
	// The goroutine holds one page while blocked on sending it, so a buffer
	// of n-1 keeps it exactly n pages ahead.
	ch := make(chan result[T], n-1)
	done := make(chan struct{})
	defer func() {
		cancel() // stops an in-flight fetch and any blocked send
		<-done
	}()

	go func() {
		defer close(done)
		send := func(r result[T]) bool {
			select {
			case ch <- r:
				return true
			case <-fctx.Done():
				return false
			}
		}
		// A panicking FetchFunc must not crash the program from a goroutine
		// the caller cannot recover in: re-panic on the caller's side.
		defer func() {
			if v := recover(); v != nil {
				send(result[T]{panicV: fmt.Sprintf("pagination: FetchFunc panicked: %v\n\n%s", v, debug.Stack())})
			}
		}()
		for {
			p, err := l.step(fctx)
			if p != nil && !send(result[T]{page: p}) {
				return
			}
			if err != nil || p == nil {
				send(result[T]{err: err}) // err == nil: the end
				return
			}
		}
	}()

	for {
		var r result[T]
		select {
		case r = <-ch:
		case <-ctx.Done():
			yield(nil, ctx.Err())
			return
		}
		switch {
		case r.panicV != nil:
			panic(r.panicV)
		case r.err != nil:
			yield(nil, r.err)
			return
		case r.page == nil:
			return
		case ctx.Err() != nil:
			// Cancelled while this page waited: stop at once, and say so.
			yield(nil, ctx.Err())
			return
		}
		if !yield(r.page, nil) {
			return
		}
	}
}
