package retry

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"net/url"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/sclogs/sclogs/internal/scrub"
)

// The sentinels the test API's errors match, as the root package's would.
var (
	errInvalid      = errors.New("invalid response")
	errRateLimited  = errors.New("rate limited")
	errUnauthorized = errors.New("unauthorized")
)

// statusError is the test API's error for a non-2xx answer, standing in
// for the root package's *APIError.
type statusError struct {
	status   int
	header   http.Header
	body     []byte
	attempts int
}

func (e *statusError) Error() string { return fmt.Sprintf("%d: %s", e.status, e.body) }

type statusAnswer struct{ e *statusError }

func (a statusAnswer) Err() error                { return a.e }
func (a statusAnswer) Status() int               { return a.e.status }
func (a statusAnswer) Header() http.Header       { return a.e.header }
func (a statusAnswer) Body() []byte              { return a.e.body }
func (a statusAnswer) SetAttempts(n int)         { a.e.attempts = n }
func (a statusAnswer) HasCode(string) bool       { return false }
func (a statusAnswer) SetOAuthError(_, _ string) {}

// testAPI is an API of the shape the root package gives.
var testAPI = &API{
	Check: func(resp *http.Response, sc *scrub.Scrubber, _ time.Time) error {
		body, _ := io.ReadAll(io.LimitReader(resp.Body, 1<<20))
		_ = resp.Body.Close()
		h := resp.Header.Clone()
		sc.Header(h)
		return &statusError{status: resp.StatusCode, header: h, body: sc.Bytes(body)}
	},
	Answer: func(err error) Answer {
		var e *statusError
		if errors.As(err, &e) {
			return statusAnswer{e}
		}
		return nil
	},
	Text:            func(err error) string { return err.Error() },
	EndsEarly:       func(b []byte) bool { return !json.Valid(b) },
	InvalidResponse: errInvalid, RateLimited: errRateLimited, Unauthorized: errUnauthorized,
}

// fakeClock records the loop's waits instead of sleeping them.
type fakeClock struct {
	mu     sync.Mutex
	now    time.Time
	sleeps []time.Duration
}

func (f *fakeClock) clock() *Clock {
	return &Clock{
		Now: func() time.Time { f.mu.Lock(); defer f.mu.Unlock(); return f.now },
		Sleep: func(ctx context.Context, d time.Duration) error {
			f.mu.Lock()
			defer f.mu.Unlock()
			f.sleeps, f.now = append(f.sleeps, d), f.now.Add(d)
			return ctx.Err()
		},
		RandN: func(n int64) int64 { return n - 1 }, // the top of the jitter range
	}
}

func (f *fakeClock) slept() []time.Duration {
	f.mu.Lock()
	defer f.mu.Unlock()
	return append([]time.Duration(nil), f.sleeps...)
}

// setup starts a loopback server with h and a Doer for it whose waits are
// recorded, never slept: Basic credentials for the server's origin, the
// default backoff, 4 retries.
func setup(t *testing.T, h http.HandlerFunc) (*Doer, *httptest.Server, *fakeClock) {
	t.Helper()
	srv := httptest.NewServer(h)
	t.Cleanup(srv.Close)
	origin, err := url.Parse(srv.URL)
	if err != nil {
		t.Fatal(err)
	}
	fc := &fakeClock{now: time.Unix(1_000_000, 0)}
	auth := NewBasic("pub", "s3cr3t-key")
	d := &Doer{
		HC: WithRedirectPolicy(srv.Client(), origin), MaxRetries: 4, MaxWait: 2 * time.Minute, MaxBody: 1 << 20,
		Log: slog.New(slog.DiscardHandler), Auth: auth, AuthOrigin: origin,
		Scrub: scrub.New(scrub.CredentialForms(string(auth))...), BaseDelay: 250 * time.Millisecond, MaxDelay: 8 * time.Second,
		API: testAPI, Clock: fc.clock(),
	}
	return d, srv, fc
}

// request makes a request to srv's path.
func request(t *testing.T, method, u, body string) *http.Request {
	t.Helper()
	var r io.Reader
	if body != "" {
		r = strings.NewReader(body)
	}
	req, err := http.NewRequestWithContext(t.Context(), method, u, r)
	if err != nil {
		t.Fatal(err)
	}
	return req
}
