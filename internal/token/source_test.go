package token

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
	"slices"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"github.com/sclogs/sclogs/internal/retry"
	"github.com/sclogs/sclogs/internal/scrub"
	"golang.org/x/oauth2"
)

// answerError is the test API's error for a non-2xx answer, standing in for
// the root package's *APIError: status, scrubbed header and body, and the
// error codes it holds.
type answerError struct {
	status int
	header http.Header
	body   []byte
	codes  []string
	detail string
}

func (e *answerError) Error() string {
	return fmt.Sprintf("%d %v %s: %s", e.status, e.codes, e.detail, e.body)
}

type answer struct{ e *answerError }

func (a answer) Err() error               { return a.e }
func (a answer) Status() int              { return a.e.status }
func (a answer) Header() http.Header      { return a.e.header }
func (a answer) Body() []byte             { return a.e.body }
func (a answer) SetAttempts(int)          {}
func (a answer) HasCode(code string) bool { return slices.Contains(a.e.codes, code) }
func (a answer) SetOAuthError(code, d string) {
	if len(a.e.codes) == 0 {
		a.e.codes, a.e.detail = []string{code}, d
	}
}

var (
	errInvalid      = errors.New("invalid response")
	errRateLimited  = errors.New("rate limited")
	errUnauthorized = errors.New("unauthorized")
)

var testAPI = &retry.API{
	Check: func(resp *http.Response, sc *scrub.Scrubber, _ time.Time) error {
		body, _ := io.ReadAll(io.LimitReader(resp.Body, 1<<20))
		_ = resp.Body.Close()
		h := resp.Header.Clone()
		sc.Header(h)
		return &answerError{status: resp.StatusCode, header: h, body: sc.Bytes(body)}
	},
	Answer: func(err error) retry.Answer {
		var e *answerError
		if errors.As(err, &e) {
			return answer{e}
		}
		return nil
	},
	Text:            func(err error) string { return err.Error() },
	EndsEarly:       func(b []byte) bool { return !json.Valid(b) },
	InvalidResponse: errInvalid, RateLimited: errRateLimited, Unauthorized: errUnauthorized,
}

const secret = "cl/ient+s3cret"

// setup starts a token endpoint with h and a Source for it, on a clock that
// moves only when the test moves it.
func setup(t *testing.T, h http.HandlerFunc) (*Source, *time.Time) {
	t.Helper()
	srv := httptest.NewServer(h)
	t.Cleanup(srv.Close)
	tokenURL, err := url.Parse(srv.URL + "/token")
	if err != nil {
		t.Fatal(err)
	}
	now := time.Unix(1_000_000, 0)
	auth := retry.NewBasic(url.QueryEscape("cid"), url.QueryEscape(secret))
	doer := &retry.Doer{
		HC: retry.WithRedirectPolicy(srv.Client(), tokenURL), MaxRetries: 2, MaxBody: MaxBody,
		Log: slog.New(slog.DiscardHandler), Auth: auth, AuthOrigin: tokenURL,
		Scrub: scrub.New(append(scrub.CredentialForms(string(auth)), secret)...), Repeatable: true,
		BaseDelay: time.Millisecond, MaxDelay: time.Millisecond, API: testAPI,
		Clock: &retry.Clock{Now: func() time.Time { return now }, Sleep: func(context.Context, time.Duration) error { return nil },
			RandN: func(n int64) int64 { return 0 }},
	}
	return New(doer, tokenURL, "cid", secret, "test"), &now
}

// tokens answers a new token each time, lasting life seconds.
func tokens(hits *atomic.Int32, life int) http.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) {
		n := hits.Add(1)
		if id, sec, ok := r.BasicAuth(); !ok || id != "cid" || sec != url.QueryEscape(secret) || r.FormValue("grant_type") != "client_credentials" {
			http.Error(w, `{"error":"invalid_client"}`, http.StatusUnauthorized)
			return
		}
		w.Header().Set("Content-Type", "application/json")
		fmt.Fprintf(w, `{"access_token":"tok-%d","token_type":"bearer","expires_in":%d}`, n, life)
	}
}

// One fetch serves until shortly before the token expires; a 401 to the
// cached token renews it.
func TestSourceCachesAndRenews(t *testing.T) {
	t.Parallel()
	var hits atomic.Int32
	src, now := setup(t, tokens(&hits, 3600))
	for range 3 {
		if v, err := src.Header(t.Context()); err != nil || v != "Bearer tok-1" {
			t.Fatalf("Header = %q, %v", v, err)
		}
	}
	*now = now.Add(3600*time.Second - tokenSkew)
	if v, _ := src.Header(t.Context()); v != "Bearer tok-2" || src.Current() != v {
		t.Fatalf("a token at its end was used: %q", v)
	}
	if !src.Renew(t.Context(), "Bearer tok-1") { // an old one: the cache keeps tok-2
		t.Fatal("Renew refused")
	}
	if v, _ := src.Header(t.Context()); v != "Bearer tok-2" {
		t.Fatalf("a 401 to an old token dropped the new one: %q", v)
	}
	src.Renew(t.Context(), "Bearer tok-2")
	if v, _ := src.Header(t.Context()); v != "Bearer tok-3" || hits.Load() != 3 {
		t.Fatalf("after a 401: %q, %d fetches", v, hits.Load())
	}
}

// expires_in far beyond a day counts as a day (and does not overflow into
// a token that expires at once).
func TestSourceCapsTheLifetime(t *testing.T) {
	t.Parallel()
	var hits atomic.Int32
	src, now := setup(t, tokens(&hits, 1<<62))
	src.Header(t.Context())
	*now = now.Add(23 * time.Hour)
	src.Header(t.Context())
	*now = now.Add(time.Hour)
	src.Header(t.Context())
	if hits.Load() != 2 {
		t.Fatalf("%d fetches, want 2 (one a day)", hits.Load())
	}
}

// The fetch runs under the caller's context: a hanging endpoint ends with it.
func TestSourceFetchUnderCallersContext(t *testing.T) {
	t.Parallel()
	release := make(chan struct{})
	src, _ := setup(t, func(w http.ResponseWriter, r *http.Request) {
		<-release // the server's context sees no hang-up before the body is read
	})
	t.Cleanup(func() { close(release) }) // before the server closes: cleanups run last first
	ctx, cancel := context.WithCancel(t.Context())
	go func() { time.Sleep(50 * time.Millisecond); cancel() }()
	if _, err := src.Header(ctx); !errors.Is(err, context.Canceled) {
		t.Fatalf("err = %v, want context.Canceled", err)
	}
}

// A refused exchange matches Unauthorized and gives x/oauth2's
// *RetrieveError, with the secret scrubbed from every field and no request.
func TestSourceRetrieveErrorScrubbed(t *testing.T) {
	t.Parallel()
	src, _ := setup(t, func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "application/json")
		w.Header().Set("X-Echo", r.Header.Get("Authorization"))
		w.WriteHeader(http.StatusBadRequest)
		fmt.Fprintf(w, `{"error":"invalid_client","error_description":"no client with secret %s","error_uri":"https://x/?s=%s"}`,
			secret, url.QueryEscape(secret))
	})
	_, err := src.Header(t.Context())
	var re *oauth2.RetrieveError
	if !errors.Is(err, errUnauthorized) || !errors.As(err, &re) || re.ErrorCode != "invalid_client" {
		t.Fatalf("err = %v (%T), want Unauthorized and a RetrieveError", err, err)
	}
	all := err.Error() + string(re.Body) + re.ErrorDescription + re.ErrorURI + fmt.Sprint(re.Response.Header)
	for _, leak := range []string{secret, url.QueryEscape(secret), string(retry.NewBasic(url.QueryEscape("cid"), url.QueryEscape(secret)))} {
		if strings.Contains(all, leak) {
			t.Errorf("%q shows %q", all, leak)
		}
	}
	if re.Response.Request != nil {
		t.Error("the RetrieveError keeps the request, with the credentials")
	}
}

// What x/oauth2 leaves to its caller is checked: the token type, and a
// token that would break the Authorization header.
func TestSourceRefusesUnusableTokens(t *testing.T) {
	t.Parallel()
	for _, body := range []string{
		`{"access_token":"a b","token_type":"bearer"}`,
		`{"access_token":"ok","token_type":"mac ` + secret + `"}`,
	} {
		src, _ := setup(t, func(w http.ResponseWriter, r *http.Request) {
			w.Header().Set("Content-Type", "application/json")
			io.WriteString(w, body)
		})
		_, err := src.Header(t.Context())
		if !errors.Is(err, errInvalid) || strings.Contains(err.Error(), secret) {
			t.Errorf("%s: err = %v", body, err)
		}
	}
}
