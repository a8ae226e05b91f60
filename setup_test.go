package sclogs

import (
	"context"
	"fmt"
	"net/http"
	"net/http/httptest"
	"net/url"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"go.uber.org/goleak"
)

func TestMain(m *testing.M) {
	goleak.VerifyTestMain(m)
}

// basePath is where setup mounts the API: a client that builds URLs from the
// host alone, or drops the last path segment, hits the catch-all and fails.
const basePath = "/api/v3"

// env is one test client and its server.
type env struct {
	c      *Client
	mux    *http.ServeMux // routes relative to basePath, e.g. "GET /integrations/{id}/logs"
	srv    *httptest.Server
	clock  *fakeClock
	stray  atomic.Int32 // requests outside basePath
	prefix string       // srv.URL + basePath
}

// setup starts a server with mux under basePath and a client for it whose
// waits are recorded, never slept. Extra options come after the defaults.
func setup(t *testing.T, opts ...Option) *env {
	t.Helper()
	e := &env{mux: http.NewServeMux(), clock: newFakeClock()}
	root := http.NewServeMux()
	root.Handle(basePath+"/", http.StripPrefix(basePath, e.mux))
	root.HandleFunc("/", func(w http.ResponseWriter, r *http.Request) {
		e.stray.Add(1)
		t.Errorf("request outside %s: %s %s", basePath, r.Method, r.URL.Path)
		http.Error(w, "outside the base path", http.StatusTeapot)
	})
	e.srv = httptest.NewServer(root)
	t.Cleanup(e.srv.Close)
	e.prefix = e.srv.URL + basePath
	c, err := NewClient(append([]Option{WithBaseURL(e.prefix)}, opts...)...)
	if err != nil {
		t.Fatalf("NewClient: %v", err)
	}
	e.clock.install(c)
	e.c = c
	return e
}

// fakeClock stands in for time: now is fixed unless advanced, and sleep
// records the wait, moves now on, and returns at once.
type fakeClock struct {
	mu     sync.Mutex
	t      time.Time
	sleeps []time.Duration
	// onSleep, if set, runs inside sleep (e.g. to cancel the context).
	onSleep func()
}

func newFakeClock() *fakeClock {
	return &fakeClock{t: time.Now().Truncate(time.Second)}
}

func (f *fakeClock) install(c *Client) {
	c.doer.Now = f.now
	c.doer.Sleep = f.sleep
	c.doer.RandN = func(n int64) int64 { return n - 1 } // the top of the jitter range
}

func (f *fakeClock) now() time.Time {
	f.mu.Lock()
	defer f.mu.Unlock()
	return f.t
}

func (f *fakeClock) sleep(ctx context.Context, d time.Duration) error {
	f.mu.Lock()
	f.sleeps = append(f.sleeps, d)
	f.t = f.t.Add(d)
	hook := f.onSleep
	f.mu.Unlock()
	if hook != nil {
		hook()
	}
	return ctx.Err()
}

func (f *fakeClock) slept() []time.Duration {
	f.mu.Lock()
	defer f.mu.Unlock()
	return append([]time.Duration(nil), f.sleeps...)
}

// roundTripFunc is a fake transport for counting attempts and returning
// chosen errors.
type roundTripFunc func(*http.Request) (*http.Response, error)

func (f roundTripFunc) RoundTrip(r *http.Request) (*http.Response, error) { return f(r) }

// counter counts requests to a handler.
type counter struct{ n atomic.Int32 }

func (c *counter) wrap(h http.HandlerFunc) http.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) {
		c.n.Add(1)
		h(w, r)
	}
}

func (c *counter) get() int { return int(c.n.Load()) }

// okJSON answers a small, valid page.
func okJSON(w http.ResponseWriter, _ *http.Request) {
	w.Header().Set("Content-Type", "application/json")
	_, _ = w.Write([]byte(`{"data":[{"id":1,"base_url":"https://shop.example"}]}`))
}

// listLogs makes the generated client's call, through the doer.
func (e *env) listLogs(t *testing.T, ctx context.Context) (*http.Response, error) {
	t.Helper()
	return e.c.raw.ListIntegrationLogs(ctx, 7, nil)
}

// tokens is a token endpoint that hands out tok-1, tok-2, … with the given
// lifetime (0: no expires_in); fail, when set, answers instead while it
// returns true.
type tokens struct {
	srv       *httptest.Server
	hits      counter
	expiresIn int
	fail      func(n int, w http.ResponseWriter) bool
}

func newTokens(t *testing.T, expiresIn int) *tokens {
	tk := &tokens{expiresIn: expiresIn}
	tk.srv = httptest.NewServer(tk.hits.wrap(func(w http.ResponseWriter, r *http.Request) {
		n := tk.hits.get()
		if tk.fail != nil && tk.fail(n, w) {
			return
		}
		w.Header().Set("Content-Type", "application/json")
		body := fmt.Sprintf(`{"access_token":"tok-%d","token_type":"bearer"`, n)
		if tk.expiresIn > 0 {
			body += fmt.Sprintf(`,"expires_in":%d`, tk.expiresIn)
		}
		_, _ = w.Write([]byte(body + "}"))
	}))
	t.Cleanup(tk.srv.Close)
	return tk
}

// options returns the client options for OAuth2 against tk.
func (tk *tokens) options() []Option {
	return []Option{WithOAuth2ClientCredentials("cid", "csecret"), WithTokenURL(tk.srv.URL + "/oauth2/token/")}
}

// hanging is a server whose handlers block until the client goes away or
// the test ends, counting requests.
func hanging(t *testing.T, hits *counter) *httptest.Server {
	done := make(chan struct{})
	srv := httptest.NewServer(hits.wrap(func(w http.ResponseWriter, r *http.Request) {
		select {
		case <-r.Context().Done():
		case <-done:
		}
	}))
	t.Cleanup(func() { close(done); srv.Close() })
	return srv
}

// within fails the test when f does not return within limit: a guard
// against a hang, not a measure of speed.
func within(t *testing.T, limit time.Duration, f func()) {
	t.Helper()
	done := make(chan struct{})
	go func() { defer close(done); f() }()
	select {
	case <-done:
	case <-time.After(limit):
		t.Fatalf("still running after %s", limit)
	}
}

func mustURL(t *testing.T, s string) *url.URL {
	t.Helper()
	u, err := url.Parse(s)
	if err != nil {
		t.Fatal(err)
	}
	return u
}
