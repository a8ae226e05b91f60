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
	backoffBase   = 250 * time.Millisecond
	backoffCap    = 8 * time.Second
	maxRetryAfter = 60 * time.Second
	// defaultMaxBody caps a 2xx body held in memory: a page of 100 logs, each
	// with a shop's response body, stays far below it.
	defaultMaxBody = 128 << 20
	// nonJSONPrefix is how much of a 2xx body that is not JSON is read.
	nonJSONPrefix = 4 << 10
)

var (
	errBodyTooLarge = errors.New("response body too large")
	errCutShort     = errors.New("response body cut short")
	errRequestBody  = errors.New("sclogs: internal error: a request with a body cannot be retried")
)

// retryDoer is the gen.HttpRequestDoer under the generated client: every
// request goes through it, once per attempt.
type retryDoer struct {
	hc         *http.Client
	maxRetries int
	log        *slog.Logger
	maxBody    int64

	// Set by tests so they never really sleep.
	now   func() time.Time
	sleep func(ctx context.Context, d time.Duration) error
	randN func(n int64) int64 // uniform in [0, n)
}

func newRetryDoer(hc *http.Client, maxRetries int, log *slog.Logger) *retryDoer {
	return &retryDoer{
		hc: hc, maxRetries: maxRetries, log: log, maxBody: defaultMaxBody,
		now: time.Now, sleep: sleepCtx, randN: rand.Int64N,
	}
}

// Do sends req until it gets a 2xx answer (returned with its body read into
// memory) or gives up; a non-2xx answer comes back as an *APIError.
func (d *retryDoer) Do(req *http.Request) (*http.Response, error) {
	if req.Body != nil && req.Body != http.NoBody {
		return nil, errRequestBody
	}
	ctx := req.Context()
	for attempt := 1; ; attempt++ {
		resp, err := d.attempt(ctx, req)
		if err == nil {
			d.logAttempt(ctx, req, attempt, err, resp.StatusCode, -1)
			return resp, nil
		}
		delay, final := d.plan(ctx, attempt, err)
		if final != nil {
			d.logAttempt(ctx, req, attempt, err, 0, -1)
			return nil, final
		}
		d.logAttempt(ctx, req, attempt, err, 0, delay)
		if serr := d.sleep(ctx, delay); serr != nil {
			return nil, fmt.Errorf("sclogs: stopped after %s: %w (last error: %v)", attempts(attempt), serr, err)
		}
	}
}

// attempt makes one request and reads a 2xx JSON body in full, so a body cut
// short is an error here, inside the retry loop; of any other 2xx body it
// keeps only a prefix, for the error that names the content type.
func (d *retryDoer) attempt(ctx context.Context, req *http.Request) (*http.Response, error) {
	resp, err := d.hc.Do(req.Clone(ctx))
	if err != nil {
		// With a refused redirect resp is the previous one, already closed.
		return nil, redactError(err)
	}
	if resp.StatusCode < 200 || resp.StatusCode > 299 {
		err := CheckResponse(resp)
		if apiErr, ok := err.(*APIError); ok {
			scrubCredentials(apiErr, req.Header.Get("Authorization"))
		}
		return nil, err
	}
	// Close the connection's body, not the bufferedBody put in its place.
	raw := resp.Body
	defer func() { _ = raw.Close() }()
	if !isJSON(resp.Header.Get("Content-Type")) {
		// Not JSON (a proxy's login page, say): the caller reports it by its
		// Content-Type and first bytes. Keep those and close the connection
		// rather than read a page of any size to its end.
		head, _ := io.ReadAll(io.LimitReader(resp.Body, nonJSONPrefix))
		resp.Body = &bufferedBody{Reader: bytes.NewReader(head), all: head}
		resp.ContentLength = -1
		return resp, nil
	}
	body, err := readBody(resp, d.maxBody+1)
	switch {
	case err != nil:
		return nil, fmt.Errorf("sclogs: %w after %d bytes: %w", errCutShort, len(body), redactError(err))
	case int64(len(body)) > d.maxBody:
		return nil, fmt.Errorf("sclogs: %w: more than the limit of %d MiB", errBodyTooLarge, d.maxBody>>20)
	case closeDelimited(resp) && jsonEndsEarly(body):
		// A connection closed early with no Content-Length and no chunked
		// framing looks complete to net/http. Framed bodies cut short are
		// already read errors above, so they need no second JSON pass.
		return nil, fmt.Errorf("sclogs: %w: JSON ends early after %d bytes", errCutShort, len(body))
	}
	resp.Body = &bufferedBody{Reader: bytes.NewReader(body), all: body}
	resp.ContentLength = int64(len(body))
	return resp, nil
}

// bufferedBody is a 2xx body already read into memory; decodeJSON takes the
// bytes from it rather than copying them again.
type bufferedBody struct {
	*bytes.Reader
	all []byte
}

func (*bufferedBody) Close() error { return nil }

// readBody reads at most limit bytes of resp's body, into a buffer sized by
// Content-Length when the server gave one (no regrowing for large pages).
func readBody(resp *http.Response, limit int64) ([]byte, error) {
	return readPage(resp.Body, resp.ContentLength, limit)
}

// closeDelimited reports whether resp's body ends only where the connection
// closes (HTTP/1.x with neither Content-Length nor chunked encoding).
func closeDelimited(resp *http.Response) bool {
	return resp.ContentLength < 0 && len(resp.TransferEncoding) == 0 && resp.ProtoMajor < 2
}

// plan says how long to wait before the next attempt, or returns the error to
// give up with.
func (d *retryDoer) plan(ctx context.Context, attempt int, err error) (time.Duration, error) {
	if ctx.Err() != nil {
		return 0, giveUp(attempt, err)
	}
	var apiErr *APIError
	delay := d.backoff(attempt)
	if errors.As(err, &apiErr) {
		if !retryableStatus(apiErr.StatusCode) {
			return 0, giveUp(attempt, err)
		}
		if ra, ok := retryAfter(apiErr.header, d.now()); ok {
			if ra > maxRetryAfter {
				apiErr.Attempts = attempt
				return 0, &retryAfterError{wait: ra, err: apiErr}
			}
			delay = ra
		}
	} else if !retryableError(err) {
		return 0, giveUp(attempt, err)
	}
	if attempt > d.maxRetries {
		return 0, giveUp(attempt, err)
	}
	if dl, ok := ctx.Deadline(); ok && d.now().Add(delay).After(dl) {
		return 0, fmt.Errorf("%w; not retrying: waiting %s would pass the context's deadline (%w)",
			giveUp(attempt, err), delay, context.DeadlineExceeded)
	}
	return delay, nil
}

// retryAfterError is a Retry-After longer than maxRetryAfter: fail now rather
// than sleep for hours.
type retryAfterError struct {
	wait time.Duration
	err  *APIError
}

func (e *retryAfterError) Error() string {
	return fmt.Sprintf("%s; server asked to wait %s before retrying, more than the %s limit", e.err, e.wait, maxRetryAfter)
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
		if strings.HasPrefix(err.Error(), "sclogs: ") {
			return err
		}
		return fmt.Errorf("sclogs: %w", err)
	}
	return fmt.Errorf("sclogs: giving up after %s: %w", attempts(attempt), err)
}

func attempts(n int) string {
	if n == 1 {
		return "1 attempt"
	}
	return strconv.Itoa(n) + " attempts"
}

// backoff is exponential with full jitter: uniform in [0, min(cap, base·2ⁿ)).
func (d *retryDoer) backoff(attempt int) time.Duration {
	ceiling := backoffCap
	if n := attempt - 1; n < 6 {
		ceiling = min(backoffCap, backoffBase<<n)
	}
	return time.Duration(d.randN(int64(ceiling)))
}

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
	case errors.Is(err, errCutShort), errors.Is(err, io.EOF), errors.Is(err, io.ErrUnexpectedEOF),
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
func (d *retryDoer) logAttempt(ctx context.Context, req *http.Request, attempt int, err error, status int, delay time.Duration) {
	if !d.log.Enabled(ctx, slog.LevelDebug) {
		return
	}
	attrs := []slog.Attr{
		slog.String("method", req.Method), slog.String("url", redactURL(req.URL)), slog.Int("attempt", attempt),
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
