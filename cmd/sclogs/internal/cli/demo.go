package cli

import (
	"context"
	"fmt"

	"github.com/sclogs/sclogs"
	"github.com/sclogs/sclogs/cmd/sclogs/internal/output"
	"github.com/sclogs/sclogs/sclogstest"
	"github.com/spf13/cobra"
)

// demoIntegration is the seeded integration the demo reads.
const demoIntegration = 2

func (a *app) demoCommand() *cobra.Command {
	return &cobra.Command{
		Use:   "demo",
		Short: "Run list, doctor, integrations and list --follow against a fake Sendcloud API: no account needed",
		Long: `Start the sclogstest fake of the Sendcloud API in-process on loopback, with
seeded logs (and a new one every moment), and run "list", "doctor" (for one
integration and for the whole account), "integrations" and "list --follow"
against it through the real client and HTTP stack. No account, no
credentials, no network.`,
		Example: `  sclogs demo
  sclogs demo --verbose   # also show every request on stderr`,
		Args: cobra.NoArgs,
		RunE: func(cmd *cobra.Command, _ []string) error { return a.runDemo(cmd.Context()) },
	}
}

func (a *app) runDemo(ctx context.Context) error {
	srv, err := sclogstest.Start()
	if err != nil {
		return fail(fmt.Errorf("starting the fake API: %w", err))
	}
	defer srv.Close()
	c, err := a.client(sclogs.WithBasicAuth(srv.PublicKey(), srv.SecretKey()), srv.URL(), "",
		&connFlags{maxRetries: sclogs.DefaultMaxRetries, timeout: sclogs.DefaultTimeout})
	if err != nil {
		return fail(err)
	}
	out := a.stdout
	fmt.Fprintf(out, "sclogs demo: a fake Sendcloud API is running at %s\n", srv.URL())
	fmt.Fprintf(out, "with seeded logs for integrations 1, 2 and 3. No account, no network:\n")
	fmt.Fprintf(out, "requests go through the real client and HTTP stack. Secrets in the logs\n")
	fmt.Fprintf(out, "are redacted.\n")

	fmt.Fprintf(out, "\n== sclogs list %d --limit 5 ==\n\n", demoIntegration)
	width, zone := a.width(displayFlags{}), zoneOf(displayFlags{})
	lp := listParams{id: demoIntegration, limit: 5, pageSize: 5, format: output.Table, redact: true, width: width, zone: zone}
	if err := a.runList(ctx, c, lp, out); err != nil {
		return err
	}

	fmt.Fprintf(out, "\n== sclogs doctor %d ==\n\n", demoIntegration)
	dp := doctorParams{id: demoIntegration, pageSize: maxPageSize, format: output.Table, maxRows: 10, width: width, zone: zone, now: a.now()}
	if err := a.runDoctor(ctx, c, dp, out); err != nil {
		return err
	}

	fmt.Fprintf(out, "\n== sclogs integrations ==\n\n")
	ip := integrationsParams{format: output.Table, redact: true, width: width, zone: zone}
	if err := a.runIntegrations(ctx, c, ip, out); err != nil {
		return err
	}

	fmt.Fprintf(out, "\n== sclogs doctor (the whole account) ==\n\n")
	dp.id, dp.maxRows = accountWide, 8
	if err := a.runDoctor(ctx, c, dp, out); err != nil {
		return err
	}

	fmt.Fprintf(out, "\n== sclogs list --follow --limit 2 (new logs arrive; %d polls, then Ctrl-C) ==\n\n", demoPolls)
	fp := listParams{id: accountWide, limit: 2, format: output.Table, redact: true, width: width, zone: zone,
		follow: true, interval: minInterval, shops: a.shopNames(ctx, c)}
	fctx, stop := context.WithCancel(ctx)
	defer stop()
	pages, err := demoFollowPages(fctx, c, srv, stop)
	if err != nil {
		return err
	}
	if err := a.runFollow(fctx, pages, fp, out); err != nil {
		return err
	}
	if ctx.Err() != nil {
		return nil // the user's Ctrl-C: end quietly, as --follow does
	}

	fmt.Fprintf(out, "\nNext, with your own account:\n")
	fmt.Fprintf(out, "  export %s=... %s=...\n", envPublicKey, envSecretKey)
	fmt.Fprintf(out, "  sclogs integrations\n  sclogs doctor --since 7d --html report.html\n")
	fmt.Fprintf(out, "  sclogs list INTEGRATION_ID\n  sclogs list --follow\n")
	return nil
}

// demoPolls is how many polls the demo's --follow makes.
const demoPolls = 3

// demoFollowPages is the account's newest pages for the demo's --follow.
// Before each poll after the first, the fake gets new logs (copies of the
// newest ones, with new ids and times); after demoPolls polls it calls stop,
// as Ctrl-C would.
func demoFollowPages(ctx context.Context, c *sclogs.Client, srv *sclogstest.Server, stop func()) (pageSource, error) {
	sample, err := c.ListAllLogs(ctx, &sclogs.ListOptions{PageSize: 5})
	if err != nil {
		return nil, fail(fromLibrary(err, "reading the account's logs"))
	}
	next := followPages(c, accountWide)
	polls := 0
	return func(ctx context.Context, cursor string) (*sclogs.Page, error) {
		if cursor == "" {
			polls++
			if polls > demoPolls {
				stop()
				return nil, ctx.Err()
			}
			if polls > 1 && len(sample.Logs) > 0 {
				l := sample.Logs[polls%len(sample.Logs)]
				l.ID, l.CreatedAt = nil, nil // the next id, a second after the newest
				if l.IntegrationID != nil {
					srv.AddLogs(*l.IntegrationID, l)
				}
			}
		}
		return next(ctx, cursor)
	}, nil
}
