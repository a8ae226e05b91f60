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
	// buf holds the last redacted record, reused: a Record from next is
	// valid until the following call (keep copies it).
	buf []byte
}

var errNoRaw = errors.New("the page came without its records' bytes")

// next returns record i of page, redacted unless --no-redact. With keep
// the record's bytes are its own (they outlive the next call).
func (p *pipeline) next(page *sclogs.Page, i int, keep bool) (output.Record, error) {
	if len(page.Raw) != len(page.Logs) {
		return output.Record{}, errNoRaw
	}
	raw, l := []byte(page.Raw[i]), &page.Logs[i]
	if !p.redact {
		return output.Record{JSON: raw, Log: l}, nil
	}
	dst := p.buf[:0]
	if keep {
		dst = nil
	}
	out, changed := redact.Append(dst, raw)
	if !changed {
		// The same bytes as received: the library's decoding of them is
		// the record's view.
		return output.Record{JSON: raw, Log: l}, nil
	}
	if !keep {
		p.buf = out
	}
	view := new(gen.IntegrationLog)
	if err := view.DecodeJSON(out); err != nil {
		// Redaction keeps JSON valid; should it not, the record is not
		// dropped in silence.
		return output.Record{}, fmt.Errorf("record %d of the page, redacted, does not decode: %w", l.GetID(), err)
	}
	return output.Record{JSON: out, Log: view}, nil
}
