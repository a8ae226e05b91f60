package htmlreport

import (
	"cmp"
	"fmt"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/sclogs/sclogs/cmd/sclogs/internal/doctor"
	"github.com/sclogs/sclogs/cmd/sclogs/internal/output"
	"github.com/sclogs/sclogs/cmd/sclogs/internal/sparkline"
)

// columns is how many bars an SVG timeline has.
const columns = 48

// The report leads with what to do: per integration (failing ones first,
// then the busiest), one block per fix, its advice once, and beneath it the
// causes it explains. A cause is rare, and folded into a <details> of its
// block, when it holds fewer than rareShare of its integration's logs or
// at most rareCount; a block always shows its biggest cause. For the fake's
// account (300 logs, 146 causes) that keeps the page about five screens
// tall at 1280 px (see the README).
const (
	rareCount = 2
	rareShare = 25 // 1/25th: 4%
)

// view is the template's data: strings and numbers only, computed here so
// the template stays free of logic.
type view struct {
	Title, Generated, Zone, Summary string
	Total                           int
	Overview                        []integrationView // more than one integration
	Integrations                    []integrationView
	Other                           *otherView
}

type integrationView struct {
	Title, Failing, Logs, Host string
	Timeline                   timelineView
	Fixes                      []fixView
}

// fixView is one block: a fix, its advice, when its logs came, its causes.
type fixView struct {
	Title, Advice, Logs string
	Timeline            timelineView
	Causes, Rare        []causeView
	RareSummary         string
}

type causeView struct {
	N                    int
	Logs, Error, Where   string
	First, Last, Example string
}

type otherView struct{ Logs, Causes string }

// timelineView is one chart with its labels: the period's ends and what
// one bar stands for.
type timelineView struct {
	Counts         []int
	From, To, Each string
}

func (r Report) view() view {
	zone := r.Zone
	if zone == nil {
		zone = time.UTC
	}
	from, to := doctor.TableOptions{From: r.From, To: r.To}.Period(r.Groups)
	stamp := func(t *time.Time) string {
		if t == nil {
			return "-"
		}
		return t.In(zone).Format("2006-01-02 15:04")
	}
	tl := func(h *sparkline.Hist) timelineView {
		counts := make([]int, columns)
		if h != nil {
			counts = h.Rebin(from, to, columns)
		}
		return timelineView{Counts: counts, From: stamp(&from), To: stamp(&to), Each: "each bar " + doctor.Span(to.Sub(from)/columns)}
	}
	v := view{Title: output.Cell(r.Title), Generated: r.Generated.In(zone).Format("2006-01-02 15:04 MST"),
		Zone: zoneName(zone, r.Generated), Total: r.Total,
		Summary: fmt.Sprintf("%s read, %s", plural(r.Total, "log"), doctor.CountCauses(r.Groups))}

	// The integrations: failing first, then the most logs.
	type integ struct {
		id     int
		count  int
		hist   *sparkline.Hist
		groups []doctor.Group
	}
	byID := map[int]*integ{}
	var order []*integ
	get := func(id int) *integ {
		if in := byID[id]; in != nil {
			return in
		}
		in := &integ{id: id}
		byID[id] = in
		order = append(order, in)
		return in
	}
	for _, in := range r.Integrations {
		x := get(in.ID)
		x.count, x.hist = in.Count, in.Timeline
	}
	for _, g := range r.Groups {
		if g.Other {
			v.Other = &otherView{Logs: plural(g.Count, "log"), Causes: doctor.CountCauses([]doctor.Group{g})}
			continue
		}
		x := get(g.IntegrationID)
		x.groups = append(x.groups, g)
	}
	failing := func(id int) bool { _, ok := r.Failing[id]; return ok }
	slices.SortStableFunc(order, func(a, b *integ) int {
		if fa, fb := failing(a.id), failing(b.id); fa != fb {
			if fa {
				return -1
			}
			return 1
		}
		return cmp.Compare(b.count, a.count)
	})
	for _, x := range order {
		iv := integrationView{Title: output.Cell(doctor.IntegrationTitle(x.id, r.Labels[x.id])), Logs: plural(x.count, "log"),
			Timeline: tl(x.hist)}
		if t, ok := r.Failing[x.id]; ok {
			iv.Failing = "failing since " + stamp(&t)
		}
		iv.Host = output.Cell(commonHost(x.groups))
		iv.Fixes = fixes(x.groups, x.count, iv.Host, stamp, tl)
		v.Integrations = append(v.Integrations, iv)
	}
	if len(v.Integrations) > 1 {
		v.Overview = v.Integrations
	}
	return v
}

// fixes are an integration's blocks, most logs first, with continuous
// ranks for the causes shown (1, 2, 3… down the page; the rare ones folded
// in a block have none).
func fixes(groups []doctor.Group, total int, host string, stamp func(*time.Time) string,
	tl func(*sparkline.Hist) timelineView) []fixView {
	type block struct {
		hint   doctor.Hint
		count  int
		groups []doctor.Group
	}
	var blocks []*block
	at := map[string]*block{}
	for _, g := range groups {
		b := at[g.HintID]
		if b == nil {
			b = &block{hint: doctor.HintByID(g.HintID)}
			at[g.HintID] = b
			blocks = append(blocks, b)
		}
		b.count += g.Count
		b.groups = append(b.groups, g) // groups come most frequent first
	}
	slices.SortStableFunc(blocks, func(a, b *block) int { return cmp.Compare(b.count, a.count) })
	var out []fixView
	n := 0
	for _, b := range blocks {
		hist := &sparkline.Hist{}
		for _, g := range b.groups {
			hist.Merge(g.Timeline)
		}
		fv := fixView{Title: b.hint.Title, Advice: b.hint.Text, Logs: plural(b.count, "log"), Timeline: tl(hist)}
		rareLogs := 0
		for i, g := range b.groups {
			c := causeView{Logs: strconv.Itoa(g.Count), Error: output.Cell(errorOf(g)), Where: output.Cell(whereOf(g, host)),
				First: stamp(g.FirstSeen), Last: stamp(g.LastSeen), Example: output.Cell(exampleOf(g, host))}
			if i > 0 && (g.Count <= rareCount || g.Count*rareShare < total) {
				fv.Rare = append(fv.Rare, c) // folded, unranked: the ranks shown run on
				rareLogs += g.Count
			} else {
				n++
				c.N = n
				fv.Causes = append(fv.Causes, c)
			}
		}
		if len(fv.Rare) > 0 {
			fv.RareSummary = fmt.Sprintf("%s, %s", plural(len(fv.Rare), "rarer cause"), plural(rareLogs, "log"))
		}
		out = append(out, fv)
	}
	return out
}

// errorOf is a cause's exception class name and status: "HTTPError 401".
func errorOf(g doctor.Group) string {
	s := g.ExceptionType
	if i := strings.LastIndexByte(s, '.'); i >= 0 && i < len(s)-1 {
		s = s[i+1:]
	}
	if s == "" {
		s = "no exception type"
	}
	if g.Status != "" {
		s += " " + g.Status
	}
	return s
}

// whereOf is a cause's host and path pattern, without the host when it is
// the integration's only one (said once above).
func whereOf(g doctor.Group, host string) string {
	if host != "" && g.Host == host {
		return orDash(g.PathPattern)
	}
	return orDash(g.Host + g.PathPattern)
}

// exampleOf is a cause's example URL, from its path on when its host is
// the integration's only one (said once above): the part that differs.
func exampleOf(g doctor.Group, host string) string {
	u := g.ExampleURL
	if host == "" || g.Host != host {
		return u
	}
	if i := strings.Index(u, "://"); i >= 0 && i < 10 {
		rest := u[i+3:]
		if j := strings.IndexAny(rest, "/?#"); j >= 0 {
			return rest[j:]
		}
	}
	return u
}

// commonHost is the host of every group, or "" when they differ.
func commonHost(groups []doctor.Group) string {
	host := ""
	for i, g := range groups {
		if i > 0 && g.Host != host {
			return ""
		}
		host = g.Host
	}
	return host
}

// zoneName says the zone times are in: "UTC" or "UTC+01:00".
func zoneName(zone *time.Location, at time.Time) string {
	if _, off := at.In(zone).Zone(); off != 0 {
		return "UTC" + at.In(zone).Format("-07:00")
	}
	return "UTC"
}

func orDash(s string) string {
	if s == "" {
		return "-"
	}
	return s
}

func plural(n int, noun string) string {
	if n == 1 {
		return "1 " + noun
	}
	return strconv.Itoa(n) + " " + noun + "s"
}

func itoa(i int) string { return strconv.Itoa(i) }
