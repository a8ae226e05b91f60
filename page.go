package sclogs

import (
	"errors"
	"fmt"
	"net/http"

	jsonv2 "github.com/go-json-experiment/json"
	"github.com/go-json-experiment/json/jsontext"
	json "github.com/go-json-experiment/json/v1"
)

var (
	errNoData     = errors.New(`page has no "data" member`)
	errNullRecord = errors.New(`a record in "data" is null`)
)

// pageBody is a page of logs as sent. Data is not a pointer: a hook sees
// whether the member is there, and null reads as an empty page, as
// encoding/json reads it.
type pageBody struct {
	Data []Log `json:"data"`
}

// decodePage decodes a page of logs from resp (read into memory by the retry
// loop). A page without "data", or with a null record in it, is
// ErrInvalidResponse: a null would otherwise become a zero record.
func decodePage(resp *http.Response) ([]Log, error) {
	present := false
	hooks := jsonv2.WithUnmarshalers(jsonv2.JoinUnmarshalers(
		jsonv2.UnmarshalFromFunc(func(*jsontext.Decoder, *[]Log) error {
			present = true
			return errors.ErrUnsupported // decode as usual
		}),
		jsonv2.UnmarshalFromFunc(func(dec *jsontext.Decoder, _ *Log) error {
			if dec.PeekKind() == 'n' {
				return errNullRecord
			}
			return errors.ErrUnsupported // decode as usual
		}),
	))
	var body pageBody
	if err := decodeJSONWith(resp, &body, json.DefaultOptionsV1(), hooks); err != nil {
		if errors.Is(err, errNullRecord) {
			return nil, fmt.Errorf("%w: %w", ErrInvalidResponse, errNullRecord)
		}
		return nil, err
	}
	if !present {
		return nil, fmt.Errorf("%w: %w", ErrInvalidResponse, errNoData)
	}
	if body.Data == nil {
		body.Data = []Log{} // data: null, an empty page
	}
	return body.Data, nil
}
