package retry

import (
	"context"
	"fmt"
	"net/http"
	"time"

	"github.com/sclogs/sclogs/internal/ratebudget"
)

// The retry loop's side of the rate budget (internal/ratebudget): every attempt of
// a GET or HEAD books its send time in the Client's budget, at the earliest
// when its backoff ends, so one sleep covers both; the wait counts in the
// same limit of waits for one request (MaxWait) and ends with the
// context. Writes are not budgeted: the API documents a limit for GET only.

// budget returns the rate budget req spends, or nil when it spends none.
func (d *Doer) budget(req *http.Request) *ratebudget.Budget {
	if d.Limit == nil || (req.Method != "" && req.Method != http.MethodGet && req.Method != http.MethodHead) {
		return nil
	}
	return d.Limit
}

// pace waits until attempt may be sent: delay (the backoff planned after
// the previous attempt, whose error was last) and the budget's ratebudget.Booking.
// It returns the ratebudget.Booking and how long it waited, or why it gave up without
// sending.
func (d *Doer) pace(ctx context.Context, req *http.Request, attempt int, delay, waited time.Duration, last error) (ratebudget.Booking, time.Duration, error) {
	b := d.budget(req)
	start := d.Now()
	bk := b.Reserve(start.Add(delay))
	stop := func(why string, cause error) error {
		b.Cancel(bk)
		if last == nil {
			return &budgetError{why: why, cause: cause, rateLimited: d.API.RateLimited}
		}
		return &stopError{last: d.giveUp(attempt-1, last), cause: cause, why: why, api: d.API}
	}
	wait, total := bk.At.Sub(start), time.Duration(0)
	// The first wait is the ratebudget.Booking; further ones come from answers to
	// earlier requests that arrived later than their bookings (ready).
	for wait > 0 {
		if total+wait > delay { // plan checked the backoff alone
			if d.MaxWait > 0 && waited+total+wait > d.MaxWait {
				return bk, 0, stop(fmt.Sprintf("not sending: waiting %s for the client's rate budget (WithRateLimit) would pass the limit of %s of waits for one request",
					(total+wait).Round(time.Millisecond), d.MaxWait), nil)
			}
			if dl, ok := ctx.Deadline(); ok && d.Now().Add(wait).After(dl) {
				return bk, 0, stop(fmt.Sprintf("not sending: waiting %s for the client's rate budget (WithRateLimit) would pass the context's deadline",
					(total+wait).Round(time.Millisecond)), context.DeadlineExceeded)
			}
		}
		if err := d.Sleep(ctx, wait); err != nil {
			if last == nil {
				return bk, 0, stop(fmt.Sprintf("stopped while waiting for the client's rate budget: %v", err), err)
			}
			return bk, 0, stop(fmt.Sprintf("stopped after %s while waiting to retry: %v", attempts(attempt-1), err), err)
		}
		total += wait
		wait = b.Ready(bk, d.Now())
	}
	return bk, total, nil
}

// rateLimited settles the attempt's ratebudget.Booking now that its answer (or
// failure) is here, and tells the budget about a 429.
func (d *Doer) rateLimited(req *http.Request, bk ratebudget.Booking, err error) {
	b := d.budget(req)
	b.Settle(bk, d.Now())
	a := d.API.answer(err)
	if b == nil || a == nil || a.Status() != http.StatusTooManyRequests {
		return
	}
	now := d.Now()
	ra, has := After(a.Header(), now)
	b.RateLimited(bk, now, min(ra, MaxRetryAfter), has)
}

// budgetError is a request given up before it was sent: waiting for the
// rate budget would take too long, or the context ended meanwhile. It
// matches API.RateLimited, and the context's error when that was the cause.
type budgetError struct {
	why         string
	cause       error
	rateLimited error
}

func (e *budgetError) Error() string { return e.why }

func (e *budgetError) Unwrap() []error {
	if e.cause == nil {
		return []error{e.rateLimited}
	}
	return []error{e.rateLimited, e.cause}
}
