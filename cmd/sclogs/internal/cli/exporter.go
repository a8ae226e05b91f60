package cli

import (
	"context"
	"fmt"
	"log/slog"
	"net"
	"time"

	"github.com/sclogs/sclogs"
	"github.com/sclogs/sclogs/cmd/sclogs/internal/exporter"
	"github.com/sclogs/sclogs/cmd/sclogs/internal/output"
	"github.com/spf13/cobra"
)

// exporterFlags are the flags of `sclogs exporter`.
type exporterFlags struct {
	conn            connFlags
	listen          string
	interval        time.Duration
	unhealthyAfter  time.Duration
	maxIntegrations int
	pageSize        int
}

func (a *app) exporterCommand() *cobra.Command {
	var f exporterFlags
	cmd := &cobra.Command{
		Use:   "exporter",
		Short: "Serve the account's integration failures as Prometheus metrics",
		Long: `Follow the whole account (its integrations and their exception logs) and
serve Prometheus metrics at /metrics and a health check at /healthz, until
Ctrl-C or SIGTERM (exit 0).

Metrics:
  sendcloud_integration_exception_logs_total{integration_id, cause}
      logs seen since start; cause is doctor's fix category: ssl, redirects,
      connection, auth, not_found, rate_limited, server_error or unknown
  sendcloud_integration_failing{integration_id}           1 while failing
  sendcloud_integration_last_exception_timestamp_seconds{integration_id}
  sendcloud_integration_info{integration_id, shop_name, system}   always 1
  sclogs_exporter_polls_total{result}                     success, error
  sclogs_exporter_last_successful_poll_timestamp_seconds
  sclogs_exporter_http_requests_total, sclogs_exporter_http_retries_total,
  sclogs_exporter_http_rate_limited_total                 the client's
  sclogs_exporter_polls_limited_total, sclogs_exporter_logs_unread_total,
  sclogs_exporter_integrations_over_limit

The logs already there at start are not counted (they set the last
exception times). At most --max-integrations integrations (the lowest ids)
get label values of their own; the logs of any other integration count
under integration_id="other". Shop names are sanitised, redacted and cut to
64 characters. /healthz answers 200 while polls succeed and 503 once none
has for --unhealthy-after. A failed poll is logged on stderr and retried
with doubling waits up to 2 minutes; refused credentials at the first poll
end it (exit 1).`,
		Example: `  sclogs exporter                                  # http://127.0.0.1:9464/metrics
  sclogs exporter --listen :9464 --interval 1m     # all interfaces (no auth: shop names)

  # against the fake, with a new log every second
  sclogs serve-fake --new-log-every 1s &
  SENDCLOUD_BASE_URL=http://127.0.0.1:8080/api/v3 \
  SENDCLOUD_PUBLIC_KEY=demo-public SENDCLOUD_SECRET_KEY=demo-secret sclogs exporter --interval 2s`,
		Args: cobra.NoArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			return a.runExporter(cmd, &f)
		},
	}
	f.conn.register(cmd)
	fs := cmd.Flags()
	fs.StringVar(&f.listen, "listen", "127.0.0.1:9464", "address to serve /metrics and /healthz on (host:port; port 0 picks a free one)")
	fs.DurationVar(&f.interval, "interval", exporter.DefaultInterval, "time between polls, at least 1s (each poll: 2 requests or more)")
	fs.DurationVar(&f.unhealthyAfter, "unhealthy-after", exporter.DefaultUnhealthyAfter, "/healthz answers 503 after this long without a successful poll")
	fs.IntVar(&f.maxIntegrations, "max-integrations", exporter.DefaultMaxIntegrations, "integrations with label values of their own (lowest ids); the rest count as \"other\"")
	fs.IntVar(&f.pageSize, "page-size", maxPageSize, "logs per page, 1 to 100")
	return cmd
}

// check validates the flags: usage errors, before anything is sent.
func (f *exporterFlags) check() error {
	switch {
	case f.interval < exporter.MinInterval:
		return usagef("invalid --interval %s: must be at least %s (the API allows 1000 requests a minute per account)", f.interval, exporter.MinInterval)
	case f.unhealthyAfter < f.interval:
		return usagef("invalid --unhealthy-after %s: must be at least --interval (%s)", f.unhealthyAfter, f.interval)
	case f.maxIntegrations < 1 || f.maxIntegrations > exporter.MaxMaxIntegrations:
		return usagef("invalid --max-integrations %d: must be 1 to %d", f.maxIntegrations, exporter.MaxMaxIntegrations)
	case f.pageSize < 1 || f.pageSize > maxPageSize:
		return usagef("invalid --page-size %d: must be 1 to %d", f.pageSize, maxPageSize)
	}
	host, _, err := net.SplitHostPort(f.listen)
	if err != nil {
		return usagef("invalid --listen %q: want host:port, e.g. 127.0.0.1:9464", output.Cell(f.listen))
	}
	if host != "" && net.ParseIP(host) == nil && host != "localhost" {
		return usagef("invalid --listen %q: the host must be an IP address or localhost", output.Cell(f.listen))
	}
	return nil
}

// runExporter serves the metrics and polls until the command's context
// ends (Ctrl-C, SIGTERM): exit 0.
func (a *app) runExporter(cmd *cobra.Command, f *exporterFlags) error {
	if err := f.check(); err != nil {
		return err
	}
	// The client's attempts go through the counter (retries, 429s), then
	// to the --verbose log.
	attempts := &exporter.AttemptCounter{}
	var verbose slog.Handler
	if a.verbose {
		verbose = a.logger.Handler()
	}
	c, err := a.newClient(cmd, &f.conn, sclogs.WithLogger(slog.New(attempts.Handler(verbose))))
	if err != nil {
		return err
	}
	level := slog.LevelInfo
	if a.verbose {
		level = slog.LevelDebug
	}
	e, err := exporter.New(exporter.Config{
		Client: c, Attempts: attempts, Interval: f.interval, UnhealthyAfter: f.unhealthyAfter,
		MaxIntegrations: f.maxIntegrations, PageSize: f.pageSize, Now: a.now, Sleep: a.sleep,
		Logger: slog.New(slog.NewTextHandler(safeLines{a.stderr}, &slog.HandlerOptions{Level: level})).With("component", "exporter"),
	})
	if err != nil {
		return usagef("%s", err)
	}
	ln, err := net.Listen("tcp", f.listen)
	if err != nil {
		return fail(fmt.Errorf("listening on %s: %w", output.Cell(f.listen), err))
	}
	if host, _, _ := net.SplitHostPort(f.listen); !isLoopback(host) {
		fmt.Fprintf(a.stderr, "sclogs: warning: %s is not a loopback address: anyone who reaches it reads the metrics (shop names included); there is no authentication\n", output.Cell(f.listen))
	}
	fmt.Fprintf(a.stdout, "sclogs exporter: serving http://%s/metrics and /healthz; Ctrl-C stops it\n", ln.Addr())

	ctx, cancel := context.WithCancel(cmd.Context())
	defer cancel()
	served, ran := make(chan error, 1), make(chan error, 1)
	go func() { served <- e.Serve(ctx, ln) }()
	go func() { ran <- e.Run(ctx) }()
	// Whichever ends first ends the other.
	var runErr, serveErr error
	select {
	case runErr = <-ran:
		cancel()
		serveErr = <-served
	case serveErr = <-served:
		cancel()
		runErr = <-ran
	}
	switch {
	case runErr != nil:
		return fail(fromLibrary(runErr, "the exporter's first poll"))
	case serveErr != nil && cmd.Context().Err() == nil:
		return fail(fmt.Errorf("serving metrics: %w", serveErr))
	}
	fmt.Fprintln(a.stdout, "sclogs exporter: stopped")
	return nil
}
