package sclogs

import (
	"context"
	"errors"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"net/url"
	"regexp"
	"strings"
	"sync/atomic"
	"testing"

	"github.com/sclogs/sclogs/internal/retry"
	"github.com/sclogs/sclogs/sclogstest"
)

func TestNoAuth(t *testing.T) {
	t.Parallel()
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

func TestHeaders(t *testing.T) {
	t.Parallel()
	e := setup(t, WithBasicAuth("pub", "sec"), WithPartnerID("0b5e0c1a-0000-4000-8000-000000000001"), WithUserAgent("mytool/2.0"))
	var got *http.Request
	var body []byte
	e.mux.HandleFunc("GET /integrations/{id}/logs", func(w http.ResponseWriter, r *http.Request) {
		got = r
		body, _ = io.ReadAll(r.Body)
		okJSON(w, r)
	})
	resp, err := e.listLogs(t, t.Context())
	if err != nil {
		t.Fatal(err)
	}
	_ = resp.Body.Close()
	if ua, want := got.Header.Get("User-Agent"), "sclogs/"+Version+" mytool/2.0"; ua != want {
		t.Errorf("User-Agent = %q, want %q", ua, want)
	}
	if p := got.Header.Get("Sendcloud-Partner-Id"); p != "0b5e0c1a-0000-4000-8000-000000000001" {
		t.Errorf("partner id = %q", p)
	}
	if u, p, ok := got.BasicAuth(); !ok || u != "pub" || p != "sec" {
		t.Errorf("basic auth = %q %q %v", u, p, ok)
	}
	// Sendcloud answers 403 to a GET with a body.
	if got.ContentLength != 0 || len(got.TransferEncoding) != 0 || len(body) != 0 {
		t.Errorf("GET went out with a body: length %d, encoding %v, %d bytes", got.ContentLength, got.TransferEncoding, len(body))
	}
}

func TestCredentialsOnlyToBaseOrigin(t *testing.T) {
	t.Parallel()
	e := setup(t, WithBasicAuth("pub", "sec"), WithPartnerID("p-1"))
	var other *http.Request
	// Same host, another port: another origin.
	otherSrv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		other = r
		okJSON(w, r)
	}))
	defer otherSrv.Close()
	u, _ := url.Parse(otherSrv.URL + basePath + "/integrations/7/logs?cursor=c2")
	resp, err := e.c.get(t.Context(), u)
	if err != nil {
		t.Fatal(err)
	}
	_ = resp.Body.Close()
	if h := other.Header.Get("Authorization"); h != "" {
		t.Errorf("credentials sent to another origin: %q", h)
	}
	if h := other.Header.Get("Sendcloud-Partner-Id"); h != "" {
		t.Errorf("partner id sent to another origin: %q", h)
	}
	if !strings.HasPrefix(other.Header.Get("User-Agent"), "sclogs/") {
		t.Errorf("User-Agent = %q", other.Header.Get("User-Agent"))
	}
}

func TestSameOrigin(t *testing.T) {
	t.Parallel()
	base, _ := url.Parse("https://panel.sendcloud.sc/api/v3")
	tests := map[string]bool{
		"https://panel.sendcloud.sc/api/v3/x":      true,
		"https://PANEL.sendcloud.sc:443/other":     true,
		"http://panel.sendcloud.sc/api/v3/x":       false,
		"https://panel.sendcloud.sc:8443/api/v3/x": false,
		"https://evil.example/api/v3/x":            false,
		"https://panel.sendcloud.sc.evil.example/": false,
	}
	for s, want := range tests {
		u, _ := url.Parse(s)
		if got := sameOrigin(u, base); got != want {
			t.Errorf("sameOrigin(%s) = %v, want %v", s, got, want)
		}
	}
}

func TestRedirects(t *testing.T) {
	t.Parallel()
	var otherHits counter
	otherSrv := httptest.NewServer(otherHits.wrap(func(w http.ResponseWriter, r *http.Request) {
		if r.Header.Get("Authorization") != "" {
			t.Error("credentials followed the redirect")
		}
		okJSON(w, r)
	}))
	defer otherSrv.Close()
	hc := &http.Client{}
	e := setup(t, WithBasicAuth("pub", "sec"), WithHTTPClient(hc))
	var hits, loops counter
	e.mux.HandleFunc("GET /off", hits.wrap(func(w http.ResponseWriter, r *http.Request) {
		http.Redirect(w, r, otherSrv.URL+"/steal?token=t0p", http.StatusFound)
	}))
	e.mux.HandleFunc("GET /same", func(w http.ResponseWriter, r *http.Request) {
		http.Redirect(w, r, basePath+"/ok", http.StatusFound)
	})
	e.mux.HandleFunc("GET /ok", func(w http.ResponseWriter, r *http.Request) {
		if _, _, ok := r.BasicAuth(); !ok {
			t.Error("same-origin redirect lost the credentials")
		}
		okJSON(w, r)
	})
	e.mux.HandleFunc("GET /loop", loops.wrap(func(w http.ResponseWriter, r *http.Request) {
		http.Redirect(w, r, basePath+"/loop", http.StatusFound)
	}))

	_, err := e.c.get(t.Context(), mustURL(t, e.prefix+"/off"))
	if !errors.Is(err, retry.ErrRedirectOrigin) || strings.Contains(err.Error(), "t0p") {
		t.Errorf("off-origin redirect: err = %v", err)
	}
	if otherHits.get() != 0 || hits.get() != 1 {
		t.Errorf("other origin got %d requests, redirecting handler %d; want 0 and 1 (not retried)", otherHits.get(), hits.get())
	}
	resp, err := e.c.get(t.Context(), mustURL(t, e.prefix+"/same"))
	if err != nil {
		t.Fatalf("same-origin redirect: %v", err)
	}
	_ = resp.Body.Close()
	_, err = e.c.get(t.Context(), mustURL(t, e.prefix+"/loop"))
	if !errors.Is(err, retry.ErrTooManyRedirects) || loops.get() != 10 {
		t.Errorf("redirect loop: err = %v after %d requests; want 10, not retried", err, loops.get())
	}
	if hc.CheckRedirect != nil {
		t.Error("the caller's http.Client was modified")
	}
}

// Without WithUserAgent the User-Agent is exactly "sclogs/<Version>", and
// Version is a real version number.
func TestDefaultUserAgent(t *testing.T) {
	t.Parallel()
	if !regexp.MustCompile(`^v?\d+\.\d+\.\d+(-[0-9A-Za-z.-]+)?$`).MatchString(Version) {
		t.Errorf("Version = %q, want a semantic version", Version)
	}
	e := setup(t)
	var ua string
	e.mux.HandleFunc("GET /integrations/{id}/logs", func(w http.ResponseWriter, r *http.Request) {
		ua = r.Header.Get("User-Agent")
		okJSON(w, r)
	})
	resp, err := e.listLogs(t, t.Context())
	if err != nil {
		t.Fatal(err)
	}
	_ = resp.Body.Close()
	if want := "sclogs/" + Version; ua != want {
		t.Errorf("User-Agent = %q, want %q", ua, want)
	}
}

func TestRedirectsFromAHostileServer(t *testing.T) {
	t.Parallel()
	var leaked atomic.Int32
	other := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.Header.Get("Authorization") != "" || r.Header.Get("Sendcloud-Partner-Id") != "" {
			leaked.Add(1)
		}
		w.Header().Set("Content-Type", "application/json")
		fmt.Fprint(w, `{"data":[]}`)
	}))
	defer other.Close()
	otherLocal := strings.Replace(other.URL, "127.0.0.1", "localhost", 1)
	for _, target := range []string{other.URL, otherLocal} {
		for _, code := range []int{301, 302, 303, 307, 308} {
			t.Run(fmt.Sprint(code, target), func(t *testing.T) {
				srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
					http.Redirect(w, r, target+r.URL.Path, code)
				}))
				defer srv.Close()
				c := auditClient(t, srv, WithBasicAuth("pub", "hunter2secret"), WithPartnerID("3fa85f64-5717-4562-b3fc-2c963f66afa6"))
				for m, err := range allMethods(context.Background(), c) {
					if err == nil {
						t.Errorf("%s followed the redirect", m)
						continue
					}
					onePrefix(t, m, err)
				}
				if leaked.Load() != 0 {
					t.Errorf("credentials reached the other origin")
				}
			})
		}
	}
	t.Run("loop", func(t *testing.T) {
		var n atomic.Int32
		srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
			n.Add(1)
			http.Redirect(w, r, r.URL.Path+"?x=1", http.StatusFound)
		}))
		defer srv.Close()
		c := auditClient(t, srv)
		_, err := c.ListLogs(context.Background(), 7, nil)
		onePrefix(t, "loop", err)
		if n.Load() > 11 {
			t.Errorf("%d requests", n.Load())
		}
	})
}

func TestFakeAuth(t *testing.T) {
	t.Parallel()
	srv := newFake(t)
	ctx := context.Background()

	c, _ := fakeClient(t, srv, WithBasicAuth(sclogstest.DefaultPublicKey, "wrong"))
	_, err := c.ListLogs(ctx, 1, nil)
	var apiErr *APIError
	if !errors.Is(err, ErrUnauthorized) || !errors.As(err, &apiErr) || apiErr.Errors[0].Code != "authentication_failed" {
		t.Fatalf("wrong secret: %v, want 401 authentication_failed", err)
	}
	if strings.Contains(err.Error(), "wrong") {
		t.Errorf("error shows the secret: %v", err)
	}

	c, _ = fakeClient(t, srv, WithOAuth2ClientCredentials(sclogstest.DefaultClientID, sclogstest.DefaultClientSecret),
		WithTokenURL(srv.TokenURL()))
	for range 3 {
		if _, err := c.ListLogs(ctx, 1, &ListOptions{PageSize: 5}); err != nil {
			t.Fatal(err)
		}
	}
	if n := srv.TokensIssued(); n != 1 {
		t.Errorf("OAuth2: %d tokens fetched for 3 requests, want 1", n)
	}

	c, _ = fakeClient(t, srv, WithOAuth2ClientCredentials(sclogstest.DefaultClientID, "nope"), WithTokenURL(srv.TokenURL()))
	if _, err := c.ListLogs(ctx, 1, nil); !errors.Is(err, ErrUnauthorized) || strings.Contains(err.Error(), "nope") {
		t.Errorf("bad client secret: %v, want ErrUnauthorized without the secret", err)
	}
}
