package exporter

import (
	"slices"
	"strconv"
	"time"

	"github.com/prometheus/client_golang/prometheus"
	"github.com/sclogs/sclogs"
	"github.com/sclogs/sclogs/cmd/sclogs/internal/doctor"
)

// otherIntegration is the integration_id of logs whose integration has no
// label value of its own: beyond MaxIntegrations, not (yet) in the
// account's list, or without an integration_id.
const otherIntegration = "other"

// integrations keeps the label values of the account's integrations: at
// most max of them, the lowest ids, refreshed from every list.
type integrations struct {
	m     *metrics
	max   int
	text  func(s string, max int) string
	known map[int]*integration
}

// integration is what the exporter shows of one integration.
type integration struct {
	id           string // the label value
	shop, system string // the info series' label values
	hasInfo      bool   // the info series is set
	lastSeen     time.Time
}

func newIntegrations(m *metrics, max int, text func(string, int) string) *integrations {
	for _, c := range causes() {
		m.logs.WithLabelValues(otherIntegration, c) // at 0 from the start, like every integration's
	}
	return &integrations{m: m, max: max, text: text, known: map[int]*integration{}}
}

// causes are the cause label's values: the ids of doctor's hints table.
func causes() []string {
	out := make([]string, 0, len(doctor.Hints)+1)
	for _, h := range doctor.Hints {
		out = append(out, h.ID)
	}
	return append(out, doctor.Unknown.ID)
}

// cause is a log's cause label: doctor's fix category for its exception
// type and status.
func cause(l *sclogs.Log) string {
	return doctor.HintFor(l.GetExceptionType(), l.GetResponseCode()).ID
}

// update applies the account's list: integrations that left it lose their
// series, new ones get theirs (every cause's counter at 0, so that
// increase() sees the first log), and every kept one its failing state and
// info.
func (s *integrations) update(list []sclogs.Integration) {
	byID := make(map[int]*sclogs.Integration, len(list))
	ids := make([]int, 0, len(list))
	for i := range list {
		in := &list[i]
		if in.ID == nil {
			continue
		}
		if _, dup := byID[*in.ID]; !dup {
			byID[*in.ID] = in
			ids = append(ids, *in.ID)
		}
	}
	slices.Sort(ids)
	s.m.overflow.Set(float64(max(len(ids)-s.max, 0)))
	ids = ids[:min(len(ids), s.max)]
	keep := make(map[int]bool, len(ids))
	for _, id := range ids {
		keep[id] = true
	}
	for id, in := range s.known {
		if !keep[id] {
			s.forget(in)
			delete(s.known, id)
		}
	}
	for _, id := range ids {
		src := byID[id]
		in := s.known[id]
		if in == nil {
			in = &integration{id: strconv.Itoa(id)}
			s.known[id] = in
			for _, c := range causes() {
				s.m.logs.WithLabelValues(in.id, c)
			}
		}
		failing := 0.0
		if src.StartedFailingAt != nil {
			failing = 1
		}
		s.m.failing.WithLabelValues(in.id).Set(failing)
		shop, system := s.text(src.GetShopName(), maxShopName), s.text(src.GetType(), maxSystem)
		if !in.hasInfo || shop != in.shop || system != in.system {
			s.m.info.DeletePartialMatch(prometheus.Labels{labelIntegration: in.id})
			in.shop, in.system, in.hasInfo = shop, system, true
			s.m.info.WithLabelValues(in.id, shop, system).Set(1)
		}
	}
}

// forget deletes every series of an integration that left the account.
func (s *integrations) forget(in *integration) {
	l := prometheus.Labels{labelIntegration: in.id}
	s.m.logs.DeletePartialMatch(l)
	s.m.failing.DeletePartialMatch(l)
	s.m.lastSeen.DeletePartialMatch(l)
	s.m.info.DeletePartialMatch(l)
}

// label is the integration_id of a log, and its integration when it has
// label values of its own.
func (s *integrations) label(l *sclogs.Log) (string, *integration) {
	if l.IntegrationID != nil {
		if in := s.known[*l.IntegrationID]; in != nil {
			return in.id, in
		}
	}
	return otherIntegration, nil
}

// seen moves the log's integration's last exception time to its
// created_at when that is newer, and not after limit.
func (s *integrations) seen(l *sclogs.Log, limit time.Time) {
	t := l.CreatedAt
	if t == nil || t.After(limit) {
		return
	}
	_, in := s.label(l)
	if in == nil || !t.After(in.lastSeen) {
		return
	}
	in.lastSeen = *t
	s.m.lastSeen.WithLabelValues(in.id).Set(float64(t.UnixNano()) / 1e9)
}
