package doctor

import (
	"bytes"
	"encoding/json"
	"github.com/sclogs/sclogs/cmd/sclogs/internal/termwidth"
	"strings"
	"testing"
	"time"

	"github.com/sclogs/sclogs/gen"
)

func rec(typ string, status int, url string, at time.Time) *gen.IntegrationLog {
	l := &gen.IntegrationLog{BaseURL: "https://shop.example.com", CreatedAt: &at}
	if typ != "" {
		l.ExceptionType = &typ
	}
	if status != 0 {
		l.ResponseCode = &status
	}
	if url != "" {
		l.FullURL = &url
	}
	return l
}

func TestReport(t *testing.T) {
	day := func(d int) time.Time { return time.Date(2024, 3, d, 12, 0, 0, 0, time.UTC) }
	const ssl = "requests.exceptions.SSLError"
	const httpErr = "requests.exceptions.HTTPError"
	r := New()
	for _, l := range []*gen.IntegrationLog{
		rec(ssl, 495, "https://shop.example.com/orders/3.json", day(5)),
		rec(ssl, 495, "https://shop.example.com/orders/2.json", day(3)),
		rec(ssl, 495, "https://shop.example.com/orders/1.json?access_token=secret1", day(9)), // the newest: the example
		rec(httpErr, 500, "https://shop.example.com/orders/1", day(1)),
		rec(httpErr, 502, "https://shop.example.com/orders/2", day(2)), // same class: same group
		rec(httpErr, 401, "https://shop.example.com/orders/2", day(2)),
		rec(httpErr, 404, "https://shop.example.com/orders/2", day(2)),
		rec("", 0, "", day(4)),             // base_url only
		{BaseURL: "https://other.example"}, // no time at all
	} {
		r.Add(redacted(t, l))
	}
	groups := r.Groups()
	sum := 0
	for _, g := range groups {
		sum += g.Count
	}
	if r.Total() != 9 || sum != 9 {
		t.Errorf("total %d, sum of counts %d; want 9", r.Total(), sum)
	}
	if len(groups) != 6 {
		t.Fatalf("%d groups: %+v", len(groups), groups)
	}
	g := groups[0]
	if g.Count != 3 || g.HintID != "ssl" || g.Status != "495" || g.Host != "shop.example.com" ||
		g.PathPattern != "/orders/{id}.json" || g.ExceptionType != ssl {
		t.Errorf("first group %+v", g)
	}
	if !g.FirstSeen.Equal(day(3)) || !g.LastSeen.Equal(day(9)) {
		t.Errorf("first/last seen %v %v", g.FirstSeen, g.LastSeen)
	}
	if g.ExampleURL != "https://shop.example.com/orders/1.json?access_token=[REDACTED]" {
		t.Errorf("example %q", g.ExampleURL)
	}
	if g.Cause != ssl+", HTTP 495, at shop.example.com/orders/{id}.json" {
		t.Errorf("cause %q", g.Cause)
	}
	if groups[1].Count != 2 || groups[1].Status != "5xx" || groups[1].HintID != "server_error" {
		t.Errorf("second group %+v", groups[1])
	}
	// Ties are ordered by cause.
	for i := 2; i < len(groups)-1; i++ {
		if groups[i].Cause > groups[i+1].Cause {
			t.Errorf("ties out of order: %q before %q", groups[i].Cause, groups[i+1].Cause)
		}
	}
	last := groups[len(groups)-1]
	for _, g := range groups {
		if g.Host == "other.example" {
			last = g
		}
	}
	if last.FirstSeen != nil || last.HintID != "unknown" || !strings.Contains(last.Cause, "no exception type, no HTTP status") {
		t.Errorf("group without time or type: %+v", last)
	}
}

func TestRender(t *testing.T) {
	r := New()
	at := time.Date(2024, 3, 1, 0, 0, 0, 0, time.UTC)
	r.Add(redacted(t, rec("requests.exceptions.ReadTimeout", 0, "https://shop.example.com/x?token=t", at)))
	r.Add(redacted(t, rec("requests.exceptions.HTTPError", 429, "https://shop.example.com/y\x1b[2J", at)))

	var js bytes.Buffer
	if err := WriteJSON(&js, r.Groups()); err != nil {
		t.Fatal(err)
	}
	var got []map[string]any
	if err := json.Unmarshal(js.Bytes(), &got); err != nil {
		t.Fatal(err)
	}
	for _, k := range []string{"cause", "count", "first_seen", "last_seen", "example_url", "hint"} {
		if _, ok := got[0][k]; !ok {
			t.Errorf("json lacks %q: %v", k, got[0])
		}
	}
	js.Reset()
	_ = WriteJSON(&js, nil)
	if strings.TrimSpace(js.String()) != "[]" {
		t.Errorf("empty json %q", js.String())
	}

	var tb bytes.Buffer
	if err := WriteTable(&tb, r.Total(), r.Groups(), MaxTableRows); err != nil {
		t.Fatal(err)
	}
	out := tb.String()
	for _, want := range []string{"2 logs read, 2 causes", "COUNT", "Shop unreachable or too slow", "Shop throttles Sendcloud",
		"token=[REDACTED]", "What to do, most frequent first:", "firewall", "(1 log)"} {
		if !strings.Contains(out, want) {
			t.Errorf("table lacks %q:\n%s", want, out)
		}
	}
	if strings.Contains(out, "\x1b") {
		t.Errorf("control characters reached the table")
	}
	tb.Reset()
	_ = WriteTable(&tb, 0, nil, MaxTableRows)
	if !strings.Contains(tb.String(), "No logs") {
		t.Errorf("empty table %q", tb.String())
	}
}

func TestTableCapAndByHint(t *testing.T) {
	r := New()
	at := time.Date(2024, 3, 1, 0, 0, 0, 0, time.UTC)
	for i := range MaxTableRows + 5 {
		host := "https://shop" + itoa(i) + ".example.com/x"
		for range 1 + i%3 {
			r.Add(redacted(t, rec("requests.exceptions.HTTPError", 404+i%2*97, host, at))) // 404 and 501
		}
	}
	groups := r.Groups()
	var tb bytes.Buffer
	if err := WriteTable(&tb, r.Total(), groups, MaxTableRows); err != nil {
		t.Fatal(err)
	}
	out := tb.String()
	rest := 0
	for _, g := range groups[MaxTableRows:] {
		rest += g.Count
	}
	if want := "... and 5 more causes with " + itoa(rest) + " logs"; !strings.Contains(out, want) {
		t.Errorf("table lacks %q:\n%s", want, out)
	}
	by := ByHint(groups)
	if len(by) != 2 || by[0].Count+by[1].Count != r.Total() || by[0].Count < by[1].Count {
		t.Errorf("ByHint = %+v, total %d", by, r.Total())
	}
	if strings.Index(out, by[0].Hint.Title+" (") > strings.Index(out, by[1].Hint.Title+" (") {
		t.Errorf("advice not most frequent first:\n%s", out)
	}
}

// On a narrow terminal every line of the table fits, whatever the shops
// wrote (wide characters, combining marks, escapes), and nothing is lost
// from the advice: it is wrapped, not cut.
func TestTableFitsWidth(t *testing.T) {
	r := New()
	at := time.Date(2025, 3, 1, 0, 0, 0, 0, time.UTC)
	for i, typ := range []string{"requests.exceptions.SSLError", "日本語のとても長い例外の種類エラー", "e\u0301\u0301\u0301xception\x1b[2J", "🙂🙂🙂🙂🙂🙂🙂🙂🙂🙂🙂🙂🙂🙂"} {
		for j := range 3 + i {
			r.Add(redacted(t, rec(typ, 500+j, "https://店.example.com/注文/"+itoa(j)+"?token=s3cr3t", at.Add(time.Duration(i*j)*time.Hour))))
		}
	}
	for _, width := range []int{40, 60, 80, 120} {
		var b bytes.Buffer
		opts := TableOptions{Width: width, Labels: map[int]string{0: "Shop 日本"}}
		if err := opts.Write(&b, r.Total(), r.Groups()); err != nil {
			t.Fatal(err)
		}
		advice := ""
		for _, line := range strings.Split(b.String(), "\n") {
			if w := termwidth.String(line); w > width {
				t.Errorf("width %d: line %d wide: %q", width, w, line)
			}
			if strings.Contains(line, "\x1b") {
				t.Errorf("escape in %q", line)
			}
			advice += " " + strings.TrimSpace(line)
		}
		if !strings.Contains(strings.Join(strings.Fields(advice), " "), strings.Join(strings.Fields(Hints[0].Text), " ")) {
			t.Errorf("width %d: the SSL advice is not there whole:\n%s", width, b.String())
		}
	}
}
