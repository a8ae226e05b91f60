package sclogs

import (
	"errors"
	"io"
	"net/http"
	"strconv"
	"strings"
)

// tokenTransport is the http.RoundTripper of the client x/oauth2 sends the
// token request with: each request goes through the token endpoint's
// retryDoer, which retries it, sets the client credentials on every attempt
// (only for the token URL's origin) and reads the answer into memory,
// capped.
//
// A final non-2xx answer (the retryDoer's *APIError) goes back to x/oauth2
// as a response, so that it reads the RFC 6749 error into an
// *oauth2.RetrieveError; the *APIError itself, and any other failure, are
// kept in the request's tokenAttempt for the error the caller gets.
type tokenTransport struct {
	doer      *retryDoer
	userAgent string
}

// tokenAttemptKey is the context key of a fetch's *tokenAttempt.
type tokenAttemptKey struct{}

// tokenAttempt is what the retryDoer answered to one fetch, when it failed.
type tokenAttempt struct{ err error }

func newTokenHTTPClient(doer *retryDoer, userAgent string) *http.Client {
	return &http.Client{
		Transport: &tokenTransport{doer: doer, userAgent: userAgent},
		// The retryDoer follows redirects (on the token URL's origin
		// only); an answer it returns is final.
		CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse },
	}
}

func (tt *tokenTransport) RoundTrip(req *http.Request) (*http.Response, error) {
	r := req.Clone(req.Context())
	// x/oauth2 put the client credentials in Basic; the retryDoer sets
	// the same header itself, on each attempt, where the origin allows.
	r.Header.Del("Authorization")
	r.Header.Set("Accept", "application/json")
	r.Header.Set("User-Agent", tt.userAgent)
	if req.Body != nil {
		// The retryDoer replays the body from GetBody; this copy's
		// reader is not read.
		defer req.Body.Close()
	}
	resp, err := tt.doer.do(r)
	last, _ := req.Context().Value(tokenAttemptKey{}).(*tokenAttempt)
	if err == nil {
		return resp, nil
	}
	if last != nil {
		last.err = err
	}
	var apiErr *APIError
	if !errors.As(err, &apiErr) {
		return nil, err
	}
	// Body and Header of an *APIError are scrubbed already.
	return &http.Response{
		Status:     strconv.Itoa(apiErr.StatusCode) + " " + http.StatusText(apiErr.StatusCode),
		StatusCode: apiErr.StatusCode, Proto: "HTTP/1.1", ProtoMajor: 1, ProtoMinor: 1,
		Header:        apiErr.Header.Clone(),
		Body:          io.NopCloser(strings.NewReader(string(apiErr.Body))),
		ContentLength: int64(len(apiErr.Body)),
		Request:       r,
	}, nil
}
