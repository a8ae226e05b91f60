package doctor

import (
	"net/url"
	"strconv"
	"strings"
)

func itoa(i int) string { return strconv.Itoa(i) }

// where returns the host and path pattern of a shop URL: the host lower-cased,
// and the path with ids (numbers, UUIDs, long hex or opaque tokens) replaced by
// {id}, so /orders/12.json and /orders/13.json are one place. The query is
// left out. A URL that does not parse gives ("", "").
func where(raw string) (host, pattern string) {
	raw = strings.TrimSpace(raw)
	if raw == "" {
		return "", ""
	}
	u, err := url.Parse(raw)
	if err == nil && u.Host == "" && u.Scheme == "" && !strings.HasPrefix(raw, "/") {
		u, err = url.Parse("//" + raw) // "shop.example.com/x" without a scheme
	}
	if err != nil {
		return "", ""
	}
	segs := strings.Split(u.EscapedPath(), "/")
	for i, s := range segs {
		segs[i] = idPattern(s)
	}
	return strings.ToLower(u.Host), strings.Join(segs, "/")
}

// idPattern replaces a path segment that is an id by {id}, keeping a file
// extension: "12.json" is "{id}.json".
func idPattern(seg string) string {
	stem, ext := seg, ""
	if i := strings.LastIndexByte(seg, '.'); i > 0 {
		stem, ext = seg[:i], seg[i:]
	}
	if isID(stem) {
		return "{id}" + ext
	}
	return seg
}

func isID(s string) bool {
	if s == "" {
		return false
	}
	digits, hex, letters := 0, 0, 0
	for _, c := range s {
		switch {
		case c >= '0' && c <= '9':
			digits++
		case c >= 'a' && c <= 'f' || c >= 'A' && c <= 'F':
			hex++
		case c >= 'g' && c <= 'z' || c >= 'G' && c <= 'Z':
			letters++
		case c == '-' || c == '_':
		default:
			return false
		}
	}
	switch {
	case digits == len(s):
		return true // 12345
	case isUUID(s):
		return true
	case digits > 0 && digits+hex == len(s) && len(s) >= 16:
		return true // a hex digest or object id
	case digits > 0 && len(s) >= 24 && letters+hex+digits > 0 && !strings.ContainsAny(s, "-_"):
		return true // an opaque token
	}
	return false
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
