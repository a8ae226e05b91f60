package exporter

import (
	"context"

	"github.com/sclogs/sclogs"
	"github.com/sclogs/sclogs/cmd/sclogs/internal/follow"
	"github.com/sclogs/sclogs/cmd/sclogs/internal/records"
)

// newFollower returns list --follow's engine over the account's logs: each
// log once (by id, the last 50,000 remembered), the newest pages read until
// the ones seen before. The first poll only marks the newest page as seen:
// logs from before the start are not counted.
//
// The engine holds no log: Keep counts each new log into the poll's tally
// and refuses it, so a poll's memory is one page whatever it reads. Every
// page read also moves the integrations' last exception times (a maximum,
// so a page read twice changes nothing), the first poll's too.
func (e *Exporter) newFollower() *follow.Follower {
	// Every page goes through the CLI's one pipeline (package records):
	// what the engine and the counts read is redacted.
	list := records.Redacted(func(ctx context.Context, cursor string) (*sclogs.Page, error) {
		return e.cfg.Client.ListAllLogs(ctx, &sclogs.ListOptions{PageSize: e.cfg.PageSize, Cursor: cursor, KeepRaw: true})
	}, true)
	src := func(ctx context.Context, cursor string) (*sclogs.Page, error) {
		p, err := list(ctx, cursor)
		if err == nil {
			limit := e.cfg.Now().Add(maxClockSkew)
			for i := range p.Logs {
				e.labels.seen(&p.Logs[i], limit)
			}
		}
		return p, err
	}
	keep := func(l *sclogs.Log) bool {
		id, _ := e.labels.label(l)
		e.tally.add(id, cause(l))
		return false
	}
	return follow.New(src, follow.Options{Keep: keep, Now: e.cfg.Now})
}

// tally is one poll's counts of new logs by integration_id and cause,
// applied when the poll succeeds: a failed poll changes nothing in the
// engine, so the next one meets the same logs again and counts them then.
// Its size is bounded by the label sets, not by the logs.
type tally map[[2]string]int

func (t tally) add(integration, cause string) { t[[2]string{integration, cause}]++ }

// apply adds the counts to the counter and empties t.
func (t tally) apply(m *metrics) {
	for k, n := range t {
		m.logs.WithLabelValues(k[0], k[1]).Add(float64(n))
	}
	clear(t)
}
