package output

import (
	"strings"
	"unicode"
	"unicode/utf8"
)

// Text from shops is hostile: a log can hold escape sequences that drive a
// terminal (ESC, CSI, OSC), bidirectional overrides that make a URL read as
// another, and invisible characters that hide text. One rule says which
// characters must never reach the reader raw; Cell, the CSV writer, the
// JSON encoder and the CLI's verbose and error lines all use it.

// Unsafe reports whether r must not reach a terminal, spreadsheet or
// JSON reader raw: control characters (C0, DEL, C1), format characters
// (Unicode category Cf: bidi controls U+061C, U+200E, U+200F, U+202A–U+202E,
// U+2066–U+2069; zero-width U+200B–U+200D; U+FEFF; soft hyphen; …), the
// line and paragraph separators U+2028 and U+2029, and invalid UTF-8
// (utf8.RuneError).
func Unsafe(r rune) bool {
	if r < 0x20 || r == 0x7f {
		return true
	}
	if r < 0x80 {
		return false
	}
	return r < 0xa0 || r == utf8.RuneError || r == '\u2028' || r == '\u2029' || unicode.Is(unicode.Cf, r)
}

// Cell makes text from a shop safe for one line of a terminal: every
// Unsafe character (tabs and line breaks too) becomes '?', so a record can
// neither break the layout nor drive the terminal nor hide what it says.
// Text with nothing unsafe is returned as it is.
func Cell(s string) string {
	for i := 0; i < len(s); {
		c := s[i]
		if c < utf8.RuneSelf {
			if c < 0x20 || c == 0x7f {
				return neutralise(s)
			}
			i++
			continue
		}
		r, size := utf8.DecodeRuneInString(s[i:])
		if Unsafe(r) {
			return neutralise(s)
		}
		i += size
	}
	return s
}

func neutralise(s string) string {
	var b strings.Builder
	b.Grow(len(s))
	for i := 0; i < len(s); {
		r, size := utf8.DecodeRuneInString(s[i:])
		if Unsafe(r) {
			b.WriteByte('?')
		} else {
			b.WriteString(s[i : i+size])
		}
		i += size
	}
	return b.String()
}
