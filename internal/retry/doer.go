// Package retry is the client's request engine: the retry loop and its
// write policy (which failures may be retried for which methods), the
// per-attempt timeout, the rate budget's waits, the Authorization header on
// every attempt (only for its origin) and the redirect policy, and the
// reading of every 2xx body into memory, capped. Errors for non-2xx answers
// are the root package's, through API.
package retry

import (
	"context"
	"fmt"
	"log/slog"
	"math/rand/v2"
	"net/http"
	"net/url"
	"time"

	"github.com/sclogs/sclogs/internal/ratebudget"
	"github.com/sclogs/sclogs/internal/scrub"
)

// Retries are hand-written: the libraries we looked at (hashicorp/go-retryablehttp,
// cenkalti/backoff, avast/retry-go) either sleep for whatever Retry-After says or
// ignore it, and none gives up at once when the wait would pass the context's
// deadline. The rules below are short enough to own.
const (
	// MaxRetryAfter is the longest Retry-After waited for: a longer demand
	// fails at once, matching API.RateLimited.
	MaxRetryAfter = 60 * time.Second
	// maxPrealloc is the most allocated up front from a Content-Length: a
	// server may lie about it, so the rest grows as bytes arrive.
	maxPrealloc = 64 << 10
	// nonJSONPrefix is how much of a 2xx body that is not JSON is read.
	nonJSONPrefix = 4 << 10
)

// Clock is time as the retry loop sees it; tests replace it so they never
// really sleep.
type Clock struct {
	Now   func() time.Time
	Sleep func(ctx context.Context, d time.Duration) error
	RandN func(n int64) int64 // uniform in [0, n)
}

// RealClock is the clock of time.Now and real timers.
func RealClock() *Clock { return &Clock{Now: time.Now, Sleep: sleepCtx, RandN: rand.Int64N} }

// Doer sends requests, once per attempt: the doer under the generated
// client and every request of the root package. The token endpoint has its
// own Doer, with the same policy.
type Doer struct {
	// HC sends each attempt; WithRedirectPolicy makes it.
	HC         *http.Client
	MaxRetries int
	Timeout    time.Duration // per attempt, headers and body; 0: none
	MaxWait    time.Duration // all waits of one request together; 0: no limit
	MaxBody    int64         // a 2xx body held in memory
	Log        *slog.Logger
	// Auth gives the Authorization header, set on every attempt and only
	// for AuthOrigin: a redirect or next link elsewhere gets none. nil:
	// none.
	Auth       Authorizer
	AuthOrigin *url.URL
	Scrub      *scrub.Scrubber // the client's own secrets; each attempt adds what it sent
	// BaseDelay and MaxDelay shape the backoff (WithRetryBackoff).
	BaseDelay, MaxDelay time.Duration
	// Repeatable marks a doer whose requests are all safe to repeat
	// whatever their method: the token endpoint's, since a client
	// credentials grant (RFC 6749 section 4.4) only issues a token.
	Repeatable bool
	// Limit is the Client's rate budget for GET requests; nil: none
	// (WithRateLimit(0, 0), and the token endpoint's doer).
	Limit *ratebudget.Budget
	// API makes and reads the root package's errors.
	API *API
	*Clock
}

// Do sends req until it gets a 2xx answer (returned with its body read into
// memory, a *BufferedBody) or gives up; a non-2xx answer comes back as the
// error API.Check made. The root package adds its prefix where an error
// leaves it.
func (d *Doer) Do(req *http.Request) (*http.Response, error) {
	if req.Body != nil && req.Body != http.NoBody && (req.Method == http.MethodGet || req.Method == http.MethodHead) {
		return nil, ErrGetBody
	}
	ctx := req.Context()
	var (
		waited, delay time.Duration
		last          error // the previous attempt's error
	)
	renewed := false
	for attempt := 1; ; attempt++ {
		bk, wait, err := d.pace(ctx, req, attempt, delay, waited, last)
		if err != nil {
			return nil, err
		}
		waited += wait
		authz, err := d.authorization(ctx, req.URL)
		if err != nil {
			d.budget(req).Cancel(bk)
			return nil, err // the token request was retried on its own
		}
		resp, err := d.attempt(ctx, req, authz)
		d.rateLimited(req, bk, err)
		if err == nil {
			d.logAttempt(ctx, req, authz, attempt, err, resp.StatusCode, -1)
			return resp, nil
		}
		if !renewed && replayable(req) && d.renew(ctx, authz, err) {
			// A 401 to a token: fetch a new one and try again at once, once.
			renewed = true
			d.logAttempt(ctx, req, authz, attempt, err, 0, 0)
			delay, last = 0, err
			continue
		}
		var final error
		delay, final = d.plan(ctx, req, attempt, waited, err)
		if final != nil {
			d.logAttempt(ctx, req, authz, attempt, err, 0, -1)
			return nil, final
		}
		d.logAttempt(ctx, req, authz, attempt, err, 0, delay)
		last = err
	}
}

// authorization returns the Authorization value for a request to u, or ""
// when none is due there.
func (d *Doer) authorization(ctx context.Context, u *url.URL) (string, error) {
	if d.Auth == nil || !sameOrigin(u, d.AuthOrigin) {
		return "", nil
	}
	return d.Auth.Header(ctx)
}

// renew reports whether err is a 401 to a credential that can be renewed,
// and renews it.
func (d *Doer) renew(ctx context.Context, sent string, err error) bool {
	a := d.API.answer(err)
	return sent != "" && a != nil && a.Status() == http.StatusUnauthorized && d.Auth.Renew(ctx, sent)
}

// attempt makes one request and reads a 2xx JSON body in full, so a body cut
// short is an error here, inside the retry loop; of any other 2xx body it
// keeps only a prefix, for the error that names the content type.
func (d *Doer) attempt(ctx context.Context, req *http.Request, authz string) (*http.Response, error) {
	actx, cancel := ctx, context.CancelFunc(func() {})
	if d.Timeout > 0 {
		actx, cancel = context.WithTimeout(ctx, d.Timeout)
	}
	defer cancel() // the body is read before attempt returns
	resp, err := d.send(actx, req, authz)
	if err == nil {
		err = d.read(resp, authz)
	}
	if err != nil {
		err = d.scrubTransport(err, authz)
	}
	if err != nil && actx.Err() != nil && ctx.Err() == nil {
		err = &attemptTimeout{limit: d.Timeout, err: err}
	}
	return resp, err
}

// send sends one copy of req with the Authorization value authz.
func (d *Doer) send(ctx context.Context, req *http.Request, authz string) (*http.Response, error) {
	r := req.Clone(ctx)
	if authz != "" {
		r.Header.Set("Authorization", authz)
	}
	if req.GetBody != nil {
		body, err := req.GetBody()
		if err != nil {
			return nil, err
		}
		r.Body = body
	}
	resp, err := d.HC.Do(r)
	if err != nil {
		// With a refused redirect resp is the previous one, already closed.
		return nil, scrub.URLError(err)
	}
	return resp, nil
}

// scrubTransport returns err, or in its place an error with the
// credentials scrubbed from its text when it shows them: net/http quotes
// what a server sent in some errors (a malformed status line, a bad
// Content-Length), and a server may send the Authorization header back
// there. The replacement keeps only the message and whether it was a
// timeout, so that no unwrapped error can show the original text.
// An answer (API.Check) is scrubbed already.
func (d *Doer) scrubTransport(err error, authz string) error {
	if d.API.answer(err) != nil {
		return err
	}
	return d.API.ScrubError(d.Scrub.With(scrub.CredentialForms(authz)...), err)
}

// plan says how long to wait before the next attempt, or returns the error to
// give up with. waited is the time already spent waiting for this request.
func (d *Doer) plan(ctx context.Context, req *http.Request, attempt int, waited time.Duration, err error) (time.Duration, error) {
	if ctx.Err() != nil || !replayable(req) {
		return 0, d.giveUp(attempt, err)
	}
	delay := d.Backoff(attempt)
	if a := d.API.answer(err); a != nil {
		if !retryable(d.method(req), outcome{status: a.Status(), retryAfter: hasRetryAfter(a.Header(), d.Now())}) {
			return 0, d.giveUp(attempt, err)
		}
		if ra, ok := After(a.Header(), d.Now()); ok {
			if ra > MaxRetryAfter {
				a.SetAttempts(attempt)
				return 0, &retryAfterError{wait: ra, err: a.Err(), api: d.API}
			}
			// Retry-After: 0 or a past date is no reason to hurry: the
			// backoff still applies.
			delay = max(delay, ra)
		}
	} else if !retryable(d.method(req), outcome{err: err}) {
		return 0, d.giveUp(attempt, err)
	}
	if attempt > d.MaxRetries {
		return 0, d.giveUp(attempt, err)
	}
	if d.MaxWait > 0 && waited+delay > d.MaxWait {
		return 0, &stopError{last: d.giveUp(attempt, err), api: d.API,
			why: fmt.Sprintf("not retrying: waiting %s more would pass the limit of %s of waits for one request", delay, d.MaxWait)}
	}
	if dl, ok := ctx.Deadline(); ok && d.Now().Add(delay).After(dl) {
		return 0, &stopError{last: d.giveUp(attempt, err), cause: context.DeadlineExceeded, api: d.API,
			why: fmt.Sprintf("not retrying: waiting %s would pass the context's deadline", delay)}
	}
	return delay, nil
}

// Backoff is the wait before attempt+1: exponential with full jitter,
// uniform in [0, min(MaxDelay, BaseDelay·2ⁿ)).
func (d *Doer) Backoff(attempt int) time.Duration {
	base, limit := max(d.BaseDelay, 1), max(d.MaxDelay, d.BaseDelay, 1)
	ceiling := base
	for i := 1; i < attempt && ceiling < limit; i++ {
		ceiling *= 2 // cannot overflow: WithRetryBackoff caps the limit at an hour
	}
	ceiling = min(ceiling, limit)
	return time.Duration(d.RandN(int64(ceiling)))
}

// method is req's method as the retry rule sees it.
func (d *Doer) method(req *http.Request) string {
	if d.Repeatable {
		return http.MethodGet
	}
	return req.Method
}

// sleepCtx waits for d or until ctx is done, whichever comes first.
func sleepCtx(ctx context.Context, d time.Duration) error {
	t := time.NewTimer(d)
	defer t.Stop()
	select {
	case <-ctx.Done():
		return ctx.Err()
	case <-t.C:
		return nil
	}
}

// logAttempt logs one attempt at debug level: never headers, and the URL
// without userinfo or secret-looking query values. delay < 0: no retry.
func (d *Doer) logAttempt(ctx context.Context, req *http.Request, authz string, attempt int, err error, status int, delay time.Duration) {
	if !d.Log.Enabled(ctx, slog.LevelDebug) {
		return
	}
	attrs := []slog.Attr{
		slog.String("method", req.Method), slog.String("url", d.Scrub.With(scrub.CredentialForms(authz)...).Text(scrub.URL(req.URL))), slog.Int("attempt", attempt),
	}
	switch a := d.API.answer(err); {
	case err == nil:
		attrs = append(attrs, slog.Int("status", status))
	case a != nil:
		attrs = append(attrs, slog.Int("status", a.Status())) // the body is not logged
	default:
		attrs = append(attrs, slog.String("error", err.Error()))
	}
	if delay >= 0 {
		attrs = append(attrs, slog.Duration("delay", delay))
	}
	d.Log.LogAttrs(ctx, slog.LevelDebug, "sclogs: http attempt", attrs...)
}
