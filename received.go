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
// copied out of the pooled page buffer in one allocation per page.
// Callers who do not ask pay nothing. ListIntegrationsRaw does the same
// for integrations.

var errRecordSpans = errors.New(`the records of "data" could not be told apart`)

// received copies each record's bytes out of data (the page, as noted in
// notes) and returns them, one per decoded record. When "data" came more
// than once (the last one counts, and encoding/json decodes it into the
// records of the earlier ones), each record is decoded again from its own
// bytes with decode, so that records[i] is always what the returned raw[i]
// decodes to.
func received[T any](data []byte, notes *jsonscan.Page, records []T, decode func([]byte, *T) error) ([]stdjson.RawMessage, error) {
	if len(notes.Spans) != len(records) {
		return nil, errRecordSpans
	}
	size := 0
	for _, sp := range notes.Spans {
		size += sp.End - sp.Start
	}
	buf := make([]byte, 0, size)
	out := make([]stdjson.RawMessage, len(notes.Spans))
	for i, sp := range notes.Spans {
		start := len(buf)
		buf = append(buf, data[sp.Start:sp.End]...)
		out[i] = buf[start:len(buf):len(buf)]
	}
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

// rawPages carries the records' bytes of fetched pages to toPage: the
// generic page walk (package pagination) knows only the decoded items.
// Entries live from a fetch to the page's hand-over, so at most
// Prefetch+1 at a time.
type rawPages struct {
	mu sync.Mutex
	m  map[*pagination.Page[Log]][]stdjson.RawMessage
}

// put keeps raw for p; a nil r keeps nothing.
func (r *rawPages) put(p *pagination.Page[Log], raw []stdjson.RawMessage) {
	r.mu.Lock()
	defer r.mu.Unlock()
	if r.m == nil {
		r.m = map[*pagination.Page[Log]][]stdjson.RawMessage{}
	}
	r.m[p] = raw
}

// take returns and forgets what put kept for p.
func (r *rawPages) take(p *pagination.Page[Log]) []stdjson.RawMessage {
	if r == nil {
		return nil
	}
	r.mu.Lock()
	defer r.mu.Unlock()
	raw := r.m[p]
	delete(r.m, p)
	return raw
}
