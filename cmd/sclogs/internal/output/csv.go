package output

import (
	"encoding/csv"
	"io"
	"strconv"
	"strings"
	"time"
	"unicode/utf8"
)

// csvColumns are the table's columns, the exception text, which is too
// long for a table but what a spreadsheet user filters on, and the
// integration's id (always: an account-wide file needs it, and one layout
// for every listing is what a script wants). New columns go at the end, so
// that scripts reading by position keep working.
var csvColumns = append(columns[:len(columns):len(columns)], "exception", "integration_id")

type csvWriter struct {
	cw     *csv.Writer
	header bool
	rec    []string
}

func newCSV(w io.Writer) *csvWriter {
	// csv.Writer buffers by itself.
	return &csvWriter{cw: csv.NewWriter(w), rec: make([]string, len(csvColumns))}
}

// writeHeader writes the header row once, also when no record follows.
func (c *csvWriter) writeHeader() error {
	if c.header {
		return nil
	}
	c.header = true
	return c.cw.Write(csvColumns)
}

func (c *csvWriter) Write(rec Record) error {
	l := rec.Log
	if err := c.writeHeader(); err != nil {
		return err
	}
	r := row(l, time.RFC3339Nano)
	for i, v := range r {
		if numeric[i] {
			c.rec[i] = v // written by strconv: a number, negative ones too
		} else {
			c.rec[i] = csvCell(v)
		}
	}
	c.rec[len(r)] = ""
	if l.Exception != nil {
		c.rec[len(r)] = csvCell(*l.Exception)
	}
	c.rec[len(r)+1] = ""
	if l.IntegrationID != nil {
		c.rec[len(r)+1] = strconv.Itoa(*l.IntegrationID) // a number, as id
	}
	return c.cw.Write(c.rec)
}

// numeric marks the columns that hold integers written by the encoder
// (id, response_code): "-5" there is a number, not a formula.
var numeric = [6]bool{0: true, 3: true}

// csvCell neutralises a text cell as Cell does for the terminal, and
// defuses formula injection as OWASP recommends: a cell that starts with
// '=', '+', '-', '@', a tab or a carriage return (also after leading spaces,
// or in their full-width forms) is prefixed with a single quote, so a
// spreadsheet shows it as text instead of evaluating it.
func csvCell(s string) string {
	safe := Cell(s)
	t := strings.TrimLeft(s, " ")
	if t == "" {
		return safe
	}
	switch r, _ := utf8.DecodeRuneInString(t); r {
	case '=', '+', '-', '@', '\t', '\r', '＝', '＋', '－', '＠':
		return "'" + safe
	}
	return safe
}

func (c *csvWriter) Close() error {
	if err := c.writeHeader(); err != nil {
		return err
	}
	return c.Flush()
}

func (c *csvWriter) Flush() error {
	c.cw.Flush()
	return c.cw.Error()
}
