package exporter

import (
	"fmt"
	"net/http"
	"time"
)

// Healthy reports whether a poll succeeded (or the exporter started) less
// than UnhealthyAfter ago, and how long ago that was.
func (e *Exporter) Healthy() (ok bool, since time.Duration) {
	since = max(e.cfg.Now().Sub(time.Unix(0, e.lastOK.Load())), 0)
	return since < e.cfg.UnhealthyAfter, since
}

// serveHealth answers 200 while polls succeed and 503 once none has for
// UnhealthyAfter, with one line of text saying which.
func (e *Exporter) serveHealth(w http.ResponseWriter, r *http.Request) {
	if r.Method != http.MethodGet && r.Method != http.MethodHead {
		w.Header().Set("Allow", "GET, HEAD")
		http.Error(w, "method not allowed", http.StatusMethodNotAllowed)
		return
	}
	ok, since := e.Healthy()
	w.Header().Set("Content-Type", "text/plain; charset=utf-8")
	w.Header().Set("Cache-Control", "no-store")
	since = since.Truncate(time.Second)
	if !ok {
		w.WriteHeader(http.StatusServiceUnavailable)
		fmt.Fprintf(w, "unhealthy: no successful poll for %s (limit %s)\n", since, e.cfg.UnhealthyAfter)
		return
	}
	fmt.Fprintf(w, "ok: last successful poll (or start) %s ago\n", since)
}
