package sclogs

import (
	"context"
	"errors"
	"fmt"
	"io"
	"net/http"
	"strconv"
	"strings"
	"sync"
	"testing"
	"testing/synctest"
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
	// Each cut halves the rate in use and the next request waits for part
	// of the window, in which the rate grows back by n/4 per window: the
	// storm leaves it well under half.
	low := e.c.doer.Limit.Rate(e.clock.now())
	if low > 40 {
		t.Errorf("rate after 8 429s = %.1f per second, want it cut below 40", low)
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

// limitedAPI is an in-memory API limited like Sendcloud: past n GETs in
// any window of per it answers 429 without Retry-After. Each integration
// has pages of one log, 1 to pages, linked by cursor. It runs on the
// bubble's clock, so a test covers minutes at once.
type limitedAPI struct {
	n     int
	per   time.Duration
	pages int

	mu       sync.Mutex
	admitted []time.Time
	refused  int
	peak     int
}

func (a *limitedAPI) RoundTrip(r *http.Request) (*http.Response, error) {
	now := time.Now()
	a.mu.Lock()
	in := 0
	for _, t := range a.admitted {
		if now.Sub(t) < a.per {
			in++
		}
	}
	if in >= a.n {
		a.refused++
		a.mu.Unlock()
		return &http.Response{StatusCode: http.StatusTooManyRequests, Header: http.Header{}, Body: io.NopCloser(strings.NewReader("")), Request: r}, nil
	}
	a.admitted = append(a.admitted, now)
	a.peak = max(a.peak, in+1)
	a.mu.Unlock()
	id := strings.Split(r.URL.Path, "/")[4] // /api/v3/integrations/{id}/logs
	page, _ := strconv.Atoi(r.URL.Query().Get("cursor"))
	page = max(page, 1)
	h := http.Header{"Content-Type": {"application/json"}}
	if page < a.pages {
		h.Set("Link", fmt.Sprintf(`<https://panel.example/api/v3/integrations/%s/logs?cursor=%d&page_size=1>; rel="next"`, id, page+1))
	}
	body := fmt.Sprintf(`{"data":[{"id":%d,"base_url":"https://shop.example"}]}`, page)
	return &http.Response{StatusCode: 200, Header: h, Body: io.NopCloser(strings.NewReader(body)), ContentLength: int64(len(body)), Request: r}, nil
}

// Three listings of one Client with the default budget against an API
// limited to 1,000 GETs a minute: 1,500 requests over more than a minute,
// and not one is 429-worthy. (On the bubble's clock: the test takes
// milliseconds.)
func TestDefaultBudgetKeepsUnderSendcloudsLimit(t *testing.T) {
	t.Parallel()
	synctest.Test(t, func(t *testing.T) {
		api := &limitedAPI{n: DefaultRateLimit, per: DefaultRateLimitPeriod, pages: 500}
		c, err := NewClient(WithBaseURL("https://panel.example/api/v3"), WithBasicAuth("pub", "sec"),
			WithHTTPClient(&http.Client{Transport: api}))
		if err != nil {
			t.Fatal(err)
		}
		start := time.Now()
		var wg sync.WaitGroup
		for id := 1; id <= 3; id++ {
			wg.Go(func() {
				n := 0
				for _, err := range c.Logs(t.Context(), id, &ListOptions{PageSize: 1}) {
					if err != nil {
						t.Errorf("integration %d: %v", id, err)
						return
					}
					n++
				}
				if n != api.pages {
					t.Errorf("integration %d: %d logs, want %d", id, n, api.pages)
				}
			})
		}
		wg.Wait()
		took := time.Since(start)
		if api.refused != 0 || api.peak > api.n || len(api.admitted) != 1500 {
			t.Errorf("%d admitted, %d refused, peak %d in a minute; want 1500, 0, at most %d", len(api.admitted), api.refused, api.peak, api.n)
		}
		// The first 1,000 went out at once (the burst is the whole
		// minute); the rest waited for the window.
		if burst := api.admitted[999].Sub(start); burst != 0 {
			t.Errorf("the 1,000th request went out after %s, want at once", burst)
		}
		if took < time.Minute {
			t.Errorf("1,500 requests took %s, under a minute", took)
		}
	})
}

// Three programs on one key, each with the whole default budget, against
// the same API: they get 429s, slow down, and every listing completes.
func TestProgramsOnOneKeySlowDown(t *testing.T) {
	t.Parallel()
	synctest.Test(t, func(t *testing.T) {
		api := &limitedAPI{n: DefaultRateLimit, per: DefaultRateLimitPeriod, pages: 600}
		var wg sync.WaitGroup
		for p := range 3 {
			c, err := NewClient(WithBaseURL("https://panel.example/api/v3"), WithBasicAuth("pub", "sec"),
				WithHTTPClient(&http.Client{Transport: api}))
			if err != nil {
				t.Fatal(err)
			}
			wg.Go(func() {
				var got []int
				for l, err := range c.Logs(t.Context(), p+1, &ListOptions{PageSize: 1}) {
					if err != nil {
						t.Errorf("program %d: %v", p, err)
						return
					}
					got = append(got, l.GetID())
				}
				for i, id := range got {
					if id != i+1 {
						t.Errorf("program %d: record %d has id %d: lost or repeated", p, i, id)
						return
					}
				}
				if len(got) != api.pages {
					t.Errorf("program %d: %d records, want %d", p, len(got), api.pages)
				}
			})
		}
		wg.Wait()
		if api.refused == 0 {
			t.Error("no 429: the programs never overran the limit, so this tests nothing")
		}
		t.Logf("%d admitted, %d refused (429)", len(api.admitted), api.refused)
	})
}

// A program that starts when others on the key have just filled the
// account's window gets nothing through until the window passes: its
// listing still completes (the waits stay under DefaultMaxWait).
func TestProgramStartingIntoAFullWindowCompletes(t *testing.T) {
	t.Parallel()
	synctest.Test(t, func(t *testing.T) {
		api := &limitedAPI{n: DefaultRateLimit, per: DefaultRateLimitPeriod, pages: 20}
		for range api.n { // the others' requests, just now
			api.admitted = append(api.admitted, time.Now())
		}
		c, err := NewClient(WithBaseURL("https://panel.example/api/v3"), WithBasicAuth("pub", "sec"),
			WithHTTPClient(&http.Client{Transport: api}))
		if err != nil {
			t.Fatal(err)
		}
		start := time.Now()
		n := 0
		for _, err := range c.Logs(t.Context(), 1, &ListOptions{PageSize: 1}) {
			if err != nil {
				t.Fatalf("after %d records, %s: %v", n, time.Since(start), err)
			}
			n++
		}
		if n != api.pages || api.refused == 0 {
			t.Errorf("%d records, %d refused; want %d records after some 429s", n, api.refused, api.pages)
		}
		t.Logf("%d records in %s, %d refused", n, time.Since(start), api.refused)
	})
}
