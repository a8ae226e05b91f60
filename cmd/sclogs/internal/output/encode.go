package output

import (
	"encoding/binary"
	"unicode/utf16"
	"unicode/utf8"
)

// appendRecord appends r's JSON as appendRaw does. A compact record (see
// Record.Compact) without DEL or any byte of a multi-byte character has
// nothing appendRaw would change (no whitespace between tokens to drop,
// and raw control characters are not JSON): it is copied as it is, after
// one quick look at its bytes.
func appendRecord(dst []byte, r Record) []byte {
	if r.Compact && !hasDELOrNonASCII(r.JSON) {
		return append(dst, r.JSON...)
	}
	return appendRaw(dst, r.JSON)
}

// hasDELOrNonASCII reports whether any byte of b is 0x7f or above: 32 and
// then 8 bytes a step (x+1 reaches the high bit from 0x7f; the bytes above
// have it already, and the only carry comes from 0xff).
func hasDELOrNonASCII(b []byte) bool {
	const (
		ones  = 0x0101010101010101
		highs = 0x8080808080808080
	)
	i := 0
	for ; i+32 <= len(b); i += 32 {
		w0 := binary.LittleEndian.Uint64(b[i:])
		w1 := binary.LittleEndian.Uint64(b[i+8:])
		w2 := binary.LittleEndian.Uint64(b[i+16:])
		w3 := binary.LittleEndian.Uint64(b[i+24:])
		if (w0|(w0+ones)|w1|(w1+ones)|w2|(w2+ones)|w3|(w3+ones))&highs != 0 {
			return true
		}
	}
	for ; i+8 <= len(b); i += 8 {
		if w := binary.LittleEndian.Uint64(b[i:]); (w|(w+ones))&highs != 0 {
			return true
		}
	}
	for ; i < len(b); i++ {
		if b[i] >= 0x7f {
			return true
		}
	}
	return false
}

// appendRaw appends a JSON value without the whitespace between its tokens,
// as encoding/json compacts what a Marshaler returns, and with the Unsafe
// characters in its strings escaped (see appendString). It does not
// validate v again: v is a record the client decoded, redacted keeping it
// valid JSON.
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
			for i+8 <= len(v) && !insideStop8(binary.LittleEndian.Uint64(v[i:])) {
				i += 8
			}
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

// insideStop8 reports whether any of the 8 bytes in x is one appendRaw
// must look at inside a string ('"', '\\', DEL or non-ASCII), or may be
// (a false positive only costs the byte-wise loop): the usual SWAR bit
// tricks, 8 bytes at a time through a string's plain text.
func insideStop8(x uint64) bool {
	const (
		ones  = 0x0101010101010101
		highs = 0x8080808080808080
	)
	quote := x ^ (ones * '"')
	backslash := x ^ (ones * '\\')
	zeroish := (quote - ones) &^ quote
	zeroish |= (backslash - ones) &^ backslash
	zeroish |= x + ones // DEL (0x7f) + 1 reaches the high bit
	return (zeroish|x)&highs != 0
}

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
