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
	"regexp"
	"strings"

	// The v1-compatible API of the Go team's JSON v2 experiment (what
	// encoding/json becomes under GOEXPERIMENT=jsonv2): the same semantics as
	// encoding/json, about twice as fast on log pages. See the README's
	// Performance section.
	json "github.com/go-json-experiment/json/v1"

	"github.com/sclogs/sclogs/gen"
	"github.com/sclogs/sclogs/internal/jsonscan"
)

// Log is one integration exception log record.
type Log = gen.IntegrationLog

// Client calls the Sendcloud integration logs API. It is safe for concurrent
// use. Create one with [NewClient].
type Client struct {
	base *url.URL    // no trailing slash
	raw  *gen.Client // the generated client, over doer and the header editor
	doer *retryDoer
}

// NewClient returns a client configured by opts, or an error for an invalid
// option. Without auth options requests go out unauthenticated, which suits
// test doubles.
func NewClient(opts ...Option) (*Client, error) {
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
	if cfg.hc == nil {
		cfg.hc = &http.Client{}
	}
	if cfg.logger == nil {
		cfg.logger = slog.New(slog.DiscardHandler)
	}
	var auth authFunc
	switch {
	case cfg.basic != nil:
		auth = basicAuth(cfg.basic[0], cfg.basic[1])
	case cfg.oauth != nil:
		tokenURL := DefaultTokenURL
		if cfg.tokenURL != nil {
			tokenURL = cfg.tokenURL.String()
		}
		if auth, err = oauth2Auth(cfg.oauth[0], cfg.oauth[1], tokenURL, cfg.hc); err != nil {
			return nil, fmt.Errorf("sclogs: WithTokenURL: %w", err)
		}
	}
	ua := "sclogs/" + Version
	if cfg.userAgent != "" {
		ua += " " + cfg.userAgent
	}
	doer := newRetryDoer(withRedirectPolicy(cfg.hc, cfg.baseURL), cfg.maxRetries, cfg.logger)
	// gen resolves operation paths against the server URL: it must end in "/"
	// or the last path segment ("v3") is dropped.
	raw, err := gen.NewClient(cfg.baseURL.String()+"/",
		gen.WithHTTPClient(doer),
		gen.WithRequestEditorFn(headerEditor(cfg.baseURL, ua, cfg.partnerID, auth)))
	if err != nil {
		return nil, fmt.Errorf("sclogs: %w", err)
	}
	return &Client{base: cfg.baseURL, raw: raw, doer: doer}, nil
}

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
		return nil, errors.New("sclogs: internal error: get needs an absolute URL")
	}
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, u.String(), nil)
	if err != nil {
		return nil, fmt.Errorf("sclogs: %w", redactError(err))
	}
	for _, edit := range c.raw.RequestEditors {
		if err := edit(ctx, req); err != nil {
			return nil, err
		}
	}
	return c.raw.Client.Do(req)
}

// decodeJSON decodes resp's body into v and closes it. A body that is not
// JSON, malformed, or cut short gives an error that says which.
func decodeJSON(resp *http.Response, v any) error {
	defer func() { _ = resp.Body.Close() }()
	ct := resp.Header.Get("Content-Type")
	if !isJSON(ct) {
		head := make([]byte, 64)
		n, _ := io.ReadFull(resp.Body, head)
		return fmt.Errorf("sclogs: %w: expected JSON, got Content-Type %q (body starts %q)",
			errBadResponse, ct, oneLine(string(head[:n]), 60))
	}
	var body []byte
	if b, ok := resp.Body.(*bufferedBody); ok {
		body = b.all // read by the retry loop already
	} else {
		var err error
		if body, err = io.ReadAll(resp.Body); err != nil {
			return fmt.Errorf("sclogs: %w: reading body: %w", errBadResponse, err)
		}
	}
	err := unmarshalJSON(body, v)
	if _, copied := v.(generatedDecoder); copied {
		putPageBuffer(body) // v keeps nothing of body
	}
	if err != nil {
		return fmt.Errorf("sclogs: %w: %w", errBadResponse, err)
	}
	return nil
}

var errBadResponse = errors.New("invalid response")

func unmarshalJSON(body []byte, v any) error {
	err := decode(body, v)
	var (
		syn     *json.SyntaxError
		typ     *json.UnmarshalTypeError
		scanSyn *jsonscan.SyntaxError
		scanTyp *jsonscan.TypeError
	)
	switch {
	case err == nil:
		return nil
	case len(body) == 0:
		return errors.New("empty body where JSON was expected")
	case endsEarly(err):
		return fmt.Errorf("JSON ends early after %d bytes (truncated)", len(body))
	case errors.As(err, &syn):
		return fmt.Errorf("malformed JSON at byte %d: %s", syn.Offset, syn.Error())
	case errors.As(err, &typ):
		return fmt.Errorf("JSON does not match the expected shape: %s", typ.Error())
	case errors.As(err, &scanSyn):
		return fmt.Errorf("malformed JSON at byte %d: %s", scanSyn.Offset, scanSyn.Error())
	case errors.As(err, &scanTyp):
		return fmt.Errorf("JSON does not match the expected shape: %s", scanTyp.Error())
	}
	return fmt.Errorf("malformed JSON: %w", err)
}

// jsonEndsEarly reports whether non-empty b is JSON cut off before its end.
func jsonEndsEarly(b []byte) bool {
	if len(bytes.TrimSpace(b)) == 0 {
		return false
	}
	return endsEarly(json.Unmarshal(b, &struct{}{}))
}

// endsEarly reports whether a json.Unmarshal error means the input stopped
// before the value was complete.
func endsEarly(err error) bool {
	var syn *json.SyntaxError
	return errors.Is(err, io.ErrUnexpectedEOF) ||
		errors.As(err, &syn) && strings.Contains(syn.Error(), "unexpected end of JSON input")
}

// secretParam matches query parameter names whose values must not be logged.
var secretParam = regexp.MustCompile(`(?i)token|secret|passw|key|sig|auth|credential|session`)

// redactURL returns u without userinfo and with secret-looking query values
// replaced, for logs and errors.
func redactURL(u *url.URL) string {
	if u == nil {
		return ""
	}
	r := *u
	r.User = nil
	q, changed := r.Query(), false
	for k := range q {
		if secretParam.MatchString(k) {
			q[k], changed = []string{"REDACTED"}, true
		}
	}
	if changed {
		r.RawQuery = q.Encode()
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
