package cli

import (
	"fmt"
	"net"
	"os"
	"os/signal"
	"strings"
	"syscall"
	"time"

	"github.com/sclogs/sclogs/cmd/sclogs/internal/output"
	"github.com/sclogs/sclogs/sclogstest"
	"github.com/spf13/cobra"
)

func (a *app) serveFakeCommand() *cobra.Command {
	var (
		addr                   string
		seed                   int64
		latency                time.Duration
		publicKey, secretKey   string
		clientID, clientSecret string
		logsPerIntegration     int
		newLogEvery            time.Duration
		integrations           int
		rateLimit              string
	)
	cmd := &cobra.Command{
		Use:   "serve-fake",
		Short: "Serve the fake Sendcloud logs API on loopback until interrupted",
		Long: `Serve sclogstest, a fake of the Sendcloud integration logs API with seeded
data (integrations 1, 2 and 3; --integrations N for more), paging, auth,
errors and (with --rate-limit) 429s like the real one, so
you can point your own code at it. With --new-log-every, new logs keep
appearing (created now), for list --follow. It prints the base URL, the token URL and
the credentials to use (the fake's own: they open nothing else), and stops on
Ctrl-C (SIGINT) or SIGTERM.`,
		Example: `  sclogs serve-fake
  sclogs serve-fake --addr 127.0.0.1:9000 --seed 42 --latency 50ms
  sclogs serve-fake --public-key me --secret-key s3cret
  sclogs serve-fake --new-log-every 5s   # new logs appear: try list --follow
  sclogs serve-fake --integrations 40 --logs-per-integration 250 --latency 50ms   # a large account
  sclogs serve-fake --rate-limit 1000/min   # 429s like Sendcloud past 1000 GETs a minute

  # in another terminal
  SENDCLOUD_BASE_URL=http://127.0.0.1:8080/api/v3 \
  SENDCLOUD_PUBLIC_KEY=demo-public SENDCLOUD_SECRET_KEY=demo-secret sclogs list 1`,
		Args: cobra.NoArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			switch {
			case latency < 0:
				return usagef("invalid --latency %s: must not be negative", latency)
			case newLogEvery != 0 && newLogEvery < sclogstest.MinLiveInterval:
				return usagef("invalid --new-log-every %s: must be 0 (off) or at least %s", newLogEvery, sclogstest.MinLiveInterval)
			case logsPerIntegration < 0:
				return usagef("invalid --logs-per-integration %d: must not be negative", logsPerIntegration)
			case publicKey == "" || secretKey == "":
				return usagef("--public-key and --secret-key must not be empty")
			case clientID == "" || clientSecret == "":
				return usagef("--client-id and --client-secret must not be empty")
			case integrations < 1 || integrations > sclogstest.MaxIntegrations:
				return usagef("invalid --integrations %d: must be 1 to %d", integrations, sclogstest.MaxIntegrations)
			}
			rateN, ratePer, err := parseRate("rate-limit", rateLimit)
			if err != nil {
				return err
			}
			host, _, err := net.SplitHostPort(addr)
			if err != nil {
				return usagef("invalid --addr %q: want host:port, e.g. 127.0.0.1:8080", addr)
			}
			if !isLoopback(host) {
				fmt.Fprintf(a.stderr, "sclogs: warning: %s is not a loopback address: the fake and its credentials are reachable from the network\n", output.Cell(addr))
			}
			opts := []sclogstest.Option{
				sclogstest.WithAddr(addr),
				sclogstest.WithSeed(seed),
				sclogstest.WithLatency(latency),
				sclogstest.WithBasicAuth(publicKey, secretKey),
				sclogstest.WithOAuth2ClientCredentials(clientID, clientSecret),
				sclogstest.WithLogsPerIntegration(logsPerIntegration),
				sclogstest.WithIntegrations(integrations),
				sclogstest.WithRateLimit(rateN, ratePer),
			}
			if newLogEvery > 0 {
				opts = append(opts, sclogstest.WithLiveLogs(newLogEvery))
			}
			srv, err := sclogstest.Start(opts...)
			if err != nil {
				return fail(fmt.Errorf("starting the fake API: %w", err))
			}
			defer srv.Close()
			a.printFake(srv)
			ctx, stop := signal.NotifyContext(cmd.Context(), os.Interrupt, syscall.SIGTERM)
			defer stop()
			<-ctx.Done()
			srv.Close()
			fmt.Fprintln(a.stdout, "sclogs serve-fake: stopped")
			return nil
		},
	}
	fs := cmd.Flags()
	fs.StringVar(&addr, "addr", "127.0.0.1:8080", "address to listen on (host:port; port 0 picks a free one)")
	fs.Int64Var(&seed, "seed", sclogstest.DefaultSeed, "seed of the generated logs: the same seed serves the same data")
	fs.DurationVar(&latency, "latency", 0, "delay every answer by this much, e.g. 50ms")
	fs.StringVar(&publicKey, "public-key", sclogstest.DefaultPublicKey, "API public key the fake accepts (HTTP Basic user)")
	fs.StringVar(&secretKey, "secret-key", sclogstest.DefaultSecretKey, "API secret key the fake accepts (HTTP Basic password)")
	fs.StringVar(&clientID, "client-id", sclogstest.DefaultClientID, "OAuth2 client id the fake's token endpoint accepts")
	fs.StringVar(&clientSecret, "client-secret", sclogstest.DefaultClientSecret, "OAuth2 client secret the fake's token endpoint accepts")
	fs.IntVar(&logsPerIntegration, "logs-per-integration", sclogstest.DefaultLogsPerIntegration, "logs in each seeded integration")
	fs.IntVar(&integrations, "integrations", sclogstest.DefaultIntegrations, "seed N integrations (ids 1 to N), each with --logs-per-integration logs")
	fs.StringVar(&rateLimit, "rate-limit", "0", "answer 429 (no Retry-After, as Sendcloud) past N GET requests per period, e.g. 1000/min; 0 = no limit")
	fs.DurationVar(&newLogEvery, "new-log-every", 0, "add a new log every DURATION (e.g. 5s), to the integrations in turn, for list --follow; 0 = off")
	return cmd
}

// printFake tells how to use the running fake. This is the one place sclogs
// prints credentials: the fake's own, which open nothing else.
func (a *app) printFake(srv *sclogstest.Server) {
	ids := make([]string, 0, 3)
	for _, id := range srv.Integrations() {
		ids = append(ids, fmt.Sprint(id))
	}
	out := a.stdout
	fmt.Fprintln(out, "sclogs serve-fake: a fake Sendcloud API is listening; Ctrl-C stops it.")
	fmt.Fprintf(out, "  base URL:       %s\n", srv.URL())
	fmt.Fprintf(out, "  token URL:      %s\n", srv.TokenURL())
	fmt.Fprintf(out, "  public key:     %s\n", srv.PublicKey())
	fmt.Fprintf(out, "  secret key:     %s\n", srv.SecretKey())
	fmt.Fprintf(out, "  client id:      %s\n", srv.ClientID())
	fmt.Fprintf(out, "  client secret:  %s\n", srv.ClientSecret())
	fmt.Fprintf(out, "  integrations:   %s\n", strings.Join(ids, ", "))
	fmt.Fprintln(out, "Try:")
	fmt.Fprintf(out, "  %s=%s %s=%s %s=%s sclogs list %s\n", envBaseURL, srv.URL(),
		envPublicKey, srv.PublicKey(), envSecretKey, srv.SecretKey(), firstOr(ids, "1"))
}

func firstOr(s []string, def string) string {
	if len(s) == 0 {
		return def
	}
	return s[0]
}

func isLoopback(host string) bool {
	if strings.EqualFold(host, "localhost") {
		return true
	}
	ip := net.ParseIP(host)
	return ip != nil && ip.IsLoopback()
}
