package sclogstest

import (
	"errors"
	"net/http"
	"sort"
	"sync"
	"time"
)

// Sendcloud allows 1,000 GET requests a minute per account and answers 429
// past that, with no rate-limit headers and no Retry-After. WithRateLimit
// makes the fake do the same, so a client's budget and its reaction to 429s
// can be tested against a server that behaves like Sendcloud.

// WithRateLimit answers 429 Too Many Requests, without Retry-After, to a GET
// request of the API (the token endpoint is not limited) when n GET requests
// were already answered in the window of length per before it: the whole
// fake is one account, whatever the credentials. Requests answered 429 do
// not count. WithRateLimit(0, 0), the default, sets no limit.
func WithRateLimit(n int, per time.Duration) Option {
	return func(c *config) error {
		switch {
		case n == 0 && per == 0:
			c.rateN, c.ratePer = 0, 0
			return nil
		case n < 1 || n > maxRateN || per <= 0:
			return errors.New("sclogstest: WithRateLimit: n must be 1 to 1000000 and per positive (or both 0: no limit)")
		}
		c.rateN, c.ratePer = n, per
		return nil
	}
}

// maxRateN bounds WithRateLimit's n: the limiter keeps one time per request
// of a window.
const maxRateN = 1_000_000

// RateLimitStats counts the GET requests the rate limit of [WithRateLimit]
// saw: answered (admitted) and refused with 429, and the most admitted in
// any one window.
type RateLimitStats struct {
	Admitted, Refused int
	// Peak is the largest number of admitted requests in one window of the
	// limit's length, ending at any admitted request.
	Peak int
}

// RateLimitStats returns what the rate limit saw so far (zero without
// [WithRateLimit]).
func (s *Server) RateLimitStats() RateLimitStats {
	if s.limiter == nil {
		return RateLimitStats{}
	}
	s.limiter.mu.Lock()
	defer s.limiter.mu.Unlock()
	return s.limiter.stats
}

// limiter is a sliding-window log: the times of the last n admitted
// requests.
type limiter struct {
	n   int
	per time.Duration
	now func() time.Time

	mu    sync.Mutex
	times []time.Time // ring, oldest at head once full
	head  int
	stats RateLimitStats
}

func newLimiter(n int, per time.Duration, now func() time.Time) *limiter {
	if n == 0 {
		return nil
	}
	return &limiter{n: n, per: per, now: now, times: make([]time.Time, 0, min(n, 4096))}
}

// admit reports whether a request arriving now is within the limit, and
// counts it.
func (l *limiter) admit() bool {
	now := l.now()
	l.mu.Lock()
	defer l.mu.Unlock()
	full := len(l.times) == l.n
	if full && now.Sub(l.times[l.head]) < l.per {
		l.stats.Refused++
		return false
	}
	l.stats.Admitted++
	if full {
		l.times[l.head] = now
		l.head = (l.head + 1) % l.n
	} else {
		l.times = append(l.times, now)
	}
	// The admitted requests in the window ending now: the times are in
	// order, oldest at head.
	k := len(l.times)
	older := sort.Search(k, func(i int) bool { return now.Sub(l.times[(l.head+i)%k]) < l.per })
	l.stats.Peak = max(l.stats.Peak, k-older)
	return true
}

// rateLimited answers 429 to a GET over the limit; it reports whether it did.
func (s *Server) rateLimited(w http.ResponseWriter, r *http.Request) bool {
	if s.limiter == nil || r.Method != http.MethodGet || s.limiter.admit() {
		return false
	}
	writeError(w, http.StatusTooManyRequests, "Request was throttled. You have exceeded the limit of GET requests per minute.", "")
	return true
}
