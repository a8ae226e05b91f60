package output

import (
	"bufio"
	"io"

	"time"

	"github.com/sclogs/sclogs/cmd/sclogs/internal/termwidth"
)

// fitColumns are the table's columns on a terminal: exception types keep
// their class name, URLs their host and path (scheme and query go first).
var fitColumns = []termwidth.Column{
	{Header: "ID"},
	{Header: "CREATED_AT"},
	{Header: "METHOD"},
	{Header: "RESPONSE_CODE", Short: "CODE"},
	{Header: "EXCEPTION_TYPE", Min: 12, Mode: termwidth.Dotted},
	{Header: "FULL_URL", Min: 16, Mode: termwidth.URL},
}

// fitTable is the table format fitted to a terminal's width. Rows are held
// until a chunk is full or Flush (at most tableChunk rows), so that column
// widths come from the cells; widths only grow, so chunks line up.
type fitTable struct {
	bw      *bufio.Writer
	width   int
	header  bool
	rows    [][6]string
	natural []int
}

func newFitTable(w io.Writer, width int) *fitTable {
	return &fitTable{bw: bufio.NewWriterSize(w, bufSize), width: width, natural: make([]int, len(fitColumns))}
}

func (t *fitTable) Write(rec Record) error {
	l := rec.Log
	r := row(l, time.RFC3339)
	for i := range r {
		if r[i] == "" {
			r[i] = "-"
		} else {
			r[i] = Cell(r[i])
		}
		t.natural[i] = max(t.natural[i], termwidth.String(r[i]))
	}
	t.rows = append(t.rows, r)
	if len(t.rows) >= tableChunk {
		return t.flushRows(false)
	}
	return nil
}

// flushRows lays out and writes the held rows, and the header once: with
// the first rows, or at Close when there are none, so that a listing that
// fails at once prints nothing on stdout.
func (t *fitTable) flushRows(closing bool) error {
	layout := termwidth.Fit(fitColumns, t.natural, t.width)
	if !t.header && (len(t.rows) > 0 || closing) {
		t.header = true
		if _, err := t.bw.WriteString(layout.HeaderRow() + "\n"); err != nil {
			return err
		}
	}
	for i := range t.rows {
		if _, err := t.bw.WriteString(layout.Row(t.rows[i][:]) + "\n"); err != nil {
			return err
		}
	}
	clear(t.rows)
	t.rows = t.rows[:0]
	return nil
}

func (t *fitTable) Close() error {
	if err := t.flushRows(true); err != nil {
		return err
	}
	return t.bw.Flush()
}

func (t *fitTable) Flush() error {
	if err := t.flushRows(false); err != nil {
		return err
	}
	return t.bw.Flush()
}
