package retry

import (
	"errors"
	"fmt"
	"net"
	"strconv"
	"time"
)

// isTimeout reports whether err is a net.Error timeout.
func isTimeout(err error) bool {
	var ne net.Error
	return errors.As(err, &ne) && ne.Timeout()
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
func (e *scrubbedError) Timeout() bool { return e.timeout }

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

// stopError ends a request that was not retried further: why, and the last
// attempt's error, which errors.As still finds (an *APIError, say), as it
// finds cause (the context's error), when set.
type stopError struct {
	last  error
	cause error
	why   string
	api   *API // for last's text
}

func (e *stopError) Error() string { return e.api.Text(e.last) + "; " + e.why }

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
	err  error // the answer
	api  *API
}

func (e *retryAfterError) Error() string {
	return fmt.Sprintf("%s; server asked to wait %s before retrying, more than the %s limit", e.api.Text(e.err), e.wait, MaxRetryAfter)
}

func (e *retryAfterError) Unwrap() []error { return []error{e.api.RateLimited, e.err} }

// giveUp returns the final error, with the number of attempts made.
func (d *Doer) giveUp(attempt int, err error) error {
	if a := d.API.answer(err); a != nil {
		a.SetAttempts(attempt)
		return err
	}
	if attempt == 1 {
		return err
	}
	return &stopError{last: err, why: "giving up after " + attempts(attempt), api: d.API}
}

func attempts(n int) string {
	if n == 1 {
		return "1 attempt"
	}
	return strconv.Itoa(n) + " attempts"
}
