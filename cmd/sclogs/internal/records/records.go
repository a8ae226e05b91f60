// Package records is the one pipeline of the CLI's records: the library
// gives each record's JSON object as received (ListOptions.KeepRaw); it is
// redacted once, whole, before anything reads it (package redact: every
// member, known to the spec or not); and what the filters, the table, the
// CSV, doctor, --follow and the exporter read is the decoding of the
// redacted bytes, while JSON and NDJSON write those bytes. With --no-redact
// the received bytes and the library's decoding of them pass through as
// they are. Integrations go the same way (integrations.go).
package records

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"

	"github.com/sclogs/sclogs"
	"github.com/sclogs/sclogs/cmd/sclogs/internal/output"
	"github.com/sclogs/sclogs/gen"
	"github.com/sclogs/sclogs/internal/decode"
	"github.com/sclogs/sclogs/internal/redact"
)

// Pipeline turns a page's records into output records.
type Pipeline struct {
	// Redact is false only for --no-redact.
	Redact bool
	// View: something reads the decoded record (the table, CSV, filters,
	// doctor, --follow). Without it (JSON and NDJSON output, no filters)
	// a redacted record is not decoded again, and its Log may be nil.
	View bool
	// buf holds the last redacted record, reused: a Record from next is
	// valid until the following call (keep copies it).
	buf []byte
}

// ErrNoRaw is a page without its records as received (ListOptions.KeepRaw
// not set): nothing passes unredacted.
var ErrNoRaw = errors.New("the page came without its records' bytes")

// Next returns record i of page, redacted unless --no-redact. With keep
// the record's bytes are its own (they outlive the next call).
func (p *Pipeline) Next(page *sclogs.Page, i int, keep bool) (output.Record, error) {
	if i >= len(page.Raw) || page.Logs != nil && len(page.Logs) != len(page.Raw) {
		return output.Record{}, ErrNoRaw
	}
	rec := output.Record{JSON: page.Raw[i]}
	if page.Logs != nil {
		rec.Log = &page.Logs[i] // the library's decoding of exactly these bytes
	}
	if p.Redact {
		dst := p.buf[:0]
		if keep {
			dst = nil
		}
		out, changed, compact := redact.AppendCompact(dst, rec.JSON)
		if changed {
			if !keep {
				p.buf = out
			}
			rec.JSON, rec.Log = out, nil // that decoding is of the received bytes
		}
		rec.Compact = compact
	}
	if p.View && rec.Log == nil {
		view := new(gen.IntegrationLog)
		if err := decode.IntegrationLog(rec.JSON, view); err != nil {
			// Redaction keeps JSON valid; should it not, the record is not
			// dropped in silence.
			return output.Record{}, fmt.Errorf("a record, redacted, does not decode: %w", err)
		}
		rec.Log = view
	}
	return rec, nil
}

// Page returns page with every record through the pipeline, decoded
// (View): Raw holds the records as redacted, Logs what they decode to.
// The records are the page's own (kept); page itself is not changed.
func (p *Pipeline) Page(page *sclogs.Page) (*sclogs.Page, error) {
	if page == nil {
		return nil, nil
	}
	if len(page.Raw) != len(page.Logs) {
		return nil, ErrNoRaw // never a record dropped, or passed unredacted
	}
	out := *page
	out.Logs = make([]sclogs.Log, len(page.Raw))
	out.Raw = make([]json.RawMessage, len(page.Raw))
	q := Pipeline{Redact: p.Redact, View: true}
	for i := range page.Raw {
		r, err := q.Next(page, i, true)
		if err != nil {
			return nil, err
		}
		out.Logs[i], out.Raw[i] = *r.Log, r.JSON
	}
	return &out, nil
}

// Source is a listing's page source: the newest page (cursor "") or the
// page at a cursor (follow.Source).
type Source = func(ctx context.Context, cursor string) (*sclogs.Page, error)

// Redacted returns src with every page through the pipeline (Page): what
// the follow engine, and whatever reads its results, sees is redacted
// unless redact is false. src must ask for ListOptions.KeepRaw.
func Redacted(src Source, redact bool) Source {
	p := &Pipeline{Redact: redact, View: true}
	return func(ctx context.Context, cursor string) (*sclogs.Page, error) {
		page, err := src(ctx, cursor)
		if err != nil || page == nil {
			return page, err
		}
		return p.Page(page)
	}
}
