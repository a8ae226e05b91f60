package sclogs

import (
	"context"
	"io"
	"net/http"
	"strings"
	"testing"
)

// A POST whose body cannot be replayed is sent once and never retried,
// even after an error that would allow it.
func TestOpaqueBodyIsNotRetried(t *testing.T) {
	e := setup(t)
	var n counter
	e.mux.HandleFunc("POST /x", n.wrap(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Retry-After", "1")
		w.WriteHeader(http.StatusServiceUnavailable)
	}))
	req, _ := http.NewRequestWithContext(context.Background(), http.MethodPost, e.prefix+"/x", io.NopCloser(strings.NewReader("{}")))
	if _, err := e.c.doer.Do(req); err == nil {
		t.Fatal("no error")
	}
	if n.get() != 1 {
		t.Errorf("%d attempts, want 1", n.get())
	}
}
