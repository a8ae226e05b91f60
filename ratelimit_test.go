package sclogs

import (
	"context"
	"errors"
	"net/http"
	"sync"
	"testing"
	"time"

	"github.com/sclogs/sclogs/internal/ratebudget"
)

func TestWithRateLimitValues(t *testing.T) {
	t.Parallel()
	for _, tc := range []struct {
		n   int
		per time.Duration
		ok  bool
	}{{0, 0, true}, {1, time.Nanosecond, true}, {1000, time.Minute, true}, {0, time.Second, false}, {5, 0, false},
		{-1, time.Second, false}, {5, -time.Second, false}, {ratebudget.MaxN + 1, time.Hour, false}} {
		_, err := NewClient(WithRateLimit(tc.n, tc.per))
		if (err == nil) != tc.ok {
			t.Errorf("WithRateLimit(%d, %s): err = %v", tc.n, tc.per, err)
		}
	}
	c, _ := NewClient()
	if b := c.doer.Limit; b == nil || !sameLimit(b, DefaultRateLimit, DefaultRateLimitPeriod) {
		t.Errorf("default budget = %+v, want %d per %s", b, DefaultRateLimit, DefaultRateLimitPeriod)
	}
	c, _ = NewClient(WithRateLimit(0, 0))
	if c.doer.Limit != nil {
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
	low := e.c.doer.Limit.Rate(e.clock.now())
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
	if r := e.c.doer.Limit.Rate(e.clock.now()); r != 100 {
		t.Errorf("rate 5 quiet windows later = %.1f, want 100", r)
	}
}

// sameLimit reports whether b is n requests per per.
func sameLimit(b *ratebudget.Budget, n int, per time.Duration) bool {
	bn, bper := b.Limit()
	return bn == n && bper == per
}
