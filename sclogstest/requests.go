package sclogstest

import (
	"bytes"
	"errors"
	"maps"
	"net/http"
	"net/url"
	"slices"
	"strings"
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
// keeps the last DefaultHistory requests and at most DefaultHistoryBytes of
// them (method, URL, headers and body as received, held compactly: the
// headers as one string, not a map), bodies cut to MaxHistoryBody.
// [WithHistory] and [WithHistoryBytes] change the bounds; [WithFullHistory]
// keeps everything, for tests that need it.
//
// A request to the API whose credentials are refused is recorded too (a
// test may need to see what a client sent with wrong credentials), but its
// body is never read: it is recorded without one, BodyTruncated set when
// it had one.
const (
	// DefaultHistory is how many requests the history keeps by default.
	DefaultHistory = 1000
	// DefaultHistoryBytes is how many bytes of requests the history holds
	// by default.
	DefaultHistoryBytes = 16 << 20
	// MaxHistoryBody bounds each body in the bounded history.
	MaxHistoryBody = 4 << 10
	// MaxRecordedBody bounds each body in the full history.
	MaxRecordedBody = 1 << 20
)

// history is how requests are kept: the last limit of them (0: every
// one) holding at most bytes (0: no bound), bodies cut to body bytes.
type history struct {
	limit int
	bytes int64
	body  int
}

// WithHistory keeps the last n requests (n >= 1) in [Server.Requests]
// instead of DefaultHistory, bodies cut to MaxHistoryBody, at most
// DefaultHistoryBytes (or [WithHistoryBytes]) in all.
func WithHistory(n int) Option {
	return func(c *config) error {
		if n < 1 {
			return errors.New("sclogstest: WithHistory needs at least 1 request")
		}
		c.history.limit, c.history.body = n, MaxHistoryBody
		if c.history.bytes == 0 {
			c.history.bytes = DefaultHistoryBytes
		}
		return nil
	}
}

// WithHistoryBytes bounds the bytes of requests [Server.Requests] keeps
// (n >= 1; default DefaultHistoryBytes): the oldest requests are forgotten
// first. A request is counted as its method, URL, header lines and the
// part of its body kept, plus a fixed overhead.
func WithHistoryBytes(n int64) Option {
	return func(c *config) error {
		if n < 1 {
			return errors.New("sclogstest: WithHistoryBytes needs at least 1 byte")
		}
		if c.history.limit == 0 { // after WithFullHistory: bound it again
			c.history.limit, c.history.body = DefaultHistory, MaxHistoryBody
		}
		c.history.bytes = n
		return nil
	}
}

// WithFullHistory keeps every request in [Server.Requests], bodies up to
// MaxRecordedBody: memory grows with every request, so use it in tests that
// need the whole history, not in a long-running server.
func WithFullHistory() Option {
	return func(c *config) error {
		c.history = history{limit: 0, bytes: 0, body: MaxRecordedBody}
		return nil
	}
}

// heldRequest is a request as the history holds it: compact, its size
// known.
type heldRequest struct {
	method    string
	url       string
	header    string // "Key: value\n" lines, as received
	body      []byte
	truncated bool
}

// heldOverhead is what a heldRequest costs beyond its bytes: the struct,
// string and slice headers and allocation rounding.
const heldOverhead = 128

func (h *heldRequest) size() int64 {
	return int64(len(h.method)+len(h.url)+len(h.header)+len(h.body)) + heldOverhead
}

// record keeps r in the history: its body as read (body, at most the
// bound of the history's bodies is kept; nil when it was not read) and
// whether part of it was left out.
func (s *Server) record(r *http.Request, body []byte, unread bool) {
	h := s.cfg.history
	kept, truncated := body, len(body) > h.body || unread
	if len(kept) > h.body {
		kept = bytes.Clone(body[:h.body]) // not a window into a larger buffer
	}
	u := *r.URL
	u.Scheme, u.Host = "http", r.Host
	req := heldRequest{method: r.Method, url: u.String(), header: compactHeader(r.Header), body: kept, truncated: truncated}
	size := req.size()
	s.mu.Lock()
	defer s.mu.Unlock()
	s.requests = append(s.requests, req)
	s.heldBytes += size
	for len(s.requests) > 1 && (h.limit > 0 && len(s.requests) > h.limit || h.bytes > 0 && s.heldBytes > h.bytes) {
		s.heldBytes -= s.requests[0].size()
		s.requests[0] = heldRequest{} // let it be collected
		s.requests = s.requests[1:]
	}
}

// compactHeader writes h as one string of "Key: value" lines, keys sorted:
// a map of many small entries costs many times its bytes.
func compactHeader(h http.Header) string {
	var b strings.Builder
	for _, k := range slices.Sorted(maps.Keys(h)) {
		for _, v := range h[k] {
			b.WriteString(k)
			b.WriteString(": ")
			b.WriteString(v)
			b.WriteByte('\n')
		}
	}
	return b.String()
}

// expandHeader is compactHeader undone. Keys are kept as received (not
// canonicalized again); net/http refuses CR and LF in header values, so a
// line is one value.
func expandHeader(s string) http.Header {
	h := http.Header{}
	for line := range strings.SplitSeq(s, "\n") {
		if k, v, ok := strings.Cut(line, ": "); ok {
			h[k] = append(h[k], v)
		}
	}
	return h
}

// Requests returns the requests in the history (see [WithHistory]), oldest
// first, faulted ones and token requests included. The result is a copy.
func (s *Server) Requests() []Request {
	s.mu.Lock()
	defer s.mu.Unlock()
	out := make([]Request, 0, len(s.requests))
	for _, r := range s.requests {
		u, err := url.Parse(r.url)
		if err != nil {
			u = &url.URL{Path: r.url} // cannot happen: it was a parsed URL
		}
		out = append(out, Request{Method: r.method, URL: u, Header: expandHeader(r.header), Body: bytes.Clone(r.body), BodyTruncated: r.truncated})
	}
	return out
}
