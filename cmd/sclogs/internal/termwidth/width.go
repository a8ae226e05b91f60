// Package termwidth measures, shortens and wraps text for a terminal of a
// given number of columns: display widths (wide East Asian characters take
// two columns, combining marks none), shortening with "…" at the end, in the
// middle or at the start, and wrapping at word boundaries.
package termwidth

import (
	"unicode"
	"unicode/utf8"
)

// RuneWidth is how many terminal columns r takes: 0 for combining marks,
// zero-width and control characters, 2 for wide and full-width characters,
// 1 otherwise.
func RuneWidth(r rune) int {
	switch {
	case r < 0x20 || r == 0x7f:
		return 0
	case r < 0x300:
		return 1
	case r == 0x200b || r == 0x200c || r == 0x200d || r == 0x2060 || r == 0xfeff,
		unicode.Is(unicode.Mn, r), unicode.Is(unicode.Me, r), unicode.Is(unicode.Cf, r):
		return 0
	case wide(r):
		return 2
	}
	return 1
}

// wide reports whether r is an East Asian wide or full-width character
// (the main blocks of Unicode's EastAsianWidth W and F, and emoji).
func wide(r rune) bool {
	switch {
	case r >= 0x1100 && r <= 0x115f, // Hangul Jamo
		r >= 0x2e80 && r <= 0x303e, // CJK radicals … CJK symbols
		r >= 0x3041 && r <= 0x33ff, // kana … CJK compatibility
		r >= 0x3400 && r <= 0x4dbf, // CJK extension A
		r >= 0x4e00 && r <= 0x9fff, // CJK unified
		r >= 0xa000 && r <= 0xa4cf, // Yi
		r >= 0xac00 && r <= 0xd7a3, // Hangul syllables
		r >= 0xf900 && r <= 0xfaff, // CJK compatibility ideographs
		r >= 0xfe30 && r <= 0xfe4f, // CJK compatibility forms
		r >= 0xff00 && r <= 0xff60, // full-width forms
		r >= 0xffe0 && r <= 0xffe6,
		r >= 0x1f300 && r <= 0x1f64f, // emoji
		r >= 0x1f900 && r <= 0x1f9ff,
		r >= 0x20000 && r <= 0x3fffd: // CJK extensions B…
		return true
	}
	return false
}

// String is the display width of s. Invalid UTF-8 bytes count one column
// each, as a terminal shows them as a replacement character.
func String(s string) int {
	n := 0
	for i := 0; i < len(s); {
		c := s[i]
		if c < utf8.RuneSelf {
			if c >= 0x20 && c != 0x7f {
				n++
			}
			i++
			continue
		}
		r, size := utf8.DecodeRuneInString(s[i:])
		if r == utf8.RuneError && size == 1 {
			n++
		} else {
			n += RuneWidth(r)
		}
		i += size
	}
	return n
}
