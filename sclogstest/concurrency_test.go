package sclogstest_test

import (
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"sync"
	"testing"

	"github.com/sclogs/sclogs/gen"
	"github.com/sclogs/sclogs/sclogstest"
)

// fetch is a GET that reports errors instead of failing the test, for use
// off the test goroutine.
func fetch(s *sclogstest.Server, c *http.Client, ref string) (status int, link string, n int, err error) {
	req, err := http.NewRequest(http.MethodGet, ref, nil)
	if err != nil {
		return 0, "", 0, err
	}
	req.SetBasicAuth(s.PublicKey(), s.SecretKey())
	resp, err := c.Do(req)
	if err != nil {
		return 0, "", 0, err
	}
	defer resp.Body.Close()
	b, err := io.ReadAll(resp.Body)
	if err != nil || resp.StatusCode != http.StatusOK {
		return resp.StatusCode, "", 0, err
	}
	var p page
	if err := json.Unmarshal(b, &p); err != nil {
		return resp.StatusCode, "", 0, err
	}
	return resp.StatusCode, resp.Header.Get("Link"), len(p.Data), nil
}

// count lists an integration to the end and returns how many records it had.
func count(s *sclogstest.Server, c *http.Client, integ, size int) (int, error) {
	ref, total := s.URL()+logsPath(integ, size), 0
	for {
		status, link, n, err := fetch(s, c, ref)
		if err != nil || status != http.StatusOK {
			return total, fmt.Errorf("status %d: %v", status, err)
		}
		total += n
		m := linkRe.FindStringSubmatch(link)
		if m == nil {
			return total, nil
		}
		ref = m[1]
	}
}

// TestConcurrentUse lists, adds, fails and reads requests at once; run with
// -race. Every listing of a seeded integration stays complete.
func TestConcurrentUse(t *testing.T) {
	t.Parallel()
	s := newServer(t)
	c := newClient(t)
	var wg sync.WaitGroup
	for g := range 12 {
		wg.Go(func() {
			integ := g%3 + 1
			if n, err := count(s, c, integ, 10); n != 100 || err != nil {
				t.Errorf("integration %d: %d records, %v", integ, n, err)
			}
		})
	}
	for range 4 {
		wg.Go(func() {
			for range 20 {
				s.AddLogs(4, gen.IntegrationLog{BaseURL: "https://x.example"})
				_ = s.Requests()
				_ = s.Integrations()
				_ = s.TokensIssued()
			}
		})
	}
	wg.Wait()
	if n := len(listAll(t, s, c, 4, 100).records); n != 80 {
		t.Errorf("integration 4: %d records, want 80", n)
	}

	// Each queued fault is taken by exactly one of many concurrent requests.
	s.Fail(sclogstest.Fault{Status: 503}, sclogstest.Fault{Status: 503}, sclogstest.Fault{Status: 503})
	var mu sync.Mutex
	statuses := map[int]int{}
	for range 10 {
		wg.Go(func() {
			status, _, _, err := fetch(s, c, s.URL()+logsPath(1, 0))
			if err != nil {
				t.Error(err)
			}
			mu.Lock()
			statuses[status]++
			mu.Unlock()
		})
	}
	wg.Wait()
	if statuses[http.StatusServiceUnavailable] != 3 || statuses[http.StatusOK] != 7 {
		t.Errorf("statuses %v, want three 503 and seven 200", statuses)
	}
}
