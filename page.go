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
)

var (
	errNoData     = errors.New(`page has no "data" member`)
	errNullRecord = errors.New(`a record in "data" is null`)
)

// pageNotes are reused jsonscan.Pages: their spans grow to a page's
// records once, not on every page.
var pageNotes = sync.Pool{New: func() any { return new(jsonscan.Page) }}

// decodePage decodes a page of logs from resp (read into memory by the retry
// loop). "data": null is an empty page, as encoding/json reads it; a page
// without "data", or with a null record in it, is ErrInvalidResponse: the
// decoder itself refuses a null record and counts the record lists it
// meets (jsonscan.DecodePage), so a page is read once.
//
// With keepRaw it also returns each record's JSON object as received (see
// ListOptions.KeepRaw), copied out of the page buffer.
func decodePage(resp *http.Response, keepRaw bool) ([]Log, []stdjson.RawMessage, error) {
	var body gen.IntegrationLogPage // its generated decoder copies what it keeps
	_, buffered := resp.Body.(*bufferedBody)
	notes := pageNotes.Get().(*jsonscan.Page)
	defer pageNotes.Put(notes)
	notes.KeepSpans = keepRaw
	var data []byte
	err := decodeJSON(resp, func(b []byte) error {
		data = b
		return jsonscan.DecodePage(b, &body, decode.IntegrationLogPageFrom, notes)
	})
	if err != nil {
		return nil, nil, err
	}
	if notes.Lists == 0 {
		return nil, nil, fmt.Errorf("%w: %w", ErrInvalidResponse, errNoData)
	}
	var logs []Log
	if body.Data != nil {
		logs = *body.Data
	}
	var records []stdjson.RawMessage
	if keepRaw {
		if records, err = received(data, notes, logs, decode.IntegrationLog); err != nil {
			return nil, nil, fmt.Errorf("%w: %w", ErrInvalidResponse, err)
		}
	}
	if buffered {
		putPageBuffer(data) // nothing decoded points into it
	}
	if logs == nil {
		logs = []Log{} // "data": null
	}
	return logs, records, nil
}
