package sclogs

import (
	"bytes"
	"errors"
	"fmt"
	"net/http"

	stdjson "encoding/json"

	"github.com/go-json-experiment/json/jsontext"
	json "github.com/go-json-experiment/json/v1"

	"github.com/sclogs/sclogs/gen"
	"github.com/sclogs/sclogs/internal/retry"
)

var (
	errNoData     = errors.New(`page has no "data" member`)
	errNullRecord = errors.New(`a record in "data" is null`)
)

// decodePage decodes a page of logs from resp (read into memory by the retry
// loop). "data": null is an empty page, as encoding/json reads it; a page
// without "data", or with a null record in it, is ErrInvalidResponse.
//
// encoding/json reads a null record as a zero Log, indistinguishable from
// {}; a second look at the raw page settles it. That look is taken only for
// pages that need it (no data, or a record without an id), so ordinary pages
// cost one decoding pass: a per-record hook in the decoder cost 8-10% CPU.
//
// With keepRaw it also returns each record's JSON object as received (see
// ListOptions.KeepRaw), copied out of the page buffer.
func decodePage(resp *http.Response, keepRaw bool) ([]Log, []stdjson.RawMessage, error) {
	var body gen.IntegrationLogPage // its generated decoder copies what it keeps
	buffered, _ := resp.Body.(*retry.BufferedBody)
	rec := &recordingPage{page: &body}
	var v generatedDecoder = &body
	if keepRaw {
		v = rec
	}
	if err := decodeJSON(resp, v); err != nil {
		return nil, nil, err
	}
	var raw []byte
	if buffered != nil {
		raw = buffered.Bytes()
	}
	var logs []Log
	if body.Data != nil {
		logs = *body.Data
	}
	suspect := body.Data == nil
	for i := range logs {
		if logs[i].ID == nil { // what a null record decodes to
			suspect = true
			break
		}
	}
	if suspect {
		if err := checkPage(raw); err != nil {
			return nil, nil, fmt.Errorf("%w: %w", ErrInvalidResponse, err)
		}
	}
	var records []stdjson.RawMessage
	if keepRaw {
		var err error
		if records, err = rec.records(logs); err != nil {
			return nil, nil, fmt.Errorf("%w: %w", ErrInvalidResponse, err)
		}
	}
	retry.PutPageBuffer(raw) // nothing decoded points into it, and checkPage is done
	if logs == nil {
		logs = []Log{} // "data": null
	}
	return logs, records, nil
}

// checkPage reports a page whose "data" member is missing or holds a null
// record, read with the same (encoding/json) rules as the page itself.
func checkPage(raw []byte) error {
	var page struct {
		Data jsontext.Value `json:"data"`
	}
	if json.Unmarshal(raw, &page) != nil || page.Data == nil {
		return errNoData
	}
	var records []jsontext.Value
	if json.Unmarshal(page.Data, &records) != nil {
		return nil // null, or already decoded as a list
	}
	for _, r := range records {
		if bytes.Equal(r, []byte("null")) {
			return errNullRecord
		}
	}
	return nil
}
