// Package termwidth measures, shortens and wraps text for a terminal of a
// given number of columns: display widths (wide East Asian characters and
// emoji take two columns, combining marks none), shortening with "…" at the
// end, in the middle or at the start, and wrapping at word boundaries.
//
// Widths come from github.com/rivo/uniseg, per grapheme cluster (what a
// terminal draws as one character: "👍🏽", a flag, "e" with its accents), and
// text is only ever cut between clusters.
package termwidth

import (
	"unicode/utf8"

	"github.com/rivo/uniseg"
)

// RuneWidth is how many terminal columns r takes on its own: 0 for
// combining marks, zero-width and control characters, 2 for wide and
// full-width characters and emoji shown as emoji, 1 otherwise. Text is
// measured per cluster (String), not per rune: "👍🏽" is two runes of two
// columns each, and two columns.
func RuneWidth(r rune) int {
	if r < utf8.RuneSelf {
		return asciiWidth(byte(r))
	}
	return uniseg.StringWidth(string(r))
}

// asciiWidth is the width of an ASCII byte: control characters take none.
func asciiWidth(c byte) int {
	if c < 0x20 || c == 0x7f {
		return 0
	}
	return 1
}

// String is the display width of s, the sum of its grapheme clusters'
// widths. Invalid UTF-8 bytes count one column each, as a terminal shows
// them as a replacement character.
func String(s string) int {
	n := 0
	for i := 0; i < len(s); i++ {
		if s[i] >= utf8.RuneSelf {
			return uniseg.StringWidth(s) // clusters span ASCII bytes too ("e\u0301")
		}
		n += asciiWidth(s[i])
	}
	return n
}

// clusters calls yield with each grapheme cluster of s, its byte offset and
// its width, until yield returns false.
func clusters(s string, yield func(off int, cluster string, width int) bool) {
	off, state := 0, -1
	for rest := s; rest != ""; {
		var c string
		var w int
		c, rest, w, state = uniseg.FirstGraphemeClusterInString(rest, state)
		if !yield(off, c, w) {
			return
		}
		off += len(c)
	}
}

// whole reports whether s[i:j] is made of whole grapheme clusters of s, so
// that s may be cut at i and at j without splitting a character.
func whole(s string, i, j int) bool {
	atI, atJ := i == len(s), j == len(s)
	clusters(s, func(off int, _ string, _ int) bool {
		atI = atI || off == i
		atJ = atJ || off == j
		return off <= max(i, j)
	})
	return atI && atJ
}
