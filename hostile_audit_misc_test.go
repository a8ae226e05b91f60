package sclogs

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"time"
)

// 2xx answers that echo the credentials in a shape the client cannot use:
// the error must not show them.
func TestAuditEcho2xx(t *testing.T) {
	const secret = "98765432109876543210987"
	for name, body := range map[string]string{
		"html":         "<html>" + secret + "</html>",
		"number id":    `{"data":[{"id":` + secret + `,"base_url":"x"}]}`,
		"number top":   secret,
		"string id":    `{"data":[{"id":"` + secret + `","base_url":"x"}]}`,
		"bad literal":  `{"data":[{"id":1,"base_url":` + secret + `x}]}`,
		"bad utf8":     "{\"data\":[{\"id\":1,\"base_url\":\"" + secret + "\xff\"}]}",
		"token echo":   `{"data":[{"id":1e400,"base_url":"Basic x"}], "x":"` + secret + `"}`,
		"data integer": `{"data":` + secret + `}`,
	} {
		for _, ct := range []string{"application/json", "text/html"} {
			srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
				w.Header().Set("Content-Type", ct)
				w.Header().Set("X-Echo-"+secret, "1")
				if r.Method == "DELETE" || r.Method == "PATCH" {
					w.WriteHeader(200)
				}
				fmt.Fprint(w, body)
			}))
			c := auditClient(t, srv, WithBasicAuth("pub", secret))
			for m, err := range allMethods(context.Background(), c) {
				if err == nil {
					continue
				}
				onePrefix(t, m, err)
				if strings.Contains(err.Error(), secret) || strings.Contains(err.Error(), secret[:12]) {
					t.Errorf("%s %s %s: %v", name, ct, m, err)
				}
				if !errors.Is(err, ErrInvalidResponse) {
					t.Errorf("%s %s %s: %v", name, ct, m, err)
				}
			}
			srv.Close()
		}
	}
}

// Through Raw, errors are typed and carry the prefix once; header names
// that echo a secret are scrubbed from APIError.Header.
func TestAuditRawAndHeaderNames(t *testing.T) {
	const secret = "hunter2hunter2"
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("X-Echo-"+secret, "1")
		w.Header().Set("Content-Type", "application/json")
		w.WriteHeader(404)
		fmt.Fprint(w, `{"errors":[{"status":"404","code":"not_found","detail":"nope"}]}`)
	}))
	defer srv.Close()
	c := auditClient(t, srv, WithBasicAuth("pub", secret))
	_, err := c.Raw().GetIntegrationWithResponse(context.Background(), 7)
	onePrefix(t, "raw", err)
	if !errors.Is(err, ErrNotFound) {
		t.Error(err)
	}
	var apiErr *APIError
	if errors.As(err, &apiErr) {
		for k := range apiErr.Header {
			if strings.Contains(strings.ToLower(k), secret) {
				t.Errorf("header name %q", k)
			}
		}
	}
}

// Breaking out of a prefetching walk, or cancelling it, while the server
// hangs on the pages ahead returns at once and leaves no goroutine
// (goleak in TestMain).
func TestAuditPrefetchHang(t *testing.T) {
	done := make(chan struct{})
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.URL.Query().Get("cursor") != "" {
			select {
			case <-r.Context().Done():
			case <-done:
			}
			return
		}
		w.Header().Set("Link", `</api/v3/integrations/7/logs?cursor=2>; rel="next"`)
		w.Header().Set("Content-Type", "application/json")
		fmt.Fprint(w, `{"data":[{"id":1,"base_url":"x"}]}`)
	}))
	defer srv.Close()
	defer close(done)
	c := auditClient(t, srv)
	start := time.Now()
	for _, err := range c.Logs(context.Background(), 7, &ListOptions{Prefetch: 4}) {
		if err != nil {
			t.Fatal(err)
		}
		break
	}
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	n := 0
	var last error
	for _, err := range c.Logs(ctx, 7, &ListOptions{Prefetch: 4}) {
		n++
		last = err
		if n == 1 {
			time.AfterFunc(50*time.Millisecond, cancel)
		}
	}
	if !errors.Is(last, context.Canceled) {
		t.Errorf("after cancel: %v", last)
	}
	onePrefix(t, "cancel", last)
	if d := time.Since(start); d > 3*time.Second {
		t.Errorf("took %s", d)
	}
}

// Raw hands out the prefix of a 2xx body that is not JSON: a credential
// across the end of that prefix leaves no piece in it.
func TestAuditRawNonJSONPrefix(t *testing.T) {
	const secret = "abcdefghijklmnopqrstuvwxyz0123456789ABCD"
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "text/html")
		fmt.Fprint(w, strings.Repeat(" ", 4096-12)+secret+strings.Repeat(" ", 10000))
	}))
	defer srv.Close()
	c := auditClient(t, srv, WithBasicAuth("pub", secret))
	resp, err := c.Raw().GetIntegrationWithResponse(context.Background(), 7)
	if err != nil {
		t.Fatal(err)
	}
	if strings.Contains(string(resp.Body), secret[:11]) {
		t.Errorf("body ends %q", resp.Body[max(0, len(resp.Body)-40):])
	}
}
