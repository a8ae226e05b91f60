package doctor

import (
	"bytes"
	"strconv"
	"strings"
	"testing"
	"time"
)

// Account-wide, the table lists failing integrations first and ranks its
// rows 1, 2, 3… down the page, whatever integration they are under.
func TestTableRanksAndFailingFirst(t *testing.T) {
	t.Parallel()
	at := time.Date(2025, 11, 24, 12, 0, 0, 0, time.UTC)
	r := New()
	add := func(integ, n int, url string) {
		for range n {
			l := rec("requests.exceptions.HTTPError", 500, url, at)
			l.IntegrationID = &integ
			r.Add(l)
		}
	}
	add(1, 9, "https://busy.example/a") // not failing, the most logs
	add(2, 5, "https://failing.example/a")
	add(1, 4, "https://busy.example/b")
	add(2, 3, "https://failing.example/b")
	var buf bytes.Buffer
	o := TableOptions{Labels: map[int]string{1: "Busy", 2: "Failing"}, Failing: map[int]time.Time{2: at}}
	if err := o.Write(&buf, r.Total(), r.Groups()); err != nil {
		t.Fatal(err)
	}
	out := buf.String()
	if strings.Index(out, "Integration 2 (Failing)") > strings.Index(out, "Integration 1 (Busy)") {
		t.Errorf("the failing integration is not first:\n%s", out)
	}
	rank := 0
	for _, line := range strings.Split(out, "\n") {
		f := strings.Fields(line)
		if len(f) > 2 && strings.Contains(line, ".example") {
			rank++
			if f[0] != strconv.Itoa(rank) {
				t.Errorf("rank %s, want %d: ranks must run on down the page\n%s", f[0], rank, out)
			}
		}
	}
	if rank != 4 {
		t.Errorf("%d rows, want 4:\n%s", rank, out)
	}
}
