package sclogs

import (
	stdjson "encoding/json"
	"errors"
	"sync"

	"github.com/sclogs/sclogs/internal/jsonscan"
	"github.com/sclogs/sclogs/pagination"
)

// Records as received: with ListOptions.KeepRaw, each page also gives the
// JSON object every record was decoded from (Page.Raw), so a caller can
// pass on fields the spec does not know yet, keep nulls and key order, or
// redact the record as a whole. The decoder notes where each record starts
// and ends as it walks the page (jsonscan.Page.Spans); the bytes are then
// copied out of the pooled page buffer in one allocation per page, or, with
// ListOptions.ReuseRaw, into memory the walk reuses once the caller has
// moved past the page (rawArenas). With ListOptions.RawOnly the page is
// only checked (jsonscan.CheckPage), not decoded. Callers who do not ask
// pay nothing. ListIntegrationsRaw does the same for integrations.

var errRecordSpans = errors.New(`the records of "data" could not be told apart`)

// received copies each record's bytes out of data (the page, as noted in
// notes) and returns them, one per decoded record. When "data" came more
// than once (the last one counts, and encoding/json decodes it into the
// records of the earlier ones), each record is decoded again from its own
// bytes with decode, so that records[i] is always what the returned raw[i]
// decodes to.
func received[T any](data []byte, notes *jsonscan.Page, records []T, decode func([]byte, *T) error) ([]stdjson.RawMessage, error) {
	return receivedIn(data, notes, records, decode, nil)
}

// receivedIn is received with the bytes copied into a (nil: a new
// allocation).
func receivedIn[T any](data []byte, notes *jsonscan.Page, records []T, decode func([]byte, *T) error, a *rawArena) ([]stdjson.RawMessage, error) {
	if len(notes.Spans) != len(records) {
		return nil, errRecordSpans
	}
	out := copySpans(data, notes.Spans, a)
	if notes.Lists > 1 {
		for i := range records {
			var zero T
			records[i] = zero
			if err := decode(out[i], &records[i]); err != nil {
				return nil, err
			}
		}
	}
	return out, nil
}

// copySpans returns data's spans as one slice each (never nil), their bytes
// copied into a's memory (grown if need be) or, for a nil a, one new
// allocation. Each slice is capped at its length: appending to one never
// reaches another.
func copySpans(data []byte, spans []jsonscan.Span, a *rawArena) []stdjson.RawMessage {
	size := 0
	for _, sp := range spans {
		size += sp.End - sp.Start
	}
	var buf []byte
	var out []stdjson.RawMessage
	if a != nil && cap(a.buf) >= size {
		buf = a.buf[:0]
	} else {
		buf = make([]byte, 0, size+size/8) // room for a page a little larger next time
	}
	if a != nil && cap(a.recs) >= len(spans) && a.recs != nil {
		out = a.recs[:len(spans)]
	} else {
		out = make([]stdjson.RawMessage, len(spans)) // never nil, also for no spans
	}
	if a != nil {
		a.buf, a.recs = buf, out
	}
	for i, sp := range spans {
		start := len(buf)
		buf = append(buf, data[sp.Start:sp.End]...)
		out[i] = buf[start:len(buf):len(buf)]
	}
	return out
}

// rawArena is the memory of one page's Raw under ListOptions.ReuseRaw:
// the records' bytes and the slice that holds them.
type rawArena struct {
	buf  []byte
	recs []stdjson.RawMessage
}

// rawArenas is a page walk's free list of arenas (ListOptions.ReuseRaw).
// The fetching side (with Prefetch, another goroutine) takes one for each
// page it decodes; the walk gives a page's arena back only after the
// caller's loop body for that page has returned, so no arena is written
// while the caller can still read the page. At most Prefetch+2 arenas are
// in use at once; the list keeps maxFreeArenas, none over maxArenaBytes, so
// memory stays flat after an outsized page.
type rawArenas struct {
	mu   sync.Mutex
	free []*rawArena
}

const (
	maxFreeArenas = 4
	maxArenaBytes = 1 << 20
)

// newRawArenas returns a free list for a walk with o, or nil when its
// pages' Raw is not reused.
func newRawArenas(o ListOptions) *rawArenas {
	if !o.ReuseRaw || !o.KeepRaw {
		return nil
	}
	return new(rawArenas)
}

// get returns an arena for a page: a free one or a new one (nil for a nil
// list: no reuse).
func (r *rawArenas) get() *rawArena {
	if r == nil {
		return nil
	}
	r.mu.Lock()
	defer r.mu.Unlock()
	if n := len(r.free); n > 0 {
		a := r.free[n-1]
		r.free[n-1] = nil
		r.free = r.free[:n-1]
		return a
	}
	return new(rawArena)
}

// put gives a back, once nothing may read the page it held.
func (r *rawArenas) put(a *rawArena) {
	if r == nil || a == nil || cap(a.buf) > maxArenaBytes {
		return
	}
	r.mu.Lock()
	defer r.mu.Unlock()
	if len(r.free) < maxFreeArenas {
		r.free = append(r.free, a)
	}
}

// heldPages carries what fetchPage read of each page (the records' bytes,
// the arena) from the fetch to the page's hand-over: the generic page walk
// (package pagination) knows only the items. Entries live from a fetch to
// the hand-over, so at most Prefetch+1 at a time.
type heldPages[T any] struct {
	mu sync.Mutex
	m  map[*pagination.Page[T]]*fetched
}

// put keeps f for p.
func (h *heldPages[T]) put(p *pagination.Page[T], f *fetched) {
	h.mu.Lock()
	defer h.mu.Unlock()
	if h.m == nil {
		h.m = map[*pagination.Page[T]]*fetched{}
	}
	h.m[p] = f
}

// take returns and forgets what put kept for p.
func (h *heldPages[T]) take(p *pagination.Page[T]) *fetched {
	h.mu.Lock()
	defer h.mu.Unlock()
	f := h.m[p]
	delete(h.m, p)
	return f
}
