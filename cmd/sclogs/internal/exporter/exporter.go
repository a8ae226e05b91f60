// Package exporter is `sclogs exporter`: it follows a Sendcloud account's
// integrations and exception logs and serves them as Prometheus metrics
// (client_golang, on a registry of its own), with the cause of each log
// named by doctor's hints table, plus /healthz.
//
// Every label set is bounded: integration ids come from the account's list
// of integrations (at most Config.MaxIntegrations of them; the logs of any
// other integration count under integration_id="other"), causes are the
// hints table's ids, and the only free text, shop name and system, is
// sanitised, redacted and cut (text.go). No log id, URL or log text
// reaches a label.
package exporter

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"sync/atomic"
	"time"

	"github.com/prometheus/client_golang/prometheus"
	"github.com/sclogs/sclogs"
	"github.com/sclogs/sclogs/cmd/sclogs/internal/follow"
	"github.com/sclogs/sclogs/cmd/sclogs/internal/records"
)

// Defaults and bounds of Config.
const (
	// DefaultInterval is Config.Interval's default: 2 of the 1,000 GET
	// requests a minute an account may make, twice a minute.
	DefaultInterval = 30 * time.Second
	// MinInterval is the shortest Config.Interval.
	MinInterval = time.Second
	// DefaultUnhealthyAfter is Config.UnhealthyAfter's default: ten polls.
	DefaultUnhealthyAfter = 5 * time.Minute
	// DefaultMaxIntegrations is Config.MaxIntegrations's default.
	DefaultMaxIntegrations = 1000
	// MaxMaxIntegrations bounds MaxIntegrations: each integration is up to
	// 11 series (8 causes, failing, last exception, info).
	MaxMaxIntegrations = 100_000
	// maxBackoff bounds the wait after failed polls.
	maxBackoff = 2 * time.Minute
)

// Config configures an Exporter. Client is required; zero values of the rest
// take the defaults.
type Config struct {
	// Client reads the account.
	Client *sclogs.Client
	// Attempts, when set, is the AttemptCounter in the Client's logger
	// (sclogs.WithLogger): its retries and 429s become metrics.
	Attempts *AttemptCounter
	// Interval is the time between polls (default DefaultInterval, at least
	// MinInterval). Each poll lists the integrations and reads the newest
	// pages of logs until it reaches logs seen before (the follow engine).
	Interval time.Duration
	// UnhealthyAfter is how long without a successful poll turns /healthz to
	// 503 (default DefaultUnhealthyAfter). The start counts as a success, so
	// a starting exporter is healthy.
	UnhealthyAfter time.Duration
	// MaxIntegrations bounds the integrations with label values of their
	// own, the lowest ids first (default DefaultMaxIntegrations).
	MaxIntegrations int
	// PageSize is the logs' page size, 1 to 100 (default 100).
	PageSize int
	// Logger gets a line for each failed poll and for recovery (nil: none).
	// Text from the API in it passes through the same sanitising as labels.
	Logger *slog.Logger
	// Now is the clock (nil: time.Now).
	Now func() time.Time
	// Sleep waits d or until ctx ends (nil: a timer); tests replace it.
	Sleep func(ctx context.Context, d time.Duration) error
}

// Exporter polls the account and keeps the metrics. Create it with New, run
// its polls with Run and serve Handler.
type Exporter struct {
	cfg     Config
	reg     *prometheus.Registry
	m       *metrics
	follow  *follow.Follower
	tally   tally // the counts of the poll under way
	labels  *integrations
	started time.Time
	// lastOK is the unix nanoseconds of the last successful poll (or the
	// start): /healthz reads it while Run writes it.
	lastOK atomic.Int64
}

// New checks cfg and returns an exporter with its metrics registered on a
// registry of its own.
func New(cfg Config) (*Exporter, error) {
	if cfg.Client == nil {
		return nil, errors.New("exporter: no client")
	}
	if cfg.Interval == 0 {
		cfg.Interval = DefaultInterval
	}
	if cfg.UnhealthyAfter == 0 {
		cfg.UnhealthyAfter = DefaultUnhealthyAfter
	}
	if cfg.MaxIntegrations == 0 {
		cfg.MaxIntegrations = DefaultMaxIntegrations
	}
	if cfg.PageSize == 0 {
		cfg.PageSize = 100
	}
	switch {
	case cfg.Interval < MinInterval:
		return nil, fmt.Errorf("exporter: interval %s is below %s", cfg.Interval, MinInterval)
	case cfg.UnhealthyAfter < 0:
		return nil, fmt.Errorf("exporter: unhealthy-after %s is negative", cfg.UnhealthyAfter)
	case cfg.MaxIntegrations < 1 || cfg.MaxIntegrations > MaxMaxIntegrations:
		return nil, fmt.Errorf("exporter: max integrations %d is not 1 to %d", cfg.MaxIntegrations, MaxMaxIntegrations)
	case cfg.PageSize < 1 || cfg.PageSize > 100:
		return nil, fmt.Errorf("exporter: page size %d is not 1 to 100", cfg.PageSize)
	}
	if cfg.Logger == nil {
		cfg.Logger = slog.New(slog.DiscardHandler)
	}
	if cfg.Now == nil {
		cfg.Now = time.Now
	}
	if cfg.Sleep == nil {
		cfg.Sleep = follow.Sleep
	}
	e := &Exporter{cfg: cfg, reg: prometheus.NewRegistry(), started: cfg.Now()}
	e.m = newMetrics(e.reg, cfg.Attempts)
	e.labels = newIntegrations(e.m, cfg.MaxIntegrations, e.text)
	e.tally = tally{}
	e.follow = e.newFollower()
	e.lastOK.Store(e.started.UnixNano())
	return e, nil
}

// Registry is the exporter's own registry (not the global one).
func (e *Exporter) Registry() *prometheus.Registry { return e.reg }

// Run polls every Interval until ctx ends, then returns nil. A failed poll
// is counted, logged and retried with doubling waits up to 2 minutes; only
// refused credentials on the very first poll end it with an error (the
// configuration is wrong). Later failures never end it: /healthz and
// sclogs_exporter_polls_total{result="error"} say so.
func (e *Exporter) Run(ctx context.Context) error {
	wait := time.Duration(0)
	for first := true; ; first = false {
		err := e.pollOnce(ctx)
		if ctx.Err() != nil {
			return nil
		}
		switch {
		case err != nil && first && (errors.Is(err, sclogs.ErrUnauthorized) || errors.Is(err, sclogs.ErrForbidden)):
			return err
		case err != nil:
			wait = min(max(wait*2, e.cfg.Interval), maxBackoff)
			e.cfg.Logger.Warn("poll failed", "retry_in", wait, "error", e.text(err.Error(), maxErrorText))
		default:
			if wait > 0 {
				e.cfg.Logger.Info("polling works again")
			}
			wait = 0
		}
		if e.cfg.Sleep(ctx, max(wait, e.cfg.Interval)) != nil {
			return nil
		}
	}
}

// pollOnce lists the integrations, then reads the new logs, and counts the
// outcome.
func (e *Exporter) pollOnce(ctx context.Context) error {
	err := e.poll(ctx)
	if ctx.Err() != nil {
		return err // ended by the caller: neither success nor failure
	}
	if err != nil {
		e.m.polls.WithLabelValues(resultError).Inc()
		return err
	}
	now := e.cfg.Now()
	e.lastOK.Store(now.UnixNano())
	e.m.polls.WithLabelValues(resultSuccess).Inc()
	e.m.lastPoll.Set(float64(now.UnixNano()) / 1e9)
	return nil
}

func (e *Exporter) poll(ctx context.Context) error {
	// Integrations as the rest of the CLI reads them: redacted once, whole
	// (package records); text.go sanitises and scrubs the label text too.
	list, _, err := records.Integrations(ctx, e.cfg.Client, nil, true)
	if err != nil {
		return err
	}
	e.labels.update(list)
	clear(e.tally)
	res, err := e.follow.Poll(ctx)
	if err != nil {
		return err
	}
	e.tally.apply(e.m)
	if res.Stop.Limited() {
		e.m.limited.Inc()
		e.m.unread.Add(float64(res.Unread))
		e.cfg.Logger.Warn("more new logs than one poll reads: older ones not counted",
			"stop", res.Stop.String(), "pages", res.Pages, "unread_at_least", res.Unread)
	}
	return nil
}

// maxClockSkew is how far in the future a log's created_at may be and still
// set sendcloud_integration_last_exception_timestamp_seconds: a record's
// fields are the shop's and the API's, not to be trusted blindly.
const maxClockSkew = time.Hour
