package sclogstest

import (
	"encoding/json"
	"errors"
	"time"

	"github.com/sclogs/sclogs/gen"
)

// MinLiveInterval bounds [WithLiveLogs]: a fake that adds logs faster only
// fills memory.
const MinLiveInterval = 10 * time.Millisecond

// WithLiveLogs makes the server add one generated log every d until it is
// closed, to the seeded integrations in turn (integration 1 when there are
// none), created at the time of the [WithClock] clock: something for
// `sclogs list --follow` to follow. The logs look like the seeded ones (same
// shops and failures) and get the next free ids. d must be at least
// [MinLiveInterval].
func WithLiveLogs(d time.Duration) Option {
	return func(c *config) error {
		if d < MinLiveInterval {
			return errors.New("sclogstest: WithLiveLogs: interval below MinLiveInterval")
		}
		c.live = d
		return nil
	}
}

// startLive starts adding logs when WithLiveLogs asked for it; Close stops
// it and waits for it.
func (s *Server) startLive() {
	if s.cfg.live <= 0 {
		return
	}
	s.liveWG.Add(1)
	go func() {
		defer s.liveWG.Done()
		t := time.NewTicker(s.cfg.live)
		defer t.Stop()
		gens := map[int]*seeded{}
		for k := 0; ; k++ {
			select {
			case <-s.closing:
				return
			case <-t.C:
			}
			s.addLive(gens, k)
		}
	}()
}

// liveIndex starts the record indexes of live logs far past the seeded
// ones, so their scenarios are drawn afresh.
const liveIndex = 1 << 40

// addLive adds the k-th live log.
func (s *Server) addLive(gens map[int]*seeded, k int) {
	targets := seededIDs(s.cfg.integrations)
	if !s.cfg.seedData {
		if targets = s.Integrations(); len(targets) == 0 {
			targets = []int{1}
		}
	}
	integ := targets[k%len(targets)]
	g := gens[integ]
	if g == nil {
		g = newSeeded(s.cfg.seed, integ, 0, s.cfg.integrations)
		gens[integ] = g
	}
	at := s.cfg.now().Truncate(time.Second).In(zoneCET)
	var l gen.IntegrationLog
	if err := json.Unmarshal(g.make(liveIndex+k, at, at.Format(layoutWhole), 0), &l); err != nil {
		return // cannot happen: the generator writes valid records
	}
	l.ID, l.IntegrationID = nil, &integ
	s.AddLogs(integ, l)
}
