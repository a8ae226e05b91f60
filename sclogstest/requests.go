package sclogstest

import (
	"bytes"
	"errors"
	"io"
	"net/http"
	"net/url"
)

// Request is one request the server received, kept for assertions.
type Request struct {
	Method string      // e.g. "GET"
	URL    *url.URL    // absolute, as the client addressed it
	Header http.Header // as received, credentials included
	// Body is the start of the body: at most MaxHistoryBody bytes in the
	// default, bounded history, MaxRecordedBody with [WithFullHistory].
	Body []byte
	// BodyTruncated reports that the body was longer than Body.
	BodyTruncated bool
}

// The request history is bounded by default, so that a fake left running
// (`sclogs serve-fake`, a long test) does not grow with every request: it
// keeps the last DefaultHistory requests, bodies cut to MaxHistoryBody.
// [WithHistory] changes the count; [WithFullHistory] keeps everything, for
// tests that need it.
const (
	// DefaultHistory is how many requests the history keeps by default.
	DefaultHistory = 1000
	// MaxHistoryBody bounds each body in the bounded history.
	MaxHistoryBody = 4 << 10
	// MaxRecordedBody bounds each body in the full history.
	MaxRecordedBody = 1 << 20
)

// history is how requests are kept: the last limit of them (0: every
// one), bodies cut to body bytes.
type history struct {
	limit int
	body  int
}

// WithHistory keeps the last n requests (n >= 1) in [Server.Requests]
// instead of DefaultHistory, bodies cut to MaxHistoryBody.
func WithHistory(n int) Option {
	return func(c *config) error {
		if n < 1 {
			return errors.New("sclogstest: WithHistory needs at least 1 request")
		}
		c.history = history{limit: n, body: MaxHistoryBody}
		return nil
	}
}

// WithFullHistory keeps every request in [Server.Requests], bodies up to
// MaxRecordedBody: memory grows with every request, so use it in tests that
// need the whole history, not in a long-running server.
func WithFullHistory() Option {
	return func(c *config) error {
		c.history = history{limit: 0, body: MaxRecordedBody}
		return nil
	}
}

// record keeps r and returns the body read so far (at most the history's
// body bound, plus one byte to tell a longer body); r.Body still yields the
// whole body to the handler.
func (s *Server) record(r *http.Request) []byte {
	h := s.cfg.history
	var body []byte
	if r.Body != nil && r.Body != http.NoBody {
		body, _ = io.ReadAll(io.LimitReader(r.Body, int64(h.body)+1)) // a broken body is recorded as far as it came
		r.Body = struct {
			io.Reader
			io.Closer
		}{io.MultiReader(bytes.NewReader(body), r.Body), r.Body}
	}
	kept, truncated := body, len(body) > h.body
	if truncated {
		kept = body[:h.body:h.body]
	}
	u := *r.URL
	u.Scheme, u.Host = "http", r.Host
	req := Request{Method: r.Method, URL: &u, Header: r.Header.Clone(), Body: kept, BodyTruncated: truncated}
	s.mu.Lock()
	switch {
	case h.limit == 0 || len(s.requests) < h.limit:
		s.requests = append(s.requests, req)
	default:
		// A ring: the oldest is overwritten.
		s.requests[s.oldest] = req
		s.oldest = (s.oldest + 1) % h.limit
	}
	s.mu.Unlock()
	return body
}

// Requests returns the requests in the history (see [WithHistory]), oldest
// first, faulted ones and token requests included. The result is a copy.
func (s *Server) Requests() []Request {
	s.mu.Lock()
	defer s.mu.Unlock()
	out := make([]Request, 0, len(s.requests))
	for i := range s.requests {
		r := s.requests[(s.oldest+i)%len(s.requests)]
		u := *r.URL
		out = append(out, Request{Method: r.Method, URL: &u, Header: r.Header.Clone(), Body: bytes.Clone(r.Body), BodyTruncated: r.BodyTruncated})
	}
	return out
}
