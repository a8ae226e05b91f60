package exporter

import (
	"context"
	"errors"
	"log/slog"
	"net"
	"net/http"
	"time"

	"github.com/prometheus/client_golang/prometheus/promhttp"
)

// Server limits: a scraper needs little, and anyone who can reach the port
// must not be able to hold the process's memory or connections.
const (
	readHeaderTimeout = 5 * time.Second
	writeTimeout      = 30 * time.Second
	idleTimeout       = time.Minute
	maxHeaderBytes    = 64 << 10
	scrapeTimeout     = 10 * time.Second
	maxScrapes        = 4 // scrapes served at once; more get 503
	// shutdownGrace is how long Serve waits for requests in flight when ctx
	// ends: the process must end within a second.
	shutdownGrace = 300 * time.Millisecond
)

// Handler serves /metrics (the Prometheus text format, gzip when asked),
// /healthz and, at /, a short page linking both.
func (e *Exporter) Handler() http.Handler {
	mux := http.NewServeMux()
	mux.Handle("/metrics", promhttp.HandlerFor(e.reg, promhttp.HandlerOpts{
		MaxRequestsInFlight: maxScrapes,
		Timeout:             scrapeTimeout,
	}))
	mux.HandleFunc("/healthz", e.serveHealth)
	mux.HandleFunc("/{$}", func(w http.ResponseWriter, _ *http.Request) {
		w.Header().Set("Content-Type", "text/html; charset=utf-8")
		_, _ = w.Write([]byte(`<!doctype html><title>sclogs exporter</title><h1>sclogs exporter</h1>` +
			`<p><a href="/metrics">/metrics</a> · <a href="/healthz">/healthz</a></p>` + "\n"))
	})
	return mux
}

// Serve serves Handler on ln until ctx ends, then closes it within
// shutdownGrace and returns nil; or returns the error that stopped it.
func (e *Exporter) Serve(ctx context.Context, ln net.Listener) error {
	srv := &http.Server{
		Handler:           e.Handler(),
		ReadHeaderTimeout: readHeaderTimeout,
		ReadTimeout:       readHeaderTimeout,
		WriteTimeout:      writeTimeout,
		IdleTimeout:       idleTimeout,
		MaxHeaderBytes:    maxHeaderBytes,
		// The server's own complaints (a bad request line, a TLS probe) go
		// to the exporter's log at debug level, not to the standard logger.
		ErrorLog: slog.NewLogLogger(e.cfg.Logger.Handler(), slog.LevelDebug),
	}
	done := make(chan error, 1)
	go func() { done <- srv.Serve(ln) }()
	select {
	case err := <-done:
		return err
	case <-ctx.Done():
	}
	sctx, cancel := context.WithTimeout(context.Background(), shutdownGrace)
	defer cancel()
	if err := srv.Shutdown(sctx); err != nil {
		_ = srv.Close()
	}
	if err := <-done; !errors.Is(err, http.ErrServerClosed) {
		return err
	}
	return nil
}
