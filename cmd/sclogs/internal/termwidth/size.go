package termwidth

import (
	"io"
	"os"

	"golang.org/x/term"
)

// fallback is the width assumed for a terminal that does not tell its size.
const fallback = 80

// Of returns the width of the terminal w writes to, and 0 when w is not a
// terminal (a pipe or file keeps full-width output).
func Of(w io.Writer) int {
	f, ok := w.(*os.File)
	if !ok || !term.IsTerminal(int(f.Fd())) {
		return 0
	}
	width, _, err := term.GetSize(int(f.Fd()))
	if err != nil || width < 1 {
		return fallback
	}
	return width
}
