package sclogstest_test

import (
	"context"
	"encoding/json"
	"io"
	"net/http"
	"net/url"
	"strings"
	"sync"
	"testing"
	"time"

	"golang.org/x/oauth2"
	"golang.org/x/oauth2/clientcredentials"

	"github.com/sclogs/sclogs/sclogstest"
)

func TestBasicAuth(t *testing.T) {
	t.Parallel()
	s := newServer(t, sclogstest.WithBasicAuth("pk", "sk"))
	c := newClient(t)
	if s.PublicKey() != "pk" || s.SecretKey() != "sk" {
		t.Fatalf("keys %q %q", s.PublicKey(), s.SecretKey())
	}
	decodePage(t, get(t, s, c, logsPath(1, 0)))
	for name, set := range map[string]func(*http.Request){
		"none":       func(r *http.Request) { r.Header.Del("Authorization") },
		"defaults":   func(r *http.Request) { r.SetBasicAuth(sclogstest.DefaultPublicKey, sclogstest.DefaultSecretKey) },
		"bad secret": func(r *http.Request) { r.SetBasicAuth("pk", "nope") },
		"swapped":    func(r *http.Request) { r.SetBasicAuth("sk", "pk") },
		"scheme":     func(r *http.Request) { r.Header.Set("Authorization", "Token pk:sk") },
	} {
		req := newGet(t, s, logsPath(1, 0))
		set(req)
		r := do(t, c, req)
		wantError(t, r, http.StatusUnauthorized, "authentication_failed", "")
		if r.header.Get("WWW-Authenticate") == "" {
			t.Errorf("%s: 401 without WWW-Authenticate", name)
		}
	}
}

// fetchToken posts a token request; creds in Basic unless inForm.
func fetchToken(t *testing.T, s *sclogstest.Server, c *http.Client, id, secret, grant string, inForm bool) result {
	t.Helper()
	form := url.Values{"grant_type": {grant}, "scope": {"api"}}
	if inForm {
		form.Set("client_id", id)
		form.Set("client_secret", secret)
	}
	req, err := http.NewRequest(http.MethodPost, s.TokenURL(), strings.NewReader(form.Encode()))
	if err != nil {
		t.Fatal(err)
	}
	req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	if !inForm {
		req.SetBasicAuth(url.QueryEscape(id), url.QueryEscape(secret))
	}
	return do(t, c, req)
}

type tokenResponse struct {
	AccessToken string `json:"access_token"`
	TokenType   string `json:"token_type"`
	ExpiresIn   int    `json:"expires_in"`
}

func bearerGet(t *testing.T, s *sclogstest.Server, c *http.Client, token string) result {
	t.Helper()
	req := newGet(t, s, logsPath(1, 0))
	req.Header.Set("Authorization", "Bearer "+token)
	return do(t, c, req)
}

func TestTokenEndpoint(t *testing.T) {
	t.Parallel()
	s := newServer(t)
	c := newClient(t)
	for _, inForm := range []bool{false, true} {
		r := fetchToken(t, s, c, s.ClientID(), s.ClientSecret(), "client_credentials", inForm)
		var tok tokenResponse
		if err := json.Unmarshal(r.body, &tok); err != nil || r.status != http.StatusOK {
			t.Fatalf("token: status %d body %s", r.status, r.body)
		}
		if tok.AccessToken == "" || tok.TokenType != "Bearer" || tok.ExpiresIn != 3600 {
			t.Errorf("token response %+v", tok)
		}
		decodePage(t, bearerGet(t, s, c, tok.AccessToken))
	}
	if n := s.TokensIssued(); n != 2 {
		t.Errorf("TokensIssued() = %d, want 2", n)
	}
	wantError(t, bearerGet(t, s, c, "made-up"), http.StatusUnauthorized, "authentication_failed", "")

	for name, r := range map[string]result{
		"bad secret":   fetchToken(t, s, c, s.ClientID(), "nope", "client_credentials", false),
		"bad id form":  fetchToken(t, s, c, "nope", s.ClientSecret(), "client_credentials", true),
		"no creds":     fetchToken(t, s, c, "", "", "client_credentials", true),
		"bad grant":    fetchToken(t, s, c, s.ClientID(), s.ClientSecret(), "password", false),
		"api key pair": fetchToken(t, s, c, s.PublicKey(), s.SecretKey(), "client_credentials", false),
	} {
		var e struct{ Error string }
		_ = json.Unmarshal(r.body, &e)
		want := map[bool]string{true: "unsupported_grant_type", false: "invalid_client"}[name == "bad grant"]
		if r.status/100 != 4 || e.Error != want {
			t.Errorf("%s: status %d error %q, want 4xx %q", name, r.status, e.Error, want)
		}
	}
	req, _ := http.NewRequest(http.MethodGet, s.TokenURL(), nil)
	if r := do(t, c, req); r.status != http.StatusMethodNotAllowed {
		t.Errorf("GET token endpoint: status %d", r.status)
	}
	if n := s.TokensIssued(); n != 2 {
		t.Errorf("failed token requests issued tokens: TokensIssued() = %d", n)
	}
}

// clock is a settable clock for WithClock.
type clock struct {
	mu  sync.Mutex
	now time.Time
}

func (c *clock) Now() time.Time          { c.mu.Lock(); defer c.mu.Unlock(); return c.now }
func (c *clock) Advance(d time.Duration) { c.mu.Lock(); defer c.mu.Unlock(); c.now = c.now.Add(d) }

func TestTokensExpire(t *testing.T) {
	t.Parallel()
	clk := &clock{now: time.Date(2025, 1, 1, 0, 0, 0, 0, time.UTC)}
	s := newServer(t, sclogstest.WithTokenTTL(time.Minute), sclogstest.WithClock(clk.Now),
		sclogstest.WithOAuth2ClientCredentials("cid", "c$e&c=r t"))
	c := newClient(t)
	var tok tokenResponse
	r := fetchToken(t, s, c, "cid", "c$e&c=r t", "client_credentials", false)
	if err := json.Unmarshal(r.body, &tok); err != nil || tok.ExpiresIn != 60 {
		t.Fatalf("token: status %d body %s", r.status, r.body)
	}
	clk.Advance(59 * time.Second)
	decodePage(t, bearerGet(t, s, c, tok.AccessToken))
	clk.Advance(time.Second)
	e := wantError(t, bearerGet(t, s, c, tok.AccessToken), http.StatusUnauthorized, "authentication_failed", "")
	if !strings.Contains(e["detail"].(string), "expired") {
		t.Errorf("detail %q does not say the token expired", e["detail"])
	}
}

// TestOAuth2ClientLibrary: golang.org/x/oauth2's client-credentials flow works
// against the fake and its token is reused.
func TestOAuth2ClientLibrary(t *testing.T) {
	t.Parallel()
	s := newServer(t)
	cfg := clientcredentials.Config{ClientID: s.ClientID(), ClientSecret: s.ClientSecret(), TokenURL: s.TokenURL(), Scopes: []string{"api"}}
	tr := &http.Transport{}
	t.Cleanup(tr.CloseIdleConnections)
	ctx := context.WithValue(context.Background(), oauth2.HTTPClient, &http.Client{Transport: tr})
	c := cfg.Client(ctx)
	for range 3 {
		resp, err := c.Get(s.URL() + logsPath(3, 0))
		if err != nil {
			t.Fatal(err)
		}
		_, _ = io.Copy(io.Discard, resp.Body)
		_ = resp.Body.Close()
		if resp.StatusCode != http.StatusOK {
			t.Fatalf("status %d", resp.StatusCode)
		}
	}
	if n := s.TokensIssued(); n != 1 {
		t.Errorf("TokensIssued() = %d, want 1 (cached)", n)
	}
}

func TestGetWithBodyIsForbidden(t *testing.T) {
	t.Parallel()
	s := newServer(t)
	c := newClient(t)
	for name, body := range map[string]io.Reader{
		"sized":   strings.NewReader(`{"x":1}`),
		"chunked": io.MultiReader(strings.NewReader(`{"x":1}`)), // no length: sent chunked
	} {
		req, err := http.NewRequest(http.MethodGet, s.URL()+logsPath(1, 0), body)
		if err != nil {
			t.Fatal(err)
		}
		req.SetBasicAuth(s.PublicKey(), s.SecretKey())
		wantError(t, do(t, c, req), http.StatusForbidden, "forbidden", "")
		reqs := s.Requests()
		if got := reqs[len(reqs)-1]; string(got.Body) != `{"x":1}` {
			t.Errorf("%s: recorded body %q", name, got.Body)
		}
	}
}
