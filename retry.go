package sclogs

import (
	"bytes"
	"context"
	"crypto/tls"
	"crypto/x509"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"math/rand/v2"
	"net"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"syscall"
	"time"
)

// Retries are hand-written: the libraries we looked at (hashicorp/go-retryablehttp,
// cenkalti/backoff, avast/retry-go) either sleep for whatever Retry-After says or
// ignore it, and none gives up at once when the wait would pass the context's
// deadline. The rules below are short enough to own.
const (
	backoffBase   = DefaultRetryBackoffBase // see options_retry.go
	backoffCap    = DefaultRetryBackoffMax
	maxRetryAfter = 60 * time.Second
	// DefaultMaxWait bounds the time one request spends waiting between its
	// attempts (backoff and Retry-After together): past it the request fails
	// with the last error. Two minutes is two full Retry-After waits of a
	// minute, or every backoff of the default retries many times over.
	DefaultMaxWait = 2 * time.Minute
	// DefaultMaxBody caps a 2xx body held in memory. A page of 100 logs,
	// each with a shop's request and response, is a few MB at most; 16 MiB
	// (160 KiB a record on a full page) is far above a real page and keeps
	// the CLI's peak memory under 100 MiB against a hostile server, with a
	// page fetched ahead (see the README).
	DefaultMaxBody = 16 << 20
	// maxPrealloc is the most allocated up front from a Content-Length: a
	// server may lie about it, so the rest grows as bytes arrive.
	maxPrealloc = 64 << 10
	// nonJSONPrefix is how much of a 2xx body that is not JSON is read.
	nonJSONPrefix = 4 << 10
)

// A 2xx body that is too large or cut short is a response the client cannot
// use: both match ErrInvalidResponse.
var (
	errBodyTooLarge = fmt.Errorf("%w: body too large", ErrInvalidResponse)
	errCutShort     = fmt.Errorf("%w: body cut short", ErrInvalidResponse)
	errGetBody      = errors.New("internal error: a GET or HEAD request must not have a body (Sendcloud answers 403)")
)

// clock is time as the retry loop sees it; tests replace it so they never
// really sleep.
type clock struct {
	now   func() time.Time
	sleep func(ctx context.Context, d time.Duration) error
	randN func(n int64) int64 // uniform in [0, n)
}

func realClock() *clock { return &clock{now: time.Now, sleep: sleepCtx, randN: rand.Int64N} }

// retryDoer is the gen.HttpRequestDoer under the generated client: every
// request goes through it, once per attempt. The token endpoint has its own
// retryDoer, with the same policy.
type retryDoer struct {
	hc         *http.Client
	maxRetries int
	timeout    time.Duration // per attempt, headers and body; 0: none
	maxWait    time.Duration // all waits of one request together
	maxBody    int64
	log        *slog.Logger
	// auth gives the Authorization header, set on every attempt and only
	// for authOrigin: a redirect or next link elsewhere gets none.
	auth       authorizer
	authOrigin *url.URL
	scrub      *scrubber // the client's own secrets; each attempt adds what it sent
	// baseDelay and maxDelay shape the backoff; WithRetryBackoff sets them
	// (zero: the defaults).
	baseDelay, maxDelay time.Duration
	// repeatable marks a doer whose requests are all safe to repeat
	// whatever their method: the token endpoint's, since a client
	// credentials grant (RFC 6749 section 4.4) only issues a token.
	repeatable bool
	// limit is the Client's rate budget for GET requests; nil: none
	// (WithRateLimit(0, 0), and the token endpoint's doer).
	limit *rateBudget
	*clock
}

// Do sends req until it gets a 2xx answer (returned with its body read into
// memory) or gives up; a non-2xx answer comes back as an *APIError. Do is
// where the generated client's errors leave the package.
func (d *retryDoer) Do(req *http.Request) (*http.Response, error) {
	resp, err := d.do(req)
	return resp, leave(err)
}

func (d *retryDoer) do(req *http.Request) (*http.Response, error) {
	if req.Body != nil && req.Body != http.NoBody && (req.Method == http.MethodGet || req.Method == http.MethodHead) {
		return nil, errGetBody
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
			d.budget(req).cancel(bk)
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
func (d *retryDoer) authorization(ctx context.Context, u *url.URL) (string, error) {
	if d.auth == nil || !sameOrigin(u, d.authOrigin) {
		return "", nil
	}
	return d.auth.header(ctx)
}

// renew reports whether err is a 401 to a credential that can be renewed,
// and renews it.
func (d *retryDoer) renew(ctx context.Context, sent string, err error) bool {
	var apiErr *APIError
	return sent != "" && errors.As(err, &apiErr) && apiErr.StatusCode == http.StatusUnauthorized &&
		d.auth.renew(ctx, sent)
}

// attempt makes one request and reads a 2xx JSON body in full, so a body cut
// short is an error here, inside the retry loop; of any other 2xx body it
// keeps only a prefix, for the error that names the content type.
func (d *retryDoer) attempt(ctx context.Context, req *http.Request, authz string) (*http.Response, error) {
	actx, cancel := ctx, context.CancelFunc(func() {})
	if d.timeout > 0 {
		actx, cancel = context.WithTimeout(ctx, d.timeout)
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
		err = &attemptTimeout{limit: d.timeout, err: err}
	}
	return resp, err
}

// send sends one copy of req with the Authorization value authz.
func (d *retryDoer) send(ctx context.Context, req *http.Request, authz string) (*http.Response, error) {
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
	resp, err := d.hc.Do(r)
	if err != nil {
		// With a refused redirect resp is the previous one, already closed.
		return nil, redactError(err)
	}
	return resp, nil
}

// read reads resp's body into memory (capped) in place of the connection's,
// or turns a non-2xx answer into an *APIError.
func (d *retryDoer) read(resp *http.Response, authz string) error {
	if resp.StatusCode < 200 || resp.StatusCode > 299 {
		err := CheckResponse(resp)
		if apiErr, ok := err.(*APIError); ok {
			apiErr.scrub(d.scrub.with(credentialForms(authz)...))
			apiErr.RetryAfter, _ = retryAfter(resp.Header, d.now())
		}
		return err
	}
	// Close the connection's body, not the bufferedBody put in its place.
	raw := resp.Body
	defer func() { _ = raw.Close() }()
	if !isJSON(resp.Header.Get("Content-Type")) {
		// Not JSON (a proxy's login page, say): the caller reports it by its
		// Content-Type and first bytes. Keep those and close the connection
		// rather than read a page of any size to its end.
		// Read past the prefix, so that a credential across its end is
		// found and the prefix cut before it.
		head, _ := io.ReadAll(io.LimitReader(resp.Body, nonJSONPrefix+cutMargin))
		sc := d.scrub.with(credentialForms(authz)...)
		head = sc.cut(head, nonJSONPrefix)
		resp.Header.Set("Content-Type", sc.value(resp.Header.Get("Content-Type")))
		resp.Body = &bufferedBody{Reader: bytes.NewReader(head), all: head}
		resp.ContentLength = -1
		return nil
	}
	body, err := readBody(resp.Body, resp.ContentLength, d.maxBody+1)
	switch {
	case err != nil:
		return fmt.Errorf("%w after %d bytes: %w", errCutShort, len(body), redactError(err))
	case int64(len(body)) > d.maxBody:
		return fmt.Errorf("%w: more than the limit of %d MiB (a smaller page size makes smaller pages)", errBodyTooLarge, d.maxBody>>20)
	case closeDelimited(resp) && jsonEndsEarly(body):
		// A connection closed early with no Content-Length and no chunked
		// framing looks complete to net/http. Framed bodies cut short are
		// already read errors above, so they need no second JSON pass.
		return fmt.Errorf("%w: JSON ends early after %d bytes", errCutShort, len(body))
	}
	resp.Body = &bufferedBody{Reader: bytes.NewReader(body), all: body}
	resp.ContentLength = int64(len(body))
	return nil
}

// scrubTransport returns err, or in its place an error with the
// credentials scrubbed from its text when it shows them: net/http quotes
// what a server sent in some errors (a malformed status line, a bad
// Content-Length), and a server may send the Authorization header back
// there. The replacement keeps only the message and whether it was a
// timeout, so that no unwrapped error can show the original text.
// An *APIError is scrubbed already.
func (d *retryDoer) scrubTransport(err error, authz string) error {
	var apiErr *APIError
	if errors.As(err, &apiErr) {
		return err
	}
	return scrubError(d.scrub.with(credentialForms(authz)...), err)
}

// scrubError returns err, or in its place a *scrubbedError when its text
// shows one of sc's secrets.
func scrubError(sc *scrubber, err error) error {
	if err == nil || sc.empty() {
		return err
	}
	msg := textOf(err) // without the prefix: leave adds it to the replacement
	clean := sc.text(msg)
	if clean == msg {
		return err
	}
	var ne net.Error
	return &scrubbedError{msg: clean, timeout: errors.As(err, &ne) && ne.Timeout(), orig: err}
}

// scrubbedError is an error whose text showed a credential: its text
// scrubbed, whether it was a timeout, and errors.Is still matching the
// sentinels the original matched. It has no Unwrap, so that no error
// reached through it can show the original text.
type scrubbedError struct {
	msg     string
	timeout bool
	orig    error
}

func (e *scrubbedError) Error() string { return e.msg }

// Is reports whether the original error matches target (a sentinel such
// as ErrUnsafeNextLink or context.Canceled).
func (e *scrubbedError) Is(target error) bool { return errors.Is(e.orig, target) }

// Timeout and Temporary make it a net.Error, as the error it replaces.
func (e *scrubbedError) Timeout() bool   { return e.timeout }
func (e *scrubbedError) Temporary() bool { return false }

// attemptTimeout is an attempt that did not complete within the per-attempt
// timeout; it is retried like any timeout.
type attemptTimeout struct {
	limit time.Duration
	err   error
}

func (e *attemptTimeout) Error() string {
	return fmt.Sprintf("no complete answer within the per-attempt timeout of %s: %v", e.limit, e.err)
}

func (e *attemptTimeout) Unwrap() error { return e.err }

// Timeout makes it a net.Error timeout, like the http.Client's own.
func (e *attemptTimeout) Timeout() bool { return true }

// bufferedBody is a 2xx body already read into memory; decodeJSON takes the
// bytes from it rather than copying them again.
type bufferedBody struct {
	*bytes.Reader
	all []byte
}

func (*bufferedBody) Close() error { return nil }

// readBody reads r to its end or to limit bytes, whichever comes first. The
// buffer grows as bytes arrive: at most maxPrealloc is allocated from
// sizeHint (a Content-Length, which a server may lie about), and it never
// grows past limit, so a lying or endless body costs what it sent. It starts
// from a recycled page buffer when there is one.
func readBody(r io.Reader, sizeHint, limit int64) ([]byte, error) {
	r = io.LimitReader(r, limit)
	buf := takePageBuffer() // one a page walk gave back (pagebuf.go), if any
	if cap(buf) == 0 {
		size := int64(512)
		if sizeHint > 0 {
			size = min(sizeHint+1, maxPrealloc) // +1: room to see EOF
		}
		buf = make([]byte, 0, min(size, limit))
	}
	for {
		if len(buf) == cap(buf) {
			if int64(len(buf)) >= limit {
				return buf, nil
			}
			next := min(max(2*int64(cap(buf)), 4<<10), limit)
			if limit-next < next/2 {
				next = limit // one step to the limit, not a last one of a few bytes
			}
			if sizeHint > int64(len(buf)) {
				next = min(next, sizeHint+1) // no further than the server said
			}
			grown := make([]byte, len(buf), next)
			copy(grown, buf)
			buf = grown
		}
		n, err := r.Read(buf[len(buf):cap(buf)])
		buf = buf[:len(buf)+n]
		switch {
		case err == io.EOF:
			return buf, nil
		case err != nil:
			return buf, err
		}
	}
}

// closeDelimited reports whether resp's body ends only where the connection
// closes (HTTP/1.x with neither Content-Length nor chunked encoding).
func closeDelimited(resp *http.Response) bool {
	return resp.ContentLength < 0 && len(resp.TransferEncoding) == 0 && resp.ProtoMajor < 2
}

// plan says how long to wait before the next attempt, or returns the error to
// give up with. waited is the time already spent waiting for this request.
func (d *retryDoer) plan(ctx context.Context, req *http.Request, attempt int, waited time.Duration, err error) (time.Duration, error) {
	if ctx.Err() != nil || !replayable(req) {
		return 0, giveUp(attempt, err)
	}
	var apiErr *APIError
	delay := d.backoff(attempt)
	if errors.As(err, &apiErr) {
		if !retryable(d.method(req), outcome{status: apiErr.StatusCode, retryAfter: hasRetryAfter(apiErr.Header, d.now())}) {
			return 0, giveUp(attempt, err)
		}
		if ra, ok := retryAfter(apiErr.Header, d.now()); ok {
			if ra > maxRetryAfter {
				apiErr.Attempts = attempt
				return 0, &retryAfterError{wait: ra, err: apiErr}
			}
			// Retry-After: 0 or a past date is no reason to hurry: the
			// backoff still applies.
			delay = max(delay, ra)
		}
	} else if !retryable(d.method(req), outcome{err: err}) {
		return 0, giveUp(attempt, err)
	}
	if attempt > d.maxRetries {
		return 0, giveUp(attempt, err)
	}
	if d.maxWait > 0 && waited+delay > d.maxWait {
		return 0, &stopError{last: giveUp(attempt, err),
			why: fmt.Sprintf("not retrying: waiting %s more would pass the limit of %s of waits for one request", delay, d.maxWait)}
	}
	if dl, ok := ctx.Deadline(); ok && d.now().Add(delay).After(dl) {
		return 0, &stopError{last: giveUp(attempt, err), cause: context.DeadlineExceeded,
			why: fmt.Sprintf("not retrying: waiting %s would pass the context's deadline", delay)}
	}
	return delay, nil
}

// stopError ends a request that was not retried further: why, and the last
// attempt's error, which errors.As still finds (an *APIError, say), as it
// finds cause (the context's error), when set.
type stopError struct {
	last  error
	cause error
	why   string
}

func (e *stopError) Error() string { return textOf(e.last) + "; " + e.why }

func (e *stopError) Unwrap() []error {
	if e.cause == nil {
		return []error{e.last}
	}
	return []error{e.cause, e.last}
}

// retryAfterError is a Retry-After longer than maxRetryAfter: fail now rather
// than sleep for hours.
type retryAfterError struct {
	wait time.Duration
	err  *APIError
}

func (e *retryAfterError) Error() string {
	return fmt.Sprintf("%s; server asked to wait %s before retrying, more than the %s limit", e.err.text(), e.wait, maxRetryAfter)
}

func (e *retryAfterError) Unwrap() []error { return []error{ErrRateLimited, e.err} }

// giveUp returns the final error, with the number of attempts made.
func giveUp(attempt int, err error) error {
	var apiErr *APIError
	if errors.As(err, &apiErr) {
		apiErr.Attempts = attempt
		return err
	}
	if attempt == 1 {
		return err
	}
	return &stopError{last: err, why: "giving up after " + attempts(attempt)}
}

func attempts(n int) string {
	if n == 1 {
		return "1 attempt"
	}
	return strconv.Itoa(n) + " attempts"
}

// backoff is exponential with full jitter: uniform in [0, min(cap, base·2ⁿ)).
func (d *retryDoer) backoff(attempt int) time.Duration {
	base, limit := d.baseDelay, d.maxDelay
	if base <= 0 {
		base, limit = backoffBase, backoffCap
	}
	ceiling := base
	for i := 1; i < attempt && ceiling < limit; i++ {
		ceiling *= 2 // cannot overflow: WithRetryBackoff caps the limit at an hour
	}
	ceiling = min(ceiling, limit)
	return time.Duration(d.randN(int64(ceiling)))
}

// method is req's method as the retry rule sees it.
func (d *retryDoer) method(req *http.Request) string {
	if d.repeatable {
		return http.MethodGet
	}
	return req.Method
}

// retryableStatus: the answers worth another try of an idempotent request.
func retryableStatus(code int) bool {
	switch code {
	case http.StatusRequestTimeout, http.StatusTooManyRequests, http.StatusInternalServerError,
		http.StatusBadGateway, http.StatusServiceUnavailable, http.StatusGatewayTimeout:
		return true
	}
	return false
}

// retryableError: connection resets and refusals, bodies cut short and
// timeouts; never certificate errors, refused or too many redirects, or
// anything not known to be passing.
func retryableError(err error) bool {
	var (
		timeout   *attemptTimeout
		unknownCA x509.UnknownAuthorityError
		hostname  x509.HostnameError
		invalid   x509.CertificateInvalidError
		verify    *tls.CertificateVerificationError
		header    tls.RecordHeaderError
		netErr    net.Error
	)
	switch {
	case errors.As(err, &unknownCA), errors.As(err, &hostname), errors.As(err, &invalid),
		errors.As(err, &verify), errors.As(err, &header),
		errors.Is(err, errBodyTooLarge), errors.Is(err, errRedirectOrigin), errors.Is(err, errTooManyRedirects):
		return false
	case errors.As(err, &timeout), errors.Is(err, errCutShort), errors.Is(err, io.EOF), errors.Is(err, io.ErrUnexpectedEOF),
		errors.Is(err, syscall.ECONNRESET), errors.Is(err, syscall.ECONNREFUSED),
		errors.Is(err, syscall.ECONNABORTED), errors.Is(err, syscall.EPIPE):
		return true
	case errors.As(err, &netErr) && netErr.Timeout():
		return true // the http.Client's Timeout or a transport timeout, per attempt
	}
	return false
}

// retryAfter reads Retry-After as delta-seconds or as an HTTP-date.
func retryAfter(h http.Header, now time.Time) (time.Duration, bool) {
	v := strings.TrimSpace(h.Get("Retry-After"))
	if v == "" {
		return 0, false
	}
	if secs, err := strconv.ParseInt(v, 10, 64); err == nil {
		if secs < 0 {
			return 0, false
		}
		return time.Duration(min(secs, 1<<31)) * time.Second, true
	} else if errors.Is(err, strconv.ErrRange) && v[0] != '-' {
		// More digits than an int64 holds: a very long wait, not an
		// unreadable header to retry at once.
		return time.Duration(1<<31) * time.Second, true
	}
	if t, err := http.ParseTime(v); err == nil {
		return max(t.Sub(now), 0), true
	}
	return 0, false
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
func (d *retryDoer) logAttempt(ctx context.Context, req *http.Request, authz string, attempt int, err error, status int, delay time.Duration) {
	if !d.log.Enabled(ctx, slog.LevelDebug) {
		return
	}
	attrs := []slog.Attr{
		slog.String("method", req.Method), slog.String("url", d.scrub.with(credentialForms(authz)...).text(redactURL(req.URL))), slog.Int("attempt", attempt),
	}
	var apiErr *APIError
	switch {
	case err == nil:
		attrs = append(attrs, slog.Int("status", status))
	case errors.As(err, &apiErr):
		attrs = append(attrs, slog.Int("status", apiErr.StatusCode)) // the body is not logged
	default:
		attrs = append(attrs, slog.String("error", err.Error()))
	}
	if delay >= 0 {
		attrs = append(attrs, slog.Duration("delay", delay))
	}
	d.log.LogAttrs(ctx, slog.LevelDebug, "sclogs: http attempt", attrs...)
}
