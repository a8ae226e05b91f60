package cli

import (
	"errors"
	"fmt"

	"github.com/sclogs/sclogs"
	"github.com/sclogs/sclogs/cmd/sclogs/internal/output"
	"github.com/sclogs/sclogs/gen"
	"github.com/sclogs/sclogs/internal/redact"
)

// The one pipeline of the CLI's records: the library gives each record's
// JSON object as received (ListOptions.KeepRaw); it is redacted once,
// whole, before anything reads it (package redact: every member, known to
// the spec or not); and what the filters, the table, the CSV, doctor and
// --follow read is the decoding of the redacted bytes, while JSON and
// NDJSON write those bytes. With --no-redact the received bytes and the
// library's decoding of them pass through as they are.

// pipeline turns a page's records into output records.
type pipeline struct {
	redact bool
	// view: something reads the decoded record (the table, CSV, filters,
	// doctor, --follow). Without it (JSON and NDJSON output, no filters)
	// a redacted record is not decoded again, and its Log is nil.
	view bool
	// buf holds the last redacted record, reused: a Record from next is
	// valid until the following call (keep copies it).
	buf []byte
}

var errNoRaw = errors.New("the page came without its records' bytes")

// next returns record i of page, redacted unless --no-redact. With keep
// the record's bytes are its own (they outlive the next call).
func (p *pipeline) next(page *sclogs.Page, i int, keep bool) (output.Record, error) {
	if i >= len(page.Raw) || page.Logs != nil && len(page.Logs) != len(page.Raw) {
		return output.Record{}, errNoRaw
	}
	rec := output.Record{JSON: page.Raw[i]}
	if page.Logs != nil {
		rec.Log = &page.Logs[i] // the library's decoding of exactly these bytes
	}
	if p.redact {
		dst := p.buf[:0]
		if keep {
			dst = nil
		}
		if out, changed := redact.Append(dst, rec.JSON); changed {
			if !keep {
				p.buf = out
			}
			rec.JSON, rec.Log = out, nil // that decoding is of the received bytes
		}
	}
	if p.view && rec.Log == nil {
		view := new(gen.IntegrationLog)
		if err := view.DecodeJSON(rec.JSON); err != nil {
			// Redaction keeps JSON valid; should it not, the record is not
			// dropped in silence.
			return output.Record{}, fmt.Errorf("a record, redacted, does not decode: %w", err)
		}
		rec.Log = view
	}
	return rec, nil
}
