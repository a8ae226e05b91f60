package doctor

import (
	"bufio"
	"bytes"
	"cmp"
	"encoding/json"
	"fmt"
	"io"
	"slices"
	"text/tabwriter"
	"time"

	"github.com/sclogs/sclogs/cmd/sclogs/internal/output"
)

// WriteJSON writes the groups as one JSON array (an empty array when there
// are none), with control, bidi and other invisible characters written as
// \u escapes (output.EscapeJSON). Its size grows with the groups, not the
// records.
func WriteJSON(w io.Writer, groups []Group) error {
	if groups == nil {
		groups = []Group{}
	}
	var buf bytes.Buffer
	enc := json.NewEncoder(&buf)
	enc.SetEscapeHTML(false)
	enc.SetIndent("", "  ")
	if err := enc.Encode(groups); err != nil {
		return err
	}
	_, err := w.Write(output.EscapeJSON(nil, buf.Bytes()))
	return err
}

// MaxTableRows is how many causes `sclogs doctor` lists in its table;
// -o json lists every one.
const MaxTableRows = 30

// WriteTable writes the causes, most frequent first (at most maxRows, saying
// how many more there are), then the advice per fix with the number of logs
// it concerns, most frequent first.
func WriteTable(w io.Writer, total int, groups []Group, maxRows int) error {
	bw := bufio.NewWriter(w)
	if total == 0 {
		fmt.Fprintln(bw, "No logs: nothing to diagnose.")
		return bw.Flush()
	}
	fmt.Fprintf(bw, "%s read, %s, most frequent first.\n\n", plural(total, "log"), plural(len(groups), "cause"))
	tw := tabwriter.NewWriter(bw, 0, 0, 2, ' ', 0)
	fmt.Fprintln(tw, "#\tCOUNT\tCAUSE\tFIRST SEEN\tLAST SEEN\tFIX\tEXAMPLE URL")
	for i, g := range groups[:min(len(groups), maxRows)] {
		fmt.Fprintf(tw, "%d\t%d\t%s\t%s\t%s\t%s\t%s\n", i+1, g.Count, output.Cell(g.Cause),
			when(g.FirstSeen), when(g.LastSeen), hintByID(g.HintID).Title, output.Cell(orDash(g.ExampleURL)))
	}
	if err := tw.Flush(); err != nil {
		return err
	}
	if rest := groups[min(len(groups), maxRows):]; len(rest) > 0 {
		n := 0
		for _, g := range rest {
			n += g.Count
		}
		fmt.Fprintf(bw, "... and %s with %s (-o json lists them all).\n", plural(len(rest), "more cause"), plural(n, "log"))
	}
	fmt.Fprintln(bw, "\nWhat to do, most frequent first:")
	for _, f := range ByHint(groups) {
		fmt.Fprintf(bw, "- %s (%s): %s\n", f.Hint.Title, plural(f.Count, "log"), f.Hint.Text)
	}
	return bw.Flush()
}

// HintCount is how many logs one row of the hints table explains.
type HintCount struct {
	Hint  Hint // the row of the hints table
	Count int  // how many logs it explains
}

// ByHint totals the groups per hint, most logs first (ties in table order).
func ByHint(groups []Group) []HintCount {
	counts := map[string]int{}
	for _, g := range groups {
		counts[g.HintID] += g.Count
	}
	var out []HintCount
	for _, h := range append(Hints[:len(Hints):len(Hints)], Unknown) {
		if n := counts[h.ID]; n > 0 {
			out = append(out, HintCount{h, n})
		}
	}
	slices.SortStableFunc(out, func(a, b HintCount) int { return cmp.Compare(b.Count, a.Count) })
	return out
}

func hintByID(id string) Hint {
	for _, h := range Hints {
		if h.ID == id {
			return h
		}
	}
	return Unknown
}

func when(t *time.Time) string {
	if t == nil {
		return "-"
	}
	return t.Format(time.RFC3339)
}

func orDash(s string) string {
	if s == "" {
		return "-"
	}
	return s
}

func plural(n int, noun string) string {
	if n == 1 {
		return "1 " + noun
	}
	return fmt.Sprintf("%d %ss", n, noun)
}
