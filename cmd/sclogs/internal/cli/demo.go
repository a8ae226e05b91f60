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
		Short: "Run list and doctor against a fake Sendcloud API on loopback: no account needed",
		Long: `Start the sclogstest fake of the Sendcloud logs API in-process on loopback,
with seeded logs, and run "list" and "doctor" against it through the real
client and HTTP stack. No account, no credentials, no network.`,
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
	fmt.Fprintf(out, "with seeded logs for integrations 1, 2 and 3. No account, no network: requests go\n")
	fmt.Fprintf(out, "through the real client and HTTP stack. Secrets in the logs are redacted.\n")

	fmt.Fprintf(out, "\n== sclogs list %d --limit 5 ==\n\n", demoIntegration)
	lp := listParams{id: demoIntegration, limit: 5, pageSize: 5, format: output.Table, redact: true}
	if err := a.runList(ctx, c, lp, out); err != nil {
		return err
	}

	fmt.Fprintf(out, "\n== sclogs doctor %d ==\n\n", demoIntegration)
	dp := doctorParams{id: demoIntegration, pageSize: maxPageSize, format: output.Table, maxRows: 10}
	if err := a.runDoctor(ctx, c, dp, out); err != nil {
		return err
	}

	fmt.Fprintf(out, "\nNext, with your own integration:\n")
	fmt.Fprintf(out, "  export %s=... %s=...\n", envPublicKey, envSecretKey)
	fmt.Fprintf(out, "  sclogs list INTEGRATION_ID\n  sclogs doctor INTEGRATION_ID --since 7d\n")
	return nil
}
