package sclogs

import (
	"errors"
	"fmt"
	"io"
	"mime"
	"net/http"
	"strconv"
	"strings"
	"time"
	"unicode"

	"github.com/sclogs/sclogs/internal/jsonscan"
	"github.com/sclogs/sclogs/internal/redact"
	"github.com/sclogs/sclogs/pagination"
)

// Sentinel errors matched by [APIError] through errors.Is, by status code.
var (
	ErrNotFound     = errors.New("sclogs: not found")    // 404
	ErrUnauthorized = errors.New("sclogs: unauthorized") // 401
	ErrForbidden    = errors.New("sclogs: forbidden")    // 403
	ErrRateLimited  = errors.New("sclogs: rate limited") // 429, or a Retry-After beyond the limit
)

// Sentinel errors for answers the client cannot use, matched with errors.Is.
// Their text is the part of a message after "sclogs: ".
var (
	// ErrInvalidResponse: a 2xx answer that is not JSON, is malformed or cut
	// short, has the wrong shape (no "data" member, a null record), or has a
	// Link header that cannot be read.
	ErrInvalidResponse = errors.New("invalid response")
	// ErrUnsafeNextLink: a next link that leaves the listing's origin or
	// endpoint, or carries user information; it is never followed.
	ErrUnsafeNextLink = pagination.ErrOffScope
	// ErrStuckCursor: a listing that makes no progress — a next link already
	// fetched in the same listing, or a run of empty pages each with a new
	// next link (then [ErrEmptyPages] matches too).
	ErrStuckCursor = pagination.ErrStuckCursor
	// ErrEmptyPages: a listing ended after pagination.DefaultMaxEmptyPages
	// empty pages in a row, each with a new next link.
	ErrEmptyPages = pagination.ErrEmptyPages
)

// maxErrorBody is how much of an error body is read: enough for any real
// error document, small enough that an 80 MB proxy page costs nothing.
const maxErrorBody = 1 << 20

// cutMargin is dropped from the end of an error body cut at maxErrorBody
// when the client has credentials: one (in any of the encodings the
// scrubber decodes) cut in two at the limit would not be recognised, so the
// body is cut before the margin, and before any credential that crosses it.
const cutMargin = 64 << 10

// APIError is the error for every non-2xx answer. Credentials the client
// sent are scrubbed from every field (see the package documentation).
type APIError struct {
	StatusCode int           // HTTP status code
	RequestID  string        // from X-Request-Id or a similar header, if any
	Body       []byte        // the body as read: at most 1 MiB (about 960 KiB of a longer one)
	Errors     []ErrorObject // decoded JSON:API errors or RFC 9457 problem, if any
	Attempts   int           // requests made before giving up (0 or 1: one)
	// RetryAfter is the wait the server asked for with Retry-After (seconds
	// or an HTTP date), 0 when absent, unreadable or already past.
	RetryAfter time.Duration
	// Header is the response's header. Values of credential headers
	// (Set-Cookie, anything named like a token, key or secret) are replaced
	// by "[REDACTED]", and the client's credentials are scrubbed from the rest.
	Header http.Header

	// clean scrubs the credentials once more from the message (nil: none).
	// A func, not the scrubber, so that a reflection-based dump of the
	// error (a test library's diff, say) cannot print the secrets.
	clean func(string) string
	cut   bool // Body is the first maxErrorBody bytes of a longer body
}

// ErrorObject is one JSON:API error object (JSON:API 1.1, "Error Objects"),
// or the members of an RFC 9457 problem document that match it.
type ErrorObject struct {
	// Status is the HTTP status code the error is about. JSON:API sends it as
	// a string, Sendcloud's documented 404 as a number; both are read, and
	// anything else leaves 0.
	Status int `json:"status"`
	// Code is Sendcloud's snake_case error code, e.g. "not_found" or
	// "authentication_failed" (the spec's ErrorObject.code enum).
	Code string `json:"code"`
	// Title is a short summary of the problem (RFC 9457 §3.1.4 for problems).
	Title string `json:"title"`
	// Detail explains this occurrence of the problem: the server's own words,
	// shown by Error (RFC 9457 §3.1.5 for problems).
	Detail string `json:"detail"`
	// Source says which part of the request caused the error.
	Source ErrorSource `json:"source"`
}

// ErrorSource says which part of the request an [ErrorObject] is about
// (JSON:API 1.1, the error object's "source" member).
type ErrorSource struct {
	// Pointer is a JSON Pointer (RFC 6901) into the request document.
	Pointer string `json:"pointer"`
	// Parameter names the query parameter at fault, e.g. "page_size".
	Parameter string `json:"parameter"`
	// Header names the request header at fault.
	Header string `json:"header"`
}

// UnmarshalJSON accepts status as a number or a string: Sendcloud's documented
// 404 sends a number, its schema says string (see decodeErrorObject).
func (e *ErrorObject) UnmarshalJSON(data []byte) error {
	return jsonscan.DecodeValue(data, e, decodeErrorObject)
}

// Error returns one line, e.g. "sclogs: 404 Not Found: not_found: The
// Integration could not be found". It never contains a URL.
func (e *APIError) Error() string { return prefix + e.text() }

// text is Error without the "sclogs: " prefix, for messages that quote it.
func (e *APIError) text() string {
	var b strings.Builder
	b.WriteString(strconv.Itoa(e.StatusCode))
	if t := http.StatusText(e.StatusCode); t != "" {
		b.WriteString(" " + t)
	}
	if msg := e.message(); msg != "" {
		b.WriteString(": " + msg)
	}
	var extra []string
	if e.RequestID != "" {
		extra = append(extra, "request ID "+oneLine(e.RequestID, 80))
	}
	if e.Attempts > 1 {
		extra = append(extra, fmt.Sprintf("giving up after %d attempts", e.Attempts))
	}
	if len(extra) > 0 {
		b.WriteString(" (" + strings.Join(extra, "; ") + ")")
	}
	// The fields are scrubbed already; squeezing whitespace may have
	// made a secret that holds some out of text that did not match.
	if e.clean == nil {
		return b.String()
	}
	return e.clean(b.String())
}

// message is the first decoded error, or a short prefix of the body.
func (e *APIError) message() string {
	if len(e.Errors) == 0 {
		return oneLine(string(e.Body), 120)
	}
	first := e.Errors[0]
	text := first.Detail
	if text == "" {
		text = first.Title
	}
	if first.Code != "" {
		text = first.Code + ": " + text
	}
	msg := oneLine(text, 200)
	if n := len(e.Errors) - 1; n > 0 {
		msg += fmt.Sprintf(" (and %d more)", n)
	}
	return msg
}

// Is matches the sentinel errors by status code.
func (e *APIError) Is(target error) bool {
	switch target {
	case ErrNotFound:
		return e.StatusCode == http.StatusNotFound
	case ErrUnauthorized:
		return e.StatusCode == http.StatusUnauthorized
	case ErrForbidden:
		return e.StatusCode == http.StatusForbidden
	case ErrRateLimited:
		return e.StatusCode == http.StatusTooManyRequests
	}
	return false
}

// CheckResponse returns nil for a 2xx response and an [*APIError] otherwise.
// For a non-2xx response it reads at most 1 MiB of the body and closes it,
// which drops the connection rather than reading a huge page to its end.
func CheckResponse(resp *http.Response) error {
	if resp.StatusCode >= 200 && resp.StatusCode <= 299 {
		return nil
	}
	e := &APIError{StatusCode: resp.StatusCode, Header: resp.Header.Clone(), RequestID: requestID(resp.Header)}
	e.RetryAfter, _ = retryAfter(resp.Header, time.Now())
	if resp.Body != nil {
		// A read error leaves what was read; the status is the news anyway.
		e.Body, _ = io.ReadAll(io.LimitReader(resp.Body, maxErrorBody))
		e.cut = len(e.Body) == maxErrorBody
		_ = resp.Body.Close()
	}
	e.Errors = decodeErrors(resp.Header.Get("Content-Type"), e.Body)
	e.scrub(nil)
	return e
}

// scrub removes credentials from every field of e: sc's secrets wherever
// they occur, and the values of credential headers.
func (e *APIError) scrub(sc *scrubber) {
	if !sc.empty() {
		e.clean = sc.text
	}
	if e.cut && !sc.empty() {
		e.Body, e.cut = sc.cut(e.Body, len(e.Body)-cutMargin), false
	} else {
		e.Body = sc.bytes(e.Body)
	}
	e.RequestID = sc.value(e.RequestID)
	for i := range e.Errors {
		o := &e.Errors[i]
		for _, f := range []*string{&o.Code, &o.Title, &o.Detail, &o.Source.Pointer, &o.Source.Parameter, &o.Source.Header} {
			*f = sc.value(*f)
		}
	}
	for k, vs := range e.Header {
		for i, v := range vs {
			if redact.SecretName(k) {
				vs[i] = redacted
			} else {
				vs[i] = sc.value(v)
			}
		}
		if sc.inName(k) { // a secret echoed as a header name
			delete(e.Header, k)
			e.Header[redacted] = append(e.Header[redacted], vs...)
		}
	}
}

var requestIDHeaders = []string{"X-Request-Id", "Request-Id", "X-Correlation-Id", "X-Amzn-Requestid", "Cf-Ray"}

func requestID(h http.Header) string {
	for _, k := range requestIDHeaders {
		if v := strings.TrimSpace(h.Get(k)); v != "" {
			return v
		}
	}
	return ""
}

// isJSON reports whether a Content-Type is application/json or a +json type.
func isJSON(contentType string) bool {
	mt, _, err := mime.ParseMediaType(contentType)
	if err != nil {
		return false
	}
	return mt == "application/json" || strings.HasSuffix(mt, "+json")
}

// oneLine squeezes whitespace and control characters to single spaces and
// cuts s to at most max runes, so server text cannot break a log line.
func oneLine(s string, max int) string {
	s = strings.ToValidUTF8(s, "\uFFFD")
	var b strings.Builder
	space, n := false, 0
	for _, r := range s {
		if unicode.IsSpace(r) || unicode.IsControl(r) {
			space = b.Len() > 0
			continue
		}
		if n >= max {
			b.WriteString("…")
			break
		}
		if space {
			b.WriteByte(' ')
			space = false
		}
		b.WriteRune(r)
		n++
	}
	return b.String()
}
