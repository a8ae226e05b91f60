package retry

import (
	"context"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"net/url"
	"slices"
	"strings"
	"sync/atomic"
	"testing"
	"testing/synctest"
	"time"

	"github.com/sclogs/sclogs/internal/ratebudget"
	"github.com/sclogs/sclogs/internal/scrub"
)

func TestSleepCtx(t *testing.T) {
	t.Parallel()
	ctx, cancel := context.WithCancel(t.Context())
	cancel()
	if err := sleepCtx(ctx, time.Hour); !errors.Is(err, context.Canceled) {
		t.Errorf("sleepCtx = %v", err)
	}
	if err := sleepCtx(t.Context(), 0); err != nil {
		t.Errorf("sleepCtx(0) = %v", err)
	}
}

func TestBackoff(t *testing.T) {
	t.Parallel()
	d := &Doer{BaseDelay: 250 * time.Millisecond, MaxDelay: 8 * time.Second, Clock: &Clock{RandN: func(n int64) int64 { return n - 1 }}}
	var got []time.Duration
	for attempt := 1; attempt <= 8; attempt++ {
		got = append(got, d.Backoff(attempt)+1)
	}
	want := []time.Duration{250 * time.Millisecond, 500 * time.Millisecond, time.Second, 2 * time.Second,
		4 * time.Second, 8 * time.Second, 8 * time.Second, 8 * time.Second}
	if !slices.Equal(got, want) {
		t.Errorf("backoff ceilings = %v, want %v", got, want)
	}
	d.RandN = func(int64) int64 { return 0 }
	if b := d.Backoff(3); b != 0 {
		t.Errorf("full jitter can wait 0, got %v", b)
	}
}

// statusThenOK answers the statuses in order, then 200 with body.
func statusThenOK(hits *atomic.Int32, body string, statuses ...int) http.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) {
		n := int(hits.Add(1))
		if n <= len(statuses) {
			if statuses[n-1] == http.StatusServiceUnavailable || statuses[n-1] == http.StatusTooManyRequests {
				w.Header().Set("Retry-After", "1")
			}
			w.WriteHeader(statuses[n-1])
			return
		}
		w.Header().Set("Content-Type", "application/json")
		io.WriteString(w, body)
	}
}

// An idempotent request is retried after 5xx with the backoff, sends the
// credentials on every attempt, and comes back with its body in memory.
func TestDoRetriesUntilOK(t *testing.T) {
	t.Parallel()
	var hits atomic.Int32
	var noAuth atomic.Int32
	d, srv, fc := setup(t, func(w http.ResponseWriter, r *http.Request) {
		if r.Header.Get("Authorization") == "" {
			noAuth.Add(1)
		}
		statusThenOK(&hits, `{"data":[]}`, 502, 500)(w, r)
	})
	resp, err := d.Do(request(t, http.MethodGet, srv.URL+"/x", ""))
	if err != nil {
		t.Fatal(err)
	}
	if got := string(resp.Body.(*BufferedBody).Bytes()); got != `{"data":[]}` || hits.Load() != 3 || noAuth.Load() != 0 {
		t.Fatalf("body %q after %d attempts (%d without credentials)", got, hits.Load(), noAuth.Load())
	}
	if got, want := fc.slept(), []time.Duration{250*time.Millisecond - 1, 500*time.Millisecond - 1}; !slices.Equal(got, want) {
		t.Errorf("waits %v, want %v", got, want)
	}
}

// POST and PATCH are retried only where the server cannot have acted.
func TestDoWritePolicy(t *testing.T) {
	t.Parallel()
	for _, tc := range []struct {
		method string
		status int
		hits   int32
	}{
		{http.MethodPost, 500, 1}, {http.MethodPost, 502, 1}, {http.MethodPatch, 504, 1}, {http.MethodPost, 408, 1},
		{http.MethodPost, 429, 2}, {http.MethodPatch, 503, 2}, // 503 with Retry-After
		{http.MethodDelete, 500, 2}, {http.MethodGet, 408, 2},
	} {
		var hits atomic.Int32
		d, srv, _ := setup(t, statusThenOK(&hits, `{}`, tc.status))
		body := `{"a":1}`
		if tc.method == http.MethodGet {
			body = ""
		}
		_, err := d.Do(request(t, tc.method, srv.URL+"/x", body))
		if hits.Load() != tc.hits {
			t.Errorf("%s after %d: %d attempts, want %d (err %v)", tc.method, tc.status, hits.Load(), tc.hits, err)
		}
		var se *statusError
		if tc.hits == 1 && (!errors.As(err, &se) || se.status != tc.status || se.attempts != 1) {
			t.Errorf("%s after %d: err %v, want the answer after 1 attempt", tc.method, tc.status, err)
		}
	}
}

// A Retry-After beyond MaxRetryAfter fails at once, matching RateLimited and
// still giving the answer.
func TestDoRetryAfterBeyondTheLimit(t *testing.T) {
	t.Parallel()
	var hits atomic.Int32
	d, srv, fc := setup(t, func(w http.ResponseWriter, r *http.Request) {
		hits.Add(1)
		w.Header().Set("Retry-After", "3600")
		w.WriteHeader(http.StatusTooManyRequests)
	})
	_, err := d.Do(request(t, http.MethodGet, srv.URL+"/x", ""))
	var se *statusError
	if !errors.Is(err, errRateLimited) || !errors.As(err, &se) || se.status != 429 || hits.Load() != 1 || len(fc.slept()) != 0 {
		t.Fatalf("err %v after %d attempts and waits %v", err, hits.Load(), fc.slept())
	}
}

// A redirect to another origin is refused and not retried: the other
// server never sees the request, nor the credentials.
func TestDoRefusesRedirectsOffOrigin(t *testing.T) {
	t.Parallel()
	var elsewhere atomic.Int32
	other := httptest.NewServer(http.HandlerFunc(func(http.ResponseWriter, *http.Request) { elsewhere.Add(1) }))
	t.Cleanup(other.Close)
	var hits atomic.Int32
	d, srv, _ := setup(t, func(w http.ResponseWriter, r *http.Request) {
		hits.Add(1)
		http.Redirect(w, r, other.URL+"/steal", http.StatusFound)
	})
	_, err := d.Do(request(t, http.MethodGet, srv.URL+"/x", ""))
	if !errors.Is(err, ErrRedirectOrigin) || hits.Load() != 1 || elsewhere.Load() != 0 {
		t.Fatalf("err %v; %d attempts, %d requests elsewhere", err, hits.Load(), elsewhere.Load())
	}
	// A request to another origin gets no credentials at all.
	var authz atomic.Value
	third := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		authz.Store(r.Header.Get("Authorization"))
		w.Header().Set("Content-Type", "application/json")
		io.WriteString(w, `{}`)
	}))
	t.Cleanup(third.Close)
	d.HC = WithRedirectPolicy(third.Client(), d.AuthOrigin)
	if _, err := d.Do(request(t, http.MethodGet, third.URL+"/x", "")); err != nil {
		t.Fatal(err)
	}
	if v := authz.Load(); v != "" {
		t.Errorf("another origin got Authorization %q", v)
	}
}

// What a server echoes of the credentials is scrubbed from the answer.
func TestDoScrubsEchoedCredentials(t *testing.T) {
	t.Parallel()
	d, srv, _ := setup(t, func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("X-Echo", r.Header.Get("Authorization"))
		w.WriteHeader(http.StatusUnauthorized)
		fmt.Fprintf(w, "denied: %s (%s)", r.Header.Get("Authorization"), url.QueryEscape("s3cr3t-key"))
	})
	_, err := d.Do(request(t, http.MethodGet, srv.URL+"/x", ""))
	var se *statusError
	if !errors.As(err, &se) {
		t.Fatalf("err %v", err)
	}
	text := err.Error() + fmt.Sprint(se.header)
	for _, leak := range scrub.CredentialForms(string(NewBasic("pub", "s3cr3t-key"))) {
		if strings.Contains(text, leak) {
			t.Errorf("%q shows %q", text, leak)
		}
	}
	if !strings.Contains(text, "[REDACTED]") {
		t.Errorf("nothing replaced in %q", text)
	}
}

// A 2xx body cut short is retried, and in the end matches InvalidResponse.
func TestDoBodyCutShort(t *testing.T) {
	t.Parallel()
	var hits atomic.Int32
	d, srv, _ := setup(t, func(w http.ResponseWriter, r *http.Request) {
		hits.Add(1)
		w.Header().Set("Content-Type", "application/json")
		w.Header().Set("Content-Length", "100")
		io.WriteString(w, `{"data":[`)
	})
	_, err := d.Do(request(t, http.MethodGet, srv.URL+"/x", ""))
	if !errors.Is(err, errInvalid) || !errors.Is(err, ErrCutShort) || hits.Load() != 5 {
		t.Fatalf("err %v after %d attempts", err, hits.Load())
	}
}

// GETs wait for the rate budget (a window and its margin); writes do not.
func TestDoWaitsForTheBudget(t *testing.T) {
	t.Parallel()
	var hits atomic.Int32
	d, srv, fc := setup(t, statusThenOK(&hits, `{}`))
	d.Limit = ratebudget.New(2, time.Second)
	for range 2 {
		if _, err := d.Do(request(t, http.MethodPost, srv.URL+"/x", `{}`)); err != nil {
			t.Fatal(err)
		}
	}
	for range 3 {
		if _, err := d.Do(request(t, http.MethodGet, srv.URL+"/x", "")); err != nil {
			t.Fatal(err)
		}
	}
	if got, want := fc.slept(), []time.Duration{1050 * time.Millisecond}; !slices.Equal(got, want) {
		t.Errorf("waits %v, want %v (the third GET, a window after the first)", got, want)
	}
}

// transportFunc is an in-memory transport, for tests in a synctest bubble
// (a loopback connection is not durably blocking there).
type transportFunc func(*http.Request) (*http.Response, error)

func (f transportFunc) RoundTrip(r *http.Request) (*http.Response, error) { return f(r) }

// With the real clock the loop really waits its backoff, and a wait that
// would pass the context's deadline is not begun: on the bubble's clock,
// exactly.
func TestDoRealClockWaits(t *testing.T) {
	t.Parallel()
	synctest.Test(t, func(t *testing.T) {
		var hits int
		d := &Doer{
			HC: &http.Client{Transport: transportFunc(func(r *http.Request) (*http.Response, error) {
				hits++
				code, body := http.StatusServiceUnavailable, ""
				if hits == 3 {
					code, body = http.StatusOK, "{}"
				}
				return &http.Response{StatusCode: code, Header: http.Header{"Content-Type": {"application/json"}},
					Body: io.NopCloser(strings.NewReader(body)), ContentLength: int64(len(body)), Request: r}, nil
			})},
			MaxRetries: 4, MaxBody: 1 << 20, Log: slog.New(slog.DiscardHandler), Scrub: scrub.New(),
			BaseDelay: 250 * time.Millisecond, MaxDelay: 8 * time.Second, API: testAPI, Clock: RealClock(),
		}
		d.RandN = func(n int64) int64 { return n - 1 }
		start := time.Now()
		if _, err := d.Do(request(t, http.MethodGet, "http://api.example/x", "")); err != nil {
			t.Fatal(err)
		}
		if took, want := time.Since(start), 750*time.Millisecond-2; took != want || hits != 3 {
			t.Errorf("%d attempts in %s, want 3 in %s", hits, took, want)
		}
		hits = -10 // 503s from now on
		ctx, cancel := context.WithTimeout(t.Context(), 400*time.Millisecond)
		defer cancel()
		start = time.Now()
		req := request(t, http.MethodGet, "http://api.example/x", "").WithContext(ctx)
		_, err := d.Do(req)
		if !errors.Is(err, context.DeadlineExceeded) || time.Since(start) != 250*time.Millisecond-1 {
			t.Errorf("err %v after %s, want the deadline's error after the first wait", err, time.Since(start))
		}
	})
}
