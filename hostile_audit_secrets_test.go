package sclogs

import (
	"context"
	"encoding/base64"
	"errors"
	"fmt"
	"html"
	"net/http"
	"net/http/httptest"
	"net/url"
	"reflect"
	"strings"
	"sync/atomic"
	"testing"
	"time"
)

const auditSecret = "s3cr3t/Val+ue=x&y"

// echoForms are the forms a hostile server echoes a secret in.
func echoForms(s string) []string {
	var u, h, hx strings.Builder
	for _, r := range s {
		fmt.Fprintf(&u, `\u%04x`, r)
		fmt.Fprintf(&h, "&#%d;", r)
		fmt.Fprintf(&hx, "&#x%X;", r)
	}
	return []string{s, url.QueryEscape(s), url.PathEscape(s), u.String(), h.String(), hx.String(),
		html.EscapeString(s), strings.ReplaceAll(s, "/", `\/`),
		base64.StdEncoding.EncodeToString([]byte(s)), base64.RawURLEncoding.EncodeToString([]byte(s)),
		strings.ToUpper(url.QueryEscape(s)), strings.ToLower(url.QueryEscape(s)),
		url.QueryEscape(url.QueryEscape(s)),
	}
}

// showsSecret reports whether text holds secret as sent, URL-encoded or in
// base64.
func showsSecret(text, secret string) bool {
	return strings.Contains(text, secret) || strings.Contains(text, url.QueryEscape(secret)) ||
		strings.Contains(text, base64.StdEncoding.EncodeToString([]byte(secret))) ||
		strings.Contains(text, strings.TrimRight(base64.StdEncoding.EncodeToString([]byte(secret)), "="))
}

func errText(err error) string {
	var b strings.Builder
	b.WriteString(err.Error())
	var apiErr *APIError
	if errors.As(err, &apiErr) {
		b.Write(apiErr.Body)
		b.WriteString(apiErr.RequestID)
		for _, o := range apiErr.Errors {
			fmt.Fprintf(&b, "%+v", o)
		}
		for k, vs := range apiErr.Header {
			b.WriteString(k + strings.Join(vs, ","))
		}
	}
	return b.String()
}

func TestAuditTokenEcho(t *testing.T) {
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

func TestAuditAPIEcho(t *testing.T) {
	for _, auth := range []string{"basic", "oauth"} {
		for i, formOf := range []int{0, 1, 2, 3, 4, 5, 6, 7, 8, 9} {
			t.Run(fmt.Sprintf("%s-%d", auth, i), func(t *testing.T) {
				tok := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
					w.Header().Set("Content-Type", "application/json")
					fmt.Fprint(w, `{"access_token":"tok-abcdef123","token_type":"Bearer","expires_in":3600}`)
				}))
				defer tok.Close()
				srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
					a := r.Header.Get("Authorization")
					_, cred, _ := strings.Cut(a, " ")
					forms := append(echoForms(a), echoForms(cred)...)
					if dec, err := base64.StdEncoding.DecodeString(cred); err == nil {
						forms = append(forms, echoForms(string(dec))...)
					}
					form := forms[formOf%len(forms)]
					all := strings.Join(forms, " | ")
					j := func(s string) string { return strings.ReplaceAll(strings.ReplaceAll(s, `\`, `\\`), `"`, `\"`) }
					w.Header().Set("X-Request-Id", form)
					w.Header().Set("X-Debug", all)
					w.Header().Set("Authorization", a)
					w.Header().Add("Link", "<"+form+">")
					w.Header().Set("Content-Type", "application/vnd.api+json")
					w.WriteHeader(400)
					fmt.Fprintf(w, `{"errors":[{"status":"400","code":"%s","title":"%s","detail":"%s","source":{"pointer":"%s","parameter":"%s","header":"%s"},"meta":{"echo":"%s"}}]}`,
						j(form), j(all), j(all), j(form), j(form), j(form), j(all))
				}))
				defer srv.Close()
				opts := []Option{WithBasicAuth("pubkey", auditSecret)}
				if auth == "oauth" {
					opts = []Option{WithOAuth2ClientCredentials("client-id", auditSecret), WithTokenURL(tok.URL + "/token")}
				}
				c := auditClient(t, srv, opts...)
				for m, err := range allMethods(context.Background(), c) {
					onePrefix(t, m, err)
					txt := errText(err)
					secrets := []string{auditSecret}
					if auth == "oauth" {
						secrets = append(secrets, "tok-abcdef123")
					} else {
						secrets = append(secrets, base64.StdEncoding.EncodeToString([]byte("pubkey:"+auditSecret)))
					}
					for _, s := range secrets {
						if showsSecret(txt, s) {
							t.Errorf("%s leak %q: %s", m, s, txt)
						}
					}
				}
			})
		}
	}
}

func TestAuditShortSecrets(t *testing.T) {
	for _, sec := range []string{"a", "ab", "abc", "e", " "} {
		t.Run(sec, func(t *testing.T) {
			srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
				w.Header().Set("Content-Type", "application/json")
				w.WriteHeader(404)
				fmt.Fprintf(w, `{"errors":[{"status":"404","code":"not_found","detail":"The integration was not found: %s"}]}`, sec)
			}))
			defer srv.Close()
			c, err := NewClient(WithBaseURL(srv.URL+"/api/v3"), WithBasicAuth("p", sec))
			if err != nil {
				t.Logf("NewClient refuses: %v", err)
				return
			}
			_, err = c.GetIntegration(context.Background(), 7)
			t.Logf("%v", err)
			if !strings.Contains(err.Error(), "The integration was not found") {
				t.Errorf("garbled: %v", err)
			}
			if !errors.Is(err, ErrNotFound) {
				t.Error(err)
			}
		})
	}
}

func TestAuditTokenLifecycle(t *testing.T) {
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
func TestAuditExpiresInOverflow(t *testing.T) {
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

// A Retry-After of more digits than an int64 holds is a very long wait
// (give up now), not garbage to retry at once.
func TestAuditRetryAfterOverflow(t *testing.T) {
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

// A secret with spaces, echoed with other whitespace, must not be made
// whole by the squeezing of whitespace in messages.
func TestAuditSecretWithSpaces(t *testing.T) {
	const secret = "correct horse battery staple"
	echo := "correct\thorse\nbattery \r staple"
	tok := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "application/json")
		w.WriteHeader(400)
		fmt.Fprintf(w, `{"error":"invalid_client","error_description":%q}`, echo)
	}))
	defer tok.Close()
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "application/json")
		w.WriteHeader(400)
		fmt.Fprintf(w, `{"errors":[{"code":"invalid","detail":%q}]}`, echo)
	}))
	defer srv.Close()
	for _, c := range []*Client{
		auditClient(t, srv, WithBasicAuth("pub", secret)),
		auditClient(t, srv, WithOAuth2ClientCredentials("id", secret), WithTokenURL(tok.URL)),
	} {
		_, err := c.ListLogs(context.Background(), 7, nil)
		if err == nil || strings.Contains(err.Error(), secret) {
			t.Errorf("%v", err)
		}
	}
}

// A token endpoint that puts the client secret into token_type: the
// message quotes token_type cut short, and the cut must not leave a piece
// of the secret that the scrubber no longer recognises.
func TestAuditSecretInTokenType(t *testing.T) {
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

// An error body longer than the 1 MiB read, with the credential across the
// limit: no piece of it stays in Body.
func TestAuditSecretAtBodyLimit(t *testing.T) {
	const secret = "abcdefghijklmnopqrstuvwxyz0123456789ABCD"
	for _, off := range []int{10, 20, 30, 64<<10 + 10, 64<<10 + 30} {
		srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
			w.WriteHeader(500)
			// Also the secret escaped, across the limit less the margin.
			esc := url.QueryEscape(secret)
			fmt.Fprint(w, strings.Repeat(" ", 1<<20-off)+secret+strings.Repeat(" ", 1000)+esc+strings.Repeat(" ", 128<<10))
		}))
		c := auditClient(t, srv, WithBasicAuth("pub", secret), WithMaxRetries(0))
		_, err := c.ListLogs(context.Background(), 7, nil)
		srv.Close()
		var apiErr *APIError
		if !errors.As(err, &apiErr) || strings.Contains(string(apiErr.Body), secret[:min(off%(64<<10), len(secret))-1]) {
			t.Errorf("offset %d: %v, body ends %q", off, err, apiErr.Body[max(0, len(apiErr.Body)-50):])
		}
	}
}

// dumpStrings collects every string and byte slice reachable from v, as a
// reflection-based dumper (go-spew, a test library's diff) prints them.
func dumpStrings(v reflect.Value, seen map[uintptr]bool, out *strings.Builder) {
	switch v.Kind() {
	case reflect.Pointer:
		if v.IsNil() || seen[v.Pointer()] {
			return
		}
		seen[v.Pointer()] = true
		dumpStrings(v.Elem(), seen, out)
	case reflect.Interface:
		if !v.IsNil() {
			dumpStrings(v.Elem(), seen, out)
		}
	case reflect.Struct:
		for i := range v.NumField() {
			dumpStrings(v.Field(i), seen, out)
		}
	case reflect.Slice, reflect.Array:
		if v.Kind() == reflect.Slice && v.Type().Elem().Kind() == reflect.Uint8 {
			out.Write(v.Bytes())
			return
		}
		for i := range v.Len() {
			dumpStrings(v.Index(i), seen, out)
		}
	case reflect.Map:
		for _, k := range v.MapKeys() {
			dumpStrings(k, seen, out)
			dumpStrings(v.MapIndex(k), seen, out)
		}
	case reflect.String:
		out.WriteString(v.String())
	}
}

// The errors hold no credential that a reflection-based dump could print.
func TestAuditErrorDumpHasNoSecret(t *testing.T) {
	const secret = "hunter2hunter2"
	tok := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.WriteHeader(400)
	}))
	defer tok.Close()
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.WriteHeader(404)
	}))
	defer srv.Close()
	for _, c := range []*Client{
		auditClient(t, srv, WithBasicAuth("pub", secret)),
		auditClient(t, srv, WithOAuth2ClientCredentials("id", secret), WithTokenURL(tok.URL)),
	} {
		_, err := c.ListLogs(context.Background(), 7, nil)
		var b strings.Builder
		dumpStrings(reflect.ValueOf(&err), map[uintptr]bool{}, &b)
		if err == nil || strings.Contains(b.String(), secret) {
			t.Errorf("%v: the dump holds the secret", err)
		}
	}
}
