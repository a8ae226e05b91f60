package output

import (
	"bufio"
	"io"

	"github.com/sclogs/sclogs/cmd/sclogs/internal/termwidth"
	"github.com/sclogs/sclogs/gen"
)

// The fitted table is for a person at a terminal: what a merchant needs on
// one line is when (hours and minutes; the day on its own line above), the
// status and the exception's class name, and where the call went (the host
// without "www." and the end of the path). The id, the method and the shop
// name come along when the terminal has room for them after those; --wide
// and pipes keep every field whole.

// Drop order of the fitted table: the highest is given up first.
const (
	dropID = 1 + iota
	dropMethod
	dropShop
)

// errorWant bounds the width the fitted table keeps whole for the ERROR
// cell: a status and the longest of the requests library's class names,
// "ChunkedEncodingError"; a longer one (a shop can send anything) may be cut
// at the end.
const errorWant = len("599 ChunkedEncodingError")

// urlMin is the narrowest a URL is shortened to on a narrow terminal.
const urlMin = 16

// fittedColumns are the fitted table's columns and the index of the ERROR
// column (the status and the class name in one cell: the two say together
// what went wrong, and one column is narrower than two) and of the URL.
func fittedColumns(o Options) (cols []termwidth.Column, errCol, urlCol int) {
	cols = []termwidth.Column{{Header: "ID", Drop: dropID, Right: true}}
	if o.Integrations {
		cols = append(cols, termwidth.Column{Header: "INTEGRATION", Short: "INT", Right: true},
			termwidth.Column{Header: "SHOP", Min: 8, Mode: termwidth.End, Drop: dropShop})
	}
	cols = append(cols,
		termwidth.Column{Header: "TIME"},
		termwidth.Column{Header: "METHOD", Drop: dropMethod},
		termwidth.Column{Header: "ERROR", Min: 8, Mode: termwidth.End},
		termwidth.Column{Header: "URL", Min: urlMin, Mode: termwidth.URL})
	return cols, len(cols) - 2, len(cols) - 1
}

// errorCell is the status and the exception's class name: "401 HTTPError",
// "ConnectionError" (no response), "200" (no exception type).
func errorCell(code, typ string) string {
	typ = className(typ)
	switch {
	case code == "":
		return typ
	case typ == "":
		return code
	}
	return code + " " + typ
}

// newFitTable is the table fitted to a terminal width columns wide.
func newFitTable(w io.Writer, width int, o Options) *table {
	cols, errCol, urlCol := fittedColumns(o)
	t := &table{bw: bufio.NewWriterSize(w, bufSize), width: width, cols: cols,
		natural: make([]int, len(cols)), want: make([]int, len(cols))}
	t.cells = func(l *gen.IntegrationLog, c []string) string {
		r := row(l, "")
		c[0] = r[0]
		i := 1
		if o.Integrations {
			c[1], c[2] = integrationCells(l, o.ShopNames)
			i = 3
		}
		day := ""
		if l.CreatedAt != nil {
			c[i] = l.CreatedAt.Format(shortTime)
			day = dayLine(*l.CreatedAt)
		}
		c[i+1] = r[2]
		c[errCol] = errorCell(r[3], r[4])
		c[urlCol] = shortURL(r[5])
		e, u := Cell(c[errCol]), Cell(c[urlCol])
		t.want[errCol] = max(t.want[errCol], min(termwidth.String(e), errorWant))
		t.want[urlCol] = max(t.want[urlCol], min(termwidth.String(u), termwidth.String(termwidth.HostAndLast(u))))
		return day
	}
	return t
}

// fit lays out the fitted table: first so that every column keeps what it
// wants (class names whole, a URL's host and last path segment), giving up
// the shop name, the method and the id, in that order, to make room; when
// even that does not fit, the columns are shortened, first to a useful
// width, then down to their minimum widths.
func fit(cols []termwidth.Column, natural, want []int, width int) termwidth.Layout {
	wanting := make([]termwidth.Column, len(cols))
	copy(wanting, cols)
	for i := range wanting {
		if want[i] > 0 {
			wanting[i].Min = max(wanting[i].Min, want[i])
		}
	}
	if l := termwidth.Fit(wanting, natural, width); rowWidth(l) <= width {
		return l
	}
	// Narrower still: the id and method go before the URL and the error
	// are cut below a useful width; only then are they cut further.
	for i := range wanting {
		if want[i] > 0 {
			wanting[i].Min = max(cols[i].Min, min(want[i], usefulWidth))
		}
	}
	if l := termwidth.Fit(wanting, natural, width); rowWidth(l) <= width {
		return l
	}
	return termwidth.Fit(cols, natural, width)
}

// usefulWidth is the width below which a cut URL or error says little.
const usefulWidth = 28

// rowWidth is the width of a layout's rows.
func rowWidth(l termwidth.Layout) int {
	n, visible := 0, 0
	for _, w := range l.Widths {
		if w > 0 {
			n += w
			visible++
		}
	}
	return n + 2*max(visible-1, 0)
}
