package sclogs

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"time"
)

// The retry loop's side of the rate budget (ratelimit.go): every attempt of
// a GET or HEAD books its send time in the Client's budget, at the earliest
// when its backoff ends, so one sleep covers both; the wait counts in the
// same limit of waits for one request (DefaultMaxWait) and ends with the
// context. Writes are not budgeted: the API documents a limit for GET only.

// budget returns the rate budget req spends, or nil when it spends none.
func (d *retryDoer) budget(req *http.Request) *rateBudget {
	if d.limit == nil || (req.Method != "" && req.Method != http.MethodGet && req.Method != http.MethodHead) {
		return nil
	}
	return d.limit
}

// pace waits until attempt may be sent: delay (the backoff planned after
// the previous attempt, whose error was last) and the budget's booking.
// It returns when the request was booked and how long it waited, or why it
// gave up without sending.
func (d *retryDoer) pace(ctx context.Context, req *http.Request, attempt int, delay, waited time.Duration, last error) (time.Time, time.Duration, error) {
	now := d.now()
	sent := now.Add(delay)
	b := d.budget(req)
	if b != nil {
		sent = b.reserve(sent)
	}
	wait := sent.Sub(now)
	if wait <= 0 {
		return sent, 0, nil
	}
	stop := func(why string, cause error) error {
		b.cancel(sent)
		if last == nil {
			return &budgetError{why: why, cause: cause}
		}
		return &stopError{last: giveUp(attempt-1, last), cause: cause, why: why}
	}
	if wait > delay { // plan checked the backoff alone
		if d.maxWait > 0 && waited+wait > d.maxWait {
			return sent, 0, stop(fmt.Sprintf("not sending: waiting %s for the client's rate budget (WithRateLimit) would pass the limit of %s of waits for one request",
				wait.Round(time.Millisecond), d.maxWait), nil)
		}
		if dl, ok := ctx.Deadline(); ok && sent.After(dl) {
			return sent, 0, stop(fmt.Sprintf("not sending: waiting %s for the client's rate budget (WithRateLimit) would pass the context's deadline",
				wait.Round(time.Millisecond)), context.DeadlineExceeded)
		}
	}
	if err := d.sleep(ctx, wait); err != nil {
		if last == nil {
			return sent, 0, stop(fmt.Sprintf("stopped while waiting for the client's rate budget: %v", err), err)
		}
		return sent, 0, stop(fmt.Sprintf("stopped after %s while waiting to retry: %v", attempts(attempt-1), err), err)
	}
	return sent, wait, nil
}

// rateLimited tells the budget about a 429 to the attempt booked at sent.
func (d *retryDoer) rateLimited(req *http.Request, sent time.Time, err error) {
	b := d.budget(req)
	var apiErr *APIError
	if b == nil || err == nil || !errors.As(err, &apiErr) || apiErr.StatusCode != http.StatusTooManyRequests {
		return
	}
	now := d.now()
	ra, has := retryAfter(apiErr.Header, now)
	b.rateLimited(sent, now, min(ra, maxRetryAfter), has)
}

// budgetError is a request given up before it was sent: waiting for the
// rate budget would take too long, or the context ended meanwhile. It
// matches ErrRateLimited, and the context's error when that was the cause.
type budgetError struct {
	why   string
	cause error
}

func (e *budgetError) Error() string { return e.why }

func (e *budgetError) Unwrap() []error {
	if e.cause == nil {
		return []error{ErrRateLimited}
	}
	return []error{ErrRateLimited, e.cause}
}
