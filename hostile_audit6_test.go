package sclogs_test

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"

	"github.com/sclogs/sclogs"
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
			c := auditClient(t, srv, sclogs.WithBasicAuth("pub", secret))
			for m, err := range allMethods(context.Background(), c) {
				if err == nil {
					continue
				}
				onePrefix(t, m, err)
				if strings.Contains(err.Error(), secret) || strings.Contains(err.Error(), secret[:12]) {
					t.Errorf("%s %s %s: %v", name, ct, m, err)
				}
				if !errors.Is(err, sclogs.ErrInvalidResponse) {
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
	c := auditClient(t, srv, sclogs.WithBasicAuth("pub", secret))
	_, err := c.Raw().GetIntegrationWithResponse(context.Background(), 7)
	onePrefix(t, "raw", err)
	if !errors.Is(err, sclogs.ErrNotFound) {
		t.Error(err)
	}
	var apiErr *sclogs.APIError
	if errors.As(err, &apiErr) {
		for k := range apiErr.Header {
			if strings.Contains(strings.ToLower(k), secret) {
				t.Errorf("header name %q", k)
			}
		}
	}
}
