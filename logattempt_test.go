package sclogs

import (
	"context"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"sync"
	"sync/atomic"
	"testing"
	"time"
)

// recordHandler keeps the records it is given.
type recordHandler struct {
	mu      sync.Mutex
	records []slog.Record
}

func (h *recordHandler) Enabled(context.Context, slog.Level) bool { return true }
func (h *recordHandler) Handle(_ context.Context, r slog.Record) error {
	h.mu.Lock()
	defer h.mu.Unlock()
	h.records = append(h.records, r)
	return nil
}
func (h *recordHandler) WithAttrs([]slog.Attr) slog.Handler { return h }
func (h *recordHandler) WithGroup(string) slog.Handler      { return h }

// The attempt records keep the shape WithLogger documents: one per attempt,
// status an int, delay only when a retry follows.
func TestLoggerAttemptRecords(t *testing.T) {
	t.Parallel()
	var n atomic.Int32
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if n.Add(1) == 1 {
			w.WriteHeader(http.StatusTooManyRequests)
			return
		}
		w.Header().Set("Content-Type", "application/json")
		_, _ = w.Write([]byte(`{"data":[]}`))
	}))
	defer srv.Close()
	h := &recordHandler{}
	c, err := NewClient(WithBaseURL(srv.URL), WithLogger(slog.New(h)), WithRetryBackoff(time.Millisecond, time.Millisecond))
	if err != nil {
		t.Fatal(err)
	}
	if _, err := c.ListIntegrations(context.Background(), nil); err != nil {
		t.Fatal(err)
	}
	type attempt struct {
		status   int64
		delay    bool
		attempts int64
	}
	var got []attempt
	for _, r := range h.records {
		if r.Message != "sclogs: http attempt" {
			continue
		}
		var a attempt
		r.Attrs(func(at slog.Attr) bool {
			switch at.Key {
			case "status":
				a.status = at.Value.Int64()
			case "delay":
				a.delay = true
			case "attempt":
				a.attempts = at.Value.Int64()
			}
			return true
		})
		got = append(got, a)
	}
	want := []attempt{{429, true, 1}, {200, false, 2}}
	if len(got) != len(want) || got[0] != want[0] || got[1] != want[1] {
		t.Errorf("attempt records %+v, want %+v", got, want)
	}
}
