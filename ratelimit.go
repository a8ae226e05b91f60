package sclogs

import (
	"sync"
	"time"
)

// rateBudget is the request budget a Client shares between all its GET
// requests (every listing, every goroutine): at most n requests in any
// window of length per. It works like a token bucket of n tokens in which a
// token comes back exactly one window after it was spent, so
//   - the burst is the whole window: a job of up to n requests goes out at
//     full speed, and
//   - the server never sees more than n requests in any window of that
//     length, whether it counts in fixed or in sliding windows (a classic
//     token bucket of capacity n refilled at n/per lets up to 2n through in
//     one window, which is what the API answers with 429).
//
// A 429 without Retry-After means someone else spends the same account's
// budget (another program on the key): the allowance drops to half (not
// below minAllowance of n), requests are spaced evenly at the lower rate
// (no burst), and the allowance grows back linearly, by a quarter of n per
// window, so the full rate returns after a few quiet windows. A 429 with
// Retry-After pauses every request until then.
//
// Waiting is planned by reservation: reserve books the earliest send time
// and the caller sleeps until then, so concurrent requests queue in order
// instead of waking together.
type rateBudget struct {
	n   int
	per time.Duration

	mu    sync.Mutex
	base  time.Time       // origin of the offsets below: the first booking
	sent  []time.Duration // ring of the last n booked send times (offsets from base)
	head  int             // index of the oldest entry when full
	count int
	last  time.Duration // the latest booked send time

	// AIMD after a 429 without Retry-After: the allowance was cut to cutTo
	// at cutAt (offset) and grows back from there; recovered when it is n.
	cut    bool
	cutAt  time.Duration
	cutTo  float64
	paused time.Duration // no send before this offset (Retry-After)
}

// minAllowanceDiv bounds the cuts: the allowance never drops below n/16 per
// window (and never below one request), so a storm of 429s slows the client
// down without stopping it.
const minAllowanceDiv = 16

// recoverDiv is how fast the allowance grows back after a cut: by n/4 per
// window.
const recoverDiv = 4

// maxRateLimitN caps WithRateLimit's n: the budget remembers one send time
// per request of a window.
const maxRateLimitN = 100_000

func newRateBudget(n int, per time.Duration) *rateBudget {
	return &rateBudget{n: n, per: per, sent: make([]time.Duration, n)}
}

// allowance is how many requests the budget allows per window at offset t.
func (b *rateBudget) allowance(t time.Duration) float64 {
	if !b.cut {
		return float64(b.n)
	}
	a := b.cutTo + float64(b.n)/recoverDiv*float64(t-b.cutAt)/float64(b.per)
	if a >= float64(b.n) {
		b.cut = false
		return float64(b.n)
	}
	return a
}

// reserve books the earliest time a request may be sent, at or after now,
// and returns it. The caller sends at that time, or gives it back with
// cancel.
func (b *rateBudget) reserve(now time.Time) time.Time {
	if b == nil {
		return now
	}
	b.mu.Lock()
	defer b.mu.Unlock()
	if b.base.IsZero() {
		b.base = now
	}
	t := max(now.Sub(b.base), b.paused, b.last) // booked in order: never before an earlier booking
	for {
		a := b.allowance(t)
		k := max(int(a), 1)
		next := t
		if b.count >= k {
			// The k-th latest booking must be a window old: then at most
			// k-1 others are in the window ending at t.
			next = max(next, b.at(b.count-k)+b.per)
		}
		if b.cut && b.count > 0 {
			next = max(next, b.last+time.Duration(float64(b.per)/a)) // evenly spaced while recovering
		}
		if next == t {
			break
		}
		t = next // the allowance may have grown meanwhile: check again
	}
	b.push(t)
	return b.base.Add(t)
}

// cancel gives back a booking that will not be used, when it is still the
// latest one (an earlier one stays booked: harmless, at most one window).
func (b *rateBudget) cancel(at time.Time) {
	if b == nil {
		return
	}
	b.mu.Lock()
	defer b.mu.Unlock()
	t := at.Sub(b.base)
	if b.count == 0 || b.count == len(b.sent) || b.last != t {
		return // a full ring has dropped its oldest booking: keep this one
	}
	b.count--
	if b.count == 0 {
		b.last = 0
		return
	}
	b.last = b.at(b.count - 1)
}

// rateLimited records a 429 to a request sent at sent. With Retry-After
// (has) every request waits until now+ra; without, the allowance is halved,
// once per 429s to requests sent after the last cut (a burst of answers to
// requests that were in flight together is one signal, not many).
func (b *rateBudget) rateLimited(sent, now time.Time, ra time.Duration, has bool) {
	if b == nil {
		return
	}
	b.mu.Lock()
	defer b.mu.Unlock()
	t := now.Sub(b.base)
	if has {
		b.paused = max(b.paused, t+ra)
		return
	}
	if b.cut && sent.Sub(b.base) < b.cutAt {
		return
	}
	a := b.allowance(t)
	b.cut, b.cutAt = true, t
	b.cutTo = max(a/2, float64(b.n)/minAllowanceDiv, 1)
}

// rate reports the allowance per window at now (for tests and logs).
func (b *rateBudget) rate(now time.Time) float64 {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.allowance(now.Sub(b.base))
}

// at returns the i-th booking, oldest first (0 ≤ i < count).
func (b *rateBudget) at(i int) time.Duration {
	return b.sent[(b.head+i)%len(b.sent)]
}

func (b *rateBudget) push(t time.Duration) {
	if b.count < len(b.sent) {
		b.sent[(b.head+b.count)%len(b.sent)] = t
		b.count++
	} else {
		b.sent[b.head] = t
		b.head = (b.head + 1) % len(b.sent)
	}
	b.last = t
}
