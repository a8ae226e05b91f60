package sclogs

import (
	"errors"
	"fmt"
	"log/slog"
	"net/http"
	"net/netip"
	"net/url"
	"strings"
	"time"
	"unicode"
)

// Defaults used by [NewClient].
const (
	DefaultBaseURL    = "https://panel.sendcloud.sc/api/v3"
	DefaultTokenURL   = "https://account.sendcloud.com/oauth2/token/"
	DefaultMaxRetries = 4
	// DefaultTimeout bounds each attempt, from sending the request to the
	// last byte of the body (see [WithTimeout]). A page of 100 logs is a
	// few MB at most: a minute reads it over a link of 1 Mbit/s, and still
	// ends an attempt against a server that never answers or drips its body.
	DefaultTimeout = 60 * time.Second
)

// Option configures a [Client]; [NewClient] returns the first error an
// option reports.
type Option func(*config) error

type config struct {
	baseURL    *url.URL
	tokenURL   *url.URL
	basic      *[2]string // public key, secret key
	oauth      *[2]string // client id, client secret
	authSet    bool
	hc         *http.Client
	maxRetries int
	backoff    *[2]time.Duration // base, cap; nil: the defaults (options_retry.go)
	logger     *slog.Logger
	partnerID  string
	userAgent  string
	timeout    *time.Duration // nil: DefaultTimeout, unless hc has a Timeout
	cleartext  bool           // WithInsecureHTTP
	rateLimit  *[2]int64      // n, per; nil: the default; {0, 0}: none (options_ratelimit.go)
}

// WithBaseURL sets the API base URL, default [DefaultBaseURL]. It must be an
// absolute http or https URL without credentials, query or fragment. An
// empty u keeps the default (or the base URL an earlier option set), so
// WithBaseURL(os.Getenv("SENDCLOUD_BASE_URL")) works whether or not the
// variable is set; spaces alone are not empty and are an error.
func WithBaseURL(u string) Option {
	return func(c *config) error {
		if u == "" {
			return nil
		}
		p, err := parseEndpoint(u)
		if err != nil {
			return fmt.Errorf("WithBaseURL: %w", err)
		}
		p.Path = strings.TrimRight(p.Path, "/")
		p.RawPath = strings.TrimRight(p.RawPath, "/")
		c.baseURL = p
		return nil
	}
}

// WithBasicAuth authenticates with an API key pair (HTTP Basic).
func WithBasicAuth(publicKey, secretKey string) Option {
	return func(c *config) error {
		switch {
		case publicKey == "" || secretKey == "":
			return errors.New("WithBasicAuth: public key and secret key must not be empty")
		case strings.Contains(publicKey, ":"):
			// HTTP Basic joins the two with ":": the server would split
			// the pair elsewhere.
			return errors.New("WithBasicAuth: public key must not contain ':'")
		case hasControl(publicKey) || hasControl(secretKey):
			return errors.New("WithBasicAuth: public key or secret key contains a control character")
		}
		if err := c.setAuth(); err != nil {
			return err
		}
		c.basic = &[2]string{publicKey, secretKey}
		return nil
	}
}

// WithOAuth2ClientCredentials authenticates with the OAuth2 client-credentials
// flow (scope "api"; id and secret in HTTP Basic to the token URL), with
// golang.org/x/oauth2/clientcredentials. The token is fetched under the
// context of the request that needs it, reused until it expires, and fetched
// anew once when the API answers 401 to it. A refused token request lets
// errors.As find an *oauth2.RetrieveError, scrubbed of the credentials.
func WithOAuth2ClientCredentials(clientID, clientSecret string) Option {
	return func(c *config) error {
		switch {
		case clientID == "" || clientSecret == "":
			return errors.New("WithOAuth2ClientCredentials: client id and secret must not be empty")
		case hasControl(clientID) || hasControl(clientSecret):
			// A newline read along with a secret from a file would be
			// sent URL-encoded and rejected as bad credentials.
			return errors.New("WithOAuth2ClientCredentials: client id or secret contains a control character")
		}
		if err := c.setAuth(); err != nil {
			return err
		}
		c.oauth = &[2]string{clientID, clientSecret}
		return nil
	}
}

func (c *config) setAuth() error {
	if c.authSet {
		return errors.New("only one auth option may be given (WithBasicAuth or WithOAuth2ClientCredentials)")
	}
	c.authSet = true
	return nil
}

// WithTokenURL sets the OAuth2 token endpoint, default [DefaultTokenURL]. It
// only matters with [WithOAuth2ClientCredentials].
func WithTokenURL(u string) Option {
	return func(c *config) error {
		p, err := parseEndpoint(u)
		if err != nil {
			return fmt.Errorf("WithTokenURL: %w", err)
		}
		c.tokenURL = p
		return nil
	}
}

// WithHTTPClient sets the http.Client used for every request. The client is
// not modified: a copy gets the redirect policy.
func WithHTTPClient(hc *http.Client) Option {
	return func(c *config) error {
		if hc == nil {
			return errors.New("WithHTTPClient: nil client")
		}
		c.hc = hc
		return nil
	}
}

// WithTimeout bounds each attempt of a request, from sending it to reading
// the last byte of the body; an attempt that runs out is retried like any
// timeout. 0 means no per-attempt timeout. The default is [DefaultTimeout],
// or none when [WithHTTPClient] gives a client with its own Timeout (which
// keeps working either way).
func WithTimeout(d time.Duration) Option {
	return func(c *config) error {
		if d < 0 {
			return fmt.Errorf("WithTimeout: %s is negative", d)
		}
		c.timeout = &d
		return nil
	}
}

// ErrInsecureHTTP is wrapped by the error of [NewClient] for an http:// base
// or token URL whose host is not loopback, without [WithInsecureHTTP].
var ErrInsecureHTTP = errors.New("cleartext HTTP to a host that is not loopback")

// WithInsecureHTTP allows an http:// base or token URL whose host is not
// loopback. Without it [NewClient] refuses one: credentials (and the shops'
// data in the logs) would cross the network in cleartext. http:// to
// localhost, 127.0.0.0/8 or ::1 is always allowed.
func WithInsecureHTTP() Option {
	return func(c *config) error {
		c.cleartext = true
		return nil
	}
}

// WithMaxRetries sets how many times a failed request is retried, default
// [DefaultMaxRetries]; 0 means no retries.
func WithMaxRetries(n int) Option {
	return func(c *config) error {
		if n < 0 {
			return fmt.Errorf("WithMaxRetries: %d is negative", n)
		}
		c.maxRetries = n
		return nil
	}
}

// WithLogger logs each attempt at debug level (method, URL, status, attempt,
// delay; never credentials). nil, the default, logs nothing.
//
// Each attempt is one record with the message "sclogs: http attempt" and the
// attributes method, url, attempt, then status (an int: the answer's HTTP
// status) or error, and delay only when the request will be retried after
// that delay. A slog.Handler can count retries and 429 answers from them
// (sclogs exporter does); this shape is kept.
func WithLogger(l *slog.Logger) Option {
	return func(c *config) error {
		c.logger = l
		return nil
	}
}

// WithPartnerID sends the Sendcloud-Partner-Id header; "" sends none. The
// value is passed on as given: the API itself rejects an invalid one.
func WithPartnerID(id string) Option {
	return func(c *config) error {
		if hasControl(id) {
			return errors.New("WithPartnerID: value contains a control character")
		}
		c.partnerID = strings.TrimSpace(id)
		return nil
	}
}

// WithUserAgent appends s to the default User-Agent "sclogs/<Version>".
func WithUserAgent(s string) Option {
	return func(c *config) error {
		if hasControl(s) {
			return errors.New("WithUserAgent: value contains a control character")
		}
		c.userAgent = strings.TrimSpace(s)
		return nil
	}
}

// hasControl reports whether s holds a control character (C0, DEL or C1):
// one would break the header it goes into, or be rejected by net/http on
// every request.
func hasControl(s string) bool {
	return strings.ContainsFunc(s, unicode.IsControl)
}

// checkCleartext refuses an http:// URL to a host that is not loopback.
func checkCleartext(option string, u *url.URL) error {
	if u == nil || !strings.EqualFold(u.Scheme, "http") || isLoopback(u.Hostname()) {
		return nil
	}
	return fmt.Errorf("%s: %w: http:// to %s would send credentials in cleartext over the network; "+
		"use https://, or allow it with WithInsecureHTTP", option, ErrInsecureHTTP, oneLine(u.Hostname(), 100))
}

// isLoopback reports whether host is localhost or a loopback IP address.
func isLoopback(host string) bool {
	if strings.EqualFold(strings.TrimSuffix(host, "."), "localhost") {
		return true
	}
	ip, err := netip.ParseAddr(host)
	return err == nil && ip.Unmap().IsLoopback()
}

// parseEndpoint accepts an absolute http(s) URL with a host and no userinfo
// (credentials belong in the auth options), query or fragment.
func parseEndpoint(s string) (*url.URL, error) {
	u, err := url.Parse(s)
	if err != nil {
		return nil, errors.New("not a valid URL") // url's message repeats the input
	}
	switch {
	case u.Scheme == "":
		return nil, errors.New("URL must be absolute, starting with https:// or http://")
	case u.Scheme != "http" && u.Scheme != "https":
		return nil, fmt.Errorf("scheme must be http or https, got %q", u.Scheme)
	case u.Host == "" || u.Hostname() == "":
		return nil, errors.New("URL has no host")
	case u.User != nil:
		return nil, errors.New("URL must not contain credentials")
	case u.RawQuery != "" || u.ForceQuery || u.Fragment != "":
		return nil, errors.New("URL must not have a query or fragment")
	}
	return u, nil
}
