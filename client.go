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
	"github.com/sclogs/sclogs/internal/redact"
)

// Client calls the Sendcloud integration logs API. It is safe for concurrent
// use. Create one with [NewClient].
type Client struct {
	base   *url.URL // no trailing slash
	server string   // base with the trailing slash gen's request builders need
	edit   gen.RequestEditorFn
	raw    *gen.Client // the generated client, over doer and edit
	doer   *retryDoer
	// ids scrubs what the doer scrubs and the public key or client id too
	// (ScrubCredentials).
	ids *scrubber
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
	clk := realClock()
	backoff := [2]time.Duration{backoffBase, backoffCap}
	if cfg.backoff != nil {
		backoff = *cfg.backoff
	}
	newDoer := func(origin *url.URL, auth authorizer, maxBody int64, secrets ...string) *retryDoer {
		return &retryDoer{
			hc: withRedirectPolicy(cfg.hc, origin), maxRetries: cfg.maxRetries, timeout: timeout,
			maxWait: DefaultMaxWait, maxBody: maxBody, log: cfg.logger,
			auth: auth, authOrigin: origin, scrub: newScrubber(secrets...), clock: clk,
			baseDelay: backoff[0], maxDelay: backoff[1],
		}
	}
	var doer *retryDoer
	var id string // the public half of the credentials, for ScrubCredentials
	switch {
	case cfg.basic != nil:
		pub, sec := cfg.basic[0], cfg.basic[1]
		id = pub
		doer = newDoer(cfg.baseURL, newBasicAuth(pub, sec), DefaultMaxBody, credentialForms(string(newBasicAuth(pub, sec)))...)
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
		clientAuth := newBasicAuth(url.QueryEscape(oid), url.QueryEscape(sec))
		secrets := append(credentialForms(string(clientAuth)), sec)
		tokenDoer := newDoer(tokenURL, clientAuth, maxTokenBody, secrets...)
		tokenDoer.repeatable = true
		tokens := newTokenSource(tokenDoer, tokenURL, oid, sec, ua)
		doer = newDoer(cfg.baseURL, tokens, DefaultMaxBody, secrets...)
	default:
		doer = newDoer(cfg.baseURL, nil, DefaultMaxBody)
	}
	doer.limit = newClientBudget(cfg.rateLimit) // the API's doer only: token requests are not budgeted
	// gen resolves operation paths against the server URL: it must end in "/"
	// or the last path segment ("v3") is dropped.
	c := &Client{base: cfg.baseURL, server: cfg.baseURL.String() + "/", doer: doer,
		edit: headerEditor(cfg.baseURL, ua, cfg.partnerID), ids: doer.scrub.with(id)}
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
		return nil, redactError(err)
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
	if b, ok := resp.Body.(*bufferedBody); ok {
		body = b.all // read by the retry loop already
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

// redactURL returns u without userinfo and with the values of secret query
// parameters (the module's one list: redact.SecretName) replaced by
// redact.Placeholder, the rest of the query as it was, for logs and errors.
func redactURL(u *url.URL) string {
	if u == nil {
		return ""
	}
	r := *u
	r.User = nil
	if r.RawQuery != "" {
		pairs := strings.Split(r.RawQuery, "&")
		for i, p := range pairs {
			k, _, _ := strings.Cut(p, "=")
			if name, err := url.QueryUnescape(k); err == nil && redact.SecretName(name) || err != nil && redact.SecretName(k) {
				pairs[i] = k + "=" + redact.Placeholder
			}
		}
		r.RawQuery = strings.Join(pairs, "&")
	}
	return r.String()
}

// redactError redacts the URL of a *url.Error, as http.Client.Do returns
// them; other errors are returned as they are.
func redactError(err error) error {
	ue, ok := err.(*url.Error)
	if !ok {
		return err
	}
	u, perr := url.Parse(ue.URL)
	if perr != nil {
		return &url.Error{Op: ue.Op, URL: "(URL not shown)", Err: ue.Err}
	}
	return &url.Error{Op: ue.Op, URL: redactURL(u), Err: ue.Err}
}
