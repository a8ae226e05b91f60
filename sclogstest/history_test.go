package sclogstest_test

import (
	"bytes"
	"fmt"
	"net/http"
	"testing"

	"github.com/sclogs/sclogs/sclogstest"
)

// post sends a POST with body to the token endpoint (any path is recorded).
func post(t *testing.T, s *sclogstest.Server, c *http.Client, body []byte) {
	t.Helper()
	req, err := http.NewRequest(http.MethodPost, s.TokenURL(), bytes.NewReader(body))
	if err != nil {
		t.Fatal(err)
	}
	do(t, c, req)
}

// By default the history keeps the last DefaultHistory requests, oldest
// first, bodies cut to MaxHistoryBody: a server left running does not grow.
func TestHistoryIsBoundedByDefault(t *testing.T) {
	s := newServer(t)
	c := newClient(t)
	n := sclogstest.DefaultHistory + 25
	for i := range n {
		get(t, s, c, fmt.Sprintf("/integrations/1/logs?page_size=%d", i%100+1))
	}
	reqs := s.Requests()
	if len(reqs) != sclogstest.DefaultHistory {
		t.Fatalf("%d requests kept, want the last %d", len(reqs), sclogstest.DefaultHistory)
	}
	// The oldest kept is request 25 (page_size 26), the newest the last.
	if got, want := reqs[0].URL.Query().Get("page_size"), "26"; got != want {
		t.Errorf("oldest kept has page_size %s, want %s", got, want)
	}
	if got, want := reqs[len(reqs)-1].URL.Query().Get("page_size"), fmt.Sprint((n-1)%100+1); got != want {
		t.Errorf("newest kept has page_size %s, want %s", got, want)
	}

	big := bytes.Repeat([]byte("x"), 1<<20)
	post(t, s, c, big)
	last := s.Requests()[sclogstest.DefaultHistory-1]
	if len(last.Body) != sclogstest.MaxHistoryBody || !last.BodyTruncated {
		t.Errorf("body of %d bytes kept (truncated %v), want %d", len(last.Body), last.BodyTruncated, sclogstest.MaxHistoryBody)
	}
	post(t, s, c, []byte("grant_type=client_credentials"))
	if last := s.Requests()[sclogstest.DefaultHistory-1]; string(last.Body) != "grant_type=client_credentials" || last.BodyTruncated {
		t.Errorf("short body kept as %q (truncated %v)", last.Body, last.BodyTruncated)
	}
}

func TestWithHistory(t *testing.T) {
	s := newServer(t, sclogstest.WithHistory(3))
	c := newClient(t)
	for i := 1; i <= 7; i++ {
		get(t, s, c, fmt.Sprintf("/integrations/1/logs?page_size=%d", i))
	}
	var got []string
	for _, r := range s.Requests() {
		got = append(got, r.URL.Query().Get("page_size"))
	}
	if fmt.Sprint(got) != "[5 6 7]" {
		t.Errorf("kept %v, want [5 6 7]", got)
	}
	if _, err := sclogstest.Start(sclogstest.WithHistory(0)); err == nil {
		t.Error("WithHistory(0) accepted")
	}
}

// Tests that need every request ask for it.
func TestWithFullHistory(t *testing.T) {
	s := newServer(t, sclogstest.WithFullHistory())
	c := newClient(t)
	n := sclogstest.DefaultHistory + 5
	for range n {
		get(t, s, c, "/integrations/1/logs?page_size=1")
	}
	big := bytes.Repeat([]byte("y"), sclogstest.MaxRecordedBody+10)
	post(t, s, c, big)
	reqs := s.Requests()
	if len(reqs) != n+1 {
		t.Fatalf("%d requests kept, want all %d", len(reqs), n+1)
	}
	if last := reqs[n]; len(last.Body) != sclogstest.MaxRecordedBody || !last.BodyTruncated {
		t.Errorf("body of %d bytes kept, want %d", len(last.Body), sclogstest.MaxRecordedBody)
	}
}
