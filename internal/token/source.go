// Package token is the OAuth2 client-credentials token source of the
// client: x/oauth2's clientcredentials.Config.Token for the exchange, sent
// through the token endpoint's own retry.Doer, with a cache of ours that
// waits under each request's context and renews on a 401. Its errors let
// errors.As reach *oauth2.RetrieveError, scrubbed of the credentials.
package token

import (
	"context"
	"fmt"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"time"

	"github.com/sclogs/sclogs/internal/retry"
	"github.com/sclogs/sclogs/internal/scrub"
	"golang.org/x/oauth2"
	"golang.org/x/oauth2/clientcredentials"
)

// tokenSkew is how long before its expiry a token is replaced, so that it
// does not expire in flight.
const tokenSkew = 30 * time.Second

// maxTokenLife caps the lifetime a token endpoint may claim (expires_in):
// Sendcloud's tokens last an hour; one claiming more is replaced after a day.
const maxTokenLife = 24 * time.Hour

// MaxBody caps a token endpoint's answer: a token is a few hundred bytes.
const MaxBody = 1 << 20

// Source gets OAuth2 client-credentials tokens (RFC 6749 section 4.4)
// from x/oauth2's clientcredentials.Config.Token and caches one until it
// expires or the API answers 401 to it.
//
// The cache is ours, not x/oauth2's ReuseTokenSource, whose fetch runs under
// the context the source was made with: here the token request runs under
// the context of the API request that needs it (a deadline or cancel ends it
// at once), and a request waiting for another's fetch stops waiting when its
// own context ends. x/oauth2 sends the request through hc, the token
// endpoint's retry.Doer (the API's retry policy, per-attempt timeout and
// redirect rule).
type Source struct {
	conf clientcredentials.Config
	hc   *http.Client // over doer: see tokenTransport
	doer *retry.Doer  // client id and secret in Basic, for the token URL only

	// lock is held while the token is read or fetched. A channel rather
	// than a mutex, so that a request waiting for another's fetch stops
	// waiting when its own context ends.
	lock   chan struct{}
	value  string    // "Bearer …"; "" when none
	expiry time.Time // zero: none given
}

// New returns a token source for the client credentials, fetching from
// tokenURL through doer (which sets them in Basic on every attempt).
func New(doer *retry.Doer, tokenURL *url.URL, clientID, secret, userAgent string) *Source {
	return &Source{
		conf: clientcredentials.Config{
			ClientID: clientID, ClientSecret: secret, TokenURL: tokenURL.String(), Scopes: []string{"api"},
			// RFC 6749 section 2.3.1: in Basic, URL-encoded first; never
			// in the form, and no second try in the form after a failure.
			AuthStyle: oauth2.AuthStyleInHeader,
		},
		hc:   newTokenHTTPClient(doer, userAgent),
		doer: doer,
		lock: make(chan struct{}, 1),
	}
}

func (t *Source) acquire(ctx context.Context) error {
	select {
	case t.lock <- struct{}{}:
		return nil
	case <-ctx.Done():
		return ctx.Err()
	}
}

func (t *Source) release() { <-t.lock }

// Header returns "Bearer <token>": the cached token, or a new one fetched
// under ctx.
func (t *Source) Header(ctx context.Context) (string, error) {
	if err := t.acquire(ctx); err != nil {
		return "", &tokenError{err: err, scrub: t.doer.Scrub.Text, api: t.doer.API}
	}
	defer t.release()
	if t.value != "" && (t.expiry.IsZero() || t.doer.Now().Before(t.expiry)) {
		return t.value, nil
	}
	v, exp, err := t.fetch(ctx)
	if err != nil {
		return "", err
	}
	t.value, t.expiry = v, exp
	return v, nil
}

// Renew drops sent, the token the API answered 401 to, if it is still the
// cached one; the next Header fetches a new one.
func (t *Source) Renew(ctx context.Context, sent string) bool {
	if t.acquire(ctx) != nil {
		return false
	}
	defer t.release()
	if t.value == sent {
		t.value = ""
	}
	return true
}

// Current returns the cached token's header value without fetching, for
// scrubbing.
func (t *Source) Current() string {
	select {
	case t.lock <- struct{}{}:
		defer t.release()
		return t.value
	default:
		return "" // being fetched: the client secret is scrubbed anyway
	}
}

// fetch gets a new token through x/oauth2 under ctx, and checks what
// x/oauth2 leaves to its caller: the token type, and a token that could
// break the Authorization header.
func (t *Source) fetch(ctx context.Context) (string, time.Time, error) {
	start := t.doer.Now()
	var last tokenAttempt
	ctx = context.WithValue(context.WithValue(ctx, oauth2.HTTPClient, t.hc), tokenAttemptKey{}, &last)
	tok, err := t.conf.Token(ctx)
	if err != nil {
		return "", time.Time{}, newTokenError(err, last.err, t.doer.Scrub, t.doer.API)
	}
	fail := func(format string, args ...any) (string, time.Time, error) {
		return "", time.Time{}, &tokenError{err: fmt.Errorf("%w: "+format, append([]any{t.doer.API.InvalidResponse}, args...)...), scrub: t.doer.Scrub.Text, api: t.doer.API}
	}
	switch {
	case strings.ContainsFunc(tok.AccessToken, func(r rune) bool { return r <= ' ' || r == 0x7f }):
		return fail("access_token holds spaces or control characters")
	case tok.TokenType != "" && !strings.EqualFold(tok.TokenType, "bearer"):
		return fail("token_type %q, want Bearer", scrub.OneLine(t.doer.Scrub.Text(tok.TokenType), 40)) // scrubbed before it is cut
	}
	var exp time.Time
	if secs := expiresIn(tok); secs > 0 {
		// Capped before it is multiplied: an absurd expires_in would
		// overflow time.Duration into a token that expires at once.
		life := time.Duration(min(secs, int64(maxTokenLife/time.Second))) * time.Second
		// Replace it a little early; a token shorter-lived than twice the
		// skew is used for half its life.
		exp = start.Add(life - min(tokenSkew, life/2))
	}
	return "Bearer " + tok.AccessToken, exp, nil
}

// expiresIn is the token's expires_in in seconds, 0 when none. It is read
// from the answer rather than from tok.Expiry, which x/oauth2 computes with
// the wall clock: the cache measures time with the client's clock.
func expiresIn(tok *oauth2.Token) int64 {
	switch v := tok.Extra("expires_in").(type) {
	case float64: // JSON; x/oauth2 has checked it is an integer
		return int64(min(v, float64(maxTokenLife/time.Second)))
	case int64: // a form-encoded answer
		return v
	case string: // a quoted number
		n, _ := strconv.ParseInt(strings.TrimSpace(v), 10, 64)
		return n
	}
	return 0
}
