package sparkline

import (
	"testing"
	"time"
	"unicode/utf8"
)

// The counts survive any order of times and any span: what Rebin spreads
// adds up to what was added, and memory stays Buckets counters.
func TestHistKeepsEveryEvent(t *testing.T) {
	base := time.Date(2025, 11, 24, 12, 0, 0, 0, time.UTC)
	var h Hist
	n := 0
	add := func(t time.Time) { h.Add(t); n++ }
	for i := range 1000 { // newest first, as the API lists
		add(base.Add(-time.Duration(i) * 7 * time.Minute))
	}
	add(base.Add(400 * 24 * time.Hour)) // far in the future
	add(time.Time{})                    // year 1
	add(base)
	sum := 0
	for _, c := range h.Rebin(time.Time{}, base.Add(500*24*time.Hour), 40) {
		sum += c
	}
	if sum != n || h.Total() != n {
		t.Errorf("Rebin sums to %d, Total %d; want %d", sum, h.Total(), n)
	}
}

// Rebin puts each bucket where its time is: events early in the period in
// the first columns, late ones in the last.
func TestRebinPlacesEvents(t *testing.T) {
	from := time.Date(2025, 11, 1, 0, 0, 0, 0, time.UTC)
	to := from.Add(10 * 24 * time.Hour)
	var h Hist
	for range 5 {
		h.Add(from.Add(time.Hour)) // day 0
	}
	h.Add(from.Add(9*24*time.Hour + time.Hour)) // day 9
	got := h.Rebin(from, to, 10)
	if got[0] != 5 || got[9] != 1 || got[5] != 0 {
		t.Errorf("Rebin = %v, want 5 in the first column, 1 in the last", got)
	}
	if s := Draw(got); utf8.RuneCountInString(s) != 10 || []rune(s)[0] != '█' || []rune(s)[5] != empty || []rune(s)[9] == empty {
		t.Errorf("Draw = %q", s)
	}
	var empty Hist
	if got := empty.Rebin(from, to, 3); len(got) != 3 || got[0]+got[1]+got[2] != 0 {
		t.Errorf("empty Rebin = %v", got)
	}
	if Draw([]int{0, 1, 100}) != "·▁█" && Draw([]int{0, 1, 100}) != "·▂█" {
		t.Errorf("Draw(0,1,100) = %q: one event next to many must still show", Draw([]int{0, 1, 100}))
	}
}
