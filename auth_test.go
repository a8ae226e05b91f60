package sclogs

import (
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
	"testing"

	"github.com/sclogs/sclogs/internal/retry"
)

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

func TestOAuth2TokenFetchedOnce(t *testing.T) {
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

func TestNoAuth(t *testing.T) {
	e := setup(t)
	var auth string
	e.mux.HandleFunc("GET /integrations/{id}/logs", func(w http.ResponseWriter, r *http.Request) {
		auth = r.Header.Get("Authorization") + "|"
		okJSON(w, r)
	})
	resp, err := e.listLogs(t, t.Context())
	if err != nil {
		t.Fatal(err)
	}
	_ = resp.Body.Close()
	if auth != "|" {
		t.Errorf("Authorization = %q without auth options", auth)
	}
}

// A token endpoint that echoes the request (its Authorization header and the
// client secret, raw and quoted) must not get the secret into the error text:
// x/oauth2 puts the endpoint's answer into its error.
func TestOAuth2TokenErrorHidesEchoedSecret(t *testing.T) {
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
