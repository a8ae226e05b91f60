package retry

import (
	"errors"
	"mime"
	"net/http"
	"strings"
	"time"

	"github.com/sclogs/sclogs/internal/scrub"
)

// API is what the engines need of the root package, which they cannot
// import (imports flow one way: root → internal): its error for a non-2xx
// answer (*sclogs.APIError), the JSON engine's test for a body cut short,
// and the sentinel errors the engines' errors match. The root package makes
// one and gives it to every Doer.
//
// Hooks rather than a type of this package: the answer stays the root's
// *APIError from the first attempt to the caller (errors.As finds it, its
// text is the root's), and APIError gains no exported method for the
// engines' sake.
type API struct {
	// Check returns the error for resp, a non-2xx answer: it reads a
	// bounded prefix of the body and closes it, scrubs sc's secrets from
	// every field, and reads Retry-After at now.
	Check func(resp *http.Response, sc *scrub.Scrubber, now time.Time) error
	// Answer returns the answer err is or wraps (an error Check made), or
	// nil.
	Answer func(err error) Answer
	// Text is err's message without the root package's "sclogs: " prefix,
	// for a message that quotes err.
	Text func(err error) string
	// EndsEarly reports whether a non-empty JSON body stops before its
	// value is complete (a connection closed early without framing).
	EndsEarly func(body []byte) bool
	// InvalidResponse, RateLimited and Unauthorized are the sentinels the
	// engines' errors match: an answer the client cannot use, a request
	// given up for the rate, client credentials refused.
	InvalidResponse, RateLimited, Unauthorized error
}

// Answer is one non-2xx answer as the engines see it.
type Answer interface {
	// Err is the answer as an error: the root package's *APIError.
	Err() error
	// Status is the HTTP status code.
	Status() int
	// Header is the answer's header, scrubbed; Body its body as read,
	// scrubbed.
	Header() http.Header
	Body() []byte
	// SetAttempts records how many requests were made before giving up.
	SetAttempts(n int)
	// HasCode reports whether one of the answer's decoded error objects
	// has code.
	HasCode(code string) bool
	// SetOAuthError records an RFC 6749 error (code, description) as the
	// answer's error object, when it decoded none of its own.
	SetOAuthError(code, description string)
}

// answer returns the answer err is or wraps, or nil.
func (a *API) answer(err error) Answer {
	if err == nil {
		return nil
	}
	return a.Answer(err)
}

// ScrubError returns err, or in its place an error with sc's secrets
// scrubbed from its text when it shows one: the replacement keeps the
// message, whether it was a timeout and what errors.Is matched, and
// unwraps to nothing, so that no error reached through it can show the
// original text.
func (a *API) ScrubError(sc *scrub.Scrubber, err error) error {
	if err == nil || sc.Empty() {
		return err
	}
	msg := a.Text(err) // without the prefix: the root adds it to the replacement
	clean := sc.Text(msg)
	if clean == msg {
		return err
	}
	return &scrubbedError{msg: clean, timeout: isTimeout(err), orig: err}
}

// IsJSON reports whether a Content-Type is application/json or a +json type.
func IsJSON(contentType string) bool {
	mt, _, err := mime.ParseMediaType(contentType)
	if err != nil {
		return false
	}
	return mt == "application/json" || strings.HasSuffix(mt, "+json")
}

// ErrGetBody is a GET or HEAD request with a body: a bug of the caller,
// and Sendcloud answers such requests 403.
var ErrGetBody = errors.New("internal error: a GET or HEAD request must not have a body (Sendcloud answers 403)")
