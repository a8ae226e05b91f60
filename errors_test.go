package sclogs

import (
	"context"
	"encoding/base64"
	"errors"
	"fmt"
	"html"
	"io"
	"net/http"
	"net/http/httptest"
	"net/url"
	"reflect"
	"runtime"
	"strings"
	"testing"

	"github.com/sclogs/sclogs/internal/redact"
)

func TestAPIErrorDecoding(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name, ct, body string
		header         http.Header
		status         int
		want           string // Error()
		errs           []ErrorObject
	}{
		{
			name: "documented 404: status as a number", status: 404, ct: "application/json",
			body: `{"errors":[{"status":404,"code":"not_found","title":"Not Found","detail":"The Integration could not be found with the search criteria given"}]}`,
			want: "sclogs: 404 Not Found: not_found: The Integration could not be found with the search criteria given",
			errs: []ErrorObject{{Status: 404, Code: "not_found", Title: "Not Found", Detail: "The Integration could not be found with the search criteria given"}},
		},
		{
			name: "status as a string, with source, two errors", status: 400, ct: "application/vnd.api+json",
			body: `{"errors":[{"status":"400","code":"invalid","detail":"Enter a valid date/time.","source":{"parameter":"cursor"}},{"status":"400","code":"max_value","detail":"too big","source":{"pointer":"/page_size"}}]}`,
			want: "sclogs: 400 Bad Request: invalid: Enter a valid date/time. (and 1 more)",
			errs: []ErrorObject{
				{Status: 400, Code: "invalid", Detail: "Enter a valid date/time.", Source: ErrorSource{Parameter: "cursor"}},
				{Status: 400, Code: "max_value", Detail: "too big", Source: ErrorSource{Pointer: "/page_size"}},
			},
		},
		{
			name: "errors as one object", status: 401, ct: "application/json",
			body: `{"errors":{"status":"401","code":"authentication_failed","detail":"Invalid username/password."}}`,
			want: "sclogs: 401 Unauthorized: authentication_failed: Invalid username/password.",
			errs: []ErrorObject{{Status: 401, Code: "authentication_failed", Detail: "Invalid username/password."}},
		},
		{
			name: "RFC 9457 problem", status: 403, ct: "application/problem+json",
			body: `{"type":"about:blank","title":"Forbidden","status":403,"detail":"A GET request must not have a body"}`,
			want: "sclogs: 403 Forbidden: A GET request must not have a body",
			errs: []ErrorObject{{Status: 403, Title: "Forbidden", Detail: "A GET request must not have a body"}},
		},
		{
			name: "odd status value keeps the rest", status: 422, ct: "application/json",
			body: `{"errors":[{"status":{"x":1},"code":"invalid","title":"Bad"}]}`,
			want: "sclogs: 422 Unprocessable Entity: invalid: Bad",
			errs: []ErrorObject{{Code: "invalid", Title: "Bad"}},
		},
		{
			name: "proxy HTML page", status: 502, ct: "text/html",
			body:   "<html>\r\n<head><title>502 Bad Gateway</title></head>\n<body>nginx</body></html>",
			header: http.Header{"X-Request-Id": {"abc-123"}},
			want:   "sclogs: 502 Bad Gateway: <html> <head><title>502 Bad Gateway</title></head> <body>nginx</body></html> (request ID abc-123)",
		},
		{name: "empty body", status: 500, want: "sclogs: 500 Internal Server Error"},
		{name: "unknown status", status: 599, ct: "text/plain", body: "boom", want: "sclogs: 599: boom"},
		{name: "JSON that is not an error document", status: 500, ct: "application/json", body: `[1,2]`, want: "sclogs: 500 Internal Server Error: [1,2]"},
		{name: "JSON cut short", status: 500, ct: "application/json", body: `{"errors":[{"code":"x"`, want: `sclogs: 500 Internal Server Error: {"errors":[{"code":"x"`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			h := http.Header{}
			for k, v := range tt.header {
				h[k] = v
			}
			if tt.ct != "" {
				h.Set("Content-Type", tt.ct)
			}
			err := CheckResponse(&http.Response{StatusCode: tt.status, Header: h, Body: io.NopCloser(strings.NewReader(tt.body))})
			var apiErr *APIError
			if !errors.As(err, &apiErr) {
				t.Fatalf("err = %v, want *APIError", err)
			}
			if got := err.Error(); got != tt.want {
				t.Errorf("Error() = %q\nwant      %q", got, tt.want)
			}
			if string(apiErr.Body) != tt.body || apiErr.StatusCode != tt.status {
				t.Errorf("body/status = %q %d", apiErr.Body, apiErr.StatusCode)
			}
			if len(apiErr.Errors) != len(tt.errs) {
				t.Fatalf("Errors = %+v, want %+v", apiErr.Errors, tt.errs)
			}
			for i := range tt.errs {
				if apiErr.Errors[i] != tt.errs[i] {
					t.Errorf("Errors[%d] = %+v, want %+v", i, apiErr.Errors[i], tt.errs[i])
				}
			}
		})
	}
}

func TestAPIErrorOneLine(t *testing.T) {
	t.Parallel()
	body := `{"errors":[{"code":"x","detail":"line one\nline two\t` + strings.Repeat("long ", 200) + `"}]}`
	err := CheckResponse(&http.Response{StatusCode: 400, Header: http.Header{"Content-Type": {"application/json"}},
		Body: io.NopCloser(strings.NewReader(body))})
	msg := err.Error()
	if strings.ContainsAny(msg, "\n\r\t") || len(msg) > 300 || !strings.Contains(msg, "line one line two") {
		t.Errorf("Error() = %q", msg)
	}
}

func TestAPIErrorIs(t *testing.T) {
	t.Parallel()
	cases := map[int]error{404: ErrNotFound, 401: ErrUnauthorized, 403: ErrForbidden, 429: ErrRateLimited}
	all := []error{ErrNotFound, ErrUnauthorized, ErrForbidden, ErrRateLimited}
	for code, want := range cases {
		err := error(&APIError{StatusCode: code})
		for _, s := range all {
			if got := errors.Is(err, s); got != (s == want) {
				t.Errorf("errors.Is(%d, %v) = %v", code, s, got)
			}
		}
	}
	if errors.Is(&APIError{StatusCode: 500}, ErrNotFound) {
		t.Error("500 is ErrNotFound")
	}
}

func TestCheckResponse2xx(t *testing.T) {
	t.Parallel()
	for _, code := range []int{200, 204, 299} {
		if err := CheckResponse(&http.Response{StatusCode: code, Body: http.NoBody}); err != nil {
			t.Errorf("%d: %v", code, err)
		}
	}
}

func TestRequestIDHeaders(t *testing.T) {
	t.Parallel()
	for _, k := range []string{"X-Request-Id", "Request-Id", "X-Correlation-Id"} {
		err := CheckResponse(&http.Response{StatusCode: 500, Header: http.Header{k: {"id-1"}}, Body: http.NoBody})
		if err.(*APIError).RequestID != "id-1" {
			t.Errorf("%s not read", k)
		}
	}
}

// TestErrorBodyReadOnlyToCap serves an 80 MB error page and checks that the
// client keeps 1 MiB and drops the connection instead of reading the rest.
func TestErrorBodyReadOnlyToCap(t *testing.T) {
	t.Parallel()
	e := setup(t)
	const total = 80 << 20
	written := make(chan int, 1)
	e.mux.HandleFunc("GET /integrations/{id}/logs", func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "text/html")
		w.WriteHeader(http.StatusNotFound)
		chunk := []byte(strings.Repeat("<p>not here</p>\n", 4096)) // 64 KiB
		n := 0
		for n < total {
			m, err := w.Write(chunk)
			n += m
			if err != nil {
				break
			}
		}
		written <- n
	})
	_, err := e.listLogs(t, t.Context())
	var apiErr *APIError
	if !errors.As(err, &apiErr) || !errors.Is(err, ErrNotFound) {
		t.Fatalf("err = %v", err)
	}
	if len(apiErr.Body) != maxErrorBody {
		t.Errorf("kept %d bytes, want %d", len(apiErr.Body), maxErrorBody)
	}
	if len(err.Error()) > 300 {
		t.Errorf("Error() is %d bytes long", len(err.Error()))
	}
	// Socket buffers take some megabytes; reading to the end would take all 80.
	if n := <-written; n >= 32<<20 {
		t.Errorf("server wrote %d MiB: the client read far past 1 MiB", n>>20)
	}
}

// TestNonJSONPageReadOnlyAPrefix serves an 80 MB HTML page with status 200 (a
// proxy's login page, say): ListLogs names the content type and the client
// drops the connection instead of reading the page to its end.
func TestNonJSONPageReadOnlyAPrefix(t *testing.T) {
	t.Parallel()
	e := setup(t)
	const total = 80 << 20
	written := make(chan int, 1)
	e.mux.HandleFunc("GET /integrations/{id}/logs", func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "text/html; charset=utf-8")
		chunk := []byte(strings.Repeat("<p>please log in</p>\n", 3000))
		n := 0
		for n < total {
			m, err := w.Write(chunk)
			n += m
			if err != nil {
				break
			}
		}
		written <- n
	})
	_, err := e.c.ListLogs(t.Context(), 7, nil)
	if err == nil || !strings.Contains(err.Error(), `got Content-Type "text/html; charset=utf-8"`) ||
		!strings.Contains(err.Error(), "please log in") {
		t.Fatalf("err = %v, want it to name the content type and show the page's start", err)
	}
	if n := <-written; n >= 32<<20 {
		t.Errorf("server wrote %d MiB: the client read far past the start of the page", n>>20)
	}
}

// A server or proxy that echoes the request's credentials into its error
// answer must not get them into Error() or Body.
func TestEchoedCredentialsAreScrubbed(t *testing.T) {
	t.Parallel()
	cases := map[string]Option{
		"basic": WithBasicAuth("public-key-1", "very-secret-key"),
	}
	for name, auth := range cases {
		t.Run(name, func(t *testing.T) {
			e := setup(t, auth)
			e.mux.HandleFunc("GET /integrations/{id}/logs", func(w http.ResponseWriter, r *http.Request) {
				w.Header().Set("Content-Type", "application/json")
				w.WriteHeader(http.StatusBadRequest)
				user, pass, _ := r.BasicAuth()
				fmt.Fprintf(w, `{"errors":[{"status":"400","code":"invalid","detail":"bad header %s (user %s, password %s)"}],"echo":%q}`,
					r.Header.Get("Authorization"), user, pass, r.Header.Get("Authorization"))
			})
			_, err := e.c.ListLogs(context.Background(), 7, nil)
			var apiErr *APIError
			if !errors.As(err, &apiErr) {
				t.Fatalf("got %v, want *APIError", err)
			}
			for _, leak := range []string{"very-secret-key", "cHVibGljLWtleS0xOnZlcnktc2VjcmV0LWtleQ=="} {
				if strings.Contains(err.Error(), leak) || strings.Contains(string(apiErr.Body), leak) {
					t.Errorf("credential %q in the error: %v\nbody: %s", leak, err, apiErr.Body)
				}
			}
			if !strings.Contains(err.Error(), "[REDACTED]") {
				t.Errorf("error does not show where the secret was: %v", err)
			}
		})
	}
}

// The exported sentinels match without importing another package.
func TestSentinels(t *testing.T) {
	t.Parallel()
	other := httptest.NewServer(http.NotFoundHandler())
	defer other.Close()
	cases := []struct {
		name   string
		answer func(http.ResponseWriter, *http.Request)
		want   error
	}{
		{"not JSON", func(w http.ResponseWriter, r *http.Request) { fmt.Fprint(w, "<html>") }, ErrInvalidResponse},
		{"malformed", jsonAnswer(`{"data":[{"id":1,`), ErrInvalidResponse},
		{"wrong shape", jsonAnswer(`{"data":{"id":1}}`), ErrInvalidResponse},
		{"off origin", page(1, 1, `<`+other.URL+`/api/v3/integrations/7/logs?c=1>; rel="next"`), ErrUnsafeNextLink},
		{"other endpoint", page(1, 1, `<{base}/api/v3/integrations/8/logs?c=1>; rel="next"`), ErrUnsafeNextLink},
		{"userinfo", func(w http.ResponseWriter, r *http.Request) {
			page(1, 1, `<http://u:p@`+r.Host+`/api/v3/integrations/7/logs?c=1>; rel="next"`)(w, r)
		}, ErrUnsafeNextLink},
		{"stuck", page(1, 1, `<{base}/api/v3/integrations/7/logs>; rel="next"`), ErrStuckCursor},
	}
	for _, tt := range cases {
		s := &scripted{fallback: tt.answer}
		_, err := collect(t, newScripted(t, s), nil)
		if !errors.Is(err, tt.want) {
			t.Errorf("%s: err = %v, want %v", tt.name, err, tt.want)
		}
		if err != nil && (!strings.HasPrefix(err.Error(), "sclogs: ") || strings.Count(err.Error(), "sclogs:") != 1) {
			t.Errorf("%s: %q, want sclogs: once, at the front", tt.name, err)
		}
	}
}

// An error document of 1 MiB of empty error objects is not decoded into
// hundreds of thousands of ErrorObjects.
func TestErrorObjectsAmplification(t *testing.T) {
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "application/json")
		w.WriteHeader(400)
		_, _ = w.Write([]byte(`{"errors":[` + strings.Repeat("{},", 340_000) + `{}]}`))
	}))
	defer srv.Close()
	var before, after runtime.MemStats
	runtime.GC()
	runtime.ReadMemStats(&before)
	_, err := auditClient(t, srv).ListLogs(context.Background(), 7, nil)
	runtime.ReadMemStats(&after)
	var apiErr *APIError
	if alloc := (after.TotalAlloc - before.TotalAlloc) >> 20; !errors.As(err, &apiErr) || len(apiErr.Errors) > 10_000 || alloc > 16 {
		t.Errorf("%d error objects; allocated %d MiB", len(apiErr.Errors), alloc)
	}
}

// Credentials echoed by the API are scrubbed from Error(), Body, every
// ErrorObject field, RequestID, Header and the prefix of a non-JSON 2xx.
func TestAPIErrorScrubsEveryField(t *testing.T) {
	t.Parallel()
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

// RetryAfter and Header are exported on APIError.
func TestAPIErrorRetryAfterAndHeader(t *testing.T) {
	t.Parallel()
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

func TestAPIEcho(t *testing.T) {
	t.Parallel()
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

func TestShortSecrets(t *testing.T) {
	t.Parallel()
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

// A secret with spaces, echoed with other whitespace, must not be made
// whole by the squeezing of whitespace in messages.
func TestSecretWithSpaces(t *testing.T) {
	t.Parallel()
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

// An error body longer than the 1 MiB read, with the credential across the
// limit: no piece of it stays in Body.
func TestSecretAtBodyLimit(t *testing.T) {
	t.Parallel()
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

// The errors hold no credential that a reflection-based dump could print.
func TestErrorDumpHasNoSecret(t *testing.T) {
	t.Parallel()
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

func TestFakeNotFound(t *testing.T) {
	t.Parallel()
	srv := newFake(t)
	c, clock := fakeClient(t, srv, basic())
	_, err := c.ListLogs(context.Background(), 999, nil)
	want := "sclogs: 404 Not Found: not_found: The Integration could not be found with the search criteria given"
	if !errors.Is(err, ErrNotFound) || !strings.HasPrefix(err.Error(), want) {
		t.Fatalf("got %v, want %q", err, want)
	}
	var apiErr *APIError
	if errors.As(err, &apiErr); apiErr.RequestID == "" || apiErr.Errors[0].Status != 404 {
		t.Errorf("request id %q, status %d", apiErr.RequestID, apiErr.Errors[0].Status)
	}
	if len(clock.slept()) != 0 {
		t.Errorf("a 404 was retried")
	}
}

// FuzzDecodeErrors feeds arbitrary error bodies to CheckResponse: it must
// never panic, keep at most 1 MiB, and give one line of text.
func FuzzDecodeErrors(f *testing.F) {
	f.Add("application/json", `{"errors":[{"status":404,"code":"not_found","detail":"gone"}]}`)
	f.Add("application/json", `{"errors":{"status":"400","code":"invalid","source":{"parameter":"page_size"}}}`)
	f.Add("application/problem+json", `{"type":"about:blank","title":"Too Many Requests","status":429,"detail":"slow down"}`)
	f.Add("text/html", "<html><body>502 Bad Gateway</body></html>")
	f.Add("application/json", `{"errors":[{"status":{"x":1}},null,"x"]}`)
	f.Add("application/json", `{"errors":`)
	f.Add("", "")
	f.Fuzz(func(t *testing.T, contentType, body string) {
		resp := &http.Response{
			StatusCode: 400,
			Header:     http.Header{"Content-Type": {contentType}},
			Body:       http.NoBody,
		}
		if body != "" {
			resp.Body = readCloser{strings.NewReader(body)}
		}
		err := CheckResponse(resp)
		apiErr, ok := err.(*APIError)
		if !ok {
			t.Fatalf("CheckResponse gave %T, want *APIError", err)
		}
		if len(apiErr.Body) > maxErrorBody {
			t.Fatalf("kept %d bytes", len(apiErr.Body))
		}
		if msg := apiErr.Error(); strings.ContainsAny(msg, "\r\n") {
			t.Fatalf("Error() is not one line: %q", msg)
		}
	})
}
