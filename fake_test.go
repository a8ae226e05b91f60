package sclogs

import (
	"context"
	"errors"
	"strings"
	"testing"
	"time"

	"github.com/sclogs/sclogs/sclogstest"
)

// The client end to end against the fake: auth, errors and retries as a user
// meets them, with the client's waits recorded by the fake clock.

func fakeClient(t *testing.T, srv *sclogstest.Server, opts ...Option) (*Client, *fakeClock) {
	t.Helper()
	c, err := NewClient(append([]Option{WithBaseURL(srv.URL())}, opts...)...)
	if err != nil {
		t.Fatal(err)
	}
	clock := newFakeClock()
	clock.install(c)
	return c, clock
}

func newFake(t *testing.T, opts ...sclogstest.Option) *sclogstest.Server {
	t.Helper()
	srv := sclogstest.NewServer(opts...)
	t.Cleanup(srv.Close)
	return srv
}

func basic() Option {
	return WithBasicAuth(sclogstest.DefaultPublicKey, sclogstest.DefaultSecretKey)
}

func TestFakeAuth(t *testing.T) {
	srv := newFake(t)
	ctx := context.Background()

	c, _ := fakeClient(t, srv, WithBasicAuth(sclogstest.DefaultPublicKey, "wrong"))
	_, err := c.ListLogs(ctx, 1, nil)
	var apiErr *APIError
	if !errors.Is(err, ErrUnauthorized) || !errors.As(err, &apiErr) || apiErr.Errors[0].Code != "authentication_failed" {
		t.Fatalf("wrong secret: %v, want 401 authentication_failed", err)
	}
	if strings.Contains(err.Error(), "wrong") {
		t.Errorf("error shows the secret: %v", err)
	}

	c, _ = fakeClient(t, srv, WithOAuth2ClientCredentials(sclogstest.DefaultClientID, sclogstest.DefaultClientSecret),
		WithTokenURL(srv.TokenURL()))
	for range 3 {
		if _, err := c.ListLogs(ctx, 1, &ListOptions{PageSize: 5}); err != nil {
			t.Fatal(err)
		}
	}
	if n := srv.TokensIssued(); n != 1 {
		t.Errorf("OAuth2: %d tokens fetched for 3 requests, want 1", n)
	}

	c, _ = fakeClient(t, srv, WithOAuth2ClientCredentials(sclogstest.DefaultClientID, "nope"), WithTokenURL(srv.TokenURL()))
	if _, err := c.ListLogs(ctx, 1, nil); !errors.Is(err, ErrUnauthorized) || strings.Contains(err.Error(), "nope") {
		t.Errorf("bad client secret: %v, want ErrUnauthorized without the secret", err)
	}
}

func TestFakeNotFound(t *testing.T) {
	srv := newFake(t)
	c, clock := fakeClient(t, srv, basic())
	_, err := c.ListLogs(context.Background(), 999, nil)
	want := "sclogs: 404 Not Found: not_found: The Integration could not be found with the search criteria given"
	if !errors.Is(err, ErrNotFound) || !strings.HasPrefix(err.Error(), want) {
		t.Fatalf("got %v, want %q", err, want)
	}
	var apiErr *APIError
	if errors.As(err, &apiErr); apiErr.RequestID == "" || apiErr.Errors[0].Status != 404 {
		t.Errorf("request id %q, status %d", apiErr.RequestID, apiErr.Errors[0].Status)
	}
	if len(clock.slept()) != 0 {
		t.Errorf("a 404 was retried")
	}
}

func TestFakeFaultsAreRetried(t *testing.T) {
	cases := map[string]sclogstest.Fault{
		"503 with Retry-After 0": {Status: 503, RetryAfter: "0"},
		"429 with Retry-After 2": {Status: 429, RetryAfter: "2"},
		"502":                    {Status: 502},
		"500":                    {Status: 500},
		"dropped connection":     {DropConnection: true},
		"body cut short":         {TruncateBody: true},
	}
	for name, fault := range cases {
		t.Run(name, func(t *testing.T) {
			srv := newFake(t)
			c, clock := fakeClient(t, srv, basic())
			srv.Fail(fault, fault)
			n := 0
			for _, err := range c.Logs(context.Background(), 1, &ListOptions{PageSize: 50}) {
				if err != nil {
					t.Fatal(err)
				}
				n++
			}
			if n != sclogstest.DefaultLogsPerIntegration {
				t.Errorf("%d records after faults, want %d", n, sclogstest.DefaultLogsPerIntegration)
			}
			if got := len(clock.slept()); got != 2 {
				t.Errorf("waited %d times, want 2 (one per fault)", got)
			}
			if fault.RetryAfter == "2" && clock.slept()[0] != 2*time.Second {
				t.Errorf("waited %v, want the server's Retry-After of 2s", clock.slept()[0])
			}
		})
	}
}

func TestFakeRetryAfterTooLongFailsAtOnce(t *testing.T) {
	srv := newFake(t)
	c, clock := fakeClient(t, srv, basic())
	srv.Fail(sclogstest.Fault{Status: 429, RetryAfter: "3600"})
	_, err := c.ListLogs(context.Background(), 1, nil)
	if !errors.Is(err, ErrRateLimited) {
		t.Fatalf("got %v, want ErrRateLimited", err)
	}
	if len(clock.slept()) != 0 {
		t.Errorf("slept %v before giving up", clock.slept())
	}
}

func TestFakeGivesUpAfterMaxRetries(t *testing.T) {
	srv := newFake(t)
	c, clock := fakeClient(t, srv, basic(), WithMaxRetries(2))
	srv.Fail(sclogstest.Fault{Status: 500}, sclogstest.Fault{Status: 500}, sclogstest.Fault{Status: 500}, sclogstest.Fault{Status: 500})
	_, err := c.ListLogs(context.Background(), 1, nil)
	var apiErr *APIError
	if !errors.As(err, &apiErr) || apiErr.StatusCode != 500 || apiErr.Attempts != 3 {
		t.Fatalf("got %v, want a 500 after 3 attempts", err)
	}
	if !strings.Contains(err.Error(), "giving up after 3 attempts") {
		t.Errorf("error does not say how many attempts: %v", err)
	}
	if len(clock.slept()) != 2 || srv.PendingFaults() != 1 {
		t.Errorf("slept %d times, %d faults left; want 2 and 1", len(clock.slept()), srv.PendingFaults())
	}
}
