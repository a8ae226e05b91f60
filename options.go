package sclogs

import (
	"errors"
	"fmt"
	"log/slog"
	"net/http"
	"net/url"
	"strings"
	"time"
)

// Defaults used by [NewClient].
const (
	DefaultBaseURL    = "https://panel.sendcloud.sc/api/v3"
	DefaultTokenURL   = "https://account.sendcloud.com/oauth2/token/"
	DefaultMaxRetries = 4
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
}

// WithBaseURL sets the API base URL, default [DefaultBaseURL]. It must be an
// absolute http or https URL without credentials, query or fragment.
func WithBaseURL(u string) Option {
	return func(c *config) error {
		p, err := parseEndpoint(u)
		if err != nil {
			return fmt.Errorf("sclogs: WithBaseURL: %w", err)
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
		if publicKey == "" || secretKey == "" {
			return errors.New("sclogs: WithBasicAuth: public key and secret key must not be empty")
		}
		if err := c.setAuth(); err != nil {
			return err
		}
		c.basic = &[2]string{publicKey, secretKey}
		return nil
	}
}

// WithOAuth2ClientCredentials authenticates with the OAuth2 client-credentials
// flow (scope "api"); the token is fetched once and reused until it expires.
func WithOAuth2ClientCredentials(clientID, clientSecret string) Option {
	return func(c *config) error {
		if clientID == "" || clientSecret == "" {
			return errors.New("sclogs: WithOAuth2ClientCredentials: client id and secret must not be empty")
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
		return errors.New("sclogs: only one auth option may be given (WithBasicAuth or WithOAuth2ClientCredentials)")
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
			return fmt.Errorf("sclogs: WithTokenURL: %w", err)
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
			return errors.New("sclogs: WithHTTPClient: nil client")
		}
		c.hc = hc
		return nil
	}
}

// WithMaxRetries sets how many times a failed request is retried, default
// [DefaultMaxRetries]; 0 means no retries.
func WithMaxRetries(n int) Option {
	return func(c *config) error {
		if n < 0 {
			return fmt.Errorf("sclogs: WithMaxRetries: %d is negative", n)
		}
		c.maxRetries = n
		return nil
	}
}

// WithLogger logs each attempt at debug level (method, URL, status, attempt,
// delay; never credentials). nil, the default, logs nothing.
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
		if strings.ContainsAny(id, "\r\n") {
			return errors.New("sclogs: WithPartnerID: value contains a line break")
		}
		c.partnerID = strings.TrimSpace(id)
		return nil
	}
}

// WithUserAgent appends s to the default User-Agent "sclogs/<Version>".
func WithUserAgent(s string) Option {
	return func(c *config) error {
		if strings.ContainsAny(s, "\r\n") {
			return errors.New("sclogs: WithUserAgent: value contains a line break")
		}
		c.userAgent = strings.TrimSpace(s)
		return nil
	}
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
