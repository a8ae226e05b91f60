// Package doctor groups integration log records by cause — exception type,
// HTTP status class, and the shop host and path pattern — and attaches to
// each group the fix hint of the one hints table (see Hints). Memory grows
// with the number of groups, never with the number of records.
package doctor

import (
	"cmp"
	"container/heap"
	"slices"
	"strings"
	"time"

	"github.com/sclogs/sclogs/cmd/sclogs/internal/sparkline"
	"github.com/sclogs/sclogs/gen"
)

// Group is one cause with its counts, as printed by `sclogs doctor`.
type Group struct {
	// IntegrationID is the integration the records came from (0 when they
	// did not say).
	IntegrationID int `json:"integration_id,omitempty"`
	// ShopName is the integration's shop name, in account-wide reports
	// (see Label).
	ShopName string `json:"shop_name,omitempty"`
	// Cause is the group's readable name: exception type, status, where.
	Cause string `json:"cause"`
	// ExceptionType is the records' exception_type ("" when they had none).
	ExceptionType string `json:"exception_type"`
	// Status is the response_code class: the exact code when the hints table
	// lists it (e.g. "401"), else "5xx"-style; "" when there was none.
	Status string `json:"status"`
	// Host and PathPattern say where: the shop host, and the path with ids
	// replaced by {id}.
	Host        string `json:"host"`
	PathPattern string `json:"path_pattern"`
	// Count is how many records fell in the group.
	Count int `json:"count"`
	// FirstSeen and LastSeen are the oldest and newest created_at (nil when
	// no record of the group had one).
	FirstSeen *time.Time `json:"first_seen"`
	LastSeen  *time.Time `json:"last_seen"`
	// ExampleURL is the full_url (or base_url) of the group's newest record
	// (equal times: the higher id), as redacted by the pipeline (with the
	// path segments the pattern hides hidden too): the first one the API
	// lists, whatever order the records were added in.
	ExampleURL string `json:"example_url"`
	// HintID and Hint are the matching row of the hints table.
	HintID string `json:"hint_id"`
	Hint   string `json:"hint"`
	// Other marks the one group of causes not listed one by one (see
	// MaxCauses); Causes says how many it folds when they were counted.
	Other bool `json:"other,omitempty"`
	// Causes is, in the other group, how many causes it folds; 0 when
	// some were never kept (the report was full) and so not counted.
	Causes int `json:"causes,omitempty"`
	// Timeline counts the group's records over time, in fixed memory.
	Timeline *sparkline.Hist `json:"-"`

	exampleAt *time.Time // created_at and id of the example's record
	exampleID int
	k         key // the group's key, for eviction and its order
	index     int // the group's place in Report.recency
}

// Bounds of a report. A shop can make every failure its own cause (an id
// in a host, a path the pattern does not recognise): 100,000 distinct causes
// once took a report to 369 MiB. A report keeps the KeptCauses most recent
// causes (by their newest record; about 1 KiB each with their timelines, so
// about 2 MiB): a cause less recent than all of them counts in the "other"
// group, and a newer one pushes the least recent kept cause there. Which
// causes are kept therefore does not depend on the order the records come
// in, as long as each listing is newest first (the API's order): the
// account read integration by integration (doctor --concurrency) gives the
// same report as the single account-wide cursor, which sees exactly the
// first KeptCauses causes. The output lists the MaxCauses most frequent and
// folds the rest into "other": a shop owner acts on the first few, a tool
// reading -o json gets the same bound.
const (
	// MaxCauses is how many causes every doctor output lists one by one.
	MaxCauses = 100
	// KeptCauses is how many distinct causes a report keeps while it reads:
	// ten times MaxCauses, so that a cause frequent enough to be listed is
	// almost always among the most recent.
	KeptCauses = 10 * MaxCauses
	// KeptIntegrations is how many integrations an account-wide report
	// keeps apart (an account has a few; a server could send any id): the
	// records of others count in the integration OtherIntegrations and in
	// the "other" group.
	KeptIntegrations = 1000
	// OtherIntegrations is the id under which the integrations not kept
	// are counted.
	OtherIntegrations = -1
)

type key struct {
	integration                int
	typ, status, host, pattern string
}

// Report collects records into groups. The zero value is not ready: use New.
type Report struct {
	groups map[key]*Group
	// recency orders the kept groups least recent first (a heap), so that
	// a full report knows which cause a newer one replaces.
	recency recency
	// other counts the records of causes not kept (the report was full).
	other        *Group
	integrations map[int]*Integration
	total        int
	// only, when not 0, is the one integration read: its records count
	// there whatever their integration_id says (or lack).
	only int
}

// Integration is what a report knows of one integration's records.
type Integration struct {
	// ID is the integration's id (0 for records without one).
	ID int
	// Count is how many records came from it.
	Count int
	// Timeline counts them over time.
	Timeline *sparkline.Hist
}

// New returns an empty report for records of any integrations (an
// account's), grouped per integration_id.
func New() *Report { return &Report{groups: map[key]*Group{}, integrations: map[int]*Integration{}} }

// NewFor returns an empty report for the records of integration id, as
// read from its own listing: every record counts there.
func NewFor(id int) *Report {
	r := New()
	r.only = id
	return r
}

// Add counts one record in its group. l must be redacted already (the
// CLI's pipeline does it once per record): the cause, path pattern and
// example URL are made from it as it is.
func (r *Report) Add(l *gen.IntegrationLog) {
	r.total++
	typ := deref(l.ExceptionType)
	code := 0
	if l.ResponseCode != nil {
		code = *l.ResponseCode
	}
	rawURL := deref(l.FullURL)
	if rawURL == "" {
		rawURL = l.BaseURL
	}
	host, pattern := where(rawURL)
	integ := r.only
	if integ == 0 && l.IntegrationID != nil {
		integ = *l.IntegrationID
	}
	in := r.integrations[integ]
	full := false // an integration not kept: its records go to "other"
	switch {
	case in == nil && len(r.integrations) >= KeptIntegrations:
		full = true
		integ = OtherIntegrations
		if in = r.integrations[integ]; in == nil {
			in = &Integration{ID: integ, Timeline: &sparkline.Hist{}}
			r.integrations[integ] = in
		}
	case in == nil:
		in = &Integration{ID: integ, Timeline: &sparkline.Hist{}}
		r.integrations[integ] = in
	}
	in.Count++
	k := key{integ, typ, statusClass(code), host, pattern}
	g := r.groups[k]
	if g == nil && !full && len(r.groups) >= KeptCauses {
		if lessRecent(recordTime(l), k, r.recency[0].recent(), r.recency[0].k) {
			full = true // older than every kept cause
		} else {
			r.fold(heap.Pop(&r.recency).(*Group))
		}
	}
	if g == nil && full {
		g = r.otherGroup()
	}
	if g == nil {
		h := HintFor(typ, code)
		// A group outlives its record: its strings are copied, not
		// substrings of the record's, which the decoder keeps in chunks
		// shared with the rest of the page (a group would hold them all).
		k = key{integ, strings.Clone(typ), k.status, strings.Clone(host), strings.Clone(pattern)}
		g = &Group{
			IntegrationID: integ,
			Timeline:      &sparkline.Hist{},
			Cause:         cause(k),
			ExceptionType: k.typ,
			Status:        k.status,
			Host:          k.host,
			PathPattern:   k.pattern,
			ExampleURL:    strings.Clone(example(rawURL)),
			HintID:        h.ID,
			Hint:          h.Text,
		}
		if l.CreatedAt != nil {
			at := *l.CreatedAt
			g.exampleAt = &at
		}
		g.exampleID = l.GetID()
		g.k = k
		r.groups[k] = g
		heap.Push(&r.recency, g)
	}
	g.Count++
	if newerExample(g, l) {
		at := *l.CreatedAt
		g.ExampleURL, g.exampleAt, g.exampleID = strings.Clone(example(rawURL)), &at, l.GetID()
	}
	if t := l.CreatedAt; t != nil {
		g.Timeline.Add(*t)
		in.Timeline.Add(*t)
		if g.FirstSeen == nil || t.Before(*g.FirstSeen) {
			first := *t
			g.FirstSeen = &first
		}
		if g.LastSeen == nil || t.After(*g.LastSeen) {
			last := *t
			g.LastSeen = &last
			if !g.Other {
				heap.Fix(&r.recency, g.index)
			}
		}
	}
}

// otherGroup is the group of the records of causes not kept.
func (r *Report) otherGroup() *Group {
	if r.other == nil {
		r.other = newOther()
	}
	return r.other
}

// fold moves a kept group's records into the other group.
func (r *Report) fold(g *Group) {
	delete(r.groups, g.k)
	o := r.otherGroup()
	o.Count += g.Count
	o.Timeline.Merge(g.Timeline)
	if g.FirstSeen != nil && (o.FirstSeen == nil || g.FirstSeen.Before(*o.FirstSeen)) {
		o.FirstSeen = g.FirstSeen
	}
	if g.LastSeen != nil && (o.LastSeen == nil || g.LastSeen.After(*o.LastSeen)) {
		o.LastSeen = g.LastSeen
	}
}

// newerExample reports whether l is a better example for g than the one it
// has: newer, or as new with a higher id. Records reach a report newest
// first from one listing, but interleaved across the account's listings
// when they are read side by side; this keeps the example the same.
func newerExample(g *Group, l *gen.IntegrationLog) bool {
	switch {
	case l.CreatedAt == nil:
		return false
	case g.exampleAt == nil:
		return true
	case !l.CreatedAt.Equal(*g.exampleAt):
		return l.CreatedAt.After(*g.exampleAt)
	}
	return l.GetID() > g.exampleID
}

// Label names the groups' integrations by shop name, from names by id.
func Label(groups []Group, names map[int]string) {
	for i := range groups {
		groups[i].ShopName = names[groups[i].IntegrationID]
	}
}

// Total is the number of records added; the groups' counts add up to it.
func (r *Report) Total() int { return r.total }

// Integrations returns what the report knows per integration, most records
// first (ties by id).
func (r *Report) Integrations() []Integration {
	out := make([]Integration, 0, len(r.integrations))
	for _, in := range r.integrations {
		out = append(out, *in)
	}
	slices.SortFunc(out, func(a, b Integration) int {
		if c := cmp.Compare(b.Count, a.Count); c != 0 {
			return c
		}
		return cmp.Compare(a.ID, b.ID)
	})
	return out
}

// Groups returns the MaxCauses most frequent groups, then, when there are
// more, one "other" group (Other set) with the rest of the records; equal
// counts are ordered by cause (then integration), so the order is the same
// on every run. The counts add up to Total.
func (r *Report) Groups() []Group {
	out := make([]Group, 0, min(len(r.groups), MaxCauses)+1)
	for _, g := range r.groups {
		c := *g
		c.index = 0 // a place in the report's heap, not part of the copy
		out = append(out, c)
	}
	sortGroups(out)
	if len(out) <= MaxCauses && r.other == nil {
		return out
	}
	other := newOther()
	if r.other != nil {
		other.Count = r.other.Count
		other.FirstSeen, other.LastSeen = r.other.FirstSeen, r.other.LastSeen
		other.Timeline.Merge(r.other.Timeline)
	}
	if len(out) > MaxCauses {
		for _, g := range out[MaxCauses:] {
			other.Count += g.Count
			other.Causes++
			other.Timeline.Merge(g.Timeline)
			if g.FirstSeen != nil && (other.FirstSeen == nil || g.FirstSeen.Before(*other.FirstSeen)) {
				other.FirstSeen = g.FirstSeen
			}
			if g.LastSeen != nil && (other.LastSeen == nil || g.LastSeen.After(*other.LastSeen)) {
				other.LastSeen = g.LastSeen
			}
		}
		out = out[:MaxCauses]
	}
	if r.other != nil {
		other.Causes = 0 // the causes not kept were not counted
	}
	return append(out, *other)
}

// newOther is an empty "other" group.
func newOther() *Group {
	return &Group{Other: true, Cause: "other causes, each too rare to list", HintID: Unknown.ID, Hint: Unknown.Text,
		Timeline: &sparkline.Hist{}}
}

// sortGroups orders groups most frequent first; equal counts by cause,
// then integration.
func sortGroups(out []Group) {
	slices.SortFunc(out, func(a, b Group) int {
		if c := cmp.Compare(b.Count, a.Count); c != 0 {
			return c
		}
		if c := cmp.Compare(a.Cause, b.Cause); c != 0 {
			return c
		}
		return cmp.Compare(a.IntegrationID, b.IntegrationID)
	})
}

// cause names a group for people: "requests.exceptions.SSLError, HTTP 495,
// at shop.example.com/orders/{id}.json".
func cause(k key) string {
	s := k.typ
	if s == "" {
		s = "no exception type"
	}
	if k.status != "" {
		s += ", HTTP " + k.status
	} else {
		s += ", no HTTP status"
	}
	if k.host != "" || k.pattern != "" {
		s += ", at " + k.host + k.pattern
	}
	return s
}

func deref(s *string) string {
	if s == nil {
		return ""
	}
	return *s
}
