package doctor

import (
	"net/url"
	"strconv"
	"strings"

	"github.com/sclogs/sclogs/internal/redact"
)

func itoa(i int) string { return strconv.Itoa(i) }

// where returns the host and path pattern of a shop URL (redacted already):
// the host lower-cased, and the path with ids (numbers, UUIDs, long hex or
// opaque tokens) replaced by {id} and secret-looking segments and the
// values of path parameters (;jsessionid=…, ;v=…) by redact.Placeholder,
// so /orders/12.json and /orders/13.json are one place, and so are the
// same path in two sessions. The userinfo and the query are left out. A
// URL that does not parse gives ("", "").
func where(raw string) (host, pattern string) {
	u := parse(raw)
	if u == nil {
		return "", ""
	}
	segs := strings.Split(u.EscapedPath(), "/")
	for i, s := range segs {
		segs[i] = segmentPattern(s)
	}
	return restore(strings.ToLower(u.Host)), restore(strings.Join(segs, "/"))
}

// example is the redacted URL raw as doctor shows it: with the segments
// that look like secrets (see secretSegment) replaced too, so that what
// the cause hides the example does not show.
func example(raw string) string {
	if !strings.Contains(raw, "/") {
		return raw
	}
	// Only the path, between the authority and the query, is looked at.
	start := 0
	if i := strings.Index(raw, "://"); i >= 0 {
		start = i + 3
	}
	p := strings.IndexByte(raw[start:], '/')
	if p < 0 {
		return raw
	}
	p += start
	end := len(raw)
	if q := strings.IndexAny(raw[p:], "?#"); q >= 0 {
		end = p + q
	}
	segs := strings.Split(raw[p:end], "/")
	changed := false
	for i, s := range segs {
		stem, params, _ := strings.Cut(s, ";")
		if secretSegment(stem) {
			segs[i], changed = redact.Placeholder, true
			if params != "" {
				segs[i] += ";" + params
			}
		}
	}
	if !changed {
		return raw
	}
	return raw[:p] + strings.Join(segs, "/") + raw[end:]
}

// placeholderToken stands for redact.Placeholder while a URL is parsed:
// url.Parse refuses '[' in a userinfo or host, and escapes it in a path.
// Lower case: hosts are lower-cased.
const placeholderToken = "redacted-0d7f3c"

// parse parses a (redacted) shop URL, without its userinfo; nil when it
// does not parse.
func parse(raw string) *url.URL {
	raw = strings.TrimSpace(raw)
	if raw == "" {
		return nil
	}
	s := strings.ReplaceAll(raw, redact.Placeholder, placeholderToken)
	// The userinfo is never part of a cause (and a redacted one does not
	// parse): drop it, up to the authority's last '@'.
	authStart := 0
	if i := strings.Index(s, "://"); i >= 0 {
		authStart = i + 3
	} else if strings.HasPrefix(s, "//") {
		authStart = 2
	}
	authEnd := len(s)
	if i := strings.IndexAny(s[authStart:], "/?#"); i >= 0 {
		authEnd = authStart + i
	}
	if at := strings.LastIndexByte(s[authStart:authEnd], '@'); at >= 0 {
		s = s[:authStart] + s[authStart+at+1:]
	}
	u, err := url.Parse(s)
	if err == nil && u.Host == "" && u.Scheme == "" && !strings.HasPrefix(s, "/") {
		u, err = url.Parse("//" + s) // "shop.example.com/x" without a scheme
	}
	if err != nil {
		return nil
	}
	return u
}

// restore puts redact.Placeholder back where parse put placeholderToken.
func restore(s string) string {
	return strings.ReplaceAll(s, placeholderToken, redact.Placeholder)
}

// segmentPattern is a path segment's part of the pattern: an id is {id}
// (keeping a file extension: "12.json" is "{id}.json"), a secret-looking
// segment the placeholder, and each path parameter's value the
// placeholder.
func segmentPattern(seg string) string {
	seg, params, hasParams := strings.Cut(seg, ";")
	stem, ext := seg, ""
	if i := strings.LastIndexByte(seg, '.'); i > 0 {
		stem, ext = seg[:i], seg[i:]
	}
	switch {
	case isID(stem):
		seg = "{id}" + ext
	case secretSegment(stem):
		seg = redact.Placeholder + ext
	case isOpaque(stem):
		seg = "{id}" + ext
	}
	if !hasParams {
		return seg
	}
	var b strings.Builder
	b.WriteString(seg)
	for p := range strings.SplitSeq(params, ";") {
		b.WriteByte(';')
		if name, _, ok := strings.Cut(p, "="); ok {
			b.WriteString(name)
			b.WriteByte('=')
		}
		b.WriteString(placeholderToken)
	}
	return b.String()
}

// isID reports an id: digits, a UUID, or a hex digest or object id.
func isID(s string) bool {
	if s == "" {
		return false
	}
	digits, hex := 0, 0
	for _, c := range s {
		switch {
		case c >= '0' && c <= '9':
			digits++
		case c >= 'a' && c <= 'f' || c >= 'A' && c <= 'F':
			hex++
		}
	}
	switch {
	case digits == len(s):
		return true // 12345
	case isUUID(s):
		return true
	case digits > 0 && digits+hex == len(s) && len(s) >= 16:
		return true // a hex digest or object id
	}
	return false
}

// isOpaque reports a long opaque token of letters and digits (24 or more,
// with a digit, no separators): an id of some system.
func isOpaque(s string) bool {
	if len(s) < 24 || strings.ContainsAny(s, "-_") {
		return false
	}
	digits := 0
	for _, c := range s {
		switch {
		case c >= '0' && c <= '9':
			digits++
		case c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z':
		default:
			return false
		}
	}
	return digits > 0
}

// minSecretSegment is the fewest letters and digits of a segment
// secretSegment considers.
const minSecretSegment = 20

// secretSegment reports a path segment that looks like a key or token
// rather than a name, id, slug or SKU: of the base64/base64url alphabet,
// with 20 or more letters and digits, both kinds, whose character class
// (lower case, upper case, digit) changes between neighbours in at least a
// third of the places, and whose letters are less than 30% vowels. Random
// base62 text changes class in about 60% of the places and has about 20%
// vowels; words, slugs (nike-air-max-90), camel case (ProductVariant2024,
// iPhone15ProMax) and SKUs (TSHIRT-BLU-XL-2024) fail one test or the other.
// Ids (digits, UUIDs, hex digests: isID) are not secrets.
func secretSegment(s string) bool {
	if len(s) < minSecretSegment || isID(s) {
		return false
	}
	letters, vowels, digits, changes, pairs := 0, 0, 0, 0, 0
	prev := 0 // class of the previous byte: 0 none, 1 lower, 2 upper, 3 digit
	for i := 0; i < len(s); i++ {
		c := s[i]
		class := 0
		switch {
		case c >= 'a' && c <= 'z':
			class, letters = 1, letters+1
		case c >= 'A' && c <= 'Z':
			class, letters = 2, letters+1
		case c >= '0' && c <= '9':
			class, digits = 3, digits+1
		case c == '-' || c == '_' || c == '+' || c == '=' || c == '~':
		case c == '%' && i+2 < len(s) && (s[i+1] == '2' && (s[i+2] == 'B' || s[i+2] == 'F') || s[i+1] == '3' && s[i+2] == 'D'):
			i += 2 // %2B, %2F, %3D: base64's + / = escaped
		default:
			return false
		}
		if class == 1 || class == 2 {
			switch c | 0x20 {
			case 'a', 'e', 'i', 'o', 'u':
				vowels++
			}
		}
		if class != 0 && prev != 0 {
			pairs++
			if class != prev {
				changes++
			}
		}
		prev = class
	}
	return letters > 0 && digits > 0 && letters+digits >= minSecretSegment && changes*3 >= pairs && vowels*10 < letters*3
}

func isUUID(s string) bool {
	if len(s) != 36 {
		return false
	}
	for i, c := range s {
		switch i {
		case 8, 13, 18, 23:
			if c != '-' {
				return false
			}
		default:
			if !(c >= '0' && c <= '9' || c >= 'a' && c <= 'f' || c >= 'A' && c <= 'F') {
				return false
			}
		}
	}
	return true
}
