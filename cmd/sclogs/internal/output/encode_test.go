package output

import (
	"bytes"
	"encoding/json"
	"strings"
	"testing"

	"github.com/sclogs/sclogs/gen"
	"github.com/sclogs/sclogs/internal/redact"
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

// appendRecord writes every record byte for byte as appendRaw does: a
// record as redaction returns it with what it says of compactness (the
// CLI's pipeline), and the same bytes said not compact.
func FuzzAppendRecord(f *testing.F) {
	for _, s := range []string{`{"a":[1,2,"x \" y"],"b":null}`, `{"a": 1}`, "{\"t\":\"a\u2028b\u00e9\x7f\"}", `{"k":"\u0041"}`,
		"{\"password\":\"\xff\"}", `{"payload":"{\"api_key\": \"x\"}"}`, ` "s" `, `{"":"\0"}`, `{"s":"` + strings.Repeat("ab", 40) + `"}`} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		out, _, compact := redact.AppendCompact(nil, []byte(s))
		want := appendRaw([]byte("x"), out)
		for _, c := range []bool{compact, false} {
			if got := appendRecord([]byte("x"), Record{JSON: out, Compact: c}); !bytes.Equal(got, want) {
				t.Fatalf("%q (compact %v, said %v): appendRecord %q, appendRaw %q", s, compact, c, got, want)
			}
		}
	})
}

// hasDELOrNonASCII finds a byte of 0x7f or above at every position of
// inputs of every length up to 80, among bytes below it.
func TestHasDELOrNonASCII(t *testing.T) {
	t.Parallel()
	for n := 0; n <= 80; n++ {
		for _, fill := range []byte{0, 'a', 0x7e} {
			b := bytes.Repeat([]byte{fill}, n)
			if hasDELOrNonASCII(b) {
				t.Fatalf("%d bytes of %#x: found one", n, fill)
			}
			for i := range b {
				for c := 0x7e; c < 256; c++ {
					b[i] = byte(c)
					if got := hasDELOrNonASCII(b); got != (c >= 0x7f) {
						t.Fatalf("%#x at %d of %d bytes of %#x: %v", c, i, n, fill, got)
					}
				}
				b[i] = fill
			}
		}
	}
}
