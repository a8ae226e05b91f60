package sclogs

import (
	"errors"
	"net/http"
	"slices"
	"time"

	"github.com/sclogs/sclogs/internal/retry"
	"github.com/sclogs/sclogs/internal/scrub"
)

// engineAPI is what the engines (internal/retry, internal/token) need of
// this package, which they cannot import: the *APIError of a non-2xx
// answer, the JSON engine's test for a body cut short, and the sentinels
// their errors match. Hooks, so that an answer stays an *APIError from the
// first attempt to the caller and APIError gains no method for their sake.
var engineAPI = &retry.API{
	Check:           checkAnswer,
	Answer:          asAnswer,
	Text:            textOf,
	EndsEarly:       jsonEndsEarly,
	InvalidResponse: ErrInvalidResponse,
	RateLimited:     ErrRateLimited,
	Unauthorized:    ErrUnauthorized,
}

// checkAnswer is CheckResponse for the retry loop: the answer scrubbed of
// sc's secrets, and Retry-After read on the loop's clock.
func checkAnswer(resp *http.Response, sc *scrub.Scrubber, now time.Time) error {
	err := CheckResponse(resp)
	if apiErr, ok := err.(*APIError); ok {
		apiErr.scrub(sc)
		apiErr.RetryAfter, _ = retry.After(resp.Header, now)
	}
	return err
}

// asAnswer returns the *APIError in err's chain as the engines see it.
func asAnswer(err error) retry.Answer {
	var apiErr *APIError
	if !errors.As(err, &apiErr) {
		return nil
	}
	return answer{apiErr}
}

// answer is an *APIError as the engines see it (retry.Answer).
type answer struct{ e *APIError }

func (a answer) Err() error          { return a.e }
func (a answer) Status() int         { return a.e.StatusCode }
func (a answer) Header() http.Header { return a.e.Header }
func (a answer) Body() []byte        { return a.e.Body }
func (a answer) SetAttempts(n int)   { a.e.Attempts = n }

func (a answer) HasCode(code string) bool {
	return slices.ContainsFunc(a.e.Errors, func(o ErrorObject) bool { return o.Code == code })
}

func (a answer) SetOAuthError(code, description string) {
	if len(a.e.Errors) == 0 {
		a.e.Errors = []ErrorObject{{Status: a.e.StatusCode, Code: code, Detail: description}}
	}
}
