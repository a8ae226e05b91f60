package sclogs

import (
	"errors"
	"fmt"
	"net/http"

	"golang.org/x/oauth2"
)

// tokenError is a failed token request. Its text comes from the token
// endpoint's answer, whose fields are scrubbed of the client credentials
// already; the whole message is scrubbed once more, so that no other path
// (a decoding error quoting the answer, say) can show them.
//
// errors.As reaches x/oauth2's *oauth2.RetrieveError through it, but only a
// scrubbed copy: the one x/oauth2 made holds the answer's body and header
// as received and the request with the client credentials, so it is not
// kept.
type tokenError struct {
	err      error
	retrieve *oauth2.RetrieveError // scrubbed; nil when there was no answer
	scrub    func(string) string   // not the scrubber: see APIError.clean
}

// newTokenError makes the error of a failed clientcredentials.Config.Token:
// err is what x/oauth2 returned, sent what the token endpoint's retryDoer
// returned (nil when the answer was a 2xx that x/oauth2 refused).
func newTokenError(err, sent error, sc *scrubber) *tokenError {
	e := &tokenError{err: sent, scrub: sc.text}
	var re *oauth2.RetrieveError
	if errors.As(err, &re) {
		e.retrieve = scrubRetrieveError(re, sc)
	}
	var apiErr *APIError
	switch {
	case errors.As(sent, &apiErr):
		// x/oauth2 has read the RFC 6749 section 5.2 error: show it
		// when the answer held nothing better.
		if len(apiErr.Errors) == 0 && e.retrieve != nil && e.retrieve.ErrorCode != "" {
			apiErr.Errors = []ErrorObject{{Status: apiErr.StatusCode, Code: e.retrieve.ErrorCode, Detail: e.retrieve.ErrorDescription}}
		}
	case sent == nil && e.retrieve != nil: // a 2xx answer with an "error"
		e.err = fmt.Errorf("%w: %s", ErrInvalidResponse, e.retrieve.Error())
	case sent == nil: // a 2xx answer x/oauth2 could not use; text only
		e.err = fmt.Errorf("%w: %s", ErrInvalidResponse, sc.text(err.Error()))
	}
	return e
}

// scrubRetrieveError returns a copy of re with the client credentials
// scrubbed from every field, and of the response only its status and
// (scrubbed) header: not the request, which carries the credentials.
func scrubRetrieveError(re *oauth2.RetrieveError, sc *scrubber) *oauth2.RetrieveError {
	// APIError.scrub holds the rules for a body and a header.
	answer := &APIError{Body: re.Body}
	if re.Response != nil {
		answer.Header = re.Response.Header.Clone()
	}
	answer.scrub(sc)
	c := &oauth2.RetrieveError{
		Body:      answer.Body,
		ErrorCode: sc.value(re.ErrorCode), ErrorDescription: sc.value(re.ErrorDescription), ErrorURI: sc.value(re.ErrorURI),
	}
	if re.Response != nil {
		c.Response = &http.Response{Status: sc.value(re.Response.Status), StatusCode: re.Response.StatusCode,
			Proto: re.Response.Proto, ProtoMajor: re.Response.ProtoMajor, ProtoMinor: re.Response.ProtoMinor,
			Header: answer.Header, Body: http.NoBody}
	}
	return c
}

func (e *tokenError) Error() string {
	// Scrubbed again after squeezing: whitespace made single may complete
	// a secret that holds some.
	return "fetching OAuth2 token: " + e.scrub(oneLine(e.scrub(textOf(e.err)), 300))
}

func (e *tokenError) Unwrap() error { return e.err }

// As lets errors.As reach the token endpoint's *oauth2.RetrieveError: a
// fresh copy of the scrubbed one each time, so that a caller changing it
// changes nothing here.
func (e *tokenError) As(target any) bool {
	p, ok := target.(**oauth2.RetrieveError)
	if !ok || e.retrieve == nil {
		return false
	}
	c := *e.retrieve
	c.Body = append([]byte(nil), c.Body...)
	if c.Response != nil {
		resp := *c.Response
		resp.Header = resp.Header.Clone()
		c.Response = &resp
	}
	*p = &c
	return true
}

// Is makes rejected client credentials match ErrUnauthorized: a 401, or an
// OAuth2 error code that says so.
func (e *tokenError) Is(target error) bool {
	if target != ErrUnauthorized {
		return false
	}
	if e.retrieve != nil && (e.retrieve.ErrorCode == "invalid_client" || e.retrieve.ErrorCode == "unauthorized_client") {
		return true
	}
	var apiErr *APIError
	if !errors.As(e.err, &apiErr) {
		return false
	}
	if apiErr.StatusCode == http.StatusUnauthorized {
		return true
	}
	for _, o := range apiErr.Errors {
		if o.Code == "invalid_client" || o.Code == "unauthorized_client" {
			return true
		}
	}
	return false
}
