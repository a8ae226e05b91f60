package sclogs

import (
	stdjson "encoding/json"
	"errors"
	"fmt"
	"net/http"
	"sync"

	"github.com/sclogs/sclogs/gen"
	"github.com/sclogs/sclogs/internal/decode"
	"github.com/sclogs/sclogs/internal/jsonscan"
	"github.com/sclogs/sclogs/internal/retry"
)

var (
	errNoData     = errors.New(`page has no "data" member`)
	errNullRecord = errors.New(`a record in "data" is null`)
)

// pageNotes are reused jsonscan.Pages: their spans grow to a page's
// records once, not on every page.
var pageNotes = sync.Pool{New: func() any { return new(jsonscan.Page) }}

// pageMode says what decodePage makes of a page.
type pageMode struct {
	keepRaw bool      // each record's bytes (ListOptions.KeepRaw)
	rawOnly bool      // only those: the records checked, no Log built (ListOptions.RawOnly)
	arena   *rawArena // where the records' bytes go (ListOptions.ReuseRaw); nil: a new allocation
}

// decodePage decodes a page of logs from resp (read into memory by the retry
// loop). "data": null is an empty page, as encoding/json reads it; a page
// without "data", or with a null record in it, is ErrInvalidResponse: the
// decoder itself refuses a null record and counts the record lists it
// meets (jsonscan.DecodePage), so a page is read once.
//
// With m.keepRaw it also returns each record's JSON object as received (see
// ListOptions.KeepRaw), copied out of the page buffer. With m.rawOnly it
// returns only those (no logs): the page is checked by the generated
// checker (jsonscan.CheckPage), which accepts exactly the pages the decoder
// accepts, with the same errors, and notes the records alike.
func decodePage(resp *http.Response, m pageMode) ([]Log, []stdjson.RawMessage, error) {
	var body gen.IntegrationLogPage // its generated decoder copies what it keeps
	_, buffered := resp.Body.(*retry.BufferedBody)
	notes := pageNotes.Get().(*jsonscan.Page)
	defer pageNotes.Put(notes)
	notes.KeepSpans = m.keepRaw || m.rawOnly
	var data []byte
	err := decodeJSON(resp, func(b []byte) error {
		data = b
		if m.rawOnly {
			return jsonscan.CheckPage(b, decode.CheckIntegrationLogPageFrom, notes)
		}
		return jsonscan.DecodePage(b, &body, decode.IntegrationLogPageFrom, notes)
	})
	if err != nil {
		return nil, nil, err
	}
	if notes.Lists == 0 {
		return nil, nil, fmt.Errorf("%w: %w", ErrInvalidResponse, errNoData)
	}
	if m.rawOnly {
		// The spans are those of the last record list, the one that counts
		// (a "data" decoded again replaces the earlier records).
		records := copySpans(data, notes.Spans, m.arena)
		if buffered {
			retry.PutPageBuffer(data) // copied out
		}
		return nil, records, nil
	}
	var logs []Log
	if body.Data != nil {
		logs = *body.Data
	}
	var records []stdjson.RawMessage
	if m.keepRaw {
		if records, err = receivedIn(data, notes, logs, decode.IntegrationLog, m.arena); err != nil {
			return nil, nil, fmt.Errorf("%w: %w", ErrInvalidResponse, err)
		}
	}
	if buffered {
		retry.PutPageBuffer(data) // nothing decoded points into it
	}
	if logs == nil {
		logs = []Log{} // "data": null
	}
	return logs, records, nil
}
