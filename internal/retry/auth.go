package retry

import (
	"context"
	"encoding/base64"
	"errors"
	"fmt"
	"net"
	"net/http"
	"net/url"
	"strings"

	"github.com/sclogs/sclogs/pagination"
)

// Redirects refused by WithRedirectPolicy; neither is retried.
var (
	ErrRedirectOrigin   = errors.New("redirect to another origin refused")
	ErrTooManyRedirects = errors.New("stopped after 10 redirects")
)

// Authorizer gives the Authorization header of a request: Basic, or an
// OAuth2 token source (internal/token).
type Authorizer interface {
	// Header returns the value to send now; it may fetch a token, under
	// ctx.
	Header(ctx context.Context) (string, error)
	// Renew is told that the server answered 401 to sent. It drops sent
	// if cached and reports whether asking Header again can give a new
	// value.
	Renew(ctx context.Context, sent string) bool
	// Current is the value Header gives now without fetching, "" when
	// there is none (or it is being fetched): for scrubbing it from text
	// a server sent.
	Current() string
}

// Basic is HTTP Basic: the same header every time.
type Basic string

// NewBasic returns the Basic authorization of user and password.
func NewBasic(user, password string) Basic {
	return Basic("Basic " + base64.StdEncoding.EncodeToString([]byte(user+":"+password)))
}

// Header returns the header value.
func (b Basic) Header(context.Context) (string, error) { return string(b), nil }

// Renew reports false: the same pair would be refused again.
func (Basic) Renew(context.Context, string) bool { return false }

// Current returns the header value.
func (b Basic) Current() string { return string(b) }

// WithRedirectPolicy returns a shallow copy of hc (the caller's client is never
// changed) that refuses redirects off origin's origin and stops after 10.
func WithRedirectPolicy(hc *http.Client, origin *url.URL) *http.Client {
	c := *hc
	userCheck := hc.CheckRedirect
	c.CheckRedirect = func(req *http.Request, via []*http.Request) error {
		if !sameOrigin(req.URL, origin) {
			// Name origins only: the target URL may carry secrets.
			return fmt.Errorf("%w: %s to %s", ErrRedirectOrigin, originOf(origin), originOf(req.URL))
		}
		if len(via) >= 10 {
			return ErrTooManyRedirects
		}
		if userCheck != nil {
			return userCheck(req, via)
		}
		return nil
	}
	return &c
}

// sameOrigin is the one origin rule of the module (pagination.SameOrigin):
// credentials, redirects and next links are all judged by it.
func sameOrigin(a, b *url.URL) bool { return pagination.SameOrigin(a, b) }

// originOf names u's origin in messages: scheme://host:port, nothing else.
func originOf(u *url.URL) string {
	scheme := strings.ToLower(u.Scheme)
	port := u.Port()
	if port == "" {
		switch scheme {
		case "http":
			port = "80"
		case "https":
			port = "443"
		}
	}
	return scheme + "://" + net.JoinHostPort(strings.ToLower(u.Hostname()), port)
}
