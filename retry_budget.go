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
// It returns the booking and how long it waited, or why it gave up without
// sending.
func (d *retryDoer) pace(ctx context.Context, req *http.Request, attempt int, delay, waited time.Duration, last error) (booking, time.Duration, error) {
	b := d.budget(req)
	start := d.now()
	bk := b.reserve(start.Add(delay))
	stop := func(why string, cause error) error {
		b.cancel(bk)
		if last == nil {
			return &budgetError{why: why, cause: cause}
		}
		return &stopError{last: giveUp(attempt-1, last), cause: cause, why: why}
	}
	wait, total := bk.at.Sub(start), time.Duration(0)
	// The first wait is the booking; further ones come from answers to
	// earlier requests that arrived later than their bookings (ready).
	for wait > 0 {
		if total+wait > delay { // plan checked the backoff alone
			if d.maxWait > 0 && waited+total+wait > d.maxWait {
				return bk, 0, stop(fmt.Sprintf("not sending: waiting %s for the client's rate budget (WithRateLimit) would pass the limit of %s of waits for one request",
					(total+wait).Round(time.Millisecond), d.maxWait), nil)
			}
			if dl, ok := ctx.Deadline(); ok && d.now().Add(wait).After(dl) {
				return bk, 0, stop(fmt.Sprintf("not sending: waiting %s for the client's rate budget (WithRateLimit) would pass the context's deadline",
					(total+wait).Round(time.Millisecond)), context.DeadlineExceeded)
			}
		}
		if err := d.sleep(ctx, wait); err != nil {
			if last == nil {
				return bk, 0, stop(fmt.Sprintf("stopped while waiting for the client's rate budget: %v", err), err)
			}
			return bk, 0, stop(fmt.Sprintf("stopped after %s while waiting to retry: %v", attempts(attempt-1), err), err)
		}
		total += wait
		wait = b.ready(bk, d.now())
	}
	return bk, total, nil
}

// rateLimited settles the attempt's booking now that its answer (or
// failure) is here, and tells the budget about a 429.
func (d *retryDoer) rateLimited(req *http.Request, bk booking, err error) {
	b := d.budget(req)
	b.settle(bk, d.now())
	var apiErr *APIError
	if b == nil || err == nil || !errors.As(err, &apiErr) || apiErr.StatusCode != http.StatusTooManyRequests {
		return
	}
	now := d.now()
	ra, has := retryAfter(apiErr.Header, now)
	b.rateLimited(bk.at, now, min(ra, maxRetryAfter), has)
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
