package sclogstest_test

import (
	"bytes"
	"io"
	"net/http"
	"strings"
	"testing"
)

// The fake takes hostile requests without a panic (net/http would recover
// it and drop the connection: a transport error here) or a 500.
func TestAuditHostileRequests(t *testing.T) {
	s := newServer(t)
	c := newClient(t)
	deep := strings.Repeat("[", 100000)
	bodies := []string{"", "null", "[]", "{}", `{"base_url":5}`, deep, `{"base_url":` + deep, "\x00\xff",
		`{"base_url":"x","created_at":"99999-01-01T00:00:00Z"}`, `{"base_url":"x","created_at":"0000-01-01T00:00:00Z"}`,
		`{"base_url":"x","response_code":1e400}`, `{"base_url":"x","response_code":-99999999999999999999}`,
		`{"base_url":"x","request":{"headers":` + deep + `}}`, `{"base_url":"x"}{"base_url":"y"}`,
		`{"base_url":"x","base_url":"y"}`, `{"feedback_type":"x","shop_name":5}`, `{"webhook_url":null}`,
		strings.Repeat(" ", 2<<20), `{"base_url":"` + strings.Repeat("a", 2<<20) + `"}`}
	paths := []string{"/api/v3/integrations", "/api/v3/integrations/1", "/api/v3/integrations/1/logs",
		"/api/v3/integrations/logs", "/api/v3/integrations/99999999999999999999/logs", "/api/v3/integrations/-1",
		"/api/v3/integrations/0/logs", "/api/v3/integrations/%00", "/api/v3//integrations", "/api/v3/integrations/1/logs/",
		"/api/v3/integrations/1/logs?cursor=garbage", "/api/v3/integrations/1/logs?page_size=99999999999999999999",
		"/api/v3/integrations/1/logs?page_size=-1", "/api/v3/integrations/logs?cursor=9999-12-31T23:59:59.999999999%2B14:00",
		"/api/v3/integrations/logs?cursor=0001-01-01T00:00:00-14:00", "/api/v3/integrations?sort=" + strings.Repeat("-", 5000),
		"/api/v3/integrations/1/logs?cursor=&cursor=x&page_size=1&page_size=2", "/oauth2/token/", "/", "/api/v3/integrations/1%2F..%2F2",
		"/api/v3/integrations/+1", "/api/v3/integrations/0x10", "/api/v3/integrations/1_000"}
	methods := []string{"GET", "POST", "PATCH", "PUT", "HEAD", "OPTIONS", "PROPFIND", "TRACE", "DELETE"}
	for _, m := range methods { // DELETE last: it removes integration 1
		for _, p := range paths {
			for _, b := range bodies {
				for _, ct := range []string{"application/json", "text/plain"} {
					req, err := http.NewRequest(m, s.URL()[:len(s.URL())-len("/api/v3")]+p, strings.NewReader(b))
					if err != nil {
						t.Fatal(err)
					}
					if m == "GET" && b == "" {
						req.Body = nil
					}
					req.Header.Set("Content-Type", ct)
					req.SetBasicAuth(s.PublicKey(), s.SecretKey())
					resp, err := c.Do(req)
					if err != nil {
						t.Fatalf("%s %s %.40q: %v", m, p, b, err)
					}
					_, _ = io.Copy(io.Discard, resp.Body)
					resp.Body.Close()
					if resp.StatusCode >= 500 {
						t.Errorf("%s %s %.40q: %d", m, p, b, resp.StatusCode)
					}
				}
			}
		}
	}
	// The token endpoint too.
	for _, b := range []string{"", "grant_type=client_credentials", "%zz", strings.Repeat("a=b&", 100000), "grant_type=x"} {
		for _, auth := range [][2]string{{s.ClientID(), s.ClientSecret()}, {"", ""}, {"%zz", "%"}, {"a", strings.Repeat("b", 100000)}} {
			req, _ := http.NewRequest("POST", s.TokenURL(), bytes.NewReader([]byte(b)))
			req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
			req.SetBasicAuth(auth[0], auth[1])
			resp, err := c.Do(req)
			if err != nil {
				t.Fatalf("token %q: %v", b, err)
			}
			resp.Body.Close()
			if resp.StatusCode >= 500 {
				t.Errorf("token %.20q: %d", b, resp.StatusCode)
			}
		}
	}
}

// Headers are bounded (431 past MaxHeaderBytes), so the bounded history is.
func TestAuditHugeHeaders(t *testing.T) {
	s := newServer(t)
	c := newClient(t)
	req, _ := http.NewRequest("GET", s.URL()+"/integrations", nil)
	req.Header.Set("X-Big", strings.Repeat("a", 512<<10))
	resp, err := c.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	if resp.StatusCode != http.StatusRequestHeaderFieldsTooLarge {
		t.Errorf("%d", resp.StatusCode)
	}
	if n := len(s.Requests()); n != 0 {
		t.Errorf("%d requests recorded", n)
	}
}
