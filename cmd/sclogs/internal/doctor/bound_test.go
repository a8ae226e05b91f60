package doctor

import (
	"bytes"
	"fmt"
	"runtime"
	"strings"
	"testing"
	"time"
)

// 100,000 distinct causes (a host per record): the report keeps at most
// KeptCauses groups while it reads, and every output lists the MaxCauses
// most frequent plus one "other" group; the counts still add up.
func TestReportBoundsCauses(t *testing.T) {
	// Not parallel: it measures the heap.
	at := time.Date(2025, 11, 24, 12, 0, 0, 0, time.UTC)
	var before, after runtime.MemStats
	runtime.GC()
	runtime.ReadMemStats(&before)
	r := New()
	const n = 100_000
	// Two frequent causes, one of them first seen after the report is full.
	for i := range 5 {
		r.Add(rec("requests.exceptions.SSLError", 495, "https://shop.example/orders/1.json", at.Add(time.Duration(i)*time.Minute)))
	}
	for i := range n {
		r.Add(rec("requests.exceptions.HTTPError", 500, fmt.Sprintf("https://h%d.example/x", i), at.Add(time.Duration(i)*time.Second)))
	}
	runtime.GC()
	runtime.ReadMemStats(&after)
	held := int64(after.HeapAlloc) - int64(before.HeapAlloc)
	t.Logf("a report of %d causes holds %.1f MiB", n, float64(held)/(1<<20))
	if held > 16<<20 {
		t.Errorf("a report of %d distinct causes holds %d MiB: not bounded", n, held>>20)
	}
	if len(r.groups) > KeptCauses {
		t.Fatalf("%d groups kept, want at most %d", len(r.groups), KeptCauses)
	}
	groups := r.Groups()
	if len(groups) != MaxCauses+1 {
		t.Fatalf("%d groups, want %d and the other group", len(groups), MaxCauses)
	}
	if groups[0].Count != 5 || !strings.Contains(groups[0].Cause, "SSLError") {
		t.Errorf("first group %+v, want the SSLError cause with 5 logs", groups[0])
	}
	other := groups[len(groups)-1]
	sum := 0
	for _, g := range groups {
		sum += g.Count
		if g.Other != (g.Cause == other.Cause) {
			t.Errorf("group %q: Other %v", g.Cause, g.Other)
		}
	}
	if !other.Other || sum != r.Total() || other.Count != n+5-5-(MaxCauses-1) {
		t.Errorf("other group %d logs, total %d of %d", other.Count, sum, r.Total())
	}
	if other.Timeline.Total() != other.Count || other.FirstSeen == nil || other.LastSeen == nil {
		t.Errorf("other group: timeline %d, first %v, last %v", other.Timeline.Total(), other.FirstSeen, other.LastSeen)
	}
	var js, table bytes.Buffer
	if err := WriteJSON(&js, groups); err != nil {
		t.Fatal(err)
	}
	if js.Len() > 200<<10 {
		t.Errorf("-o json is %d bytes for %d causes: not bounded", js.Len(), n)
	}
	if err := WriteTable(&table, r.Total(), groups, 0); err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(table.String(), "more than 1000 causes") {
		t.Errorf("the table does not count the other group's causes:\n%.2000s", table.String())
	}
	table.Reset()
	if err := (TableOptions{MaxRows: MaxCauses + 1, Labels: map[int]string{}}).Write(&table, r.Total(), groups); err != nil {
		t.Fatal(err)
	}
	if out := table.String(); !strings.Contains(out, "\nOther causes:\n") {
		t.Errorf("the other group is not listed under its own title:\n%.3000s", out[max(0, len(out)-3000):])
	}
}

// Fewer causes than MaxCauses: no other group.
func TestReportNoOtherWhenFew(t *testing.T) {
	t.Parallel()
	r := New()
	r.Add(rec("x", 500, "https://a.example/x", time.Now()))
	if g := r.Groups(); len(g) != 1 || g[0].Other {
		t.Errorf("groups %+v", g)
	}
}

// 5,000 integration ids (a server can send any): the report keeps
// KeptIntegrations apart and counts the rest together; counts add up.
func TestReportBoundsIntegrations(t *testing.T) {
	t.Parallel()
	r := New()
	at := time.Date(2025, 11, 24, 12, 0, 0, 0, time.UTC)
	for i := range 5000 {
		l := rec("requests.exceptions.SSLError", 495, "https://shop.example/x", at)
		id := i + 1
		l.IntegrationID = &id
		r.Add(l)
	}
	ins := r.Integrations()
	if len(ins) != KeptIntegrations+1 {
		t.Fatalf("%d integrations, want %d and one for the rest", len(ins), KeptIntegrations)
	}
	sum := 0
	for _, in := range ins {
		sum += in.Count
		if in.ID == OtherIntegrations && in.Count != 5000-KeptIntegrations {
			t.Errorf("the rest: %d logs, want %d", in.Count, 5000-KeptIntegrations)
		}
	}
	if sum != r.Total() || IntegrationTitle(OtherIntegrations, "") != "Integrations beyond the first 1000" {
		t.Errorf("counts add up to %d of %d", sum, r.Total())
	}
}
