package token

import (
	"errors"
	"fmt"
	"net/http"

	"github.com/sclogs/sclogs/internal/retry"
	"github.com/sclogs/sclogs/internal/scrub"
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
	scrub    func(string) string   // not the scrubber: see APIError.clean in the root package
	api      *retry.API
}

// newTokenError makes the error of a failed clientcredentials.Config.Token:
// err is what x/oauth2 returned, sent what the token endpoint's retry.Doer
// returned (nil when the answer was a 2xx that x/oauth2 refused).
func newTokenError(err, sent error, sc *scrub.Scrubber, api *retry.API) *tokenError {
	e := &tokenError{err: sent, scrub: sc.Text, api: api}
	var re *oauth2.RetrieveError
	if errors.As(err, &re) {
		e.retrieve = scrubRetrieveError(re, sc)
	}
	switch a := api.Answer(sent); {
	case sent != nil && a != nil:
		// x/oauth2 has read the RFC 6749 section 5.2 error: show it
		// when the answer held nothing better.
		if e.retrieve != nil && e.retrieve.ErrorCode != "" {
			a.SetOAuthError(e.retrieve.ErrorCode, e.retrieve.ErrorDescription)
		}
	case sent == nil && e.retrieve != nil: // a 2xx answer with an "error"
		e.err = fmt.Errorf("%w: %s", api.InvalidResponse, e.retrieve.Error())
	case sent == nil: // a 2xx answer x/oauth2 could not use; text only
		e.err = fmt.Errorf("%w: %s", api.InvalidResponse, sc.Text(err.Error()))
	}
	return e
}

// scrubRetrieveError returns a copy of re with the client credentials
// scrubbed from every field, and of the response only its status and
// (scrubbed) header: not the request, which carries the credentials.
func scrubRetrieveError(re *oauth2.RetrieveError, sc *scrub.Scrubber) *oauth2.RetrieveError {
	// The rules for a body and a header of any answer (as for the root
	// package's APIError).
	var header http.Header
	if re.Response != nil {
		header = re.Response.Header.Clone()
		sc.Header(header)
	}
	c := &oauth2.RetrieveError{
		Body:      sc.Bytes(re.Body),
		ErrorCode: sc.Value(re.ErrorCode), ErrorDescription: sc.Value(re.ErrorDescription), ErrorURI: sc.Value(re.ErrorURI),
	}
	if re.Response != nil {
		c.Response = &http.Response{Status: sc.Value(re.Response.Status), StatusCode: re.Response.StatusCode,
			Proto: re.Response.Proto, ProtoMajor: re.Response.ProtoMajor, ProtoMinor: re.Response.ProtoMinor,
			Header: header, Body: http.NoBody}
	}
	return c
}

func (e *tokenError) Error() string {
	// Scrubbed again after squeezing: whitespace made single may complete
	// a secret that holds some.
	return "fetching OAuth2 token: " + e.scrub(scrub.OneLine(e.scrub(e.api.Text(e.err)), 300))
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

// Is makes rejected client credentials match API.Unauthorized: a 401, or an
// OAuth2 error code that says so.
func (e *tokenError) Is(target error) bool {
	if target != e.api.Unauthorized {
		return false
	}
	if e.retrieve != nil && (e.retrieve.ErrorCode == "invalid_client" || e.retrieve.ErrorCode == "unauthorized_client") {
		return true
	}
	a := e.api.Answer(e.err)
	return a != nil && (a.Status() == http.StatusUnauthorized || a.HasCode("invalid_client") || a.HasCode("unauthorized_client"))
}
