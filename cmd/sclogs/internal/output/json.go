package output

import (
	"bufio"
	"io"

	"github.com/sclogs/sclogs/gen"
)

// jsonWriter writes one JSON array: "[", the records separated by commas,
// "]". Each record is encoded on its own; the array is never built.
type jsonWriter struct {
	bw  *bufio.Writer
	buf []byte
	n   int
}

func newJSON(w io.Writer) *jsonWriter {
	return &jsonWriter{bw: bufio.NewWriterSize(w, bufSize)}
}

func (j *jsonWriter) Write(l *gen.IntegrationLog) error {
	sep := ",\n"
	if j.n == 0 {
		sep = "[\n"
	}
	var err error
	if j.buf, err = appendLog(append(j.buf[:0], sep...), l); err != nil {
		return err
	}
	j.n++
	_, err = j.bw.Write(j.buf)
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

// ndjsonWriter writes one record per line, as the API sent it (a field the
// API sent as null may be left out).
type ndjsonWriter struct {
	bw  *bufio.Writer
	buf []byte
}

func newNDJSON(w io.Writer) *ndjsonWriter {
	return &ndjsonWriter{bw: bufio.NewWriterSize(w, bufSize)}
}

func (n *ndjsonWriter) Write(l *gen.IntegrationLog) error {
	var err error
	if n.buf, err = appendLog(n.buf[:0], l); err != nil {
		return err
	}
	n.buf = append(n.buf, '\n')
	_, err = n.bw.Write(n.buf)
	return err
}
func (n *ndjsonWriter) Close() error { return n.Flush() }
func (n *ndjsonWriter) Flush() error { return n.bw.Flush() }
