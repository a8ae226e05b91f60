package sclogs

import (
	"bufio"
	"context"
	"encoding/base64"
	"errors"
	"fmt"
	"html"
	"io"
	"net"
	"net/http"
	"net/http/httptest"
	"net/url"
	"reflect"
	"runtime"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/sclogs/sclogs/internal/secrettest"
	"github.com/sclogs/sclogs/sclogstest"
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

// auditClient is a client for srv with fast retries.
func auditClient(t *testing.T, srv *httptest.Server, opts ...Option) *Client {
	t.Helper()
	c, err := NewClient(append([]Option{WithBaseURL(srv.URL + "/api/v3"),
		WithRetryBackoff(time.Millisecond, time.Millisecond)}, opts...)...)
	if err != nil {
		t.Fatal(err)
	}
	return c
}

// onePrefix checks the "sclogs: " prefix is at the front of err, once.
func onePrefix(t *testing.T, what string, err error) {
	t.Helper()
	if err == nil {
		t.Fatalf("%s: no error", what)
	}
	msg := err.Error()
	if !strings.HasPrefix(msg, "sclogs: ") || strings.Count(msg, "sclogs:") != 1 {
		t.Errorf("%s: prefix not once at the front: %q", what, msg)
	}
}

// allMethods calls every exported method that talks to the server and
// returns the errors by name.
func allMethods(ctx context.Context, c *Client) map[string]error {
	out := map[string]error{}
	_, out["ListLogs"] = c.ListLogs(ctx, 7, nil)
	_, out["ListAllLogs"] = c.ListAllLogs(ctx, nil)
	for _, err := range c.Logs(ctx, 7, nil) {
		if err != nil {
			out["Logs"] = err
		}
	}
	for _, err := range c.LogPages(ctx, 7, &ListOptions{Prefetch: 2}) {
		if err != nil {
			out["LogPages"] = err
		}
	}
	for _, err := range c.AllLogs(ctx, nil) {
		if err != nil {
			out["AllLogs"] = err
		}
	}
	_, out["ListIntegrations"] = c.ListIntegrations(ctx, nil)
	_, out["GetIntegration"] = c.GetIntegration(ctx, 7)
	_, out["CreateLog"] = c.CreateLog(ctx, 7, LogCreate{BaseURL: "https://shop.example"})
	out["UpdateIntegration"] = c.UpdateIntegration(ctx, 7, IntegrationUpdate{})
	out["DeleteIntegration"] = c.DeleteIntegration(ctx, 7)
	return out
}

// rawServer accepts connections on 127.0.0.1 and hands each to h after
// reading the request head.
func rawServer(t *testing.T, h func(c net.Conn, req *http.Request)) string {
	t.Helper()
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	var wg sync.WaitGroup
	done := make(chan struct{})
	var mu sync.Mutex
	var conns []net.Conn
	wg.Add(1)
	go func() {
		defer wg.Done()
		for {
			c, err := ln.Accept()
			if err != nil {
				return
			}
			mu.Lock()
			conns = append(conns, c)
			mu.Unlock()
			wg.Add(1)
			go func() {
				defer wg.Done()
				defer c.Close()
				req, err := http.ReadRequest(bufio.NewReader(c))
				if err != nil {
					return
				}
				select {
				case <-done:
					return
				default:
				}
				h(c, req)
			}()
		}
	}()
	t.Cleanup(func() {
		close(done)
		ln.Close()
		mu.Lock()
		for _, c := range conns {
			c.Close()
		}
		mu.Unlock()
		wg.Wait()
	})
	return "http://" + ln.Addr().String()
}

func rawClient(t *testing.T, base string, opts ...Option) *Client {
	t.Helper()
	c, err := NewClient(append([]Option{WithBaseURL(base + "/api/v3"),
		WithRetryBackoff(time.Millisecond, time.Millisecond)}, opts...)...)
	if err != nil {
		t.Fatal(err)
	}
	return c
}

// hit is one request as a server saw it.
type hit struct {
	method, path, body, auth string
}

type recorder struct {
	mu   sync.Mutex
	hits []hit
}

func (r *recorder) add(req *http.Request) hit {
	b, _ := io.ReadAll(req.Body)
	h := hit{req.Method, req.URL.Path, string(b), req.Header.Get("Authorization")}
	r.mu.Lock()
	r.hits = append(r.hits, h)
	r.mu.Unlock()
	return h
}

func (r *recorder) list() []hit {
	r.mu.Lock()
	defer r.mu.Unlock()
	return append([]hit(nil), r.hits...)
}

const auditSecret = "s3cr3t/Val+ue=x&y"

// echoForms are the forms a hostile server echoes a secret in.
func echoForms(s string) []string {
	var u, h, hx strings.Builder
	for _, r := range s {
		fmt.Fprintf(&u, `\u%04x`, r)
		fmt.Fprintf(&h, "&#%d;", r)
		fmt.Fprintf(&hx, "&#x%X;", r)
	}
	return []string{s, url.QueryEscape(s), url.PathEscape(s), u.String(), h.String(), hx.String(),
		html.EscapeString(s), strings.ReplaceAll(s, "/", `\/`),
		base64.StdEncoding.EncodeToString([]byte(s)), base64.RawURLEncoding.EncodeToString([]byte(s)),
		strings.ToUpper(url.QueryEscape(s)), strings.ToLower(url.QueryEscape(s)),
		url.QueryEscape(url.QueryEscape(s)),
	}
}

// showsSecret reports whether text holds secret as sent, URL-encoded or in
// base64.
func showsSecret(text, secret string) bool {
	return strings.Contains(text, secret) || strings.Contains(text, url.QueryEscape(secret)) ||
		strings.Contains(text, base64.StdEncoding.EncodeToString([]byte(secret))) ||
		strings.Contains(text, strings.TrimRight(base64.StdEncoding.EncodeToString([]byte(secret)), "="))
}

func errText(err error) string {
	var b strings.Builder
	b.WriteString(err.Error())
	var apiErr *APIError
	if errors.As(err, &apiErr) {
		b.Write(apiErr.Body)
		b.WriteString(apiErr.RequestID)
		for _, o := range apiErr.Errors {
			fmt.Fprintf(&b, "%+v", o)
		}
		for k, vs := range apiErr.Header {
			b.WriteString(k + strings.Join(vs, ","))
		}
	}
	return b.String()
}

// dumpStrings collects every string and byte slice reachable from v, as a
// reflection-based dumper (go-spew, a test library's diff) prints them.
func dumpStrings(v reflect.Value, seen map[uintptr]bool, out *strings.Builder) {
	switch v.Kind() {
	case reflect.Pointer:
		if v.IsNil() || seen[v.Pointer()] {
			return
		}
		seen[v.Pointer()] = true
		dumpStrings(v.Elem(), seen, out)
	case reflect.Interface:
		if !v.IsNil() {
			dumpStrings(v.Elem(), seen, out)
		}
	case reflect.Struct:
		for i := range v.NumField() {
			dumpStrings(v.Field(i), seen, out)
		}
	case reflect.Slice, reflect.Array:
		if v.Kind() == reflect.Slice && v.Type().Elem().Kind() == reflect.Uint8 {
			out.Write(v.Bytes())
			return
		}
		for i := range v.Len() {
			dumpStrings(v.Index(i), seen, out)
		}
	case reflect.Map:
		for _, k := range v.MapKeys() {
			dumpStrings(k, seen, out)
			dumpStrings(v.MapIndex(k), seen, out)
		}
	case reflect.String:
		out.WriteString(v.String())
	}
}

// secretForms is every form in which a test server echoes a secret; pair is
// the user:password pair the client sends in HTTP Basic.
func secretForms(s, pair string) map[string]string {
	forms := secrettest.Forms(s)
	forms["basic pair"] = base64.StdEncoding.EncodeToString([]byte(pair))
	return forms
}

// leaks reports which forms of secret are in text.
func leaks(text, secret, pair string) []string {
	var out []string
	for name, f := range secretForms(secret, pair) {
		if strings.Contains(text, f) {
			out = append(out, name)
		}
	}
	if strings.Contains(text, secret) {
		out = append(out, "raw")
	}
	return out
}

const trickySecret = `s3cr/t<&>"é+ x`

// jsonString escapes s for use inside a JSON string literal.
func jsonString(s string) string {
	return strings.NewReplacer(`\`, `\\`, `"`, `\"`).Replace(s)
}

// json writes body as a JSON 200 answer.
func jsonAnswer(body string) func(http.ResponseWriter, *http.Request) {
	return func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "application/json")
		fmt.Fprint(w, body)
	}
}

func fakeClient(t *testing.T, srv *sclogstest.Server, opts ...Option) (*Client, *fakeClock) {
	t.Helper()
	c, err := NewClient(append([]Option{WithBaseURL(srv.URL())}, opts...)...)
	if err != nil {
		t.Fatal(err)
	}
	clock := newFakeClock()
	clock.install(c)
	return c, clock
}

func newFake(t *testing.T, opts ...sclogstest.Option) *sclogstest.Server {
	t.Helper()
	srv := sclogstest.NewServer(opts...)
	t.Cleanup(srv.Close)
	return srv
}

func basic() Option {
	return WithBasicAuth(sclogstest.DefaultPublicKey, sclogstest.DefaultSecretKey)
}

// totalAlloc returns the bytes allocated by the process so far.
func totalAlloc() uint64 {
	var m runtime.MemStats
	runtime.ReadMemStats(&m)
	return m.TotalAlloc
}

// tokenServer is an OAuth2 client-credentials endpoint that counts requests.
func tokenServer(t *testing.T, hits *counter) *httptest.Server {
	srv := httptest.NewServer(hits.wrap(func(w http.ResponseWriter, r *http.Request) {
		id, secret, ok := r.BasicAuth()
		if err := r.ParseForm(); err != nil {
			t.Error(err)
		}
		switch {
		case r.Method != http.MethodPost || !ok || id != "cid" || secret != "csecret":
			t.Errorf("token request: %s, basic auth %q %v", r.Method, id, ok)
		case r.PostForm.Get("grant_type") != "client_credentials" || r.PostForm.Get("scope") != "api":
			t.Errorf("token form = %v", r.PostForm)
		case r.PostForm.Has("client_secret"):
			t.Error("client secret sent in the form body")
		}
		w.Header().Set("Content-Type", "application/json")
		_, _ = w.Write([]byte(`{"access_token":"tok-1","token_type":"Bearer","expires_in":3600}`))
	}))
	t.Cleanup(srv.Close)
	return srv
}

type readCloser struct{ *strings.Reader }

func (readCloser) Close() error { return nil }
