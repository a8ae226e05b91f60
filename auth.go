package sclogs

import (
	"context"
	"encoding/base64"
	"errors"
	"fmt"
	"net"
	"net/http"
	"net/url"
	"strings"

	"github.com/sclogs/sclogs/gen"
	"github.com/sclogs/sclogs/pagination"
)

var (
	errRedirectOrigin   = errors.New("redirect to another origin refused")
	errTooManyRedirects = errors.New("stopped after 10 redirects")
)

// authorizer gives the Authorization header of a request.
type authorizer interface {
	// header returns the value to send now; it may fetch a token, under
	// ctx.
	header(ctx context.Context) (string, error)
	// renew is told that the server answered 401 to sent. It drops sent
	// if cached and reports whether asking header again can give a new
	// value.
	renew(ctx context.Context, sent string) bool
	// current is the value header gives now without fetching, "" when
	// there is none (or it is being fetched): for scrubbing it from text
	// a server sent.
	current() string
}

// basicAuth is HTTP Basic: the same header every time.
type basicAuth string

func newBasicAuth(user, password string) basicAuth {
	return basicAuth("Basic " + base64.StdEncoding.EncodeToString([]byte(user+":"+password)))
}

func (b basicAuth) header(context.Context) (string, error) { return string(b), nil }

func (basicAuth) renew(context.Context, string) bool { return false }

func (b basicAuth) current() string { return string(b) }

// headerEditor sets the User-Agent on every request and, only for requests to
// the base URL's origin, the partner id. The credentials are set by the
// retryDoer on every attempt, with the same origin check.
func headerEditor(base *url.URL, userAgent, partnerID string) gen.RequestEditorFn {
	return func(_ context.Context, req *http.Request) error {
		req.Header.Set("User-Agent", userAgent)
		if partnerID != "" && sameOrigin(req.URL, base) {
			req.Header.Set("Sendcloud-Partner-Id", partnerID)
		}
		return nil
	}
}

// withRedirectPolicy returns a shallow copy of hc (the caller's client is never
// changed) that refuses redirects off origin's origin and stops after 10.
func withRedirectPolicy(hc *http.Client, origin *url.URL) *http.Client {
	c := *hc
	userCheck := hc.CheckRedirect
	c.CheckRedirect = func(req *http.Request, via []*http.Request) error {
		if !sameOrigin(req.URL, origin) {
			// Name origins only: the target URL may carry secrets.
			return fmt.Errorf("%w: %s to %s", errRedirectOrigin, originOf(origin), originOf(req.URL))
		}
		if len(via) >= 10 {
			return errTooManyRedirects
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
