// Package ratebudget is the request budget a client shares between all its
// GET requests: at most n requests in any window of a given length, cut
// after a 429 and grown back (see Budget). It knows nothing of HTTP: the
// retry loop (internal/retry) books, waits and reports answers.
package ratebudget

import (
	"sync"
	"time"
)

// Budget is the request budget a Client shares between all its GET
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
// budget (another program on the key): the allowance drops to half the rate
// the server was taking from this client (its requests in the last window
// that got no 429, or the allowance if that is lower; at least one request
// per window), requests are spaced evenly at the lower rate (no burst), and
// the allowance grows back linearly, by a quarter of n per window, so the
// full rate returns after a few quiet windows. Halving what the server
// took, not what was allowed, matters when the others took most of the
// window: a client that had 50 requests through before its 429 would
// otherwise keep an allowance above 50 through several cuts, go on sending
// into the full window, and spend its retries on 429s; this way its next
// request waits until part of its share of the window is over, which is
// when the server's window frees up too. When the server took nothing in
// the window, a first 429 halves the allowance (not below minAllowanceDiv
// of n) and the retry loop's backoff paces the retry, so a passing 429 costs
// a moment; a second one means the window is full and this client has no
// share of it: the allowance drops to half of what it sent in the window,
// so its next request waits for the window to pass. A 429 with Retry-After
// pauses every request until then.
//
// Waiting is planned by reservation: reserve books the earliest send time
// and the caller sleeps until then, so concurrent requests queue in order
// instead of waking together. A Booking counts from its planned send time
// until its answer arrives, and from the answer's arrival after that
// (settle): the server counted the request somewhere in between, so a
// request that reached it late (a slow connection set-up, say) never makes
// the next window's first request look early. Before it is sent, a request
// checks its Booking again against the answers that arrived meanwhile
// (ready).
type Budget struct {
	n      int
	per    time.Duration
	window time.Duration // per and a margin (windowMarginDiv)

	mu      sync.Mutex
	base    time.Time       // origin of the offsets below: the first Booking
	sent    []time.Duration // ring of the last n+1 bookings (offsets from base), by sequence number
	refused []bool          // beside sent: the booking's request got a 429
	total   int64           // bookings made (less those given back): the next sequence number
	count   int             // bookings in the ring
	last    time.Duration   // the latest planned send time: bookings are made in order

	// AIMD after a 429 without Retry-After: the allowance was cut to cutTo
	// at cutAt (offset) and grows back from there; recovered when it is n.
	cut    bool
	cutAt  time.Duration
	cutTo  float64
	paused time.Duration // no send before this offset (Retry-After)
}

// Booking is one request's place in the budget: its sequence number and
// planned send time.
type Booking struct {
	seq int64
	// At is the planned send time.
	At time.Time
}

// minAllowanceDiv bounds the cut after a first 429 when the server took
// none of the window's requests: the allowance stays at n/16 or more, and
// the retry loop's backoff spaces the retry.
const minAllowanceDiv = 16

// recoverDiv is how fast the allowance grows back after a cut: by n/4 per
// window.
const recoverDiv = 4

// MaxN caps WithRateLimit's n: the budget remembers one send time
// per request of a window.
const MaxN = 100_000

// New returns a budget of n requests per window of length per.
func New(n int, per time.Duration) *Budget {
	// One more than n: a Booking given back (cancel) leaves the n latest.
	return &Budget{n: n, per: per, window: per + per/windowMarginDiv, sent: make([]time.Duration, n+1), refused: make([]bool, n+1)}
}

// windowMarginDiv: the budget counts a window a twentieth longer than
// asked (63 s for a minute). Requests booked a window apart reach the
// server with different delays (the network, the scheduler), and one that
// arrives early by a few milliseconds would be the 429-worthy one.
const windowMarginDiv = 20

// allowance is how many requests the budget allows per window at offset t.
func (b *Budget) allowance(t time.Duration) float64 {
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

// Reserve books the earliest time a request may be sent, at or after now.
// The caller sends at that time (after ready), or gives it back with
// cancel.
func (b *Budget) Reserve(now time.Time) Booking {
	if b == nil {
		return Booking{At: now}
	}
	b.mu.Lock()
	defer b.mu.Unlock()
	if b.base.IsZero() {
		b.base = now
	}
	t := max(now.Sub(b.base), b.paused, b.last) // booked in order: never before an earlier Booking
	for {
		next := max(t, b.windowFree(b.total, t))
		if b.cut && b.count > 0 {
			next = max(next, b.last+time.Duration(float64(b.per)/b.allowance(t))) // evenly spaced while recovering
		}
		if next == t {
			break
		}
		t = next // the allowance may have grown meanwhile: check again
	}
	seq := b.total
	b.sent[seq%int64(len(b.sent))] = t
	b.refused[seq%int64(len(b.sent))] = false
	b.total++
	b.count = min(b.count+1, len(b.sent))
	b.last = t
	return Booking{seq: seq, At: b.base.Add(t)}
}

// windowFree returns the earliest offset, from t on, at which the Booking
// with sequence number seq may be sent: when the k-th Booking before it is a
// window old (k the allowance), at most k-1 others are in the window ending
// there.
func (b *Budget) windowFree(seq int64, t time.Duration) time.Duration {
	k := int64(max(int(b.allowance(t)), 1))
	q := seq - k
	if q < b.total-int64(b.count) || q < 0 {
		return t // older than the ring: long gone
	}
	return max(t, b.sent[q%int64(len(b.sent))]+b.window)
}

// Ready returns how much longer a Booking must wait, now that the answers
// to earlier requests have settled their times; 0 when it may go.
func (b *Budget) Ready(bk Booking, now time.Time) time.Duration {
	if b == nil {
		return 0
	}
	b.mu.Lock()
	defer b.mu.Unlock()
	t := now.Sub(b.base)
	return b.windowFree(bk.seq, t) - t
}

// Settle moves a Booking to the time its answer (or failure) arrived, when
// that is later than planned.
func (b *Budget) Settle(bk Booking, done time.Time) {
	if b == nil {
		return
	}
	b.mu.Lock()
	defer b.mu.Unlock()
	if bk.seq < b.total-int64(b.count) || bk.seq >= b.total {
		return
	}
	i := bk.seq % int64(len(b.sent))
	b.sent[i] = max(b.sent[i], done.Sub(b.base))
}

// Cancel gives back a Booking that will not be used, when it is still the
// latest one (an earlier one stays booked: harmless, at most one window).
// The ring holds one more Booking than a window needs, so what is left is
// still the n latest.
func (b *Budget) Cancel(bk Booking) {
	if b == nil {
		return
	}
	b.mu.Lock()
	defer b.mu.Unlock()
	if b.count == 0 || bk.seq != b.total-1 {
		return
	}
	b.total--
	b.count--
	b.last = 0
	if b.count > 0 {
		b.last = b.sent[(b.total-1)%int64(len(b.sent))]
	}
}

// RateLimited records a 429 to the request of bk. With Retry-After (has)
// every request waits until now+ra; without, the allowance becomes half the
// rate the server was taking (see Budget), once per 429s to requests sent
// after the last cut (a burst of answers to requests that were in flight
// together is one signal, not many).
func (b *Budget) RateLimited(bk Booking, now time.Time, ra time.Duration, has bool) {
	if b == nil {
		return
	}
	b.mu.Lock()
	defer b.mu.Unlock()
	t := now.Sub(b.base)
	if b.inRing(bk.seq) {
		b.refused[bk.seq%int64(len(b.sent))] = true
	}
	if has {
		b.paused = max(b.paused, t+ra)
		return
	}
	if b.cut && bk.At.Sub(b.base) < b.cutAt {
		return
	}
	a := b.allowance(t)
	b.cut, b.cutAt = true, t
	sent, refused := b.inWindow(t)
	switch {
	case sent > refused: // the server took some: halve that
		b.cutTo = max(min(a, float64(sent-refused))/2, 1)
	case refused >= 2: // a full window, none of it ours: wait for it to pass
		b.cutTo = max(min(a, float64(sent))/2, 1)
	default: // a first 429: the backoff paces the retry
		b.cutTo = max(a/2, float64(b.n)/minAllowanceDiv, 1)
	}
}

// inRing reports whether the Booking with sequence number seq is still in
// the ring.
func (b *Budget) inRing(seq int64) bool {
	return seq >= b.total-int64(b.count) && seq < b.total
}

// inWindow counts the Bookings in the window that ends at t (and those
// planned after it), and how many of them got a 429: what this client is
// sending, and what the server is refusing. Bookings are made in order, so
// it counts from the latest back.
func (b *Budget) inWindow(t time.Duration) (sent, refused int) {
	for seq := b.total - 1; b.inRing(seq); seq-- {
		i := seq % int64(len(b.sent))
		if b.sent[i] <= t-b.window {
			break
		}
		sent++
		if b.refused[i] {
			refused++
		}
	}
	return sent, refused
}

// Rate reports the allowance per window at now (for tests and logs).
func (b *Budget) Rate(now time.Time) float64 {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.allowance(now.Sub(b.base))
}

// Limit returns the budget's n and per, as it was made.
func (b *Budget) Limit() (n int, per time.Duration) { return b.n, b.per }
