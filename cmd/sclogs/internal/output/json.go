package output

import (
	"bufio"
	"io"
)

// The JSON formats write each record's object as it came (Record.JSON:
// received, redacted once), not an encoding of the decoded Log: every
// member the server sent reaches the output, known to the spec or not, in
// the server's key order, nulls included. appendRaw is the one JSON
// escaper: it drops the whitespace between tokens (one record per line)
// and writes the Unsafe characters in strings as \u escapes. appendRecord
// copies instead a record that redaction found compact and that holds no
// byte appendRaw could escape.

// jsonWriter writes one JSON array: "[", the records separated by commas,
// "]". Each record is written on its own; the array is never built.
type jsonWriter struct {
	bw  *bufio.Writer
	buf []byte
	n   int
}

func newJSON(w io.Writer) *jsonWriter {
	return &jsonWriter{bw: bufio.NewWriterSize(w, bufSize)}
}

func (j *jsonWriter) Write(r Record) error {
	sep := ",\n"
	if j.n == 0 {
		sep = "[\n"
	}
	j.buf = appendRecord(append(j.buf[:0], sep...), r)
	j.n++
	_, err := j.bw.Write(j.buf)
	return err
}

func (j *jsonWriter) Close() error {
	if j.n == 0 {
		j.bw.WriteString("[]\n")
	} else {
		j.bw.WriteString("\n]\n")
	}
	return j.Flush()
}

func (j *jsonWriter) Flush() error { return j.bw.Flush() }

// ndjsonWriter writes one record per line, as the API sent it.
type ndjsonWriter struct {
	bw  *bufio.Writer
	buf []byte
}

func newNDJSON(w io.Writer) *ndjsonWriter {
	return &ndjsonWriter{bw: bufio.NewWriterSize(w, bufSize)}
}

func (n *ndjsonWriter) Write(r Record) error {
	// The line is escaped straight into the writer's free space
	// (AvailableBuffer) when the record fits there, so it is not copied
	// once more; else it goes through buf.
	if avail := n.bw.AvailableBuffer(); cap(avail) > len(r.JSON) {
		_, err := n.bw.Write(append(appendRecord(avail, r), '\n'))
		return err
	}
	n.buf = append(appendRecord(n.buf[:0], r), '\n')
	_, err := n.bw.Write(n.buf)
	return err
}
func (n *ndjsonWriter) Close() error { return n.Flush() }
func (n *ndjsonWriter) Flush() error { return n.bw.Flush() }
