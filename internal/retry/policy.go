package retry

import (
	"crypto/tls"
	"crypto/x509"
	"errors"
	"io"
	"net"
	"net/http"
	"strconv"
	"strings"
	"syscall"
	"time"
)

// outcome is how one attempt failed, as far as the retry rule needs to know:
// a non-2xx answer (status, and whether it carried Retry-After) or, with
// status 0, the transport error err.
type outcome struct {
	status     int
	retryAfter bool
	err        error
}

// retryable reports whether a request with method may be sent again after
// an attempt ended in o. It is the one retry rule; the retry loop adds the
// limits (attempts, Retry-After ceiling, the context's deadline).
//
// Idempotent methods (RFC 9110 §9.2.2: GET, HEAD, OPTIONS, TRACE, PUT,
// DELETE) are retried after the statuses of [retryableStatus] and the
// errors of [retryableError]: repeating them changes nothing.
//
// Other methods (POST, PATCH) may act again each time they arrive, so they
// are retried only where the server cannot have acted on the request:
//   - a dial error (connection refused, no route, DNS failure, connect
//     timeout): no byte of the request left this machine;
//   - 429 Too Many Requests: the rate limiter refused the request instead
//     of handling it;
//   - 503 Service Unavailable with a Retry-After header: the server says it
//     did not take the request, and when to come back.
//
// Never after the request may have reached a handler: not after a reset,
// EOF or timeout once connected, not after a 2xx whose body was cut short
// (it was acted on), not on 500, 502, 504 or 408, nor on a 503 without
// Retry-After (a proxy may send it after the upstream acted).
func retryable(method string, o outcome) bool {
	if idempotent(method) {
		if o.status != 0 {
			return retryableStatus(o.status)
		}
		return retryableError(o.err)
	}
	switch {
	case o.status == http.StatusTooManyRequests:
		return true
	case o.status == http.StatusServiceUnavailable:
		return o.retryAfter
	case o.status != 0:
		return false
	}
	return neverSent(o.err)
}

// idempotent reports whether method is idempotent (RFC 9110 §9.2.2).
func idempotent(method string) bool {
	switch method {
	case "", http.MethodGet, http.MethodHead, http.MethodOptions, http.MethodTrace, http.MethodPut, http.MethodDelete:
		return true // "" is GET for net/http
	}
	return false
}

// neverSent reports whether err means the connection was never made, so
// the request was not sent at all.
func neverSent(err error) bool {
	var op *net.OpError
	return errors.As(err, &op) && op.Op == "dial"
}

// replayable reports whether req can be sent again: it has no body, or
// GetBody gives a fresh copy of it (http.NewRequest sets GetBody for the
// bytes and strings readers the generated client uses).
func replayable(req *http.Request) bool {
	return req.Body == nil || req.Body == http.NoBody || req.GetBody != nil
}

// hasRetryAfter reports whether h carries a Retry-After this client can read:
// one it cannot read says nothing about when, or whether, to come back.
func hasRetryAfter(h http.Header, now time.Time) bool {
	_, ok := After(h, now)
	return ok
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
		errors.Is(err, ErrBodyTooLarge), errors.Is(err, ErrRedirectOrigin), errors.Is(err, ErrTooManyRedirects):
		return false
	case errors.As(err, &timeout), errors.Is(err, ErrCutShort), errors.Is(err, io.EOF), errors.Is(err, io.ErrUnexpectedEOF),
		errors.Is(err, syscall.ECONNRESET), errors.Is(err, syscall.ECONNREFUSED),
		errors.Is(err, syscall.ECONNABORTED), errors.Is(err, syscall.EPIPE):
		return true
	case errors.As(err, &netErr) && netErr.Timeout():
		return true // the http.Client's Timeout or a transport timeout, per attempt
	}
	return false
}

// After reads Retry-After as delta-seconds or as an HTTP-date.
func After(h http.Header, now time.Time) (time.Duration, bool) {
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
