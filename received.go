package sclogs

import (
	stdjson "encoding/json"
	"errors"
	"sync"

	"github.com/sclogs/sclogs/gen"
	"github.com/sclogs/sclogs/internal/jsonscan"
	"github.com/sclogs/sclogs/pagination"
)

// Records as received: with ListOptions.KeepRaw, each page also gives the
// JSON object every record was decoded from (Page.Raw), so a caller can
// pass on fields the spec does not know yet, keep nulls and key order, or
// redact the record as a whole. The decoder notes where each record starts
// and ends as it walks the page (jsonscan.DecodeRecording); the bytes are
// then copied out of the pooled page buffer in one allocation per page.
// Callers who do not ask pay nothing.

// recordingPage decodes a page like gen.IntegrationLogPage and notes the
// span of each record in the page's bytes.
type recordingPage struct {
	page   *gen.IntegrationLogPage
	data   []byte
	spans  []jsonscan.Span
	arrays int
}

// DecodeJSON is generatedDecoder's method: decodeJSON calls it.
func (r *recordingPage) DecodeJSON(data []byte) error {
	r.data = data
	var err error
	r.arrays, err = jsonscan.DecodeRecording(data, r.page.DecodeJSONFrom, &r.spans)
	return err
}

var errRecordSpans = errors.New(`the records of "data" could not be told apart`)

// records copies each record's bytes out of the page and returns them, one
// per decoded log. When "data" came more than once (the last one counts,
// and encoding/json decodes it into the records of the earlier ones), each
// log is decoded again from its own bytes, so that logs[i] is always what
// the returned records[i] decodes to.
func (r *recordingPage) records(logs []Log) ([]stdjson.RawMessage, error) {
	if len(r.spans) != len(logs) {
		return nil, errRecordSpans
	}
	size := 0
	for _, sp := range r.spans {
		size += sp.End - sp.Start
	}
	buf := make([]byte, 0, size)
	out := make([]stdjson.RawMessage, len(r.spans))
	for i, sp := range r.spans {
		start := len(buf)
		buf = append(buf, r.data[sp.Start:sp.End]...)
		out[i] = buf[start:len(buf):len(buf)]
	}
	if r.arrays > 1 {
		for i := range logs {
			logs[i] = Log{}
			if err := logs[i].DecodeJSON(out[i]); err != nil {
				return nil, err
			}
		}
	}
	r.data = nil
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
