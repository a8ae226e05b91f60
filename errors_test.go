package sclogs

import (
	"context"
	"errors"
	"fmt"
	"io"
	"net/http"
	"strings"
	"testing"
)

func TestAPIErrorDecoding(t *testing.T) {
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
	body := `{"errors":[{"code":"x","detail":"line one\nline two\t` + strings.Repeat("long ", 200) + `"}]}`
	err := CheckResponse(&http.Response{StatusCode: 400, Header: http.Header{"Content-Type": {"application/json"}},
		Body: io.NopCloser(strings.NewReader(body))})
	msg := err.Error()
	if strings.ContainsAny(msg, "\n\r\t") || len(msg) > 300 || !strings.Contains(msg, "line one line two") {
		t.Errorf("Error() = %q", msg)
	}
}

func TestAPIErrorIs(t *testing.T) {
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
	for _, code := range []int{200, 204, 299} {
		if err := CheckResponse(&http.Response{StatusCode: code, Body: http.NoBody}); err != nil {
			t.Errorf("%d: %v", code, err)
		}
	}
}

func TestRequestIDHeaders(t *testing.T) {
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
