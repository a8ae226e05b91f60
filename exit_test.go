package sclogs

import (
	"context"
	"errors"
	"net/http"
	"strings"
	"testing"
	"time"
)

// "sclogs:" is at the front of every error message, once.
func TestPrefixOnce(t *testing.T) {
	t.Parallel()
	e := setup(t, WithMaxRetries(1))
	e.mux.HandleFunc("GET /integrations/1/logs", func(w http.ResponseWriter, r *http.Request) {
		http.Error(w, `{"errors":[{"detail":"sclogs: said the server"}]}`, http.StatusServiceUnavailable)
	})
	e.mux.HandleFunc("GET /integrations/2/logs", func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Retry-After", "3600")
		w.WriteHeader(http.StatusTooManyRequests)
	})
	e.mux.HandleFunc("GET /integrations/3/logs", func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "application/json")
		_, _ = w.Write([]byte(`{"data":[`))
	})
	e.mux.HandleFunc("GET /integrations/4/logs", func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Link", `</api/v3/integrations/4/logs>; rel="next"`)
		okJSON(w, r)
	})
	cancelled, cancel := context.WithCancel(t.Context())
	cancel()
	short, cancelShort := context.WithDeadline(t.Context(), time.Now().Add(-time.Second))
	defer cancelShort()
	closed := setup(t, WithMaxRetries(2))
	closed.srv.Close()
	tk := newTokens(t, 0)
	tk.fail = func(int, http.ResponseWriter) bool { panic(http.ErrAbortHandler) }
	tokenEnv := setup(t, append(tk.options(), WithMaxRetries(0))...)

	_, errNew := NewClient(WithBaseURL("ftp://x"))
	errs := map[string]error{"NewClient": errNew}
	for name, f := range map[string]func() error{
		"bad args":        func() error { _, err := e.c.ListLogs(t.Context(), 0, nil); return err },
		"503 giving up":   func() error { _, err := e.c.ListLogs(t.Context(), 1, nil); return err },
		"retry-after":     func() error { _, err := e.c.ListLogs(t.Context(), 2, nil); return err },
		"cut short":       func() error { _, err := e.c.ListLogs(t.Context(), 3, nil); return err },
		"cancelled":       func() error { _, err := e.c.ListLogs(cancelled, 1, nil); return err },
		"deadline":        func() error { _, err := e.c.ListLogs(short, 1, nil); return err },
		"refused":         func() error { _, err := closed.c.ListLogs(t.Context(), 1, nil); return err },
		"token":           func() error { _, err := tokenEnv.c.ListLogs(t.Context(), 1, nil); return err },
		"stuck in Logs":   func() error { return lastErr(e.c, 4) },
		"404 through gen": func() error { _, err := e.listLogs(t, t.Context()); return err },
	} {
		errs[name] = f()
	}
	for name, err := range errs {
		if err == nil {
			t.Errorf("%s: no error", name)
			continue
		}
		msg := err.Error()
		if !strings.HasPrefix(msg, "sclogs: ") || strings.Count(msg, "sclogs: ") != 1+strings.Count(msg, "sclogs: said") {
			t.Errorf("%s: %q, want sclogs: once, at the front", name, msg)
		}
	}
	if !errors.Is(errs["deadline"], context.DeadlineExceeded) || !errors.Is(errs["cancelled"], context.Canceled) {
		t.Errorf("context errors lost: %v, %v", errs["deadline"], errs["cancelled"])
	}
}

func lastErr(c *Client, id int) error {
	for _, err := range c.Logs(context.Background(), id, nil) {
		if err != nil {
			return err
		}
	}
	return nil
}
