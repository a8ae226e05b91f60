package sclogstest_test

import (
	"context"
	"errors"
	"io"
	"net/http"
	"strconv"
	"testing"
	"time"

	"github.com/sclogs/sclogs/sclogstest"
)

func TestStatusFaults(t *testing.T) {
	t.Parallel()
	s := newServer(t)
	c := newClient(t)
	date := time.Date(2026, 1, 2, 3, 4, 5, 0, time.UTC).Format(http.TimeFormat)
	s.Fail(
		sclogstest.Fault{Status: 429, RetryAfter: "2"},
		sclogstest.Fault{Status: 429, RetryAfter: date},
		sclogstest.Fault{Status: 500},
		sclogstest.Fault{}, // lets one through
		sclogstest.Fault{Status: 502},
		sclogstest.Fault{Status: 503, RetryAfter: "0"},
		sclogstest.Fault{Status: 200}, // out of range: served as 500
	)
	want := []struct {
		status     int
		retryAfter string
	}{{429, "2"}, {429, date}, {500, ""}, {200, ""}, {502, ""}, {503, "0"}, {500, ""}, {200, ""}}
	for i, w := range want {
		if got := s.PendingFaults(); got != max(0, 7-i) {
			t.Errorf("before request %d: %d faults pending, want %d", i, got, max(0, 7-i))
		}
		r := get(t, s, c, logsPath(1, 0))
		if r.status != w.status || r.header.Get("Retry-After") != w.retryAfter {
			t.Fatalf("request %d: status %d Retry-After %q, want %d %q", i, r.status, r.header.Get("Retry-After"), w.status, w.retryAfter)
		}
		if w.status == 200 {
			decodePage(t, r)
			continue
		}
		if e := apiErrors(t, r)[0]; e["status"] != strconv.Itoa(w.status) || e["code"] == "" || e["detail"] == "" {
			t.Errorf("request %d: error %v", i, e)
		}
	}
	if n := len(s.Requests()); n != len(want) {
		t.Errorf("%d requests recorded, want %d (faulted ones too)", n, len(want))
	}
}

// Faults are for logs requests: token requests and other paths leave them.
// Faults take API requests of the spec's operations only: not token
// requests, not unknown paths.
func TestFaultsOnlyTakeAPIRequests(t *testing.T) {
	t.Parallel()
	s := newServer(t)
	c := newClient(t)
	s.Fail(sclogstest.Fault{Status: 503})
	fetchToken(t, s, c, s.ClientID(), s.ClientSecret(), "client_credentials", false)
	get(t, s, c, "/elsewhere")
	if s.PendingFaults() != 1 {
		t.Fatal("a token request or an unknown path took the fault")
	}
	if r := get(t, s, c, logsPath(1, 0)); r.status != 503 {
		t.Errorf("status %d, want 503", r.status)
	}
}

func TestDropConnection(t *testing.T) {
	t.Parallel()
	s := newServer(t)
	s.Fail(sclogstest.Fault{DropConnection: true})
	// A fresh connection: Go's transport does not resend on it by itself.
	c := newClient(t)
	resp, err := c.Do(newGet(t, s, logsPath(1, 0)))
	if err == nil {
		resp.Body.Close()
		t.Fatalf("dropped connection gave status %d", resp.StatusCode)
	}
	if n := len(s.Requests()); n != 1 {
		t.Errorf("%d requests, want 1", n)
	}
	decodePage(t, get(t, s, c, logsPath(1, 0)))
}

func TestTruncateBody(t *testing.T) {
	t.Parallel()
	s := newServer(t)
	s.Fail(sclogstest.Fault{TruncateBody: true}, sclogstest.Fault{Status: 500, TruncateBody: true})
	c := newClient(t)
	for _, want := range []int{200, 500} {
		resp, err := c.Do(newGet(t, s, logsPath(1, 0)))
		if err != nil {
			t.Fatal(err)
		}
		b, err := io.ReadAll(resp.Body)
		resp.Body.Close()
		if resp.StatusCode != want || !errors.Is(err, io.ErrUnexpectedEOF) {
			t.Errorf("status %d, read error %v; want %d and an unexpected EOF", resp.StatusCode, err, want)
		}
		if resp.ContentLength <= int64(len(b)) || len(b) == 0 {
			t.Errorf("declared %d bytes, sent %d", resp.ContentLength, len(b))
		}
		if resp.Header.Get("X-Request-Id") == "" {
			t.Error("truncated answer without X-Request-Id")
		}
	}
	decodePage(t, get(t, s, c, logsPath(1, 0)))
}

// waitForRequests polls until the server has received n requests.
func waitForRequests(t *testing.T, s *sclogstest.Server, n int) {
	t.Helper()
	for len(s.Requests()) < n {
		time.Sleep(time.Millisecond)
	}
}

// TestLatency: a request under a latency fault is still pending after the
// server has received it; cancelling it frees the server, and the next
// request is served at once.
func TestLatency(t *testing.T) {
	t.Parallel()
	for name, opts := range map[string][]sclogstest.Option{"fault": nil, "global": {sclogstest.WithLatency(time.Hour)}} {
		t.Run(name, func(t *testing.T) {
			s := newServer(t, opts...)
			if name == "fault" {
				s.Fail(sclogstest.Fault{Latency: time.Hour})
			}
			c := newClient(t)
			ctx, cancel := context.WithCancel(context.Background())
			go func() { waitForRequests(t, s, 1); cancel() }()
			req := newGet(t, s, logsPath(1, 0)).WithContext(ctx)
			resp, err := c.Do(req)
			if err == nil {
				resp.Body.Close()
				t.Fatalf("status %d before the latency ended", resp.StatusCode)
			}
			if !errors.Is(err, context.Canceled) {
				t.Fatalf("error %v, want context.Canceled", err)
			}
			if name == "fault" {
				decodePage(t, get(t, s, c, logsPath(1, 0)))
			}
		})
	}
}

// TestCloseCutsLatencyShort: Close returns while a request waits out an
// hour's latency (the test would time out otherwise).
func TestCloseCutsLatencyShort(t *testing.T) {
	t.Parallel()
	s, err := sclogstest.Start()
	if err != nil {
		t.Fatal(err)
	}
	s.Fail(sclogstest.Fault{Latency: time.Hour})
	c := newClient(t)
	done := make(chan error)
	req := newGet(t, s, logsPath(1, 0))
	go func() {
		resp, err := c.Do(req)
		if err == nil {
			resp.Body.Close()
		}
		done <- err
	}()
	waitForRequests(t, s, 1)
	s.Close()
	s.Close() // twice is fine
	if err := <-done; err == nil {
		t.Error("a request cut short by Close got an answer")
	}
}
