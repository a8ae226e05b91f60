package sclogs

import (
	"bytes"
	"context"
	"encoding/base64"
	"errors"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"net/url"
	"regexp"
	"strings"
	"testing"

	"github.com/sclogs/sclogs/gen"
	"github.com/sclogs/sclogs/internal/decode"
	"github.com/sclogs/sclogs/internal/redact"
)

func TestNewClientDefaults(t *testing.T) {
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
	if c.doer.maxRetries != 4 {
		t.Errorf("max retries = %d, want 4", c.doer.maxRetries)
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
	req, err := gen.NewListIntegrationLogsRequest(e.c.raw.Server, 7, &gen.ListIntegrationLogsParams{Cursor: ptr("c2")})
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

func ptr[T any](v T) *T { return &v }

func TestHeaders(t *testing.T) {
	e := setup(t, WithBasicAuth("pub", "sec"), WithPartnerID("0b5e0c1a-0000-4000-8000-000000000001"), WithUserAgent("mytool/2.0"))
	var got *http.Request
	var body []byte
	e.mux.HandleFunc("GET /integrations/{id}/logs", func(w http.ResponseWriter, r *http.Request) {
		got = r
		body, _ = io.ReadAll(r.Body)
		okJSON(w, r)
	})
	resp, err := e.listLogs(t, t.Context())
	if err != nil {
		t.Fatal(err)
	}
	_ = resp.Body.Close()
	if ua, want := got.Header.Get("User-Agent"), "sclogs/"+Version+" mytool/2.0"; ua != want {
		t.Errorf("User-Agent = %q, want %q", ua, want)
	}
	if p := got.Header.Get("Sendcloud-Partner-Id"); p != "0b5e0c1a-0000-4000-8000-000000000001" {
		t.Errorf("partner id = %q", p)
	}
	if u, p, ok := got.BasicAuth(); !ok || u != "pub" || p != "sec" {
		t.Errorf("basic auth = %q %q %v", u, p, ok)
	}
	// Sendcloud answers 403 to a GET with a body.
	if got.ContentLength != 0 || len(got.TransferEncoding) != 0 || len(body) != 0 {
		t.Errorf("GET went out with a body: length %d, encoding %v, %d bytes", got.ContentLength, got.TransferEncoding, len(body))
	}
}

// A GET with a body never goes out: Sendcloud answers it 403.
func TestDoerRefusesABody(t *testing.T) {
	e := setup(t)
	req, _ := http.NewRequestWithContext(t.Context(), http.MethodGet, e.prefix+"/x", strings.NewReader("{}"))
	if _, err := e.c.doer.Do(req); !errors.Is(err, errGetBody) {
		t.Fatalf("err = %v, want errGetBody", err)
	}
}

func TestCredentialsOnlyToBaseOrigin(t *testing.T) {
	e := setup(t, WithBasicAuth("pub", "sec"), WithPartnerID("p-1"))
	var other *http.Request
	// Same host, another port: another origin.
	otherSrv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		other = r
		okJSON(w, r)
	}))
	defer otherSrv.Close()
	u, _ := url.Parse(otherSrv.URL + basePath + "/integrations/7/logs?cursor=c2")
	resp, err := e.c.get(t.Context(), u)
	if err != nil {
		t.Fatal(err)
	}
	_ = resp.Body.Close()
	if h := other.Header.Get("Authorization"); h != "" {
		t.Errorf("credentials sent to another origin: %q", h)
	}
	if h := other.Header.Get("Sendcloud-Partner-Id"); h != "" {
		t.Errorf("partner id sent to another origin: %q", h)
	}
	if !strings.HasPrefix(other.Header.Get("User-Agent"), "sclogs/") {
		t.Errorf("User-Agent = %q", other.Header.Get("User-Agent"))
	}
}

func TestSameOrigin(t *testing.T) {
	base, _ := url.Parse("https://panel.sendcloud.sc/api/v3")
	tests := map[string]bool{
		"https://panel.sendcloud.sc/api/v3/x":      true,
		"https://PANEL.sendcloud.sc:443/other":     true,
		"http://panel.sendcloud.sc/api/v3/x":       false,
		"https://panel.sendcloud.sc:8443/api/v3/x": false,
		"https://evil.example/api/v3/x":            false,
		"https://panel.sendcloud.sc.evil.example/": false,
	}
	for s, want := range tests {
		u, _ := url.Parse(s)
		if got := sameOrigin(u, base); got != want {
			t.Errorf("sameOrigin(%s) = %v, want %v", s, got, want)
		}
	}
}

func TestRedirects(t *testing.T) {
	var otherHits counter
	otherSrv := httptest.NewServer(otherHits.wrap(func(w http.ResponseWriter, r *http.Request) {
		if r.Header.Get("Authorization") != "" {
			t.Error("credentials followed the redirect")
		}
		okJSON(w, r)
	}))
	defer otherSrv.Close()
	hc := &http.Client{}
	e := setup(t, WithBasicAuth("pub", "sec"), WithHTTPClient(hc))
	var hits, loops counter
	e.mux.HandleFunc("GET /off", hits.wrap(func(w http.ResponseWriter, r *http.Request) {
		http.Redirect(w, r, otherSrv.URL+"/steal?token=t0p", http.StatusFound)
	}))
	e.mux.HandleFunc("GET /same", func(w http.ResponseWriter, r *http.Request) {
		http.Redirect(w, r, basePath+"/ok", http.StatusFound)
	})
	e.mux.HandleFunc("GET /ok", func(w http.ResponseWriter, r *http.Request) {
		if _, _, ok := r.BasicAuth(); !ok {
			t.Error("same-origin redirect lost the credentials")
		}
		okJSON(w, r)
	})
	e.mux.HandleFunc("GET /loop", loops.wrap(func(w http.ResponseWriter, r *http.Request) {
		http.Redirect(w, r, basePath+"/loop", http.StatusFound)
	}))

	_, err := e.c.get(t.Context(), mustURL(t, e.prefix+"/off"))
	if !errors.Is(err, errRedirectOrigin) || strings.Contains(err.Error(), "t0p") {
		t.Errorf("off-origin redirect: err = %v", err)
	}
	if otherHits.get() != 0 || hits.get() != 1 {
		t.Errorf("other origin got %d requests, redirecting handler %d; want 0 and 1 (not retried)", otherHits.get(), hits.get())
	}
	resp, err := e.c.get(t.Context(), mustURL(t, e.prefix+"/same"))
	if err != nil {
		t.Fatalf("same-origin redirect: %v", err)
	}
	_ = resp.Body.Close()
	_, err = e.c.get(t.Context(), mustURL(t, e.prefix+"/loop"))
	if !errors.Is(err, errTooManyRedirects) || loops.get() != 10 {
		t.Errorf("redirect loop: err = %v after %d requests; want 10, not retried", err, loops.get())
	}
	if hc.CheckRedirect != nil {
		t.Error("the caller's http.Client was modified")
	}
}

func mustURL(t *testing.T, s string) *url.URL {
	t.Helper()
	u, err := url.Parse(s)
	if err != nil {
		t.Fatal(err)
	}
	return u
}

func TestLogNeverShowsSecrets(t *testing.T) {
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

func TestRedactURL(t *testing.T) {
	u := mustURL(t, "https://u:pw@h.example/p?cursor=a%2Cb&api_key=k1&signature=s1&page_size=5")
	got := redactURL(u)
	want := "https://h.example/p?cursor=a%2Cb&api_key=[REDACTED]&signature=[REDACTED]&page_size=5"
	if got != want {
		t.Errorf("redactURL = %q, want %q", got, want)
	}
}

// The library reads the module's one list of secret names (the CLI's
// redaction reads it too): every name on it is redacted from a URL in a
// log line or error, and a name that only contains one as letters (monkey,
// author) is not.
func TestRedactURLReadsTheOneList(t *testing.T) {
	t.Parallel()
	for _, name := range redact.SecretNames() {
		forms := []string{name, "x_" + name, strings.ToUpper(name)}
		if name == "code" {
			forms = forms[:1] // secret only as the whole name: carrier_code is not
		}
		for _, form := range forms {
			got := redactURL(mustURL(t, "https://h.example/p?"+url.QueryEscape(form)+"=s3cr3t&page=2"))
			if strings.Contains(got, "s3cr3t") || !strings.Contains(got, "="+redact.Placeholder) || !strings.HasSuffix(got, "&page=2") {
				t.Errorf("%s: %s", form, got)
			}
		}
	}
	for _, name := range []string{"monkey", "keyword", "author", "page", "cursor", "token_type"} {
		if got := redactURL(mustURL(t, "https://h.example/p?"+name+"=v")); !strings.HasSuffix(got, name+"=v") {
			t.Errorf("%s redacted: %s", name, got)
		}
	}
}

func TestDecodeJSON(t *testing.T) {
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
	e := setup(t)
	if _, err := e.c.get(context.Background(), &url.URL{Path: "/integrations/1/logs"}); err == nil {
		t.Error("get with a relative URL: no error")
	}
}

func TestRedactURLKeepsPlainQuery(t *testing.T) {
	const s = "https://h.example/p?page_size=5&cursor=2023-03-01T02%3A02%3A00%2B01%3A00"
	if got := redactURL(mustURL(t, s)); got != s {
		t.Errorf("redactURL = %q, want %q", got, s)
	}
}

// Without WithUserAgent the User-Agent is exactly "sclogs/<Version>", and
// Version is a real version number.
func TestDefaultUserAgent(t *testing.T) {
	if !regexp.MustCompile(`^v?\d+\.\d+\.\d+(-[0-9A-Za-z.-]+)?$`).MatchString(Version) {
		t.Errorf("Version = %q, want a semantic version", Version)
	}
	e := setup(t)
	var ua string
	e.mux.HandleFunc("GET /integrations/{id}/logs", func(w http.ResponseWriter, r *http.Request) {
		ua = r.Header.Get("User-Agent")
		okJSON(w, r)
	})
	resp, err := e.listLogs(t, t.Context())
	if err != nil {
		t.Fatal(err)
	}
	_ = resp.Body.Close()
	if want := "sclogs/" + Version; ua != want {
		t.Errorf("User-Agent = %q, want %q", ua, want)
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
