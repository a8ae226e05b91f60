package sclogstest

import (
	"fmt"
	"net/http"
	"strconv"
	"time"
)

// Fault is something to go wrong with one API request. Queue faults with
// [Server.Fail]; each request to one of the API's operations (any method;
// not the token endpoint, not an unknown path) takes the next one, in
// order, before the server acts on it: a faulted POST creates nothing. Fields
// combine in this order: Latency, then DropConnection, then Status (with
// RetryAfter), and TruncateBody cuts whatever answer is given. The zero
// Fault lets one request through untouched, to space faults out.
//
// Note that Go's transport resends an idempotent request once by itself when
// a reused keep-alive connection is dropped before any response; that resend
// takes the next fault. Drop a fresh connection to test a client's own retry.
type Fault struct {
	// Status answers with this status and a JSON:API error body instead of
	// the logs (e.g. 429, 500, 502, 503). Values outside 400..599 give 500.
	Status int
	// RetryAfter, with Status, is sent as the Retry-After header verbatim:
	// seconds ("2") or an HTTP date (time.Time.UTC().Format(http.TimeFormat)).
	RetryAfter string
	// Latency delays the answer (after WithLatency's delay).
	Latency time.Duration
	// DropConnection closes the connection without any response.
	DropConnection bool
	// TruncateBody declares the full Content-Length, writes half the body
	// and closes the connection.
	TruncateBody bool
}

// Fail queues faults for the next API requests, one fault per request, in
// order, after any faults still queued.
func (s *Server) Fail(faults ...Fault) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.faults = append(s.faults, faults...)
}

// PendingFaults returns how many queued faults no request has taken yet.
func (s *Server) PendingFaults() int {
	s.mu.Lock()
	defer s.mu.Unlock()
	return len(s.faults)
}

func (s *Server) nextFault() (Fault, bool) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if len(s.faults) == 0 {
		return Fault{}, false
	}
	f := s.faults[0]
	s.faults = s.faults[1:]
	return f, true
}

// applyFault applies f and reports whether the request is answered.
func (s *Server) applyFault(w http.ResponseWriter, r *http.Request, f Fault) bool {
	if !s.wait(r.Context(), f.Latency) || f.DropConnection {
		abort(w)
		return true
	}
	if f.Status == 0 {
		return false
	}
	status := f.Status
	if status < 400 || status > 599 {
		status = http.StatusInternalServerError
	}
	if f.RetryAfter != "" {
		w.Header().Set("Retry-After", f.RetryAfter)
	}
	detail := "The server could not answer; please retry."
	if status == http.StatusTooManyRequests {
		detail = "Request was throttled."
	}
	body := errorBody(status, detail, "")
	if f.TruncateBody {
		writeTruncated(w, status, body)
	} else {
		writeJSON(w, status, body)
	}
	return true
}

// abort closes the connection without a response.
func abort(w http.ResponseWriter) {
	conn, _, err := http.NewResponseController(w).Hijack()
	if err != nil {
		panic(http.ErrAbortHandler) // net/http's way to abort a response without a log line
	}
	_ = conn.Close()
}

// writeTruncated sends the headers with the full Content-Length, then half
// the body, then closes the connection.
func writeTruncated(w http.ResponseWriter, status int, body []byte) {
	h := w.Header()
	h.Set("Content-Type", "application/json")
	h.Set("Content-Length", strconv.Itoa(len(body)))
	h.Set("Connection", "close")
	conn, buf, err := http.NewResponseController(w).Hijack()
	if err != nil { // not HTTP/1: send what we can, then abort the stream
		w.WriteHeader(status)
		_, _ = w.Write(body[:len(body)/2])
		_ = http.NewResponseController(w).Flush()
		panic(http.ErrAbortHandler)
	}
	defer conn.Close()
	fmt.Fprintf(buf, "HTTP/1.1 %d %s\r\n", status, http.StatusText(status))
	_ = h.Write(buf)
	_, _ = buf.WriteString("\r\n")
	_, _ = buf.Write(body[:len(body)/2])
	_ = buf.Flush() // the client may be gone; it sees a short body either way
}
