package sclogs

import (
	"context"
	"encoding/base64"
	"errors"
	"fmt"
	"net/http"
	"net/http/httptest"
	"runtime"
	"strings"
	"testing"
	"time"

	"github.com/sclogs/sclogs/gen"
	"github.com/sclogs/sclogs/sclogstest"
)

// A call through Raw goes through the same transport as Logs: it is retried
// on a 503, carries the credentials on every attempt, and a non-2xx answer is
// an *APIError (the generated client alone would return it as a response
// with a nil error).
func TestRawRetriesAuthenticatesAndTypesErrors(t *testing.T) {
	t.Parallel()
	srv := newFake(t)
	c, clock := fakeClient(t, srv, basic(), WithPartnerID("p-1"), WithUserAgent("raw-test"))
	ctx := context.Background()

	srv.Fail(sclogstest.Fault{Status: http.StatusServiceUnavailable})
	resp, err := c.Raw().ListIntegrationLogsWithResponse(ctx, 1, &gen.ListIntegrationLogsParams{PageSize: new(5)})
	if err != nil {
		t.Fatalf("raw call after one 503: %v", err)
	}
	if resp.StatusCode() != http.StatusOK || len(resp.JSON200.GetData()) != 5 {
		t.Fatalf("status %d, %d records; want 200 and 5", resp.StatusCode(), len(resp.JSON200.GetData()))
	}
	if n := len(clock.slept()); n != 1 {
		t.Errorf("%d waits, want 1 (one retry)", n)
	}
	reqs := srv.Requests()
	if len(reqs) != 2 {
		t.Fatalf("%d requests, want 2 (503, then the retry)", len(reqs))
	}
	wantAuth := "Basic " + base64.StdEncoding.EncodeToString([]byte(sclogstest.DefaultPublicKey+":"+sclogstest.DefaultSecretKey))
	for i, r := range reqs {
		if got := r.Header.Get("Authorization"); got != wantAuth {
			t.Errorf("request %d: Authorization %q, want the Basic credentials", i, got)
		}
		if got := r.Header.Get("Sendcloud-Partner-Id"); got != "p-1" {
			t.Errorf("request %d: partner id %q", i, got)
		}
		if got := r.Header.Get("User-Agent"); got != "sclogs/"+Version+" raw-test" {
			t.Errorf("request %d: User-Agent %q", i, got)
		}
		if r.URL.Path != "/api/v3/integrations/1/logs" || r.URL.Query().Get("page_size") != "5" {
			t.Errorf("request %d: %s, want /api/v3/integrations/1/logs?page_size=5", i, r.URL)
		}
	}

	// 404: the error of the call, typed; no response.
	resp, err = c.Raw().ListIntegrationLogsWithResponse(ctx, 424242, nil)
	var apiErr *APIError
	if !errors.As(err, &apiErr) || !errors.Is(err, ErrNotFound) || apiErr.StatusCode != http.StatusNotFound || resp != nil {
		t.Fatalf("unknown integration: resp %v, err %v; want a nil response and an *APIError matching ErrNotFound", resp, err)
	}

	// Retries run out: the last 503, with the attempts made.
	srv.Fail(sclogstest.Fault{Status: 503}, sclogstest.Fault{Status: 503}, sclogstest.Fault{Status: 503},
		sclogstest.Fault{Status: 503}, sclogstest.Fault{Status: 503})
	_, err = c.Raw().ListIntegrationLogs(ctx, 1, nil)
	if !errors.As(err, &apiErr) || apiErr.StatusCode != 503 || apiErr.Attempts != DefaultMaxRetries+1 {
		t.Fatalf("five 503s: %v, want an *APIError 503 after %d attempts", err, DefaultMaxRetries+1)
	}
}

// Bad credentials through Raw: a 401 *APIError, and the secret is not in it.
func TestRawUnauthorized(t *testing.T) {
	t.Parallel()
	srv := newFake(t)
	c, _ := fakeClient(t, srv, WithBasicAuth(sclogstest.DefaultPublicKey, "not-the-secret"))
	_, err := c.Raw().ListIntegrationLogsWithResponse(context.Background(), 1, nil)
	if !errors.Is(err, ErrUnauthorized) {
		t.Fatalf("err = %v, want ErrUnauthorized", err)
	}
}

// Each Raw value is the caller's own: adding an editor to one changes
// neither c nor the next Raw.
func TestRawIsACopy(t *testing.T) {
	t.Parallel()
	srv := newFake(t)
	c, _ := fakeClient(t, srv, basic())
	r := c.Raw()
	gc := r.ClientInterface.(*gen.Client)
	gc.RequestEditors = append(gc.RequestEditors, func(context.Context, *http.Request) error {
		return errors.New("editor added to one Raw value")
	})
	if _, err := c.Raw().ListIntegrationLogsWithResponse(context.Background(), 1, nil); err != nil {
		t.Fatalf("a new Raw value: %v", err)
	}
	if _, err := c.ListLogs(context.Background(), 1, nil); err != nil {
		t.Fatalf("the client itself: %v", err)
	}
	if _, err := r.ListIntegrationLogsWithResponse(context.Background(), 1, nil); err == nil {
		t.Fatal("the changed Raw value did not use its own editor")
	}
}

// WithRetryBackoff shortens the waits between retries: five injected 503s
// cost five waits below a millisecond each (the clock records the waits at
// the top of the jitter range).
func TestWithRetryBackoff(t *testing.T) {
	t.Parallel()
	srv := newFake(t)
	c, clock := fakeClient(t, srv, basic(), WithMaxRetries(5), WithRetryBackoff(time.Millisecond, 2*time.Millisecond))
	for range 5 {
		srv.Fail(sclogstest.Fault{Status: http.StatusServiceUnavailable})
	}
	if _, err := c.ListLogs(context.Background(), 1, nil); err != nil {
		t.Fatal(err)
	}
	slept := clock.slept()
	want := []time.Duration{time.Millisecond - 1, 2*time.Millisecond - 1, 2*time.Millisecond - 1,
		2*time.Millisecond - 1, 2*time.Millisecond - 1}
	if len(slept) != len(want) {
		t.Fatalf("waits %v, want %v", slept, want)
	}
	for i := range want {
		if slept[i] != want[i] {
			t.Fatalf("waits %v, want %v", slept, want)
		}
	}

	// However many attempts, the wait stays under the cap.
	if got := c.doer.Backoff(1000); got >= 2*time.Millisecond {
		t.Errorf("attempt 1000 waits %s, over the 2ms cap", got)
	}

	for _, bad := range [][2]time.Duration{{0, time.Second}, {-time.Second, time.Second}, {time.Second, time.Millisecond},
		{time.Second, 2 * time.Hour}} {
		if _, err := NewClient(WithRetryBackoff(bad[0], bad[1])); err == nil {
			t.Errorf("WithRetryBackoff(%s, %s): no error", bad[0], bad[1])
		}
	}
}

// Raw decodes with encoding/json: the same limit applies before it does.
func TestRawAmplification(t *testing.T) {
	list := `[` + strings.Repeat("{},", 5<<20) + `{}]`
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "application/json")
		_, _ = w.Write([]byte(`{"data":` + list + `}`))
	}))
	defer srv.Close()
	c := auditClient(t, srv)
	var before, after runtime.MemStats
	runtime.GC()
	runtime.ReadMemStats(&before)
	_, err := c.Raw().ListIntegrationsWithResponse(context.Background(), nil)
	runtime.ReadMemStats(&after)
	if alloc := (after.TotalAlloc - before.TotalAlloc) >> 20; !errors.Is(err, ErrInvalidResponse) || alloc > 96 {
		t.Errorf("%v; allocated %d MiB", err, alloc)
	}
	onePrefix(t, "raw", err)
}

// Through Raw, errors are typed and carry the prefix once; header names
// that echo a secret are scrubbed from APIError.Header.
func TestRawAndHeaderNames(t *testing.T) {
	t.Parallel()
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

// Raw hands out the prefix of a 2xx body that is not JSON: a credential
// across the end of that prefix leaves no piece in it.
func TestRawNonJSONPrefix(t *testing.T) {
	t.Parallel()
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
