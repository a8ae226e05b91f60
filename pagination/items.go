package pagination

import "iter"

// Items flattens an iterator over pages into an iterator over their records.
// An error from pages is yielded once as (zero T, err), after every record of
// the pages before it, and ends the iteration.
func Items[T any](pages iter.Seq2[*Page[T], error]) iter.Seq2[T, error] {
	return func(yield func(T, error) bool) {
		for p, err := range pages {
			if err != nil {
				var zero T
				yield(zero, err)
				return
			}
			if p == nil {
				continue
			}
			for _, item := range p.Items {
				if !yield(item, nil) {
					return
				}
			}
		}
	}
}
