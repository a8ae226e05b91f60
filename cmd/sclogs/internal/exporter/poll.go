package exporter

import (
	"context"
	"time"

	"github.com/sclogs/sclogs"
)

// Polling limits.
const (
	// catchUpPages bounds the pages read in one poll when more new logs
	// came than a page holds; beyond it the gap is counted, not walked.
	catchUpPages = 10
	// memory is how many log ids are remembered to drop repeats: 100
	// pages' worth, far more than one poll can see again.
	memory = 10_000
)

// poller reads the account's new logs: the newest page, and further pages
// while every record on them is new.
type poller struct {
	c        *sclogs.Client
	pageSize int
	seen     *idSet
	polled   bool // a poll has succeeded: later ones count what they find
	// newest is the newest created_at seen: a poll reads further pages
	// only while their records are newer and unseen.
	newest time.Time
}

func newPoller(c *sclogs.Client, pageSize int) *poller {
	return &poller{c: c, pageSize: pageSize, seen: newIDSet(memory)}
}

// fresh is what one poll found.
type fresh struct {
	logs []sclogs.Log // not seen before, newest first
	// baseline marks the first successful poll: its logs were there before
	// the exporter started, and set times but are not counted.
	baseline bool
}

// poll returns the logs not seen before, as list --follow finds them: a
// log is new when its id was not seen (the last 10,000 ids are
// remembered), so one recorded late, older than others, still counts; a
// log without an id is new only when newer than every log seen. gap reports that more than
// catchUpPages pages of new logs came since the last poll. A failed poll
// remembers nothing, so the next one finds the same logs.
func (p *poller) poll(ctx context.Context) (out fresh, gap bool, err error) {
	cursor := ""
	batch := map[int]bool{} // ids of this poll: a page may repeat one
	for pages := 0; ; pages++ {
		if pages == catchUpPages {
			gap = true
			break
		}
		page, err := p.c.ListAllLogs(ctx, &sclogs.ListOptions{PageSize: p.pageSize, Cursor: cursor})
		if err != nil {
			return fresh{}, false, err
		}
		caughtUp := !p.polled // the first poll reads one page
		for i := range page.Logs {
			l := page.Logs[i]
			if l.CreatedAt != nil && !p.newest.IsZero() && l.CreatedAt.Before(p.newest) {
				caughtUp = true // older than what was seen: no need for the next page
			}
			switch {
			case l.ID == nil:
				if p.polled && (l.CreatedAt == nil || !l.CreatedAt.After(p.newest)) {
					caughtUp = true
					continue
				}
			case p.seen.has(*l.ID):
				caughtUp = true
				continue
			case batch[*l.ID]:
				continue
			}
			if l.ID != nil {
				batch[*l.ID] = true
			}
			out.logs = append(out.logs, l)
		}
		if caughtUp || page.NextCursor == "" {
			break
		}
		cursor = page.NextCursor
	}
	for i := range out.logs {
		l := &out.logs[i]
		if l.ID != nil {
			p.seen.add(*l.ID)
		}
		if l.CreatedAt != nil && l.CreatedAt.After(p.newest) {
			p.newest = *l.CreatedAt
		}
	}
	out.baseline = !p.polled
	p.polled = true
	return out, gap, nil
}
