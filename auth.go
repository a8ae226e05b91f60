package sclogs

import (
	"context"
	"encoding/base64"
	"errors"
	"fmt"
	"net"
	"net/http"
	"net/url"
	"slices"
	"strconv"
	"strings"
	"time"

	"golang.org/x/oauth2"
	"golang.org/x/oauth2/clientcredentials"

	"github.com/sclogs/sclogs/gen"
	"github.com/sclogs/sclogs/pagination"
)

var (
	errRedirectOrigin   = errors.New("redirect to another origin refused")
	errTooManyRedirects = errors.New("stopped after 10 redirects")
)

// tokenTimeout bounds a token request when the http.Client has no Timeout: the
// token source keeps its own context, so the caller's context cannot end it.
const tokenTimeout = 30 * time.Second

// authFunc returns the Authorization header value for one request.
type authFunc func(ctx context.Context) (string, error)

func basicAuth(publicKey, secretKey string) authFunc {
	v := "Basic " + base64.StdEncoding.EncodeToString([]byte(publicKey+":"+secretKey))
	return func(context.Context) (string, error) { return v, nil }
}

// oauth2Auth uses x/oauth2's client-credentials flow. Its TokenSource is a
// ReuseTokenSource: one token request, then the token until it expires. Token
// requests use a copy of the caller's http.Client, not the retrying doer, and
// follow no redirect to another origin.
func oauth2Auth(id, secret, tokenURL string, hc *http.Client) (authFunc, error) {
	tu, err := url.Parse(tokenURL)
	if err != nil {
		return nil, err
	}
	thc := withRedirectPolicy(hc, tu)
	if thc.Timeout == 0 {
		thc.Timeout = tokenTimeout
	}
	cc := &clientcredentials.Config{
		ClientID:     id,
		ClientSecret: secret,
		TokenURL:     tokenURL,
		Scopes:       []string{"api"},
		// Header only: auto-detection would retry with the secret in the form body.
		AuthStyle: oauth2.AuthStyleInHeader,
	}
	ts := cc.TokenSource(context.WithValue(context.Background(), oauth2.HTTPClient, thc))
	return func(context.Context) (string, error) {
		tok, err := ts.Token()
		if err != nil {
			return "", &tokenError{err: redactError(err), secrets: secretForms(id, secret)}
		}
		return tok.Type() + " " + tok.AccessToken, nil
	}, nil
}

// tokenError is a failed token request, on one line (x/oauth2 puts the
// response body on a line of its own). x/oauth2 quotes the token endpoint's
// answer in its error, so a server that echoes the request would put the
// client secret there: every form of it is replaced before the text is shown.
type tokenError struct {
	err     error
	secrets []string // longest first
}

func (e *tokenError) Error() string {
	msg := e.err.Error()
	for _, s := range e.secrets {
		msg = strings.ReplaceAll(msg, s, "[REDACTED]")
	}
	return "sclogs: fetching OAuth2 token: " + oneLine(msg, 200)
}

// secretForms lists the forms in which a client secret can come back in a
// token endpoint's answer: as sent (x/oauth2 URL-escapes both halves of the
// Basic credentials), as Go-quoted by x/oauth2's error text, and raw.
func secretForms(id, secret string) []string {
	esc, quoted := url.QueryEscape(secret), strconv.Quote(secret)
	forms := []string{
		base64.StdEncoding.EncodeToString([]byte(url.QueryEscape(id) + ":" + esc)),
		base64.StdEncoding.EncodeToString([]byte(id + ":" + secret)),
		quoted[1 : len(quoted)-1],
		esc,
		secret,
	}
	// Longest first, so a form that holds another is replaced whole; never ""
	// (ReplaceAll would insert at every position).
	slices.SortStableFunc(forms, func(a, b string) int { return len(b) - len(a) })
	return slices.DeleteFunc(forms, func(s string) bool { return s == "" })
}

func (e *tokenError) Unwrap() error { return e.err }

// Is makes rejected client credentials match ErrUnauthorized.
func (e *tokenError) Is(target error) bool {
	var re *oauth2.RetrieveError
	if target != ErrUnauthorized || !errors.As(e.err, &re) {
		return false
	}
	return re.ErrorCode == "invalid_client" || re.ErrorCode == "unauthorized_client" ||
		re.Response != nil && re.Response.StatusCode == http.StatusUnauthorized
}

// headerEditor sets the User-Agent on every request and, only for requests to
// the base URL's origin, the partner id and the credentials. The origin check
// lives here, where the header is added, so no code path can skip it.
func headerEditor(base *url.URL, userAgent, partnerID string, auth authFunc) gen.RequestEditorFn {
	return func(ctx context.Context, req *http.Request) error {
		req.Header.Set("User-Agent", userAgent)
		if !sameOrigin(req.URL, base) {
			return nil
		}
		if partnerID != "" {
			req.Header.Set("Sendcloud-Partner-Id", partnerID)
		}
		if auth == nil {
			return nil
		}
		v, err := auth(ctx)
		if err != nil {
			return err
		}
		req.Header.Set("Authorization", v)
		return nil
	}
}

// withRedirectPolicy returns a shallow copy of hc (the caller's client is never
// changed) that refuses redirects off origin's origin and stops after 10.
func withRedirectPolicy(hc *http.Client, origin *url.URL) *http.Client {
	c := *hc
	userCheck := hc.CheckRedirect
	c.CheckRedirect = func(req *http.Request, via []*http.Request) error {
		if !sameOrigin(req.URL, origin) {
			// Name origins only: the target URL may carry secrets.
			return fmt.Errorf("%w: %s to %s", errRedirectOrigin, originOf(origin), originOf(req.URL))
		}
		if len(via) >= 10 {
			return errTooManyRedirects
		}
		if userCheck != nil {
			return userCheck(req, via)
		}
		return nil
	}
	return &c
}

// sameOrigin is the one origin rule of the module (pagination.SameOrigin):
// credentials, redirects and next links are all judged by it.
func sameOrigin(a, b *url.URL) bool { return pagination.SameOrigin(a, b) }

// originOf names u's origin in messages: scheme://host:port, nothing else.
func originOf(u *url.URL) string {
	scheme := strings.ToLower(u.Scheme)
	port := u.Port()
	if port == "" {
		switch scheme {
		case "http":
			port = "80"
		case "https":
			port = "443"
		}
	}
	return scheme + "://" + net.JoinHostPort(strings.ToLower(u.Hostname()), port)
}
