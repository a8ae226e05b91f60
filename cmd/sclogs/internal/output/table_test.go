package output

import (
	"bytes"
	"strings"
	"testing"
	"time"

	"github.com/sclogs/sclogs/gen"
)

func followLog(id int, typ string) gen.IntegrationLog {
	at := time.Date(2025, 11, 24, 11, id, 0, 0, time.UTC)
	u := "https://www.shop.example/admin/api/2024-04/orders/" + strings.Repeat("7", id%5+1) + ".json"
	return gen.IntegrationLog{ID: new(id), IntegrationID: new(id%2 + 1), CreatedAt: &at, Method: new("PUT"),
		ExceptionType: new(typ), FullURL: &u}
}

// Piped --follow: every poll flushes a few rows; a row with a wider cell
// (ConnectionError after HTTPError) must not shift the rows after it, nor
// a poll's rows shift against the header.
func TestTableRowsLineUpAcrossFlushes(t *testing.T) {
	t.Parallel()
	var buf bytes.Buffer
	w, err := NewWith(&buf, Table, Options{})
	if err != nil {
		t.Fatal(err)
	}
	for i, typ := range []string{"requests.exceptions.HTTPError", "requests.exceptions.ConnectionError",
		"requests.exceptions.HTTPError", "requests.exceptions.TooManyRedirects", "requests.exceptions.HTTPError"} {
		l := followLog(i+1, typ)
		if err := w.Write(record(t, &l)); err != nil {
			t.Fatal(err)
		}
		if err := w.Flush(); err != nil {
			t.Fatal(err)
		}
	}
	if err := w.Close(); err != nil {
		t.Fatal(err)
	}
	lines := strings.Split(strings.TrimSuffix(buf.String(), "\n"), "\n")
	if len(lines) != 6 {
		t.Fatalf("want a header and 5 rows:\n%s", buf.String())
	}
	at := strings.Index(lines[0], "FULL_URL")
	for _, l := range lines[1:] {
		if i := strings.Index(l, "https://"); i != at {
			t.Errorf("URL at column %d, header at %d:\n%s", i, at, buf.String())
			break
		}
	}
}

// An account-wide table says which integration a row belongs to (and the
// shop's name where there is room); CSV always has integration_id.
func TestTableIntegrations(t *testing.T) {
	t.Parallel()
	names := map[int]string{1: "Kaffeehaus Berlin", 2: "Fietsen"}
	for _, width := range []int{0, 120, 80} {
		var buf bytes.Buffer
		w, _ := NewWith(&buf, Table, Options{Width: width, Integrations: true, ShopNames: names, Zone: time.UTC})
		for i := range 4 {
			l := followLog(i+1, "requests.exceptions.HTTPError")
			_ = w.Write(record(t, &l))
		}
		_ = w.Close()
		lines := strings.Split(strings.TrimSpace(buf.String()), "\n")
		if !strings.Contains(lines[0], "INT") {
			t.Errorf("width %d: header %q has no integration column", width, lines[0])
		}
		rows := 0
		for _, l := range lines[1:] {
			if strings.HasPrefix(l, "Mon ") {
				continue
			}
			rows++
			if f := strings.Fields(l); !(f[1] == "1" || f[1] == "2" || f[0] == "1" || f[0] == "2") {
				t.Errorf("width %d: row %q does not name its integration", width, l)
			}
			if width != 80 && !strings.Contains(l, "Kaffeehaus Berlin") && !strings.Contains(l, "Fietsen") {
				t.Errorf("width %d: row %q has room for the shop's name", width, l)
			}
		}
		if rows != 4 {
			t.Errorf("width %d: %d rows:\n%s", width, rows, buf.String())
		}
	}
	var buf bytes.Buffer
	w, _ := NewWith(&buf, Table, Options{})
	l := followLog(1, "x")
	_ = w.Write(record(t, &l))
	_ = w.Close()
	if strings.Contains(buf.String(), "INTEGRATION") {
		t.Errorf("one integration's table names the integration:\n%s", buf.String())
	}
}

// The fitted table: short time under a day line, status and class name in
// one cell, the URL without scheme and "www.".
func TestFittedTableCells(t *testing.T) {
	t.Parallel()
	var buf bytes.Buffer
	w, _ := NewWith(&buf, Table, Options{Width: 80, Zone: time.FixedZone("", 3600)})
	l := followLog(3, "requests.exceptions.TooManyRedirects")
	l.ResponseCode = new(302)
	_ = w.Write(record(t, &l))
	_ = w.Close()
	out := buf.String()
	for _, want := range []string{"Mon 24 Nov 2025 (UTC+01:00)\n", "12:03", "302 TooManyRedirects", "shop.example/", "/7777.json"} {
		if !strings.Contains(out, want) {
			t.Errorf("fitted table lacks %q:\n%s", want, out)
		}
	}
	for _, bad := range []string{"requests.", "www.", "https://", "2025-11-24T"} {
		if strings.Contains(out, bad) {
			t.Errorf("fitted table shows %q:\n%s", bad, out)
		}
	}
}
