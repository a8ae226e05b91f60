package output

import (
	"bufio"
	"encoding/csv"
	"fmt"
	"io"
	"strconv"
	"time"

	"github.com/sclogs/sclogs/cmd/sclogs/internal/termwidth"
	"github.com/sclogs/sclogs/gen"
)

// integrationColumns are the integrations table's columns: on a narrow
// terminal the last-fetched time goes first, then the shop name is
// shortened at its end; types and the failing-since time stay whole.
var integrationColumns = []termwidth.Column{
	{Header: "ID", Right: true},
	{Header: "SHOP NAME", Min: 16},
	{Header: "TYPE"},
	{Header: "FAILING SINCE"},
	{Header: "LAST FETCHED", Drop: 1},
}

// integrationCSVColumns are the CSV format's columns.
var integrationCSVColumns = []string{"id", "shop_name", "type", "started_failing_at", "last_fetched_at", "shop_url"}

// WriteIntegrations writes an account's integrations in format f: a table
// (fitted to o.Width, times in o.Zone), one JSON array, NDJSON or CSV. The
// list is small (the API does not page it), so it is written at once.
// raw[i] is list[i]'s JSON object as received (redacted unless
// --no-redact): JSON and NDJSON write it, as for logs, so every member
// reaches them; the table and CSV read list.
func WriteIntegrations(w io.Writer, f Format, list []gen.Integration, raw [][]byte, o Options) error {
	bw := bufio.NewWriterSize(w, bufSize)
	var err error
	switch f {
	case Table:
		err = integrationsTable(bw, list, o)
	case JSON, NDJSON:
		if len(raw) != len(list) {
			return fmt.Errorf("%d integrations, %d as received", len(list), len(raw))
		}
		err = integrationsJSON(bw, raw, f == JSON)
	case CSV:
		err = integrationsCSV(bw, list, o)
	default:
		err = fmt.Errorf("invalid output format %q", f)
	}
	if err != nil {
		return err
	}
	return bw.Flush()
}

func integrationsTable(w io.Writer, list []gen.Integration, o Options) error {
	rows := make([][]string, len(list))
	natural := make([]int, len(integrationColumns))
	for i, in := range list {
		rows[i] = []string{intOr(in.ID), Cell(strOr(in.ShopName)), Cell(strOr(in.Type)),
			timeOr(in.StartedFailingAt, o.Zone, time.RFC3339), timeOr(in.LastFetchedAt, o.Zone, time.RFC3339)}
		for c, cell := range rows[i] {
			if cell == "" {
				rows[i][c] = "-"
			}
			natural[c] = max(natural[c], termwidth.String(rows[i][c]))
		}
	}
	layout := termwidth.Fit(integrationColumns, natural, o.Width)
	if _, err := io.WriteString(w, layout.HeaderRow()+"\n"); err != nil {
		return err
	}
	for _, r := range rows {
		if _, err := io.WriteString(w, layout.Row(r)+"\n"); err != nil {
			return err
		}
	}
	if layout.Dropped > 0 {
		note := fmt.Sprintf("(%d column(s) left out to fit the terminal: --wide shows everything.)", layout.Dropped)
		for _, line := range termwidth.Wrap(note, o.Width, "", "") {
			if _, err := io.WriteString(w, line+"\n"); err != nil {
				return err
			}
		}
	}
	return nil
}

// integrationsJSON writes each integration's object through the one JSON
// escaper (appendRaw): one per line, or one JSON array.
func integrationsJSON(w io.Writer, raw [][]byte, array bool) error {
	if array && len(raw) == 0 {
		_, err := io.WriteString(w, "[]\n")
		return err
	}
	var buf []byte
	for i, r := range raw {
		buf = buf[:0]
		switch {
		case !array:
		case i == 0:
			buf = append(buf, "[\n"...)
		default:
			buf = append(buf, ",\n"...)
		}
		buf = appendRaw(buf, r)
		if !array {
			buf = append(buf, '\n')
		}
		if _, err := w.Write(buf); err != nil {
			return err
		}
	}
	if array {
		_, err := io.WriteString(w, "\n]\n")
		return err
	}
	return nil
}

func integrationsCSV(w io.Writer, list []gen.Integration, o Options) error {
	cw := csv.NewWriter(w)
	if err := cw.Write(integrationCSVColumns); err != nil {
		return err
	}
	for _, in := range list {
		rec := []string{intOr(in.ID), csvCell(strOr(in.ShopName)), csvCell(strOr(in.Type)),
			timeOr(in.StartedFailingAt, o.Zone, time.RFC3339Nano), timeOr(in.LastFetchedAt, o.Zone, time.RFC3339Nano),
			csvCell(strOr(in.ShopURL))}
		if err := cw.Write(rec); err != nil {
			return err
		}
	}
	cw.Flush()
	return cw.Error()
}

// intOr, strOr and timeOr format an optional field; missing is "".
func intOr(p *int) string {
	if p == nil {
		return ""
	}
	return strconv.Itoa(*p)
}

func strOr(p *string) string {
	if p == nil {
		return ""
	}
	return *p
}

func timeOr(t *time.Time, zone *time.Location, layout string) string {
	if t == nil {
		return ""
	}
	if zone != nil {
		return t.In(zone).Format(layout)
	}
	return t.Format(layout)
}
