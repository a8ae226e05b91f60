package sclogstest_test

import (
	"strconv"
	"testing"
	"time"

	"github.com/sclogs/sclogs/sclogstest"
)

// WithLiveLogs adds logs while the server runs, newest first in the listing,
// created at the server's clock, with fresh ids (the seeded ones are 1 to
// 15 here); Close stops it (goleak in
// TestMain checks nothing is left running).
func TestLiveLogs(t *testing.T) {
	t.Parallel()
	now := time.Date(2026, 1, 2, 3, 4, 5, 0, time.UTC)
	s := newServer(t, sclogstest.WithLiveLogs(sclogstest.MinLiveInterval), sclogstest.WithLogsPerIntegration(5),
		sclogstest.WithClock(func() time.Time { return now }))
	c := newClient(t)
	deadline := time.Now().Add(30 * time.Second) // bounds the wait; not a timing assertion
	var p page
	for {
		p = decodePage(t, get(t, s, c, logsPath(2, 100)))
		if len(p.Data) > 5 || time.Now().After(deadline) {
			break
		}
		time.Sleep(5 * time.Millisecond)
	}
	if len(p.Data) <= 5 {
		t.Fatalf("integration 2 still has %d logs: none added", len(p.Data))
	}
	newest := fields(t, p.Data[0])
	id, _ := strconv.Atoi(string(newest["id"]))
	if got := str(newest, "created_at"); got != "2026-01-02T04:04:05+01:00" {
		t.Errorf("live log created_at %s, want the clock's time in CET", got)
	}
	if string(newest["integration_id"]) != "2" || id <= 15 || len(newest["base_url"]) == 0 {
		t.Errorf("live log %s", p.Data[0])
	}
	s.Close()
	if _, err := sclogstest.Start(sclogstest.WithLiveLogs(time.Millisecond)); err == nil {
		t.Error("WithLiveLogs(1ms) accepted")
	}
}
