package doctor

import (
	"bytes"
	"fmt"
	"math/rand/v2"
	"reflect"
	"runtime"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/sclogs/sclogs/gen"
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
	// Newest first, as the API lists: a frequent recent cause, then a
	// cause per record, each older than the one before.
	one := 1
	add := func(l *gen.IntegrationLog) {
		l.IntegrationID = &one
		r.Add(l)
	}
	for i := range 5 {
		add(rec("requests.exceptions.SSLError", 495, "https://shop.example/orders/1.json", at.Add(time.Duration(n)*time.Second-time.Duration(i)*time.Minute)))
	}
	for i := range n {
		add(rec("requests.exceptions.HTTPError", 500, fmt.Sprintf("https://h%d.example/x", i), at.Add(time.Duration(n-i)*time.Second)))
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

// More causes than a report keeps, from 40 integrations each listed newest
// first, and from records without an integration_id spread over them: read
// one integration after another, interleaved at random, or merged newest
// first (the account-wide cursor), the report is the same — which causes
// are kept does not depend on the order — and the account-wide order keeps
// the first causes of integrations it meets.
func TestReportBoundIsOrderIndependent(t *testing.T) {
	t.Parallel()
	at := time.Date(2025, 11, 24, 12, 0, 0, 0, time.UTC)
	const integrations, perIntegration = 40, 100 // 4,000 records, 2,000 causes
	streams := make([][]*gen.IntegrationLog, integrations)
	for in := range integrations {
		for j := range perIntegration {
			// Two records a cause, the causes of each integration spread
			// over the whole period, so the streams interleave in time.
			l := rec("requests.exceptions.HTTPError", 500, fmt.Sprintf("https://shop%d.example/p%d", in, j/2),
				at.Add(-time.Duration(j*integrations+in)*time.Minute))
			if j%3 != 2 { // every third record says no integration: its causes span the listings
				id := in + 1
				l.IntegrationID = &id
			} else {
				u := fmt.Sprintf("https://anon.example/q%d", (j*integrations+in)/97)
				l.FullURL = &u
			}
			streams[in] = append(streams[in], l)
		}
	}
	report := func(order []*gen.IntegrationLog) ([]Group, []Integration) {
		r := New()
		for _, l := range order {
			r.Add(l)
		}
		if len(r.groups) > KeptCauses {
			t.Fatalf("%d groups kept", len(r.groups))
		}
		return r.Groups(), r.Integrations()
	}
	var sequential, merged []*gen.IntegrationLog
	for _, s := range streams {
		sequential = append(sequential, s...)
	}
	merged = slices.Clone(sequential)
	slices.SortStableFunc(merged, func(a, b *gen.IntegrationLog) int { return b.CreatedAt.Compare(*a.CreatedAt) })
	wantGroups, wantIns := report(merged)
	if other := wantGroups[len(wantGroups)-1]; !other.Other || other.Count == 0 {
		t.Fatalf("other group %+v", other)
	}
	// The single cursor keeps the first causes of integrations it meets.
	first := map[string]bool{}
	for _, l := range merged {
		if len(first) == KeptCauses { // causes without an integration go first when the report is full
			break
		}
		if l.IntegrationID != nil {
			first[*l.FullURL] = true
		}
	}
	for _, g := range wantGroups[:len(wantGroups)-1] {
		if g.IntegrationID != 0 && !first[g.ExampleURL] {
			t.Errorf("listed cause %q is not among the first met newest first", g.Cause)
		}
	}
	rng := rand.New(rand.NewPCG(1, 2))
	for round := range 5 {
		var order []*gen.IntegrationLog
		if round == 0 {
			order = sequential
		} else { // a random interleaving, each integration still newest first
			next := make([]int, integrations)
			for len(order) < len(sequential) {
				in := rng.IntN(integrations)
				if next[in] < perIntegration {
					order = append(order, streams[in][next[in]])
					next[in]++
				}
			}
		}
		groups, ins := report(order)
		if !reflect.DeepEqual(groups, wantGroups) || !reflect.DeepEqual(ins, wantIns) {
			t.Errorf("round %d: the report differs from the account-wide cursor's", round)
		}
	}
}
