package exporter

import (
	"context"
	"log/slog"
	"sync/atomic"
)

// AttemptCounter counts the client's attempts, retries and 429 answers from
// what the library tells its logger (sclogs.WithLogger): one debug record
// per attempt with its status, and a "delay" attribute when the attempt is
// retried after that delay. Records go on to the next handler unchanged.
type AttemptCounter struct {
	attempts, retries, limited atomic.Int64
}

// attemptMessage is the message of the library's attempt records.
const attemptMessage = "sclogs: http attempt"

// Handler returns a slog.Handler that counts attempt records and passes
// every record at or above next's level to next (nil: none). Give
// slog.New(h) to sclogs.WithLogger.
func (a *AttemptCounter) Handler(next slog.Handler) slog.Handler {
	if next == nil {
		next = slog.DiscardHandler
	}
	return &attemptHandler{a: a, next: next}
}

// Retries is how many attempts were followed by a retry so far.
func (a *AttemptCounter) Retries() int64 { return a.retries.Load() }

// RateLimited is how many 429 answers came so far.
func (a *AttemptCounter) RateLimited() int64 { return a.limited.Load() }

type attemptHandler struct {
	a    *AttemptCounter
	next slog.Handler
}

// Enabled is true for debug records: the library logs attempts only when
// its logger wants debug.
func (h *attemptHandler) Enabled(context.Context, slog.Level) bool { return true }

func (h *attemptHandler) Handle(ctx context.Context, r slog.Record) error {
	if r.Message == attemptMessage {
		h.a.attempts.Add(1)
		r.Attrs(func(at slog.Attr) bool {
			switch at.Key {
			case "delay":
				h.a.retries.Add(1)
			case "status":
				if at.Value.Kind() == slog.KindInt64 && at.Value.Int64() == 429 {
					h.a.limited.Add(1)
				}
			}
			return true
		})
	}
	if !h.next.Enabled(ctx, r.Level) {
		return nil
	}
	return h.next.Handle(ctx, r)
}

func (h *attemptHandler) WithAttrs(as []slog.Attr) slog.Handler {
	return &attemptHandler{a: h.a, next: h.next.WithAttrs(as)}
}

func (h *attemptHandler) WithGroup(name string) slog.Handler {
	return &attemptHandler{a: h.a, next: h.next.WithGroup(name)}
}
