package termwidth

import "strings"

// Column describes one column of a table that Fit lays out.
type Column struct {
	// Header is the column's title; Short, when set, is used instead when
	// the table must be narrowed and the header is the widest cell.
	Header, Short string
	// Min is the narrowest the column's cells may be shortened to; 0 means
	// they are never shortened (ids, times, counts).
	Min int
	// Mode is how its cells are shortened.
	Mode Mode
	// Drop orders the columns given up when even their minimum widths do
	// not fit: the highest first; 0 is never dropped.
	Drop int
	// Right aligns the cells to the right (numbers).
	Right bool
}

// gap is the number of spaces between two columns.
const gap = 2

// Layout is the result of Fit: each column's width (0 when dropped) and
// header.
type Layout struct {
	Widths  []int
	Headers []string
	// Width is the terminal's width every line is cut to; 0 means none.
	Width int
	// Dropped counts the columns left out.
	Dropped int
	cols    []Column
}

// Fit lays out columns whose widest cells (headers not included) are
// natural so that a row is at most width columns wide: wide columns are
// shortened, widest first, down to their Min, then columns are dropped in
// Drop order. A width of 0 or less keeps every column at its natural width.
// If nothing else helps, Row still cuts each line to the width.
func Fit(cols []Column, natural []int, width int) Layout {
	l := Layout{Widths: make([]int, len(cols)), Headers: make([]string, len(cols)), Width: max(width, 0), cols: cols}
	for i, c := range cols {
		l.Headers[i] = c.Header
		l.Widths[i] = max(natural[i], String(c.Header))
	}
	if width <= 0 || l.total() <= width {
		return l
	}
	for i, c := range cols {
		if c.Short != "" && String(c.Header) > natural[i] {
			l.Headers[i] = c.Short
			l.Widths[i] = max(natural[i], String(c.Short))
		}
	}
	for {
		l.shrink(natural, width)
		if l.total() <= width {
			return l
		}
		drop := -1
		for i, c := range cols {
			if l.Widths[i] > 0 && c.Drop > 0 && (drop < 0 || c.Drop > cols[drop].Drop) {
				drop = i
			}
		}
		if drop < 0 {
			return l
		}
		l.Widths[drop] = 0
		l.Dropped++
	}
}

// total is the width of a row: the visible columns and the gaps between.
func (l *Layout) total() int {
	n, visible := 0, 0
	for _, w := range l.Widths {
		if w > 0 {
			n += w
			visible++
		}
	}
	return n + gap*max(visible-1, 0)
}

// shrink narrows the shortenable columns to one common ceiling, the highest
// that fits (never below a column's Min or header).
func (l *Layout) shrink(natural []int, width int) {
	floor := func(i int) int { return max(l.cols[i].Min, String(l.Headers[i])) }
	fixed := 0
	for i := range l.cols {
		if l.Widths[i] > 0 && l.cols[i].Min == 0 {
			fixed += l.Widths[i]
		}
	}
	at := func(level int) int {
		n := fixed
		visible := 0
		for i, c := range l.cols {
			if l.Widths[i] == 0 {
				continue
			}
			visible++
			if c.Min > 0 {
				n += max(min(max(natural[i], String(l.Headers[i])), level), floor(i))
			}
		}
		return n + gap*max(visible-1, 0)
	}
	lo, hi := 0, 0
	for i := range l.cols {
		hi = max(hi, natural[i], String(l.Headers[i]))
	}
	for lo < hi { // the highest level with at(level) <= width
		mid := (lo + hi + 1) / 2
		if at(mid) <= width {
			lo = mid
		} else {
			hi = mid - 1
		}
	}
	for i, c := range l.cols {
		if l.Widths[i] > 0 && c.Min > 0 {
			l.Widths[i] = max(min(max(natural[i], String(l.Headers[i])), lo), floor(i))
		}
	}
}

// Row formats one row: each cell shortened to its column's width and
// padded, dropped columns left out, trailing spaces trimmed, and the line
// cut to the layout's width.
func (l *Layout) Row(cells []string) string {
	var b strings.Builder
	first := true
	for i, c := range cells {
		w := l.Widths[i]
		if w == 0 {
			continue
		}
		if !first {
			b.WriteString(strings.Repeat(" ", gap))
		}
		first = false
		c = Shorten(c, w, l.cols[i].Mode)
		if l.cols[i].Right {
			b.WriteString(PadLeft(c, w))
		} else {
			b.WriteString(Pad(c, w))
		}
	}
	line := strings.TrimRight(b.String(), " ")
	if l.Width > 0 {
		line = Shorten(line, l.Width, End)
	}
	return line
}

// HeaderRow is Row for the headers.
func (l *Layout) HeaderRow() string { return l.Row(l.Headers) }
