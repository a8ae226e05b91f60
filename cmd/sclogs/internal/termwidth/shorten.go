package termwidth

import (
	"strings"
	"unicode/utf8"
)

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
// with "…" where it was cut, at most width columns wide. A width below 1
// gives "".
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
		for i := 0; i < len(s); i++ {
			if s[i] == '.' && String(s[i+1:]) <= room {
				return ellipsis + s[i+1:]
			}
		}
		return ellipsis + tail(s, room)
	case URL:
		if i := strings.Index(s, "://"); i >= 0 && i < 10 {
			s = s[i+3:]
			if String(s) <= width {
				return s
			}
		}
		if i := strings.IndexByte(s, '?'); i >= 0 {
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
		if host, path, ok := strings.Cut(c, "/"); ok && width-String(path)-1 >= minHost {
			return Shorten(host, width-String(path)-1, Middle) + "/" + path
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
// A URL with at most one path segment comes back as it was.
func HostAndLast(s string) string {
	rest := s
	if i := strings.Index(rest, "://"); i >= 0 && i < 10 {
		rest = rest[i+3:]
	}
	query := ""
	if i := strings.IndexAny(rest, "?#"); i >= 0 {
		rest, query = rest[:i], rest[i:i+1]+ellipsis
	}
	slash := strings.IndexByte(rest, '/')
	last := strings.LastIndexByte(strings.TrimSuffix(rest, "/"), '/')
	if slash < 0 || last <= slash {
		return s
	}
	return rest[:slash] + "/" + ellipsis + rest[last:] + query
}

// head is the longest prefix of s at most width columns wide.
func head(s string, width int) string {
	n := 0
	for i, r := range s {
		w := runeCols(r, s[i:])
		if n+w > width {
			return s[:i]
		}
		n += w
	}
	return s
}

// tail is the longest suffix of s at most width columns wide.
func tail(s string, width int) string {
	n := 0
	for i := len(s); i > 0; {
		r, size := utf8.DecodeLastRuneInString(s[:i])
		w := runeCols(r, s[i-size:])
		if n+w > width {
			return s[i:]
		}
		n += w
		i -= size
	}
	return s
}

// runeCols is the width of r, the rune at the start of rest: an invalid
// byte counts one column, as in String.
func runeCols(r rune, rest string) int {
	if r == utf8.RuneError {
		if _, size := utf8.DecodeRuneInString(rest); size == 1 {
			return 1
		}
	}
	return RuneWidth(r)
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
