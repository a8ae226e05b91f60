package htmlreport

import (
	"strconv"
	"time"

	"github.com/sclogs/sclogs/cmd/sclogs/internal/doctor"
	"github.com/sclogs/sclogs/cmd/sclogs/internal/output"
	"github.com/sclogs/sclogs/cmd/sclogs/internal/sparkline"
)

// columns is how many bars an SVG timeline has.
const columns = 48

// view is the template's data: strings and numbers only, computed here so
// the template stays free of logic.
type view struct {
	Title, Generated, From, To, Bucket string
	Total, CauseCount                  int
	Integrations                       []integrationView
	Fixes                              []fixView
}

type integrationView struct {
	Title    string
	Count    int
	Timeline []int
	Causes   []causeView
}

type causeView struct {
	N                     int
	Count                 int
	Cause, Fix, HintText  string
	First, Last, Example  string
	ExceptionType, Status string
	Timeline              []int
}

type fixView struct {
	Title, Text string
	Count       int
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
		return t.In(zone).Format("2006-01-02 15:04:05 Z07:00")
	}
	v := view{
		Title: output.Cell(r.Title), Generated: stamp(&r.Generated), From: stamp(&from), To: stamp(&to),
		Bucket: doctor.Span(to.Sub(from) / columns), Total: r.Total, CauseCount: len(r.Groups),
	}
	at := map[int]int{}
	for _, in := range r.Integrations {
		at[in.ID] = len(v.Integrations)
		v.Integrations = append(v.Integrations, integrationView{
			Title: output.Cell(doctor.IntegrationTitle(in.ID, r.Labels[in.ID])), Count: in.Count,
			Timeline: rebin(in.Timeline, from, to),
		})
	}
	for i, g := range r.Groups {
		j, ok := at[g.IntegrationID]
		if !ok {
			j = len(v.Integrations)
			at[g.IntegrationID] = j
			v.Integrations = append(v.Integrations, integrationView{Title: output.Cell(doctor.IntegrationTitle(g.IntegrationID, r.Labels[g.IntegrationID]))})
		}
		h := doctor.HintByID(g.HintID)
		v.Integrations[j].Causes = append(v.Integrations[j].Causes, causeView{
			N: i + 1, Count: g.Count, Cause: output.Cell(g.Cause), Fix: h.Title, HintText: g.Hint,
			First: stamp(g.FirstSeen), Last: stamp(g.LastSeen), Example: output.Cell(g.ExampleURL),
			ExceptionType: output.Cell(g.ExceptionType), Status: output.Cell(g.Status), Timeline: rebin(g.Timeline, from, to),
		})
	}
	for _, f := range doctor.ByHint(r.Groups) {
		v.Fixes = append(v.Fixes, fixView{Title: f.Hint.Title, Text: f.Hint.Text, Count: f.Count})
	}
	return v
}

func rebin(h *sparkline.Hist, from, to time.Time) []int {
	if h == nil {
		return make([]int, columns)
	}
	return h.Rebin(from, to, columns)
}

func itoa(i int) string { return strconv.Itoa(i) }
