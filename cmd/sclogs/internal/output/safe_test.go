package output

import (
	"encoding/csv"
	"encoding/json"
	"reflect"
	"strings"
	"testing"
	"unicode/utf8"

	"github.com/sclogs/sclogs/gen"
	"github.com/sclogs/sclogs/jsonvalue"
)

// hostile holds every kind of character that must not reach a reader raw,
// each named, with visible text around it.
var hostile = map[string]string{
	"ESC CSI":           "a\x1b[31mb",
	"OSC title":         "a\x1b]0;pwned\x07b",
	"tab":               "a\tb",
	"newline":           "a\nb",
	"CR":                "a\rb",
	"DEL":               "a\x7fb",
	"C1 NEL":            "a\u0085b",
	"C1 CSI":            "a\u009b31mb",
	"RLO":               "a\u202eb",
	"LRE":               "a\u202ab",
	"RLI":               "a\u2067b",
	"PDI":               "a\u2069b",
	"ALM":               "a\u061cb",
	"LRM":               "a\u200eb",
	"RLM":               "a\u200fb",
	"ZWSP":              "a\u200bb",
	"ZWNJ":              "a\u200cb",
	"ZWJ":               "a\u200db",
	"line separator":    "a\u2028b",
	"para separator":    "a\u2029b",
	"BOM":               "a\ufeffb",
	"soft hyphen":       "a\u00adb",
	"word joiner":       "a\u2060b",
	"tag character":     "a\U000E0041b",
	"invalid UTF-8":     "a\xffb",
	"interlinear annot": "a\ufff9b",
}

// rawUnsafe reports the first character of s that must never be written
// raw, found independently of Unsafe: by the list of ranges in the issue.
func rawUnsafe(s string) (rune, bool) {
	for i := 0; i < len(s); {
		r, size := utf8.DecodeRuneInString(s[i:])
		switch {
		case r == utf8.RuneError && size == 1,
			r < 0x20, r >= 0x7f && r <= 0x9f,
			r >= 0x200b && r <= 0x200f, r >= 0x202a && r <= 0x202e, r >= 0x2060 && r <= 0x206f,
			r == 0x2028, r == 0x2029, r == 0x061c, r == 0xfeff, r == 0x00ad, r >= 0xfff9 && r <= 0xfffb,
			r >= 0xe0000 && r <= 0xe007f:
			return r, true
		}
		i += size
	}
	return 0, false
}

func TestCell(t *testing.T) {
	for name, in := range hostile {
		got := Cell(in)
		if r, bad := rawUnsafe(got); bad {
			t.Errorf("%s: Cell(%q) = %q keeps %U", name, in, got, r)
		}
		if !strings.HasPrefix(got, "a?") || !strings.HasSuffix(got, "b") {
			t.Errorf("%s: Cell(%q) = %q, want the character replaced by '?'", name, in, got)
		}
	}
	for _, keep := range []string{"plain", "üñí € 日本語 😀 ‐ – —", "https://shop.example/ä?x=1"} {
		if got := Cell(keep); got != keep {
			t.Errorf("Cell(%q) = %q, want it unchanged", keep, got)
		}
	}
}

func hostileRecord(text string) gen.IntegrationLog {
	v := jsonvalue.MustOf(text)
	return gen.IntegrationLog{
		ID: new(-5), ResponseCode: new(-1), BaseURL: "https://shop.example/" + text, FullURL: new(text),
		Method: new(text), ExceptionType: new(text), Exception: new(text), AdditionalData: v,
		Request:  &gen.IntegrationLogRequest{Headers: jsonvalue.Value(`{"X": ` + string(v) + `}`), Payload: v},
		Response: &gen.IntegrationLogResponse{Body: jsonvalue.Value(`[` + string(v) + `]`)},
	}
}

// No format writes a hostile character raw; the table and CSV replace it,
// JSON and NDJSON escape it and decode to the very same values.
func TestOutputNeutralisesHostileText(t *testing.T) {
	for name, text := range hostile {
		rec := hostileRecord(text)
		for _, f := range Formats {
			out := write(t, f, []gen.IntegrationLog{rec})
			body := out
			if f == Table || f == CSV {
				// Their own layout: tabs/spaces, newlines and CSV quotes.
				body = strings.NewReplacer("\n", "", "\r", "").Replace(out)
			}
			if f == JSON || f == NDJSON {
				body = strings.ReplaceAll(out, "\n", "")
			}
			if r, bad := rawUnsafe(body); bad {
				t.Errorf("%s, %s: %U written raw:\n%q", name, f, r, out)
			}
		}
		// JSON decodes to what encoding/json makes of the record.
		line := strings.TrimSuffix(write(t, NDJSON, []gen.IntegrationLog{rec}), "\n")
		var got gen.IntegrationLog
		if err := json.Unmarshal([]byte(line), &got); err != nil {
			t.Fatalf("%s: %v\n%s", name, err, line)
		}
		var gotV, wantV any
		want, _ := json.Marshal(rec)
		again, _ := json.Marshal(got)
		_ = json.Unmarshal(want, &wantV)
		_ = json.Unmarshal(again, &gotV)
		if !reflect.DeepEqual(gotV, wantV) {
			t.Errorf("%s: NDJSON does not decode to the record:\n got %s\nwant %s", name, again, want)
		}
	}
}

func TestCSVDefusesFormulas(t *testing.T) {
	recs := []gen.IntegrationLog{
		{ID: new(-5), ResponseCode: new(-1), BaseURL: "b", Method: new("=HYPERLINK(\"http://evil\",\"x\")"),
			ExceptionType: new("+cmd|' /C calc'!A0"), FullURL: new("-2+3")},
		{ID: new(7), BaseURL: "b", Method: new("@SUM(A1:A2)"), ExceptionType: new("\t=1+1"), FullURL: new("\r=1")},
		{ID: new(8), BaseURL: "b", Method: new("  =1"), ExceptionType: new("＝1"), FullURL: new("https://s.example/?a=-1"),
			Exception: new("=1+2 in the exception text")},
	}
	rows, err := csv.NewReader(strings.NewReader(write(t, CSV, recs))).ReadAll()
	if err != nil {
		t.Fatal(err)
	}
	want := [][]string{
		{"-5", "", "'=HYPERLINK(\"http://evil\",\"x\")", "-1", "'+cmd|' /C calc'!A0", "'-2+3", "", ""},
		{"7", "", "'@SUM(A1:A2)", "", "'?=1+1", "'?=1", "", ""},
		{"8", "", "'  =1", "", "'＝1", "https://s.example/?a=-1", "'=1+2 in the exception text", ""},
	}
	for i, w := range want {
		if strings.Join(rows[i+1], "|") != strings.Join(w, "|") {
			t.Errorf("row %d = %q\n want %q", i+1, rows[i+1], w)
		}
	}
}
