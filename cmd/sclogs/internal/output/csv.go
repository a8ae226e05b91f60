package output

import (
	"encoding/csv"
	"io"
	"time"

	"github.com/sclogs/sclogs/gen"
)

// csvColumns are the table's columns and the exception text, which is too
// long for a table but what a spreadsheet user filters on.
var csvColumns = append(columns[:len(columns):len(columns)], "exception")

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

func (c *csvWriter) Write(l *gen.IntegrationLog) error {
	if err := c.writeHeader(); err != nil {
		return err
	}
	r := row(l, time.RFC3339Nano)
	copy(c.rec, r[:])
	c.rec[len(r)] = ""
	if l.Exception != nil {
		c.rec[len(r)] = *l.Exception
	}
	return c.cw.Write(c.rec)
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
