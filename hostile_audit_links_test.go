package sclogs

import (
	"context"
	"encoding/base64"
	"errors"
	"fmt"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync/atomic"
	"testing"
)

func TestAuditNextLinks(t *testing.T) {
	var srvURL string
	cases := []struct {
		name string
		link func(n int) string // Link header for request n (1-based); "" none
		want error              // nil: any error wrapping ErrInvalidResponse
	}{
		{"off origin", func(int) string { return `<https://evil.example/api/v3/integrations/7/logs?cursor=2>; rel="next"` }, ErrUnsafeNextLink},
		{"userinfo", func(int) string {
			return `<` + strings.Replace(srvURL, "http://", "http://user:hunter22@", 1) + `/api/v3/integrations/7/logs?cursor=2>; rel="next"`
		}, ErrUnsafeNextLink},
		{"other endpoint", func(int) string { return `</api/v3/integrations/8/logs?cursor=2>; rel="next"` }, ErrUnsafeNextLink},
		{"other api", func(int) string { return `</api/v3/integrations?cursor=2>; rel="next"` }, ErrUnsafeNextLink},
		{"dotdot", func(int) string { return `</api/v3/integrations/7/logs/../../8/logs?cursor=2>; rel="next"` }, ErrUnsafeNextLink},
		{"encoded dotdot", func(int) string { return `</api/v3/integrations/7/logs/%2e%2e/%2E%2E/8/logs?cursor=2>; rel="next"` }, ErrUnsafeNextLink},
		{"encoded slash", func(int) string { return `</api/v3/integrations/7/logs%2F..%2F..%2F8%2Flogs?cursor=2>; rel="next"` }, ErrUnsafeNextLink},
		{"scheme relative", func(int) string { return `<//evil.example/api/v3/integrations/7/logs?cursor=2>; rel="next"` }, ErrUnsafeNextLink},
		{"backslash", func(int) string { return `</\evil.example/api/v3/integrations/7/logs>; rel="next"` }, ErrUnsafeNextLink},
		{"other port", func(int) string { return `<http://127.0.0.1:1/api/v3/integrations/7/logs?cursor=2>; rel="next"` }, ErrUnsafeNextLink},
		{"https", func(int) string {
			return `<` + strings.Replace(srvURL, "http://", "https://", 1) + `/api/v3/integrations/7/logs?cursor=2>; rel="next"`
		}, ErrUnsafeNextLink},
		{"javascript", func(int) string { return `<javascript:alert(1)>; rel="next"` }, ErrUnsafeNextLink},
		{"below endpoint", func(int) string { return `</api/v3/integrations/7/logs/1/delete?cursor=2>; rel="next"` }, ErrUnsafeNextLink},
		{"prefix trick", func(int) string { return `</api/v3/integrations/7/logsX?cursor=2>; rel="next"` }, ErrUnsafeNextLink},
		{"loop", func(n int) string {
			return fmt.Sprintf(`</api/v3/integrations/7/logs?cursor=%d>; rel="next"`, n%2)
		}, ErrStuckCursor},
		{"self", func(n int) string { return `</api/v3/integrations/7/logs>; rel="next"` }, ErrStuckCursor},
		{"unparseable", func(int) string { return `<http://x` }, ErrInvalidResponse},
		{"garbage", func(int) string { return `garbage` }, ErrInvalidResponse},
		{"next without brackets", func(int) string { return `/api/v3/integrations/7/logs?cursor=2; rel="next"` }, ErrInvalidResponse},
		{"over 64KiB", func(int) string {
			return `</api/v3/x?` + strings.Repeat("a", 70<<10) + `>; rel="prev", </api/v3/integrations/7/logs?cursor=2>; rel="next"`
		}, ErrInvalidResponse},
		{"300 links", func(int) string {
			return strings.Repeat(`</api/v3/integrations/7/logs?c=1>; rel="prev", `, 300) + `</api/v3/integrations/7/logs?cursor=2>; rel="next"`
		}, ErrInvalidResponse},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			var n atomic.Int32
			srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
				k := int(n.Add(1))
				if k > 50 {
					t.Errorf("followed %d pages", k)
					w.WriteHeader(500)
					return
				}
				if r.Header.Get("Authorization") == "" {
					t.Errorf("no credentials at %s", r.URL)
				}
				if l := tc.link(k); l != "" {
					w.Header().Set("Link", l)
				}
				w.Header().Set("Content-Type", "application/json")
				fmt.Fprintf(w, `{"data":[{"id":%d,"base_url":"x"}]}`, k)
			}))
			defer srv.Close()
			srvURL = srv.URL
			c := auditClient(t, srv, WithBasicAuth("pub", "hunter2secret"))
			for _, pf := range []int{0, 3} {
				var last error
				count := 0
				for _, err := range c.Logs(context.Background(), 7, &ListOptions{Prefetch: pf}) {
					if err != nil {
						last = err
					} else {
						count++
					}
				}
				if !errors.Is(last, tc.want) {
					t.Errorf("prefetch %d: %v, want %v", pf, last, tc.want)
				}
				if last != nil {
					onePrefix(t, tc.name, last)
					if strings.Contains(last.Error(), "hunter2") {
						t.Errorf("userinfo in error: %v", last)
					}
				}
				n.Store(0)
			}
			_, err := c.ListLogs(context.Background(), 7, nil)
			if tc.name != "loop" && tc.name != "self" && !errors.Is(err, tc.want) {
				t.Errorf("ListLogs: %v", err)
			}
			n.Store(0)
			for _, err := range c.AllLogs(context.Background(), nil) {
				if err != nil {
					t.Logf("AllLogs: %v", err)
				}
			}
		})
	}
}

func TestAuditEmptyPages(t *testing.T) {
	var n atomic.Int32
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		k := n.Add(1)
		if k > 1000 {
			w.WriteHeader(500)
			return
		}
		w.Header().Set("Link", fmt.Sprintf(`</api/v3/integrations/7/logs?cursor=%d>; rel="next"`, k))
		w.Header().Set("Content-Type", "application/json")
		fmt.Fprint(w, `{"data":null}`)
	}))
	defer srv.Close()
	c := auditClient(t, srv)
	var last error
	for _, err := range c.LogPages(context.Background(), 7, &ListOptions{Prefetch: 2}) {
		last = err
	}
	if !errors.Is(last, ErrStuckCursor) || n.Load() > 20 {
		t.Errorf("%d pages: %v", n.Load(), last)
	}
	onePrefix(t, "empty", last)
}

func TestAuditRedirects(t *testing.T) {
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

func TestAuditNewClient(t *testing.T) {
	bad := map[string][]Option{}
	for _, c := range []string{"\r", "\n", "\x00", "\x7f", "\x1b", "\u0085", "\t"} {
		bad["partner"+c] = []Option{WithPartnerID("ab" + c + "cd")}
		bad["ua"+c] = []Option{WithUserAgent("ab" + c + "cd")}
		bad["pub"+c] = []Option{WithBasicAuth("ab"+c+"cd", "secret")}
		bad["sec"+c] = []Option{WithBasicAuth("abcd", "se"+c+"cret")}
		bad["oid"+c] = []Option{WithOAuth2ClientCredentials("ab"+c+"cd", "secret")}
		bad["osec"+c] = []Option{WithOAuth2ClientCredentials("abcd", "se"+c+"cret")}
	}
	bad["colon"] = []Option{WithBasicAuth("ab:cd", "secret")}
	for _, u := range []string{"http://example.com/api/v3", "http://localhost.evil.com/api", "http://127.0.0.1.nip.io/api",
		"http://0x7f.1/api", "http://2130706433/api", "http://127.1/api", "http://127.0.0.1@evil.com/api", "http://[::ffff:8.8.8.8]/api",
		"http://localhost:80@evil.com/", "http://evil.com#@127.0.0.1/", "http://evil.com\\@127.0.0.1/", "http://017700000001/",
		"HTTP://example.com/", "http://%6c%6fcalhost/"} {
		bad["base "+u] = []Option{WithBaseURL(u)}
		bad["token "+u] = []Option{WithOAuth2ClientCredentials("id", "secret"), WithTokenURL(u)}
	}
	for name, opts := range bad {
		c, err := NewClient(opts...)
		if err == nil {
			t.Errorf("%q: accepted", name)
			_ = c
			continue
		}
		onePrefix(t, name, err)
	}
	good := [][]Option{
		{WithBaseURL("http://127.0.0.1:8080/api/v3")},
		{WithBaseURL("http://localhost:8080/api/v3")},
		{WithBaseURL("http://[::1]:8080/api/v3")},
		{WithBaseURL("http://127.5.6.7/api/v3")},
		{WithBaseURL("http://example.com/api/v3"), WithInsecureHTTP()},
		{WithBasicAuth("pub", "a:b")},
	}
	for i, opts := range good {
		if _, err := NewClient(opts...); err != nil {
			t.Errorf("good %d: %v", i, err)
		}
	}
	// secrets typed into a URL must not appear in the error
	for _, u := range []string{"http://user:hunter2@example.com/api", "https://example.com/api?token=hunter2", "ftp://u:hunter2@x/", "http://example.com/api?sig=hunter2", "::hunter2", "http://[hunter2/"} {
		_, err := NewClient(WithBaseURL(u))
		if err == nil || strings.Contains(err.Error(), "hunter2") {
			t.Errorf("%q: %v", u, err)
		}
		onePrefix(t, u, err)
	}
	// other option errors also carry the prefix once
	for name, o := range map[string]Option{
		"backoff":   WithRetryBackoff(0, 0),
		"backoff2":  WithRetryBackoff(2, 1),
		"timeout":   WithTimeout(-1),
		"retries":   WithMaxRetries(-1),
		"http nil":  WithHTTPClient(nil),
		"two auths": nil,
	} {
		opts := []Option{o}
		if name == "two auths" {
			opts = []Option{WithBasicAuth("a", "b"), WithOAuth2ClientCredentials("c", "d")}
		}
		_, err := NewClient(opts...)
		onePrefix(t, name, err)
	}
}

// A next link that differs from a fetched one only in its fragment (never
// sent) is the same request: a loop.
func TestAuditFragmentLoop(t *testing.T) {
	var n atomic.Int32
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		k := n.Add(1)
		if k > 50 {
			w.WriteHeader(500)
			return
		}
		w.Header().Set("Link", fmt.Sprintf(`</api/v3/integrations/7/logs?cursor=a#%d>; rel="next"`, k))
		w.Header().Set("Content-Type", "application/json")
		fmt.Fprint(w, `{"data":[{"id":1,"base_url":"x"}]}`)
	}))
	defer srv.Close()
	var last error
	for _, err := range auditClient(t, srv).Logs(context.Background(), 7, nil) {
		last = err
	}
	if !errors.Is(last, ErrStuckCursor) || n.Load() > 3 {
		t.Errorf("%d requests: %v", n.Load(), last)
	}
}

// A next link that carries the request's credentials in its path: the
// error naming the refused or repeated link must not show them.
func TestAuditCredentialInNextLink(t *testing.T) {
	const secret = "hunter2hunter2"
	for _, tmpl := range []string{
		"</api/v3/integrations/8/logs/%s>; rel=\"next\"",
		"<https://evil.example/%s>; rel=\"next\"",
		"</api/v3/integrations/7/logs?cursor=%s>; rel=\"next\"",
	} {
		srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
			_, cred, _ := strings.Cut(r.Header.Get("Authorization"), " ")
			w.Header().Set("Link", fmt.Sprintf(tmpl, cred))
			w.Header().Set("Content-Type", "application/json")
			fmt.Fprint(w, `{"data":[]}`)
		}))
		tok := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
			w.Header().Set("Content-Type", "application/json")
			fmt.Fprint(w, `{"access_token":"bearertoken123","token_type":"Bearer","expires_in":3600}`)
		}))
		for cred, auth := range map[string][]Option{
			base64.StdEncoding.EncodeToString([]byte("pub:" + secret)): {WithBasicAuth("pub", secret)},
			"bearertoken123": {WithOAuth2ClientCredentials("id", secret), WithTokenURL(tok.URL)},
		} {
			var logged strings.Builder
			logger := slog.New(slog.NewTextHandler(&logged, &slog.HandlerOptions{Level: slog.LevelDebug}))
			c := auditClient(t, srv, append(auth, WithLogger(logger))...)
			var last error
			for _, err := range c.Logs(context.Background(), 7, nil) {
				last = err
			}
			_, err := c.ListLogs(context.Background(), 7, nil)
			for _, e := range []error{last, err} {
				if e != nil && strings.Contains(e.Error(), cred) {
					t.Errorf("%s: %v", tmpl, e)
				}
			}
			if strings.Contains(logged.String(), cred) {
				t.Errorf("%s: logged %s", tmpl, logged.String())
			}
		}
		tok.Close()
		srv.Close()
	}
}
