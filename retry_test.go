package sclogs

import (
	"context"
	"crypto/x509"
	"errors"
	"fmt"
	"io"
	"log"
	"log/slog"
	"net"
	"net/http"
	"net/http/httptest"
	"os"
	"slices"
	"strings"
	"sync"
	"sync/atomic"
	"syscall"
	"testing"
	"time"

	"github.com/sclogs/sclogs/internal/retry"
	"github.com/sclogs/sclogs/sclogstest"
)

// failThenOK answers status (with Retry-After ra, if set) n times, then a page.
func failThenOK(hits *counter, n, status int, ra string) http.HandlerFunc {
	return hits.wrap(func(w http.ResponseWriter, r *http.Request) {
		if hits.get() <= n {
			if ra != "" {
				w.Header().Set("Retry-After", ra)
			}
			w.Header().Set("X-Request-Id", fmt.Sprintf("req-%d", hits.get()))
			http.Error(w, "try later", status)
			return
		}
		okJSON(w, r)
	})
}

func TestRetryStatuses(t *testing.T) {
	t.Parallel()
	for _, status := range []int{408, 429, 500, 502, 503, 504} {
		t.Run(fmt.Sprint(status), func(t *testing.T) {
			e := setup(t)
			var hits counter
			e.mux.HandleFunc("GET /integrations/{id}/logs", failThenOK(&hits, 2, status, ""))
			resp, err := e.listLogs(t, t.Context())
			if err != nil {
				t.Fatalf("err = %v", err)
			}
			_ = resp.Body.Close()
			if hits.get() != 3 || len(e.clock.slept()) != 2 {
				t.Errorf("%d requests, %d waits; want 3 and 2", hits.get(), len(e.clock.slept()))
			}
		})
	}
	for status, sentinel := range map[int]error{400: nil, 401: ErrUnauthorized, 403: ErrForbidden, 404: ErrNotFound, 409: nil, 422: nil} {
		t.Run(fmt.Sprint(status), func(t *testing.T) {
			e := setup(t)
			var hits counter
			e.mux.HandleFunc("GET /integrations/{id}/logs", failThenOK(&hits, 5, status, "1"))
			_, err := e.listLogs(t, t.Context())
			var apiErr *APIError
			if !errors.As(err, &apiErr) || apiErr.StatusCode != status || apiErr.Attempts != 1 {
				t.Fatalf("err = %v, want an *APIError %d after 1 attempt", err, status)
			}
			if sentinel != nil && !errors.Is(err, sentinel) {
				t.Errorf("errors.Is(%v, %v) = false", err, sentinel)
			}
			if hits.get() != 1 || len(e.clock.slept()) != 0 {
				t.Errorf("%d requests, %d waits; want 1 and 0", hits.get(), len(e.clock.slept()))
			}
		})
	}
}

// fakeTransport counts attempts and answers with next(attempt).
func fakeTransport(attempts *int, next func(n int) (*http.Response, error)) *http.Client {
	return &http.Client{Transport: roundTripFunc(func(r *http.Request) (*http.Response, error) {
		*attempts++
		return next(*attempts)
	})}
}

func status(code int, h http.Header) *http.Response {
	if h == nil {
		h = http.Header{}
	}
	return &http.Response{StatusCode: code, Header: h, Body: io.NopCloser(strings.NewReader("down"))}
}

func TestAttemptCount(t *testing.T) {
	t.Parallel()
	for _, retries := range []int{0, 1, 3} {
		attempts := 0
		hc := fakeTransport(&attempts, func(int) (*http.Response, error) {
			return status(503, http.Header{"X-Request-Id": {"rid-7"}}), nil
		})
		e := setup(t, WithHTTPClient(hc), WithMaxRetries(retries))
		_, err := e.listLogs(t, t.Context())
		var apiErr *APIError
		if !errors.As(err, &apiErr) || apiErr.Attempts != retries+1 || apiErr.RequestID != "rid-7" {
			t.Fatalf("retries %d: err = %#v", retries, err)
		}
		if attempts != retries+1 {
			t.Errorf("retries %d: %d attempts", retries, attempts)
		}
		if retries > 0 && !strings.Contains(err.Error(), fmt.Sprintf("giving up after %d attempts", retries+1)) {
			t.Errorf("error %q does not count the attempts", err)
		}
		if !strings.Contains(err.Error(), "rid-7") {
			t.Errorf("error %q lacks the request ID", err)
		}
	}
}

func TestRetryTransportErrors(t *testing.T) {
	t.Parallel()
	netErr := func(err error) error {
		return &net.OpError{Op: "dial", Net: "tcp", Err: os.NewSyscallError("connect", err)}
	}
	tests := []struct {
		name  string
		err   error
		retry bool
	}{
		{"connection reset", netErr(syscall.ECONNRESET), true},
		{"connection refused", netErr(syscall.ECONNREFUSED), true},
		{"unexpected EOF", io.ErrUnexpectedEOF, true},
		{"timeout", &net.DNSError{Err: "i/o timeout", IsTimeout: true}, true},
		{"unknown authority", &tlsVerifyErr{x509.UnknownAuthorityError{}}, false},
		{"hostname", x509.HostnameError{Host: "x"}, false},
		{"something else", errors.New("unsupported protocol scheme"), false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			attempts := 0
			hc := fakeTransport(&attempts, func(n int) (*http.Response, error) {
				if n == 1 {
					return nil, tt.err
				}
				return &http.Response{StatusCode: 200, Header: http.Header{"Content-Type": {"application/json"}},
					Body: io.NopCloser(strings.NewReader(`{"data":[]}`))}, nil
			})
			e := setup(t, WithHTTPClient(hc))
			resp, err := e.listLogs(t, t.Context())
			if tt.retry {
				if err != nil || attempts != 2 {
					t.Fatalf("err = %v after %d attempts; want success on the second", err, attempts)
				}
				_ = resp.Body.Close()
				return
			}
			if err == nil || attempts != 1 || len(e.clock.slept()) != 0 {
				t.Fatalf("err = %v after %d attempts; want an error after 1", err, attempts)
			}
		})
	}
}

// tlsVerifyErr wraps like *tls.CertificateVerificationError does.
type tlsVerifyErr struct{ err error }

func (e *tlsVerifyErr) Error() string { return "tls: " + e.err.Error() }
func (e *tlsVerifyErr) Unwrap() error { return e.err }

func TestCertificateErrorNotRetried(t *testing.T) {
	t.Parallel()
	srv := httptest.NewUnstartedServer(http.HandlerFunc(okJSON))
	srv.Config.ErrorLog = log.New(io.Discard, "", 0) // the handshake failure is expected
	srv.StartTLS()
	defer srv.Close()
	attempts := 0
	tr := &http.Transport{}
	defer tr.CloseIdleConnections()
	hc := &http.Client{Transport: roundTripFunc(func(r *http.Request) (*http.Response, error) {
		attempts++
		return tr.RoundTrip(r) // does not trust the test certificate
	})}
	c, err := NewClient(WithBaseURL(srv.URL+basePath), WithHTTPClient(hc))
	if err != nil {
		t.Fatal(err)
	}
	newFakeClock().install(c)
	_, err = c.raw.ListIntegrationLogs(t.Context(), 7, nil)
	var unknownCA x509.UnknownAuthorityError
	if !errors.As(err, &unknownCA) || attempts != 1 {
		t.Fatalf("err = %v after %d attempts; want a certificate error after 1", err, attempts)
	}
}

func TestRetryDroppedFreshConnection(t *testing.T) {
	t.Parallel()
	e := setup(t)
	// No keep-alive: every attempt dials, so net/http never resends on its own.
	tr := &http.Transport{DisableKeepAlives: true}
	t.Cleanup(tr.CloseIdleConnections)
	e.c.doer.HC.Transport = tr
	var hits counter
	e.mux.HandleFunc("GET /integrations/{id}/logs", hits.wrap(func(w http.ResponseWriter, r *http.Request) {
		if hits.get() == 1 {
			conn, _, err := http.NewResponseController(w).Hijack()
			if err != nil {
				t.Error(err)
				return
			}
			_ = conn.Close() // no response at all
			return
		}
		okJSON(w, r)
	}))
	resp, err := e.listLogs(t, t.Context())
	if err != nil {
		t.Fatalf("err = %v", err)
	}
	_ = resp.Body.Close()
	if hits.get() != 2 {
		t.Errorf("%d requests, want 2", hits.get())
	}
}

func TestRetryBodyCutShort(t *testing.T) {
	t.Parallel()
	cuts := map[string]func(w http.ResponseWriter){
		// Content-Length promises more than arrives.
		"content-length": func(w http.ResponseWriter) {
			w.Header().Set("Content-Type", "application/json")
			w.Header().Set("Content-Length", "1000")
			_, _ = w.Write([]byte(`{"data":[{"id":1,`))
		},
		// No length: the connection closes mid-JSON, which net/http sees as a clean end.
		"close-delimited": func(w http.ResponseWriter) {
			conn, buf, _ := http.NewResponseController(w).Hijack()
			_, _ = buf.WriteString("HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nConnection: close\r\n\r\n{\"data\":[{\"id\":1,")
			_ = buf.Flush()
			_ = conn.Close()
		},
	}
	for name, cut := range cuts {
		t.Run(name, func(t *testing.T) {
			e := setup(t)
			var hits counter
			e.mux.HandleFunc("GET /integrations/{id}/logs", hits.wrap(func(w http.ResponseWriter, r *http.Request) {
				if hits.get() == 1 {
					cut(w)
					return
				}
				okJSON(w, r)
			}))
			resp, err := e.listLogs(t, t.Context())
			if err != nil {
				t.Fatalf("err = %v", err)
			}
			_ = resp.Body.Close()
			if hits.get() != 2 {
				t.Errorf("%d requests, want 2", hits.get())
			}
		})
	}
}

func TestBodyTooLargeNotRetried(t *testing.T) {
	t.Parallel()
	e := setup(t)
	e.c.doer.MaxBody = 1 << 20
	var hits counter
	e.mux.HandleFunc("GET /integrations/{id}/logs", hits.wrap(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "application/json")
		_, _ = w.Write([]byte(`{"data":"` + strings.Repeat("x", 2<<20) + `"}`))
	}))
	_, err := e.listLogs(t, t.Context())
	if !errors.Is(err, retry.ErrBodyTooLarge) || !strings.Contains(err.Error(), "1 MiB") || hits.get() != 1 {
		t.Fatalf("err = %v after %d requests", err, hits.get())
	}
}

func TestPerAttemptTimeout(t *testing.T) {
	t.Parallel()
	e := setup(t)
	// The http.Client's Timeout is per attempt: the doer calls Do once per attempt.
	e.c.doer.HC.Timeout = 100 * time.Millisecond
	var hits counter
	e.mux.HandleFunc("GET /integrations/{id}/logs", hits.wrap(func(w http.ResponseWriter, r *http.Request) {
		if hits.get() == 1 {
			<-r.Context().Done() // until the client gives up on this attempt
			return
		}
		okJSON(w, r)
	}))
	resp, err := e.listLogs(t, t.Context())
	if err != nil {
		t.Fatalf("err = %v", err)
	}
	_ = resp.Body.Close()
	if hits.get() != 2 {
		t.Errorf("%d requests, want 2", hits.get())
	}
}

func TestRetryAfter(t *testing.T) {
	t.Parallel()
	clock := newFakeClock()
	tests := map[string]struct {
		header string
		want   time.Duration
	}{
		"seconds":   {"7", 7 * time.Second},
		"http-date": {clock.now().Add(30 * time.Second).UTC().Format(http.TimeFormat), 30 * time.Second},
		// 0 or a past date is no reason to hurry: the backoff still applies
		// (top of the jitter range: 250ms).
		"past date": {clock.now().Add(-time.Hour).UTC().Format(http.TimeFormat), 250*time.Millisecond - 1},
		"zero":      {"0", 250*time.Millisecond - 1},
		// Not a valid value: the backoff applies (top of the jitter range: 250ms).
		"garbage": {"soon", 250*time.Millisecond - 1},
	}
	for name, tt := range tests {
		t.Run(name, func(t *testing.T) {
			e := setup(t)
			e.clock.t = clock.t
			var hits counter
			e.mux.HandleFunc("GET /integrations/{id}/logs", failThenOK(&hits, 1, 429, tt.header))
			resp, err := e.listLogs(t, t.Context())
			if err != nil {
				t.Fatal(err)
			}
			_ = resp.Body.Close()
			if got := e.clock.slept(); !slices.Equal(got, []time.Duration{tt.want}) {
				t.Errorf("waits = %v, want [%v]", got, tt.want)
			}
		})
	}
}

func TestRetryAfterTooLong(t *testing.T) {
	t.Parallel()
	for _, code := range []int{429, 503} {
		for _, ra := range []string{"3600", time.Now().Add(2 * time.Hour).UTC().Format(http.TimeFormat)} {
			e := setup(t)
			var hits counter
			e.mux.HandleFunc("GET /integrations/{id}/logs", failThenOK(&hits, 1, code, ra))
			_, err := e.listLogs(t, t.Context())
			var apiErr *APIError
			if !errors.Is(err, ErrRateLimited) || !errors.As(err, &apiErr) || apiErr.StatusCode != code {
				t.Fatalf("%d Retry-After %s: err = %v, want ErrRateLimited and an *APIError", code, ra, err)
			}
			if hits.get() != 1 || len(e.clock.slept()) != 0 {
				t.Errorf("%d requests, waits %v; want 1 and none", hits.get(), e.clock.slept())
			}
		}
	}
}

func TestDeadlineBeforeWait(t *testing.T) {
	t.Parallel()
	e := setup(t)
	ctx, cancel := context.WithDeadline(t.Context(), e.clock.now().Add(5*time.Second))
	defer cancel()
	var hits counter
	e.mux.HandleFunc("GET /integrations/{id}/logs", failThenOK(&hits, 1, 503, "30"))
	_, err := e.listLogs(t, ctx)
	var apiErr *APIError
	if !errors.Is(err, context.DeadlineExceeded) || !errors.As(err, &apiErr) || apiErr.StatusCode != 503 {
		t.Fatalf("err = %v", err)
	}
	if hits.get() != 1 || len(e.clock.slept()) != 0 {
		t.Errorf("%d requests, waits %v; want 1 and none", hits.get(), e.clock.slept())
	}
}

func TestCancelStopsRetrying(t *testing.T) {
	t.Parallel()
	e := setup(t)
	ctx, cancel := context.WithCancel(t.Context())
	defer cancel()
	e.clock.onSleep = cancel
	var hits counter
	e.mux.HandleFunc("GET /integrations/{id}/logs", failThenOK(&hits, 10, 502, ""))
	_, err := e.listLogs(t, ctx)
	if !errors.Is(err, context.Canceled) || hits.get() != 1 || !strings.Contains(err.Error(), "stopped after 1 attempt") {
		t.Fatalf("err = %v after %d requests", err, hits.get())
	}
	// Already cancelled: no request at all.
	_, err = e.listLogs(t, ctx)
	if !errors.Is(err, context.Canceled) || hits.get() != 1 {
		t.Fatalf("err = %v after %d requests", err, hits.get())
	}
}

func TestDeadlineDuringAttempt(t *testing.T) {
	t.Parallel()
	e := setup(t)
	ctx, cancel := context.WithTimeout(t.Context(), 50*time.Millisecond)
	defer cancel()
	var hits counter
	e.mux.HandleFunc("GET /integrations/{id}/logs", hits.wrap(func(w http.ResponseWriter, r *http.Request) {
		<-r.Context().Done() // until the client's context ends
	}))
	_, err := e.listLogs(t, ctx)
	// A context deadline is a timeout to net/http, but not one to retry.
	if !errors.Is(err, context.DeadlineExceeded) || hits.get() != 1 || len(e.clock.slept()) != 0 {
		t.Fatalf("err = %v after %d requests, waits %v", err, hits.get(), e.clock.slept())
	}
}

func TestFinalErrorHasNoSecrets(t *testing.T) {
	t.Parallel()
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	addr := ln.Addr().String()
	_ = ln.Close() // nothing listens: connection refused
	e := setup(t, WithMaxRetries(2))
	_, err = e.c.get(t.Context(), mustURL(t, "http://"+addr+"/p?cursor=c&access_token=tok-s3cr3t"))
	if err == nil || strings.Contains(err.Error(), "s3cr3t") || !strings.Contains(err.Error(), "giving up after 3 attempts") {
		t.Fatalf("err = %v", err)
	}
	if !errors.Is(err, syscall.ECONNREFUSED) {
		t.Errorf("err = %v, want ECONNREFUSED inside", err)
	}
}

// With the real timer, a wait ends as soon as the context is cancelled: the
// server asks for 60 s and the caller cancels once the wait has begun. The
// guard only catches a wait that ignores the context; it is not a timing
// assertion.
func TestWaitEndsWhenContextDone(t *testing.T) {
	t.Parallel()
	const guard = 10 * time.Second
	e := setup(t)
	waiting := make(chan time.Duration, 1)
	real := retry.RealClock().Sleep
	e.c.doer.Sleep = func(ctx context.Context, d time.Duration) error {
		waiting <- d
		return real(ctx, d)
	}
	var hits counter
	e.mux.HandleFunc("GET /integrations/{id}/logs", failThenOK(&hits, 5, 503, "60"))
	ctx, cancel := context.WithCancel(t.Context())
	defer cancel()
	done := make(chan error, 1)
	go func() {
		_, err := e.c.raw.ListIntegrationLogs(ctx, 7, nil)
		done <- err
	}()
	select {
	case d := <-waiting:
		if d != 60*time.Second {
			t.Errorf("waiting %v, want the server's Retry-After of 60s", d)
		}
	case <-time.After(guard):
		t.Fatal("the client never started to wait")
	}
	cancel()
	select {
	case err := <-done:
		if !errors.Is(err, context.Canceled) || hits.get() != 1 {
			t.Fatalf("err = %v after %d requests, want context.Canceled after 1", err, hits.get())
		}
	case <-time.After(guard):
		t.Fatal("the wait did not end when the context was cancelled")
	}
}

func TestCancelInBackoff(t *testing.T) {
	t.Parallel()
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Retry-After", "30")
		w.WriteHeader(503)
	}))
	defer srv.Close()
	c := auditClient(t, srv)
	ctx, cancel := context.WithCancel(context.Background())
	time.AfterFunc(200*time.Millisecond, cancel)
	start := time.Now()
	_, err := c.ListLogs(ctx, 7, nil)
	var apiErr *APIError
	if !errors.Is(err, context.Canceled) || !errors.As(err, &apiErr) || apiErr.StatusCode != 503 {
		t.Errorf("%v", err)
	}
	if apiErr != nil && apiErr.RetryAfter != 30*time.Second {
		t.Errorf("RetryAfter %v", apiErr.RetryAfter)
	}
	onePrefix(t, "cancel", err)
	if time.Since(start) > 2*time.Second {
		t.Errorf("took %s", time.Since(start))
	}
	// deadline
	ctx2, cancel2 := context.WithTimeout(context.Background(), 500*time.Millisecond)
	defer cancel2()
	_, err = c.ListLogs(ctx2, 7, nil)
	if !errors.Is(err, context.DeadlineExceeded) || !errors.As(err, &apiErr) {
		t.Errorf("deadline: %v", err)
	}
	onePrefix(t, "deadline", err)
	// every method
	ctx3, cancel3 := context.WithCancel(context.Background())
	time.AfterFunc(100*time.Millisecond, cancel3)
	for m, err := range allMethods(ctx3, c) {
		if !errors.Is(err, context.Canceled) {
			t.Errorf("%s: %v", m, err)
		}
		onePrefix(t, m, err)
	}
}

func TestRetryAfterValues(t *testing.T) {
	t.Parallel()
	for _, ra := range []string{"0", "-5", "garbage", "Thu, 01 Jan 1970 00:00:00 GMT", "99999999999999999999", "3600", "1e3", " 1 "} {
		t.Run(ra, func(t *testing.T) {
			var n atomic.Int32
			srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
				n.Add(1)
				w.Header().Set("Retry-After", ra)
				w.WriteHeader(429)
			}))
			defer srv.Close()
			// Without the rate budget: this is about reading Retry-After; with it,
			// a second 429 makes the next attempt wait for the window
			// (TestRepeated429WaitsForTheWindow).
			c := auditClient(t, srv, WithMaxRetries(2), WithRateLimit(0, 0))
			start := time.Now()
			_, err := c.ListLogs(context.Background(), 7, nil)
			t.Logf("%d attempts %s: %v", n.Load(), time.Since(start), err)
			onePrefix(t, ra, err)
			var apiErr *APIError
			if !errors.As(err, &apiErr) || !errors.Is(err, ErrRateLimited) {
				t.Errorf("%v", err)
			}
			if time.Since(start) > 5*time.Second {
				t.Errorf("slow")
			}
		})
	}
	// Retry-After on a 200 is ignored
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Retry-After", "3600")
		w.Header().Set("Content-Type", "application/json")
		w.Write([]byte(`{"data":[]}`))
	}))
	defer srv.Close()
	if _, err := auditClient(t, srv).ListLogs(context.Background(), 7, nil); err != nil {
		t.Error(err)
	}
}

// A Retry-After of more digits than an int64 holds is a very long wait
// (give up now), not garbage to retry at once.
func TestRetryAfterOverflow(t *testing.T) {
	t.Parallel()
	var n atomic.Int32
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		n.Add(1)
		w.Header().Set("Retry-After", "99999999999999999999")
		w.WriteHeader(503)
	}))
	defer srv.Close()
	_, err := auditClient(t, srv).ListLogs(context.Background(), 7, nil)
	var apiErr *APIError
	if n.Load() != 1 || !errors.As(err, &apiErr) || apiErr.RetryAfter < time.Hour {
		t.Errorf("%d attempts, %v", n.Load(), err)
	}
	onePrefix(t, "overflow", err)
}

// recordHandler keeps the records it is given.
type recordHandler struct {
	mu      sync.Mutex
	records []slog.Record
}

func (h *recordHandler) Enabled(context.Context, slog.Level) bool { return true }

func (h *recordHandler) Handle(_ context.Context, r slog.Record) error {
	h.mu.Lock()
	defer h.mu.Unlock()
	h.records = append(h.records, r)
	return nil
}

func (h *recordHandler) WithAttrs([]slog.Attr) slog.Handler { return h }

func (h *recordHandler) WithGroup(string) slog.Handler { return h }

// The attempt records keep the shape WithLogger documents: one per attempt,
// status an int, delay only when a retry follows.
func TestLoggerAttemptRecords(t *testing.T) {
	t.Parallel()
	var n atomic.Int32
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if n.Add(1) == 1 {
			w.WriteHeader(http.StatusTooManyRequests)
			return
		}
		w.Header().Set("Content-Type", "application/json")
		_, _ = w.Write([]byte(`{"data":[]}`))
	}))
	defer srv.Close()
	h := &recordHandler{}
	c, err := NewClient(WithBaseURL(srv.URL), WithLogger(slog.New(h)), WithRetryBackoff(time.Millisecond, time.Millisecond))
	if err != nil {
		t.Fatal(err)
	}
	if _, err := c.ListIntegrations(context.Background(), nil); err != nil {
		t.Fatal(err)
	}
	type attempt struct {
		status   int64
		delay    bool
		attempts int64
	}
	var got []attempt
	for _, r := range h.records {
		if r.Message != "sclogs: http attempt" {
			continue
		}
		var a attempt
		r.Attrs(func(at slog.Attr) bool {
			switch at.Key {
			case "status":
				a.status = at.Value.Int64()
			case "delay":
				a.delay = true
			case "attempt":
				a.attempts = at.Value.Int64()
			}
			return true
		})
		got = append(got, a)
	}
	want := []attempt{{429, true, 1}, {200, false, 2}}
	if len(got) != len(want) || got[0] != want[0] || got[1] != want[1] {
		t.Errorf("attempt records %+v, want %+v", got, want)
	}
}

// A server that never sends headers, or drips its body a byte at a time,
// ends each attempt at the per-attempt timeout; the attempt is retried like
// any timeout and the error says what happened.
func TestAttemptTimeoutEndsHangs(t *testing.T) {
	t.Parallel()
	tests := map[string]http.HandlerFunc{
		"no headers": func(w http.ResponseWriter, r *http.Request) { <-r.Context().Done() },
		"slow drip": func(w http.ResponseWriter, r *http.Request) {
			w.Header().Set("Content-Type", "application/json")
			w.Header().Set("Content-Length", "1000")
			w.WriteHeader(http.StatusOK)
			for {
				if _, err := w.Write([]byte(" ")); err != nil {
					return
				}
				w.(http.Flusher).Flush()
				select {
				case <-r.Context().Done():
					return
				case <-time.After(10 * time.Millisecond):
				}
			}
		},
	}
	for name, h := range tests {
		t.Run(name, func(t *testing.T) {
			e := setup(t, WithTimeout(100*time.Millisecond), WithMaxRetries(2))
			var hits counter
			e.mux.HandleFunc("GET /integrations/{id}/logs", hits.wrap(h))
			var err error
			within(t, 30*time.Second, func() { _, err = e.c.ListLogs(t.Context(), 7, nil) })
			var netErr net.Error
			if !errors.As(err, &netErr) || !netErr.Timeout() || !strings.Contains(err.Error(), "per-attempt timeout of 100ms") {
				t.Fatalf("err = %v, want a per-attempt timeout", err)
			}
			if hits.get() != 3 || len(e.clock.slept()) != 2 {
				t.Errorf("%d attempts, %d waits; want 3, 2", hits.get(), len(e.clock.slept()))
			}
		})
	}
}

// The waits of one request together stay within DefaultMaxWait: past it the
// request fails with the last answer.
func TestWaitBudget(t *testing.T) {
	t.Parallel()
	e := setup(t, WithMaxRetries(100))
	var hits counter
	e.mux.HandleFunc("GET /integrations/{id}/logs", hits.wrap(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Retry-After", "50")
		http.Error(w, "busy", http.StatusServiceUnavailable)
	}))
	_, err := e.c.ListLogs(t.Context(), 7, nil)
	var apiErr *APIError
	if !errors.As(err, &apiErr) || apiErr.StatusCode != 503 || !strings.Contains(err.Error(), "limit of 2m0s") {
		t.Fatalf("err = %v, want the last 503 and the wait limit", err)
	}
	var total time.Duration
	for _, d := range e.clock.slept() {
		total += d
	}
	if total > DefaultMaxWait || hits.get() != 3 {
		t.Errorf("waited %v over %d attempts; want at most %v, 3 attempts", total, hits.get(), DefaultMaxWait)
	}
}

// Cancelling during a backoff wait gives an error that is both the last
// answer (errors.As) and context.Canceled (errors.Is).
func TestCancelDuringBackoffKeepsLastError(t *testing.T) {
	t.Parallel()
	e := setup(t)
	ctx, cancel := context.WithCancel(t.Context())
	defer cancel()
	e.clock.onSleep = cancel
	var hits counter
	e.mux.HandleFunc("GET /integrations/{id}/logs", failThenOK(&hits, 10, 503, ""))
	_, err := e.c.ListLogs(ctx, 7, nil)
	var apiErr *APIError
	if !errors.As(err, &apiErr) || apiErr.StatusCode != 503 || !errors.Is(err, context.Canceled) {
		t.Fatalf("err = %v, want the 503 and context.Canceled", err)
	}
	if strings.Count(err.Error(), "sclogs:") != 1 {
		t.Errorf("err = %q, want one sclogs: prefix", err)
	}
}

func TestFakeFaultsAreRetried(t *testing.T) {
	t.Parallel()
	cases := map[string]sclogstest.Fault{
		"503 with Retry-After 0": {Status: 503, RetryAfter: "0"},
		"429 with Retry-After 2": {Status: 429, RetryAfter: "2"},
		"502":                    {Status: 502},
		"500":                    {Status: 500},
		"dropped connection":     {DropConnection: true},
		"body cut short":         {TruncateBody: true},
	}
	for name, fault := range cases {
		t.Run(name, func(t *testing.T) {
			srv := newFake(t)
			c, clock := fakeClient(t, srv, basic())
			srv.Fail(fault, fault)
			n := 0
			for _, err := range c.Logs(context.Background(), 1, &ListOptions{PageSize: 50}) {
				if err != nil {
					t.Fatal(err)
				}
				n++
			}
			if n != sclogstest.DefaultLogsPerIntegration {
				t.Errorf("%d records after faults, want %d", n, sclogstest.DefaultLogsPerIntegration)
			}
			if got := len(clock.slept()); got != 2 {
				t.Errorf("waited %d times, want 2 (one per fault)", got)
			}
			if fault.RetryAfter == "2" && clock.slept()[0] != 2*time.Second {
				t.Errorf("waited %v, want the server's Retry-After of 2s", clock.slept()[0])
			}
		})
	}
}

func TestFakeRetryAfterTooLongFailsAtOnce(t *testing.T) {
	t.Parallel()
	srv := newFake(t)
	c, clock := fakeClient(t, srv, basic())
	srv.Fail(sclogstest.Fault{Status: 429, RetryAfter: "3600"})
	_, err := c.ListLogs(context.Background(), 1, nil)
	if !errors.Is(err, ErrRateLimited) {
		t.Fatalf("got %v, want ErrRateLimited", err)
	}
	if len(clock.slept()) != 0 {
		t.Errorf("slept %v before giving up", clock.slept())
	}
}

func TestFakeGivesUpAfterMaxRetries(t *testing.T) {
	t.Parallel()
	srv := newFake(t)
	c, clock := fakeClient(t, srv, basic(), WithMaxRetries(2))
	srv.Fail(sclogstest.Fault{Status: 500}, sclogstest.Fault{Status: 500}, sclogstest.Fault{Status: 500}, sclogstest.Fault{Status: 500})
	_, err := c.ListLogs(context.Background(), 1, nil)
	var apiErr *APIError
	if !errors.As(err, &apiErr) || apiErr.StatusCode != 500 || apiErr.Attempts != 3 {
		t.Fatalf("got %v, want a 500 after 3 attempts", err)
	}
	if !strings.Contains(err.Error(), "giving up after 3 attempts") {
		t.Errorf("error does not say how many attempts: %v", err)
	}
	if len(clock.slept()) != 2 || srv.PendingFaults() != 1 {
		t.Errorf("slept %d times, %d faults left; want 2 and 1", len(clock.slept()), srv.PendingFaults())
	}
}

// 2xx answers that echo the credentials in a shape the client cannot use:
// the error must not show them.
func TestEcho2xx(t *testing.T) {
	t.Parallel()
	const secret = "98765432109876543210987"
	for name, body := range map[string]string{
		"html":         "<html>" + secret + "</html>",
		"number id":    `{"data":[{"id":` + secret + `,"base_url":"x"}]}`,
		"number top":   secret,
		"string id":    `{"data":[{"id":"` + secret + `","base_url":"x"}]}`,
		"bad literal":  `{"data":[{"id":1,"base_url":` + secret + `x}]}`,
		"bad utf8":     "{\"data\":[{\"id\":1,\"base_url\":\"" + secret + "\xff\"}]}",
		"token echo":   `{"data":[{"id":1e400,"base_url":"Basic x"}], "x":"` + secret + `"}`,
		"data integer": `{"data":` + secret + `}`,
	} {
		for _, ct := range []string{"application/json", "text/html"} {
			srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
				w.Header().Set("Content-Type", ct)
				w.Header().Set("X-Echo-"+secret, "1")
				if r.Method == "DELETE" || r.Method == "PATCH" {
					w.WriteHeader(200)
				}
				fmt.Fprint(w, body)
			}))
			c := auditClient(t, srv, WithBasicAuth("pub", secret))
			for m, err := range allMethods(context.Background(), c) {
				if err == nil {
					continue
				}
				onePrefix(t, m, err)
				if strings.Contains(err.Error(), secret) || strings.Contains(err.Error(), secret[:12]) {
					t.Errorf("%s %s %s: %v", name, ct, m, err)
				}
				if !errors.Is(err, ErrInvalidResponse) {
					t.Errorf("%s %s %s: %v", name, ct, m, err)
				}
			}
			srv.Close()
		}
	}
}

// A 429 without Retry-After is retried after the backoff; a second one,
// with nothing of the window taken by the server, means the account's
// window is full: the next attempt waits for the budget (the allowance is
// cut to one request and grows back), and the waits of one request stay
// under DefaultMaxWait.
func TestRepeated429WaitsForTheWindow(t *testing.T) {
	t.Parallel()
	e := setup(t)
	var hits counter
	e.mux.HandleFunc("GET /integrations/{id}/logs", hits.wrap(func(w http.ResponseWriter, r *http.Request) {
		http.Error(w, "slow down", http.StatusTooManyRequests)
	}))
	_, err := e.c.ListLogs(t.Context(), 7, nil)
	if !errors.Is(err, ErrRateLimited) {
		t.Fatalf("err = %v, want ErrRateLimited", err)
	}
	waits := e.clock.slept()
	var total time.Duration
	for _, w := range waits {
		total += w
	}
	// The first retry waits the backoff alone (at most 250 ms); after the
	// second 429 the budget makes the next one wait seconds, not the
	// backoff's milliseconds.
	if len(waits) < 2 || waits[0] > 250*time.Millisecond || waits[1] < time.Second || total > DefaultMaxWait {
		t.Errorf("%d attempts, waits %v; want the backoff, then a wait for the budget, all within %s", hits.get(), waits, DefaultMaxWait)
	}
	t.Logf("%d attempts, waits %v", hits.get(), waits)
}
