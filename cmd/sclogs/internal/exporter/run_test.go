package exporter

import (
	"context"
	"errors"
	"strings"
	"testing"
	"time"

	"github.com/sclogs/sclogs"
	"github.com/sclogs/sclogs/sclogstest"
)

// Run polls until its context ends, then returns nil; failures in between
// are counted and waited out with growing waits, not returned.
func TestRunEndsWithItsContext(t *testing.T) {
	t.Parallel()
	f := newFixture(t, Config{Interval: 5 * time.Second})
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	var waits []time.Duration
	f.e.cfg.Sleep = func(ctx context.Context, d time.Duration) error {
		waits = append(waits, d)
		if len(waits) == 4 {
			cancel()
			return ctx.Err()
		}
		return nil
	}
	// Polls 2 and 3 fail (three attempts each).
	f.srv.Fail(sclogstest.Fault{}, sclogstest.Fault{}, // poll 1: integrations, logs
		sclogstest.Fault{Status: 500}, sclogstest.Fault{Status: 500}, sclogstest.Fault{Status: 500},
		sclogstest.Fault{Status: 500}, sclogstest.Fault{Status: 500}, sclogstest.Fault{Status: 500})
	if err := f.e.Run(ctx); err != nil {
		t.Fatalf("Run: %v", err)
	}
	want := []time.Duration{5 * time.Second, 5 * time.Second, 10 * time.Second, 5 * time.Second}
	if len(waits) != len(want) {
		t.Fatalf("waits %v, want %v", waits, want)
	}
	for i := range want {
		if waits[i] != want[i] {
			t.Errorf("waits %v, want %v", waits, want)
			break
		}
	}
	mfs := families(t, f.scrape(t))
	if v, _ := value(mfs, "sclogs_exporter_polls_total", labelResult, resultError); v != 2 {
		t.Errorf("failed polls %v, want 2", v)
	}
	if v, _ := value(mfs, "sclogs_exporter_polls_total", labelResult, resultSuccess); v != 2 {
		t.Errorf("good polls %v, want 2", v)
	}
	if log := f.log.String(); !strings.Contains(log, "poll failed") || !strings.Contains(log, "polling works again") {
		t.Errorf("log:\n%s", log)
	}
}

// Refused credentials at the first poll end Run: the configuration is
// wrong. Later, the same failure is only counted.
func TestRunRefusedCredentials(t *testing.T) {
	t.Parallel()
	srv := sclogstest.NewServer()
	t.Cleanup(srv.Close)
	c, err := sclogs.NewClient(sclogs.WithBaseURL(srv.URL()), sclogs.WithBasicAuth("wrong", "wrong-secret"))
	if err != nil {
		t.Fatal(err)
	}
	e, err := New(Config{Client: c, Sleep: func(context.Context, time.Duration) error { return errors.New("no sleep") }})
	if err != nil {
		t.Fatal(err)
	}
	if err := e.Run(context.Background()); !errors.Is(err, sclogs.ErrUnauthorized) {
		t.Fatalf("Run: %v, want ErrUnauthorized", err)
	}
}

// New refuses what cannot work.
func TestNewChecksConfig(t *testing.T) {
	t.Parallel()
	c, err := sclogs.NewClient(sclogs.WithBaseURL("http://127.0.0.1:1/api/v3"))
	if err != nil {
		t.Fatal(err)
	}
	for _, cfg := range []Config{
		{},
		{Client: c, Interval: time.Millisecond},
		{Client: c, UnhealthyAfter: -time.Second},
		{Client: c, MaxIntegrations: -1},
		{Client: c, MaxIntegrations: MaxMaxIntegrations + 1},
		{Client: c, PageSize: 101},
	} {
		if _, err := New(cfg); err == nil {
			t.Errorf("New(%+v) accepted", cfg)
		}
	}
}
