package redact

import (
	"bytes"
	"strings"

	"github.com/sclogs/sclogs/jsonvalue"
)

// textEnd are the bytes that end a parameter's value in free text. The
// backslash and the double quote are among them, so that in raw JSON a
// replacement never touches an escape or a string's end: valid JSON stays
// valid.
const textEnd = "&;#? \t\r\n\"'<>()[]{},\\"

// authorityEnd are the bytes that end a URL's authority in free text. No
// backslash: a span between ':' and a literal '@' always holds whole JSON
// escapes.
const authorityEnd = "/?# \t\r\n\"'<>"

var isTextEnd, isAuthorityEnd [256]bool

func init() {
	for i := 0; i < len(textEnd); i++ {
		isTextEnd[textEnd[i]] = true
	}
	for i := 0; i < len(authorityEnd); i++ {
		isAuthorityEnd[authorityEnd[i]] = true
	}
}

// Text redacts URLs inside free text, such as the exception message
// "401 Client Error: Unauthorized for url: https://shop/orders?consumer_key=ck_…"
// or urllib3's "Max retries exceeded with url: /orders?token=…": the values of
// sensitive parameters after '?', '&' or ';', and the password of a
// "scheme://user:password@" part. Everything else is kept byte for byte; s
// is returned unchanged when there is nothing to redact.
func Text(s string) string {
	out, _ := redactText(s)
	return out
}

// textValue applies Text to a JSON value as raw text (a string's or an
// object's bytes); the result is valid JSON whenever v is (see textEnd).
func textValue(v jsonvalue.Value) (jsonvalue.Value, bool) {
	switch v.Kind() {
	case jsonvalue.String, jsonvalue.Object, jsonvalue.Array:
		return redactText(v)
	}
	return v, false
}

// redactText is Text for strings and bytes alike, so that record fields are
// scanned where they are, without a copy; out is s itself when unchanged.
// It jumps from '=' to '=' and from '@' to '@' (IndexByte is vectorised):
// most text holds few of either, and a secret needs one of them.
func redactText[T text](s T) (out T, changed bool) {
	if at := indexByte(s, '@'); at >= 0 {
		if u, ok := redactUserinfo(s, at); ok {
			s, changed = u, true
		}
	}
	if p, ok := redactTextParams(s); ok {
		s, changed = p, true
	}
	return s, changed
}

// redactUserinfo redacts the password of every "scheme://user:password@"
// in s; first is the index of the first '@'.
func redactUserinfo[T text](s T, first int) (T, bool) {
	var buf []byte
	last := 0
	for at := first; at >= 0; at = nextByte(s, '@', at+1) {
		// The authority around this '@': back to "://", on to its end.
		start := at
		for start > 0 && !isAuthorityEnd[s[start-1]] {
			start--
		}
		if start < 3 || s[start-1] != '/' || s[start-2] != '/' || s[start-3] != ':' || start < last {
			continue
		}
		end := at + 1
		for end < len(s) && !isAuthorityEnd[s[end]] && s[end] != '@' {
			end++
		}
		if end < len(s) && s[end] == '@' {
			continue // not the authority's last '@'
		}
		colon := start
		for colon < at && s[colon] != ':' {
			colon++
		}
		if colon >= at-1 || equal(s[colon+1:at], Placeholder) {
			continue
		}
		if buf == nil {
			buf = make([]byte, 0, len(s)+len(Placeholder))
		}
		buf = append(buf, s[last:colon+1]...)
		buf = append(buf, Placeholder...)
		last = at
	}
	if buf == nil {
		return s, false
	}
	return T(append(buf, s[last:]...)), true
}

// redactTextParams redacts the values of sensitive name=value parameters
// that follow '?', '&' or ';'.
func redactTextParams[T text](s T) (T, bool) {
	var buf []byte
	last := 0
	for eq := indexByte(s, '='); eq >= 0; eq = nextByte(s, '=', eq+1) {
		start := eq
		for start > last && isNameByte(s[start-1]) {
			start--
		}
		if start == eq || start == 0 || (s[start-1] != '?' && s[start-1] != '&' && s[start-1] != ';') ||
			!sensitiveQueryParam(s[start:eq]) {
			continue
		}
		end := eq + 1
		for end < len(s) && !isTextEnd[s[end]] {
			end++
		}
		if end == eq+1 || equal(s[eq+1:end], Placeholder) {
			continue
		}
		if buf == nil {
			buf = make([]byte, 0, len(s)+len(Placeholder))
		}
		buf = append(buf, s[last:eq+1]...)
		buf = append(buf, Placeholder...)
		last = end
		eq = end - 1
	}
	if buf == nil {
		return s, false
	}
	return T(append(buf, s[last:]...)), true
}

// indexByte is strings.IndexByte or bytes.IndexByte, whichever s is.
func indexByte[T text](s T, c byte) int {
	switch v := any(s).(type) {
	case string:
		return strings.IndexByte(v, c)
	case []byte:
		return bytes.IndexByte(v, c)
	case jsonvalue.Value:
		return bytes.IndexByte(v, c)
	}
	for i := 0; i < len(s); i++ {
		if s[i] == c {
			return i
		}
	}
	return -1
}

// nextByte is the index of c in s at or after from, or -1.
func nextByte[T text](s T, c byte, from int) int {
	if from >= len(s) {
		return -1
	}
	if i := indexByte(s[from:], c); i >= 0 {
		return from + i
	}
	return -1
}

func equal[T text](s T, p string) bool {
	if len(s) != len(p) {
		return false
	}
	for i := 0; i < len(s); i++ {
		if s[i] != p[i] {
			return false
		}
	}
	return true
}

func isNameByte(c byte) bool {
	return c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' || c == '_' || c == '-' || c == '.' || c == '%'
}
