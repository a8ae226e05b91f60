package output

import (
	"bufio"
	"io"
	"strconv"
	"time"

	"github.com/sclogs/sclogs/cmd/sclogs/internal/termwidth"
	"github.com/sclogs/sclogs/gen"
)

// tableChunk is how many rows a table holds before they are laid out and
// written: column widths come from the cells, and memory stays bounded.
const tableChunk = 200

// table is the table format: at full width (width 0: a pipe, --wide), or
// fitted to a terminal's width. Rows are held until a chunk is full or
// Flush; column widths only grow, so the rows of one stream line up across
// chunks and --follow's polls (a cell wider than all before it widens its
// column from then on). A fitted table shows what a merchant needs on one
// line (see fitted.go); the full one keeps every cell whole.
type table struct {
	bw      *bufio.Writer
	width   int
	cols    []termwidth.Column
	cells   func(l *gen.IntegrationLog, cells []string) (day string)
	natural []int
	// want is the fitted table's width per column below which dropping a
	// less important column is better (see fit).
	want    []int
	rows    [][]string
	days    []string
	shown   []int // the column widths of the last header printed; nil before it
	lastDay string
}

func (t *table) Write(rec Record) error {
	l := rec.Log
	r := make([]string, len(t.cols))
	day := t.cells(l, r)
	for i := range r {
		if r[i] == "" {
			r[i] = "-"
		} else {
			r[i] = Cell(r[i])
		}
		t.natural[i] = max(t.natural[i], termwidth.String(r[i]))
	}
	t.rows = append(t.rows, r)
	t.days = append(t.days, day)
	if len(t.rows) >= tableChunk {
		return t.flushRows(false)
	}
	return nil
}

// flushRows lays out and writes the held rows, after a header: once, with
// the first rows or at Close when there are none (so that a listing that
// fails at once prints nothing on stdout), and again in a fitted table when
// the columns moved (--follow's later rows may be wider).
func (t *table) flushRows(closing bool) error {
	if len(t.rows) == 0 && (!closing || t.shown != nil) {
		return nil
	}
	layout := t.layout()
	changed := t.shown == nil
	for i, w := range layout.Widths {
		// A fitted table's reader sees its header again when a column
		// moved; a full table's (a pipe, a script) only when a column
		// appeared or went, which it cannot.
		changed = changed || (w > 0) != (t.shown[i] > 0) || t.width > 0 && w != t.shown[i]
	}
	if changed {
		t.shown = layout.Widths
		if _, err := t.bw.WriteString(layout.HeaderRow() + "\n"); err != nil {
			return err
		}
	}
	for i, r := range t.rows {
		if d := t.days[i]; d != "" && d != t.lastDay {
			t.lastDay = d
			if _, err := t.bw.WriteString(termwidth.Shorten(d, t.width, termwidth.End) + "\n"); err != nil {
				return err
			}
		}
		if _, err := t.bw.WriteString(layout.Row(r) + "\n"); err != nil {
			return err
		}
	}
	clear(t.rows)
	t.rows = t.rows[:0]
	clear(t.days)
	t.days = t.days[:0]
	return nil
}

func (t *table) Close() error {
	if err := t.flushRows(true); err != nil {
		return err
	}
	return t.bw.Flush()
}

func (t *table) Flush() error {
	if err := t.flushRows(false); err != nil {
		return err
	}
	return t.bw.Flush()
}

// fullColumns are the full-width table's columns: every field whole.
// Their widths start at the usual cells' (the fake's and Sendcloud's), so a
// stream's first rows rarely widen a column later.
func fullColumns(o Options) (cols []termwidth.Column, natural []int) {
	cols = []termwidth.Column{{Header: "ID"}}
	natural = []int{4}
	if o.Integrations {
		cols = append(cols, termwidth.Column{Header: "INTEGRATION_ID"}, termwidth.Column{Header: "SHOP"})
		natural = append(natural, 0, 16)
	}
	cols = append(cols, termwidth.Column{Header: "CREATED_AT"}, termwidth.Column{Header: "METHOD"},
		termwidth.Column{Header: "RESPONSE_CODE"}, termwidth.Column{Header: "EXCEPTION_TYPE"}, termwidth.Column{Header: "FULL_URL"})
	natural = append(natural, 25, 6, 0, len("requests.exceptions.TooManyRedirects"), 0)
	return cols, natural
}

// newTable is the full-width table.
func newTable(w io.Writer, o Options) *table {
	cols, natural := fullColumns(o)
	t := &table{bw: bufio.NewWriterSize(w, bufSize), cols: cols, natural: natural, want: make([]int, len(cols))}
	t.cells = func(l *gen.IntegrationLog, c []string) string {
		r := row(l, time.RFC3339)
		c[0] = r[0]
		rest := c[1:]
		if o.Integrations {
			c[1], c[2] = integrationCells(l, o.ShopNames)
			rest = c[3:]
		}
		copy(rest, r[1:])
		return ""
	}
	return t
}

// integrationCells are a record's integration id and its shop's name.
func integrationCells(l *gen.IntegrationLog, names map[int]string) (id, shop string) {
	if l.IntegrationID == nil {
		return "", ""
	}
	return strconv.Itoa(*l.IntegrationID), names[*l.IntegrationID]
}

// layout is Fit over the held rows (see fitted.go for the fitted table).
func (t *table) layout() termwidth.Layout {
	if t.width <= 0 {
		return termwidth.Fit(t.cols, t.natural, 0)
	}
	return fit(t.cols, t.natural, t.want, t.width)
}
