package sclogstest_test

import (
	"bufio"
	"bytes"
	"fmt"
	"io"
	"net"
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/sclogs/sclogs/sclogstest"
)

// hangGuard bounds a wait on a connection: a hang fails the test; it
// asserts nothing about speed.
const hangGuard = 30 * time.Second

// stalledPost opens a connection and sends a POST's headers with
// Content-Length 1000 and one byte of the body, then nothing.
func stalledPost(t *testing.T, s *sclogstest.Server, auth string) net.Conn {
	t.Helper()
	u := strings.TrimPrefix(s.URL(), "http://")
	host, _, _ := strings.Cut(u, "/")
	conn, err := net.Dial("tcp", host)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { conn.Close() })
	fmt.Fprintf(conn, "POST /api/v3/integrations/1/logs HTTP/1.1\r\nHost: %s\r\nAuthorization: %s\r\nContent-Type: application/json\r\nContent-Length: 1000\r\n\r\n{", host, auth)
	_ = conn.SetDeadline(time.Now().Add(hangGuard))
	return conn
}

// answerAndClose reads the response on conn and then waits for the server
// to close the connection; it returns the status.
func answerAndClose(t *testing.T, conn net.Conn) int {
	t.Helper()
	br := bufio.NewReader(conn)
	resp, err := http.ReadResponse(br, nil)
	if err != nil {
		t.Fatalf("no answer to a stalled request: %v", err)
	}
	_, _ = io.Copy(io.Discard, resp.Body)
	resp.Body.Close()
	if _, err := br.ReadByte(); err != io.EOF {
		t.Fatalf("after the answer: %v, want the server to close the connection", err)
	}
	return resp.StatusCode
}

func basic(user, pass string) string {
	r, _ := http.NewRequest(http.MethodGet, "http://x", nil)
	r.SetBasicAuth(user, pass)
	return r.Header.Get("Authorization")
}

// Credentials are checked before the body is read: a request they refuse
// is answered 401 at once, its body never waited for, and its connection
// closed; it is recorded without a body. Many such stalled connections do
// not stay open.
func TestCredentialsCheckedBeforeTheBody(t *testing.T) {
	t.Parallel()
	s := newServer(t, sclogstest.WithReadTimeout(time.Second))
	conns := make([]net.Conn, 50)
	for i := range conns {
		conns[i] = stalledPost(t, s, basic(s.PublicKey(), "wrong"))
	}
	for _, conn := range conns {
		if code := answerAndClose(t, conn); code != http.StatusUnauthorized {
			t.Fatalf("status %d, want 401", code)
		}
	}
	reqs := s.Requests()
	if len(reqs) != len(conns) {
		t.Fatalf("%d requests recorded, want %d", len(reqs), len(conns))
	}
	if r := reqs[0]; len(r.Body) != 0 || !r.BodyTruncated {
		t.Errorf("refused request recorded with body %q (truncated %v): want none, truncated", r.Body, r.BodyTruncated)
	}
}

// A body that stalls is bounded in time too, with valid credentials: 408
// and the connection closed after WithReadTimeout.
func TestStalledBodyTimesOut(t *testing.T) {
	t.Parallel()
	s := newServer(t, sclogstest.WithReadTimeout(200*time.Millisecond))
	conn := stalledPost(t, s, basic(s.PublicKey(), s.SecretKey()))
	if code := answerAndClose(t, conn); code != http.StatusRequestTimeout {
		t.Errorf("status %d, want 408", code)
	}
	// Stalled headers: the connection is closed without an answer.
	u := strings.TrimPrefix(s.URL(), "http://")
	host, _, _ := strings.Cut(u, "/")
	hc, err := net.Dial("tcp", host)
	if err != nil {
		t.Fatal(err)
	}
	defer hc.Close()
	_ = hc.SetDeadline(time.Now().Add(hangGuard))
	fmt.Fprintf(hc, "GET /api/v3/integrations HTTP/1.1\r\nHost: %s\r\nX-Slow: ", host)
	if _, err := io.ReadAll(hc); err != nil {
		t.Errorf("stalled headers: %v, want the server to close the connection", err)
	}
	if _, err := sclogstest.Start(sclogstest.WithReadTimeout(0)); err == nil {
		t.Error("WithReadTimeout(0) accepted")
	}
}

// A request with valid credentials that arrives whole is served as before,
// its body recorded, even with a latency longer than the read timeout.
func TestReadTimeoutSparesLatency(t *testing.T) {
	t.Parallel()
	s := newServer(t, sclogstest.WithReadTimeout(100*time.Millisecond), sclogstest.WithLatency(300*time.Millisecond))
	c := newClient(t)
	got := do(t, c, newReq(t, s, http.MethodPost, "/integrations/1/logs", `{"base_url":"https://a"}`))
	if got.status != http.StatusCreated {
		t.Fatalf("status %d %s, want 201", got.status, got.body)
	}
	if got := get(t, s, c, "/integrations"); got.status != http.StatusOK {
		t.Fatalf("GET status %d, want 200", got.status)
	}
	reqs := s.Requests()
	if string(reqs[0].Body) != `{"base_url":"https://a"}` {
		t.Errorf("body recorded as %q", reqs[0].Body)
	}
}

// The fake takes hostile requests without a panic (net/http would recover
// it and drop the connection: a transport error here) or a 500.
func TestServerTakesHostileRequests(t *testing.T) {
	t.Parallel()
	s := newServer(t)
	c := newClient(t)
	deep := strings.Repeat("[", 100000)
	bodies := []string{"", "null", "[]", "{}", `{"base_url":5}`, deep, `{"base_url":` + deep, "\x00\xff",
		`{"base_url":"x","created_at":"99999-01-01T00:00:00Z"}`, `{"base_url":"x","created_at":"0000-01-01T00:00:00Z"}`,
		`{"base_url":"x","response_code":1e400}`, `{"base_url":"x","response_code":-99999999999999999999}`,
		`{"base_url":"x","request":{"headers":` + deep + `}}`, `{"base_url":"x"}{"base_url":"y"}`,
		`{"base_url":"x","base_url":"y"}`, `{"feedback_type":"x","shop_name":5}`, `{"webhook_url":null}`,
		// Just past the limit: the boundary is what is tested, and each byte
		// costs under the race detector.
		strings.Repeat(" ", sclogstest.MaxRequestBody+1), `{"base_url":"` + strings.Repeat("a", sclogstest.MaxRequestBody) + `"}`}
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
func TestServerRefusesHugeHeaders(t *testing.T) {
	t.Parallel()
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
