package cli

import (
	"errors"
	"log/slog"
	"strings"
	"time"

	"github.com/sclogs/sclogs"
	"github.com/sclogs/sclogs/internal/redact"
	"github.com/spf13/cobra"
)

// Environment variable names: a contract.
const (
	envPublicKey    = "SENDCLOUD_PUBLIC_KEY"
	envSecretKey    = "SENDCLOUD_SECRET_KEY"
	envClientID     = "SENDCLOUD_CLIENT_ID"
	envClientSecret = "SENDCLOUD_CLIENT_SECRET"
	envBaseURL      = "SENDCLOUD_BASE_URL"
	envTokenURL     = "SENDCLOUD_TOKEN_URL"
)

// connFlags are the flags of the commands that call the API.
type connFlags struct {
	baseURL      string
	tokenURL     string
	maxRetries   int
	partnerID    string
	timeout      time.Duration
	insecureHTTP bool
	rate         string // --rate, e.g. 1000/min (rate.go)
}

func (f *connFlags) register(cmd *cobra.Command) {
	fs := cmd.Flags()
	fs.StringVar(&f.baseURL, "base-url", sclogs.DefaultBaseURL, "API base URL (env "+envBaseURL+")")
	fs.StringVar(&f.tokenURL, "token-url", sclogs.DefaultTokenURL, "OAuth2 token URL (env "+envTokenURL+")")
	fs.IntVar(&f.maxRetries, "max-retries", sclogs.DefaultMaxRetries, "retries of a failed request (0 = none)")
	fs.StringVar(&f.partnerID, "partner-id", "", "Sendcloud partner id, sent as the Sendcloud-Partner-Id header")
	fs.DurationVar(&f.timeout, "timeout", sclogs.DefaultTimeout, "time limit of each attempt of a request, body included (0 = none)")
	fs.StringVar(&f.rate, "rate", defaultRate, "the client's request budget: at most N GET requests per period, e.g. 1000/min or 20/s (0 = no limit)")
	fs.BoolVar(&f.insecureHTTP, "insecure-http", false, "allow an http:// --base-url or --token-url to a host that is not loopback (credentials in cleartext)")
}

// credentials reads the credentials from the environment, and only from
// there: flags would show them in shell history and process lists.
func (a *app) credentials() (opt sclogs.Option, kind string, err error) {
	pub, sec := a.env(envPublicKey), a.env(envSecretKey)
	id, csec := a.env(envClientID), a.env(envClientSecret)
	switch {
	case pub != "" && sec != "":
		return sclogs.WithBasicAuth(pub, sec), "API key pair (" + envPublicKey + ", " + envSecretKey + ")", nil
	case pub != "" || sec != "":
		return nil, "", usagef("incomplete credentials: set both %s and %s", envPublicKey, envSecretKey)
	case id != "" && csec != "":
		return sclogs.WithOAuth2ClientCredentials(id, csec), "OAuth2 client credentials (" + envClientID + ", " + envClientSecret + ")", nil
	case id != "" || csec != "":
		return nil, "", usagef("incomplete credentials: set both %s and %s", envClientID, envClientSecret)
	}
	return nil, "", usagef("no credentials: set %s and %s (or %s and %s) in the environment",
		envPublicKey, envSecretKey, envClientID, envClientSecret)
}

// newClient builds the API client from the flags and the environment, with
// extra options last. Every problem here is a usage error, found before any
// request is sent.
func (a *app) newClient(cmd *cobra.Command, f *connFlags, extra ...sclogs.Option) (*sclogs.Client, error) {
	if f.maxRetries < 0 {
		return nil, usagef("invalid --max-retries %d: must be 0 or more", f.maxRetries)
	}
	if f.timeout < 0 {
		return nil, usagef("invalid --timeout %s: must be 0 (none) or more", f.timeout)
	}
	if _, _, err := parseRate("rate", f.rate); err != nil {
		return nil, err
	}
	auth, kind, err := a.credentials()
	if err != nil {
		return nil, err
	}
	baseURL := a.setting(cmd, "base-url", f.baseURL, envBaseURL)
	tokenURL := a.setting(cmd, "token-url", f.tokenURL, envTokenURL)
	// The URLs as typed may hold a password or a secret query value, and
	// are logged before they are checked (and maybe rejected).
	a.logger.Debug("client", "base_url", redact.URL(baseURL), "token_url", redact.URL(tokenURL), "auth", kind,
		"max_retries", f.maxRetries, "timeout", f.timeout)
	if err := checkEndpoint("base-url", envBaseURL, baseURL, sclogs.DefaultBaseURL); err != nil {
		return nil, err
	}
	if tokenURL != "" {
		if err := checkEndpoint("token-url", envTokenURL, tokenURL, sclogs.DefaultTokenURL); err != nil {
			return nil, err
		}
	}
	if strings.HasPrefix(kind, "OAuth2") && isSendcloud(tokenURL) && !isSendcloud(baseURL) {
		return nil, usagef("--base-url is %s but the OAuth2 token URL is still Sendcloud's (%s), which would receive "+
			"the client secret for another server: set --token-url (or %s) to that server's token endpoint",
			redact.URL(baseURL), redact.URL(tokenURL), envTokenURL)
	}
	return a.client(auth, baseURL, tokenURL, f, extra...)
}

// client creates a client for baseURL with the given auth, and extra
// options last (they win over the flags').
func (a *app) client(auth sclogs.Option, baseURL, tokenURL string, f *connFlags, extra ...sclogs.Option) (*sclogs.Client, error) {
	opts := []sclogs.Option{
		auth,
		sclogs.WithBaseURL(baseURL),
		sclogs.WithMaxRetries(f.maxRetries),
		sclogs.WithPartnerID(f.partnerID),
		sclogs.WithUserAgent("cli"),
		sclogs.WithTimeout(f.timeout),
	}
	if f.insecureHTTP {
		opts = append(opts, sclogs.WithInsecureHTTP())
	}
	if n, per, err := parseRate("rate", f.rate); err == nil && f.rate != "" { // checked in newClient
		opts = append(opts, sclogs.WithRateLimit(n, per))
	}
	if tokenURL != "" {
		opts = append(opts, sclogs.WithTokenURL(tokenURL))
	}
	if a.verbose {
		opts = append(opts, sclogs.WithLogger(a.logger))
	}
	opts = append(opts, extra...)
	c, err := sclogs.NewClient(opts...)
	if errors.Is(err, sclogs.ErrInsecureHTTP) {
		return nil, cleartextRefused(baseURL, tokenURL)
	}
	if err != nil {
		return nil, fromLibrary(err, "")
	}
	return c, nil
}

// setting is a flag's value when given, else the environment's, else the
// flag's default.
func (a *app) setting(cmd *cobra.Command, flag, value, env string) string {
	if cmd.Flags().Changed(flag) {
		return value
	}
	if v := a.env(env); v != "" {
		return v
	}
	return value
}

// newLogger returns the --verbose logger: debug lines on stderr. When not
// verbose it discards everything.
func newLogger(a *app) *slog.Logger {
	if !a.verbose {
		return slog.New(slog.DiscardHandler)
	}
	return slog.New(slog.NewTextHandler(safeLines{a.stderr}, &slog.HandlerOptions{Level: slog.LevelDebug}))
}
