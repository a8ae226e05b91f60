package sclogstest_test

import (
	"bytes"
	"fmt"
	"net/http"
	"runtime"
	"strings"
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
	t.Parallel()
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
	t.Parallel()
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

// oneLetterHeaders is about n bytes of one-letter header lines: what costs
// most per byte held as an http.Header.
func oneLetterHeaders(req *http.Request, n int) {
	for i := 0; i < n/6; i++ {
		req.Header.Add(string(rune('A'+i%26)), "b") // "A: b\r\n"
	}
}

// The history is bounded by bytes as well as by count: 400 requests of
// 60 KiB of one-letter header lines each, refused for their credentials,
// hold at most DefaultHistoryBytes (they cost ~16 times their size as
// http.Header maps before). Not parallel: it measures the heap.
func TestHistoryIsBoundedByBytes(t *testing.T) {
	s := newServer(t)
	c := newClient(t)
	heap := func() uint64 {
		runtime.GC()
		var m runtime.MemStats
		runtime.ReadMemStats(&m)
		return m.HeapAlloc
	}
	before := heap()
	const n, size = 400, 60 << 10
	for i := range n {
		req := newGet(t, s, fmt.Sprintf("/integrations/1/logs?n=%d", i))
		req.SetBasicAuth("nobody", "wrong")
		oneLetterHeaders(req, size)
		if got := do(t, c, req); got.status != http.StatusUnauthorized {
			t.Fatalf("status %d, want 401", got.status)
		}
	}
	grown := int64(heap()) - int64(before)
	reqs := s.Requests()
	t.Logf("%d requests kept, heap grew %d MiB", len(reqs), grown>>20)
	if grown > 2*sclogstest.DefaultHistoryBytes {
		t.Errorf("heap grew %d MiB after %d requests of %d KiB of headers: the history is not bounded by bytes", grown>>20, n, size>>10)
	}
	if len(reqs) == 0 || len(reqs) >= n || reqs[len(reqs)-1].URL.Query().Get("n") != fmt.Sprint(n-1) {
		t.Fatalf("%d requests kept: want the newest ones, fewer than %d", len(reqs), n)
	}
	if got, want := len(reqs[len(reqs)-1].Header["Q"]), (size/6+25-16)/26; got != want {
		t.Errorf("the newest request kept %d Q header lines, want all %d", got, want)
	}
	runtime.KeepAlive(s)
}

// WithHistoryBytes bounds the history's bytes: the oldest go first, the
// newest is always kept.
func TestWithHistoryBytes(t *testing.T) {
	t.Parallel()
	s := newServer(t, sclogstest.WithHistoryBytes(8<<10))
	c := newClient(t)
	for i := range 10 {
		req := newGet(t, s, fmt.Sprintf("/integrations/1/logs?page_size=%d", i+1))
		req.Header.Set("X-Pad", strings.Repeat("p", 3000))
		do(t, c, req)
	}
	var got []string
	for _, r := range s.Requests() {
		got = append(got, r.URL.Query().Get("page_size"))
		if r.Header.Get("X-Pad") == "" || r.Header.Get("Authorization") == "" {
			t.Errorf("headers not kept as received: %v", r.Header)
		}
	}
	if fmt.Sprint(got) != "[9 10]" {
		t.Errorf("kept %v, want [9 10] (two requests of ~3.5 KiB in 8 KiB)", got)
	}
	if _, err := sclogstest.Start(sclogstest.WithHistoryBytes(0)); err == nil {
		t.Error("WithHistoryBytes(0) accepted")
	}
}
