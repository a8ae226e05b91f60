package output

import (
	"strings"
	"unicode/utf8"
)

// Cell makes text from a shop safe for one terminal table cell: control
// characters (tabs, line breaks, escape sequences) and bidirectional
// overrides become '?', so a record can neither break the layout nor drive
// the terminal.
func Cell(s string) string {
	clean := true
	for i := 0; i < len(s); i++ {
		if c := s[i]; c < 0x20 || c == 0x7f || c >= utf8.RuneSelf {
			clean = false
			break
		}
	}
	if clean {
		return s
	}
	return strings.Map(func(r rune) rune {
		switch {
		case r < 0x20, r == 0x7f, r >= 0x80 && r < 0xa0,
			r >= 0x202a && r <= 0x202e, r >= 0x2066 && r <= 0x2069:
			return '?'
		}
		return r
	}, s)
}
