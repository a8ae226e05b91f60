package redact

import "bytes"

// Names are matched without allocating: a name is folded once (ASCII
// lower-cased, '_' read as '-') into a buffer on the stack and searched for
// each folded pattern. Redaction runs on every header of every record, so
// this is on the CLI's hot path.

// Header names are sensitive when they contain one of these fragments or end
// in "-key".
var headerFragments = indexed(folded(
	"authorization", // Authorization, Proxy-Authorization
	"cookie",        // Cookie, Set-Cookie
	"token", "secret", "password", "passwd", "api-key", "apikey",
	"session", "signature", "credential", "hmac",
))

// Query parameter names are sensitive when they are one of queryExact,
// contain one of queryFragments, or end in "_key".
var (
	queryExact     = folded("key", "sig", "pwd", "pass", "auth", "sid", "jwt", "code_verifier")
	queryFragments = indexed(folded("token", "secret", "password", "passwd", "signature", "apikey",
		"api_key", "session", "credential", "hmac"))
	urlHeaders = folded("location", "content-location", "referer", "refresh")
	keySuffix  = []byte("-key") // "-key" and "_key" fold alike
)

// SensitiveHeader reports whether the value of the header called name must be
// redacted. Case does not matter, nor '_' against '-'.
func SensitiveHeader(name string) bool { return sensitiveHeader(name) }

// SensitiveQueryParam reports whether the value of the URL query parameter
// called name must be redacted (access_token, api_key, consumer_key,
// client_secret, signature, sig, …). Case does not matter, nor '-' against
// '_'.
func SensitiveQueryParam(name string) bool { return sensitiveQueryParam(name) }

// text is what a name can come as: a string, or the bytes of a record.
type text interface{ ~string | ~[]byte }

// maxName bounds the names folded on the stack; a longer one is folded into
// a heap buffer (names that long are rare and still matched).
const maxName = 64

func sensitiveHeader[T text](name T) bool { return classifyHeader(name) == secretHeader }

func sensitiveQueryParam[T text](name T) bool {
	var buf [maxName]byte
	n := foldName(&buf, name)
	if bytes.HasSuffix(n, keySuffix) || containsAny(n, queryFragments) {
		return true
	}
	for _, e := range queryExact {
		if bytes.Equal(n, e) {
			return true
		}
	}
	return false
}

// urlHeader reports whether the header's value is a URL, whose sensitive
// query parameters are redacted like those of full_url.
func urlHeader[T text](name T) bool { return classifyHeader(name) == locationHeader }

// headerKind is what redaction does with a header's value.
type headerKind int

const (
	plainHeader    headerKind = iota // kept
	secretHeader                     // replaced by Placeholder
	locationHeader                   // a URL: its sensitive query values redacted
)

// classifyHeader folds name once and tells what to do with its value.
func classifyHeader[T text](name T) headerKind {
	var buf [maxName]byte
	n := foldName(&buf, name)
	if bytes.HasSuffix(n, keySuffix) || containsAny(n, headerFragments) {
		return secretHeader
	}
	for _, h := range urlHeaders {
		if bytes.Equal(n, h) {
			return locationHeader
		}
	}
	return plainHeader
}

// foldName returns name without surrounding spaces and tabs, folded.
func foldName[T text](buf *[maxName]byte, name T) []byte {
	for len(name) > 0 && (name[0] == ' ' || name[0] == '\t') {
		name = name[1:]
	}
	for len(name) > 0 && (name[len(name)-1] == ' ' || name[len(name)-1] == '\t') {
		name = name[:len(name)-1]
	}
	out := buf[:0]
	if len(name) > maxName {
		out = make([]byte, 0, len(name))
	}
	for i := 0; i < len(name); i++ {
		out = append(out, fold(name[i]))
	}
	return out
}

// fold lower-cases an ASCII letter and maps '_' to '-'.
func fold(c byte) byte {
	switch {
	case c >= 'A' && c <= 'Z':
		return c + 'a' - 'A'
	case c == '_':
		return '-'
	}
	return c
}

func folded(patterns ...string) [][]byte {
	out := make([][]byte, len(patterns))
	for i, p := range patterns {
		var buf [maxName]byte
		out[i] = bytes.Clone(foldName(&buf, p))
	}
	return out
}

// containsAny reports whether s contains one of patterns, in one pass: at
// each byte only the patterns starting with that byte are tried.
func containsAny(s []byte, patterns *byFirst) bool {
	for i, c := range s {
		for _, p := range patterns[c] {
			if bytes.HasPrefix(s[i:], p) {
				return true
			}
		}
	}
	return false
}

// byFirst indexes patterns by their first byte.
type byFirst [256][][]byte

func indexed(patterns [][]byte) *byFirst {
	var t byFirst
	for _, p := range patterns {
		t[p[0]] = append(t[p[0]], p)
	}
	return &t
}
