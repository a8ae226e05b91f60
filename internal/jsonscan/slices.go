package jsonscan

import (
	"errors"
	"sync"
)

// maxPooledElems bounds the scratch slices kept for reuse.
const maxPooledElems = 1024

// MaxElements caps the elements of one array decoded by Slice: a decoded
// element costs far more memory than its JSON (a 3-byte "{}" becomes a
// struct of some 300 bytes), so a body of a few MiB of empty records would
// cost gigabytes. A page holds at most 100 records; 10,000 leaves room.
const MaxElements = 10_000

// ErrTooManyElements is returned for an array of more than MaxElements.
var ErrTooManyElements = errors.New("an array has more than 10000 elements")

// flushEvery is how many elements of an array share the allocation of their
// strings (see Flush): fewer allocations, less rounding up to size classes,
// and a record kept alone keeps at most this many records' strings alive.
const flushEvery = 8

// Slice decodes an array into dst with elem for each element; null sets dst
// to nil. A nil dst gets a slice of exactly the array's length, built in a
// scratch slice from pool (one allocation per array instead of log2(n));
// a non-nil one is decoded into in place, as encoding/json does (the
// elements it holds are decoded into, not replaced).
func Slice[T any](d *Decoder, dst *[]T, elem func(*Decoder, *T) error, pool *sync.Pool, goType string) error {
	if d.page != nil && d.depth == 1 {
		return recordList(d, dst, elem, pool, goType)
	}
	return slice(d, dst, elem, pool, goType)
}

// NullArray reads the null of a member that holds an array (a pointer to a
// slice, which null sets to nil). In a page (DecodePage) a member of the
// top-level object is a record list (Page.Lists) whether it is an array or
// null, so null counts as one, with no records.
func (d *Decoder) NullArray() error {
	if d.page != nil && d.depth == 1 {
		d.page.Lists++
		d.page.Spans = d.page.Spans[:0]
	}
	return d.Null()
}

// recordList is Slice for a page's list of records (see Page): each
// element is wrapped to refuse null and to note where it starts and ends.
func recordList[T any](d *Decoder, dst *[]T, elem func(*Decoder, *T) error, pool *sync.Pool, goType string) error {
	page := d.page
	page.Lists++
	page.Spans = page.Spans[:0]
	d.page = nil // nested arrays are no record lists
	defer func() { d.page = page }()
	return slice(d, dst, func(d *Decoder, v *T) error {
		if d.Peek() == 'n' {
			return ErrNullRecord
		}
		start := d.pos
		err := elem(d, v)
		if page.KeepSpans {
			page.Spans = append(page.Spans, Span{start, d.pos})
		}
		return err
	}, pool, goType)
}

func slice[T any](d *Decoder, dst *[]T, elem func(*Decoder, *T) error, pool *sync.Pool, goType string) error {
	switch d.Peek() {
	case '[':
	case 'n':
		*dst = nil
		return d.Null()
	default:
		return d.mismatch(goType)
	}
	if *dst != nil {
		return sliceInPlace(d, dst, elem)
	}
	more, err := d.BeginArray()
	if err != nil || !more {
		*dst = []T{}
		return err
	}
	sp, _ := pool.Get().(*[]T)
	if sp == nil {
		sp = new([]T)
	}
	buf := (*sp)[:0]
	defer func() {
		clear(buf) // drop what the elements point to
		if cap(buf) <= maxPooledElems {
			*sp = buf[:0]
			pool.Put(sp)
		}
	}()
	var zero T
	for more {
		// Pending strings point into buf: flush before it can move, and
		// every flushEvery elements, so that a record kept alone keeps few
		// records' text alive.
		if len(buf) == cap(buf) || len(buf)%flushEvery == 0 {
			d.Flush()
		}
		if len(buf) == MaxElements {
			return ErrTooManyElements
		}
		buf = append(buf, zero)
		if err := elem(d, &buf[len(buf)-1]); err != nil {
			return err
		}
		if more, err = d.NextElement(); err != nil {
			return err
		}
	}
	d.Flush()
	out := make([]T, len(buf))
	copy(out, buf)
	*dst = out
	return nil
}

// sliceInPlace is encoding/json's array decoding into an existing slice.
func sliceInPlace[T any](d *Decoder, dst *[]T, elem func(*Decoder, *T) error) error {
	s := *dst
	defer func() { *dst = s }()
	more, err := d.BeginArray()
	i := 0
	for ; more && err == nil; i++ {
		if i == MaxElements {
			return ErrTooManyElements
		}
		if i >= cap(s) {
			s = append(s[:cap(s)], make([]T, 1)...)[:len(s)]
		}
		if i >= len(s) {
			s = s[:i+1]
		}
		if err = elem(d, &s[i]); err == nil {
			d.Flush()
			more, err = d.NextElement()
		}
	}
	if err != nil {
		return err
	}
	if i < len(s) {
		s = s[:i]
	}
	if i == 0 {
		s = []T{}
	}
	return nil
}
