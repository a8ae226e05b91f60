package sclogs

// Every body the client decodes (pages of logs, integrations, a created
// log, shop order statuses) goes through a decoder that internal/gendecode
// generates into internal/decode from gen's types: reflection-free, with
// encoding/json's semantics (the fuzz targets in decode_test.go hold them to
// it), limits enforced while decoding (jsonscan.MaxElements for every array,
// also in members nobody reads). Beside each decoder gendecode writes a
// checker (decode.CheckT) that reads the same JSON with the same calls and
// builds nothing: a page read under ListOptions.RawOnly is checked, not
// decoded, and refused exactly when decoding would refuse it (FuzzCheck).
// Error documents have rules of their own and a decoder of their own on the
// same runtime (errordoc.go).

// decodeInto adapts a generated decoder to decodeJSON: the body decoded
// into v. A generated decoder copies all it keeps, so the body may be
// reused afterwards (decodePage gives it back to pageBuffers).
func decodeInto[T any](v *T, decode func([]byte, *T) error) func([]byte) error {
	return func(body []byte) error { return decode(body, v) }
}
