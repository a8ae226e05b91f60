package sclogs

import (
	"context"
	"errors"
	"net/http"
	"strings"
	"testing"
	"time"
)

// The token request runs under the caller's context: a deadline or a
// cancel ends a token endpoint that never answers.
func TestTokenRequestUnderCallersContext(t *testing.T) {
	for _, name := range []string{"deadline", "cancel"} {
		t.Run(name, func(t *testing.T) {
			var hits counter
			ts := hanging(t, &hits)
			// No per-attempt timeout: only the context can end the wait.
			e := setup(t, WithOAuth2ClientCredentials("cid", "csecret"), WithTokenURL(ts.URL+"/token"), WithTimeout(0))
			ctx, cancel := context.WithTimeout(t.Context(), 300*time.Millisecond)
			defer cancel()
			want := context.DeadlineExceeded
			if name == "cancel" {
				want = context.Canceled
				time.AfterFunc(100*time.Millisecond, cancel)
			}
			var err error
			within(t, 10*time.Second, func() { _, err = e.c.ListLogs(ctx, 7, nil) })
			if !errors.Is(err, want) || !strings.Contains(err.Error(), "fetching OAuth2 token") {
				t.Fatalf("err = %v, want %v from the token request", err, want)
			}
		})
	}
}

// A transient failure of the token endpoint is retried like an API request;
// 400 and 401 (bad credentials) are not.
func TestTokenEndpointRetries(t *testing.T) {
	for _, status := range []int{500, 503, 429} {
		tk := newTokens(t, 3600)
		tk.fail = func(n int, w http.ResponseWriter) bool {
			if n <= 2 {
				http.Error(w, "try again", status)
				return true
			}
			return false
		}
		e := setup(t, tk.options()...)
		e.mux.HandleFunc("GET /integrations/{id}/logs", okJSON)
		if _, err := e.c.ListLogs(t.Context(), 7, nil); err != nil {
			t.Fatalf("%d: %v", status, err)
		}
		if tk.hits.get() != 3 || len(e.clock.slept()) != 2 {
			t.Errorf("%d: %d token requests, %d waits; want 3, 2", status, tk.hits.get(), len(e.clock.slept()))
		}
	}
	for _, status := range []int{400, 401} {
		tk := newTokens(t, 3600)
		tk.fail = func(n int, w http.ResponseWriter) bool {
			w.Header().Set("Content-Type", "application/json")
			w.WriteHeader(status)
			_, _ = w.Write([]byte(`{"error":"invalid_client","error_description":"Client authentication failed"}`))
			return true
		}
		e := setup(t, tk.options()...)
		_, err := e.c.ListLogs(t.Context(), 7, nil)
		if !errors.Is(err, ErrUnauthorized) || !strings.Contains(err.Error(), "invalid_client: Client authentication failed") {
			t.Errorf("%d: err = %v, want ErrUnauthorized with the OAuth2 error", status, err)
		}
		if tk.hits.get() != 1 || len(e.clock.slept()) != 0 {
			t.Errorf("%d: %d token requests, want 1", status, tk.hits.get())
		}
	}
	// A connection reset is retried too.
	tk := newTokens(t, 3600)
	tk.fail = func(n int, w http.ResponseWriter) bool {
		if n == 1 {
			conn, _, _ := w.(http.Hijacker).Hijack()
			_ = conn.Close()
			return true
		}
		return false
	}
	e := setup(t, tk.options()...)
	e.mux.HandleFunc("GET /integrations/{id}/logs", okJSON)
	if _, err := e.c.ListLogs(t.Context(), 7, nil); err != nil || tk.hits.get() != 2 {
		t.Fatalf("err = %v after %d token requests, want success after 2", err, tk.hits.get())
	}
}

// The Authorization header is set on every attempt: a retry after the token
// expired sends a new one.
func TestTokenRefreshedBetweenAttempts(t *testing.T) {
	tk := newTokens(t, 60) // replaced 30s early: good for 30s
	e := setup(t, tk.options()...)
	var auths []string
	e.mux.HandleFunc("GET /integrations/{id}/logs", func(w http.ResponseWriter, r *http.Request) {
		auths = append(auths, r.Header.Get("Authorization"))
		if len(auths) == 1 {
			w.Header().Set("Retry-After", "45")
			http.Error(w, "busy", http.StatusServiceUnavailable)
			return
		}
		okJSON(w, r)
	})
	if _, err := e.c.ListLogs(t.Context(), 7, nil); err != nil {
		t.Fatal(err)
	}
	if strings.Join(auths, ",") != "Bearer tok-1,Bearer tok-2" {
		t.Errorf("Authorization per attempt = %q, want a new token after the wait", auths)
	}
}

// A 401 to a token drops it, fetches a new one and retries once; a second
// 401 is ErrUnauthorized.
func TestTokenRenewedOn401(t *testing.T) {
	tk := newTokens(t, 3600)
	e := setup(t, tk.options()...)
	var auths []string
	e.mux.HandleFunc("GET /integrations/{id}/logs", func(w http.ResponseWriter, r *http.Request) {
		a := r.Header.Get("Authorization")
		auths = append(auths, a)
		if a != "Bearer tok-2" {
			http.Error(w, "token revoked", http.StatusUnauthorized)
			return
		}
		okJSON(w, r)
	})
	if _, err := e.c.ListLogs(t.Context(), 7, nil); err != nil {
		t.Fatal(err)
	}
	if strings.Join(auths, ",") != "Bearer tok-1,Bearer tok-2" || tk.hits.get() != 2 || len(e.clock.slept()) != 0 {
		t.Errorf("Authorization = %q after %d token requests", auths, tk.hits.get())
	}
	// The new token is kept.
	if _, err := e.c.ListLogs(t.Context(), 7, nil); err != nil || tk.hits.get() != 2 {
		t.Fatalf("err = %v, %d token requests", err, tk.hits.get())
	}

	// Always 401: one renewal, then ErrUnauthorized.
	tk2 := newTokens(t, 3600)
	e2 := setup(t, tk2.options()...)
	var hits counter
	e2.mux.HandleFunc("GET /integrations/{id}/logs", hits.wrap(func(w http.ResponseWriter, r *http.Request) {
		http.Error(w, "no", http.StatusUnauthorized)
	}))
	_, err := e2.c.ListLogs(t.Context(), 7, nil)
	if !errors.Is(err, ErrUnauthorized) || hits.get() != 2 || tk2.hits.get() != 2 {
		t.Fatalf("err = %v after %d requests, %d token requests; want ErrUnauthorized after 2, 2", err, hits.get(), tk2.hits.get())
	}

	// Basic auth cannot be renewed: one request.
	e3 := setup(t, WithBasicAuth("pub", "sec"))
	var hits3 counter
	e3.mux.HandleFunc("GET /integrations/{id}/logs", hits3.wrap(func(w http.ResponseWriter, r *http.Request) {
		http.Error(w, "no", http.StatusUnauthorized)
	}))
	if _, err := e3.c.ListLogs(t.Context(), 7, nil); !errors.Is(err, ErrUnauthorized) || hits3.get() != 1 {
		t.Fatalf("basic: err = %v after %d requests", err, hits3.get())
	}
}

// Requests waiting for another's token fetch stop waiting when their own
// context ends; the token is fetched once for concurrent requests.
func TestTokenFetchedOnceConcurrently(t *testing.T) {
	tk := newTokens(t, 3600)
	e := setup(t, tk.options()...)
	e.mux.HandleFunc("GET /integrations/{id}/logs", okJSON)
	errs := make(chan error, 8)
	for range 8 {
		go func() {
			_, err := e.c.ListLogs(t.Context(), 7, nil)
			errs <- err
		}()
	}
	for range 8 {
		if err := <-errs; err != nil {
			t.Fatal(err)
		}
	}
	if tk.hits.get() != 1 {
		t.Errorf("%d token requests, want 1", tk.hits.get())
	}
}
