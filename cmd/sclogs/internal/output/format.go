// Package output writes integration log records as a table, one JSON array,
// NDJSON or CSV. Every writer streams: a record is encoded and written (to a
// buffer flushed as it fills) when it arrives, so memory stays flat however
// many records pass through.
package output

import (
	"fmt"
	"io"
	"slices"
	"strings"

	"github.com/sclogs/sclogs/gen"
)

// Format is an output format's name as given to -o/--output.
type Format string

// The output formats.
const (
	Table  Format = "table"
	JSON   Format = "json"
	NDJSON Format = "ndjson"
	CSV    Format = "csv"
)

// Formats lists every format `sclogs list` accepts.
var Formats = []Format{Table, JSON, NDJSON, CSV}

// ParseFormat returns the format called s, which must be one of allowed
// (Formats when none are given).
func ParseFormat(s string, allowed ...Format) (Format, error) {
	if len(allowed) == 0 {
		allowed = Formats
	}
	f := Format(strings.ToLower(strings.TrimSpace(s)))
	if slices.Contains(allowed, f) {
		return f, nil
	}
	names := make([]string, len(allowed))
	for i, a := range allowed {
		names[i] = string(a)
	}
	return "", fmt.Errorf("invalid output format %q: use one of %s", s, strings.Join(names, ", "))
}

// Record is one log record on its way out: JSON is its object as received
// (redacted once, whole, unless --no-redact: see package redact), and Log
// is what exactly those bytes decode to. JSON and NDJSON write JSON, so
// every member reaches them, known to the spec or not; the table and CSV
// read their chosen columns from Log. Log may be nil for the JSON formats
// (nothing reads it: the CLI does not decode a redacted record again then).
// Neither is kept after Write returns.
type Record struct {
	JSON []byte
	Log  *gen.IntegrationLog
	// Compact: JSON has no whitespace between its tokens, as redaction
	// found (redact.AppendCompact). The JSON formats then only look for
	// the characters to escape in it. False when unknown.
	Compact bool
}

// Writer writes records one at a time.
type Writer interface {
	// Write writes one record.
	Write(r Record) error
	// Close ends the document (a JSON array's "]") and flushes it.
	Close() error
	// Flush writes out what is buffered without ending the document: after
	// an error, the records already read reach the reader, and a JSON array
	// stays visibly unfinished.
	Flush() error
}

// bufSize is the write buffer: large enough for few write calls, small
// enough not to matter for memory.
const bufSize = 64 << 10

// New returns a Writer for f on w.
func New(w io.Writer, f Format) (Writer, error) {
	switch f {
	case Table:
		return newTable(w, Options{}), nil
	case JSON:
		return newJSON(w), nil
	case NDJSON:
		return newNDJSON(w), nil
	case CSV:
		return newCSV(w), nil
	}
	return nil, fmt.Errorf("invalid output format %q", f)
}
