package termwidth

import (
	"strings"

	"github.com/rivo/uniseg"
)

// Wrap breaks text into lines at most width columns wide, at spaces; a word
// wider than the width is cut (never lost). The first line is prefixed by
// first, the others by indent, and both count in the width. Runs of spaces
// and line breaks become one space. A width too small for the indent and a
// word still makes progress, one piece per line.
func Wrap(text string, width int, first, indent string) []string {
	var lines []string
	prefix := first
	line := prefix
	empty := true // no word on line yet
	room := func() int { return width - String(line) }
	for _, word := range strings.Fields(text) {
		for word != "" {
			need := String(word)
			if !empty {
				need++ // the space before it
			}
			if need <= room() {
				if !empty {
					line += " "
				}
				line += word
				empty = false
				word = ""
				continue
			}
			if !empty {
				lines = append(lines, line)
				prefix = indent
				line, empty = prefix, true
				continue
			}
			// The word alone is wider than a line: cut it.
			r := max(room(), 1)
			piece := head(word, r)
			if piece == "" { // one cluster wider than the room: a line of its own
				piece, _, _, _ = uniseg.FirstGraphemeClusterInString(word, -1)
			}
			lines = append(lines, line+piece)
			word = word[len(piece):]
			prefix = indent
			line, empty = prefix, true
		}
	}
	if !empty || len(lines) == 0 {
		lines = append(lines, strings.TrimRight(line, " "))
	}
	return lines
}
