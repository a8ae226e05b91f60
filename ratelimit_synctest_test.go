package sclogs

import (
	"fmt"
	"io"
	"net/http"
	"strconv"
	"strings"
	"sync"
	"testing"
	"testing/synctest"
	"time"
)

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
