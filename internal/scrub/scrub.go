// Package scrub removes a client's own credentials from what a server sent
// back: an echoing server or a debugging proxy puts the request, with its
// Authorization header, into its error answer. It is the library's one
// scrubber (errors, logs, ScrubCredentials); redaction of the secrets a
// record holds is internal/redact's.
package scrub

import (
	"bytes"
	"encoding/base64"
	"html"
	"net/http"
	"net/url"
	"slices"
	"strings"
	"unicode/utf16"
	"unicode/utf8"

	"github.com/sclogs/sclogs/internal/redact"
)

// redacted replaces a credential in anything a server sent back.
const redacted = redact.Placeholder

// minSecret is the length from which a secret is replaced wherever it occurs
// in free text. A shorter one (1 to 3 bytes: no real credential, but the
// library cannot refuse it) would garble messages — a secret "a" would
// replace every "a" — so it is replaced only where it is a whole value: a
// whole field or header value, a quoted string ("ab" or 'ab'), or a form or
// query value (=ab followed by &, a quote, a space or the end).
const minSecret = 4

// maxDecodeLevels is how many layers of encoding are taken off before
// matching: a secret URL-encoded and then put into a JSON string is found.
const maxDecodeLevels = 2

// Scrubber removes credentials from text a server sent back (an echoing
// server or debugging proxy puts the request into its error answer). A
// secret is found as sent and in the encodings servers use when they echo:
// URL-encoding (%XX and + for space), JSON escapes (\uXXXX, surrogate pairs,
// \/), HTML entities (named, decimal and hex), and up to two of these layered.
// The zero value and nil scrub nothing.
type Scrubber struct {
	long  [][]byte // forms of secrets of minSecret bytes or more, longest first
	short [][]byte // secrets shorter than minSecret
}

// New returns a Scrubber for secrets; empty strings are ignored.
func New(secrets ...string) *Scrubber {
	return (*Scrubber)(nil).With(secrets...)
}

// With returns a Scrubber for s's secrets and more; s is not changed.
func (s *Scrubber) With(more ...string) *Scrubber {
	n := &Scrubber{}
	if s != nil {
		n.long = slices.Clone(s.long)
		n.short = slices.Clone(s.short)
	}
	for _, sec := range more {
		switch {
		case sec == "":
		case len(sec) < minSecret:
			n.short = appendNew(n.short, []byte(sec))
		default:
			n.long = appendNew(n.long, []byte(sec))
			// As sent in a form or query: "+" for a space.
			n.long = appendNew(n.long, []byte(url.QueryEscape(sec)))
			// Base64, as a server that echoes a value it cannot print
			// (or a header it decoded) shows it.
			for _, b := range base64Forms(sec) {
				n.long = appendNew(n.long, []byte(b))
			}
		}
	}
	// Longest first, so a form that holds another is replaced whole.
	slices.SortStableFunc(n.long, func(a, b []byte) int { return len(b) - len(a) })
	return n
}

func appendNew(list [][]byte, b []byte) [][]byte {
	if slices.ContainsFunc(list, func(x []byte) bool { return bytes.Equal(x, b) }) {
		return list
	}
	return append(list, b)
}

// CredentialForms lists what an Authorization value sent gives away: the
// whole value, its token, and for Basic the pair (also with both halves
// URL-unescaped, as RFC 6749 sends client credentials) and the secret.
func CredentialForms(authorization string) []string {
	out := []string{authorization}
	scheme, token, ok := strings.Cut(authorization, " ")
	if !ok {
		return out
	}
	out = append(out, token)
	if !strings.EqualFold(scheme, "Basic") {
		return out
	}
	pair, err := base64.StdEncoding.DecodeString(token)
	if err != nil {
		return out
	}
	out = append(out, basicForms(string(pair))...)
	if id, secret, ok := strings.Cut(string(pair), ":"); ok {
		out = append(out, secret)
		uid, err1 := url.QueryUnescape(id)
		usec, err2 := url.QueryUnescape(secret)
		if err1 == nil && err2 == nil {
			out = append(out, usec)
			out = append(out, basicForms(uid+":"+usec)...)
		}
	}
	return out
}

// basicForms is a user:password pair and its base64 forms.
func basicForms(pair string) []string {
	return append([]string{pair}, base64Forms(pair)...)
}

// base64Forms is s in base64: standard and URL alphabet, with and without
// padding.
func base64Forms(s string) []string {
	std := base64.StdEncoding.EncodeToString([]byte(s))
	urlEnc := base64.URLEncoding.EncodeToString([]byte(s))
	return []string{std, strings.TrimRight(std, "="), urlEnc, strings.TrimRight(urlEnc, "=")}
}

// Empty reports whether s scrubs nothing.
func (s *Scrubber) Empty() bool { return s == nil || len(s.long) == 0 && len(s.short) == 0 }

// Text scrubs free text.
func (s *Scrubber) Text(t string) string {
	if s.Empty() || t == "" {
		return t
	}
	return string(s.Bytes([]byte(t)))
}

// InName reports whether a header name holds a secret, ignoring case:
// net/http changes the case of the names it receives.
func (s *Scrubber) InName(name string) bool {
	if s.Empty() {
		return false
	}
	lower := bytes.ToLower([]byte(name))
	for _, sec := range s.long {
		if bytes.Contains(lower, bytes.ToLower(sec)) {
			return true
		}
	}
	return false
}

// Value scrubs a whole value (a field, a header value): one that is a short
// secret in any encoding is replaced whole, the rest as free text.
func (s *Scrubber) Value(v string) string {
	if s.Empty() || v == "" {
		return v
	}
	lv := levels([]byte(v))
	for _, l := range lv {
		for _, sec := range s.short {
			if bytes.Equal(l.b, sec) {
				return redacted
			}
		}
	}
	return string(s.scrubLevels([]byte(v), lv))
}

// Bytes scrubs free text; b is not changed, and returned as is when there is
// nothing to replace.
func (s *Scrubber) Bytes(b []byte) []byte {
	if s.Empty() || len(b) == 0 {
		return b
	}
	return s.scrubLevels(b, levels(b))
}

// Header scrubs h in place: the values of credential headers (anything
// named like a token, key or secret: redact.SecretName) are replaced whole,
// s's secrets are scrubbed from the other values, and a header whose name
// holds one of s's secrets is moved to the name "[REDACTED]".
func (s *Scrubber) Header(h http.Header) {
	for k, vs := range h {
		for i, v := range vs {
			if redact.SecretName(k) {
				vs[i] = redacted
			} else {
				vs[i] = s.Value(v)
			}
		}
		if s.InName(k) { // a secret echoed as a header name
			delete(h, k)
			h[redacted] = append(h[redacted], vs...)
		}
	}
}

// Cut scrubs b and cuts it to at most n bytes of the original, moved back
// to the start of a credential the cut would split: a piece of one would
// not be recognised.
func (s *Scrubber) Cut(b []byte, n int) []byte {
	if s.Empty() || n >= len(b) {
		return s.Bytes(b[:min(n, len(b))])
	}
	var keep [][2]int
	for _, sp := range s.spans(b, levels(b)) { // sorted, apart
		if sp[0] >= n {
			break
		}
		if sp[1] > n {
			n = sp[0]
			break
		}
		keep = append(keep, sp)
	}
	return replaceSpans(b[:n], keep)
}

func (s *Scrubber) scrubLevels(orig []byte, lv []level) []byte {
	spans := s.spans(orig, lv)
	if len(spans) == 0 {
		return orig
	}
	return replaceSpans(orig, spans)
}

// spans returns where secrets are in orig, sorted and merged.
func (s *Scrubber) spans(orig []byte, lv []level) [][2]int {
	var spans [][2]int
	for _, l := range lv {
		for _, sec := range s.long {
			for i := 0; ; {
				j := bytes.Index(l.b[i:], sec)
				if j < 0 {
					break
				}
				j += i
				spans = append(spans, l.span(j, j+len(sec)))
				i = j + len(sec)
			}
		}
		for _, sec := range s.short {
			for i := 0; ; {
				j := bytes.Index(l.b[i:], sec)
				if j < 0 {
					break
				}
				j += i
				if delimited(l.b, j, j+len(sec)) {
					spans = append(spans, l.span(j, j+len(sec)))
				}
				i = j + 1
			}
		}
	}
	if len(spans) == 0 {
		return nil
	}
	slices.SortFunc(spans, func(a, b [2]int) int { return a[0] - b[0] })
	merged := spans[:1]
	for _, sp := range spans[1:] {
		if m := &merged[len(merged)-1]; sp[0] <= m[1] {
			m[1] = max(m[1], sp[1]) // overlapping or adjacent: one placeholder
		} else {
			merged = append(merged, sp)
		}
	}
	return merged
}

// replaceSpans returns orig with each span replaced by the placeholder.
func replaceSpans(orig []byte, spans [][2]int) []byte {
	out := make([]byte, 0, len(orig))
	last := 0
	for _, sp := range spans {
		out = append(out, orig[last:sp[0]]...)
		out = append(out, redacted...)
		last = sp[1]
	}
	return append(out, orig[last:]...)
}

// delimited reports whether b[i:j] stands as a whole value: quoted, or a
// form or query value.
func delimited(b []byte, i, j int) bool {
	before, after := byte(0), byte(0)
	if i > 0 {
		before = b[i-1]
	}
	if j < len(b) {
		after = b[j]
	}
	switch before {
	case '"', '\'':
		return after == before
	case '=':
		return after == 0 || after == '&' || after == '"' || after == '\'' || after == ' ' || after == '\n' || after == '\r' || after == '\t'
	}
	return false
}

// level is the text after some layers of decoding: b[k] came from the
// original bytes [start[k], end[k]). At level 0 start and end are nil and
// b[k] is original byte k.
type level struct {
	b          []byte
	start, end []int32
}

func (l level) span(i, j int) [2]int {
	if l.start == nil {
		return [2]int{i, j}
	}
	return [2]int{int(l.start[i]), int(l.end[j-1])}
}

// levels returns b and its decodings, up to maxDecodeLevels deep, stopping
// when a layer changes nothing.
func levels(b []byte) []level {
	out := []level{{b: b}}
	for range maxDecodeLevels {
		next, ok := decodeLevel(out[len(out)-1])
		if !ok {
			break
		}
		out = append(out, next)
	}
	return out
}

// decodeLevel takes one layer of escapes off l: JSON backslash escapes, URL
// %XX escapes and HTML character references. ok is false when there was
// nothing to decode.
func decodeLevel(l level) (level, bool) {
	b := l.b
	if !bytes.ContainsAny(b, `\%&`) {
		return level{}, false
	}
	n := level{b: make([]byte, 0, len(b)), start: make([]int32, 0, len(b)), end: make([]int32, 0, len(b))}
	origin := func(i, j int) (int32, int32) { // original span of l.b[i:j]
		if l.start == nil {
			return int32(i), int32(j)
		}
		return l.start[i], l.end[j-1]
	}
	emit := func(dec []byte, i, j int) {
		s, e := origin(i, j)
		for _, c := range dec {
			n.b = append(n.b, c)
			n.start = append(n.start, s)
			n.end = append(n.end, e)
		}
	}
	changed := false
	for i := 0; i < len(b); {
		if dec, w := decodeEscape(b, i); w > 0 {
			emit(dec, i, i+w)
			i += w
			changed = true
			continue
		}
		emit(b[i:i+1], i, i+1)
		i++
	}
	return n, changed
}

// decodeEscape decodes the escape at b[i], returning its bytes and width, or
// width 0 when there is none.
func decodeEscape(b []byte, i int) ([]byte, int) {
	switch b[i] {
	case '%':
		if i+2 < len(b) && isHex(b[i+1]) && isHex(b[i+2]) {
			return []byte{unhex(b[i+1])<<4 | unhex(b[i+2])}, 3
		}
	case '\\':
		if i+1 >= len(b) {
			return nil, 0
		}
		switch c := b[i+1]; c {
		case '"', '\\', '/', '\'':
			return []byte{c}, 2
		case 'n':
			return []byte{'\n'}, 2
		case 't':
			return []byte{'\t'}, 2
		case 'r':
			return []byte{'\r'}, 2
		case 'b':
			return []byte{'\b'}, 2
		case 'f':
			return []byte{'\f'}, 2
		case 'u':
			r, ok := hex4(b, i+2)
			if !ok {
				return nil, 0
			}
			w := 6
			if utf16.IsSurrogate(r) {
				if r2, ok := hex4(b, i+8); ok && i+7 < len(b) && b[i+6] == '\\' && b[i+7] == 'u' {
					r, w = utf16.DecodeRune(r, r2), 12
				}
			}
			return utf8.AppendRune(nil, r), w
		}
	case '&':
		end := bytes.IndexByte(b[i:min(len(b), i+12)], ';')
		if end < 2 {
			return nil, 0
		}
		ref := string(b[i : i+end+1])
		if dec := html.UnescapeString(ref); dec != ref {
			return []byte(dec), end + 1
		}
	}
	return nil, 0
}

func hex4(b []byte, i int) (rune, bool) {
	if i+4 > len(b) {
		return 0, false
	}
	var r rune
	for _, c := range b[i : i+4] {
		if !isHex(c) {
			return 0, false
		}
		r = r<<4 | rune(unhex(c))
	}
	return r, true
}

func isHex(c byte) bool {
	return '0' <= c && c <= '9' || 'a' <= c && c <= 'f' || 'A' <= c && c <= 'F'
}

func unhex(c byte) byte {
	switch {
	case c <= '9':
		return c - '0'
	case c >= 'a':
		return c - 'a' + 10
	}
	return c - 'A' + 10
}

// CutMargin is dropped from the end of a body cut at a limit when there are
// credentials to scrub: one (in any of the encodings the scrubber decodes)
// cut in two at the limit would not be recognised, so the body is cut
// before the margin, and before any credential that crosses it (Cut).
const CutMargin = 64 << 10
