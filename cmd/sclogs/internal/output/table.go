package output

import (
	"bufio"
	"io"
	"strings"
	"text/tabwriter"
	"time"
)

// tableChunk is how many rows the tabwriter holds before it is flushed:
// tabwriter keeps every cell until then, so it must not see the whole stream.
const tableChunk = 200

// minWidths pad the cells so that consecutive chunks usually line up.
var minWidths = [6]int{6, 25, 6, 13, 34, 0}

type tableWriter struct {
	bw     *bufio.Writer
	tw     *tabwriter.Writer
	header bool
	rows   int
	line   []byte
}

func newTable(w io.Writer) *tableWriter {
	bw := bufio.NewWriterSize(w, bufSize)
	return &tableWriter{bw: bw, tw: tabwriter.NewWriter(bw, 0, 0, 2, ' ', 0)}
}

// writeHeader writes the header row once: with the first record, or at
// Close when there is none, so that a listing that fails at once prints
// nothing on stdout.
func (t *tableWriter) writeHeader() error {
	if t.header {
		return nil
	}
	t.header = true
	var header [6]string
	for i, c := range columns {
		header[i] = strings.ToUpper(c)
	}
	return t.writeRow(header)
}

func (t *tableWriter) Write(rec Record) error {
	l := rec.Log
	if err := t.writeHeader(); err != nil {
		return err
	}
	r := row(l, time.RFC3339)
	for i := range r {
		if r[i] == "" {
			r[i] = "-"
		} else {
			r[i] = Cell(r[i])
		}
	}
	if err := t.writeRow(r); err != nil {
		return err
	}
	t.rows++
	if t.rows%tableChunk == 0 {
		return t.tw.Flush()
	}
	return nil
}

func (t *tableWriter) writeRow(r [6]string) error {
	t.line = t.line[:0]
	for i, c := range r {
		t.line = append(t.line, c...)
		for n := len(c); n < minWidths[i]; n++ {
			t.line = append(t.line, ' ')
		}
		if i < len(r)-1 {
			t.line = append(t.line, '\t')
		}
	}
	t.line = append(t.line, '\n')
	_, err := t.tw.Write(t.line)
	return err
}

func (t *tableWriter) Close() error {
	if err := t.writeHeader(); err != nil {
		return err
	}
	return t.Flush()
}

func (t *tableWriter) Flush() error {
	if err := t.tw.Flush(); err != nil {
		return err
	}
	return t.bw.Flush()
}
