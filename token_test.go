package sclogs

import (
	"context"
	"encoding/base64"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"net/url"
	"strconv"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"github.com/sclogs/sclogs/internal/redact"
	"github.com/sclogs/sclogs/internal/retry"
	"golang.org/x/oauth2"
)

// The token request runs under the caller's context: a deadline or a
// cancel ends a token endpoint that never answers.
func TestTokenRequestUnderCallersContext(t *testing.T) {
	t.Parallel()
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
	t.Parallel()
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
	t.Parallel()
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
	t.Parallel()
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
	t.Parallel()
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

func TestOAuth2TokenFetchedOnce(t *testing.T) {
	t.Parallel()
	var tokenHits counter
	ts := tokenServer(t, &tokenHits)
	e := setup(t, WithOAuth2ClientCredentials("cid", "csecret"), WithTokenURL(ts.URL+"/oauth2/token/"))
	var auths []string
	e.mux.HandleFunc("GET /integrations/{id}/logs", func(w http.ResponseWriter, r *http.Request) {
		auths = append(auths, r.Header.Get("Authorization"))
		okJSON(w, r)
	})
	for range 3 {
		resp, err := e.listLogs(t, t.Context())
		if err != nil {
			t.Fatal(err)
		}
		_ = resp.Body.Close()
	}
	if tokenHits.get() != 1 {
		t.Errorf("%d token requests, want 1", tokenHits.get())
	}
	if strings.Join(auths, ",") != "Bearer tok-1,Bearer tok-1,Bearer tok-1" {
		t.Errorf("Authorization headers = %q", auths)
	}
	// The token goes to the base origin only.
	var other *http.Request
	otherSrv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) { other = r; okJSON(w, r) }))
	defer otherSrv.Close()
	resp, err := e.c.get(t.Context(), mustURL(t, otherSrv.URL+"/x"))
	if err != nil {
		t.Fatal(err)
	}
	_ = resp.Body.Close()
	if h := other.Header.Get("Authorization"); h != "" {
		t.Errorf("token sent to another origin: %q", h)
	}
}

func TestOAuth2TokenError(t *testing.T) {
	t.Parallel()
	ts := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		http.Error(w, `{"error":"invalid_client"}`, http.StatusUnauthorized)
	}))
	defer ts.Close()
	e := setup(t, WithOAuth2ClientCredentials("cid", "csecret-value"), WithTokenURL(ts.URL))
	var hits counter
	e.mux.HandleFunc("GET /integrations/{id}/logs", hits.wrap(okJSON))
	_, err := e.listLogs(t, t.Context())
	if err == nil || !strings.Contains(err.Error(), "OAuth2 token") || strings.Contains(err.Error(), "csecret-value") {
		t.Fatalf("err = %v", err)
	}
	if !errors.Is(err, ErrUnauthorized) || strings.Contains(err.Error(), "\n") {
		t.Errorf("err = %q, want one line matching ErrUnauthorized", err)
	}
	if hits.get() != 0 {
		t.Errorf("API called %d times without a token", hits.get())
	}
}

func TestTokenRequestRefusesOffOriginRedirect(t *testing.T) {
	t.Parallel()
	var stolen counter
	evil := httptest.NewServer(stolen.wrap(func(w http.ResponseWriter, r *http.Request) {}))
	defer evil.Close()
	ts := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		http.Redirect(w, r, evil.URL+"/token", http.StatusTemporaryRedirect)
	}))
	defer ts.Close()
	e := setup(t, WithOAuth2ClientCredentials("cid", "csecret"), WithTokenURL(ts.URL))
	_, err := e.listLogs(t, t.Context())
	if !errors.Is(err, retry.ErrRedirectOrigin) || stolen.get() != 0 {
		t.Fatalf("err = %v, evil server got %d requests", err, stolen.get())
	}
}

// A token endpoint that echoes the request (its Authorization header and the
// client secret, raw and quoted) must not get the secret into the error text:
// x/oauth2 puts the endpoint's answer into its error.
func TestOAuth2TokenErrorHidesEchoedSecret(t *testing.T) {
	t.Parallel()
	const id, secret = "cid", `s3cr3t"pa ss`
	basicRaw := base64.StdEncoding.EncodeToString([]byte(id + ":" + secret))
	answers := map[string]func(w http.ResponseWriter, r *http.Request){
		"JSON error description": func(w http.ResponseWriter, r *http.Request) {
			w.Header().Set("Content-Type", "application/json")
			w.WriteHeader(http.StatusUnauthorized)
			desc, _ := json.Marshal("bad secret " + secret + " in " + r.Header.Get("Authorization") + " or " + basicRaw)
			fmt.Fprintf(w, `{"error":"invalid_client","error_description":%s}`, desc)
		},
		"plain text body": func(w http.ResponseWriter, r *http.Request) {
			w.Header().Set("Content-Type", "text/plain")
			w.WriteHeader(http.StatusBadRequest)
			_, p, _ := r.BasicAuth()
			fmt.Fprintf(w, "got %s, secret %s (escaped %s), raw %s", r.Header.Get("Authorization"), secret, p, basicRaw)
		},
	}
	for name, answer := range answers {
		t.Run(name, func(t *testing.T) {
			ts := httptest.NewServer(http.HandlerFunc(answer))
			defer ts.Close()
			e := setup(t, WithOAuth2ClientCredentials(id, secret), WithTokenURL(ts.URL))
			_, err := e.listLogs(t, t.Context())
			if err == nil || !strings.Contains(err.Error(), "OAuth2 token") || !strings.Contains(err.Error(), "[REDACTED]") {
				t.Fatalf("err = %v, want a token error with the secret redacted", err)
			}
			quoted := strconv.Quote(secret)
			for _, leak := range []string{"s3cr3t", quoted[1 : len(quoted)-1], url.QueryEscape(secret), basicRaw,
				base64.StdEncoding.EncodeToString([]byte(id + ":" + url.QueryEscape(secret)))} {
				if strings.Contains(err.Error(), leak) {
					t.Errorf("error shows the secret as %q: %v", leak, err)
				}
			}
		})
	}
}

// Without WithTokenURL the token comes from Sendcloud's documented endpoint.
// A fake transport answers it: no request leaves the machine.
func TestOAuth2DefaultTokenURL(t *testing.T) {
	t.Parallel()
	var tokenURLs []string
	api := http.DefaultTransport
	hc := &http.Client{Transport: roundTripFunc(func(r *http.Request) (*http.Response, error) {
		if r.URL.Host != "account.sendcloud.com" {
			return api.RoundTrip(r)
		}
		tokenURLs = append(tokenURLs, r.Method+" "+r.URL.String())
		return &http.Response{StatusCode: 200, Header: http.Header{"Content-Type": {"application/json"}}, Request: r,
			Body: io.NopCloser(strings.NewReader(`{"access_token":"tok-d","token_type":"Bearer","expires_in":3600}`))}, nil
	})}
	e := setup(t, WithHTTPClient(hc), WithOAuth2ClientCredentials("cid", "csecret"))
	var auth string
	e.mux.HandleFunc("GET /integrations/{id}/logs", func(w http.ResponseWriter, r *http.Request) {
		auth = r.Header.Get("Authorization")
		okJSON(w, r)
	})
	resp, err := e.listLogs(t, t.Context())
	if err != nil {
		t.Fatal(err)
	}
	_ = resp.Body.Close()
	if want := "POST " + DefaultTokenURL; len(tokenURLs) != 1 || tokenURLs[0] != want {
		t.Errorf("token requests %q, want [%q]", tokenURLs, want)
	}
	if DefaultTokenURL != "https://account.sendcloud.com/oauth2/token/" || auth != "Bearer tok-d" {
		t.Errorf("DefaultTokenURL %q, Authorization %q", DefaultTokenURL, auth)
	}
}

func TestTokenEcho(t *testing.T) {
	t.Parallel()
	for i, form := range echoForms(auditSecret) {
		for _, status := range []int{400, 401, 500, 200} {
			t.Run(fmt.Sprintf("%d-%d", i, status), func(t *testing.T) {
				tok := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
					auth := r.Header.Get("Authorization")
					w.Header().Set("X-Request-Id", form)
					w.Header().Set("X-Echo", auth)
					w.Header().Set("WWW-Authenticate", "Basic realm="+form)
					w.Header().Set("Content-Type", "application/json")
					w.WriteHeader(status)
					if status == 200 {
						fmt.Fprintf(w, `{"access_token":5,"error":"%s"}`, strings.ReplaceAll(form, `"`, `\"`))
						return
					}
					fmt.Fprintf(w, `{"error":"%s","error_description":"bad %s auth=%s"}`, form, form, auth)
				}))
				defer tok.Close()
				api := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
					t.Error("API reached")
				}))
				defer api.Close()
				c := auditClient(t, api, WithOAuth2ClientCredentials("client-id", auditSecret), WithTokenURL(tok.URL+"/token"), WithMaxRetries(1))
				_, err := c.ListLogs(context.Background(), 7, nil)
				onePrefix(t, "token", err)
				txt := errText(err)
				if showsSecret(txt, auditSecret) {
					t.Errorf("leak: %s", txt)
				}
				if status == 401 && !errors.Is(err, ErrUnauthorized) {
					t.Errorf("401 not unauthorized: %v", err)
				}
			})
		}
	}
}

func TestTokenLifecycle(t *testing.T) {
	t.Parallel()
	t.Run("401 loop", func(t *testing.T) {
		var toks, apis atomic.Int32
		tok := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
			n := toks.Add(1)
			w.Header().Set("Content-Type", "application/json")
			fmt.Fprintf(w, `{"access_token":"tok-%d","token_type":"Bearer","expires_in":3600}`, n)
		}))
		defer tok.Close()
		var auths []string
		srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
			apis.Add(1)
			auths = append(auths, r.Header.Get("Authorization"))
			w.WriteHeader(401)
		}))
		defer srv.Close()
		c := auditClient(t, srv, WithOAuth2ClientCredentials("id", "secretsecret"), WithTokenURL(tok.URL))
		_, err := c.ListLogs(context.Background(), 7, nil)
		if !errors.Is(err, ErrUnauthorized) || toks.Load() != 2 || apis.Load() != 2 {
			t.Errorf("%v toks %d apis %d", err, toks.Load(), apis.Load())
		}
		if len(auths) == 2 && auths[0] == auths[1] {
			t.Errorf("same token: %v", auths)
		}
		onePrefix(t, "401", err)
		for m, err := range allMethods(context.Background(), c) {
			if !errors.Is(err, ErrUnauthorized) {
				t.Errorf("%s: %v", m, err)
			}
		}
	})
	t.Run("hang", func(t *testing.T) {
		done := make(chan struct{})
		tok := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
			select {
			case <-r.Context().Done():
			case <-done:
			}
		}))
		defer tok.Close()
		defer close(done)
		srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {}))
		defer srv.Close()
		c := auditClient(t, srv, WithOAuth2ClientCredentials("id", "secretsecret"), WithTokenURL(tok.URL))
		ctx, cancel := context.WithTimeout(context.Background(), 500*time.Millisecond)
		defer cancel()
		start := time.Now()
		_, err := c.ListLogs(ctx, 7, nil)
		if d := time.Since(start); d > 800*time.Millisecond || !errors.Is(err, context.DeadlineExceeded) {
			t.Errorf("%s: %v", d, err)
		}
		onePrefix(t, "hang", err)
		// many concurrent waiters also end
		ctx2, cancel2 := context.WithTimeout(context.Background(), 300*time.Millisecond)
		defer cancel2()
		errs := make(chan error, 8)
		for range 8 {
			go func() { _, err := c.GetIntegration(ctx2, 1); errs <- err }()
		}
		for range 8 {
			err := <-errs
			if !errors.Is(err, context.DeadlineExceeded) {
				t.Errorf("waiter: %v", err)
			}
			onePrefix(t, "waiter", err)
		}
		if d := time.Since(start); d > 2*time.Second {
			t.Errorf("waiters took %s", d)
		}
	})
	for _, tc := range []struct {
		name   string
		status int
		want   int32
	}{{"500 then ok", 500, 2}, {"429 then ok", 429, 2}, {"400", 400, 1}, {"401", 401, 1}, {"403", 403, 1}} {
		t.Run(tc.name, func(t *testing.T) {
			var toks atomic.Int32
			tok := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
				if toks.Add(1) == 1 {
					w.WriteHeader(tc.status)
					return
				}
				w.Header().Set("Content-Type", "application/json")
				fmt.Fprint(w, `{"access_token":"tok","token_type":"Bearer","expires_in":3600}`)
			}))
			defer tok.Close()
			srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
				w.Header().Set("Content-Type", "application/json")
				fmt.Fprint(w, `{"data":[]}`)
			}))
			defer srv.Close()
			c := auditClient(t, srv, WithOAuth2ClientCredentials("id", "secretsecret"), WithTokenURL(tok.URL))
			_, err := c.ListLogs(context.Background(), 7, nil)
			if toks.Load() != tc.want {
				t.Errorf("token requests %d, want %d: %v", toks.Load(), tc.want, err)
			}
			if tc.want == 1 {
				onePrefix(t, "tok", err)
				var apiErr *APIError
				if !errors.As(err, &apiErr) || apiErr.StatusCode != tc.status {
					t.Errorf("%v", err)
				}
			} else if err != nil {
				t.Error(err)
			}
		})
	}
	// x/oauth2 reads expires_in as an integer (RFC 6749 section 5.1: a
	// number of seconds) and refuses an answer where it is anything else:
	// those fail with ErrInvalidResponse, each request asking again.
	refused := map[string]bool{"99999999999999999999": true, `"abc"`: true, "1e309": true, "3600.5": true, "true": true, "[]": true, "{}": true}
	for _, exp := range []string{"0", "-1", "99999999999999999999", `"3600"`, `"abc"`, "1e309", "null", "3600.5", "true", "[]", "{}", "2147483648"} {
		t.Run("expires "+exp, func(t *testing.T) {
			var toks atomic.Int32
			tok := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
				n := toks.Add(1)
				w.Header().Set("Content-Type", "application/json")
				fmt.Fprintf(w, `{"access_token":"tok-%d","token_type":"Bearer","expires_in":%s}`, n, exp)
			}))
			defer tok.Close()
			srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
				w.Header().Set("Content-Type", "application/json")
				fmt.Fprint(w, `{"data":[]}`)
			}))
			defer srv.Close()
			c := auditClient(t, srv, WithOAuth2ClientCredentials("id", "secretsecret"), WithTokenURL(tok.URL))
			for range 3 {
				_, err := c.ListLogs(context.Background(), 7, nil)
				if refused[exp] {
					onePrefix(t, "token", err)
					if !errors.Is(err, ErrInvalidResponse) || !strings.Contains(err.Error(), "fetching OAuth2 token") {
						t.Errorf("err = %v, want an invalid token response", err)
					}
				} else if err != nil {
					t.Errorf("%v", err)
				}
			}
			t.Logf("token requests: %d", toks.Load())
		})
	}
}

// An expires_in that overflows time.Duration when multiplied by a second
// must not make a token that expires at once (refetched on every request).
func TestExpiresInOverflow(t *testing.T) {
	t.Parallel()
	var toks atomic.Int32
	tok := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		n := toks.Add(1)
		w.Header().Set("Content-Type", "application/json")
		// 35380855133374920 s × 1e9 wraps to 512 µs in int64 nanoseconds.
		fmt.Fprintf(w, `{"access_token":"tok-%d","token_type":"Bearer","expires_in":35380855133374920}`, n)
	}))
	defer tok.Close()
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		time.Sleep(2 * time.Millisecond)
		w.Header().Set("Content-Type", "application/json")
		fmt.Fprint(w, `{"data":[]}`)
	}))
	defer srv.Close()
	c := auditClient(t, srv, WithOAuth2ClientCredentials("id", "secretsecret"), WithTokenURL(tok.URL))
	for range 3 {
		if _, err := c.ListLogs(context.Background(), 7, nil); err != nil {
			t.Fatal(err)
		}
	}
	if n := toks.Load(); n != 1 {
		t.Errorf("%d token requests for 3 API requests, want 1", n)
	}
}

// A token endpoint that puts the client secret into token_type: the
// message quotes token_type cut short, and the cut must not leave a piece
// of the secret that the scrubber no longer recognises.
func TestSecretInTokenType(t *testing.T) {
	t.Parallel()
	const secret = "0123456789abcdefghijklmnopqrstuvwxyzABCDEFGHIJ"
	tok := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "application/json")
		fmt.Fprintf(w, `{"access_token":"t","token_type":"x %s"}`, secret)
	}))
	defer tok.Close()
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {}))
	defer srv.Close()
	c := auditClient(t, srv, WithOAuth2ClientCredentials("id", secret), WithTokenURL(tok.URL))
	_, err := c.ListLogs(context.Background(), 7, nil)
	onePrefix(t, "token_type", err)
	if !errors.Is(err, ErrInvalidResponse) || strings.Contains(err.Error(), secret[:10]) {
		t.Errorf("%v", err)
	}
}

// Token endpoint errors never show the client secret, in any form, whether
// in a JSON error, a non-JSON page or a header.
func TestTokenErrorScrubsSecretInEveryForm(t *testing.T) {
	t.Parallel()
	pair := "cid:" + url.QueryEscape(trickySecret)
	for name, form := range secretForms(trickySecret, pair) {
		for _, ct := range []string{"application/json", "text/html"} {
			tk := newTokens(t, 0)
			tk.fail = func(n int, w http.ResponseWriter) bool {
				w.Header().Set("Content-Type", ct)
				w.Header().Set("X-Echo", form)
				w.WriteHeader(http.StatusBadRequest)
				fmt.Fprintf(w, `{"error":"invalid_request","error_description":"bad secret %s here"}`, form)
				return true
			}
			e := setup(t, WithOAuth2ClientCredentials("cid", trickySecret), WithTokenURL(tk.srv.URL+"/token"))
			_, err := e.c.ListLogs(t.Context(), 7, nil)
			if err == nil {
				t.Fatal("no error")
			}
			var apiErr *APIError
			if !errors.As(err, &apiErr) {
				t.Fatalf("%s: err = %v, want the token endpoint's answer", name, err)
			}
			for where, text := range map[string]string{
				"Error()": err.Error(), "Body": string(apiErr.Body), "Header": fmt.Sprint(apiErr.Header),
				"Errors": fmt.Sprintf("%+v", apiErr.Errors),
			} {
				if l := leaks(text, trickySecret, pair); l != nil {
					t.Errorf("%s, %s: %s shows the secret as %v: %s", name, ct, where, l, text)
				}
				if !strings.Contains(text, redact.Placeholder) && where != "Header" {
					t.Errorf("%s, %s: %s has no %s: %s", name, ct, where, redact.Placeholder, text)
				}
			}
		}
	}
}
