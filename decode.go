package sclogs

import json "github.com/go-json-experiment/json/v1"

// generatedDecoder is what gen/decode.gen.go (internal/gendecode) gives the
// types the client decodes most: reflection-free decoding with
// encoding/json's semantics (FuzzDecodeLog, FuzzDecodePage check that).
type generatedDecoder interface{ DecodeJSON(data []byte) error }

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
