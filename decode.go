package sclogs

import (
	json "github.com/go-json-experiment/json/v1"

	"github.com/sclogs/sclogs/gen"
)

// generatedDecoder is what gen/decode.gen.go (internal/gendecode) gives the
// types the client decodes most: reflection-free decoding with
// encoding/json's semantics (FuzzDecodeLog, FuzzDecodePage check that).
type generatedDecoder interface{ DecodeJSON(data []byte) error }

// The page walk decodes these: if generation stopped giving them a decoder,
// decode would fall back to reflection unnoticed, and decodePage would give
// back page buffers that decoded values point into.
var (
	_ generatedDecoder = (*gen.IntegrationLogPage)(nil)
	_ generatedDecoder = (*gen.IntegrationLog)(nil)
)

// decode decodes body into v with its generated decoder when it has one, and
// with the JSON v2 experiment's v1 API otherwise. A generated decoder copies
// all it keeps, so body may be reused afterwards (decodeJSON gives it back to
// pageBuffers).
func decode(body []byte, v any) error {
	if d, ok := v.(generatedDecoder); ok {
		return d.DecodeJSON(body)
	}
	return json.Unmarshal(body, v)
}
