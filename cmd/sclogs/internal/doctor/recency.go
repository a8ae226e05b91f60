package doctor

import (
	"cmp"
	"hash/fnv"
	"time"

	"github.com/sclogs/sclogs/gen"
)

// recency is a heap of a report's kept groups, least recent first: by the
// newest record's created_at, then by key, so that the order is total and
// the same whatever order the records came in.
type recency []*Group

func (h recency) Len() int           { return len(h) }
func (h recency) Less(i, j int) bool { return lessRecent(h[i].recent(), h[i].k, h[j].recent(), h[j].k) }
func (h recency) Swap(i, j int) {
	h[i], h[j] = h[j], h[i]
	h[i].index, h[j].index = i, j
}

func (h *recency) Push(x any) {
	g := x.(*Group)
	g.index = len(*h)
	*h = append(*h, g)
}

func (h *recency) Pop() any {
	old := *h
	g := old[len(old)-1]
	old[len(old)-1] = nil
	*h = old[:len(old)-1]
	return g
}

// recent is the group's newest created_at (the zero time when none had one).
func (g *Group) recent() time.Time {
	if g.LastSeen == nil {
		return time.Time{}
	}
	return *g.LastSeen
}

// recordTime is a record's created_at, the zero time when it has none.
func recordTime(l *gen.IntegrationLog) time.Time {
	if l.CreatedAt == nil {
		return time.Time{}
	}
	return *l.CreatedAt
}

// lessRecent is the order in which a full report lets causes go, first
// to last. A cause's place must be known when its first record comes, so
// that the causes kept do not depend on the order records come in:
//   - causes of records without an integration_id go first, ordered by a
//     fixed hash of their key: read integration by integration, their
//     records come from several listings, so the first one met need not
//     be the newest;
//   - then the other causes by their newest record (their first one: each
//     listing is newest first), older first;
//   - equal places by key.
func lessRecent(at time.Time, k key, bt time.Time, bk key) bool {
	switch {
	case (k.integration == 0) != (bk.integration == 0):
		return k.integration == 0
	case k.integration == 0:
		if ha, hb := keyHash(k), keyHash(bk); ha != hb {
			return ha < hb
		}
	default:
		if c := at.Compare(bt); c != 0 {
			return c < 0
		}
	}
	return compareKeys(k, bk) < 0
}

// keyHash is a hash of k that is the same in every run (FNV-1a), so that
// two runs over the same logs keep the same causes.
func keyHash(k key) uint64 {
	h := fnv.New64a()
	for _, s := range [...]string{k.typ, k.status, k.host, k.pattern} {
		h.Write([]byte(s))
		h.Write([]byte{0})
	}
	return h.Sum64()
}

func compareKeys(a, b key) int {
	if c := cmp.Compare(a.integration, b.integration); c != 0 {
		return c
	}
	if c := cmp.Compare(a.typ, b.typ); c != 0 {
		return c
	}
	if c := cmp.Compare(a.status, b.status); c != 0 {
		return c
	}
	if c := cmp.Compare(a.host, b.host); c != 0 {
		return c
	}
	return cmp.Compare(a.pattern, b.pattern)
}
