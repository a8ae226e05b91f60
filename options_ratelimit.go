package sclogs

import (
	"fmt"
	"time"

	"github.com/sclogs/sclogs/internal/ratebudget"
)

// The rate budget's default: Sendcloud allows 1,000 GET requests a minute
// per account (see [WithRateLimit]).
const (
	DefaultRateLimit       = 1000
	DefaultRateLimitPeriod = time.Minute
)

// WithRateLimit sets the Client's request budget: at most n GET requests in
// any window of length per, shared by every request of the Client (all
// listings and goroutines; retries count, OAuth2 token requests do not).
// The default is [DefaultRateLimit] per [DefaultRateLimitPeriod], Sendcloud's
// documented limit. WithRateLimit(0, 0) turns the budget off.
//
// The burst is the whole window: a job of up to n requests is not slowed at
// all, and the server never sees more than n requests in a window of length
// per, however it counts. Writes (POST, PATCH, DELETE) have no budget: the
// API documents no limit for them.
//
// A request that has to wait for the budget waits in turn with the others;
// the wait ends with its context and counts in the limit of waits of one
// request ([DefaultMaxWait]): past it the request fails with an error
// matching [ErrRateLimited], unsent. A 429 without Retry-After (another
// program spending the same account's budget) halves the rate the Client
// was using (its requests in the last window) and spaces its requests
// evenly; the rate grows back by a quarter of n per
// window without 429s. A 429 with Retry-After pauses every request of the
// Client until then.
func WithRateLimit(n int, per time.Duration) Option {
	return func(c *config) error {
		switch {
		case n == 0 && per == 0:
			c.rateLimit = &[2]int64{0, 0}
			return nil
		case n < 1:
			return fmt.Errorf("WithRateLimit: n %d must be positive (or n and per both 0 to turn the budget off)", n)
		case n > ratebudget.MaxN:
			return fmt.Errorf("WithRateLimit: n %d is more than %d; use a shorter period", n, ratebudget.MaxN)
		case per <= 0:
			return fmt.Errorf("WithRateLimit: period %s must be positive", per)
		}
		c.rateLimit = &[2]int64{int64(n), int64(per)}
		return nil
	}
}

// newClientBudget returns the budget WithRateLimit chose (the default when
// it was not given), or nil for none.
func newClientBudget(opt *[2]int64) *ratebudget.Budget {
	n, per := int64(DefaultRateLimit), int64(DefaultRateLimitPeriod)
	if opt != nil {
		n, per = opt[0], opt[1]
	}
	if n == 0 {
		return nil
	}
	return ratebudget.New(int(n), time.Duration(per))
}
