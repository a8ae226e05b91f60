package output

import (
	"bytes"
	"encoding/csv"
	"encoding/json"
	"errors"
	"strings"
	"testing"
	"time"

	"github.com/sclogs/sclogs/gen"
	"github.com/sclogs/sclogs/jsonvalue"
)

func records() []gen.IntegrationLog {
	at := time.Date(2024, 3, 1, 2, 2, 0, 500, time.FixedZone("", 3600))
	return []gen.IntegrationLog{
		{
			ID: new(1), IntegrationID: new(9), BaseURL: "https://shop.example.com", CreatedAt: &at,
			FullURL: new("https://shop.example.com/x?a=1&b=<2>"), Method: new("POST"), ResponseCode: new(495),
			ExceptionType: new("requests.exceptions.SSLError"), Exception: new("line one\nline \"two\""),
			Protected: new(false), AdditionalData: jsonvalue.Value(`""`),
			Request:  &gen.IntegrationLogRequest{Headers: jsonvalue.Value(`{"B": "1", "A": "2"}`), Payload: jsonvalue.Value(`{"note": "x"}`)},
			Response: &gen.IntegrationLogResponse{Headers: jsonvalue.Value(`null`), Body: jsonvalue.Value(`"<html>"`)},
		},
		// Nulls and missing fields everywhere the schema allows.
		{BaseURL: "https://b.example", ID: new(2)},
	}
}

func write(t *testing.T, f Format, recs []gen.IntegrationLog) string {
	t.Helper()
	var buf bytes.Buffer
	w, err := New(&buf, f)
	if err != nil {
		t.Fatal(err)
	}
	for i := range recs {
		if err := w.Write(record(t, &recs[i])); err != nil {
			t.Fatal(err)
		}
	}
	if err := w.Close(); err != nil {
		t.Fatal(err)
	}
	return buf.String()
}

// record is l as the CLI hands it to a Writer: its JSON (here what
// encoding/json makes of it; the CLI has the bytes as received) and l.
func record(t testing.TB, l *gen.IntegrationLog) Record {
	t.Helper()
	var buf bytes.Buffer
	enc := json.NewEncoder(&buf)
	enc.SetEscapeHTML(false)
	if err := enc.Encode(l); err != nil {
		t.Fatal(err)
	}
	return Record{JSON: buf.Bytes(), Log: l}
}

func TestParseFormat(t *testing.T) {
	for _, s := range []string{"table", "json", "ndjson", "csv", "JSON", " csv "} {
		if _, err := ParseFormat(s); err != nil {
			t.Errorf("ParseFormat(%q): %v", s, err)
		}
	}
	for _, s := range []string{"", "yaml", "jsonl"} {
		if _, err := ParseFormat(s); err == nil || !strings.Contains(err.Error(), "table, json, ndjson, csv") {
			t.Errorf("ParseFormat(%q) err = %v, want one naming the formats", s, err)
		}
	}
	if _, err := ParseFormat("csv", Table, JSON); err == nil {
		t.Error("csv accepted where only table and json are")
	}
	if _, err := New(&bytes.Buffer{}, "xml"); err == nil {
		t.Error("New accepted xml")
	}
}

// The NDJSON object is the record as the API sent it: decoding it gives the
// same record, and union fields keep their exact bytes.
func TestNDJSON(t *testing.T) {
	recs := records()
	out := write(t, NDJSON, recs)
	lines := strings.Split(strings.TrimSuffix(out, "\n"), "\n")
	if len(lines) != len(recs) {
		t.Fatalf("%d lines, want %d:\n%s", len(lines), len(recs), out)
	}
	for i, line := range lines {
		var got gen.IntegrationLog
		if err := json.Unmarshal([]byte(line), &got); err != nil {
			t.Fatalf("line %d: %v", i, err)
		}
		want, _ := json.Marshal(recs[i])
		again, _ := json.Marshal(got)
		if !bytes.Equal(want, again) {
			t.Errorf("line %d round trip:\n got %s\nwant %s", i, again, want)
		}
	}
	if !strings.Contains(lines[0], `"headers":{"B":"1","A":"2"}`) || !strings.Contains(lines[0], `b=<2>`) {
		t.Errorf("key order or text not kept: %s", lines[0])
	}
	if strings.Contains(lines[1], "null") {
		t.Errorf("nil fields written: %s", lines[1])
	}
}

func TestJSON(t *testing.T) {
	recs := records()
	var got []map[string]any
	out := write(t, JSON, recs)
	if err := json.Unmarshal([]byte(out), &got); err != nil {
		t.Fatalf("%v:\n%s", err, out)
	}
	if len(got) != 2 || got[0]["id"] != 1.0 || got[1]["id"] != 2.0 {
		t.Errorf("got %v", got)
	}
	if out := write(t, JSON, nil); out != "[]\n" {
		t.Errorf("empty: %q", out)
	}
}

// A listing that fails before its first record prints nothing at all.
func TestFlushBeforeFirstRecordWritesNothing(t *testing.T) {
	for _, f := range Formats {
		var buf bytes.Buffer
		w, _ := New(&buf, f)
		if err := w.Flush(); err != nil || buf.Len() != 0 {
			t.Errorf("%s: Flush wrote %q, %v", f, buf.String(), err)
		}
	}
	if out := write(t, Table, nil); strings.Join(strings.Fields(out), " ") != "ID CREATED_AT METHOD RESPONSE_CODE EXCEPTION_TYPE FULL_URL" {
		t.Errorf("empty table: %q", out)
	}
}

// After an error the array stays unfinished, so a reader can tell.
func TestJSONFlushLeavesArrayOpen(t *testing.T) {
	var buf bytes.Buffer
	w, _ := New(&buf, JSON)
	r := records()
	_ = w.Write(record(t, &r[0]))
	if err := w.Flush(); err != nil {
		t.Fatal(err)
	}
	if !strings.HasPrefix(buf.String(), "[\n{") || json.Valid(buf.Bytes()) {
		t.Errorf("flushed output %q: want the record and no closing bracket", buf.String())
	}
}

func TestCSV(t *testing.T) {
	out := write(t, CSV, records())
	rows, err := csv.NewReader(strings.NewReader(out)).ReadAll()
	if err != nil {
		t.Fatal(err)
	}
	want := [][]string{
		{"id", "created_at", "method", "response_code", "exception_type", "full_url", "exception", "integration_id"},
		{"1", "2024-03-01T02:02:00.0000005+01:00", "POST", "495", "requests.exceptions.SSLError", "https://shop.example.com/x?a=1&b=<2>", "line one?line \"two\"", "9"},
		{"2", "", "", "", "", "", "", ""},
	}
	if len(rows) != len(want) {
		t.Fatalf("rows %q", rows)
	}
	for i := range want {
		if strings.Join(rows[i], "|") != strings.Join(want[i], "|") {
			t.Errorf("row %d = %q, want %q", i, rows[i], want[i])
		}
	}
	if out := write(t, CSV, nil); out != "id,created_at,method,response_code,exception_type,full_url,exception,integration_id\n" {
		t.Errorf("empty: %q", out)
	}
}

func TestTable(t *testing.T) {
	recs := records()
	recs[1].ExceptionType = new("Evil\ttab\x1b[31m")
	out := write(t, Table, recs)
	lines := strings.Split(strings.TrimSuffix(out, "\n"), "\n")
	if len(lines) != 3 {
		t.Fatalf("lines:\n%s", out)
	}
	if f := strings.Fields(lines[0]); strings.Join(f, " ") != "ID CREATED_AT METHOD RESPONSE_CODE EXCEPTION_TYPE FULL_URL" {
		t.Errorf("header %q", lines[0])
	}
	if f := strings.Fields(lines[1]); len(f) != 6 || f[1] != "2024-03-01T02:02:00+01:00" || f[3] != "495" {
		t.Errorf("row 1 %q", lines[1])
	}
	if f := strings.Fields(lines[2]); len(f) != 6 || f[4] != "Evil?tab?[31m" || f[5] != "-" {
		t.Errorf("row 2 %q", lines[2])
	}
	// Columns line up: the URL starts at the same offset in every row.
	if a, b := strings.Index(lines[0], "FULL_URL"), strings.Index(lines[1], "https://"); a != b {
		t.Errorf("FULL_URL at %d, URL at %d:\n%s", a, b, out)
	}
}

// countingWriter records how many bytes reached it.
type countingWriter struct{ n int }

func (c *countingWriter) Write(p []byte) (int, error) { c.n += len(p); return len(p), nil }

// Streaming: while records are written, bytes keep reaching the underlying
// writer; at Close only a bounded tail is left to write.
func TestStreaming(t *testing.T) {
	rec := records()[0]
	for _, f := range Formats {
		t.Run(string(f), func(t *testing.T) {
			var cw countingWriter
			w, _ := New(&cw, f)
			for range 20000 {
				if err := w.Write(record(t, &rec)); err != nil {
					t.Fatal(err)
				}
			}
			before := cw.n
			if err := w.Close(); err != nil {
				t.Fatal(err)
			}
			if tail := cw.n - before; tail > 1<<20 || before == 0 {
				t.Errorf("%d bytes held until Close, %d written before: records are accumulating", tail, before)
			}
		})
	}
}

type failingWriter struct{}

func (failingWriter) Write([]byte) (int, error) { return 0, errors.New("disk full") }

func TestWriteErrorsReported(t *testing.T) {
	rec := records()[0]
	for _, f := range Formats {
		w, _ := New(failingWriter{}, f)
		var err error
		for i := 0; i < 2000 && err == nil; i++ {
			err = w.Write(record(t, &rec))
		}
		if err == nil {
			err = w.Close()
		}
		if err == nil {
			t.Errorf("%s: write error not reported", f)
		}
	}
}
