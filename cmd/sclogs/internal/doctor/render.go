package doctor

import (
	"bytes"
	"cmp"
	"encoding/json"
	"fmt"
	"io"
	"slices"
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

// WriteTable writes the causes with the default TableOptions and at most
// maxRows rows: see TableOptions.Write.
func WriteTable(w io.Writer, total int, groups []Group, maxRows int) error {
	return TableOptions{MaxRows: maxRows}.Write(w, total, groups)
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

// HintByID returns the row of the hints table with that id (Unknown when
// there is none).
func HintByID(id string) Hint {
	for _, h := range Hints {
		if h.ID == id {
			return h
		}
	}
	return Unknown
}

// CountCauses says how many causes groups hold, the other group's
// included: "3 causes", "1,250 causes" or, when the report was full and
// stopped counting them, "more than 1,000 causes".
func CountCauses(groups []Group) string {
	n, more := 0, false
	for _, g := range groups {
		switch {
		case !g.Other:
			n++
		case g.Causes > 0:
			n += g.Causes
		default:
			more = true
		}
	}
	if more {
		return fmt.Sprintf("more than %d causes", max(n, KeptCauses))
	}
	return plural(n, "cause")
}

// when formats t in zone (as recorded when zone is nil).
func when(t *time.Time, zone *time.Location) string {
	if t == nil {
		return "-"
	}
	if zone != nil {
		return t.In(zone).Format(time.RFC3339)
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
