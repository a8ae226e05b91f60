package redact

import (
	"net/url"
	"strings"
)

// URL redacts the password of a user:password part and the values of
// sensitive query (and fragment) parameters in the URL text s. The rest of s
// is kept byte for byte: nothing is parsed into a url.URL and re-encoded. s is
// returned unchanged when there is nothing to redact, also when it is no URL.
func URL(s string) string {
	var b strings.Builder
	last := 0 // s[last:] is not yet copied to b
	replace := func(from, to int) {
		if b.Len() == 0 && last == 0 {
			b.Grow(len(s) + len(Placeholder))
		}
		b.WriteString(s[last:from])
		b.WriteString(Placeholder)
		last = to
	}

	rest := 0 // where the path starts
	if start := authorityStart(s); start >= 0 {
		end := start
		for end < len(s) && s[end] != '/' && s[end] != '?' && s[end] != '#' {
			end++
		}
		rest = end
		if at := strings.LastIndexByte(s[start:end], '@'); at >= 0 {
			user := s[start : start+at]
			if colon := strings.IndexByte(user, ':'); colon >= 0 && colon < len(user)-1 {
				replace(start+colon+1, start+at)
			}
		}
	}

	hash := len(s) // where the fragment's '#' is
	if h := strings.IndexByte(s[rest:], '#'); h >= 0 {
		hash = rest + h
	}
	if q := strings.IndexByte(s[rest:hash], '?'); q >= 0 {
		redactParams(s, rest+q+1, hash, replace)
	}
	if hash < len(s) {
		// OAuth's implicit flow puts access_token in the fragment.
		redactParams(s, hash+1, len(s), replace)
	}

	if last == 0 {
		return s
	}
	b.WriteString(s[last:])
	return b.String()
}

// authorityStart returns the index just after "scheme://" (or a leading
// "//"), or -1 when s has no authority part.
func authorityStart(s string) int {
	if strings.HasPrefix(s, "//") {
		return 2
	}
	i := strings.Index(s, "://")
	if i <= 0 {
		return -1
	}
	for j := 0; j < i; j++ {
		if s[j] == '/' || s[j] == '?' || s[j] == '#' {
			return -1
		}
	}
	return i + 3
}

// redactParams calls replace for the value of every sensitive name=value pair
// in s[from:to], separated by '&' or ';'. A '?' also separates: a URL in a
// parameter's value (return_url=/orders?consumer_key=…) has its own query.
func redactParams(s string, from, to int, replace func(from, to int)) {
	for i := from; i < to; {
		end := i
		for end < to && s[end] != '&' && s[end] != ';' && s[end] != '?' {
			end++
		}
		pair := s[i:end]
		if eq := strings.IndexByte(pair, '='); eq > 0 && eq < len(pair)-1 {
			name := pair[:eq]
			if strings.ContainsAny(name, "%+") {
				if n, err := url.QueryUnescape(name); err == nil {
					name = n
				}
			}
			if sensitiveQueryParam(name) && pair[eq+1:] != Placeholder {
				replace(i+eq+1, end)
			}
		}
		i = end + 1
	}
}
