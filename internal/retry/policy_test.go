package retry

import (
	"errors"
	"fmt"
	"io"
	"net"
	"net/http"
	"net/url"
	"os"
	"strings"
	"syscall"
	"testing"
	"time"
)

func TestRetryableRule(t *testing.T) {
	t.Parallel()
	dial := &url.Error{Op: "Post", URL: "https://x", Err: &net.OpError{Op: "dial", Net: "tcp", Err: &os.SyscallError{Syscall: "connect", Err: syscall.ECONNREFUSED}}}
	dialTimeout := &net.OpError{Op: "dial", Net: "tcp", Err: timeoutErr{}}
	reset := &url.Error{Op: "Post", URL: "https://x", Err: &net.OpError{Op: "read", Net: "tcp", Err: &os.SyscallError{Syscall: "read", Err: syscall.ECONNRESET}}}
	refusedRead := &net.OpError{Op: "read", Net: "tcp", Err: syscall.ECONNREFUSED} // connected, then refused: may have been sent
	timeout := &url.Error{Op: "Post", URL: "https://x", Err: timeoutErr{}}
	cutShort := fmt.Errorf("sclogs: %w after 10 bytes: %w", ErrCutShort, io.ErrUnexpectedEOF)
	eof := &url.Error{Op: "Post", URL: "https://x", Err: io.EOF}

	for _, tc := range []struct {
		name       string
		o          outcome
		idem, post bool // retried for GET/DELETE, for POST/PATCH
	}{
		{"dial refused", outcome{err: dial}, true, true},
		{"dial timeout", outcome{err: dialTimeout}, true, true},
		{"429", outcome{status: 429}, true, true},
		{"429 with Retry-After", outcome{status: 429, retryAfter: true}, true, true},
		{"503 with Retry-After", outcome{status: 503, retryAfter: true}, true, true},
		{"503 without Retry-After", outcome{status: 503}, true, false},
		{"500", outcome{status: 500}, true, false},
		{"502", outcome{status: 502}, true, false},
		{"504", outcome{status: 504}, true, false},
		{"408", outcome{status: 408}, true, false},
		{"reset after connect", outcome{err: reset}, true, false},
		{"refused on read", outcome{err: refusedRead}, true, false},
		{"timeout", outcome{err: timeout}, true, false},
		{"2xx body cut short", outcome{err: cutShort}, true, false},
		{"EOF", outcome{err: eof}, true, false},
		{"400", outcome{status: 400}, false, false},
		{"401", outcome{status: 401}, false, false},
		{"404", outcome{status: 404}, false, false},
		{"409", outcome{status: 409}, false, false},
		{"redirect refused", outcome{err: ErrRedirectOrigin}, false, false},
		{"unknown error", outcome{err: errors.New("boom")}, false, false},
	} {
		for _, m := range []string{http.MethodGet, "", http.MethodHead, http.MethodPut, http.MethodDelete, http.MethodOptions} {
			if got := retryable(m, tc.o); got != tc.idem {
				t.Errorf("%s %q: retryable = %v, want %v", tc.name, m, got, tc.idem)
			}
		}
		for _, m := range []string{http.MethodPost, http.MethodPatch, "CONNECT", "PROPFIND"} {
			if got := retryable(m, tc.o); got != tc.post {
				t.Errorf("%s %s: retryable = %v, want %v", tc.name, m, got, tc.post)
			}
		}
	}
}

type timeoutErr struct{}

func (timeoutErr) Error() string { return "i/o timeout" }

func (timeoutErr) Timeout() bool { return true }

func (timeoutErr) Temporary() bool { return true }

func TestHasRetryAfter(t *testing.T) {
	t.Parallel()
	now := time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC)
	for v, want := range map[string]bool{"": false, "2": true, "0": true, "soon": false, "-1": false,
		now.Add(time.Minute).Format(http.TimeFormat): true} {
		h := http.Header{}
		if v != "" {
			h.Set("Retry-After", v)
		}
		if got := hasRetryAfter(h, now); got != want {
			t.Errorf("Retry-After %q: %v, want %v", v, got, want)
		}
	}
}

func TestReplayable(t *testing.T) {
	t.Parallel()
	withBytes, _ := http.NewRequest(http.MethodPost, "http://h/x", strings.NewReader("{}"))
	opaque, _ := http.NewRequest(http.MethodPost, "http://h/x", io.NopCloser(strings.NewReader("{}")))
	none, _ := http.NewRequest(http.MethodGet, "http://h/x", nil)
	for name, tc := range map[string]struct {
		req  *http.Request
		want bool
	}{"no body": {none, true}, "bytes body": {withBytes, true}, "opaque body": {opaque, false}} {
		if got := replayable(tc.req); got != tc.want {
			t.Errorf("%s: replayable = %v, want %v", name, got, tc.want)
		}
	}
}
