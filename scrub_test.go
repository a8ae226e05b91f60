package sclogs

import (
	"encoding/base64"
	"errors"
	"fmt"
	"html"
	"net/http"
	"net/url"
	"strings"
	"testing"

	"github.com/sclogs/sclogs/internal/redact"
)

// secretForms is every form in which a test server echoes a secret; pair is
// the user:password pair the client sends in HTTP Basic.
func secretForms(s, pair string) map[string]string {
	var uEsc, hexEnt, decEnt strings.Builder
	for _, r := range s {
		fmt.Fprintf(&uEsc, `\u%04x`, r)
		fmt.Fprintf(&hexEnt, "&#x%x;", r)
		fmt.Fprintf(&decEnt, "&#%d;", r)
	}
	return map[string]string{
		"plain":         s,
		"url-encoded":   url.QueryEscape(s),
		"path-encoded":  url.PathEscape(s),
		"json \\u":      uEsc.String(),
		"html named":    html.EscapeString(s),
		"html hex":      hexEnt.String(),
		"html decimal":  decEnt.String(),
		"\\/-escaped":   strings.ReplaceAll(s, "/", `\/`),
		"url then json": strings.ReplaceAll(url.QueryEscape(s), "%", `\u0025`),
		"basic pair":    base64.StdEncoding.EncodeToString([]byte(pair)),
	}
}

// leaks reports which forms of secret are in text.
func leaks(text, secret, pair string) []string {
	var out []string
	for name, f := range secretForms(secret, pair) {
		if strings.Contains(text, f) {
			out = append(out, name)
		}
	}
	if strings.Contains(text, secret) {
		out = append(out, "raw")
	}
	return out
}

const trickySecret = `s3cr/t<&>"é+ x`

// Token endpoint errors never show the client secret, in any form, whether
// in a JSON error, a non-JSON page or a header.
func TestTokenErrorScrubsSecretInEveryForm(t *testing.T) {
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

// Credentials echoed by the API are scrubbed from Error(), Body, every
// ErrorObject field, RequestID, Header and the prefix of a non-JSON 2xx.
func TestAPIErrorScrubsEveryField(t *testing.T) {
	const secret = "sk_live/9<x>&y"
	const pair = "pub:" + secret
	for name, form := range secretForms(secret, pair) {
		e := setup(t, WithBasicAuth("pub", secret))
		e.mux.HandleFunc("GET /integrations/{id}/logs", func(w http.ResponseWriter, r *http.Request) {
			w.Header().Set("Content-Type", "application/json")
			w.Header().Set("X-Request-Id", "req-"+form)
			w.Header().Set("X-Echo", "you sent "+form)
			w.Header().Set("Set-Cookie", "session=abc123")
			w.WriteHeader(http.StatusForbidden)
			o := fmt.Sprintf(`{"status":"403","code":"%[1]s","title":"t %[1]s","detail":"d %[1]s",`+
				`"source":{"pointer":"/%[1]s","parameter":"%[1]s","header":"%[1]s"}}`, jsonString(form))
			fmt.Fprintf(w, `{"errors":[%s,%s]}`, o, o)
		})
		_, err := e.c.ListLogs(t.Context(), 7, nil)
		var apiErr *APIError
		if !errors.As(err, &apiErr) {
			t.Fatalf("%s: err = %v", name, err)
		}
		for where, text := range map[string]string{
			"Error()": err.Error(), "Body": string(apiErr.Body), "RequestID": apiErr.RequestID,
			"Errors": fmt.Sprintf("%+v", apiErr.Errors), "Header": fmt.Sprint(apiErr.Header),
		} {
			if l := leaks(text, secret, pair); l != nil {
				t.Errorf("%s: %s shows the secret as %v: %s", name, where, l, text)
			}
		}
		if got := apiErr.Header.Get("Set-Cookie"); got != redact.Placeholder {
			t.Errorf("Set-Cookie = %q, want %s", got, redact.Placeholder)
		}
		if apiErr.Header.Get("Content-Type") != "application/json" {
			t.Errorf("ordinary header changed: %q", apiErr.Header.Get("Content-Type"))
		}
	}
	// A non-JSON 2xx shows a prefix of the body: scrubbed too.
	e := setup(t, WithBasicAuth("pub", secret))
	e.mux.HandleFunc("GET /integrations/{id}/logs", func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "text/html; x="+url.QueryEscape(secret))
		fmt.Fprintf(w, "<p>%s %s</p>", html.EscapeString(secret), r.Header.Get("Authorization"))
	})
	_, err := e.c.ListLogs(t.Context(), 7, nil)
	if !errors.Is(err, ErrInvalidResponse) || leaks(err.Error(), secret, pair) != nil {
		t.Errorf("non-JSON 2xx: %v", err)
	}
}

// jsonString escapes s for use inside a JSON string literal.
func jsonString(s string) string {
	return strings.NewReplacer(`\`, `\\`, `"`, `\"`).Replace(s)
}

// RetryAfter and Header are exported on APIError.
func TestAPIErrorRetryAfterAndHeader(t *testing.T) {
	e := setup(t, WithMaxRetries(0))
	e.mux.HandleFunc("GET /integrations/{id}/logs", func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Retry-After", "7")
		w.Header().Set("X-Ratelimit-Remaining", "0")
		http.Error(w, "slow down", http.StatusTooManyRequests)
	})
	_, err := e.c.ListLogs(t.Context(), 7, nil)
	var apiErr *APIError
	if !errors.As(err, &apiErr) || apiErr.RetryAfter.Seconds() != 7 || apiErr.Header.Get("X-Ratelimit-Remaining") != "0" {
		t.Fatalf("err = %v, RetryAfter %v, Header %v", err, apiErr.RetryAfter, apiErr.Header)
	}
}
