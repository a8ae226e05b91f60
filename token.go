package sclogs

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"net/url"
	"strings"
	"time"

	json "github.com/go-json-experiment/json/v1"
)

// tokenSkew is how long before its expiry a token is replaced, so that it
// does not expire in flight.
const tokenSkew = 30 * time.Second

// maxTokenLife caps the lifetime a token endpoint may claim (expires_in):
// Sendcloud's tokens last an hour; one claiming more is replaced after a day.
const maxTokenLife = 24 * time.Hour

// maxTokenBody caps a token endpoint's answer: a token is a few hundred bytes.
const maxTokenBody = 1 << 20

// tokenSource fetches OAuth2 client-credentials tokens (RFC 6749 section
// 4.4) and caches one until it expires or the API answers 401 to it.
//
// It replaces x/oauth2's TokenSource, whose fetch runs under a context of its
// own: here the token request runs under the context of the API request that
// needs it (a deadline or cancel ends it at once), through a retryDoer with
// the same retry policy, per-attempt timeout and redirect rule as the API.
type tokenSource struct {
	doer      *retryDoer // Basic client credentials, for the token URL only
	url       *url.URL
	userAgent string

	// lock is held while the token is read or fetched. A channel rather
	// than a mutex, so that a request waiting for another's fetch stops
	// waiting when its own context ends.
	lock   chan struct{}
	value  string    // "Bearer …"; "" when none
	expiry time.Time // zero: none given
}

func newTokenSource(doer *retryDoer, tokenURL *url.URL, userAgent string) *tokenSource {
	return &tokenSource{doer: doer, url: tokenURL, userAgent: userAgent, lock: make(chan struct{}, 1)}
}

func (t *tokenSource) acquire(ctx context.Context) error {
	select {
	case t.lock <- struct{}{}:
		return nil
	case <-ctx.Done():
		return ctx.Err()
	}
}

func (t *tokenSource) release() { <-t.lock }

func (t *tokenSource) header(ctx context.Context) (string, error) {
	if err := t.acquire(ctx); err != nil {
		return "", &tokenError{err: err, scrub: t.doer.scrub.text}
	}
	defer t.release()
	if t.value != "" && (t.expiry.IsZero() || t.doer.now().Before(t.expiry)) {
		return t.value, nil
	}
	v, exp, err := t.fetch(ctx)
	if err != nil {
		return "", &tokenError{err: err, scrub: t.doer.scrub.text}
	}
	t.value, t.expiry = v, exp
	return v, nil
}

func (t *tokenSource) renew(ctx context.Context, sent string) bool {
	if t.acquire(ctx) != nil {
		return false
	}
	defer t.release()
	if t.value == sent {
		t.value = ""
	}
	return true
}

func (t *tokenSource) current() string {
	select {
	case t.lock <- struct{}{}:
		defer t.release()
		return t.value
	default:
		return "" // being fetched: the client secret is scrubbed anyway
	}
}

// tokenResponse is the token endpoint's answer (RFC 6749 section 5.1).
type tokenResponse struct {
	AccessToken string  `json:"access_token"`
	TokenType   string  `json:"token_type"`
	ExpiresIn   flexInt `json:"expires_in"`
}

// fetch requests a token: client id and secret in HTTP Basic (URL-encoded
// first, as RFC 6749 section 2.3.1 says), never in the form.
func (t *tokenSource) fetch(ctx context.Context) (string, time.Time, error) {
	req, err := http.NewRequestWithContext(ctx, http.MethodPost, t.url.String(),
		strings.NewReader("grant_type=client_credentials&scope=api"))
	if err != nil {
		return "", time.Time{}, redactError(err)
	}
	req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	req.Header.Set("Accept", "application/json")
	req.Header.Set("User-Agent", t.userAgent)
	start := t.doer.now()
	resp, err := t.doer.do(req)
	if err != nil {
		var apiErr *APIError
		if errors.As(err, &apiErr) {
			oauthError(apiErr, t.doer.scrub)
		}
		return "", time.Time{}, err
	}
	var body tokenResponse
	if err := decodeJSON(resp, &body); err != nil {
		return "", time.Time{}, err
	}
	switch {
	case body.AccessToken == "":
		return "", time.Time{}, fmt.Errorf("%w: token response has no access_token", ErrInvalidResponse)
	case strings.ContainsFunc(body.AccessToken, func(r rune) bool { return r <= ' ' || r == 0x7f }):
		return "", time.Time{}, fmt.Errorf("%w: access_token holds spaces or control characters", ErrInvalidResponse)
	case body.TokenType != "" && !strings.EqualFold(body.TokenType, "bearer"):
		return "", time.Time{}, fmt.Errorf("%w: token_type %q, want Bearer", ErrInvalidResponse, oneLine(t.doer.scrub.text(body.TokenType), 40)) // scrubbed before it is cut
	}
	var exp time.Time
	if body.ExpiresIn > 0 {
		// Capped before it is multiplied: an absurd expires_in would
		// overflow time.Duration into a token that expires at once.
		secs := time.Duration(min(int64(body.ExpiresIn), int64(maxTokenLife/time.Second))) * time.Second
		// Replace it a little early; a token shorter-lived than twice the
		// skew is used for half its life.
		exp = start.Add(secs - min(tokenSkew, secs/2))
	}
	return "Bearer " + body.AccessToken, exp, nil
}

// oauthError reads an RFC 6749 section 5.2 error answer (error,
// error_description) into e.Errors, scrubbed, when e holds nothing better.
func oauthError(e *APIError, sc *scrubber) {
	if len(e.Errors) > 0 {
		return
	}
	var v struct {
		Error       string `json:"error"`
		Description string `json:"error_description"`
	}
	if json.Unmarshal(e.Body, &v) != nil || v.Error == "" {
		return
	}
	e.Errors = []ErrorObject{{Status: e.StatusCode, Code: sc.value(v.Error), Detail: sc.value(v.Description)}}
}

// tokenError is a failed token request. Its text comes from the token
// endpoint's answer, whose fields are scrubbed of the client credentials
// already; the whole message is scrubbed once more, so that no other path
// (a decoding error quoting the answer, say) can show them.
type tokenError struct {
	err   error
	scrub func(string) string // not the scrubber: see APIError.clean
}

func (e *tokenError) Error() string {
	// Scrubbed again after squeezing: whitespace made single may complete
	// a secret that holds some.
	return "fetching OAuth2 token: " + e.scrub(oneLine(e.scrub(textOf(e.err)), 300))
}

func (e *tokenError) Unwrap() error { return e.err }

// Is makes rejected client credentials match ErrUnauthorized: a 401, or an
// OAuth2 error code that says so.
func (e *tokenError) Is(target error) bool {
	var apiErr *APIError
	if target != ErrUnauthorized || !errors.As(e.err, &apiErr) {
		return false
	}
	if apiErr.StatusCode == http.StatusUnauthorized {
		return true
	}
	for _, o := range apiErr.Errors {
		if o.Code == "invalid_client" || o.Code == "unauthorized_client" {
			return true
		}
	}
	return false
}
