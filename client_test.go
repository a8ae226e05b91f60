package sclogs

import (
	"bytes"
	"context"
	"encoding/base64"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"net"
	"net/http"
	"net/http/httptest"
	"net/url"
	"runtime"
	"strings"
	"testing"
	"time"

	"github.com/sclogs/sclogs/gen"
	"github.com/sclogs/sclogs/internal/decode"
	"github.com/sclogs/sclogs/internal/retry"
)

func TestNewClientDefaults(t *testing.T) {
	t.Parallel()
	c, err := NewClient()
	if err != nil {
		t.Fatal(err)
	}
	if got := c.baseURL().String(); got != DefaultBaseURL {
		t.Errorf("base URL = %q, want %q", got, DefaultBaseURL)
	}
	if c.raw.Server != DefaultBaseURL+"/" {
		t.Errorf("gen server = %q, want a trailing slash", c.raw.Server)
	}
	if c.doer.MaxRetries != 4 {
		t.Errorf("max retries = %d, want 4", c.doer.MaxRetries)
	}
	c, err = NewClient(WithBaseURL("http://127.0.0.1:9/api/v3/"))
	if err != nil {
		t.Fatal(err)
	}
	if got := c.baseURL().String(); got != "http://127.0.0.1:9/api/v3" {
		t.Errorf("base URL = %q, want the trailing slash trimmed", got)
	}
}

func TestNewClientInvalidOptions(t *testing.T) {
	t.Parallel()
	tests := map[string][]Option{
		"relative base URL":      {WithBaseURL("panel.sendcloud.sc/api/v3")},
		"ftp base URL":           {WithBaseURL("ftp://example.com/api")},
		"base URL without host":  {WithBaseURL("https:///api/v3")},
		"base URL with userinfo": {WithBaseURL("https://u:hunter2@example.com/api")},
		"base URL with query":    {WithBaseURL("https://example.com/api?x=1")},
		"unparsable base URL":    {WithBaseURL("https://exa mple.com/%zz")},
		"bad token URL":          {WithOAuth2ClientCredentials("id", "s"), WithTokenURL("/oauth2/token")},
		"two auth methods":       {WithBasicAuth("pub", "sec"), WithOAuth2ClientCredentials("id", "s")},
		"basic auth twice":       {WithBasicAuth("pub", "sec"), WithBasicAuth("pub2", "sec2")},
		"empty public key":       {WithBasicAuth("", "sec")},
		"empty secret key":       {WithBasicAuth("pub", "")},
		"empty client secret":    {WithOAuth2ClientCredentials("id", "")},
		"negative retries":       {WithMaxRetries(-1)},
		"nil http client":        {WithHTTPClient(nil)},
		"partner id newline":     {WithPartnerID("abc\r\nX-Evil: 1")},
		"user agent newline":     {WithUserAgent("tool\n")},
	}
	for name, opts := range tests {
		t.Run(name, func(t *testing.T) {
			c, err := NewClient(opts...)
			if err == nil || c != nil {
				t.Fatalf("NewClient = %v, %v; want an error", c, err)
			}
			for _, secret := range []string{"hunter2", "sec2"} {
				if strings.Contains(err.Error(), secret) {
					t.Errorf("error %q shows a secret", err)
				}
			}
		})
	}
}

func TestRequestsStayUnderBasePath(t *testing.T) {
	t.Parallel()
	e := setup(t)
	var paths []string
	e.mux.HandleFunc("GET /integrations/{id}/logs", func(w http.ResponseWriter, r *http.Request) {
		paths = append(paths, r.URL.String())
		okJSON(w, r)
	})
	resp, err := e.listLogs(t, t.Context())
	if err != nil {
		t.Fatal(err)
	}
	var page gen.IntegrationLogPage
	if err := decodeJSON(resp, decodeInto(&page, decode.IntegrationLogPage)); err != nil {
		t.Fatal(err)
	}
	if page.Data == nil || len(*page.Data) != 1 {
		t.Fatalf("page = %+v", page)
	}
	// The next-page path: gen builds the URL, get fetches it.
	req, err := gen.NewListIntegrationLogsRequest(e.c.raw.Server, 7, &gen.ListIntegrationLogsParams{Cursor: new("c2")})
	if err != nil {
		t.Fatal(err)
	}
	resp, err = e.c.get(t.Context(), req.URL)
	if err != nil {
		t.Fatal(err)
	}
	_ = resp.Body.Close()
	want := []string{"/integrations/7/logs", "/integrations/7/logs?cursor=c2"}
	if strings.Join(paths, " ") != strings.Join(want, " ") {
		t.Errorf("paths = %q, want %q", paths, want)
	}
}

// A GET with a body never goes out: Sendcloud answers it 403.
func TestDoerRefusesABody(t *testing.T) {
	t.Parallel()
	e := setup(t)
	req, _ := http.NewRequestWithContext(t.Context(), http.MethodGet, e.prefix+"/x", strings.NewReader("{}"))
	if _, err := e.c.doer.Do(req); !errors.Is(err, retry.ErrGetBody) {
		t.Fatalf("err = %v, want retry.ErrGetBody", err)
	}
}

func TestLogNeverShowsSecrets(t *testing.T) {
	t.Parallel()
	var buf bytes.Buffer
	logger := slog.New(slog.NewTextHandler(&buf, &slog.HandlerOptions{Level: slog.LevelDebug}))
	e := setup(t, WithBasicAuth("pub-key-1", "s3cr3t-key"), WithLogger(logger))
	var n counter
	e.mux.HandleFunc("GET /page", n.wrap(func(w http.ResponseWriter, r *http.Request) {
		if n.get() == 1 {
			w.Header().Set("Retry-After", "2")
			http.Error(w, "busy; your key is s3cr3t-key", http.StatusServiceUnavailable)
			return
		}
		okJSON(w, r)
	}))
	u := mustURL(t, e.prefix+"/page?cursor=c1&access_token=tok-s3cr3t")
	u.User = url.UserPassword("someone", "pw-s3cr3t")
	resp, err := e.c.get(t.Context(), u)
	if err != nil {
		t.Fatal(err)
	}
	_ = resp.Body.Close()
	out := buf.String()
	basic := base64.StdEncoding.EncodeToString([]byte("pub-key-1:s3cr3t-key"))
	for _, secret := range []string{"s3cr3t", basic, "Basic", "Authorization"} {
		if strings.Contains(out, secret) {
			t.Errorf("log shows %q:\n%s", secret, out)
		}
	}
	for _, want := range []string{"method=GET", "attempt=1", "status=503", "delay=2s", "attempt=2", "status=200", "cursor=c1"} {
		if !strings.Contains(out, want) {
			t.Errorf("log lacks %q:\n%s", want, out)
		}
	}
}

func TestDecodeJSON(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name, ct, body, want string
	}{
		{"html", "text/html; charset=utf-8", "<!doctype html><title>Login</title>", `got Content-Type "text/html; charset=utf-8"`},
		{"no content type", "", `{"data":[]}`, `got Content-Type ""`},
		{"truncated", "application/json", `{"data":[{"id":1,`, "JSON ends early"},
		{"malformed", "application/json", `{"data":[}`, "malformed JSON at byte"},
		{"trailing garbage", "application/json", `{"data":[]} x`, "malformed JSON"},
		{"wrong shape", "application/json", `{"data":{"id":1}}`, "does not match the expected shape"},
		{"empty", "application/json", ``, "empty body"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			resp := &http.Response{StatusCode: 200, Header: http.Header{}, Body: io.NopCloser(strings.NewReader(tt.body))}
			if tt.ct != "" {
				resp.Header.Set("Content-Type", tt.ct)
			}
			var page gen.IntegrationLogPage
			err := decodeJSON(resp, decodeInto(&page, decode.IntegrationLogPage))
			if err == nil || !strings.Contains(err.Error(), tt.want) || !errors.Is(err, ErrInvalidResponse) {
				t.Errorf("err = %v, want it to say %q", err, tt.want)
			}
		})
	}
	resp := &http.Response{StatusCode: 200, Header: http.Header{"Content-Type": {"application/vnd.api+json"}},
		Body: io.NopCloser(strings.NewReader(`{"data":[{"id":5,"base_url":"x"}]}`))}
	var page gen.IntegrationLogPage
	if err := decodeJSON(resp, decodeInto(&page, decode.IntegrationLogPage)); err != nil || len(*page.Data) != 1 || *(*page.Data)[0].ID != 5 {
		t.Errorf("decode = %v, %+v", err, page)
	}
}

func TestGetNeedsAbsoluteURL(t *testing.T) {
	t.Parallel()
	e := setup(t)
	if _, err := e.c.get(context.Background(), &url.URL{Path: "/integrations/1/logs"}); err == nil {
		t.Error("get with a relative URL: no error")
	}
}

// TestWithBaseURLEmptyKeepsDefault: WithBaseURL(os.Getenv(...)) with the
// variable unset keeps the default, or the base URL set before it; blank is
// not empty.
func TestWithBaseURLEmptyKeepsDefault(t *testing.T) {
	t.Parallel()
	c, err := NewClient(WithBaseURL(""))
	if err != nil {
		t.Fatalf("WithBaseURL(\"\"): %v", err)
	}
	if got := c.baseURL().String(); got != DefaultBaseURL {
		t.Errorf("base URL = %q, want the default %q", got, DefaultBaseURL)
	}
	c, err = NewClient(WithBaseURL("https://example.com/api/v3"), WithBaseURL(""))
	if err != nil {
		t.Fatal(err)
	}
	if got := c.baseURL().String(); got != "https://example.com/api/v3" {
		t.Errorf("base URL = %q, want the one set before the empty one", got)
	}
	if _, err := NewClient(WithBaseURL(" ")); err == nil {
		t.Error(`WithBaseURL(" ") was accepted`)
	}
}

func TestNewClient(t *testing.T) {
	t.Parallel()
	bad := map[string][]Option{}
	for _, c := range []string{"\r", "\n", "\x00", "\x7f", "\x1b", "\u0085", "\t"} {
		bad["partner"+c] = []Option{WithPartnerID("ab" + c + "cd")}
		bad["ua"+c] = []Option{WithUserAgent("ab" + c + "cd")}
		bad["pub"+c] = []Option{WithBasicAuth("ab"+c+"cd", "secret")}
		bad["sec"+c] = []Option{WithBasicAuth("abcd", "se"+c+"cret")}
		bad["oid"+c] = []Option{WithOAuth2ClientCredentials("ab"+c+"cd", "secret")}
		bad["osec"+c] = []Option{WithOAuth2ClientCredentials("abcd", "se"+c+"cret")}
	}
	bad["colon"] = []Option{WithBasicAuth("ab:cd", "secret")}
	for _, u := range []string{"http://example.com/api/v3", "http://localhost.evil.com/api", "http://127.0.0.1.nip.io/api",
		"http://0x7f.1/api", "http://2130706433/api", "http://127.1/api", "http://127.0.0.1@evil.com/api", "http://[::ffff:8.8.8.8]/api",
		"http://localhost:80@evil.com/", "http://evil.com#@127.0.0.1/", "http://evil.com\\@127.0.0.1/", "http://017700000001/",
		"HTTP://example.com/", "http://%6c%6fcalhost/"} {
		bad["base "+u] = []Option{WithBaseURL(u)}
		bad["token "+u] = []Option{WithOAuth2ClientCredentials("id", "secret"), WithTokenURL(u)}
	}
	for name, opts := range bad {
		c, err := NewClient(opts...)
		if err == nil {
			t.Errorf("%q: accepted", name)
			_ = c
			continue
		}
		onePrefix(t, name, err)
	}
	good := [][]Option{
		{WithBaseURL("http://127.0.0.1:8080/api/v3")},
		{WithBaseURL("http://localhost:8080/api/v3")},
		{WithBaseURL("http://[::1]:8080/api/v3")},
		{WithBaseURL("http://127.5.6.7/api/v3")},
		{WithBaseURL("http://example.com/api/v3"), WithInsecureHTTP()},
		{WithBasicAuth("pub", "a:b")},
	}
	for i, opts := range good {
		if _, err := NewClient(opts...); err != nil {
			t.Errorf("good %d: %v", i, err)
		}
	}
	// secrets typed into a URL must not appear in the error
	for _, u := range []string{"http://user:hunter2@example.com/api", "https://example.com/api?token=hunter2", "ftp://u:hunter2@x/", "http://example.com/api?sig=hunter2", "::hunter2", "http://[hunter2/"} {
		_, err := NewClient(WithBaseURL(u))
		if err == nil || strings.Contains(err.Error(), "hunter2") {
			t.Errorf("%q: %v", u, err)
		}
		onePrefix(t, u, err)
	}
	// other option errors also carry the prefix once
	for name, o := range map[string]Option{
		"backoff":   WithRetryBackoff(0, 0),
		"backoff2":  WithRetryBackoff(2, 1),
		"timeout":   WithTimeout(-1),
		"retries":   WithMaxRetries(-1),
		"http nil":  WithHTTPClient(nil),
		"two auths": nil,
	} {
		opts := []Option{o}
		if name == "two auths" {
			opts = []Option{WithBasicAuth("a", "b"), WithOAuth2ClientCredentials("c", "d")}
		}
		_, err := NewClient(opts...)
		onePrefix(t, name, err)
	}
}

// Header values with control characters, and a ':' in the Basic public key,
// are errors from NewClient rather than failures of every request.
func TestNewClientRejectsControlCharacters(t *testing.T) {
	t.Parallel()
	for _, c := range []string{"\r", "\n", "\x00", "\x7f", "\x1b", "\t", "\u0085"} {
		for name, opt := range map[string]Option{
			"partner id": WithPartnerID("id" + c + "x"),
			"user agent": WithUserAgent("ua" + c + "x"),
			"public key": WithBasicAuth("pub"+c, "sec"),
			"secret key": WithBasicAuth("pub", "sec"+c+"x"),
		} {
			if _, err := NewClient(opt); err == nil || !strings.Contains(err.Error(), "control character") {
				t.Errorf("%s with %q: err = %v", name, c, err)
			}
		}
	}
	if _, err := NewClient(WithBasicAuth("pub:lic", "sec")); err == nil || !strings.Contains(err.Error(), "':'") {
		t.Errorf("':' in the public key: err = %v", err)
	}
	if _, err := NewClient(WithBasicAuth("pub", "se:c")); err != nil {
		t.Errorf("':' in the secret key is allowed by RFC 7617: %v", err)
	}
}

// An http:// base or token URL to a host that is not loopback is an error
// unless WithInsecureHTTP says so.
func TestCleartextOnlyToLoopback(t *testing.T) {
	t.Parallel()
	for _, u := range []string{"http://127.0.0.1:8080/api/v3", "http://localhost/api/v3", "http://[::1]:9/api/v3", "http://127.9.9.9", "https://example.com/api/v3"} {
		if _, err := NewClient(WithBaseURL(u)); err != nil {
			t.Errorf("%s: %v", u, err)
		}
		if _, err := NewClient(WithOAuth2ClientCredentials("id", "s"), WithTokenURL(u)); err != nil {
			t.Errorf("token URL %s: %v", u, err)
		}
	}
	for _, u := range []string{"http://example.com/api/v3", "http://10.0.0.1/api/v3", "http://localhost.example.com", "HTTP://panel.sendcloud.sc/api/v3"} {
		_, err := NewClient(WithBaseURL(u))
		if err == nil || !strings.Contains(err.Error(), "WithInsecureHTTP") {
			t.Errorf("%s: err = %v, want a cleartext refusal", u, err)
		}
		_, err = NewClient(WithOAuth2ClientCredentials("id", "s"), WithTokenURL(u))
		if err == nil || !strings.Contains(err.Error(), "WithTokenURL") {
			t.Errorf("token URL %s: err = %v, want a cleartext refusal", u, err)
		}
		if _, err := NewClient(WithBaseURL(u), WithInsecureHTTP()); err != nil {
			t.Errorf("%s with WithInsecureHTTP: %v", u, err)
		}
	}
}

// Without WithHTTPClient each attempt has DefaultTimeout; WithTimeout sets
// it (0: none); a caller's http.Client with its own Timeout keeps it alone.
func TestDefaultTimeout(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name string
		opts []Option
		want time.Duration
	}{
		{"default", nil, DefaultTimeout},
		{"WithTimeout", []Option{WithTimeout(time.Second)}, time.Second},
		{"WithTimeout(0)", []Option{WithTimeout(0)}, 0},
		{"client without Timeout", []Option{WithHTTPClient(&http.Client{})}, DefaultTimeout},
		{"client with Timeout", []Option{WithHTTPClient(&http.Client{Timeout: time.Minute})}, 0},
		{"both", []Option{WithHTTPClient(&http.Client{Timeout: time.Minute}), WithTimeout(time.Second)}, time.Second},
	}
	for _, tt := range tests {
		c, err := NewClient(tt.opts...)
		if err != nil {
			t.Fatalf("%s: %v", tt.name, err)
		}
		if c.doer.Timeout != tt.want {
			t.Errorf("%s: per-attempt timeout %v, want %v", tt.name, c.doer.Timeout, tt.want)
		}
	}
	if _, err := NewClient(WithTimeout(-time.Second)); err == nil {
		t.Error("negative timeout accepted")
	}
	if DefaultTimeout != 60*time.Second {
		t.Errorf("DefaultTimeout = %v, want the documented 60s", DefaultTimeout)
	}
}

// A server that sends megabytes of response headers costs the default
// client a bounded amount (net/http's default allows 10 MiB per response).
func TestHugeResponseHeaders(t *testing.T) {
	base := rawServer(t, func(c net.Conn, req *http.Request) {
		fmt.Fprintf(c, "HTTP/1.1 200 OK\r\nContent-Type: application/json\r\n")
		line := "X-Pad: " + strings.Repeat("a", 8000) + "\r\n"
		for range 1100 { // 8.8 MB
			if _, err := c.Write([]byte(line)); err != nil {
				return
			}
		}
		fmt.Fprintf(c, "Content-Length: 11\r\n\r\n{\"data\":[]}")
	})
	c := rawClient(t, base)
	var before, after runtime.MemStats
	runtime.GC()
	runtime.ReadMemStats(&before)
	_, err := c.ListLogs(context.Background(), 7, nil)
	runtime.ReadMemStats(&after)
	t.Logf("%v; alloc %d KiB", err, (after.TotalAlloc-before.TotalAlloc)>>10)
	onePrefix(t, "headers", err)
	if d := after.TotalAlloc - before.TotalAlloc; d > 12<<20 { // 32 MiB with net/http's default limit
		t.Errorf("allocated %d KiB for one response's headers", d>>10)
	}
}

func TestBodies(t *testing.T) {
	t.Parallel()
	deep := strings.Repeat("[", 100000)
	deepObj := strings.Repeat(`{"a":`, 100000)
	bodies := map[string]string{
		"deep array":         deep,
		"deep in data":       `{"data":[{"id":1,"base_url":"x","request":{"payload":` + deep + `}}]}`,
		"deep obj in data":   `{"data":[{"id":1,"base_url":"x","additional_data":` + deepObj + `}]}`,
		"deep top":           `{"data":` + deep,
		"data object":        `{"data":{"id":1}}`,
		"data string":        `{"data":"x"}`,
		"data number":        `{"data":5}`,
		"null record":        `{"data":[null]}`,
		"null record 2":      `{"data":[{"id":1,"base_url":"x"},null]}`,
		"record string":      `{"data":["x"]}`,
		"id string":          `{"data":[{"id":"1","base_url":"x"}]}`,
		"id huge":            `{"data":[{"id":1e400,"base_url":"x"}]}`,
		"id huge int":        `{"data":[{"id":123456789012345678901234567890,"base_url":"x"}]}`,
		"nul":                "{\"data\":[{\"id\":1,\"base_url\":\"a\x00b\"}]}",
		"invalid utf8":       "{\"data\":[{\"id\":1,\"base_url\":\"a\xff\xfeb\"}]}",
		"dup keys":           `{"data":[{"id":1,"id":2,"base_url":"x"}],"data":[]}`,
		"empty":              ``,
		"null":               `null`,
		"trailing":           `{"data":[]} x`,
		"two values":         `{"data":[]}{"data":[]}`,
		"truncated":          `{"data":[{"id":1`,
		"wrong types":        `{"data":[{"id":1,"base_url":5,"created_at":true,"request":7}]}`,
		"request string num": `{"data":[{"id":1,"base_url":"x","request":{"headers":5,"payload":[1]}}]}`,
	}
	for name, body := range bodies {
		t.Run(name, func(t *testing.T) {
			srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
				w.Header().Set("Content-Type", "application/json")
				if r.Method == http.MethodDelete || r.Method == http.MethodPatch {
					w.WriteHeader(http.StatusOK)
				}
				_, _ = w.Write([]byte(body))
			}))
			defer srv.Close()
			c := auditClient(t, srv)
			for m, err := range allMethods(context.Background(), c) {
				if err == nil {
					continue
				}
				t.Logf("%s: %.200s", m, err)
				if strings.Count(err.Error(), "sclogs:") != 1 || !strings.HasPrefix(err.Error(), "sclogs: ") {
					t.Errorf("%s: prefix: %q", m, err)
				}
				if !errors.Is(err, ErrInvalidResponse) {
					t.Errorf("%s: not ErrInvalidResponse: %v", m, err)
				}
			}
		})
	}
}
