package termwidth

import "strings"

// ellipsis marks where text was cut.
const ellipsis = "…"

// Mode says where a shortened text loses its characters.
type Mode int

// The ways to shorten a text.
const (
	// End keeps the start: right for names and sentences.
	End Mode = iota
	// Middle keeps both ends: right for URLs (host and the last path
	// segment both matter).
	Middle
	// Start keeps the end: right for dotted names such as
	// requests.exceptions.SSLError, whose last part matters most.
	Start
	// Dotted is Start cutting whole dotted segments where it can:
	// "…SSLError" rather than "…ons.SSLError".
	Dotted
	// URL drops the scheme, then the query (kept as "?…"), then the path
	// between the host and the last segment (HostAndLast), then cuts in
	// the middle: host and the end of the path say where a call went.
	URL
)

// Shorten returns s when it fits in width columns, else s cut as mode says
// with "…" where it was cut, at most width columns wide. It cuts only
// between grapheme clusters: "👍🏽", a flag or a letter with its accents is
// kept whole or left out. A width below 1 gives "".
func Shorten(s string, width int, mode Mode) string {
	if String(s) <= width {
		return s
	}
	if width < 1 {
		return ""
	}
	if width == 1 {
		return ellipsis
	}
	room := width - 1
	switch mode {
	case Dotted:
		// The first dot (a whole cluster, not one carrying a mark) after
		// which the rest fits.
		cut := -1
		clusters(s, func(off int, c string, _ int) bool {
			if c == "." && String(s[off+1:]) <= room {
				cut = off + 1
				return false
			}
			return true
		})
		if cut >= 0 {
			return ellipsis + s[cut:]
		}
		return ellipsis + tail(s, room)
	case URL:
		if i := strings.Index(s, "://"); i >= 0 && i < 10 && whole(s, i, i+3) {
			s = s[i+3:]
			if String(s) <= width {
				return s
			}
		}
		if i := strings.IndexByte(s, '?'); i >= 0 && whole(s, i, i+1) {
			s = s[:i+1] + ellipsis
			if String(s) <= width {
				return s
			}
		}
		c := HostAndLast(s)
		if String(c) <= width {
			return c
		}
		c = strings.TrimSuffix(c, "?"+ellipsis)
		if String(c) <= width {
			return c
		}
		// The end of the path tells the rows apart (the host is the
		// same shop's on most): cut the host rather than the path's end.
		if i := strings.IndexByte(c, '/'); i >= 0 && whole(c, i, i+1) {
			if host, path := c[:i], c[i+1:]; width-String(path)-1 >= minHost {
				return Shorten(host, width-String(path)-1, Middle) + "/" + path
			}
		}
		return Shorten(s, width, Middle)
	case Start:
		return ellipsis + tail(s, room)
	case Middle:
		h := (room + 1) / 2
		head := head(s, h)
		return head + ellipsis + tail(s, room-String(head))
	}
	return head(s, room) + ellipsis
}

// minHost is the narrowest a host is cut to before the end of a URL's path
// is cut instead.
const minHost = 8

// HostAndLast is a URL (with or without its scheme) reduced to its host and
// the last segment of its path, the middle replaced by "…":
// "shop.example/admin/api/orders/5.json?x=1" is "shop.example/…/5.json?…".
// A URL with at most one path segment comes back as it was, and so does
// one whose separators carry combining marks (cutting there would split a
// character).
func HostAndLast(s string) string {
	rest := s
	if i := strings.Index(rest, "://"); i >= 0 && i < 10 && whole(rest, i, i+3) {
		rest = rest[i+3:]
	}
	query := ""
	if i := strings.IndexAny(rest, "?#"); i >= 0 {
		if !whole(rest, i, i+1) {
			return s
		}
		rest, query = rest[:i], rest[i:i+1]+ellipsis
	}
	slash := strings.IndexByte(rest, '/')
	last := strings.LastIndexByte(strings.TrimSuffix(rest, "/"), '/')
	if slash < 0 || last <= slash || !whole(rest, slash, slash+1) || !whole(rest, last, last+1) {
		return s
	}
	return rest[:slash] + "/" + ellipsis + rest[last:] + query
}

// head is the longest prefix of s at most width columns wide that ends
// between two grapheme clusters.
func head(s string, width int) string {
	n, end := 0, len(s)
	clusters(s, func(off int, _ string, w int) bool {
		if n+w > width {
			end = off
			return false
		}
		n += w
		return true
	})
	return s[:end]
}

// tail is the longest suffix of s at most width columns wide that starts
// between two grapheme clusters. Clusters are only found going forwards:
// it is the suffix after the shortest prefix that leaves at most width.
func tail(s string, width int) string {
	left, start := String(s), len(s)
	clusters(s, func(off int, _ string, w int) bool {
		if left <= width {
			start = off
			return false
		}
		left -= w
		return true
	})
	return s[start:]
}

// Pad returns s followed by spaces up to width columns (s unchanged when it
// is as wide or wider).
func Pad(s string, width int) string {
	if n := String(s); n < width {
		return s + strings.Repeat(" ", width-n)
	}
	return s
}

// PadLeft returns s preceded by spaces up to width columns.
func PadLeft(s string, width int) string {
	if n := String(s); n < width {
		return strings.Repeat(" ", width-n) + s
	}
	return s
}
