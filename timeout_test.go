package sclogs

import (
	"context"
	"errors"
	"net"
	"net/http"
	"strings"
	"testing"
	"time"
)

// Without WithHTTPClient each attempt has DefaultTimeout; WithTimeout sets
// it (0: none); a caller's http.Client with its own Timeout keeps it alone.
func TestDefaultTimeout(t *testing.T) {
	tests := []struct {
		name string
		opts []Option
		want time.Duration
	}{
		{"default", nil, DefaultTimeout},
		{"WithTimeout", []Option{WithTimeout(time.Second)}, time.Second},
		{"WithTimeout(0)", []Option{WithTimeout(0)}, 0},
		{"client without Timeout", []Option{WithHTTPClient(&http.Client{})}, DefaultTimeout},
		{"client with Timeout", []Option{WithHTTPClient(&http.Client{Timeout: time.Minute})}, 0},
		{"both", []Option{WithHTTPClient(&http.Client{Timeout: time.Minute}), WithTimeout(time.Second)}, time.Second},
	}
	for _, tt := range tests {
		c, err := NewClient(tt.opts...)
		if err != nil {
			t.Fatalf("%s: %v", tt.name, err)
		}
		if c.doer.Timeout != tt.want {
			t.Errorf("%s: per-attempt timeout %v, want %v", tt.name, c.doer.Timeout, tt.want)
		}
	}
	if _, err := NewClient(WithTimeout(-time.Second)); err == nil {
		t.Error("negative timeout accepted")
	}
	if DefaultTimeout != 60*time.Second {
		t.Errorf("DefaultTimeout = %v, want the documented 60s", DefaultTimeout)
	}
}

// A server that never sends headers, or drips its body a byte at a time,
// ends each attempt at the per-attempt timeout; the attempt is retried like
// any timeout and the error says what happened.
func TestAttemptTimeoutEndsHangs(t *testing.T) {
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
