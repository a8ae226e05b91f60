package sclogs

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"net/http"
	"net/url"
	"strings"
	"testing"
	"time"

	"github.com/sclogs/sclogs/internal/redact"
	"golang.org/x/oauth2"
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

// errors.As reaches x/oauth2's *oauth2.RetrieveError for a refused token
// request, with the RFC 6749 error read, and every field of it scrubbed of
// the client secret (which the answer echoes in every form), as is every
// error of the chain. The response it holds carries no request (whose
// header has the credentials), and each errors.As gets its own copy.
func TestTokenRetrieveErrorScrubbed(t *testing.T) {
	t.Parallel()
	pair := "cid:" + url.QueryEscape(trickySecret)
	for name, form := range secretForms(trickySecret, pair) {
		for _, status := range []int{400, 401, 403, 200} {
			tk := newTokens(t, 0)
			tk.fail = func(n int, w http.ResponseWriter) bool {
				w.Header().Set("Content-Type", "application/json")
				w.Header().Set("X-Echo", form)
				w.WriteHeader(status)
				desc, _ := json.Marshal("bad secret " + form + " here")
				fmt.Fprintf(w, `{"error":"invalid_client","error_description":%s,"error_uri":"https://x/?s=%s"}`, desc, url.QueryEscape(form))
				return true
			}
			e := setup(t, WithOAuth2ClientCredentials("cid", trickySecret), WithTokenURL(tk.srv.URL+"/token"))
			_, err := e.c.ListLogs(t.Context(), 7, nil)
			var re *oauth2.RetrieveError
			if !errors.As(err, &re) {
				t.Fatalf("%s %d: err = %v, want an *oauth2.RetrieveError in the chain", name, status, err)
			}
			if re.ErrorCode != "invalid_client" || re.Response == nil || re.Response.StatusCode != status || re.Response.Request != nil {
				t.Errorf("%s %d: RetrieveError %+v", name, status, re)
			}
			if !errors.Is(err, ErrUnauthorized) || tk.hits.get() != 1 {
				t.Errorf("%s %d: err = %v after %d token requests, want ErrUnauthorized after 1", name, status, err, tk.hits.get())
			}
			texts := map[string]string{"RetrieveError": re.Error(), "Body": string(re.Body), "Description": re.ErrorDescription,
				"URI": re.ErrorURI, "Header": fmt.Sprint(re.Response.Header), "dump": fmt.Sprintf("%+v", *re)}
			for i, c := 0, error(err); c != nil; i, c = i+1, errors.Unwrap(c) {
				texts[fmt.Sprintf("chain %d (%T)", i, c)] = c.Error()
			}
			for where, text := range texts {
				if l := leaks(text, trickySecret, pair); l != nil {
					t.Errorf("%s %d: %s shows the secret as %v: %s", name, status, where, l, text)
				}
			}
			if !strings.Contains(re.ErrorDescription, redact.Placeholder) {
				t.Errorf("%s %d: description %q has no %s", name, status, re.ErrorDescription, redact.Placeholder)
			}
			re.Body[0], re.ErrorCode = '!', "changed"
			var again *oauth2.RetrieveError
			if !errors.As(err, &again) || again.Body[0] == '!' || again.ErrorCode != "invalid_client" {
				t.Errorf("%s %d: errors.As hands out a shared RetrieveError", name, status)
			}
		}
	}
}

// An answer without an RFC 6749 error (a proxy's HTML page) still gives a
// RetrieveError, with the scrubbed page as its body; a token endpoint that
// cannot be reached gives none.
func TestTokenRetrieveErrorWithoutOAuthError(t *testing.T) {
	t.Parallel()
	tk := newTokens(t, 0)
	tk.fail = func(n int, w http.ResponseWriter) bool {
		w.Header().Set("Content-Type", "text/html")
		w.WriteHeader(http.StatusForbidden)
		fmt.Fprintf(w, "<h1>denied for csecret</h1>")
		return true
	}
	e := setup(t, tk.options()...)
	_, err := e.c.ListLogs(t.Context(), 7, nil)
	var re *oauth2.RetrieveError
	if !errors.As(err, &re) || re.Response.StatusCode != 403 || re.ErrorCode != "" ||
		string(re.Body) != "<h1>denied for "+redact.Placeholder+"</h1>" || strings.Contains(err.Error(), "csecret") {
		t.Fatalf("err = %v, RetrieveError %+v", err, re)
	}
	var apiErr *APIError
	if !errors.As(err, &apiErr) || apiErr.StatusCode != 403 || tk.hits.get() != 1 {
		t.Errorf("err = %v after %d token requests: want the 403 as an *APIError, not retried", err, tk.hits.get())
	}

	var hits counter
	down := hanging(t, &hits)
	e2 := setup(t, WithOAuth2ClientCredentials("cid", "csecret"), WithTokenURL(down.URL+"/token"), WithTimeout(50*time.Millisecond), WithMaxRetries(0))
	_, err = e2.c.ListLogs(t.Context(), 7, nil)
	if err == nil || errors.As(err, &re) || !strings.Contains(err.Error(), "fetching OAuth2 token") {
		t.Errorf("unreachable token endpoint: err = %v", err)
	}
}

// A form-encoded token answer (x/oauth2 reads both) is used like a JSON one,
// its expires_in included.
func TestTokenFormAnswer(t *testing.T) {
	t.Parallel()
	tk := newTokens(t, 0)
	tk.fail = func(n int, w http.ResponseWriter) bool {
		w.Header().Set("Content-Type", "application/x-www-form-urlencoded")
		fmt.Fprintf(w, "access_token=form-%d&token_type=bearer&expires_in=60", n)
		return true
	}
	e := setup(t, tk.options()...)
	var auths []string
	e.mux.HandleFunc("GET /integrations/{id}/logs", func(w http.ResponseWriter, r *http.Request) {
		auths = append(auths, r.Header.Get("Authorization"))
		okJSON(w, r)
	})
	for range 2 {
		if _, err := e.c.ListLogs(t.Context(), 7, nil); err != nil {
			t.Fatal(err)
		}
	}
	_ = e.clock.sleep(t.Context(), 31*time.Second) // past expiry less the skew
	if _, err := e.c.ListLogs(t.Context(), 7, nil); err != nil {
		t.Fatal(err)
	}
	if strings.Join(auths, ",") != "Bearer form-1,Bearer form-1,Bearer form-2" {
		t.Errorf("Authorization = %q", auths)
	}
}
