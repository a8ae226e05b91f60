package output

import (
	"strconv"
	"time"
	"unicode/utf16"
	"unicode/utf8"

	"github.com/sclogs/sclogs/gen"
	"github.com/sclogs/sclogs/jsonvalue"
)

// appendLog appends the JSON of l: the same bytes as encoding/json's
// Encoder with SetEscapeHTML(false) gives (encode_test.go checks it, and
// that no field of gen.IntegrationLog is missed), at a fraction of its cost —
// no reflection, and union fields copied rather than re-validated: they hold
// JSON that was decoded, or redacted keeping it valid. This is the CLI's hot
// path when it streams NDJSON.
func appendLog(dst []byte, l *gen.IntegrationLog) ([]byte, error) {
	dst = append(dst, '{')
	if len(l.AdditionalData) > 0 {
		dst = append(dst, `"additional_data":`...)
		dst = appendRaw(dst, l.AdditionalData)
		dst = append(dst, ',')
	}
	dst = append(dst, `"base_url":`...)
	dst = appendString(dst, l.BaseURL)
	if l.CreatedAt != nil {
		var err error
		dst = append(dst, `,"created_at":`...)
		if dst, err = appendTime(dst, *l.CreatedAt); err != nil {
			return dst, err
		}
	}
	dst = appendStringField(dst, `,"exception":`, l.Exception)
	dst = appendStringField(dst, `,"exception_type":`, l.ExceptionType)
	dst = appendStringField(dst, `,"full_url":`, l.FullURL)
	dst = appendIntField(dst, `,"id":`, l.ID)
	dst = appendIntField(dst, `,"integration_id":`, l.IntegrationID)
	dst = appendStringField(dst, `,"method":`, l.Method)
	if l.Protected != nil {
		dst = append(dst, `,"protected":`...)
		dst = strconv.AppendBool(dst, *l.Protected)
	}
	if r := l.Request; r != nil {
		dst = append(dst, `,"request":`...)
		dst = appendPair(dst, "headers", r.Headers, "payload", r.Payload)
	}
	if r := l.Response; r != nil {
		dst = append(dst, `,"response":`...)
		dst = appendPair(dst, "body", r.Body, "headers", r.Headers)
	}
	dst = appendIntField(dst, `,"response_code":`, l.ResponseCode)
	return append(dst, '}'), nil
}

// appendPair appends an object of two optional union fields.
func appendPair(dst []byte, k1 string, v1 jsonvalue.Value, k2 string, v2 jsonvalue.Value) []byte {
	dst = append(dst, '{')
	if len(v1) > 0 {
		dst = append(dst, '"')
		dst = append(dst, k1...)
		dst = append(dst, `":`...)
		dst = appendRaw(dst, v1)
	}
	if len(v2) > 0 {
		if len(v1) > 0 {
			dst = append(dst, ',')
		}
		dst = append(dst, '"')
		dst = append(dst, k2...)
		dst = append(dst, `":`...)
		dst = appendRaw(dst, v2)
	}
	return append(dst, '}')
}

func appendStringField(dst []byte, key string, s *string) []byte {
	if s == nil {
		return dst
	}
	return appendString(append(dst, key...), *s)
}

func appendIntField(dst []byte, key string, i *int) []byte {
	if i == nil {
		return dst
	}
	return strconv.AppendInt(append(dst, key...), int64(*i), 10)
}

// appendTime is time.Time's MarshalJSON without its allocation; times it
// refuses (years outside 0–9999, offsets of a day or more) go through it for
// its error.
func appendTime(dst []byte, t time.Time) ([]byte, error) {
	_, off := t.Zone()
	if y := t.Year(); y < 0 || y > 9999 || off <= -24*3600 || off >= 24*3600 {
		b, err := t.MarshalJSON()
		return append(dst, b...), err
	}
	dst = append(dst, '"')
	dst = t.AppendFormat(dst, time.RFC3339Nano)
	return append(dst, '"'), nil
}

// appendRaw appends a JSON value without the whitespace between its tokens,
// as encoding/json compacts what a Marshaler returns (without validating it
// again: see appendLog), and with the Unsafe characters in its strings
// escaped (see appendString).
func appendRaw(dst []byte, v []byte) []byte {
	start := 0
	for i := 0; i < len(v); {
		// Outside strings: run to a quote or whitespace.
		for i < len(v) && !stopOutside[v[i]] {
			i++
		}
		if i == len(v) {
			break
		}
		if v[i] != '"' { // whitespace between tokens: drop it
			dst = append(dst, v[start:i]...)
			i++
			start = i
			continue
		}
		// Inside a string: run to a backslash, the closing quote, or a
		// byte that may start an Unsafe character.
		for i++; i < len(v); {
			for i < len(v) && !stopInside[v[i]] {
				i++
			}
			if i == len(v) {
				break
			}
			c := v[i]
			if c == '"' {
				i++
				break
			}
			if c == '\\' {
				i += 2
				continue
			}
			r, size := utf8.DecodeRune(v[i:])
			if r == 0x7f || Unsafe(r) {
				dst = appendEscape(append(dst, v[start:i]...), r, size)
				start = i + size
			}
			i += size
		}
	}
	return append(dst, v[start:]...)
}

// stopOutside and stopInside are the bytes appendRaw must look at, outside
// and inside strings; it copies every other byte in runs.
var stopOutside, stopInside = func() (out, in [256]bool) {
	for _, c := range []byte{'"', ' ', '\t', '\r', '\n'} {
		out[c] = true
	}
	in['"'], in['\\'], in[0x7f] = true, true, true
	for c := utf8.RuneSelf; c < 256; c++ {
		in[c] = true
	}
	return out, in
}()

// EscapeJSON appends the JSON text src to dst with every Unsafe character
// written as a \u escape (they can only be inside strings, so the text
// decodes to the same values): for JSON made by encoding/json, which writes
// them raw.
func EscapeJSON(dst, src []byte) []byte {
	start := 0
	for i := 0; i < len(src); i++ {
		if c := src[i]; c == 0x7f || c >= utf8.RuneSelf {
			r, size := utf8.DecodeRune(src[i:])
			if r == 0x7f || Unsafe(r) {
				dst = appendEscape(append(dst, src[start:i]...), r, size)
				start = i + size
			}
			i += size - 1
		}
	}
	return append(dst, src[start:]...)
}

const hex = "0123456789abcdef"

// appendEscape writes r as \uXXXX (a surrogate pair above U+FFFF); an
// invalid byte (size 1) as \ufffd, what a decoder makes of it.
func appendEscape(dst []byte, r rune, size int) []byte {
	if r == utf8.RuneError && size == 1 {
		return append(dst, `\ufffd`...)
	}
	if r > 0xffff {
		r1, r2 := utf16.EncodeRune(r)
		return appendEscape(appendEscape(dst, r1, 3), r2, 3)
	}
	return append(dst, '\\', 'u', hex[r>>12&0xF], hex[r>>8&0xF], hex[r>>4&0xF], hex[r&0xF])
}

// appendString appends s as a JSON string as encoding/json does without
// HTML escaping ('"', '\\' and control characters escaped, invalid UTF-8
// as \ufffd, U+2028 and U+2029 escaped), and also every other Unsafe
// character (DEL, C1 controls, bidi and other format characters) as a \u
// escape: the string decodes to the same value, and the output never
// carries them raw to a terminal.
func appendString(dst []byte, s string) []byte {
	dst = append(dst, '"')
	start := 0
	for i := 0; i < len(s); {
		b := s[i]
		if b < utf8.RuneSelf {
			if b >= 0x20 && b != '"' && b != '\\' && b != 0x7f {
				i++
				continue
			}
			dst = append(dst, s[start:i]...)
			switch b {
			case '\\', '"':
				dst = append(dst, '\\', b)
			case '\b':
				dst = append(dst, '\\', 'b')
			case '\f':
				dst = append(dst, '\\', 'f')
			case '\n':
				dst = append(dst, '\\', 'n')
			case '\r':
				dst = append(dst, '\\', 'r')
			case '\t':
				dst = append(dst, '\\', 't')
			default:
				dst = append(dst, '\\', 'u', '0', '0', hex[b>>4], hex[b&0xF])
			}
			i++
			start = i
			continue
		}
		c, size := utf8.DecodeRuneInString(s[i:])
		if Unsafe(c) {
			dst = appendEscape(append(dst, s[start:i]...), c, size)
			start = i + size
		}
		i += size
	}
	dst = append(dst, s[start:]...)
	return append(dst, '"')
}
