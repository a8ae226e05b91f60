package sclogs

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"sync"
	"time"

	"github.com/sclogs/sclogs/gen"
	"github.com/sclogs/sclogs/internal/jsonscan"
	"github.com/sclogs/sclogs/internal/retry"
	"github.com/sclogs/sclogs/internal/scrub"
	"github.com/sclogs/sclogs/internal/token"
)

// Client calls the Sendcloud integration logs API. It is safe for concurrent
// use. Create one with [NewClient].
type Client struct {
	base   *url.URL // no trailing slash
	server string   // base with the trailing slash gen's request builders need
	edit   gen.RequestEditorFn
	raw    *gen.Client // the generated client, over doer and edit
	doer   *retry.Doer
	// ids scrubs what the doer scrubs and the public key or client id too
	// (ScrubCredentials).
	ids *scrub.Scrubber
}

// NewClient returns a client configured by opts, or an error for an invalid
// option. Without auth options requests go out unauthenticated, which suits
// test doubles.
func NewClient(opts ...Option) (*Client, error) {
	c, err := newClient(opts)
	return c, leave(err)
}

func newClient(opts []Option) (*Client, error) {
	cfg := config{maxRetries: DefaultMaxRetries}
	for _, o := range opts {
		if o == nil {
			continue
		}
		if err := o(&cfg); err != nil {
			return nil, err
		}
	}
	var err error
	if cfg.baseURL == nil {
		if cfg.baseURL, err = parseEndpoint(DefaultBaseURL); err != nil {
			return nil, err
		}
	}
	if !cfg.cleartext {
		if err := checkCleartext("WithBaseURL", cfg.baseURL); err != nil {
			return nil, err
		}
		if err := checkCleartext("WithTokenURL", cfg.tokenURL); err != nil {
			return nil, err
		}
	}
	timeout := DefaultTimeout
	switch {
	case cfg.timeout != nil:
		timeout = *cfg.timeout
	case cfg.hc != nil && cfg.hc.Timeout > 0:
		timeout = 0 // the caller's own Timeout governs
	}
	if cfg.hc == nil {
		cfg.hc = &http.Client{Transport: defaultTransport()}
	}
	if cfg.logger == nil {
		cfg.logger = slog.New(slog.DiscardHandler)
	}
	ua := "sclogs/" + Version
	if cfg.userAgent != "" {
		ua += " " + cfg.userAgent
	}
	clk := retry.RealClock()
	backoff := [2]time.Duration{DefaultRetryBackoffBase, DefaultRetryBackoffMax}
	if cfg.backoff != nil {
		backoff = *cfg.backoff
	}
	newDoer := func(origin *url.URL, auth retry.Authorizer, maxBody int64, secrets ...string) *retry.Doer {
		return &retry.Doer{
			HC: retry.WithRedirectPolicy(cfg.hc, origin), MaxRetries: cfg.maxRetries, Timeout: timeout,
			MaxWait: DefaultMaxWait, MaxBody: maxBody, Log: cfg.logger,
			Auth: auth, AuthOrigin: origin, Scrub: scrub.New(secrets...), Clock: clk,
			BaseDelay: backoff[0], MaxDelay: backoff[1], API: engineAPI,
		}
	}
	var doer *retry.Doer
	var id string // the public half of the credentials, for ScrubCredentials
	switch {
	case cfg.basic != nil:
		pub, sec := cfg.basic[0], cfg.basic[1]
		id = pub
		basic := retry.NewBasic(pub, sec)
		doer = newDoer(cfg.baseURL, basic, DefaultMaxBody, scrub.CredentialForms(string(basic))...)
	case cfg.oauth != nil:
		tokenURL := cfg.tokenURL
		if tokenURL == nil {
			if tokenURL, err = parseEndpoint(DefaultTokenURL); err != nil {
				return nil, err
			}
		}
		oid, sec := cfg.oauth[0], cfg.oauth[1]
		id = oid
		// RFC 6749 section 2.3.1: both halves URL-encoded before Basic.
		clientAuth := retry.NewBasic(url.QueryEscape(oid), url.QueryEscape(sec))
		secrets := append(scrub.CredentialForms(string(clientAuth)), sec)
		tokenDoer := newDoer(tokenURL, clientAuth, token.MaxBody, secrets...)
		tokenDoer.Repeatable = true
		tokens := token.New(tokenDoer, tokenURL, oid, sec, ua)
		doer = newDoer(cfg.baseURL, tokens, DefaultMaxBody, secrets...)
	default:
		doer = newDoer(cfg.baseURL, nil, DefaultMaxBody)
	}
	doer.Limit = newClientBudget(cfg.rateLimit) // the API's doer only: token requests are not budgeted
	// gen resolves operation paths against the server URL: it must end in "/"
	// or the last path segment ("v3") is dropped.
	c := &Client{base: cfg.baseURL, server: cfg.baseURL.String() + "/", doer: doer,
		edit: headerEditor(cfg.baseURL, ua, cfg.partnerID), ids: doer.Scrub.With(id)}
	if c.raw, err = c.newRaw(); err != nil {
		return nil, err
	}
	return c, nil
}

// maxResponseHeader caps the response headers the default transport reads
// (net/http allows 10 MiB): real answers send a few KiB, and a Link header
// is read up to 64 KiB; past this the answer is a transport error.
const maxResponseHeader = 1 << 20

// defaultTransport is http.DefaultTransport with maxResponseHeader, shared
// by every Client made without WithHTTPClient (one connection pool, as with
// http.DefaultTransport).
var defaultTransport = sync.OnceValue(func() http.RoundTripper {
	t, ok := http.DefaultTransport.(*http.Transport)
	if !ok { // replaced by the program: use it as it is
		return http.DefaultTransport
	}
	t = t.Clone()
	t.MaxResponseHeaderBytes = maxResponseHeader
	return t
})

// baseURL returns a copy of the parsed base URL, without a trailing slash.
func (c *Client) baseURL() *url.URL {
	u := *c.base
	return &u
}

// get performs a GET of u through the same editors and doer as the generated
// client and returns the 2xx response with its JSON body read into memory (so
// a body cut short is retried), or an error (*APIError for non-2xx).
func (c *Client) get(ctx context.Context, u *url.URL) (*http.Response, error) {
	if u == nil || !u.IsAbs() {
		return nil, errors.New("internal error: get needs an absolute URL")
	}
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, u.String(), nil)
	if err != nil {
		return nil, scrub.URLError(err)
	}
	return c.send(ctx, req)
}

// decodeJSON decodes resp's body with decode (a generated decoder of
// internal/decode, see decodeInto) and closes it. A body that is not JSON,
// malformed, cut short or of the wrong shape gives an error that says which.
func decodeJSON(resp *http.Response, decode func(body []byte) error) error {
	defer func() { _ = resp.Body.Close() }()
	ct := resp.Header.Get("Content-Type")
	if !isJSON(ct) {
		head := make([]byte, 64)
		n, _ := io.ReadFull(resp.Body, head)
		return fmt.Errorf("%w: expected JSON, got Content-Type %q (body starts %q)",
			ErrInvalidResponse, oneLine(ct, 100), oneLine(string(head[:n]), 60))
	}
	var body []byte
	if b, ok := resp.Body.(*retry.BufferedBody); ok {
		body = b.Bytes() // read by the retry loop already
	} else {
		var err error
		if body, err = io.ReadAll(resp.Body); err != nil {
			return fmt.Errorf("%w: reading body: %w", ErrInvalidResponse, err)
		}
	}
	if err := unmarshalJSON(body, decode); err != nil {
		return fmt.Errorf("%w: %w", ErrInvalidResponse, err)
	}
	return nil
}

// unmarshalJSON decodes body with decode and says in plain words what is
// wrong with a body it cannot decode.
func unmarshalJSON(body []byte, decode func([]byte) error) error {
	err := decode(body)
	var (
		syn *jsonscan.SyntaxError
		typ *jsonscan.TypeError
	)
	switch {
	case err == nil:
		return nil
	case len(body) == 0:
		return errors.New("empty body where JSON was expected")
	case errors.Is(err, jsonscan.ErrTooManyElements):
		return err
	case errors.Is(err, jsonscan.ErrNullRecord):
		return errNullRecord
	case errors.Is(err, io.ErrUnexpectedEOF):
		return fmt.Errorf("JSON ends early after %d bytes (truncated)", len(body))
	case errors.As(err, &syn):
		return fmt.Errorf("malformed JSON at byte %d: %s", syn.Offset, syn.Error())
	case errors.As(err, &typ):
		quiet := *typ // not the value: a server may echo a credential into it
		quiet.Value, quiet.Err = jsonKind(typ.Value), nil
		if errors.Is(typ.Err, strconv.ErrRange) {
			quiet.Err = strconv.ErrRange
		}
		return fmt.Errorf("JSON does not match the expected shape: %s", quiet.Error())
	}
	return fmt.Errorf("malformed JSON: %w", err)
}

// jsonKind is the kind of JSON value a decoder's type error names ("number"
// of "number 12345"), without the value.
func jsonKind(value string) string {
	kind, _, _ := strings.Cut(value, " ")
	return kind
}

// jsonEndsEarly reports whether non-empty b is JSON cut off before its end.
func jsonEndsEarly(b []byte) bool {
	if len(bytes.TrimSpace(b)) == 0 {
		return false
	}
	return errors.Is(jsonscan.Valid(b), io.ErrUnexpectedEOF)
}
