package sclogstest

import (
	"slices"
	"sort"
	"time"
)

// entry is one record ready to serve.
type entry struct {
	at     time.Time // created_at, the sort key
	cursor string    // created_at as written in the record
	id     int
	raw    []byte // the record's JSON
}

// integration is the logs of one integration: generated ones (seeded, may be
// nil) merged with added ones, newest first.
type integration struct {
	meta   meta
	seeded *seeded
	added  []entry       // newest first
	shop   *shopStatuses // nil until first used (shopstatus.go)
}

// add inserts e keeping added newest first; among equal created_at the later
// insertion comes first, as a newer row would.
func (in *integration) add(e entry) {
	i := sort.Search(len(in.added), func(i int) bool { return !in.added[i].at.After(e.at) })
	in.added = slices.Insert(in.added, i, e)
}

// remove drops the added log with id, if any.
func (in *integration) remove(id int) {
	if i := slices.IndexFunc(in.added, func(e entry) bool { return e.id == id }); i >= 0 {
		in.added = slices.Delete(in.added, i, i+1)
	}
}

// newest returns the newest created_at, ok false when there are no logs.
func (in *integration) newest() (time.Time, bool) {
	var t time.Time
	ok := false
	if in.seeded != nil && in.seeded.n > 0 {
		t, _ = in.seeded.at(0)
		ok = true
	}
	if len(in.added) > 0 && (!ok || in.added[0].at.After(t)) {
		t, ok = in.added[0].at, true
	}
	return t, ok
}

// page returns up to size records older than cursor (all when cursor is
// nil), and whether more records remain after them. A record that shares its
// created_at with the last one on a page is not on the next page either:
// a created_at cursor cannot tell them apart.
func (in *integration) page(cursor *time.Time, size int) (out []entry, more bool) {
	n := 0
	if in.seeded != nil {
		n = in.seeded.n
	}
	a, b := 0, 0
	if cursor != nil {
		if n > 0 {
			a = in.seeded.first(*cursor)
		}
		b = olderThan(in.added, 0, *cursor)
	}
	for len(out) < size && (a < n || b < len(in.added)) {
		if a < n {
			t, _ := in.seeded.at(a)
			if b >= len(in.added) || t.After(in.added[b].at) {
				out = append(out, in.seeded.entry(a))
				a++
				continue
			}
		}
		out = append(out, in.added[b])
		b++
	}
	if len(out) == 0 {
		return out, false
	}
	last := out[len(out)-1].at
	if a < n {
		if t, _ := in.seeded.at(a); t.Before(last) {
			return out, true
		}
	}
	return out, olderThan(in.added, b, last) < len(in.added)
}

// olderThan returns the first index from i on whose created_at is before t.
func olderThan(es []entry, i int, t time.Time) int {
	return i + sort.Search(len(es)-i, func(j int) bool { return es[i+j].at.Before(t) })
}

// cutPage makes a page of at most size records from ents, the records older
// than the cursor newest first, of which the caller fetched size+1. A page
// never ends inside a run of records with the same created_at when it can
// help it: the next page's cursor is a created_at and starts strictly older,
// so the rest of such a run would be skipped. The page then ends before the
// run, which the next page starts with. Only a run longer than the page
// itself cannot be served whole; older says whether any record is older than
// a time. It also returns whether more records follow the page.
func cutPage(ents []entry, size int, older func(time.Time) bool) ([]entry, bool) {
	if len(ents) <= size {
		return ents, false
	}
	out := ents[:size:size]
	last := out[size-1].at
	if !ents[size].at.Equal(last) {
		return out, true
	}
	i := size - 1
	for i >= 0 && out[i].at.Equal(last) {
		i--
	}
	if i >= 0 {
		return out[: i+1 : i+1], true
	}
	return out, older(last)
}
