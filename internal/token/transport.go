package token

import (
	"io"
	"net/http"
	"strconv"
	"strings"

	"github.com/sclogs/sclogs/internal/retry"
)

// tokenTransport is the http.RoundTripper of the client x/oauth2 sends the
// token request with: each request goes through the token endpoint's
// retry.Doer, which retries it, sets the client credentials on every attempt
// (only for the token URL's origin) and reads the answer into memory,
// capped.
//
// A final non-2xx answer (the retry.Doer's answer: the root package's
// *APIError) goes back to x/oauth2
// as a response, so that it reads the RFC 6749 error into an
// *oauth2.RetrieveError; the answer itself, and any other failure, are
// kept in the request's tokenAttempt for the error the caller gets.
type tokenTransport struct {
	doer      *retry.Doer
	userAgent string
}

// tokenAttemptKey is the context key of a fetch's *tokenAttempt.
type tokenAttemptKey struct{}

// tokenAttempt is what the retry.Doer answered to one fetch, when it failed.
type tokenAttempt struct{ err error }

func newTokenHTTPClient(doer *retry.Doer, userAgent string) *http.Client {
	return &http.Client{
		Transport: &tokenTransport{doer: doer, userAgent: userAgent},
		// The retry.Doer follows redirects (on the token URL's origin
		// only); an answer it returns is final.
		CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse },
	}
}

func (tt *tokenTransport) RoundTrip(req *http.Request) (*http.Response, error) {
	r := req.Clone(req.Context())
	// x/oauth2 put the client credentials in Basic; the retry.Doer sets
	// the same header itself, on each attempt, where the origin allows.
	r.Header.Del("Authorization")
	r.Header.Set("Accept", "application/json")
	r.Header.Set("User-Agent", tt.userAgent)
	if req.Body != nil {
		// The retry.Doer replays the body from GetBody; this copy's
		// reader is not read.
		defer req.Body.Close()
	}
	resp, err := tt.doer.Do(r)
	last, _ := req.Context().Value(tokenAttemptKey{}).(*tokenAttempt)
	if err == nil {
		return resp, nil
	}
	if last != nil {
		last.err = err
	}
	a := tt.doer.API.Answer(err)
	if a == nil {
		return nil, err
	}
	// Body and Header of an answer are scrubbed already.
	body := a.Body()
	return &http.Response{
		Status:     strconv.Itoa(a.Status()) + " " + http.StatusText(a.Status()),
		StatusCode: a.Status(), Proto: "HTTP/1.1", ProtoMajor: 1, ProtoMinor: 1,
		Header:        a.Header().Clone(),
		Body:          io.NopCloser(strings.NewReader(string(body))),
		ContentLength: int64(len(body)),
		Request:       r,
	}, nil
}
