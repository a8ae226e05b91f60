package sclogs

import (
	"context"
	"errors"
	"math/rand/v2"
	"net/http"
	"sync"
	"testing"
	"time"
)

// maxInWindow is the largest number of times in any window [t, t+per).
func maxInWindow(times []time.Time, per time.Duration) int {
	best := 0
	for i, t := range times {
		n := 0
		for _, u := range times[i:] {
			if !u.Before(t) && u.Before(t.Add(per)) {
				n++
			}
		}
		best = max(best, n)
	}
	return best
}

func TestRateBudgetBurstIsTheWholeWindow(t *testing.T) {
	t.Parallel()
	b := newRateBudget(5, time.Second)
	t0 := time.Unix(1000, 0)
	for i := range 5 {
		if at := b.reserve(t0).at; !at.Equal(t0) {
			t.Fatalf("booking %d at %s, want at once", i, at.Sub(t0))
		}
	}
	if at := b.reserve(t0).at; !at.Equal(t0.Add(b.window)) || b.window != 1050*time.Millisecond {
		t.Errorf("6th booking at +%s, want +1.05s (a window and its margin after the first)", at.Sub(t0))
	}
}

// Whatever the arrival pattern, no window holds more than n bookings.
func TestRateBudgetNeverMoreThanNInAWindow(t *testing.T) {
	t.Parallel()
	rng := rand.New(rand.NewPCG(1, 2))
	for round := range 20 {
		n := 1 + rng.IntN(10)
		per := time.Duration(1+rng.IntN(1000)) * time.Millisecond
		b := newRateBudget(n, per)
		now := time.Unix(1000, 0)
		var booked []time.Time
		for range 200 {
			now = now.Add(time.Duration(rng.IntN(int(per) / n * 2)))
			bk := b.reserve(now)
			at := bk.at
			if at.Before(now) {
				t.Fatalf("booked in the past")
			}
			if rng.IntN(10) == 0 {
				b.cancel(bk) // given back: not sent
				continue
			}
			booked = append(booked, at)
		}
		if got := maxInWindow(booked, per); got > n {
			t.Errorf("round %d: %d bookings in one window of %s, limit %d", round, got, per, n)
		}
	}
}

func TestRateBudgetCutSpacesAndRecovers(t *testing.T) {
	t.Parallel()
	b := newRateBudget(100, time.Second)
	t0 := time.Unix(1000, 0)
	sent := b.reserve(t0).at
	b.rateLimited(sent, t0, 0, false)
	if r := b.rate(t0); r != 50 {
		t.Fatalf("rate after a 429 = %v, want 50", r)
	}
	// A second 429 to a request sent before the cut is the same signal.
	b.rateLimited(sent, t0.Add(time.Millisecond), 0, false)
	if r := b.rate(t0.Add(time.Millisecond)); r > 51 {
		t.Errorf("rate = %v after a 429 to a request sent before the cut; want one cut", r)
	}
	// Requests are now spaced (no burst) at about 1/50 s.
	a1 := b.reserve(t0).at
	a2 := b.reserve(t0).at
	if gap := a2.Sub(a1); gap < 15*time.Millisecond {
		t.Errorf("gap after a cut = %s, want about 20ms", gap)
	}
	// Many 429s in a row: the rate never falls below n/16.
	now := t0
	for range 20 {
		now = now.Add(time.Millisecond)
		s := b.reserve(now).at
		b.rateLimited(s, s, 0, false)
		now = s
	}
	if r := b.rate(now); r < 100.0/minAllowanceDiv || r > 100.0/minAllowanceDiv+1 {
		t.Errorf("rate after a storm = %v, want about %v", r, 100.0/minAllowanceDiv)
	}
	// It grows back by n/4 per window and is whole again after 4 windows.
	if r := b.rate(now.Add(time.Second)); r < 30 || r > 32 {
		t.Errorf("rate a window after the storm = %v, want about 31", r)
	}
	if r := b.rate(now.Add(4 * time.Second)); r != 100 {
		t.Errorf("rate 4 windows after the storm = %v, want 100", r)
	}
}

func TestRateBudgetRetryAfterPauses(t *testing.T) {
	t.Parallel()
	b := newRateBudget(100, time.Second)
	t0 := time.Unix(1000, 0)
	s := b.reserve(t0).at
	b.rateLimited(s, t0, 3*time.Second, true)
	if at := b.reserve(t0).at; at.Sub(t0) != 3*time.Second {
		t.Errorf("booking during a pause at +%s, want +3s", at.Sub(t0))
	}
	if r := b.rate(t0); r != 100 {
		t.Errorf("rate after a 429 with Retry-After = %v; the pause alone should slow it", r)
	}
}

func TestWithRateLimitValues(t *testing.T) {
	t.Parallel()
	for _, tc := range []struct {
		n   int
		per time.Duration
		ok  bool
	}{{0, 0, true}, {1, time.Nanosecond, true}, {1000, time.Minute, true}, {0, time.Second, false}, {5, 0, false},
		{-1, time.Second, false}, {5, -time.Second, false}, {maxRateLimitN + 1, time.Hour, false}} {
		_, err := NewClient(WithRateLimit(tc.n, tc.per))
		if (err == nil) != tc.ok {
			t.Errorf("WithRateLimit(%d, %s): err = %v", tc.n, tc.per, err)
		}
	}
	c, _ := NewClient()
	if b := c.doer.limit; b == nil || b.n != DefaultRateLimit || b.per != DefaultRateLimitPeriod {
		t.Errorf("default budget = %+v, want %d per %s", b, DefaultRateLimit, DefaultRateLimitPeriod)
	}
	c, _ = NewClient(WithRateLimit(0, 0))
	if c.doer.limit != nil {
		t.Error("WithRateLimit(0, 0) left a budget")
	}
}

// GETs wait for the budget (the wait is recorded by the fake clock, never
// slept); writes and token requests spend none.
func TestClientWaitsForTheBudget(t *testing.T) {
	t.Parallel()
	tk := newTokens(t, 3600)
	e := setup(t, append(tk.options(), WithRateLimit(2, time.Minute))...)
	e.mux.HandleFunc("GET /integrations/{id}/logs", okJSON)
	e.mux.HandleFunc("DELETE /integrations/{id}", func(w http.ResponseWriter, r *http.Request) { w.WriteHeader(204) })
	for range 5 {
		if err := e.c.DeleteIntegration(t.Context(), 7); err != nil {
			t.Fatal(err)
		}
	}
	for range 2 {
		if _, err := e.c.ListLogs(t.Context(), 7, nil); err != nil {
			t.Fatal(err)
		}
	}
	if s := e.clock.slept(); len(s) != 0 {
		t.Fatalf("waited %v within the budget (token request and writes are not budgeted)", s)
	}
	if _, err := e.c.ListLogs(t.Context(), 7, nil); err != nil {
		t.Fatal(err)
	}
	if s := e.clock.slept(); len(s) != 1 || s[0] != 63*time.Second {
		t.Errorf("3rd GET waited %v, want one wait of 1m3s (a minute and its margin)", s)
	}
}

// A wait longer than the limit of waits, or past the context's deadline,
// fails at once, unsent, and gives the booking back.
func TestBudgetWaitLimits(t *testing.T) {
	t.Parallel()
	e := setup(t, WithRateLimit(1, time.Hour))
	var hits counter
	e.mux.HandleFunc("GET /integrations/{id}/logs", hits.wrap(okJSON))
	if _, err := e.c.ListLogs(t.Context(), 7, nil); err != nil {
		t.Fatal(err)
	}
	_, err := e.c.ListLogs(t.Context(), 7, nil)
	if !errors.Is(err, ErrRateLimited) || hits.get() != 1 || len(e.clock.slept()) != 0 {
		t.Errorf("err = %v after %d requests, %d waits; want ErrRateLimited, unsent", err, hits.get(), len(e.clock.slept()))
	}
	e2 := setup(t, WithRateLimit(1, time.Minute))
	e2.mux.HandleFunc("GET /integrations/{id}/logs", hits.wrap(okJSON))
	_, _ = e2.c.ListLogs(t.Context(), 7, nil)
	ctx, cancel := context.WithDeadline(t.Context(), e2.clock.now().Add(30*time.Second))
	defer cancel()
	_, err = e2.c.ListLogs(ctx, 7, nil)
	if !errors.Is(err, context.DeadlineExceeded) || !errors.Is(err, ErrRateLimited) || hits.get() != 2 {
		t.Errorf("err = %v after %d requests; want DeadlineExceeded, unsent", err, hits.get())
	}
	// Cancelled while waiting: the context's error, unsent.
	ctx, cancel = context.WithCancel(t.Context())
	e2.clock.onSleep = cancel
	_, err = e2.c.ListLogs(ctx, 7, nil)
	if !errors.Is(err, context.Canceled) || hits.get() != 2 {
		t.Errorf("err = %v after %d requests; want Canceled, unsent", err, hits.get())
	}
}

// A storm of 429s without Retry-After slows the whole Client, requests
// that never got a 429 too, and the rate grows back afterwards.
func TestRateLimitStormSlowsTheClientAndRecovers(t *testing.T) {
	t.Parallel()
	e := setup(t, WithRateLimit(100, time.Second), WithMaxRetries(20), WithRetryBackoff(time.Millisecond, time.Millisecond))
	var mu sync.Mutex
	storm := 0 // 429s left to send
	var times []time.Time
	e.mux.HandleFunc("GET /integrations/{id}/logs", func(w http.ResponseWriter, r *http.Request) {
		mu.Lock()
		times = append(times, e.clock.now())
		s := storm > 0
		if s {
			storm--
		}
		mu.Unlock()
		if s {
			http.Error(w, "slow down", http.StatusTooManyRequests)
			return
		}
		okJSON(w, r)
	})
	e.mux.HandleFunc("GET /integrations", func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "application/json")
		_, _ = w.Write([]byte(`{"data":[]}`))
	})
	list := func() {
		t.Helper()
		if _, err := e.c.ListLogs(t.Context(), 7, nil); err != nil {
			t.Fatal(err)
		}
	}
	for range 50 {
		list()
	}
	if s := e.clock.slept(); len(s) != 0 {
		t.Fatalf("waited %v within the burst", s)
	}
	mu.Lock()
	storm = 8
	mu.Unlock()
	list() // retried through the storm
	low := e.c.doer.limit.rate(e.clock.now())
	if low > 13 {
		t.Errorf("rate after 8 429s = %.1f per second, want it cut to at most 12.5", low)
	}
	// Another request of the Client, which never got a 429, is spaced too.
	before := len(e.clock.slept())
	if _, err := e.c.ListIntegrations(t.Context(), nil); err != nil {
		t.Fatal(err)
	}
	s := e.clock.slept()
	if len(s) != before+1 || s[len(s)-1] < time.Second/time.Duration(low+1) {
		t.Errorf("the next request of the Client waited %v, want about 1/%.0f s", s[before:], low)
	}
	// Afterwards the gaps shrink as the rate grows back, and the rate is
	// whole again after a few quiet windows.
	mu.Lock()
	times = times[:0]
	mu.Unlock()
	for range 40 {
		list()
	}
	mu.Lock()
	first, last := times[1].Sub(times[0]), times[len(times)-1].Sub(times[len(times)-2])
	mu.Unlock()
	if last >= first {
		t.Errorf("gap between requests went from %s to %s; want it shrinking as the rate recovers", first, last)
	}
	e.clock.mu.Lock()
	e.clock.t = e.clock.t.Add(5 * time.Second)
	e.clock.mu.Unlock()
	if r := e.c.doer.limit.rate(e.clock.now()); r != 100 {
		t.Errorf("rate 5 quiet windows later = %.1f, want 100", r)
	}
}

// A request whose answer came late counts from its answer: the booking a
// window after it waits for that too, since the server may have counted
// the late one late.
func TestRateBudgetSettledAnswersCount(t *testing.T) {
	t.Parallel()
	b := newRateBudget(2, time.Second)
	t0 := time.Unix(1000, 0)
	first := b.reserve(t0)
	b.reserve(t0)
	b.settle(first, t0.Add(300*time.Millisecond))
	third := b.reserve(t0)
	if !third.at.Equal(t0.Add(b.window + 300*time.Millisecond)) {
		t.Errorf("third booked at +%s, want a window after the first's answer", third.at.Sub(t0))
	}
	// An answer that arrives after a later booking was made delays it.
	second := booking{seq: 1}
	fourth := b.reserve(t0)
	b.settle(second, t0.Add(500*time.Millisecond))
	if got := b.ready(fourth, fourth.at); got != 200*time.Millisecond {
		t.Errorf("fourth must wait %s more at its booking, want 200ms (a window after the second's late answer)", got)
	}
}
