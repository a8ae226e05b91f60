package sclogstest

import (
	"bytes"
	"io"
	"net/http"
	"net/url"
)

// Request is one request the server received, kept for assertions.
type Request struct {
	Method string      // e.g. "GET"
	URL    *url.URL    // absolute, as the client addressed it
	Header http.Header // as received, credentials included
	Body   []byte      // the first MaxRecordedBody bytes of the body
}

// MaxRecordedBody bounds how much of a request body is kept in [Request].
const MaxRecordedBody = 1 << 20

// record keeps r and returns the body read so far; r.Body still yields the
// whole body to the handler.
func (s *Server) record(r *http.Request) []byte {
	var body []byte
	if r.Body != nil && r.Body != http.NoBody {
		body, _ = io.ReadAll(io.LimitReader(r.Body, MaxRecordedBody)) // a broken body is recorded as far as it came
		r.Body = struct {
			io.Reader
			io.Closer
		}{io.MultiReader(bytes.NewReader(body), r.Body), r.Body}
	}
	u := *r.URL
	u.Scheme, u.Host = "http", r.Host
	s.mu.Lock()
	s.requests = append(s.requests, Request{Method: r.Method, URL: &u, Header: r.Header.Clone(), Body: body})
	s.mu.Unlock()
	return body
}

// Requests returns every request received so far, in order of arrival,
// faulted ones and token requests included. The result is a copy.
func (s *Server) Requests() []Request {
	s.mu.Lock()
	defer s.mu.Unlock()
	out := make([]Request, len(s.requests))
	for i, r := range s.requests {
		u := *r.URL
		out[i] = Request{Method: r.Method, URL: &u, Header: r.Header.Clone(), Body: bytes.Clone(r.Body)}
	}
	return out
}
