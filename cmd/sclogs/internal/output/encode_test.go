package output

import (
	"bytes"
	"encoding/json"
	"strings"
	"testing"

	"github.com/sclogs/sclogs/gen"
)

// stdEncode is what encoding/json makes of v, without HTML escaping and
// without the Encoder's newline, with the characters it writes raw that the
// CLI escapes (Unsafe) escaped by EscapeJSON.
func stdEncode(t testing.TB, v any) ([]byte, error) {
	t.Helper()
	var buf bytes.Buffer
	enc := json.NewEncoder(&buf)
	enc.SetEscapeHTML(false)
	err := enc.Encode(v)
	return EscapeJSON(nil, bytes.TrimSuffix(buf.Bytes(), []byte("\n"))), err
}

// JSON and NDJSON write the record's object as received: every member,
// known to the spec or not, in the server's order, nulls kept, whitespace
// between tokens dropped (one record per line), Unsafe characters escaped.
func TestJSONWritesRecordAsReceived(t *testing.T) {
	t.Parallel()
	in := "{ \"zeta\" : {\"api_key\": \"[REDACTED]\"},\n\t\"id\": 1, \"full_url\": null,\r\n \"text\": \"a b\u2028\\u0041\", \"new\": [1, true] }"
	want := `{"zeta":{"api_key":"[REDACTED]"},"id":1,"full_url":null,"text":"a b\u2028\u0041","new":[1,true]}`
	l := &gen.IntegrationLog{ID: new(1)}
	var buf bytes.Buffer
	for _, f := range []Format{NDJSON, JSON} {
		buf.Reset()
		w, _ := New(&buf, f)
		if err := w.Write(Record{JSON: []byte(in), Log: l}); err != nil {
			t.Fatal(err)
		}
		if err := w.Close(); err != nil {
			t.Fatal(err)
		}
		got := buf.String()
		if f == JSON {
			got = strings.TrimSuffix(strings.TrimPrefix(got, "[\n"), "\n]\n") + "\n"
		}
		if got != want+"\n" {
			t.Errorf("%s: got %s, want %s", f, got, want)
		}
	}
}

func FuzzAppendRaw(f *testing.F) {
	for _, s := range []string{`{"a": [1, 2, "x \" y"], "b" : null}`, ` "s" `, "[\n\t1\r\n]", `"\\"`} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		if !json.Valid([]byte(s)) {
			return
		}
		want, err := stdEncode(t, json.RawMessage(s))
		if err != nil {
			return
		}
		if got := appendRaw(nil, []byte(s)); !bytes.Equal(got, want) {
			t.Fatalf("appendRaw(%q) = %s, want %s", s, got, want)
		}
	})
}
