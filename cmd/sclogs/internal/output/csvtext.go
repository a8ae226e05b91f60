package output

import (
	"strings"
	"unicode/utf8"
)

// csvText makes text from a shop safe for a CSV cell opened in a
// spreadsheet (OWASP CSV injection): a cell that starts with '=', '+', '-',
// '@', a tab or a carriage return (after leading spaces too) is prefixed
// with a single quote, so it is shown as text, never evaluated.
func csvText(s string) string {
	t := strings.TrimLeft(s, " ")
	if t == "" {
		return s
	}
	switch r, _ := utf8.DecodeRuneInString(t); r {
	case '=', '+', '-', '@', '\t', '\r', '＝', '＋', '－', '＠':
		return "'" + s
	}
	return s
}
