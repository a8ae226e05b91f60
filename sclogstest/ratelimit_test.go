package sclogstest_test

import (
	"fmt"
	"net/http"
	"testing"
	"time"

	"github.com/sclogs/sclogs/sclogstest"
)

// Past n GET requests in a window the fake answers 429 without Retry-After
// (as Sendcloud); the token endpoint and writes are not limited.
func TestWithRateLimit(t *testing.T) {
	t.Parallel()
	s := sclogstest.NewServer(sclogstest.WithRateLimit(3, time.Hour))
	defer s.Close()
	get := func(path string) *http.Response {
		req, _ := http.NewRequest(http.MethodGet, s.URL()+path, nil)
		req.SetBasicAuth(s.PublicKey(), s.SecretKey())
		resp, err := http.DefaultClient.Do(req)
		if err != nil {
			t.Fatal(err)
		}
		resp.Body.Close()
		return resp
	}
	for i := range 3 {
		if r := get(fmt.Sprintf("/integrations/%d/logs", i+1)); r.StatusCode != 200 {
			t.Fatalf("request %d: %d", i+1, r.StatusCode)
		}
	}
	r := get("/integrations")
	if r.StatusCode != http.StatusTooManyRequests || r.Header.Get("Retry-After") != "" {
		t.Errorf("4th GET: %d, Retry-After %q; want 429 without", r.StatusCode, r.Header.Get("Retry-After"))
	}
	req, _ := http.NewRequest(http.MethodDelete, s.URL()+"/integrations/3", nil)
	req.SetBasicAuth(s.PublicKey(), s.SecretKey())
	resp, err := http.DefaultClient.Do(req)
	if err != nil || resp.StatusCode != http.StatusNoContent {
		t.Errorf("DELETE over the GET limit: %v %v", resp.StatusCode, err)
	}
	if st := s.RateLimitStats(); st != (sclogstest.RateLimitStats{Admitted: 3, Refused: 1, Peak: 3}) {
		t.Errorf("stats = %+v", st)
	}
	for _, bad := range [][2]int{{-1, 1}, {1, 0}, {0, 1}} {
		if _, err := sclogstest.Start(sclogstest.WithRateLimit(bad[0], time.Duration(bad[1]))); err == nil {
			t.Errorf("WithRateLimit(%d, %d) accepted", bad[0], bad[1])
		}
	}
}

// A window frees up as it slides.
func TestWithRateLimitSlides(t *testing.T) {
	t.Parallel()
	s := sclogstest.NewServer(sclogstest.WithRateLimit(2, 200*time.Millisecond))
	defer s.Close()
	codes := func() []int {
		var out []int
		for range 3 {
			req, _ := http.NewRequest(http.MethodGet, s.URL()+"/integrations", nil)
			req.SetBasicAuth(s.PublicKey(), s.SecretKey())
			resp, err := http.DefaultClient.Do(req)
			if err != nil {
				t.Fatal(err)
			}
			resp.Body.Close()
			out = append(out, resp.StatusCode)
		}
		return out
	}
	first := codes()
	time.Sleep(250 * time.Millisecond)
	second := codes()
	if fmt.Sprint(first) != "[200 200 429]" || fmt.Sprint(second) != "[200 200 429]" {
		t.Errorf("codes %v then %v, want 200 200 429 twice", first, second)
	}
}

// WithIntegrations seeds n integrations with distinct ids and overlapping
// time lines, listed whole by the account-wide endpoint.
func TestWithIntegrations(t *testing.T) {
	t.Parallel()
	s := sclogstest.NewServer(sclogstest.WithIntegrations(40), sclogstest.WithLogsPerIntegration(5))
	defer s.Close()
	if ids := s.Integrations(); len(ids) != 40 || ids[0] != 1 || ids[39] != 40 {
		t.Fatalf("integrations %v", ids)
	}
	for _, bad := range []int{0, -1, sclogstest.MaxIntegrations + 1} {
		if _, err := sclogstest.Start(sclogstest.WithIntegrations(bad)); err == nil {
			t.Errorf("WithIntegrations(%d) accepted", bad)
		}
	}
}
