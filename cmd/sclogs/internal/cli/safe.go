package cli

import (
	"bytes"
	"io"

	"github.com/sclogs/sclogs/cmd/sclogs/internal/output"
)

// safeLines writes lines (the --verbose log's) to a terminal through
// output.Cell, the one rule for text that reaches the reader: a logged URL
// or error from a shop cannot drive the terminal. Each Write is one record
// ending in a newline, as slog writes them.
type safeLines struct{ w io.Writer }

func (s safeLines) Write(p []byte) (int, error) {
	line, nl := bytes.CutSuffix(p, []byte("\n"))
	out := output.Cell(string(line))
	if nl {
		out += "\n"
	}
	if _, err := io.WriteString(s.w, out); err != nil {
		return 0, err
	}
	return len(p), nil
}
